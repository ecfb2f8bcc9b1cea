"""An opened dataset shown in steps (``ui.showing``): what the user sees at every step is either
the new dataset or nothing of it, the finished window is the one an open at once gives (to the
pixel), a second open meanwhile wins, and closing the window meanwhile is safe."""
import time

import numpy as np
import pytest
from PySide6.QtGui import QImage

from conftest import MINIMAL
from data import bundled
from ui.export import render_widget
from ui.loading import load_all
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.showing import PAINT, TURN_MS, Showing

OTHER = MINIMAL + """
    INSERT INTO actors (id, name, kind, start_date) VALUES ('iran', 'Persia', 'state', '1900-01-01'),
        ('zanzibar', 'Zanzibar', 'state', '1900-01-01'), ('oman', 'Oman', 'state', '1900-01-01');
    INSERT INTO relations (source_id, target_id, kind, start_date) VALUES ('iran', 'oman', 'trade', '1901-01-01'),
        ('oman', 'zanzibar', 'rule', '1902-01-01');
"""


#: every constant that sets how many rows a showing step handles, as a module and a name
SLICE_CONSTANTS = ("widgets.node_items.SLICE", "widgets.canvas_prepare.ROWS", "widgets.canvas_edges.ROWS",
                   "widgets.graph_items.STEP_ROWS", "widgets.label_item.ROWS", "widgets.canvas_graph.ROWS",
                   "ui.canvas_link.TEXT_ROWS", "ui.state.FOLD_ROWS", "data.treaty_comparison.ROWS",
                   "widgets.treaty_compare.PICKER_ROWS", "ui.main_window.MARK_ROWS")


@pytest.fixture
def small_slices(monkeypatch):
    """Every pass over the rows made a few rows per step, and each step in a turn of its own,
    so that the bundled dataset is shown in many turns, as a big one is (and each step's
    slices are put together as the whole would be)."""
    for name in SLICE_CONSTANTS:
        monkeypatch.setattr(name, 7)
    monkeypatch.setattr("ui.showing.TURN_MS", 0)


def canvas_ids(win) -> set[str]:
    """The ids of the nodes the canvas's scatter items hold and show."""
    canvas = win.canvas
    if canvas.graph is None:
        return set()
    shown = set()
    for item in (canvas.nodes, canvas.dim_nodes):
        data = item.data
        shown |= {canvas.graph.ids[int(i)] for i in data["data"][data["visible"]]}
    return shown


def shown_everywhere(win, dataset) -> None:
    """Every view shows ``dataset``: state, canvas, trees, timeline, problems, title."""
    state = win.state
    assert state.dataset is dataset
    assert win.canvas.graph is state.graph
    visible = state.visible().nodes
    assert canvas_ids(win) == {state.graph.ids[i] for i in np.flatnonzero(visible)}
    assert np.array_equal(win.canvas.positions, state.layout.positions)
    assert [m.id for m in win.timeline.events] == sorted((e.id for e in dataset.events),
                                                          key=lambda i: next(e.day for e in dataset.events if e.id == i))
    assert win.problems.model.problems == list(dataset.problems)
    assert dataset.title in win.windowTitle()
    assert win.search_index.find is not None and win.trees._dataset is dataset


def consistent(win) -> None:
    """What a paint between two steps could show: the canvas holds the state's graph or none,
    and its points are the state's nodes."""
    canvas, state = win.canvas, win.state
    assert canvas.graph is None or canvas.graph is state.graph
    for item in (canvas.nodes, canvas.dim_nodes):
        if len(item.data):
            assert canvas.graph is not None and len(item.data) == state.graph.node_count
    if canvas.graph is None:
        assert not len(canvas.nodes.data) and not len(canvas.labels._order)
    ids = {e.id for e in state.dataset.events}
    assert all(m.id in ids for m in win.timeline.events)  # the new marks, or none yet


def test_showing_runs_its_steps_in_later_turns_and_says_when_done(qtbot):
    showing, ran, finished = Showing(), [], []

    def steps():
        ran.append(1)
        yield  # quick steps share a turn
        ran.append(2)
        yield PAINT  # this one is painted before the next runs
        ran.append(3)
        yield
        time.sleep(TURN_MS / 1000)  # a long step ends its turn
        ran.append(4)
        yield
        ran.append(5)
    showing.start(steps(), lambda: finished.append(True))
    assert ran == [1, 2] and showing.busy and not finished
    showing._next()
    assert ran == [1, 2, 3, 4] and showing.busy
    qtbot.waitUntil(lambda: not showing.busy)
    assert ran == [1, 2, 3, 4, 5] and finished == [True]


def test_a_new_showing_drops_the_old_one(qtbot):
    showing, ran, finished = Showing(), [], []

    def steps(name):
        for i in range(3):
            ran.append((name, i))
            yield PAINT
    showing.start(steps("a"), lambda: finished.append("a"))
    showing.start(steps("b"), lambda: finished.append("b"))
    qtbot.waitUntil(lambda: not showing.busy)
    assert ran == [("a", 0), ("b", 0), ("b", 1), ("b", 2)] and finished == ["b"]
    showing.start(steps("c"), lambda: finished.append("c"))
    showing.cancel()
    qtbot.wait(20)
    assert finished == ["b"] and not showing.busy


def test_an_open_in_steps_shows_the_dataset_everywhere(window, qtbot, small_slices):
    """Through File > Open, loaded on a worker and shown in steps; loaded says when it is done."""
    loaded = []
    window.files.loaded.connect(lambda: loaded.append(window.state.dataset))
    window.files.open_path(bundled.DATASET_PATH)
    qtbot.waitUntil(lambda: bool(loaded), timeout=20000)
    assert not window.showing.busy
    shown_everywhere(window, loaded[0])
    window.canvas.view.grab()
    assert window.canvas.labels.drawn  # the labels are placed, as after an open at once


def test_every_step_shows_the_new_dataset_or_nothing_of_it(window, qtbot, small_slices, make_db):
    other = load_all(make_db(OTHER), None)
    window.analysis.fill_now()
    window._show_loaded(other)
    steps = 1
    while window.showing.busy:
        consistent(window)
        window.canvas.view.grab()  # a paint between two steps
        window.showing._next()
        steps += 1
    assert steps > 5
    shown_everywhere(window, other.dataset)
    # 'iran' is in both datasets: the canvas shows the new one's
    assert window.canvas.graph.ids == other.graph.ids and "zanzibar" in canvas_ids(window)


def test_a_second_open_while_the_first_is_shown_wins(window, qtbot, small_slices, make_db):
    first = load_all(bundled.DATASET_PATH, None)
    second = load_all(make_db(OTHER), None)
    done = []
    window._show_loaded(first, lambda: done.append("first"))
    for _ in range(4):  # part of the way: the state and the canvas's first rows
        window.showing._next()
    window._show_loaded(second, lambda: done.append("second"))
    qtbot.waitUntil(lambda: not window.showing.busy, timeout=10000)
    qtbot.wait(50)  # whatever the first showing left to come (the panels, a fit) comes now
    assert done == ["second"]
    shown_everywhere(window, second.dataset)
    assert window.analysis.paths.dataset is second.dataset


def test_closing_the_window_while_a_dataset_is_shown(qtbot, tmp_path, small_slices):
    win = MainWindow(Settings(tmp_path / "settings.ini"), cache_folder=tmp_path / "layouts")
    win.show()
    loaded = load_all(bundled.DATASET_PATH, None)
    win._show_loaded(loaded)
    win.showing._next()
    win.close()
    assert not win.showing.busy
    win.deleteLater()
    qtbot.wait(100)  # the steps' timer, the panels' steps and a pending fit have nowhere to go


def test_the_graph_shown_in_steps_is_the_graph_shown_at_once(qtbot, tmp_path, small_slices):
    """Same dataset, same window size: the canvas on screen and its export are the same pixels
    whether the dataset was shown in steps or at once."""
    loaded = load_all(bundled.DATASET_PATH, None)
    at_once, stepped = (MainWindow(Settings(tmp_path / f"{name}.ini"), cache_folder=tmp_path / name)
                        for name in ("a", "b"))
    for win in (at_once, stepped):
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
    at_once.open_dataset(loaded.dataset, loaded.graph, loaded.positions, loaded.pinned, loaded.provisional,
                         loaded.tree_plans, loaded.search_index, loaded.spacing)
    stepped._show_loaded(loaded)
    qtbot.waitUntil(lambda: not stepped.showing.busy)
    qtbot.wait(100)  # both windows' layouts settle
    assert stepped.canvas.size() == at_once.canvas.size()
    assert stepped.canvas.shown_rect() == at_once.canvas.shown_rect()
    screens = [w.canvas.view.grab().toImage().convertToFormat(QImage.Format_ARGB32) for w in (at_once, stepped)]
    assert screens[0] == screens[1]
    exports = [render_widget(w.canvas, 1600).convertToFormat(QImage.Format_ARGB32) for w in (at_once, stepped)]
    assert exports[0] == exports[1]
    assert len(stepped.canvas.labels.drawn) > 20  # a real picture, not two empty ones


def test_the_pictures_made_ahead_are_the_ones_the_paint_shows(window, qtbot):
    """The edges' and labels' pictures drawn in a step of their own are the ones the next paint
    lays over (not drawn again), and the labels they place are the paint's."""
    canvas = window.canvas
    canvas.fit(np.flatnonzero(window.state.visible().nodes))  # a new view: both pictures are stale
    window.redraw()
    for _ in canvas.prepare_pictures():
        pass
    edges, labels = canvas.edges._picture[1], canvas.labels._picture[1]
    placed = [node for node, *_place in canvas.labels._picture[2]]
    assert placed
    canvas.view.viewport().repaint()
    assert canvas.edges._picture[1] is edges and canvas.labels._picture[1] is labels
    assert canvas.labels.drawn == placed


def test_the_full_layout_is_drawn_in_steps_where_the_state_says(qtbot, tmp_path, monkeypatch, small_slices):
    """A big graph's full layout arriving from its process: the nodes drawn end where the state
    has them, every shown node at its full-layout place."""
    from data import layout

    monkeypatch.setattr(layout, "QUICK_ABOVE", 10)
    loaded = load_all(bundled.DATASET_PATH, tmp_path / "layouts", quick=True)
    window = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "layouts")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window._show_loaded(loaded)
    qtbot.waitUntil(lambda: not window.showing.busy)
    assert window.refiner.wait(120)
    assert window._placing.busy  # the new positions are the state's at once; drawn in steps
    qtbot.waitUntil(lambda: not window._placing.busy)
    state, data = window.state, window.canvas.nodes.data
    assert not np.allclose(state.layout.positions, loaded.positions)
    drawn = np.column_stack([data["x"], data["y"]])
    assert np.allclose(drawn, state.layout.positions[data["data"].astype(int)])
    assert canvas_ids(window) == {state.graph.ids[i] for i in np.flatnonzero(state.visible().nodes)}
    assert window.canvas.view.updatesEnabled()


def test_a_graph_shown_in_small_slices_is_the_graph_shown_whole(qtbot, tmp_path, monkeypatch):
    """Every pass over the rows cut into slices of seven (the edges' ends, looks and pixels, the
    labels' grid, the masks' folding, the nodes' texts and looks...) gives the pixels, the edges
    and the labels of the same window shown at once with the usual slices."""
    loaded = load_all(bundled.DATASET_PATH, None)
    whole = MainWindow(Settings(tmp_path / "whole.ini"), cache_folder=tmp_path / "whole")
    qtbot.addWidget(whole)
    whole.resize(1280, 800)
    whole.show()
    whole.open_dataset(loaded.dataset, loaded.graph, loaded.positions, loaded.pinned, loaded.provisional,
                       loaded.tree_plans, loaded.search_index, loaded.spacing)
    qtbot.wait(300)  # settled (a resize's refit and a zoom's resize are debounced), before the slices change

    def made(win) -> tuple:
        canvas, treaties = win.canvas, win.analysis.treaties
        return (canvas.view.grab().toImage().convertToFormat(QImage.Format_ARGB32),
                canvas.edges._ends.copy(), canvas.edges._groups.copy(), list(canvas.edges.styles),
                canvas.edges.boundingRect(), list(canvas._texts), canvas._key_codes.copy(), list(canvas._key_names),
                list(canvas.labels.drawn), canvas.labels._grid[2].nodes.copy(), canvas.labels._grid[2].cores.copy(),
                tuple(a.copy() for a in win.state._folding()), treaties.treaties(), list(treaties.rows))

    expected = made(whole)
    for name in SLICE_CONSTANTS:
        monkeypatch.setattr(name, 7)
    monkeypatch.setattr("ui.showing.TURN_MS", 0)
    sliced = MainWindow(Settings(tmp_path / "sliced.ini"), cache_folder=tmp_path / "sliced")
    qtbot.addWidget(sliced)
    sliced.resize(1280, 800)
    sliced.show()
    sliced._show_loaded(loaded)
    qtbot.waitUntil(lambda: not sliced.showing.busy and not sliced.analysis._filling.busy, timeout=20000)
    qtbot.wait(300)
    got = made(sliced)
    assert got[0] == expected[0]  # the same pixels
    for mine, theirs in zip(got[1:], expected[1:]):
        if isinstance(mine, tuple) and mine and isinstance(mine[0], np.ndarray):
            assert all(np.array_equal(x, y) for x, y in zip(mine, theirs))
        elif isinstance(mine, np.ndarray):
            assert np.array_equal(mine, theirs)
        else:
            assert mine == theirs
    assert len(got[8]) > 20 and got[11]  # labels drawn, treaties folded: a real test


def test_the_canvas_shows_no_graph_until_the_last_step_of_set_graph(window):
    """A frame between two steps of a new graph draws nothing of it, nor of the last one."""
    from widgets.canvas_graph import set_graph_steps

    canvas, state = window.canvas, window.state
    steps = set_graph_steps(canvas, state.graph, state.layout.positions, window.canvas_link.texts(),
                            lambda _i: "", ["actors"] * state.graph.node_count)
    for _ in steps:
        assert canvas.graph is None and not len(canvas.nodes.data) and not len(canvas.labels._order)
    assert canvas.graph is state.graph


def test_what_is_counted_ahead_is_used_only_for_the_masks_it_was_counted_for(window):
    """``prepare_view`` counts the nodes shown, the edges and the legend ahead of a big graph's
    first frame; a frame of other masks (the date moved meanwhile) counts its own."""
    from data.graph import Graph
    from widgets.canvas_legend import legend_entries

    canvas, graph = window.canvas, window.state.graph
    assert isinstance(graph, Graph)
    visible = window.state.visible()
    none = np.zeros(graph.node_count, dtype=bool)
    for _ in canvas.prepare_view(visible.nodes, visible.edges):
        pass
    fewer = visible.nodes.copy()
    fewer[[graph.index[i] for i in ("iran", "russia", "china")]] = False
    edges = visible.edges & fewer[graph.src] & fewer[graph.dst]
    canvas.set_view(fewer, edges, none)
    assert np.array_equal(canvas.shown, np.flatnonzero(fewer))
    assert (canvas.legend.nodes, canvas.legend.edges) == legend_entries(canvas, edges)[:2]
    assert canvas.edges.count == int(edges.sum())
    for _ in canvas.prepare_view(visible.nodes, visible.edges):
        pass
    canvas.set_view(visible.nodes, visible.edges, none)  # its own masks: what it counted
    assert np.array_equal(canvas.shown, np.flatnonzero(visible.nodes))
    assert (canvas.legend.nodes, canvas.legend.edges) == legend_entries(canvas, visible.edges)[:2]
    assert canvas.edges.count == int(visible.edges.sum())


def test_the_flags_set_ahead_serve_only_a_frame_with_no_selection_on_the_same_points(window):
    """``prepare_view`` sets the scatter items' visibility flags for its masks and no selection;
    a frame with a selection, or after the points were loaded again, sets its own."""
    canvas, graph = window.canvas, window.state.graph
    visible = window.state.visible()
    none = np.zeros(graph.node_count, dtype=bool)
    iran = graph.index["iran"]
    selected = none.copy()
    selected[iran] = True

    def lit() -> set[int]:
        return set(np.flatnonzero(canvas.nodes.data["visible"]).tolist())

    for _ in canvas.prepare_view(visible.nodes, visible.edges):
        pass
    canvas.set_view(visible.nodes, visible.edges, selected)  # a selection: the neighbours lit, the rest dimmed
    src, dst = visible.anchored if visible.anchor is not None else (graph.src, graph.dst)
    touching = visible.edges & ((src == iran) | (dst == iran))  # shown links, drawn from their anchors
    neighbours = set(src[touching].tolist()) | set(dst[touching].tolist())
    assert lit() == ({iran} | neighbours) & set(np.flatnonzero(visible.nodes).tolist())
    assert canvas.dim_nodes.data["visible"].sum() == visible.nodes.sum()
    for _ in canvas.prepare_view(visible.nodes, visible.edges):
        pass
    canvas.nodes_changed()  # the points are loaded again (a zoom's new sizes): every flag afresh
    canvas.set_view(visible.nodes, visible.edges, none)
    assert lit() == set(np.flatnonzero(visible.nodes).tolist()) and not canvas.dim_nodes.data["visible"].any()
