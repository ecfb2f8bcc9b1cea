"""Edges at every zoom: only what is on screen is drawn; at an overview a budget of lines over
a raster of all shown edges, and the raster inks the pixels the lines would; a timeline step
updates the raster by what changed, to the same picture as drawing it afresh."""
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget

from widgets import edge_layers
from widgets.graph_items import EdgeGroup, EdgeItem

BACKGROUND = QColor("white")
BLACK = [EdgeGroup("#000000", "solid", 1.0, 255)]


def edges(count, seed=3, spread=100.0):
    rng = np.random.default_rng(seed)
    start = rng.uniform(0, spread, (count, 2))
    end = start + rng.normal(0, spread / 6, (count, 2))
    return start, end


@pytest.fixture
def view(plane_view):
    """A bare graphics view showing the plane from 0 to 100, as the canvas does (y up)."""
    return plane_view(400)


def render(widget) -> np.ndarray:
    """The view drawn into an image (as an export draws it): True where something is inked."""
    image = QImage(widget.size(), QImage.Format_ARGB32_Premultiplied)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    QWidget.render(widget, painter, QPoint(0, 0))  # the widget's own render, as an export's
    painter.end()
    pixels = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.width())
    return (pixels & 0xFFFFFF) < 0xC0C0C0  # darker than light grey


def near(mask: np.ndarray, other: np.ndarray) -> float:
    """The share of ``mask``'s pixels with a pixel of ``other`` within one pixel."""
    grown = other.copy()
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            grown |= np.roll(np.roll(other, dy, axis=0), dx, axis=1)
    return float((mask & grown).sum() / max(mask.sum(), 1))


def show(box, budget, start, end, keys=None):
    item = EdgeItem(budget=budget)
    box.addItem(item)
    item.set_edges(start, end, np.zeros(len(start), dtype=np.int64), BLACK, keys=keys)
    return item


def test_the_raster_inks_the_pixels_the_lines_ink(view):
    widget, box = view
    start, end = edges(300)
    lines = show(box, None, start, end)
    as_lines = render(widget)
    assert lines.drawn == (300, False)
    box.removeItem(lines)
    raster = show(box, 0, start, end)  # a budget of none: every edge in the raster only
    as_raster = render(widget)
    assert raster.drawn == (0, True)
    assert as_lines.sum() > 3000
    assert near(as_lines, as_raster) > 0.97 and near(as_raster, as_lines) > 0.97
    box.removeItem(raster)
    assert not render(widget).any()  # and nothing is inked without them


def test_at_an_overview_a_budget_of_lines_goes_over_the_raster(view, qtbot):
    widget, box = view
    start, end = edges(500)
    item = show(box, 3000, start, end, keys=np.arange(500))  # pixels that lines may cover
    finished = []
    item.run_in_background = lambda job, done: finished.append(lambda: done(job()))
    widget.viewport().repaint()  # on screen: the raster is computed in the background
    lines, rastered = item.drawn
    assert rastered and 0 < lines < 500 and len(finished) == 1 and item._raster is None
    finished.pop()()
    assert item._raster is not None
    box.setRange(xRange=(40, 45), yRange=(40, 45), padding=0)  # zoomed in: few edges on screen
    widget.viewport().repaint()
    lines, rastered = item.drawn
    assert not rastered and not finished
    on_screen = edge_layers.cull(*np.vstack([start.T, end.T]), (40, 40, 45, 45))
    assert 0 < lines == len(on_screen) < 100


def test_a_timeline_step_updates_the_raster_to_what_drawing_afresh_gives(view, monkeypatch):
    widget, box = view
    made = []
    real = edge_layers.density_of
    monkeypatch.setattr(edge_layers, "density_of", lambda *a, **k: made.append(k.get("base")) or real(*a, **k))
    start, end = edges(400)
    keys = np.arange(400)
    item = show(box, 0, start, end, keys=keys)
    render(widget)
    kept = keys % 10 != 0  # a step: a tenth disappear, others appear
    new_start, new_end = edges(20, seed=9)
    both_start = np.vstack([start[kept], new_start])
    both_end = np.vstack([end[kept], new_end])
    both_keys = np.concatenate([keys[kept], 1000 + np.arange(20)])
    base = item._raster[1]
    item.set_edges(both_start, both_end, np.zeros(len(both_keys), dtype=np.int64), BLACK, keys=both_keys)
    stepped = render(widget)
    assert made[-1] is base  # updated from the last raster plus and minus the change
    assert item._raster[1].count.max() >= 1 and item._raster[1].count.min() >= 0
    box.removeItem(item)
    fresh = show(box, 0, both_start, both_end)
    assert np.array_equal(render(widget), stepped)
    assert np.array_equal(fresh._raster[1].count, item._raster[1].count)


def test_density_counts_each_edge_once_per_pixel():
    density = edge_layers.Density.empty(10, 10)
    rgb = np.array([[255, 0, 0], [0, 0, 255]], np.float32)
    density.add(np.array([0.5, 0.5]), np.array([0.5, 0.5]), np.array([9.5, 2.9]), np.array([0.5, 0.6]), rgb)
    grid = density.count.reshape(10, 10)
    assert grid[0].tolist() == [2, 2, 2] + [1] * 7  # both lines start along the top row
    assert grid.sum() == 10 + 3
    pixels = density.argb(0.5)
    assert (pixels[0, 0] >> 24) == round(255 * 0.75)  # two lines of alpha 0.5: 1 - 0.5²
    red, blue = (pixels[0, 5] >> 16) & 0xFF, pixels[0, 5] & 0xFF
    assert red > 0 and blue == 0  # only the red line goes that far
    density.add(np.array([0.5]), np.array([0.5]), np.array([9.5]), np.array([0.5]), rgb[:1], sign=-1)
    assert density.count.sum() == 3


def test_the_canvas_edges_follow_the_level_of_detail(window, qtbot):
    """The window's edge items: the dataset's edges budgeted, the selection's always lines."""
    canvas = window.canvas
    assert canvas.edges.budget == edge_layers.BUDGET
    assert canvas.edge_highlight.budget is None and canvas.path_edges.budget is None
    window.state.select(["iran"])
    window.redraw()
    canvas.view.viewport().repaint()
    assert canvas.edge_highlight.drawn[0] > 0 and not canvas.edge_highlight.drawn[1]


def test_an_export_makes_its_raster_no_larger_than_its_bound_and_inks_where_the_lines_do(view, monkeypatch):
    """At 3840 px a full-resolution raster took half a gigabyte: an export's is bounded and
    laid over smoothly, and still stands where the edges are."""
    def export(item) -> np.ndarray:  # as widgets.rendering draws a view at 1600 px
        item.setExportMode(True, {"antialias": True})
        image = QImage(1600, 1600, QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(4)
        image.fill(BACKGROUND)
        painter = QPainter(image)
        QWidget.render(view[0], painter, QPoint(0, 0))
        painter.end()
        item.setExportMode(False)
        pixels = np.frombuffer(image.constBits(), np.uint32).reshape(image.height(), image.width())
        return (pixels & 0xFFFFFF) < 0xC0C0C0

    widget, box = view
    start, end = edges(300)
    lines = show(box, None, start, end)
    as_lines = export(lines)
    box.removeItem(lines)
    monkeypatch.setattr(edge_layers, "EXPORT_RASTER_PIXELS", 400 * 400)
    monkeypatch.setattr(edge_layers, "EXPORT_BUDGET", 0)  # every edge in the raster only
    raster = show(box, 0, start, end)
    as_raster = export(raster)
    made = raster._raster[2]
    assert raster.drawn == (0, True) and made.width() * made.height() <= 401 * 401
    assert as_lines.sum() > 10_000
    assert near(as_lines, as_raster) > 0.9  # the haze covers the lines' pixels
    assert as_raster.sum() < 6 * as_lines.sum()  # and not much more


def test_an_export_draws_the_edges_afresh_not_the_screen_picture(view):
    """An export's painter names the widget it renders: the item tells an export by its export
    mode, and draws at the export's resolution (it once scaled up the screen's picture)."""
    widget, box = view

    def export(item) -> np.ndarray:
        item.setExportMode(True, {"antialias": True})
        image = QImage(1600, 1600, QImage.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(4)
        image.fill(BACKGROUND)
        painter = QPainter(image)
        QWidget.render(widget, painter, QPoint(0, 0))
        painter.end()
        item.setExportMode(False)
        return np.frombuffer(image.constBits(), np.uint32).reshape(1600, 1600).copy()

    start, end = edges(200)
    fresh = show(box, None, start, end)
    expected = export(fresh)  # never painted on screen
    box.removeItem(fresh)
    seen = show(box, None, start, end)
    widget.viewport().repaint()  # on screen first: its picture is kept
    assert seen._picture[1] is not None
    assert np.array_equal(export(seen), expected)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.5, 1.0, 1.004, 1.04, 1.06, 2.0, 3.0]), st.integers(1, 400)), max_size=60,
                unique_by=lambda edge: edge[1]),  # no two scores alike: the best are then one set
       st.integers(0, 400), st.integers(1, 70), st.integers(1, 9))
@example([(1.04, 30), (1.0, 10)], 30, 5, 1)  # heavier by a hundredth goes first, however long
def test_the_lines_chosen_in_steps_are_the_heaviest_then_the_shortest_within_the_budget(edges, budget, most, rows):
    """Scored a slice at a time or at once, the lines drawn are the heaviest (to a hundredth),
    then the shortest, in their order, while their pixels fit the budget, at most ``most``."""
    from data import chunks

    weight = np.array([w for w, _p in edges], dtype=float)
    pixels = np.array([p for _w, p in edges], dtype=float)
    ranked = sorted(range(len(edges)), key=lambda i: (-round(weight[i], 2), pixels[i], i))[:most]
    total, expected = 0.0, []
    for i in ranked:
        total += pixels[i]
        if total > budget:
            break
        expected.append(i)
    stepped = chunks.at_once(edge_layers.best_steps(lambda part: weight[part], pixels, budget, most, rows=rows))
    assert stepped.tolist() == sorted(expected)
    assert edge_layers.best(weight, pixels, budget, most).tolist() == sorted(expected)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 60), unique=True, max_size=25), st.lists(st.integers(0, 60), unique=True, max_size=25),
       st.booleans(), st.booleans(), st.integers(1, 7))
def test_a_step_found_a_slice_at_a_time_is_what_appeared_and_disappeared(old, new, moved, big, rows):
    """The edges a step adds to and removes from the raster, by key, compared a slice of keys at
    a time: those only in the new and only in the old; none (start afresh) when one in both moved."""
    from data import chunks
    from widgets.graph_items import _step_steps

    if big:  # keys too far apart for a table: the sorted way
        old, new = [k * 10**9 for k in old], [k * 10**9 for k in new]
    old_keys, keys = np.array(sorted(old), np.int64), np.array(new, np.int64)
    old_ends = np.vstack([old_keys, old_keys, old_keys + 1, old_keys + 1]).astype(float)
    ends = np.vstack([keys, keys, keys + 1, keys + 1]).astype(float)
    common = sorted(set(old) & set(new))
    if moved and common:
        ends[0, new.index(common[0])] += 0.5
    old_rgb, rgb = np.c_[old_keys, old_keys, old_keys].astype(float), np.c_[keys, keys, keys].astype(float)
    step = chunks.at_once(_step_steps(old_keys, old_ends, old_rgb, keys, ends, rgb, False, rows))
    if moved and common:
        assert step is None
        return
    appeared, appeared_rgb, gone, gone_rgb = step
    assert appeared[0].tolist() == [k for k in new if k not in old]
    assert gone[0].tolist() == [k for k in sorted(old) if k not in new]
    assert appeared_rgb[:, 0].tolist() == appeared[0].tolist() and gone_rgb[:, 0].tolist() == gone[0].tolist()
