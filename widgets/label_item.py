"""The graphics item that draws node labels in screen space, chosen per frame by priority and
room: no label over another, none over the middle of a node or under the legend.

Never one Python object per label: at most a few hundred texts are drawn, whatever the graph.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter


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
        self._sizes: dict = {}  #: (text, bold) -> its size on screen, measured once
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
            size = self._sizes.get((text, strong))
            if size is None:  # a text's size is measured once, not at every frame
                size = self._sizes[(text, strong)] = metrics[strong].boundingRect(text).size()
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
    """Which parts of the screen hold a node or a label, as a grid of 4-pixel cells (a row of
    bytes per cell row), so that an overlap test is a few byte searches: a label frame tries
    thousands of boxes, and an array slice per box cost most of a 1,000-node frame.

    Three sets of rows: ``rows`` (nodes and labels), ``cores`` (the middle half of each node,
    and the labels) and ``labels`` (labels only)."""

    CELL = 4.0

    def __init__(self, width: float, height: float):
        self.shape = (int(height // self.CELL) + 2, int(width // self.CELL) + 2)
        self.rows = [bytearray(self.shape[1]) for _ in range(self.shape[0])]
        self.cores = [bytearray(self.shape[1]) for _ in range(self.shape[0])]
        self.labels = [bytearray(self.shape[1]) for _ in range(self.shape[0])]
        self._ones = b"\x01" * self.shape[1]

    def _cells(self, box: QRectF) -> tuple[int, int, int, int]:
        c, (rows, cols) = self.CELL, self.shape
        r0, r1 = max(int(box.top() // c), 0), min(int(box.bottom() // c) + 1, rows)
        c0, c1 = max(int(box.left() // c), 0), min(int(box.right() // c) + 1, cols)
        return r0, max(r0, r1), c0, max(c0, c1)

    def _outside(self, box: QRectF) -> bool:
        """Not wholly on the screen."""
        return box.left() < 0 or box.top() < 0 or box.right() > self.shape[1] * self.CELL \
            or box.bottom() > self.shape[0] * self.CELL

    def _any(self, grid: list[bytearray], box: QRectF) -> bool:
        r0, r1, c0, c1 = self._cells(box)
        return any(row.find(1, c0, c1) >= 0 for row in grid[r0:r1])

    def hits(self, box: QRectF) -> bool:
        return self._outside(box) or self._any(self.rows, box)

    def hits_core(self, box: QRectF) -> bool:
        """Whether the box covers the middle of a node, or a label (a node's rim is allowed)."""
        return self._outside(box) or self._any(self.cores, box)

    def hits_label(self, box: QRectF) -> bool:
        return self._any(self.labels, box)

    def add(self, box: QRectF) -> None:
        """Mark a label's box (or an area kept free as if it were one, the legend's)."""
        r0, r1, c0, c1 = self._cells(box)
        ones = self._ones[c0:c1]
        for grid in (self.rows, self.cores, self.labels):
            for row in grid[r0:r1]:
                row[c0:c1] = ones

    def add_discs(self, centres: np.ndarray, radii: np.ndarray) -> None:
        """Mark every node's square, all at once (and, in ``cores``, the middle half of each)."""
        if not len(centres):
            return
        radii = np.asarray(radii, dtype=float)
        self._mark(self.rows, centres, radii)
        self._mark(self.cores, centres, radii * 0.5)

    def _mark(self, target: list[bytearray], centres: np.ndarray, radii: np.ndarray) -> None:
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
        for number in np.flatnonzero(grid.any(axis=1)).tolist():
            row = target[number]
            target[number] = bytearray(np.maximum(np.frombuffer(bytes(row), np.uint8), grid[number]).tobytes())
