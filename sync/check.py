"""Checking every record of a verified payload before anything is committed.

Why its own module: a feed carries crisis phone numbers, so every line is validated (schema, Japan
profile, tombstone form, signed record counts) before the apply may commit. A big payload is
checked in a helper process while the apply writes (:class:`Check`); the publisher runs the same
check on what it is about to sign.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.compat import NoteTally, record_notes
from index.helper import Helper, HelperFailed, cores
from index.readers import dumps_record
from index.regions import RegionMaster
from index.store import Item
from index.validate import validate_record
from sync.errors import PayloadInvalidError, RecordCountMismatchError
from sync.manifest import Payload, is_tombstone

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 4 * 1024 * 1024
"""One service record is a few KiB; a line this long is not a record."""
CHECK_APART_AT = 16 * 1024 * 1024
"""Uncompressed payload size (~8k services) from which its records are checked in a helper
process while they are applied. Starting the helper costs ~1 s, so a typical delta is checked
here first, as before."""


@dataclass
class Checked:
    """Pass 1 over a verified payload: counts and ids, no records kept in memory."""

    upserts: int = 0
    tombstones: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    canonical: bool = True
    """Every record line is exactly its stored form (``dumps_record``), as ours publishes them."""
    notes: NoteTally = field(default_factory=NoteTally)
    """Unknown codes kept and shown by name (``index.compat``): the sync reports them."""


def lines(path: Path, what: str) -> Iterator[tuple[int, bytes, dict[str, Any]]]:
    """Each line's number, its bytes (without the newline) and its JSON object."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            where = f"{what} line {number}"
            if len(line) > MAX_LINE_BYTES:
                raise PayloadInvalidError(f"{where}: longer than {MAX_LINE_BYTES} bytes")
            if not line.endswith(b"\n"):
                raise PayloadInvalidError(f"{where}: the last line has no newline (truncated?)")
            try:
                value = json.loads(line)
            except (ValueError, RecursionError) as exc:
                raise PayloadInvalidError(f"{where}: not valid JSON ({exc})") from None
            if not isinstance(value, dict):
                raise PayloadInvalidError(f"{where}: not a JSON object")
            yield number, line[:-1], value


def check_payload(
    path: Path, payload: Payload, is_delta: bool, regions: RegionMaster, what: str
) -> Checked:
    """Validate every line before the database is touched; refuse on the first problem."""
    checked = Checked()
    for number, line, record in lines(path, what):
        where = f"{what} line {number}"
        if "deleted" in record:
            if not is_delta:
                raise PayloadInvalidError(f"{where}: a snapshot cannot hold a tombstone")
            if not is_tombstone(record):
                raise PayloadInvalidError(
                    f'{where}: a tombstone is exactly {{"id": "…", "deleted": true}}'
                )
            sid = record["id"]
            checked.tombstones.append(sid)
        else:
            problems = validate_record(record, where, regions)
            if problems:
                first = problems[0]
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise PayloadInvalidError(f"{first}{more}")
            sid = str(record["id"])
            checked.notes.add(record_notes(record, regions))
            checked.upserts += 1
            if checked.canonical:
                checked.canonical = dumps_record(record).encode("utf-8") == line
        if sid in checked.ids:
            raise PayloadInvalidError(f"{where}: id {sid!r} appears twice in the payload")
        checked.ids.add(sid)
    counts = dict(payload.record_counts)
    got = (
        {"upserts": checked.upserts, "tombstones": len(checked.tombstones)}
        if is_delta
        else {"services": checked.upserts}
    )
    for name, value in got.items():
        if name not in counts:
            raise RecordCountMismatchError(
                f"the manifest does not sign how many {name} {what} holds"
            )
        if counts[name] != value:
            raise RecordCountMismatchError(
                f"{what} holds {value} {name}, the manifest signed {counts[name]}"
            )
    return checked


class Check:
    """:func:`check_payload` for one payload: in a helper process while this one applies, if the
    payload is big enough to pay for starting one, else here and now.

    Checking 100k records and writing them each take ~40 s of one core; side by side on two
    cores they overlap. Nothing is committed before :meth:`result` has passed: the apply asks
    for it inside its transaction, and an invalid record rolls everything back.
    """

    def __init__(
        self,
        raw_path: Path,
        payload: Payload,
        is_delta: bool,
        regions: RegionMaster,
        what: str,
        apart_at: int,
    ) -> None:
        self._helper: Helper[Checked] | None = None
        self._checked: Checked | None = None
        self._args = (raw_path, payload, is_delta, regions, what)
        if payload.raw_length >= apart_at and cores() >= 2:
            self._helper = Helper(check_payload, *self._args)
        else:
            self._checked = check_payload(*self._args)

    def known(self) -> Checked | None:
        """The verdict if it is in (checked here), else None: the helper is still at it."""
        return self._checked

    def result(self) -> Checked:
        """The check's verdict: its counts and ids, or its refusal raised here."""
        if self._checked is None:
            assert self._helper is not None
            try:
                self._checked = self._helper.result()
            except HelperFailed as exc:  # killed (out of memory?): the check still has to happen
                log.warning("record check in a helper process failed (%s); checking here", exc)
                self._checked = check_payload(*self._args)
        return self._checked

    def __enter__(self) -> Check:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._helper is not None:
            self._helper.stop()


def records(path: Path, what: str, verbatim: bool) -> Iterator[Item]:
    """The payload's records to write; ``verbatim``: with their line as the stored text."""
    for number, line, record in lines(path, what):
        if "deleted" not in record:
            yield f"{what} line {number}", record, line.decode("utf-8") if verbatim else None
