"""The analysis panels wired to the state and the canvas: filters (a panel and removable chips
above the canvas), paths between two entities, centrality and communities (computed on a worker
whenever what is shown changes), and the treaty comparison."""
from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from data import measures as analysis
from data.measures import Analysis
from widgets.filter_panel import FilterChips, FilterPanel
from widgets.path_panel import PathPanel
from widgets.ranking_panel import AnalysisWorker, RankingPanel
from widgets.treaty_compare import TreatyCompareView


def _scrolled(panel: QWidget) -> QScrollArea:
    """A panel in a scroll area, so that its dock can be made narrower than the panel."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    return area


class AnalysisPanels(QObject):
    """Adds the analysis docks to a ``MainWindow`` and keeps them following its state."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.state = window, window.state
        self.filters = FilterPanel()
        self.chips = FilterChips()
        self.paths = PathPanel()
        self.ranking = RankingPanel()
        self.treaties = TreatyCompareView()
        self._put_chips_above_canvas()
        area = Qt.RightDockWidgetArea
        self.filter_dock = window._dock("Filters", _scrolled(self.filters), Qt.LeftDockWidgetArea)
        window.tabifyDockWidget(window.tree_dock, self.filter_dock)
        window.tree_dock.raise_()
        self.path_dock = window._dock("Paths", _scrolled(self.paths), area)
        self.ranking_dock = window._dock("Ranking", _scrolled(self.ranking), area)
        window.tabifyDockWidget(window.detail_dock, self.path_dock)
        window.tabifyDockWidget(window.detail_dock, self.ranking_dock)
        window.detail_dock.raise_()
        self.treaty_dock = window._dock("Treaty comparison", _scrolled(self.treaties), Qt.BottomDockWidgetArea)
        window.tabifyDockWidget(window.timeline_dock, self.treaty_dock)
        window.timeline_dock.raise_()
        self.result: Analysis | None = None
        self._token = 0
        self._worker: AnalysisWorker | None = None
        self._timer = QTimer(self, singleShot=True, interval=300)  # after a drag settles
        self._timer.timeout.connect(self._recompute)
        self._connect()

    def _put_chips_above_canvas(self) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.chips)
        box.addWidget(self.window.canvas, 1)
        self.window.setCentralWidget(holder)

    def docks(self) -> list:
        return [self.filter_dock, self.path_dock, self.ranking_dock, self.treaty_dock]

    def _connect(self) -> None:
        state, window = self.state, self.window
        self.filters.filters_changed.connect(window.change_filters)  # undoable
        self.chips.filters_changed.connect(window.change_filters)
        state.filters_changed.connect(self.filters.set_filters)
        state.filters_changed.connect(self.chips.set_filters)
        state.dataset_changed.connect(self._dataset_changed)
        state.visible_changed.connect(self._timer.start)
        state.selection_changed.connect(lambda ids, _f: self.paths.set_selection(list(ids)))
        self.paths.path_highlight_requested.connect(window.canvas.set_path)
        for panel in (self.paths, self.ranking, self.treaties):
            panel.entity_requested.connect(lambda i: window.select_and_center([i]))
        self.ranking.size_measure_changed.connect(lambda _m: self._apply_appearance())
        self.ranking.colour_by_community_changed.connect(lambda _on: self._apply_appearance())

    def _dataset_changed(self) -> None:
        dataset, graph = self.state.dataset, self.state.graph
        self.result = None
        self.filters.set_graph(graph)
        finder = self.window.search_index.find if self.window.search_index else None
        self.paths.set_dataset(dataset, graph, finder)
        self.ranking.clear()
        self.treaties.set_dataset(dataset)
        self._timer.start()

    def _recompute(self) -> None:
        """Paths follow the masks at once; centrality and communities on a worker."""
        state = self.state
        if state.graph is None or state.compare_days is not None:
            return
        visible = state.visible()
        self.paths.set_masks(visible.nodes, visible.edges)
        if self._worker is not None:
            self._worker.cancel()
        self._token += 1
        worker = AnalysisWorker(state.dataset, state.graph, visible.nodes, visible.edges, self._token)
        worker.signals.finished.connect(self._finished)
        self._worker = worker
        QThreadPool.globalInstance().start(worker)

    def _finished(self, token: int, result: Analysis) -> None:
        if token != self._token or self.state.graph is None:
            return  # an answer for masks no longer shown
        self.result = result
        self.ranking.set_analysis(self.state.dataset, self.state.graph, result)
        self._apply_appearance()

    def _apply_appearance(self) -> None:
        """Node size by the chosen measure, colour by community, with the legend to match."""
        canvas, result = self.window.canvas, self.result
        measure = self.ranking.size_measure()
        sizes = None
        if result is not None and measure in result.measures:
            sizes = analysis.size_factors(result.measures[measure])
        colours = None
        canvas.node_legend = None
        if result is not None and self.ranking.colour_by_community():
            colours = analysis.community_colours(result.communities)
            canvas.node_legend = self._community_legend(result, colours)
        canvas.set_appearance(sizes, colours)

    def _community_legend(self, result: Analysis, colours: list) -> list[tuple[str, str, str]]:
        entries, seen = [], set()
        for community, colour in zip(result.communities.tolist(), colours):
            if community < 0 or community in seen or colour is None:
                continue
            seen.add(community)
            entries.append((community, f"Community: {result.names.get(community, community)}", colour))
        entries.sort()
        shown = [(label, colour, "o") for _c, label, colour in entries[:10]]
        if len(entries) > 10:
            shown.append((f"{len(entries) - 10} smaller communities", "#9ca3af", "o"))
        return shown
