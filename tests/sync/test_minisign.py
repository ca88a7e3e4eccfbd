"""minisign interop, both ways, against the real `minisign` binary (Debian package minisign)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sync import minisign
from sync.errors import BadSignatureError, KeyFormatError, SignatureFormatError
from sync.minisign import PublicKey, SecretKey, Signature

pytestmark = pytest.mark.tools("minisign")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["minisign", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=False
    )


@pytest.fixture
def tool_key(tmp_path: Path) -> tuple[Path, Path]:
    """A key pair made by minisign itself, without a password (-W)."""
    result = run("-G", "-W", "-p", "tool.pub", "-s", "tool.key", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "tool.pub", tmp_path / "tool.key"


def test_our_signature_verifies_with_minisign(tmp_path: Path) -> None:
    key = SecretKey.generate()
    (tmp_path / "k.pub").write_text(key.public_key.to_file_text())
    data = "manifest 相談 \x00 bytes".encode()
    (tmp_path / "m.json").write_bytes(data)
    sig = minisign.sign(key, data, trusted_comment="feed:jp-national version:7")
    (tmp_path / "m.json.minisig").write_text(sig.to_file_text())
    assert sig.algorithm == b"ED"
    result = run("-V", "-H", "-p", "k.pub", "-m", "m.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "feed:jp-national version:7" in result.stdout
    # ... and minisign refuses it once one byte changes.
    (tmp_path / "m.json").write_bytes(data + b" ")
    assert run("-V", "-p", "k.pub", "-m", "m.json", cwd=tmp_path).returncode != 0


@pytest.mark.parametrize("legacy", [False, True], ids=["prehashed-ED", "legacy-Ed"])
def test_minisign_signature_verifies_with_us(tool_key: tuple[Path, Path], legacy: bool) -> None:
    pub, _sec = tool_key
    folder = pub.parent
    (folder / "f").write_bytes(b"payload\n" * 100)
    args = ["-S", "-s", "tool.key", "-m", "f", "-t", "trusted words"]
    result = run(*args, *(["-l"] if legacy else []), cwd=folder)
    assert result.returncode == 0, result.stderr
    public = PublicKey.from_text(pub.read_text())
    sig = Signature.from_bytes((folder / "f.minisig").read_bytes())
    assert sig.algorithm == (b"Ed" if legacy else b"ED")
    assert minisign.verify(public, (folder / "f").read_bytes(), sig) == "trusted words"
    with pytest.raises(BadSignatureError, match=f"does not verify with key {public.key_id_hex}"):
        minisign.verify(public, b"payload\n" * 99, sig)


def test_key_id_matches_minisign_display(tool_key: tuple[Path, Path]) -> None:
    pub, _ = tool_key
    text = pub.read_text()
    shown = text.splitlines()[0].rsplit(" ", 1)[1]
    ours = PublicKey.from_text(text).key_id_hex
    # minisign drops leading zeros; we always show 16 digits.
    assert ours == shown.zfill(16) and len(ours) == 16
    assert PublicKey.from_text(text.splitlines()[1]).key_id_hex == ours  # bare -P form
    assert minisign.key_id_hex(minisign.key_id_from_hex(shown)) == ours
    assert minisign.key_id_hex(minisign.key_id_from_hex("6B54A71835A07EF")) == "06B54A71835A07EF"


def test_minisign_secret_key_signs_for_us(tool_key: tuple[Path, Path]) -> None:
    pub, sec = tool_key
    secret = SecretKey.from_text(sec.read_text())
    assert secret.public_key == PublicKey.from_text(pub.read_text())
    sig = minisign.sign(secret, b"hello", "c")
    assert minisign.verify(secret.public_key, b"hello", sig) == "c"


def test_our_secret_key_works_in_minisign(tmp_path: Path) -> None:
    key = SecretKey.generate()
    (tmp_path / "our.key").write_text(key.to_file_text())
    (tmp_path / "our.pub").write_text(key.public_key.to_file_text())
    (tmp_path / "f").write_bytes(b"data")
    assert run("-S", "-s", "our.key", "-m", "f", cwd=tmp_path).returncode == 0
    sig = Signature.from_bytes((tmp_path / "f.minisig").read_bytes())
    assert sig.key_id == key.key_id
    minisign.verify(key.public_key, b"data", sig)
    assert SecretKey.from_text(key.to_file_text()) == key


def test_tampered_trusted_comment_is_refused() -> None:
    key = SecretKey.generate()
    sig = minisign.sign(key, b"x", "version:9")
    forged = Signature.from_bytes(sig.to_file_text().replace("version:9", "version:10").encode())
    with pytest.raises(BadSignatureError, match="trusted comment"):
        minisign.verify(key.public_key, b"x", forged)


def test_signature_from_other_key_is_refused() -> None:
    signer, other = SecretKey.generate(), SecretKey.generate()
    sig = minisign.sign(signer, b"x", "c")
    with pytest.raises(BadSignatureError, match=f"signed by key {signer.public_key.key_id_hex}"):
        minisign.verify(other.public_key, b"x", sig)
    # Same key id, different key material: the signature itself must fail.
    impostor = PublicKey(key_id=signer.key_id, key=other.public)
    with pytest.raises(BadSignatureError, match="does not verify"):
        minisign.verify(impostor, b"x", sig)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (b"", "has 0 lines"),
        (b"untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n", "74"),
        (b"nope\nAAAA\ntrusted comment: y\nAAAA\n", "untrusted comment"),
        (b"untrusted comment: x\n!!!\ntrusted comment: y\nAAAA\n", "base64"),
        (b"\xff\xfe", "UTF-8"),
        (b"a" * 5000, "more than"),
    ],
)
def test_malformed_signature_files(text: bytes, match: str) -> None:
    with pytest.raises(SignatureFormatError, match=match):
        Signature.from_bytes(text)


def test_malformed_keys() -> None:
    with pytest.raises(KeyFormatError, match="42"):
        PublicKey.from_text("untrusted comment: x\nAAAA\n")
    with pytest.raises(KeyFormatError, match="158"):
        SecretKey.from_text("untrusted comment: x\nAAAA\n")
    with pytest.raises(KeyFormatError, match="16 hex"):
        minisign.key_id_from_hex("XYZ")
