"""The graphics item that draws node labels in screen space, chosen per frame by priority and
room: no label over another, none over the middle of a node or under the legend (but the
selection's own, a few hubs in a dense drawing, and the selection's neighbours over faded nodes,
where no place is free of nodes: named over them rather than not at all).

Never one Python object per label: at most a few hundred texts are drawn, whatever the graph.
"""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from .rendering import affine, blank_image

# a label's look, made once (PySide6's Qt.X shortcuts and flag unions cost microseconds each)
_NO_PEN = Qt.PenStyle.NoPen
_HALO = {False: QColor(255, 255, 255, 150), True: QColor(255, 255, 255, 90)}  #: by faded
_SOLID_HALO = QColor(255, 255, 255, 215)  #: a label over nodes (crowded, or a hub in a dense drawing)
_INK = {False: QColor(17, 24, 39, 255), True: QColor(17, 24, 39, 110)}  #: by faded
ROWS = 250_000  #: nodes handled in one step of ``prepare_steps`` (a few tens of milliseconds)
DISC_ROWS = 50_000  #: nodes' squares counted in one step of ``add_discs_steps`` (250,000: 0.09-0.18 s)
_TEXT_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine)


class LabelItem(pg.GraphicsObject):
    """Node labels drawn in screen space, chosen per frame by priority and room.

    Labels in ``always`` are drawn whatever the zoom (trying four places around the node so that
    they do not overlap); the others, in priority order, only where they fit. At most
    ``max_labels`` are drawn, so a 100,000-node graph never paints thousands of texts.
    """

    def __init__(self, max_labels: int = 250):
        super().__init__()
        self.max_labels = max_labels
        self.font = QFont()
        self.font.setPointSizeF(8.5)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self._pos = np.zeros((0, 2))
        self._texts: list[str] = []
        self._order = np.zeros(0, dtype=np.int64)
        self._always = np.zeros(0, dtype=bool)
        self._strong = np.zeros(0, dtype=bool)
        self._offset = np.zeros(0)
        self._faded = np.zeros(0, dtype=bool)
        self.drawn: list[int] = []  #: node indices labelled in the last paint (for tests)
        self.boxes: dict[int, QRectF] = {}  #: where each of them went, in device pixels
        #: (the texts, array (plain/bold, node, width/height)) of label sizes measured so far
        self._sizes: tuple = (None, np.zeros((2, 0, 2)), np.zeros((2, 0), bool))
        #: the part of the plane covered by something drawn over it (the legend), or None
        self.blocked: Callable[[], QRectF | None] | None = None
        self.discs = (np.zeros((0, 2)), np.zeros(0))  #: the nodes on screen, centres and radii in pixels
        self._version = 0  #: counts ``set_labels`` calls
        self._bounds: tuple = (None, None, None)  #: (known, lowest x and y, highest x and y)
        self._positions_key: tuple = (None, None)  #: (positions, their version) the bounds are of
        self._picture: tuple = (None, None, [], self.discs)  #: (key, QImage, placements, discs) on screen
        self._grid: tuple | None = None  #: (view key, discs, _Occupancy) of the last nodes marked
        self._discs_kept: tuple = (None, None)  #: (labels' version and view, discs) of the last nodes mapped
        self._hubs = np.zeros(0, dtype=bool)
        self.setZValue(20)

    def set_labels(self, positions: np.ndarray, texts: list[str], order: np.ndarray,
                   always: np.ndarray, strong: np.ndarray, offset: np.ndarray, faded: np.ndarray,
                   hubs: np.ndarray | None = None, positions_version: int | None = None) -> None:
        """``order``: node indices that may be labelled, most important first; ``always`` and
        ``strong`` (bold) are masks over all nodes; ``offset`` is each node's radius in pixels.
        ``hubs`` (a mask) may be labelled over other nodes, where no place is free of them.
        ``positions_version`` changes whenever ``positions`` do (moved in place too): with it the
        nodes' bounds are kept between calls."""
        self.prepareGeometryChange()
        known, version = self._positions_key
        if positions_version is None or positions is not known or positions_version != version:
            self._bounds = (None, None, None)  # where the nodes are: worked out again at the next paint
        self._positions_key = (positions, positions_version)
        self._pos, self._texts, self._order = positions, texts, order
        self._always, self._strong, self._offset, self._faded = always, strong, offset, faded
        self._hubs = np.zeros(len(positions), dtype=bool) if hubs is None else hubs
        self._version += 1
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return view.viewRect() if view is not None else QRectF()

    def paint(self, painter: QPainter, *_args) -> None:
        self.drawn, self.boxes = [], {}
        if not len(self._order):
            return
        transform = painter.worldTransform()
        device = painter.device()
        painter.save()
        painter.resetTransform()
        if self._exportOpts or not isinstance(device, QWidget):  # an export: drawn into it, at its resolution
            rect, area, blocked = self._room(transform, device)
            placements = self._placements(self._on_screen(rect), transform, area, blocked)
            self._paint_labels(painter, placements)
        else:
            _key, image, placements, self.discs = self._picture_on(transform, device)
            painter.drawImage(QPointF(0, 0), image)
        painter.restore()
        for node, box, _over_nodes in placements:
            self.drawn.append(node)
            self.boxes[node] = box

    def prepare(self) -> None:
        """Place the labels and draw their picture now, as the next paint on screen would (a
        caller that shows a big graph in steps keeps that work out of the paint)."""
        widget = self.getViewWidget()
        if widget is not None and len(self._order):
            self._picture_on(self.deviceTransform(widget.viewportTransform()), widget.viewport())

    def prepare_steps(self) -> Iterator[None]:
        """``prepare``, with the work over every node (their bounds, their places on screen, the
        cells they take) done first in slices of ``ROWS`` nodes, yielding between them."""
        widget = self.getViewWidget()
        if widget is None or not len(self._order):
            return
        transform = self.deviceTransform(widget.viewportTransform())
        rect, area, blocked = self._room(transform, widget.viewport())
        if rect is not None and self._bounds[0] is None and len(self._pos):
            lo, hi = self._pos[:1].min(axis=0), self._pos[:1].max(axis=0)
            for start in range(0, len(self._pos), ROWS):
                part = self._pos[start:start + ROWS]
                lo, hi = np.minimum(lo, part.min(axis=0)), np.maximum(hi, part.max(axis=0))
                yield
            self._bounds = (True, lo, hi)
        candidates = self._on_screen(rect)
        yield
        yield from self._discs_steps(candidates, transform, area)
        yield from self._grid_steps(area, blocked)
        yield
        self.prepare()

    def _room(self, transform, device) -> tuple:
        """The view's rectangle in the plane, its area on the device and the legend's there.

        The room is the view's own area in the painter's coordinates: the device's size would
        be in device pixels for an image but in logical ones for a widget on a HiDPI screen
        (labels then kept to its top-left quarter)."""
        view = self.getViewBox()
        rect = view.viewRect() if view is not None else None
        area = transform.mapRect(rect) if rect is not None else QRectF(0, 0, device.width(), device.height())
        blocked = self.blocked() if self.blocked is not None else None
        return rect, area, transform.mapRect(blocked) if blocked is not None else None

    def _picture_on(self, transform, device: QWidget) -> tuple:
        """On screen, the labels are kept as a picture until they, the view or the legend
        change: a repaint for something else (a hover, the timeline's marker) draws it.
        (key, image, placements, discs)."""
        rect, area, blocked = self._room(transform, device)
        key = (self._version, affine(transform), area.getRect(), blocked.getRect() if blocked else None,
               device.width(), device.height(), device.devicePixelRatioF())
        if self._picture[0] != key:
            image = blank_image(device)
            offscreen = QPainter(image)
            placements = self._placements(self._on_screen(rect), transform, area, blocked)
            self._paint_labels(offscreen, placements)
            offscreen.end()
            self._picture = (key, image, placements, self.discs)
        return self._picture

    def _on_screen(self, rect: QRectF | None) -> np.ndarray:
        """The candidates, most important first, whose node is in ``rect`` (the view's)."""
        candidates = self._order
        if rect is not None and len(self._pos):
            if self._bounds[0] is None:  # where the nodes are, once per positions
                self._bounds = (True, self._pos.min(axis=0), self._pos.max(axis=0))
            lo, hi = self._bounds[1], self._bounds[2]
            if rect.left() <= lo[0] and rect.top() <= lo[1] and rect.right() >= hi[0] and rect.bottom() >= hi[1]:
                return candidates  # every node is in view (an overview): nothing to filter
            p = self._pos[candidates]
            inside = (p[:, 0] >= rect.left()) & (p[:, 0] <= rect.right()) & \
                     (p[:, 1] >= rect.top()) & (p[:, 1] <= rect.bottom())
            candidates = candidates[inside]
        return candidates

    def _paint_labels(self, painter: QPainter, placements: list[tuple[int, QRectF, bool]]) -> None:
        """Every halo, then every text, a font and a colour at a time (a label's painter
        settings are made once a frame, not once a label)."""
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setPen(_NO_PEN)
        looks: dict[tuple[bool, bool], list[tuple[QRectF, str]]] = {}
        for node, box, over_nodes in placements:
            # a light halo, tight to the text: it lifts the text off the edges behind it without
            # hiding them (most labels are placed clear of nodes); a stronger one over nodes
            faded = bool(self._faded[node])
            painter.setBrush(_SOLID_HALO if over_nodes else _HALO[faded])
            painter.drawRoundedRect(box.adjusted(-1, 1, 1, -1), 2, 2)
            looks.setdefault((bool(self._strong[node]), faded), []).append((box, self._texts[node]))
        for (strong, faded), labels in looks.items():
            painter.setFont(self.bold if strong else self.font)
            painter.setPen(_INK[faded])
            for box, text in labels:
                painter.drawText(box, _TEXT_FLAGS, text)

    def _placements(self, candidates: np.ndarray, transform, area: QRectF,
                    blocked: QRectF | None) -> list[tuple[int, QRectF, bool]]:
        """Where each label goes, most important first (node, box, whether it covers nodes):
        every place of every candidate is tested against the nodes at once (a summed-area
        table), and only the places free of nodes against the labels placed before it, one by one."""
        placed = self._nodes_grid(candidates, transform, area, blocked).fresh()
        on_screen, candidates = candidates, candidates[: self.max_labels * 4]
        if not len(candidates):
            return []
        anchors = _map_points(transform, self._pos[candidates])
        metrics = {False: QFontMetricsF(self.font), True: QFontMetricsF(self.bold)}
        strong = self._strong[candidates]
        sizes = self._sizes_of(candidates, strong, metrics)
        lefts, tops = _options(anchors, sizes, self._offset[candidates])
        widths, heights = sizes[:, :1] + 1, sizes[:, 1:]
        cells, node_free, core_free = placed.test(lefts, tops, widths, heights)
        # a label with no place free of nodes is skipped without a look at its places
        hubs = self._hubs[candidates]
        # with a selection the rest is faded: its neighbours may be named over faded nodes
        bright = ~self._faded[candidates] if self._faded[candidates].any() else np.zeros(len(candidates), dtype=bool)
        hopeless = (~node_free[:, :8].any(axis=1) & ~core_free.any(axis=1) & ~self._always[candidates] & ~hubs
                    & ~bright)
        hopeless, always, hubs = hopeless.tolist(), self._always[candidates].tolist(), hubs.tolist()
        inside = (lefts >= 0) & (tops >= 0) & (lefts + widths <= area.right()) & (tops + heights <= area.bottom())
        over_faded = _OverFaded(self, on_screen, bright, transform, area, (lefts, tops, widths, heights), inside)
        bright = bright.tolist()
        chosen: list[tuple[int, QRectF, bool]] = []
        misses = 0
        for i, (node, bold) in enumerate(zip(candidates.tolist(), strong.tolist())):
            if len(chosen) >= self.max_labels or misses > 150:
                break  # enough, or the screen is full at this zoom: the rest would not fit either
            if hopeless[i]:
                misses += 1
                continue
            wide = bold or len(chosen) < 40  # the labels that matter most also try a ring further out
            places = range(16 if wide else 8)
            nodes_free, cores_free, boxes = node_free[i].tolist(), core_free[i].tolist(), cells[i]
            free = [j for j in places if nodes_free[j]]
            if wide:  # an important label may touch the rim of a symbol, never its middle
                free += [j for j in places if cores_free[j] and not nodes_free[j]]
            if always[i]:  # crowded by nodes: over them rather than over another label
                free += [j for j in places if not (cores_free[j] if wide else nodes_free[j])]
            elif hubs[i]:  # a hub in the thick of a dense drawing: over nodes rather than unnamed
                free += [j for j in places if inside[i, j] and not (cores_free[j] if wide else nodes_free[j])]
            elif bright[i]:  # the selection's neighbour: over faded nodes rather than unnamed
                free += [j for j in over_faded.places(i) if not (cores_free[j] if wide else nodes_free[j])
                         and j in places]
            j = next((j for j in free if not placed.hits_label(*boxes[j].tolist())), None)
            if j is None and always[i]:
                j = 0
            if j is None:
                misses += 1
                continue
            misses = 0
            box = QRectF(float(lefts[i, j]), float(tops[i, j]), float(widths[i, 0]), float(heights[i, 0]))
            placed.add_cells(*boxes[j].tolist())
            chosen.append((node, box, not nodes_free[j]))
        return chosen

    def _nodes_grid(self, candidates: np.ndarray, transform, area: QRectF, blocked: QRectF | None) -> "_Occupancy":
        """The cells taken by the nodes on screen (faded ones too: a label never hides a node)
        and by the legend (``blocked``). Kept while neither they nor the view change, so that a
        click, which changes only which labels come first, does not mark them all again."""
        for _ in self._discs_steps(candidates, transform, area):
            pass
        self.discs = self._discs_kept[1]
        for _ in self._grid_steps(area, blocked):
            pass
        return self._grid[2]

    def _discs_steps(self, candidates: np.ndarray, transform, area: QRectF) -> Iterator[None]:
        """The candidates' nodes on screen (faded ones too), in a fixed order whatever the
        labels' priorities: their centres and radii in pixels (``discs``), a slice at a time;
        kept while the labels and the view are the same."""
        key = (self._version, affine(transform), area.getRect(), len(candidates))
        if self._discs_kept[0] != key:
            shown = np.zeros(len(self._pos), dtype=bool)
            shown[candidates] = True
            yield
            nodes = np.flatnonzero(shown)
            centres = np.empty((len(nodes), 2))
            for start in range(0, len(nodes), ROWS):
                yield
                part = slice(start, start + ROWS)
                centres[part] = _map_points(transform, self._pos[nodes[part]])
            self._discs_kept = (key, (centres, self._offset[nodes]))
        self.discs = self._discs_kept[1]

    def _grid_steps(self, area: QRectF, blocked: QRectF | None) -> Iterator[None]:
        """The grid of the cells taken by ``discs`` and the legend, into ``_grid``, marked a
        slice of nodes at a time; kept while neither they nor the view change."""
        key = (area.getRect(), blocked.getRect() if blocked is not None else None)
        kept = self._grid
        if kept is not None and kept[0] == key and all(a is b or np.array_equal(a, b)
                                                       for a, b in zip(kept[1], self.discs)):
            return
        grid = _Occupancy(area.right(), area.bottom())
        if blocked is not None:  # the legend's place, in the plane's units: no label under it
            grid.block(blocked)
        discs = self.discs
        yield from grid.add_discs_steps(*discs)
        self._grid = (key, discs, grid)

    def _sizes_of(self, nodes: np.ndarray, bold: np.ndarray, metrics: dict) -> np.ndarray:
        """Each node's label size (width, height), plain or bold: a text is measured the first
        time it is a candidate, then kept in an array over every node (per list of texts). The
        arrays are made empty and zeroed by the system as their pages are first written (filled
        with NaN at once, a million nodes' took 0.1 s in one step)."""
        if self._sizes[0] is not self._texts:
            self._sizes = (self._texts, np.empty((2, len(self._texts), 2)), np.zeros((2, len(self._texts)), bool))
        _texts, table, known = self._sizes
        row = bold.astype(np.int64)
        sizes = table[row, nodes]
        for i in np.flatnonzero(~known[row, nodes]).tolist():
            node, strong = int(nodes[i]), bool(bold[i])
            box = metrics[strong].boundingRect(self._texts[node])
            table[int(strong), node] = sizes[i] = (box.width(), box.height())
            known[int(strong), node] = True
        return sizes


class _OverFaded:
    """For the labels of a selection's neighbours, the places inside the view where they cover
    only faded nodes (a bright node's square is never covered): worked out for all of them at
    once, the first time one of them finds no place free of nodes."""

    def __init__(self, item: "LabelItem", on_screen: np.ndarray, bright: np.ndarray, transform, area: QRectF,
                 boxes: tuple, inside: np.ndarray):
        self._item, self._on_screen, self._bright = item, on_screen, bright
        self._transform, self._area, self._boxes, self._inside = transform, area, boxes, inside
        self._free: dict[int, list[bool]] | None = None  #: candidate -> whether each place is free

    def places(self, i: int) -> list[int]:
        if self._free is None:
            item, on_screen = self._item, self._on_screen
            lit = on_screen[~item._faded[on_screen]]  # every bright node on screen, not only those tried
            grid = _Occupancy(self._area.right(), self._area.bottom())
            grid.add_discs(_map_points(self._transform, item._pos[lit]), item._offset[lit])
            rows = np.flatnonzero(self._bright)  # the neighbours' places only: a few of a thousand
            _cells, free, _cores = grid.test(*(a[rows] for a in self._boxes), cores=False)
            free &= self._inside[rows]
            self._free = dict(zip(rows.tolist(), free.tolist()))
        return [j for j, ok in enumerate(self._free.get(i, ())) if ok]


def _options(anchors: np.ndarray, sizes: np.ndarray, radii: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The 16 places tried for each label, as (left, top) arrays of shape (n, 16): right, left,
    above, below, then the four corners, at the node's rim (0-7) and on a wider ring (8-15)."""
    x, y = anchors[:, :1], anchors[:, 1:]
    w, h = sizes[:, :1] + 1, sizes[:, 1:]
    lefts, tops = [], []
    for gap in (radii[:, None] + 3, radii[:, None] + 12):
        corner = gap * 0.7
        lefts += [x + gap, x - gap - w, x - w / 2, x - w / 2, x + corner, x + corner, x - corner - w, x - corner - w]
        tops += [y - h / 2, y - h / 2, y - gap - h, y + gap, y - corner - h, y + corner, y - corner - h, y + corner]
    return np.hstack(lefts), np.hstack(tops)


def _map_points(transform, points: np.ndarray) -> np.ndarray:
    """Points through an affine (scale, shear, translate) QTransform, vectorised."""
    if not len(points):
        return np.zeros((0, 2))
    x, y = points[:, 0], points[:, 1]
    return np.column_stack([transform.m11() * x + transform.m21() * y + transform.dx(),
                            transform.m12() * x + transform.m22() * y + transform.dy()])


class _Occupancy:
    """Which parts of the screen hold a node or a label, as a grid of 4-pixel cells.

    The nodes (and the legend) are known before any label is placed: they are NumPy grids, and
    ``test`` checks every place of every label against them at once with summed-area tables
    (``nodes``: each node's square; ``cores``: the middle half of each). Labels are placed one
    by one: ``labels`` holds a row of cells as the bits of an int, so that a test is a few ANDs."""

    CELL = 4.0
    FEW = 256  #: squares marked one by one below this many (counting corners costs ~1 ms whatever their number)

    def __init__(self, width: float, height: float):
        self.shape = (int(height // self.CELL) + 2, int(width // self.CELL) + 2)
        self.nodes = np.zeros(self.shape, dtype=np.uint8)
        self.cores = np.zeros(self.shape, dtype=np.uint8)
        self.labels = [0] * self.shape[0]  #: per cell row, bit c set where a label takes cell c
        self._tables: list[np.ndarray | None] = [None, None]  #: summed-area tables of nodes and cores, when made

    def fresh(self) -> "_Occupancy":
        """A copy to place labels in: the nodes' grids (never changed by labels) are shared."""
        copy = object.__new__(_Occupancy)
        copy.__dict__.update(self.__dict__)
        copy.labels = list(self.labels)
        copy._tables = self._tables = [self._summed(k) for k in (0, 1)]
        return copy

    def _summed(self, k: int) -> np.ndarray:
        """The summed-area table of the nodes' grid (0) or the cores' (1), made when first asked."""
        table = self._tables[k]
        if table is None:
            rows, cols = self.shape
            table = np.zeros((rows + 1, cols + 1), dtype=np.int32)
            table[1:, 1:] = (self.nodes, self.cores)[k].cumsum(axis=0, dtype=np.int32).cumsum(axis=1)
            self._tables[k] = table
        return table

    def _cells(self, box: QRectF) -> tuple[int, int, int, int]:
        c, (rows, cols) = self.CELL, self.shape
        r0, r1 = max(int(box.top() // c), 0), min(int(box.bottom() // c) + 1, rows)
        c0, c1 = max(int(box.left() // c), 0), min(int(box.right() // c) + 1, cols)
        return r0, max(r0, r1), c0, max(c0, c1)

    def test(self, lefts: np.ndarray, tops: np.ndarray, widths: np.ndarray,
             heights: np.ndarray, cores: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """For boxes given as arrays (any shape, broadcast): their cells (r0, r1, c0, c1 in the
        last axis), whether each is on the screen and free of nodes, and free of nodes' middles
        (None unless ``cores``)."""
        c, (rows, cols) = self.CELL, self.shape
        rights, bottoms = lefts + widths, tops + heights
        r0 = np.clip(np.floor(tops / c), 0, rows).astype(np.int64)
        r1 = np.maximum(r0, np.clip(np.floor(bottoms / c) + 1, 0, rows).astype(np.int64))
        c0 = np.clip(np.floor(lefts / c), 0, cols).astype(np.int64)
        c1 = np.maximum(c0, np.clip(np.floor(rights / c) + 1, 0, cols).astype(np.int64))
        on_screen = (lefts >= 0) & (tops >= 0) & (rights <= cols * c) & (bottoms <= rows * c)
        free: list[np.ndarray | None] = [None, None]
        for k in (0, 1) if cores else (0,):
            table = self._summed(k)
            taken = table[r1, c1] - table[r0, c1] - table[r1, c0] + table[r0, c0]
            free[k] = on_screen & (taken == 0)
        return np.stack([r0, r1, c0, c1], axis=-1), free[0], free[1]

    def hits_label(self, r0: int, r1: int, c0: int, c1: int) -> bool:
        """Whether the cells meet a label placed before (or the legend)."""
        mask = ((1 << (c1 - c0)) - 1) << c0
        return any(row & mask for row in self.labels[r0:r1])

    def add(self, box: QRectF) -> None:
        """Mark a placed label's box."""
        self.add_cells(*self._cells(box))

    def add_cells(self, r0: int, r1: int, c0: int, c1: int) -> None:
        """Mark a placed label's cells (as ``test`` gives them)."""
        mask, labels = ((1 << (c1 - c0)) - 1) << c0, self.labels
        for row in range(r0, r1):
            labels[row] |= mask

    def block(self, box: QRectF) -> None:
        """Keep an area free of labels as if both a label and nodes were there (the legend's)."""
        self.add(box)
        r0, r1, c0, c1 = self._cells(box)
        self.nodes[r0:r1, c0:c1] = 1
        self.cores[r0:r1, c0:c1] = 1
        self._tables = [None, None]

    def add_discs(self, centres: np.ndarray, radii: np.ndarray) -> None:
        """Mark every node's square, all at once (and, in ``cores``, the middle half of each)."""
        for _ in self.add_discs_steps(centres, radii):
            pass

    def add_discs_steps(self, centres: np.ndarray, radii: np.ndarray) -> Iterator[None]:
        """``add_discs``, the squares counted a slice of ``ROWS`` nodes at a time: the squares'
        corners counted in a difference array (bincount), then summed over rows and columns."""
        if not len(centres):
            return
        radii = np.asarray(radii, dtype=float)
        self._tables = [None, None]
        if len(centres) <= self.FEW:  # a few squares (a selection's neighbours): each marked in place
            for grid, scale in ((self.nodes, 1.0), (self.cores, 0.5)):
                for r0, r1, c0, c1 in self._squares(centres, radii * scale).tolist():
                    grid[r0:r1, c0:c1] = 1
            return
        corners = [0, 0]
        for start in range(0, len(centres), DISC_ROWS):
            part = slice(start, start + DISC_ROWS)
            for k, scale in enumerate((1.0, 0.5)):
                corners[k] = corners[k] + self._corners(centres[part], radii[part] * scale)
            yield
        rows, cols = self.shape
        for grid, counted in zip((self.nodes, self.cores), corners):
            cover = counted.reshape(rows + 1, cols + 1).cumsum(axis=0).cumsum(axis=1)[:rows, :cols]
            grid[cover > 0] = 1

    def _squares(self, centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
        """Each square's cells, clipped to the grid: rows (r0, r1, c0, c1), the ends past the last."""
        rows, cols = self.shape
        lo = np.floor((centres - radii[:, None]) / self.CELL).astype(np.int64)
        hi = np.floor((centres + radii[:, None]) / self.CELL).astype(np.int64) + 1  # past the last cell
        return np.column_stack([np.clip(lo[:, 1], 0, rows), np.clip(hi[:, 1], 0, rows),
                                np.clip(lo[:, 0], 0, cols), np.clip(hi[:, 0], 0, cols)])

    def _corners(self, centres: np.ndarray, radii: np.ndarray) -> np.ndarray:
        """The difference array of the squares' cells: +1 and -1 at their corners."""
        rows, cols = self.shape
        r0, r1, c0, c1 = self._squares(centres, radii).T
        keep = (c1 > c0) & (r1 > r0)
        width = cols + 1
        size = (rows + 1) * width
        corners = np.zeros(size, dtype=np.int64)
        for r, c, sign in ((r0, c0, 1), (r0, c1, -1), (r1, c0, -1), (r1, c1, 1)):
            corners += sign * np.bincount((r * width + c)[keep], minlength=size)
        return corners
