"""The template's columns: one definition shared by the reader and ``packaging/make_template.py``.

Kept apart from the cell readers so the template builder can import the headers and help texts
without the reading code, and so the reader and the template cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache

from index import vocabulary

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
    Column(
        "fax",
        "FAX",
        "FAX 番号（耳の聞こえない方の連絡に使われます）。書いたとおりに表示されます。",
        "Fax number (used by deaf clients); shown exactly as typed.",
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
        "contact_form",
        "問い合わせフォーム",
        "Web の相談・問い合わせフォームの URL。",
        "URL of a web contact form.",
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
        "例: 月-金 8:30-17:15 ／ 月曜日から金曜日 午前8時45分から午後5時15分 ／ 毎日 16:00-21:00 ／ 24時間365日 ／ 第1・第3水曜 13時～16時 ／ 毎月10日 13:00-16:00。複数は「／」か改行で区切る。曜日は時間の上の行でも構いません。夜をまたぐときは 22:00-翌6:00。読めない部分は書いたとおり表示されます。補足は（ ）に。",
        "Opening hours in the written forms shown; several separated by ／ or a new line; overnight 22:00-翌6:00; a note in （ ）.",
        example="月-金 8:30-17:15／第2土 10:00-12:00",
        width=34,
    ),
    Column(
        "closed",
        "休み",
        "休みの日（例: 土曜日・日曜日・祝日・年末年始、第2土曜）。祝日休みと書くと祝日は「休み」と表示されます。",
        "Closed days (weekends, 祝日 national holidays, 年末年始, 第2土曜 …).",
        example="祝日・年末年始",
        width=22,
    ),
    Column(
        "reservation",
        "要予約",
        "○＝予約が必要（紹介状に「要予約」と印刷されます）、×＝不要、空欄＝不明。",
        "○ an appointment is needed (printed on slips), × not needed, blank unknown.",
        width=7,
        choices=("○", "×"),
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


def worry_categories() -> tuple[tuple[str, str], ...]:
    """(code, Japanese label) of every worry category, in the dictionary's order."""
    return tuple((c.code, c.ja) for c in vocabulary.worry_categories())


def _header_of(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)
