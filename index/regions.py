"""The Japanese region master: prefectures, municipalities and designated-city wards.

Built from code4fukui/localgovjp (CC0) in ``resources/regions/``. Everything that talks about
places goes through here: import resolves service areas with it, search widens a client's
municipality to its city, prefecture and the whole country, and the window's region selector offers
type-ahead in kanji or kana.

Names are not unique: there are two 府中市 (東京都, 広島県) and two 伊達市 (北海道, 福島県). A lookup by
a bare name therefore returns every match, and :attr:`Region.label` always carries the prefecture.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from index.model import NATIONAL, Region
from index.plaintext import fold
from index.resources import resource_path

NATIONAL_NAMES = frozenset({"全国", "日本", "日本全国", "japan", "national", "nationwide"})


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class RegionMaster:
    """Every region, looked up by code, by name or by kana reading."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_code: dict[str, Region] = {}
        self._by_key: dict[str, list[Region]] = defaultdict(list)
        self._children: dict[str, list[str]] = defaultdict(list)
        for region in regions:
            self._by_code[region.lgcode] = region
            if region.parent:
                self._children[region.parent].append(region.lgcode)
        for region in self._by_code.values():
            for key in self._keys(region):
                bucket = self._by_key[key]
                if region not in bucket:
                    bucket.append(region)

    def _keys(self, region: Region) -> set[str]:
        keys = {fold(region.name, kana=True), fold(region.kana, kana=True)}
        if region.kind != "prefecture":
            keys.add(fold(region.prefecture + region.name, kana=True))
            if region.kind == "ward":
                # 「中央区」 alone, as people say it, beside 「札幌市中央区」.
                ward = region.name.split()[-1]
                keys.add(fold(ward, kana=True))
                keys.add(fold(region.kana.split()[-1], kana=True))
        else:
            short = region.name.rstrip("都道府県") if region.name != "北海道" else region.name
            keys.add(fold(short, kana=True))
        return keys

    @classmethod
    def load(cls) -> RegionMaster:
        return _bundled_master()

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, lgcode: object) -> bool:
        return isinstance(lgcode, str) and normalise_code(lgcode) in self._by_code

    def get(self, lgcode: str) -> Region | None:
        return self._by_code.get(normalise_code(lgcode))

    def all(self) -> list[Region]:
        return list(self._by_code.values())

    def prefectures(self) -> list[Region]:
        return sorted(
            (r for r in self._by_code.values() if r.kind == "prefecture"), key=lambda r: r.lgcode
        )

    def municipalities(self, prefecture_code: str) -> list[Region]:
        """Municipalities and wards of one prefecture, in code order."""
        return sorted(
            (
                r
                for r in self._by_code.values()
                if r.kind != "prefecture" and r.prefecture_code == prefecture_code
            ),
            key=lambda r: r.lgcode,
        )

    def ancestors(self, lgcode: str) -> list[str]:
        """The region itself, then its city (for a ward), its prefecture, and 全国 last."""
        chain: list[str] = []
        code: str | None = normalise_code(lgcode)
        while code and code in self._by_code:
            chain.append(code)
            code = self._by_code[code].parent
        chain.append(NATIONAL)
        return chain

    def descendants(self, lgcode: str) -> list[str]:
        """Everything inside a region: a prefecture's municipalities and wards, a city's wards."""
        out: list[str] = []
        stack = [normalise_code(lgcode)]
        while stack:
            code = stack.pop()
            for child in self._children.get(code, ()):
                out.append(child)
                stack.append(child)
        return out

    def lookup(self, text: str, *, prefix: bool = True, limit: int = 50) -> list[Region]:
        """Regions matching a code, a name or a kana reading; exact matches first.

        「府中市」 returns both 府中市; 「東京都府中市」 only one; 「だて」 both 伊達市 (prefix).
        """
        raw = text.strip()
        if not raw:
            return []
        digits = unicodedata.normalize("NFKC", raw)
        if digits.isdigit() and len(digits) in (5, 6):
            region = self.get(digits)
            return [region] if region else []
        key = fold(raw, kana=True)
        exact = list(self._by_key.get(key, []))
        found = {r.lgcode for r in exact}
        results = sorted(exact, key=_order)
        if prefix and len(results) < limit:
            extra = [
                r
                for k, bucket in self._by_key.items()
                if k.startswith(key) and k != key
                for r in bucket
                if r.lgcode not in found
            ]
            seen: set[str] = set()
            for r in sorted(extra, key=_order):
                if r.lgcode not in seen:
                    seen.add(r.lgcode)
                    results.append(r)
        return results[:limit]

    def resolve_name(self, name: str, prefecture_hint: str | None = None) -> list[Region]:
        """Resolve a written area name exactly (no prefix matching).

        An ambiguous bare name (「府中市」) is narrowed by ``prefecture_hint`` when one is known.
        """
        matches = self.lookup(name, prefix=False)
        if prefecture_hint and len(matches) > 1:
            hint = fold(prefecture_hint, kana=True)
            narrowed = [
                r
                for r in matches
                if fold(r.prefecture, kana=True) == hint
                or fold(r.prefecture, kana=True).rstrip("都道府県") == hint
            ]
            if narrowed:
                return narrowed
        return matches

    def resolve_area(
        self, name: str, prefecture_hint: str | None = None
    ) -> tuple[list[Region], str, list[str]]:
        """A service-area name as feeds write it: (regions, how, ambiguous parts).

        「秋田県全域」, 「仙台市内」, 「県内全域」 (the hint's prefecture), and lists joined by ・ or
        、 (「大館市・北秋田市・小坂町」). ``how`` records the reading: ``name`` (one exact name),
        ``name-whole`` (全域/内 stripped) or ``name-list``. A part that names nothing is left out;
        a part naming several regions is reported in the third item.
        """
        parts = [p for p in _AREA_SPLIT.split(unicodedata.normalize("NFKC", name)) if p.strip()]
        how = "name-list" if len(parts) > 1 else "name"
        found: list[Region] = []
        ambiguous: list[str] = []
        for part in parts:
            part = part.strip()
            whole = part
            while (shorter := _AREA_WHOLE.sub("", whole)) != whole:
                whole = shorter  # 「県内全域」 → 「県内」 → 「県」
            if whole != part:
                how = "name-whole" if how == "name" else how
            if whole in ("県", "都", "府", "道", "") and prefecture_hint:
                whole = prefecture_hint
            matches = self.resolve_name(whole, prefecture_hint) if whole else []
            if len(matches) == 1:
                if matches[0] not in found:
                    found.append(matches[0])
            elif len(matches) > 1:
                ambiguous.append(part)
        return found, how, ambiguous


_AREA_SPLIT = re.compile(r"[・、,，/／]|及び|および|ならびに|\s+(?:and|&)\s+")
_AREA_WHOLE = re.compile(r"(?:の)?(?:全域|全体|一円|管内|内|地域|エリア)$")


def _order(region: Region) -> tuple[int, str]:
    rank = {"prefecture": 0, "municipality": 1, "ward": 2}[region.kind]
    return (rank, region.lgcode)


def normalise_code(code: str) -> str:
    """Accept 5-digit codes (no check digit, or a prefecture's 5 digits) and full-width digits."""
    code = unicodedata.normalize("NFKC", code).strip()
    if len(code) == 5 and code.isdigit():
        # prefjp gives prefectures as e.g. "10006" (the leading zero dropped).
        return code.zfill(6)
    return code


@cache
def _bundled_master() -> RegionMaster:
    prefs = _read_csv(resource_path("regions", "prefjp-utf8.csv"))
    munis = _read_csv(resource_path("regions", "localgovjp-utf8.csv"))
    regions: list[Region] = []
    pref_code_by_name: dict[str, str] = {}
    for row in prefs:
        code = normalise_code(row["lgcode"])
        pref_code_by_name[row["pref"]] = code
        regions.append(
            Region(
                lgcode=code,
                name=row["pref"],
                kana=row["prefkana"],
                prefecture=row["pref"],
                prefecture_code=code,
                kind="prefecture",
                parent=None,
                lat=float(row["lat"]) if row["lat"] else None,
                lng=float(row["lng"]) if row["lng"] else None,
            )
        )
    city_code: dict[tuple[str, str], str] = {}
    for row in munis:
        if " " not in row["city"].strip():
            city_code[(row["pref"], row["city"].strip())] = normalise_code(row["lgcode"])
    for row in munis:
        name = row["city"].strip()
        pref = row["pref"]
        pref_code = pref_code_by_name[pref]
        is_ward = " " in name
        parent = city_code.get((pref, name.split()[0]), pref_code) if is_ward else pref_code
        regions.append(
            Region(
                lgcode=normalise_code(row["lgcode"]),
                name=name,
                kana=row["citykana"].strip(),
                prefecture=pref,
                prefecture_code=pref_code,
                kind="ward" if is_ward else "municipality",
                parent=parent,
                lat=float(row["lat"]) if row["lat"] else None,
                lng=float(row["lng"]) if row["lng"] else None,
            )
        )
    return RegionMaster(regions)
