"""Trees that hang off a graph, drawn as balloons: the parts a stress layout draws badly.

A graph is peeled like an onion: nodes with one link are taken off, round after round, until
what is left (the 2-core) has none. What was taken off is a forest: trees hanging off core nodes,
and whole components that are trees. Stress cannot draw a tree well (the leaves outnumber the
room at their graph distance, so it stretches the links and combs the branches); a balloon
layout can: each node's subtrees sit on an arc around it, each in a disc just big enough for it,
turned away from the node's own parent, so children are always next to their parent.

Vectorised by peeling round (a tree's depth), not by node.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .stress_layout import Adjacency, neighbours_of

ARC = 1.5 * np.pi  #: the widest arc a node's children take; the rest is left towards its parent


def peel(adj: Adjacency) -> tuple[np.ndarray, np.ndarray]:
    """The round each node was peeled in (-1: in the core) and its parent (the one neighbour
    left when it went; -1 for the core and for the last node of a tree component)."""
    n = adj.n
    degree = adj.degree.copy()
    round_of = np.full(n, -1, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    leaves = np.flatnonzero(degree <= 1)
    step = 0
    while leaves.size:
        round_of[leaves] = step
        alive[leaves] = False
        owner = np.repeat(leaves, adj.indptr[leaves + 1] - adj.indptr[leaves])
        reached = neighbours_of(adj, leaves)
        live = alive[reached]
        parent[owner[live]] = reached[live]
        np.subtract.at(degree, reached[live], 1)
        touched = np.unique(reached[live])
        leaves = touched[degree[touched] <= 1]
        step += 1
    # two leaves peeled in the same round and joined to each other: the lower one is the root
    both = (round_of >= 0) & (parent < 0)
    pair = neighbours_of(adj, np.flatnonzero(both))
    owners = np.repeat(np.flatnonzero(both), adj.degree[both])
    same = round_of[pair] == round_of[owners]
    mate = owners[same] > pair[same]
    parent[owners[same][mate]] = pair[same][mate]
    round_of[pair[same][mate]] += 1  # the root goes after its mate, as a parent does
    return round_of, parent


@dataclass
class Balloons:
    """Per node: ``ring``, how far its children with subtrees sit; ``rows``, how many rows its
    leaf children fill (row r at distance r, one unit apart along it); ``disc``, the radius of
    the disc its whole subtree needs; ``leaf``, a peeled node with no children."""

    ring: np.ndarray
    rows: np.ndarray
    disc: np.ndarray
    leaf: np.ndarray


def _row_starts(count: int) -> np.ndarray:
    """How many leaves rows 1..r hold together, for r = 0, 1, ... (row r holds ARC * r)."""
    rows = 1
    while np.floor(ARC * np.arange(1, rows + 1)).sum() < count:
        rows *= 2
    return np.r_[0, np.cumsum(np.floor(ARC * np.arange(1, rows + 1)))].astype(np.int64)


def sizes(round_of: np.ndarray, parent: np.ndarray) -> Balloons:
    """Bottom up: leaf children fill rows on an arc around their parent, the nearest row
    first; children with subtrees sit on a ring beyond them, each in a disc just big enough."""
    n = len(parent)
    ring, rows, disc = np.zeros(n), np.zeros(n), np.full(n, 0.5)
    width, widest = np.zeros(n), np.zeros(n)
    leaves = np.zeros(n, dtype=np.int64)
    starts = _row_starts(int(np.bincount(parent[parent >= 0], minlength=1).max()) if n else 0)
    children = np.bincount(parent[parent >= 0], minlength=n)
    for step in range(int(round_of.max()) + 1 if n else 0):
        nodes = np.flatnonzero(round_of == step)
        _finish(nodes, ring, rows, disc, width, widest, leaves, starts)
        up = parent[nodes]
        has = up >= 0
        leaf = children[nodes] == 0
        np.add.at(leaves, up[has & leaf], 1)
        np.add.at(width, up[has & ~leaf], 2 * disc[nodes[has & ~leaf]])
        np.maximum.at(widest, up[has & ~leaf], disc[nodes[has & ~leaf]])
    _finish(np.flatnonzero(round_of < 0), ring, rows, disc, width, widest, leaves, starts)
    return Balloons(ring, rows, disc, (children == 0) & (round_of >= 0))


def _finish(nodes: np.ndarray, ring: np.ndarray, rows: np.ndarray, disc: np.ndarray, width: np.ndarray,
            widest: np.ndarray, leaves: np.ndarray, starts: np.ndarray) -> None:
    rows[nodes] = np.searchsorted(starts, leaves[nodes], side="left")
    disc[nodes] = np.where(leaves[nodes] > 0, rows[nodes] + 0.5, 0.5)
    branching = nodes[width[nodes] > 0]
    # a subtree fans out away from its parent, so it only needs to clear the leaf rows
    ring[branching] = np.maximum.reduce([np.ones(len(branching)), width[branching] / ARC, rows[branching] + 1])
    disc[branching] = np.maximum(ring[branching] + widest[branching], disc[branching])


def place(coords: np.ndarray, round_of: np.ndarray, parent: np.ndarray, sized: Balloons,
          facing: np.ndarray, pinned: np.ndarray | None = None) -> np.ndarray:
    """Top down, every peeled node beside its parent: leaves in rows, subtrees on the ring,
    all on an arc centred on the parent's heading. ``coords`` holds the core's positions;
    ``facing`` the direction each core node's hanging trees point to (away from the core).
    A tree component's root stays where ``coords`` has it. Rows of ``pinned`` that are not
    NaN are kept, and their children placed around them."""
    x = coords.copy()
    heading = facing.copy()
    if pinned is None:
        pinned = np.full_like(x, np.nan)
    keep = np.isfinite(pinned).all(axis=1)
    x[keep] = pinned[keep]
    steps = int(round_of.max()) if len(round_of) else -1
    placed = (round_of >= 0) & (parent >= 0)
    parent_round = np.where(placed, round_of[np.maximum(parent, 0)], -2)
    parent_round[placed & (round_of[np.maximum(parent, 0)] < 0)] = steps + 1  # hanging off the core
    starts = _row_starts(int(np.bincount(parent[parent >= 0]).max()) if (parent >= 0).any() else 0)
    for step in range(steps + 1, 0, -1):  # all children of one parent together, parents first
        nodes = np.flatnonzero(parent_round == step)
        if not nodes.size:
            continue
        leaf = sized.leaf[nodes]
        angle, radius = np.zeros(len(nodes)), np.zeros(len(nodes))
        angle[leaf], radius[leaf] = _in_rows(nodes[leaf], parent, heading, starts)
        angle[~leaf], radius[~leaf] = _on_ring(nodes[~leaf], parent, heading, sized)
        up = parent[nodes]
        x[nodes, 0] = x[up, 0] + radius * np.cos(angle)
        x[nodes, 1] = x[up, 1] + radius * np.sin(angle)
        heading[nodes] = angle
        x[nodes[keep[nodes]]] = pinned[nodes[keep[nodes]]]
    return x


def _in_rows(nodes: np.ndarray, parent: np.ndarray, heading: np.ndarray, starts: np.ndarray):
    """Angle and distance of leaf children: the q-th of a parent's leaves in the row that
    holds it, spread evenly along that row's arc."""
    order = np.lexsort((nodes, parent[nodes]))
    up = parent[nodes][order]
    q = _cumsum_in_groups(np.ones(len(up)), up) - 1
    total = np.bincount(up, minlength=len(parent))[up]
    row = np.searchsorted(starts, q, side="right")
    in_row = np.minimum(starts[row], total) - starts[row - 1]
    slot = q - starts[row - 1]
    span = in_row / row  # one unit apart along an arc of radius row
    angle, radius = np.empty(len(nodes)), np.empty(len(nodes))
    angle[order] = heading[up] - span / 2 + (slot + 0.5) * span / in_row
    radius[order] = row
    return angle, radius


def _on_ring(nodes: np.ndarray, parent: np.ndarray, heading: np.ndarray, sized: Balloons):
    """Angle and distance of children with subtrees: each takes the arc its disc needs."""
    order = np.lexsort((nodes, parent[nodes]))
    ordered = nodes[order]
    up = parent[ordered]
    span = 2 * sized.disc[ordered] / sized.ring[up]
    total = np.bincount(up, weights=span, minlength=len(parent))
    before = _cumsum_in_groups(span, up) - span
    angle, radius = np.empty(len(nodes)), np.empty(len(nodes))
    angle[order] = heading[up] - total[up] / 2 + before + span / 2
    radius[order] = sized.ring[up]
    return angle, radius


def _cumsum_in_groups(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Running sums of ``values`` restarting at each new group (groups sorted)."""
    total = np.cumsum(values)
    starts = np.r_[True, groups[1:] != groups[:-1]] if len(groups) else np.zeros(0, dtype=bool)
    offset = np.where(starts, total - values, 0)
    return total - np.maximum.accumulate(offset)


def facing(coords: np.ndarray, adj: Adjacency, core: np.ndarray) -> np.ndarray:
    """For each core node, the direction away from its core neighbours' centre (so its hanging
    trees point out of the core); 0 where it has none."""
    n = adj.n
    inside = core[adj.rows] & core[adj.nbr]
    rows, nbr = adj.rows[inside], adj.nbr[inside]
    count = np.maximum(np.bincount(rows, minlength=n), 1)
    centre = np.column_stack([np.bincount(rows, coords[nbr, a], minlength=n) for a in (0, 1)]) / count[:, None]
    away = coords - centre
    return np.arctan2(away[:, 1], away[:, 0])
