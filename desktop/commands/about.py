"""``--version``: the program version, the data versions, and the licences of bundled data."""

from __future__ import annotations

from desktop.context import Context
from index import __version__

LICENCES = (
    (
        "Fonts: BIZ UDGothic; slip fonts Noto Sans, Noto Sans Devanagari, NanumGothic and LXGW WenKai (subsets)",
        "SIL Open Font License 1.1 (resources/fonts/LICENSE.md)",
    ),
    ("Region master (code4fukui/localgovjp)", "CC0 1.0 (resources/regions/LICENSE.md)"),
    ("HSDS 3.0 schema (Open Referral)", "CC BY-SA 4.0 (resources/hsds/LICENSE)"),
    (
        "Slip translations: machine-made, not yet reviewed by a native speaker "
        "(easy, en, zh, ko, vi, pt, es, tl, ne, id); 「電話で言うこと」 partly from くらし支援ナビ",
        "CC BY 4.0 (resources/translations/slips/README.md)",
    ),
    (
        "出典: くらし支援ナビ（運営: JUNKBRANDING） CC BY 4.0 を加工して作成 https://fukushi.junkbranding.com/",
        "CC BY 4.0, the starter directory converted by tsunagi (resources/sample/KURASHI_NAVI_LICENSE.md)",
    ),
    ("tsunagi", "MIT (LICENSE)"),
)


def data_versions(ctx: Context) -> list[str]:
    """One line per feed held: name, version, last successful sync. Never opens a missing DB."""
    if not ctx.paths.database.exists():
        return ["data: not created yet (first run seeds the bundled sample)"]
    from index.directory import Directory

    with Directory.open(ctx.paths, seed=False, check=False) as directory:
        rows = directory.services_by_feed()
        synced_at = {feed.name: feed.last_success for feed in directory.feed_states()}
    lines = []
    for name, version, count in ((r.feed, r.version, r.services) for r in rows):
        synced = synced_at.get(name)
        extra = f", last sync {synced}" if synced else ""
        lines.append(
            f"data: {name} version {version if version is not None else '-'} ({count} services{extra})"
        )
    return lines or ["data: empty"]


def print_version(ctx: Context) -> int:
    print(f"tsunagi {__version__}")
    for line in data_versions(ctx):
        print(line)
    for what, licence in LICENCES:
        print(f"{what}: {licence}")
    return 0
