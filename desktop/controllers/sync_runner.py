"""The window's sync runner: every followed feed, one after another, on the network worker.

It opens its own connection to the directory (WAL lets it write while the window reads) and turns
sync's ``progress(step, fraction)`` per feed into one overall (fraction, message) for the status
bar. When a feed changed, it also brings the search index up to date and compacts it, so the
window's worker never spends a minute rebuilding; the window's search follows the new generation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.directory import Directory
from index.paths import AppPaths

Progress = Callable[[float, str], None]


def _refresh_index(directory: Directory, progress: Progress) -> None:
    """Bring the search index up to date here, on the network worker, not in the window.

    A first sync is a full rebuild (about a minute at 100k services) and every update leaves
    deleted documents that slow searching until they are rewritten (``compact``). Done here,
    with this worker's own connection, the window keeps searching the previous generation and
    switches to the new one on its next search (``SearchIndex`` follows ``index_state``).
    """
    from index.search import open_index

    progress(0.97, "検索索引を更新中")
    index = open_index(directory)
    try:
        index.compact()
    finally:
        index.close()


def make_runner(paths: AppPaths) -> Callable[[Progress], list[Any]]:
    def run(progress: Progress) -> list[Any]:
        from sync.apply import list_feeds, sync_feed

        outcomes: list[Any] = []
        with Directory.open(paths, seed=False, check=False) as directory:
            feeds = list_feeds(directory.db)
            if not feeds:
                progress(1.0, "同期先のフィードがありません")
                return outcomes
            share = 1.0 / len(feeds)
            for number, feed in enumerate(feeds):

                def report(
                    step: str, fraction: float, number: int = number, name: str = feed.name
                ) -> None:
                    progress((number + max(0.0, min(1.0, fraction))) * share, f"{name}: {step}")

                outcomes.append(
                    sync_feed(directory.db, paths, directory.regions, feed.name, progress=report)
                )
            if any(getattr(o, "status", "") == "applied" for o in outcomes):
                _refresh_index(directory, progress)
        return outcomes

    return run
