"""The node scatter's own paint for big items (only shown points in view are mapped) draws the
same pixels as pyqtgraph's paint of every point; the looks and the order its nodes are loaded
in, made in slices, are those made at once."""
import numpy as np
import pyqtgraph as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from data import chunks
from hypothesis.extra.numpy import arrays
from widgets.canvas_graph import by_degree_steps
from widgets.node_items import PassiveScatter, looks_by_kind_steps


def render(widget) -> np.ndarray:
    image = QImage(widget.size(), QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    QWidget.render(widget, painter, QPoint(0, 0))
    painter.end()
    return np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.width()).copy()


@pytest.mark.parametrize("zoomed", [False, True])
def test_the_big_item_paint_draws_what_pyqtgraph_draws(plane_view, monkeypatch, zoomed):
    widget, box = plane_view(300)
    rng = np.random.default_rng(5)
    points = rng.uniform(0, 100, (800, 2))
    item = PassiveScatter(pxMode=True, antialias=True)
    box.addItem(item)
    colours = ["#1d4ed8", "#ea580c", "#059669"]
    item.setData(pos=points, size=rng.integers(4, 14, 800).astype(float),
                 brush=[pg.mkBrush(colours[i % 3]) for i in range(800)], pen=None)
    item.data["visible"] = rng.random(800) > 0.3  # some hidden, as at a date
    item.invalidate()
    box.setRange(xRange=(40, 60) if zoomed else (0, 100), yRange=(40, 60) if zoomed else (0, 100), padding=0)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10**9)
    theirs = render(widget)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10)
    ours = render(widget)
    assert (theirs != 0xFFFFFFFF).sum() > 2000  # something was drawn
    assert np.array_equal(ours, theirs)


def test_points_refilled_in_place_are_drawn_where_they_are_now(plane_view, monkeypatch):
    """The big item's paint keeps the points' columns between paints: a refill (new positions
    or sizes for the same nodes) is drawn, not the columns kept from before."""
    from widgets.node_items import fill_scatter

    widget, box = plane_view(300)
    item = PassiveScatter(pxMode=True, antialias=True)
    box.addItem(item)
    rng = np.random.default_rng(2)
    brush, pen = pg.mkBrush("#1d4ed8"), pg.mkPen(None)

    def fill(points):
        n = len(points)
        looks = [np.full(n, 8.0), np.array(["o"] * n, dtype=object)]
        brushes, pens = np.empty(n, dtype=object), np.empty(n, dtype=object)
        brushes[:], pens[:] = brush, pen
        fill_scatter(item, points, looks[0], looks[1], brushes, pens, np.array([0]), np.zeros(n, dtype=np.int64))

    monkeypatch.setattr(PassiveScatter, "LARGE", 10)
    fill(rng.uniform(0, 50, (200, 2)))  # the left half
    render(widget)
    moved = rng.uniform(50, 100, (200, 2))  # the right half, same nodes
    fill(moved)
    ours = render(widget)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10**9)
    assert np.array_equal(ours, render(widget))
    assert (ours[:, 160:] != 0xFFFFFFFF).any() and not (ours[:, :140] != 0xFFFFFFFF).any()


def test_a_kept_picture_is_drawn_again_when_the_flags_or_the_view_change(plane_view, monkeypatch):
    """The dimmed nodes behind a selection are kept as a picture between clicks: what is drawn
    is always what a fresh paint draws (to a level of rounding, where a sprite's edge is laid
    over the background through the picture); the points are drawn again only when their flags
    or the view change, and an export at its own scale draws them afresh."""
    widget, box = plane_view(300)
    rng = np.random.default_rng(7)

    def export() -> QImage:  # as paint_at_width draws a widget, three times its size
        image = QImage(900, 900, QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(3)
        image.fill(QColor("white"))
        painter = QPainter(image)
        QWidget.render(widget, painter, QPoint(0, 0))
        painter.end()
        return image

    points = rng.uniform(0, 100, (600, 2))
    kept, fresh = PassiveScatter(pxMode=True, keep_picture=True), PassiveScatter(pxMode=True)
    for item in (kept, fresh):
        box.addItem(item)
        item.setData(pos=points, size=9.0, brush=pg.mkBrush("#1d4ed8"), pen=None)
    monkeypatch.setattr(PassiveScatter, "LARGE", 10)
    draws = []
    monkeypatch.setattr(kept, "_draw", lambda painter, ratio, real=kept._draw: (draws.append(1), real(painter, ratio)))

    def show(item, flags) -> np.ndarray:
        (fresh if item is kept else kept).setVisible(False)
        item.setVisible(True)
        item.data["visible"] = flags
        item.invalidate()
        return render(widget).view(np.uint8).reshape(300, 300, 4).astype(int)

    def same(ours, theirs) -> bool:
        return np.abs(ours - theirs).max() <= 1 and (ours != 255).sum() > 500

    first, second = rng.random(600) > 0.5, rng.random(600) > 0.5
    counts = []
    for flags in (first, second, second, second, first):  # as clicks would: the view stays
        before = len(draws)
        assert same(show(kept, flags), show(fresh, flags))
        counts.append(len(draws) - before)
    assert counts == [1, 1, 0, 0, 1]  # the first paint of a view, a new picture, kept, kept, new
    box.setRange(xRange=(20, 70), yRange=(20, 70), padding=0)  # a zoom: drawn again
    before = len(draws)
    assert same(show(kept, first), show(fresh, first)) and len(draws) == before + 1
    kept.setVisible(True)
    fresh.setVisible(False)
    big = [export(), export()]  # exports at three times the size: drawn at their scale, never kept
    kept.setVisible(False)
    fresh.setVisible(True)
    assert big == [export(), export()]


def test_a_record_array_filled_a_slice_at_a_time_is_the_one_made_at_once(monkeypatch):
    """Rows filled a slice at a time into a big array (a mapping of its own, its pages given by
    the system as they are written) are the rows of one slice filled into a plain array, with
    no spot item yet, as pyqtgraph's own arrays start; a refill in place keeps it mapped."""
    import mmap

    from widgets import node_items

    n = 23
    rng = np.random.default_rng(3)
    points, sizes = rng.uniform(0, 50, (n, 2)), rng.choice([6.0, 9.0], n)
    symbols = np.array(["o"] * n, dtype=object)
    brushes, pens = np.empty(n, dtype=object), np.empty(n, dtype=object)
    brushes[:], pens[:] = pg.mkBrush("#1d4ed8"), pg.mkPen(None)
    _codes, first, inverse = np.unique(sizes, return_index=True, return_inverse=True)
    filled = []
    for rows, mapped in ((10**6, node_items.MAPPED_BYTES), (4, 98)):  # whole; by 4 rows, mapped
        monkeypatch.setattr(node_items, "SLICE", rows)
        monkeypatch.setattr(node_items, "MAPPED_BYTES", mapped)
        item = PassiveScatter(pxMode=True)
        steps = sum(1 for _ in node_items.fill_scatter_steps(item, points, sizes, symbols, brushes, pens, first,
                                                             inverse))
        filled.append((item, steps))
    (whole, _), (sliced, steps) = filled
    assert steps >= n // 4  # a step per slice
    assert not isinstance(whole.data.base, mmap.mmap) and isinstance(sliced.data.base, mmap.mmap)
    for name in ("x", "y", "size", "visible", "hovered", "sourceRect"):
        assert np.array_equal(whole.data[name], sliced.data[name])
    for name in ("symbol", "pen", "brush", "data"):
        assert list(whole.data[name]) == list(sliced.data[name])
    assert list(sliced.data["data"]) == list(range(n))
    assert all(i is None for i in sliced.data["item"]) and all(i is None for i in whole.data["item"])
    kept = sliced.data
    for _ in node_items.fill_scatter_steps(sliced, points[::-1].copy(), sizes, symbols, brushes, pens, first, inverse):
        pass  # the same nodes again, moved: refilled in place
    assert sliced.data is kept and np.array_equal(kept["x"], points[::-1, 0])
    assert list(kept["data"]) == list(range(n))


def test_a_picture_drawn_ahead_in_steps_is_the_one_the_paint_would_draw(plane_view, monkeypatch):
    """A big graph's nodes are drawn into their picture a slice at a time before the first paint
    (``prepare_steps``): that paint then only lays the picture over, and shows what a fresh
    paint shows (to two levels of rounding, where sprites overlap)."""
    from widgets import node_items

    widget, box = plane_view(300)
    rng = np.random.default_rng(11)
    points, flags = rng.uniform(0, 100, (900, 2)), rng.random(900) > 0.2
    kept, fresh = PassiveScatter(pxMode=True, keep_picture=True), PassiveScatter(pxMode=True)
    for item in (kept, fresh):
        box.addItem(item)
        item.setData(pos=points, size=8.0, brush=pg.mkBrush("#b45309"), pen=None)
        item.data["visible"] = flags
    monkeypatch.setattr(PassiveScatter, "LARGE", 10)
    monkeypatch.setattr(node_items, "SLICE", 50)  # 200 points a step: five steps
    fresh.setVisible(False)
    widget.scene().prepareForPaint()
    steps = sum(1 for _ in kept.prepare_steps())
    assert steps >= 5 and kept._picture is not None
    draws = []
    monkeypatch.setattr(kept, "_draw", lambda painter, ratio: draws.append(1))
    ours = render(widget).view(np.uint8).reshape(300, 300, 4).astype(int)
    assert draws == []  # laid over, not drawn
    kept.setVisible(False)
    fresh.setVisible(True)
    theirs = render(widget).view(np.uint8).reshape(300, 300, 4).astype(int)
    assert np.abs(ours - theirs).max() <= 2 and (theirs != 255).sum() > 1000  # rounding where sprites overlap


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.floats(0, 40)), min_size=0, max_size=40),
       st.integers(1, 9))
def test_looks_told_apart_a_slice_at_a_time_are_the_distinct_looks(nodes, rows):
    """Nodes share a look when their symbol and brush are the same objects and their sizes the
    same whole pixels; each look's first node is where it first appears, whatever the slices."""
    from data import chunks
    from widgets import node_items

    names, colours = ["o", "s", "t"], [pg.mkBrush(c) for c in ("#111111", "#222222", "#333333", "#444444")]
    symbols = np.array([names[s] for s, _c, _z in nodes], dtype=object)
    brushes = np.empty(len(nodes), dtype=object)
    brushes[:] = [colours[c] for _s, c, _z in nodes]
    sizes = np.array([z for _s, _c, z in nodes], dtype=float)
    first, inverse = chunks.at_once(node_items.look_steps(symbols, brushes, sizes, rows=rows))
    seen: dict = {}
    expected = [seen.setdefault((s, c, int(z)), len(seen)) for s, c, z in nodes]
    assert inverse.tolist() == expected
    assert first.tolist() == [expected.index(code) for code in range(len(seen))]


@given(arrays(np.int32, st.integers(0, 300), elements=st.integers(0, 70_000)), st.integers(1, 50))
def test_nodes_by_degree_in_slices_are_a_stable_sort(degree, rows):
    """The canvas's order of nodes by degree, counted a slice at a time, is NumPy's stable sort."""
    got = chunks.at_once(by_degree_steps(degree, rows))
    assert np.array_equal(got, np.argsort(-degree.astype(np.int64), kind="stable"))



@given(st.lists(st.sampled_from(["actors", "treaties", "projects"]), min_size=0, max_size=60), st.data())
def test_looks_by_kind_in_slices_number_the_pairs_as_numpy_does(tables, data):
    """Each node's (table, kind) pair, counted a slice at a time, is numbered as ``np.unique``
    numbers the pairs' codes."""
    from types import SimpleNamespace

    kinds = ["state", "leader", "bloc", "pipeline"]
    kind = np.array(data.draw(st.lists(st.integers(0, 3), min_size=len(tables), max_size=len(tables))), np.int64)
    graph = SimpleNamespace(kinds=kinds, kind=kind)
    kinds_of, looks, keys, inverse = chunks.at_once(looks_by_kind_steps(graph, tables, rows=data.draw(st.integers(1, 9))))
    names = list(dict.fromkeys(tables))
    codes = np.array([names.index(t) for t in tables], np.int64) * len(kinds) + kind
    pairs, expected = np.unique(codes, return_inverse=True)
    assert np.array_equal(inverse, expected.reshape(-1))
    assert kinds_of == [(names[p // len(kinds)], kinds[p % len(kinds)]) for p in pairs.tolist()]
    assert len(looks) == len(keys) == len(kinds_of)
