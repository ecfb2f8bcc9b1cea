"""Pairs of nodes drawn close together, found with a grid hash, and the overlap removal built on
them: after a layout, symbols that overlap are pushed apart a little at a time, each pair along
the line joining it, so that nothing lands on another and the drawing keeps its shape.

Everything is vectorised: nodes are sorted into square cells as wide as the distance looked
for, and each node is compared only with the nodes of its own cell and of the four cells after
it (the other four see it from their side). A crowded cell (many nodes at one spot) compares
each node with at most ``limit`` of them per cell, spread evenly, so the work stays linear.
"""
from __future__ import annotations

import numpy as np

_FORWARD = ((0, 1), (1, -1), (1, 0), (1, 1))  #: cells after a cell; the cell itself apart


#: ``close_pairs(limit=None)`` finds every pair unless there would be more than this many (or
#: 20 a node): a quick layout of a million entities piles thousands of nodes in one cell, and
#: every pair of them was 155 million pairs a pass
EXACT_PAIRS = 4_000_000


def close_pairs(coords: np.ndarray, reach: float, limit: int | None = 48) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), each pair once, of nodes closer than ``reach`` (some pairs a little
    farther may be included; callers check distances). ``limit``: at most that many partners
    of a node in each cell; None: every partner, unless that is more than ``EXACT_PAIRS``, then
    48."""
    n = len(coords)
    if n < 2 or not reach > 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    _key, width, order, sorted_keys, first, cells, last = _grid(coords, reach)
    slot = np.searchsorted(cells, sorted_keys)
    # the node's own cell: the nodes after it in sorted order
    left, right = [np.arange(n)], [np.minimum(np.arange(n) + 1, last[slot])]
    ends = [last[slot]]
    for dx, dy in _FORWARD:
        wanted = sorted_keys + dx * width + dy
        at = np.minimum(np.searchsorted(cells, wanted), len(cells) - 1)
        found = cells[at] == wanted
        left.append(np.arange(n)[found])
        right.append(first[at[found]])
        ends.append(last[at[found]])
    lo, hi = np.concatenate(right), np.concatenate(ends)
    if limit is None:
        limit = n if int((hi - lo).clip(0).sum()) <= max(EXACT_PAIRS, 20 * n) else 48
    i, j = _expand(np.concatenate(left), lo, hi, limit)
    a, b = order[i], order[j]
    near = ((coords[a] - coords[b]) ** 2).sum(axis=1) < reach * reach
    return a[near], b[near]


def nearest(coords: np.ndarray, nodes: np.ndarray, reach: float, limit: int = 4) -> np.ndarray:
    """For each of ``nodes``, the distance to its nearest other node closer than ``reach``
    (inf: none; a node on its very spot does not count), looking at up to ``limit`` nodes,
    evenly spread, of each of the 9 cells around it: a sample of a big drawing measured
    against all of it."""
    key, width, order, _sorted, first, cells, last = _grid(coords, reach)
    owner, lo, hi = [], [], []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            wanted = key[nodes] + dx * width + dy
            at = np.minimum(np.searchsorted(cells, wanted), len(cells) - 1)
            found = cells[at] == wanted
            owner.append(np.flatnonzero(found))
            lo.append(first[at[found]])
            hi.append(last[at[found]])
    k, j = _expand(np.concatenate(owner), np.concatenate(lo), np.concatenate(hi), limit)
    far = np.sqrt(((coords[nodes[k]] - coords[order[j]]) ** 2).sum(axis=1))
    apart = (far > 0) & (far < reach)
    best = np.full(len(nodes), np.inf)
    np.minimum.at(best, k[apart], far[apart])
    return best


def _grid(coords: np.ndarray, reach: float) -> tuple:
    """The nodes in square cells ``reach`` wide: each node's cell key, the keys' row width, the
    nodes sorted by key and their keys, and for each occupied cell (``cells``, sorted) where its
    run of nodes starts and ends in that order."""
    cell = np.floor((coords - coords.min(axis=0)) / reach).astype(np.int64)
    width = int(cell[:, 1].max()) + 3
    key = (cell[:, 0] + 1) * width + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    first = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return key, width, order, sorted_keys, first, sorted_keys[first], np.r_[first[1:], len(coords)]


def _expand(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """For each owner, partners lo..hi-1, at most ``limit`` of them evenly spaced."""
    count = hi - lo
    keep = count > 0
    owner, lo, count = owner[keep], lo[keep], count[keep]
    step = np.maximum(1, -(-count // limit))
    taken = -(-count // step)
    total = int(taken.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    rank = np.arange(total) - np.repeat(np.cumsum(taken) - taken, taken)
    return np.repeat(owner, taken), np.repeat(lo, taken) + rank * np.repeat(step, taken)


def apart(coords: np.ndarray, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors from j to i and the distances; two nodes on one spot get a direction of
    their own (from their indices), so that they can still be told apart."""
    diff = coords[i] - coords[j]
    dist = np.sqrt((diff ** 2).sum(axis=1))
    same = dist < 1e-9
    if same.any():
        angle = (i[same] * 0.618034 + j[same] * 0.414214) % 1.0 * 2 * np.pi
        diff[same] = np.column_stack([np.cos(angle), np.sin(angle)])
        dist[same] = 1.0
    return diff / dist[:, None], np.where(same, 0.0, dist)


def remove_overlaps(coords: np.ndarray, radii: np.ndarray | float, gap: float = 0.0, rounds: int = 200,
                    movable: np.ndarray | None = None) -> np.ndarray:
    """Positions where no two symbols overlap: each overlapping pair is pushed apart along the
    line joining it, half each way (all of it for the movable one of a pinned pair), round
    after round until none overlaps. ``radii``: each symbol's radius in layout units (or one
    for all); ``gap``: the space to leave between two symbols.

    The pairs to watch are found once for a wider reach and reused until some node has moved
    half of the extra, so most rounds cost only the overlapping pairs, not the whole layout."""
    x = np.array(coords, dtype=float)
    n = len(x)
    radii = np.broadcast_to(np.asarray(radii, dtype=float), (n,))
    free = np.ones(n, dtype=bool) if movable is None else np.asarray(movable, dtype=bool)
    if n < 2 or not radii.max() > 0 and gap <= 0:
        return x
    reach = 2 * float(radii.max()) + gap
    margin = 0.5 * reach
    done = 0
    while done < rounds:
        i, j = close_pairs(x, reach + margin, limit=None)
        keep = free[i] | free[j]
        i, j = i[keep], j[keep]
        wanted = radii[i] + radii[j] + gap
        anchor = x.copy()
        while done < rounds:
            done += 1
            direction, dist = apart(x, i, j)
            overlap = wanted - dist
            hit = overlap > 0
            if not hit.any():
                return x  # every pair that could overlap was watched, and none does
            _push(x, i[hit], j[hit], direction[hit], overlap[hit] * 1.02 + 1e-4 * reach, free)
            if np.abs(x - anchor).max() > margin / 2:
                break  # pairs not watched may have come close: find them again
    return x


def _push(x: np.ndarray, i: np.ndarray, j: np.ndarray, direction: np.ndarray, amount: np.ndarray,
          free: np.ndarray) -> None:
    share_i = np.where(free[j], 0.5, 1.0) * free[i]
    share_j = np.where(free[i], 0.5, 1.0) * free[j]
    n = len(x)
    for axis in (0, 1):
        along = direction[:, axis] * amount
        x[:, axis] += np.bincount(i, share_i * along, minlength=n) - np.bincount(j, share_j * along, minlength=n)
