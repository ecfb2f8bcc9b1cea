"""The detail panel's table of relations: one ``RelationRow`` per relation of the focused
entity, seen from it (``relation_rows``), the ``RelationTableModel`` that shows them (grey when
not active at the day, sources that are web addresses drawn as links) and the
``RelationTableView`` whose columns share out the dock's width.

A source is shown compactly, with its locator ("tass.com ¶3", "Seed article ¶18", see
``data.sources``); the whole source is on hover, and a web source opens on a click. Dataset
text stays plain text.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable

import numpy as np

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from data import dates
from data.model import Entity, MadeWhenAsked, Relation, RelationsOf
from data.sources import SourceNames, web_host
from widgets.entity_models import ID_ROLE
from widgets.model_roles import AllRolesAtOnce

LINK = QColor("#1d4ed8")
INACTIVE = QColor("#9ca3af")
_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole  # looked up once: see entity_models
_FOREGROUND, _FONT = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
AnyIndex = QModelIndex | QPersistentModelIndex


def is_web_url(text: str | None) -> bool:
    """True only for an http(s) address with a host: everything else stays plain text."""
    return bool(text) and web_host(text) is not None


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
        return self.relation.source.strip() if is_web_url(self.relation.source) else None


def relation_rows(entity_id: str, relations: Sequence[Relation], entity: Callable[[str], Entity | None],
                  sources: SourceNames) -> Sequence[RelationRow]:
    """The rows of ``entity_id``'s relations, by kind then the other end's name. Relations
    given with the loader's arrays (``RelationsOf``) give rows made when first shown."""
    if isinstance(relations, RelationsOf) and entity_id in relations.frame.index:
        return LazyRows(entity_id, relations, entity, sources)
    rows = [relation_row(entity_id, relation, entity, sources) for relation in relations]
    rows.sort(key=lambda r: (r.texts[0][2:].casefold(), r.texts[0][0], r.texts[1].casefold()))
    return rows


def relation_row(entity_id: str, relation: Relation, entity: Callable[[str], Entity | None],
                 sources: SourceNames) -> RelationRow:
    """One relation as a row, seen from ``entity_id``."""
    other = relation.other_end(entity_id)
    arrow = "→" if relation.source_id == entity_id else "←"
    other_entity = entity(other)
    texts = (f"{arrow} {relation.kind}", other_entity.label if other_entity else other,
             years_text(relation.start, relation.end), relation.confidence or "",
             sources.compact(relation.source, relation.locator), relation.description or "")
    return RelationRow(relation, other, texts, dates.start_day(relation.start), dates.end_day(relation.end))


class LazyRows(MadeWhenAsked):
    """An entity's relation rows in the table's order, each made when first asked for (a
    painted row, the rows whose widths are measured): a hub's thousands of relations are put
    in order from the loader's arrays (kind, direction, the other end's label), in the order
    ``relation_rows`` sorts made rows into."""

    def __init__(self, entity_id: str, relations: RelationsOf, entity: Callable[[str], Entity | None],
                 sources: SourceNames):
        super().__init__()
        frame, positions = relations.frame, relations.positions
        node = frame.index[entity_id]
        src, dst = frame.src[positions], frame.dst[positions]
        outgoing = (src == node).tolist()
        kinds, ids = frame.rel_kinds, frame.ids
        others = [ids[i] for i in np.where(src == node, dst, src).tolist()]
        labels = [(e.label if (e := entity(other)) is not None else other).casefold() for other in others]
        keys = [(kinds[code].casefold(), "→" if out else "←", label)
                for code, out, label in zip(frame.rel_kind[positions].tolist(), outgoing, labels)]
        self._order = sorted(range(len(keys)), key=keys.__getitem__)
        self._entity_id, self._relations, self._entity, self._sources = entity_id, relations, entity, sources

    def __len__(self) -> int:
        return len(self._order)

    def _make(self, i: int) -> RelationRow:
        return relation_row(self._entity_id, self._relations[self._order[i]], self._entity, self._sources)


def years_text(start: dates.PartialDate | None, end: dates.PartialDate | None) -> str:
    """A span in years, for a narrow column: "2001–2010", "2024–", "–2010", "2025" (the whole
    dates are on hover)."""
    if start is None and end is None:
        return ""
    if start is not None and end is not None and start.year == end.year:
        return str(start.year)
    return f"{start.year if start else ''}–{end.year if end else ''}"


class RelationTableModel(AllRolesAtOnce, QAbstractTableModel):
    """The focused entity's relations; rows not active at the day are grey.

    No signals beyond QAbstractTableModel's. ``ID_ROLE`` of a row is the other end's id.
    """

    HEADERS = ("Relation", "With", "Dates", "Confidence", "Source", "Description")
    #: what each column holds, on hover over its header (a narrow dock elides the headers)
    HEADER_TIPS = ("The relation, read from this entity (→ from it, ← to it)", "The entity at the other end",
                   "When the relation held", "How sure the source is: official, reported or inferred",
                   "Where the relation comes from (click to open a web source)", "What the source says")
    OTHER, DATES, SOURCE = 1, 2, 4

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
                                  [Qt.ItemDataRole.ForegroundRole])

    def row(self, row: int) -> RelationRow:
        return self._rows[row]

    def rows(self) -> list[RelationRow]:
        """The rows shown (a new list for each ``set_rows``)."""
        return self._rows

    def column_texts(self, column: int, limit: int) -> list[str]:
        """The texts of a column in the first ``limit`` rows."""
        return [row.texts[column] for row in self._rows[:limit]]

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

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.HEADER_TIPS[section]
        return None

    ROLES = frozenset({_DISPLAY, _TOOLTIP, ID_ROLE, _FOREGROUND, _FONT})

    def data(self, index: AnyIndex, role: int = _DISPLAY):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY or role == _TOOLTIP:
            return self._text(row, index.column(), role)
        if role == ID_ROLE:
            return row.other_id
        if role == _FOREGROUND:
            if not self.is_active(row):
                return INACTIVE
            return LINK if self.is_link(index) else None
        if role == _FONT and self.is_link(index):
            return self._link_font
        return None

    def _text(self, row: RelationRow, column: int, role: int) -> str | None:
        if role == _DISPLAY:
            return row.texts[column]
        relation = row.relation
        if column == self.SOURCE:
            whole = SourceNames.full(relation.source, relation.locator)
            return f"{whole}\n\nClick to open it in the browser." if row.url else whole
        if column == self.OTHER:
            return f"Show {row.texts[column]}"
        if column == self.DATES:
            return dates.span_text(relation.start, relation.end, "unknown") or None
        return relation.description or row.texts[column] or None


class RelationTableView(QTableView):
    """The relations table. Its columns share out the width it has, so that the relation, the
    other end, the dates, the confidence and the source are all in view in a narrow dock
    (long texts are elided; the whole text is on hover); the description takes what is left.
    What a row is (its relation and other end) stays readable longest: the dates and the
    confidence give way first, then the relation and the other end down to ``KEPT``, then the
    source, then every column alike."""

    #: the most a column takes before the others have what they need (Relation .. Source)
    CAPS = (130, 150, 84, 72, 150)
    FLOOR = 44  #: the least a column gets when the dock is very narrow
    KEPT = 96  #: the relation and the other end keep this much while the source can give way
    #: the columns narrowed first, in turn, each down to its floor (then every column to FLOOR)
    GIVE_WAY = (((2, 3), FLOOR), ((0, 1), KEPT), ((4,), FLOOR))
    MEASURED = 300  #: rows whose texts are measured (an entity with thousands of relations stays quick)

    def __init__(self, model: RelationTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.ElideRight)
        self.setMouseTracking(True)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        # a squeezed header reads "Confid…", aligned with its cells, not a clipped middle ("nfiden")
        self.horizontalHeader().setTextElideMode(Qt.ElideRight)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self._needs: tuple = (None, None, [])  #: (rows, font, what each column's texts need) of the last fit
        model.modelReset.connect(self._new_rows)

    def _new_rows(self) -> None:
        """New rows: lay them out now (Qt would at the next paint, find that the scroll bar
        comes or goes, and paint the table twice), then fit the columns to the new width."""
        self.executeDelayedItemsLayout()
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give each of the first five columns what its texts need, up to its cap; when that
        is more than the width there is, the columns of ``GIVE_WAY`` give way in turn, then
        the widest column first."""
        available = self.viewport().width()
        if available <= 0:
            return
        model: RelationTableModel = self.model()
        rows, font = model.rows(), self.font().key()
        if self._needs[0] is not rows or self._needs[1] != font:  # once per rows: a resize only shares out
            metrics = self.fontMetrics()  # the headers elide ("Confid…"): the cells' texts are what count
            needs = [min(max([self.FLOOR] + [metrics.horizontalAdvance(t) + 14  # each text once
                                             for t in set(model.column_texts(c, self.MEASURED))]), cap)
                     for c, cap in enumerate(self.CAPS)]
            self._needs = (rows, font, needs)
        wanted = list(self._needs[2])
        room = available  # the description, also on hover over any cell, takes what is left
        for columns, floor in self.GIVE_WAY:  # what a row is (relation, other end) stays readable longest
            while sum(wanted) > room and any(wanted[c] > floor for c in columns):
                widest = max(columns, key=wanted.__getitem__)
                wanted[widest] = max(floor, wanted[widest] - max(4, (sum(wanted) - room) // 3))
        while sum(wanted) > room and max(wanted) > self.FLOOR:
            widest = wanted.index(max(wanted))
            wanted[widest] = max(self.FLOOR, wanted[widest] - max(4, (sum(wanted) - room) // 3))
        for column, width in enumerate(wanted):
            self.setColumnWidth(column, width)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()
