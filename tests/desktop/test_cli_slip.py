"""`tsunagi slip` and `tsunagi stats`, run as real processes against a real data folder."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import main
from tests import pdfcheck
from tests.conftest import REPO
from tests.desktop.slip_samples import five_services, sensitive_services


def tsunagi_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as users run it: a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def tsunagi(data_dir: Path, *args: str) -> Run:
    """The same entry point in this process (no interpreter start-up per call, same code path)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--data-dir", str(data_dir), *args])
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    feed = tmp_path / "services.ndjson"
    records = five_services() + sensitive_services()
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    folder = tmp_path / "data"
    result = tsunagi(folder, "import", str(feed))
    assert result.returncode == 0, result.stderr
    return folder


def text_of(pdf: Path) -> str:
    return pdfcheck.text(pdf)


def test_slip_writes_the_pdf_and_counts_it(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "slip.pdf"
    result = tsunagi_process(
        data,
        "slip",
        "svc-kokoro",
        "svc-jiritsu",
        "-o",
        str(out),
        "--format",
        "a6",
        "--message",
        "またお話ししましょう <b>&</b>",
        "--office",
        "つなぎ相談室",
        "--region",
        "012335",
    )
    assert result.returncode == 0, result.stderr
    text = text_of(out)
    assert "０１２０－２７９－３３８" in text
    assert "0142-00-3331" in text
    assert "またお話ししましょう <b>&</b>" in text
    assert "つなぎ相談室" in text
    assert not (tmp_path / "slip.pdf.partial").exists()

    stats = tsunagi_process(data, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    counts = json.loads(stats.stdout)
    assert counts["slips"] == 1
    assert {row["key"] for row in counts["by_service"]} == {"svc-kokoro", "svc-jiritsu"}
    assert {row["key"] for row in counts["by_category"]} == {
        "kodoku",
        "kokoro",
        "seikatsu",
        "shigoto",
    }
    assert [row["key"] for row in counts["by_region"]] == ["012335"]
    assert "またお話し" not in stats.stdout and "つなぎ相談室" not in stats.stdout


def test_every_format_from_the_command_line(data: Path, tmp_path: Path) -> None:
    for fmt in ("a5", "a6", "a4-2", "a4-4", "card"):
        out = tmp_path / f"{fmt}.pdf"
        result = tsunagi(data, "slip", "svc-dv", "svc-inochi", "-o", str(out), "--format", fmt)
        assert result.returncode == 0, (fmt, result.stderr)
        text = text_of(out)
        assert "#8008" in text and "0120-783-556" in text
        if fmt == "card":
            assert "DV" not in text and "自殺" not in text and "いのち" not in text


def test_stats_csv_and_the_off_switch(data: Path, tmp_path: Path) -> None:
    assert tsunagi(data, "slip", "svc-night", "-o", str(tmp_path / "a.pdf")).returncode == 0
    off = tsunagi(data, "stats", "--logging", "off")
    assert off.returncode == 0 and "off" in off.stdout
    made = tsunagi(data, "slip", "svc-night", "-o", str(tmp_path / "b.pdf"))
    assert made.returncode == 0 and "not counted" in made.stderr
    assert (tmp_path / "b.pdf").exists()
    csv_file = tmp_path / "stats.csv"
    assert tsunagi(data, "stats", "--csv", str(csv_file)).returncode == 0
    rows = list(csv.reader(io.StringIO(csv_file.read_text("utf-8-sig"))))
    assert ["total", "slips", "紹介票の枚数", "1"] in rows
    assert ["service", "svc-night", "【デモ】夜間の話し相手ダイヤル", "1"] in rows
    assert tsunagi(data, "stats", "--logging", "on").returncode == 0
    assert tsunagi(data, "slip", "svc-night", "-o", str(tmp_path / "c.pdf")).returncode == 0
    later = tsunagi(data, "stats", "--from", "2000-01-01", "--to", "2999-12-31", "--json")
    assert json.loads(later.stdout)["slips"] == 2
    empty = tsunagi(data, "stats", "--to", "2000-01-01", "--json")
    assert json.loads(empty.stdout)["slips"] == 0


def test_bad_input_exits_2_with_a_reason(data: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pdf")
    missing = tsunagi(data, "slip", "no-such-id", "-o", out)
    assert missing.returncode == 2 and "no-such-id: no such service" in missing.stderr
    too_many = tsunagi(data, "slip", "a", "b", "c", "d", "e", "f", "-o", out)
    assert too_many.returncode == 2 and "at most 5" in too_many.stderr
    assert tsunagi(data, "slip", "svc-dv", "-o", out, "--format", "b5").returncode == 2
    assert tsunagi(data, "slip", "svc-dv", "-o", out, "--region", "Tokyo").returncode == 2
    bad_date = tsunagi(data, "stats", "--from", "2026-13-01")
    assert bad_date.returncode == 2 and "not a date" in bad_date.stderr
    backwards = tsunagi(data, "stats", "--from", "2026-12-01", "--to", "2026-11-01")
    assert backwards.returncode == 2
    assert not Path(out).exists()
    assert json.loads(tsunagi(data, "stats", "--json").stdout)["slips"] == 0


def test_the_command_line_choices_match_the_renderer() -> None:
    from desktop.commands import slip
    from desktop.slips import FORMATS, MAX_SERVICES

    assert slip.FORMATS == FORMATS
    assert slip.MAX_SERVICES == MAX_SERVICES


def test_slip_in_the_clients_language_with_what_to_say(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "vi.pdf"
    result = tsunagi(data, "slip", "svc-jiritsu", "-o", str(out), "--lang", "vi", "--no-log")
    assert result.returncode == 0, result.stderr
    text = "".join(text_of(out).split())
    assert "Giờlàmviệc" in text and "受付時間" in text  # the label, the Japanese beneath
    assert "T2–T68:30–17:15" in text  # hours rendered from the data in Vietnamese
    assert "0142-00-3331" in text
    assert "生活費がなく" in text  # what to say, from the service's worry (seikatsu)
    said = tmp_path / "said.pdf"
    assert (
        tsunagi(data, "slip", "svc-jiritsu", "-o", str(said), "--say", "", "--no-log").returncode
        == 0
    )
    assert "電話で言うこと" not in "".join(text_of(said).split())
    bad = tsunagi(data, "slip", "svc-jiritsu", "-o", str(said), "--lang", "xx")
    assert bad.returncode != 0 and "--lang" in bad.stderr
