"""Anonymous referral statistics: how often each service, worry and month came up on a slip.

NPOs report these numbers to funders and municipalities. Each printed or saved slip logs only the
day, the service ids, their worry category codes and the client's region code. Nothing typed by a
person is ever logged: ids must name a stored service, worries must be known category codes and
the region a 6-digit code, and anything else is dropped before the write. The office can turn
logging off (setting ``stats_enabled``, JSON ``true``/``false``, default on).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from index.database import write_transaction
from index.vocabulary import worry_labels

SETTING_KEY = "stats_enabled"
_LGCODE = re.compile(r"^\d{6}$")


def stats_enabled(db: Database) -> bool:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [SETTING_KEY]).fetchone()
    if row is None:
        return True
    try:
        return json.loads(row[0]) is not False
    except ValueError:
        return True


def set_stats_enabled(db: Database, enabled: bool) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [SETTING_KEY, json.dumps(bool(enabled))],
        )


def _known_services(db: Database, ids: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for sid in ids:
        if not isinstance(sid, str) or sid in found:
            continue
        if db.execute("SELECT 1 FROM service WHERE id = ?", [sid]).fetchone():
            found.append(sid)
    return found


def log_referral(
    db: Database,
    day: date,
    service_ids: Sequence[str],
    worries: Sequence[str] = (),
    region: str | None = None,
) -> bool:
    """Record one slip; return whether anything was logged (off, or no known service: False)."""
    if not stats_enabled(db):
        return False
    ids = _known_services(db, service_ids)
    if not ids:
        return False
    known = worry_labels()
    codes = sorted({w for w in worries if isinstance(w, str) and w in known})
    area = region if isinstance(region, str) and _LGCODE.match(region) else None
    with write_transaction(db):
        db.execute(
            "INSERT INTO referral_log (day, service_ids, worries, region) VALUES (?, ?, ?, ?)",
            [day.isoformat(), json.dumps(ids), json.dumps(codes), area],
        )
    return True


@dataclass(frozen=True)
class Count:
    key: str  # service id, worry code, month (YYYY-MM) or region code
    label: str  # service name, worry label, month, region code
    count: int


@dataclass(frozen=True)
class ReferralStats:
    date_from: date | None
    date_to: date | None
    slips: int
    by_service: list[Count] = field(default_factory=list)
    by_category: list[Count] = field(default_factory=list)
    by_month: list[Count] = field(default_factory=list)
    by_region: list[Count] = field(default_factory=list)


def _loads_list(raw: Any) -> list[str]:
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _ranked(counter: Counter[str], labels: Mapping[str, str]) -> list[Count]:
    return [
        Count(key, labels.get(key, key), n)
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def referral_stats(
    db: Database, date_from: date | None = None, date_to: date | None = None
) -> ReferralStats:
    """Counts of logged slips by service, worry category, month and region, both dates included."""
    where, params = [], []
    if date_from is not None:
        where.append("day >= ?")
        params.append(date_from.isoformat())
    if date_to is not None:
        where.append("day <= ?")
        params.append(date_to.isoformat())
    sql = "SELECT day, service_ids, worries, region FROM referral_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    services: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    months: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    slips = 0
    for day, ids, worries, region in db.execute(sql, params).fetchall():
        slips += 1
        months[str(day)[:7]] += 1
        services.update(set(_loads_list(ids)))
        categories.update(set(_loads_list(worries)))
        if region:
            regions[str(region)] += 1
    names: dict[str, str] = {}
    for sid in services:
        row = db.execute("SELECT name FROM service WHERE id = ?", [sid]).fetchone()
        names[sid] = str(row[0]) if row else "（削除済みの窓口）"
    return ReferralStats(
        date_from=date_from,
        date_to=date_to,
        slips=slips,
        by_service=_ranked(services, names),
        by_category=_ranked(categories, worry_labels()),
        by_month=[Count(m, m, n) for m, n in sorted(months.items())],
        by_region=_ranked(regions, {}),
    )


CSV_HEADER = ("section", "key", "label", "count")


def stats_csv(stats: ReferralStats) -> str:
    """The counts as CSV (UTF-8 with BOM when written, so Excel opens Japanese correctly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerow(("total", "slips", "紹介票の枚数", stats.slips))
    for section, rows in (
        ("service", stats.by_service),
        ("category", stats.by_category),
        ("month", stats.by_month),
        ("region", stats.by_region),
    ):
        for row in rows:
            writer.writerow((section, row.key, row.label, row.count))
    return out.getvalue()


def write_stats_csv(stats: ReferralStats, path: Path) -> None:
    path.write_text(stats_csv(stats), encoding="utf-8-sig", newline="")
