"""Which of the canvas's nodes are labelled first: the selection, its neighbours, then the
rest by degree (the faded last), and the few hubs that may be named over other nodes in a dense
drawing. The label item (``label_item``) then places what fits. Functions of a ``GraphCanvas``.
"""
from __future__ import annotations

import numpy as np

HUBS = 8  #: the most nodes named over other nodes in a dense drawing


def draw_labels(canvas, nodes: np.ndarray, selected: np.ndarray, near: np.ndarray, has_selection: bool,
                same_nodes: bool = False) -> None:
    """Labels by priority: the selection, then its neighbours, then the rest by degree, the
    faded last; the selection's are drawn even where crowded, its neighbours over faded
    nodes and a few hubs (``hubs``) over other nodes where no place is free of them, the rest
    only where they fit without covering a node or another label. ``same_nodes``: the nodes shown are the last call's."""
    kept = canvas._shown_by_degree
    if kept is None or kept[0] is not canvas.by_degree or not same_nodes:
        canvas._shown_by_degree = kept = (canvas.by_degree, canvas.by_degree[nodes[canvas.by_degree]])
    degree_order = kept[1]  # the same at each click: kept while the nodes shown are
    always = selected.copy()  # the one label drawn even where it must cover a node
    if not has_selection:
        order = degree_order
    else:  # the selection, its neighbours, the rest: each by degree (three masks, no sort)
        first, second = selected[degree_order], near[degree_order]
        second &= ~first
        order = np.concatenate([degree_order[first], degree_order[second], degree_order[~(first | second)]])
    faded = ~near if has_selection else np.zeros(len(nodes), dtype=bool)
    canvas.labels.set_labels(canvas.positions, canvas._texts, order, always, selected, canvas.node_size / 2, faded,
                             hubs(canvas, nodes, degree_order, faded), canvas._positions_version)


def hubs(canvas, nodes: np.ndarray, degree_order: np.ndarray, faded: np.ndarray) -> np.ndarray:
    """The few shown nodes far better linked than the rest (at least three times the graph's
    median degree), not faded: in a hairball they sit in its thick, and are named over it."""
    chosen = np.zeros(len(nodes), dtype=bool)
    top = degree_order[:HUBS]
    chosen[top[canvas.degree[top] >= max(3.0, 3 * canvas._median_degree)]] = True
    return chosen & ~faded
