"""A find box: type a name or alias (case and accents ignored), pick a match, jump to it."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class SearchBox(QLineEdit):
    """Signals:
    entity_chosen(str): the user picked a match (Enter takes the best one).
    """

    entity_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("Find an entity (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self._find: Callable[[str], list[str]] = lambda _q: []
        self._describe: Callable[[str], str] = str
        self._matches: list[str] = []
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.activated.connect(self._picked_text)
        self.setCompleter(self._completer)
        self.textEdited.connect(self._update)
        self.returnPressed.connect(self._take_best)

    def set_finder(self, find: Callable[[str], list[str]], describe: Callable[[str], str]) -> None:
        """``find`` maps a query to ids, best first; ``describe`` gives an id's popup text."""
        self._find, self._describe = find, describe
        self._matches = []

    def _update(self, text: str) -> None:
        self._matches = self._find(text)
        self._model.setStringList([self._describe(i) for i in self._matches])
        self._completer.complete()

    def _picked_text(self, text: str) -> None:
        for entity_id in self._matches:
            if self._describe(entity_id) == text:
                self.entity_chosen.emit(entity_id)
                return

    def _take_best(self) -> None:
        matches = self._matches or self._find(self.text())
        if matches:
            self.entity_chosen.emit(matches[0])
