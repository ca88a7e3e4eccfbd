"""Where a row's service serves: 自治体コード and 対象地域 cells read against the region master."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from index import plaintext
from index.model import Region
from index.plaintext import fold
from index.regions import NATIONAL_NAMES, RegionMaster
from index.spreadsheet.cells import CellError, _short, _split
from index.spreadsheet.columns import Cell

# --- regions ---------------------------------------------------------------------------------------


def with_check_digit(code5: str) -> str:
    """The 6-digit code of a 5-digit 全国地方公共団体コード (JIS X 0402 check digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return code5 + str((11 - total % 11) % 10)


def from_address(regions: RegionMaster, pref: str, city: str) -> Region | None:
    """The municipality an address names (都道府県 + 市区町村), when exactly one matches."""
    if not (pref and city):
        return None
    matches = regions.resolve_name(city, pref)
    return matches[0] if len(matches) == 1 else None


def _check_digit_ok(code: str) -> bool:
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10 == int(code[5])


def read_lgcodes(value: Cell, regions: RegionMaster) -> list[Region]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = plaintext.text(value)
        if len(text) != 6:
            raise CellError(
                f"数値のセル（{text}）になっていて、先頭の 0 が消えています。"
                "この列の書式を「文字列」にして、6桁で入力し直してください"
            )
        parts = [text]
    else:
        parts = _split(plaintext.text(value), middle_dot=True)
    out: list[Region] = []
    for part in parts:
        code = unicodedata.normalize("NFKC", part)
        if not (code.isdigit() and len(code) == 6):
            raise CellError(
                f"「{_short(part)}」は6桁の全国地方公共団体コードではありません（例: 伊達市 012335）"
            )
        region = regions.get(code)
        if region is None:
            reason = "" if _check_digit_ok(code) else "（6桁目の検査数字が合いません）"
            right = regions.get(with_check_digit(code[:5]))
            if right is not None and right.lgcode != code:
                reason += f"。「{right.lgcode}」（{right.label}）ではありませんか"
            raise CellError(f"「{part}」は全国地方公共団体コードにありません{reason}")
        if region not in out:
            out.append(region)
    return out


def read_areas(
    value: Cell, regions: RegionMaster, prefecture: str, codes: Sequence[Region]
) -> list[Region | None]:
    """Regions by name; ``None`` stands for 全国. Ambiguous names list every candidate."""
    out: list[Region | None] = []
    for name in _split(plaintext.text(value), middle_dot=False):
        if fold(name) in NATIONAL_NAMES:
            if None not in out:
                out.append(None)
            continue
        matches = regions.resolve_name(name, prefecture or None)
        if len(matches) > 1:
            # 自治体コード in the same row settles which one is meant.
            chosen = [r for r in matches if r in codes]
            matches = chosen or matches
        if not matches:
            raise CellError(
                f"「{_short(name)}」は地域名として見つかりません（例: 北海道伊達市、東京都、全国）"
            )
        if len(matches) > 1:
            shown = "、".join(r.label for r in matches[:6])
            more = f" ほか{len(matches) - 6}件" if len(matches) > 6 else ""
            raise CellError(
                f"「{_short(name)}」は {shown}{more} のどれか決められません。"
                "都道府県から書くか（例: 東京都府中市）、自治体コードを書いてください"
            )
        if matches[0] not in out:
            out.append(matches[0])
    return out


def _prefecture_names(regions: RegionMaster) -> frozenset[str]:
    return frozenset(r.name for r in regions.prefectures())
