"""The Filter panel: what kinds, links and confidences to show, and a minimum degree; plus
``FilterChips``, the active filters as small removable chips (for a toolbar or the canvas).

Both edit a ``data.filters.Filters`` value and emit the new one; neither applies it. The owner
of the view state applies ``Filters.apply`` to the visible masks.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from data import schema
from data.filters import Filters
from data.schema import CONFIDENCE_LEVELS, confidence_label
from data.graph import Graph

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  #: the table, kind or relation kind an item stands for
TABLE_LABELS = {"actors": "Actors", "treaties": "Treaties", "articles": "Articles", "projects": "Projects"}
NOT_NODE_KINDS = {"treaty", "article"}  #: kinds that only repeat a table


class FilterPanel(QWidget):
    """Checkboxes for the entity tables, node kinds and relation kinds present, the confidences,
    a minimum degree, "Only official links" and "Show everything".

    Signals:
    filters_changed(object): the user changed a filter; the argument is the new ``Filters``.
    """

    filters_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._filters = Filters()
        self._updating = False
        self.tables = self._list("hidden_tables")
        self.kinds = self._list("hidden_kinds")
        self.relations = self._list("hidden_relations")
        self.confidence_boxes: dict[str | None, QCheckBox] = {}
        confidence_row = QHBoxLayout()
        for confidence in CONFIDENCE_LEVELS:
            box = QCheckBox(confidence_label(confidence))
            box.setToolTip("Show relations whose confidence is " + confidence_label(confidence))
            box.toggled.connect(lambda on, c=confidence: self._confidence_toggled(c, on))
            self.confidence_boxes[confidence] = box
            confidence_row.addWidget(box)
        confidence_row.addStretch(1)
        self.min_degree = QSpinBox()
        self.min_degree.setRange(0, 999)
        self.min_degree.setSpecialValueText("any")
        self.min_degree.setToolTip("Hide nodes with fewer links than this, counting the links the other filters leave")
        self.min_degree.valueChanged.connect(lambda value: self._change(min_degree=value))
        self.official_button = QPushButton("Only official links")
        self.official_button.setToolTip("Show only relations stated in the text of an agreement")
        self.official_button.clicked.connect(self._only_official)
        self.reset_button = QPushButton("Show everything")
        self.reset_button.clicked.connect(lambda: self._emit(Filters()))
        self._build_layout(confidence_row)
        self.set_filters(self._filters)

    def _list(self, field: str) -> QListWidget:
        """A list of checkable items; unchecking one adds its key to ``Filters.<field>``."""
        widget = QListWidget()
        widget.setMinimumHeight(60)
        widget.itemChanged.connect(lambda item: self._item_changed(field, item))
        return widget

    def _build_layout(self, confidence_row: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.official_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for title, widget in (("Entities", self.tables), ("Kinds", self.kinds), ("Links", self.relations)):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(widget)
            layout.addWidget(box, 1 if widget is not self.tables else 0)
        confidence = QGroupBox("Confidence of links")
        confidence.setLayout(confidence_row)
        layout.addWidget(confidence)
        degree_row = QHBoxLayout()
        degree_row.addWidget(QLabel("Minimum links per node"))
        degree_row.addWidget(self.min_degree)
        degree_row.addStretch(1)
        layout.addLayout(degree_row)

    # -- public --------------------------------------------------------------------------
    @property
    def filters(self) -> Filters:
        return self._filters

    def set_graph(self, graph: Graph | None) -> None:
        """List the tables, kinds and relation kinds this graph has (the filters stay)."""
        self._updating = True
        try:
            present_tables = set()
            kinds: set[str] = set()
            relations: set[str] = set()
            if graph is not None:
                # the codes in use, counted (a million nodes: ~5 ms; a set of them took ~90)
                present_tables = {schema.ENTITY_TABLES[t] for t in _used(graph.table, len(schema.ENTITY_TABLES))}
                kinds = {graph.kinds[k] for k in _used(graph.kind, len(graph.kinds))} - NOT_NODE_KINDS
                relations = {graph.edge_kinds[k] for k in _used(graph.edge_kind[: graph.relation_count],
                                                                len(graph.edge_kinds))}
            self._fill(self.tables, [(t, TABLE_LABELS.get(t, t)) for t in schema.ENTITY_TABLES if t in present_tables])
            self._fill(self.kinds, [(k, k) for k in sorted(kinds, key=str.casefold)])
            self._fill(self.relations, [(k, k) for k in sorted(relations, key=str.casefold)])
            rows = max(self.tables.count(), 1)
            self.tables.setFixedHeight(self.tables.sizeHintForRow(0) * rows + 2 * self.tables.frameWidth() + 2)
        finally:
            self._updating = False
        self._show(self._filters)

    def set_filters(self, filters: Filters) -> None:
        """Show these filters; emits nothing."""
        self._filters = filters
        self._show(filters)

    # -- internals -----------------------------------------------------------------------
    @staticmethod
    def _fill(widget: QListWidget, entries: list[tuple[str, str]]) -> None:
        widget.clear()
        for key, text in entries:
            item = QListWidgetItem(text)
            item.setData(KEY_ROLE, key)
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked)
            widget.addItem(item)

    def _show(self, filters: Filters) -> None:
        self._updating = True
        try:
            for widget, hidden in ((self.tables, filters.hidden_tables), (self.kinds, filters.hidden_kinds),
                                   (self.relations, filters.hidden_relations)):
                for row in range(widget.count()):
                    item = widget.item(row)
                    item.setCheckState(Qt.Unchecked if item.data(KEY_ROLE) in hidden else Qt.Checked)
            for confidence, box in self.confidence_boxes.items():
                box.setChecked(confidence in filters.confidences)
            self.min_degree.setValue(filters.min_degree)
            self.reset_button.setEnabled(not filters.is_default)
        finally:
            self._updating = False

    def _item_changed(self, field: str, item: QListWidgetItem) -> None:
        if self._updating:
            return
        key = item.data(KEY_ROLE)
        hidden = getattr(self._filters, field)
        hidden = hidden - {key} if item.checkState() == Qt.Checked else hidden | {key}
        self._change(**{field: hidden})

    def _confidence_toggled(self, confidence: str | None, on: bool) -> None:
        if not self._updating:
            allowed = self._filters.confidences
            self._change(confidences=allowed | {confidence} if on else allowed - {confidence})

    def _only_official(self) -> None:
        self._emit(replace(self._filters, confidences=frozenset({"official"})))

    def _change(self, **changes) -> None:
        if not self._updating:
            self._emit(replace(self._filters, **changes))

    def _emit(self, filters: Filters) -> None:
        if filters == self._filters:
            return
        self.set_filters(filters)
        self.filters_changed.emit(filters)


class FilterChips(QWidget):
    """The active filters as chips ("official only ×"); clicking a chip removes its condition.

    Signals:
    chip_removed(str): the user removed the chip with this text.
    filters_changed(object): the filters without it (a ``Filters``), emitted right after.
    """

    chip_removed = Signal(str)
    filters_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._filters = Filters()
        self.chips: list[QToolButton] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)
        self.setVisible(False)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> None:
        """Show one chip per condition of these filters; emits nothing; hidden when none."""
        self._filters = filters
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for text in filters.describe():
            chip = QToolButton()
            chip.setText(f"{text}  ×".replace("&", "&&"))  # plain text: no mnemonic
            chip.setToolTip(f"Remove the filter “{text}”")
            chip.setAutoRaise(False)
            chip.setStyleSheet("QToolButton { border: 1px solid #9ca3af; border-radius: 9px; padding: 1px 6px;"
                               " background: #f3f4f6; }")
            chip.clicked.connect(lambda _checked=False, t=text: self.remove(t))
            self._layout.insertWidget(len(self.chips), chip)
            self.chips.append(chip)
        self.setVisible(bool(self.chips))

    def texts(self) -> list[str]:
        return self._filters.describe()

    def remove(self, text: str) -> None:
        """Remove the condition a chip names, as if the user clicked it."""
        if text not in self._filters.describe():
            return
        filters = self._filters.without(text)
        self.set_filters(filters)
        self.chip_removed.emit(text)
        self.filters_changed.emit(filters)


def _used(codes: np.ndarray, count: int) -> list[int]:
    """The codes (0 .. count - 1) that occur in ``codes``, in order."""
    return np.flatnonzero(np.bincount(codes, minlength=count)).tolist() if len(codes) else []
