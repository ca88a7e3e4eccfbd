"""Hypothesis strategies for hostile text: what a bad feed, a careless paste or an attacker types.

Why a shared module: every entry point (import, search, the note editor, the local resource form,
slips, CLI arguments) must face the *same* catalogue, so a new trick added here is tried everywhere.

The catalogue:

* markup that Qt would render (``<b>``, ``<img src=x>``, ``<a href="file:///etc/passwd">``) and
  reportlab paragraph markup (``<font size=99>``, ``<para>``, ``&amp;``, ``<br/>``);
* Unicode that confuses people or software: the right-to-left override U+202E, zero-width
  characters, BOMs, combining marks, full-width digits, emoji, U+2028/U+0085 line separators;
* what SQLite, JSON or a PDF cannot carry: lone surrogates, NUL and other control bytes;
* sizes: fields of 100k characters (the import limit) and of 1 MB;
* path-like values: ``../../etc/passwd``, ``C:\\Windows``, ``~/.ssh``, ``/dev/zero``, ``NUL``.

:func:`storable_text` keeps only what validation accepts (no NUL, no lone surrogate, at most
``MAX_TEXT``), for tests that assert a value is stored and shown *verbatim*.
"""

from __future__ import annotations

from hypothesis import strategies as st

from index.validate import MAX_TEXT

MARKUP = (
    "<b>太字</b>",
    "<i>x</i><u>y</u>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x>",
    '<a href="file:///etc/passwd">クリック</a>',
    "<a href='javascript:alert(1)'>link</a>",
    "<script>alert(1)</script>",
    "<html><body><h1>見出し</h1></body></html>",
    "<!DOCTYPE html><p>para</p>",
    '<font size=99 color="red">大</font>',
    '<font name="Courier" size="200">X</font>',
    "<para>段落</para>",
    "<br/>",
    "<br>",
    '<span style="font-size:99pt">big</span>',
    "<unknowntag>",
    "</b></font></para>",
    "&amp;",
    "&lt;b&gt;",
    "&#x3C;b&#x3E;",
    "&nbsp;&copy;",
    "&",
    "a < b > c",
    "<",
    "<![CDATA[x]]>",
    "<!-- comment -->",
    "%s%n%x{0}{}",
    "${HOME}$(id)`id`",
    "'; DROP TABLE note; --",
    '" OR 1=1 --',
    "*:* OR name:x AND (",
    "**bold** [link](file:///etc/passwd) # heading",
)

UNICODE = (
    "\u202e3202-0210\u202c",  # right-to-left override: a number that reads backwards
    "0120\u202e-783-972",
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width space, non-joiners, word joiner, BOM
    "電\u200b話",
    "\u061c\u200e\u200f\u202a\u202b\u202d\u2066\u2067\u2068\u2069",  # bidi controls
    "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",  # stacked combining marks
    "０１２０－３３３－５５６",  # full-width digits and minus
    "＃９９９９",
    "🆘📞👩‍👩‍👧‍👦🏳️‍🌈",
    "line\u2028separator\u2029para\x85next",
    "tab\tcr\rlf\n",
    "\x1b[31mred\x1b[0m",  # terminal escape sequence
    "\x07\x08\x0b\x0c\x7f",
    "\ufffd\uffff\ufffe",
    "𠮷野家",  # outside the BMP
    "ｶﾀｶﾅ",
)

UNSTORABLE = (
    "\x00",
    "a\x00b",
    "\ud800",  # lone high surrogate
    "\udfff",  # lone low surrogate
    "x\udc80y",
)

PATHS = (
    "../../etc/passwd",
    "../../../../../../../../tmp/tsunagi-escape",
    "..\\..\\Windows\\System32",
    "C:\\Windows",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "\\\\server\\share\\x",
    "~/.ssh",
    "~/.ssh/authorized_keys",
    "/etc/passwd",
    "/dev/zero",
    "/dev/stdin",
    "NUL",
    "CON",
    "COM1.txt",
    "file:///etc/passwd",
    "http://127.0.0.1:1/",
    "-rf",
    "--data-dir=/",
    ".",
    "..",
    "",
    " ",
)

FRAGMENTS: tuple[str, ...] = MARKUP + UNICODE + PATHS

STORABLE_FIXED: tuple[str, ...] = tuple(
    s for s in FRAGMENTS if "\x00" not in s and not any("\ud800" <= c <= "\udfff" for c in s)
)


def _is_storable(value: str) -> bool:
    return (
        len(value) <= MAX_TEXT
        and "\x00" not in value
        and not any("\ud800" <= ch <= "\udfff" for ch in value)
    )


def huge(fragment: str, size: int) -> str:
    """``fragment`` repeated to exactly ``size`` characters (1 MB without Hypothesis building it)."""
    fragment = fragment or "x"
    return (fragment * (size // len(fragment) + 1))[:size]


def _any_chars() -> st.SearchStrategy[str]:
    """Any code point, surrogates and controls included (Hypothesis excludes Cs by default)."""
    char = st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),  # lone surrogates must be asked for by name
        st.characters(max_codepoint=0x1F),  # NUL and the other C0 controls
        st.characters(categories=["Cf", "Mn", "Zl", "Zp"]),  # format, combining, separators
    )
    return st.text(char, max_size=40)


@st.composite
def _mixed(draw: st.DrawFn, pool: tuple[str, ...], chars: st.SearchStrategy[str]) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(pool), chars), min_size=1, max_size=6))
    return "".join(parts)


def hostile_text(*, allow_huge: bool = True) -> st.SearchStrategy[str]:
    """Any hostile string: fixed tricks, random code points, mixtures, and 100k/1 MB fields."""
    options = [
        st.sampled_from(FRAGMENTS + UNSTORABLE),
        _any_chars(),
        _mixed(FRAGMENTS + UNSTORABLE, _any_chars()),
    ]
    if allow_huge:
        options.append(
            st.builds(
                huge,
                st.sampled_from(FRAGMENTS + UNSTORABLE),
                st.sampled_from([MAX_TEXT, MAX_TEXT + 1, 1_000_000]),
            )
        )
    return st.one_of(*options)


def storable_text(*, allow_huge: bool = True, min_size: int = 0) -> st.SearchStrategy[str]:
    """Hostile strings validation accepts: these must come back out exactly as they went in."""
    chars = st.text(
        st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=("Cs",)),
        max_size=40,
    )
    options = [st.sampled_from(STORABLE_FIXED), chars, _mixed(STORABLE_FIXED, chars)]
    if allow_huge:
        options.append(
            st.builds(huge, st.sampled_from(STORABLE_FIXED), st.sampled_from([1000, MAX_TEXT]))
        )
    return st.one_of(*options).filter(lambda s: _is_storable(s) and len(s) >= min_size)


def nonblank(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Values that survive ``.strip()`` (a name, a note): the point is that they are kept."""
    return strategy.filter(lambda s: bool(s.strip()))


def cli_argument() -> st.SearchStrategy[bytes]:
    """A command-line argument as the OS passes it: any bytes except NUL (argv cannot hold one).

    Includes invalid UTF-8 and CESU-8 surrogates, which Python decodes with surrogateescape: this
    is how a lone surrogate reaches ``sys.argv`` for real.
    """
    fixed = [s.encode("utf-8", "surrogatepass") for s in FRAGMENTS + UNSTORABLE]
    fixed += [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80abc", b"-", b"--"]
    fixed = [b.replace(b"\x00", b"") for b in fixed]
    return st.one_of(
        st.sampled_from(fixed),
        st.binary(max_size=60).map(lambda b: b.replace(b"\x00", b"")),
        st.builds(lambda a, b: a + b, st.sampled_from(fixed), st.binary(max_size=20)).map(
            lambda b: b.replace(b"\x00", b"")
        ),
    )
