"""The layout engine: a sparse stress layout (pivot MDS for the overall shape, then stress
majorisation over the links and a few pivots), in NumPy only.

Why this and not a force-directed spring layout: a spring layout started at random settles a
sparse graph (a power grid, a tree, a chain of communities) into a folded ball, because its
forces only ever see neighbours and cannot undo a fold. Stress layouts place nodes so that drawn
distances follow graph distances (hops), which unfolds meshes and trees; the sparse model
(Ortmann, Klimenta and Brandes, "A sparse stress model", 2016) keeps that linear in the graph's
size by measuring each node against ``k`` pivots instead of every node. Pivot MDS
(Brandes and Pich, 2006) gives the starting shape from the same pivot distances.

Each connected component is laid out on its own (stress is undefined between components), all of
them at once: a breadth-first search from one pivot of every component is one search over the
whole graph, since components never meet. Units: one link is about one unit long.

Pure NumPy with short steps, so a thread running it lets the interface thread in between (no
library holding the interpreter lock for seconds).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import overlap

SEED = 20250117
CHUNK = 1 << 16  #: rows of the node-by-pivot terms handled at once (bounds the memory)
REFIND = 4  #: stress steps between two searches for nodes drawn too close


@dataclass
class Adjacency:
    """An undirected simple graph as sorted (row, neighbour) pairs, both directions."""

    n: int
    indptr: np.ndarray  #: int64, row i's neighbours are nbr[indptr[i]:indptr[i + 1]]
    rows: np.ndarray  #: int64 row of each entry
    nbr: np.ndarray  #: int64 neighbour of each entry

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)


def adjacency(n: int, src: np.ndarray, dst: np.ndarray) -> Adjacency:
    """Self-loops dropped and parallel links merged, as a layout sees a graph."""
    src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
    keep = src != dst
    lo, hi = np.minimum(src[keep], dst[keep]), np.maximum(src[keep], dst[keep])
    lo, hi = np.divmod(distinct(lo * max(n, 1) + hi), max(n, 1))
    rows, nbr = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return Adjacency(n, indptr, rows[order], nbr[order])


def distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique, by sorting: several times faster on millions)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def neighbours_of(adj: Adjacency, nodes: np.ndarray) -> np.ndarray:
    """Every neighbour of every node given, concatenated (with repeats)."""
    starts = adj.indptr[nodes]
    counts = adj.indptr[nodes + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
    return adj.nbr[offsets + np.arange(total)]


def bfs(adj: Adjacency, sources: np.ndarray) -> np.ndarray:
    """Hops from the nearest source to every node (-1 where none is reachable)."""
    dist = np.full(adj.n, -1, dtype=np.int32)
    slot = np.zeros(adj.n, dtype=np.int64)  # for dropping repeats without sorting
    frontier = np.unique(np.asarray(sources, dtype=np.int64))
    dist[frontier] = 0
    level = 0
    while frontier.size:
        level += 1
        reached = neighbours_of(adj, frontier)
        reached = reached[dist[reached] < 0]
        if not reached.size:
            break
        places = np.arange(len(reached))
        slot[reached] = places  # of repeats, one write wins; keep that one
        frontier = reached[slot[reached] == places]
        dist[frontier] = level
    return dist


def components(adj: Adjacency) -> np.ndarray:
    """A component number per node, 0 for the largest (ties: the one with the lowest node)."""
    label = np.arange(adj.n, dtype=np.int64)
    while True:
        lu, lv = label[adj.rows], label[adj.nbr]
        hook = lu > lv
        if not hook.any():
            break
        np.minimum.at(label, lu[hook], lv[hook])  # every label is a root here: hook roots
        while True:  # pointer jumping until every node points at its root
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
    roots = np.flatnonzero(label == np.arange(adj.n))  # every node points at its root now
    number = np.empty(adj.n, dtype=np.int64)
    number[roots] = np.arange(len(roots))
    sizes = np.bincount(number[label], minlength=len(roots))
    rank = np.empty(len(roots), dtype=np.int64)
    rank[np.lexsort((roots, -sizes))] = np.arange(len(roots))
    return rank[number[label]]


# -- pivots ----------------------------------------------------------------------------------
@dataclass
class Pivots:
    """``dist[i, r]``: hops from node i to pivot r of its own component (-1 past the
    component's ``count``); ``node[c, r]``: pivot r of component c."""

    dist: np.ndarray  #: (n, k) int32
    node: np.ndarray  #: (components, k) int64, -1 where unused
    count: np.ndarray  #: pivots per component: min(k, size)


def pivots(adj: Adjacency, comp: np.ndarray, k: int) -> Pivots:
    """Max-min pivots per component (each the node farthest from those chosen), the first the
    best-linked node; a component no larger than ``k`` has every node as a pivot."""
    n, ncomp = adj.n, int(comp.max()) + 1 if adj.n else 0
    count = np.minimum(np.bincount(comp, minlength=ncomp), k)
    dist = np.full((n, k), -1, dtype=np.int32)
    node = np.full((ncomp, k), -1, dtype=np.int64)
    score = adj.degree.astype(float)  # the first pivot: the best-linked node
    nearest = np.full(n, np.inf)
    index = np.arange(n)
    for r in range(k):
        active = count > r
        if not active.any():
            break
        chosen = _segment_argmax(score, comp, ncomp, active[comp], index)
        node[active, r] = chosen[active]
        hops = bfs(adj, chosen[active])
        dist[:, r] = np.where(active[comp], hops, -1)
        reached = dist[:, r] >= 0
        nearest[reached] = np.minimum(nearest[reached], dist[reached, r])
        score = nearest
    return Pivots(dist, node, count)


def _segment_argmax(score: np.ndarray, comp: np.ndarray, ncomp: int, allowed: np.ndarray,
                    index: np.ndarray) -> np.ndarray:
    """Per component, the allowed node with the highest score (ties: the lowest index)."""
    best = np.full(ncomp, -np.inf)
    np.maximum.at(best, comp[allowed], score[allowed])
    candidate = allowed & (score == best[comp])
    first = np.full(ncomp, len(score), dtype=np.int64)
    np.minimum.at(first, comp[candidate], index[candidate])
    return first


# -- the starting shape ----------------------------------------------------------------------
def pivot_mds(piv: Pivots, comp: np.ndarray, adj: Adjacency, big: int) -> np.ndarray:
    """Positions from the pivot distances: pivot MDS for components of more than ``big``
    nodes; the smaller ones (solved exactly by stress afterwards) start from two pivot
    differences and a small deterministic jitter."""
    n = adj.n
    coords = np.zeros((n, 2))
    rng = np.random.default_rng(SEED)
    sizes = np.bincount(comp, minlength=len(piv.count))
    small = sizes[comp] <= big
    d = piv.dist.astype(float)
    first = np.full((n, 3), -1.0)  # the first three pivots' distances (-1: no such pivot)
    first[:, : min(3, d.shape[1])] = d[:, :3]
    got = first[small] >= 0
    coords[small, 0] = np.where(got[:, 1], first[small, 1] - first[small, 0], 0)
    coords[small, 1] = np.where(got[:, 2], first[small, 2] - 0.5 * (first[small, 0] + first[small, 1]), 0)
    coords[small] += rng.normal(0, 0.3, (int(small.sum()), 2))
    order = np.argsort(comp, kind="stable")
    bounds = np.searchsorted(comp[order], np.arange(len(piv.count) + 1))
    for c in np.flatnonzero(sizes > big):
        members = order[bounds[c]:bounds[c + 1]]
        coords[members] = _pmds(d[members][:, : piv.count[c]])
        inside = comp[adj.rows] == c
        lengths = np.linalg.norm(coords[adj.rows[inside]] - coords[adj.nbr[inside]], axis=1)
        typical = float(np.median(lengths)) if len(lengths) else 0.0
        if typical > 0:  # one link about one unit, as stress wants it
            coords[members] /= typical
    return coords


def _pmds(dist: np.ndarray) -> np.ndarray:
    squared = dist ** 2
    columns, rows, whole = squared.mean(axis=0), squared.mean(axis=1)[:, None], squared.mean()
    # -0.5 * (squared - columns - rows + whole), step by step in place: the same numbers, without
    # four more (n, k) arrays (128 MB each at a million nodes and 16 pivots)
    centred = squared
    centred -= columns
    centred -= rows
    centred += whole
    centred *= -0.5
    _values, vectors = np.linalg.eigh(centred.T @ centred)
    return centred @ vectors[:, [-1, -2]]


# -- stress majorisation ---------------------------------------------------------------------
@dataclass
class Terms:
    """The sparse stress: every link wants length 1 (weight 1); each node wants its graph
    distance d to each pivot of its component (weight 1 / d², stress's usual weight). The
    sparse stress model weights a pivot by how many nodes it stands for; measured here on a
    power grid, that lets the far terms comb chains into parallel strands, while plain
    weights leave the local shape to the links and the overall shape to pivot MDS."""

    comp: np.ndarray  #: (n,) each node's component
    pivot_node: np.ndarray  #: (components, k) pivot r of component c (0 where unused)
    weight: np.ndarray  #: (n, k) a term's weight (0: no term)
    pull: np.ndarray  #: (n, k) weight times the wanted distance
    total: np.ndarray  #: (n,) sum of the weights of a node's terms (its links' and pivots')
    groups: tuple[np.ndarray, ...]  #: the main component's rows, then the others'


def terms(adj: Adjacency, comp: np.ndarray, piv: Pivots) -> Terms:
    hops = piv.dist.astype(float)
    valid = piv.dist > 0
    weight = np.where(valid, 1.0 / np.maximum(hops, 1) ** 2, 0.0)
    total = adj.degree + weight.sum(axis=1)
    main = comp == 0
    return Terms(comp, np.maximum(piv.node, 0), weight, weight * hops, total,
                 (np.flatnonzero(main), np.flatnonzero(~main)))


def majorise(coords: np.ndarray, adj: Adjacency, t: Terms, iterations: int,
             movable: np.ndarray | None = None, tolerance: float = 1e-3, spacing: float = 1.0) -> np.ndarray:
    """Stress majorisation, every node at once: each moves to where its terms agree (the
    weighted mean of where each would put it). Besides the links and pivots, two nodes drawn
    closer than ``spacing`` want to be ``spacing`` apart, which spreads out what distances
    alone cannot tell apart (the leaves of one parent). Nodes not ``movable`` stay put."""
    x = np.asarray(coords, dtype=float).copy()
    near = (np.zeros(0, dtype=np.int64),) * 2
    for step in range(iterations):
        wanted = _edge_pull(x, adj) + _pivot_pull(x, t)
        total = t.total.astype(float).copy()
        if spacing > 0:
            gap = min(spacing, _crowding(x))
            if step % REFIND == 0:  # pairs move little in a few steps: look for them now and then
                near = overlap.close_pairs(x, 1.5 * gap, limit=8)
            total += _spacing_pull(x, wanted, gap, *near)
        new = wanted / np.maximum(total, 1e-12)[:, None]
        lonely = total <= 0
        new[lonely] = x[lonely]
        if movable is not None:
            new[~movable] = x[~movable]
        moved = float(np.abs(new - x).max()) if len(x) else 0.0
        x = new
        if moved < tolerance:
            break
    return x


def _edge_pull(x: np.ndarray, adj: Adjacency) -> np.ndarray:
    """Per node, the sum over its links of where that link (length 1) would put it."""
    other = x[adj.nbr]
    diff = x[adj.rows] - other
    length = np.maximum(np.sqrt((diff ** 2).sum(axis=1)), 1e-9)[:, None]
    wanted = other + diff / length
    out = np.zeros_like(x)
    out[:, 0] = np.bincount(adj.rows, weights=wanted[:, 0], minlength=len(x))
    out[:, 1] = np.bincount(adj.rows, weights=wanted[:, 1], minlength=len(x))
    return out


def _crowding(x: np.ndarray) -> float:
    """The spacing nodes would have if spread evenly over the drawing: the spacing term
    separates nodes on one spot, and must not fight a graph too dense to be drawn with links
    one unit long (its whole drawing would have to grow, at a cost of many pairs a step)."""
    if len(x) < 2:
        return 0.0
    low, high = np.percentile(x, [5, 95], axis=0)
    return float(np.sqrt(max(np.prod(high - low), 1e-12) / (0.81 * len(x))))


def _spacing_pull(x: np.ndarray, wanted: np.ndarray, spacing: float, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Adds to ``wanted`` where each pair (i, j) closer than ``spacing`` would put its nodes
    (weight 1 each); returns the weight added per node."""
    direction, dist = overlap.apart(x, i, j)
    close = dist < spacing
    i, j, direction = i[close], j[close], direction[close]
    n = len(x)
    for axis in (0, 1):
        wanted[:, axis] += np.bincount(i, x[j, axis] + spacing * direction[:, axis], minlength=n)
        wanted[:, axis] += np.bincount(j, x[i, axis] - spacing * direction[:, axis], minlength=n)
    return np.bincount(np.r_[i, j], minlength=n).astype(float)


def _pivot_pull(x: np.ndarray, t: Terms) -> np.ndarray:
    """Per node, the weighted sum over its pivots of where each would put it. The main
    component's nodes share one row of pivots (broadcast, not gathered per node)."""
    out = np.zeros_like(x)
    at_x, at_y = x[t.pivot_node, 0], x[t.pivot_node, 1]
    for g, rows in enumerate(t.groups):
        for start in range(0, len(rows), CHUNK):
            part = rows[start:start + CHUNK]
            px, py = (at_x[:1], at_y[:1]) if g == 0 else (at_x[t.comp[part]], at_y[t.comp[part]])
            dx, dy = x[part, 0, None] - px, x[part, 1, None] - py
            scale = t.pull[part] / np.maximum(np.sqrt(dx * dx + dy * dy), 1e-9)
            weight = t.weight[part]
            out[part, 0] = np.einsum("ij,ij->i", weight, np.broadcast_to(px, weight.shape)) \
                + np.einsum("ij,ij->i", scale, dx)
            out[part, 1] = np.einsum("ij,ij->i", weight, np.broadcast_to(py, weight.shape)) \
                + np.einsum("ij,ij->i", scale, dy)
    return out


def _seeded(start: np.ndarray, adj: Adjacency, fallback: np.ndarray) -> np.ndarray:
    """``start`` where it has positions; a node without one goes to the mean of its placed
    neighbours (spreading out round by round), else near the placed nodes' centre."""
    x = np.array(start, dtype=float)
    known = np.isfinite(x).all(axis=1)
    if not known.any():
        return fallback
    rng = np.random.default_rng(SEED)
    for _ in range(100):
        missing = ~known
        if not missing.any():
            return x
        useful = known[adj.nbr] & missing[adj.rows]
        count = np.bincount(adj.rows[useful], minlength=adj.n)
        reached = missing & (count > 0)
        if not reached.any():
            break
        for axis in (0, 1):
            total = np.bincount(adj.rows[useful], x[adj.nbr[useful], axis], minlength=adj.n)
            x[reached, axis] = total[reached] / count[reached]
        x[reached] += rng.normal(0, 0.3, (int(reached.sum()), 2))
        known = known | reached
    x[~known] = x[known].mean(axis=0) + rng.normal(0, 1.0, (int((~known).sum()), 2))
    return x


def layout(n: int, src: np.ndarray, dst: np.ndarray, k: int = 32, iterations: int = 60,
           start: np.ndarray | None = None, movable: np.ndarray | None = None,
           trees: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Positions (one link is about one unit) and the component of each node: the core of each
    component by sparse stress, the trees hanging off it (and tree components) as balloons
    (``data.tree_layout``; ``trees=False``: no balloons, every node in the stress). ``start``
    seeds the core's positions instead of pivot MDS (rows of
    NaN take pivot MDS's); nodes not ``movable`` keep their ``start``. ``iterations=0`` gives
    the pivot MDS shape without stress (the quick layout)."""
    from . import tree_layout

    adj = adjacency(n, src, dst)
    comp = components(adj)
    if trees:
        round_of, parent = tree_layout.peel(adj)
    else:  # every node in the stress (full stress draws a small graph's leaves well)
        round_of, parent = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    core = np.flatnonzero(round_of < 0)
    coords = np.zeros((n, 2))
    if core.size:
        local = np.full(n, -1, dtype=np.int64)
        local[core] = np.arange(len(core))
        inside = (local[adj.rows] >= 0) & (local[adj.nbr] >= 0) & (adj.rows < adj.nbr)
        sub = adjacency(len(core), local[adj.rows[inside]], local[adj.nbr[inside]])
        sub_comp = comp[core]  # a connected component's core is connected: same numbers, less the coreless
        renumber = np.cumsum(np.bincount(sub_comp, minlength=int(comp.max()) + 1) > 0) - 1
        sub_comp = renumber[sub_comp]
        piv = pivots(sub, sub_comp, k)
        placed = pivot_mds(piv, sub_comp, sub, big=k)
        if start is not None:
            placed = _seeded(start[core], sub, placed)
        if iterations:
            still = None if movable is None else movable[core]
            placed = majorise(placed, sub, terms(sub, sub_comp, piv), iterations, still)
        coords[core] = placed
    sized = tree_layout.sizes(round_of, parent)
    pinned = None
    if start is not None and movable is not None:
        pinned = np.where(movable[:, None], np.nan, start)
    return tree_layout.place(coords, round_of, parent, sized, tree_layout.facing(coords, adj, round_of < 0),
                             pinned), comp
