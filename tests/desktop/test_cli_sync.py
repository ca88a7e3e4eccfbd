"""The stable sync command lines, as outside checks call them: publish → feeds add → sync → search."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.records import service


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=REPO, timeout=180
    )


def tsunagi(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run("-m", "desktop.cli", "--data-dir", str(data), *args)


def admin(*args: str) -> subprocess.CompletedProcess[str]:
    return run("-c", "import sys; from sync.admin import main; sys.exit(main())", *args)


def test_publish_add_sync_search_and_refusals(tmp_path: Path) -> None:
    key = tmp_path / "feed.key"
    assert admin("keygen", "--out", str(key)).returncode == 0
    assert (key.stat().st_mode & 0o777) == 0o600
    records = [
        service("つなぎ市こころの電話", phones=["0120-111-222"], worries=["kokoro", "shinitai"]),
        service("つなぎ市くらし相談", phones=["0120-333-444"], worries=["seikatsu"]),
    ]
    source = tmp_path / "in.ndjson"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    feed = tmp_path / "feed"
    published = admin(
        "publish", str(source), "--key", str(key), "--out", str(feed), "--feed-id", "test-feed"
    )
    assert published.returncode == 0, published.stderr

    data = tmp_path / "data"
    added = tsunagi(data, "feeds", "add", "pref", str(feed), "--key", f"{key}.pub")
    assert added.returncode == 0, added.stderr
    synced = tsunagi(data, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "2 added, 0 changed, 0 removed" in synced.stdout
    listed = json.loads(tsunagi(data, "feeds", "list", "--json").stdout)
    assert any(f["name"] == "pref" and f["version"] >= 1 for f in listed)

    hits = tsunagi(data, "search", "くらし", "--json")
    assert hits.returncode == 0, hits.stderr
    assert records[1]["id"] in [h["id"] for h in json.loads(hits.stdout)]

    again = tsunagi(data, "sync", "pref")
    assert again.returncode == 0 and "is current" in again.stdout

    # A tampered manifest is refused with a one-line reason and a non-zero exit.
    manifest = feed / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b"test-feed", b"evil-feed"))
    refused = tsunagi(data, "sync", "pref")
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1 and "refused" in refused.stderr

    # Usage mistakes are exit 2.
    assert tsunagi(data, "sync", "nope").returncode == 2
    assert (
        tsunagi(
            data, "feeds", "add", "x", str(feed), "--key", str(tmp_path / "missing.pub")
        ).returncode
        == 2
    )


def test_sample_can_be_removed_and_notes_stay(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = tsunagi(data, "feeds", "list")
    assert "bundled sample" in listed.stdout
    removed = tsunagi(data, "feeds", "remove", "sample")
    assert removed.returncode == 0, removed.stderr
    assert "bundled sample" not in tsunagi(data, "feeds", "list").stdout


def test_refusals_are_logged_to_the_data_folder(tmp_path: Path) -> None:
    key = tmp_path / "feed.key"
    admin("keygen", "--out", str(key))
    source = tmp_path / "in.ndjson"
    source.write_text(json.dumps(service("窓口")) + "\n", "utf-8")
    feed = tmp_path / "feed"
    admin("publish", str(source), "--key", str(key), "--out", str(feed), "--feed-id", "f")
    data = tmp_path / "data"
    tsunagi(data, "feeds", "add", "f", str(feed), "--key", f"{key}.pub")
    (feed / "manifest.json.minisig").write_text("garbage\n", "utf-8")
    assert tsunagi(data, "sync", "f").returncode != 0
    log = (data / "logs" / "tsunagi.log").read_text("utf-8")
    assert "refused" in log
