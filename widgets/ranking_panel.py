"""The Ranking panel: the shown entities ranked by degree, betweenness and eigenvector
centrality, with their community, in a sortable table; a choice of which measure node size
follows and whether nodes are coloured by community.

The panel only shows results; the window computes them off the interface thread
(``data.measures.analyse``), so that a timeline drag never waits for betweenness.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QVBoxLayout, QWidget)

from data import measures as network, schema
from data.measures import Analysis
from data.graph import Graph
from data.model import Dataset
from .table_model import RowsModel, SortProxy, resort

ID_ROLE = Qt.ItemDataRole.UserRole + 1  #: an entity's id, on every cell of its row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  #: the value a column sorts by (numbers as numbers)
COLUMNS = ("Name", "Kind", "Degree", "Betweenness", "Eigenvector", "Community")
SIZE_CHOICES = ("none", "degree", "betweenness", "eigenvector")


class RankingModel(RowsModel):
    """One row per shown entity: name, kind, the three measures and the community's name
    (rows are (name, kind, degree, betweenness, eigenvector, community name, id)).

    The model sorts itself (``sort``), with one key per row worked out once: a sort proxy asks
    ``data`` for two keys per comparison, and 10,000 rows froze the window for 2 s (measured)."""

    COLUMNS = COLUMNS

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.ids: list[str] = []
        self.community: list[int] = []
        self.colours: list[str | None] = []
        self._given: tuple[list, list, list] = ([], [], [])  #: rows, communities, colours as given
        self._order: list[int] = []  #: the given row shown on each row
        self._sorting: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[tuple], community: list[int], colours: list[str | None]) -> None:
        self.beginResetModel()
        self._given = (list(rows), list(community), list(colours))
        self._arrange()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        """Rows by a column's values (names without case, missing measures last when
        descending), ties in the order given, as a sort proxy would order them."""
        resort(self, column, order)

    def _arrange(self) -> None:
        rows, community, colours = self._given
        order = list(range(len(rows)))
        if self._sorting is not None:
            column, direction = self._sorting
            keys = [self._key(row, c, column) for row, c in zip(rows, community)]
            order.sort(key=keys.__getitem__, reverse=direction == Qt.DescendingOrder)
        self._order = order
        self.rows = [rows[i] for i in order]
        self.community = [community[i] for i in order]
        self.colours = [colours[i] for i in order]
        self.ids = [row[-1] for row in self.rows]

    @staticmethod
    def _key(row: tuple, community: int, column: int):
        if column == 5:
            return community
        value = row[column]
        return value.casefold() if isinstance(value, str) else (-1.0 if np.isnan(value) else float(value))

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(row[column], column)
        if role == SORT_ROLE:
            return self._key(row, self.community[index.row()], column)
        if role == ID_ROLE:
            return row[-1]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row[0]} ({row[-1]})"
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 4:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == 5:
            colour = self.colours[index.row()]
            return QColor(colour) if colour else None
        return None


def _shown(value, column: int) -> str:
    if column in (0, 1, 5):
        return value
    if column == 2:
        return str(int(value))
    return "–" if np.isnan(value) else f"{value:.3f}"


class RankingPanel(QWidget):
    """A sortable table of the shown entities with their centrality and community.

    Signals:
    entity_requested(str): the user clicked an entity's row: its id.
    size_measure_changed(str): node size should follow "none", "degree", "betweenness" or
        "eigenvector" (``data.measures.size_factors`` turns a measure into sizes).
    colour_by_community_changed(bool): nodes should (or should no longer) take their
        community's colour (``data.measures.community_colours``).
    structural_links_changed(bool): centrality should (or should no longer) count structural
        links (an article to its treaty, a nested actor to its parent).
    """

    entity_requested = Signal(str)
    size_measure_changed = Signal(str)
    colour_by_community_changed = Signal(bool)
    structural_links_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = RankingModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectRows)
        self.table.setSelectionMode(QTableView.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._clicked)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.size_combo = QComboBox()
        self.size_combo.addItems(list(SIZE_CHOICES))
        self.size_combo.setToolTip("Which measure the node size on the canvas follows")
        self.size_combo.currentTextChanged.connect(self.size_measure_changed)
        self.colour_box = QCheckBox("Colour by community")
        self.colour_box.toggled.connect(self.colour_by_community_changed)
        self.structural_box = QCheckBox("Include structural links")
        self.structural_box.setToolTip("Count an article's link to its treaty and a nested actor's link to its "
                                       "parent in the centrality (off: a treaty is not central merely for its articles)")
        self.structural_box.toggled.connect(self.structural_links_changed)
        self.summary = QLabel("Centrality is computed for what is shown at the date.")
        self.summary.setTextFormat(Qt.PlainText)
        self.summary.setWordWrap(True)
        self._build_layout()

    def _build_layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(QLabel("Node size follows"))
        row.addWidget(self.size_combo)
        row.addWidget(self.colour_box)
        row.addWidget(self.structural_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # -- public --------------------------------------------------------------------------
    def set_results(self, dataset: Dataset, graph: Graph, measures: dict[str, np.ndarray],
                    communities: np.ndarray, names: dict[int, str], estimated: bool = False) -> None:
        """Show the measures (``data.measures.centrality``) and communities (``communities``,
        ``community_names``) of the shown entities: those with a finite eigenvector value."""
        shown = np.flatnonzero(np.isfinite(measures["eigenvector"]))
        colours = network.community_colours(communities)
        rows, community, row_colours = [], [], []
        for i in shown.tolist():
            entity = dataset.entities[graph.ids[i]]
            c = int(communities[i])
            kind = entity.kind if entity.table in ("actors", "projects") else schema.singular(entity.table)
            rows.append((dataset.names[entity.id], kind, int(measures["degree"][i]), float(measures["betweenness"][i]),
                         float(measures["eigenvector"][i]), names.get(c, "") if c >= 0 else "", entity.id))
            community.append(c)
            row_colours.append(colours[i])
        self.model.set_rows(rows, community, row_colours)
        count = len(set(community) - {-1})
        self._say(f"{len(rows)} entities shown in {count} communit{'y' if count == 1 else 'ies'}"
                  + ("; betweenness estimated from a sample of sources." if estimated else "."))
        for column, width in enumerate((200, 110, 70, 90, 90)):
            self.table.setColumnWidth(column, width)

    def set_analysis(self, dataset: Dataset, graph: Graph, result: Analysis) -> None:
        """``set_results`` from an ``AnalysisWorker``'s result."""
        self.set_results(dataset, graph, result.measures, result.communities, result.names, result.estimated)

    def clear(self) -> None:
        self.model.set_rows([], [], [])
        self._say("Centrality is computed for what is shown at the date.")

    def set_stale(self, message: str) -> None:
        """No figures for what is shown now: say why, and that the rows are for an earlier view."""
        self._say(f"{message} The figures below are for an earlier view." if self.model.rows else message,
                  stale=True)

    def is_stale(self) -> bool:
        return bool(self.summary.property("stale"))

    def _say(self, text: str, stale: bool = False) -> None:
        self.summary.setText(text)
        self.summary.setProperty("stale", stale)
        self.summary.setStyleSheet("color: #b45309;" if stale else "")

    def size_measure(self) -> str:
        return self.size_combo.currentText()

    def show_appearance(self, size_measure: str, by_community: bool) -> None:
        """Show these choices (a saved view, the state) without reporting them back."""
        for widget in (self.size_combo, self.colour_box):
            widget.blockSignals(True)
        if size_measure in SIZE_CHOICES:
            self.size_combo.setCurrentText(size_measure)
        self.colour_box.setChecked(by_community)
        for widget in (self.size_combo, self.colour_box):
            widget.blockSignals(False)

    def colour_by_community(self) -> bool:
        return self.colour_box.isChecked()

    def include_structural(self) -> bool:
        return self.structural_box.isChecked()

    def id_at(self, row: int) -> str:
        """The id of the entity on a visible (sorted, filtered) row."""
        return self.proxy.index(row, 0).data(ID_ROLE)

    def _clicked(self, index: QModelIndex) -> None:
        entity_id = index.data(ID_ROLE)
        if entity_id:
            self.entity_requested.emit(entity_id)
