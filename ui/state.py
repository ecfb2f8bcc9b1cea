"""The one object that owns what the user is looking at.

``ViewState`` holds the dataset and its graph, the selection and focused entity, the date, the
time mode, the focus mode, the filters, a comparison of two dates, how nodes look (size by a
measure, colour by community: the Ranking panel's choices), and (as ``layout``, a
``LayoutState``) where the nodes are and what part of the plane is shown: everything needed to
redraw the window and to save the view. Views write user actions into it and redraw from its
signals; it emits only on a real change, so a view that sets what it already shows cannot start
an echo.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
from PySide6.QtCore import QObject, Signal

from data import dates, schema
from data.filters import Filters
from data.graph import Graph, TimeMode, build
from data.model import Dataset
from .layout_state import LayoutState

FOLD_ROWS = 250_000  #: edges anchored in one step of ``ViewState.visible_steps``


def _clear_of(disc: np.ndarray, treaty: np.ndarray, others: np.ndarray, spacing: float) -> np.ndarray:
    """The disc of articles moved out from its treaty, step by step, to the first place where
    no other node lies inside it (or the place with the fewest)."""
    if not len(disc) or not len(others):
        return disc
    centre = disc.mean(axis=0)
    away = centre - treaty
    away = away / (np.hypot(*away) or 1.0)
    radius = float(np.hypot(*(disc - centre).T).max()) + spacing * 0.5
    best, fewest = np.zeros(2), None
    for step in range(24):
        shift = away * step * radius * 0.15
        inside = int((np.hypot(*(others - (centre + shift)).T) < radius).sum())
        if fewest is None or inside < fewest:
            best, fewest = shift, inside
        if inside == 0:
            break
    return disc + best


def _treaty_of_each(dataset: Dataset, graph: Graph) -> np.ndarray:
    """Each article's treaty index, -1 for the rest (from the loader's arrays when the graph
    was built from them: no loop over the entities)."""
    frame = dataset.frame
    if frame is not None and frame.ids is graph.ids:
        articles = (frame.table == schema.ENTITY_TABLES.index("articles")) & (frame.parent >= 0)
        return np.where(articles, frame.parent, -1).astype(np.int64)
    treaty_of = np.full(graph.node_count, -1, dtype=np.int64)
    index = graph.index
    for entity in dataset.entities.values():
        if entity.table == "articles" and entity.parent_id in index:
            treaty_of[index[entity.id]] = index[entity.parent_id]
    return treaty_of


@dataclass(frozen=True)
class Visible:
    """What the canvas shows now: masks over the graph's nodes and edges."""

    nodes: np.ndarray
    edges: np.ndarray
    active_nodes: np.ndarray  #: active at the date, before focus mode narrows it
    #: where each node's edges are drawn from: itself, or the treaty a collapsed article is in
    #: (None: every node is drawn where it is)
    anchor: np.ndarray | None = None
    #: each edge's two ends through ``anchor`` (None when there is no anchor)
    anchored: tuple[np.ndarray, np.ndarray] | None = None


class ViewState(QObject):
    """Signals:
    dataset_changed(): a new dataset (and graph) is loaded.
    selection_changed(list, object): the selected ids and the focused id (or None).
    date_changed(int): the current day (``until`` may have changed with it).
    mode_changed(str): the time mode's value (``TimeMode``).
    focus_changed(): focus mode switched or its number of hops changed.
    compare_changed(): a comparison of two dates started, changed or ended.
    expanded_changed(): the treaties whose articles are shown changed.
    filters_changed(object): the filters (``data.filters.Filters``) changed.
    visible_changed(): what is shown changed for any of the reasons above.
    appearance_changed(): node size now follows another measure, or colour by community
        switched (what is shown is the same).
    """

    dataset_changed = Signal()
    selection_changed = Signal(list, object)
    date_changed = Signal(int)
    mode_changed = Signal(str)
    focus_changed = Signal()
    compare_changed = Signal()
    expanded_changed = Signal()
    filters_changed = Signal(object)
    visible_changed = Signal()
    appearance_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.dataset: Dataset | None = None
        self.graph: Graph | None = None
        self.selected: list[str] = []
        self.focused: str | None = None
        self.day: int | None = None
        self.until: int | None = None
        self.mode = TimeMode.AT
        self.focus_mode = False
        self.focus_hops = 1
        self.compare_days: tuple[int, int] | None = None
        self.filters = Filters()
        self.size_by = "none"  #: the measure node size follows: none, degree, betweenness, eigenvector
        self.colour_by_community = False  #: nodes in their community's colour rather than their kind's
        #: treaties whose articles are drawn; the others' articles are folded into them
        self.expanded: frozenset[str] = frozenset()
        self.layout = LayoutState(self)
        self.loading_spacing: float | None = None  #: the typical gap of the positions the dataset came with
        self._article_of = np.zeros(0, dtype=np.int64)  #: each article's treaty index, -1 for the rest
        self._folded: tuple = (None, None)  #: ((graph, expanded), what _folding gives)
        self._folding_work: list | None = None  #: [key, anchor, a_src, a_dst, apart, edges done] under way
        self._visible: Visible | None = None

    # -- the dataset ---------------------------------------------------------------------
    def set_dataset(self, dataset: Dataset, graph: Graph | None = None, positions: np.ndarray | None = None,
                    pinned: np.ndarray | None = None, provisional: bool = False, spacing: float | None = None) -> None:
        """Show a dataset: its graph (built unless given) laid out at ``positions`` (all at the
        origin when not given); ``provisional`` marks a quick layout; ``spacing`` is the
        positions' typical gap when it was worked out already (``loading_spacing``)."""
        self.dataset = dataset
        self.graph = graph or build(dataset)
        self.loading_spacing = spacing
        self.layout.reset(np.zeros((self.graph.node_count, 2)) if positions is None else positions,
                          pinned, provisional)
        self.selected, self.focused = [], None
        self.day = dataset.default_day()
        self.until = self.day
        self.compare_days = None
        self.filters = Filters()
        self.expanded = frozenset()
        self._article_of = _treaty_of_each(dataset, self.graph)
        self._visible = None
        self.dataset_changed.emit()
        self.filters_changed.emit(self.filters)
        self.selection_changed.emit([], None)
        if self.day is not None:
            self.date_changed.emit(self.day)
        self.visible_changed.emit()

    def date_range(self) -> tuple[int, int] | None:
        return self.dataset.date_range() if self.dataset else None

    # -- selection -----------------------------------------------------------------------
    def select(self, ids: list[str], additive: bool = False, focused: str | None = None) -> None:
        """Replace the selection (or add to it); the focused entity is the last one named."""
        known = [i for i in ids if self.graph is not None and i in self.graph.index]
        chosen = list(dict.fromkeys((self.selected + known) if additive else known))
        focus = focused if focused in chosen else (known[-1] if known else (chosen[-1] if chosen else None))
        if chosen == self.selected and focus == self.focused:
            return
        self.selected, self.focused = chosen, focus
        if self.focus_mode:
            self._visible = None
        self.selection_changed.emit(list(chosen), focus)
        if self.focus_mode:
            self._changed_visible()

    def toggle(self, entity_id: str) -> None:
        """Ctrl-click: add an entity to the selection, or take it out."""
        if entity_id in self.selected:
            rest = [i for i in self.selected if i != entity_id]
            self.select(rest, focused=rest[-1] if rest else None)
        else:
            self.select([entity_id], additive=True)

    def clear_selection(self) -> None:
        self.select([])

    def selected_mask(self) -> np.ndarray:
        mask = np.zeros(self.graph.node_count if self.graph else 0, dtype=bool)
        for entity_id in self.selected:
            mask[self.graph.index[entity_id]] = True
        return mask

    # -- time ----------------------------------------------------------------------------
    def set_day(self, day: int, until: int | None = None) -> None:
        day = int(min(max(day, dates.OPEN_START + 1), dates.OPEN_END - 1))
        until = self.until if until is None else int(until)
        if day == self.day and until == self.until:
            return
        self.day, self.until = day, until
        self._visible = None  # before any signal: a slot may ask what is shown now
        self.date_changed.emit(day)
        self._changed_visible()

    def set_mode(self, mode: TimeMode | str) -> None:
        mode = TimeMode(mode)
        if mode == self.mode:
            return
        self.mode = mode
        if mode is TimeMode.WINDOW and (self.until is None or self.until < (self.day or 0)):
            self.until = self.day
        self._visible = None
        self.mode_changed.emit(mode.value)
        self._changed_visible()

    # -- filters -------------------------------------------------------------------------
    def set_filters(self, filters: Filters) -> None:
        """What kinds, tables and confidences are shown; exports and analyses follow them."""
        if filters == self.filters:
            return
        self.filters = filters
        self._visible = None
        self.filters_changed.emit(filters)
        self._changed_visible()

    # -- articles folded into their treaty ---------------------------------------------------
    def article_counts(self) -> dict[str, int]:
        """Each treaty with articles in the graph: how many."""
        parents = self._article_of[self._article_of >= 0]
        counts = np.bincount(parents, minlength=self.graph.node_count if self.graph is not None else 0)
        return {self.graph.ids[t]: int(counts[t]) for t in np.flatnonzero(counts).tolist()}

    def articles_of(self, treaty_id: str) -> list[str]:
        """The ids of a treaty's articles (in the graph)."""
        if self.graph is None or treaty_id not in self.graph.index:
            return []
        return [self.graph.ids[i] for i in np.flatnonzero(self._article_of == self.graph.index[treaty_id])]

    def treaty_of(self, entity_id: str) -> str | None:
        """The treaty an article is in (None for anything else)."""
        index = self.graph.index.get(entity_id) if self.graph is not None else None
        parent = self._article_of[index] if index is not None else -1
        return self.graph.ids[parent] if parent >= 0 else None

    def set_expanded(self, treaty_ids) -> None:
        """Show the articles of these treaties; every other treaty's articles are folded in."""
        expanded = frozenset(t for t in treaty_ids if self.articles_of(t))
        if expanded == self.expanded:
            return
        opened = expanded - self.expanded
        self.expanded = expanded
        if opened:
            self._place_articles(opened)
        self._visible = None
        self.expanded_changed.emit()
        self._changed_visible()

    def _place_articles(self, treaties) -> None:
        """Put the articles of treaties just opened in a compact disc beside their treaty, away
        from its other links (articles the user pinned stay where they are)."""
        from data.layout import typical_spacing
        from data.layout_packing import place_around

        graph, layout = self.graph, self.layout
        positions, pinned = layout.snapshot()
        spacing = typical_spacing(positions)
        spacing = spacing if np.isfinite(spacing) and spacing > 0 else 1.0
        for treaty_id in treaties:
            treaty = graph.index[treaty_id]
            articles = np.flatnonzero((self._article_of == treaty) & ~pinned)
            touching = (graph.src == treaty) | (graph.dst == treaty)
            others = np.setdiff1d(np.concatenate([graph.src[touching], graph.dst[touching]]),
                                  np.concatenate([articles, [treaty]]))
            disc = place_around(positions[treaty], len(articles), spacing * 0.45,
                                positions[others] if len(others) else None)
            positions[articles] = _clear_of(disc, positions[treaty], np.delete(positions, articles, axis=0), spacing)
        layout.set_positions(positions, pinned, layout.provisional)

    def toggle_articles(self, treaty_id: str) -> None:
        self.set_expanded(self.expanded ^ {treaty_id})

    def _folding(self) -> tuple | None:
        """While some treaty's articles are folded into it: each node's anchor (an article of a
        collapsed treaty anchors on the treaty), each edge's ends through it, which nodes are
        their own anchor and which edges join two anchors. Made once per set of open treaties,
        not at each date: an article not shown has no edge shown either."""
        for _ in self._folding_steps():
            pass
        return self._folded[1]

    def _folding_steps(self) -> Iterator[None]:
        """``_folding`` made into ``_folded``, every edge's ends through the anchors a slice of
        ``FOLD_ROWS`` edges at a time; a call meanwhile (``visible()`` at once) goes on from
        where the steps are, and they then find it made."""
        key = (self.graph, self.expanded)
        while not self._folded_for(key):
            work = self._folding_work
            if work is None or work[0][0] is not key[0] or work[0][1] != key[1]:
                graph = self.graph
                folded = self._article_of >= 0
                if folded.any():
                    expanded = np.zeros(graph.node_count, dtype=bool)
                    expanded[[graph.index[t] for t in self.expanded]] = True
                    folded &= ~expanded[np.maximum(self._article_of, 0)]
                if not folded.any():
                    self._folded = (key, None)
                    return
                anchor = np.where(folded, self._article_of, np.arange(graph.node_count))
                edges = len(graph.src)
                work = self._folding_work = [key, anchor, np.empty(edges, anchor.dtype), np.empty(edges, anchor.dtype),
                                             np.empty(edges, dtype=bool), 0]
            graph, (anchor, a_src, a_dst, apart, start) = self.graph, work[1:]
            if start < len(a_src):
                part = slice(start, start + FOLD_ROWS)
                a_src[part], a_dst[part] = anchor[graph.src[part]], anchor[graph.dst[part]]
                apart[part] = a_src[part] != a_dst[part]
                work[5] = start + FOLD_ROWS
                yield
            else:
                self._folded = (key, (anchor, a_src, a_dst, anchor == np.arange(graph.node_count), apart))
                self._folding_work = None

    def _folded_for(self, key: tuple) -> bool:
        done = self._folded[0]
        return done is not None and done[0] is key[0] and done[1] == key[1]

    def visible_steps(self) -> Iterator[None]:
        """Make ``visible()`` ahead, its work over every edge in slices, yielding between them
        (a caller that shows a big graph in steps)."""
        if self.graph is not None and self._visible is None:
            yield from self._folding_steps()
            yield
            self.visible()

    # -- how nodes look ------------------------------------------------------------------
    def set_appearance(self, size_by: str | None = None, colour_by_community: bool | None = None) -> None:
        """Node size by a measure and colour by community (None: unchanged)."""
        size_by = self.size_by if size_by is None else str(size_by)
        colour = self.colour_by_community if colour_by_community is None else bool(colour_by_community)
        if (size_by, colour) == (self.size_by, self.colour_by_community):
            return
        self.size_by, self.colour_by_community = size_by, colour
        self.appearance_changed.emit()

    # -- comparing two dates --------------------------------------------------------------
    def set_compare(self, first: int, second: int) -> None:
        days = (min(first, second), max(first, second))
        if days == self.compare_days:
            return
        self.compare_days = days
        self._visible = None
        self.compare_changed.emit()
        self._changed_visible()

    def clear_compare(self) -> None:
        if self.compare_days is None:
            return
        self.compare_days = None
        self.compare_changed.emit()
        self._changed_visible()

    def comparison(self):
        """The comparison of the two dates (``data.compare.Comparison``), or None."""
        if self.compare_days is None or self.graph is None:
            return None
        from data.compare import compare

        mode = TimeMode.CUMULATIVE if self.mode is TimeMode.CUMULATIVE else TimeMode.AT
        return compare(self.graph, *self.compare_days, mode)

    # -- focus mode ----------------------------------------------------------------------
    def set_focus_mode(self, enabled: bool, hops: int | None = None) -> None:
        hops = self.focus_hops if hops is None else max(1, min(int(hops), 9))
        if enabled == self.focus_mode and hops == self.focus_hops:
            return
        self.focus_mode, self.focus_hops = enabled, hops
        self._visible = None
        self.focus_changed.emit()
        self._changed_visible()

    # -- what is shown -------------------------------------------------------------------
    def _changed_visible(self) -> None:
        self._visible = None
        self.visible_changed.emit()

    def visible(self) -> Visible:
        """Masks of what is shown: the contract's activity at the date and mode, narrowed by
        focus mode to the selection's neighbourhood. Cached until something changes."""
        if self._visible is None:
            self._visible = self._compute_visible()
        return self._visible

    def _compute_visible(self) -> Visible:
        graph = self.graph
        if graph is None:
            empty = np.zeros(0, dtype=bool)
            return Visible(empty, empty, empty)
        if self.day is None:
            nodes = np.ones(graph.node_count, dtype=bool)
            edges = np.ones(graph.edge_count, dtype=bool)
        else:
            nodes = graph.active_nodes(self.day, self.mode, self.until)
            edges = graph.active_edges(self.day, self.mode, self.until, node_mask=nodes)
        active = nodes
        if not self.filters.is_default:
            nodes, edges = self.filters.apply(graph, nodes, edges)
        folding = self._folding()
        anchor, a_src, a_dst = (None, graph.src, graph.dst) if folding is None else folding[:3]
        if folding is not None:  # a collapsed treaty's articles are drawn as the treaty
            nodes = nodes & folding[3]
        if self.focus_mode and self.selected:
            nodes = nodes & graph.neighbours(self.selected_mask() & nodes, self.focus_hops, edges)
        if anchor is not None or (self.focus_mode and self.selected):
            apart = folding[4] if folding is not None else graph.src != graph.dst
            edges = edges & nodes[a_src] & nodes[a_dst] & apart
        return Visible(nodes, edges, active, anchor, None if anchor is None else (a_src, a_dst))
