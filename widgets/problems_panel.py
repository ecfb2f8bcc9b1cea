"""The Problems panel: every skipped row (table, row, column, value, what was expected), in a
sortable table; double-clicking a row asks to show the entity it concerns, where one loaded."""
from __future__ import annotations

from collections.abc import Set as AbstractSet

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from data.problems import Problem
from .table_model import SortedRowsModel, SortProxy

COLUMNS = ("Table", "Row", "Column", "Value", "Expected")


class ProblemsModel(SortedRowsModel):
    """The problems of one dataset, one row each; sorted by the texts shown."""

    COLUMNS = COLUMNS

    @property
    def problems(self) -> list[Problem]:
        return self.rows

    def set_problems(self, problems: list[Problem]) -> None:
        self.replace_rows(problems)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _texts(self.problems[index.row()], role == Qt.ItemDataRole.DisplayRole)[index.column()]
        return None

    def sort_key(self, row: Problem, column: int) -> str:
        return _texts(row, True)[column]


def _texts(problem: Problem, shown: bool) -> tuple[str, ...]:
    """A problem's cells as shown (``shown``: a long value cut) or as its tooltip."""
    value = problem.value
    text = "(empty)" if value is None or value == "" else str(value)
    if shown and len(text) > 120:
        text = text[:117] + "…"
    return problem.table, problem.row, problem.column, text, problem.expected


class ProblemsPanel(QWidget):
    """Signals:
    entity_requested(str): the user double-clicked a problem whose row names a loaded entity.
    """

    entity_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._activated)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.known: AbstractSet[str] = set()

    def set_problems(self, problems: list[Problem], known_ids: AbstractSet[str]) -> None:
        """Show the problems; ``known_ids`` are the entities that loaded (navigation targets)."""
        self.known = known_ids
        self.model.set_problems(problems)
        count = len(problems)
        self.summary.setText("No problems: every row loaded." if not count else
                             f"{count} row{'s' if count != 1 else ''} skipped. Double-click one to see "
                             "the entity it concerns.")
        for column, width in enumerate((90, 120, 90, 160)):
            self.table.setColumnWidth(column, width)

    def target_of(self, problem: Problem) -> str | None:
        return next((i for i in problem.related if i in self.known), None)

    def _activated(self, index: QModelIndex) -> None:
        problem = self.model.problems[self.proxy.mapToSource(index).row()]
        target = self.target_of(problem)
        if target is not None:
            self.entity_requested.emit(target)
