"""The graphics items that draw the graph in bulk: every edge in one item (one cached path per
style group) and every label in one item that chooses, per frame, which labels fit.

Never one Python object per node or edge: a 300,000-edge graph is a few dozen painter paths.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

#: more edges than this are drawn without antialiasing: at 100,000 entities (300,000 edges) a
#: timeline frame took 2.9 s antialiased and 1.3 s without, at the latest date
AA_EDGES = 50_000
DASHES = {"solid": Qt.SolidLine, "dash": Qt.DashLine, "dot": Qt.DotLine, "dashdot": Qt.DashDotLine}


@dataclass(frozen=True)
class EdgeGroup:
    """Edges drawn with one pen."""

    colour: str
    dash: str
    width: float
    alpha: int


class EdgeItem(pg.GraphicsObject):
    """All edges. ``set_edges`` takes endpoints and a group per edge; paths are built once
    per change, not per frame."""

    def __init__(self):
        super().__init__()
        self._paths: list[tuple[QPen, QPainterPath]] = []
        self._bounds = QRectF()
        self._count = 0

    def set_edges(self, xy_src: np.ndarray, xy_dst: np.ndarray, groups: np.ndarray,
                  group_styles: list[EdgeGroup]) -> None:
        """``groups[i]`` indexes ``group_styles`` for edge i; drawn in group order."""
        self.prepareGeometryChange()
        self._paths = []
        self._count = len(xy_src)
        self.styles = [st for code, st in enumerate(group_styles) if (groups == code).any()]  #: the looks in use
        for code, style in enumerate(group_styles):
            chosen = groups == code
            if not chosen.any():
                continue
            x = np.empty(2 * int(chosen.sum()))
            y = np.empty_like(x)
            x[0::2], x[1::2] = xy_src[chosen, 0], xy_dst[chosen, 0]
            y[0::2], y[1::2] = xy_src[chosen, 1], xy_dst[chosen, 1]
            path = pg.arrayToQPath(x, y, connect="pairs", finiteCheck=False)
            colour = QColor(style.colour)
            colour.setAlpha(style.alpha)
            pen = QPen(colour, style.width)
            pen.setCosmetic(True)
            pen.setStyle(DASHES[style.dash])
            pen.setCapStyle(Qt.FlatCap)
            self._paths.append((pen, path))
        if len(xy_src):
            both = np.vstack([xy_src, xy_dst])
            lo, hi = both.min(axis=0), both.max(axis=0)
            self._bounds = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *_args) -> None:
        # antialiased up to AA_EDGES (Qt's raster engine strokes dashed paths faster so)
        painter.setRenderHint(QPainter.Antialiasing, self._count <= AA_EDGES)
        for pen, path in self._paths:
            painter.setPen(pen)
            painter.drawPath(path)


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
        #: the part of the plane covered by something drawn over it (the legend), or None
        self.blocked: Callable[[], QRectF | None] | None = None
        self.discs = (np.zeros((0, 2)), np.zeros(0))  #: the nodes on screen, centres and radii in pixels
        self.setZValue(20)

    def set_labels(self, positions: np.ndarray, texts: list[str], order: np.ndarray,
                   always: np.ndarray, strong: np.ndarray, offset: np.ndarray, faded: np.ndarray) -> None:
        """``order``: node indices that may be labelled, most important first; ``always`` and
        ``strong`` (bold) are masks over all nodes; ``offset`` is each node's radius in pixels."""
        self.prepareGeometryChange()
        self._pos, self._texts, self._order = positions, texts, order
        self._always, self._strong, self._offset, self._faded = always, strong, offset, faded
        self.update()

    def boundingRect(self) -> QRectF:
        view = self.getViewBox()
        return view.viewRect() if view is not None else QRectF()

    def paint(self, painter: QPainter, *_args) -> None:
        self.drawn, self.boxes = [], {}
        if not len(self._order):
            return
        transform = painter.worldTransform()
        view = self.getViewBox()
        rect = view.viewRect() if view is not None else None
        candidates = self._order
        if rect is not None:
            p = self._pos[candidates]
            inside = (p[:, 0] >= rect.left()) & (p[:, 0] <= rect.right()) & \
                     (p[:, 1] >= rect.top()) & (p[:, 1] <= rect.bottom())
            candidates = candidates[inside]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.TextAntialiasing, True)
        # the room is the view's own area in the painter's coordinates: the device's size would
        # be in device pixels for an image but in logical ones for a widget on a HiDPI screen
        # (labels then kept to its top-left quarter)
        area = transform.mapRect(rect) if rect is not None else QRectF(0, 0, painter.device().width(),
                                                                         painter.device().height())
        placed = _Occupancy(area.right(), area.bottom())
        blocked = self.blocked() if self.blocked is not None else None
        if blocked is not None:  # the legend's place, in the plane's units: no label under it
            placed.add(transform.mapRect(blocked))
        # every node on screen, faded ones too, is kept free of labels: a label never hides a node
        self.discs = (_map_points(transform, self._pos[candidates]), self._offset[candidates])
        placed.add_discs(*self.discs)
        candidates = candidates[: self.max_labels * 4]
        anchors = _map_points(transform, self._pos[candidates])
        metrics = {False: QFontMetricsF(self.font), True: QFontMetricsF(self.bold)}
        misses = 0
        for node, (x, y) in zip(candidates.tolist(), anchors.tolist()):
            if len(self.drawn) >= self.max_labels or misses > 150:
                break  # enough, or the screen is full at this zoom: the rest would not fit either
            strong = bool(self._strong[node])
            text = self._texts[node]
            size = metrics[strong].boundingRect(text).size()
            box = _place(QPointF(x, y), size, float(self._offset[node]), placed, bool(self._always[node]),
                         wide=strong or len(self.drawn) < 40)
            if box is None:
                misses += 1
                continue
            misses = 0
            placed.add(box)
            self._draw(painter, box, text, strong, bool(self._faded[node]))
            self.drawn.append(node)
            self.boxes[node] = box
        painter.restore()

    def _draw(self, painter: QPainter, box: QRectF, text: str, strong: bool, faded: bool) -> None:
        # a light halo, tight to the text: it lifts the text off the edges behind it without
        # hiding them (labels never cover nodes: their places are kept free)
        halo = QColor(255, 255, 255, 150 if not faded else 90)
        painter.setPen(Qt.NoPen)
        painter.setBrush(halo)
        painter.drawRoundedRect(box.adjusted(-1, 1, 1, -1), 2, 2)
        painter.setFont(self.bold if strong else self.font)
        painter.setPen(QColor(17, 24, 39, 255 if not faded else 110))
        painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextSingleLine, text)


def _place(anchor: QPointF, size, radius: float, placed: "_Occupancy", always: bool,
           wide: bool = False) -> QRectF | None:
    """A free box for a label beside its node, or None: right, left, above, below, then the four
    corners; ``wide`` (the labels that matter most) also tries a ring further out."""
    w, h = size.width() + 1, size.height()
    x, y = anchor.x(), anchor.y()
    options = []
    for gap in ((radius + 3, radius + 12) if wide else (radius + 3,)):
        corner = gap * 0.7
        options += [
            QRectF(x + gap, y - h / 2, w, h), QRectF(x - gap - w, y - h / 2, w, h),
            QRectF(x - w / 2, y - gap - h, w, h), QRectF(x - w / 2, y + gap, w, h),
            QRectF(x + corner, y - corner - h, w, h), QRectF(x + corner, y + corner, w, h),
            QRectF(x - corner - w, y - corner - h, w, h), QRectF(x - corner - w, y + corner, w, h),
        ]
    for box in options:
        if not placed.hits(box):
            return box
    if wide:  # an important label may touch the rim of a symbol, never its middle
        for box in options:
            if not placed.hits_core(box):
                return box
    if always:  # crowded by nodes: over them rather than over another label
        return next((box for box in options if not placed.hits_label(box)), options[0])
    return None


def _map_points(transform, points: np.ndarray) -> np.ndarray:
    """Points through an affine (scale, shear, translate) QTransform, vectorised."""
    if not len(points):
        return np.zeros((0, 2))
    x, y = points[:, 0], points[:, 1]
    return np.column_stack([transform.m11() * x + transform.m21() * y + transform.dx(),
                            transform.m12() * x + transform.m22() * y + transform.dy()])


class _Occupancy:
    """Which parts of the screen hold a node or a label, as a grid of 4-pixel cells, so that
    an overlap test is one array slice."""

    CELL = 4.0

    def __init__(self, width: float, height: float):
        self.grid = np.zeros((int(height // self.CELL) + 2, int(width // self.CELL) + 2), dtype=bool)
        self.labels = np.zeros_like(self.grid)  #: the cells that hold a label (not a node)
        self.cores = np.zeros_like(self.grid)  #: the middle half of each node, and the labels

    def _cells(self, box: QRectF) -> tuple[slice, slice]:
        c, (rows, cols) = self.CELL, self.grid.shape
        r0, r1 = max(int(box.top() // c), 0), min(int(box.bottom() // c) + 1, rows)
        c0, c1 = max(int(box.left() // c), 0), min(int(box.right() // c) + 1, cols)
        return slice(r0, max(r0, r1)), slice(c0, max(c0, c1))

    def hits(self, box: QRectF) -> bool:
        rows, cols = self._cells(box)
        inside = QRectF(0, 0, self.grid.shape[1] * self.CELL, self.grid.shape[0] * self.CELL)
        return bool(self.grid[rows, cols].any()) or not inside.contains(box)

    def hits_core(self, box: QRectF) -> bool:
        rows, cols = self._cells(box)
        return bool(self.cores[rows, cols].any()) or self.hits_label(box) or not QRectF(
            0, 0, self.grid.shape[1] * self.CELL, self.grid.shape[0] * self.CELL).contains(box)

    def hits_label(self, box: QRectF) -> bool:
        rows, cols = self._cells(box)
        return bool(self.labels[rows, cols].any())

    def add(self, box: QRectF) -> None:
        rows, cols = self._cells(box)
        self.grid[rows, cols] = True
        self.labels[rows, cols] = True
        self.cores[rows, cols] = True

    def add_discs(self, centres: np.ndarray, radii: np.ndarray) -> None:
        """Mark every node's square, all at once (and the middle half of each)."""
        if not len(centres):
            return
        self._mark(self.grid, centres, radii)
        self._mark(self.cores, centres, radii * 0.5)

    def _mark(self, grid: np.ndarray, centres: np.ndarray, radii: np.ndarray) -> None:
        c, (rows, cols) = self.CELL, self.grid.shape
        lo = np.floor((centres - radii[:, None]) / c).astype(int)
        hi = np.floor((centres + radii[:, None]) / c).astype(int)
        for dr in range(int((hi - lo)[:, 1].max()) + 1):
            for dc in range(int((hi - lo)[:, 0].max()) + 1):
                r, k = lo[:, 1] + dr, lo[:, 0] + dc
                keep = (r <= hi[:, 1]) & (k <= hi[:, 0]) & (r >= 0) & (r < rows) & (k >= 0) & (k < cols)
                grid[r[keep], k[keep]] = True
