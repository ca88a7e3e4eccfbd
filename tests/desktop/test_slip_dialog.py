"""The slip dialog's language, what to say on the phone and furigana corrections, in a real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.models.results_model import COL_NAME
from desktop.slips.ruby import ruby_pieces
from tests import pdfcheck
from tests.desktop.test_window import type_query


def _open_dialog(qtbot: Any, window: Any) -> Any:
    with qtbot.waitSignal(window.dialog_opened, timeout=10_000) as opened:
        window.referral.request_slip()
    return opened.args[0]


def test_the_language_is_remembered_for_this_consultation_only(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, COL_NAME))
    window.referral.add_current()
    window.view.search.chips["sumai"].setChecked(True)  # the consultation's worry
    dialog = _open_dialog(qtbot, window)
    assert dialog.language.currentData() == "ja"
    assert dialog.say.toPlainText().startswith("家賃が払えず")  # from the chosen worry
    assert not dialog.readings.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    dialog.say.setPlainText("ベトナム語で話したいです")
    target = tmp_path / "vi.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        dialog.save_pdf(target)
    text = "".join(pdfcheck.text(target.read_bytes()).split())
    assert "Giờlàmviệc" in text and "受付時間" in text
    assert "ベトナム語で話したいです" in text
    dialog.reject()
    # The next slip of the same consultation starts in Vietnamese ...
    again = _open_dialog(qtbot, window)
    assert again.language.currentData() == "vi"
    again.reject()
    # ... and after 相談終了 the next caller starts in Japanese: nothing of the call is kept.
    window.referral.finish()
    assert window.consultation == {}
    window.view.search.chips["sumai"].setChecked(False)
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, COL_NAME))
    window.referral.add_current()
    fresh = _open_dialog(qtbot, window)
    assert fresh.language.currentData() == "ja"
    assert "vi" not in str(window.settings.get("slip_language", ""))
    fresh.reject()


def test_a_corrected_reading_reaches_the_easy_slip(
    qtbot: Any, make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    type_query(qtbot, window, "家賃")
    window.view.results.setCurrentIndex(window.results_model.index(0, COL_NAME))
    window.referral.add_current()
    dialog = _open_dialog(qtbot, window)
    dialog.language.setCurrentIndex(dialog.language.findData("easy"))
    assert dialog.readings.isEnabled()
    # the automatic readings of the names are shown, so a wrong one can be corrected
    qtbot.waitUntil(lambda: "=" in dialog.readings_shown.text(), timeout=10_000)
    dialog.readings.setText("相談=そうだん、 窓口＝まどぐち,  bad")
    assert dialog.corrected_readings() == (("相談", "そうだん"), ("窓口", "まどぐち"))
    dialog.readings.setText("相談=そーだん")
    target = tmp_path / "easy.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=30_000):
        dialog.save_pdf(target)
    text = "".join(pdfcheck.text(target.read_bytes()).split())
    assert "相談そーだん" in text
    assert ruby_pieces("相談")[0] == ("相談", "そうだん")
    dialog.reject()
