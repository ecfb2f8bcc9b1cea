"""The canvas comparing two dates: what was added (green), removed (red, faded) and unchanged
(grey), nodes and edges, with a legend to match."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QColor

from data import style
from .graph_items import EdgeGroup
from .node_items import cosmetic_pen


def draw_comparison(canvas, nodes: tuple[np.ndarray, np.ndarray, np.ndarray],
                    edges: tuple[np.ndarray, np.ndarray, np.ndarray], selected: np.ndarray) -> None:
    """Three styles for what was added (green), removed (red, faded) and unchanged (grey):
    ``nodes`` and ``edges`` are (added, removed, unchanged) masks."""
    if canvas.graph is None:
        return
    canvas._masks, canvas._anchor = None, None
    added, removed, unchanged = nodes
    shown_mask = added | removed | unchanged
    canvas.shown = np.flatnonzero(shown_mask)
    shown = canvas.shown
    looks = {"added": (QColor(style.APPEARED), 255), "removed": (QColor(style.DISAPPEARED), 150),
             "unchanged": (QColor("#9ca3af"), 200)}
    brushes, pens = {}, {}
    for key, (colour, alpha) in looks.items():
        fill = QColor(colour)
        fill.setAlpha(alpha)
        brushes[key], pens[key] = QBrush(fill), cosmetic_pen(colour.darker(140))
    group = np.where(added[shown], "added", np.where(removed[shown], "removed", "unchanged"))
    canvas.nodes_changed()  # the scatter now holds only the compared nodes
    canvas.dim_nodes.clear()
    canvas.edge_highlight.set_edges(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, dtype=np.int64), [])
    canvas.edges.setOpacity(1.0)
    canvas.nodes.setData(pos=canvas.positions[shown], size=canvas.node_size[shown],
                       symbol=canvas.symbol[shown].tolist(), brush=[brushes[g] for g in group],
                       pen=[pens[g] for g in group], data=shown)
    ring = np.flatnonzero(selected & shown_mask)
    canvas.rings.setData(pos=canvas.positions[ring], size=canvas.node_size[ring] + 9, symbol="o",
                       brush=None, pen=pg.mkPen(style.HIGHLIGHT, width=3.5))
    e_added, e_removed, e_unchanged = edges
    idx = np.flatnonzero(e_added | e_removed | e_unchanged)
    groups = np.where(e_added[idx], 2, np.where(e_removed[idx], 1, 0))
    canvas.edges.set_edges(canvas.positions[canvas.graph.src[idx]], canvas.positions[canvas.graph.dst[idx]], groups, [
        EdgeGroup("#9ca3af", "solid", 1.0, 110), EdgeGroup(style.DISAPPEARED, "dash", 1.6, 200),
        EdgeGroup(style.APPEARED, "solid", 2.2, 235)])
    order = np.concatenate([np.flatnonzero(added), np.flatnonzero(removed),
                            canvas.by_degree[unchanged[canvas.by_degree]]])
    canvas.labels.set_labels(canvas.positions, canvas._texts, order, selected.copy(), selected,
                           canvas.node_size / 2, unchanged)
    canvas.legend.set_entries(
        [("Added", style.APPEARED, "o"), ("Removed", style.DISAPPEARED, "o"), ("Unchanged", "#9ca3af", "o")],
        [("added", style.APPEARED), ("removed", style.DISAPPEARED), ("unchanged", "#9ca3af")], [])
