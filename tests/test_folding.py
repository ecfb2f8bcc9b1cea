"""Articles folded into their treaty: the state works out each node's anchor once per set of
open treaties (not at each date), and what is shown is what anchoring the shown articles at each
date gives."""
import numpy as np
import pytest

from data import dates


def reference(state):
    """What is shown, anchoring only the articles shown at the date (the plain way)."""
    graph = state.graph
    nodes = graph.active_nodes(state.day, state.mode, state.until)
    edges = graph.active_edges(state.day, state.mode, state.until, node_mask=nodes)
    article_of = np.full(graph.node_count, -1)
    for entity in state.dataset.entities.values():
        if entity.table == "articles" and entity.parent_id in graph.index:
            article_of[graph.index[entity.id]] = graph.index[entity.parent_id]
    folded = (article_of >= 0) & nodes
    opened = np.zeros(graph.node_count, dtype=bool)
    opened[[graph.index[t] for t in state.expanded]] = True
    folded &= ~opened[np.maximum(article_of, 0)]
    if not folded.any():
        return nodes, edges
    anchor = np.where(folded, article_of, np.arange(graph.node_count))
    nodes = nodes & (anchor == np.arange(graph.node_count))
    a_src, a_dst = anchor[graph.src], anchor[graph.dst]
    return nodes, edges & nodes[a_src] & nodes[a_dst] & (a_src != a_dst)


@pytest.mark.parametrize("day", ["2020-01-01", "2024-06-19", "2025-01-17", "2025-10-02", "2026-06-01"])
@pytest.mark.parametrize("opened", [(), ("ru-ir-csp-2025",), ("ru-ir-csp-2025", "ru-kp-csp-2024")])
def test_the_shown_nodes_and_edges_are_those_of_anchoring_at_the_date(window, day, opened):
    state = window.state
    state.set_expanded(opened)
    state.set_day(dates.parse_day(day))
    visible = state.visible()
    nodes, edges = reference(state)
    assert np.array_equal(visible.nodes, nodes) and np.array_equal(visible.edges, edges)
    assert visible.nodes.any() and visible.edges.any()
    if visible.anchor is not None:  # the ends the canvas draws edges between
        a_src, a_dst = visible.anchored
        assert np.array_equal(a_src, visible.anchor[state.graph.src])
        assert np.array_equal(a_dst, visible.anchor[state.graph.dst])
