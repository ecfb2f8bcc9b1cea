"""The analysis panels in the window: filters follow into the canvas and exports, paths light
up on the canvas, the ranking fills from its worker, communities colour the canvas."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from data import dates
from data.filters import Filters


@pytest.fixture
def window(window):
    """The shared window (conftest), at a day when both treaties are in force."""
    window.state.set_day(dates.parse_day("2025-06-01"))
    return window


def shown(win):
    win.redraw()
    return {win.state.graph.ids[i] for i in win.canvas.shown}


def test_only_official_in_one_click_and_the_caption_follows(window):
    before = window.caption().subtitle
    window.analysis.filters._only_official()
    assert window.state.filters == Filters.only_official()
    graph, ds = window.state.graph, window.state.dataset
    edges = window.state.visible().edges
    kept = [ds.relations[i] for i in np.flatnonzero(graph.relations_mask(edges))]
    assert kept and all(r.confidence == "official" for r in kept)
    assert window.analysis.chips.texts() == Filters.only_official().describe()
    assert window.caption().subtitle != before  # the figure says what it shows
    window.analysis.chips.remove(window.analysis.chips.texts()[0])
    assert window.state.filters.is_default


def test_hiding_people_hides_them_on_the_canvas(window):
    assert "putin" in shown(window)
    window.state.set_filters(Filters(hidden_kinds=frozenset({"person"})))
    nodes = shown(window)
    assert "putin" not in nodes and "pezeshkian" not in nodes and "iran" in nodes


def test_a_path_lights_up_on_the_canvas(window, qtbot):
    panel = window.analysis.paths
    panel.set_endpoints("saudi-arabia", "iran")
    with qtbot.waitSignal(panel.path_highlight_requested, timeout=3000) as caught:
        paths = panel.find_paths()
    assert paths
    nodes, edges = caught.args
    assert window.state.graph.index["saudi-arabia"] in nodes and window.state.graph.index["iran"] in nodes
    assert len(window.canvas.path_nodes.getData()[0]) == len(nodes)


def test_ranking_fills_from_its_worker_and_colours_communities(window, qtbot):
    analysis = window.analysis
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    ranking = analysis.ranking
    assert ranking.id_at(0) in {"russia", "iran", "ru-ir-csp-2025"}
    kinds_legend = [label for label, *_ in window.canvas.legend.nodes]
    ranking.colour_box.setChecked(True)
    window.redraw()
    legend = [label for label, *_ in window.canvas.legend.nodes]
    assert legend != kinds_legend and legend[0].startswith("Community: ")


def test_node_size_can_follow_a_measure(window, qtbot):
    analysis = window.analysis
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    before = window.canvas.node_size.copy()
    combo = analysis.ranking.size_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if "betweenness" in combo.itemText(i).lower()))
    after = window.canvas.node_size
    graph = window.state.graph
    assert not np.array_equal(before, after)
    assert after[graph.index["iran"]] > after[graph.index["pakistan"]]


def test_the_ranking_counts_structural_links_only_when_asked(window, qtbot):
    """By default a treaty's 47 articles do not make it central; the checkbox counts them."""
    analysis = window.analysis
    window.state.set_expanded({"ru-ir-csp-2025"})  # its articles shown (they are folded in by default)
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    ranking, treaty = analysis.ranking, window.state.graph.index["ru-ir-csp-2025"]
    ranking.table.sortByColumn(2, Qt.DescendingOrder)
    plain = analysis.result.measures["degree"][treaty]
    assert ranking.id_at(0) != "ru-ir-csp-2025"
    ranking.structural_box.setChecked(True)
    analysis.result = None
    analysis._recompute()  # now, rather than once things settle; an answer for earlier masks is dropped
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    assert analysis.result.measures["degree"][treaty] >= plain + 40
    assert ranking.id_at(0) == "ru-ir-csp-2025"


def test_communities_keep_their_names_in_focus_mode(window, qtbot):
    analysis = window.analysis
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    before, saudi = analysis.result, window.state.graph.index["saudi-arabia"]
    assert before.names[int(before.communities[saudi])] == "United States (state)"
    window.state.select(["saudi-arabia"])
    window.state.set_focus_mode(True, 1)  # alone, this neighbourhood would be led by Saudi Arabia
    analysis.result = None
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    focused = analysis.result
    assert (focused.communities >= 0).sum() < (before.communities >= 0).sum()  # fewer shown
    assert focused.names[int(focused.communities[saudi])] == "United States (state)"


def test_an_analysis_of_the_last_dataset_never_reaches_the_next(window, qtbot, make_db):
    """An analysis that ends after another dataset is opened is for the old graph: its figures
    (and node sizes) must not be shown for the new one."""
    from conftest import load_clean

    analysis = window.analysis
    analysis._recompute()
    qtbot.waitUntil(lambda: analysis.result is not None, timeout=10000)
    old_result, old_token = analysis.result, analysis._token
    window.open_dataset(load_clean(make_db(
        "CREATE TABLE actors (id, name, kind);"
        "INSERT INTO actors VALUES ('a', 'Alpha', 'state'), ('b', 'Beta', 'state');"
        "CREATE TABLE relations (source_id, target_id, kind);"
        "INSERT INTO relations VALUES ('a', 'b', 'cooperates_with');")))
    analysis.fill_now()
    analysis._finished(old_token, old_result)  # the old answer arrives late
    assert analysis.result is None and analysis.ranking.model.rows == []
    window.redraw()
    assert len(window.canvas.node_size) == 2
