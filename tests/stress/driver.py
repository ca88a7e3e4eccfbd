"""The victim: one tsunagi operation in its own process, for the stress tests to SIGKILL.

Run as ``python -m tests.stress.driver OP DATA_DIR [ARG]``. It prints ``ready`` when set up, then
one line per committed step (flushed at once), then ``done``. The parent kills it at a random
moment and then checks what the database says against what the driver *said* it committed:
everything printed must be there, the interrupted step must be all-or-nothing.

Operations:

* ``notes N`` — save N notes one by one (``committed I`` after each returns);
* ``import FILE`` — one all-or-nothing import of FILE into the local layer;
* ``rebuild`` — rebuild the Whoosh index from SQLite (``rebuilt`` when switched);
* ``migrate`` — open an old database, which backs it up and migrates it;
* ``sync FOLDER`` — sync the feed ``national`` from a feed folder (download, verify, apply, index);
* ``mixed SECONDS SEED PARITY`` — random notes, local resources and searches (concurrency): prints
  ``note SID BODY-SHA`` after each committed note and ``local SID`` after each saved resource;
* ``syncloop SECONDS FOLDER`` — sync the feed ``national`` from FOLDER over and over;
* ``syncver FOLDER MODE GATE`` — wait until the parent opens GATE (a file it holds locked), then
  sync ``national`` once from FOLDER: ``direct`` (``sync_feed``, no lock: the in-transaction
  version check alone) or ``session`` (``run_feeds``, with the per-feed lock); prints
  ``synced VERSION STATUS`` or ``busy`` or ``refused CLASS``.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import sys
import time
import uuid
from pathlib import Path

from index.directory import Directory
from index.model import SearchQuery
from index.paths import app_paths


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _service_ids(directory: Directory) -> list[str]:
    return [str(r[0]) for r in directory.db.execute("SELECT id FROM service ORDER BY id")]


def op_notes(data: Path, count: int) -> None:
    with Directory.open(app_paths(data)) as directory:
        ids = _service_ids(directory)
        say("ready")
        for i in range(count):
            directory.set_note(ids[i % len(ids)], f"note {i} " + "本文" * (i % 50))
            say(f"committed {i}")
    say("done")


def op_import(data: Path, file: Path) -> None:
    with Directory.open(app_paths(data)) as directory:
        say("ready")
        report = directory.import_files([file])
        say(f"imported {report.loaded}")
    say("done")


def op_rebuild(data: Path) -> None:
    from index.search import open_index

    with Directory.open(app_paths(data)) as directory:
        index = open_index(directory)
        say("ready")
        index.rebuild()
        say("rebuilt")
        index.close()
    say("done")


def op_migrate(data: Path) -> None:
    say("ready")
    with Directory.open(app_paths(data)):
        say("migrated")
    say("done")


def op_sync(data: Path, folder: Path) -> None:
    from index.search import open_index
    from sync.apply import sync_feed
    from sync.fetch import FolderSource

    with Directory.open(app_paths(data)) as directory:
        index = open_index(directory)
        say("ready")
        outcome = sync_feed(
            directory.db,
            directory.paths,
            directory.regions,
            "national",
            source=FolderSource(folder),
            reindex=index,
        )
        say(f"synced {outcome.version}")
        index.close()
    say("done")


def op_mixed(data: Path, seconds: float, seed: int, parity: int) -> None:
    """Random counsellor work; every committed write is announced so the parent can check it.

    Notes go only to services whose position has this worker's ``parity``, so the last note a
    worker reports on a service is exactly what must be there at the end.
    """
    from index.search import Searcher
    from tests.records import service

    rng = random.Random(seed)
    words = ["死にたい", "孤独", "子育て", "電話", "札幌", "<b>", "0120", "相談", "いのちの電話"]
    with Directory.open(app_paths(data)) as directory:
        # A service belongs to one worker for good (by its id's hash, not by its position in a
        # list that the other processes keep growing), so its last reported note is the truth.
        ids = [
            sid
            for sid in _service_ids(directory)
            if int(hashlib.sha256(sid.encode()).hexdigest(), 16) % 2 == parity
        ]
        searcher = Searcher(directory)
        say("ready")
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            roll = rng.random()
            if roll < 0.45:
                sid = rng.choice(ids)
                body = f"{seed}-{n} {rng.choice(words)} " + uuid.uuid4().hex
                try:
                    directory.set_note(sid, body)
                except sqlite3.OperationalError as exc:  # reported, and counted by the parent
                    say(f"lockerr note {exc}")
                    continue
                say(f"note {sid} {hashlib.sha256(body.encode()).hexdigest()}")
            elif roll < 0.55:
                sid = f"local-{seed}-{n}"
                try:
                    directory.save_local(service(f"窓口 {seed}-{n}", sid=sid))
                except sqlite3.OperationalError as exc:
                    say(f"lockerr local {exc}")
                    continue
                say(f"local {sid}")
            elif roll < 0.6:
                searcher.index.catch_up()
            else:
                text = rng.choice(words)
                hits = searcher.search(SearchQuery(text=text, limit=10)).hits
                say(f"search {len(hits)}")
                if text == "いのちの電話" and not hits:
                    say("miss")
        searcher.index.close()
    say("done")


def op_syncloop(data: Path, seconds: float, folder: Path) -> None:
    """Sync a feed folder again and again (the parent publishes new versions meanwhile)."""
    from index.search import open_index
    from sync.apply import sync_feed
    from sync.errors import SyncError
    from sync.fetch import FolderSource

    with Directory.open(app_paths(data)) as directory:
        index = open_index(directory)
        say("ready")
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                outcome = sync_feed(
                    directory.db,
                    directory.paths,
                    directory.regions,
                    "national",
                    source=FolderSource(folder),
                    reindex=index,
                )
                say(f"synced {outcome.version} {outcome.status}")
            except SyncError as exc:  # a publish caught half-way is refused, then retried
                say(f"refused {type(exc).__name__} {exc}")
        index.close()
    say("done")


def op_syncver(data: Path, folder: Path, mode: str, gate: Path) -> None:
    import fcntl

    from sync.apply import sync_feed
    from sync.errors import SyncError
    from sync.fetch import FolderSource
    from sync.session import run_feeds

    with Directory.open(app_paths(data), seed=False, check=False) as directory:
        say("ready")
        with gate.open("rb") as handle:  # blocks until the parent lets every process go at once
            fcntl.flock(handle, fcntl.LOCK_SH)
            fcntl.flock(handle, fcntl.LOCK_UN)
        if mode == "direct":
            try:
                outcome = sync_feed(
                    directory.db,
                    directory.paths,
                    directory.regions,
                    "national",
                    source=FolderSource(folder),
                )
                say(f"synced {outcome.version} {outcome.status}")
            except SyncError as exc:
                say(f"refused {type(exc).__name__} {exc}")
        else:
            report = run_feeds(directory, location=str(folder))
            result = report.results[0]
            if result.busy:
                say("busy")
            elif result.error is not None:
                say(f"refused {type(result.error).__name__} {result.error}")
            else:
                assert result.outcome is not None
                say(f"synced {result.outcome.version} {result.outcome.status}")
    say("done")


def main(argv: list[str]) -> int:
    op, data = argv[0], Path(argv[1])
    if op == "notes":
        op_notes(data, int(argv[2]))
    elif op == "import":
        op_import(data, Path(argv[2]))
    elif op == "rebuild":
        op_rebuild(data)
    elif op == "migrate":
        op_migrate(data)
    elif op == "sync":
        op_sync(data, Path(argv[2]))
    elif op == "mixed":
        op_mixed(data, float(argv[2]), int(argv[3]), int(argv[4]))
    elif op == "syncloop":
        op_syncloop(data, float(argv[2]), Path(argv[3]))
    elif op == "syncver":
        op_syncver(data, Path(argv[2]), argv[3], Path(argv[4]))
    else:
        raise SystemExit(f"unknown op {op}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
