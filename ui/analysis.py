"""The analysis panels wired to the state and the canvas: filters (a panel and removable chips
above the canvas), paths between two entities, centrality and communities (computed as a
background task whenever what is shown changes; a failure says so and marks the old figures
stale), and the treaty comparison."""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
from PySide6.QtCore import QObject

from data import measures
from data.filters import Filters
from data.measures import Analysis
from widgets.debounce import Debounce
from widgets.graph_canvas import GraphCanvas
from .panels import Panels
from .showing import PAINT, Showing
from .state import ViewState
from . import lock_free
from .tasks import Task, run_task

#: above this many shown entities, centrality and communities are not worked out by themselves:
#: at 100,000 entities they took 20 s after every change of the date (measured; igraph then held
#: the interpreter lock, and the window froze: they now run in a process of their own,
#: ``ui.lock_free``); filters, focus mode or the date narrow the view
AUTOMATIC_LIMIT = 20_000


class AnalysisController(QObject):
    """Keeps the Filters, Paths, Ranking and Treaty comparison panels following the state.

    ``change_filters(filters)`` applies filters the user chose (undoably); ``show_entity(id)``
    selects an entity picked in a panel; ``finder`` is the search used by the Paths panel;
    ``say`` shows a passing message."""

    def __init__(self, parent: QObject, state: ViewState, panels: Panels, canvas: GraphCanvas,
                 change_filters: Callable[[Filters], None], show_entity: Callable[[str], None],
                 finder: Callable[[], Callable | None], say: Callable[[str, int], None]):
        super().__init__(parent)
        self.state, self.canvas, self.say, self.finder = state, canvas, say, finder
        self.filters, self.chips, self.paths = panels.filters, panels.chips, panels.paths
        self.ranking, self.treaties = panels.ranking, panels.treaties
        self.result: Analysis | None = None
        self._token = 0
        self._task: Task | None = None
        self._recompute_soon = Debounce(self, 300, self._recompute)  # after a drag settles
        self._filling = Showing(self)  #: the panels following a new dataset, in steps
        self.filters.filters_changed.connect(change_filters)
        self.chips.filters_changed.connect(change_filters)
        state.filters_changed.connect(self.filters.set_filters)
        state.filters_changed.connect(self.chips.set_filters)
        state.dataset_changed.connect(self._dataset_changed)
        state.visible_changed.connect(self._recompute_soon.trigger)
        state.selection_changed.connect(lambda ids, _f: self.paths.set_selection(list(ids)))
        self.paths.path_highlight_requested.connect(canvas.set_path)
        for panel in (self.paths, self.ranking, self.treaties):
            panel.entity_requested.connect(show_entity)
        # the Ranking panel's choices are the state's (a saved view keeps them)
        self.ranking.size_measure_changed.connect(lambda measure: state.set_appearance(size_by=measure))
        self.ranking.colour_by_community_changed.connect(lambda on: state.set_appearance(colour_by_community=on))
        state.appearance_changed.connect(self._appearance_changed)
        self.ranking.structural_links_changed.connect(lambda _on: self._recompute_soon.trigger())

    def _dataset_changed(self) -> None:
        # the panels follow in steps from the next turn of the event loop on (ui.showing): the
        # window answers (and the canvas draws) between showing a dataset and filling the panels
        self.result = None
        self._token += 1  # an analysis of the last dataset still under way is for its graph only
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._filling.start(self._fill_panels())

    def fill_now(self) -> None:
        """Fill the panels for the new dataset now, not over the next turns of the event loop."""
        self._filling.finish()

    def _fill_panels(self) -> Iterator[str | None]:
        yield PAINT  # the first step too waits for the next turn (it starts within the window's step)
        dataset, graph = self.state.dataset, self.state.graph
        self.filters.set_graph(graph)
        yield
        self.paths.set_dataset(dataset, graph, self.finder())
        yield
        self.ranking.clear()
        yield from self.treaties.set_dataset_steps(dataset)
        self._recompute_soon.trigger()

    def _recompute(self) -> None:
        """Paths follow the masks at once; centrality and communities as a background task."""
        state = self.state
        if state.graph is None or state.compare_days is not None or self._filling.busy:
            return  # (the panels are being filled for a new dataset: their last step asks again)
        visible = state.visible()
        self.paths.set_masks(visible.nodes, visible.edges)
        if self._task is not None:
            self._task.cancel()
        self._token += 1
        self._task = None
        if int(visible.nodes.sum()) > AUTOMATIC_LIMIT:
            self.ranking.set_stale(f"Centrality and communities are worked out for up to {AUTOMATIC_LIMIT:,} "
                                   "shown entities: narrow the view with filters, focus mode or the date.")
            return
        token, dataset, graph = self._token, state.dataset, state.graph
        nodes, edges = visible.nodes.copy(), visible.edges.copy()
        structural, whole = self.ranking.include_structural(), _at_the_date(state)  # communities: the whole graph
        self._task = run_task(lambda _report: measures.analyse(dataset, graph, nodes, edges, structural=structural,
                                                               whole=whole, run=lock_free.run),
                              name="The centrality and community analysis", owner=self,
                              on_finished=lambda result: self._finished(token, result),
                              on_failed=lambda message: self._failed(token, message))

    def _finished(self, token: int, result: Analysis) -> None:
        if token != self._token or self.state.graph is None:
            return  # an answer for masks no longer shown
        self._task = None
        self.result = result
        self.ranking.set_analysis(self.state.dataset, self.state.graph, result)
        self._apply_appearance()

    def _failed(self, token: int, message: str) -> None:
        if token != self._token:
            return
        self._task = None
        self.ranking.set_stale(message)
        self.say(message, 10000)

    def _appearance_changed(self) -> None:
        self.ranking.show_appearance(self.state.size_by, self.state.colour_by_community)
        self._apply_appearance()

    def _apply_appearance(self) -> None:
        """Node size by the chosen measure, colour by community, with the legend to match."""
        canvas, result = self.canvas, self.result
        measure = self.state.size_by
        sizes = None
        if result is not None and measure in result.measures:
            sizes = measures.size_factors(result.measures[measure])
        colours = None
        canvas.node_legend = None
        if result is not None and self.state.colour_by_community:
            colours = measures.community_colours(result.communities)
            canvas.node_legend = _community_legend(result, colours)
        canvas.set_appearance(sizes, colours)


def _at_the_date(state: ViewState) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the graph at the state's date, before filters and focus mode narrow it."""
    graph, nodes = state.graph, state.visible().active_nodes.copy()
    if state.day is None:
        return nodes, np.ones(graph.edge_count, dtype=bool)
    return nodes, graph.active_edges(state.day, state.mode, state.until, node_mask=nodes)


def _community_legend(result: Analysis, colours: list) -> list[tuple[str, str, str]]:
    """The ten largest communities by name, the rest counted."""
    entries, seen = [], set()
    for community, colour in zip(np.asarray(result.communities).tolist(), colours):
        if community < 0 or community in seen or colour is None:
            continue
        seen.add(community)
        entries.append((community, f"Community: {result.names.get(community, community)}", colour))
    entries.sort()
    shown = [(label, colour, "o") for _c, label, colour in entries[:10]]
    if len(entries) > 10:
        shown.append((f"{len(entries) - 10} smaller communities", "#9ca3af", "o"))
    return shown
