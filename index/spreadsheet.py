"""Read the Japanese spreadsheet template (``.xlsx`` or ``.csv``) that municipal staff fill in.

Why a template at all: the staff who know a town's 相談窓口 work in Excel, not in HSDS JSON. One row
per 窓口, Japanese column headers, plain writing (「月-金 8:30-17:15」, 「孤独・孤立」, 「○」), and
this module turns each row into a service record of the tsunagi Japan profile
(``sync/PROFILE.md``), so ``tsunagi-admin publish`` and ``diff`` treat it like any other input.

Rules that matter more than convenience:

* Phone numbers are kept **exactly as typed** (full-width digits, hyphens, ``#9999``). A phone
  cell that Excel turned into a number has lost its leading 0, so it is refused with a request to
  format the column as text; nothing is ever guessed back.
* Every problem names the file, the row as Excel numbers it, and the column header as staff see it
  (「services.xlsx 12行目: 電話番号1: 数字がありません」), in Japanese; a row with any problem yields
  no record, so the publish is blocked.
* Ids are stable: the ``ID`` column if filled, otherwise a uuid5 of 自治体コード (or the first
  対象地域) and 窓口名, so publishing the same sheet again changes nothing.
* The 【記入例】 row of the template is refused, so a fictional demo service never reaches a
  counsellor; tests convert it with ``include_examples=True``.

The column definition :data:`COLUMNS` is shared with ``packaging/make_template.py``, which builds
the template files, so the reader and the template cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from index.model import NATIONAL, Problem, Region
from index.readers import Item
from index.regions import NATIONAL_NAMES, RegionMaster
from index.resources import resource_path

TEMPLATE_NAMESPACE = uuid.UUID("3c9e2f4a-7b1d-5e8c-a6f0-91d2b4c7e853")
"""uuid5 namespace of ids made from template rows: the same row always gives the same ids."""

TERM_NAMESPACE = uuid.UUID("0b7e4c36-8f2a-5d19-a6c3-5e1f9d2b7a40")
"""The namespace of taxonomy term ids used by the bundled sample (``tests/synth.py``)."""

SHEET_NAME = "窓口一覧"
"""The data sheet of the ``.xlsx`` template; a workbook without it is read from its first sheet."""

EXAMPLE_PREFIX = "【記入例】"
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 100_000
SUFFIXES_EXCEL = (".xlsx", ".xlsm")

Cell = str | int | float | bool | datetime | date | time | None


@dataclass(frozen=True)
class Column:
    """One column of the template: the header staff see, and how to fill it in (ja and en)."""

    key: str
    header: str
    help_ja: str
    help_en: str
    example: str = ""
    required: bool = False
    text: bool = True  # format the column as text in the .xlsx (keeps leading zeros)
    width: int = 14
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the .xlsx


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "ID",
        "任意。空欄なら自治体コード（または対象地域）と窓口名から自動で決まります。窓口名を変えるときは、前回の ID をここに書くと同じ窓口として扱われます。連番（1, 2, 3…）は使えません。",
        "Optional. Blank: derived from 自治体コード (or the first 対象地域) and 窓口名. To rename a service, put its previous ID here. Plain serial numbers are refused.",
        width=12,
    ),
    Column(
        "name",
        "窓口名",
        "必須。相談窓口の名前。",
        "Required. The service's name.",
        example=f"{EXAMPLE_PREFIX}つなぎ市 こころの相談電話",
        required=True,
        width=32,
    ),
    Column(
        "org",
        "運営団体",
        "窓口を運営する団体・部署の名前。",
        "The organization or department that runs the service.",
        example="つなぎ市 保健福祉部",
        width=22,
    ),
    Column(
        "description",
        "説明",
        "どんな相談ができるか、相談員向けの説明。",
        "What people can talk about; written for counsellors.",
        example="孤独や生活の困りごとを匿名で相談できます（記入例です。実在しません）。",
        width=40,
    ),
    Column(
        "phone1",
        "電話番号1",
        "書いたとおりに表示されます（ハイフン・全角・#9999 もそのまま）。列の書式は「文字列」のままにしてください。数値になると先頭の 0 が消えるため受け付けません。",
        "Shown exactly as typed. Keep the column formatted as text: a number cell has lost its leading 0 and is refused.",
        example="0000-00-0000",
        width=16,
    ),
    Column(
        "phone1_desc",
        "電話番号1の説明",
        "その番号の説明（例: 代表、夜間専用）。",
        "What the number is for (e.g. main line, nights only).",
        example="相談専用",
        width=16,
    ),
    Column(
        "phone2",
        "電話番号2",
        "2つ目の電話番号（任意）。",
        "A second phone number (optional).",
        width=16,
    ),
    Column(
        "phone2_desc",
        "電話番号2の説明",
        "2つ目の番号の説明。",
        "What the second number is for.",
        width=16,
    ),
    Column("email", "メール", "相談を受けるメールアドレス。", "E-mail address.", width=22),
    Column(
        "url",
        "URL",
        "案内ページの URL（http:// または https:// で始まる）。",
        "Web page (http:// or https://).",
        example="https://example.invalid/soudan",
        width=26,
    ),
    Column(
        "lgcode",
        "自治体コード",
        "6桁の全国地方公共団体コード（検査数字つき。例: 伊達市 012335）。対象地域とどちらか一方で構いません。複数は「、」で区切ります。",
        "6-digit local government code (with check digit). This or 対象地域; several separated by 、.",
        example="012335",
        width=12,
    ),
    Column(
        "area",
        "対象地域",
        "地域名（例: 北海道伊達市、東京都、全国）。同じ名前の市があるとき（府中市など）は都道府県から書いてください。複数は「、」で区切ります。",
        "Area names (北海道伊達市, 東京都, 全国). Write the prefecture first when a name is shared (府中市). Several separated by 、.",
        example="北海道伊達市",
        width=16,
    ),
    Column(
        "worries",
        "相談分野",
        "相談分野の名前またはコードを「、」で区切って（例: 孤独・孤立、生活困窮）。使える分野は README の一覧のとおり。",
        "Worry categories by label or code, separated by 、 (see the list in the README).",
        example="孤独・孤立、こころの健康",
        width=24,
    ),
    Column(
        "free",
        "無料",
        "○＝無料、×＝有料、空欄＝不明。",
        "○ free, × not free, blank unknown.",
        example="○",
        width=6,
        choices=("○", "×"),
    ),
    Column(
        "anonymous",
        "匿名可",
        "○＝名前を言わずに相談できる、×＝できない、空欄＝不明。",
        "○ anonymous allowed, × not, blank unknown.",
        example="○",
        width=7,
        choices=("○", "×"),
    ),
    Column(
        "channels",
        "相談方法",
        "電話・SNS・メール・来所 から（複数は「・」か「、」で区切る）。",
        "Any of 電話 (phone), SNS (SNS/chat), メール (e-mail), 来所 (in person).",
        example="電話・来所",
        width=16,
    ),
    Column(
        "audience",
        "対象",
        "特定の人向けなら: 女性・若者・高齢者・外国人。誰でもなら空欄。",
        "Only for a particular group: 女性 women, 若者 youth, 高齢者 older people, 外国人 foreign residents.",
        width=12,
    ),
    Column(
        "languages",
        "対応言語",
        "日本語・英語・中国語 など、または ISO 639 のコード（ja, en, zh…）。",
        "Languages by Japanese name or ISO 639 code (ja, en, zh, …).",
        example="日本語",
        width=14,
    ),
    Column(
        "min_age",
        "最低年齢",
        "対象の最低年齢（数字）。",
        "Minimum age (a number).",
        text=False,
        width=8,
    ),
    Column(
        "max_age",
        "最高年齢",
        "対象の最高年齢（数字）。",
        "Maximum age (a number).",
        text=False,
        width=8,
    ),
    Column(
        "hours",
        "受付時間",
        "例: 月-金 8:30-17:15 ／ 毎日 16:00-21:00 ／ 土日 10:00-17:00 ／ 24時間 ／ 第2土 10:00-12:00 ／ 毎月10日 13:00-16:00。複数は「／」か改行で区切る。夜をまたぐときは 22:00-翌6:00。補足は（ ）に書くと表示されます。",
        "Opening hours in the written forms shown; several separated by ／ or a new line; overnight 22:00-翌6:00; a note in （ ）.",
        example="月-金 8:30-17:15（祝日・年末年始を除く）／第2土 10:00-12:00",
        width=34,
    ),
    Column(
        "pref",
        "住所 (都道府県)",
        "来所できる場所の住所。都道府県名（例: 北海道）。",
        "Address for visits: prefecture.",
        example="北海道",
        width=10,
    ),
    Column(
        "city",
        "住所 (市区町村)",
        "市区町村名（例: 伊達市）。",
        "Address: municipality.",
        example="伊達市",
        width=12,
    ),
    Column(
        "street",
        "住所 (番地)",
        "町名・番地・建物名。",
        "Address: street, number, building.",
        example="つなぎ町1-2-3",
        width=20,
    ),
    Column(
        "postal",
        "郵便番号",
        "7桁（例: 052-0000）。",
        "Postal code, 7 digits.",
        example="052-0000",
        width=10,
    ),
    Column(
        "status",
        "状態",
        "空欄＝受付中、休止＝一時休止中、廃止＝廃止。",
        "Blank active, 休止 inactive, 廃止 defunct.",
        width=7,
        choices=("休止", "廃止"),
    ),
    Column(
        "assured",
        "確認日",
        "内容を最後に確かめた日（例: 2026-11-01）。",
        "The date the facts were last checked (YYYY-MM-DD).",
        example="2026-11-01",
        width=12,
    ),
    Column(
        "source",
        "出典",
        "情報のもとにした公開ページや資料（URL や資料名）。",
        "Where the facts come from (public page or document).",
        example="つなぎ市 広報 2026年11月号（記入例）",
        width=26,
    ),
)


def _header_key(text: str) -> str:
    """Headers as staff may retype them: full-width brackets, spaces, 「（任意）」 all match."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\((任意|必須)\)$", "", "".join(text.split()))
    return text.upper()


@cache
def _columns_by_key() -> dict[str, Column]:
    return {_header_key(c.header): c for c in COLUMNS}


class CellError(Exception):
    """One cell cannot be read; the message is shown to staff after the file, row and header."""


# --- the dictionaries staff write in ---------------------------------------------------------------

ACCESS_LABELS = {
    "free": "無料",
    "anonymous": "匿名可",
    "channel-phone": "電話",
    "channel-sns": "SNS・チャット",
    "channel-email": "メール",
    "channel-visit": "来所",
    "audience-women": "女性",
    "audience-youth": "若者",
    "audience-older": "高齢者",
    "audience-foreign": "外国人住民",
}

_CHANNEL_WORDS = {
    "電話": "channel-phone",
    "sns": "channel-sns",
    "チャット": "channel-sns",
    "line": "channel-sns",
    "メール": "channel-email",
    "eメール": "channel-email",
    "email": "channel-email",
    "来所": "channel-visit",
    "面談": "channel-visit",
    "対面": "channel-visit",
}

_AUDIENCE_WORDS = {
    "女性": "audience-women",
    "若者": "audience-youth",
    "こども・若者": "audience-youth",
    "高齢者": "audience-older",
    "外国人": "audience-foreign",
    "外国人住民": "audience-foreign",
}

LANGUAGE_NAMES = {
    "ja": "日本語",
    "en": "英語",
    "zh": "中国語",
    "ko": "韓国語",
    "es": "スペイン語",
    "pt": "ポルトガル語",
    "tl": "タガログ語",
    "th": "タイ語",
    "vi": "ベトナム語",
    "id": "インドネシア語",
    "ne": "ネパール語",
    "my": "ミャンマー語",
    "fr": "フランス語",
    "ru": "ロシア語",
    "uk": "ウクライナ語",
    "si": "シンハラ語",
    "bn": "ベンガル語",
    "hi": "ヒンディー語",
    "mn": "モンゴル語",
    "km": "クメール語",
    "fa": "ペルシャ語",
    "ar": "アラビア語",
    "de": "ドイツ語",
    "it": "イタリア語",
    "jsl": "日本手話",
}
_LANGUAGE_ALIASES = {
    "中国語(簡体字)": "zh",
    "中国語(繁体字)": "zh",
    "韓国・朝鮮語": "ko",
    "朝鮮語": "ko",
    "フィリピノ語": "tl",
    "フィリピン語": "tl",
    "手話": "jsl",
}

_YES = frozenset({"○", "〇", "◯", "●", "◎", "はい", "可", "あり", "有", "yes", "y", "true", "1"})
_NO = frozenset({"×", "✕", "✖", "x", "いいえ", "不可", "なし", "無", "no", "n", "false", "0"})

_STATUS = {
    "": "active",
    "受付中": "active",
    "active": "active",
    "休止": "inactive",
    "休止中": "inactive",
    "inactive": "inactive",
    "一時休止": "temporarily closed",
    "temporarilyclosed": "temporarily closed",
    "廃止": "defunct",
    "defunct": "defunct",
}


@cache
def worry_categories() -> tuple[tuple[str, str], ...]:
    """(code, Japanese label) of every worry category, in the dictionary's order."""
    with resource_path("worries", "categories.json").open(encoding="utf-8") as fh:
        data = json.load(fh)
    return tuple((str(c["code"]), str(c["ja"])) for c in data["categories"])


def _fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _split(text: str, *, middle_dot: bool) -> list[str]:
    """Split a list cell on 、 , ; and new lines (and ・ where no value contains one)."""
    pattern = r"[、,，;；\n]" + ("|[・/／\\s]" if middle_dot else "")
    parts = re.split(pattern, unicodedata.normalize("NFKC", text))
    return [p.strip() for p in parts if p.strip()]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- cell readers ----------------------------------------------------------------------------------


def _text(value: Cell) -> str:
    """A free-text cell: numbers become their plain form, dates their ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "○" if value else "×"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip(" \t\r\n\u3000")


def read_phone(value: Cell) -> str:
    """A phone number exactly as typed, or a refusal; never a repaired number."""
    if isinstance(value, bool):
        raise CellError("電話番号ではありません")
    if isinstance(value, int | float):
        raise CellError(
            f"数値のセル（{_text(value)}）になっていて、先頭の 0 が消えています。"
            "この列の書式を「文字列」にして、番号を入力し直してください"
        )
    text = _text(value)
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text)
    if not any(ch.isdigit() for ch in folded):
        raise CellError("数字がありません")
    digits = folded.replace(" ", "")
    if digits.isdigit() and len(digits) >= 8 and not digits.startswith("0"):
        raise CellError(
            f"「{text}」は先頭の 0 が消えているようです（Excel で数値として扱われた可能性）。"
            "この列の書式を「文字列」にして、番号を入力し直してください"
        )
    return text


def read_yes_no(value: Cell) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = _fold(_text(value))
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"「{_short(_text(value))}」は ○ か × で書いてください（分からなければ空欄）")


def read_age(value: Cell) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else _age_error(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 <= value <= 130:
            return int(value)
        return _age_error(value)
    text = unicodedata.normalize("NFKC", _text(value)).removesuffix("歳").removesuffix("才")
    if not text:
        return None
    if text.isdigit() and int(text) <= 130:
        return int(text)
    return _age_error(value)


def _age_error(value: Cell) -> NoReturn:
    raise CellError(f"「{_short(_text(value))}」は 0〜130 の整数で書いてください")


def read_date(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", _text(value))
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match is not None:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            pass
    raise CellError(f"「{_short(_text(value))}」は日付として読めません（例: 2026-11-01）")


def read_postal(value: Cell) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = _text(value)
        if len(digits) == 7:
            return f"{digits[:3]}-{digits[3:]}"
        raise CellError(
            f"数値のセル（{digits}）になっていて、先頭の 0 が消えています。"
            "列の書式を「文字列」にして入力し直してください"
        )
    text = _text(value)
    if text and not re.fullmatch(r"\d{3}-?\d{4}", unicodedata.normalize("NFKC", text)):
        raise CellError(f"「{_short(text)}」は7桁の郵便番号ではありません（例: 052-0000）")
    return text


def read_status(value: Cell) -> str:
    key = _fold(_text(value))
    if key in _STATUS:
        return _STATUS[key]
    raise CellError(
        f"「{_short(_text(value))}」は使えません。空欄（受付中）、休止、廃止 のどれかを書いてください"
    )


def read_email(value: Cell) -> str:
    text = _text(value)
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise CellError(f"「{_short(text)}」はメールアドレスとして読めません")
    return text


def read_url(value: Cell) -> str:
    text = _text(value)
    if text and not re.fullmatch(r"https?://[^\s]+\.[^\s]+", text):
        raise CellError(f"「{_short(text)}」は http:// か https:// で始まる URL で書いてください")
    return text


def read_worries(value: Cell) -> list[tuple[str, str]]:
    """(code, label) pairs from labels or codes; an unknown word names the allowed ones."""
    cats = worry_categories()
    by_word: dict[str, tuple[str, str]] = {}
    for code, label in cats:
        by_word[_fold(code)] = (code, label)
        by_word[_fold(label)] = (code, label)
    out: list[tuple[str, str]] = []
    unknown: list[str] = []
    for word in _split(_text(value), middle_dot=False):
        found = by_word.get(_fold(word))
        if found is None:
            unknown.append(word)
        elif found not in out:
            out.append(found)
    if unknown:
        names = "、".join(f"「{_short(w, 20)}」" for w in unknown)
        allowed = "、".join(label for _code, label in cats)
        raise CellError(f"{names} は相談分野にありません。使える分野: {allowed}")
    return out


def _read_words(value: Cell, words: dict[str, str], allowed: str) -> list[str]:
    folded = {_fold(k): v for k, v in words.items()}
    out: list[str] = []
    unknown: list[str] = []
    for word in _split(_text(value), middle_dot=True):
        code = folded.get(_fold(word))
        if code is None:
            unknown.append(word)
        elif code not in out:
            out.append(code)
    if unknown:
        names = "、".join(f"「{_short(w, 20)}」" for w in unknown)
        raise CellError(f"{names} は使えません。使える言葉: {allowed}")
    return out


def read_channels(value: Cell) -> list[str]:
    return _read_words(value, _CHANNEL_WORDS, "電話、SNS、メール、来所")


def read_audience(value: Cell) -> list[str]:
    return _read_words(value, _AUDIENCE_WORDS, "女性、若者、高齢者、外国人")


def read_languages(value: Cell) -> list[str]:
    words = {_fold(name): code for code, name in LANGUAGE_NAMES.items()}
    words.update({_fold(name): code for name, code in _LANGUAGE_ALIASES.items()})
    out: list[str] = []
    unknown: list[str] = []
    for word in _split(_text(value), middle_dot=True):
        key = _fold(word)
        code = words.get(key)
        if code is None and re.fullmatch(r"[a-z]{2,3}", key):
            code = key  # an ISO 639 code as written
        if code is None:
            unknown.append(word)
        elif code not in out:
            out.append(code)
    if unknown:
        names = "、".join(f"「{_short(w, 20)}」" for w in unknown)
        raise CellError(
            f"{names} は言語として読めません。日本語・英語・中国語 などの名前か、"
            "ISO 639 のコード（ja, en, zh…）で書いてください"
        )
    return out


# --- regions ---------------------------------------------------------------------------------------


def _check_digit_ok(code: str) -> bool:
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10 == int(code[5])


def read_lgcodes(value: Cell, regions: RegionMaster) -> list[Region]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _text(value)
        if len(text) != 6:
            raise CellError(
                f"数値のセル（{text}）になっていて、先頭の 0 が消えています。"
                "この列の書式を「文字列」にして、6桁で入力し直してください"
            )
        parts = [text]
    else:
        parts = _split(_text(value), middle_dot=True)
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
            raise CellError(f"「{part}」は全国地方公共団体コードにありません{reason}")
        if region not in out:
            out.append(region)
    return out


def read_areas(
    value: Cell, regions: RegionMaster, prefecture: str, codes: Sequence[Region]
) -> list[Region | None]:
    """Regions by name; ``None`` stands for 全国. Ambiguous names list every candidate."""
    out: list[Region | None] = []
    for name in _split(_text(value), middle_dot=False):
        if _fold(name) in NATIONAL_NAMES:
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


# --- opening hours ---------------------------------------------------------------------------------

_DAY_CHARS = "月火水木金土日"
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME_RE = r"(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分|(半))?)"
_RANGE_RE = re.compile(rf"(?:(24時間|終日)|{_TIME_RE}\s*-\s*(翌朝?|翌日)?\s*{_TIME_RE})")
_DASHES = "〜~ー−–—‐―－"
_HOURS_HINT = (
    "「月-金 8:30-17:15」「毎日 16:00-21:00」「土日 10:00-17:00」「24時間」"
    "「第2土 10:00-12:00」「22:00-翌6:00」のように書いてください"
)


class HoursError(CellError):
    pass


def _normalise_hours(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text


def _clock(hours: str, minutes: str | None, mins_ja: str | None, half: str | None) -> int:
    h = int(hours)
    m = int(minutes or mins_ja or 0) + (30 if half else 0)
    if m >= 60 or h > 24 or (h == 24 and m):
        raise ValueError
    return h * 60 + m


def _weekdays(spec: str) -> tuple[list[int], bool] | None:
    """Weekday numbers (0 = Monday) from 「月-金」「土日祝」「平日」「月・水・金」; None if unreadable."""
    days: list[int] = []
    holidays = False
    rest = spec.replace("曜日", "").replace("曜", "")
    rest = rest.replace("祝日", "祝").replace("祭日", "祝")
    tokens = re.findall(
        r"毎日|平日|[月火水木金土日祝]-[月火水木金土日]|[月火水木金土日祝]|[・,、\s]", rest
    )
    if "".join(tokens) != rest or not rest.strip(" ・,、"):
        return None
    for token in tokens:
        if token == "毎日":
            new = list(range(7))
        elif token == "平日":
            new = list(range(5))
        elif token == "祝":
            holidays = True
            new = []
        elif len(token) == 3:
            a, b = _DAY_CHARS.index(token[0]), _DAY_CHARS.index(token[2])
            new = [(a + i) % 7 for i in range((b - a) % 7 + 1)]
        elif token in _DAY_CHARS:
            new = [_DAY_CHARS.index(token)]
        else:
            continue
        days.extend(d for d in new if d not in days)
    if not days:
        return None
    return sorted(days), holidays


def parse_hours(text: str) -> list[dict[str, Any]]:
    """Written opening hours → HSDS schedule rows (without ids). Raises :class:`HoursError`."""
    out: list[dict[str, Any]] = []
    for raw in re.split(r"[/／;；\n]", text):
        if raw.strip():
            out.extend(_parse_entry(raw.strip(" \t\r\u3000")))
    return out


def _parse_entry(original: str) -> list[dict[str, Any]]:
    """One entry; messages quote it as typed, and a note or 祝 keeps it as the description."""
    entry = _normalise_hours(original).strip()
    note = ""
    match = re.search(r"\(([^()]*)\)\s*$", entry)
    if match is not None:
        note = match.group(1).strip()
        entry = entry[: match.start()].strip()
    rule: dict[str, Any]
    if re.fullmatch(r"24時間|終日", entry):
        rule, times = {"freq": "WEEKLY", "byday": ",".join(_DAY_CODES)}, entry
        holidays = False
    else:
        found = _RANGE_RE.search(entry)
        if found is None:
            raise HoursError(f"「{_short(original)}」の時間を読み取れません。{_HOURS_HINT}")
        days_text, times = entry[: found.start()], entry[found.start() :]
        rule, holidays = _day_rule(days_text, original)
    blocks = _time_ranges(times, original)
    description = original if note or holidays else ""
    rows = []
    for opens, closes in blocks:
        row = dict(rule)
        row["opens_at"] = opens
        row["closes_at"] = closes
        row["timezone"] = 9
        if description:
            row["description"] = description
        rows.append(row)
    return rows


def _day_rule(days_text: str, original: str) -> tuple[dict[str, Any], bool]:
    days_text = days_text.strip()
    if not days_text:
        raise HoursError(
            f"「{_short(original)}」に曜日がありません（毎日なら「毎日 9:00-17:00」のように書いてください）"
        )
    monthly = re.fullmatch(r"第([\d・,、第\s]+)([月火水木金土日])(?:曜日|曜)?", days_text)
    if monthly is not None:
        numbers = re.findall(r"\d", monthly.group(1))
        if not numbers or any(not 1 <= int(n) <= 5 for n in numbers):
            raise HoursError(f"「{_short(original)}」の「第◯」は 1〜5 で書いてください")
        code = _DAY_CODES[_DAY_CHARS.index(monthly.group(2))]
        return {"freq": "MONTHLY", "byday": ",".join(f"{n}{code}" for n in numbers)}, False
    last = re.fullmatch(r"最終([月火水木金土日])(?:曜日|曜)?", days_text)
    if last is not None:
        return {
            "freq": "MONTHLY",
            "byday": f"-1{_DAY_CODES[_DAY_CHARS.index(last.group(1))]}",
        }, False
    monthday = re.fullmatch(r"毎月((?:\d{1,2}日?[・,、\s]*)+|末日?)", days_text)
    if monthday is not None:
        if monthday.group(1).startswith("末"):
            return {"freq": "MONTHLY", "bymonthday": "-1"}, False
        numbers = re.findall(r"\d{1,2}", monthday.group(1))
        if any(not 1 <= int(n) <= 31 for n in numbers):
            raise HoursError(f"「{_short(original)}」の日付は 1〜31 で書いてください")
        return {"freq": "MONTHLY", "bymonthday": ",".join(numbers)}, False
    weekly = _weekdays(days_text)
    if weekly is None:
        raise HoursError(
            f"「{_short(original)}」の「{_short(days_text, 20)}」を曜日として読み取れません。{_HOURS_HINT}"
        )
    days, holidays = weekly
    return {"freq": "WEEKLY", "byday": ",".join(_DAY_CODES[d] for d in days)}, holidays


def _time_ranges(times: str, original: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    times = times.strip()
    while pos < len(times):
        sep = re.match(r"[\s,、・]*", times[pos:])
        pos += sep.end() if sep else 0
        if pos >= len(times):
            break
        match = _RANGE_RE.match(times, pos)
        if match is None:
            raise HoursError(f"「{_short(original)}」の時間を読み取れません。{_HOURS_HINT}")
        pos = match.end()
        if match.group(1):
            out.append(("00:00", "23:59"))
            continue
        g = match.groups()
        try:
            start = _clock(g[1], g[2], g[3], g[4])
            end = _clock(g[6], g[7], g[8], g[9])
        except ValueError:
            raise HoursError(
                f"「{_short(original)}」の時刻が正しくありません（0:00〜24:00）"
            ) from None
        if start >= 24 * 60:
            raise HoursError(f"「{_short(original)}」の開始時刻は 23:59 までです")
        if start == end:
            raise HoursError(
                f"「{_short(original)}」は開始と終了が同じです（一日中なら「24時間」と書いてください）"
            )
        if g[5] and end > start:
            raise HoursError(
                f"「{_short(original)}」の「翌」の時刻が開始より後で、24時間を超えます"
            )
        if g[5] and end == 24 * 60:
            raise HoursError(f"「{_short(original)}」の「翌24:00」は書けません")
        out.append((f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"))
    if not out:
        raise HoursError(f"「{_short(original)}」に時間がありません。{_HOURS_HINT}")
    return out


# --- rows to records -------------------------------------------------------------------------------


def _prefecture_names(regions: RegionMaster) -> frozenset[str]:
    return frozenset(r.name for r in regions.prefectures())


def _term(taxonomy: str, code: str, name: str) -> dict[str, str]:
    return {
        "id": str(uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}/{code}")),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
    }


def derived_id(lgcode: str, name: str) -> str:
    """The id of a row without an ID: stable as long as the code and the name stay the same."""
    return str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{lgcode}/{name}"))


@dataclass
class _Row:
    """One sheet row being converted; problems collect per header, none raise."""

    cells: dict[str, Cell]
    problems: list[tuple[str, str]]

    def get(self, key: str, reader: Any, *args: Any) -> Any:
        try:
            return reader(self.cells.get(key), *args)
        except CellError as exc:
            self.problems.append((_header_of(key), str(exc)))
            return None

    def text(self, key: str) -> str:
        return _text(self.cells.get(key))


def _header_of(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def convert_row(
    cells: dict[str, Cell], regions: RegionMaster, *, include_examples: bool = False
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """One row (column key → cell value) → (record, []) or (None, [(header, message), …])."""
    row = _Row(dict(cells), [])
    for column in COLUMNS:
        value = cells.get(column.key)
        if column.key != "assured" and isinstance(value, datetime | date | time):
            # Excel turns 「1-2」 into 2 January: the text as typed is gone, so refuse.
            row.problems.append(
                (
                    column.header,
                    f"Excel が日付・時刻（{_text(value)}）に変えています。"
                    "この列の書式を「文字列」にして、入力し直してください",
                )
            )
            del row.cells[column.key]
    name = row.text("name")
    if not name:
        row.problems.append((_header_of("name"), "窓口名がありません（必須）"))
    is_example = name.startswith(EXAMPLE_PREFIX)
    if is_example and not include_examples:
        row.problems.append(
            (
                _header_of("name"),
                f"{EXAMPLE_PREFIX}の行は公開できません。この行を削除してから公開してください",
            )
        )
    given_id = cells.get("id")
    rid = row.text("id")
    if (isinstance(given_id, int | float) and not isinstance(given_id, bool)) or rid.isdigit():
        row.problems.append(
            (
                "ID",
                f"「{rid}」のような番号だけの ID は他の自治体の ID と重なります。"
                "空欄にするか（自動で決まります）、前回公開時の ID を書いてください",
            )
        )
    pref = row.text("pref")
    codes: list[Region] = row.get("lgcode", read_lgcodes, regions) or []
    areas: list[Region | None] = row.get("area", read_areas, regions, pref, codes) or []
    if (
        not codes
        and not areas
        and not any(h == "対象地域" or h == "自治体コード" for h, _ in row.problems)
    ):
        row.problems.append(
            (
                _header_of("area"),
                "自治体コードか対象地域のどちらかを書いてください（全国の窓口なら「全国」）",
            )
        )
    phones: list[tuple[str, str]] = []
    for n in ("1", "2"):
        number = row.get(f"phone{n}", read_phone) or ""
        note = row.text(f"phone{n}_desc")
        if number:
            phones.append((number, note))
        elif note and not any(h == _header_of(f"phone{n}") for h, _ in row.problems):
            row.problems.append(
                (
                    _header_of(f"phone{n}"),
                    f"「{_header_of(f'phone{n}_desc')}」があるのに番号が空です",
                )
            )
    email = row.get("email", read_email) or ""
    url = row.get("url", read_url) or ""
    worries = row.get("worries", read_worries) or []
    free = row.get("free", read_yes_no)
    anonymous = row.get("anonymous", read_yes_no)
    channels = row.get("channels", read_channels) or []
    audience = row.get("audience", read_audience) or []
    languages = row.get("languages", read_languages) or []
    min_age = row.get("min_age", read_age)
    max_age = row.get("max_age", read_age)
    if min_age is not None and max_age is not None and min_age > max_age:
        row.problems.append(
            (_header_of("max_age"), f"最高年齢 {max_age} が最低年齢 {min_age} より小さいです")
        )
    hours_text = row.text("hours")
    schedules: list[dict[str, Any]] = []
    if hours_text:
        schedules = row.get("hours", parse_hours) or []
    city, street = row.text("city"), row.text("street")
    postal = row.get("postal", read_postal) or ""
    has_address = any((pref, city, street, postal))
    if has_address:
        for key, value in (("pref", pref), ("city", city), ("street", street)):
            if not value:
                row.problems.append(
                    (
                        _header_of(key),
                        "住所を書くときは 都道府県・市区町村・番地 をそろえてください",
                    )
                )
        if pref and pref not in _prefecture_names(regions):
            row.problems.append(
                (
                    _header_of("pref"),
                    f"「{_short(pref)}」は都道府県名ではありません（例: 北海道、東京都）",
                )
            )
    status = row.get("status", read_status)
    assured = row.get("assured", read_date) or ""
    source = row.text("source")
    if row.problems:
        return None, row.problems

    first = codes[0].lgcode if codes else (areas[0].lgcode if areas[0] else NATIONAL)
    sid = rid or derived_id(first, name)

    def ident(part: str) -> str:
        return str(uuid.uuid5(TEMPLATE_NAMESPACE, f"{sid}/{part}"))

    record: dict[str, Any] = {"id": sid}
    org = row.text("org")
    org_id = str(uuid.uuid5(TEMPLATE_NAMESPACE, f"org:{org}"))
    if org:
        record["organization_id"] = org_id
    record["name"] = name
    description = row.text("description")
    if description:
        record["description"] = description
    if url:
        record["url"] = url
    if email:
        record["email"] = email
    record["status"] = status or "active"
    if min_age is not None:
        record["minimum_age"] = min_age
    if max_age is not None:
        record["maximum_age"] = max_age
    if assured:
        record["assured_date"] = assured
    if org:
        record["organization"] = {"id": org_id, "name": org, "description": ""}
    record["phones"] = [
        {"id": ident(f"phone/{i}"), "service_id": sid, "number": number, "type": "voice"}
        | ({"description": note} if note else {})
        for i, (number, note) in enumerate(phones)
    ]
    record["schedules"] = [
        {"id": ident(f"schedule/{i}"), "service_id": sid, **block}
        for i, block in enumerate(schedules)
    ]
    service_areas: list[dict[str, Any]] = []
    seen: set[str] = set()
    for region in [*codes, *areas]:
        code = region.lgcode if region else NATIONAL
        if code in seen:
            continue
        seen.add(code)
        area: dict[str, Any] = {"id": ident(f"area/{code}"), "service_id": sid}
        if region is None:
            area["name"] = "全国"
        else:
            area |= {"name": region.name, "extent": region.lgcode, "extent_type": "jp_lgcode"}
        service_areas.append(area)
    record["service_areas"] = service_areas
    if has_address:
        lid = ident("location")
        address: dict[str, Any] = {
            "id": ident("address"),
            "location_id": lid,
            "address_1": street,
            "city": city,
            "state_province": pref,
            "postal_code": postal,
            "country": "JP",
            "address_type": "physical",
        }
        location: dict[str, Any] = {"id": lid, "location_type": "physical"}
        if org:
            location["organization_id"] = org_id
        location |= {"name": name, "addresses": [address]}
        record["service_at_locations"] = [
            {"id": ident("sal"), "service_id": sid, "location_id": lid, "location": location}
        ]
    if languages:
        record["languages"] = [
            {
                "id": ident(f"language/{code}"),
                "service_id": sid,
                "name": LANGUAGE_NAMES.get(code, code),
                "code": code,
            }
            for code in languages
        ]
    if free:
        record["cost_options"] = [
            {
                "id": ident("cost"),
                "service_id": sid,
                "option": "相談",
                "amount": 0,
                "currency": "JPY",
                "amount_description": "無料",
            }
        ]
    attributes: list[dict[str, Any]] = []

    def attr(taxonomy: str, code: str, label: str, link_type: str, value: str = "") -> None:
        attributes.append(
            {
                "id": ident(f"attr/{taxonomy}/{code}"),
                "link_id": sid,
                "link_type": link_type,
                "link_entity": "service",
                "value": value,
                "taxonomy_term": _term(taxonomy, code, label),
            }
        )

    for code, label in worries:
        attr("tsunagi-worry", code, label, "worry")
    access = (["free"] if free else []) + (["anonymous"] if anonymous else [])
    for code in [*access, *channels, *audience]:
        attr("tsunagi-access", code, ACCESS_LABELS[code], "access")
    if source:
        attr("tsunagi-source", "source", "出典", "source", source)
    if is_example:
        attr("tsunagi-flag", "demo", "デモデータ", "flag")
    record["attributes"] = attributes
    return record, []


# --- files -----------------------------------------------------------------------------------------


def is_template(path: Path) -> bool:
    """Whether ``read_path`` should hand ``path`` to :func:`read_spreadsheet`.

    Every ``.xlsx``; a ``.csv`` only when its header row has 「窓口名」 (an HSDS datapackage table
    has English headers, so the two never collide).
    """
    suffix = path.suffix.lower()
    if suffix in (*SUFFIXES_EXCEL, ".xls"):
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return False
    text = _decode(head, partial=True)
    if text is None:
        return False
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    return "窓口名" in {_header_key(h) for h in first}


def _decode(data: bytes, *, partial: bool = False) -> str | None:
    """UTF-8 (the template, with BOM), else Shift_JIS: what Excel saves 「CSV（コンマ区切り）」 as."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if partial and exc.start >= len(data) - 3:
                return data[: exc.start].decode(encoding, errors="ignore")
    return None


def _rows_from_csv(path: Path) -> list[list[Cell]]:
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise CellError(f"ファイルが大きすぎます（{MAX_FILE_BYTES // 2**20} MB まで）")
    text = _decode(data)
    if text is None:
        raise CellError("文字コードを読み取れません。UTF-8 の CSV で保存してください")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise CellError(f"CSV として読めません: {exc}") from None


def _rows_from_xlsx(path: Path) -> list[list[Cell]]:
    # Imported here, not at the top: the app imports the readers, only publishing needs openpyxl.
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if path.stat().st_size > MAX_FILE_BYTES:
        raise CellError(f"ファイルが大きすぎます（{MAX_FILE_BYTES // 2**20} MB まで）")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CellError(f"Excel ファイル（.xlsx）として開けません: {exc}") from None
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        rows: list[list[Cell]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                raise CellError(f"行が多すぎます（{MAX_ROWS:,} 行まで）")
        return rows
    finally:
        book.close()


def read_spreadsheet(
    path: Path, regions: RegionMaster | None = None, *, include_examples: bool = False
) -> Iterator[Item]:
    """Every row of a filled-in template as a record, or as problems naming row and column."""
    name = str(path)
    regions = regions or RegionMaster.load()
    if path.suffix.lower() == ".xls":
        yield _file_problem(
            name, "古い Excel 形式（.xls）は読めません。「.xlsx」で保存し直してください"
        )
        return
    try:
        rows = (
            _rows_from_xlsx(path) if path.suffix.lower() in SUFFIXES_EXCEL else _rows_from_csv(path)
        )
    except OSError as exc:
        yield _file_problem(name, f"ファイルを読めません: {exc.strerror or exc}")
        return
    except CellError as exc:
        yield _file_problem(name, str(exc))
        return
    if not rows:
        yield _file_problem(name, "空のファイルです（1行目に見出しが必要です）")
        return
    columns: list[Column | None] = []
    problems: list[Problem] = []
    known = _columns_by_key()
    seen: dict[str, int] = {}
    for i, header in enumerate(rows[0]):
        text = _text(header)
        key = _header_key(text)
        column = known.get(key)
        if column is None and text and not text.startswith(("メモ", "備考", "#")):
            problems.append(
                Problem(
                    f"{name} 1行目",
                    text,
                    "テンプレートにない見出しです（見出しを変えないでください。"
                    "メモ用の列は見出しを「メモ」で始めてください）",
                )
            )
        if column is not None and column.key in seen:
            problems.append(Problem(f"{name} 1行目", text, "同じ見出しの列が2つあります"))
            column = None
        if column is not None:
            seen[column.key] = i
        columns.append(column)
    if "name" not in seen:
        problems.append(Problem(f"{name} 1行目", "窓口名", "「窓口名」の列がありません"))
    if problems:
        for problem in problems:
            yield Item(problem.where, problem=problem)
        return
    first_row_of: dict[str, int] = {}
    for number, values in enumerate(rows[1:], start=2):
        cells: dict[str, Cell] = {}
        for column, value in zip(columns, values, strict=False):
            if column is not None and value is not None and _text(value) != "":
                cells[column.key] = value
        if not cells:
            continue  # an empty row, or one with only メモ
        where = f"{name} {number}行目"
        record, found = convert_row(cells, regions, include_examples=include_examples)
        if record is None:
            for header, message in found:
                yield Item(where, problem=Problem(where, header, message))
            continue
        sid = str(record["id"])
        if sid in first_row_of:
            column_name = "ID" if _text(cells.get("id")) else "窓口名"
            yield Item(
                where,
                problem=Problem(
                    where,
                    column_name,
                    f"{first_row_of[sid]}行目と同じ窓口（同じ ID）です。"
                    "別の窓口なら窓口名を変えるか、ID 列で区別してください",
                ),
            )
            continue
        first_row_of[sid] = number
        yield Item(where, record=record)


def _file_problem(name: str, message: str) -> Item:
    return Item(name, problem=Problem(name, "-", message))
