"""The analysis panels: filters and chips, paths, ranking (and its worker), treaty comparison.
They show the right rows, emit the right ids and values, and their models pass qtmodeltester."""
from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from data import graph as G, loader, measures as A
from conftest import shown_at
from data.filters import Filters
from data.search import SearchIndex
from widgets.filter_panel import KEY_ROLE, FilterChips, FilterPanel
from widgets.path_panel import PathPanel
from widgets.ranking_panel import ID_ROLE, RankingPanel
from widgets.treaty_compare import IDS_ROLE, MISSING, NONE_TEXT, TreatyCompareView

IR, KP = "ru-ir-csp-2025", "ru-kp-csp-2024"




def keys(widget):
    return [widget.item(row).data(KEY_ROLE) for row in range(widget.count())]


def item(widget, key):
    return next(widget.item(r) for r in range(widget.count()) if widget.item(r).data(KEY_ROLE) == key)


# -- filters ---------------------------------------------------------------------------------
def test_filter_panel_lists_what_the_graph_has(qtbot, bundled):
    _dataset, graph = bundled
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_graph(graph)
    assert keys(panel.tables) == ["actors", "treaties", "articles", "projects"]
    assert "person" in keys(panel.kinds) and "treaty" not in keys(panel.kinds)
    assert "party_to" in keys(panel.relations) and G.ARTICLE_OF not in keys(panel.relations)


def test_filter_panel_emits_each_change(qtbot, bundled):
    _dataset, graph = bundled
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_graph(graph)
    with qtbot.waitSignal(panel.filters_changed) as blocker:
        item(panel.kinds, "person").setCheckState(Qt.Unchecked)
    assert blocker.args == [Filters(hidden_kinds={"person"})]
    with qtbot.waitSignal(panel.filters_changed) as blocker:
        qtbot.mouseClick(panel.official_button, Qt.LeftButton)
    assert blocker.args[0] == Filters(hidden_kinds={"person"}, confidences={"official"})
    assert not panel.confidence_boxes["reported"].isChecked()
    with qtbot.waitSignal(panel.filters_changed) as blocker:
        panel.min_degree.setValue(2)
    assert blocker.args[0].min_degree == 2
    with qtbot.waitSignal(panel.filters_changed) as blocker:
        panel.confidence_boxes["inferred"].setChecked(True)
    assert blocker.args[0].confidences == {"official", "inferred"}
    with qtbot.waitSignal(panel.filters_changed) as blocker:
        qtbot.mouseClick(panel.reset_button, Qt.LeftButton)
    assert blocker.args == [Filters()] and item(panel.kinds, "person").checkState() == Qt.Checked


def test_filter_panel_set_filters_does_not_echo(qtbot, bundled):
    _dataset, graph = bundled
    panel = FilterPanel()
    qtbot.addWidget(panel)
    panel.set_graph(graph)
    with qtbot.assertNotEmitted(panel.filters_changed):
        panel.set_filters(Filters(hidden_relations={"leads"}, min_degree=3, confidences={"official", None}))
        panel.set_graph(graph)
    assert item(panel.relations, "leads").checkState() == Qt.Unchecked
    assert panel.min_degree.value() == 3 and not panel.confidence_boxes["inferred"].isChecked()
    assert panel.filters.hidden_relations == {"leads"}


def test_chips_show_and_remove_filters(qtbot):
    chips = FilterChips()
    qtbot.addWidget(chips)
    chips.set_filters(Filters())
    assert chips.chips == [] and chips.isHidden()
    chips.set_filters(Filters(hidden_kinds={"person"}, confidences={"official"}, min_degree=2))
    assert [c.text() for c in chips.chips] == ["official only  ×", "hide kind: person  ×", "degree ≥ 2  ×"]
    with qtbot.waitSignal(chips.chip_removed) as removed, qtbot.waitSignal(chips.filters_changed) as changed:
        qtbot.mouseClick(chips.chips[1], Qt.LeftButton)
    assert removed.args == ["hide kind: person"]
    assert changed.args == [Filters(confidences={"official"}, min_degree=2)]
    assert chips.texts() == ["official only", "degree ≥ 2"]


# -- paths -----------------------------------------------------------------------------------
@pytest.fixture
def path_panel(qtbot, bundled):
    dataset, graph = bundled
    panel = PathPanel()
    qtbot.addWidget(panel)
    panel.set_dataset(dataset, graph, SearchIndex(dataset).find)
    panel.set_masks(*shown_at(graph, "2025-06-01"))
    return panel


def test_path_panel_finds_and_shows_the_paths(qtbot, path_panel, bundled):
    _dataset, graph = bundled
    path_panel.from_edit.setText("saudi")  # resolved by the search index
    path_panel.to_edit.setText("Iran")
    with qtbot.waitSignal(path_panel.paths_found) as blocker:
        qtbot.mouseClick(path_panel.find_button, Qt.LeftButton)
    paths = blocker.args[0]
    assert len(paths) == 3 and path_panel.tree.topLevelItemCount() == 3
    first = path_panel.tree.topLevelItem(0)
    assert first.text(0) == "Path 1 · 1 link: Saudi Arabia → Iran"
    hop = first.child(0)
    assert [hop.text(c) for c in range(5)] == ["Saudi Arabia —cooperates_with→ Iran", "undated", "reported",
                                               "000_d6fe95bd9765417d.txt", "para 16; para 19"]
    second = path_panel.tree.topLevelItem(1)
    assert second.text(0) == "Path 2 · 2 links: Saudi Arabia → United States → Iran"
    assert second.child(0).text(1) == "from 2025-01" and second.child(0).text(4) == "para 5"
    with qtbot.waitSignal(path_panel.path_highlight_requested) as blocker:
        path_panel.tree.setCurrentItem(second.child(1))
    assert blocker.args[0] == [graph.index[i] for i in ("saudi-arabia", "usa", "iran")]
    assert blocker.args[1] == [hop.edge for hop in paths[1]]
    with qtbot.waitSignal(path_panel.entity_requested) as blocker:
        path_panel.tree.itemDoubleClicked.emit(second.child(0), 0)
    assert blocker.args == ["usa"]


def test_a_picker_completes_the_datasets_names_once_it_takes_the_keyboard(qtbot, path_panel, bundled):
    """The names are handed to the completion when a picker is first used, not while a dataset
    opens; a new dataset's names replace the last one's."""
    dataset, graph = bundled
    assert path_panel.names.rowCount() == 0  # nothing copied for a panel nobody used
    path_panel.show()
    path_panel.activateWindow()
    path_panel.from_edit.setFocus()
    qtbot.waitUntil(lambda: path_panel.names.rowCount() == len(dataset.entities))
    completer = path_panel.from_edit.completer()
    completer.setCompletionPrefix("ussi")
    offered = [completer.setCurrentRow(row) and completer.currentCompletion()
               for row in range(completer.completionCount())]
    assert "Russia" in offered and "Bank of Russia" in offered and "Iran" not in offered
    path_panel.set_dataset(dataset, graph)
    assert path_panel.names.rowCount() == 0  # the last names are not offered for the new dataset
    path_panel.to_edit.setFocus()
    qtbot.waitUntil(lambda: path_panel.names.rowCount() == len(dataset.entities))


def test_path_panel_follows_the_date(qtbot, path_panel, bundled):
    dataset, graph = bundled
    path_panel.set_endpoints("saudi-arabia", "iran")
    assert path_panel.from_edit.text() == "Saudi Arabia"
    path_panel.find_paths()
    assert "United States" in path_panel.tree.topLevelItem(1).text(0)
    with qtbot.waitSignal(path_panel.paths_found) as blocker:
        path_panel.set_masks(*shown_at(graph, "2024-06-01"))
    assert all(dataset.relations[h.edge].kind != "invests_in" for p in blocker.args[0] for h in p if h.edge < graph.relation_count)
    assert path_panel.tree.topLevelItem(1).text(0).startswith("Path 2 · 3 links: Saudi Arabia → Abraham Accords")


def test_path_panel_says_what_is_missing(qtbot, path_panel, bundled):
    _dataset, graph = bundled
    path_panel.from_edit.setText("Atlantis")
    path_panel.to_edit.setText("Iran")
    with qtbot.assertNotEmitted(path_panel.paths_found):
        assert path_panel.find_paths() == []
    assert path_panel.status.text() == "No entity named “Atlantis”."
    path_panel.set_selection(["pakistan", "philippines"])
    qtbot.mouseClick(path_panel.from_selection, Qt.LeftButton)
    qtbot.mouseClick(path_panel.to_selection, Qt.LeftButton)
    assert (path_panel.from_edit.text(), path_panel.to_edit.text()) == ("Pakistan", "Philippines")
    nodes, edges = Filters.only_official().apply(graph, *shown_at(graph, "2025-06-01"))
    path_panel.set_masks(nodes, edges)
    assert path_panel.find_paths() == []
    assert path_panel.status.text().startswith("No path of at most 6 links joins Pakistan and Philippines")
    nodes[graph.index["pakistan"]] = False
    path_panel.set_masks(nodes, edges)
    assert path_panel.status.text() == "Pakistan is not shown at this date or with these filters."


# -- ranking ---------------------------------------------------------------------------------
@pytest.fixture
def ranking(qtbot, bundled):
    dataset, graph = bundled
    panel = RankingPanel()
    qtbot.addWidget(panel)
    nodes, edges = Filters(hidden_kinds={"person"}).apply(graph, *shown_at(graph, "2025-06-01"))
    result = A.analyse(dataset, graph, nodes, edges)
    panel.set_analysis(dataset, graph, result)
    return panel, nodes, result


def test_ranking_panel_rows_and_sorting(qtbot, ranking, bundled):
    _dataset, graph = bundled
    panel, nodes, result = ranking
    assert panel.model.rowCount() == nodes.sum()
    assert "putin" not in panel.model.ids
    assert panel.id_at(0) == "russia"  # sorted by degree, highest first (the treaty's articles not counted)
    panel.table.sortByColumn(4, Qt.DescendingOrder)
    assert panel.id_at(0) == "russia"
    panel.table.sortByColumn(0, Qt.AscendingOrder)
    assert panel.proxy.index(0, 0).data() == "Abraham Accords"
    row = panel.model.ids.index("usa")
    assert panel.model.index(row, 5).data() == result.names[int(result.communities[graph.index["usa"]])]
    assert panel.model.index(row, 2).data() == str(int(result.measures["degree"][graph.index["usa"]]))
    assert isinstance(panel.model.index(row, 5).data(Qt.DecorationRole), QColor)
    panel.filter_edit.setText("iran")
    assert {panel.id_at(r) for r in range(panel.proxy.rowCount())} >= {"iran", IR}
    assert "russia" not in {panel.id_at(r) for r in range(panel.proxy.rowCount())}


def test_ranking_panel_sorts_every_column_and_keeps_the_selected_entity(ranking, bundled):
    _dataset, graph = bundled
    panel, nodes, result = ranking
    panel.table.selectRow(next(r for r in range(panel.proxy.rowCount()) if panel.id_at(r) == "usa"))
    for column, measure in ((3, "betweenness"), (4, "eigenvector"), (2, "degree")):
        panel.table.sortByColumn(column, Qt.AscendingOrder)
        shown = [result.measures[measure][graph.index[panel.id_at(r)]] for r in range(panel.proxy.rowCount())]
        assert shown == sorted(shown)  # what the user sees, top to bottom
        chosen = panel.table.selectionModel().selectedRows()
        assert [index.data(ID_ROLE) for index in chosen] == ["usa"]  # the selection follows its row
    panel.table.sortByColumn(0, Qt.DescendingOrder)
    names = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold, reverse=True)
    panel.filter_edit.setText("ir")  # a filter keeps the order
    kept = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert kept == [n for n in names if "ir" in n.casefold()]


def test_ranking_panel_signals(qtbot, ranking):
    panel, _nodes, _result = ranking
    panel.table.sortByColumn(2, Qt.DescendingOrder)
    index = panel.proxy.index(1, 0)
    with qtbot.waitSignal(panel.entity_requested) as blocker:
        qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=panel.table.visualRect(index).center())
    assert blocker.args == [index.data(ID_ROLE)]
    with qtbot.waitSignal(panel.size_measure_changed) as blocker:
        panel.size_combo.setCurrentText("betweenness")
    assert blocker.args == ["betweenness"] and panel.size_measure() == "betweenness"
    with qtbot.waitSignal(panel.colour_by_community_changed) as blocker:
        panel.colour_box.setChecked(True)
    assert blocker.args == [True]


# -- comparing treaties ----------------------------------------------------------------------
@pytest.fixture
def compare_view(qtbot, bundled):
    view = TreatyCompareView()
    qtbot.addWidget(view)
    view.set_dataset(bundled[0])
    view.resize(1200, 700)
    return view


def row_of(view, topic):
    return next(r for r in range(view.model.rowCount()) if view.model.rows[r].topic == topic)


def test_compare_view_shows_the_difference(qtbot, compare_view):
    model = compare_view.model
    assert compare_view.treaties() == (IR, KP)
    non, mutual = row_of(compare_view, "non-assistance"), row_of(compare_view, "mutual-assistance")
    assert mutual == non + 1
    assert model.index(non, 1).data() == "Art. 3 — No assistance to an aggressor"
    assert model.index(non, 2).data() == NONE_TEXT and model.index(mutual, 1).data() == NONE_TEXT
    assert model.index(mutual, 2).data() == "Art. 4 — Mutual military assistance"
    assert model.index(non, 2).data(Qt.BackgroundRole).color() == QColor(MISSING)
    assert model.index(non, 1).data(Qt.BackgroundRole) is None
    assert "immediate military assistance" in model.index(non, 3).data()
    sanctions = row_of(compare_view, "sanctions")
    assert model.index(sanctions, 2).data() == "Art. 16 — Countering unilateral coercive measures"
    assert model.index(model.rowCount() - 1, 0).data() == "(no topic given)"
    assert model.headerData(1, Qt.Horizontal, Qt.ToolTipRole) == compare_view.dataset.entities[IR].name
    with qtbot.waitSignal(compare_view.entity_requested) as blocker:
        compare_view.table.doubleClicked.emit(model.index(non, 1))
    assert blocker.args == ["ru-ir-csp-2025-a3"]
    assert model.index(non, 1).data(IDS_ROLE) == ["ru-ir-csp-2025-a3"]


def test_compare_view_picking_treaties(qtbot, compare_view):
    with qtbot.assertNotEmitted(compare_view.comparison_changed):
        compare_view.set_treaties(KP, KP)
    assert {row.status for row in compare_view.rows} == {"both"}
    combo = compare_view.combos[1]
    with qtbot.waitSignal(compare_view.comparison_changed) as blocker:
        combo.setCurrentIndex(combo.findData(IR))
        combo.activated.emit(combo.currentIndex())
    assert blocker.args == [KP, IR]
    assert compare_view.model.index(row_of(compare_view, "mutual-assistance"), 2).data() == NONE_TEXT


def missing_pixels(image: QImage) -> int:
    image = image.convertToFormat(QImage.Format_RGB32)
    bits = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    rgb = bits[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[:, :, 2::-1]
    colour = QColor(MISSING)
    return int(np.all(rgb == (colour.red(), colour.green(), colour.blue()), axis=2).sum())


def test_compare_view_exports(qtbot, compare_view, tmp_path):
    compare_view.export_csv(tmp_path / "c.csv")
    with open(tmp_path / "c.csv", newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0][2] == compare_view.dataset.entities[IR].name and len(table) == len(compare_view.rows) + 1
    compare_view.export_png(tmp_path / "c.png", 1600)
    image = QImage(str(tmp_path / "c.png"))
    assert image.width() == 1600 and image.height() > 400
    assert missing_pixels(image) > 5000  # the pink "none" cells are drawn
    assert image.pixelColor(2, 2) == QColor("#ffffff")
    compare_view.set_treaties(KP, KP)
    assert missing_pixels(compare_view.render_image(800)) == 0  # and only where a side is missing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.csv", "c.png"]
    with pytest.raises(ValueError):
        compare_view.render_image(50)


def test_compare_view_reports_a_failed_export(qtbot, compare_view, tmp_path):
    target = str(tmp_path / "missing" / "c.csv")
    with qtbot.waitSignal(compare_view.export_failed) as blocker:
        compare_view._export(lambda: compare_view.export_csv(target), target)
    assert blocker.args[0].startswith(f"Could not write {target}")


def test_compare_view_without_two_treaties(qtbot, make_db):
    dataset = loader.load(make_db("CREATE TABLE actors (id, name, kind); CREATE TABLE relations (source_id, target_id, kind);"))
    view = TreatyCompareView()
    qtbot.addWidget(view)
    view.set_dataset(dataset)
    assert view.model.rowCount() == 0 and view.summary.text() == "This dataset needs two treaties to compare."


# -- models ----------------------------------------------------------------------------------
def test_models_pass_the_model_tester(qtmodeltester, ranking, compare_view):
    panel = ranking[0]
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    qtmodeltester.check(compare_view.model)
