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
