"""What the canvas's legend lists: the kinds (or the dataset's own colours) shown, the most
common first past ten; the relation kinds shown, past nine the most frequent with the rest
named in words; and the confidences drawn, with their dash."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QRectF

from data import chunks, schema, style

CONFIDENCE_NAMES = schema.CONFIDENCE_LEVELS


def kind_entries(canvas, most: int = 10, shown: np.ndarray | None = None) -> list[tuple[str, str, str]]:
    """An entry per kind (or own colour) shown (``shown``: node indices; the canvas's by
    default); past ``most``, the most common and a count of the rest, so that a file with fifty
    colours does not fill the canvas with a legend."""
    shown = canvas.shown if shown is None else shown
    every = np.bincount(canvas._key_codes[shown], minlength=len(canvas._key_names))  # counting, no sort
    codes = np.flatnonzero(every)
    counts = every[codes]
    keys = [canvas._key_names[k] for k in codes]
    order = {k: i for i, k in enumerate(["state", "person", "organization", "bloc", "company",
                                         "region", "treaties", "articles", "projects"])}
    rest = []
    if len(keys) > most:
        ranked = sorted(zip(keys, counts.tolist()), key=lambda kc: -kc[1])
        keys, rest = [k for k, _c in ranked[:most - 1]], [k for k, _c in ranked[most - 1:]]
    keys.sort(key=lambda k: (order.get(k, 50), k))
    entries = [canvas.legend_names[k] for k in keys]
    if rest:
        what = "colours" if all(k.startswith("colour:") for k in rest) else "kinds"
        entries.append((f"{len(rest)} other {what}", "#9ca3af", "o"))
    return entries


def legend_entries(canvas, edges: np.ndarray) -> tuple[list, list, list, list]:
    """The legend's node, relation and confidence entries for what is shown, and the relation
    kinds that get no row (most frequent first)."""
    return chunks.at_once(legend_steps(canvas, edges, canvas.shown))


def legend_steps(canvas, edges: np.ndarray, shown: np.ndarray) -> Iterator[None]:
    """``legend_entries`` for the nodes ``shown`` (indices) and the ``edges`` (a mask), each
    count over every node or edge a step of its own (three million edges: ~20 ms each); returns
    the entries."""
    if canvas.node_legend is not None:  # e.g. communities instead of kinds
        node_entries = canvas.node_legend
    else:
        node_entries = kind_entries(canvas, shown=shown)
        yield
    counts = np.bincount(canvas.graph.edge_kind[edges], minlength=len(canvas.graph.edge_kinds))
    yield
    kinds = np.flatnonzero(counts)
    edge_entries = [(canvas.graph.edge_kinds[k].replace("_", " "), canvas.edge_colours[canvas.graph.edge_kinds[k]])
                    for k in kinds]
    more = []
    if len(edge_entries) > 9:  # the most frequent get a row; the rest are named in a line of text
        ranked = sorted(kinds, key=lambda k: -counts[k])
        edge_entries = [e for k, e in zip(kinds, edge_entries) if k in ranked[:8]]
        more = [canvas.graph.edge_kinds[k].replace("_", " ") for k in ranked[8:]]
    present = set(np.flatnonzero(np.bincount(canvas.graph.confidence[edges], minlength=1)).tolist())
    dashes = [(schema.confidence_label(CONFIDENCE_NAMES[c]), style.CONFIDENCE_DASH[CONFIDENCE_NAMES[c]]) for c in sorted(present)]
    return node_entries, edge_entries, dashes, more


def legend_area(canvas) -> QRectF | None:
    """Where the legend sits, in the plane's units (labels keep out of it)."""
    if not canvas.legend.isVisible():
        return None
    corner = canvas.view.mapFrom(canvas, canvas.legend.geometry().topLeft())
    area = QRectF(corner.x(), corner.y(), canvas.legend.width() + 6, canvas.legend.height() + 6)
    return canvas.box.mapSceneToView(canvas.view.mapToScene(area.toRect())).boundingRect()
