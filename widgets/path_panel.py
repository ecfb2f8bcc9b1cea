"""The Path panel: how two entities are connected among what is shown, as the k shortest
paths, each hop with its relation kind, dates, confidence, source and locator.

The panel runs the search itself (``data.paths.shortest_paths``, fast enough for the UI
thread) on the masks it is given, and runs it again when they change, so the answer follows the
timeline and the filters.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCompleter, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from data.paths import Hop, hop_info, path_nodes, shortest_paths
from data.graph import Graph
from data.model import Dataset

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  #: the index of the path an item belongs to
HOP_ROLE = Qt.ItemDataRole.UserRole + 2  #: the index of the hop, -1 for a path's own row
COLUMNS = ("Path / link", "Dates", "Confidence", "Source", "Locator")
WIDTHS = (340, 110, 80, 260)
FAINT = "#6b7280"


class PathPanel(QWidget):
    """Two entity pickers (typed with completion, or taken from the selection), the number of
    paths and their longest length, and the paths found, hop by hop, in a tree.

    Signals:
    paths_found(list): a search ran (Find, or the masks changed after one): the paths, each a
        list of ``data.paths.Hop`` (source, target, edge indices); [] when none.
    path_highlight_requested(list, list): the user picked a path or one of its hops: the path's
        node indices and edge indices, for the canvas to highlight.
    entity_requested(str): the user double-clicked a hop: the id of the entity it leads to.
    """

    paths_found = Signal(list)
    path_highlight_requested = Signal(list, list)
    entity_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.dataset: Dataset | None = None
        self.graph: Graph | None = None
        self.node_mask: np.ndarray | None = None
        self.edge_mask: np.ndarray | None = None
        self.paths: list[list[Hop]] = []
        self.query: tuple[str, str] | None = None  #: the ids of the last search
        self._find: Callable[[str], list[str]] | None = None
        self._by_text: dict[str, str] = {}
        self._selection: list[str] = []
        self.names = QStringListModel(self)  #: what the pickers complete from (``fill_names``)
        self._names_due: list[str] | None = None  #: the dataset's names, not yet handed to ``names``
        self.from_edit, self.to_edit = self._picker("From: a name or id"), self._picker("To: a name or id")
        self.from_selection = QPushButton("Use selection")
        self.to_selection = QPushButton("Use selection")
        self.from_selection.clicked.connect(lambda: self._use_selection(self.from_edit, 0))
        self.to_selection.clicked.connect(lambda: self._use_selection(self.to_edit, -1))
        self.k_spin, self.length_spin = QSpinBox(), QSpinBox()
        self.k_spin.setRange(1, 20)
        self.k_spin.setValue(3)
        self.k_spin.setToolTip("How many paths to list, shortest first")
        self.length_spin.setRange(1, 20)
        self.length_spin.setValue(6)
        self.length_spin.setToolTip("The longest path to list, in links")
        self.find_button = QPushButton("Find paths")
        self.find_button.clicked.connect(self.find_paths)
        self.status = QLabel("Pick two entities to see how they are connected.")
        self.status.setTextFormat(Qt.PlainText)
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setUniformRowHeights(True)
        for column, width in enumerate(WIDTHS):
            self.tree.setColumnWidth(column, width)
        self.tree.currentItemChanged.connect(self._picked)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self._build_layout()

    def _picker(self, placeholder: str) -> QLineEdit:
        edit = _PickerEdit(self.fill_names)
        edit.setPlaceholderText(placeholder)
        completer = QCompleter(self.names, edit)
        completer.setCaseSensitivity(Qt.CaseInsensitive)
        completer.setFilterMode(Qt.MatchContains)
        edit.setCompleter(completer)
        edit.returnPressed.connect(self.find_paths)
        return edit

    def _build_layout(self) -> None:
        form = QFormLayout()
        for label, edit, button in (("From", self.from_edit, self.from_selection), ("To", self.to_edit, self.to_selection)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(button)
            form.addRow(label, row)
        options = QHBoxLayout()
        for widget in (QLabel("Paths"), self.k_spin, QLabel("at most"), self.length_spin, QLabel("links"),
                       self.find_button):
            options.addWidget(widget)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)

    # -- public --------------------------------------------------------------------------
    def set_dataset(self, dataset: Dataset | None, graph: Graph | None,
                    find: Callable[[str], list[str]] | None = None) -> None:
        """A new dataset: completion names from it; ``find`` (e.g. ``SearchIndex.find``) resolves
        what is typed when it is not an exact name or id. Clears the paths."""
        self.dataset, self.graph, self._find = dataset, graph, find
        self.node_mask = self.edge_mask = None
        self.query = None
        texts, self._by_text = dataset.choices if dataset is not None else ([], {})  # made by the loading worker
        self._names_due = texts
        if self.names.rowCount():
            self.names.setStringList([])
        self.show_paths([])
        self.status.setText("Pick two entities to see how they are connected.")

    def fill_names(self) -> None:
        """Hand the dataset's names to the pickers' completion, the first time a picker takes
        the keyboard: Qt copies them all (a million names: ~0.3 s), which a dataset's opening
        should not wait for when the Paths panel may never be used."""
        if self._names_due is not None:
            texts, self._names_due = self._names_due, None
            self.names.setStringList(texts)

    def set_masks(self, node_mask: np.ndarray, edge_mask: np.ndarray) -> None:
        """What is shown now (after date, focus and filters); a search that ran runs again."""
        self.node_mask, self.edge_mask = node_mask, edge_mask
        if self.query is not None:
            self._run(*self.query)

    def set_selection(self, ids: list[str]) -> None:
        """The current selection, for the "Use selection" buttons (From: first, To: last)."""
        self._selection = list(ids)

    def set_endpoints(self, from_id: str, to_id: str) -> None:
        """Fill both pickers with entities (ids); does not search."""
        for edit, entity_id in ((self.from_edit, from_id), (self.to_edit, to_id)):
            edit.setText(self._text_of(entity_id))

    def resolve(self, text: str) -> str | None:
        """The entity id a picker's text names: an exact name or id, else ``find``'s best."""
        text = text.strip()
        if not text:
            return None
        found = self._by_text.get(text.casefold())
        if found is None and self._find is not None:
            found = next(iter(self._find(text)), None)
        return found

    def find_paths(self) -> list[list[Hop]]:
        """Search between the two pickers' entities; returns (and shows, and emits) the paths."""
        if self.dataset is None or self.graph is None:
            return []
        ends = []
        for edit in (self.from_edit, self.to_edit):
            entity_id = self.resolve(edit.text())
            if entity_id is None:
                self.status.setText(f"No entity named “{edit.text().strip()}”." if edit.text().strip()
                                    else "Pick two entities to see how they are connected.")
                return []
            ends.append(entity_id)
        self.query = (ends[0], ends[1])
        return self._run(*self.query)

    def show_paths(self, paths: list[list[Hop]]) -> None:
        """Show these paths in the tree (the first one expanded)."""
        self.paths = list(paths)
        self.tree.clear()
        if self.dataset is None or self.graph is None:
            return
        for p, path in enumerate(self.paths):
            names = [self.dataset.names[self.graph.ids[i]] for i in path_nodes(path)]
            top = QTreeWidgetItem([f"Path {p + 1} · {len(path)} link{'s' if len(path) != 1 else ''}: "
                                   + " → ".join(names)])
            top.setToolTip(0, top.text(0))
            top.setData(0, PATH_ROLE, p)
            top.setData(0, HOP_ROLE, -1)
            for h, hop in enumerate(path):
                top.addChild(self._hop_item(hop, p, h))
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)  # the path's summary reads across the columns
            top.setExpanded(p == 0)

    # -- internals -----------------------------------------------------------------------
    def _hop_item(self, hop: Hop, p: int, h: int) -> QTreeWidgetItem:
        info = hop_info(self.dataset, self.graph, hop)
        item = QTreeWidgetItem([info.link, info.dates, info.confidence, info.source, info.locator])
        item.setData(0, PATH_ROLE, p)
        item.setData(0, HOP_ROLE, h)
        for column, text in enumerate((info.link, info.dates, info.confidence, info.source, info.locator)):
            item.setToolTip(column, text)
        if info.relation_id is None:
            item.setForeground(0, QBrush(QColor(FAINT)))
        return item

    def _run(self, a: str, b: str) -> list[list[Hop]]:
        graph = self.graph
        if graph is None or a not in graph.index or b not in graph.index:
            return []
        nodes = self.node_mask if self.node_mask is not None else np.ones(graph.node_count, dtype=bool)
        edges = self.edge_mask if self.edge_mask is not None else np.ones(graph.edge_count, dtype=bool)
        k, longest = self.k_spin.value(), self.length_spin.value()
        paths = shortest_paths(graph, a, b, nodes, edges, k=k, max_length=longest)
        self.show_paths(paths)
        self.status.setText(self._summary(a, b, paths, nodes, longest))
        self.paths_found.emit(paths)
        if paths:  # the shortest is lit at once; clicking another path lights that one
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
            self._picked(self.tree.topLevelItem(0))
        else:
            self.path_highlight_requested.emit([], [])
        return paths

    def _summary(self, a: str, b: str, paths: list, nodes: np.ndarray, longest: int) -> str:
        names = [self.dataset.names[i] for i in (a, b)]
        if a == b:
            return "Pick two different entities."
        hidden = [n for i, n in zip((a, b), names) if not nodes[self.graph.index[i]]]
        if hidden:
            return f"{' and '.join(hidden)} {'is' if len(hidden) == 1 else 'are'} not shown at this date or with these filters."
        if not paths:
            return f"No path of at most {longest} links joins {names[0]} and {names[1]} among what is shown."
        return (f"{len(paths)} path{'s' if len(paths) != 1 else ''} between {names[0]} and {names[1]}, "
                "shortest first. Click one to highlight it; double-click a link to show its entity.")

    def _text_of(self, entity_id: str) -> str:
        entity = self.dataset.entities.get(entity_id) if self.dataset else None
        if entity is None:
            return entity_id
        return entity.name if self._by_text.get(entity.name.casefold()) == entity_id else f"{entity.name} ({entity.id})"

    def _use_selection(self, edit: QLineEdit, position: int) -> None:
        if self._selection:
            edit.setText(self._text_of(self._selection[position]))

    def _item_path(self, item: QTreeWidgetItem | None) -> tuple[int, int] | None:
        if item is None or item.data(0, PATH_ROLE) is None:
            return None
        return int(item.data(0, PATH_ROLE)), int(item.data(0, HOP_ROLE))

    def _picked(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        where = self._item_path(item)
        if where is None or where[0] >= len(self.paths):
            return
        path = self.paths[where[0]]
        self.path_highlight_requested.emit(path_nodes(path), [hop.edge for hop in path])

    def _double_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        where = self._item_path(item)
        if where is None or where[1] < 0:
            return
        hop = self.paths[where[0]][where[1]]
        self.entity_requested.emit(self.graph.ids[hop.target])


class _PickerEdit(QLineEdit):
    """A picker's text box, which says when it takes the keyboard (its completion is filled then)."""

    def __init__(self, focused: Callable[[], None]):
        super().__init__()
        self._focused = focused

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._focused()
        super().focusInEvent(event)
