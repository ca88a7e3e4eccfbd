"""The first-run welcome: the office's name, its default region, and where more data comes from.

A new data folder is seeded from the bundled sample feed, so the app works from the first second;
what it cannot guess is who the office is and where its clients live. The welcome asks that once
(``welcome_done`` unset) and stores ``office_name`` and ``default_region`` — the same settings the
Settings dialog edits. Adding a feed or loading a USB bundle is offered but optional: the office
may be offline on day one.

Sync owns feeds and bundles (:mod:`sync.apply`). A feed is followed only with its publisher's
public key, because a feed carries crisis numbers and its signature is the only thing that proves
where they came from; the welcome adds it with ``add_feed`` and the window's scheduled sync fetches
it. A USB bundle is verified and applied right away by the one sync session
(:func:`sync.session.run_feeds`, the same as the window's and the CLI's), on the task helper's
network worker with its own connection (WAL), while the dialog shows progress; the dialog's own
event loop delivers the result, so there is no thread or nested event loop of its own here.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QStringListModel, Signal
from PySide6.QtWidgets import QCompleter, QFileDialog, QMessageBox, QWidget

from desktop.tasks import Progress, Tasks
from desktop.views.welcome_view import WelcomeView
from index.directory import Directory
from index.model import Region

SUGGESTIONS = 20
BUNDLE_FILTER = "tsunagi (*.tsunagi *.zip *.tar *.tar.gz *.tgz);;*"
FEED_NAME_MAX = 40


def welcome_needed(directory: Directory) -> bool:
    """True on a first run: the welcome was never finished or skipped.

    A folder that already names its office (an upgrade from before the welcome existed) is marked
    done instead of asking again.
    """
    if directory.get_setting("welcome_done") is not None:
        return False
    if directory.get_setting("office_name"):
        directory.set_setting("welcome_done", "existing-settings")
        return False
    return True


def check_feed_url(url: str) -> str | None:
    """Why ``url`` cannot be a feed address, or None when it can.

    Plain ``http`` is accepted only for the office's own machine: the signature protects the
    content, but not who can see which feed an office reads.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return QCoreApplication.translate(
            "WelcomeDialog", "「https://」で始まるアドレスを入力してください。"
        )
    if parts.scheme == "http":
        host = parts.hostname
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            return QCoreApplication.translate(
                "WelcomeDialog",
                "暗号化されていない http は使えません。「https://」のアドレスを入力してください。",
            )
    return None


def public_key_line(typed: str) -> str:
    """The key's base64 line from what was pasted: the bare line, or a whole ``.pub`` file."""
    tokens = typed.split()
    return tokens[-1] if tokens else ""


def feed_name_for(location: str, taken: set[str]) -> str:
    """A feed name sync accepts (1-40 of ``a-z 0-9 _ -``) for a URL or a bundle file, not taken.

    ``https://feeds.example.jp/national/`` → ``feeds-example-jp-national``;
    ``/media/usb/national.tsunagi`` → ``national``.
    """
    parts = urlsplit(location)
    if parts.scheme in ("http", "https"):
        raw = f"{parts.hostname or ''}-{parts.path}"
    else:
        raw = Path(location).name.split(".", 1)[0]
    slug = re.sub(r"[^a-z0-9_]+", "-", raw.lower()).strip("-_")[:FEED_NAME_MAX].strip("-_")
    slug = slug or "feed"
    name, number = slug, 2
    while name in taken:
        suffix = f"-{number}"
        name = slug[: FEED_NAME_MAX - len(suffix)] + suffix
        number += 1
    return name


class WelcomeDialog(WelcomeView):
    """The welcome form; :meth:`save` stores what was entered."""

    saved = Signal(bool)
    """:meth:`save` finished (True: stored and accepted; False: a problem is shown)."""

    def __init__(
        self, directory: Directory, parent: QWidget | None = None, tasks: Tasks | None = None
    ) -> None:
        super().__init__(parent)
        self.directory = directory
        self.tasks = tasks or Tasks(self)
        self._own_tasks = tasks is None
        self.tasks.progress.connect(self._progress)
        self.messages: list[str] = []
        """What :meth:`save` did with a feed or bundle, to tell the office afterwards."""
        self._suggested: dict[str, str] = {}
        self._added_feed: str | None = None
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.default_region.setCompleter(self._completer)
        self.default_region.textEdited.connect(self.suggest)
        self.choose_bundle.clicked.connect(self.pick_bundle)
        self.start.clicked.connect(self.save)
        self.later.clicked.connect(self.skip)
        self.office_name.setText(str(directory.get_setting("office_name") or ""))
        self.office_phone.setText(str(directory.get_setting("office_phone") or ""))
        for field in (self.feed_url, self.feed_key, self.bundle_path):
            # something entered there means the office wants more than the bundled data
            field.textChanged.connect(self._more_entered)
        code = directory.get_setting("default_region")
        region = directory.regions.get(code) if code else None
        if region is not None:
            self.default_region.setText(region.label)

    def _more_entered(self, text: str) -> None:
        if text:
            self.use_feed.setChecked(True)

    # --- region type-ahead --------------------------------------------------------------------

    def suggest(self, text: str) -> list[str]:
        """Offer regions whose name, kana or code starts with ``text``, as unambiguous labels."""
        found = self.directory.regions.lookup(text, limit=SUGGESTIONS)
        self._suggested = {r.label: r.lgcode for r in found}
        labels = list(self._suggested)
        self._model.setStringList(labels)
        return labels

    def chosen_region(self) -> Region | str | None:
        """The region typed or picked; None for none; a message when it is not one region."""
        typed = self.default_region.text().strip()
        if not typed:
            return None
        regions = self.directory.regions
        if typed in self._suggested:
            return regions.get(self._suggested[typed])
        by_label = [r for r in regions.all() if r.label == typed]
        found = by_label or regions.lookup(typed, prefix=False)
        if len(found) == 1:
            return found[0]
        if found:
            names = "、".join(r.label for r in found[:4])
            return self.tr("「{0}」は一つに決められません（{1}）。候補から選んでください。").format(
                typed, names
            )
        return self.tr(
            "「{0}」という地域は見つかりません。市区町村名・よみ・コードで入力してください。"
        ).format(typed)

    # --- USB bundle ---------------------------------------------------------------------------

    def pick_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("USBメモリのデータを選ぶ"), str(Path.home()), BUNDLE_FILTER
        )
        if path:
            self.set_bundle(Path(path))

    def set_bundle(self, path: Path) -> None:
        self.bundle_path.setText(str(path))

    # --- checking -----------------------------------------------------------------------------

    def _feeds(self) -> list[str]:
        return [feed.name for feed in self.directory.feed_states()]

    def _show(self, label: Any, message: str | None, focus: QWidget | None = None) -> bool:
        label.setVisible(message is not None)
        label.setText(message or "")
        if message is not None and focus is not None:
            focus.setFocus()
        return message is None

    def values(self) -> dict[str, Any] | None:
        """What to store, or None (with the reason shown beside the field) when it is not valid."""
        region = self.chosen_region()
        if not self._show(
            self.region_error, region if isinstance(region, str) else None, self.default_region
        ):
            return None
        extra = self.use_feed.isChecked()  # the bundled directory alone needs nothing more
        url = self.feed_url.text().strip() if extra else ""
        key = public_key_line(self.feed_key.text()) if extra else ""
        bundle = self.bundle_path.text().strip() if extra else ""
        problem = check_feed_url(url) if url else None
        if problem is None and key:
            from sync.errors import KeyFormatError
            from sync.minisign import PublicKey

            try:
                PublicKey.from_text(key)
            except KeyFormatError as exc:
                problem = self.tr("公開鍵が読めません（{0}）。").format(exc)
        needs_key = url or (bundle and len(self._feeds()) != 1)
        if problem is None and needs_key and not key and self._added_feed is None:
            problem = self.tr("フィードの発行元から受け取った公開鍵を入力してください。")
        if not self._show(self.feed_error, problem, self.feed_key if key or url else self.feed_url):
            return None
        if bundle and not Path(bundle).is_file():
            self._show(self.bundle_error, self.tr("ファイルが見つかりません: {0}").format(bundle))
            return None
        self._show(self.bundle_error, None)
        assert not isinstance(region, str)
        return {
            "office_name": self.office_name.text().strip(),
            "office_phone": self.office_phone.text().strip(),
            "default_region": region.lgcode if region is not None else None,
            "feed_url": url or None,
            "feed_key": key or None,
            "bundle": bundle or None,
        }

    # --- saving -------------------------------------------------------------------------------

    def save(self) -> bool | None:
        """Store the office, follow the feed, load the bundle.

        False (the dialog stays, the problem shown) or True (stored, accepted) at once; None while
        a bundle loads on the network worker: :attr:`saved` tells how it ended.
        """
        values = self.values()
        if values is None:
            self.saved.emit(False)
            return False
        directory = self.directory
        directory.set_setting("office_name", values["office_name"])
        directory.set_setting("office_phone", values["office_phone"])
        directory.set_setting("default_region", values["default_region"])
        self.messages = []
        feed = self._added_feed
        if feed is None and values["feed_key"]:
            location = values["feed_url"] or values["bundle"]
            feed = self._follow(location, values["feed_key"])
            if feed is None:
                self.saved.emit(False)
                return False
        if values["bundle"]:
            if feed is None:
                feed = self._feeds()[0]  # values() allowed this only with exactly one feed
            self._load_bundle(Path(values["bundle"]), feed)
            return None
        return self._done(True)

    def _done(self, ok: bool) -> bool:
        if ok:
            self.directory.set_setting(
                "welcome_done", datetime.now(UTC).isoformat(timespec="seconds")
            )
            self.accept()
        self.saved.emit(ok)
        return ok

    def _follow(self, location: str, key: str) -> str | None:
        from sync.apply import add_feed
        from sync.errors import SyncError

        name = feed_name_for(location, set(self._feeds()))
        try:
            add_feed(self.directory.db, name, location, key)
        except (ValueError, SyncError) as exc:
            self._show(
                self.feed_error,
                self.tr("フィードを追加できませんでした: {0}").format(exc),
                self.feed_url,
            )
            return None
        self._added_feed = name
        if self.feed_url.text().strip():
            self.messages.append(
                self.tr("フィード「{0}」を追加しました。次の同期で取り込みます。").format(name)
            )
        return name

    def _load_bundle(self, bundle: Path, feed: str) -> None:
        paths = self.directory.paths

        def work(report: Progress) -> Any:
            from sync.session import run_feeds

            with Directory.open(paths, seed=False, check=False) as own:
                return run_feeds(own, report, names=[feed], location=str(bundle))

        self._busy(True)
        self.progress.setText(self.tr("USBメモリのデータを確かめています…"))
        self.tasks.run_net(work, self._bundle_loaded, self._bundle_failed)

    def _busy(self, busy: bool) -> None:
        self.start.setEnabled(not busy)
        self.later.setEnabled(not busy)

    def _progress(self, _fraction: float, message: str) -> None:
        if message:
            self.progress.setText(message)

    def _bundle_loaded(self, report: Any) -> None:
        self._busy(False)
        result = report.results[0]
        if result.error is not None:
            self._show(
                self.bundle_error,
                self.tr("USBメモリのデータを取り込めませんでした: {0}").format(result.message()),
            )
            self._done(False)
            return
        self.progress.setText(result.message())
        self.messages.append(
            self.tr("USBメモリのデータを取り込みました（{0}）。").format(result.message())
        )
        self._done(True)

    def _bundle_failed(self, exc: BaseException) -> None:
        from sync.messages import japanese_message

        self._busy(False)
        self._show(
            self.bundle_error,
            self.tr("USBメモリのデータを取り込めませんでした: {0}").format(japanese_message(exc)),
        )
        self._done(False)

    def skip(self) -> None:
        """「あとで」: never ask again; Settings holds the same fields."""
        self.directory.set_setting("welcome_done", "skipped")
        self.reject()


def maybe_show_welcome(parent: QWidget | None, directory: Directory) -> bool:
    """Show the welcome (modal) on a first run; True when it saved new settings.

    The caller reloads its settings when this returns True (office name, default region, and
    a feed that may have been added). Call it after the main window is shown, and never in
    ``--screenshot`` runs.

    The dialog works on its own connection to the same database: the window's connection belongs
    to its database worker, which may be busy (the start-up check, the index) while the welcome
    is open, and one SQLite connection must not carry two threads' transactions at once.
    """
    with Directory.open(directory.paths, seed=False, check=False) as own:
        if not welcome_needed(own):
            return False
        dialog = WelcomeDialog(own, parent)
        saved = dialog.exec() == WelcomeDialog.DialogCode.Accepted
        if saved and dialog.messages:
            QMessageBox.information(parent, "tsunagi", "\n".join(dialog.messages))
        if dialog._own_tasks:
            dialog.tasks.shutdown()
        dialog.deleteLater()
    return saved
