"""The compare panel: two dates, and the entities and relations added, removed and unchanged
between them, each group in its own style (the canvas uses the same three styles)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from data import dates, style

GROUPS = (("added", "Added", style.APPEARED), ("removed", "Removed", style.DISAPPEARED),
          ("unchanged", "Unchanged", "#6b7280"))


class ComparePanel(QWidget):
    """Signals:
    compare_requested(int, int): the user asked to compare two days.
    closed(): the user left the comparison.
    entity_requested(str): the user clicked an entity in a list.
    date_rejected(str): a date typed is not a date.
    """

    compare_requested = Signal(int, int)
    closed = Signal()
    entity_requested = Signal(str)
    date_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.first_edit, self.second_edit = QLineEdit(), QLineEdit()
        for edit, tip in ((self.first_edit, "The earlier date"), (self.second_edit, "The later date")):
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setToolTip(tip + " (2025-01-17, 2025-01 or 2025)")
            edit.setMaximumWidth(110)
            edit.returnPressed.connect(self._compare)
        compare = QPushButton("Compare")
        compare.clicked.connect(self._compare)
        close = QPushButton("Back to the timeline")
        close.clicked.connect(self.closed)
        row = QHBoxLayout()
        for widget in (QLabel("From"), self.first_edit, QLabel("to"), self.second_edit, compare, close):
            row.addWidget(widget)
        row.addStretch(1)
        self.summary = QLabel("Pick two dates to see what was added, removed and unchanged between them.")
        self.summary.setTextFormat(Qt.PlainText)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Name", "Kind", "Table"])
        self.tree.itemClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)

    def set_dates(self, first: int | None, second: int | None) -> None:
        self.first_edit.setText(dates.day_to_iso(first) if first else "")
        self.second_edit.setText(dates.day_to_iso(second) if second else "")

    def _compare(self) -> None:
        try:
            first = dates.parse_day(self.first_edit.text())
            second = dates.parse_day(self.second_edit.text())
        except dates.DateError as exc:
            self.date_rejected.emit(f"Not a date: {exc}.")
            return
        self.compare_requested.emit(min(first, second), max(first, second))

    def show_result(self, first: int, second: int, groups: dict[str, list[tuple[str, str, str, str]]],
                    relation_counts: dict[str, int]) -> None:
        """``groups`` maps added/removed/unchanged to (id, name, kind, table) rows."""
        self.set_dates(first, second)
        self.tree.clear()
        for key, title, colour in GROUPS:
            rows = groups.get(key, [])
            top = QTreeWidgetItem([f"{title} ({len(rows)} entities, {relation_counts.get(key, 0)} relations)"])
            top.setForeground(0, QBrush(QColor(colour)))
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for entity_id, name, kind, table in rows:
                item = QTreeWidgetItem([name, kind, table])
                item.setData(0, Qt.ItemDataRole.UserRole, entity_id)
                item.setForeground(0, QBrush(QColor(colour)))
                top.addChild(item)
            self.tree.addTopLevelItem(top)
            top.setExpanded(key != "unchanged")
        self.tree.resizeColumnToContents(0)
        parts = [f"{_count(len(groups.get(key, [])), 'entity', 'entities')} and "
                 f"{_count(relation_counts.get(key, 0), 'relation', 'relations')} {key}" for key, _t, _c in GROUPS]
        self.summary.setText(f"From {dates.day_to_iso(first)} to {dates.day_to_iso(second)}: {'; '.join(parts)}.")

    def _clicked(self, item: QTreeWidgetItem) -> None:
        entity_id = item.data(0, Qt.ItemDataRole.UserRole)
        if entity_id:
            self.entity_requested.emit(entity_id)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
