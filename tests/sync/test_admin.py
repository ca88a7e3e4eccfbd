"""tsunagi-admin keygen: minisign-format keys, the secret one mode 600."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from sync.admin import main
from sync.minisign import PublicKey, SecretKey


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
