"""Hiragana readings of kanji, so that typing a name as it sounds finds it.

Counsellors hear names on the phone and type them in kana: 「いのちのでんわ」 must find
「いのちの電話」. pykakasi gives a plausible reading; it is slow (about 1 ms a string), so readings
are cached per kanji run, and the runs of a directory repeat a great deal (place names, 相談,
支援センター, …).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


_KANJI_RUN = re.compile(r"([\u3400-\u9fff々〆ヶ]+)")


def reading(text: str) -> str:
    """The hiragana reading of ``text``; kana and Latin pass through unchanged.

    Only the kanji runs go through kakasi, one cached call per distinct run: 「世田谷区」 and
    「相談窓口」 recur across thousands of names, whole names rarely do.
    """
    return "".join(
        _kanji_reading(part) if i % 2 else part for i, part in enumerate(_KANJI_RUN.split(text))
    )


@lru_cache(maxsize=100_000)
def _kanji_reading(run: str) -> str:
    """Place names at the start of the run read from the region master, the rest by kakasi.

    Directory names are mostly 「<municipality><topic>」 (「名古屋市熱田区夜間傾聴」): as whole runs
    they hardly repeat (~30,000 distinct at 100k services, ~1 ms of kakasi each), but their
    topics do. Taking the official kana of leading place names both reads those names correctly
    (kakasi guesses) and leaves topic runs that the cache already holds. The split depends only
    on the run, never on what was seen before, so a full build and an update read alike.
    """
    places, longest = _place_readings()
    out: list[str] = []
    i = 0
    while i < len(run):
        for j in range(min(len(run), i + longest), i + 1, -1):
            kana = places.get(run[i:j])
            if kana is not None:
                out.append(kana)
                i = j
                break
        else:
            out.append(_kakasi_reading(run[i:]))
            break
    return "".join(out)


@lru_cache(maxsize=100_000)
def _kakasi_reading(run: str) -> str:
    return "".join(str(item["hira"]) for item in _kakasi().convert(run))


_ALL_KANJI = re.compile(r"[\u3400-\u9fff々〆]{2,}")


@cache
def _place_readings() -> tuple[dict[str, str], int]:
    """Normalised all-kanji place names → their one official reading (names read two ways in
    different places, such as 美里町, are left to kakasi), and the longest name's length."""
    from index.normalise import normalise
    from index.regions import RegionMaster

    seen: dict[str, set[str]] = {}
    for region in RegionMaster.load().all():
        names, kanas = region.name.split(), region.kana.split()
        if len(names) != len(kanas):
            continue
        for name, kana in zip(names, kanas, strict=True):
            key = normalise(name)
            if _ALL_KANJI.fullmatch(key):
                seen.setdefault(key, set()).add(normalise(kana))
    table = {name: next(iter(kana)) for name, kana in seen.items() if len(kana) == 1}
    return table, max((len(name) for name in table), default=0)
