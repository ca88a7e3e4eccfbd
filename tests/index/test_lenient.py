"""Third-party HSDS: --lenient repairs shapes nobody sees, names files that hold no services, and
the file sniff never takes a large UTF-8 template for an HSDS datapackage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index.directory import Directory, ImportRefused
from index.lenient import record_kind
from index.readers import read_path
from index.resources import resource_path
from index.spreadsheet import is_template
from sync.minisign import SecretKey
from sync.publish import PublishRefusedError, publish
from tests.conftest import HSDS_EXAMPLES, REPO

THIRD_PARTY = REPO / "tests" / "fixtures" / "hsds_thirdparty.json"


@pytest.mark.parametrize(
    ("example", "what", "lenient"),
    [
        ("organization_full.json", "これは組織（organization）のファイルです", False),
        ("taxonomy_term.json", "これは分類（taxonomy term）のファイルです", False),
        ("taxonomy_term.json", "これは分類（taxonomy term）のファイルです", True),
        ("service_at_location_full.json", "service_at_location", False),
        ("service_at_location_full.json", "service_at_location", True),
    ],
)
def test_spec_files_of_other_objects_are_named_as_such(
    empty_directory: Directory, example: str, what: str, lenient: bool
) -> None:
    with pytest.raises(ImportRefused) as refused:
        empty_directory.import_files([HSDS_EXAMPLES / example], lenient=lenient)
    (problem,) = refused.value.report.problems
    assert what in problem.reason
    assert "status" not in problem.reason
    assert empty_directory.export("local") is not None
    assert list(empty_directory.export("local")) == []


def test_lenient_takes_the_services_out_of_an_organization_file(
    empty_directory: Directory, tmp_path: Path
) -> None:
    report = empty_directory.import_files([HSDS_EXAMPLES / "organization_full.json"], lenient=True)
    assert report.loaded == 1 and report.problems == []
    assert any("中のサービス 1 件を取り出しました" in w.reason for w in report.warnings)
    (record,) = empty_directory.export("local")
    assert record["organization"]["name"] == "Example Organization Inc."
    assert "services" not in record["organization"]
    # An organization without services is still named as such, lenient or not.
    single = tmp_path / "org.json"
    single.write_text(json.dumps({"id": "o1", "name": "Helping Hands", "legal_status": "x"}))
    with pytest.raises(ImportRefused) as refused:
        empty_directory.import_files([single], lenient=True)
    assert "組織（organization）" in refused.value.report.problems[0].reason


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_spec_service_files_import_with_and_without_lenient(
    empty_directory: Directory, example: str
) -> None:
    plain = empty_directory.import_files([HSDS_EXAMPLES / example])
    again = empty_directory.import_files([HSDS_EXAMPLES / example], lenient=True)
    assert plain.loaded == again.loaded == 1
    assert again.unchanged == 1  # a valid record is never "repaired" into something else
    assert not [w for w in again.warnings if "修復" in w.reason]


def test_third_party_shapes_import_with_lenient_and_each_repair_is_named(
    empty_directory: Directory,
) -> None:
    records = json.loads(THIRD_PARTY.read_text("utf-8"))
    assert len(records) == 20
    strict = empty_directory.import_files([THIRD_PARTY], skip_invalid=True)
    assert strict.loaded == 0  # every shape below refuses the record without --lenient

    report = empty_directory.import_files([THIRD_PARTY], skip_invalid=True, lenient=True)
    assert report.loaded == 18
    refused = {p.where.split(" record ")[1].split(" ")[0] for p in report.problems}
    assert refused == {"19", "20"}  # no id, no name: still refused
    repairs = [w for w in report.warnings if w.reason.startswith("修復:")]
    fields = {(w.where.rsplit(" ", 1)[1], w.field) for w in repairs}
    for expected in [
        ("1", "metadata"),  # an object where a list belongs (then dropped: never shown)
        ("4", "phones[0].id"),  # missing child id
        ("6", "service_at_locations[0].location.addresses[0].id"),
        ("7", "fees"),  # fees as a list
        ("10", "schedules[0].freq"),  # DAILY
        ("13", "email"),  # null
        ("15", "minimum_age"),  # "18"
        ("16", "status"),
        ("18", "phones"),  # one phone object instead of a list
    ]:
        assert expected in fields, expected

    d = empty_directory
    daily = d.record("tp-10")
    assert daily is not None and daily["schedules"][0]["description"] == "DAILY"
    assert "freq" not in daily["schedules"][0]
    fees = d.record("tp-07")
    assert fees is not None and fees["fees"] == "Free、Donations welcome"
    org = d.details("tp-03")
    assert org is not None and org["organization"]["name"] == "Helping Hands"
    assert "metadata" not in org["organization"]
    phone = d.record("tp-18")
    assert phone is not None and phone["phones"] == [{"id": "tp-18-p0", "number": "0120-000-018"}]
    # Repaired ids are stable: importing the same file again changes nothing.
    assert d.import_files([THIRD_PARTY], skip_invalid=True, lenient=True).unchanged == 18


def test_a_feed_stays_strict(tmp_path: Path, empty_directory: Directory) -> None:
    with pytest.raises(PublishRefusedError) as refused:
        publish(
            [THIRD_PARTY],
            SecretKey.generate(),
            tmp_path / "host",
            regions=empty_directory.regions,
            feed_id="t",
        )
    assert len({p.where for p in refused.value.problems}) == 20


def test_record_kind_reads_shapes_not_names() -> None:
    assert record_kind({"id": "1", "name": "x", "status": "active"}) == "service"
    assert record_kind({"id": "1", "name": "x", "services": []}) == "organization"
    assert record_kind({"id": "1", "name": "x", "location_type": "physical"}) == "location"
    assert record_kind({"id": "1", "code": "c", "taxonomy": "t", "name": "n"}) == "taxonomy_term"
    assert record_kind({"id": "1", "name": "x"}) == "service"  # unknown: judged as a service


def _template_over_64k(tmp_path: Path) -> Path:
    """A UTF-8 template (BOM and the real header) whose byte 65,536 falls inside a character."""
    header = resource_path("templates", "tsunagi-template.csv").read_bytes().split(b"\n", 1)[0]
    row = "\n,相談窓口{n},運営団体,説明文" + "あ" * 40
    body = bytearray(header)
    n = 0
    while len(body) < 70_000:
        body += row.format(n=n).encode("utf-8")
        n += 1
    # Shift the end of the head so byte 65,536 is the second byte of a three-byte character.
    while not (body[65535] & 0xC0 == 0x80 and body[65534] >= 0xE0):
        body[len(header) : len(header)] = b" "
    path = tmp_path / "big-template.csv"
    path.write_bytes(bytes(body) + b"\n")
    return path


def test_a_large_utf8_template_is_never_taken_for_a_datapackage(tmp_path: Path) -> None:
    path = _template_over_64k(tmp_path)
    assert path.stat().st_size > 65536
    assert is_template(path)
    first = next(iter(read_path(path)))
    reason = str(first.problem) if first.problem else ""
    assert "services.csv" not in reason and "datapackage" not in reason
    # A CSV that is neither the template nor an HSDS table is read as a template too, and told
    # which headers are not the template's.
    other = tmp_path / "list.csv"
    shutil.copy(path, other)
    other.write_text("名前,電話\n窓口,0120-000-000\n", "utf-8")
    (problem,) = {
        str(i.problem) for i in read_path(other) if i.problem and "名前" in str(i.problem)
    }
    assert "テンプレートにない見出し" in problem
