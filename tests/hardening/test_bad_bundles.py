"""Hostile USB bundles: each refused fast, with its own error naming the member, nothing written.

The archives are built byte by byte where the standard library would refuse to make them (a zip
member *declaring* 10 GB, 100 000 entries in a fraction of a second), and with GNU ``tar --sparse``
for a real sparse 10 GB member (a file with a hole; no 10 GB is ever written to disk).
"""

from __future__ import annotations

import io
import os
import stat
import struct
import subprocess
import tarfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sync import errors
from sync.bundle import extract_bundle
from tests.hardening.dbcheck import tree

FAST_S = 5.0
MANIFEST = b'{"format": "tsunagi-feed/1"}\n'


# --- a minimal zip writer: any name, any mode, any declared size -----------------------------------


def raw_zip(entries: list[tuple[str, bytes, int, int | None]]) -> bytes:
    """(name, data, st_mode, declared_size or None). Stored (no compression); zip64 sizes."""
    out = bytearray()
    central = bytearray()
    for name, data, mode, declared in entries:
        encoded = name.encode("utf-8", "surrogateescape")
        size = len(data) if declared is None else declared
        crc = zlib.crc32(data)
        extra = struct.pack("<HHQQ", 1, 16, size, len(data))
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50, 45, 0x800, 0, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(encoded), len(extra)
        )  # fmt: skip
        out += encoded + extra + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 0x0314, 45, 0x800, 0, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
            len(encoded), len(extra), 0, 0, 0, (mode & 0xFFFF) << 16, offset,
        )  # fmt: skip
        central += encoded + extra
    cd_offset = len(out)
    count = len(entries)
    out += central
    if count >= 0xFFFF:
        z64_offset = len(out)
        out += struct.pack(
            "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), cd_offset
        )
        out += struct.pack("<IIQI", 0x07064B50, 0, z64_offset, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(out)


REG = stat.S_IFREG | 0o644


def zip_with(*extra: tuple[str, bytes, int, int | None]) -> bytes:
    return raw_zip([("manifest.json", MANIFEST, REG, None), *extra])


def tar_with(*members: tarfile.TarInfo, data: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(MANIFEST)
        tar.addfile(info, io.BytesIO(MANIFEST))
        for member in members:
            payload = (data or {}).get(member.name)
            tar.addfile(member, io.BytesIO(payload) if payload is not None else None)
    return buf.getvalue()


def _info(name: str, kind: bytes = tarfile.REGTYPE, **fields: object) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    for key, value in fields.items():
        setattr(info, key, value)
    return info


CASES: dict[str, tuple[Callable[[], bytes], type[errors.BundleError], str]] = {
    "zip-dotdot": (
        lambda: zip_with(("../../evil.txt", b"x", REG, None)),
        errors.UnsafeMemberPathError,
        "..",
    ),
    "zip-absolute": (
        lambda: zip_with(("/tmp/evil.txt", b"x", REG, None)),
        errors.UnsafeMemberPathError,
        "absolute",
    ),
    "zip-drive": (
        lambda: zip_with(("C:/Windows/evil.txt", b"x", REG, None)),
        errors.UnsafeMemberPathError,
        "drive",
    ),
    "zip-backslash": (
        lambda: zip_with(("..\\..\\evil.txt", b"x", REG, None)),
        errors.UnsafeMemberPathError,
        "backslash",
    ),
    "zip-nested-dotdot": (
        lambda: zip_with(("snap/../../evil.txt", b"x", REG, None)),
        errors.UnsafeMemberPathError,
        "..",
    ),
    "zip-symlink": (
        lambda: zip_with(("snap/link", b"/etc/passwd", stat.S_IFLNK | 0o777, None)),
        errors.LinkMemberError,
        "symbolic link",
    ),
    "zip-device": (
        lambda: zip_with(("snap/dev", b"", stat.S_IFCHR | 0o666, None)),
        errors.SpecialMemberError,
        "device",
    ),
    "zip-fifo": (
        lambda: zip_with(("snap/fifo", b"", stat.S_IFIFO | 0o666, None)),
        errors.SpecialMemberError,
        "fifo",
    ),
    "zip-10GB-declared": (
        lambda: zip_with(("snap/huge.ndjson.gz", b"x" * 100, REG, 10 * 1024**3)),
        errors.MemberTooLargeError,
        "10737418240 bytes",
    ),
    "zip-lies-about-size": (
        lambda: zip_with(("snap/liar.ndjson.gz", b"y" * 200_000, REG, 10)),
        errors.NotABundleError,  # zipfile reads only the declared bytes; the CRC then fails
        "damaged",
    ),
    "zip-case-duplicate": (
        lambda: zip_with(("snap/A", b"1", REG, None), ("snap/a", b"2", REG, None)),
        errors.DuplicateMemberError,
        "twice",
    ),
    "tar-dotdot": (
        lambda: tar_with(_info("../evil.txt", size=1), data={"../evil.txt": b"x"}),
        errors.UnsafeMemberPathError,
        "..",
    ),
    "tar-absolute": (
        lambda: tar_with(_info("/etc/cron.d/evil", size=1), data={"/etc/cron.d/evil": b"x"}),
        errors.UnsafeMemberPathError,
        "absolute",
    ),
    "tar-symlink": (
        lambda: tar_with(_info("snap", tarfile.SYMTYPE, linkname="/etc")),
        errors.LinkMemberError,
        "symbolic link",
    ),
    "tar-hardlink": (
        lambda: tar_with(_info("snap/x", tarfile.LNKTYPE, linkname="/etc/shadow")),
        errors.LinkMemberError,
        "hard link",
    ),
    "tar-chardev": (
        lambda: tar_with(_info("snap/null", tarfile.CHRTYPE, devmajor=1, devminor=3)),
        errors.SpecialMemberError,
        "device",
    ),
    "tar-blockdev": (
        lambda: tar_with(_info("snap/sda", tarfile.BLKTYPE, devmajor=8, devminor=0)),
        errors.SpecialMemberError,
        "device",
    ),
    "tar-fifo": (
        lambda: tar_with(_info("snap/fifo", tarfile.FIFOTYPE)),
        errors.SpecialMemberError,
        "fifo",
    ),
}


def _run(tmp_path: Path, name: str, blob: bytes) -> tuple[BaseException, float]:
    bundle = tmp_path / "usb" / f"{name}.tsunagi"
    bundle.parent.mkdir(parents=True, exist_ok=True)
    bundle.write_bytes(blob)
    work = tmp_path / "data" / "tmp"
    before = tree(tmp_path)
    started = time.monotonic()
    with pytest.raises(errors.BundleError) as refused:
        extract_bundle(bundle, work)
    elapsed = time.monotonic() - started
    after = tree(tmp_path)
    new = set(after) - set(before)
    assert new <= {"data", "data/tmp"}, f"written by a refused bundle: {sorted(new)[:5]}"
    assert not any(work.iterdir()), "a refused bundle left files in the work folder"
    return refused.value, elapsed


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_fast_with_its_own_error(tmp_path: Path, case: str) -> None:
    build, expected, words = CASES[case]
    error, elapsed = _run(tmp_path, case, build())
    assert type(error) is expected, f"{case}: {type(error).__name__}: {error}"
    assert words in str(error), str(error)
    assert f"{case}.tsunagi" in str(error), "the message does not name the bundle"
    assert "\n" not in str(error)
    assert elapsed < FAST_S


def test_real_sparse_10gb_member_is_refused_without_reading_it(tmp_path: Path) -> None:
    """GNU tar --sparse of a 10 GB file that is one big hole: a few KB on disk."""
    feed = tmp_path / "feed"
    (feed / "snap").mkdir(parents=True)
    (feed / "manifest.json").write_bytes(MANIFEST)
    with (feed / "snap" / "huge.ndjson.gz").open("wb") as fh:
        fh.truncate(10 * 1024**3)  # sparse: no data blocks are written
    bundle = tmp_path / "sparse.tsunagi"
    subprocess.run(
        ["tar", "--sparse", "-C", str(feed), "-cf", str(bundle), "manifest.json", "snap"],
        check=True,
        timeout=120,
    )
    (feed / "snap" / "huge.ndjson.gz").unlink()
    assert bundle.stat().st_size < 1024**2
    started = time.monotonic()
    with pytest.raises(errors.MemberTooLargeError, match="10737418240 bytes"):
        extract_bundle(bundle, tmp_path / "data" / "tmp")
    assert time.monotonic() - started < FAST_S
    assert not any((tmp_path / "data" / "tmp").iterdir())


def test_a_hundred_thousand_tiny_files_in_a_zip(tmp_path: Path) -> None:
    entries = [(f"snap/{i:06d}", b"", REG, None) for i in range(100_000)]
    blob = raw_zip([("manifest.json", MANIFEST, REG, None), *entries])
    assert blob.count(b"PK\x01\x02") == 100_001  # central directory entries
    error, elapsed = _run(tmp_path, "many", blob)
    assert isinstance(error, errors.TooManyMembersError)
    assert "100001 members" in str(error)
    assert elapsed < FAST_S


def test_a_hundred_thousand_tiny_files_in_a_tar(tmp_path: Path) -> None:
    """Refused at member 10 001 without reading the rest (the headers are read lazily)."""
    header = tarfile.TarInfo("snap/000000")
    blocks = [header.tobuf(format=tarfile.GNU_FORMAT)]
    template = blocks[0]
    for i in range(1, 100_000):
        name = f"snap/{i:06d}".encode()
        block = bytearray(template)
        block[0:11] = name
        block[148:156] = b"        "
        block[148:156] = b"%06o\0 " % sum(block)
        blocks.append(bytes(block))
    blob = b"".join(blocks) + bytes(1024)
    bundle = tmp_path / "usb" / "many.tsunagi"
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(blob)
    assert len(blob) == 512 * 100_000 + 1024
    started = time.monotonic()
    with pytest.raises(errors.TooManyMembersError, match="10000"):
        extract_bundle(bundle, tmp_path / "data" / "tmp")
    assert time.monotonic() - started < FAST_S
    assert not any((tmp_path / "data" / "tmp").iterdir())


def test_not_an_archive_and_a_truncated_zip(tmp_path: Path) -> None:
    good = zip_with(("snap/x", b"data" * 100, REG, None))
    for name, blob in {"random": os.urandom(4096), "cut": good[: len(good) // 2]}.items():
        error, elapsed = _run(tmp_path, name, blob)
        assert isinstance(error, errors.NotABundleError), (name, error)
        assert elapsed < FAST_S


@pytest.mark.parametrize("case", ["zip-dotdot", "zip-symlink", "tar-chardev", "zip-10GB-declared"])
def test_sync_from_a_hostile_bundle_changes_nothing(tmp_path: Path, case: str) -> None:
    """The whole path the app and ``tsunagi sync --from`` take: open_location → sync_feed."""
    from index.directory import Directory
    from index.paths import app_paths
    from sync.apply import add_feed, open_location, sync_feed
    from sync.minisign import SecretKey
    from tests.hardening.dbcheck import content_digest

    build, expected, _words = CASES[case]
    bundle = tmp_path / "usb" / f"{case}.tsunagi"
    bundle.parent.mkdir()
    bundle.write_bytes(build())
    paths = app_paths(tmp_path / "data")
    with Directory.open(paths, seed=False) as directory:
        add_feed(directory.db, "usb", str(bundle), SecretKey.generate().public_key.to_file_text())
        directory.set_note("svc-1", "メモ")
        before = content_digest(directory.db.conn, skip=("feed",))
        outside = tree(tmp_path / "usb")
        with pytest.raises(expected), open_location(str(bundle), paths) as source:
            sync_feed(directory.db, paths, directory.regions, "usb", source=source)
        assert content_digest(directory.db.conn, skip=("feed",)) == before
        assert directory.note("svc-1") == "メモ"
    assert tree(tmp_path / "usb") == outside
    leftovers = (
        list((paths.data / "bundles").rglob("*")) if (paths.data / "bundles").exists() else []
    )
    assert not leftovers, leftovers
