"""From ranked document ids to explained hits: proximity re-ranking, rows from SQLite, ``why``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from whoosh.searching import Searcher as WhooshSearcher

from index.indexdocs import json_list as _json_list
from index.model import NATIONAL, Layer, Scope, SearchHit, SearchQuery
from index.normalise import normalise
from index.queryplan import Plan
from index.queryterms import QueryBuilding

PROXIMITY = {"own": 1.6, "city": 1.45, "prefecture": 1.25, "national": 1.0, "other": 0.8}
NAMED = 1000.0
"""Added to the score of a service whose name the query spells (BM25 scores stay far below)."""


class HitReading(QueryBuilding):
    """Region tiers, re-ranking and the rows behind each hit."""

    def _zones(self, regions: Iterable[str]) -> dict[str, str]:
        """Region codes a client's region admits, each with its proximity tier."""
        zones: dict[str, str] = {}
        for code in regions:
            if not code:
                continue
            region = self.regions.get(code)
            if region is None:
                continue
            zones.setdefault(region.lgcode, "own")
            for child in self.regions.descendants(region.lgcode):
                zones.setdefault(child, "own")
            for parent in self.regions.ancestors(region.lgcode)[1:]:
                kind = "national" if parent == NATIONAL else None
                if kind is None:
                    up = self.regions.get(parent)
                    kind = "prefecture" if up is not None and up.kind == "prefecture" else "city"
                zones.setdefault(parent, kind)
        return zones

    def _rerank(
        self,
        searcher: WhooshSearcher,
        results: Any,
        client: str | None,
        zones: dict[str, str],
        bonus: dict[int, float],
        typed: str = "",
    ) -> list[tuple[str, float, Scope | None]]:
        """Scores times region proximity; a service whose name the query spells leads.

        A typed name (「DV相談＋」, 「よりそいチャット」) is the counsellor asking for that
        service: it scores :data:`NAMED` above everything, whatever the categories say.
        """
        out: list[tuple[str, float, Scope | None]] = []
        unverified: set[str] = set()
        for hit in results:
            fields = hit.fields()
            codes = str(fields.get("regions", "")).split()
            tier = _best_tier(codes, zones) if zones else "national"
            factor = PROXIMITY[tier] if zones else 1.0
            score = (float(hit.score) + bonus.get(hit.docnum, 0.0)) * factor
            name = str(fields.get("name") or "")
            if len(typed) >= 3 and name and (typed == name or (len(typed) >= 4 and typed in name)):
                score += NAMED * (2 if typed == name else 1)
            elif "review" in str(fields.get("facets") or "").split():
                unverified.add(str(fields["id"]))  # 要確認: after every verified hit
            out.append((fields["id"], score, _scope(tier, bool(zones))))
        out.sort(key=lambda r: (r[0] in unverified, -r[1]))
        return out

    def _phone_order(
        self, ranked: list[tuple[str, float, Scope | None]], digits: str
    ) -> list[tuple[str, float, Scope | None]]:
        """Only services whose number holds the typed digits, the exact number first.

        The ``phone`` field's digit trigrams find candidates but not adjacency (「0120-000-120」
        holds every trigram of 「0120-000-000」); the digits in SQLite decide.
        """
        ids = [sid for sid, _s, _sc in ranked]
        if not ids:
            return ranked
        marks = ",".join("?" for _ in ids)
        best: dict[str, int] = {}
        for sid, have in self.db.execute(
            f"SELECT service_id, digits FROM phone WHERE service_id IN ({marks})", ids
        ):
            if have and digits in have:
                best[sid] = min(best.get(sid, 2), 0 if have == digits else 1)
        kept = [r for r in ranked if r[0] in best]
        return sorted(kept, key=lambda r: best[r[0]])

    # --- hits ----------------------------------------------------------------------------

    def _hits(
        self,
        order: Sequence[tuple[str, float, Scope | None]],
        request: SearchQuery,
        plan: Plan,
        crisis: set[str],
        zones: dict[str, str],
        now: datetime,
        limit: int,
    ) -> list[SearchHit]:
        from index.schedule import is_open, today_hours

        hits: list[SearchHit] = []
        position = 0
        while position < len(order) and len(hits) < limit:
            batch = order[position : position + max(limit * 2, 20)]
            position += len(batch)
            rows = self._rows([sid for sid, _s, _sc in batch])
            for sid, score, scope in batch:
                row = rows.get(sid)
                if row is None or len(hits) >= limit:
                    continue
                if request.age is not None and not _age_fits(request.age, row["ages"]):
                    continue
                schedules = row["schedules"]
                open_now = is_open(schedules, now) if schedules else None
                if request.open_now and open_now is not True and not row["open_24h"]:
                    continue
                if row["open_24h"] and open_now is None:
                    open_now = True
                if scope is None:
                    tier = _best_tier(row["regions"], zones) if zones else "national"
                    scope = _scope(tier, bool(zones))
                hits.append(
                    SearchHit(
                        id=sid,
                        name=row["name"],
                        organization=row["organization"],
                        phones=row["phones"],
                        open_now=open_now,
                        why=self._why(plan, row, sid in crisis),
                        score=round(score, 4),
                        scope=scope,
                        today_hours=today_hours(schedules, now) if schedules else "時間は要確認",
                        channels=row["channels"],
                        open_24h=row["open_24h"],
                        free=row["free"],
                        anonymous=row["anonymous"],
                        languages=row["languages"],
                        worries=row["worries"],
                        layer=row["layer"],
                        crisis=sid in crisis,
                        assured_date=row["assured_date"],
                        last_modified=row["last_modified"],
                        demo=row["demo"],
                    )
                )
        return hits

    def _why(self, plan: Plan, row: dict[str, Any], crisis: bool) -> tuple[str, ...]:
        why: list[str] = []
        if crisis:
            why.append("緊急: " + ("いのちの相談" if plan.crisis == "suicide" else "暴力の相談"))
        matched = [w for w in plan.worries if w in row["worries"]]
        why.extend(f"悩み: {self.worries.label(w)}" for w in matched)
        wanted = [*plan.worries, *(c for w in plan.words for c in w.completes)]
        if any(w not in row["worries"] for w in wanted):
            said = self.worries.infer(normalise(row["said"]))
            why.extend(
                f"悩み: {self.worries.label(w)}（本文から推定）"
                for w in dict.fromkeys(wanted)
                if w in said and w not in row["worries"]
            )
        why.extend(w.text for w in plan.words if w.must)
        why.extend(f"地域: {p}" for p in plan.place_words)
        return tuple(dict.fromkeys(why))

    def _rows(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ",".join("?" for _ in ids)
        out: dict[str, dict[str, Any]] = {}
        for r in self.db.execute(
            "SELECT id, name, organization_name, open_24h, free, anonymous, channels, languages, "
            "worries, layer, assured_date, last_modified, demo, status, minimum_age, maximum_age, "
            "alternate_name, description, eligibility_description "
            f"FROM service WHERE id IN ({marks})",
            list(ids),
        ):
            if (r[13] or "").lower() in ("inactive", "defunct"):
                continue
            out[r[0]] = {
                "name": r[1],
                "organization": r[2] or "",
                "open_24h": bool(r[3]),
                "free": bool(r[4]),
                "anonymous": bool(r[5]),
                "channels": tuple(_json_list(r[6])),
                "languages": tuple(_json_list(r[7])),
                "worries": tuple(_json_list(r[8])),
                "layer": Layer(r[9]) if r[9] in ("feed", "local") else Layer.FEED,
                "assured_date": r[10],
                "last_modified": r[11],
                "demo": bool(r[12]),
                "ages": (r[14], r[15]),
                "said": " ".join(x for x in (r[1], r[16], r[17], r[18]) if x),  # normalised in why
                "phones": [],
                "schedules": [],
                "regions": [],
            }
        for sid, number in self.db.execute(
            f"SELECT service_id, number FROM phone WHERE service_id IN ({marks}) ORDER BY seq",
            list(ids),
        ):
            if sid in out:
                out[sid]["phones"].append(number)
        for sid, code in self.db.execute(
            f"SELECT service_id, lgcode FROM service_region WHERE service_id IN ({marks})",
            list(ids),
        ):
            if sid in out:
                out[sid]["regions"].append(code)
        cols = (
            "freq, interval, byday, bymonthday, opens_at, closes_at, valid_from, valid_to, "
            "dtstart, until, timezone, description, notes"
        )
        names = [c.strip() for c in cols.split(",")]
        for row in self.db.execute(
            f"SELECT service_id, {cols} FROM schedule WHERE service_id IN ({marks}) ORDER BY seq",
            list(ids),
        ):
            if row[0] in out:
                out[row[0]]["schedules"].append(
                    {k: v for k, v in zip(names, row[1:], strict=True) if v is not None}
                )
        for item in out.values():
            item["phones"] = tuple(item["phones"])
        return out


def _best_tier(codes: Iterable[str], zones: dict[str, str]) -> str:
    order = ("own", "city", "prefecture", "national")
    tiers = {zones.get(c, "other") for c in codes}
    for tier in order:
        if tier in tiers:
            return tier
    return "other"


def _scope(tier: str, has_region: bool) -> Scope:
    if not has_region:
        return Scope.OTHER
    return {
        "own": Scope.MUNICIPALITY,
        "city": Scope.MUNICIPALITY,
        "prefecture": Scope.PREFECTURE,
        "national": Scope.NATIONAL,
    }.get(tier, Scope.OTHER)


def _age_fits(age: int, ages: tuple[Any, Any]) -> bool:
    """Age is checked on the candidates, not indexed: rare as a filter, costly as postings."""
    low, high = ages
    return (low is None or float(low) <= age) and (high is None or age <= float(high))
