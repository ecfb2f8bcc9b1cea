"""The main window: one selection everywhere, focus mode, search, the timeline, compare, export."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from data import dates, loader
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def dataset(bundled_dataset):
    return bundled_dataset


def shown_ids(win):
    graph = win.state.graph
    return {graph.ids[i] for i in win.canvas.shown}


def node_pixel(win, entity_id):
    """Where a node is drawn, in the canvas view's viewport coordinates."""
    win.redraw()
    index = win.state.graph.index[entity_id]
    x, y = win.canvas.positions[index]
    scene = win.canvas.box.mapViewToScene(QPointF(x, y))
    return win.canvas.view.mapFromScene(scene)


def tree_selection(win):
    """The ids selected in the tree tab on show."""
    from widgets.entity_models import ID_ROLE
    view = win.trees._tabs.currentWidget()
    return {index.data(ID_ROLE) for index in view.selectionModel().selectedRows()}


def test_tree_selection_reaches_canvas_and_details(window, qtbot):
    with qtbot.waitSignal(window.state.selection_changed):
        window.trees.selection_requested.emit(["iran"], False)
    assert window.state.selected == ["iran"] and window.state.focused == "iran"
    window.redraw()
    ring_positions = window.canvas.rings.getData()
    iran = window.canvas.positions[window.state.graph.index["iran"]]
    assert np.allclose((ring_positions[0][0], ring_positions[1][0]), iran)
    assert window.details.shown_entity() == "iran"


def test_clicking_a_node_selects_it_in_trees_and_details(window, qtbot):
    window.state.set_day(dates.parse_day("2025-06-01"))
    window.redraw()
    window.canvas.fit()
    qtbot.wait(50)
    point = node_pixel(window, "russia")
    qtbot.mouseClick(window.canvas.view.viewport(), Qt.LeftButton, pos=point)
    assert window.state.selected == ["russia"]
    qtbot.waitUntil(lambda: "russia" in tree_selection(window), timeout=2000)  # just after the frame
    assert window.details.shown_entity() == "russia"
    qtbot.mouseClick(window.canvas.view.viewport(), Qt.LeftButton, Qt.ControlModifier, pos=node_pixel(window, "iran"))
    assert window.state.selected == ["russia", "iran"]


def test_a_tree_selection_already_held_leaves_no_pan_for_the_next_click(window, qtbot):
    """Choosing in a tree what is already selected once left a "centre on the next selection"
    flag set, so the next click on the canvas panned the view away from where the user clicked."""
    window.state.set_day(dates.parse_day("2025-06-01"))
    window.redraw()
    window.canvas.fit()
    qtbot.wait(50)
    window.trees.selection_requested.emit(["iran"], False)
    window.trees.selection_requested.emit(["iran"], False)  # already held: the state does not change
    qtbot.wait(50)
    before = window.canvas.shown_rect()
    qtbot.mouseClick(window.canvas.view.viewport(), Qt.LeftButton, pos=node_pixel(window, "russia"))
    assert window.state.selected == ["russia"]
    assert np.allclose(window.canvas.shown_rect(), before)


def test_choosing_from_a_tree_centres_the_canvas_on_it(window, qtbot):
    window.state.set_day(dates.parse_day("2025-06-01"))
    window.redraw()
    window.canvas.fit()
    window.canvas.box.scaleBy((0.3, 0.3))
    qtbot.wait(50)
    window.trees.selection_requested.emit(["putin"], False)
    left, bottom, width, height = window.canvas.shown_rect()
    x, y = window.canvas.positions[window.state.graph.index["putin"]]
    assert abs(left + width / 2 - x) < width * 0.02 and abs(bottom + height / 2 - y) < height * 0.02


def test_selection_does_not_echo(window, qtbot):
    emitted = []
    window.state.selection_changed.connect(lambda ids, f: emitted.append(list(ids)))
    window.state.select(["putin"])
    window.state.select(["putin"])  # the same again: nothing new
    assert emitted == [["putin"]]


def test_escape_clears_the_selection(window, qtbot):
    window.state.select(["iran"])
    window.actions["clear"].trigger()
    assert window.state.selected == [] and window.details.shown_entity() is None


def test_search_finds_by_alias_and_selects(window, qtbot):
    window.search.setText("ایران")
    window.search.textEdited.emit("ایران")
    qtbot.keyClick(window.search, Qt.Key_Return)
    assert window.state.focused == "iran"
    window.search.setText("pezeshkian")
    window.search.textEdited.emit("pezeshkian")
    qtbot.keyClick(window.search, Qt.Key_Return)
    assert window.state.focused == "pezeshkian"


def test_focus_mode_shows_only_the_neighbourhood(window):
    state, graph = window.state, window.state.graph
    state.set_day(dates.parse_day("2025-06-01"))
    state.select(["pezeshkian"])
    state.set_focus_mode(True, 1)
    window.redraw()
    visible = state.visible()
    expected = {"pezeshkian"} | {graph.ids[i] for i in np.flatnonzero(
        graph.neighbours(state.selected_mask(), 1, graph.active_edges(state.day)))}
    assert shown_ids(window) == expected and len(expected) < graph.node_count / 2
    window.actions["more_hops"].trigger()
    window.redraw()
    assert state.focus_hops == 2 and len(shown_ids(window)) > len(expected)
    state.set_focus_mode(False)
    window.redraw()
    articles = {i for i, e in state.dataset.entities.items() if e.table == "articles"}  # folded in by default
    assert shown_ids(window) == {graph.ids[i] for i in np.flatnonzero(visible.active_nodes)} - articles


def test_treaty_appears_on_its_signing_day(window):
    state = window.state
    state.set_day(dates.parse_day("2025-01-16"))
    window.redraw()
    assert "ru-ir-csp-2025" not in shown_ids(window) and "ru-ir-csp-2025-a3" not in shown_ids(window)
    state.set_day(dates.parse_day("2025-01-17"))
    window.redraw()
    assert "ru-ir-csp-2025" in shown_ids(window) and "ru-ir-csp-2025-a3" not in shown_ids(window)  # folded in
    state.set_expanded({"ru-ir-csp-2025"})
    window.redraw()
    assert {"ru-ir-csp-2025", "ru-ir-csp-2025-a3"} <= shown_ids(window)
    assert "2025-01-17 (at date)" in window.status_label.text()


def test_every_node_is_labelled_by_its_name_and_a_folded_treaty_by_its_count_of_articles(window, monkeypatch):
    """The canvas's texts, whether the dataset's names come in the graph's order (copied as
    they are) or in another (looked up one by one): each node's name, a folded treaty's with
    its number of articles."""
    state, graph, link = window.state, window.state.graph, window.canvas_link
    names = state.dataset.names
    counts = {t: len(state.articles_of(t)) for t in graph.ids if state.articles_of(t)}
    expected = [f"{names[i]} (+{counts[i]} art.)" if i in counts else names[i] for i in graph.ids]
    assert "Russia–Iran CSP Treaty (2025) (+47 art.)" in expected
    assert list(names) == list(graph.ids) and link.texts() == expected
    monkeypatch.setattr(type(state.dataset), "names", property(lambda _d: dict(reversed(names.items()))))
    assert link.texts() == expected
    state.set_expanded({"ru-ir-csp-2025"})
    assert link.texts()[graph.index["ru-ir-csp-2025"]] == "Russia–Iran CSP Treaty (2025)"


def test_a_treatys_articles_are_folded_into_it_until_asked_for(window, qtbot):
    state, graph = window.state, window.state.graph
    treaty, article = graph.index["ru-ir-csp-2025"], graph.index["ru-ir-csp-2025-a23"]
    window.redraw()
    assert not any(graph.ids[i].startswith("ru-ir-csp-2025-a") for i in window.canvas.shown)
    assert window.canvas._texts[treaty] == "Russia–Iran CSP Treaty (2025) (+47 art.)"
    # "Article 23 covers Bushehr" is still drawn, from the treaty
    covers = next(i for i in range(graph.relation_count)
                  if {graph.ids[graph.src[i]], graph.ids[graph.dst[i]]} == {"ru-ir-csp-2025-a23", "bushehr-npp"})
    visible = state.visible()
    assert visible.edges[covers] and visible.anchor[article] == treaty
    state.select(["ru-ir-csp-2025"])
    window.actions["articles"].trigger()  # E
    window.redraw()
    assert state.expanded == {"ru-ir-csp-2025"} and article in window.canvas.shown
    # the 47 articles sit in a compact disc beside their treaty, not fanned over the drawing
    positions = state.layout.positions
    articles = [graph.index[i] for i in state.articles_of("ru-ir-csp-2025")]
    rest = np.setdiff1d(window.canvas.shown, articles)
    drawing = np.ptp(positions[rest], axis=0).max()  # the drawing without them
    disc = positions[articles]
    centre = disc.mean(axis=0)
    radius = np.hypot(*(disc - centre).T).max()
    assert 2 * radius < drawing / 2  # a compact disc...
    assert not (np.hypot(*(positions[rest] - centre).T) < radius).any()  # ...with no other node in it
    assert window.canvas._texts[treaty] == "Russia–Iran CSP Treaty (2025)"
    window.actions["articles"].trigger()
    assert state.expanded == frozenset()
    window.undo_stack.undo()  # folding is undone like any other view change
    assert state.expanded == {"ru-ir-csp-2025"} and window.undo_stack.undoText() == "Show articles"
    window.undo_stack.redo()
    assert state.expanded == frozenset()
    window.trees.selection_requested.emit(["ru-kp-csp-2024-a3"], False)  # an article chosen in a tree
    window.redraw()
    assert state.expanded == {"ru-kp-csp-2024"} and graph.index["ru-kp-csp-2024-a3"] in window.canvas.shown


def test_typing_a_partial_date_lands_on_its_first_day(window, qtbot):
    window.timeline.date_edit.setText("2024-09")
    qtbot.keyClick(window.timeline.date_edit, Qt.Key_Return)
    assert window.state.day == dates.parse_day("2024-09-01")
    window.timeline.date_edit.setText("soon")
    with qtbot.waitSignal(window.timeline.date_rejected):
        qtbot.keyClick(window.timeline.date_edit, Qt.Key_Return)
    assert window.state.day == dates.parse_day("2024-09-01")


def test_play_moves_at_its_speed_in_real_units_and_stops_at_the_end(window, qtbot):
    state, timeline = window.state, window.timeline
    first, last = state.dataset.date_range()
    state.set_day(dates.parse_day("2025-01-17"))
    timeline.speed_box.setCurrentText("1 month a second")
    timeline.toggle_play()
    timeline._advance(1.0)  # one second of play, as the clock would measure it
    assert 29 <= state.day - dates.parse_day("2025-01-17") <= 31
    timeline._advance(0.5)
    assert 44 <= state.day - dates.parse_day("2025-01-17") <= 46
    state.set_day(dates.parse_day("2028-09-30"))  # the user moves the date: play goes on from there
    timeline.speed_box.setCurrentText("1 year a second")
    timeline._advance(0.25)
    assert abs(state.day - dates.parse_day("2028-09-30") - 91) <= 1
    qtbot.waitUntil(lambda: not timeline.is_playing(), timeout=5000)
    assert state.day == last


def test_modes_follow_the_contract(window):
    state = window.state
    state.set_day(dates.parse_day("2024-06-01"))
    state.set_mode("cumulative")
    window.redraw()
    assert "raisi" in shown_ids(window)  # he died in May 2024 but started before: cumulative keeps him
    state.set_mode("at")
    state.set_day(dates.parse_day("2026-06-01"))
    window.redraw()
    raisi_leads = [r for r in state.dataset.relations if r.kind == "leads" and r.source_id == "raisi"]
    edges = state.visible().edges
    assert not any(edges[state.dataset.relations.index(r)] for r in raisi_leads)
    state.set_mode("window")
    state.set_day(dates.parse_day("2024-01-01"), dates.parse_day("2024-12-31"))
    edges = state.visible().edges
    assert all(edges[state.dataset.relations.index(r)] for r in raisi_leads)


def test_compare_lists_added_and_removed(window):
    state = window.state
    state.set_compare(dates.parse_day("2024-12-31"), dates.parse_day("2025-01-17"))
    window.redraw()
    comparison = state.comparison()
    added = {state.graph.ids[i] for i in np.flatnonzero(comparison.added_nodes)}
    assert {"ru-ir-csp-2025", "ru-ir-csp-2025-a1"} <= added
    assert "russia" in {state.graph.ids[i] for i in np.flatnonzero(comparison.unchanged_nodes)}
    top = window.compare.tree.topLevelItem(0)
    assert top.text(0).startswith(f"Added ({len(added)} entities")
    window.compare.closed.emit()
    assert state.compare_days is None


def zoom_on(win, entity_id):
    """Centre a node and zoom in, as a user would before exporting a detail."""
    index = win.state.graph.index[entity_id]
    win.state.layout.center_on(index)
    win.canvas.box.scaleBy((0.35, 0.35), QPointF(*win.canvas.positions[index]))


def pixel_near(image, x, y, colour, radius=4, tolerance=40):
    target = QColor(colour)
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = image.pixelColor(int(x + dx), int(y + dy))
            if abs(c.red() - target.red()) + abs(c.green() - target.green()) + abs(c.blue() - target.blue()) < tolerance:
                return True
    return False


def test_export_shows_the_highlight_where_the_node_is(window, tmp_path):
    from data import style
    from ui.export import graph_page, render_widget
    window.state.set_day(dates.parse_day("2025-06-01"))
    window.state.select(["iran"])
    window.redraw()
    zoom_on(window, "iran")
    with graph_page(window.canvas, 1600):  # where the figure's page puts the node
        point = node_pixel(window, "iran")
        view_offset = window.canvas.view.mapTo(window.canvas, QPoint(0, 0))
        image = render_widget(window.canvas, 2 * window.canvas.width())
    x, y = 2 * (point.x() + view_offset.x()), 2 * (point.y() + view_offset.y())
    radius = window.canvas.node_size[window.state.graph.index["iran"]] / 2 + 4.5
    ring = [(x + 2 * radius * np.cos(a), y + 2 * radius * np.sin(a)) for a in np.linspace(0, 2 * np.pi, 12)]
    assert sum(pixel_near(image, rx, ry, style.HIGHLIGHT, radius=3) for rx, ry in ring) >= 8
    assert pixel_near(image, x, y, "#1d4ed8", radius=2)  # the state's blue at the centre
    assert not pixel_near(image, 8, image.height() - 8, style.HIGHLIGHT)


def test_exports_at_two_dates_differ_where_the_treaty_is(window):
    from ui.export import graph_page, render_widget
    state = window.state
    state.set_day(dates.parse_day("2025-02-01"))
    window.redraw()
    zoom_on(window, "ru-ir-csp-2025")
    with graph_page(window.canvas, 1200):  # where the figure's page puts the node
        point = node_pixel(window, "ru-ir-csp-2025")
        offset = window.canvas.view.mapTo(window.canvas, QPoint(0, 0))
        after = render_widget(window.canvas, window.canvas.width())
        state.set_day(dates.parse_day("2024-06-01"))
        window.redraw()
        before = render_widget(window.canvas, window.canvas.width())
    x, y = point.x() + offset.x(), point.y() + offset.y()
    assert pixel_near(after, x, y, "#b91c1c", radius=2)  # the treaty's red diamond
    assert not pixel_near(before, x, y, "#b91c1c", radius=2)


def test_trees_grey_or_hide_inactive_entities(window, qtbot):
    from PySide6.QtCore import Qt as _Qt
    from widgets.entity_models import ID_ROLE
    window.state.set_day(dates.parse_day("2024-06-01"))  # before the treaty was signed
    view = window.trees.view("Treaties")
    model = view.model()

    def row_of(entity_id):
        matches = model.match(model.index(0, 0), ID_ROLE, entity_id, 1, _Qt.MatchRecursive | _Qt.MatchExactly)
        return matches[0] if matches else None
    # the trees follow the date once it settles (not on every frame of a drag)
    qtbot.waitUntil(lambda: row_of("ru-ir-csp-2025").data(_Qt.ForegroundRole) is not None, timeout=2000)
    assert row_of("ru-ir-basic-2001").data(_Qt.ForegroundRole) is None  # signed in 2001: active
    window.actions["hide_inactive"].trigger()
    assert row_of("ru-ir-csp-2025") is None and row_of("ru-ir-basic-2001") is not None


def test_details_draw_lifespans_with_the_date(window):
    window.state.set_day(dates.parse_day("2025-02-01"))
    window.state.select(["pezeshkian"])
    chart = window.details.lifespan_widget()
    labels = [bar.label for bar in chart.bars]
    assert labels[0].startswith("Masoud Pezeshkian") and "leads: Iran" in labels
    assert chart.day == dates.parse_day("2025-02-01") and chart.first <= chart.day <= chart.last
    window.state.set_day(dates.parse_day("2025-03-01"))
    assert chart.day == dates.parse_day("2025-03-01")


def test_dock_layout_is_remembered(qtbot, tmp_path, dataset):
    settings = Settings(tmp_path / "s.ini")
    first = MainWindow(settings, cache_folder=tmp_path / "l")
    qtbot.addWidget(first)
    first.show()
    first.docks["Details"].hide()
    first.close()
    second = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "l")
    qtbot.addWidget(second)
    second.restore_window()
    second.show()
    assert not second.docks["Details"].isVisible() and second.docks["Browse"].isVisible()


def test_dragging_a_node_pins_it_and_the_cache_keeps_it(window, qtbot, tmp_path, dataset):
    from PySide6.QtCore import QPointF as P
    index = window.state.graph.index["iran"]
    window.canvas.drag_node(index, P(40.0, 30.0), finished=True)
    assert window.state.layout.pinned[index] and tuple(window.canvas.positions[index]) == (40.0, 30.0)
    again = MainWindow(Settings(tmp_path / "s2.ini"), cache_folder=window.cache_folder)
    qtbot.addWidget(again)
    again.open_dataset(dataset)
    assert tuple(again.canvas.positions[index]) == (40.0, 30.0) and again.state.layout.pinned[index]



def test_a_big_graphs_layout_is_saved_on_a_worker_and_kept(window, qtbot, tmp_path, dataset, monkeypatch):
    from PySide6.QtCore import QPointF as P

    from data import layout
    monkeypatch.setattr(layout, "SAVE_HERE_UP_TO", 0)  # every graph is big
    index = window.state.graph.index["iran"]
    cache = window.layout_cache
    window.canvas.drag_node(index, P(-12.0, 8.0), finished=True)
    qtbot.waitUntil(lambda: cache.exists() and tuple(layout.positions_for(window.state.graph, cache)[0][index])
                    == (-12.0, 8.0), timeout=10_000)
    assert layout.positions_for(window.state.graph, cache)[1][index]  # pinned, as dragged


@pytest.mark.parametrize("big", [False, True])
def test_a_layout_cache_that_cannot_be_written_is_said_in_one_sentence(window, qtbot, tmp_path, monkeypatch, big):
    from PySide6.QtCore import QPointF as P

    from data import layout
    if big:  # saved on a worker: the failure comes back from it
        monkeypatch.setattr(layout, "SAVE_HERE_UP_TO", 0)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    window.layout_cache = blocker / "layout.npz"
    window.canvas.drag_node(window.state.graph.index["iran"], P(3.0, 4.0), finished=True)
    said = window.message_label.text
    qtbot.waitUntil(lambda: said().startswith("Could not save the layout cache: "), timeout=10_000)
    assert said().endswith("(a file stands where its folder should be)")  # why, even after a long path
    assert str(blocker / "layout.npz") in window.message_label.toolTip()
    assert window.state.layout.pinned[window.state.graph.index["iran"]]  # the move itself stands

def test_time_keys_step_by_calendar_units_and_events(window, qtbot):
    state = window.state
    state.set_day(dates.parse_day("2025-01-31"))
    window.canvas.view.setFocus()
    qtbot.keyClick(window, Qt.Key_Right, Qt.ControlModifier)
    assert dates.day_to_iso(state.day) == "2025-02-28"  # a month on, clamped to the month's end
    qtbot.keyClick(window, Qt.Key_Right, Qt.AltModifier)
    assert dates.day_to_iso(state.day) == "2025-03-01"
    qtbot.keyClick(window, Qt.Key_Left, Qt.ControlModifier | Qt.ShiftModifier)
    assert dates.day_to_iso(state.day) == "2024-03-01"
    events = sorted(e.day for e in state.dataset.events)
    qtbot.keyClick(window, Qt.Key_PageDown)
    assert state.day == min(d for d in events if d > dates.parse_day("2024-03-01"))


def test_hover_names_the_node_as_plain_text(window, make_db, qtbot):
    path = make_db("""
        CREATE TABLE actors (id, name, kind); INSERT INTO actors VALUES ('x', '<b>x</b> & <img src=y>', 'state');
        CREATE TABLE relations (source_id, target_id, kind);
    """)
    window.open_dataset(loader.load(path))
    window.redraw()
    scene = window.canvas.box.mapViewToScene(QPointF(*window.canvas.positions[0]))
    window.canvas._hovered(scene)
    tip = window.canvas.view.toolTip()
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src=y&gt;" in tip and "<img" not in tip
    assert window.canvas._texts[0] == "<b>x</b> & <img src=y>"


def test_nodes_on_screen_take_their_kind_colour_and_a_recolouring_undoes_cleanly(window):
    """The on-screen sprites (not the export's vector symbols): Iran is a blue state, the
    treaty a red diamond; colouring all nodes green (as communities do) and back restores both."""
    window.state.set_day(dates.parse_day("2025-06-01"))
    zoom_on(window, "iran")

    def colour_at(entity_id):
        window.redraw()
        image = window.canvas.view.viewport().grab().toImage()
        point = node_pixel(window, entity_id)
        return image, point.x(), point.y()

    assert pixel_near(*colour_at("iran"), "#1d4ed8", radius=2)
    graph = window.state.graph
    window.canvas.set_appearance(None, ["#16a34a"] * graph.node_count)
    assert pixel_near(*colour_at("iran"), "#16a34a", radius=2)
    assert not pixel_near(*colour_at("iran"), "#1d4ed8", radius=2)
    window.canvas.set_appearance(None, None)
    assert pixel_near(*colour_at("iran"), "#1d4ed8", radius=2)
    assert not pixel_near(*colour_at("iran"), "#16a34a", radius=2)


def test_no_stray_dock_tab_bar_shows_in_the_middle_of_the_window(qtbot, tmp_path):
    """Each visible tab bar of tabbed docks sits along a dock of its own group: no spare
    "Details | Paths" bar floating over the trees or the canvas (as the export command shows
    the window: built, sized, shown, no dataset yet)."""
    from PySide6.QtWidgets import QApplication, QDockWidget, QTabBar
    win = MainWindow(Settings(tmp_path / "s.ini"), cache_folder=tmp_path / "layouts")
    win.resize(1600, 1000)
    win.show()
    QApplication.processEvents()
    docks = {d.windowTitle(): d for d in win.findChildren(QDockWidget) if d.isVisible()}
    bars = [b for b in win.findChildren(QTabBar) if b.parent() is win and b.isVisible()]
    assert {tuple(b.tabText(i) for i in range(b.count())) for b in bars} == {
        ("Browse", "Filters"), ("Details", "Paths", "Ranking"),
        ("Timeline", "Problems", "Compare", "Treaty comparison")}
    for bar in bars:
        group = [docks[bar.tabText(i)] for i in range(bar.count()) if bar.tabText(i) in docks]
        assert any(d.x() == bar.x() and d.width() == bar.width() for d in group)
    win.close()


def test_no_two_actions_share_a_shortcut_and_redo_has_both_keys(window):
    """Qt ignores a key bound twice ("Ambiguous shortcut overload"): Redo once did nothing."""
    from PySide6.QtGui import QAction, QKeySequence

    owners = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in owners, f"{key} is bound to both {owners[key]!r} and {action.text()!r}"
            owners[key] = action.text()
    redo = {s.toString() for s in window.actions["redo"].shortcuts()}
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= redo
    window.state.set_filters(window.state.filters)  # nothing to undo yet
    window.change_focus(True, 2)
    window.actions["undo"].trigger()
    assert not window.state.focus_mode
    window.actions["redo"].trigger()
    assert window.state.focus_mode and window.state.focus_hops == 2
    assert QKeySequence("Ctrl+Y") in window.actions["redo"].shortcuts()


def test_a_date_step_rings_what_appeared_and_the_rings_fade(window):
    """Stepping into 2025 rings the entities that appeared, where they are drawn, at full
    strength; the fade lowers the rings' opacity and then clears them."""
    state, canvas = window.state, window.canvas
    state.set_day(dates.parse_day("2024-06-01"))
    window.redraw()
    before = state.visible().nodes.copy()
    state.set_day(dates.parse_day("2025-06-01"))
    window.redraw()
    appeared = np.flatnonzero(state.visible().nodes & ~before)
    assert len(appeared)
    rings = canvas.flash_items
    x, y = rings.getData()
    drawn = {(round(a, 6), round(b, 6)) for a, b in zip(x.tolist(), y.tolist())}
    assert drawn == {(round(a, 6), round(b, 6)) for a, b in canvas.positions[appeared].tolist()}
    assert rings.opacity() == 1.0
    flash = canvas._flash
    flash._fade()
    assert 0.9 < rings.opacity() < 1.0
    for _ in range(25):
        flash._fade()
    assert len(rings.data) == 0


def test_the_trees_follow_at_once_when_asked_as_an_export_does(window):
    """A window drawn for an export with --focus shows the focused treaty's tab in the trees,
    not the tab the trees showed before (they otherwise follow a moment after the click)."""
    assert window.trees.current_tab() != "Treaties"
    window.show_entities(["ru-ir-csp-2025"])
    window.follow_now()
    assert window.trees.current_tab() == "Treaties"
    view = window.trees.view("Treaties")
    assert view.currentIndex().data() is not None and "Russia–Iran" in view.currentIndex().data()
