"""tsunagi-admin keygen: minisign-format keys, the secret one mode 600."""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from sync.admin import main
from sync.minisign import PublicKey, SecretKey
from tests.records import service


@pytest.mark.tools("minisign")
def test_keygen_writes_a_private_key_and_a_public_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "feed.key"
    assert main(["keygen", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    secret = SecretKey.from_text(out.read_text())
    public = PublicKey.from_text((tmp_path / "feed.key.pub").read_text())
    assert secret.public_key == public
    assert public.key_id_hex in capsys.readouterr().out
    # The stock tool signs with it, no password asked.
    (tmp_path / "f").write_bytes(b"x")
    signed = subprocess.run(
        ["minisign", "-S", "-s", str(out), "-m", str(tmp_path / "f")],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert signed.returncode == 0, signed.stderr
    verified = subprocess.run(
        ["minisign", "-V", "-p", str(tmp_path / "feed.key.pub"), "-m", str(tmp_path / "f")],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert verified.returncode == 0


def test_keygen_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "feed.key"
    assert main(["keygen", "--out", str(out)]) == 0
    before = out.read_text()
    assert main(["keygen", "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == before
    assert main(["keygen", "--out", str(out), "--force"]) == 0
    assert out.read_text() != before
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def _input(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


@pytest.mark.tools("minisign")
def test_publish_verify_diff_cycle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "feed.key"
    assert main(["keygen", "--out", str(key)]) == 0
    out = tmp_path / "site"
    first = _input(tmp_path / "v1.ndjson", [service("窓口A", sid="a", phones=["0120-1"])])
    assert main(["publish", str(first), "--key", str(key), "--out", str(out)]) == 1
    assert "needs --feed-id" in capsys.readouterr().err
    args = ["--key", str(key), "--out", str(out), "--feed-id", "pref-13"]
    assert main(["publish", str(first), *args]) == 0
    assert "published pref-13 version 1: 1 services" in capsys.readouterr().out
    assert main(["verify", str(out), "--key", f"{key}.pub"]) == 0
    assert "ok: pref-13 version 1, 1 payload(s) verified" in capsys.readouterr().out

    second = _input(
        tmp_path / "v2.ndjson",
        [service("窓口A", sid="a", phones=["0120-2"]), service("窓口B", sid="b")],
    )
    assert main(["diff", str(second), "--against", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "added 1, changed 1, removed 0" in shown
    assert "!!   a 窓口A: 0120-1 → 0120-2" in shown
    assert main(["publish", str(second), *args]) == 1
    assert "--confirm-phone-changes" in capsys.readouterr().err
    assert main(["publish", str(second), *args, "--confirm-phone-changes"]) == 0
    assert main(["verify", str(out), "--key", f"{key}.pub"]) == 0
    assert "version 2, 2 payload(s) verified" in capsys.readouterr().out
    # The stock tool agrees with the signature.
    ok = subprocess.run(
        ["minisign", "-V", "-p", f"{key}.pub", "-m", str(out / "manifest.json")],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert ok.returncode == 0


def test_publish_names_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "feed.key"
    main(["keygen", "--out", str(key)])
    bad = service("窓口", sid="x", phones=["なし"])
    path = _input(tmp_path / "bad.ndjson", [service("ok", sid="y"), bad])
    out = tmp_path / "site"
    assert main(["publish", str(path), "--key", str(key), "--out", str(out), "--feed-id", "f"]) == 1
    err = capsys.readouterr().err
    assert "bad.ndjson" in err and "phones[0].number" in err and "publish refused: 1 problem" in err
    assert not out.exists()


def test_verify_catches_a_tampered_payload(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "feed.key"
    main(["keygen", "--out", str(key)])
    out = tmp_path / "site"
    path = _input(tmp_path / "v1.ndjson", [service("窓口", sid="a")])
    main(["publish", str(path), "--key", str(key), "--out", str(out), "--feed-id", "f"])
    snap = next((out / "snap").iterdir())
    snap.write_bytes(snap.read_bytes()[:-1])
    assert main(["verify", str(out), "--key", f"{key}.pub"]) == 1
    assert "does not match its manifest" in capsys.readouterr().err


def test_publish_refuses_a_spreadsheet_with_a_numeric_phone_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    key = tmp_path / "feed.key"
    assert main(["keygen", "--out", str(key)]) == 0
    sheet = tmp_path / "services.xlsx"
    workbook = load_workbook(
        Path(__file__).resolve().parents[2] / "resources/templates/tsunagi-template.xlsx"
    )
    ws = workbook.worksheets[0]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("窓口名") + 1, value="つなぎ市こころの相談")
    ws.cell(row=2, column=headers.index("電話番号1") + 1, value=120111222)  # Excel ate the 0
    workbook.save(sheet)
    code = main(
        [
            "publish",
            str(sheet),
            "--key",
            str(key),
            "--out",
            str(tmp_path / "feed"),
            "--feed-id",
            "x",
        ]
    )
    assert code == 1
    assert "2行目: 電話番号1: 数値のセル" in capsys.readouterr().err
    assert not (tmp_path / "feed" / "manifest.json").exists()
