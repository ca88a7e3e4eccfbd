"""Single-file feed bundles (``.tsunagi``: a zip or tar of a feed folder) for USB sticks.

Why so careful: a bundle arrives by hand, from anyone, and archive formats can name any path, link
anywhere and claim any size. So every member is checked **before anything is written** (names,
types, sizes, count), then the regular files are copied out by our own code (never
``extractall``) into a fresh temporary folder under the data folder. The extracted folder is then
synced exactly like any feed folder (:class:`sync.fetch.FolderSource`): the signature, signed
lengths and hashes decide what is used, the limits here only keep the extraction itself safe.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sync.errors import (
    DuplicateMemberError,
    LinkMemberError,
    MemberTooLargeError,
    NotABundleError,
    SpecialMemberError,
    TooManyMembersError,
    UnsafeMemberPathError,
)
from sync.manifest import MANIFEST_NAME

BUNDLE_SUFFIX = ".tsunagi"
CHUNK = 64 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_SAFE_PART = re.compile(r"[A-Za-z0-9._+-]{1,200}")


@dataclass(frozen=True)
class BundleLimits:
    """Sane ceilings, far above any real feed (100k services ≈ 30 MB gzip'ed)."""

    max_members: int = 10_000
    max_member_bytes: int = 1024**3
    max_total_bytes: int = 2 * 1024**3
    max_name_length: int = 512


@dataclass(frozen=True)
class _Member:
    name: str
    is_dir: bool
    size: int


def check_member_name(name: str, bundle: str, limits: BundleLimits) -> str:
    """Return the member's safe relative path, or refuse it (zip-slip and friends)."""
    shown = name[:100]
    if not name or len(name) > limits.max_name_length:
        raise UnsafeMemberPathError(f"{bundle}: member name {shown!r} is empty or too long")
    if "\0" in name or any(ord(ch) < 32 for ch in name):
        raise UnsafeMemberPathError(
            f"{bundle}: member {shown!r} has control characters in its name"
        )
    if "\\" in name:
        raise UnsafeMemberPathError(f"{bundle}: member {shown!r} uses backslashes (Windows path)")
    if name.startswith("/"):
        raise UnsafeMemberPathError(f"{bundle}: member {shown!r} is an absolute path")
    if _DRIVE.match(name):
        raise UnsafeMemberPathError(f"{bundle}: member {shown!r} names a drive letter")
    stripped = name[:-1] if name.endswith("/") else name
    if stripped == ".":
        return ""  # the archive's own top folder, as `tar -C feed .` writes it
    parts = stripped.split("/")
    if stripped.startswith("./"):
        parts = parts[1:]
    if any(part == ".." for part in parts):
        raise UnsafeMemberPathError(f"{bundle}: member {shown!r} escapes the folder with '..'")
    for part in parts:
        # Also refuses ':' (NTFS streams), reserved-looking and empty segments.
        if part in ("", ".") or not _SAFE_PART.fullmatch(part):
            raise UnsafeMemberPathError(
                f"{bundle}: member {shown!r} has a path segment {part[:40]!r} a feed never uses"
            )
    return "/".join(parts)


def _zip_members(archive: zipfile.ZipFile, bundle: str, limits: BundleLimits) -> list[_Member]:
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise TooManyMembersError(
            f"{bundle} has {len(infos)} members, more than the limit of {limits.max_members}"
        )
    members: list[_Member] = []
    for info in infos:
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        name = info.filename
        if kind == stat.S_IFLNK:
            raise LinkMemberError(f"{bundle}: member {name[:100]!r} is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise SpecialMemberError(
                f"{bundle}: member {name[:100]!r} is a device file, fifo or socket"
            )
        if info.flag_bits & 0x1:
            raise NotABundleError(f"{bundle}: member {name[:100]!r} is encrypted")
        is_dir = info.is_dir() or kind == stat.S_IFDIR
        members.append(_Member(name=name, is_dir=is_dir, size=0 if is_dir else info.file_size))
    return members


def _tar_members(archive: tarfile.TarFile, bundle: str, limits: BundleLimits) -> list[_Member]:
    members: list[_Member] = []
    # Iterate lazily: refusing at member 10 001 must not first read a million headers.
    for info in archive:
        if len(members) >= limits.max_members:
            raise TooManyMembersError(
                f"{bundle} has more members than the limit of {limits.max_members}"
            )
        name = info.name
        if info.issym() or info.islnk():
            kind = "symbolic link" if info.issym() else "hard link"
            raise LinkMemberError(f"{bundle}: member {name[:100]!r} is a {kind}")
        if info.isdir():
            members.append(_Member(name=name, is_dir=True, size=0))
        elif info.isreg():
            members.append(_Member(name=name, is_dir=False, size=info.size))
        else:
            raise SpecialMemberError(
                f"{bundle}: member {name[:100]!r} is a device file, fifo or other special file"
            )
    return members


def _check_all(members: list[_Member], bundle: str, limits: BundleLimits) -> dict[str, _Member]:
    """Every check before anything is written; returns safe path → member for regular files."""
    files: dict[str, _Member] = {}
    seen_folded: set[str] = set()
    total = 0
    for member in members:
        safe = check_member_name(member.name, bundle, limits)
        if member.is_dir:
            continue
        if not safe:
            raise UnsafeMemberPathError(f"{bundle}: a file member is named {member.name!r}")
        if member.size > limits.max_member_bytes:
            raise MemberTooLargeError(
                f"{bundle}: member {member.name[:100]!r} is {member.size} bytes, more than the "
                f"limit of {limits.max_member_bytes}"
            )
        total += member.size
        if total > limits.max_total_bytes:
            raise MemberTooLargeError(
                f"{bundle}: members add up to more than the limit of {limits.max_total_bytes} bytes"
            )
        folded = safe.casefold()
        if folded in seen_folded:
            raise DuplicateMemberError(f"{bundle}: member {safe!r} appears twice")
        seen_folded.add(folded)
        files[safe] = member
    # A file "a" and a folder "a/…" cannot both exist on disk.
    for path in files:
        prefix = path.casefold() + "/"
        if any(other.startswith(prefix) for other in seen_folded):
            raise DuplicateMemberError(f"{bundle}: {path!r} is both a file and a folder")
    return files


def _copy_capped(source: IO[bytes], target: Path, cap: int, bundle: str, name: str) -> None:
    written = 0
    with target.open("xb") as out:  # "x": never follow or overwrite anything already there
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > cap:
                raise MemberTooLargeError(
                    f"{bundle}: member {name[:100]!r} holds more bytes than its header says"
                )
            out.write(chunk)


def _feed_root(extracted: Path, files: dict[str, _Member], bundle: str) -> Path:
    """The folder holding ``manifest.json``: the top, or the single folder a zip tool wrapped."""
    if MANIFEST_NAME in files:
        return extracted
    tops = {path.split("/", 1)[0] for path in files}
    if len(tops) == 1:
        top = next(iter(tops))
        if f"{top}/{MANIFEST_NAME}" in files:
            return extracted / top
    raise NotABundleError(f"{bundle} has no {MANIFEST_NAME} at its top (or in one folder)")


def extract_bundle(bundle: Path, work_dir: Path, limits: BundleLimits | None = None) -> Path:
    """Check and extract ``bundle`` into a new temporary folder under ``work_dir``.

    Returns the feed folder inside it (remove the temporary folder with :func:`remove_extracted`
    when done; the caller owns it). Nothing is written unless every member passes.
    """
    limits = limits or BundleLimits()
    shown = bundle.name
    try:
        is_zip = zipfile.is_zipfile(bundle)
    except OSError as exc:
        raise NotABundleError(f"cannot read {bundle}: {exc.strerror or exc}") from None
    work_dir.mkdir(parents=True, exist_ok=True)
    try:
        if is_zip:
            return _extract_zip(bundle, work_dir, limits)
        return _extract_tar(bundle, work_dir, limits)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise NotABundleError(f"{shown} is damaged: {exc}") from None


def _extract_zip(bundle: Path, work_dir: Path, limits: BundleLimits) -> Path:
    shown = bundle.name
    with zipfile.ZipFile(bundle) as archive:
        files = _check_all(_zip_members(archive, shown, limits), shown, limits)
        target = Path(tempfile.mkdtemp(prefix="bundle-", dir=work_dir))
        try:
            for path, member in files.items():
                out = target / path
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member.name) as source:
                    _copy_capped(source, out, member.size, shown, member.name)
            return _feed_root(target, files, shown)
        except BaseException:
            remove_extracted(target)
            raise


def _extract_tar(bundle: Path, work_dir: Path, limits: BundleLimits) -> Path:
    shown = bundle.name
    try:
        archive = tarfile.open(bundle, mode="r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError):
        raise NotABundleError(f"{shown} is neither a zip nor a tar archive") from None
    with archive:
        files = _check_all(_tar_members(archive, shown, limits), shown, limits)
        target = Path(tempfile.mkdtemp(prefix="bundle-", dir=work_dir))
        try:
            by_name = {member.name: path for path, member in files.items()}
            for info in archive:
                path = by_name.get(info.name)
                if path is None or not info.isreg():
                    continue
                out = target / path
                out.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(info)
                if source is None:
                    raise SpecialMemberError(f"{shown}: member {info.name!r} has no data")
                with source:
                    _copy_capped(source, out, info.size, shown, info.name)
            return _feed_root(target, files, shown)
        except BaseException:
            remove_extracted(target)
            raise


def remove_extracted(folder: Path) -> None:
    """Remove a temporary extraction folder (the one ``extract_bundle`` made, or its parent)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(folder)


@contextlib.contextmanager
def opened_bundle(
    bundle: Path, work_dir: Path, limits: BundleLimits | None = None
) -> Iterator[Path]:
    """``with opened_bundle(path, data/"tmp") as feed_folder:`` — extracted, then removed."""
    feed_folder = extract_bundle(bundle, work_dir, limits)
    temp_root = feed_folder
    while temp_root.parent != work_dir and temp_root.parent != temp_root:
        temp_root = temp_root.parent
    try:
        yield feed_folder
    finally:
        remove_extracted(temp_root)
