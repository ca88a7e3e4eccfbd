"""One number everywhere: a phone number carrying direction controls never gets in by any path.

The probe (review of issue 15): a feed's phone ``0120-\\u202e833-972\\u202c`` was stored, and the
window's bidi algorithm drew it as 0120-279-338, よりそいホットライン's real number, while the slip
and the clipboard gave 0120-833-972. Every way a record comes in (``tsunagi import`` of JSON, the
spreadsheet template, ``tsunagi-admin publish``, sync of a signed feed, the window's own form) now
refuses it, names the field, and leaves what is stored as it was. Names follow the same rule
(``index/phones.py`` says why refusing beats stripping).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index.directory import Directory, ImportRefused
from index.phones import hidden_characters
from index.regions import RegionMaster
from index.resources import resource_path
from sync.apply import PayloadInvalidError, add_feed, sync_feed
from sync.fetch import FetchSettings, FolderSource
from sync.minisign import SecretKey
from sync.publish import PublishRefusedError, publish
from tests.hardening.dbcheck import content_digest
from tests.records import service
from tests.sync.feedkit import snapshot_payload, write_feed

PROBE = "0120-\u202e833-972\u202c"
"""Stored digits 0120833972; a bidi renderer shows 0120-279-338."""

HIDDEN = {
    "RLO": PROBE,
    "LRO": "0120-\u202d833-972",
    "RLI": "\u20670120-833-972\u2069",
    "RLM": "0120\u200f-833-972",
    "ZWSP": "0120-833\u200b-972",
    "BOM": "\ufeff0120-833-972",
    "ALM": "0120-\u061c833-972",
    "soft-hyphen": "0120\u00ad833972",
}
KEY = SecretKey.generate()


def _record(number: str, name: str = "伊達市 こころの電話", sid: str = "probe-1") -> dict[str, Any]:
    return service(name, sid=sid, phones=[number])


def _csv(path: Path, name: str, number: str) -> Path:
    """A file in the office's spreadsheet template's shape (its own header row)."""
    template = resource_path("templates", "tsunagi-template.csv").read_text("utf-8-sig")
    header = next(csv.reader(io.StringIO(template)))
    cells = {"窓口名": name, "電話番号1": number, "自治体コード": "012335"}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow([cells.get(h, "") for h in header])
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def _json(path: Path, name: str, number: str) -> Path:
    path.write_text(json.dumps([_record(number, name)], ensure_ascii=False), "utf-8")
    return path


def _problems_of_import(directory: Directory, path: Path) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        directory.import_files([path])
    return [f"{p.field}: {p.reason}" for p in refused.value.report.problems]


def via_import(directory: Directory, tmp: Path, name: str, number: str) -> list[str]:
    return _problems_of_import(directory, _json(tmp / "in.json", name, number))


def via_template(directory: Directory, tmp: Path, name: str, number: str) -> list[str]:
    return _problems_of_import(directory, _csv(tmp / "services.csv", name, number))


def via_form(directory: Directory, tmp: Path, name: str, number: str) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        directory.save_local(_record(number, name))
    return [f"{p.field}: {p.reason}" for p in refused.value.report.problems]


def via_publish(directory: Directory, tmp: Path, name: str, number: str) -> list[str]:
    source = _json(tmp / "in.json", name, number)
    with pytest.raises(PublishRefusedError) as refused:
        publish([source], KEY, tmp / "out", regions=directory.regions, feed_id="jp-national")
    assert not (tmp / "out" / "manifest.json").exists()
    return [f"{p.field}: {p.reason}" for p in refused.value.problems]


def via_sync(directory: Directory, tmp: Path, name: str, number: str) -> list[str]:
    """A correctly signed feed (made by hand: our publisher would refuse it first)."""
    folder = tmp / "feed"
    write_feed(folder, KEY, snapshot=snapshot_payload([_record(number, name)]))
    if directory.db.execute("SELECT 1 FROM feed WHERE name = 'probe'").fetchone() is None:
        add_feed(directory.db, "probe", str(folder), KEY.public_key.to_file_text())
    with pytest.raises(PayloadInvalidError) as refused:
        sync_feed(
            directory.db,
            directory.paths,
            directory.regions,
            "probe",
            source=FolderSource(folder),
            settings=FetchSettings(attempts=1, deadline=20),
        )
    return [str(refused.value)]


PATHS: dict[str, Callable[[Directory, Path, str, str], list[str]]] = {
    "import": via_import,
    "template": via_template,
    "form": via_form,
    "publish": via_publish,
    "sync": via_sync,
}


@pytest.fixture(scope="module")
def regions() -> RegionMaster:
    return RegionMaster.load()


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("trick", list(HIDDEN))
def test_hidden_characters_in_a_phone_number_are_refused_everywhere(
    shared_dir: Directory, tmp_path: Path, path: str, trick: str
) -> None:
    before = content_digest(shared_dir.db.conn, skip=("feed",))
    found = PATHS[path](shared_dir, tmp_path, "伊達市 こころの電話", HIDDEN[trick])
    assert any("phones[0].number" in p and "電話番号に見えない文字" in p for p in found), found
    assert any(code in " ".join(found) for code in hidden_characters(HIDDEN[trick])), found
    assert content_digest(shared_dir.db.conn, skip=("feed",)) == before


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize(
    "name",
    [
        "\u202eンイラトッホいそりよ",  # reads よりそいホットライン, stored reversed
        "よりそい\u200bホットライン",  # looks like the real name, compares different
        "\u2066よりそいホットライン\u2069",
    ],
    ids=["RLO", "ZWSP", "LRI"],
)
def test_hidden_characters_in_a_name_are_refused_everywhere(
    shared_dir: Directory, tmp_path: Path, path: str, name: str
) -> None:
    before = content_digest(shared_dir.db.conn, skip=("feed",))
    found = PATHS[path](shared_dir, tmp_path, name, "0120-000-123")
    assert any("name" in p and "名称に見えない文字" in p for p in found), found
    assert content_digest(shared_dir.db.conn, skip=("feed",)) == before


def test_clean_numbers_of_every_shape_still_pass(
    shared_dir: Directory, tmp_path: Path, regions: RegionMaster
) -> None:
    """Hyphens, parentheses, full-width digits, #, spaces: all kept exactly as typed."""
    numbers = [
        "0120-279-338",
        "0142(00)0131",
        "０１４２－００－０１４０",
        "#9999",
        "189",
        "03 1234 5678",
    ]
    records = [_record(n, sid=f"clean-{i}") for i, n in enumerate(numbers)]
    source = tmp_path / "clean.json"
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    good, problems = shared_dir.check_files([source])
    assert problems == []
    assert [item.record["phones"][0]["number"] for item in good if item.record] == numbers


def test_a_phone_description_with_direction_controls_is_refused(
    shared_dir: Directory, tmp_path: Path
) -> None:
    """The description is read on the number's line; the template once split the probe there."""
    record = _record("0120-833-972")
    record["phones"][0]["description"] = "\u202e972-338"
    source = tmp_path / "in.json"
    source.write_text(json.dumps([record], ensure_ascii=False), "utf-8")
    found = _problems_of_import(shared_dir, source)
    assert any(p.startswith("phones[0].description: 電話番号の説明に見えない文字") for p in found)
