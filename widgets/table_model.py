"""The common part of the panels' flat tables: a list of rows under fixed column titles.

A subclass sets ``COLUMNS`` and answers ``data``; counting rows and columns, the titles and
replacing every row at once are here.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt


class RowsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list = []

    def replace_rows(self, rows, **fields) -> None:
        """Every row at once (and any other field the subclass keeps per row)."""
        self.beginResetModel()
        self.rows = list(rows)
        for name, value in fields.items():
            setattr(self, name, value)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.COLUMNS[section]
        return None
