"""The main window, driven like a counsellor drives it: keys, clicks, signals, no sleeps."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel

from desktop.models.results_model import COL_NAME, COL_PHONE
from index.directory import Directory
from index.paths import AppPaths
from tests.desktop.conftest import DATE_HOKKAIDO, HOSTILE, sample_records, write_feed
from tests.records import service


def names(window: Any) -> list[str]:
    return [hit.name for hit in window.results_model.hits()]


def type_text(widget: Any, text: str) -> None:
    """Key presses carrying each character (QTest.keyClicks aborts on non-Latin-1 characters)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def type_query(qtbot: Any, window: Any, text: str) -> None:
    """Type like a person, then wait for the answer to *this* text to be on screen."""
    box = window.view.search.search
    box.clear()
    type_text(box, text)
    qtbot.waitUntil(window.search.settled, timeout=30_000)


def test_search_box_has_focus_and_typing_updates_results(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    # Given a freshly opened window, the search box has the focus
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view.search.search)
    # When the counsellor types 家賃
    type_query(qtbot, window, "家賃")
    # Then both 家賃 services show, and nothing about 孤独 only
    found = names(window)
    assert "伊達市くらし相談センター" in found
    assert "伊達市ひとり暮らし見守り" not in found
    # and a query that matches nothing says so
    type_query(qtbot, window, "ラーメン屋ぜんぜんない")
    assert window.results_model.rowCount() == 0
    assert window.view.message.isVisible()
    assert "該当する窓口がありません" in window.view.message.text()


def test_region_and_chips_filter(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    assert "伊達市（福島）生活支援窓口" in names(window)
    # Choosing 伊達市（北海道） through the type-ahead (kana) removes the 福島 one
    labels = window.region.suggestions("だて")
    assert "伊達市（北海道）" in labels and "伊達市（福島県）" in labels
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.region._chosen("伊達市（北海道）")
    assert window.region.current() == DATE_HOKKAIDO
    assert window.view.search.municipality.currentText() == "伊達市（北海道）"
    assert "伊達市（福島）生活支援窓口" not in names(window)
    assert "伊達市くらし相談センター" in names(window)
    # A worry chip narrows further: 孤独・孤立 with no text
    type_query(qtbot, window, "")
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.view.search.chips["kodoku"].click()
    found = names(window)
    assert "伊達市ひとり暮らし見守り" in found
    assert "表示テスト窓口" not in found
    assert all("kodoku" in hit.worries for hit in window.results_model.hits())
    # and clearing the filters brings the rest back
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.view.search.clear_filters.click()
    assert not window.view.search.chips["kodoku"].isChecked()


def test_free_filter_and_no_match_suggests_removing_filters(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "伊達市")
    assert "伊達市ひとり暮らし見守り" in names(window)
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.view.search.free.click()
    assert "伊達市ひとり暮らし見守り" not in names(window)
    assert names(window) and all(hit.free for hit in window.results_model.hits())
    # a filter nothing matches: the message suggests removing filters
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.view.search.chips["hisai"].click()
    assert names(window) == []
    assert "絞り込み" in window.view.message.text()


def test_keyboard_path_search_result_detail_referral_print(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    box = window.view.search.search
    type_query(qtbot, window, "家賃")
    # Down goes from the search box to the first result
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is window.view.results
    assert window.view.results.currentIndex().row() == 0
    first = window.results_model.hit(0)
    assert first is not None
    qtbot.waitUntil(lambda: window.view.detail.name.text() == first.name)
    # Ctrl+C copies the main phone exactly as given
    qtbot.keyClick(window.view.results, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == first.phones[0]
    # Enter goes to the detail pane
    qtbot.keyClick(window.view.results, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.view.detail.name
    # Ctrl+1 back to the results, Ctrl+D adds to the referral list
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.view.results
    qtbot.keyClick(window.view.results, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.referral_model.ids() == [first.id]
    # Ctrl+3 goes to the referral list, Ctrl+P opens the slip dialog
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.view.referral.list
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        qtbot.keyClick(window.view.referral.list, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert [r["id"] for r in dialog.records] == [first.id]
    # Ctrl+F returns to the search box from anywhere
    dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is box


def test_slip_dialog_saves_a_pdf_and_never_stores_the_client_name(
    qtbot: Any, make_window: Any, tmp_path: Any, seeded_paths: AppPaths
) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, COL_NAME))
    window.referral.add_current()
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.referral.request_slip()
    dialog = opened.args[0]
    dialog.client_name.setText("山田花子")
    target = tmp_path / "slip.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        dialog.save_pdf(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert dialog.open_button.isEnabled() and dialog.saved_path == target
    dialog.accept()
    assert dialog.client_name.text() == ""
    chosen = window.referral_model.ids()

    def logged() -> list[tuple[str, str]]:
        conn = sqlite3.connect(seeded_paths.database)
        try:
            return conn.execute("SELECT service_ids, worries FROM referral_log").fetchall()
        finally:
            conn.close()

    qtbot.waitUntil(lambda: len(logged()) == 1, timeout=10_000)  # counted, anonymously
    assert json.loads(logged()[0][0]) == chosen
    database = seeded_paths.database.read_bytes()
    assert "山田花子".encode() not in database


def test_referral_list_add_reorder_remove_and_finish(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "伊達市")
    assert window.results_model.rowCount() >= 2
    for row in (0, 1):
        window.view.results.setCurrentIndex(window.results_model.index(row, 0))
        assert window.referral.add_current()
    first, second = (window.results_model.hit(r) for r in (0, 1))
    assert first is not None and second is not None
    # adding the same service twice keeps one entry
    assert not window.referral.add_current()
    assert window.referral_model.ids() == [first.id, second.id]
    # move the second one up
    window.view.referral.list.setCurrentIndex(window.referral_model.index(1))
    window.view.referral.up.click()
    assert window.referral_model.ids() == [second.id, first.id]
    window.view.referral.remove.click()
    assert window.referral_model.ids() == [first.id]
    # 相談終了 clears it
    window.view.referral.finish.click()
    assert window.referral_model.ids() == []
    assert not window.view.referral.slip.isEnabled()


def select(qtbot: Any, window: Any, service_id: str) -> None:
    row = window.results_model.row_of(service_id)
    assert row >= 0, f"{service_id} not in the results"
    window.view.results.setCurrentIndex(window.results_model.index(row, COL_PHONE))
    qtbot.waitUntil(lambda: window.detail.service_id == service_id)
    qtbot.waitUntil(lambda: window.view.detail.name.isVisible())


def test_note_survives_restart_and_feed_update(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    select(qtbot, window, "svc-date-rent")
    # Typing in the note saves it by itself
    with qtbot.waitSignal(window.detail.note_saved, timeout=10_000):
        type_text(window.view.detail.note, "月末は混む。午前中に。")
    window.close()
    # A feed update rewrites every record (new version, changed text)
    records = sample_records()
    for record in records:
        record["description"] = record.get("description", "") + "（更新）"
    write_feed(seeded_paths, records, version=2)
    # The note is still there after a restart
    window2 = make_window()
    type_query(qtbot, window2, "家賃")
    select(qtbot, window2, "svc-date-rent")
    qtbot.waitUntil(lambda: window2.view.detail.note.toPlainText() == "月末は混む。午前中に。")
    assert "（更新）" in window2.view.detail.description.text()
    assert "版: 2" in window2.view.detail.provenance.text()


def test_note_is_saved_when_focus_leaves(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    select(qtbot, window, "svc-date-rent")
    window.view.detail.note.setFocus()
    window.view.detail.note.setPlainText("focus-out note")
    with qtbot.waitSignal(window.detail.note_saved, timeout=10_000):
        window.view.search.search.setFocus()
    with Directory.open(seeded_paths, seed=False) as other:
        assert other.note("svc-date-rent") == "focus-out note"


def test_hostile_description_is_shown_as_text(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "表示テスト")
    select(qtbot, window, "svc-hostile")
    label: QLabel = window.view.detail.description
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == HOSTILE
    # every label in the pane is plain text, and none opens links by itself
    for child in window.view.detail.findChildren(QLabel):
        if child.text() and child.buddy() is None:
            assert child.textFormat() == Qt.TextFormat.PlainText or "<" not in child.text()
        assert not child.openExternalLinks()
    # a file: link is never opened
    window.detail.url = "file:///etc/passwd"
    assert window.detail.open_url() is False


def test_local_resource_created_found_edited_deleted(qtbot: Any, make_window: Any) -> None:
    from desktop.controllers.local_resource_dialog import LocalResourceDialog

    window = make_window()
    # Create: a bad phone number is refused with the message beside the phone field
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.add_local()
    dialog: LocalResourceDialog = opened.args[0]
    dialog.name.setText("だて子ども食堂")
    dialog.phone_numbers[0].setText("でんわ")
    dialog.region.setText("伊達市（北海道）")
    dialog.worries["shokuryo"].setChecked(True)
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        dialog.save()
    shown = {k: e.text() for k, e in dialog.errors.items() if e.text()}
    assert dialog.errors["phones[0]"].isVisible(), shown
    assert "digits" in dialog.errors["phones[0]"].text()
    assert not dialog.errors["name"].isVisible()
    # An ambiguous region is refused beside the region field
    dialog.phone_numbers[0].setText("0142-00-1234")
    dialog.region.setText("伊達市")
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        dialog.save()
    assert dialog.errors["region"].isVisible()
    dialog.region.setText("伊達市（北海道）")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    # Found by search
    type_query(qtbot, window, "子ども食堂")
    assert "だて子ども食堂" in names(window)
    row = names(window).index("だて子ども食堂")
    hit = window.results_model.hit(row)
    assert hit is not None and hit.phones == ("0142-00-1234",) and hit.layer == "local"
    # Edit
    window.view.results.setCurrentIndex(window.results_model.index(row, 0))
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.edit_local()
    editor = opened.args[0]
    assert editor.name.text() == "だて子ども食堂"
    assert editor.region.text() == "伊達市（北海道）"
    assert editor.worries["shokuryo"].isChecked()
    editor.name.setText("だて子ども食堂みんなの家")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    type_query(qtbot, window, "みんなの家")
    assert "だて子ども食堂みんなの家" in names(window)
    assert "だて子ども食堂" not in names(window)
    # Delete
    row = names(window).index("だて子ども食堂みんなの家")
    window.view.results.setCurrentIndex(window.results_model.index(row, 0))
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.delete_local(confirm=False)
    assert "だて子ども食堂みんなの家" not in names(window)


def test_sync_progress_shows_without_blocking(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    import threading

    release = threading.Event()

    def runner(progress: Any) -> str:
        progress(0.25, "ダウンロード中")
        # hold the network worker until the test has seen the progress and searched meanwhile
        assert release.wait(30)
        write_feed(
            seeded_paths,
            [*sample_records(), service("同期で届いた窓口", sid="svc-new", lgcode=DATE_HOKKAIDO)],
            version=3,
        )
        progress(1.0, "適用中")
        return "ok"

    window = make_window(sync_runner=runner)
    with qtbot.waitSignal(window.tasks.progress, timeout=10_000):
        assert window.status.start_sync()
    bar = window.status_view.progress
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() == 250)
    assert window.status_view.sync_message.text() == "ダウンロード中"
    # The window still searches while the sync is running
    type_query(qtbot, window, "見守り")
    assert "伊達市ひとり暮らし見守り" in names(window)
    with qtbot.waitSignal(window.status.sync_finished, timeout=30_000) as finished:
        release.set()
    assert finished.args == [True]
    assert not bar.isVisible()
    # After the sync the new service is found
    type_query(qtbot, window, "同期で届いた")
    assert "同期で届いた窓口" in names(window)


def test_two_copies_write_notes_safely(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    first = make_window()
    second = make_window()
    for window, sid, text in (
        (first, "svc-date-rent", "一台目のメモ"),
        (second, "svc-date-lonely", "二台目のメモ"),
    ):
        type_query(qtbot, window, "伊達市")
        select(qtbot, window, sid)
        with qtbot.waitSignal(window.detail.note_saved, timeout=10_000):
            window.view.detail.note.setPlainText(text)
    with Directory.open(seeded_paths, seed=False) as other:
        assert other.note("svc-date-rent") == "一台目のメモ"
        assert other.note("svc-date-lonely") == "二台目のメモ"
        assert other.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_zoom_is_remembered(qtbot: Any, make_window: Any, seeded_paths: AppPaths) -> None:
    window = make_window()
    before = QApplication.font().pointSize()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSize() == before + 1
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    window.close()
    with Directory.open(seeded_paths, seed=False) as other:
        assert other.get_setting("font_size") == before + 1


def test_every_control_has_an_accessible_name(qtbot: Any, make_window: Any) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window = make_window()
    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView)
    unnamed = [
        f"{type(w).__name__}:{w.objectName()}"
        for kind in kinds
        for w in window.findChildren(kind)
        if w.isVisibleTo(window)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and w.parent() is not None
        and type(w.parent()).__name__
        not in ("QComboBox", "QLineEdit", "QScrollBar", "QTableCornerButton")
    ]
    assert unnamed == []


def test_english_translation_ships_and_is_used(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    with Directory.open(seeded_paths, seed=False) as directory:
        directory.set_setting("ui_language", "en")
    window = make_window()
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[0] == "&File"
    assert window.view.search.chips["kodoku"].text() == "Loneliness / isolation"
    assert window.results_model.headerData(1, Qt.Orientation.Horizontal) == "Phone"
    # a dialog that subclasses a view is translated too
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.add_local()
    assert opened.args[0].buttons.parent() is not None
    labels = [label.text() for label in opened.args[0].findChildren(QLabel)]
    assert "&Name *" in labels
    opened.args[0].reject()


def test_damaged_database_stops_writes(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    # the window's own quick_check passed on the healthy file
    assert not window.view.stale_banner.isVisible()
    # what it does when the check reports damage: say so, and write nothing more
    window.status._checked("*** in database main *** Page 7: btreeInitPage() returns error code 11")
    assert window.view.stale_banner.isVisible()
    assert "壊れています" in window.view.stale_banner.text()
    assert window.view.detail.note.isReadOnly()
    assert window.status.start_sync() is False


def test_stale_feed_banner_and_feed_versions_in_the_status_bar(
    qtbot: Any, seeded_paths: AppPaths, make_window: Any
) -> None:
    with Directory.open(seeded_paths, seed=False) as directory, directory.db.atomic():
        directory.db.execute(
            "INSERT INTO feed (name, url, pubkey, version, expires, last_success, created_at) "
            "VALUES ('test', 'http://127.0.0.1:9/feed', 'key', 7, '2020-01-01T00:00:00+00:00', "
            "'2019-12-01T00:00:00+00:00', '2019-12-01T00:00:00+00:00')"
        )
    window = make_window()
    qtbot.waitUntil(window.view.stale_banner.isVisible)
    assert "有効期限が切れています" in window.view.stale_banner.text()
    assert "test 版7" in window.status_view.feeds.text()
    assert "2019-12-01" in window.status_view.feeds.text()


def test_settings_dialog_saves_default_region_and_slip_defaults(
    qtbot: Any, make_window: Any, seeded_paths: AppPaths
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.open_settings()
    dialog = opened.args[0]
    dialog.office_name.setText("だて相談室")
    dialog.default_region.setText("伊達市")  # two places: refused, beside the field
    dialog.save()
    assert dialog.region_error.isVisible()
    dialog.default_region.setText("伊達市（北海道）")
    dialog.slip_format.setCurrentIndex(dialog.slip_format.findData("card"))
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    with Directory.open(seeded_paths, seed=False) as other:
        assert other.get_setting("office_name") == "だて相談室"
        assert other.get_setting("default_region") == DATE_HOKKAIDO
        assert other.get_setting("slip_format") == "card"
    # the next start uses the office's default region
    window2 = make_window()
    assert window2.region.current() == DATE_HOKKAIDO


def test_orphaned_note_is_shown(qtbot: Any, make_window: Any, seeded_paths: AppPaths) -> None:
    from index.model import Layer
    from index.store import Owner as StoreOwner
    from index.store import delete_services

    with Directory.open(seeded_paths, seed=False) as directory:
        directory.set_note("svc-fukushima", "この窓口は閉鎖予定")
        with directory.db.atomic():
            delete_services(
                directory.db, ["svc-fukushima"], StoreOwner(Layer.FEED, "x", feed="test")
            )
    window = make_window()
    type_query(qtbot, window, "家賃")
    select(qtbot, window, "svc-date-rent")
    qtbot.waitUntil(window.view.detail.orphans.isVisible)
    assert "svc-fukushima: この窓口は閉鎖予定" in window.view.detail.orphans.text()


@pytest.mark.tools("cupsd", "lpadmin", "lpstat", "lp")
def test_slip_dialog_prints_to_the_real_cups_queue(qtbot: Any, make_window: Any) -> None:
    import subprocess
    from pathlib import Path

    from tests.conftest import REPO
    from tests.desktop.test_print_cups import QUEUE, pdf_text, snapshot, wait_for_file

    subprocess.run(["bash", str(REPO / ".ci" / "start-cups")], check=True, capture_output=True)
    out = Path.home() / "PDF"
    window = make_window()
    type_query(qtbot, window, "家賃")
    select(qtbot, window, "svc-date-rent")
    window.referral.add_current()
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.referral.request_slip()
    dialog = opened.args[0]
    before = snapshot(out)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as printed:
        dialog.print_slip(queue=QUEUE)
    assert str(printed.args[0]).startswith(QUEUE)
    assert "0142-23-0001" in pdf_text(wait_for_file(out, before))


def test_outdated_queries_are_skipped_and_never_shown(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    shown: list[str] = []
    window.search.results_shown.connect(lambda _r: shown.append(window.search.last_query.text))
    box = window.view.search.search
    for text in ("家", "家賃", "伊達市"):
        box.setText(text)
        window.search.search_now()  # three queries queued on the one database worker
    qtbot.waitUntil(window.search.settled, timeout=30_000)
    qtbot.waitUntil(lambda: window.tasks.pending == 0)
    assert shown == ["伊達市"]


def test_screenshot_command(tmp_path: Any, seeded_paths: AppPaths) -> None:
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    target = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    base = [sys.executable, "-m", "desktop", "--data-dir", str(seeded_paths.data), "gui"]
    done = subprocess.run(
        [*base, "--screenshot", str(target), "--query", "家賃", "--region", DATE_HOKKAIDO],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
    # an unknown region is bad input: exit 2 with a one-line reason
    bad = subprocess.run(
        [*base, "--screenshot", str(tmp_path / "x.png"), "--region", "999999"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert bad.returncode == 2
    assert "unknown region" in bad.stderr
    assert not (tmp_path / "x.png").exists()
