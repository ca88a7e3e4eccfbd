"""Forward compatibility: a code this tsunagi lacks never refuses an import, a publish or a sync.

The newer publisher is the real ``tsunagi-admin`` in its own process, reading a copy of the
resources whose categories.json has one more worry; this process is the older office, whose
vocabulary lacks it, syncing over a real HTTP server on loopback.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import index
from index.compat import FORWARD_COMPATIBLE, min_client_version, record_notes
from index.directory import Directory
from index.resources import resources_root
from index.search import load_worries
from index.vocabulary import worry_codes
from sync.apply import add_feed, sync_feed
from sync.errors import ClientTooOldError, SchemaTooNewError
from sync.fetch import FetchSettings
from sync.manifest import MANIFEST_NAME, SIGNATURE_NAME
from sync.messages import error_needs_update, japanese_message, needs_update
from sync.minisign import SecretKey
from sync.publish import publish
from tests.conftest import REPO
from tests.records import service, worry
from tests.sync.feedkit import sign_bytes

NEW_CODE = "kaji-shien"
NEW_NAME = "家事支援"
SETTINGS = FetchSettings(attempts=1, deadline=30)


def newer_worry(code: str = NEW_CODE, name: str = NEW_NAME) -> dict[str, Any]:
    attr = worry(code)
    attr["taxonomy_term"]["name"] = name
    return attr


def write_ndjson(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1: (folder, its URL)."""
    folder = tmp_path / "host"
    folder.mkdir()
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def newer_resources(tmp_path: Path) -> Path:
    """A copy of the resources as a newer tsunagi ships them: one more worry category."""
    root = tmp_path / "newer-resources"
    shutil.copytree(resources_root(), root, ignore=shutil.ignore_patterns("fonts", "sample"))
    path = root / "worries" / "categories.json"
    data = json.loads(path.read_text("utf-8"))
    data["categories"].append(
        {"code": NEW_CODE, "ja": NEW_NAME, "en": "Housework", "since": "0.3.0"}
    )
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    schema_path = root / "worries" / "dictionary.schema.json"
    schema = json.loads(schema_path.read_text("utf-8"))
    schema["$defs"]["expression"]["properties"]["worries"]["items"]["enum"].append(NEW_CODE)
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")
    return root


def admin(*args: str, resources: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if resources is not None:
        env["TSUNAGI_RESOURCES"] = str(resources)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from sync.admin import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
        env=env,
    )


def test_new_worry_from_a_newer_publisher_reaches_an_older_office(
    tmp_path: Path, served: tuple[Path, str], empty_directory: Directory
) -> None:
    assert NEW_CODE not in worry_codes()  # this process is the office that lacks the code
    host, url = served
    key = tmp_path / "feed.key"
    assert admin("keygen", "--out", str(key)).returncode == 0
    crisis = service("よりそいホットライン", sid="svc-crisis", phones=["0120-279-338"])
    helper = service("家事支援センター", sid="svc-new", worries=["kodoku"])
    helper["attributes"].append(newer_worry())
    inputs = write_ndjson(tmp_path / "in" / "v1.ndjson", [crisis, helper])
    words = tmp_path / "in" / "worries.json"  # the newer publisher's dictionary names it too
    expression = {
        "text": "家事が回らない",
        "worries": [NEW_CODE, "kodoku"],
        "terms": ["家事", "代行"],
    }
    dictionary = {"version": 1, "expressions": [expression], "synonyms": []}
    words.write_text(json.dumps(dictionary, ensure_ascii=False), "utf-8")

    published = admin(
        "publish",
        str(inputs),
        "--key",
        str(key),
        "--out",
        str(host),
        "--feed-id",
        "jp-test",
        "--worries",
        str(words),
        resources=newer_resources(tmp_path),
    )
    assert published.returncode == 0, published.stderr
    manifest = json.loads((host / MANIFEST_NAME).read_text("utf-8"))
    # 0.1.0 would refuse the whole feed over the new code: the publisher asks for more by itself.
    assert manifest["min_client_version"] == FORWARD_COMPATIBLE
    assert NEW_CODE not in published.stdout + published.stderr  # the newer publisher knows it

    d = empty_directory
    add_feed(d.db, "test", url, (tmp_path / "feed.key.pub").read_text())
    outcome = sync_feed(d.db, d.paths, d.regions, "test", settings=SETTINGS)
    assert outcome.status == "applied" and outcome.added == 2
    assert any(NEW_NAME in m and "相談分野" in m for m in outcome.messages), outcome.messages
    assert d.db.execute("SELECT count(*) FROM feed_worries").fetchone()[0] == 1
    (loaded,) = [e for e in load_worries(d).expressions if e.text == "家事が回らない"]
    assert loaded.worries == ("kodoku",) and loaded.terms == ("家事", "代行")

    details = d.details("svc-new")
    assert details is not None
    labels = [w["label"] for w in details["tsunagi"]["worries"]]
    assert labels == ["孤独・孤立", NEW_NAME]  # the term's own name, not the bare code
    assert d.details("svc-crisis") is not None

    # A tsunagi from before forward compatibility is told to update, not fed a code it refuses.
    (d.db.execute("UPDATE feed SET version = 0, etag = NULL WHERE name = 'test'"))
    with pytest.raises(ClientTooOldError, match=FORWARD_COMPATIBLE):
        sync_feed(d.db, d.paths, d.regions, "test", settings=SETTINGS, client_version="0.1.0")


def test_import_keeps_unknown_worry_and_access_codes_with_japanese_warnings(
    tmp_path: Path, empty_directory: Directory
) -> None:
    record = service("新しい窓口", sid="svc-import", access_codes=["free", "sign-language"])
    record["attributes"].append(newer_worry())
    report = empty_directory.import_files([write_ndjson(tmp_path / "new.ndjson", [record])])
    assert report.added == 1 and report.problems == []
    reasons = " | ".join(str(w) for w in report.warnings)
    assert (
        f"相談分野コード「{NEW_CODE}」" in reasons and f"「{NEW_NAME}」として表示します" in reasons
    )
    assert "利用条件コード「sign-language」" in reasons
    stored = empty_directory.record("svc-import")
    assert stored is not None and stored["attributes"] == record["attributes"]


def test_publish_by_this_publisher_warns_and_raises_min_client_version(
    tmp_path: Path, empty_directory: Directory
) -> None:
    record = service("予約制の窓口", sid="svc-res", access_codes=["reservation"])
    unknown = service("知らない分野の窓口", sid="svc-unknown")
    unknown["attributes"] = [newer_worry("mirai", "未来の分野")]
    result = publish(
        [write_ndjson(tmp_path / "in.ndjson", [record, unknown])],
        SecretKey.generate(),
        tmp_path / "host",
        regions=empty_directory.regions,
        feed_id="t",
    )
    assert result.manifest.min_client_version == FORWARD_COMPATIBLE
    (warning,) = result.warnings
    assert (
        "attributes[0].taxonomy_term.code" in warning
        and "「未来の分野」として表示します" in warning
    )
    # Codes every tsunagi knows ask for nothing more.
    plain = service("昔からの窓口", worries=["kodoku"], access_codes=["free"])
    assert min_client_version([plain]) == "0.1.0"
    assert index.__version__ >= FORWARD_COMPATIBLE


def _republish_with_schema(tmp_path: Path, host: Path, key: SecretKey, schema: Any) -> None:
    """The same feed, re-signed as a newer publisher that writes another ``schema_version``."""
    manifest = json.loads((host / MANIFEST_NAME).read_text("utf-8"))
    manifest["schema_version"] = schema
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    (host / MANIFEST_NAME).write_bytes(raw)
    (host / SIGNATURE_NAME).write_bytes(sign_bytes(key, raw))


@pytest.mark.parametrize(
    ("schema", "applied"), [(1, True), ("1.4", True), (2, False), ("2.0", False)]
)
def test_schema_version_newer_minor_warns_newer_major_needs_an_update(
    tmp_path: Path, served: tuple[Path, str], empty_directory: Directory, schema: Any, applied: bool
) -> None:
    host, url = served
    key = SecretKey.generate()
    d = empty_directory
    inputs = write_ndjson(tmp_path / "in.ndjson", [service("窓口", sid="svc-1")])
    publish([inputs], key, host, regions=d.regions, feed_id="t")
    _republish_with_schema(tmp_path, host, key, schema)
    add_feed(d.db, "test", url, key.public_key.to_file_text())
    if applied:
        outcome = sync_feed(d.db, d.paths, d.regions, "test", settings=SETTINGS)
        assert outcome.status == "applied"
        warned = [m for m in outcome.messages if "データの版" in m]
        assert bool(warned) == (schema == "1.4"), outcome.messages
        return
    with pytest.raises(SchemaTooNewError) as refused:
        sync_feed(d.db, d.paths, d.regions, "test", settings=SETTINGS)
    assert isinstance(refused.value, ClientTooOldError)  # the window's update-needed path
    assert needs_update(refused.value)
    assert japanese_message(refused.value).startswith("tsunagiの更新が必要です")
    assert d.db.execute("SELECT count(*) FROM service").fetchone()[0] == 0
    assert error_needs_update(d.db.execute("SELECT last_error FROM feed").fetchone()[0])


def test_a_municipality_code_changed_by_a_merger_keeps_the_record_and_resolves_by_address(
    tmp_path: Path, empty_directory: Directory
) -> None:
    d = empty_directory
    old_code = "015768"  # 大滝村 (01576), merged into 伊達市 in 2006: gone from the master
    assert old_code not in d.regions
    record = service("合併した町の窓口", sid="svc-merged", lgcode=old_code)
    address = {
        "id": "addr-1",
        "address_1": "鹿島町1-1",
        "city": "伊達市",
        "state_province": "北海道",
        "postal_code": "052-0021",
        "country": "JP",
        "address_type": "physical",
    }
    location = {"id": "loc-1", "location_type": "physical", "addresses": [address]}
    record["service_at_locations"] = [{"id": "sal-1", "location": location}]
    report = d.import_files([write_ndjson(tmp_path / "merged.ndjson", [record])])
    assert report.added == 1 and report.problems == [] and report.unresolved == []
    (warning,) = report.warnings
    assert warning.field == "service_areas[0].extent"
    assert old_code in warning.reason and "伊達市" in warning.reason
    details = d.details("svc-merged")
    assert details is not None
    assert [(r["lgcode"], r["how"]) for r in details["tsunagi"]["regions"]] == [
        ("012335", "address")
    ]
    # With no address and no name it still loads, listed as unresolved, and the warning says so.
    bare = service("住所のない窓口", sid="svc-bare", lgcode=old_code)
    notes = record_notes(bare, d.regions)
    assert len(notes) == 1 and "地域を特定できません" in notes[0].message
    # A mistyped check digit is kept too, and the warning suggests the code that exists.
    (typo,) = record_notes(service("伊達市の窓口", lgcode="012336"), d.regions)
    assert "「012335」" in typo.message and "伊達市" in typo.message
