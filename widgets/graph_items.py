"""The graphics items that draw the graph in bulk: every edge in one item (one cached path per
style group) and every label in one item that chooses, per frame, which labels fit.

Never one Python object per node or edge: a 300,000-edge graph is a few dozen painter paths.
"""
from __future__ import annotations

from dataclasses import dataclass

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
        self.drawn = []
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
            candidates = candidates[inside][: self.max_labels * 4]
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.TextAntialiasing, True)
        device = painter.device()
        placed = _Occupancy(device.width() / device.devicePixelRatioF(),
                            device.height() / device.devicePixelRatioF())
        anchors = _map_points(transform, self._pos[candidates])
        solid = ~self._faded[candidates]  # labels keep off the nodes, but may cover faded ones
        placed.add_discs(anchors[solid], self._offset[candidates][solid])
        metrics = {False: QFontMetricsF(self.font), True: QFontMetricsF(self.bold)}
        misses = 0
        for node, (x, y) in zip(candidates.tolist(), anchors.tolist()):
            if len(self.drawn) >= self.max_labels or misses > 150:
                break  # enough, or the screen is full at this zoom: the rest would not fit either
            strong = bool(self._strong[node])
            text = self._texts[node]
            size = metrics[strong].boundingRect(text).size()
            box = _place(QPointF(x, y), size, float(self._offset[node]), placed, bool(self._always[node]))
            if box is None:
                misses += 1
                continue
            misses = 0
            placed.add(box)
            self._draw(painter, box, text, strong, bool(self._faded[node]))
            self.drawn.append(node)
        painter.restore()

    def _draw(self, painter: QPainter, box: QRectF, text: str, strong: bool, faded: bool) -> None:
        halo = QColor(255, 255, 255, 200 if not faded else 120)
        painter.setPen(Qt.NoPen)
        painter.setBrush(halo)
        painter.drawRoundedRect(box.adjusted(-2, 0, 2, 0), 3, 3)
        painter.setFont(self.bold if strong else self.font)
        painter.setPen(QColor(17, 24, 39, 255 if not faded else 110))
        painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter | Qt.TextSingleLine, text)


def _place(anchor: QPointF, size, radius: float, placed: "_Occupancy", always: bool) -> QRectF | None:
    """A free box for a label beside its node (right, left, above, below), or None."""
    w, h, gap = size.width() + 1, size.height(), radius + 3
    options = [
        QRectF(anchor.x() + gap, anchor.y() - h / 2, w, h),
        QRectF(anchor.x() - gap - w, anchor.y() - h / 2, w, h),
        QRectF(anchor.x() - w / 2, anchor.y() - gap - h, w, h),
        QRectF(anchor.x() - w / 2, anchor.y() + gap, w, h),
    ]
    for box in options:
        if not placed.hits(box):
            return box
    return options[0] if always else None


def _map_points(transform, points: np.ndarray) -> np.ndarray:
    """Points through an affine (scale, shear, translate) QTransform, vectorised."""
    if not len(points):
        return np.zeros((0, 2))
    x, y = points[:, 0], points[:, 1]
    return np.column_stack([transform.m11() * x + transform.m21() * y + transform.dx(),
                            transform.m12() * x + transform.m22() * y + transform.dy()])


class _Occupancy:
    """Which parts of the screen hold a node or a label, as a grid of 4-pixel cells (a row of
    bytes per cell row), so that an overlap test is a few byte searches: a label frame tries
    thousands of boxes, and an array slice per box cost most of a 1,000-node frame."""

    CELL = 4.0

    def __init__(self, width: float, height: float):
        self.shape = (int(height // self.CELL) + 2, int(width // self.CELL) + 2)
        self.rows = [bytearray(self.shape[1]) for _ in range(self.shape[0])]
        self._ones = b"\x01" * self.shape[1]

    def _cells(self, box: QRectF) -> tuple[int, int, int, int]:
        c, (rows, cols) = self.CELL, self.shape
        r0, r1 = max(int(box.top() // c), 0), min(int(box.bottom() // c) + 1, rows)
        c0, c1 = max(int(box.left() // c), 0), min(int(box.right() // c) + 1, cols)
        return r0, max(r0, r1), c0, max(c0, c1)

    def hits(self, box: QRectF) -> bool:
        if box.left() < 0 or box.top() < 0 or box.right() > self.shape[1] * self.CELL \
                or box.bottom() > self.shape[0] * self.CELL:
            return True  # not wholly on the screen
        r0, r1, c0, c1 = self._cells(box)
        return any(row.find(1, c0, c1) >= 0 for row in self.rows[r0:r1])

    def add(self, box: QRectF) -> None:
        r0, r1, c0, c1 = self._cells(box)
        for row in self.rows[r0:r1]:
            row[c0:c1] = self._ones[c0:c1]

    def add_discs(self, centres: np.ndarray, radii: np.ndarray) -> None:
        """Mark every node's square, all at once."""
        if not len(centres):
            return
        rows, cols = self.shape
        grid = np.zeros(self.shape, dtype=np.uint8)
        c = self.CELL
        lo = np.floor((centres - radii[:, None]) / c).astype(int)
        hi = np.floor((centres + radii[:, None]) / c).astype(int)
        for dr in range(int((hi - lo)[:, 1].max()) + 1):
            for dc in range(int((hi - lo)[:, 0].max()) + 1):
                r, k = lo[:, 1] + dr, lo[:, 0] + dc
                keep = (r <= hi[:, 1]) & (k <= hi[:, 0]) & (r >= 0) & (r < rows) & (k >= 0) & (k < cols)
                grid[r[keep], k[keep]] = 1
        for number, row in enumerate(grid):
            self.rows[number] = bytearray(row.tobytes()) if row.any() else self.rows[number]
