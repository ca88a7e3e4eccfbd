"""The window's sync runner: every followed feed, one after another, on the network worker.

It opens its own connection to the directory (WAL lets it write while the window reads) and turns
sync's ``progress(step, fraction)`` per feed into one overall (fraction, message) for the status
bar. The window's search catches the index up afterwards from the ``index_dirty`` journal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.directory import Directory
from index.paths import AppPaths

Progress = Callable[[float, str], None]


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
        return outcomes

    return run
