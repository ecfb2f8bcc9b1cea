"""The common part of the panels' flat tables: a list of rows under fixed column titles.

A subclass sets ``COLUMNS`` and answers ``data``; counting rows and columns, the titles and
replacing every row at once are here. ``SortedRowsModel`` sorts its rows itself, one key per row
(``sort_key``), behind a ``SortProxy`` that only filters: a sort proxy asks ``data`` for two keys
per comparison, and 20,000 rows held the window's thread 4 s (measured).
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt

from .model_roles import AllRolesAtOnce


class RowsModel(AllRolesAtOnce, QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list = []

    def replace_rows(self, rows, **fields) -> None:
        """Every row at once (and any other field the subclass keeps per row)."""
        self.beginResetModel()
        for name, value in fields.items():
            setattr(self, name, value)
        self.rows = self._shown(list(rows))
        self.endResetModel()

    def _shown(self, rows: list) -> list:
        """The rows as shown, from the rows given (a subclass may order them)."""
        return rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Horizontal:
            return self.COLUMNS[section]
        return None


class SortedRowsModel(RowsModel):
    """Rows that sort themselves: ``sort(column, order)`` orders the rows given by
    ``sort_key(row, column)``, ties in the order given (as a sort proxy orders them), and keeps
    that order for the next rows given."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._given: list = []  #: the rows as given
        self._order: list[int] = []  #: the given row shown on each row
        self._sorting: tuple[int, Qt.SortOrder] | None = None

    def _shown(self, rows: list) -> list:
        self._given = rows
        self._arrange()
        return self.rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        resort(self, column, order)

    def _arrange(self) -> None:
        order = list(range(len(self._given)))
        if self._sorting is not None:
            column, direction = self._sorting
            keys = [self.sort_key(row, column) for row in self._given]
            order.sort(key=keys.__getitem__, reverse=direction == Qt.DescendingOrder)
        self._order = order
        self.rows = [self._given[i] for i in order]

    def sort_key(self, row, column: int):
        raise NotImplementedError


class SortProxy(QSortFilterProxyModel):
    """Filters rows; a sort is handed to the model, which sorts itself (``SortedRowsModel``)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def resort(model, column: int, order: Qt.SortOrder) -> None:
    """Sort a model that keeps ``_order`` (the given row on each row), ``_sorting`` and an
    ``_arrange()`` that orders it: the views' selections and current rows follow their rows."""
    model._sorting = None if column < 0 else (column, order)
    model.layoutAboutToBeChanged.emit()
    before = model._order
    model._arrange()
    where = {given: row for row, given in enumerate(model._order)}
    old = model.persistentIndexList()
    model.changePersistentIndexList(old, [model.index(where[before[i.row()]], i.column()) for i in old])
    model.layoutChanged.emit()
