"""The feeds an office follows: their rows, their trusted keys, adding and removing them.

Why its own module: the feed table (``index/migrations.py``) is read by the sync, the CLI
(``tsunagi feeds``) and the window alike. Per feed it holds its URL, trusted keys (``pubkey``: the
key list as JSON, see :func:`trusted_keys_text`), the publisher's ``feed_id``, the applied
``version``, the raw ``manifest``, ``expires``, the manifest ``etag`` and the ``content_digest``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from index.crisis import is_national_feed_id
from index.database import write_transaction
from sync.errors import FeedNotFoundError, KeyFormatError
from sync.keys import keyring
from sync.manifest import content_digest
from sync.minisign import PublicKey

FEED_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")

NATIONAL, PREFECTURAL, LOCAL = 0, 1, 2
"""Feed levels, in the order a session syncs them and the order that wins a shared service id."""
_PREFECTURAL = re.compile(r"(^|[^a-z])(pref|prefecture|ken|todofuken)([^a-z]|$)")


def feed_level(name: str, feed_id: str | None = None) -> int:
    """A feed's level from its publisher's ``feed_id`` (signed) or, before its first sync, its name.

    The protocol names feeds ``jp-national``, ``pref-13``: a name with ``national`` is the
    national feed, one with ``pref`` a prefecture's, anything else a local one (a city, an
    office). The national feed syncs first and keeps a service id that a lower feed also uses.
    """
    if is_national_feed_id(feed_id):
        return NATIONAL
    for text in (feed_id, name):
        if not text:
            continue
        lowered = text.lower()
        if "national" in lowered or "zenkoku" in lowered:
            return NATIONAL
        if _PREFECTURAL.search(lowered) or lowered.startswith("pref"):
            return PREFECTURAL
    return LOCAL


def sync_order(rows: list[FeedRow]) -> list[FeedRow]:
    """Feeds in the order a session syncs them: national, prefectural, local; by name within."""
    return sorted(rows, key=lambda r: (feed_level(r.name, r.feed_id), r.name))


@dataclass(frozen=True)
class TrustedKeys:
    serial: int
    keys: tuple[PublicKey, ...]

    def ring(self) -> dict[str, PublicKey]:
        return keyring(self.keys)


def trusted_keys_text(keys: TrustedKeys) -> str:
    """The ``feed.pubkey`` column: ``{"serial": n, "keys": ["RWQ…", …]}``."""
    return json.dumps({"serial": keys.serial, "keys": [k.to_base64() for k in keys.keys]})


def parse_trusted_keys(text: str) -> TrustedKeys:
    """Read ``feed.pubkey``: our JSON, or a plain minisign ``.pub`` file / base64 line."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
            return TrustedKeys(
                serial=int(data["serial"]),
                keys=tuple(PublicKey.from_text(k) for k in data["keys"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFormatError(f"stored feed keys are unreadable ({exc})") from None
    return TrustedKeys(serial=0, keys=(PublicKey.from_text(stripped),))


# --- feeds ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedRow:
    name: str
    url: str
    pubkey: str
    feed_id: str | None
    version: int
    manifest: str | None
    expires: str | None
    etag: str | None
    content_digest: str | None
    last_attempt: str | None
    last_success: str | None
    last_error: str | None
    created_at: str


def _now() -> datetime:
    return datetime.now(UTC)


def add_feed(db: Database, name: str, url: str, public_key_text: str) -> FeedRow:
    """Follow a new feed (``tsunagi feeds add NAME URL --key PUBKEYFILE``).

    ``url`` is the feed folder where ``manifest.json`` lives: ``http(s)://…/`` or a local path.
    """
    if not FEED_NAME.fullmatch(name):
        raise ValueError(f"feed name {name!r}: use 1-40 lower-case letters, digits, - or _")
    if "://" in url and not url.startswith(("http://", "https://")):
        raise ValueError(f"feed URL {url!r}: use http(s)://… or a folder path")
    key = PublicKey.from_text(public_key_text)
    with write_transaction(db):
        if db.execute("SELECT 1 FROM feed WHERE name = ?", [name]).fetchone():
            raise ValueError(f"a feed named {name!r} already exists")
        db.execute(
            "INSERT INTO feed (name, url, pubkey, version, created_at) VALUES (?, ?, ?, 0, ?)",
            [name, url, trusted_keys_text(TrustedKeys(0, (key,))), _now().isoformat()],
        )
    return get_feed(db, name)


def get_feed(db: Database, name: str) -> FeedRow:
    cur = db.execute("SELECT * FROM feed WHERE name = ?", [name])
    row = cur.fetchone()
    if row is None:
        raise FeedNotFoundError(f"no feed named {name!r} (see `tsunagi feeds list`)")
    values = dict(zip([d[0] for d in cur.description], row, strict=True))
    return FeedRow(**{k: values[k] for k in FeedRow.__dataclass_fields__})


def list_feeds(db: Database) -> list[FeedRow]:
    names = [r[0] for r in db.execute("SELECT name FROM feed ORDER BY name")]
    return [get_feed(db, n) for n in names]


def remove_feed(db: Database, name: str) -> int:
    """Stop following a feed and remove its services (notes on them stay, shown as orphaned)."""
    get_feed(db, name)
    with write_transaction(db):
        removed = db.execute(
            "DELETE FROM service WHERE layer = 'feed' AND feed = ?", [name]
        ).rowcount
        db.execute("DELETE FROM feed_worries WHERE feed = ?", [name])
        db.execute("DELETE FROM feed WHERE name = ?", [name])
    return removed


def feed_digest(db: Database, name: str) -> str:
    """The content digest of what this database holds for the feed (``sync/PROTOCOL.md``)."""
    return content_digest(
        db.execute(
            "SELECT id, raw_sha256 FROM service WHERE layer = 'feed' AND feed = ?", [name]
        ).fetchall()
    )
