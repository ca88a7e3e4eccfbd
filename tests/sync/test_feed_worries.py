"""A worry dictionary shipped with a feed: published, signed, synced, searched, refused if bad."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory
from index.model import SearchQuery
from index.search import Searcher, load_worries, open_index
from sync.apply import add_feed, remove_feed, sync_feed
from sync.errors import SyncError
from sync.fetch import FetchSettings, FolderSource
from sync.manifest import MANIFEST_NAME, ManifestInvalidError, decode_json_object, parse_manifest
from sync.minisign import SecretKey
from sync.publish import PublishRefusedError, publish
from tests.records import service

KEY = SecretKey.generate()
SETTINGS = FetchSettings(attempts=1, deadline=20)
# A way of saying it the bundled dictionary does not know, pointing at a worry it does.
NEW_WORDS = {
    "version": 1,
    "expressions": [
        {"text": "推しがいなくなった", "worries": ["kodoku"], "terms": ["話し相手", "居場所"]}
    ],
    "synonyms": [],
}


def write(folder: Path, name: str, data: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if name.endswith(".ndjson"):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data))
    else:
        path.write_text(json.dumps(data, ensure_ascii=False))
    return path


def records() -> list[dict[str, Any]]:
    lonely = service("つながりサロン", sid="svc-lonely", worries=["kodoku"])
    return [lonely, service("法律相談窓口", sid="svc-law")]


def do_sync(d: Directory, host: Path) -> Any:
    return sync_feed(d.db, d.paths, d.regions, "test", source=FolderSource(host), settings=SETTINGS)


def publish_with_words(tmp_path: Path, d: Directory) -> tuple[Path, Path, Any]:
    """Version 1 of a feed with NEW_WORDS as its dictionary: (host folder, words file, result)."""
    host = tmp_path / "host"
    inputs = write(tmp_path / "in", "v1.ndjson", records())
    words = write(tmp_path / "in", "worries.json", NEW_WORDS)
    result = publish([inputs], KEY, host, regions=d.regions, feed_id="t", worries=words)
    assert result.manifest.worries is not None
    return host, words, result


def test_dictionary_travels_with_the_feed_and_is_searched(
    tmp_path: Path, empty_directory: Directory
) -> None:
    d = empty_directory
    host, words, result = publish_with_words(tmp_path, d)
    assert (host / result.manifest.worries.path).read_bytes() == words.read_bytes()

    before = Searcher(open_index(d))
    assert before.search(SearchQuery(text="推しがいなくなった")).hits == ()
    before.index.close()

    add_feed(d.db, "test", str(host), KEY.public_key.to_file_text())
    do_sync(d, host)
    stored = d.db.execute("SELECT sha256 FROM feed_worries WHERE feed = 'test'").fetchone()
    assert stored == (result.manifest.worries.sha256,)
    searcher = Searcher(open_index(d))
    hits = searcher.search(SearchQuery(text="推しがいなくなった")).hits
    assert hits and hits[0].id == "svc-lonely"
    assert any("孤独" in why for why in hits[0].why)
    searcher.index.close()

    # The next version without --worries keeps the dictionary (same file, nothing re-fetched).
    changed = records()
    changed[1]["name"] = "法律相談センター"
    v2 = publish([write(tmp_path / "in", "v2.ndjson", changed)], KEY, host, regions=d.regions)
    assert v2.manifest.worries == result.manifest.worries
    do_sync(d, host)
    assert "推しがいなくなった" in {e.text for e in load_worries(d).expressions}

    # Removing the feed removes its dictionary.
    remove_feed(d.db, "test")
    assert d.db.execute("SELECT count(*) FROM feed_worries").fetchone()[0] == 0
    assert "推しがいなくなった" not in {e.text for e in load_worries(d).expressions}


def test_a_bad_dictionary_is_refused_by_the_publisher(
    tmp_path: Path, empty_directory: Directory
) -> None:
    bad = {"expressions": [{"text": "謎の悩み", "worries": ["no-such-worry"]}], "synonyms": [["x"]]}
    with pytest.raises(PublishRefusedError) as refused:
        publish(
            [write(tmp_path / "in", "v1.ndjson", records())],
            KEY,
            tmp_path / "host",
            regions=empty_directory.regions,
            feed_id="t",
            worries=write(tmp_path / "in", "bad.json", bad),
        )
    reasons = " | ".join(str(p) for p in refused.value.problems)
    assert "expressions[0]" in reasons and "no-such-worry" in reasons
    assert "synonyms[0]" in reasons
    assert not (tmp_path / "host" / MANIFEST_NAME).exists()


def test_a_tampered_dictionary_is_refused_and_nothing_changes(
    tmp_path: Path, empty_directory: Directory
) -> None:
    d = empty_directory
    host, _words, result = publish_with_words(tmp_path, d)
    target = host / result.manifest.worries.path
    data = bytearray(target.read_bytes())
    data[-2] ^= 0x01
    target.write_bytes(bytes(data))
    add_feed(d.db, "test", str(host), KEY.public_key.to_file_text())
    with pytest.raises(SyncError) as refused:
        do_sync(d, host)
    assert "worries/" in str(refused.value)
    assert d.db.execute("SELECT count(*) FROM service").fetchone()[0] == 0
    assert d.db.execute("SELECT count(*) FROM feed_worries").fetchone()[0] == 0
    assert d.db.execute("SELECT version FROM feed WHERE name = 'test'").fetchone()[0] == 0


def test_manifest_worries_entry_is_checked(tmp_path: Path, empty_directory: Directory) -> None:
    host = tmp_path / "host"
    publish(
        [write(tmp_path / "in", "v1.ndjson", records())],
        KEY,
        host,
        regions=empty_directory.regions,
        feed_id="t",
        worries=write(tmp_path / "in", "worries.json", NEW_WORDS),
    )
    document = decode_json_object((host / MANIFEST_NAME).read_bytes())
    document["worries"]["path"] = "worries/" + "0" * 64 + ".json"
    with pytest.raises(ManifestInvalidError, match=r"worries\.path"):
        parse_manifest(document)
    document["worries"] = {"path": "../x.json", "sha256": "0" * 64, "length": 10, "extra": 1}
    with pytest.raises(ManifestInvalidError, match="worries"):
        parse_manifest(document)
