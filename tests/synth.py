"""Deterministic synthetic directories and the bundled sample, in the tsunagi Japan profile of HSDS 3.0.

Search quality, ranking, sync and stress work all need large, realistic and *reproducible*
directories whose ground truth travels inside each record: the worry codes are its
``tsunagi-worry`` attributes and its regions are its ``service_areas`` (``jp_lgcode``). An
evaluator can therefore grade a hit against the record alone, with no side table to drift.

The bundled sample (``resources/sample/``) is built by the same record builder, so the sample and
the synthetic data cannot disagree about how the profile (``sync/PROFILE.md``) is read.

    python -m tests.synth --n 100000 --seed 1 -o synth.ndjson.gz
    python -m tests.synth --sample resources/sample      # rebuild the bundled sample files
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from index.resources import resource_path
from index.vocabulary import ACCESS_LABELS, LANGUAGE_NAMES, worry_labels

Record = dict[str, Any]

SAMPLE_NAMESPACE = uuid.UUID("6f1d7a52-3c1e-5b8a-9d4e-2a7c0b9e1f35")
"""uuid5 namespace of the bundled sample: the same name always gives the same id."""

SAMPLE_ASSURED = "2026-11-01"
SAMPLE_MODIFIED = "2026-11-01T09:00:00+09:00"
SYNTH_EPOCH = date(2026, 11, 1)

ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass(frozen=True)
class Block:
    """One HSDS schedule row: a time block that repeats weekly or monthly."""

    freq: str
    opens_at: str
    closes_at: str
    byday: str | None = None
    bymonthday: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Address:
    state_province: str
    city: str
    address_1: str
    postal_code: str
    location_name: str
    latitude: float | None = None
    longitude: float | None = None
    address_2: str | None = None


@dataclass(frozen=True)
class Area:
    """A service area: ``lgcode`` None means the area is given only by name."""

    name: str
    lgcode: str | None = None


@dataclass
class Spec:
    """Everything needed to build one profile record; defaults are the common case."""

    name: str
    org_name: str
    org_description: str
    description: str
    areas: Sequence[Area] = ()
    phones: Sequence[tuple[str, str | None]] = ()
    schedules: Sequence[Block] = ()
    worries: Sequence[str] = ()
    access: Sequence[str] = ()
    languages: Sequence[tuple[str, str | None]] = (("ja", None),)
    status: str = "active"
    url: str | None = None
    email: str | None = None
    fees_description: str | None = None
    eligibility_description: str | None = None
    interpretation_services: str | None = None
    application_process: str | None = None
    alert: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    address: Address | None = None
    demo: bool = False
    source: str | None = None
    assured_date: str = SAMPLE_ASSURED
    last_modified: str = SAMPLE_MODIFIED


TERM_NAMESPACE = uuid.UUID("0b7e4c36-8f2a-5d19-a6c3-5e1f9d2b7a40")


@cache
def term_id(taxonomy: str, code: str) -> str:
    """A taxonomy term's id: a UUID (HSDS declares ``format: uuid``), the same in every feed.

    PROFILE.md's example writes ``tsunagi-worry-kodoku``; readers go by ``taxonomy`` and
    ``code``, and a UUID keeps the record valid for validators that check formats too.
    """
    return str(uuid.uuid5(TERM_NAMESPACE, f"{taxonomy}/{code}"))


def _term(taxonomy: str, code: str, name: str) -> dict[str, str]:
    return {
        "id": term_id(taxonomy, code),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy,
    }


def build_service(spec: Spec, ident: Callable[[str], str], org_key: str | None = None) -> Record:
    """Turn a :class:`Spec` into one HSDS 3.0 service that follows the Japan profile.

    ``ident(part)`` gives the id of each part ("service", "phone/0", …) so the caller chooses
    between reproducible uuid5 ids (sample) and fast seeded random ids (synthetic data).
    Access facts that the profile can also derive (phone, visit, e-mail, free) are written out
    explicitly too, so a plain HSDS reader sees them as well.
    """
    sid = ident("service")
    oid = ident(f"org:{org_key or spec.org_name}")
    access: list[str] = list(spec.access)
    if spec.phones and "channel-phone" not in access:
        access.append("channel-phone")
    if spec.email and "channel-email" not in access:
        access.append("channel-email")
    if spec.address is not None and "channel-visit" not in access:
        access.append("channel-visit")
    labels = worry_labels()

    rec: Record = {
        "id": sid,
        "organization_id": oid,
        "name": spec.name,
        "description": spec.description,
    }
    if spec.url:
        rec["url"] = spec.url
    if spec.email:
        rec["email"] = spec.email
    rec["status"] = spec.status
    for key in (
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
    ):
        value = getattr(spec, key)
        if value:
            rec[key] = value
    if spec.minimum_age is not None:
        rec["minimum_age"] = spec.minimum_age
    if spec.maximum_age is not None:
        rec["maximum_age"] = spec.maximum_age
    rec["assured_date"] = spec.assured_date
    if spec.alert:
        rec["alert"] = spec.alert
    rec["last_modified"] = spec.last_modified
    rec["organization"] = {
        "id": oid,
        "name": spec.org_name,
        "description": spec.org_description,
    }
    rec["phones"] = [
        {"id": ident(f"phone/{i}"), "service_id": sid, "number": number, "type": "voice"}
        | ({"description": desc} if desc else {})
        for i, (number, desc) in enumerate(spec.phones)
    ]
    schedules = []
    for i, b in enumerate(spec.schedules):
        row: Record = {"id": ident(f"schedule/{i}"), "service_id": sid, "freq": b.freq}
        if b.byday:
            row["byday"] = b.byday
        if b.bymonthday:
            row["bymonthday"] = b.bymonthday
        row["opens_at"] = b.opens_at
        row["closes_at"] = b.closes_at
        row["timezone"] = 9
        if b.description:
            row["description"] = b.description
        schedules.append(row)
    rec["schedules"] = schedules
    rec["service_areas"] = [
        {"id": ident(f"area/{i}"), "service_id": sid, "name": a.name}
        | ({"extent": a.lgcode, "extent_type": "jp_lgcode"} if a.lgcode else {})
        for i, a in enumerate(spec.areas)
    ]
    if spec.address is not None:
        ad = spec.address
        lid = ident("location")
        location: Record = {
            "id": lid,
            "location_type": "physical",
            "organization_id": oid,
            "name": ad.location_name,
        }
        if ad.latitude is not None and ad.longitude is not None:
            location["latitude"] = ad.latitude
            location["longitude"] = ad.longitude
        address: Record = {
            "id": ident("address"),
            "location_id": lid,
            "address_1": ad.address_1,
        }
        if ad.address_2:
            address["address_2"] = ad.address_2
        address |= {
            "city": ad.city,
            "state_province": ad.state_province,
            "postal_code": ad.postal_code,
            "country": "JP",
            "address_type": "physical",
        }
        location["addresses"] = [address]
        rec["service_at_locations"] = [
            {"id": ident("sal"), "service_id": sid, "location_id": lid, "location": location}
        ]
    rec["languages"] = [
        {
            "id": ident(f"language/{code}"),
            "service_id": sid,
            "name": LANGUAGE_NAMES[code],
            "code": code,
        }
        | ({"note": note} if note else {})
        for code, note in spec.languages
    ]
    if "free" in access:
        rec["cost_options"] = [
            {
                "id": ident("cost"),
                "service_id": sid,
                "option": "相談",
                "amount": 0,
                "currency": "JPY",
                "amount_description": "無料",
            }
        ]
    attributes: list[Record] = []

    def attr(taxonomy: str, code: str, name: str, link_type: str, value: str = "") -> None:
        attributes.append(
            {
                "id": ident(f"attr/{taxonomy}/{code}"),
                "link_id": sid,
                "link_type": link_type,
                "link_entity": "service",
                "value": value,
                "taxonomy_term": _term(taxonomy, code, name),
            }
        )

    for code in spec.worries:
        attr("tsunagi-worry", code, labels[code], "worry")
    for code in access:
        attr("tsunagi-access", code, ACCESS_LABELS[code], "access")
    if spec.demo:
        attr("tsunagi-flag", "demo", "デモデータ", "flag")
    if spec.source:
        attr("tsunagi-source", "source", "出典", "source", spec.source)
    rec["attributes"] = attributes
    return rec


def sample_ident(key: str) -> Callable[[str], str]:
    """Reproducible ids for a bundled record: uuid5 of the sample namespace and ``key/part``.

    Organizations are keyed by name alone so that two services of one organization share its id.
    """

    def ident(part: str) -> str:
        name = part if part.startswith("org:") else f"{key}/{part}"
        return str(uuid.uuid5(SAMPLE_NAMESPACE, name))

    return ident


# ---------------------------------------------------------------------------------------------
# Schedules used by both the sample and the generator.

H24 = (Block("WEEKLY", "00:00", "23:59", byday=ALL_DAYS),)
WEEKDAY = (Block("WEEKLY", "08:30", "17:15", byday=WEEKDAYS),)
WEEKDAY_9_17 = (Block("WEEKLY", "09:00", "17:00", byday=WEEKDAYS),)
WEEKDAY_2SA = (
    *WEEKDAY,
    Block("MONTHLY", "09:00", "12:00", byday="2SA", description="第2土曜日は午前のみ"),
)
OVERNIGHT = (
    Block("WEEKLY", "22:00", "06:00", byday=ALL_DAYS, description="毎日22時から翌朝6時まで"),
)
EVENING = (Block("WEEKLY", "17:00", "22:00", byday="MO,WE,FR"),)
MONTHLY_2SA = (Block("MONTHLY", "11:00", "14:00", byday="2SA", description="毎月第2土曜日"),)
MONTHLY_2_4SA = (
    Block("MONTHLY", "11:00", "14:00", byday="2SA"),
    Block("MONTHLY", "11:00", "14:00", byday="4SA"),
)
MONTHLY_3SU = (Block("MONTHLY", "13:30", "15:30", byday="3SU", description="毎月第3日曜日"),)
MONTHLY_LAST_FR = (Block("MONTHLY", "18:30", "20:30", byday="-1FR", description="毎月最終金曜日"),)
CAFE = (Block("WEEKLY", "15:00", "19:00", byday="TU,TH,FR"),)
DAILY_9_20 = (Block("WEEKLY", "09:00", "20:00", byday=ALL_DAYS),)
SALON = (Block("WEEKLY", "10:00", "15:00", byday="WE"),)
LINE_EVENING = (Block("WEEKLY", "17:00", "22:00", byday=ALL_DAYS),)
TUE_SAT = (Block("WEEKLY", "10:00", "18:00", byday="TU,WE,TH,FR,SA"),)
SCHEDULE_CHOICES: dict[str, tuple[Block, ...]] = {
    "h24": H24,
    "weekday": WEEKDAY,
    "weekday9": WEEKDAY_9_17,
    "weekday2sa": WEEKDAY_2SA,
    "overnight": OVERNIGHT,
    "evening": EVENING,
    "monthly2sa": MONTHLY_2SA,
    "monthly24sa": MONTHLY_2_4SA,
    "monthly3su": MONTHLY_3SU,
    "monthlylastfr": MONTHLY_LAST_FR,
    "cafe": CAFE,
    "daily920": DAILY_9_20,
    "salon": SALON,
    "line": LINE_EVENING,
    "tuesat": TUE_SAT,
}


# ---------------------------------------------------------------------------------------------
# Service templates: real kinds of services with the worries, access facts and hours they have.


@dataclass(frozen=True)
class Template:
    key: str
    name: str  # {place} = the area's name
    org: str
    org_description: str
    descriptions: tuple[str, ...]
    worries: tuple[str, ...]
    access: tuple[str, ...]
    schedules: tuple[str, ...]  # keys of SCHEDULE_CHOICES
    scope: str = "municipality"  # "municipality" | "prefecture" | "national"
    visit: float = 0.6  # probability of a physical location in synthetic data
    weight: int = 10
    minimum_age: int | None = None
    maximum_age: int | None = None
    languages: tuple[str, ...] = ("ja",)
    fees_description: str | None = None
    eligibility: str | None = None
    sns: bool = False


TEMPLATES: tuple[Template, ...] = (
    Template(
        "shakyo-shikin",
        "{place}社会福祉協議会 生活福祉資金貸付相談",
        "社会福祉法人{place}社会福祉協議会",
        "地域福祉の推進を目的とする社会福祉法人です。",
        (
            "収入の減少や失業で生活費に困ったときの生活福祉資金（緊急小口資金など）の貸付について相談できます。返済の見通しも一緒に考えます。",
            "生活費や一時的な出費に困っている世帯に、生活福祉資金の貸付制度を案内します。まずは電話でご相談ください。",
        ),
        ("seikatsu", "shakkin"),
        ("free",),
        ("weekday", "weekday2sa"),
        weight=14,
    ),
    Template(
        "shakyo-salon",
        "{place}ふれあいいきいきサロン",
        "社会福祉法人{place}社会福祉協議会",
        "地域福祉の推進を目的とする社会福祉法人です。",
        (
            "地域の集会所で開くお茶会です。ひとり暮らしの方や話し相手がほしい方が気軽に立ち寄れる居場所です。",
            "おしゃべりや体操を楽しむ地域の居場所です。予約は不要で、参加費は無料です。",
        ),
        ("ibasho", "kodoku", "koreisha"),
        ("free",),
        ("salon", "monthly2sa"),
        visit=1.0,
        weight=10,
    ),
    Template(
        "jiritsu",
        "{place}くらし・しごと相談センター（自立相談支援機関）",
        "{place}生活困窮者自立相談支援事業",
        "生活困窮者自立支援法に基づく相談窓口です。",
        (
            "仕事や家賃、借金など暮らしの困りごとを相談員が一緒に整理し、必要な支援につなぎます。住居確保給付金の申請もここで受け付けます。",
            "生活に困りごとを抱えた方の相談窓口です。家計の見直しや就労支援、住まいの確保まで一緒に考えます。",
        ),
        ("seikatsu", "sumai", "shigoto", "shakkin"),
        ("free", "channel-email"),
        ("weekday", "weekday9"),
        weight=14,
    ),
    Template(
        "jukyo",
        "{place}住居確保給付金 相談窓口",
        "{place}生活困窮者自立相談支援事業",
        "生活困窮者自立支援法に基づく相談窓口です。",
        (
            "離職や収入減で家賃の支払いが難しくなった方に、家賃相当額を支給する住居確保給付金を案内します。",
        ),
        ("sumai", "seikatsu"),
        ("free",),
        ("weekday",),
        weight=5,
    ),
    Template(
        "houkatsu",
        "{place}地域包括支援センター",
        "{place}地域包括支援センター",
        "高齢者の暮らしを支える総合相談窓口です。",
        (
            "介護や健康、認知症、高齢者への虐待など、高齢の方とその家族の相談を受け付けます。ケアマネジャーや保健師が対応します。",
            "65歳以上の方やその家族の総合相談窓口です。介護保険の申請や見守り、権利擁護の相談ができます。",
        ),
        ("kaigo", "koreisha", "gyakutai"),
        ("free", "audience-older"),
        ("weekday", "weekday2sa"),
        visit=0.9,
        weight=14,
        minimum_age=65,
    ),
    Template(
        "kodomo-katei",
        "{place}子ども家庭支援センター",
        "{place}子ども家庭支援センター",
        "子どもと家庭の総合相談窓口です。",
        (
            "子育ての悩みや子どもの発達、家庭の困りごとの相談を受け付けます。子ども本人からの相談もできます。",
            "0歳から18歳までの子どもと家庭の相談窓口です。児童虐待の通告や相談も受け付けます。",
        ),
        ("kosodate", "gyakutai", "youth"),
        ("free",),
        ("weekday", "tuesat"),
        visit=0.8,
        weight=10,
    ),
    Template(
        "kokoro",
        "{place}保健所 こころの健康相談",
        "{place}保健所",
        "地域の公衆衛生を担う行政機関です。",
        (
            "気分の落ち込みや不眠、アルコールの問題など、こころの健康について保健師や精神保健福祉士が相談に応じます。",
            "こころの不調や自殺を考えるほどのつらさについて相談できます。家族からの相談も受け付けます。",
        ),
        ("kokoro", "shinitai"),
        ("free",),
        ("weekday",),
        weight=9,
    ),
    Template(
        "seishin-center",
        "{place}精神保健福祉センター",
        "{place}精神保健福祉センター",
        "都道府県・政令指定都市が設置するこころの健康の専門機関です。",
        (
            "こころの健康、依存症、ひきこもり、自死遺族の相談を専門職が受け付けます。",
            "こころの病気や自殺予防に関する電話・来所相談の窓口です。",
        ),
        ("kokoro", "shinitai", "hikikomori", "izoku"),
        ("free",),
        ("weekday",),
        scope="prefecture",
        weight=3,
    ),
    Template(
        "dv-center",
        "{place}配偶者暴力相談支援センター",
        "{place}配偶者暴力相談支援センター",
        "配偶者暴力防止法に基づく相談・保護の窓口です。",
        (
            "配偶者やパートナーからの暴力（DV）について相談できます。緊急時の一時保護や自立に向けた支援も行います。",
            "身体的な暴力だけでなく、ことばや経済的な暴力も相談できます。相談内容の秘密は守られます。",
        ),
        ("dv",),
        ("free", "anonymous", "audience-women"),
        ("daily920", "h24"),
        scope="prefecture",
        visit=0.0,
        weight=3,
    ),
    Template(
        "saposute",
        "{place}地域若者サポートステーション",
        "{place}地域若者サポートステーション",
        "働くことに悩む若者の就労支援機関です。",
        (
            "働くことに悩みを抱える15歳から49歳までの方に、キャリア相談や職場体験、コミュニケーション講座を行います。",
        ),
        ("shigoto", "hikikomori"),
        ("free", "audience-youth"),
        ("tuesat", "weekday9"),
        visit=1.0,
        weight=4,
        minimum_age=15,
        maximum_age=49,
    ),
    Template(
        "hikikomori-center",
        "{place}ひきこもり地域支援センター",
        "{place}ひきこもり地域支援センター",
        "ひきこもりの本人と家族を支える専門窓口です。",
        (
            "ひきこもりの状態にある本人や家族からの相談を受け付けます。訪問相談や家族教室も行っています。",
        ),
        ("hikikomori", "kodoku", "kokoro"),
        ("free", "channel-email"),
        ("weekday",),
        scope="prefecture",
        weight=3,
    ),
    Template(
        "foodbank",
        "フードバンク{place}",
        "特定非営利活動法人フードバンク{place}",
        "食品ロスを生かして食料支援を行うNPOです。",
        (
            "食べものに困っている方に食料品を無償で提供します。受け取りには相談機関からの紹介が必要な場合があります。",
            "企業や家庭から寄付された食品を、生活に困っている世帯に届けます。",
        ),
        ("shokuryo", "seikatsu"),
        ("free",),
        ("tuesat", "weekday9"),
        visit=0.7,
        weight=6,
    ),
    Template(
        "kodomo-shokudo",
        "{place}みんなの子ども食堂",
        "{place}子ども食堂ネットワーク",
        "地域のボランティアが運営する子ども食堂です。",
        (
            "子どもはだれでも無料で食事ができる地域の居場所です。大人の方も300円で利用できます。",
            "月に数回、手づくりの夕食をみんなで食べる子ども食堂です。宿題をしたり遊んだりもできます。",
        ),
        ("ibasho", "shokuryo", "youth", "kosodate"),
        ("free", "audience-youth"),
        ("monthly2sa", "monthly24sa"),
        visit=1.0,
        weight=9,
        maximum_age=18,
        fees_description="子どもは無料、大人は300円",
    ),
    Template(
        "tabunka",
        "{place}多文化共生センター 外国人相談窓口",
        "{place}国際交流協会",
        "外国人住民の暮らしを支える公益団体です。",
        (
            "在留手続きや仕事、子育て、医療など暮らしの困りごとを外国語で相談できます。通訳のあっせんも行います。",
            "外国人住民のための多言語相談窓口です。やさしい日本語でも相談できます。",
        ),
        ("gaikokugo",),
        ("free", "audience-foreign"),
        ("weekday9", "tuesat"),
        languages=("ja", "en", "zh", "ko", "vi", "pt", "tl", "ne"),
        weight=5,
    ),
    Template(
        "houterasu",
        "法テラス{place}（地方事務所）",
        "日本司法支援センター 法テラス{place}",
        "法的トラブル解決の総合案内所です。",
        (
            "借金や離婚、相続などの法的トラブルについて、解決に役立つ制度や相談窓口を案内します。収入などの条件を満たせば無料法律相談を利用できます。",
        ),
        ("shakkin", "seikatsu"),
        (),
        ("weekday9",),
        scope="prefecture",
        weight=3,
        fees_description="収入・資産が一定以下の方は無料法律相談（同一問題につき3回まで）",
    ),
    Template(
        "izoku",
        "{place}自死遺族のつどい「わかちあいの会」",
        "{place}自死遺族支援ネットワーク",
        "大切な人を自死で亡くした人を支えるボランティア団体です。",
        (
            "大切な方を自死で亡くした方が、安心して気持ちを語り合える場です。話さずに聞くだけの参加もできます。",
        ),
        ("izoku", "kodoku"),
        ("free", "anonymous"),
        ("monthly3su",),
        visit=1.0,
        weight=3,
    ),
    Template(
        "futoko-oya",
        "不登校・ひきこもりを考える親の会（{place}）",
        "{place}不登校親の会",
        "不登校の子どもをもつ保護者の自助グループです。",
        (
            "学校に行けない・行かない子どもをもつ親どうしが悩みを話し合う会です。経験者が体験を語ります。",
        ),
        ("ijime", "hikikomori", "kosodate"),
        ("free",),
        ("monthlylastfr", "monthly3su"),
        visit=1.0,
        weight=4,
    ),
    Template(
        "ibasho-cafe",
        "{place}居場所カフェ",
        "一般社団法人{place}ユースサポート",
        "若者の居場所づくりを行う団体です。",
        (
            "中高生や若者がふらっと立ち寄れるカフェ型の居場所です。飲み物は無料で、スタッフが話を聞きます。",
            "学校や家以外に安心して過ごせる場所がほしい若者のための居場所です。",
        ),
        ("ibasho", "kodoku", "youth"),
        ("free", "audience-youth"),
        ("cafe",),
        visit=1.0,
        weight=5,
        minimum_age=12,
        maximum_age=29,
    ),
    Template(
        "lgbt",
        "{place}にじいろ相談（性の多様性に関する相談）",
        "{place}男女共同参画センター",
        "男女共同参画を推進する公共施設です。",
        ("性のあり方（LGBTQ）に関する悩みを、専門の相談員が電話で伺います。匿名で相談できます。",),
        ("lgbt", "kokoro"),
        ("free", "anonymous"),
        ("monthly24sa", "evening"),
        visit=0.0,
        weight=3,
    ),
    Template(
        "hisai",
        "{place}被災者生活再建相談窓口",
        "{place}被災者支援室",
        "災害で被災した方の生活再建を支援する窓口です。",
        ("住まいの再建や各種支援金、仮設住宅での暮らしの困りごとについて相談できます。",),
        ("hisai", "sumai", "seikatsu"),
        ("free",),
        ("weekday",),
        weight=2,
    ),
    Template(
        "hanzai",
        "{place}被害者支援センター",
        "公益社団法人{place}被害者支援センター",
        "犯罪被害者等早期援助団体です。",
        (
            "犯罪や交通事故の被害にあった方とその家族の相談を受け付けます。裁判所や病院への付き添いも行います。",
        ),
        ("hanzai",),
        ("free", "anonymous"),
        ("weekday9",),
        scope="prefecture",
        visit=0.0,
        weight=3,
    ),
    Template(
        "single",
        "{place}ひとり親家庭支援センター",
        "{place}母子・父子福祉センター",
        "ひとり親家庭の生活と就労を支える施設です。",
        (
            "ひとり親家庭の生活や仕事、養育費、子育ての相談を受け付けます。就業支援講座も開いています。",
        ),
        ("single", "kosodate", "seikatsu", "shigoto"),
        ("free", "audience-women"),
        ("weekday2sa", "weekday"),
        weight=4,
    ),
    Template(
        "yakan",
        "{place}夜間傾聴ダイヤル",
        "特定非営利活動法人{place}傾聴ボランティアの会",
        "電話で話を聴く傾聴ボランティアの団体です。",
        (
            "眠れない夜、だれかと話したいときに、訓練を受けたボランティアが電話で話を聴きます。名前を言う必要はありません。",
        ),
        ("kodoku", "kokoro", "shinitai"),
        ("free", "anonymous"),
        ("overnight",),
        visit=0.0,
        weight=3,
    ),
    Template(
        "shogai",
        "{place}障害者相談支援センター",
        "{place}基幹相談支援センター",
        "障害のある方の地域生活を支える相談機関です。",
        ("障害のある方やその家族の暮らし、福祉サービスの利用、就労についての相談を受け付けます。",),
        ("shogai",),
        ("free",),
        ("weekday",),
        weight=6,
    ),
    Template(
        "line",
        "{place}こころのSNS相談",
        "{place}保健福祉部",
        "都道府県の保健福祉行政を担う部局です。",
        (
            "LINEでこころの悩みを相談できます。死にたいほどつらい気持ちも、文字でなら話せるという方に。",
        ),
        ("kokoro", "shinitai", "youth"),
        ("free", "anonymous", "channel-sns"),
        ("line",),
        scope="prefecture",
        visit=0.0,
        weight=3,
        sns=True,
    ),
    Template(
        "jidou-24",
        "{place}児童相談所 24時間相談電話",
        "{place}児童相談所",
        "児童福祉法に基づく子どもの専門相談機関です。",
        (
            "子どもの虐待や養育の悩みについて、24時間電話で相談できます。子ども本人からの相談も受け付けます。",
        ),
        ("gyakutai", "kosodate", "youth"),
        ("free", "anonymous"),
        ("h24",),
        scope="prefecture",
        visit=0.0,
        weight=2,
    ),
    Template(
        "zenkoku-keicho",
        "{place}ひだまり電話",
        "特定非営利活動法人ひだまり電話の会",
        "孤独を感じる人の話を聴く全国の電話相談ボランティアです。",
        (
            "全国どこからでもかけられる傾聴電話です。孤独やさみしさ、生きづらさをだれかに話したいときに。",
        ),
        ("kodoku", "kokoro", "shinitai"),
        ("free", "anonymous"),
        ("overnight", "evening"),
        scope="national",
        visit=0.0,
        weight=1,
    ),
)


# ---------------------------------------------------------------------------------------------
# Region master (read lazily, once).


@dataclass(frozen=True)
class Place:
    lgcode: str
    name: str  # 「札幌市中央区」, 「伊達市」, 「北海道」
    prefecture: str
    prefecture_code: str
    kind: str  # "prefecture" | "municipality" | "ward"
    lat: float
    lng: float
    weight: int
    capital: str = ""  # prefectures only: 「札幌市」


@cache
def places() -> tuple[tuple[Place, ...], tuple[Place, ...]]:
    """(municipalities and wards, prefectures) from the bundled region master."""
    prefs: dict[str, Place] = {}
    with resource_path("regions", "prefjp-utf8.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            code = row["lgcode"].zfill(6)
            prefs[row["pref"]] = Place(
                code,
                row["pref"],
                row["pref"],
                code,
                "prefecture",
                float(row["lat"]),
                float(row["lng"]),
                0,
                row["capital"],
            )
    munis: list[Place] = []
    counts: dict[str, int] = {}
    with resource_path("regions", "localgovjp-utf8.csv").open(
        encoding="utf-8-sig", newline=""
    ) as f:
        for row in csv.DictReader(f):
            city = row["city"]
            kind = "ward" if " " in city else "municipality"
            # Cities and wards hold most people and most services; towns and villages fewer.
            if kind == "ward":
                weight = 3
            elif city.endswith(("市", "区")):
                weight = 4
            elif city.endswith("町"):
                weight = 2
            else:
                weight = 1
            pref = prefs[row["pref"]]
            munis.append(
                Place(
                    row["lgcode"],
                    city.replace(" ", ""),
                    pref.name,
                    pref.lgcode,
                    kind,
                    float(row["lat"]),
                    float(row["lng"]),
                    weight,
                )
            )
            counts[pref.name] = counts.get(pref.name, 0) + weight
    pref_list = tuple(
        Place(
            p.lgcode,
            p.name,
            p.prefecture,
            p.prefecture_code,
            p.kind,
            p.lat,
            p.lng,
            counts[p.name],
            p.capital,
        )
        for p in prefs.values()
    )
    return tuple(munis), pref_list


# ---------------------------------------------------------------------------------------------
# The synthetic generator.

TOWNS = (
    "本町",
    "栄町",
    "中央",
    "駅前",
    "旭町",
    "緑町",
    "幸町",
    "錦町",
    "新町",
    "元町",
    "東町",
    "若葉",
)
HALLS = (
    "総合福祉センター",
    "市民活動センター",
    "保健センター",
    "コミュニティセンター",
    "公民館",
    "交流プラザ",
)
FACILITY_SUFFIX = ("", "", "", " 相談室", " 分室", " 窓口")


def _pick_weighted(rng: random.Random, items: Sequence[Place], cum: Sequence[int]) -> Place:
    return rng.choices(items, cum_weights=cum, k=1)[0]


def _cumulative(weights: Iterable[int]) -> list[int]:
    out, total = [], 0
    for w in weights:
        total += w
        out.append(total)
    return out


def _synthetic_phone(rng: random.Random, place: Place, free: bool) -> str:
    """A plausible Japanese number that is never assigned (its exchange starts with 0)."""
    if free and rng.random() < 0.3:
        return f"0120-000-{rng.randrange(1000):03d}"
    area = f"0{int(place.prefecture_code[:2]) + 10:02d}"  # 011 for 北海道, 023 for 東京都 …
    return f"{area}-00{rng.randrange(10)}-{rng.randrange(10000):04d}"


def generate(n: int, seed: int = 0) -> Iterator[Record]:
    """Yield ``n`` synthetic profile records; the same ``(n, seed)`` always gives the same records.

    Each record's ground truth is inside it: worries as ``tsunagi-worry`` attributes, regions as
    ``jp_lgcode`` service areas (``000000``-free: nationwide records carry the area 「全国」).
    """
    rng = random.Random(seed)
    munis, prefs = places()
    muni_cum = _cumulative(p.weight for p in munis)
    pref_cum = _cumulative(p.weight for p in prefs)
    # Nationwide services come only from the 1% draw below, so they stay about 1% of the output.
    regional = [t for t in TEMPLATES if t.scope != "national"]
    tmpl_cum = _cumulative(t.weight for t in regional)
    by_scope = {s: [t for t in TEMPLATES if t.scope == s] for s in ("prefecture", "national")}

    for i in range(n):
        # Seeded version-4 UUIDs made by hand (uuid.UUID() would double the runtime): one random
        # draw per record, and a counter for each part, since build_service asks for each once.
        h = f"{rng.getrandbits(108):027x}"
        head, tail = f"{h[:8]}-{h[8:12]}-4{h[12:15]}-a", f"-{h[15:]}"
        counter = iter(range(4096))

        def ident(
            part: str, _head: str = head, _tail: str = tail, _c: Iterator[int] = counter
        ) -> str:
            return f"{_head}{next(_c):03x}{_tail}"

        roll = rng.random()
        if roll < 0.01:
            t = rng.choice(by_scope["national"])
        elif roll < 0.04:
            t = rng.choice(by_scope["prefecture"])
        else:
            t = rng.choices(regional, cum_weights=tmpl_cum, k=1)[0]
        if t.scope == "national":
            base = _pick_weighted(rng, munis, muni_cum)
            place_name = rng.choice(("全国", "にっぽん", "みんなの"))
            areas: list[Area] = [Area("全国")]
        elif t.scope == "prefecture" or roll < 0.07:  # some local kinds run prefecture-wide
            base = _pick_weighted(rng, prefs, pref_cum)
            place_name = base.name
            areas = [Area(base.name, base.lgcode)]
        else:
            base = _pick_weighted(rng, munis, muni_cum)
            place_name = base.name
            areas = [Area(base.name, base.lgcode)]
            if rng.random() < 0.03:  # a second, neighbouring-looking municipality
                other = _pick_weighted(rng, munis, muni_cum)
                if other.lgcode != base.lgcode and other.prefecture == base.prefecture:
                    areas.append(Area(other.name, other.lgcode))

        free = "free" in t.access
        nphones = 1 if rng.random() < 0.85 else 2
        phones: list[tuple[str, str | None]] = [(_synthetic_phone(rng, base, free), None)]
        if nphones == 2:
            phones.append((_synthetic_phone(rng, base, False), "FAX兼用・折り返し用"))
        if t.sns and rng.random() < 0.5:
            phones = []

        address = None
        if rng.random() < t.visit and t.scope != "national":
            city = base.capital if base.kind == "prefecture" else base.name
            address = Address(
                state_province=base.prefecture,
                city=city,
                address_1=f"{rng.choice(TOWNS)}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                postal_code=f"{rng.randrange(10, 1000):03d}-{rng.randrange(10000):04d}",
                location_name=f"{place_name}{rng.choice(HALLS)}",
                latitude=round(base.lat + rng.uniform(-0.02, 0.02), 6),
                longitude=round(base.lng + rng.uniform(-0.02, 0.02), 6),
            )

        status_roll = rng.random()
        status = "active"
        if status_roll < 0.012:
            status = "inactive"
        elif status_roll < 0.02:
            status = "defunct"

        access = list(t.access)
        if t.scope != "national" and "anonymous" not in access and rng.random() < 0.1:
            access.append("anonymous")
        languages: list[tuple[str, str | None]] = [(code, None) for code in t.languages]
        if len(languages) == 1 and rng.random() < 0.04:
            languages.append(("en", "予約制で通訳あり"))
        modified = SYNTH_EPOCH - timedelta(days=rng.randrange(0, 900))
        assured = modified - timedelta(days=rng.randrange(0, 120))
        name = t.name.format(place=place_name) + rng.choice(FACILITY_SUFFIX)

        spec = Spec(
            name=name,
            org_name=t.org.format(place=place_name),
            org_description=t.org_description,
            description=rng.choice(t.descriptions),
            areas=areas,
            phones=phones,
            schedules=SCHEDULE_CHOICES[rng.choice(t.schedules)],
            worries=t.worries,
            access=access,
            languages=languages,
            status=status,
            url=f"https://svc{seed}-{i}.tsunagi.example/",
            fees_description=t.fees_description,
            eligibility_description=t.eligibility,
            minimum_age=t.minimum_age,
            maximum_age=t.maximum_age,
            address=address,
            assured_date=assured.isoformat(),
            last_modified=f"{modified.isoformat()}T{rng.randrange(8, 19):02d}:{rng.randrange(60):02d}:00+09:00",
        )
        yield build_service(spec, ident)


# ---------------------------------------------------------------------------------------------
# The bundled sample, part 1: the national hotlines of /work/shared/data/national-hotlines.csv.
# Numbers are exactly as given there; an administrator checks them before a feed is published.

NATIONWIDE = (Area("全国"),)
CALL_CHARGE = "相談は無料ですが、通話料がかかります。"
FREE_DIAL = "通話料・相談料ともに無料です。"
ORG_DV = "内閣府 男女共同参画局"
ORG_DV_DESC = "男女共同参画社会の実現と、配偶者からの暴力の防止に取り組む国の機関です。"
ORG_INOCHI = "一般社団法人 日本いのちの電話連盟"
ORG_INOCHI_DESC = "全国各地のいのちの電話センターで構成する連盟です。"
DV_PLUS_LANGUAGES = ("en", "zh", "ko", "es", "pt", "tl", "th", "vi", "id", "ne")


def national_specs() -> list[tuple[str, Spec]]:
    """(stable key, spec) for every row of the national hotline table, in the table's order."""
    return [
        (
            "kodoku-koritsu-9999",
            Spec(
                name="孤独・孤立相談ダイヤル",
                org_name="内閣府 孤独・孤立対策推進室",
                org_description="孤独・孤立対策を担う国の担当部署です。相談は連携する民間の支援団体が受けます。",
                description=(
                    "孤独や孤立、生活の困りごとを24時間受け付ける国の相談ダイヤルです。"
                    "自動音声で相談内容（生活困窮・外国語・死にたいほどつらい・DVや性暴力など女性の悩み・"
                    "性別の違和や同性愛・シングルマザー・18歳以下・孤独や孤立・被災された方）を選ぶと、"
                    "その分野の支援団体につながります。試行として発表された期間だけ開設され、期間中は24時間つながります。"
                ),
                alert="試行実施のため、発表された実施期間中だけつながります。かける前に実施期間を確認してください。",
                phones=(
                    ("#9999", None),
                    ("0120-494949", "#9999がつながらない場合の番号（フリーダイヤル）"),
                ),
                areas=NATIONWIDE,
                worries=(
                    "seikatsu",
                    "gaikokugo",
                    "shinitai",
                    "dv",
                    "lgbt",
                    "single",
                    "youth",
                    "kodoku",
                    "hisai",
                ),
                access=("free",),
                fees_description="実施期間中は通話料・相談料ともに無料です。",
                interpretation_services="ガイダンスで「外国語での相談」を選ぶと外国語で相談できます（対応言語は実施回ごとに異なります）。",
                source=(
                    "city.sakata.lg.jp/kenko/chiikifukushi/fukushi/kodokukoritutaisaku.html ; "
                    "fnn.jp/articles/-/386568 ; shimbunstory.com/health/3831.html"
                ),
            ),
        ),
        (
            "yorisoi",
            Spec(
                name="よりそいホットライン",
                org_name="一般社団法人 社会的包摂サポートセンター",
                org_description="よりそいホットラインを運営する一般社団法人です。",
                description=(
                    "どんな悩みでも24時間無料で受け付ける電話相談です。"
                    "暮らしの困りごと、死にたいほどのつらさ、DV・性暴力、性別の違和や同性愛、外国語での相談、"
                    "被災による困りごとなど、ガイダンスで専門の窓口を選べます。"
                ),
                phones=(
                    ("0120-279-338", None),
                    ("0120-279-226", "岩手県・宮城県・福島県からおかけの場合"),
                ),
                schedules=H24,
                areas=NATIONWIDE,
                worries=(
                    "kodoku",
                    "seikatsu",
                    "shinitai",
                    "dv",
                    "lgbt",
                    "gaikokugo",
                    "hisai",
                    "kokoro",
                ),
                access=("free", "anonymous"),
                fees_description=FREE_DIAL,
                interpretation_services="ガイダンスで外国語による相談を選べます（対応言語は事業者の案内で確認してください）。",
                source="mhlw.go.jp/stf/houdou/yorisoigatasoudansienjigyou/",
            ),
        ),
        (
            "kokoro-touitsu",
            Spec(
                name="こころの健康相談統一ダイヤル",
                org_name="厚生労働省（各都道府県・政令指定都市の相談窓口）",
                org_description="全国共通の番号から、かけた地域の都道府県・政令指定都市の公的な相談窓口につながります。",
                description=(
                    "こころの不調や死にたいほどのつらさを相談できる全国共通の番号です。"
                    "かけた場所の都道府県・政令指定都市の相談窓口につながります。"
                    "受付時間は都道府県によって異なります。"
                ),
                phones=(("0570-064-556", "ナビダイヤル（通話料がかかります）"),),
                areas=NATIONWIDE,
                worries=("kokoro", "shinitai"),
                fees_description=CALL_CHARGE,
                source="mykoho.jp (Yasu city bulletin 2024-09)",
            ),
        ),
        (
            "inochi-free",
            Spec(
                name="いのちの電話（フリーダイヤル）",
                org_name=ORG_INOCHI,
                org_description=ORG_INOCHI_DESC,
                description=(
                    "死にたいほどつらい気持ちや孤独を、訓練を受けたボランティアの相談員が電話で聴きます。"
                    "フリーダイヤルは毎日16時から21時まで、毎月10日は朝8時から翌朝8時まで24時間つながります。"
                ),
                phones=(("0120-783-556", None),),
                schedules=(
                    Block("WEEKLY", "16:00", "21:00", byday=ALL_DAYS, description="毎日16時〜21時"),
                    Block(
                        "MONTHLY",
                        "08:00",
                        "23:59",
                        bymonthday="10",
                        description="毎月10日は8時から翌11日8時まで（10日の部分）",
                    ),
                    Block(
                        "MONTHLY",
                        "00:00",
                        "08:00",
                        bymonthday="11",
                        description="毎月10日は8時から翌11日8時まで（翌11日の朝8時まで）",
                    ),
                ),
                areas=NATIONWIDE,
                worries=("shinitai", "kokoro", "kodoku"),
                access=("free", "anonymous"),
                fees_description=FREE_DIAL,
                source="city.akiruno.tokyo.jp/0000015267.html",
            ),
        ),
        (
            "inochi-navi",
            Spec(
                name="いのちの電話（ナビダイヤル）",
                org_name=ORG_INOCHI,
                org_description=ORG_INOCHI_DESC,
                description=(
                    "死にたいほどつらい気持ちや孤独を、ボランティアの相談員が電話で聴きます。"
                    "ナビダイヤルは10時から22時まで（2020年時点の案内）で、通話料がかかります。"
                ),
                phones=(("0570-783-556", "ナビダイヤル（通話料がかかります）"),),
                schedules=(
                    Block(
                        "WEEKLY",
                        "10:00",
                        "22:00",
                        byday=ALL_DAYS,
                        description="10時〜22時（2020年時点の案内。最新の受付時間は要確認）",
                    ),
                ),
                areas=NATIONWIDE,
                worries=("shinitai", "kokoro", "kodoku"),
                access=("anonymous",),
                fees_description=CALL_CHARGE,
                source="news-postseven.com/archives/20201121_1614073.html",
            ),
        ),
        (
            "inochi-sos",
            Spec(
                name="#いのちSOS",
                org_name="特定非営利活動法人 自殺対策支援センターライフリンク",
                org_description="自殺対策に取り組むNPO法人です。",
                description=(
                    "死にたいほどつらい気持ちを、専門の相談員が電話で受け止めます。"
                    "受付時間は運営団体の最新の案内で確認してください。"
                    "以前の番号（0120-556-338）は現在は案内されていません。"
                ),
                phones=(("0120-061-338", None),),
                areas=NATIONWIDE,
                worries=("shinitai", "kokoro", "kodoku"),
                access=("free",),
                fees_description=FREE_DIAL,
                source="mykoho.jp (Yasu city bulletin)",
            ),
        ),
        (
            "childline",
            Spec(
                name="チャイルドライン",
                org_name="特定非営利活動法人 チャイルドライン支援センター",
                org_description="18歳までの子どものための電話を全国の実施団体とともに運営するNPO法人です。",
                description=(
                    "18歳までの子どもがかける電話です。いじめや学校のこと、家のこと、どんなことでも話せます。"
                    "名前は言わなくてよく、話したくなければいつ切ってもかまいません。"
                ),
                phones=(("0120-99-7777", None),),
                schedules=(
                    Block(
                        "WEEKLY",
                        "16:00",
                        "21:00",
                        byday=ALL_DAYS,
                        description="毎日16時〜21時（12月29日〜1月3日は休み）",
                    ),
                ),
                areas=NATIONWIDE,
                worries=("youth", "ijime", "kodoku"),
                access=("free", "anonymous", "audience-youth"),
                maximum_age=18,
                eligibility_description="18歳までの子ども",
                fees_description=FREE_DIAL,
                source="kidsinfost.net/info/sos ; cl-fukushima.org/suisinkyougikai/",
            ),
        ),
        (
            "kodomo-sos",
            Spec(
                name="24時間子供SOSダイヤル",
                org_name="文部科学省（各都道府県・指定都市教育委員会）",
                org_description="全国共通の番号から、原則としてかけた地域の教育委員会の相談機関につながります。",
                description=(
                    "いじめや不登校など、子どものSOSを夜間・休日も含めて24時間受け付ける電話です。"
                    "保護者からの相談もできます。文部科学省の資料では 0120-078310 と表記されています（同じ番号です）。"
                ),
                phones=(("0120-0-78310", None),),
                schedules=H24,
                areas=NATIONWIDE,
                worries=("youth", "ijime"),
                access=("free", "audience-youth"),
                fees_description=FREE_DIAL,
                source="mext.go.jp/a_menu/shotou/seitoshidou/1306988.htm",
            ),
        ),
        (
            "dv-navi",
            Spec(
                name="DV相談ナビ",
                org_name=ORG_DV,
                org_description=ORG_DV_DESC,
                description=(
                    "配偶者やパートナーからの暴力について、かけた場所から最寄りの配偶者暴力相談支援センターにつながる番号です。"
                    "受付時間はつながった先のセンターの受付時間です。通話料がかかります。"
                ),
                phones=(("#8008", "最寄りの配偶者暴力相談支援センターにつながります"),),
                areas=NATIONWIDE,
                worries=("dv",),
                fees_description=CALL_CHARGE,
                source="gov-online.go.jp/cam/no_dvca/dv03/",
            ),
        ),
        (
            "dv-plus",
            Spec(
                name="DV相談＋（DV相談プラス）",
                org_name=ORG_DV,
                org_description=ORG_DV_DESC,
                description=(
                    "配偶者やパートナーからの暴力について、電話で24時間相談できます。"
                    "メールやチャットでも相談でき、外国語（10言語）ではチャット・メールで相談できます。"
                ),
                phones=(("0120-279-889", None),),
                schedules=H24,
                areas=NATIONWIDE,
                worries=("dv", "gaikokugo"),
                access=("free", "anonymous", "channel-email", "channel-sns", "audience-foreign"),
                languages=(
                    ("ja", None),
                    *((code, "チャット・メールでの相談") for code in DV_PLUS_LANGUAGES),
                ),
                interpretation_services="日本語のほか10言語（英語・中国語・韓国語・スペイン語・ポルトガル語・タガログ語・タイ語・ベトナム語・インドネシア語・ネパール語）でチャット・メール相談ができます。",
                fees_description=FREE_DIAL,
                source="gov-online.go.jp/cam/no_dvca/dv03/",
            ),
        ),
        (
            "189",
            Spec(
                name="児童相談所虐待対応ダイヤル「189」",
                org_name="こども家庭庁（全国の児童相談所）",
                org_description="かけた地域を管轄する児童相談所につながる全国共通の番号です。",
                description=(
                    "子どもへの虐待かもしれないと思ったとき、子育てに悩んだときに、"
                    "近くの児童相談所に24時間365日つながります。通告・相談は匿名でもでき、秘密は守られます。"
                    "2019年12月3日から通話料は無料です。"
                ),
                phones=(("189", "「いちはやく」"),),
                schedules=H24,
                areas=NATIONWIDE,
                worries=("gyakutai", "kosodate"),
                access=("free", "anonymous"),
                fees_description=FREE_DIAL,
                source="city.mito.lg.jp/site/kosodate/3422.html",
            ),
        ),
        (
            "police-9110",
            Spec(
                name="警察相談専用電話「#9110」",
                org_name="警察庁（各都道府県警察の相談窓口）",
                org_description="かけた地域の都道府県警察の相談窓口につながる全国共通の番号です。",
                description=(
                    "犯罪の被害やストーカー、悪質商法など、緊急ではない警察への相談の番号です。"
                    "受付は平日の日中で、時間は都道府県警察によって異なります。緊急の場合は110番へ。"
                ),
                phones=(("#9110", None),),
                areas=NATIONWIDE,
                worries=("hanzai",),
                fees_description="通話料がかかります。",
                source="nnvs.org/support-connect/hanzai/13.html",
            ),
        ),
        (
            "anata-no-ibasho",
            Spec(
                name="あなたのいばしょ チャット相談",
                org_name="特定非営利活動法人 あなたのいばしょ",
                org_description="24時間365日のチャット相談を運営するNPO法人です。",
                description=(
                    "年齢や性別を問わず、だれでも無料・匿名で利用できるチャット相談です。"
                    "24時間365日、訓練を受けた相談員が文字で話を聴きます。電話相談はありません。"
                ),
                url="https://talkme.jp/",
                schedules=H24,
                areas=NATIONWIDE,
                worries=("kodoku", "shinitai", "kokoro"),
                access=("free", "anonymous", "channel-sns"),
                fees_description="無料です（通信料は利用者の負担です）。",
                source="wakapota.metro.tokyo.lg.jp/column/introduction.php?id=13",
            ),
        ),
    ]


def national_records() -> list[Record]:
    return [build_service(spec, sample_ident(f"national/{key}")) for key, spec in national_specs()]


# ---------------------------------------------------------------------------------------------
# The bundled sample, part 2: fictional local services, every one marked as demo data.
# Phone numbers use exchanges that start with 0 (never assigned in Japan) or 0120-000-…; e-mail
# and web addresses use the reserved .example domain.


@dataclass(frozen=True)
class DemoPlace:
    key: str
    prefecture: str
    label: str  # what the area is called in names: 「伊達市」, 「北海道」
    lgcode: str
    city: str  # address city: the municipality, or the prefecture's capital
    lat: float
    lng: float


DH = DemoPlace("date-hokkaido", "北海道", "伊達市", "012335", "伊達市", 42.4719, 140.8647)
DF = DemoPlace("date-fukushima", "福島県", "伊達市", "072133", "伊達市", 37.8189, 140.5631)
FT = DemoPlace("fuchu-tokyo", "東京都", "府中市", "132063", "府中市", 35.6689, 139.4778)
FH = DemoPlace("fuchu-hiroshima", "広島県", "府中市", "342084", "府中市", 34.5683, 133.2364)
ST = DemoPlace("setagaya", "東京都", "世田谷区", "131121", "世田谷区", 35.6461, 139.6531)
SC = DemoPlace(
    "sapporo-chuo", "北海道", "札幌市中央区", "011011", "札幌市中央区", 43.0554, 141.3410
)
SP = DemoPlace("sapporo", "北海道", "札幌市", "011002", "札幌市", 43.0621, 141.3544)
HK = DemoPlace("hokkaido", "北海道", "北海道", "010006", "札幌市", 43.0640, 141.3479)
OS = DemoPlace("osaka", "大阪府", "大阪市", "271004", "大阪市", 34.6939, 135.5022)
FK = DemoPlace("fukuoka", "福岡県", "福岡県", "400009", "福岡市", 33.6064, 130.4181)

DEMO_PREFIX = "【デモ】"


def _template(key: str) -> Template:
    for t in TEMPLATES:
        if t.key == key:
            return t
    raise KeyError(key)


def _demo(
    key: str,
    template: str,
    place: DemoPlace,
    phones: Sequence[tuple[str, str | None]],
    *,
    name: str | None = None,
    org: str | None = None,
    description: str | None = None,
    schedules: Sequence[Block] | None = None,
    areas: Sequence[Area] | None = None,
    address: tuple[str, str, str] | None = None,
    status: str = "active",
    worries: Sequence[str] | None = None,
    more_access: Sequence[str] = (),
    email: str | None = None,
    url: str | None = None,
    languages: Sequence[str] | None = None,
    alert: str | None = None,
    fees: str | None = None,
) -> tuple[str, Spec]:
    """A demo service from a template, with only what differs from it spelled out."""
    t = _template(template)
    lat_off = (sum(map(ord, key)) % 40 - 20) / 2000
    addr = None
    if address is not None:
        address_1, postal_code, location_name = address
        addr = Address(
            state_province=place.prefecture,
            city=place.city,
            address_1=address_1,
            postal_code=postal_code,
            location_name=location_name,
            latitude=round(place.lat + lat_off, 4),
            longitude=round(place.lng - lat_off, 4),
        )
    langs = languages if languages is not None else t.languages
    spec = Spec(
        name=DEMO_PREFIX + (name or t.name.format(place=place.label)),
        org_name=org or t.org.format(place=place.label),
        org_description=t.org_description,
        description=description or t.descriptions[0],
        areas=areas if areas is not None else (Area(place.label, place.lgcode),),
        phones=phones,
        schedules=schedules if schedules is not None else SCHEDULE_CHOICES[t.schedules[0]],
        worries=worries if worries is not None else t.worries,
        access=tuple(t.access) + tuple(more_access),
        languages=[(code, None) for code in langs],
        status=status,
        url=url,
        email=email,
        fees_description=fees or t.fees_description,
        eligibility_description=t.eligibility,
        minimum_age=t.minimum_age,
        maximum_age=t.maximum_age,
        alert=alert,
        address=addr,
        demo=True,
    )
    return f"{place.key}/{key}", spec


def demo_specs() -> list[tuple[str, Spec]]:
    """(stable key, spec) of every demo service, grouped by place."""
    return [
        # 北海道 伊達市 (012335)
        _demo(
            "shakyo-shikin",
            "shakyo-shikin",
            DH,
            [("0142(00)0131", "代表")],
            schedules=WEEKDAY_2SA,
            address=("梅本町99-1", "052-0000", "だて梅本ふれあい会館"),
        ),
        _demo(
            "salon",
            "shakyo-salon",
            DH,
            [("0142(00)0132", None)],
            address=("松ヶ枝町3-2", "052-0001", "松ヶ枝町会館"),
        ),
        _demo(
            "jiritsu",
            "jiritsu",
            DH,
            [("０１４２－００－０１４０", None)],
            email="soudan@date-kurashi.example",
        ),
        _demo(
            "houkatsu",
            "houkatsu",
            DH,
            [("0142-00-0150", None)],
            schedules=WEEKDAY_2SA,
            address=("鹿島町12-8", "052-0002", "鹿島町ケアルーム"),
        ),
        _demo(
            "kodomo-shokudo",
            "kodomo-shokudo",
            DH,
            [("0142-00-0161", "運営ボランティア（開催日のみ）")],
            name="だて子ども食堂 ひだまり",
            address=("舟岡町2-15", "052-0003", "舟岡町内会館"),
        ),
        _demo(
            "izoku",
            "izoku",
            DH,
            [("0142-00-0171", None)],
            name="だて わかちあいの会（自死遺族のつどい）",
            areas=(Area("伊達市"),),  # name only: the address says which 伊達市
            address=("梅本町99-1", "052-0000", "だて梅本ふれあい会館 2階 和室"),
        ),
        # 福島県 伊達市 (072133)
        _demo(
            "shakyo-shikin",
            "shakyo-shikin",
            DF,
            [("024-000-0151", None)],
            address=("保原町字城ノ内100", "960-0700", "保原ひまわり会館"),
        ),
        _demo("jukyo", "jukyo", DF, [("024-000-0152", None)], schedules=WEEKDAY_9_17),
        _demo(
            "houkatsu",
            "houkatsu",
            DF,
            [("024-000-0153", "平日"), ("０２４-０００-０１５９", "夜間・休日の緊急連絡")],
            address=("梁川町字中町12", "960-0701", "やながわケアルーム"),
        ),
        _demo(
            "hisai",
            "hisai",
            DF,
            [("024-000-0154", None)],
            description="地震や台風で被災した方の住まいの再建、支援金の申請、仮設住宅での暮らしの困りごとを相談できます。",
            fees="無料です。",
        ),
        _demo(
            "ibasho-cafe",
            "ibasho-cafe",
            DF,
            [("024-000-0155", None)],
            name="ユースカフェ だてまる",
            address=("霊山町掛田字町12-3", "960-0702", "霊山ふれあい交流館"),
        ),
        _demo(
            "kodomo-shokudo",
            "kodomo-shokudo",
            DF,
            [("024-000-0156", None)],
            name="ほばら子ども食堂",
            status="inactive",
            alert="運営ボランティア不足のため、現在休止しています。",
            address=("保原町字中町5", "960-0703", "保原中町集会所"),
        ),
        # 東京都 府中市 (132063)
        _demo("shakyo-shikin", "shakyo-shikin", FT, [("042-000-0311", None)]),
        _demo(
            "jiritsu",
            "jiritsu",
            FT,
            [("042-000-0312", None)],
            name="府中市くらしのサポート相談窓口",
            email="kurashi@fuchu-support.example",
            address=("宮西町2丁目99", "183-0000", "くらし相談ルーム"),
        ),
        _demo("jukyo", "jukyo", FT, [("042-000-0313", None)]),
        _demo(
            "houkatsu",
            "houkatsu",
            FT,
            [("042-000-0314", None)],
            address=("緑町3丁目5-2", "183-0001", "緑町ケアルーム"),
        ),
        _demo(
            "kodomo-katei",
            "kodomo-katei",
            FT,
            [("042-000-0315", None)],
            name="府中市子ども家庭支援センター「ふれあい」",
            schedules=TUE_SAT,
            address=("府中町1丁目30", "183-0002", "ふれあいキッズルーム"),
        ),
        _demo(
            "tabunka",
            "tabunka",
            FT,
            [("042-000-0316", "日本語・英語"), ("042-000-0319", "中国語・韓国語・ベトナム語")],
            languages=("ja", "en", "zh", "ko", "vi"),
        ),
        _demo(
            "futoko",
            "futoko-oya",
            FT,
            [("042-000-0317", "世話人（夜間は留守番電話）")],
            schedules=MONTHLY_LAST_FR,
            address=("寿町1丁目4-2", "183-0003", "寿町集会室"),
        ),
        _demo(
            "foodbank",
            "foodbank",
            FT,
            [("０４２-０００-０３１８", None)],
            address=("日新町4丁目1-3", "183-0004", "フードバンク府中 倉庫"),
        ),
        _demo(
            "keicho",
            "yakan",
            FT,
            [("042-000-0320", None)],
            name="府中ふれあい傾聴電話",
            schedules=EVENING,
            areas=(Area("府中市"),),
        ),  # deliberately ambiguous: 府中市 of 東京都 or 広島県
        # 広島県 府中市 (342084)
        _demo("shakyo-shikin", "shakyo-shikin", FH, [("0847(00)0241", None)]),
        _demo(
            "jiritsu",
            "jiritsu",
            FH,
            [("0847(00)0242", None)],
            name="府中市生活相談支援センター",
            areas=(Area("広島県府中市"),),
        ),  # 県名＋市名, no code
        _demo(
            "houkatsu",
            "houkatsu",
            FH,
            [("0847-00-0243", None)],
            address=("府川町315", "726-0000", "府川ケアルーム"),
        ),
        _demo(
            "kodomo-shokudo",
            "kodomo-shokudo",
            FH,
            [("0847-00-0244", None)],
            name="こどもしょくどう ふちゅう",
            schedules=MONTHLY_2_4SA,
            address=("出口町24-1", "726-0001", "出口町公民館"),
        ),
        _demo("single", "single", FH, [("0847-00-0245", None)]),
        _demo("shogai", "shogai", FH, [("0847-00-0246", None)], email="soudan@fuchu-kikan.example"),
        # 東京都 世田谷区 (131121)
        _demo("shakyo-shikin", "shakyo-shikin", ST, [("03-0000-1201", None)]),
        _demo(
            "jiritsu",
            "jiritsu",
            ST,
            [("03-0000-1202", None)],
            name="くらしサポートせたがや（自立相談支援機関）",
            address=("三軒茶屋2丁目10-1", "154-0000", "三軒茶屋くらしの相談室"),
        ),
        _demo(
            "houkatsu",
            "houkatsu",
            ST,
            [("03-0000-1203", None)],
            name="世田谷区あんしん相談センター（地域包括支援センター）",
            schedules=WEEKDAY_2SA,
            address=("太子堂4丁目1-1", "154-0001", "太子堂ふれあいルーム"),
        ),
        _demo("kodomo-katei", "kodomo-katei", ST, [("03-0000-1204", None)]),
        _demo(
            "ibasho-cafe",
            "ibasho-cafe",
            ST,
            [("03-0000-1205", None)],
            name="ユースの居場所 せたがや・ぽけっと",
            address=("下北沢5丁目2-8", "155-0000", "下北沢ユースカフェ"),
        ),
        _demo(
            "lgbt",
            "lgbt",
            ST,
            [("03-0000-1206", None)],
            name="世田谷区にじいろ電話相談",
            schedules=MONTHLY_2_4SA,
            areas=(Area("世田谷区"),),
        ),  # name only, unique in the master
        _demo(
            "tabunka",
            "tabunka",
            ST,
            [("03-0000-1207", None)],
            languages=("ja", "en", "zh", "ko", "ne", "my"),
        ),
        _demo("futoko", "futoko-oya", ST, [("03-0000-1208", None)], schedules=MONTHLY_3SU),
        _demo(
            "hikikomori",
            "hikikomori-center",
            ST,
            [("03-0000-1209", None)],
            name="世田谷区ひきこもり相談窓口",
            org="世田谷区保健福祉政策部",
        ),
        _demo(
            "cafe-old",
            "ibasho-cafe",
            ST,
            [("03-0000-1210", None)],
            name="居場所カフェ きたざわ（閉所）",
            status="defunct",
            alert="2026年3月に閉所しました。",
            address=("北沢2丁目1-1", "155-0001", "北沢コミュニティルーム"),
        ),
        # 札幌市 中央区 (011011)
        _demo(
            "houkatsu",
            "houkatsu",
            SC,
            [("011-000-2101", None)],
            address=("南3条西10丁目", "064-0000", "南3条ケアルーム"),
        ),
        _demo(
            "kodomo-shokudo",
            "kodomo-shokudo",
            SC,
            [("011-000-2102", None)],
            name="みなみ子ども食堂",
            address=("南8条西5丁目", "064-0001", "南8条会館"),
        ),
        _demo(
            "ibasho-cafe",
            "ibasho-cafe",
            SC,
            [("011-000-2103", None)],
            address=("北1条西3丁目", "060-0000", "中央区ユースプラザ"),
        ),
        _demo(
            "yakan",
            "yakan",
            SC,
            [("０１１－０００－２１０４", None)],
            name="さっぽろ夜間こころの電話",
        ),
        (
            "sapporo-chuo/yoru-ibasho",
            Spec(
                name=DEMO_PREFIX + "夜の居場所 すずらん（女性のための夜間相談）",
                org_name="一般社団法人すずらんサポート",
                org_description="夜の街で困っている女性を支える団体です。",
                description=(
                    "夜の街で行き場がない、帰れないと感じている女性が立ち寄れる夜間の居場所です。"
                    "食事や休憩ができ、DVや性被害の相談も受け付けます。"
                ),
                phones=(("011-000-2105", None),),
                schedules=(
                    Block(
                        "WEEKLY",
                        "20:00",
                        "02:00",
                        byday="FR,SA",
                        description="金・土曜の20時から翌2時まで",
                    ),
                ),
                worries=("dv", "ibasho", "kodoku"),
                access=("free", "anonymous", "audience-women"),
                address=Address(
                    state_province="北海道",
                    city="札幌市中央区",
                    address_1="南5条西4丁目",
                    postal_code="064-0002",
                    location_name="すずらんルーム",
                    latitude=43.0552,
                    longitude=141.3530,
                ),  # no service area: the address alone places it
                demo=True,
            ),
        ),
        # 札幌市 (011002)
        _demo(
            "jiritsu", "jiritsu", SP, [("011-000-2201", None)], name="札幌市生活就労支援センター"
        ),
        _demo(
            "saposute",
            "saposute",
            SP,
            [("011-000-2202", None)],
            address=("北2条西1丁目", "060-0001", "北2条ワークルーム"),
        ),
        _demo("foodbank", "foodbank", SP, [("011-000-2203", None)], schedules=TUE_SAT),
        _demo(
            "seishin",
            "seishin-center",
            SP,
            [("011-000-2204", "一般相談"), ("011-000-2214", "自死遺族相談")],
        ),
        _demo(
            "tabunka",
            "tabunka",
            SP,
            [("011-000-2205", None)],
            languages=("ja", "en", "zh", "ko", "vi", "ne"),
        ),
        _demo("lgbt", "lgbt", SP, [("011-000-2206", None)], schedules=EVENING),
        _demo(
            "izoku",
            "izoku",
            SP,
            [("011-000-2207", None)],
            name="さっぽろ自死遺族のつどい",
            address=("大通西19丁目", "060-0002", "大通ふれあい会館"),
        ),
        # 北海道 (010006)
        _demo(
            "dv",
            "dv-center",
            HK,
            [("011-000-3001", None)],
            more_access=("channel-email",),
            email="dv@hokkaido-soudan.example",
        ),
        _demo(
            "hikikomori",
            "hikikomori-center",
            HK,
            [("011-000-3002", None)],
            email="hikikomori@hokkaido-soudan.example",
        ),
        _demo(
            "hanzai", "hanzai", HK, [("011-000-3003", None)], name="北海道犯罪被害者サポートデスク"
        ),
        _demo(
            "houterasu",
            "houterasu",
            HK,
            [("011-000-3004", None)],
            name="法テラス北海道（地方事務所）",
        ),
        _demo(
            "line",
            "line",
            HK,
            [],
            name="北海道こころのLINE相談",
            url="https://line.hokkaido-soudan.example/",
        ),
        _demo(
            "jidou-24",
            "jidou-24",
            HK,
            [("０１２０-０００-３０６", "24時間・フリーダイヤル")],
            name="北海道 子ども家庭24時間電話相談",
        ),
        # 大阪市 (271004)
        _demo(
            "jiritsu",
            "jiritsu",
            OS,
            [("06-0000-4101", None)],
            name="大阪市くらしの相談センター",
            address=("北区梅田1丁目2-3", "530-0000", "梅田くらしの相談室"),
        ),
        _demo(
            "foodbank",
            "foodbank",
            OS,
            [("06-0000-4102", None)],
            address=("西成区花園北1丁目5", "557-0000", "フードバンク大阪市 配布所"),
        ),
        _demo(
            "kodomo-shokudo",
            "kodomo-shokudo",
            OS,
            [("06-0000-4103", None)],
            name="なにわ子ども食堂",
            schedules=MONTHLY_2_4SA,
            address=("生野区桃谷3丁目1-1", "544-0000", "桃谷ふれあい会館"),
        ),
        _demo(
            "tabunka",
            "tabunka",
            OS,
            [("06-0000-4104", None)],
            languages=("ja", "en", "zh", "ko", "vi", "pt", "tl", "ne", "id", "th"),
            address=("生野区中川西1丁目2", "544-0001", "いくの多文化ひろば"),
        ),
        _demo(
            "ibasho-cafe",
            "ibasho-cafe",
            OS,
            [("06-0000-4105", None)],
            name="ユースカフェ なにわのたまりば",
            address=("浪速区日本橋4丁目7", "556-0000", "たまりばルーム"),
        ),
        _demo("yakan", "yakan", OS, [("06-0000-4106", None)], name="おおさか夜間ひとりぼっち電話"),
        _demo(
            "saposute",
            "saposute",
            OS,
            [("06-0000-4107", None)],
            address=("中央区本町1丁目1", "541-0000", "本町ワークルーム"),
        ),
        _demo(
            "single",
            "single",
            OS,
            [("06-0000-4108", None)],
            description="ひとり親家庭の暮らしや仕事、養育費の相談を受け付けます。土曜日にも相談日があります。",
        ),
        _demo(
            "salon-old",
            "shakyo-salon",
            OS,
            [("06-0000-4109", None)],
            name="こもれびサロン（休止中）",
            status="inactive",
            alert="会場改修のため休止中です。再開時期は未定です。",
        ),
        # 福岡県 (400009)
        _demo(
            "dv",
            "dv-center",
            FK,
            [("092-000-5101", None)],
            schedules=H24,
            name="福岡県配偶者暴力相談支援センター（24時間電話）",
        ),
        _demo("hanzai", "hanzai", FK, [("092-000-5102", None)]),
        _demo("hikikomori", "hikikomori-center", FK, [("092-000-5103", None)]),
        _demo("houterasu", "houterasu", FK, [("092-000-5104", None)]),
        _demo(
            "seishin",
            "seishin-center",
            FK,
            [("092-000-5105", None)],
            address=("中央区天神1丁目99", "810-0000", "こころの相談ルーム天神"),
        ),
        _demo(
            "single", "single", FK, [("092-000-5106", None)], name="福岡県ひとり親サポートセンター"
        ),
        _demo(
            "line",
            "line",
            FK,
            [],
            name="ふくおかこころのLINE相談",
            url="https://line.fukuoka-soudan.example/",
        ),
    ]


def demo_records() -> list[Record]:
    return [build_service(spec, sample_ident(f"demo/{key}")) for key, spec in demo_specs()]


# ---------------------------------------------------------------------------------------------
# Writing NDJSON reproducibly.


def dump_line(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_ndjson(records: Iterable[Record], path: Path) -> int:
    """Write one record per line; ``.gz`` files get a fixed header (mtime 0, no name) so the same
    records always give the same bytes."""
    count = 0
    if path.suffix == ".gz":
        with (
            path.open("wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=1) as gz,
        ):
            for rec in records:
                gz.write(dump_line(rec).encode("utf-8"))
                count += 1
        return count
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for rec in records:
            f.write(dump_line(rec))
            count += 1
    return count


def _write_stream(records: Iterable[Record], out: TextIO) -> int:
    count = 0
    for rec in records:
        out.write(dump_line(rec))
        count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.synth",
        description="Write a deterministic synthetic directory (NDJSON, .gz if the name ends so).",
    )
    parser.add_argument("--n", type=int, default=1000, help="number of services")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    parser.add_argument(
        "--sample",
        type=Path,
        metavar="DIR",
        help="instead, rebuild the bundled sample (national.ndjson, demo-local.ndjson) in DIR",
    )
    args = parser.parse_args(argv)
    if args.sample is not None:
        args.sample.mkdir(parents=True, exist_ok=True)
        a = write_ndjson(national_records(), args.sample / "national.ndjson")
        b = write_ndjson(demo_records(), args.sample / "demo-local.ndjson")
        print(f"wrote {a} national and {b} demo records to {args.sample}", file=sys.stderr)
        return 0
    if args.output is None:
        _write_stream(generate(args.n, args.seed), sys.stdout)
    else:
        count = write_ndjson(generate(args.n, args.seed), args.output)
        print(f"wrote {count} records to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
