"""Key rotation: key lists signed by a trusted old key AND every new key."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sync import errors
from sync.fetch import Deadline, FolderSource
from sync.keys import (
    KeyList,
    build_key_list,
    key_list_path,
    key_signature_path,
    keyring,
    sign_key_list,
    walk_rotation,
)
from sync.minisign import SecretKey
from tests.sync.feedkit import NOW

OLD, NEW, NEWER, THIEF = (SecretKey.generate() for _ in range(4))


def publish_list(
    folder: Path, serial: int, keys: list[SecretKey], signers: list[SecretKey], feed: str = "jp"
) -> None:
    raw = build_key_list(serial, feed, [k.public_key for k in keys], NOW, version_floor=100)
    path = folder / key_list_path(serial)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    for signer in signers:
        sig = folder / key_signature_path(serial, signer.public_key.key_id_hex)
        sig.write_bytes(sign_key_list(raw, signer, serial))


def walk(folder: Path, wanted: SecretKey, held_serial: int = 0) -> KeyList:
    source = FolderSource(folder)
    return walk_rotation(
        lambda path, cap: source.fetch_small(path, cap, Deadline(10)),
        wanted_key_id=wanted.public_key.key_id_hex,
        held_serial=held_serial,
        feed_id="jp",
        current=keyring([OLD.public_key]),
    )


def test_chain_of_two_rotations(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD, NEW])
    publish_list(tmp_path, 2, [NEWER], [NEW, NEWER])
    adopted = walk(tmp_path, NEWER)
    assert adopted.serial == 2
    assert list(adopted.keys) == [NEWER.public_key.key_id_hex]
    assert adopted.version_floor == 100


@pytest.mark.tools("minisign")
def test_key_list_signature_checks_with_minisign(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD, NEW])
    (tmp_path / "old.pub").write_text(OLD.public_key.to_file_text())
    result = subprocess.run(
        [
            "minisign",
            "-V",
            "-p",
            "old.pub",
            "-m",
            key_list_path(1),
            "-x",
            key_signature_path(1, OLD.public_key.key_id_hex),
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_list_without_the_new_keys_signature_is_refused(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD])
    with pytest.raises(errors.KeyListError, match=f"new key {NEW.public_key.key_id_hex} has not"):
        walk(tmp_path, NEW)


def test_list_signed_only_by_the_new_key_is_refused(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [THIEF], [THIEF])
    with pytest.raises(errors.KeyListError, match="not signed by any trusted key"):
        walk(tmp_path, THIEF)


def test_list_for_another_feed_is_refused(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD, NEW], feed="pref-13")
    with pytest.raises(errors.KeyListError, match="is for feed 'pref-13'"):
        walk(tmp_path, NEW)


def test_altered_list_is_refused(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD, NEW])
    path = tmp_path / key_list_path(1)
    path.write_bytes(path.read_bytes().replace(b'"version_floor": 100', b'"version_floor": 1'))
    with pytest.raises(errors.KeyListError, match="signature does not verify"):
        walk(tmp_path, NEW)


def test_chain_end_without_the_key_is_unknown_key(tmp_path: Path) -> None:
    publish_list(tmp_path, 1, [NEW], [OLD, NEW])
    with pytest.raises(errors.UnknownKeyError, match="no key list after 1 introduces it"):
        walk(tmp_path, THIEF)
    with pytest.raises(errors.UnknownKeyError, match="no key list after 0"):
        walk(tmp_path / "nothing-here", THIEF)
