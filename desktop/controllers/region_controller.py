"""The client's region: prefecture → municipality, or type a name or its kana.

Names are not unique (two 府中市, two 伊達市), so every place is shown as :attr:`Region.label`,
「伊達市（北海道）」, in the combo boxes and in the type-ahead list alike.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QStringListModel, QTimer, Signal
from PySide6.QtWidgets import QCompleter

from desktop.views.search_view import SearchView
from index.model import Region
from index.regions import RegionMaster


def resolve_region_text(regions: RegionMaster, text: str) -> list[Region]:
    """Regions a typed text names exactly: a code, a name, a kana reading or a label.

    「伊達市（北海道）」 (a label, as the window shows places) gives one region; a bare 「伊達市」
    gives both, and the caller asks which.
    """
    typed = text.strip()
    if not typed:
        return []
    name, paren, rest = typed.partition("（")
    if paren and rest.endswith("）"):
        prefecture = rest[:-1]
        return [r for r in regions.resolve_name(name, prefecture) if r.prefecture == prefecture]
    return regions.lookup(typed, prefix=False)


class RegionController(QObject):
    changed = Signal(object)
    """The chosen lgcode (str), or None for no region."""

    def __init__(self, view: SearchView, regions: RegionMaster, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.regions = regions
        self._suggestions: dict[str, str] = {}
        self._quiet = True  # filling the combos is not a choice
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        view.region_text.setCompleter(self._completer)
        view.region_text.textEdited.connect(self._suggest)
        view.region_text.returnPressed.connect(self._take_first)
        self._completer.activated.connect(self._chosen)

        view.prefecture.addItem(self.tr("（地域を指定しない）"), None)
        for pref in regions.prefectures():
            view.prefecture.addItem(pref.label, pref.lgcode)
        self._quiet = False
        view.prefecture.currentIndexChanged.connect(self._prefecture_picked)
        view.municipality.currentIndexChanged.connect(self._municipality_picked)
        self._fill_municipalities(None)

    # --- reading ----------------------------------------------------------------------------

    def current(self) -> str | None:
        code = self.view.municipality.currentData()
        if code:
            return str(code)
        code = self.view.prefecture.currentData()
        return str(code) if code else None

    def current_label(self) -> str:
        code = self.current()
        region = self.regions.get(code) if code else None
        return region.label if region else ""

    # --- setting ----------------------------------------------------------------------------

    def set_region(self, code: str | None) -> None:
        region = self.regions.get(code) if code else None
        self._quiet = True
        try:
            if region is None:
                self.view.prefecture.setCurrentIndex(0)
                self._fill_municipalities(None)
            else:
                pref_index = self.view.prefecture.findData(region.prefecture_code)
                self.view.prefecture.setCurrentIndex(max(pref_index, 0))
                self._fill_municipalities(region.prefecture_code)
                if region.kind != "prefecture":
                    self.view.municipality.setCurrentIndex(
                        max(self.view.municipality.findData(region.lgcode), 0)
                    )
        finally:
            self._quiet = False
        self.changed.emit(self.current())

    def _fill_municipalities(self, prefecture_code: str | None) -> None:
        combo = self.view.municipality
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("（都道府県全体）"), None)
        if prefecture_code:
            for region in self.regions.municipalities(prefecture_code):
                combo.addItem(region.label, region.lgcode)
        combo.setEnabled(prefecture_code is not None)
        combo.blockSignals(False)

    def _prefecture_picked(self, _index: int) -> None:
        if self._quiet:
            return
        code = self.view.prefecture.currentData()
        self._fill_municipalities(str(code) if code else None)
        self.changed.emit(self.current())

    def _municipality_picked(self, _index: int) -> None:
        if not self._quiet:
            self.changed.emit(self.current())

    # --- type-ahead -------------------------------------------------------------------------

    def suggestions(self, text: str) -> list[str]:
        """Labels for what was typed (kanji, kana or a code), exact matches first."""
        found = self.regions.lookup(text, limit=30)
        self._suggestions = {region.label: region.lgcode for region in found}
        return list(self._suggestions)

    def _suggest(self, text: str) -> None:
        labels = self.suggestions(text)
        self._model.setStringList(labels)
        if labels and self.view.region_text.hasFocus():
            self._completer.complete()  # the list follows what is typed, even as kana

    def _chosen(self, label: str) -> None:
        """A suggestion was picked (click, or ↓ and Enter in the list): filter by exactly it."""
        code = self._suggestions.get(label)
        if code is None:
            found = resolve_region_text(self.regions, label)
            code = found[0].lgcode if len(found) == 1 else None
        if code:
            self.set_region(code)
            self.view.region_text.clear()
            # the completer writes the label back after this slot: clear once it is done
            QTimer.singleShot(0, self.view.region_text.clear)

    def _take_first(self) -> None:
        """Enter in the box: what it shows when that is one place, else the first suggestion.

        ↓↓ in the list writes the highlighted label (「伊達市（福島県）」) into the box, and Enter
        reaches here as well as the completer: the label must win over a fresh lookup, which
        once put the filter on the first suggestion (伊達市（北海道）) — a silent wrong region.
        """
        typed = self.view.region_text.text().strip()
        if not typed:
            return
        exact = resolve_region_text(self.regions, typed)
        if len(exact) == 1:
            self._chosen(exact[0].label)
            return
        labels = self.suggestions(typed)
        if labels:
            self._chosen(labels[0])
