"""Held-out judged set: written once, committed before any tuning, never looked at while tuning.

Other regions (宮城, 長野, 沖縄, 熊本) and other wordings than ``honest/``. Truth beside each
service (topics, regions really served); ``curated`` says whether a curator tagged it.
"""

from __future__ import annotations

from tests.index.judged.records import Spec

NAT = "000000"

# (municipality lgcode, name, prefecture lgcode, prefecture, phone prefix)
TOWNS = (
    ("041009", "仙台市", "040002", "宮城県", "022"),
    ("042021", "石巻市", "040002", "宮城県", "0225"),
    ("202029", "松本市", "200000", "長野県", "0263"),
    ("472018", "那覇市", "470007", "沖縄県", "098"),
    ("431001", "熊本市", "430005", "熊本県", "096"),
)

# (key, topics, name pattern, description)
LOCAL = (
    (
        "mind",
        ("kokoro",),
        "{p}心の相談電話",
        "気持ちが沈む、眠りが浅い、何をしても楽しくないといった心の不調を、保健師がお聴きします。",
    ),
    (
        "life",
        ("seikatsu", "shakkin", "sumai"),
        "{p}生活再建サポート窓口",
        "失業や病気で収入が途絶えた、公共料金や家賃を滞納している、ローンの返済に追われているなど、暮らし向きの困りごとに寄り添い、使える制度を一緒に探します。",
    ),
    (
        "food",
        ("shokuryo", "seikatsu"),
        "{p}こども食堂ネットワーク",
        "地域の子どもや家族が無料または低額で温かいご飯を食べられる食堂の案内と、食材の配布をしています。",
    ),
    (
        "elder",
        ("kaigo", "koreisha"),
        "{p}高齢者総合相談センター",
        "お年寄りの暮らし、物忘れ、在宅での世話の負担など、ご本人とご家族の相談に応じます。",
    ),
    (
        "withdraw",
        ("hikikomori",),
        "{p}若者ステップアップ相談",
        "学校や職場を離れて長く自室で過ごしている方と、そのご家族の相談を受け、少しずつ外に出るきっかけを一緒につくります。",
    ),
    (
        "school",
        ("ijime", "youth"),
        "{p}子どもの学び相談",
        "学校に通いづらい、友達とうまくいかない、仲間外れにされているといった児童生徒と保護者の相談を受けます。",
    ),
    (
        "women",
        ("dv",),
        "{p}女性のための相談室",
        "パートナーからの暴言や暴力、お金を渡してもらえない、行動を制限されるなどの悩みを女性相談員がお聴きし、避難も含めて支援します。",
    ),
    (
        "baby",
        ("kosodate",),
        "{p}赤ちゃん相談",
        "授乳や夜泣き、離乳食、育児の疲れなど、乳幼児を育てる方の相談に助産師が応じます。",
    ),
    (
        "alone",
        ("kodoku", "ibasho"),
        "{p}まちの縁側",
        "どなたでも立ち寄れる地域の茶の間です。話し相手がほしい方、一人で過ごす時間が長い方もお気軽に。",
    ),
    (
        "job",
        ("shigoto",),
        "{p}就労相談コーナー",
        "職探し、職場での嫌がらせ、突然の解雇などの働く上での悩みについて相談できます。",
    ),
)

DISTRACT = (
    ("museum", "{p}市立博物館", "郷土の歴史と文化を紹介する博物館です。企画展のご案内。"),
    ("bus", "{p}市営バス案内センター", "路線バスの時刻表、定期券、忘れ物のお問い合わせ。"),
)


def specs() -> list[Spec]:
    out: list[Spec] = []
    n = 0
    for t_i, (code, town, _pcode, pref, tel) in enumerate(TOWNS):
        for i, (key, topics, name, desc) in enumerate(LOCAL):
            if (i + t_i) % 4 == 3:
                continue  # not every town has every service
            n += 1
            out.append(
                Spec(
                    key=f"{code}-{key}",
                    name=name.format(p=town),
                    org=f"{town}役所" if i % 2 else f"{town}社会福祉協議会",
                    description=desc,
                    topics=topics,
                    served=(code,),
                    area=("code", code) if n % 3 else ("words", f"{town}内"),
                    city=town,
                    pref=pref,
                    phone=f"{tel}-{200 + n:03d}-{1000 + 7 * n:04d}",
                    curated=n % 5 in (1, 3, 4),
                    hours="weekday",
                )
            )
        for key, name, desc in DISTRACT:
            out.append(
                Spec(
                    key=f"{code}-{key}",
                    name=name.format(p=town),
                    org=f"{town}役所",
                    description=desc,
                    topics=(),
                    served=(code,),
                    area=("code", code),
                    city=town,
                    pref=pref,
                    phone=f"{tel}-300-{len(out):04d}",
                )
            )
    # Prefecture-wide services: half name their area in words only.
    prefs = {(p, c) for _c, _t, p, c, _tel in TOWNS}
    capital = {"040002": "仙台市", "200000": "長野市", "470007": "那覇市", "430005": "熊本市"}
    for j, (pcode, pref) in enumerate(sorted(prefs)):
        words = j % 2 == 0
        out.append(
            Spec(
                key=f"{pcode}-seishin",
                name=f"{pref}精神保健福祉センター 電話相談",
                org=pref,
                description="うつ、依存症、自死の危険がある方やその家族、大切な人を自死で亡くした方の相談に専門職が応じます。",
                topics=("kokoro", "shinitai", "izoku"),
                served=(pcode,),
                area=("words", f"{pref}全域") if words else ("code", pcode),
                city=capital[pcode],
                pref=pref,
                phone=f"0{j + 1}0-555-01{j}{j}",
                curated=not words,
            )
        )
        out.append(
            Spec(
                key=f"{pcode}-josei",
                name=f"{pref}配偶者暴力相談支援センター",
                org=pref,
                description="夫や恋人からの暴力、性暴力の被害について、緊急の避難を含め女性相談員が対応します。",
                topics=("dv",),
                served=(pcode,),
                area=("words", f"{pref}内") if not words else ("code", pcode),
                city=capital[pcode],
                pref=pref,
                phone=f"0{j + 1}0-555-02{j}{j}",
                curated=words,
                hours="evening",
            )
        )
    out.append(
        Spec(
            key="list-miyagi",
            name="県北部ひとり親サポート",
            org="みやぎ母子福祉会",
            description="母子家庭・父子家庭の暮らしと仕事、養育費の取り決めについて相談できます。",
            topics=("single", "seikatsu"),
            served=("042153", "042021"),
            area=("words", "大崎市・石巻市"),
            city="大崎市",
            pref="宮城県",
            phone="0229-00-5511",
        )
    )
    out.append(
        Spec(
            key="list-okinawa",
            name="中部地区外国人生活相談",
            org="おきなわ国際交流ネット",
            description="外国から来て沖縄で暮らす人の、仕事・住まい・在留手続きの困りごとを母語で相談できます。",
            topics=("gaikokugo",),
            served=("472085", "472051", "472018"),
            area=("words", "浦添市、宜野湾市、那覇市"),
            city="浦添市",
            pref="沖縄県",
            phone="098-000-7720",
            languages=("ja", "en", "tl", "vi", "zh"),
        )
    )
    # Nationwide.
    nat = (
        (
            "yoru",
            "夜間のこころの声ライン",
            "夜眠れずにひとりで苦しんでいる方、もう生きていたくないと感じている方の声を、夜通し聴きます。",
            ("shinitai", "kokoro", "kodoku"),
            "night",
            ("phone",),
            True,
        ),
        (
            "chat",
            "つながるチャット相談",
            "死にたい気持ちや生きづらさを、文字で相談できるチャット窓口です。24時間受け付けます。",
            ("shinitai", "kokoro"),
            "h24",
            ("sns",),
            False,
        ),
        (
            "bouryoku",
            "女性への暴力相談ダイヤル",
            "配偶者や交際相手からの暴力、性被害に悩む方のための全国共通ダイヤルです。",
            ("dv", "hanzai"),
            "h24",
            ("phone",),
            False,
        ),
        (
            "kodomo",
            "子ども電話相談室",
            "18歳までの子どもが、家のこと、学校のこと、なんでも話せる電話です。",
            ("youth", "ijime", "gyakutai"),
            "evening",
            ("phone",),
            True,
        ),
        (
            "saimu",
            "多重債務ほっとライン",
            "複数の借入れで返済に困っている方に、弁護士・司法書士が解決の方法を案内します。",
            ("shakkin",),
            "weekday",
            ("phone",),
            False,
        ),
        (
            "izoku",
            "自死遺族電話相談",
            "家族や友人を自殺で亡くした方のための電話相談です。",
            ("izoku",),
            "weekly",
            ("phone",),
            True,
        ),
        (
            "rainbow",
            "プライド電話相談",
            "性的少数者やその家族・友人の悩みを、当事者スタッフがお聴きします。",
            ("lgbt",),
            "evening",
            ("phone",),
            False,
        ),
        (
            "multi",
            "外国人住民ヘルプデスク",
            "Consultation for foreign residents in English, Tiếng Việt, Tagalog, Português, 中文. 生活、仕事、在留の相談。",
            ("gaikokugo",),
            "weekday",
            ("phone",),
            False,
        ),
    )
    for i, (key, name, desc, topics, hours, channels, curated) in enumerate(nat):
        langs = ("ja", "en", "vi", "tl", "pt", "zh") if key == "multi" else ("ja",)
        out.append(
            Spec(
                key=f"nat-{key}",
                name=name,
                org=name,
                description=desc,
                topics=topics,
                served=(NAT,),
                area=("words", "全国"),
                city="千代田区",
                pref="東京都",
                phone=f"0120-{100 + i:03d}-{500 + i * 3:03d}",
                curated=curated,
                hours=hours,
                channels=channels,
                languages=langs,
            )
        )
    return out
