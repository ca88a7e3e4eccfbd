"""Cell readers: one cell as staff typed it → a value of the Japan profile, or a :class:`CellError`.

Each reader takes the raw cell (text, or the number/date Excel made of it) and either returns the
value or raises a message written for staff; :mod:`index.spreadsheet.rows` attaches file, row and
header to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import NoReturn, TypeVar

from index import plaintext
from index.phones import hidden_characters
from index.plaintext import fold
from index.spreadsheet.columns import Cell, worry_categories
from index.vocabulary import LANGUAGE_ALIASES, LANGUAGE_NAMES


class CellError(Exception):
    """One cell cannot be read; the message is shown to staff after the file, row and header."""


# --- the dictionaries staff write in ---------------------------------------------------------------

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


def _split(text: str, *, middle_dot: bool) -> list[str]:
    """Split a list cell on 、 , ; and new lines (and ・ where no value contains one)."""
    pattern = r"[、,，;；\n]" + ("|[・/／\\s]" if middle_dot else "")
    parts = re.split(pattern, unicodedata.normalize("NFKC", text))
    return [p.strip() for p in parts if p.strip()]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- cell readers ----------------------------------------------------------------------------------


def read_phone(value: Cell) -> str:
    """A phone number exactly as typed, or a refusal; never a repaired number."""
    if isinstance(value, bool):
        raise CellError("電話番号ではありません")
    if isinstance(value, int | float):
        raise CellError(
            f"数値のセル（{plaintext.text(value)}）になっていて、先頭の 0 が消えています。"
            "この列の書式を「文字列」にして、番号を入力し直してください"
        )
    text = plaintext.text(value)
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


_NUMBER = re.compile(
    r"[#＃+＋]?[(（]?[0-9０-９][0-9０-９()（）\-－‐―−ー ]*[0-9０-９]|[#＃]?[0-9０-９]{3,}"
)
_PLAIN_LABELS = frozenset({"tel", "tel.", "電話", "電話番号", "☎", "℡", "phone", "でんわ"})
SHORT_NUMBERS = frozenset({"110", "119", "118", "171", "188", "189"})


def split_phone(value: Cell) -> tuple[str, str, list[str]]:
    """A phone cell → (number exactly as typed, label, warnings); refuses only a cell with no number.

    「TEL　0183-72-5855」, 「相談専用\n0120-000-000」 and 「0183-72-5855（代表）」 are split: the label goes
    to the phone's description (TEL and 電話 alone are dropped). A number without an area code is
    kept with a warning.
    """
    number = read_phone(value)
    if not number:
        return "", "", []
    if hidden_characters(number):  # never split at an invisible character (issue 15's probe):
        return number, "", []  # kept whole, validation refuses it and names the field
    found = _NUMBER.search(number)
    if found is None:  # digits, but not a number (「内線5」): keep the cell as written
        return number, "", []
    core = found.group(0).strip()
    if core.endswith(("）", ")")) and core.count("(") + core.count("（") < 2:
        core = core.rstrip("）)").strip()
    rest = (number[: found.start()] + " " + number[found.start() + len(core) :]).strip()
    label = " ".join(rest.split()).strip(" :：・、,()（）")
    label = re.sub(r"^(?:TEL|Tel|tel|電話番号|電話|☎|℡)[.:：\s]*", "", label).strip(
        " :：・、,()（）"
    )
    if fold(label).rstrip(":：") in _PLAIN_LABELS:
        label = ""
    warnings: list[str] = []
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", core) if ch.isdigit())
    special = core.lstrip().startswith(("#", "＃", "+", "＋")) or digits in SHORT_NUMBERS
    if not special and not digits.startswith("0"):
        warnings.append(
            f"「{core}」に市外局番がありません。市外局番から書いてください（このまま表示します）"
        )
    return core, label, warnings


def read_postal_text(text: str) -> str:
    """「〒052-0021」 → 「052-0021」: the mark is not part of the code."""
    return text.replace("〒", "").strip(" \u3000")


def read_yes_no(value: Cell) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = fold(plaintext.text(value))
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(
        f"「{_short(plaintext.text(value))}」は ○ か × で書いてください（分からなければ空欄）"
    )


def read_age(value: Cell) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else _age_error(value)
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 <= value <= 130:
            return int(value)
        return _age_error(value)
    text = (
        unicodedata.normalize("NFKC", plaintext.text(value)).removesuffix("歳").removesuffix("才")
    )
    if not text:
        return None
    if text.isdigit() and int(text) <= 130:
        return int(text)
    return _age_error(value)


def _age_error(value: Cell) -> NoReturn:
    raise CellError(f"「{_short(plaintext.text(value))}」は 0〜130 の整数で書いてください")


def read_date(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", plaintext.text(value))
    if not text:
        return ""
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match is not None:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            pass
    raise CellError(f"「{_short(plaintext.text(value))}」は日付として読めません（例: 2026-11-01）")


def read_postal(value: Cell) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = plaintext.text(value)
        if len(digits) == 7:
            return f"{digits[:3]}-{digits[3:]}"
        raise CellError(
            f"数値のセル（{digits}）になっていて、先頭の 0 が消えています。"
            "列の書式を「文字列」にして入力し直してください"
        )
    text = read_postal_text(plaintext.text(value))
    if text and not re.fullmatch(r"\d{3}-?\d{4}", unicodedata.normalize("NFKC", text)):
        raise CellError(f"「{_short(text)}」は7桁の郵便番号ではありません（例: 052-0000）")
    return text


def read_status(value: Cell) -> str:
    key = fold(plaintext.text(value))
    if key in _STATUS:
        return _STATUS[key]
    raise CellError(
        f"「{_short(plaintext.text(value))}」は使えません。空欄（受付中）、休止、廃止 のどれかを書いてください"
    )


def read_email(value: Cell) -> str:
    text = plaintext.text(value)
    if text and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise CellError(f"「{_short(text)}」はメールアドレスとして読めません")
    return text


def read_url(value: Cell) -> str:
    text = plaintext.text(value)
    if text and not re.fullmatch(r"https?://[^\s]+\.[^\s]+", text):
        raise CellError(f"「{_short(text)}」は http:// か https:// で始まる URL で書いてください")
    return text


T = TypeVar("T")


def _pick(value: Cell, lookup: Callable[[str], T | None], *, middle_dot: bool) -> list[T]:
    """The cell's words looked up, in order and once each; any unknown word raises with the
    words named, so the caller only says what is allowed (:class:`_Unknown`)."""
    out: list[T] = []
    unknown: list[str] = []
    for word in _split(plaintext.text(value), middle_dot=middle_dot):
        found = lookup(word)
        if found is None:
            unknown.append(word)
        elif found not in out:
            out.append(found)
    if unknown:
        raise _Unknown("、".join(f"「{_short(w, 20)}」" for w in unknown))
    return out


class _Unknown(Exception):
    """Words of a cell that no vocabulary knows (their names, quoted and joined)."""


def read_worries(value: Cell) -> list[tuple[str, str]]:
    """(code, label) pairs from labels or codes; an unknown word names the allowed ones."""
    cats = worry_categories()
    by_word: dict[str, tuple[str, str]] = {}
    for code, label in cats:
        by_word[fold(code)] = (code, label)
        by_word[fold(label)] = (code, label)
    try:
        return _pick(value, lambda word: by_word.get(fold(word)), middle_dot=False)
    except _Unknown as names:
        allowed = "、".join(label for _code, label in cats)
        raise CellError(f"{names} は相談分野にありません。使える分野: {allowed}") from None


def _read_words(value: Cell, words: dict[str, str], allowed: str) -> list[str]:
    folded = {fold(k): v for k, v in words.items()}
    try:
        return _pick(value, lambda word: folded.get(fold(word)), middle_dot=True)
    except _Unknown as names:
        raise CellError(f"{names} は使えません。使える言葉: {allowed}") from None


def read_channels(value: Cell) -> list[str]:
    return _read_words(value, _CHANNEL_WORDS, "電話、SNS、メール、来所")


def read_audience(value: Cell) -> list[str]:
    return _read_words(value, _AUDIENCE_WORDS, "女性、若者、高齢者、外国人")


def read_languages(value: Cell) -> list[str]:
    words = {fold(name): code for code, name in LANGUAGE_NAMES.items()}
    words.update({fold(name): code for name, code in LANGUAGE_ALIASES.items()})

    def lookup(word: str) -> str | None:
        key = fold(word)
        code = words.get(key)
        if code is None and re.fullmatch(r"[a-z]{2,3}", key):
            code = key  # an ISO 639 code as written
        return code

    try:
        return _pick(value, lookup, middle_dot=True)
    except _Unknown as names:
        raise CellError(
            f"{names} は言語として読めません。日本語・英語・中国語 などの名前か、"
            "ISO 639 のコード（ja, en, zh…）で書いてください"
        ) from None
