"""Crisis signals: suicide and violence in the forms people really say and type them.

The worry dictionary lists expressions (「死にたい」, 「夫に殴られる」); people on the phone say
「死にてえ」, 「生きてる意味ない」, 「ODした」, 「リスカ」, 「どつかれる」, drop particles, use dialect
and type hiragana before converting (「しにたい」). A missed signal costs a life, a false one
costs a banner, so these are patterns over the normalised text (katakana already folded to
hiragana, full width folded, lower case), matched wherever the dictionary did not match first.
Every signal brings the crisis banner and the crisis lines, whatever else the query says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUICIDE_WORRIES = ("shinitai", "kokoro")
VIOLENCE_WORRIES = ("dv", "gyakutai", "hanzai")

_SUICIDE = (
    # 死にたい, しにたい, 死にてえ/てぇ/てー, 死にとうなる (関西), 死にたか (九州), 死にたっ
    r"(?:死|し)に(?:た[いくかけっ]?|て[えぇー〜]|と[うお]|てえ)",
    r"死んで(?:しまいた|しまえた|しまお|もいい|やる)",
    r"死んだ(?:ほう|方)が(?:まし|いい|よか|楽)",
    r"死(?:のう|ぬしか|ぬつもり|ぬ気|ぬ方法|ねたら|ねれば|ねる方法)",
    r"楽に死",
    r"(?:消|き)え(?:た[いくか]|てしま|てなくな|てえ|てぇ|たっ)",
    r"(?:い|居)なくなりた",
    r"生き(?:て(?:い)?る|る|てく|てい)(?:意味|いみ|価値|かち|理由|りゆう)",
    r"生きて(?:て|いて|い)?も(?:仕方|しかた|しょうがな|しょーがな|意味|いみ|無駄|むだ)",
    r"生き(?:ていたく|てたく|たく)な",
    r"生きて(?:い)?(?:る|ん)のが(?:つら|辛|しんど|きつ|いや|嫌|苦)",
    r"生きるのが(?:つら|辛|しんど|きつ|いや|嫌|苦)",
    r"いきてる(?:いみ|意味)",
    r"自殺|じさつ|自害|希死念慮|遺書",
    r"首(?:を)?(?:吊|つ)|首つり|くびつり|飛び降り|とびおり|飛び込みた|練炭|樹海",
    r"(?<![a-z])od(?![a-z])|おーばーどーず|過量服薬|薬(?:を)?(?:大量|いっぱい|たくさん|全部|ぜんぶ)",
    r"りすか|りすとかっと|自傷|手首(?:を)?切|腕(?:を)?切",
    r"(?:終わり|おわり)にした|(?:楽|らく)になりた|この世から|あの世",
    r"たひ(?:に|た)|しにたみ",
)
_VIOLENCE = (
    r"殴[らりるっれ]|なぐ[らりるっれ]|蹴[らりるっ]|けら(?:れ)|けっ(?:て)くる",
    r"叩[かきくいけ]|たたか(?:れ)|ぶたれ|どつ[かきくい]|しばか|しばいてくる",
    r"首(?:を)?(?:絞|締|しめ)|首しめ",
    r"物(?:を)?投げ|ものなげ|暴れ|あばれ",
    r"暴力|ぼうりょく|(?<![a-z])dv(?![a-z])|虐待|ぎゃくたい",
    r"手が出(?:て|る|ちゃ|そう)|手を(?:あげ|上げ)",
    r"れいぷ|性被害|性暴力|襲われ|刺され|脅(?:か)?され|おどされ|殺され|ころされ|殺す(?:ぞ|って)",
)

SUICIDE = re.compile("|".join(_SUICIDE))
VIOLENCE = re.compile("|".join(_VIOLENCE))


@dataclass(frozen=True)
class Signal:
    kind: str  # "suicide" | "violence"
    start: int
    end: int

    @property
    def worries(self) -> tuple[str, ...]:
        return SUICIDE_WORRIES if self.kind == "suicide" else VIOLENCE_WORRIES


def signals(text: str) -> list[Signal]:
    """Every crisis signal in normalised ``text``, in text order."""
    found = [Signal("suicide", m.start(), m.end()) for m in SUICIDE.finditer(text)]
    found += [Signal("violence", m.start(), m.end()) for m in VIOLENCE.finditer(text)]
    return sorted(found, key=lambda s: s.start)


def crisis_of(text: str) -> str | None:
    """The strongest signal in ``text`` (suicide before violence), or ``None``."""
    if SUICIDE.search(text):
        return "suicide"
    if VIOLENCE.search(text):
        return "violence"
    return None
