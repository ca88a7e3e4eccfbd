"""How fresh a feed is: its capped expiry, and when its publisher last signed it.

Why its own module: a frozen feed is an attack (an old crisis number served forever), so the
client, the publisher and the window judge freshness by the same rules. A manifest's expiry counts
for at most :data:`MAX_EXPIRY_DAYS` after it was signed, whatever it says, and staleness is judged
from the signing time, not from the last time a host answered (a host that keeps serving the same
manifest has not re-signed anything).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

MAX_EXPIRY_DAYS = 60
"""How far after signing a manifest may expire; ``tsunagi-admin publish`` refuses more."""


def parse_stamp(stamp: str | None) -> datetime | None:
    """An ISO 8601 time as stored (UTC when it carries no zone); None when absent or unreadable."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def capped_expiry(issued_at: datetime, expires: datetime) -> datetime:
    """The expiry this client honours: the signed one, but never more than 60 days after signing."""
    return min(expires, issued_at + timedelta(days=MAX_EXPIRY_DAYS))


SAMPLE_FEED = "sample"
"""The bundled sample's pseudo-feed (``index.directory.SAMPLE_FEED``)."""


@dataclass(frozen=True)
class Freshness:
    """When a feed's publisher last signed what this office holds, and when that runs out."""

    name: str
    signed_at: datetime | None
    expires: datetime | None


def feed_freshness(db: Database) -> list[Freshness]:
    """Every followed feed's signing time and capped expiry, and the bundled sample's.

    The sample is judged like any feed: signed when its records were last checked
    (``assured_date``), expiring :data:`MAX_EXPIRY_DAYS` later, so an office still on the sample
    two years on sees the stale banner.
    """
    found = []
    for name, manifest, expires in db.execute(
        "SELECT name, manifest, expires FROM feed ORDER BY name"
    ):
        signed: datetime | None = None
        if manifest:
            try:
                signed = parse_stamp(str(json.loads(manifest).get("issued_at") or ""))
            except (ValueError, AttributeError):
                signed = None
        found.append(Freshness(str(name), signed, parse_stamp(expires)))
    row = db.execute(
        "SELECT count(*), max(json_extract(raw_json, '$.assured_date')) FROM service "
        "WHERE layer = 'feed' AND feed = ?",
        [SAMPLE_FEED],
    ).fetchone()
    if row and row[0]:
        signed = parse_stamp(str(row[1])) if row[1] else None
        expires_at = signed + timedelta(days=MAX_EXPIRY_DAYS) if signed else None
        found.append(Freshness(SAMPLE_FEED, signed, expires_at))
    return found


def stale_reasons(
    feeds: list[Freshness], stale_days: int, now: datetime | None = None
) -> list[tuple[str, str, int]]:
    """(kind, feed, days) for every feed that expired, or was signed more than ``stale_days`` ago.

    Judged from the publisher's signature, not from the last time a host answered: a host that
    keeps serving an old manifest (HTTP 304) has not re-checked a single number.
    """
    now = now or datetime.now(UTC)
    found = []
    for feed in feeds:
        if feed.expires is not None and feed.expires <= now:
            found.append(("expired", feed.name, (now - feed.expires).days))
        elif feed.signed_at is not None and now - feed.signed_at > timedelta(days=stale_days):
            found.append(("old", feed.name, (now - feed.signed_at).days))
    return found
