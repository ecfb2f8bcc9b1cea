"""The graphics items that draw the graph in bulk: every edge in one item (one cached path per
style group) and every label in one item that chooses, per frame, which labels fit.

Never one Python object per node or edge: a 300,000-edge graph is a few dozen painter paths.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from . import edge_layers

DASHES = {"solid": Qt.SolidLine, "dash": Qt.DashLine, "dot": Qt.DotLine, "dashdot": Qt.DashDotLine}


@dataclass(frozen=True)
class EdgeGroup:
    """Edges drawn with one pen."""

    colour: str
    dash: str
    width: float
    alpha: int


class EdgeItem(pg.GraphicsObject):
    """Edges with one emphasis. ``set_edges`` takes every edge to show (endpoints, a style group
    each, and optionally a stable key and a priority each); each paint draws only those that
    cross the screen. When they would cover more than ``budget`` pixels (an overview), the best
    (heaviest, then shortest) up to the budget are drawn as lines over a raster of all of them
    (``widgets.edge_layers``),
    which ``run_in_background(job, done)`` computes off the interface thread (None: at once) and
    a change of keys (a timeline step) updates by what appeared and disappeared. Zoomed in, every
    edge is a line. An export draws the same at its own resolution, at once. ``budget`` None:
    always every edge as a line (the selection's, a path)."""

    def __init__(self, budget: int | None = edge_layers.BUDGET):
        super().__init__()
        self.budget = budget
        self.run_in_background = None
        self._bounds = QRectF()
        self._ends = np.zeros((4, 0))  #: x0, y0, x1, y1 of each edge
        self._groups = np.zeros(0, dtype=np.int64)
        self._pens: list[QPen | None] = []
        self._rgb = np.zeros((0, 3), np.float32)  #: each edge's colour
        self._alpha = 0.5
        self._weight = np.zeros(0)  #: each edge's priority among the lines (its weight)
        self._keys: np.ndarray | None = None
        self._version = 0
        self._lines: tuple = (None,)  #: what the last paint chose, for the next at the same view
        self._raster = None  #: (key, density, QImage, world rect) of the last raster
        self._wanted = None  #: the key of the raster being computed
        self._steps: dict[int, tuple] = {}  #: version -> (appeared, gone): the changes since
        self.drawn = (0, False)  #: lines drawn and whether the raster was, in the last paint
        self._picture: tuple = (None, None)  #: (key, QImage) of the last drawing on screen

    @property
    def count(self) -> int:
        return self._ends.shape[1]

    def set_edges(self, xy_src: np.ndarray, xy_dst: np.ndarray, groups: np.ndarray,
                  group_styles: list[EdgeGroup], keys: np.ndarray | None = None,
                  priority: np.ndarray | None = None) -> None:
        """``groups[i]`` indexes ``group_styles`` for edge i (drawn in group order); ``keys``
        name the edges across calls (e.g. graph edge indices), ``priority`` (e.g. the weight)
        puts an edge among the lines drawn at an overview."""
        self.prepareGeometryChange()
        xy_src, xy_dst = np.asarray(xy_src, float).reshape(-1, 2), np.asarray(xy_dst, float).reshape(-1, 2)
        ends = np.vstack([xy_src[:, 0], xy_src[:, 1], xy_dst[:, 0], xy_dst[:, 1]])
        groups = np.asarray(groups, dtype=np.int64).reshape(-1)
        keys = None if keys is None else np.asarray(keys, dtype=np.int64)
        colours = np.array([QColor(style.colour).getRgb()[:3] for style in group_styles] or [(0, 0, 0)], np.float32)
        rgb = colours[groups] if len(groups) else np.zeros((0, 3), np.float32)
        self._steps = {v: step for v, step in self._steps.items() if v > self._version - 8}
        self._steps[self._version] = _step(self._keys, self._ends, self._rgb, keys, ends, rgb)
        self._ends, self._groups, self._keys, self._rgb = ends, groups, keys, rgb
        self._pens = [_pen(style) for style in group_styles]
        self._alpha = max([style.alpha for style in group_styles] or [128]) / 255 * 0.6
        self._weight = np.ones(len(groups)) if priority is None else np.asarray(priority, dtype=np.float64)
        self._version += 1
        if len(groups):
            lo = np.minimum(ends[:2], ends[2:]).min(axis=1)
            hi = np.maximum(ends[:2], ends[2:]).max(axis=1)
            self._bounds = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        else:
            self._bounds = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *_args) -> None:
        if not self.count:
            return
        view = self.getViewBox()
        rect = view.viewRect() if view is not None else self._bounds
        t = painter.deviceTransform()
        on_screen = isinstance(painter.device(), QWidget)
        key = (self._version, (rect.left(), rect.top(), rect.right(), rect.bottom()), _affine(t), on_screen)
        if self._lines[0] != key:  # what to draw changes with the edges and the view, not each frame
            shown, lines, rastered, covered = self._choose(rect, t, on_screen)
            smooth = len(lines) <= edge_layers.SMOOTH_LINES and covered <= edge_layers.SMOOTH_PIXELS
            self._lines = (key, self._paths(lines), shown, rastered, smooth, len(lines))
        self.drawn = self._lines[5], self._lines[3]
        if not on_screen:  # an export: drawn into it, at its resolution
            self._draw(painter, rect, on_screen)
            return
        # on screen, the drawing is kept as a picture until the edges, the view or the raster
        # change: a click that only dims the edges (the item's opacity) draws it again as it is
        device = painter.device()
        ratio = device.devicePixelRatioF()
        picture_key = (key, device.width(), device.height(), ratio, self._raster[0] if self._raster else None)
        if self._picture[0] != picture_key:
            image = QImage(round(device.width() * ratio), round(device.height() * ratio),
                           QImage.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.transparent)
            offscreen = QPainter(image)
            offscreen.setWorldTransform(painter.worldTransform())
            self._draw(offscreen, rect, on_screen)
            offscreen.end()
            self._picture = (picture_key if self._raster is None or self._raster[0] == picture_key[4] else None,
                             image)
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(0, 0), self._picture[1])
        painter.restore()

    def _draw(self, painter: QPainter, rect: QRectF, on_screen: bool) -> None:
        _key, paths, shown, rastered, smooth, _count = self._lines
        if rastered:
            self._paint_raster(painter, rect, shown, on_screen)
        # dashes, widths and smoothing only while the lines are few: Qt strokes many faster without
        painter.setRenderHint(QPainter.Antialiasing, smooth)
        for pen, plain, path in paths:
            painter.setPen(pen if smooth else plain)
            painter.drawPath(path)

    def _choose(self, rect: QRectF, t, on_screen: bool) -> tuple:
        """The edges on screen, those drawn as lines, whether a raster stands for the rest, and
        the pixels the lines cover."""
        shown = edge_layers.cull(*self._ends, (rect.left(), rect.top(), rect.right(), rect.bottom()))
        box = t.mapRect(rect)
        pixels = edge_layers.visible_lengths(
            *edge_layers.to_device(self._ends[:, shown], _affine(t), (box.left(), box.top())),
            max(int(np.ceil(box.width())), 1), max(int(np.ceil(box.height())), 1))
        budget = None if self.budget is None else (self.budget if on_screen else edge_layers.EXPORT_BUDGET)
        covered = float(pixels.sum())
        if budget is None or (covered <= budget and len(shown) <= edge_layers.MAX_LINES):
            return shown, shown, False, covered
        chosen = edge_layers.best(self._weight[shown], pixels, budget)
        return shown, shown[chosen], True, float(pixels[chosen].sum())

    def _paths(self, chosen: np.ndarray) -> list[tuple[QPen, QPen, QPainterPath]]:
        paths = []
        groups = self._groups[chosen]
        x0, y0, x1, y1 = self._ends[:, chosen]
        for code, pen in enumerate(self._pens):
            picked = groups == code
            if not picked.any():
                continue
            x = np.empty(2 * int(picked.sum()))
            y = np.empty_like(x)
            x[0::2], x[1::2] = x0[picked], x1[picked]
            y[0::2], y[1::2] = y0[picked], y1[picked]
            plain = QPen(pen)  # many lines: solid hairlines (a wide or dashed pen is stroked as polygons)
            plain.setStyle(Qt.SolidLine)
            plain.setWidthF(1.0)
            paths.append((pen, plain, pg.arrayToQPath(x, y, connect="pairs", finiteCheck=False)))
        return paths

    # -- the raster layer ------------------------------------------------------------------
    def _paint_raster(self, painter: QPainter, rect: QRectF, shown: np.ndarray, on_screen: bool) -> None:
        transform = painter.deviceTransform()
        box = transform.mapRect(rect)
        width, height = (min(int(np.ceil(v)), 8192) for v in (box.width(), box.height()))
        if width < 1 or height < 1:
            return
        frame = (rect.left(), rect.top(), rect.width(), rect.height(), width, height, transform.m11(),
                 transform.m12(), transform.m21(), transform.m22(), transform.dx(), transform.dy())
        key = (self._version, frame)
        if self._raster is None or self._raster[0] != key:
            flip = transform.m22() < 0
            if self.run_in_background is None or not on_screen:
                job = self._raster_job(key, transform, box, shown)
                self._raster_done(key, job(), flip)  # an export: at its resolution, now
            elif self._wanted is None:  # one job at a time; when it is done, the next paint asks again
                self._wanted = key
                job = self._raster_job(key, transform, box, shown)
                self.run_in_background(job, lambda density: self._raster_done(key, density, flip))
        if self._raster is not None:
            painter.save()
            painter.setRenderHint(QPainter.SmoothPixmapTransform, False)
            painter.drawImage(self._raster[3], self._raster[2])
            painter.restore()

    def _raster_job(self, key: tuple, transform, box: QRectF, shown: np.ndarray):
        """A job that makes the density of the shown edges for this frame: from the last
        raster plus what appeared minus what disappeared when only the edges changed since (a
        timeline step), else afresh."""
        m, origin = _affine(transform), (box.left(), box.top())
        width, height = key[1][4], key[1][5]

        def to_pixels(ends: np.ndarray) -> tuple:
            return edge_layers.to_device(ends, m, origin)

        base = self._raster
        steps = [self._steps.get(v) for v in range(base[0][0], self._version)] if base is not None else [None]
        if base is not None and base[0][1] == key[1] and all(s is not None for s in steps):
            added = np.concatenate([s[0] for s in steps], axis=1)
            removed = np.concatenate([s[2] for s in steps], axis=1)
            if added.shape[1] + removed.shape[1] < max(len(shown), 1) // 2:
                added_rgb = np.concatenate([s[1] for s in steps])
                gone = (*to_pixels(removed), np.concatenate([s[3] for s in steps]))
                density = base[1]
                return lambda: edge_layers.density_of(*to_pixels(added), added_rgb, width, height, base=density,
                                                      gone=gone)
        ends, rgb = self._ends[:, shown], self._rgb[shown]
        return lambda: edge_layers.density_of(*to_pixels(ends), rgb, width, height)

    def _raster_done(self, key: tuple, density: edge_layers.Density | None, flip: bool) -> None:
        """A raster is ready (None: its job failed); it replaces an older one and the item is
        painted again, which asks for the next raster if the view or the edges moved on."""
        if self._wanted == key:
            self._wanted = None
        if density is None or (self._raster is not None and self._raster[0][0] > key[0]):
            self.update()
            return
        pixels = density.argb(self._alpha, flip=flip)
        image = QImage(pixels.data, density.width, density.height, density.width * 4,
                       QImage.Format_ARGB32_Premultiplied).copy()
        left, top, width, height = key[1][:4]
        self._raster = (key, density, image, QRectF(left, top, width, height))
        self.update()


def _affine(t) -> tuple:
    return t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()


def _spread(values: np.ndarray, where: np.ndarray, size: int) -> np.ndarray:
    """``values`` given for the edges ``where``, placed in an array over all ``size`` edges."""
    full = np.zeros(size)
    full[where] = values
    return full


def _pen(style: EdgeGroup) -> QPen:
    colour = QColor(style.colour)
    colour.setAlpha(style.alpha)
    pen = QPen(colour, style.width)
    pen.setCosmetic(True)
    pen.setStyle(DASHES[style.dash])
    pen.setCapStyle(Qt.FlatCap)
    return pen


def _step(old_keys: np.ndarray | None, old_ends: np.ndarray, old_rgb: np.ndarray, keys: np.ndarray | None,
          ends: np.ndarray, rgb: np.ndarray):
    """What changed from the old edges to the new: (ends and colours of the edges that
    appeared, ends and colours of those that disappeared), or None when edges cannot be told
    apart by key or those in both moved (a drag, a new layout): a raster then starts afresh."""
    if old_keys is None or keys is None:
        return None
    order = np.argsort(old_keys, kind="stable")
    where = np.minimum(np.searchsorted(old_keys[order], keys), max(len(old_keys) - 1, 0))
    known = (old_keys[order][where] == keys) if len(old_keys) else np.zeros(len(keys), bool)
    before = order[where[known]]
    if not np.array_equal(old_ends[:, before], ends[:, known]):
        return None
    kept = np.zeros(len(old_keys), dtype=bool)
    kept[before] = True
    return ends[:, ~known], rgb[~known], old_ends[:, ~kept], old_rgb[~kept]


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
        self._sizes: dict = {}  #: (text, bold) -> its size
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
            size = self._sizes.get((text, strong))
            if size is None:  # a text's size is measured once
                size = self._sizes[(text, strong)] = metrics[strong].boundingRect(text).size()
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
    x, y = anchor.x(), anchor.y()
    options = ((x + gap, y - h / 2), (x - gap - w, y - h / 2), (x - w / 2, y - gap - h), (x - w / 2, y + gap))
    for left, top in options:  # plain numbers: a box is made only for the place chosen
        if not placed.hits_at(left, top, w, h):
            return QRectF(left, top, w, h)
    return QRectF(options[0][0], options[0][1], w, h) if always else None


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

    def _cells(self, left: float, top: float, width: float, height: float) -> tuple[int, int, int, int]:
        c, (rows, cols) = self.CELL, self.shape
        r0, r1 = max(int(top // c), 0), min(int((top + height) // c) + 1, rows)
        c0, c1 = max(int(left // c), 0), min(int((left + width) // c) + 1, cols)
        return r0, max(r0, r1), c0, max(c0, c1)

    def hits(self, box: QRectF) -> bool:
        return self.hits_at(box.left(), box.top(), box.width(), box.height())

    def hits_at(self, left: float, top: float, width: float, height: float) -> bool:
        """Whether a box (in pixels) meets anything placed, or leaves the screen."""
        if left < 0 or top < 0 or left + width > self.shape[1] * self.CELL \
                or top + height > self.shape[0] * self.CELL:
            return True  # not wholly on the screen
        r0, r1, c0, c1 = self._cells(left, top, width, height)
        return any(row.find(1, c0, c1) >= 0 for row in self.rows[r0:r1])

    def add(self, box: QRectF) -> None:
        r0, r1, c0, c1 = self._cells(box.left(), box.top(), box.width(), box.height())
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
