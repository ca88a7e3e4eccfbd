"""Screen readers (NVDA, Orca) read Qt's accessibility tree: every control there has a name.

The test walks the QAccessible tree of the main window and of each dialog, as a screen reader
does, and fails on a control (button, field, box, list, table cell) without a name.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAccessible, QAccessibleInterface

from tests.desktop.test_dialogs_keyboard import open_dialog
from tests.desktop.test_window import type_query

Role = QAccessible.Role
NEEDS_NAME = {
    Role.PushButton,
    Role.CheckBox,
    Role.RadioButton,
    Role.EditableText,
    Role.ComboBox,
    Role.SpinBox,
    Role.Table,
    Role.List,
    Role.Cell,
    Role.ListItem,
    Role.ButtonMenu,
    Role.ProgressBar,
    Role.Slider,
}
MAX_NODES = 5000


def unnamed(root: Any, roles: set[Any] | None = None) -> list[str]:
    """Controls in ``root``'s accessibility tree that a screen reader would read without a name.

    ``roles``, when given, collects every role met (to show the walk reached the table cells).
    """
    problems: list[str] = []
    seen = 0
    stack: list[tuple[QAccessibleInterface, str]] = [
        (QAccessible.queryAccessibleInterface(root), type(root).__name__)
    ]
    while stack and seen < MAX_NODES:
        node, path = stack.pop()
        if node is None or not node.isValid():
            continue
        seen += 1
        state = node.state()
        if state.invisible:
            continue
        name = node.text(QAccessible.Text.Name).strip()
        if roles is not None:
            roles.add(node.role())
        if node.role() in NEEDS_NAME and not name:
            problems.append(f"{path} ({node.role().name})")
        for i in range(node.childCount()):
            child = node.child(i)
            if child is not None:
                stack.append((child, f"{path}/{name or child.role().name}[{i}]"))
    return problems


def test_main_window_has_no_unnamed_control(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    qtbot.waitUntil(lambda: window.view.detail.name.isVisible())
    window.referral.add_current()
    roles: set[Any] = set()
    assert unnamed(window, roles) == []
    assert {Role.Cell, Role.PushButton, Role.EditableText, Role.ComboBox} <= roles


def test_dialogs_have_no_unnamed_control(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    for opener in (window.add_local, window.open_settings, window.open_about):
        dialog = open_dialog(qtbot, window, opener)
        assert unnamed(dialog) == [], type(dialog).__name__
        dialog.reject()


def test_slip_dialog_has_no_unnamed_control(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, 0))
    window.referral.add_current()
    dialog = open_dialog(qtbot, window, window.referral.request_slip)
    assert unnamed(dialog) == []
    dialog.reject()


def test_result_cells_say_their_column(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    table = QAccessible.queryAccessibleInterface(window.view.results)
    cells = [
        table.child(i)
        for i in range(table.childCount())
        if table.child(i) is not None and table.child(i).role() == Role.Cell
    ]
    assert cells
    described = [c.text(QAccessible.Text.Description) for c in cells]
    assert all(described), described[:3]
    assert any(d.startswith("電話") for d in described)


def test_welcome_has_no_unnamed_control(qtbot: Any, tmp_path: Any) -> None:
    from desktop.controllers.welcome import WelcomeDialog
    from index.directory import Directory
    from index.paths import app_paths

    with Directory.open(app_paths(tmp_path / "data")) as directory:
        dialog = WelcomeDialog(directory)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.isVisible)
        assert unnamed(dialog) == []
