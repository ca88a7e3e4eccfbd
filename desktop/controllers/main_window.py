"""The main window: it only assembles views and controllers and binds menus and shortcuts.

Layout lives in ``desktop/views``, behaviour in the controllers; this class wires them together,
so it stays small enough to read in one sitting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from desktop.app import AppState, apply_point_size, clamp_point_size
from desktop.controllers.call_end import CallEnd
from desktop.controllers.detail_controller import DetailController
from desktop.controllers.navigation import Navigation
from desktop.controllers.referral_controller import ReferralController
from desktop.controllers.region_controller import RegionController
from desktop.controllers.search_controller import SearchController, merge_note_hits
from desktop.controllers.share_controller import ShareController
from desktop.controllers.status_controller import StatusController, SyncRunner
from desktop.controllers.zoom_keys import ZoomKeys
from desktop.models.referral_model import ReferralModel
from desktop.models.results_model import ResultsModel
from desktop.tasks import Tasks
from desktop.views.main_view import MainView, StatusView
from index.directory import Directory
from index.model import Layer, SearchQuery, SearchResult

PREFERRED_SIZE = (1280, 800)
FRAME_ALLOWANCE = (16, 48)
"""Room left for the window manager's title bar and borders on a small screen."""


class MainWindow(QMainWindow):
    dialog_opened = Signal(QWidget)
    """A dialog (slip, settings, local resource) was opened; tests drive it from here."""

    def __init__(
        self,
        directory: Directory,
        state: AppState,
        settings: dict[str, Any],
        *,
        sync_runner: SyncRunner | None = None,
        tasks: Tasks | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.state = state
        self.settings = dict(settings)
        self.tasks = tasks or Tasks(self)
        self.backend = directory.search_session()
        self.setWindowTitle(self.tr("tsunagi — 相談窓口さがし"))
        self.view = MainView()
        self.setCentralWidget(self.view)
        self.status_view = StatusView(self.statusBar())

        self.results_model = ResultsModel(self)
        self.view.results.setModel(self.results_model)
        self.view.size_result_columns()
        self.referral_model = ReferralModel(self)

        self.region = RegionController(self.view.search, directory.regions, self)
        self.search = SearchController(
            self.view,
            self.results_model,
            self.region,
            self.tasks,
            self._search_with_notes,
            language=str(settings.get("ui_language") or "ja"),
            parent=self,
        )
        self.detail = DetailController(self.view.detail, directory, self.tasks, self)
        self.nav = Navigation(self.view, self.results_model, self)
        self.referral = ReferralController(
            self.view.referral, self.referral_model, self.nav.current_hit, self
        )
        self.status = StatusController(
            self.status_view, self.view, directory, self.tasks, sync_runner, self
        )
        self.view.results.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.detail.show(
                hit.id if (hit := self.results_model.hit(current.row())) else None
            )
        )
        self.results_model.modelReset.connect(lambda: self.detail.show(None))
        self.referral.slip_requested.connect(self.open_slip_dialog)
        # What the slip dialog remembers for this consultation only (its language); never stored.
        self.consultation: dict[str, str] = {}
        self.referral.finished.connect(self.consultation.clear)
        self.call = CallEnd(
            self.view,
            self.search,
            self.region,
            self.referral_model,
            self.statusBar(),
            lambda: self.settings.get("default_region") or None,
            self,
        )
        self.referral.finish_requested.connect(self.call.finish)
        self.referral.remove_requested.connect(self.call.remove_referral)
        self.call.ended.connect(self.consultation.clear)
        self.share = ShareController(
            self.view,
            self.results_model,
            self.referral_model,
            self.detail,
            directory,
            self.tasks,
            self.statusBar(),
            lambda: self.settings,
            self,
        )
        self.share.add_requested.connect(self.referral.add_current)
        self.status.sync_finished.connect(lambda _ok: self.search.search_now())
        self.search.results_shown.connect(self._mark_notes)
        self.detail.note_saved.connect(self._note_saved)
        self.nav.phone_copied.connect(
            lambda number: self.statusBar().showMessage(
                self.tr("%1 をコピーしました").replace("%1", number), 4000
            )
        )
        self._build_actions()
        self.fit_to_screen()

        if settings.get("default_region"):
            self.region.set_region(str(settings["default_region"]))
        self.status.damaged.connect(self._read_only)
        self.status.check_database()
        self.status.refresh()
        self.status.schedule_sync(int(settings.get("sync_interval_hours") or 0))
        self.search.search_now()
        self.nav.focus_search()
        self.tasks.run_db(directory.demo_count, self._offer_demo_removal)

    # --- actions ----------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: Any, menu: Any = None) -> QAction:
        action = QAction(text, self)
        # the same sequence twice makes Qt call the shortcut ambiguous and do nothing
        unique = list({k.toString(): k for k in keys}.values())
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        (menu or self).addAction(action)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("ファイル(&F)"))
        self._action(self.tr("設定(&S)…"), [key("Ctrl+,")], self.open_settings, file_menu)
        self._action(self.tr("終了(&Q)"), [key(key.StandardKey.Quit)], self.close, file_menu)
        go = bar.addMenu(self.tr("移動(&G)"))
        self._action(self.tr("検索欄へ"), [key("Ctrl+F"), key("Ctrl+L")], self.nav.focus_search, go)
        self._action(self.tr("結果へ"), [key("Ctrl+1")], self.nav.focus_results, go)
        self._action(self.tr("詳細へ"), [key("Ctrl+2")], self.nav.focus_detail, go)
        self._action(self.tr("紹介リストへ"), [key("Ctrl+3")], self.referral.focus, go)
        ref = bar.addMenu(self.tr("紹介(&R)"))
        self._action(self.tr("紹介リストに追加"), [key("Ctrl+D")], self.referral.add_current, ref)
        self._action(self.tr("紹介票を作る…"), [key("Ctrl+P")], self.referral.request_slip, ref)
        self._action(
            self.tr("文章でコピー（SMS・LINE・メール）"),
            [key("Ctrl+Shift+C")],
            self.share.copy_list,
            ref,
        )
        self._action(self.tr("相談終了"), [key("Ctrl+Shift+E")], self.call.finish, ref)
        self._action(self.tr("取り消す"), [key(key.StandardKey.Undo)], self.call.undo, ref)
        local = bar.addMenu(self.tr("地域資源(&L)"))
        self._action(self.tr("追加…"), [key("Ctrl+N")], self.add_local, local)
        self._action(self.tr("選んだ資源を編集…"), [key("Ctrl+E")], self.edit_local, local)
        # A lambda, not the bound method: QAction.triggered passes checked=False, which would land
        # in `confirm` and delete without asking.
        self.delete_local_action = self._action(
            self.tr("選んだ資源を削除"), [], lambda: self.delete_local(), local
        )
        view = bar.addMenu(self.tr("表示(&V)"))
        # No shortcuts on these two: ZoomKeys reads Ctrl++ / Ctrl+= / Ctrl+; / Ctrl+- itself,
        # since two sequences matching one key press made Qt drop it as ambiguous.
        self._action(self.tr("拡大") + "\tCtrl++", [], lambda: self.zoom(1), view)
        self._action(self.tr("縮小") + "\tCtrl+-", [], lambda: self.zoom(-1), view)
        self.zoom_keys = ZoomKeys(self, self.zoom)
        data = bar.addMenu(self.tr("データ(&D)"))
        self._action(self.tr("今すぐ同期"), [key("F5")], self.status.start_sync, data)
        self.remove_demo_action = self._action(
            self.tr("【デモ】の窓口を削除…"), [], lambda: self.remove_demo(), data
        )
        self.remove_demo_action.setEnabled(False)
        help_menu = bar.addMenu(self.tr("ヘルプ(&H)"))
        self._action(self.tr("tsunagi について(&A)"), [], self.open_about, help_menu)

    # --- notes in the results ---------------------------------------------------------------

    def _search_with_notes(self, query: SearchQuery) -> SearchResult:
        """The search, plus services whose office note matches (on the database worker)."""
        result = self.backend.search(query)
        if not query.text.strip():
            return result
        return merge_note_hits(result, self.directory.note_search(query).hits)

    def _note_saved(self, _service_id: str) -> None:
        if self.search.last_result is not None:
            self._mark_notes(self.search.last_result)

    def _mark_notes(self, result: SearchResult) -> None:
        directory = self.directory
        ids = [hit.id for hit in result.hits]
        self.tasks.run_db(lambda: directory.noted_ids(ids), self.results_model.set_noted)

    # --- size and zoom ---------------------------------------------------------------------

    def fit_to_screen(self, wanted: tuple[int, int] = PREFERRED_SIZE) -> None:
        """1280×800 where it fits; on a smaller screen, the available area less the frame.

        A 1280×800 window on a 1024×768 screen hid the status bar and 相談終了 below the edge.
        """
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(*wanted)
            return
        area = screen.availableGeometry()
        width = min(wanted[0], area.width() - FRAME_ALLOWANCE[0])
        height = min(wanted[1], area.height() - FRAME_ALLOWANCE[1])
        self.resize(max(width, 640), max(height, 480))

    def zoom(self, step: int, *, persist: bool = True) -> int:
        size = clamp_point_size(int(self.settings.get("font_size") or 11) + step)
        self.settings["font_size"] = size
        self.apply_font_size(size)
        if persist:
            directory = self.directory
            self.tasks.run_db(lambda: directory.set_setting("font_size", size))
        return size

    def apply_font_size(self, size: int) -> None:
        """Every text follows: the table's widths and rows, the detail's big name and numbers."""
        apply_point_size(self.state.app, self.state.family, size)
        self.view.rescale()

    # --- dialogs ----------------------------------------------------------------------------

    def _log_referral(self, records: list[dict[str, Any]]) -> None:
        """Count a saved or printed slip: date, service ids, their worries, the client's region.

        Never the client's name or any typed text (index.stats refuses anything else); the
        「統計を記録」 setting switches it off.
        """
        from desktop.slips import slip_worries
        from index.schedule import tokyo_now
        from index.stats import log_referral

        directory = self.directory
        ids = [str(r.get("id", "")) for r in records]
        worries = slip_worries(records)
        region = self.region.current()
        day = tokyo_now().date()
        self.tasks.run_db(lambda: log_referral(directory.db, day, ids, worries, region))

    def open_slip_dialog(self, ids: list[str]) -> None:
        directory = self.directory

        def work() -> list[dict[str, Any]]:
            return [r for sid in ids if (r := directory.record(sid)) is not None]

        def show(records: list[dict[str, Any]]) -> None:
            from desktop.controllers.slip_dialog import SlipDialog  # reportlab: import when used

            dialog = SlipDialog(
                records,
                self.tasks,
                self.settings,
                self,
                consultation=self.consultation,
                worries=self.search.query().worries,
            )
            dialog.saved.connect(lambda _path: self._log_referral(records))
            dialog.printed.connect(lambda _job: self._log_referral(records))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            self.dialog_opened.emit(dialog)

        self.tasks.run_db(work, show)

    def open_settings(self) -> None:
        directory = self.directory

        def work() -> list[str]:
            return [f"{f.name}: {f.url}（版 {f.version}）" for f in directory.feed_states()]

        self.tasks.run_db(work, self._show_settings)

    def _show_settings(self, feeds: list[str]) -> None:
        from desktop.controllers.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.directory, self.tasks, self.settings, feeds, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._settings_saved)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def open_about(self) -> None:
        from desktop.controllers.about_dialog import show_about

        self.dialog_opened.emit(show_about(self, self.directory.paths, self.tasks))

    def reload_settings(self) -> None:
        """Read the settings again (after the welcome) on the database worker, then apply them.

        The window's connection belongs to its worker: reading it from the GUI thread while a
        search runs there would share one SQLite connection between two threads.
        """
        from desktop.controllers.settings_dialog import load_settings

        directory = self.directory
        self.tasks.run_db(lambda: load_settings(directory), self.apply_settings)

    def apply_settings(self, values: dict[str, Any]) -> None:
        """Settings changed elsewhere (the first-run welcome): use the new default region too."""
        region_changed = values.get("default_region") != self.settings.get("default_region")
        self._settings_saved(values)
        if region_changed and values.get("default_region"):
            self.region.set_region(str(values["default_region"]))

    def _settings_saved(self, values: dict[str, Any]) -> None:
        self.settings.update(values)
        self.apply_font_size(int(values["font_size"]))
        self.status.schedule_sync(int(values.get("sync_interval_hours") or 0))
        self.status.refresh()

    def add_local(self) -> None:
        self._open_local(None)

    def edit_local(self) -> None:
        hit = self.nav.current_hit()
        if hit is None or hit.layer != Layer.LOCAL:
            self.statusBar().showMessage(self.tr("事務所登録の資源を選んでください"), 4000)
            return
        directory = self.directory
        self.tasks.run_db(lambda: directory.record(hit.id), self._open_local)

    def _open_local(self, record: dict[str, Any] | None) -> None:
        from desktop.controllers.local_resource_dialog import LocalResourceDialog

        dialog = LocalResourceDialog(
            self.directory,
            self.tasks,
            record,
            self.region.current() or self.settings.get("default_region"),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._after_change)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def delete_local(self, confirm: bool = True) -> None:
        hit = self.nav.current_hit()
        if hit is None or hit.layer != Layer.LOCAL:
            self.statusBar().showMessage(self.tr("事務所登録の資源を選んでください"), 4000)
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("地域資源の削除"),
                self.tr("「%1」を削除しますか？ メモは残ります。").replace("%1", hit.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        directory = self.directory
        self.tasks.run_db(
            lambda: directory.delete_local(hit.id),
            self._after_change,
        )

    def _offer_demo_removal(self, count: int) -> None:
        """An office seeded by an older tsunagi still holds the invented 【デモ】 services beside the
        real starter directory: say so once, and offer their removal (データ menu)."""
        self.remove_demo_action.setEnabled(count > 0)
        if count:
            self.statusBar().showMessage(
                self.tr(
                    "架空の【デモ】窓口が %1 件残っています。データ → 【デモ】の窓口を削除 で消せます"
                ).replace("%1", str(count)),
                20_000,
            )

    def remove_demo(self, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("【デモ】の窓口の削除"),
                self.tr("架空の【デモ】窓口を削除しますか？ 本物の窓口と事務所のメモは残ります。"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        directory = self.directory

        def done(removed: int) -> None:
            self.remove_demo_action.setEnabled(False)
            self.statusBar().showMessage(
                self.tr("【デモ】の窓口を %1 件削除しました").replace("%1", str(removed)), 8000
            )
            self._after_change()

        self.tasks.run_db(directory.remove_demo, done)

    def _after_change(self, *_args: object) -> None:
        """A saved or deleted local resource: search again and refresh the status line."""
        self.search.search_now()
        self.status.refresh()

    def _read_only(self, _report: str) -> None:
        """A damaged file is never written to: no notes, no local resources, no sync."""
        self.detail.read_only = True
        self.view.detail.note.setReadOnly(True)
        for action in self.findChildren(QAction):
            if action.text() in (
                self.tr("追加…"),
                self.tr("選んだ資源を編集…"),
                self.tr("選んだ資源を削除"),
                self.tr("今すぐ同期"),
            ):
                action.setEnabled(False)
        self.status.runner = None

    # --- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.detail.save_note()
        self.status.cancel_sync()  # a running sync stops now; closing never waits for it
        self.tasks.shutdown()  # the last note reaches the disk; no search runs any more
        self.backend.close()
        super().closeEvent(event)
