"""A new graph into the canvas (``GraphCanvas.set_graph``), in steps.

At a million entities each pass over the nodes (their labels, their looks, their order by
degree) takes tens of milliseconds, and all of them at once most of a second. ``set_graph_steps``
yields between them, for a caller that shows a big graph in steps (``ui.showing``); the canvas
shows no graph meanwhile (``graph`` is None until the last step), and ``set_graph`` runs the
same steps at once.
"""
from __future__ import annotations

from typing import Callable, Iterator

import numpy as np

from data import chunks, style
from data.graph import Graph
from data.layout import typical_gap
from data.quantiles import median
from .node_items import colour_codes, looks_by_kind_steps, node_looks, object_array, own_look_legend

ROWS = 50_000  #: nodes handled in one step where a pass goes through Python objects (100,000: ~0.1 s)


def by_degree(degree: np.ndarray) -> np.ndarray:
    """Nodes from the best linked down, in their order among equals (a stable sort of ``-degree``)."""
    return chunks.at_once(by_degree_steps(degree))


def by_degree_steps(degree: np.ndarray, rows: int = 200_000) -> Iterator[None]:
    """``by_degree`` a slice of ``rows`` nodes a step (the sort of a million held the window
    70-100 ms): degrees under 65,536 are counted, each degree's place in the order found from
    the counts, and each slice's nodes put in their places in turn (a counting sort, stable as
    each slice's own sort is). Other degrees are sorted at once. Returns the order."""
    degree = np.asarray(degree)
    n, top = len(degree), int(degree.max(initial=0))
    if not n or top >= 65_536 or int(degree.min()) < 0:
        return np.argsort(-np.asarray(degree, np.int64), kind="stable")
    counts = np.zeros(top + 1, np.int64)
    for start in range(0, n, rows):
        counts += np.bincount(top - degree[start:start + rows], minlength=top + 1)
        yield
    place = np.cumsum(counts) - counts  # where each degree's nodes start, the highest first
    order = np.empty(n, np.int64)
    for start in range(0, n, rows):
        key = (top - degree[start:start + rows]).astype(np.uint16)
        sub = np.argsort(key, kind="stable")  # 16-bit keys: a radix sort
        ordered = key[sub]
        within = np.arange(len(ordered)) - np.searchsorted(ordered, ordered, side="left")
        order[place[ordered] + within] = start + sub
        place += np.bincount(key, minlength=top + 1)
        yield
    return order


def set_graph_steps(canvas, graph: Graph, positions: np.ndarray, texts: list[str], tooltip: Callable[[int], str],
                    tables: list[str], colours: list[str | None] | None = None, sizes: np.ndarray | None = None,
                    spacing: float | None = None) -> Iterator[None]:
    """``GraphCanvas.set_graph``'s work, yielding between its passes over the nodes."""
    canvas.clear()  # no graph until the last step: a frame meanwhile draws nothing
    canvas.positions = np.asarray(positions, float)
    canvas._positions_version += 1
    short = []
    for start in range(0, len(texts), ROWS):  # names come short (data.labels)
        short += [t if len(t) <= 48 else t[:46].rstrip() + "…" for t in texts[start:start + ROWS]]
        yield
    canvas._texts = short
    canvas._tooltip = tooltip
    degree = yield from graph.degree_steps()
    canvas.degree = degree
    yield
    canvas._median_degree = median(degree) if len(degree) else 0.0
    yield
    kinds_of, looks, keys, inverse = yield from looks_by_kind_steps(graph, tables)  # once per kind, not per node
    canvas.style_keys = keys_of = [keys[i] for i in inverse.tolist()] if colours is not None else None
    canvas.legend_names = {key: (style.legend_label(t, k), look.colour, look.symbol)
                           for key, (t, k), look in zip(keys, kinds_of, looks)}
    yield
    base = np.array([look.size for look in looks], dtype=float)[inverse]
    # a symbol's size relative to the others: its kind's, grown with its degree (at most 2x)
    canvas._relative = np.minimum(base * (0.85 + 0.12 * np.log2(1 + degree)), base * 2) / 14.0
    if sizes is not None:  # the dataset's own sizes (1 = the usual size), not grown with degree
        own = np.isfinite(sizes)
        canvas._relative[own] = np.asarray(sizes)[own]
    if colours is not None:
        own_look_legend(canvas, colours)
    canvas._factor = np.ones(graph.node_count)  # a measure chosen in the Ranking panel
    canvas._spacing = typical_gap(canvas.positions) if spacing is None else spacing
    canvas.node_size = canvas._pixel_sizes()
    yield
    canvas.symbol = object_array([look.symbol for look in looks])[inverse]
    yield
    palette, codes = colour_codes(looks, inverse, colours)
    table = [node_looks(c) for c in palette]  # brush, dim brush, pen, dim pen of each colour
    node_looks_of = []
    for k in range(4):
        node_looks_of.append(object_array([t[k] for t in table])[codes])
        yield
    canvas.brush, canvas.dim_brush, canvas.pen, canvas.dim_pen = node_looks_of
    # the kinds' looks, for set_appearance to start from: shared, as nothing changes these arrays in place
    canvas._kind_looks = tuple(node_looks_of)
    if keys_of is None:  # each node's legend key is its kind's: coded by kind, not node by node
        canvas._key_names = sorted(set(keys))
        code_of = {k: i for i, k in enumerate(canvas._key_names)}
        canvas._key_codes = np.array([code_of[k] for k in keys], np.int32)[inverse] if len(keys) \
            else np.zeros(len(inverse), np.int32)
    else:
        canvas._key_names = sorted(set(keys_of))
        code_of = {k: i for i, k in enumerate(canvas._key_names)}
        canvas._key_codes = np.fromiter(map(code_of.__getitem__, keys_of), np.int32, len(keys_of))
    canvas.edge_colours = style.relation_colours(graph.edge_kinds)
    yield
    by_degree_order = yield from by_degree_steps(degree)
    canvas.by_degree = by_degree_order
    canvas.graph = graph
    canvas._clear_items()
    canvas.node_legend = None

