"""`.tsunagi` bundles: checked member by member before anything is written, then extracted."""

from __future__ import annotations

import io
import stat
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sync import errors
from sync.bundle import BundleLimits, extract_bundle, opened_bundle
from sync.fetch import Deadline, FolderSource
from sync.minisign import SecretKey
from tests.sync.feedkit import write_feed

KEY = SecretKey.generate()


@pytest.fixture
def feed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir()
    write_feed(folder, KEY)
    return folder


def zip_bundle(path: Path, members: dict[str, bytes], attrs: dict[str, int] | None = None) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one test
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                info = zipfile.ZipInfo(name)
                if attrs and name in attrs:
                    info.external_attr = attrs[name] << 16
                archive.writestr(info, data)
    return path


def tar_bundle(path: Path, members: list[tarfile.TarInfo | tuple[str, bytes]]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for member in members:
            if isinstance(member, tarfile.TarInfo):
                archive.addfile(member)
            else:
                info = tarfile.TarInfo(member[0])
                info.size = len(member[1])
                archive.addfile(info, io.BytesIO(member[1]))
    return path


def folder_members(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_zip_bundle_extracts_to_a_feed_folder(feed_folder: Path, tmp_path: Path) -> None:
    bundle = zip_bundle(tmp_path / "feed.tsunagi", folder_members(feed_folder))
    work = tmp_path / "data" / "tmp"
    with opened_bundle(bundle, work) as extracted:
        assert extracted.parent == work
        fetched = FolderSource(extracted).fetch_manifest(None, Deadline(10))
        assert fetched.raw == (feed_folder / "manifest.json").read_bytes()
        assert folder_members(extracted) == folder_members(feed_folder)
    assert list(work.iterdir()) == []  # the temporary folder is gone afterwards


def test_tar_bundle_wrapped_in_a_folder(feed_folder: Path, tmp_path: Path) -> None:
    members = list(folder_members(feed_folder, "feed-2026-11/").items())
    bundle = tar_bundle(tmp_path / "feed.tsunagi", members)
    extracted = extract_bundle(bundle, tmp_path / "work")
    assert extracted.name == "feed-2026-11"
    assert (extracted / "manifest.json").read_bytes() == (
        feed_folder / "manifest.json"
    ).read_bytes()


def special(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


BAD_BUNDLES: list[tuple[str, Callable[[Path], Path], type[Exception], str]] = [
    (
        "zip-slip",
        lambda p: zip_bundle(p, {"../evil.txt": b"x"}),
        errors.UnsafeMemberPathError,
        "escapes the folder with '..'",
    ),
    (
        "zip-slip-deep",
        lambda p: zip_bundle(p, {"snap/../../evil": b"x"}),
        errors.UnsafeMemberPathError,
        "escapes",
    ),
    (
        "absolute",
        lambda p: zip_bundle(p, {"/etc/cron.d/x": b"x"}),
        errors.UnsafeMemberPathError,
        "absolute path",
    ),
    (
        "drive",
        lambda p: zip_bundle(p, {"C:/Windows/x": b"x"}),
        errors.UnsafeMemberPathError,
        "drive letter",
    ),
    (
        "backslash",
        lambda p: zip_bundle(p, {"..\\evil": b"x"}),
        errors.UnsafeMemberPathError,
        "backslashes",
    ),
    (
        "ads",
        lambda p: zip_bundle(p, {"manifest.json:evil": b"x"}),
        errors.UnsafeMemberPathError,
        "segment",
    ),
    (
        "zip-symlink",
        lambda p: zip_bundle(
            p, {"manifest.json": b"/etc/passwd"}, {"manifest.json": stat.S_IFLNK | 0o777}
        ),
        errors.LinkMemberError,
        "symbolic link",
    ),
    (
        "zip-device",
        lambda p: zip_bundle(p, {"dev": b""}, {"dev": stat.S_IFCHR | 0o666}),
        errors.SpecialMemberError,
        "device file",
    ),
    (
        "tar-slip",
        lambda p: tar_bundle(p, [("../../evil", b"x")]),
        errors.UnsafeMemberPathError,
        "escapes",
    ),
    (
        "tar-absolute",
        lambda p: tar_bundle(p, [("/tmp/evil", b"x")]),
        errors.UnsafeMemberPathError,
        "absolute",
    ),
    (
        "tar-symlink",
        lambda p: tar_bundle(p, [special("manifest.json", tarfile.SYMTYPE, "/etc/passwd")]),
        errors.LinkMemberError,
        "symbolic link",
    ),
    (
        "tar-hardlink",
        lambda p: tar_bundle(p, [special("m", tarfile.LNKTYPE, "/etc/shadow")]),
        errors.LinkMemberError,
        "hard link",
    ),
    (
        "tar-chardev",
        lambda p: tar_bundle(p, [special("null", tarfile.CHRTYPE)]),
        errors.SpecialMemberError,
        "device file",
    ),
    (
        "tar-fifo",
        lambda p: tar_bundle(p, [special("pipe", tarfile.FIFOTYPE)]),
        errors.SpecialMemberError,
        "fifo",
    ),
    (
        "duplicate",
        lambda p: zip_bundle(p, {"manifest.json": b"a", "Manifest.json": b"b"}),
        errors.DuplicateMemberError,
        "appears twice",
    ),
    (
        "file-and-folder",
        lambda p: zip_bundle(p, {"snap": b"a", "snap/x": b"b"}),
        errors.DuplicateMemberError,
        "both a file and a folder",
    ),
    (
        "not-an-archive",
        lambda p: (p.write_bytes(b"\x00garbage" * 100), p)[1],
        errors.NotABundleError,
        "neither a zip nor a tar",
    ),
    (
        "no-manifest",
        lambda p: zip_bundle(p, {"readme.txt": b"hi"}),
        errors.NotABundleError,
        "no manifest.json",
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [case[1:] for case in BAD_BUNDLES],
    ids=[case[0] for case in BAD_BUNDLES],
)
def test_bad_bundles_are_refused_and_nothing_is_left(
    tmp_path: Path, build: Callable[[Path], Path], error: type[Exception], match: str
) -> None:
    bundle = build(tmp_path / "bad.tsunagi")
    work = tmp_path / "work"
    with pytest.raises(error, match=match):
        extract_bundle(bundle, work)
    assert list(work.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "evil").exists()


def test_too_many_members(tmp_path: Path) -> None:
    members = {f"snap/{i}": b"" for i in range(10_001)}
    bundle = zip_bundle(tmp_path / "many.tsunagi", members)
    with pytest.raises(errors.TooManyMembersError, match="10001 members, more than the limit"):
        extract_bundle(bundle, tmp_path / "work")
    tar = tar_bundle(tmp_path / "many.tar", [(f"s/{i}", b"") for i in range(30)])
    with pytest.raises(errors.TooManyMembersError, match="limit of 20"):
        extract_bundle(tar, tmp_path / "work", BundleLimits(max_members=20))


def test_oversized_members(tmp_path: Path) -> None:
    limits = BundleLimits(max_member_bytes=1000, max_total_bytes=1500)
    one_big = zip_bundle(tmp_path / "a.tsunagi", {"manifest.json": b"x" * 1001})
    with pytest.raises(errors.MemberTooLargeError, match="1001 bytes, more than the limit of 1000"):
        extract_bundle(one_big, tmp_path / "work", limits)
    many = tar_bundle(tmp_path / "b.tsunagi", [("a", b"x" * 800), ("b", b"y" * 800)])
    with pytest.raises(errors.MemberTooLargeError, match="add up to more than the limit of 1500"):
        extract_bundle(many, tmp_path / "work", limits)
    assert list((tmp_path / "work").iterdir()) == []
