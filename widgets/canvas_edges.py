"""The canvas's edges: which look each shown edge takes (colour by kind, dash by confidence,
width by weight, lighter when there are many) and where its ends are drawn, kept until the
positions or the anchoring change, so that a date step takes the shown edges' columns.
Functions of a ``GraphCanvas`` (its graph, positions and anchored ends), as the legend's are.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from data import schema, style
from .graph_items import EdgeGroup, EdgeItem

WIDTHS = (1.0, 1.8, 2.8)  #: an edge's width by its weight: up to 1.5, up to 2.5, more
CONFIDENCE_NAMES = schema.CONFIDENCE_LEVELS
ROWS = 100_000  #: edges handled in one step of ``draw_edges_steps`` (250,000: up to 90 ms, most of it fresh memory)


def draw_edges(canvas, item: EdgeItem, idx: np.ndarray, emphasis: int) -> None:
    """Edges ``idx`` into ``item``, grouped by colour (kind), dash (confidence) and width
    (weight); ``emphasis`` 1 is the normal look, 2 the selection's. Nothing to do when
    ``draw_edges_steps`` made the item's edges for the same (a big graph shown in steps)."""
    for _ in draw_edges_steps(canvas, item, idx, emphasis):
        pass


def draw_edges_steps(canvas, item: EdgeItem, idx: np.ndarray, emphasis: int,
                     ends: np.ndarray | None = None) -> Iterator[None]:
    """``draw_edges``, its passes over the edges a slice of ``ROWS`` at a time; ``ends``: every
    edge's ends as the next ``set_view`` draws them (``edge_ends`` otherwise)."""
    graph = canvas.graph
    ends = edge_ends(canvas) if ends is None else ends
    made = item.made
    if made is not None and made[0] is graph and made[1] is ends and made[2] == emphasis \
            and (made[3] is idx or np.array_equal(made[3], idx)):
        return  # made ahead, in steps, for these edges
    # many edges: thinner and lighter, so that the drawing stays mostly white space
    alpha = 235 if emphasis == 2 else int(np.clip(150 * np.sqrt(600 / max(len(idx), 1)), 40, 150))
    thin = 1.0 if emphasis == 2 or len(idx) <= 3000 else 0.7
    if canvas._edge_codes[0] is not graph:  # each edge's look (kind, confidence, weight), once a graph
        codes = np.empty(graph.edge_count, np.int64)
        for part in _slices(graph.edge_count):
            bucket = np.digitize(graph.weight[part], [1.5, 2.5])
            codes[part] = (graph.edge_kind[part].astype(np.int64) * len(CONFIDENCE_NAMES)
                           + graph.confidence[part]) * 3 + bucket
            yield
        canvas._edge_codes = (graph, codes)
    all_codes = canvas._edge_codes[1]
    # the looks in use, and each edge's place among them, by counting (no sort of the edges)
    present = np.zeros(len(graph.edge_kinds) * len(CONFIDENCE_NAMES) * 3 + 1, bool)
    for part in _slices(len(idx)):
        counted = np.bincount(all_codes[idx[part]], minlength=len(present)) > 0
        if len(counted) > len(present):
            present = np.pad(present, (0, len(counted) - len(present)))
        present |= counted
        yield
    place = np.cumsum(present) - 1
    unique = np.flatnonzero(present)
    groups, drawn = np.empty(len(idx), np.int64), np.empty((4, len(idx)))
    for part in _slices(len(idx)):
        chosen = idx[part]
        groups[part] = place[all_codes[chosen]]
        drawn[:, part] = ends[:, chosen]
        yield
    styles = []
    for value in unique:
        rest, width = divmod(int(value), 3)
        kind, confidence = divmod(rest, len(CONFIDENCE_NAMES))
        styles.append(EdgeGroup(
            canvas.edge_colours[graph.edge_kinds[kind]],
            style.CONFIDENCE_DASH[CONFIDENCE_NAMES[confidence]],
            WIDTHS[width] * thin + (1.2 if emphasis == 2 else 0), alpha))
    unmoved = canvas._ends_drawn.get(id(item)) is ends  # the same positions as its last edges
    canvas._ends_drawn[id(item)] = ends
    yield from item.set_ends_steps(drawn, groups, styles, keys=idx, priority=graph.weight[idx], unmoved=unmoved,
                                   rows=ROWS)
    item.made = (graph, ends, emphasis, idx)


def _slices(count: int) -> Iterator[slice]:
    return (slice(start, start + ROWS) for start in range(0, count, ROWS))


def edge_ends(canvas) -> np.ndarray:
    """Every edge's ends as drawn (x0, y0, x1, y1 through the anchor), kept until the
    positions or the anchoring change: a date step then takes the shown edges' columns."""
    key = (canvas._positions_version, canvas._anchored[0])
    cached = canvas._ends_cache[0]
    if cached is None or cached[0] != key[0] or cached[1] is not key[1]:
        (a_src, a_dst), p = canvas._anchored, canvas.positions
        ends = np.empty((4, len(a_src)))
        ends[0], ends[1], ends[2], ends[3] = p[a_src, 0], p[a_src, 1], p[a_dst, 0], p[a_dst, 1]
        canvas._ends_cache = (key, ends)
    return canvas._ends_cache[1]
