"""A find box: type a name or alias (case and accents ignored), pick a match, jump to it.

Once a match is taken the box empties and gives up the keyboard focus, so that the window's
one-key shortcuts (F, Shift+F, Space) work again at once; Escape does the same without a pick.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class SearchBox(QLineEdit):
    """Signals:
    entity_chosen(str): the user picked a match (Enter takes the best one).
    done(): the user is done with the box (a pick, or Escape): the focus should go back to
        where the work is.
    """

    entity_chosen = Signal(str)
    done = Signal()

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
        """``find`` maps a query to ids, best first; ``describe`` gives an id's popup text.
        A new finder (another dataset) empties the box."""
        self._find, self._describe = find, describe
        self._matches = []
        self._model.setStringList([])
        self.clear()

    def _update(self, text: str) -> None:
        self._matches = self._find(text)
        self._model.setStringList([self._describe(i) for i in self._matches])
        self._completer.complete()

    def _picked_text(self, text: str) -> None:
        for entity_id in self._matches:
            if self._describe(entity_id) == text:
                self._choose(entity_id)
                return

    def _take_best(self) -> None:
        if not self.text().strip():
            return
        matches = self._matches or self._find(self.text())
        if matches:
            self._choose(matches[0])

    def _choose(self, entity_id: str) -> None:
        self.entity_chosen.emit(entity_id)
        self._finish()

    def _finish(self) -> None:
        self._matches = []
        self._completer.popup().hide()
        # after the completer has written its text into the box (it does so after ``activated``)
        QTimer.singleShot(0, self.clear)
        self.clear()
        self.clearFocus()
        self.done.emit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride and event.key() == Qt.Key_Escape:
            event.accept()  # Escape leaves the box (the window's Escape clears the selection)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key_Escape and not self._completer.popup().isVisible():
            self._finish()
            return
        super().keyPressEvent(event)
