"""The canvas stays readable at every size: symbols follow the spacing of the drawing, edges
with no stated confidence are solid, many edges are drawn lighter, labels never sit on a node."""
from __future__ import annotations

import numpy as np
import pytest

from data import graph as G, loader, style
from widgets.graph_canvas import GraphCanvas

SQL = """
CREATE TABLE actors (id, name, kind);
CREATE TABLE relations (source_id, target_id, kind, confidence);
"""


def grid_dataset(make_db, side: int, confidence=None):
    rows = [f"('n{i}', 'Node {i}', 'state')" for i in range(side * side)]
    links = [f"('n{i}', 'n{i + 1}', 'cooperates_with', {repr(confidence) if confidence else 'NULL'})"
             for i in range(side * side - 1) if (i + 1) % side]
    return loader.load(make_db(SQL + f"INSERT INTO actors VALUES {', '.join(rows)};\n"
                               f"INSERT INTO relations VALUES {', '.join(links)};"))


def shown_canvas(qtbot, dataset, spread: float = 100.0, xy=None):
    """The dataset on a canvas, every node shown, fitted; on a grid unless ``xy`` places them."""
    graph = G.build(dataset)
    if xy is None:
        side = int(np.sqrt(graph.node_count))
        xy = np.array([(i % side, i // side) for i in range(graph.node_count)], dtype=float) * spread / side
    else:
        xy = xy(graph)
    canvas = GraphCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(900, 700)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_graph(graph, xy, [dataset.names[i] for i in graph.ids], lambda _i: "", ["actors"] * graph.node_count)
    everything = np.ones(graph.node_count, dtype=bool)
    canvas.set_view(everything, np.ones(graph.edge_count, dtype=bool), ~everything)
    canvas.fit()
    return canvas, graph


def test_symbols_shrink_as_the_drawing_gets_denser_and_grow_when_zoomed_in(qtbot, make_db):
    sparse, _ = shown_canvas(qtbot, grid_dataset(make_db, 6))
    dense, _ = shown_canvas(qtbot, grid_dataset(make_db, 40))
    assert np.median(dense.node_size) < np.median(sparse.node_size) / 2
    # a fitted dense drawing is mostly white space: symbols are well under the gap between nodes
    gap_px = dense.box.width() / dense.box.viewRect().width() * (100.0 / 40)
    assert np.median(dense.node_size) < 0.7 * gap_px
    before = np.median(dense.node_size)
    dense.box.scaleBy((0.25, 0.25))
    qtbot.waitUntil(lambda: np.median(dense.node_size) > before, timeout=2000)


def test_an_edge_with_no_confidence_is_solid_and_doubt_is_dashed(qtbot, make_db):
    assert style.CONFIDENCE_DASH[None] == "solid"
    assert style.CONFIDENCE_DASH["reported"] == "dash" and style.CONFIDENCE_DASH["inferred"] == "dot"
    canvas, _ = shown_canvas(qtbot, grid_dataset(make_db, 4))
    assert {g.dash for g in canvas.edges.styles} == {"solid"}
    assert ("not given", "solid") in canvas.legend.dashes


def test_many_edges_are_drawn_lighter_than_a_few(qtbot, make_db):
    few, _ = shown_canvas(qtbot, grid_dataset(make_db, 5))
    many, _ = shown_canvas(qtbot, grid_dataset(make_db, 60))
    assert max(g.alpha for g in many.edges.styles) < max(g.alpha for g in few.edges.styles)


@pytest.mark.parametrize("side, selected", [(5, None), (30, None), (30, 465)])
def test_no_label_hides_a_node(qtbot, make_db, side, selected):
    canvas, graph = shown_canvas(qtbot, grid_dataset(make_db, side))
    if selected is not None:  # the rest fade: only the selection's neighbours may cover faded nodes
        mask = np.zeros(graph.node_count, dtype=bool)
        mask[selected] = True
        canvas.set_view(np.ones(graph.node_count, dtype=bool), np.ones(graph.edge_count, dtype=bool), mask)
    canvas.view.viewport().grab()  # the label item chooses its labels when it paints
    centres, radii = canvas.labels.discs
    assert len(canvas.labels.drawn) > 3 and len(centres) == graph.node_count
    for node, box in canvas.labels.boxes.items():
        if node == selected:
            continue  # the selection's own label is drawn even where it must cover a node
        inner = box.adjusted(1, 1, -1, -1)
        near_x = np.clip(centres[:, 0], inner.left(), inner.right())
        near_y = np.clip(centres[:, 1], inner.top(), inner.bottom())
        # the first labels may touch the rim of a symbol, none covers its middle
        overlapping = np.hypot(centres[:, 0] - near_x, centres[:, 1] - near_y) < radii * 0.5 - 1
        if selected is not None and not canvas.labels._faded[node]:  # a neighbour: faded nodes it may cover
            overlapping &= ~canvas.labels._faded
        k = np.flatnonzero(overlapping)[0] if overlapping.any() else None
        assert k is None, f"the label of node {node} at {box} covers a node at {centres[k]} (radius {radii[k]})"


def test_a_selected_nodes_neighbours_are_named_over_faded_nodes_never_over_bright_ones(qtbot, make_db):
    """Select a node at the rim of a dense blob: its neighbours inside the blob have no place
    free of nodes, and are named over the faded ones rather than not at all; no label covers
    the middle of a bright node (the selection and its neighbours)."""
    n = 1200
    rows = [f"('n{i}', 'Node {i}', 'state')" for i in range(n)]
    links = [f"('n{i}', 'n{(i * 37 + 11) % n}', 'cooperates_with', NULL)" for i in range(n)]
    links += [f"('n0', 'n{k}', 'cooperates_with', NULL)" for k in (5, 6, 7)]
    dataset = loader.load(make_db(SQL + f"INSERT INTO actors VALUES {', '.join(rows)};\n"
                                  f"INSERT INTO relations VALUES {', '.join(links)};"))

    def blob(graph):  # a dense disc; n0 at its rim, its neighbours in its thick
        rng = np.random.default_rng(4)
        xy = rng.normal(0, 1, (graph.node_count, 2))
        xy[graph.index["n0"]] = (2.6, 0.0)
        for k, (x, y) in zip((5, 6, 7), ((0.2, 0.1), (-0.3, 0.4), (0.1, -0.5))):
            xy[graph.index[f"n{k}"]] = (x, y)
        return xy

    canvas, graph = shown_canvas(qtbot, dataset, xy=blob)
    selected = np.zeros(graph.node_count, dtype=bool)
    selected[graph.index["n0"]] = True
    canvas.set_view(np.ones(graph.node_count, dtype=bool), np.ones(graph.edge_count, dtype=bool), selected)
    boxes = _labels_now(canvas)
    neighbours = {graph.index[f"n{k}"] for k in (5, 6, 7)}
    assert neighbours <= set(boxes), f"named: {sorted(set(boxes) & neighbours)} of {sorted(neighbours)}"
    centres, radii = canvas.labels.discs
    bright = np.flatnonzero(~canvas.labels._faded)
    for node, box in boxes.items():
        if selected[node]:
            continue
        inner = box.adjusted(1, 1, -1, -1)
        near_x = np.clip(centres[bright, 0], inner.left(), inner.right())
        near_y = np.clip(centres[bright, 1], inner.top(), inner.bottom())
        assert not (np.hypot(centres[bright, 0] - near_x, centres[bright, 1] - near_y) < radii[bright] * 0.5 - 1).any()


def _labels_now(canvas) -> dict:
    canvas.view.viewport().grab()
    return dict(canvas.labels.boxes)


def test_a_crowded_overview_still_names_its_hubs(qtbot, make_db):
    """A hairball's overview: its hubs sit in the thick of it, where no place is free of
    nodes. Their labels go over the nodes rather than nowhere, never over one another."""
    n = 3000
    rows = [f"('n{i}', 'Node {i}', 'state')" for i in range(n)]
    links = [f"('n{h}', 'n{i}', 'cooperates_with', NULL)" for i in range(10, n) for h in (i % 10, (i * 7) % 10)
             if h != i]
    dataset = loader.load(make_db(SQL + f"INSERT INTO actors VALUES {', '.join(rows)};\n"
                                  f"INSERT INTO relations VALUES {', '.join(links)};"))

    def blob(graph):  # one dense blob, the hubs in its middle
        rng = np.random.default_rng(3)
        xy = rng.normal(0, 1, (graph.node_count, 2))
        xy[[graph.index[f"n{h}"] for h in range(10)]] = rng.normal(0, 0.05, (10, 2))
        return xy

    canvas, graph = shown_canvas(qtbot, dataset, xy=blob)
    hubs = [graph.index[f"n{h}"] for h in range(10)]
    boxes = _labels_now(canvas)
    named_hubs = set(boxes) & set(hubs)
    assert len(named_hubs) >= 6, f"only {len(named_hubs)} of the 10 hubs are named"
    placed = list(boxes.values())
    for k, box in enumerate(placed):
        assert canvas.view.viewport().rect().contains(box.toAlignedRect())
        assert not any(box.intersects(other) for other in placed[k + 1:])


def test_labels_placed_with_kept_node_cells_are_where_a_fresh_placement_puts_them(qtbot, make_db):
    """A click changes only which labels come first: the cells the nodes take are kept from
    the frame before. The labels must land exactly where marking the nodes afresh puts them."""
    canvas, graph = shown_canvas(qtbot, grid_dataset(make_db, 20))
    everything = np.ones(graph.node_count, dtype=bool)
    _labels_now(canvas)
    for selected in (210, 5, 399):
        mask = np.zeros(graph.node_count, dtype=bool)
        mask[selected] = True
        canvas.set_view(everything, np.ones(graph.edge_count, dtype=bool), mask)
        kept = _labels_now(canvas)
        assert selected in kept
        canvas.labels._grid = None  # forget the node cells and the picture: place afresh
        canvas.labels._picture = (None, None, [], canvas.labels.discs)
        assert _labels_now(canvas) == kept


def test_after_nodes_move_labels_are_placed_against_where_they_are_now(qtbot, make_db):
    canvas, graph = shown_canvas(qtbot, grid_dataset(make_db, 12))
    before = _labels_now(canvas)
    moved = canvas.positions  # dragged in place, as the canvas does
    moved[::2] += (100.0 / 12) * 0.5  # every other node half a step to the right: new cells
    canvas.set_positions(moved)
    kept = _labels_now(canvas)
    canvas.labels._grid = None  # forget the node cells and the picture: place afresh
    canvas.labels._picture = (None, None, [], canvas.labels.discs)
    assert _labels_now(canvas) == kept != before


def test_a_legend_of_many_kinds_names_the_most_common_and_counts_the_rest(qtbot, make_db):
    kinds = [f"kind{k}" for k in range(15)]
    rows = [f"('n{i}', 'Node {i}', '{kinds[i % 15] if i < 30 else 'kind0'}')" for i in range(40)]
    dataset = loader.load(make_db(SQL + f"INSERT INTO actors VALUES {', '.join(rows)};\n"
                                  "INSERT INTO relations VALUES ('n0', 'n1', 'knows', NULL);"))
    canvas, _ = shown_canvas(qtbot, dataset)
    labels = [label for label, *_ in canvas.legend.nodes]
    assert len(labels) == 10 and labels[-1] == "6 other kinds"
    assert "Kind0" in labels or "kind0" in labels  # the most common kind is named
