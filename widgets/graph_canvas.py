"""The relationship graph canvas: all nodes in one scatter item, all edges in one edge item,
labels chosen per frame; pan, wheel zoom, click and Ctrl-click, hover tooltips, drag to pin.

The canvas knows nothing of the application state: it is given a graph, positions and masks,
and reports what the user did through its signals (a click, a drag, the part of the plane it
shows). It never moves a node by itself: a drag is reported, and the new positions come back
through ``set_positions``.
"""
from __future__ import annotations

import html
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from data import schema, style
from data.graph import Graph
from .graph_items import EdgeGroup, EdgeItem, LabelItem
from .legend import Legend
from .node_items import (Flash, PassiveScatter, cosmetic_pen, fill_scatter, node_looks,
                         object_array)

WIDTHS = (1.0, 1.8, 2.8)
CONFIDENCE_NAMES = schema.CONFIDENCE_LEVELS


class _ViewBox(pg.ViewBox):
    """A view box that lets the canvas claim clicks and drags that start on a node."""

    def __init__(self, canvas: "GraphCanvas"):
        super().__init__(lockAspect=True, enableMenu=False)
        self.canvas = canvas
        self._dragging: int | None = None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.LeftButton:
            return super().mouseClickEvent(ev)
        ev.accept()
        self.canvas.clicked_at(self.mapSceneToView(ev.scenePos()), bool(ev.modifiers() & Qt.ControlModifier))

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.LeftButton:
            if ev.isStart():
                self._dragging = self.canvas.node_at(self.mapSceneToView(ev.buttonDownScenePos()))
            if self._dragging is not None:
                ev.accept()
                self.canvas.drag_node(self._dragging, self.mapSceneToView(ev.scenePos()), ev.isFinish())
                if ev.isFinish():
                    self._dragging = None
                return
        super().mouseDragEvent(ev, axis)


class GraphCanvas(QWidget):
    """Signals:
    node_clicked(str, bool): a node was clicked (its id; True when Ctrl was held).
    background_clicked(): empty space was clicked.
    node_dragged(int, float, float, bool): the user drags a node (its index) to a point; True
        when it is let go.
    view_changed(object): the part of the plane shown changed (a pan, a zoom, a fit): its
        (left, bottom, width, height).
    """

    node_clicked = Signal(str, bool)
    background_clicked = Signal()
    node_dragged = Signal(int, float, float, bool)
    view_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = pg.GraphicsView(background=style.BACKGROUND)
        self.box = _ViewBox(self)
        self.view.setCentralItem(self.box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.edges = EdgeItem()
        self.edge_highlight = EdgeItem(budget=None)  # the selection's own edges, over the dimmed rest
        self.path_edges = EdgeItem(budget=None)  # a path asked for in the Paths panel
        self.path_nodes = PassiveScatter(pxMode=True, antialias=True)
        self.dim_nodes = PassiveScatter(pxMode=True, antialias=True)  # outside the selection's reach
        self.nodes = PassiveScatter(pxMode=True, antialias=True)
        self.rings = PassiveScatter(pxMode=True, antialias=True)
        self.flash_items = PassiveScatter(pxMode=True, antialias=True)  # what appeared
        self.ghosts = PassiveScatter(pxMode=True, antialias=True)  # what disappeared
        self.labels = LabelItem()
        for z, item in enumerate((self.edges, self.dim_nodes, self.edge_highlight, self.path_edges, self.ghosts,
                                  self.flash_items, self.nodes, self.path_nodes, self.rings, self.labels)):
            item.setZValue(z)
            self.box.addItem(item)
        self.legend = Legend(self)
        self.legend.move(10, 10)
        self.graph: Graph | None = None
        self.positions = np.zeros((0, 2))  #: where each node is drawn (set_positions)
        self.shown = np.zeros(0, dtype=np.int64)
        self._tooltip: Callable[[int], str] = lambda _i: ""
        self._texts: list[str] = []
        self._masks = None
        self._scatter_loaded, self._edges_shown = False, None
        self.node_legend: list[tuple[str, str, str]] | None = None  #: replaces the kinds' legend
        self._flash = Flash(self, self.flash_items, self.ghosts)
        self.view.scene().sigMouseMoved.connect(self._hovered)
        self.box.sigRangeChanged.connect(self._range_changed)

    # -- data ----------------------------------------------------------------------------
    def set_graph(self, graph: Graph, positions: np.ndarray, texts: list[str],
                  tooltip: Callable[[int], str], tables: list[str]) -> None:
        """A new graph: its positions, labels, tooltip text per node and each node's table."""
        self.graph, self.positions = graph, np.asarray(positions, float)
        self._texts = [t if len(t) <= 34 else t[:32].rstrip() + "…" for t in texts]
        self._tooltip = tooltip
        degree = graph.degree()
        self.degree = degree
        looks = [style.node_style(t, graph.kinds[k]) for t, k in zip(tables, graph.kind)]
        self.style_keys = [style.node_style_key(t, graph.kinds[k]) for t, k in zip(tables, graph.kind)]
        self.legend_names = {key: (style.legend_label(t, graph.kinds[k]), look.colour, look.symbol)
                             for key, t, k, look in zip(self.style_keys, tables, graph.kind, looks)}
        self._key_names = sorted(set(self.style_keys))
        code_of = {k: i for i, k in enumerate(self._key_names)}
        self._key_codes = np.fromiter((code_of[k] for k in self.style_keys), np.int32, len(self.style_keys))
        base = np.array([look.size for look in looks], dtype=float)
        density = 1.0 if graph.node_count <= 2000 else max(0.3, float(np.sqrt(2000 / graph.node_count)))
        # many nodes: smaller symbols, so that the graph is not one solid blob when zoomed out
        self.base_size = np.maximum(density * np.minimum(base * (0.85 + 0.12 * np.log2(1 + degree)), base * 2), 3)
        self.node_size = np.round(self.base_size)  # whole pixels: one sprite per size
        self.symbol = np.array([look.symbol for look in looks], dtype=object)
        colours = sorted({look.colour for look in looks})
        colour_code = {c: i for i, c in enumerate(colours)}
        codes = np.fromiter((colour_code[look.colour] for look in looks), np.int32, len(looks))
        table = [node_looks(c) for c in colours]  # brush, dim brush, pen, dim pen of each colour
        self.brush, self.dim_brush, self.pen, self.dim_pen = (
            object_array([t[k] for t in table])[codes] for k in range(4))
        self._kind_looks = tuple(a.copy() for a in (self.brush, self.dim_brush, self.pen, self.dim_pen))
        self.edge_colours = style.relation_colours(graph.edge_kinds)
        self.by_degree = np.argsort(-degree, kind="stable")
        self._scatter_loaded = False
        self.node_legend = None
        self.path_edges.set_edges(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.int64), [])
        self.path_nodes.clear()

    # -- what is shown -------------------------------------------------------------------
    def set_view(self, nodes: np.ndarray, edges: np.ndarray, selected: np.ndarray) -> None:
        """Show the nodes and edges in the masks; highlight the selection and its neighbours.

        Cheap by construction: nodes sit in two scatter items loaded once (full colour and
        dimmed) and a frame only flips their visibility flags; the edge paths are rebuilt only
        when the edges shown change, and a selection adds an overlay of its own edges."""
        if self.graph is None:
            return
        self._masks = (nodes, edges, selected)
        graph = self.graph
        selected = selected & nodes
        has_selection = bool(selected.any())
        near = graph.neighbours(selected, 1, edges) if has_selection else nodes
        self.shown = np.flatnonzero(nodes)
        if not self._scatter_loaded:
            self._load_scatter()
        lit = near | ~has_selection
        # pyqtgraph's setPointsVisible would also forget every sprite (and look each up
        # again), so the flags are set directly
        self.nodes.data["visible"] = nodes & lit
        self.dim_nodes.data["visible"] = nodes & ~lit
        self.nodes.invalidate()
        self.dim_nodes.invalidate()
        ring = np.flatnonzero(selected)
        self.rings.setData(pos=self.positions[ring], size=self.node_size[ring] + 9, symbol="o",
                           brush=None, pen=pg.mkPen(style.HIGHLIGHT, width=3.5))
        if self._edges_shown is None or not np.array_equal(edges, self._edges_shown):
            self._draw_edges(self.edges, np.flatnonzero(edges), emphasis=1)
            self._edges_shown = edges.copy()
        touching = edges & (selected[graph.src] | selected[graph.dst]) if has_selection else None
        self.edges.setOpacity(0.27 if has_selection else 1.0)
        self._draw_edges(self.edge_highlight, np.flatnonzero(touching) if has_selection else
                         np.zeros(0, dtype=np.int64), emphasis=2)
        self._draw_labels(nodes, selected, near, has_selection)
        self._update_legend(nodes, edges)

    def _load_scatter(self) -> None:
        """Every node into both scatter items once (positions, sizes, symbols, colours); later
        frames change only which points are visible in which."""
        # one sprite look-up per distinct look (colour, symbol, size), not one per node
        symbols, symbol_codes = np.unique(self.symbol.astype(str), return_inverse=True)
        for item, brushes, pens in ((self.nodes, self.brush, self.pen), (self.dim_nodes, self.dim_brush, self.dim_pen)):
            # a colour's brush and pen are shared objects: the brush's identity names the colour
            _ids, colour_codes = np.unique(np.fromiter(map(id, brushes), np.int64, len(brushes)), return_inverse=True)
            look_code = (colour_codes.reshape(-1) * len(symbols) + symbol_codes.reshape(-1)) * 4096 \
                + np.clip(self.node_size, 0, 4095).astype(np.int64)
            _codes, first, inverse = np.unique(look_code, return_index=True, return_inverse=True)
            fill_scatter(item, self.positions, self.node_size, self.symbol, brushes, pens, first, inverse.reshape(-1))
        self._scatter_loaded, self._edges_shown = True, None

    def _draw_edges(self, item: EdgeItem, idx: np.ndarray, emphasis: int) -> None:
        """Edges ``idx`` into ``item``, grouped by colour (kind), dash (confidence) and width
        (weight); ``emphasis`` 1 is the normal look, 2 the selection's."""
        graph = self.graph
        src, dst = graph.src[idx], graph.dst[idx]
        bucket = np.digitize(graph.weight[idx], [1.5, 2.5])
        code = (graph.edge_kind[idx].astype(np.int64) * len(CONFIDENCE_NAMES) + graph.confidence[idx]) * 3 + bucket
        unique, groups = np.unique(code, return_inverse=True)
        styles = []
        for value in unique:
            rest, width = divmod(int(value), 3)
            kind, confidence = divmod(rest, len(CONFIDENCE_NAMES))
            styles.append(EdgeGroup(
                self.edge_colours[graph.edge_kinds[kind]],
                style.CONFIDENCE_DASH[CONFIDENCE_NAMES[confidence]],
                WIDTHS[width] + (1.2 if emphasis == 2 else 0), 235 if emphasis == 2 else 150))
        item.set_edges(self.positions[src], self.positions[dst], groups.reshape(-1), styles, keys=idx,
                       priority=graph.weight[idx])

    def _draw_labels(self, nodes: np.ndarray, selected: np.ndarray, near: np.ndarray, has_selection: bool) -> None:
        degree_order = self.by_degree[nodes[self.by_degree]]
        always = selected.copy()  # drawn even when crowded; the rest only where they fit
        if not has_selection:
            always[degree_order[:6]] = True  # with nothing selected, the hubs are what matter
        if has_selection:
            first = np.concatenate([np.flatnonzero(selected), np.flatnonzero(near & nodes & ~selected)])
            degree_order = np.concatenate([first, degree_order[~np.isin(degree_order, first)]])
        faded = ~near if has_selection else np.zeros(len(nodes), dtype=bool)
        self.labels.set_labels(self.positions, self._texts, degree_order, always, selected,
                               self.node_size / 2, faded)

    def _update_legend(self, nodes: np.ndarray, edges: np.ndarray) -> None:
        if self.node_legend is not None:  # e.g. communities instead of kinds
            node_entries = self.node_legend
        else:
            node_entries = self._kind_legend()
        kinds = np.unique(self.graph.edge_kind[edges])
        edge_entries = [(self.graph.edge_kinds[k].replace("_", " "), self.edge_colours[self.graph.edge_kinds[k]])
                        for k in kinds]
        if len(edge_entries) > 9:  # the most frequent by name; the rest named as a group
            counts = np.bincount(self.graph.edge_kind[edges], minlength=len(self.graph.edge_kinds))
            ranked = sorted(kinds, key=lambda k: -counts[k])[:8]
            edge_entries = [e for k, e in zip(kinds, edge_entries) if k in ranked]
            edge_entries.append((f"{len(kinds) - 8} other kinds", "#9ca3af"))
        present = set(np.unique(self.graph.confidence[edges]).tolist())
        dashes = [(schema.confidence_label(CONFIDENCE_NAMES[c]), style.CONFIDENCE_DASH[CONFIDENCE_NAMES[c]]) for c in sorted(present)]
        self.legend.set_entries(node_entries, edge_entries, dashes)

    def show_comparison(self, nodes: tuple[np.ndarray, np.ndarray, np.ndarray],
                        edges: tuple[np.ndarray, np.ndarray, np.ndarray], selected: np.ndarray) -> None:
        """Three styles for what was added (green), removed (red, faded) and unchanged (grey):
        ``nodes`` and ``edges`` are (added, removed, unchanged) masks."""
        if self.graph is None:
            return
        self._masks = None
        added, removed, unchanged = nodes
        shown_mask = added | removed | unchanged
        self.shown = np.flatnonzero(shown_mask)
        shown = self.shown
        looks = {"added": (QColor(style.APPEARED), 255), "removed": (QColor(style.DISAPPEARED), 150),
                 "unchanged": (QColor("#9ca3af"), 200)}
        brushes, pens = {}, {}
        for key, (colour, alpha) in looks.items():
            fill = QColor(colour)
            fill.setAlpha(alpha)
            brushes[key], pens[key] = QBrush(fill), cosmetic_pen(colour.darker(140))
        group = np.where(added[shown], "added", np.where(removed[shown], "removed", "unchanged"))
        self._scatter_loaded = False  # the scatter now holds only the compared nodes
        self.dim_nodes.clear()
        self.edge_highlight.set_edges(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.int64), [])
        self.edges.setOpacity(1.0)
        self.nodes.setData(pos=self.positions[shown], size=self.node_size[shown],
                           symbol=self.symbol[shown].tolist(), brush=[brushes[g] for g in group],
                           pen=[pens[g] for g in group], data=shown)
        ring = np.flatnonzero(selected & shown_mask)
        self.rings.setData(pos=self.positions[ring], size=self.node_size[ring] + 9, symbol="o",
                           brush=None, pen=pg.mkPen(style.HIGHLIGHT, width=3.5))
        e_added, e_removed, e_unchanged = edges
        idx = np.flatnonzero(e_added | e_removed | e_unchanged)
        groups = np.where(e_added[idx], 2, np.where(e_removed[idx], 1, 0))
        self.edges.set_edges(self.positions[self.graph.src[idx]], self.positions[self.graph.dst[idx]], groups, [
            EdgeGroup("#9ca3af", "solid", 1.0, 110), EdgeGroup(style.DISAPPEARED, "dash", 1.6, 200),
            EdgeGroup(style.APPEARED, "solid", 2.2, 235)])
        order = np.concatenate([np.flatnonzero(added), np.flatnonzero(removed),
                                self.by_degree[unchanged[self.by_degree]]])
        self.labels.set_labels(self.positions, self._texts, order, selected.copy(), selected,
                               self.node_size / 2, unchanged)
        self.legend.set_entries(
            [("Added", style.APPEARED, "o"), ("Removed", style.DISAPPEARED, "o"), ("Unchanged", "#9ca3af", "o")],
            [("added", style.APPEARED), ("removed", style.DISAPPEARED), ("unchanged", "#9ca3af")], [])

    def set_path(self, nodes: list[int], edges: list[int]) -> None:
        """Highlight a path (node and edge indices); empty lists clear it."""
        nodes, edges = np.asarray(nodes, dtype=np.int64), np.asarray(edges, dtype=np.int64)
        groups = np.zeros(len(edges), dtype=np.int64)
        self.path_edges.set_edges(self.positions[self.graph.src[edges]] if len(edges) else np.zeros((0, 2)),
                                  self.positions[self.graph.dst[edges]] if len(edges) else np.zeros((0, 2)),
                                  groups, [EdgeGroup(style.PATH, "solid", 4.5, 220)])
        self.path_nodes.setData(pos=self.positions[nodes], size=self.node_size[nodes] + 8, symbol="o",
                                brush=None, pen=cosmetic_pen(QColor(style.PATH), 3))

    def set_appearance(self, sizes: np.ndarray | None, colours: list[str | None] | None) -> None:
        """Node size factors (e.g. from a centrality) and colours (e.g. by community), over all
        nodes; None restores the sizes and colours by kind."""
        self.node_size = np.round(self.base_size * (1.0 if sizes is None else np.asarray(sizes)))
        brush, dim, pen, dim_pen = (a.copy() for a in self._kind_looks)
        if colours is not None:
            cache = {}
            for i, colour in enumerate(colours):
                if colour is not None:
                    if colour not in cache:
                        cache[colour] = node_looks(colour)
                    brush[i], dim[i], pen[i], dim_pen[i] = cache[colour]
        self.brush, self.dim_brush, self.pen, self.dim_pen = brush, dim, pen, dim_pen
        self._scatter_loaded = False
        if self._masks is not None:
            self.set_view(*self._masks)

    def _kind_legend(self) -> list[tuple[str, str, str]]:
        keys = [self._key_names[k] for k in np.unique(self._key_codes[self.shown])]
        order = {k: i for i, k in enumerate(["state", "person", "organization", "bloc", "company",
                                             "region", "treaties", "articles", "projects"])}
        keys.sort(key=lambda k: (order.get(k, 50), k))
        return [self.legend_names[k] for k in keys]

    def flash(self, appeared: np.ndarray, disappeared: np.ndarray) -> None:
        """Mark, for a moment, nodes that appeared (green ring) and disappeared (red ghost)."""
        self._flash.show(appeared, disappeared, self.positions, self.node_size, self.degree)

    # -- view ----------------------------------------------------------------------------
    def fit(self, indices: np.ndarray | None = None) -> None:
        """Zoom to the nodes given (all shown nodes by default), with a margin."""
        chosen = self.shown if indices is None else np.asarray(indices)
        if not len(chosen):
            return
        pos = self.positions[chosen]
        if len(pos) > 20000:  # a huge graph: frame where the nodes are, not its few far outliers
            lo, hi = np.percentile(pos, 1, axis=0), np.percentile(pos, 99, axis=0)
        else:
            lo, hi = pos.min(axis=0), pos.max(axis=0)
        pad = np.maximum((hi - lo) * 0.02, 0.5)
        lo, hi = lo - pad, hi + pad
        # one scale for both axes (the aspect is locked), leaving the legend's strip free on
        # the left so that no node hides under it
        width, height = max(self.box.width(), 1.0), max(self.box.height(), 1.0)
        legend = self.legend.width() + 16 if self.legend.isVisible() else 0
        label_room, margin = 70.0, 20.0  # labels sit to the right of their nodes
        usable = max(width - legend - label_room - margin, width * 0.4)
        usable_h = max(height - 2 * margin, height * 0.5)
        scale = max((hi[0] - lo[0]) / usable, (hi[1] - lo[1]) / usable_h)
        centre = (lo + hi) / 2
        right = centre[0] + scale * (usable / 2 + label_room)
        top, bottom = centre[1] + scale * height / 2, centre[1] - scale * height / 2
        self.box.setRange(xRange=(right - scale * width, right), yRange=(bottom, top), padding=0)

    def show_rect(self, rect: tuple[float, float, float, float]) -> None:
        """Show this part of the plane: (left, bottom, width, height) in layout units."""
        left, bottom, width, height = rect
        self.box.setRange(xRange=(left, left + width), yRange=(bottom, bottom + height), padding=0)

    def shown_rect(self) -> tuple[float, float, float, float]:
        rect: QRectF = self.box.viewRect()
        return rect.left(), rect.top(), rect.width(), rect.height()

    def _range_changed(self, *_args) -> None:
        self.view_changed.emit(self.shown_rect())

    def set_positions(self, positions: np.ndarray) -> None:
        """Where each node is drawn now (after a drag, an undo, a new layout)."""
        self.positions = np.asarray(positions, float)
        self._scatter_loaded = False
        if self._masks is not None:
            self.set_view(*self._masks)

    # -- interaction ---------------------------------------------------------------------
    def node_at(self, point: QPointF) -> int | None:
        """The shown node under a point in view coordinates (within its drawn radius + 3 px)."""
        if not len(self.shown):
            return None
        sx, sy = self.box.viewPixelSize()
        pos = self.positions[self.shown]
        dist = np.hypot((pos[:, 0] - point.x()) / sx, (pos[:, 1] - point.y()) / sy)
        best = int(np.argmin(dist))
        return int(self.shown[best]) if dist[best] <= self.node_size[self.shown[best]] / 2 + 3 else None

    def clicked_at(self, point: QPointF, additive: bool) -> None:
        node = self.node_at(point)
        if node is None:
            if not additive:
                self.background_clicked.emit()
        else:
            self.node_clicked.emit(self.graph.ids[node], additive)

    def drag_node(self, index: int, point: QPointF, finished: bool) -> None:
        """The user moves a node with the mouse: reported, never applied here."""
        self.node_dragged.emit(int(index), float(point.x()), float(point.y()), bool(finished))

    def _hovered(self, scene_pos) -> None:
        if self.graph is None or not self.box.sceneBoundingRect().contains(scene_pos):
            return
        node = self.node_at(self.box.mapSceneToView(scene_pos))
        if node is None:
            self.view.setToolTip("")
            QToolTip.hideText()
            return
        text = self._tooltip(node)  # dataset text: escaped so that it is never read as markup
        self.view.setToolTip("<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.legend.move(10, 10)
