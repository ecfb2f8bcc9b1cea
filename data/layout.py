"""Node positions: a deterministic layout that unfolds sparse graphs (``data.stress_layout``:
sparse stress for each component's core, balloons for the trees hanging off it), components
packed beside the main one (``data.layout_packing``), overlapping symbols pushed apart
(``data.overlap``), and a position cache kept outside the dataset file, so a dataset reopens as
it was.

Above QUICK_ABOVE nodes a first open shows the quick layout (pivot MDS, overlaps left in: 0.8 s at 100,000
nodes, 9 s at a million) and the window computes the full one in a separate process (``refine_job``: 7 s, 90 s).
Relation weights do not change the layout: a link is a link.
"""
from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import numpy as np

from . import layout_packing, overlap, stress_layout
from .files import make_folder_for, write_atomically
from .graph import Graph
from .quantiles import median, quantiles
from .store import CHUNK

#: above this many nodes a first open shows a quick layout at once and the full one is
#: computed in a separate process, then put in its place
QUICK_ABOVE = 20_000
#: of the layout algorithm: a cache written by another keeps only what the user pinned
#: (1: the spring layout before the stress layout; no version stored)
VERSION = 2
ITERATIONS = 40  #: stress majorisation steps of the full layout
#: graphs above this many nodes get fewer pivots and steps (linear time, about 30 s a million)
LARGE = 250_000
EXACT_UP_TO = 300  #: up to this many nodes, every node is a pivot: full stress, as neato draws
BUNCH = 4  #: in a small graph, a node with this many leaves has them drawn in a bunch beside it
SPACED_UP_TO = 250  #: small graphs get room for their labels: nodes at least 1.6 apart
MIN_GAP = 0.3  #: every drawing: no two nodes closer than this (typical neighbour units)


def quick(graph: Graph) -> np.ndarray:
    """The overall shape without the fine stress steps: good enough to look at while the full
    layout runs (pivot MDS and the balloons, no stress steps)."""
    return compute(graph, niter=0)


def quick_job(node_count: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, float]:
    """The quick layout of a graph given as arrays and its typical spacing (1.0 when there is
    none): what a process of its own runs while the loading worker goes on (plain arrays in and
    out). The same as ``quick(graph)`` and ``typical_gap`` of it."""
    positions = _compute(node_count, src, dst, None, 0, None)
    return positions, typical_gap(positions)


def typical_gap(positions: np.ndarray) -> float:
    """The typical gap between a node and its nearest neighbour (1.0 when there is none)."""
    spacing = typical_spacing(np.asarray(positions, dtype=float))
    return spacing if np.isfinite(spacing) and spacing > 0 else 1.0


def refine_job(node_count: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The full layout of a graph given as arrays: what a background process runs (plain arrays,
    so that nothing but NumPy crosses the process boundary). The same positions as
    ``compute(graph)``."""
    return _compute(node_count, src, dst, None, ITERATIONS, None)


def compute(graph: Graph, fixed: dict[int, tuple[float, float]] | None = None,
            niter: int = ITERATIONS, start: np.ndarray | None = None) -> np.ndarray:
    """An (n, 2) float array of positions; the same graph always gets the same layout.

    ``fixed`` pins nodes (index -> position) and lays out only the others, in the pinned
    nodes' frame; ``start`` seeds the positions (e.g. cached positions of the nodes that had
    them); ``niter`` stress steps (0: the quick layout).
    """
    return _compute(graph.node_count, graph.src, graph.dst, fixed, niter, start)


def _compute(n: int, src: np.ndarray, dst: np.ndarray, fixed: dict[int, tuple[float, float]] | None,
             niter: int, start: np.ndarray | None) -> np.ndarray:
    if n == 0:
        return np.zeros((0, 2))
    pivots = n if n <= EXACT_UP_TO else 32 if n <= LARGE else 16
    steps = niter if n > EXACT_UP_TO or not niter else max(niter, 150)  # cheap when small
    steps = steps if n <= LARGE else min(niter, 30)
    if fixed:
        return _lay_out_around(n, src, dst, fixed, start, pivots, steps)
    if n <= EXACT_UP_TO and start is None:
        coords, comp = _with_bunches(n, src, dst, steps)
    else:
        seed = None if start is None else np.asarray(start, dtype=float)
        coords, comp = stress_layout.layout(n, src, dst, k=pivots, iterations=steps, start=seed)
    coords = layout_packing.pack(normalise(coords), comp)  # gaps in typical-neighbour units
    if n <= SPACED_UP_TO:
        return overlap.remove_overlaps(coords, 1.6 / 2)  # room for the labels, quick layout or not
    if not niter:
        # the quick layout is a preview shown until the full one replaces it: pushing its
        # nodes MIN_GAP apart took 1.4 s of the 2.2 s it cost at 100,000 nodes (minutes at a
        # million), and at the size that graph is first drawn a node moved by it stays on the
        # same pixel or the next; the full layout removes the overlaps
        return coords
    # a very large graph's layout piles thousands of nodes on a spot: 40 rounds, not 200
    return overlap.remove_overlaps(coords, MIN_GAP / 2, rounds=40 if n > LARGE else 200)


def _with_bunches(n: int, src: np.ndarray, dst: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """A small graph by full stress, except that a node's leaves (nodes with no other link), when
    it has BUNCH or more, sit in a sunflower beside it, away from its other links (a treaty's
    articles, a hub's one-off contacts), rather than in a ring that pushes it off to a side."""
    adj = stress_layout.adjacency(n, src, dst)
    leaf_rows = adj.degree[adj.rows] == 1
    parent = np.full(n, -1, dtype=np.int64)
    parent[adj.rows[leaf_rows]] = adj.nbr[leaf_rows]
    bunch = np.bincount(parent[parent >= 0], minlength=n)
    tucked = (parent >= 0) & (bunch[np.maximum(parent, 0)] >= BUNCH)
    kept = np.flatnonzero(~tucked)
    local = np.full(n, -1, dtype=np.int64)
    local[kept] = np.arange(len(kept))
    inside = (local[adj.rows] >= 0) & (local[adj.nbr] >= 0) & (adj.rows < adj.nbr)
    placed, placed_comp = stress_layout.layout(len(kept), local[adj.rows[inside]], local[adj.nbr[inside]],
                                               k=len(kept), iterations=steps, trees=False)
    coords, comp = np.zeros((n, 2)), np.zeros(n, dtype=np.int64)
    coords[kept], comp[kept] = placed, placed_comp
    comp[tucked] = comp[parent[tucked]]
    for hub in np.unique(parent[tucked]).tolist():
        leaves = np.flatnonzero(tucked & (parent == hub))
        linked = adj.nbr[adj.indptr[hub]:adj.indptr[hub + 1]]
        others = coords[linked[~tucked[linked]]]
        coords[leaves] = layout_packing.place_around(coords[hub], len(leaves), 1.0, others)
    return coords, comp


def _lay_out_around(n: int, src: np.ndarray, dst: np.ndarray, fixed: dict[int, tuple[float, float]],
                    start: np.ndarray | None, pivots: int, steps: int) -> np.ndarray:
    """Lay out the nodes that are not pinned, in the pinned nodes' frame and scale."""
    seed = np.full((n, 2), np.nan) if start is None else np.array(start, dtype=float)
    movable = np.ones(n, dtype=bool)
    for i, xy in fixed.items():
        seed[i] = xy
        movable[i] = False
    scale = _link_length(seed, src, dst, movable)
    coords, comp = stress_layout.layout(n, src, dst, k=pivots, iterations=max(steps, 30),
                                        start=seed / scale, movable=movable, trees=n > EXACT_UP_TO)
    coords *= scale
    coords[~movable] = seed[~movable]
    coords = _beside(coords, comp, movable, scale)
    return overlap.remove_overlaps(coords, MIN_GAP / 2 * scale, movable=movable)


def _beside(coords: np.ndarray, comp: np.ndarray, movable: np.ndarray, scale: float) -> np.ndarray:
    """Components with no pinned node (new ones) packed beside the pinned drawing, which
    stays where it is."""
    anchored = np.zeros(int(comp.max()) + 1 if len(comp) else 0, dtype=bool)
    anchored[comp[~movable]] = True
    if anchored.all() or not anchored.any():
        return coords
    fresh = ~anchored[comp]
    groups = np.zeros(len(comp), dtype=np.int64)
    groups[fresh] = 1 + np.unique(comp[fresh], return_inverse=True)[1]
    packed = layout_packing.pack(coords / scale, groups) * scale
    packed -= packed[~movable][0] - coords[~movable][0]
    packed[~movable] = coords[~movable]  # exactly, not give or take a rounding
    return packed


def _link_length(coords: np.ndarray, src: np.ndarray, dst: np.ndarray, movable: np.ndarray) -> float:
    """The typical drawn length of a link between two pinned nodes (1 if none)."""
    both = ~movable[src] & ~movable[dst] & np.isfinite(coords[src]).all(axis=1) & np.isfinite(coords[dst]).all(axis=1)
    lengths = np.linalg.norm(coords[src[both]] - coords[dst[both]], axis=1)
    lengths = lengths[lengths > 0]
    return median(lengths) if len(lengths) else 1.0


def normalise(coords: np.ndarray) -> np.ndarray:
    """Centre the layout and scale it so that the typical nearest-neighbour distance is 1."""
    coords = coords - coords.mean(axis=0)
    typical = typical_spacing(coords)
    return coords / typical if np.isfinite(typical) and typical > 0 else coords


#: above this many nodes ``typical_spacing`` measures a sample of ``SPACING_SAMPLE`` nodes
#: (each against the whole drawing): 0.7 s a call at a million nodes, where the whole-drawing
#: estimate took 3-4.7 s (a first open calls it twice: ``normalise`` and the canvas's gap)
SAMPLE_SPACING_ABOVE = LARGE
SPACING_SAMPLE = 100_000


def typical_spacing(coords: np.ndarray) -> float:
    """The median distance from a node to its nearest other node (nodes on one spot aside),
    found with the grid hash in linear time; NaN for fewer than two nodes."""
    n = len(coords)
    if n < 2:
        return float("nan")
    low, high = quantiles(coords, [0.05, 0.95])
    reach = 2 * float(np.sqrt(max(np.prod(high - low), 1e-12) / n)) or 1.0
    if n > SAMPLE_SPACING_ABOVE:
        return _sampled_spacing(coords, reach)
    for _ in range(8):  # look farther until most nodes have a neighbour within reach
        i, j = overlap.close_pairs(coords, reach, limit=4)  # a few per cell tell the scale
        far = np.linalg.norm(coords[i] - coords[j], axis=1)
        apart = far > 0
        nearest = np.full(n, np.inf)
        np.minimum.at(nearest, i[apart], far[apart])
        np.minimum.at(nearest, j[apart], far[apart])
        typical = median(nearest)
        if np.isfinite(typical):
            return typical
        reach *= 4
    return float("nan")


def _sampled_spacing(coords: np.ndarray, reach: float) -> float:
    """``typical_spacing`` of a big drawing from an evenly spread sample of its nodes, each
    measured against up to 8 nodes of each of the 9 cells around it (``overlap.nearest``): as
    rough as the whole-drawing estimate, which looks at a few per cell too (within 11% of it on
    the 1M quick layout, a uniform cloud and a clustered one)."""
    n = len(coords)
    sample = np.unique(np.linspace(0, n - 1, min(n, SPACING_SAMPLE)).astype(np.int64))
    for _ in range(8):  # look farther until most nodes have a neighbour within reach
        nearest = overlap.nearest(coords, sample, reach, limit=8)
        typical = median(nearest)
        if np.isfinite(typical):
            return typical
        reach *= 4
    return float("nan")


# -- the cache ------------------------------------------------------------------------------
def cache_file(folder: Path, dataset_path: Path) -> Path:
    """Where positions of one dataset are kept: named after the dataset's full path."""
    key = hashlib.sha1(str(Path(dataset_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(folder) / f"{Path(dataset_path).stem[:40]}-{key}.npz"


def save(path: Path, ids: list[str], positions: np.ndarray, pinned: np.ndarray) -> None:
    """Write atomically (temporary file, then rename); a failure leaves the old cache and
    raises WriteError (an OSError too)."""
    make_folder_for(path)

    names = np.empty(len(ids), f"U{max((len(i) for i in ids), default=1) or 1}")
    for start in range(0, len(ids), CHUNK):  # a chunk at a time: the lock is let go between them
        names[start:start + CHUNK] = ids[start:start + CHUNK]

    def write(temp: Path) -> None:
        with temp.open("wb") as out:
            np.savez(out, ids=names, positions=positions, pinned=pinned, version=np.array(VERSION))
    write_atomically(path, write)


#: a window saves the layout of a graph this big at once; a bigger one's on a worker (a million
#: ids held the window 0.25 s), where an open that follows at once may still find the last one
SAVE_HERE_UP_TO = 50_000
_saving = threading.Lock()
_written: dict[Path, int] = {}  #: the number of the last save written to each path


def save_in_turn(path: Path, number: int, ids: list[str], positions: np.ndarray, pinned: np.ndarray) -> bool:
    """``save`` from a worker thread: saves take turns, and one numbered below a save already
    written to the same path is skipped (an earlier move's positions never overwrite a later
    one's). Whether it was written."""
    with _saving:
        if _written.get(path, -1) > number:
            return False
        save(path, ids, positions, pinned)
        _written[path] = number
        return True


def load_cached(path: Path, ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Cached (positions, pinned, known) for these ids, or None without a usable cache.

    ``known`` marks the ids the cache had; new ids get NaN positions for the caller to lay out.
    A cache from an earlier layout (another VERSION) keeps only the nodes the user pinned: the
    rest are laid out anew around them.
    """
    try:
        with np.load(path, allow_pickle=False) as stored:
            cached_ids, cached_pos, cached_pin = stored["ids"], stored["positions"], stored["pinned"]
            current = "version" in stored.files and int(stored["version"]) == VERSION
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not current:
        cached_ids, cached_pos, cached_pin = cached_ids[cached_pin], cached_pos[cached_pin], cached_pin[cached_pin]
    elif len(cached_ids) == len(ids) and len(ids) and np.array_equal(cached_ids, np.asarray(ids, dtype=str)):
        # the same nodes in the same order (an unchanged file): no look-up per id
        return cached_pos.astype(float), cached_pin.astype(bool), np.ones(len(ids), dtype=bool)
    where = {str(i): k for k, i in enumerate(cached_ids)}
    positions = np.full((len(ids), 2), np.nan)
    pinned = np.zeros(len(ids), dtype=bool)
    known = np.zeros(len(ids), dtype=bool)
    for n, entity_id in enumerate(ids):
        k = where.get(entity_id)
        if k is not None:
            positions[n], pinned[n], known[n] = cached_pos[k], cached_pin[k], True
    return (positions, pinned, known) if known.any() else None


def positions_for(graph: Graph, cache: Path | None,
                  stored: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions and pinned flags: from the cache where it knows every node, else laid out
    (cached nodes keep their place, pinned ones stay pinned).

    ``stored``: positions the dataset carries (its ``x``, ``y`` columns; NaN where a node has
    none). With no cache they are the layout when every node has one, else starting points."""
    cached = load_cached(cache, graph.ids) if cache else None
    if cached is None and stored is not None:
        return _from_stored(graph, stored), np.zeros(graph.node_count, dtype=bool)
    if cached is None:
        return compute(graph), np.zeros(graph.node_count, dtype=bool)
    positions, pinned, known = cached
    if known.all():
        return positions, pinned
    fixed = {int(i): tuple(positions[i]) for i in np.flatnonzero(known)}
    return compute(graph, fixed=fixed, start=positions), pinned


def _from_stored(graph: Graph, stored: np.ndarray) -> np.ndarray:
    """The dataset's own positions as they are; when some nodes lack one, the stored ones are
    the starting points of a layout (a node without one starts beside its placed neighbours)."""
    if np.isfinite(stored).all():
        return stored.astype(float)
    return compute(graph, start=stored)
