"""The Whoosh documents of visible services, read from SQLite (what the index holds, and why).

Split from ``index.searchindex`` to keep modules small: this is what each field of a service's
document contains; ``SearchIndex`` decides when documents are written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from index.analysis import TITLE_SEPARATOR
from index.model import NATIONAL
from index.normalise import normalise
from index.regions import RegionMaster
from index.worries import WorryDictionary

SAMPLE_FEED = "sample"
HIDDEN_STATUSES = frozenset({"inactive", "defunct"})
CRISIS_CODES = frozenset({"shinitai", "dv", "gyakutai", "hanzai"})
"""Worries whose services may be crisis lines (index.crisislines)."""


class DocumentSource:
    """Documents for one directory's database, in region order."""

    def __init__(self, db: Database, regions: RegionMaster, worries: WorryDictionary) -> None:
        self.db = db
        self.regions = regions
        self.worries = worries
        self._covered_codes: frozenset[str] | None = None

    def documents(
        self, ids: Sequence[str] | None = None, *, keep_order: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Whoosh documents for the visible services (all, or those in ``ids``), from SQLite.

        All of them come in region order; ``ids`` come in their own order if ``keep_order``.
        """
        if ids is None:
            yield from self._documents_where("", [])
            return
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" for _ in chunk)
            yield from self._documents_where(f"WHERE s.id IN ({marks})", chunk, keep_order)

    def _documents_where(
        self, where: str, params: list[str], keep_order: bool = False
    ) -> Iterator[dict[str, Any]]:
        sub = where.replace("s.id", "service_id")
        phones: dict[str, list[str]] = {}
        for sid, digits in self.db.execute(
            f"SELECT service_id, digits FROM phone {sub} ORDER BY service_id, seq", params
        ):
            phones.setdefault(sid, []).append(digits)
        areas: dict[str, list[str]] = {}
        for sid, code in self.db.execute(
            f"SELECT service_id, lgcode FROM service_region {sub}", params
        ):
            areas.setdefault(sid, []).append(code)
        attrs: dict[str, list[str]] = {}
        review: set[str] = set()
        for sid, name, taxonomy, code in self.db.execute(
            f"SELECT service_id, name, taxonomy, code FROM attribute {sub} "
            "ORDER BY service_id, seq",
            params,
        ):
            if name:
                attrs.setdefault(sid, []).append(name)
            if taxonomy == "tsunagi-flag" and code == "review-required":
                review.add(sid)  # facts not yet verified by the publisher: ranked lower
        cols = (
            "s.id, s.name, s.alternate_name, s.description, s.organization_name, s.status, "
            "s.application_process, s.eligibility_description, s.fees_description, "
            "s.minimum_age, s.maximum_age, s.free, s.anonymous, s.open_24h, s.demo, s.layer, "
            "s.channels, s.audience, s.languages, s.worries"
        )
        place_cache: dict[str, str] = {}
        rows = self.db.execute(f"SELECT {cols} FROM service s {where}", params).fetchall()
        # Documents go in region order (nationwide first, then by prefecture and code), so the
        # services one client region admits sit in a few runs of document numbers: Whoosh's
        # intersections then skip whole posting blocks instead of decoding every one.
        if keep_order:
            position = {sid: i for i, sid in enumerate(params)}
            rows.sort(key=lambda r: position[r[0]])
        else:
            rows.sort(key=lambda r: self._region_order(areas.get(r[0], [])))
        for row in rows:
            (sid, name, alt, desc, org, status, _appl, elig, _fees) = row[:9]
            (_min_age, _max_age, free, anon, h24, demo, layer) = row[9:16]
            channels, audience, languages, worries = (json_list(v) for v in row[16:20])
            if (status or "").strip().lower() in HIDDEN_STATUSES:
                continue
            codes = areas.get(sid, [])
            if demo and codes and all(self._is_covered(c) for c in codes):
                continue  # a 【デモ】 service never shows beside a real feed's windows of its place
            facets = [f"channel-{c}" for c in channels]
            facets += [f"audience-{a}" for a in audience]
            facets += [f"lang-{lang}" for lang in languages]
            facets += [f"layer-{layer}"]
            if free:
                facets.append("free")
            if anon:
                facets.append("anonymous")
            if h24:
                facets.append("open24h")
            if demo:
                facets.append("demo")
            if sid in review:
                facets.append("review")
            if phones.get(sid):
                facets.append("has-phone")
            terms = [self.worries.label(w) for w in worries] + attrs.get(sid, [])
            places = []
            for code in codes:
                if code not in place_cache:
                    place_cache[code] = self._place_text(code)
                places.append(place_cache[code])
            # Categories the record's own words state, beside (and below) the curated ones.
            said = normalise(" ".join(x for x in (name, alt, desc, elig, *attrs.get(sid, [])) if x))
            inferred = [w for w in self.worries.infer(said) if w not in worries]
            crisis = [w for w in worries if w in CRISIS_CODES]
            if not {"izoku"} & {*worries, *inferred}:
                # A group for the bereaved speaks of 自殺 but is no crisis line.
                crisis += [w for w in inferred if w in CRISIS_CODES]
            yield {
                "id": sid,
                "name": name_key(name or ""),
                # Curated twice, inferred once: one posting list per category, curated first.
                "cats": " ".join([*worries, *worries, *inferred]) or "-",
                "crisis": " ".join(crisis) or "-",
                "title": " ".join(x for x in (name, alt) if x) + TITLE_SEPARATOR + (org or ""),
                "phrases": " ".join(
                    self.worries.phrases_in(
                        normalise(" ".join(x for x in (name, alt, org, desc, elig, *terms) if x))
                    )
                )
                or "-",
                "terms": " ".join(dict.fromkeys(terms)),
                "body": " ".join(x for x in (desc, elig) if x),
                "place": " ".join(places),
                "phone": " ".join(phones.get(sid, [])),
                "worries": " ".join(worries),
                "regions": " ".join(codes) if codes else "none",
                "within": " ".join(self._within(codes)) or "none",
                "facets": " ".join(facets),
            }

    def _covered(self) -> frozenset[str]:
        """Region codes a real feed serves (not the bundled sample, nor a feed holding demo data
        itself, as test feeds do); read once per source."""
        if self._covered_codes is None:
            self._covered_codes = frozenset(
                code
                for (code,) in self.db.execute(
                    "SELECT DISTINCT r.lgcode FROM service_region r "
                    "JOIN service s ON s.id = r.service_id "
                    "WHERE s.layer = 'feed' AND s.feed != ? AND s.demo = 0 AND s.feed NOT IN "
                    "(SELECT DISTINCT feed FROM service WHERE demo = 1 AND feed IS NOT NULL)",
                    [SAMPLE_FEED],
                )
            )
        return self._covered_codes

    def _is_covered(self, code: str) -> bool:
        """A real feed serves this place, or (for a prefecture) a place within it."""
        covered = self._covered()
        if code in covered:
            return True
        if code != NATIONAL and code[2:5] == "000":  # a prefecture's code
            return any(c[:2] == code[:2] for c in covered)
        return False

    def _region_order(self, codes: list[str]) -> tuple[int, str]:
        if not codes:
            return (2, "")
        if NATIONAL in codes:
            return (0, "")
        region = self.regions.get(codes[0])
        return (1, (region.prefecture_code if region else "") + codes[0])

    def _within(self, codes: list[str]) -> list[str]:
        """Each served region and every region containing it (not 全国): a client's region R
        then admits ``within:R`` — R and everything inside it — with a single term."""
        out: dict[str, None] = {}
        for code in codes:
            if code == NATIONAL:
                continue
            for up in self.regions.ancestors(code):
                if up != NATIONAL:
                    out[up] = None
        return list(out)

    def _place_text(self, code: str) -> str:
        if code == NATIONAL:
            return "全国"
        region = self.regions.get(code)
        if region is None:
            return ""
        # Kanji names only: a kana place name is read as a place before it reaches the index.
        return region.name if region.kind == "prefecture" else f"{region.name} {region.prefecture}"


def json_list(value: Any) -> list[str]:
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return [str(x) for x in data] if isinstance(data, list) else []


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def name_key(text: str) -> str:
    """A name as compared with a typed query: normalised, without spaces and punctuation."""
    return _NAME_SEPARATORS.sub("", normalise(text))


# Spaces, brackets, quotes and dots do not tell names apart; 「＋」 and 「#」 do (「DV相談＋」).
_NAME_SEPARATORS = re.compile(r"[\s・、。,.()\[\]{}「」『』【】〔〕<>\"'`/\\|:;!?~\-]+")
