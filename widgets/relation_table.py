"""The detail panel's table of relations: one ``RelationRow`` per relation of the focused
entity, seen from it, and the ``RelationTableModel`` that shows them (grey when not active at
the day, sources that are web addresses drawn as links). Dataset text stays plain text."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from data.model import Relation
from widgets.entity_models import ID_ROLE

LINK = QColor("#1d4ed8")
INACTIVE = QColor("#9ca3af")
AnyIndex = QModelIndex | QPersistentModelIndex


def is_web_url(text: str | None) -> bool:
    """True only for an http(s) address with a host: everything else stays plain text."""
    if not text or any(c.isspace() for c in text.strip()):
        return False
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class RelationRow:
    """One relation as the table shows it, seen from the focused entity."""

    relation: Relation
    other_id: str
    texts: tuple[str, ...]
    first: int
    last: int

    @property
    def url(self) -> str | None:
        return self.relation.source if is_web_url(self.relation.source) else None


class RelationTableModel(QAbstractTableModel):
    """The focused entity's relations; rows not active at the day are grey.

    No signals beyond QAbstractTableModel's. ``ID_ROLE`` of a row is the other end's id.
    """

    HEADERS = ("Relation", "With", "Dates", "Confidence", "Source", "Locator", "Description")
    OTHER, SOURCE = 1, 4

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[RelationRow] = []
        self._day: int | None = None
        self._link_font = QFont()
        self._link_font.setUnderline(True)

    def set_rows(self, rows: list[RelationRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def set_day(self, day: int | None) -> None:
        self._day = day
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self.HEADERS) - 1),
                                  [Qt.ForegroundRole])

    def row(self, row: int) -> RelationRow:
        return self._rows[row]

    def is_link(self, index: AnyIndex) -> bool:
        if not index.isValid():
            return False
        column = index.column()
        return column == self.OTHER or (column == self.SOURCE and self._rows[index.row()].url is not None)

    def is_active(self, row: RelationRow) -> bool:
        return self._day is None or row.first <= self._day <= row.last

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return self._text(row, index.column(), role)
        if role == ID_ROLE:
            return row.other_id
        if role == Qt.ForegroundRole:
            if not self.is_active(row):
                return INACTIVE
            return LINK if self.is_link(index) else None
        if role == Qt.FontRole and self.is_link(index):
            return self._link_font
        return None

    def _text(self, row: RelationRow, column: int, role: int) -> str | None:
        if role == Qt.DisplayRole:
            return row.texts[column]
        if column == self.SOURCE and row.url:
            return f"Open {row.url} in the browser"
        if column == self.OTHER:
            return f"Show {row.texts[column]}"
        return row.relation.description or row.texts[column] or None
