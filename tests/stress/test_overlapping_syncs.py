"""Many overlapping syncs of different versions of one feed: the held version never goes down.

The probe (issue 15): a slow sync of version 2 overlapping a fast sync of version 3 rolled the
office back to version 2. Here 32 processes (in waves of 8, each wave let go at the same instant
through a file lock) sync one feed from folders holding versions 1 to 8 in random order: half
with ``sync_feed`` alone (only the version check inside the write transaction protects them),
half through the session (``run_feeds``, with the per-feed lock). A trigger logs every change of
the held version; none may go down, and the data must always match the version it claims.
"""

from __future__ import annotations

import fcntl
import json
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.directory import Directory
from index.paths import app_paths
from index.regions import RegionMaster
from sync.apply import add_feed, feed_digest, get_feed
from sync.minisign import SecretKey
from sync.publish import publish
from tests.stress.faults import Victim
from tests.synth import generate

pytestmark = pytest.mark.stress

VERSIONS = 8
WAVES = 4
PER_WAVE = 8


def _publish_versions(tmp: Path, key: SecretKey) -> list[Path]:
    """Folders ``v1`` … ``v8``: the feed as it stood after each publish (snapshot and delta)."""
    live = tmp / "live"
    regions = RegionMaster.load()
    base = list(generate(60, seed=7))
    folders = []
    for version in range(1, VERSIONS + 1):
        records = [dict(r) for r in base[: 60 - version]]  # one leaves per version: tombstones
        for rec in records[: version * 3]:
            rec["name"] = f"{rec['name']}（v{version}）"
        source = tmp / f"v{version}.ndjson"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        publish(
            [source],
            key,
            live,
            regions=regions,
            feed_id="jp-national",
            confirm_phone_changes=True,
            now=datetime.now(UTC),
        )
        folders.append(shutil.copytree(live, tmp / f"v{version}"))
    return folders


def test_overlapping_syncs_never_lower_the_held_version(tmp_path: Path) -> None:
    key = SecretKey.generate()
    folders = _publish_versions(tmp_path, key)
    data = tmp_path / "data"
    with Directory.open(app_paths(data), seed=False) as directory:
        add_feed(directory.db, "national", str(folders[0]), key.public_key.to_file_text())
        directory.db.execute("CREATE TABLE version_log (old INTEGER, new INTEGER)")
        directory.db.execute(
            "CREATE TRIGGER log_version AFTER UPDATE OF version ON feed "
            "BEGIN INSERT INTO version_log VALUES (old.version, new.version); END"
        )
    rng = random.Random(15)
    outcomes: list[str] = []
    for wave in range(WAVES):
        gate = tmp_path / f"gate-{wave}"
        gate.touch()
        with gate.open("rb") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # every child blocks here until all are ready
            children = []
            for n in range(PER_WAVE):
                folder = rng.choice(folders)
                mode = "direct" if n % 2 else "session"
                children.append(Victim.start("syncver", str(data), str(folder), mode, str(gate)))
            for child in children:
                child.wait_ready()
            fcntl.flock(held, fcntl.LOCK_UN)  # go: eight syncs at once
        for child in children:
            child.finish()
            outcomes.extend(
                line for line in child.lines if line.split()[0] in ("synced", "busy", "refused")
            )

    assert len(outcomes) == WAVES * PER_WAVE >= 30
    with Directory.open(app_paths(data), seed=False, check=False) as directory:
        log = directory.db.execute("SELECT old, new FROM version_log ORDER BY rowid").fetchall()
        row = get_feed(directory.db, "national")
        assert directory.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert feed_digest(directory.db, "national") == row.content_digest
    assert log, "no sync applied anything"
    assert all(new >= old for old, new in log), log  # never down
    synced = [int(line.split()[1]) for line in outcomes if line.startswith("synced")]
    assert row.version == max(synced)
    refused = [line for line in outcomes if line.startswith("refused")]
    # Only replays (an older version than held) may be refused; nothing else went wrong.
    assert all(line.split()[1] == "ReplayedManifestError" for line in refused), refused
