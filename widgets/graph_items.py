"""The graphics item that draws the graph's edges in bulk: every edge in one item, with only the
edges on screen drawn and, past a budget, the best lines over a raster of the rest
(``edge_layers``). Labels are in ``label_item``.

Never one Python object per edge: a 300,000-edge graph is a few painter paths and an image.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QWidget

from . import edge_layers
from .rendering import affine, blank_image, paint_target

STEP_ROWS = 100_000  #: edges handled in one step of ``EdgeItem.set_ends_steps`` and ``prepare_steps``
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
        self._pens: list[QPen | None] = []  #: each group's pen, opaque
        self._alphas: list[int] = []  #: each group's alpha
        self._rgb = np.zeros((0, 3), np.float32)  #: each edge's colour
        self._alpha = 0.5
        self._weight = np.zeros(0)  #: each edge's priority among the lines (its weight)
        self._keys: np.ndarray | None = None
        self.styles: list[EdgeGroup] = []  #: the group styles in use
        self._version = 0
        self._lines: tuple = (None,)  #: what the last paint chose, for the next at the same view
        self._raster = None  #: (key, density, QImage, world rect) of the last raster
        self._wanted = None  #: the key of the raster being computed
        self._steps: dict[int, tuple] = {}  #: version -> (appeared, gone): the changes since
        self.drawn = (0, False)  #: lines drawn and whether the raster was, in the last paint
        self._picture: tuple = (None, None, 1.0)  #: (key, QImage, opacity) of the last drawing on screen
        self.made = None  #: what ``canvas_edges.draw_edges_steps`` made the edges of (None: someone else)

    @property
    def count(self) -> int:
        return self._ends.shape[1]

    def set_edges(self, xy_src: np.ndarray, xy_dst: np.ndarray, groups: np.ndarray,
                  group_styles: list[EdgeGroup], keys: np.ndarray | None = None,
                  priority: np.ndarray | None = None) -> None:
        """``groups[i]`` indexes ``group_styles`` for edge i (drawn in group order); ``keys``
        name the edges across calls (e.g. graph edge indices), ``priority`` (e.g. the weight)
        puts an edge among the lines drawn at an overview."""
        xy_src, xy_dst = np.asarray(xy_src, float).reshape(-1, 2), np.asarray(xy_dst, float).reshape(-1, 2)
        ends = np.vstack([xy_src[:, 0], xy_src[:, 1], xy_dst[:, 0], xy_dst[:, 1]])
        self.set_ends(ends, groups, group_styles, keys, priority)

    def set_ends(self, ends: np.ndarray, groups: np.ndarray, group_styles: list[EdgeGroup],
                 keys: np.ndarray | None = None, priority: np.ndarray | None = None,
                 unmoved: bool = False) -> None:
        """``set_edges`` with the ends given as one (4, n) array: x0, y0, x1, y1. ``unmoved``:
        the caller knows that an edge shown before and now has the same ends (a date step, not
        a drag), so they are not compared."""
        for _ in self.set_ends_steps(ends, groups, group_styles, keys, priority, unmoved):
            pass

    def set_ends_steps(self, ends: np.ndarray, groups: np.ndarray, group_styles: list[EdgeGroup],
                       keys: np.ndarray | None = None, priority: np.ndarray | None = None,
                       unmoved: bool = False, rows: int | None = None) -> Iterator[None]:
        """``set_ends``, its passes over the edges a slice of ``rows`` (``STEP_ROWS``) at a time (a
        caller that shows a big graph in steps); the item keeps its last edges until the last step."""
        rows = rows or STEP_ROWS
        ends = np.asarray(ends, dtype=float).reshape(4, -1)
        groups = np.asarray(groups, dtype=np.int64).reshape(-1)
        keys = None if keys is None else np.asarray(keys, dtype=np.int64)
        priority = None if priority is None else np.asarray(priority)
        colours = np.array([QColor(style.colour).getRgb()[:3] for style in group_styles] or [(0, 0, 0)], np.float32)
        count = len(groups)
        rgb = np.empty((count, 3), np.float32)
        used = np.zeros(len(group_styles), dtype=bool)
        lo, hi = np.full(2, np.inf), np.full(2, -np.inf)
        weight = np.ones(count) if priority is None else np.empty(count)
        for start in range(0, count, rows):
            part = slice(start, start + rows)
            if priority is not None:  # as floats, a slice at a time (fresh memory: 24 MB at three million)
                weight[part] = priority[part]
            rgb[part] = colours[groups[part]]
            used[groups[part]] = True  # the looks in use (the group styles some edge has)
            lo = np.minimum(lo, np.minimum(ends[:2, part], ends[2:, part]).min(axis=1))
            hi = np.maximum(hi, np.maximum(ends[:2, part], ends[2:, part]).max(axis=1))
            yield
        step = yield from _step_steps(self._keys, self._ends, self._rgb, keys, ends, rgb, unmoved, rows)
        self.prepareGeometryChange()
        self._steps = {v: st for v, st in self._steps.items() if v > self._version - 8}
        self._steps[self._version] = step
        self._ends, self._groups, self._keys, self._rgb = ends, groups, keys, rgb
        self._pens = [_pen(style) for style in group_styles]
        self._alphas = [style.alpha for style in group_styles]
        self.styles = [st for code, st in enumerate(group_styles) if used[code]]
        self._alpha = max([style.alpha for style in group_styles] or [128]) / 255 * 0.6
        self._weight = weight
        self._version += 1
        self.made = None
        self._bounds = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]) if count else QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, *_args) -> None:
        if not self.count:
            return
        view = self.getViewBox()
        rect = view.viewRect() if view is not None else self._bounds
        # an export (PNG or SVG) sets the items' export mode; its painter may name the widget
        on_screen = isinstance(painter.device(), QWidget) and not self._exportOpts
        if not on_screen:  # an export: drawn into it, at its resolution
            self._choose_lines(rect, painter.deviceTransform(), on_screen)
            self._draw(painter, rect, on_screen)
            return
        self._picture_on(rect, painter.deviceTransform(), painter.worldTransform(), painter.device())
        painter.save()
        painter.resetTransform()
        painter.setOpacity(painter.opacity() * self._picture[2])
        painter.drawImage(QPointF(0, 0), self._picture[1])
        painter.restore()

    def prepare(self) -> None:
        """Choose the lines and draw their picture now, as the next paint on screen would (a
        caller that shows a big graph in steps keeps that work out of the paint)."""
        view, widget = self.getViewBox(), self.getViewWidget()
        if self.count and view is not None and widget is not None:
            rect, device, world = self._on_widget(view, widget)
            self._picture_on(rect, device, world, widget.viewport())

    def _on_widget(self, view, widget) -> tuple:
        """The view's rectangle and the device and world transforms of a paint on screen."""
        world = self.deviceTransform(widget.viewportTransform())
        # a paint on screen goes into the window's backing store: its device transform is
        # the world's moved by the viewport's place in the window
        viewport = widget.viewport()
        offset = viewport.mapTo(viewport.window(), QPoint(0, 0))
        return view.viewRect(), world * QTransform.fromTranslate(offset.x(), offset.y()), world

    def prepare_steps(self) -> Iterator[None]:
        """``prepare``, with the choice of lines (each edge's pixels on screen) made first, a
        slice of ``STEP_ROWS`` edges at a time."""
        view, widget = self.getViewBox(), self.getViewWidget()
        if self.count and view is not None and widget is not None:
            rect, device, _world = self._on_widget(view, widget)
            yield from self._choose_steps(rect, device, True)
            self.prepare()

    def _choose_lines(self, rect: QRectF, t, on_screen: bool) -> tuple:
        """What to draw (kept in ``_lines``): it changes with the edges and the view, not each frame."""
        for _ in self._choose_steps(rect, t, on_screen):
            pass
        self.drawn = self._lines[5], self._lines[3]
        return self._lines[0]

    def _choose_steps(self, rect: QRectF, t, on_screen: bool) -> Iterator[None]:
        """``_lines`` for this view, made in steps unless they are made already."""
        key = (self._version, (rect.left(), rect.top(), rect.right(), rect.bottom()), affine(t), on_screen)
        if self._lines[0] != key:
            shown, lines, rastered, covered = yield from self._choose(rect, t, on_screen)
            smooth = len(lines) <= edge_layers.SMOOTH_LINES and covered <= edge_layers.SMOOTH_PIXELS
            self._lines = (key, self._paths(lines, smooth), shown, rastered, smooth, len(lines))

    def _picture_on(self, rect: QRectF, t, world, device: QWidget) -> None:
        """On screen, the drawing is kept as a picture until the edges, the view or the raster
        change: a click that only dims the edges (the item's opacity) draws it again as it is."""
        key = self._choose_lines(rect, t, True)
        ratio = device.devicePixelRatioF()
        picture_key = (key, device.width(), device.height(), ratio, self._raster[0] if self._raster else None)
        if self._picture[0] != picture_key:
            image = blank_image(device)
            offscreen = QPainter(image)
            offscreen.setWorldTransform(world)
            opacity = self._draw(offscreen, rect, True, alone=True)
            offscreen.end()
            self._picture = (picture_key if self._raster is None or self._raster[0] == picture_key[4] else None,
                             image, opacity)

    def _draw(self, painter: QPainter, rect: QRectF, on_screen: bool, alone: bool = False) -> float:
        """Draw the edges; returns the opacity to lay the drawing over with.

        Lines of one alpha are stroked opaque and laid over with that alpha: Qt strokes opaque
        lines about eight times faster than translucent ones (3,000 lines: 55 -> 7 ms), and
        where two lines of one alpha cross, the crossing is not darker. ``alone``: the painter's
        image holds nothing else, so lines of a single alpha (no raster) go straight into it and
        the image is laid over with their alpha. Otherwise each alpha gets a layer of its own;
        into something that is not an image (an SVG file), translucent lines as they are."""
        _key, paths, shown, rastered, smooth, _count = self._lines
        levels = list(dict.fromkeys(alpha for alpha, *_ in paths))
        direct = alone and not rastered and len(levels) == 1
        if rastered:
            self._paint_raster(painter, rect, shown, on_screen)
        device = paint_target(painter)
        layered = isinstance(device, QImage) and not direct
        for level in levels:
            layer = blank_image(device) if layered else None
            lines = QPainter(layer) if layered else painter
            if layered:
                lines.setWorldTransform(painter.worldTransform())
            # dashes, widths and smoothing only while the lines are few: Qt strokes many faster without
            lines.setRenderHint(QPainter.Antialiasing, smooth)
            for alpha, pen, plain, path in paths:
                if alpha == level:
                    chosen = QPen(pen if smooth else plain)
                    if not layered and not direct:  # translucent, as they are
                        colour = chosen.color()
                        colour.setAlpha(alpha)
                        chosen.setColor(colour)
                    lines.setPen(chosen)
                    lines.drawPath(path)
            if layered:
                lines.end()
                painter.save()
                painter.resetTransform()
                painter.setOpacity(painter.opacity() * level / 255)
                painter.drawImage(QPointF(0, 0), layer)
                painter.restore()
        return levels[0] / 255 if direct else 1.0

    def _choose(self, rect: QRectF, t, on_screen: bool) -> Iterator[None]:
        """The edges on screen, those drawn as lines, whether a raster stands for the rest, and
        the pixels the lines cover (returned); each edge's pixels a slice at a time."""
        if rect.contains(self._bounds):  # every edge in view (an overview): nothing to cull
            shown = np.arange(self.count)
        else:
            shown = edge_layers.cull(*self._ends, (rect.left(), rect.top(), rect.right(), rect.bottom()))
        box = t.mapRect(rect)
        every = len(shown) == self.count
        pixels = np.empty(len(shown))
        for start in range(0, len(shown), STEP_ROWS):
            yield
            part = slice(start, start + STEP_ROWS)
            pixels[part] = edge_layers.visible_lengths(
                *edge_layers.to_device(self._ends[:, part] if every else self._ends[:, shown[part]], affine(t),
                                       (box.left(), box.top())),
                max(int(np.ceil(box.width())), 1), max(int(np.ceil(box.height())), 1))
        budget = None if self.budget is None else (self.budget if on_screen else edge_layers.EXPORT_BUDGET)
        covered = float(pixels.sum())
        if budget is None or (covered <= budget and len(shown) <= edge_layers.MAX_LINES):
            return shown, shown, False, covered
        weight = self._weight
        chosen = yield from edge_layers.best_steps(lambda part: weight[shown[part]], pixels, budget, rows=STEP_ROWS)
        return shown, shown[chosen], True, float(pixels[chosen].sum())

    def _paths(self, chosen: np.ndarray, smooth: bool) -> list[tuple[int, QPen, QPen, QPainterPath]]:
        """A path per group of the chosen edges, in group order; when the lines are not smooth
        they are all solid hairlines, so groups of one colour and alpha make one path."""
        groups = self._groups[chosen]
        representative = np.arange(len(self._pens))
        if not smooth and len(self._pens):
            looks: dict = {}
            merged = np.array([looks.setdefault((pen.color().rgb(), alpha), code)
                               for code, (pen, alpha) in enumerate(zip(self._pens, self._alphas))])
            groups, representative = merged[groups], merged
        order = np.argsort(groups, kind="stable")
        counts = np.bincount(groups, minlength=len(self._pens)) if len(groups) else np.zeros(len(self._pens), int)
        x0, y0, x1, y1 = self._ends[:, chosen[order]]
        x, y = np.empty(2 * len(order)), np.empty(2 * len(order))
        x[0::2], x[1::2], y[0::2], y[1::2] = x0, x1, y0, y1
        paths, start = [], 0
        for code, count in enumerate(counts.tolist()):
            if not count or representative[code] != code:
                continue
            pen = self._pens[code]
            plain = QPen(pen)  # many lines: solid hairlines (a wide or dashed pen is stroked as polygons)
            plain.setStyle(Qt.SolidLine)
            plain.setWidthF(1.0)
            part = slice(2 * start, 2 * (start + count))
            paths.append((self._alphas[code], pen, plain,
                          pg.arrayToQPath(x[part], y[part], connect="pairs", finiteCheck=False)))
            start += count
        return paths

    # -- the raster layer ------------------------------------------------------------------
    def _paint_raster(self, painter: QPainter, rect: QRectF, shown: np.ndarray, on_screen: bool) -> None:
        transform = painter.deviceTransform()
        box = transform.mapRect(rect)
        scale = 1.0
        if not on_screen and box.width() * box.height() > edge_layers.EXPORT_RASTER_PIXELS:
            # an export's haze is made at a lower resolution and laid over smoothly: at 3840 px
            # it would take half a gigabyte and seconds, for a layer that has no sharp detail
            scale = float(np.sqrt(edge_layers.EXPORT_RASTER_PIXELS / (box.width() * box.height())))
            transform = transform * QTransform.fromScale(scale, scale)
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
            painter.setRenderHint(QPainter.SmoothPixmapTransform, scale < 1)
            painter.drawImage(self._raster[3], self._raster[2])
            painter.restore()

    def _raster_job(self, key: tuple, transform, box: QRectF, shown: np.ndarray):
        """A job that makes the density of the shown edges for this frame: from the last
        raster plus what appeared minus what disappeared when only the edges changed since (a
        timeline step), else afresh."""
        m, origin = affine(transform), (box.left(), box.top())
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
        every = len(shown) == self.count  # the item's arrays are replaced, never changed: no copy needed
        ends, rgb = (self._ends, self._rgb) if every else (self._ends[:, shown], self._rgb[shown])
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


def _spread(values: np.ndarray, where: np.ndarray, size: int) -> np.ndarray:
    """``values`` given for the edges ``where``, placed in an array over all ``size`` edges."""
    full = np.zeros(size)
    full[where] = values
    return full


def _pen(style: EdgeGroup) -> QPen:
    pen = QPen(QColor(style.colour), style.width)
    pen.setCosmetic(True)
    pen.setStyle(DASHES[style.dash])
    pen.setCapStyle(Qt.FlatCap)
    return pen


def _step_steps(old_keys: np.ndarray | None, old_ends: np.ndarray, old_rgb: np.ndarray, keys: np.ndarray | None,
                ends: np.ndarray, rgb: np.ndarray, unmoved: bool, rows: int):
    """What changed from the old edges to the new: (ends and colours of the edges that
    appeared, ends and colours of those that disappeared), or None when edges cannot be told
    apart by key or those in both moved (a drag, a new layout): a raster then starts afresh.
    A generator: its passes over the keys and the ends take a slice of ``rows`` at a time (at
    a million entities, comparing three million edges' ends at once held the window 0.7 s)."""
    if old_keys is None or keys is None:
        return None
    # keys are usually graph edge indices: small non-negative numbers, looked up in a table
    # (a sort of three million keys was most of a million-entity step)
    top = int(max(old_keys.max(initial=-1), keys.max(initial=-1)))
    increasing = len(old_keys) < 2 or bool((old_keys[1:] > old_keys[:-1]).all())  # so each key once
    if increasing and top < 4 * (len(old_keys) + len(keys)) + 1024 and old_keys.min(initial=0) >= 0 \
            and keys.min(initial=0) >= 0:
        slot = np.full(top + 1, -1, dtype=np.int64)
        for start in range(0, len(old_keys), rows):
            slot[old_keys[start:start + rows]] = np.arange(start, min(start + rows, len(old_keys)))
            yield
        found = np.empty(len(keys), np.int64)
        for start in range(0, len(keys), rows):
            found[start:start + rows] = slot[keys[start:start + rows]]
            yield
        del slot
        known = found >= 0
    else:
        order = np.argsort(old_keys, kind="stable")
        ordered = old_keys[order]
        where = np.minimum(np.searchsorted(ordered, keys), max(len(old_keys) - 1, 0))
        known = (ordered[where] == keys) if len(old_keys) else np.zeros(len(keys), bool)
        found = np.full(len(keys), -1, np.int64)
        found[known] = order[where[known]]
        yield
    if not unmoved:
        for start in range(0, len(keys), rows):
            part = slice(start, start + rows)
            here = known[part]
            if not np.array_equal(old_ends[:, found[part][here]], ends[:, part][:, here]):
                return None
            yield
    kept = np.zeros(len(old_keys), dtype=bool)
    kept[found[known]] = True
    return ends[:, ~known], rgb[~known], old_ends[:, ~kept], old_rgb[~kept]
