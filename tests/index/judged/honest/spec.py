"""Main honest judged set: services as real feeds carry them, truth written beside each.

About half the services carry no ``tsunagi-worry`` attribute, and about half of the wide-area
ones name their area in words only (「秋田県全域」, 「大館市・北秋田市・小坂町」), as in real
tables of 相談窓口. Each local service has two wordings, chosen per town, so one phrase does not
cover every town. Truth (``topics``, ``served``) is written by hand and never derived from what
tsunagi parses.
"""

from __future__ import annotations

from tests.index.judged.records import Spec

NAT = "000000"

# (municipality lgcode, name, prefecture lgcode, prefecture, phone prefix as printed)
TOWNS = (
    ("052019", "秋田市", "050008", "秋田県", "018-8{:02d}-{:04d}"),
    ("052043", "大館市", "050008", "秋田県", "0186(4{:1d})-{:04d}"),
    ("131121", "世田谷区", "130001", "東京都", "03-5{:03d}-{:04d}"),
    ("131156", "杉並区", "130001", "東京都", "03 3{:03d} {:04d}"),
    ("271004", "大阪市", "270008", "大阪府", "06-6{:03d}-{:04d}"),
    ("271403", "堺市", "270008", "大阪府", "072-2{:02d}-{:04d}"),
    ("401307", "福岡市", "400009", "福岡県", "092-7{:02d}-{:04d}"),
    ("012041", "旭川市", "010006", "北海道", "0166-2{:1d}-{:04d}"),
)

# (key, topics (primary first), name pattern, two descriptions)
LOCAL = (
    (
        "kokoro",
        ("kokoro",),
        "{p}こころの健康相談",
        (
            "気分の落ち込み、不眠、不安など心の不調について、保健師や精神保健福祉士が相談に応じます。",
            "憂うつな気分が続く、夜眠れない、人と会うのがつらいなど、メンタルヘルスの相談を受け付けています。",
        ),
    ),
    (
        "inochi",
        ("shinitai", "kokoro"),
        "{p}いのちのサポート相談",
        (
            "つらい気持ちを抱え、自ら命を絶つことを考えてしまう方の話を、専門の相談員がお聴きします。",
            "生きることがつらいと感じている方、自殺を考えている方とそのご家族の相談窓口です。",
        ),
    ),
    (
        "kurashi",
        ("seikatsu", "shakkin", "sumai"),
        "{p}くらしサポートセンター",
        (
            "収入が減った、家賃や公共料金の支払いが滞っている、借入の返済が苦しいなど、暮らしのお金の困りごとを一緒に整理し、住居確保給付金などの制度につなぎます。",
            "生活困窮者自立支援制度の相談窓口です。家計の見直し、就労、住まいの確保まで支援します。",
        ),
    ),
    (
        "food",
        ("shokuryo", "seikatsu"),
        "{p}フードバンク",
        (
            "食べるものに困っている世帯に、寄付された食品を無償でお渡しします。",
            "食料の緊急支援を行っています。お米やレトルト食品などを無料でお届けします。",
        ),
    ),
    (
        "salon",
        ("kodoku", "ibasho", "koreisha"),
        "{p}ふれあいサロン",
        (
            "地域の方が気軽に集まっておしゃべりやお茶を楽しむ場です。一人暮らしの高齢の方も歓迎します。",
            "家にこもりがちな方、話し相手がほしい方が立ち寄れる地域の居場所です。",
        ),
    ),
    (
        "hiki",
        ("hikikomori",),
        "{p}ひきこもり相談",
        (
            "長い間家から出られない状態にあるご本人やご家族の相談を受け、段階的に社会とつながる支援をします。",
            "社会との関わりが途絶え、自宅で過ごす時間が長くなっている方とそのご家族のための相談と集いの場です。",
        ),
    ),
    (
        "kyoiku",
        ("ijime", "youth"),
        "{p}教育相談室",
        (
            "不登校や友人関係の悩み、学校生活の困りごとについて、児童生徒と保護者の相談に応じます。",
            "学校に行けない、クラスで嫌がらせを受けているなど、子どもの学校の悩みをお聴きします。",
        ),
    ),
    (
        "houkatsu",
        ("kaigo", "koreisha"),
        "{p}地域包括支援センター",
        (
            "高齢者の介護、認知症、見守り、権利擁護などの総合相談窓口です。家族の介護負担についてもご相談ください。",
            "お年寄りの暮らしと在宅での世話について、ケアマネジャーや保健師が相談に応じます。",
        ),
    ),
    (
        "kosodate",
        ("kosodate",),
        "{p}子育て相談",
        (
            "妊娠・出産・乳幼児の育児に関する不安や負担について保健師・助産師が相談に応じます。夜泣きや授乳の悩みもどうぞ。",
            "乳幼児を育てる方の不安や疲れを受け止め、一時預かりや家事支援を案内します。",
        ),
    ),
    (
        "hitorioya",
        ("single", "seikatsu"),
        "{p}ひとり親家庭相談",
        (
            "母子家庭・父子家庭の生活や就労、児童扶養手当、養育費についての相談窓口です。",
            "離婚や死別でひとりで子どもを育てている方の、暮らしと仕事の相談に応じます。",
        ),
    ),
    (
        "shigoto",
        ("shigoto",),
        "{p}しごとサポートプラザ",
        (
            "仕事探し、職場でのハラスメント、解雇や雇い止めの悩みについて相談できます。",
            "働きたい方の職探しと、職場の人間関係や労働条件の悩みの相談窓口です。",
        ),
    ),
    (
        "dv",
        ("dv",),
        "{p}配偶者暴力相談支援センター",
        (
            "配偶者や恋人からの身体的・精神的・経済的な暴力に関する相談、緊急時の安全確保について支援します。",
            "パートナーからの暴言や暴力、束縛に悩む方の相談を女性相談員が受け、避難も含めて支援します。",
        ),
    ),
    (
        "kodomo",
        ("gyakutai", "kosodate"),
        "{p}子ども家庭相談",
        (
            "子どもへの虐待の心配、しつけで手が出てしまうなど、子どもと家庭の相談を受けます。",
            "児童虐待の通告・相談と、子育てに行き詰まった保護者の支援を行います。",
        ),
    ),
    (
        "sumai",
        ("sumai", "seikatsu"),
        "{p}住まい相談",
        (
            "住まいを失った方、住む場所が見つからない方、立ち退きを求められている方の住まい探しを支援します。",
            "アパートを追い出されそう、保証人がいなくて部屋を借りられないといった住まいの相談に応じます。",
        ),
    ),
)

DISTRACT = (
    ("lib", "{p}立図書館", "本の貸し出し、レファレンス、読み聞かせ会を行っています。"),
    ("kanko", "{p}観光案内所", "観光スポット、宿泊、イベントのご案内。"),
)


def _phone(fmt: str, a: int, b: int) -> str:
    first = fmt.split("{")[1]
    width = int(first[2]) if first.startswith(":0") else 1
    return fmt.format(a % (10**width), b)


def specs() -> list[Spec]:
    out: list[Spec] = []
    n = 0
    for t_i, (code, town, _pcode, pref, tel) in enumerate(TOWNS):
        for i, (key, topics, name, descs) in enumerate(LOCAL):
            if (i + t_i) % 5 == 4:
                continue  # not every town has every service
            n += 1
            out.append(
                Spec(
                    key=f"{code}-{key}",
                    name=name.format(p=town),
                    org=f"{town}役所" if i % 2 else f"社会福祉法人{town}社会福祉協議会",
                    description=descs[(i + t_i) % 2],
                    topics=topics,
                    served=(code,),
                    area=("code", code) if n % 4 else ("words", f"{town}内"),
                    city=town,
                    pref=pref,
                    phone=_phone(tel, 10 + n, 1000 + 13 * n),
                    curated=n % 2 == 0,
                    hours="weekday",
                )
            )
        for key, name, desc in DISTRACT:
            n += 1
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
                    phone=_phone(tel, 10 + n, 2000 + n),
                )
            )
    # Prefecture-wide: half name their area in words only (全域, 内, a list).
    capital = {
        "050008": "秋田市",
        "130001": "新宿区",
        "270008": "大阪市",
        "400009": "福岡市",
        "010006": "札幌市",
    }
    prefs = sorted({(p, c) for _c, _t, p, c, _tel in TOWNS})
    for j, (pcode, pref) in enumerate(prefs):
        words = j % 2 == 0
        out.append(
            Spec(
                key=f"{pcode}-seishin",
                name=f"{pref}精神保健福祉センター",
                org=pref,
                description="うつ、依存症、自死を考えるほどの苦しさ、自死で家族を亡くした方の相談に、専門職が電話と面接で応じます。",
                topics=("kokoro", "shinitai", "izoku"),
                served=(pcode,),
                area=("words", f"{pref}全域") if words else ("code", pcode),
                city=capital[pcode],
                pref=pref,
                phone=f"0{j + 1}0-777-1{j}{j}{j}",
                curated=not words,
            )
        )
        out.append(
            Spec(
                key=f"{pcode}-josei",
                name=f"{pref}女性相談センター",
                org=pref,
                description="夫や交際相手からの暴力、性被害について、緊急の一時保護を含め女性相談員が対応します。",
                topics=("dv", "hanzai"),
                served=(pcode,),
                area=("words", f"{pref}内") if not words else ("code", pcode),
                city=capital[pcode],
                pref=pref,
                phone=f"0{j + 1}0-777-2{j}{j}{j}",
                curated=words,
                hours="evening",
            )
        )
        out.append(
            Spec(
                key=f"{pcode}-rodo",
                name=f"{pref}労働相談センター",
                org=pref,
                description="賃金の未払い、パワハラ、突然の解雇など、働く人の悩みを無料で相談できます。",
                topics=("shigoto",),
                served=(pcode,),
                area=("words", f"{pref}全域") if words else ("code", pcode),
                city=capital[pcode],
                pref=pref,
                phone=f"0{j + 1}0-777-3{j}{j}{j}",
                curated=False,
            )
        )
    lists = (
        (
            "akita-north",
            "県北地区若者サポートステーション",
            "就職に向けて一歩を踏み出したい15〜49歳の方と家族の相談を受けます。長く働いていない方、家にいる時間が長い方も。",
            ("shigoto", "hikikomori", "youth"),
            ("052043", "052132", "053031"),
            "大館市・北秋田市・小坂町",
            "大館市",
            "秋田県",
            "0186-40-7788",
        ),
        (
            "akita-central",
            "中央地区自死遺族のつどい",
            "家族や友人を自死で亡くした方が、同じ体験をした人と語り合う会です。",
            ("izoku",),
            ("052019", "052060", "052116"),
            "秋田市、男鹿市、潟上市",
            "秋田市",
            "秋田県",
            "018-000-4411",
        ),
        (
            "osaka-hokusetsu",
            "北摂外国人くらしサポート",
            "外国から来た人の生活、仕事、子どもの学校の相談を、英語・中国語・ベトナム語・ポルトガル語で受けます。tiếng Việt OK.",
            ("gaikokugo",),
            ("272035", "272051", "272205"),
            "豊中市・吹田市・箕面市",
            "豊中市",
            "大阪府",
            "06-0000-6611",
        ),
        (
            "asahikawa-area",
            "上川中部こころの電話",
            "気分の落ち込みやストレス、眠れないなどの悩みを電話でお聴きします。",
            ("kokoro",),
            ("012041", "014583", "014524"),
            "旭川市、東川町、鷹栖町",
            "旭川市",
            "北海道",
            "0166-00-3344",
        ),
    )
    for key, name, desc, topics, served, words_, city, pref, phone in lists:
        out.append(
            Spec(
                key=key,
                name=name,
                org=name,
                description=desc,
                topics=topics,
                served=served,
                area=("words", words_),
                city=city,
                pref=pref,
                phone=phone,
                languages=("ja", "en", "zh", "vi", "pt") if key == "osaka-hokusetsu" else ("ja",),
            )
        )
    nat = (
        (
            "hotline",
            "いのちの相談ホットライン",
            "死にたいほどつらい気持ちを、24時間いつでも電話でお聴きします。",
            ("shinitai", "kokoro"),
            "h24",
            ("phone",),
            True,
        ),
        (
            "yorisoi",
            "よりそいチャット",
            "生きづらさ、孤独、消えてしまいたい気持ちなど、どんな悩みも文字で相談できるチャットです。",
            ("shinitai", "kokoro", "kodoku"),
            "h24",
            ("sns",),
            False,
        ),
        (
            "dvplus",
            "DV相談＋",
            "配偶者や恋人からの暴力に悩む方のための全国の相談窓口です。電話・メール・チャットで24時間受け付けます。",
            ("dv",),
            "h24",
            ("phone", "sns"),
            False,
        ),
        (
            "kodomo",
            "こどもSOSライン",
            "いじめ、家のこと、つらいことを子どもが夜間も相談できる電話です。",
            ("youth", "ijime", "gyakutai"),
            "h24",
            ("phone",),
            True,
        ),
        (
            "izoku",
            "自死遺族ほっとライン",
            "大切な人を自殺で亡くした方のための電話相談です。",
            ("izoku",),
            "weekly",
            ("phone",),
            False,
        ),
        (
            "seiboryoku",
            "性暴力被害ワンストップ全国窓口",
            "性暴力や性犯罪の被害にあった方の相談と、病院・警察への付き添いの支援につなぎます。",
            ("hanzai", "dv"),
            "h24",
            ("phone",),
            True,
        ),
        (
            "shakkin",
            "借金お悩み法律相談ダイヤル",
            "借入れやカードローンの返済に困っている方に、弁護士が債務整理の方法を案内します。",
            ("shakkin",),
            "weekday",
            ("phone",),
            False,
        ),
        (
            "hanashi",
            "ひとりぼっち防止テレフォン",
            "誰かと話したいときに、ボランティアが電話で話し相手になります。",
            ("kodoku",),
            "evening",
            ("phone",),
            False,
        ),
        (
            "niji",
            "LGBTQ+ユースライン",
            "性のあり方に悩む10代・20代のためのチャット相談です。",
            ("lgbt", "youth"),
            "evening",
            ("sns",),
            True,
        ),
        (
            "kaigo",
            "介護家族のための電話相談",
            "家族の介護に疲れた方、認知症の家族との接し方に悩む方の電話相談です。",
            ("kaigo",),
            "weekday",
            ("phone",),
            False,
        ),
        (
            "english",
            "Japan English Helpline",
            "Free, anonymous telephone counseling in English for anyone living in Japan: stress, loneliness, crisis. 英語で相談できます。",
            ("kokoro", "gaikokugo", "shinitai"),
            "h24",
            ("phone",),
            False,
        ),
        (
            "tagengo",
            "多言語生活相談ダイヤル",
            "外国人住民の生活、仕事、在留資格の相談に多言語で対応します。",
            ("gaikokugo",),
            "weekday",
            ("phone",),
            True,
        ),
        (
            "saigai",
            "災害被災者相談ダイヤル",
            "地震や豪雨で被害を受けた方の住まいと生活の再建について相談できます。",
            ("hisai", "sumai"),
            "weekday",
            ("phone",),
            False,
        ),
    )
    for i, (key, name, desc, topics, hours, channels, curated) in enumerate(nat):
        langs: tuple[str, ...] = ("ja",)
        if key == "english":
            langs = ("en",)
        elif key == "tagengo":
            langs = ("ja", "en", "zh", "ko", "vi", "pt", "tl", "ne", "es")
        out.append(
            Spec(
                key=f"nat-{key}",
                name=name,
                org=name,
                description=desc,
                topics=topics,
                served=(NAT,),
                area=("words", "全国") if i % 2 else ("code", NAT),
                city="千代田区",
                pref="東京都",
                phone=f"0120-{300 + i:03d}-{700 + i * 7:03d}"
                if key != "dvplus"
                else "0120-279-889",
                curated=curated,
                hours=hours,
                channels=channels,
                languages=langs,
            )
        )
    return out
