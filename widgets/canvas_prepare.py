"""Work on a new graph's canvas cut into slices, for a caller that shows a big graph in steps.

At a million entities and three million relations, some of what the canvas's first frame needs
takes most of a second when made at once (every edge's ends through the positions, for one). A
caller that shows the graph in steps (``ui.showing``) runs these generators first: each yields
after a slice of ``ROWS`` rows and leaves its result where the frame looks for it, so the
frame then finds it made. Made at once (no steps), the frame makes the same itself.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from .canvas_legend import legend_steps

ROWS = 100_000  #: rows of a big array made in one step (250,000: up to 60 ms at a million, most of it fresh memory)


def edge_ends_steps(canvas, anchor: np.ndarray | None, anchored: tuple | None) -> Iterator[None]:
    """Every edge's ends as drawn (``canvas_edges.edge_ends``) for the masks' ``anchor`` and
    ``anchored`` ends, as the next ``set_view`` with them takes them, a slice at a time;
    returns them (None when the frame must make them itself)."""
    graph = canvas.graph
    if graph is None:
        return None
    if anchor is None:
        a_src, a_dst = graph.src, graph.dst
    elif anchored is not None:
        a_src, a_dst = anchored
    else:  # set_view makes the anchored ends itself: nothing to make ahead for them
        return None
    key = (canvas._positions_version, a_src)
    cached = canvas._ends_cache[0]
    if cached is not None and cached[0] == key[0] and cached[1] is key[1]:
        return canvas._ends_cache[1]
    positions, version = canvas.positions, canvas._positions_version
    ends = np.empty((4, len(a_src)))
    for start in range(0, len(a_src), ROWS):
        part = slice(start, start + ROWS)
        s, d = a_src[part], a_dst[part]
        ends[0, part], ends[1, part], ends[2, part], ends[3, part] = (
            positions[s, 0], positions[s, 1], positions[d, 0], positions[d, 1])
        if start + ROWS < len(a_src):
            yield
            if canvas.positions is not positions or canvas._positions_version != version:
                return None  # moved meanwhile: the frame makes them for the new positions
    canvas._ends_cache = (key, ends)
    return ends


def view_steps(canvas, nodes: np.ndarray, edges: np.ndarray, rows: int = 200_000) -> Iterator[None]:
    """Count ahead, a pass over every node or edge a step, what the canvas's next ``set_view``
    of these masks (the same arrays) would count at once: the nodes shown, the edges' indices,
    the legend and the shown nodes by degree (the labels' order); with the scatter items
    loaded, their visibility flags for no selection are set too, ``rows`` nodes a step (a
    million nodes and three million edges: 0.1-0.2 s in one step otherwise). Kept in the
    canvas's ``_prepared``, which ``set_view`` takes only for the masks it was made for."""
    if canvas.graph is None:
        return
    graph, canvas._prepared = canvas.graph, None
    shown = np.flatnonzero(nodes)
    yield
    edge_index = np.flatnonzero(edges)
    yield
    legend = yield from legend_steps(canvas, edges, shown)
    order, parts = canvas.by_degree, []
    for start in range(0, len(order), rows):
        part = order[start:start + rows]
        parts.append(part[nodes[part]])
        yield
    by_degree = (order, np.concatenate(parts) if parts else np.zeros(0, np.int64))
    flags = None
    bright, dim = canvas.nodes.data, canvas.dim_nodes.data
    if canvas._scatter_loaded and len(bright) == len(dim) == len(nodes):
        for start in range(0, len(nodes), rows):
            bright["visible"][start:start + rows] = nodes[start:start + rows]
            dim["visible"][start:start + rows] = False
            yield
        flags = (bright, dim, canvas._nodes_version)  # hold the flags a frame with no selection sets
    canvas._prepared = (graph, nodes, edges, canvas.node_legend, shown, edge_index, legend, by_degree, flags)
