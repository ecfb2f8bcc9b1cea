"""The relationship graph canvas: all nodes in one scatter item, all edges in one edge item,
labels chosen per frame; pan, wheel zoom, click and Ctrl-click, hover tooltips, drag to pin.

The canvas knows nothing of the application state: it is given a graph, positions and masks,
and reports what the user did through its signals (a click, a drag, the part of the plane it
shows). It never moves a node by itself: a drag is reported, and the new positions come back
through ``set_positions``.
"""
from __future__ import annotations

import html
from typing import Callable, Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from data import style
from data.layout import typical_gap
from data.layout_packing import frame_steps
from data.graph import Graph
from .graph_items import EdgeGroup, EdgeItem
from .label_item import LabelItem
from .debounce import Debounce
from .canvas_edges import draw_edges
from .canvas_graph import set_graph_steps
from .canvas_labels import draw_labels
from .canvas_legend import kind_entries, legend_area, legend_entries
from .canvas_prepare import view_steps
from .comparison_drawing import draw_comparison
from .legend import Legend
from .node_items import Flash, PassiveScatter, cosmetic_pen, fill_scatter_steps, look_steps, node_looks


class _ViewBox(pg.ViewBox):
    """A view box that lets the canvas claim clicks and drags that start on a node."""

    def __init__(self, canvas: "GraphCanvas"):
        super().__init__(lockAspect=True, enableMenu=False)
        self.canvas = canvas
        self._dragging: int | None = None

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.RightButton:
            ev.accept()
            self.canvas.menu_at(self.mapSceneToView(ev.scenePos()), ev.screenPos().toPoint())
            return
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
    menu_requested(str, QPoint): the user right-clicked a node: its id and where (global).
    """

    node_clicked = Signal(str, bool)
    background_clicked = Signal()
    node_dragged = Signal(int, float, float, bool)
    view_changed = Signal(object)
    menu_requested = Signal(str, QPoint)

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
        # with a selection, every shown node dimmed, under the bright ones: the same while only
        # the selection changes, so a big one is kept as a picture between clicks
        self.dim_nodes = PassiveScatter(pxMode=True, antialias=True, keep_picture=True)
        # kept as a picture too (a big graph's first paint lays over what the showing drew ahead)
        self.nodes = PassiveScatter(pxMode=True, antialias=True, keep_picture=True)
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
        self.labels.blocked = self._legend_area
        self.graph: Graph | None = None
        self.positions = np.zeros((0, 2))  #: where each node is drawn (set_positions)
        self.shown = np.zeros(0, dtype=np.int64)
        self._tooltip: Callable[[int], str] = lambda _i: ""
        self._texts: list[str] = []
        self._masks = None
        self._anchor: np.ndarray | None = None
        self._anchored: tuple = (np.zeros(0, np.int64), np.zeros(0, np.int64))  #: each edge's ends as drawn
        self._positions_version = 0  #: counts set_graph and set_positions calls (a drag moves in place)
        self._ends_cache: tuple = (None, None)  #: ((positions version, anchored), every edge's ends)
        self._ends_drawn: dict[int, np.ndarray] = {}  #: edge item -> the ends array of its last edges
        self._scatter_loaded, self._edges_shown = False, None
        self._nodes_version = 0  #: counts changes of what the scatter items must hold, and loads of them
        self._drawn: tuple | None = None  #: ((graph, versions, texts, anchor), masks) of the last set_view
        self._edge_codes: tuple = (None, None)  #: (graph, each edge's look code) for _draw_edges
        self.node_legend: list[tuple[str, str, str]] | None = None  #: replaces the kinds' legend
        self._legend_for: tuple | None = None  #: (graph, node legend) the legend lists, for the last masks
        self._prepared: tuple | None = None  #: what ``prepare_view`` made ahead for the next set_view
        self._shown_by_degree: tuple | None = None  #: (by_degree, the last masks' shown nodes by degree)
        self._flash = Flash(self, self.flash_items, self.ghosts)
        self._resize_soon = Debounce(self, 120, self._resize_symbols)  # after a zoom settles
        self._fitted = False  #: the view is as the last fit left it (a resize refits)
        self._frame: tuple = (None, None, None)  #: (positions key, nodes, box) of the last fit's frame
        self._refit_soon = Debounce(self, 60, lambda: self.fit() if self._fitted else None)
        self.box.sigRangeChangedManually.connect(lambda *_a: setattr(self, "_fitted", False))
        self.view.scene().sigMouseMoved.connect(self._hovered)
        self.box.sigRangeChanged.connect(self._range_changed)

    # -- data ----------------------------------------------------------------------------
    def set_graph(self, graph: Graph, positions: np.ndarray, texts: list[str],
                  tooltip: Callable[[int], str], tables: list[str],
                  colours: list[str | None] | None = None, sizes: np.ndarray | None = None,
                  spacing: float | None = None) -> None:
        """A new graph: its positions, labels, tooltip text per node and each node's table;
        ``colours`` and ``sizes`` (a factor of the usual size; NaN: none) are the nodes' own
        looks where the dataset gives them, over their kind's; ``spacing``, the positions'
        typical gap (``data.layout.typical_gap``) when it is known already. All at once:
        ``canvas_graph.set_graph_steps`` makes the same in steps."""
        for _ in set_graph_steps(self, graph, positions, texts, tooltip, tables, colours, sizes, spacing):
            pass

    def clear(self) -> None:
        """Show no graph (the window is about to draw a new one in steps)."""
        self.graph, self.shown = None, np.zeros(0, dtype=np.int64)
        self._clear_items()

    def _clear_items(self) -> None:
        """Nothing of the last graph stays on screen: a paint before the new graph is drawn (a
        dataset shown in steps) would show its points, edges and labels for the new graph's ids."""
        self.nodes_changed()
        self._masks, self._edges_shown, self._drawn = None, None, None  # the masks were the old graph's
        for item in (self.nodes, self.dim_nodes, self.rings, self.path_nodes):
            item.clear()
        for item in (self.edges, self.edge_highlight, self.path_edges):
            item.set_edges(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.int64), [])
        self.labels.set_labels(np.zeros((0, 2)), [], np.zeros(0, dtype=np.int64), *(np.zeros(0, dtype=bool),) * 2,
                               np.zeros(0), np.zeros(0, dtype=bool))

    # -- what is shown -------------------------------------------------------------------
    def set_view(self, nodes: np.ndarray, edges: np.ndarray, selected: np.ndarray,
                 anchor: np.ndarray | None = None, anchored: tuple | None = None) -> None:
        """Show the nodes and edges in the masks; highlight the selection and its neighbours.
        ``anchor`` maps each node to the node its edges are drawn from (a folded article's
        edges start at its treaty); None: each node's own place. ``anchored``: each edge's two
        ends through ``anchor``, when the caller has them (made here otherwise).

        Cheap by construction: nodes sit in two scatter items loaded once (full colour and
        dimmed) and a frame only flips their visibility flags; the edge paths are rebuilt only
        when the edges shown change, and a selection adds an overlay of its own edges."""
        if self.graph is None:
            return
        # the last set_view's masks, compared once here: a click changes the selection only, and
        # the edges, the legend and the labels' order then keep what they made for the same masks
        drawn = (self.graph, self._nodes_version, self._positions_version, self._texts, anchor)
        last = self._drawn
        same_nodes = last is not None and np.array_equal(last[1][0], nodes)
        same_edges = last is not None and np.array_equal(last[1][1], edges)
        if (self._scatter_loaded and same_nodes and same_edges and np.array_equal(last[1][2], selected)
                and all(a is b or a == b for a, b in zip(drawn[:3], last[0][:3]))
                and all(a is b for a, b in zip(drawn[3:], last[0][3:]))):
            return  # what is shown already (a redraw asked for twice)
        self._masks = (nodes, edges, selected, anchor, anchored)
        graph = self.graph
        prepared, self._prepared = self._prepared, None
        if prepared is not None and not (prepared[0] is graph and prepared[1] is nodes and prepared[2] is edges
                                         and np.count_nonzero(nodes) == len(prepared[4])
                                         and np.count_nonzero(edges) == len(prepared[5])):
            prepared = None  # made for other masks
        self._anchor = anchor
        if anchor is None:
            a_src, a_dst = graph.src, graph.dst
        else:
            a_src, a_dst = anchored if anchored is not None else (anchor[graph.src], anchor[graph.dst])
        self._anchored = (a_src, a_dst)
        selected = selected & nodes
        has_selection = bool(selected.any())
        touching = edges & (selected[a_src] | selected[a_dst]) if has_selection else None
        near = nodes
        if has_selection:
            near = selected.copy()
            near[a_src[touching]] = True
            near[a_dst[touching]] = True
        self.shown = np.flatnonzero(nodes) if prepared is None else prepared[4]
        # the flags prepare_view set, if the scatter items are still those it set them in
        flags_set = (not has_selection and prepared is not None and prepared[8] is not None and self._scatter_loaded
                     and prepared[8][0] is self.nodes.data and prepared[8][1] is self.dim_nodes.data
                     and prepared[8][2] == self._nodes_version)
        if not self._scatter_loaded:
            self._load_scatter()
        lit = near | ~has_selection
        # pyqtgraph's setPointsVisible would also forget every sprite (and look each up
        # again), so the flags are set directly (unless prepare_view set them for these masks)
        if not flags_set:
            self.nodes.data["visible"] = nodes & lit
            self.dim_nodes.data["visible"] = nodes & has_selection
        if prepared is not None and prepared[7][0] is self.by_degree:
            self._shown_by_degree, same_labels = prepared[7], True
        else:
            same_labels = same_nodes
        self.nodes.invalidate()
        self.dim_nodes.invalidate()
        ring = np.flatnonzero(selected)
        self.rings.setData(pos=self.positions[ring], size=self.node_size[ring] + 9, symbol="o",
                           brush=None, pen=pg.mkPen(style.HIGHLIGHT, width=3.5))
        if self._edges_shown is None or not same_edges or not _same_anchor(anchor, self._edges_shown[0]):
            draw_edges(self, self.edges, np.flatnonzero(edges) if prepared is None else prepared[5], emphasis=1)
            self._edges_shown = (None if anchor is None else anchor.copy(),)
        self.edges.setOpacity(0.27 if has_selection else 1.0)
        draw_edges(self, self.edge_highlight, np.flatnonzero(touching) if has_selection else
                         np.zeros(0, dtype=np.int64), emphasis=2)
        draw_labels(self, nodes, selected, near, has_selection, same_labels)
        legend = self._legend_for
        if not (same_nodes and same_edges and legend is not None and legend[0] is self.graph
                and legend[1] == self.node_legend):
            self._legend_for = (self.graph, self.node_legend)  # else a click: counting is 85 ms at a million
            ready = prepared is not None and prepared[3] == self.node_legend
            self.legend.set_entries(*(prepared[6] if ready else legend_entries(self, edges)))
        self._drawn = (drawn, (nodes.copy(), edges.copy(), self._masks[2].copy()))

    def prepare_view(self, nodes: np.ndarray, edges: np.ndarray) -> Iterator[None]:
        """Count ahead, in steps, what the next ``set_view`` of these masks (the same arrays)
        would count at once (``canvas_prepare.view_steps``)."""
        yield from view_steps(self, nodes, edges)

    def prepared_edges(self) -> np.ndarray | None:
        """The shown edges' indices ``prepare_view`` counted, if it has."""
        return None if self._prepared is None else self._prepared[5]

    def nodes_changed(self) -> None:
        """The scatter items must be loaded again (new positions, sizes or looks) before the next frame."""
        self._scatter_loaded = False
        self._nodes_version += 1

    def load_nodes(self) -> Iterator[None]:
        """Load the scatter items in slices of rows, yielding between them, for a caller that
        shows a big graph in steps; it stops early when the nodes change meanwhile or are
        loaded at once by a frame that could not wait (``set_view``)."""
        if self.graph is None or self._scatter_loaded:
            return
        self._nodes_version += 1
        version = self._nodes_version
        for _ in self._scatter_steps():
            yield
            if self._nodes_version != version:
                return

    def prepare_pictures(self) -> Iterator[None]:
        """Draw the edges', the labels' and a big graph's nodes' pictures for the view as it is
        now, in steps, ahead of the paint that shows them (which then only lays them over)."""
        self.view.scene().prepareForPaint()  # the view box's transform follows the last fit before a paint
        yield from self.edges.prepare_steps()
        yield
        self.view.scene().prepareForPaint()
        yield from self.labels.prepare_steps()  # the work over every node in slices, then the picture
        for item in (self.nodes, self.dim_nodes):  # a big graph's nodes: pictures drawn in slices
            yield from item.prepare_steps()

    def _load_scatter(self) -> None:
        """Every node into both scatter items at once."""
        self._nodes_version += 1
        for _ in self._scatter_steps():
            pass

    def _scatter_steps(self) -> Iterator[None]:
        """Every node into both scatter items once (positions, sizes, symbols, colours), a slice
        of rows per step; later frames change only which points are visible in which."""
        # one sprite look-up per distinct look (colour, symbol, size), not one per node
        for item, brushes, pens in ((self.nodes, self.brush, self.pen), (self.dim_nodes, self.dim_brush, self.dim_pen)):
            yield
            first, inverse = yield from look_steps(self.symbol, brushes, self.node_size)
            yield from fill_scatter_steps(item, self.positions, self.node_size, self.symbol, brushes, pens, first,
                                          inverse)
        self._scatter_loaded, self._edges_shown = True, None

    def _legend_area(self) -> QRectF | None:
        return legend_area(self)

    def _kind_legend(self, most: int = 10) -> list[tuple[str, str, str]]:
        return kind_entries(self, most)

    def show_comparison(self, nodes: tuple[np.ndarray, np.ndarray, np.ndarray],
                        edges: tuple[np.ndarray, np.ndarray, np.ndarray], selected: np.ndarray) -> None:
        """Three styles for what was added (green), removed (red, faded) and unchanged (grey):
        ``nodes`` and ``edges`` are (added, removed, unchanged) masks."""
        draw_comparison(self, nodes, edges, selected)

    def set_path(self, nodes: list[int], edges: list[int]) -> None:
        """Highlight a path (node and edge indices); empty lists clear it."""
        if self.graph is None:
            return
        nodes, edges = np.asarray(nodes, dtype=np.int64), np.asarray(edges, dtype=np.int64)
        groups = np.zeros(len(edges), dtype=np.int64)
        self.path_edges.set_edges(self.positions[self.graph.src[edges]] if len(edges) else np.zeros((0, 2)),
                                  self.positions[self.graph.dst[edges]] if len(edges) else np.zeros((0, 2)),
                                  groups, [EdgeGroup(style.PATH, "solid", 4.5, 220)])
        self.path_nodes.setData(pos=self.positions[nodes], size=self.node_size[nodes] + 8, symbol="o",
                                brush=None, pen=cosmetic_pen(QColor(style.PATH), 3))

    def set_texts(self, texts: list[str]) -> None:
        """New label texts (a treaty folded or unfolded says how many articles it holds)."""
        self._texts = list(texts)
        if self._masks is not None:
            self.set_view(*self._masks)

    def set_appearance(self, sizes: np.ndarray | None, colours: list[str | None] | None) -> None:
        """Node size factors (e.g. from a centrality) and colours (e.g. by community), over all
        nodes; None restores the sizes and colours by kind."""
        if self.graph is None:  # none yet: set_graph comes with the kinds' looks
            return
        self._factor = np.ones(self.graph.node_count) if sizes is None else np.asarray(sizes, dtype=float)
        self.node_size = self._pixel_sizes()
        brush, dim, pen, dim_pen = (a.copy() for a in self._kind_looks)
        if colours is not None:
            cache = {}
            for i, colour in enumerate(colours):
                if colour is not None:
                    if colour not in cache:
                        cache[colour] = node_looks(colour)
                    brush[i], dim[i], pen[i], dim_pen[i] = cache[colour]
        self.brush, self.dim_brush, self.pen, self.dim_pen = brush, dim, pen, dim_pen
        self.nodes_changed()
        if self._masks is not None:
            self.set_view(*self._masks)

    def flash(self, appeared: np.ndarray, disappeared: np.ndarray) -> None:
        """Mark, for a moment, nodes that appeared (green ring) and disappeared (red ghost)."""
        self._flash.show(appeared, disappeared, self.positions, self.node_size, self.degree)

    # -- view ----------------------------------------------------------------------------
    def fit(self, indices: np.ndarray | None = None) -> None:
        """Zoom to the nodes given (all shown nodes by default), with a margin."""
        chosen = self.shown if indices is None else np.asarray(indices)
        if not len(chosen):
            return
        for _ in self.frame_steps(chosen):  # where the nodes are, not a few far-off ones
            pass
        box = self._frame[2]
        if box is None:
            return
        lo, hi = np.array(box[:2]), np.array(box[2:])
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
        shown = self.box.viewRect()
        wanted = (right - scale * width, bottom, scale * width, top - bottom)
        if not np.allclose((shown.left(), shown.top(), shown.width(), shown.height()), wanted, rtol=0, atol=1e-9 * scale):
            self.box.setRange(xRange=(right - scale * width, right), yRange=(bottom, top), padding=0)  # else no repaint
        self._resize_soon.cancel()
        self._resize_symbols()  # at once: an export may follow the fit directly
        self._fitted = indices is None

    def frame_steps(self, chosen: np.ndarray) -> Iterator[None]:
        """The box a fit to these nodes shows (``layout_packing.frame``), in steps, for a caller
        that shows a big graph in steps; kept for the next fits while the positions stay."""
        key = (self.positions, self._positions_version, len(chosen))
        kept = self._frame
        if kept[0] is None or kept[0][0] is not key[0] or kept[0][1:] != key[1:] \
                or not (kept[1] is chosen or np.array_equal(kept[1], chosen)):
            box = yield from frame_steps(self.positions[chosen])
            self._frame = (key, chosen, box)

    def show_rect(self, rect: tuple[float, float, float, float]) -> None:
        """Show this part of the plane: (left, bottom, width, height) in layout units."""
        left, bottom, width, height = rect
        self.box.setRange(xRange=(left, left + width), yRange=(bottom, bottom + height), padding=0)
        self._resize_soon.cancel()
        self._resize_symbols()
        self._fitted = False

    def shown_rect(self) -> tuple[float, float, float, float]:
        rect: QRectF = self.box.viewRect()
        return rect.left(), rect.top(), rect.width(), rect.height()

    def _range_changed(self, *_args) -> None:
        self.view_changed.emit(self.shown_rect())
        self._resize_soon.trigger()

    # -- symbol sizes ----------------------------------------------------------------------
    def _pixel_sizes(self) -> np.ndarray:
        """Symbol sizes in whole pixels (one sprite per size) from the spacing of the drawing at
        this zoom: about 0.4 of the typical gap between neighbours, 4-16 px, then each node's
        relative size (kind, degree, a chosen measure)."""
        rect = self.box.viewRect()
        pixels_per_unit = max(self.box.width(), 1.0) / max(rect.width(), 1e-9)
        base = float(np.clip(0.42 * self._spacing * pixels_per_unit, 4.0, 16.0))
        return np.round(np.clip(base * self._relative * self._factor, 3.0, 64.0))

    def _resize_symbols(self) -> None:
        if self.graph is None:
            return
        sizes = self._pixel_sizes()
        if not np.array_equal(sizes, self.node_size):
            self.node_size = sizes
            self.nodes_changed()
            if self._masks is not None:
                self.set_view(*self._masks)

    def set_positions(self, positions: np.ndarray, draw: bool = True) -> None:
        """Where each node is drawn now (after a drag, an undo, a new layout). ``draw`` False:
        nothing is drawn until the next ``set_view`` (a caller that draws a new layout in steps)."""
        if positions is not self.positions:  # a new layout, not a node dragged in place
            self._spacing = typical_gap(positions)
            self.node_size = self._pixel_sizes()
        self.positions = np.asarray(positions, float)
        self._positions_version += 1
        self.nodes_changed()
        if not draw:
            self._masks = None
        elif self._masks is not None:
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

    def menu_at(self, point: QPointF, screen) -> None:
        node = self.node_at(point)
        if node is not None:
            self.menu_requested.emit(self.graph.ids[node], screen)

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
        self.legend.fit_to(self.size())
        if self._fitted:  # the user has not moved the view since the last fit: keep it fitted
            self._refit_soon.trigger()

    def drawn_look(self) -> tuple[list[str], np.ndarray]:
        """Each node as drawn now: its fill colour (``#rrggbb``) and its radius in the plane's
        units (the pixels it takes at the current zoom), for an export that looks the same."""
        pixel = self.box.viewPixelSize()[0] or 1.0
        return [brush.color().name() for brush in self.brush], self.node_size / 2 * pixel


def _same_anchor(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and np.array_equal(a, b))
