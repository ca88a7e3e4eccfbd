"""What ``tsunagi show --json`` prints for one service: the record and what tsunagi knows about it.

Apart from :mod:`index.directory` (reached as :meth:`Directory.details`) to keep that file about
opening and writing the directory.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from index.crisis import stored_warnings
from index.vocabulary import WORRY_TAXONOMY, term_label, worry_term_names

if TYPE_CHECKING:
    from index.directory import Directory


def service_details(directory: Directory, service_id: str) -> dict[str, Any] | None:
    """The record plus what tsunagi knows about it: regions, worries, access, provenance, note."""
    row = directory.service_row(service_id)
    if row is None:
        return None
    record: dict[str, Any] = json.loads(row["raw_json"])
    regions = []
    for code, how in directory.db.execute(
        "SELECT lgcode, how FROM service_region WHERE service_id = ? ORDER BY lgcode",
        [service_id],
    ):
        region = directory.regions.get(code)
        regions.append(
            {
                "lgcode": code,
                "name": region.name if region else "全国",
                "label": region.label if region else "全国",
                "how": how,
            }
        )
    unresolved = directory.db.execute(
        "SELECT reason FROM unresolved_region WHERE service_id = ?", [service_id]
    ).fetchone()
    names = worry_term_names(record)  # a code this tsunagi lacks shows the term's own name
    feed_version = row["feed_version"]
    record["tsunagi"] = {
        "layer": row["layer"],
        "feed": row["feed"],
        "regions": regions,
        "unresolved_region": unresolved[0] if unresolved else None,
        "worries": [
            {"code": c, "label": term_label(WORRY_TAXONOMY, c, names.get(c))}
            for c in json.loads(row["worries"])
        ],
        "access": {
            "free": bool(row["free"]),
            "anonymous": bool(row["anonymous"]),
            "open_24h": bool(row["open_24h"]),
            "channels": json.loads(row["channels"]),
            "languages": json.loads(row["languages"]),
            "audience": json.loads(row["audience"]),
        },
        "demo": bool(row["demo"]),
        "provenance": {
            "source": row["source"],
            "feed_version": feed_version,
            "last_modified": row["last_modified"],
            "assured_date": row["assured_date"],
            "stored_at": row["updated_at"],
        },
        "note": directory.note(service_id),
        "warnings": [
            str(w) for w in stored_warnings(directory.db, [service_id]).get(service_id, [])
        ],
    }
    return record
