"""Every way a sync can be refused, one exception class each.

A refusal must tell an office worker (and the admin they phone) exactly what was wrong in one line,
and the CLI and the app must be able to tell a replay from a network hiccup without parsing text.
So each check raises its own class, all below :class:`SyncError`, and ``str(error)`` is the one-line
human message. Nothing outside these classes may escape verification code: a Hypothesis test
holds us to that.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every refusal. ``str()`` is a single line naming what was wrong."""

    #: Whether trying again later may succeed (network trouble) or not (a bad feed).
    transient: bool = False
    #: Whether only a newer tsunagi can read this feed (the window's own banner says so).
    update_needed: bool = False

    def __init__(self, message: str) -> None:
        # One line, always: messages end up in a status bar and in `feed.last_error`.
        super().__init__(" ".join(message.split()))

    @property
    def message(self) -> str:
        return str(self.args[0])


# --- keys and signatures -------------------------------------------------------------------------


class KeyFormatError(SyncError):
    """A public or secret key file is not in the minisign format we understand."""


class SignatureFormatError(SyncError):
    """A ``.minisig`` file is malformed (wrong lines, base64, algorithm or length)."""


class UnknownKeyError(SyncError):
    """The signature names a key id that is not among the trusted keys of this feed."""


class BadSignatureError(SyncError):
    """The signature (or its trusted comment's global signature) does not verify."""


class KeyListError(SyncError):
    """A key rotation list (``keys/<n>.json``) is malformed or not signed by old and new keys."""


# --- the manifest --------------------------------------------------------------------------------


class ManifestTooLargeError(SyncError):
    """The manifest (or its signature) is bigger than the fixed cap."""


class ManifestMalformedError(SyncError):
    """The signed manifest bytes are not a single strict JSON object."""


class ManifestInvalidError(SyncError):
    """A field is missing, of the wrong type or out of range."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"manifest field {field!r}: {reason}")


class UnsupportedFormatError(SyncError):
    """``format`` is not one this client speaks."""


class KeyIdMismatchError(SyncError):
    """The manifest's ``key_id`` is not the key that signed it."""


class FeedIdMismatchError(SyncError):
    """The manifest is for another feed (region, environment) than the one configured."""


class ReplayedManifestError(SyncError):
    """The manifest's version is older than the version already held: a replay."""


class ManifestExpiredError(SyncError):
    """``expires`` is at or before the start of this sync: nothing may be applied."""


class ExpiryTooFarError(SyncError):
    """The publisher asked for an expiry further ahead than clients honour (60 days)."""


class ClientTooOldError(SyncError):
    """The feed needs a newer tsunagi (``min_client_version``)."""

    update_needed = True


class SchemaTooNewError(ClientTooOldError):
    """The feed's ``schema_version`` has a newer major version than this tsunagi reads.

    A newer minor version is read with a warning; a newer major one changes what fields mean, so
    nothing is applied and the window says 「tsunagiの更新が必要です」 (as for any
    :class:`ClientTooOldError`; ``code`` tells the two apart).
    """

    code = "schema-too-new"


# --- fetching ------------------------------------------------------------------------------------


class FetchError(SyncError):
    """Base of download problems."""


class OfflineError(FetchError):
    """The host could not be reached (DNS, refused connection, no route)."""

    transient = True


class TimeoutFetchError(FetchError):
    """Connecting or a single read took longer than its timeout."""

    transient = True


class DeadlineExceededError(FetchError):
    """The whole download ran past its overall deadline (e.g. a slow-drip server)."""

    transient = True


class HTTPStatusError(FetchError):
    """The server answered with a status we cannot use."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)

    @property
    def transient(self) -> bool:  # type: ignore[override]
        return self.status in (408, 425, 429) or self.status >= 500


class NotFoundError(HTTPStatusError):
    """404/410: the file is not on the host (or not in the folder)."""


class RedirectRefusedError(FetchError):
    """A redirect to another scheme or host (or too many redirects)."""


class ProtocolFetchError(FetchError):
    """The server's answer is not valid HTTP, or contradicts itself (bad Content-Range …)."""

    transient = True


class PayloadTooLargeError(FetchError):
    """More bytes arrived (or were announced) than the signed length."""


class TruncatedPayloadError(FetchError):
    """The download ended before the signed length."""

    transient = True


class HashMismatchError(FetchError):
    """The downloaded bytes do not hash to the signed sha256."""


class DecompressionBombError(FetchError):
    """A gzip payload inflates past its signed raw length."""


class CorruptPayloadError(FetchError):
    """A payload is not valid gzip, or has bytes after the gzip stream."""


class RawHashMismatchError(FetchError):
    """The decompressed payload does not hash to the signed raw sha256 or length."""


# --- checking and applying ------------------------------------------------------------------


class FeedNotFoundError(SyncError):
    """No feed of that name is configured."""


class PayloadInvalidError(SyncError):
    """A record in the payload fails the schema or the Japan profile (names line and field)."""


class RecordCountMismatchError(SyncError):
    """The payload holds another number of records than the signed ``record_counts``."""


class ConflictingIdError(SyncError):
    """A feed record's id already belongs to another feed or to the office's own resources."""


class DatabaseWriteError(SyncError):
    """SQLite refused the write (disk full, locked, read-only); the transaction rolled back."""

    transient = True


class DigestMismatchError(SyncError):
    """After applying, the dataset's digest is not the signed ``content_digest`` (rolled back)."""


class DiskFullError(SyncError):
    """The disk (or the user's quota) is full: a download or the database write could not finish."""

    transient = True


class DatabaseFullError(DatabaseWriteError, DiskFullError):
    """SQLite ran out of disk while applying; the transaction rolled back."""


class LocalDiskError(SyncError):
    """This computer could not write or read its own files (permissions, a removed drive …)."""

    transient = True


class FeedBusyError(SyncError):
    """Another sync of the same feed is running (in this program or another)."""

    transient = True


class SyncCancelledError(SyncError):
    """The sync was cancelled (the window closed, or the office pressed stop)."""

    transient = True


def disk_error(exc: OSError) -> SyncError:
    """An ``OSError`` from this computer's own disk, as a refusal that names it."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError(f"the disk is full ({exc.filename or 'data folder'}): {exc.strerror}")
    return LocalDiskError(
        f"cannot write {exc.filename or 'the data folder'}: {exc.strerror or exc}"
    )


# --- bundles (USB) -------------------------------------------------------------------------------


class BundleError(SyncError):
    """Base of refusals of a ``.tsunagi`` bundle (zip or tar of a feed folder)."""


class NotABundleError(BundleError):
    """The file is neither a zip nor a tar archive, or it is damaged."""


class UnsafeMemberPathError(BundleError):
    """A member's name escapes the folder (zip-slip): ``..``, absolute, drive letter, NUL …"""


class LinkMemberError(BundleError):
    """A member is a symlink or hardlink."""


class SpecialMemberError(BundleError):
    """A member is a device file, fifo or other non-regular file."""


class MemberTooLargeError(BundleError):
    """A member (or all members together) is bigger than the limit."""


class TooManyMembersError(BundleError):
    """The archive has more members than any feed folder needs."""


class DuplicateMemberError(BundleError):
    """Two members would land on the same file (also case-insensitively, for Windows)."""
