"""How fresh a feed is: its capped expiry, and when its publisher last signed it.

Why its own module: a frozen feed is an attack (an old crisis number served forever), so the
client, the publisher and the window judge freshness by the same rules. A manifest's expiry counts
for at most :data:`MAX_EXPIRY_DAYS` after it was signed, whatever it says, and staleness is judged
from the signing time, not from the last time a host answered (a host that keeps serving the same
manifest has not re-signed anything).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
