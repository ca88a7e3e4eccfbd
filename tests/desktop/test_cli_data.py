"""The stable command line: `import`, `export`, `show`, `regions`, run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import HSDS_EXAMPLES, REPO
from tests.records import service


def tsunagi(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_regions_json_has_both_fuchu(tmp_path: Path) -> None:
    result = tsunagi(tmp_path, "regions", "府中市", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["lgcode"], r["prefecture"]) for r in rows} == {
        ("132063", "東京都"),
        ("342084", "広島県"),
    }
    assert all({"lgcode", "name", "kana", "prefecture"} <= set(r) for r in rows)


def test_import_export_show_round_trip(tmp_path: Path) -> None:
    example = HSDS_EXAMPLES / "service_full.json"
    assert tsunagi(tmp_path, "import", str(example)).returncode == 0
    out = tmp_path / "out.ndjson"
    result = tsunagi(tmp_path, "export", "--layer", "local", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in out.read_text("utf-8").splitlines()] == [
        json.loads(example.read_text("utf-8"))
    ]
    shown = tsunagi(tmp_path, "show", "ac148810-d857-441c-9679-408f346de14b", "--json")
    assert shown.returncode == 0, shown.stderr
    details = json.loads(shown.stdout)
    assert details["name"] == "Community Counselling"
    assert details["tsunagi"]["provenance"]["assured_date"] == "2005-01-01"
    assert "regions" in details["tsunagi"] and "worries" in details["tsunagi"]


def test_bad_input_exits_2_with_one_line_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(service(sid="bad", phones=["いのちの電話"])), "utf-8")
    result = tsunagi(tmp_path, "import", str(bad))
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("tsunagi: import refused")
    assert "has no digits" in result.stderr and "phones[0].number" in result.stderr
    # A municipality code missing from the master is kept, with a warning that names it.
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps(service(sid="kept", lgcode="999999")), "utf-8")
    kept = tsunagi(tmp_path, "import", str(unknown))
    assert kept.returncode == 0, kept.stderr
    assert "999999" in kept.stderr and "service_areas[0].extent" in kept.stderr
    missing = tsunagi(tmp_path, "import", str(tmp_path / "nope.json"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert tsunagi(tmp_path, "show", "no-such-id").returncode == 2
    assert tsunagi(tmp_path, "frobnicate").returncode == 2


def test_version_lists_data_and_licences(tmp_path: Path) -> None:
    result = tsunagi(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("tsunagi ")
    assert "SIL Open Font License" in result.stdout
