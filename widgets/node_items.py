"""Nodes in bulk: scatter items filled with one sprite per distinct look, the looks (fill and
outline, full and dimmed) of a colour, and the short flash that marks what appeared (a green
ring) and disappeared (a red ghost) when the date moves.

Never one Python object per node: 100,000 nodes are two scatter items and a few dozen sprites.
"""
from __future__ import annotations

import mmap
from typing import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform
from PySide6.QtWidgets import QWidget

from data import chunks, colours as colour_names, style

from .rendering import affine, blank_image, paint_target


def cosmetic_pen(colour: QColor, width: float = 1.0) -> QPen:
    """A pen whose width is in pixels: pyqtgraph draws symbols scaled to their size, and a
    non-cosmetic pen would be scaled with them (a 1-unit pen fills a 20 px symbol)."""
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    return pen


def node_looks(colour_name: str) -> tuple[QBrush, QBrush, QPen, QPen]:
    """Fill and outline of a node colour, in full and dimmed."""
    colour = QColor(colour_name)
    dim = QColor(colour)
    dim.setAlpha(style.DIM_ALPHA)
    edge = QColor(colour).darker(150)
    dim_edge = QColor(edge)
    dim_edge.setAlpha(style.DIM_ALPHA)
    return QBrush(colour), QBrush(dim), cosmetic_pen(edge), cosmetic_pen(dim_edge)


class PassiveScatter(pg.ScatterPlotItem):
    """A scatter item that leaves clicks to the view box, which finds nodes itself (by pixel
    distance, with modifiers), so that a click on a node and on empty space take one path."""

    #: from this many points, a paint maps and draws only the shown ones in view (below it,
    #: pyqtgraph's own paint)
    LARGE = 20_000

    def __init__(self, *args, keep_picture: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._columns: tuple = (None,)  #: (key, x, y, sprite rects, widest sprite) of the points
        self.keep_picture = keep_picture  #: keep a big item's drawing as a picture (``paint``)
        self._picture: tuple | None = None  #: (key, visible flags, QImage) of the kept picture
        self._last_view: tuple | None = None  #: the view of the last paint drawn without a picture
        self.filled = 0  #: counts fill_scatter calls (which may refill the record array in place)

    def mouseClickEvent(self, ev) -> None:
        ev.ignore()

    def paint(self, painter, option, widget) -> None:
        """pyqtgraph maps every point to the screen at each paint, hidden or not: at a million
        nodes that is most of a frame. Here only the points shown and in view are mapped, and
        their sprites drawn from the atlas in one call (an export, whose sprites are redrawn at
        its resolution, and small items go through pyqtgraph's paint). With ``keep_picture``,
        the drawing is kept as a picture while the points, their flags and the view stay the
        same (the dimmed nodes behind a selection: a click changes only what is drawn over them)."""
        data = self.data
        if not len(data):
            return  # nothing to draw (the path's, the flash's items, most of the time)
        if (len(data) < self.LARGE or self._exportOpts is not False or not self.opts["pxMode"]
                or not self.opts["useCache"] or self.opts.get("compositionMode") is not None):
            super().paint(painter, option, widget)
            return
        ratio = self.fragmentAtlas.devicePixelRatio()
        if widget is not None and widget.devicePixelRatioF() != ratio:
            super().paint(painter, option, widget)  # it makes the sprites again for the new ratio
            return
        device, target = painter.device(), paint_target(painter)
        if not (self.keep_picture and isinstance(device, QWidget) and isinstance(target, QImage)
                and target.devicePixelRatioF() == device.devicePixelRatioF()):
            self._draw(painter, ratio)  # not kept: or an export, drawn at its own scale
            return
        view = affine(painter.deviceTransform()), device.width(), device.height(), device.devicePixelRatioF()
        key = (self.columns()[0], view)
        kept = self._picture
        if kept is not None and kept[0] == key and np.array_equal(kept[1], data["visible"]):
            painter.save()
            painter.resetTransform()
            painter.drawImage(QPointF(0, 0), kept[2])
            painter.restore()
            return
        if self._last_view != view:  # the view moves (a pan, a zoom): drawn, not kept
            self._last_view, self._picture = view, None
            self._draw(painter, ratio)
            return
        image = blank_image(device)
        offscreen = QPainter(image)
        offscreen.setTransform(painter.transform())
        self._draw(offscreen, ratio)
        offscreen.end()
        self._picture = (key, np.array(data["visible"]), image)
        painter.save()
        painter.resetTransform()
        painter.drawImage(QPointF(0, 0), image)
        painter.restore()

    def _draw(self, painter, ratio: float) -> None:
        """The shown points in view, their sprites in one call."""
        self._draw_points(painter, ratio, *self._in_view(ratio))

    def _in_view(self, ratio: float, shown: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The shown points in view (of ``shown``, or of all): their indices and places in the plane."""
        data = self.data
        _key, xs, ys, _rects, widest = self.columns()
        shown = np.flatnonzero(data["visible"]) if shown is None else shown
        x, y = xs[shown], ys[shown]
        view = self.viewRect()
        if view is not None and len(shown):
            px, py = self.pixelVectors()
            half = 0.5 * widest / max(ratio, 1e-9)
            mx = half * (px.length() if px is not None else 0.0)
            my = half * (py.length() if py is not None else 0.0)
            keep = (x > view.left() - mx) & (x < view.right() + mx) & (y > view.top() - my) & (y < view.bottom() + my)
            if not keep.all():
                shown, x, y = shown[keep], x[keep], y[keep]
        return shown, x, y

    def _draw_points(self, painter, ratio: float, shown: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
        if not len(shown):
            return
        rects = self.columns()[3]
        t = painter.transform()
        painter.resetTransform()
        self._pixmapFragments.resize(len(shown))
        fragments = self._pixmapFragments.ndarray()
        fragments[:, 0] = np.clip(t.m11() * x + t.m21() * y + t.dx(), -2 ** 30, 2 ** 30)
        fragments[:, 1] = np.clip(t.m12() * x + t.m22() * y + t.dy(), -2 ** 30, 2 ** 30)
        fragments[:, 2:6] = rects[shown]
        fragments[:, 6:10] = (1 / ratio, 1 / ratio, 0.0, 1.0)  # scale x, scale y, rotation, opacity
        painter.drawPixmapFragments(*self._pixmapFragments.drawargs(), self.fragmentAtlas.pixmap)
        painter.setTransform(t)

    def prepare_steps(self) -> Iterator[None]:
        """With ``keep_picture``, draw the picture the next paint on screen would keep, ``SLICE``
        * 4 points a step (a caller showing a big graph in steps: a million nodes' first paint
        was one paint of 0.8 s). The paint then lays it over."""
        widget, data = self.getViewWidget(), self.data
        if (not self.keep_picture or widget is None or len(data) < self.LARGE or not self.opts["pxMode"]
                or not self.opts["useCache"] or self.opts.get("compositionMode") is not None):
            return
        viewport, ratio = widget.viewport(), self.fragmentAtlas.devicePixelRatio()
        if viewport.devicePixelRatioF() != ratio or not data["visible"].any():
            return
        yield from self.columns_steps()
        world = self.deviceTransform(widget.viewportTransform())
        # a paint on screen goes into the window's backing store: its device transform is the
        # world's moved by the viewport's place in the window (as the edge item's prepare)
        offset = viewport.mapTo(viewport.window(), QPoint(0, 0))
        device = world * QTransform.fromTranslate(offset.x(), offset.y())
        view = affine(device), viewport.width(), viewport.height(), viewport.devicePixelRatioF()
        key, flags = (self.columns()[0], view), np.array(data["visible"])
        shown = np.flatnonzero(flags)
        yield
        image, rows = blank_image(viewport), SLICE  # 100,000 points a step took 0.1 s
        painter = QPainter(image)
        try:
            for start in range(0, len(shown), rows):  # in the paint's order: the same picture
                painter.setTransform(world)
                self._draw_points(painter, ratio, *self._in_view(ratio, shown[start:start + rows]))
                yield
        finally:  # a showing cut short leaves no picture
            painter.end()
        if np.array_equal(flags, data["visible"]) and self.columns()[0] == key[0]:  # unchanged meanwhile
            self._picture, self._last_view = (key, flags, image), view

    def columns(self) -> tuple:
        """The record array's columns, contiguous (key, x, y, sprite rects, widest sprite),
        kept until the points or their sprites change; made ahead of the first paint by
        ``fill_scatter_steps``."""
        for _ in self.columns_steps():
            pass
        return self._columns

    def columns_steps(self) -> Iterator[None]:
        """``columns`` made a slice of ``SLICE`` * 10 points at a time (a big graph shown in steps)."""
        data = self.data
        key = (id(data), len(data), self.filled, self.fragmentAtlas.pixmap.cacheKey())
        if self._columns[0] == key:
            return
        count, rows = len(data), SLICE * 10
        xs, ys, rects, widest = np.empty(count), np.empty(count), np.empty((count, 4), np.int64), 0.0
        for start in range(0, count, rows):
            part = data[start:start + rows]
            xs[start:start + rows], ys[start:start + rows] = part["x"], part["y"]
            sprites = part["sourceRect"]
            for column, name in enumerate("xywh"):
                rects[start:start + rows, column] = sprites[name]
            widest = max(widest, float(sprites["w"].max(initial=0)))
            if start + rows < count:
                yield
        if data is self.data and self.filled == key[2]:  # else changed meanwhile: made again when asked for
            self._columns = (key, xs, ys, rects, widest)


def object_array(values: list) -> np.ndarray:
    """A 1-D object array of these values (NumPy would look inside QBrush and QPen otherwise)."""
    array = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        array[i] = value
    return array


LOOK_ROWS = 50_000  #: nodes whose looks are told apart in one step of ``look_steps``
MAPPED_BYTES = 4 << 20  #: a scatter item's record array bigger than this is a mapping (``mapped_records``)
SLICE = 25_000  #: rows of a scatter item's record array made in one step (about 10 ms each)


def fill_scatter(item: pg.ScatterPlotItem, positions: np.ndarray, sizes: np.ndarray, symbols: np.ndarray,
                 brushes: np.ndarray, pens: np.ndarray, first: np.ndarray, inverse: np.ndarray) -> None:
    """Load every node into a scatter item at once (``fill_scatter_steps``)."""
    for _ in fill_scatter_steps(item, positions, sizes, symbols, brushes, pens, first, inverse):
        pass


def fill_scatter_steps(item: pg.ScatterPlotItem, positions: np.ndarray, sizes: np.ndarray, symbols: np.ndarray,
                       brushes: np.ndarray, pens: np.ndarray, first: np.ndarray, inverse: np.ndarray) -> Iterator[None]:
    """Load every node into a scatter item with the sprite of each distinct look fetched once
    (``first``: a node of each look; ``inverse``: each node's look), yielding after each slice
    of ``SLICE`` rows; the item gets its points after the last (it keeps its old ones until
    then). pyqtgraph's own ``setData`` works out a default look per point first (11 s for a
    million points) and ``setData(brush=[...])`` wraps and looks up every brush one by one, so
    the item's record array is filled here, as ``ScatterPlotItem.addPoints`` fills it, with the
    looks already known. Making the array is most of the cost (NumPy sets each new row's
    object fields one by one: 35 ms per 100,000 rows), so a big one (``mapped_records``) is
    filled a slice at a time."""
    n = len(positions)
    styles = [(symbols[i], sizes[i], pens[i], brushes[i]) for i in first]
    coords = np.array([tuple(c) for c in item.fragmentAtlas[styles]], dtype=item.data.dtype["sourceRect"])
    if len(item.data) == n:  # the same nodes again (new sizes after a zoom): refilled in place, not made anew
        data = item.data
        for start in range(0, n, 4 * SLICE):  # no rows to make: bigger slices
            stop = min(start + 4 * SLICE, n)
            _fill_rows(data[start:stop], start, positions[start:stop], sizes[start:stop], symbols[start:stop],
                       brushes[start:stop], pens[start:stop], coords[inverse[start:stop]], _is_mapped(data))
            if stop < n:
                yield
    else:
        # only the rows of a slice are filled a step: joining slices made apart took a step over
        # every row (a million rows: 0.3-0.9 s); a big array is a mapping whose pages the system
        # zeroes as they are first written (grown slice by slice instead, the growth that made it
        # a mapping of its own zeroed 32 MB at once: 0.1-0.18 s in one step at a million nodes)
        dtype = item.data.dtype
        mapped = n * dtype.itemsize > MAPPED_BYTES
        if mapped:
            data = mapped_records(n, dtype)
        else:
            data = np.empty(0, dtype=dtype)
            data.resize(n, refcheck=False)
        for start in range(0, n, SLICE):
            stop = min(start + SLICE, n)
            _fill_rows(data[start:stop], start, positions[start:stop], sizes[start:stop], symbols[start:stop],
                       brushes[start:stop], pens[start:stop], coords[inverse[start:stop]], mapped)
            if not mapped:  # a resized array's new object fields hold 0; a mapping's read None
                data["item"][start:stop] = None  # as in a new record array
            if stop < n:
                yield
        item.clear()
    item.data = data
    item.prepareGeometryChange()
    item.informViewBoundsChanged()
    item.bounds = [None, None]
    item._maybeRebuildAtlas()
    item._updateMaxSpotSizes(data=data)
    item.invalidate()
    item.sigPlotChanged.emit(item)
    if isinstance(item, PassiveScatter):
        item.filled += 1  # its columns are read again
        if n >= item.LARGE:  # and its paint reads them: made now, in steps of their own
            yield
            yield from item.columns_steps()


def look_steps(symbols, brushes, sizes: np.ndarray, rows: int = LOOK_ROWS):
    """Each node's look for ``fill_scatter_steps``: (``first``: a node of each distinct look,
    ``inverse``: each node's look), a look being a symbol, a colour (its brush object's
    identity: the colour's pen goes with it) and a size in whole pixels. A generator that
    yields after each slice of ``rows`` nodes: three sorts of a million codes at once held the
    window 0.1-0.2 s each."""
    n = len(symbols)
    whole = np.clip(sizes, 0, 4095).astype(np.int64)
    inverse = np.empty(n, np.int64)
    looks: dict[tuple, int] = {}
    first: list[int] = []
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        symbol_ids, symbol_code = _identities(symbols[start:stop])
        brush_ids, brush_code = _identities(brushes[start:stop])
        key = (symbol_code * len(brush_ids) + brush_code) * 4096 + whole[start:stop]
        _keys, where, back = np.unique(key, return_index=True, return_inverse=True)
        codes = np.empty(len(where), np.int64)
        for k in np.argsort(where).tolist():  # numbered as they first appear
            row = int(where[k])
            look = (symbol_ids[symbol_code[row]], brush_ids[brush_code[row]], whole[start + row])
            code = looks.get(look)
            if code is None:
                code = looks[look] = len(first)
                first.append(start + row)
            codes[k] = code
        inverse[start:stop] = codes[back.reshape(-1)]
        yield
    return np.array(first, np.int64), inverse


def _identities(objects) -> tuple[np.ndarray, np.ndarray]:
    """The distinct objects of a slice by identity (a look's symbol name and brush are shared
    objects), and each one's place among them."""
    distinct, code = np.unique(np.fromiter(map(id, objects), np.int64, len(objects)), return_inverse=True)
    return distinct, code.reshape(-1)


def _fill_rows(data: np.ndarray, start: int, positions: np.ndarray, sizes: np.ndarray, symbols: np.ndarray,
               brushes: np.ndarray, pens: np.ndarray, rects: np.ndarray, mapped: bool = False) -> None:
    """Rows ``start`` onwards of the nodes into ``data`` (a scatter item's record array or a
    slice of it); ``mapped``: its memory is a mapping's (``mapped_records``)."""
    data["x"], data["y"] = positions[:, 0], positions[:, 1]
    data["size"], data["symbol"], data["brush"], data["pen"] = sizes, symbols, brushes, pens
    data["visible"], data["hovered"] = True, False
    data["data"] = _row_numbers(start, start + len(data)) if mapped else np.arange(start, start + len(data))
    data["sourceRect"] = rects


def mapped_records(n: int, dtype: np.dtype) -> np.ndarray:
    """A record array of ``n`` rows over an anonymous mapping: its pages are zeros (object
    fields read None) that the system gives as they are first written, so no step touches all
    of it. NumPy does not let go of the objects held by an array that does not own its memory
    when the array goes: the objects put in one are shared ones only (the looks, and each row's
    number from ``_row_numbers``), and ``data.release`` empties it when a new dataset comes."""
    return np.ndarray((n,), dtype, buffer=mmap.mmap(-1, n * dtype.itemsize))


def _is_mapped(data: np.ndarray) -> bool:
    return isinstance(data.base, mmap.mmap)


_ROW_NUMBERS: list[int] = []  #: 0, 1, 2...: the row numbers every mapped record array shares


def _row_numbers(start: int, stop: int) -> list[int]:
    if len(_ROW_NUMBERS) < stop:
        _ROW_NUMBERS.extend(range(len(_ROW_NUMBERS), stop))
    return _ROW_NUMBERS[start:stop]


class Flash(QObject):
    """Rings on nodes that appeared and ghosts on nodes that disappeared, fading out in about a
    second. At most ``limit`` of each, the most connected: a big jump in time marks what
    matters, not thousands of rings."""

    def __init__(self, parent: QObject, rings: pg.ScatterPlotItem, ghosts: pg.ScatterPlotItem, limit: int = 400):
        super().__init__(parent)
        self.rings, self.ghosts, self.limit = rings, ghosts, limit
        self._timer = QTimer(self, interval=60)
        self._timer.timeout.connect(self._fade)
        self._level = 0.0
        self._data = None

    def show(self, appeared: np.ndarray, disappeared: np.ndarray, positions: np.ndarray, sizes: np.ndarray,
             degree: np.ndarray) -> None:
        a, d = np.flatnonzero(appeared), np.flatnonzero(disappeared)
        if not len(a) and not len(d):
            return
        a, d = (i if len(i) <= self.limit else i[np.argsort(-degree[i], kind="stable")[:self.limit]] for i in (a, d))
        self._data = (positions[a], sizes[a], positions[d], sizes[d])
        self._level = 1.0
        self._paint()
        self._timer.start()

    def _paint(self) -> None:
        """Rings and ghosts drawn once at full strength; the fade is the items' opacity, so a
        fade frame makes no sprites (it made two items' anew every 60 ms)."""
        ring_pos, ring_size, ghost_pos, ghost_size = self._data
        green, red = QColor(style.APPEARED), QColor(style.DISAPPEARED)
        fill = QColor(red)
        fill.setAlpha(85)
        _fill_one_look(self.rings, ring_pos, ring_size + 14, "o", cosmetic_pen(green, 3), QBrush(Qt.NoBrush))
        _fill_one_look(self.ghosts, ghost_pos, ghost_size + 4, "x", cosmetic_pen(red, 2), QBrush(fill))
        for item in (self.rings, self.ghosts):
            item.setOpacity(self._level)

    def _fade(self) -> None:
        self._level -= 0.05
        if self._level <= 0:
            self._timer.stop()
            self.rings.clear()
            self.ghosts.clear()
            return
        for item in (self.rings, self.ghosts):
            item.setOpacity(self._level)


def _fill_one_look(item: pg.ScatterPlotItem, positions: np.ndarray, sizes: np.ndarray, symbol: str,
                   pen: QPen, brush: QBrush) -> None:
    """Points of one symbol, pen and brush (sizes may differ) into a scatter item, a sprite per
    size (``fill_scatter``, without pyqtgraph's look-up per point)."""
    n = len(positions)
    sizes = np.asarray(sizes, dtype=float).reshape(-1)
    _sizes, first, inverse = np.unique(sizes, return_index=True, return_inverse=True)
    symbols, pens, brushes = (np.empty(n, dtype=object) for _ in range(3))
    symbols[:], pens[:], brushes[:] = symbol, pen, brush
    fill_scatter(item, np.asarray(positions, dtype=float).reshape(-1, 2), sizes, symbols, brushes, pens,
                 first, inverse.reshape(-1))


def own_look_legend(canvas, colours: list[str | None]) -> None:
    """Legend entries for nodes with a colour of their own (``canvas.style_keys`` and
    ``legend_names`` rewritten): one entry per colour, named after the kind when every node of
    that kind has that colour and no other node has it, else after the colour (a CSS name or
    hex)."""
    kinds_of: dict[str, set[str]] = {}
    colours_of: dict[str, set[str | None]] = {}
    for colour, key in zip(colours, canvas.style_keys):
        if colour is not None:
            kinds_of.setdefault(colour, set()).add(key)
        colours_of.setdefault(key, set()).add(colour)
    names = {code: name for name, code in colour_names.NAMED.items()}
    for colour, kinds in kinds_of.items():
        kind = next(iter(kinds))
        if len(kinds) == 1 and colours_of[kind] == {colour}:  # every node of the kind, and only they
            label, _kind_colour, symbol = canvas.legend_names[kind]
        else:
            label, symbol = names.get(colour, colour), "o"
        canvas.legend_names[f"colour:{colour}"] = (label, colour, symbol)
    for i, colour in enumerate(colours):
        if colour is not None:
            canvas.style_keys[i] = f"colour:{colour}"


def looks_by_kind(graph, tables) -> tuple[list[tuple[str, str]], list, list[str], np.ndarray]:
    """Each distinct (table, kind) of the nodes (``tables``: each node's table), its look and
    legend key, and each node's position among them: a style is worked out once per kind."""
    return chunks.at_once(looks_by_kind_steps(graph, tables))


def looks_by_kind_steps(graph, tables, rows: int = LOOK_ROWS * 4) -> Iterator[None]:
    """``looks_by_kind`` a slice of ``rows`` nodes at a time; returns its result. The (table,
    kind) pairs are few: counted into a table of them and numbered in their sorted order, as
    ``np.unique`` would (whose sort of a million codes held the window 0.13 s)."""
    names = list(dict.fromkeys(tables))
    yield
    code_of, n = {t: i for i, t in enumerate(names)}.__getitem__, len(tables)
    width = max(len(graph.kinds), 1)
    kind = np.asarray(graph.kind, np.int64)
    pair = np.empty(n, np.int64)
    present = np.zeros(len(names) * width, bool)
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        part = np.fromiter(map(code_of, tables[start:stop]), np.int64, stop - start) * width + kind[start:stop]
        pair[start:stop] = part
        present |= np.bincount(part, minlength=len(present)) > 0
        yield
    pairs = np.flatnonzero(present)
    place = np.cumsum(present) - 1  # each pair's number among those present
    inverse = np.empty(n, np.int64)
    for start in range(0, n, rows):
        inverse[start:start + rows] = place[pair[start:start + rows]]
        yield
    kinds_of = [(names[p // width], graph.kinds[p % width]) for p in pairs.tolist()]
    looks = [style.node_style(t, k) for t, k in kinds_of]
    return kinds_of, looks, [style.node_style_key(t, k) for t, k in kinds_of], inverse


def colour_codes(looks: list, inverse: np.ndarray, colours: list[str | None] | None) -> tuple[list[str], np.ndarray]:
    """The node colours in use, sorted, and each node's: its own (``colours``) or its kind's."""
    if colours is None:
        palette = sorted({look.colour for look in looks})
        return palette, np.array([palette.index(look.colour) for look in looks], np.int32)[inverse]
    node_colours = [own or looks[i].colour for own, i in zip(colours, inverse.tolist())]
    palette = sorted(set(node_colours))
    code = {c: i for i, c in enumerate(palette)}
    return palette, np.fromiter(map(code.__getitem__, node_colours), np.int32, len(node_colours))


