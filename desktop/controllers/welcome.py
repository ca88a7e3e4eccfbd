"""The first-run welcome: the office's name, its default region, and where more data comes from.

A new data folder is seeded from the bundled sample feed, so the app works from the first second;
what it cannot guess is who the office is and where its clients live. The welcome asks that once
(``welcome_done`` unset) and stores ``office_name`` and ``default_region`` — the same settings the
Settings dialog edits. Adding a feed URL or a USB bundle is offered but optional: the office may be
offline on day one.

Sync owns feeds and bundles. When ``sync`` offers the call (``sync.feeds.add_feed`` or
``sync.client.sync_from_path``), the welcome uses it; until then the request is kept in the
settings (``pending_feed_urls``, ``pending_bundles``) for sync to pick up, and the office is told.
"""

from __future__ import annotations

import importlib
import ipaddress
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QCompleter, QFileDialog, QMessageBox, QWidget

from desktop.views.welcome_view import WelcomeView
from index.directory import Directory
from index.model import Region

SUGGESTIONS = 20
BUNDLE_FILTER = "tsunagi (*.tsunagi *.zip *.tar *.tar.gz *.tgz);;*"


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

    Plain ``http`` is accepted only for the office's own machine: a feed carries crisis numbers
    and its signature protects the content, but not who can see which feed an office reads.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "「https://」で始まるアドレスを入力してください。"
    if parts.scheme == "http":
        host = parts.hostname
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            return (
                "暗号化されていない http は使えません。「https://」のアドレスを入力してください。"
            )
    return None


def _sync_call(module: str, name: str) -> Callable[..., Any] | None:
    """``sync.<module>.<name>`` when sync provides it; None while it does not (yet)."""
    try:
        found = importlib.import_module(f"sync.{module}")
    except ImportError:
        return None
    call = getattr(found, name, None)
    return call if callable(call) else None


def _append_setting(directory: Directory, key: str, value: str) -> None:
    current = directory.get_setting(key) or []
    if value not in current:
        directory.set_setting(key, [*current, value])


class WelcomeDialog(WelcomeView):
    """The welcome form; :meth:`save` stores what was entered."""

    def __init__(self, directory: Directory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.directory = directory
        self.messages: list[str] = []
        """What :meth:`save` did with a feed or bundle, to tell the office afterwards."""
        self._suggested: dict[str, str] = {}
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
        code = directory.get_setting("default_region")
        region = directory.regions.get(code) if code else None
        if region is not None:
            self.default_region.setText(region.label)

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
            return f"「{typed}」は一つに決められません（{names}）。候補から選んでください。"
        return (
            f"「{typed}」という地域は見つかりません。市区町村名・よみ・コードで入力してください。"
        )

    # --- USB bundle ---------------------------------------------------------------------------

    def pick_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("USBメモリのデータを選ぶ"), str(Path.home()), BUNDLE_FILTER
        )
        if path:
            self.set_bundle(Path(path))

    def set_bundle(self, path: Path) -> None:
        self.bundle_path.setText(str(path))

    # --- saving -------------------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """What to store, or None (with the reason shown beside the field) when it is not valid."""
        region = self.chosen_region()
        self.region_error.setVisible(isinstance(region, str))
        if isinstance(region, str):
            self.region_error.setText(region)
            self.default_region.setFocus()
            return None
        url = self.feed_url.text().strip()
        problem = check_feed_url(url) if url else None
        self.feed_error.setVisible(problem is not None)
        if problem is not None:
            self.feed_error.setText(problem)
            self.feed_url.setFocus()
            return None
        bundle = self.bundle_path.text().strip()
        return {
            "office_name": self.office_name.text().strip(),
            "default_region": region.lgcode if region is not None else None,
            "feed_url": url or None,
            "bundle": bundle or None,
        }

    def save(self) -> bool:
        values = self.values()
        if values is None:
            return False
        directory = self.directory
        directory.set_setting("office_name", values["office_name"])
        directory.set_setting("default_region", values["default_region"])
        self.messages = []
        if values["feed_url"]:
            self.messages.append(self._add_feed(values["feed_url"]))
        if values["bundle"]:
            self.messages.append(self._add_bundle(Path(values["bundle"])))
        directory.set_setting("welcome_done", datetime.now(UTC).isoformat(timespec="seconds"))
        self.accept()
        return True

    def skip(self) -> None:
        """「あとで」: never ask again; Settings holds the same fields."""
        self.directory.set_setting("welcome_done", "skipped")
        self.reject()

    def _add_feed(self, url: str) -> str:
        add_feed = _sync_call("feeds", "add_feed")
        if add_feed is not None:
            try:
                add_feed(self.directory, url)
            except Exception as exc:  # sync's own message is the one to show
                return self.tr("フィードを追加できませんでした: {0}").format(exc)
            return self.tr("フィード {0} を追加しました。").format(url)
        _append_setting(self.directory, "pending_feed_urls", url)
        return self.tr("フィード {0} を記録しました。同期の設定ができしだい取り込みます。").format(
            url
        )

    def _add_bundle(self, path: Path) -> str:
        sync_from_path = _sync_call("client", "sync_from_path")
        if sync_from_path is not None:
            try:
                sync_from_path(self.directory, path)
            except Exception as exc:
                return self.tr("USBメモリのデータを取り込めませんでした: {0}").format(exc)
            return self.tr("USBメモリのデータ {0} を取り込みました。").format(path.name)
        _append_setting(self.directory, "pending_bundles", str(path))
        return self.tr(
            "USBメモリのデータ {0} を記録しました。同期の設定ができしだい取り込みます。"
        ).format(path.name)


def maybe_show_welcome(parent: QWidget | None, directory: Directory) -> bool:
    """Show the welcome (modal) on a first run; True when it saved new settings.

    The caller reloads its settings when this returns True (office name, default region). Call it
    after the main window is shown, and never in ``--screenshot`` runs.
    """
    if not welcome_needed(directory):
        return False
    dialog = WelcomeDialog(directory, parent)
    saved = dialog.exec() == WelcomeDialog.DialogCode.Accepted
    if saved and dialog.messages:
        QMessageBox.information(parent, dialog.tr("tsunagi"), "\n".join(dialog.messages))
    dialog.deleteLater()
    return saved
