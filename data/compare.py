"""Comparing the graph at two dates: what was added, removed and unchanged between them."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .graph import Graph, TimeMode


@dataclass(frozen=True)
class Comparison:
    """Masks over nodes and over edges: shown at the second date but not the first (added),
    at the first but not the second (removed), at both (unchanged)."""

    first: int
    second: int
    added_nodes: np.ndarray
    removed_nodes: np.ndarray
    unchanged_nodes: np.ndarray
    added_edges: np.ndarray
    removed_edges: np.ndarray
    unchanged_edges: np.ndarray

    @property
    def nodes(self) -> np.ndarray:
        return self.added_nodes | self.removed_nodes | self.unchanged_nodes

    @property
    def edges(self) -> np.ndarray:
        return self.added_edges | self.removed_edges | self.unchanged_edges


def compare(graph: Graph, first: int, second: int, mode: TimeMode = TimeMode.AT) -> Comparison:
    """What changed from ``first`` to ``second`` under the given mode (at date or cumulative)."""
    a_nodes, b_nodes = graph.active_nodes(first, mode), graph.active_nodes(second, mode)
    a_edges = graph.active_edges(first, mode, node_mask=a_nodes)
    b_edges = graph.active_edges(second, mode, node_mask=b_nodes)
    return Comparison(first, second, b_nodes & ~a_nodes, a_nodes & ~b_nodes, a_nodes & b_nodes,
                      b_edges & ~a_edges, a_edges & ~b_edges, a_edges & b_edges)
