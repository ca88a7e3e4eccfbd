"""The office's own resource: several time blocks, monthly days, an address; deletion confirmed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.desktop.test_window import names, select, type_query


def open_form(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.add_local()
    return opened.args[0]


def test_monthly_days_several_blocks_and_an_address(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    dialog = open_form(qtbot, window)
    dialog.name.setText("だてサロン")
    dialog.phone_numbers[0].setText("0142-00-2222")
    dialog.region.setText("伊達市（北海道）")
    dialog.more_hours.setText("第1・第3水曜 10時〜15時／火 13:00〜16:00")
    dialog.closed.setText("祝日・年末年始")
    dialog.address.setText("北海道伊達市鹿島町20-1")
    # the preview says how it will read: the 1st and 3rd Wednesday, not every Wednesday
    preview = dialog.hours_preview.text()
    assert "第1・第3水曜" in preview and "火曜 13時〜16時" in preview.replace("火 ", "火曜 ")
    assert "⚠" not in preview
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    type_query(qtbot, window, "だてサロン")
    select(qtbot, window, names(window) and window.results_model.hit(0).id)
    hours = window.view.detail.hours_text.text()
    assert "第1・第3水曜" in hours
    assert window.view.detail.fields["address"].text().startswith("北海道伊達市鹿島町20-1")
    # editing shows the same hours and address again
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.edit_local()
    editor = opened.args[0]
    assert "第1・第3水曜" in editor.more_hours.text()
    assert editor.address.text() == "北海道伊達市鹿島町20-1"
    editor.reject()


def test_unread_hours_are_kept_with_a_warning(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    dialog = open_form(qtbot, window)
    dialog.name.setText("だて相談会")
    dialog.more_hours.setText("月に一度、気が向いたとき")
    assert "⚠" in dialog.hours_preview.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()  # kept as written: never refused for unread hours


def answer_next_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press ``button`` on the question box when it appears (it runs its own event loop)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_deleting_a_resource_is_confirmed(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    dialog = open_form(qtbot, window)
    dialog.name.setText("消す前に聞く窓口")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save()
    type_query(qtbot, window, "消す前に聞く窓口")
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    window.delete_local_action.trigger()  # the menu, as a counsellor deletes
    assert seen and "消す前に聞く窓口" in seen[0]
    type_query(qtbot, window, "消す前に聞く窓口")
    assert names(window)[0] == "消す前に聞く窓口"  # No keeps it
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.delete_local_action.trigger()
    qtbot.waitUntil(lambda: "消す前に聞く窓口" not in names(window))


def test_an_office_with_the_old_demo_services_is_offered_their_removal(
    qtbot: Any, make_window: Any, tmp_path: Any
) -> None:
    """An office seeded by an older tsunagi still has the invented 【デモ】 windows: the window says so
    and the データ menu removes them, after asking, keeping the real records."""
    from index.directory import Directory
    from index.paths import app_paths

    paths = app_paths(tmp_path / "old-office")
    with Directory.open(paths) as directory:  # seeded as before: national lines + 【デモ】
        demo = directory.demo_count()
    assert demo > 0
    window = make_window(paths)
    qtbot.waitUntil(window.remove_demo_action.isEnabled, timeout=10_000)
    assert "【デモ】" in window.statusBar().currentMessage()
    type_query(qtbot, window, "伊達市")
    assert any("【デモ】" in n for n in names(window))
    seen: list[str] = []
    answer_next_question(QMessageBox.StandardButton.No, seen)
    window.remove_demo_action.trigger()
    assert seen and "【デモ】" in seen[0]
    assert window.directory.demo_count() == demo  # No keeps them
    answer_next_question(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(window.search.results_shown, timeout=30_000):
        window.remove_demo_action.trigger()
    assert window.directory.demo_count() == 0
    type_query(qtbot, window, "伊達市")
    assert not any("【デモ】" in n for n in names(window))
    assert not window.remove_demo_action.isEnabled()
