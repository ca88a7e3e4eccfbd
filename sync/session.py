"""One sync session: every followed feed in turn, national first, the index brought up once.

Why: the command line, the window and the welcome's USB bundle all sync, and done three ways they
drifted (the window stopped at the first refusal and synced in name order, so "local" ran before
"national"; only the CLI passed the index along; the welcome did neither). :func:`run_feeds` is
the one way:

* feeds run national first, then prefectural, then local (:func:`sync.feeds.sync_order`), so a
  national fix lands before a lower feed that shares an id;
* each feed runs under its own lock (:mod:`sync.lock`): a second sync of the same feed reports
  「同期中です」 instead of racing;
* one feed's refusal never stops the others; each feed's result is reported;
* the search index is brought up to date once, after the data committed; an index error is
  reported and the index catches up later (SQLite journals what it still owes), never a failed
  sync;
* a :class:`~sync.deadline.Cancel` stops it between feeds and inside downloads.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sync.apply import open_location, sync_feed
from sync.deadline import Cancel
from sync.errors import FeedBusyError, SyncCancelledError, SyncError, disk_error
from sync.feeds import get_feed, list_feeds, sync_order
from sync.fetch import FetchSettings, Source
from sync.lock import feed_lock, index_lock
from sync.messages import japanese_message, needs_update
from sync.outcome import SyncOutcome

log = logging.getLogger(__name__)

SessionProgress = Callable[[float, str], None]
"""``progress(fraction of the whole session, message)``: from the session's thread."""

STEPS = {
    "manifest": "署名を確認中",
    "keys": "鍵を確認中",
    "download": "ダウンロード中",
    "verify": "内容を確認中",
    "apply": "取り込み中",
    "index": "検索索引を更新中",
    "done": "完了",
}


@dataclass
class FeedResult:
    """One feed's part of a session: its outcome, or the refusal that left it as it was."""

    feed: str
    outcome: SyncOutcome | None = None
    error: SyncError | None = None

    @property
    def busy(self) -> bool:
        return isinstance(self.error, FeedBusyError)

    @property
    def failed(self) -> bool:
        """A real refusal (a busy feed or a cancel is not the feed's fault)."""
        return self.error is not None and not isinstance(
            self.error, FeedBusyError | SyncCancelledError
        )

    def message(self) -> str:
        """One line in Japanese naming the feed and its result."""
        if self.error is not None:
            return f"{self.feed}: {japanese_message(self.error)}"
        assert self.outcome is not None
        o = self.outcome
        if o.status == "applied":
            line = (
                f"{self.feed}: 版{o.previous_version}→版{o.version}を取り込みました"
                f"（追加{o.added}・変更{o.changed}・削除{o.removed}）"
            )
            if o.skipped:
                line += f"。ID重複のため{len(o.skipped)}件を取り込みませんでした"
            return line
        if o.status == "newer-held":
            return f"{self.feed}: 別の同期が版{o.version}を取り込み済みです"
        return f"{self.feed}: 版{o.version}のままです（更新なし）"


@dataclass
class SessionReport:
    """What a session did, feed by feed, in the order it ran them."""

    results: list[FeedResult] = field(default_factory=list)
    index_error: str | None = None
    """Set when the data committed but the search index could not follow yet."""
    cancelled: bool = False

    @property
    def failures(self) -> list[FeedResult]:
        return [r for r in self.results if r.failed]

    @property
    def changed(self) -> bool:
        return any(r.outcome is not None and r.outcome.status == "applied" for r in self.results)

    @property
    def update_needed(self) -> list[str]:
        """Feeds only a newer tsunagi can read."""
        return [r.feed for r in self.results if needs_update(r.error)]

    def lines(self) -> list[str]:
        """Every feed's line in Japanese, then the index's if it fell behind."""
        found = [r.message() for r in self.results]
        if self.index_error is not None:
            found.append(
                "検索索引の更新は次回に行います（データは取り込み済みです）。"
                "検索結果に新しい内容が出ない間は、tsunagiを開き直してください。"
            )
        if self.cancelled:
            found.append("同期を中止しました。残りのフィードは次回同期します。")
        return found


def run_feeds(
    directory: Any,
    progress: SessionProgress | None = None,
    cancel: Cancel | None = None,
    *,
    names: list[str] | None = None,
    location: str | None = None,
    settings: FetchSettings | None = None,
    compact: bool = False,
) -> SessionReport:
    """Sync ``names`` (default: every followed feed) of an open ``index.directory.Directory``.

    ``location`` (a URL, a feed folder or a ``.tsunagi`` bundle) replaces each feed's own URL:
    ``tsunagi sync --from`` and the welcome's USB bundle. ``compact`` also rewrites the search
    index without deleted documents (the window does, off its GUI thread).
    """
    progress = progress or (lambda _fraction, _message: None)
    cancel = cancel or Cancel()
    if names is None:
        rows = sync_order(list_feeds(directory.db))
    else:
        rows = sync_order([get_feed(directory.db, n) for n in dict.fromkeys(names)])
    report = SessionReport()
    share = 1.0 / max(1, len(rows))
    for number, row in enumerate(rows):
        if cancel.is_set():
            report.cancelled = True
            break

        def step(name: str, fraction: float, number: int = number, feed: str = row.name) -> None:
            done = (number + max(0.0, min(1.0, fraction))) * share * 0.95
            progress(done, f"{feed}: {STEPS.get(name, name)}")

        result = FeedResult(row.name)
        try:
            with (
                feed_lock(directory.paths, row.name),
                _source(directory, location, settings) as src,
            ):
                result.outcome = sync_feed(
                    directory.db,
                    directory.paths,
                    directory.regions,
                    row.name,
                    source=src,
                    settings=settings,
                    progress=step,
                    cancel=cancel,
                )
        except SyncError as exc:
            result.error = exc
            if isinstance(exc, SyncCancelledError):
                report.cancelled = True
        except OSError as exc:  # opening a bundle on a full or unreadable disk
            result.error = disk_error(exc)
        report.results.append(result)
        progress((number + 1) * share * 0.95, result.message())
        if report.cancelled:
            break
    if report.changed:
        progress(0.96, STEPS["index"])
        report.index_error = _bring_index_up(directory, compact)
    progress(1.0, "完了" if not report.cancelled else "中止しました")
    return report


def _built_elsewhere(directory: Any) -> bool:
    """True when the window's own index is still being built (a first start): leave it alone.

    Two builds of a first index at once in one process raced over which generation is live (the
    window then searched a folder the other build had removed). The build reads SQLite, where
    this session's data already is, and SQLite's journal names what it still owes.
    """
    state = dict(directory.db.execute("SELECT key, value FROM index_state").fetchall())
    return not state.get("live_folder") or "rebuilding" in state


@contextlib.contextmanager
def _source(
    directory: Any, location: str | None, settings: FetchSettings | None
) -> Iterator[Source | None]:
    if location is None:
        yield None
        return
    with open_location(location, directory.paths, settings) as src:
        yield src


def _bring_index_up(directory: Any, compact: bool) -> str | None:
    """Catch the search index up with what committed; an error is returned, never raised.

    The data is already safe in SQLite, and SQLite journals what the index still owes, so the
    next session (or the next start) catches up whatever this one could not.
    """
    from index.search import open_index

    if compact and _built_elsewhere(directory):
        return None
    try:
        with index_lock(directory.paths):
            index = open_index(directory)
            try:
                if compact:
                    index.compact()
                else:
                    index.catch_up()
            finally:
                index.close()
    except Exception as exc:  # any index failure: the data is committed all the same
        log.warning("search index could not catch up after sync: %s", exc, exc_info=exc)
        return f"{type(exc).__name__}: {exc}"
    return None
