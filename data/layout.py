"""Node positions: a deterministic force-directed layout (igraph's Fruchterman-Reingold with a
fixed seed) and a position cache kept outside the dataset file, so a dataset reopens as it was.
"""
from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np

from .files import WriteError, write_atomically
from .graph import Graph

SEED = 20250117
#: above this many nodes a first open shows a quick layout (a few iterations) at once and
#: the full one is computed in a separate process, then put in its place
QUICK_ABOVE = 20_000
QUICK_ITERATIONS = 50


def quick(graph: Graph) -> np.ndarray:
    """A rough layout in a tenth of the time: good enough to look at while the full one runs."""
    return compute(graph, niter=QUICK_ITERATIONS)


def refine_job(node_count: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """The full layout of a graph given as arrays: what a background process runs (plain arrays,
    so that nothing but NumPy crosses the process boundary). The same positions as
    ``compute(graph)``. It starts afresh, not from the quick layout: a converged layout is
    dense, and igraph's grid makes a dense start many times slower (measured: 100 iterations
    from the quick layout took 25 s; 500 from the random start take 16 s)."""
    return _compute(node_count, src, dst, weight, None, 500, None)


def compute(graph: Graph, fixed: dict[int, tuple[float, float]] | None = None,
            niter: int = 500, start: np.ndarray | None = None) -> np.ndarray:
    """An (n, 2) float array of positions; the same graph always gets the same layout.

    ``fixed`` pins nodes (index -> position); ``start`` seeds the iteration (e.g. cached
    positions of the nodes that had them).
    """
    return _compute(graph.node_count, graph.src, graph.dst, graph.weight, fixed, niter, start)


def _compute(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray,
             fixed: dict[int, tuple[float, float]] | None, niter: int, start: np.ndarray | None) -> np.ndarray:
    import igraph  # loaded when a layout is computed, not when a cached one is read

    if n == 0:
        return np.zeros((0, 2))
    g = igraph.Graph(n=n, edges=np.column_stack([src, dst]).tolist(), directed=False)
    g.es["weight"] = np.maximum(weight, 0.1).tolist()
    g.simplify(combine_edges="sum")
    kwargs: dict = {"niter": niter, "weights": "weight", "grid": "auto"}
    if start is not None:
        kwargs["seed"] = start.tolist()
    if fixed:
        lo, hi = _pin_bounds(n, fixed)
        kwargs.update(minx=lo[:, 0].tolist(), maxx=hi[:, 0].tolist(), miny=lo[:, 1].tolist(), maxy=hi[:, 1].tolist())
        seed = np.array(kwargs.get("seed") or _initial(n), dtype=float)
        for i, (x, y) in fixed.items():
            seed[i] = (x, y)
        kwargs["seed"] = seed.tolist()
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        coords = np.array(g.layout_fruchterman_reingold(**kwargs).coords, dtype=float)
    finally:
        igraph.set_random_number_generator(random)
    if fixed:
        return coords
    return spread(normalise(coords))


def spread(coords: np.ndarray, min_distance: float = 1.6, rounds: int = 100,
           largest: int = 250) -> np.ndarray:
    """Push apart nodes closer than ``min_distance`` (in typical-neighbour units), so that a dense
    core leaves room for its labels. Vectorised O(n²): only for graphs up to ``largest`` nodes."""
    n = len(coords)
    if n < 2 or n > largest:
        return coords
    coords = coords.copy()
    blank = np.eye(n) * 1e9
    for _ in range(rounds):
        delta = coords[:, None, :] - coords[None, :, :]
        dist = np.linalg.norm(delta, axis=2) + blank
        overlap = np.clip(min_distance - dist, 0, None)
        if overlap.max() < 1e-3:
            break
        dist = np.maximum(dist, 1e-6)
        coords += 0.25 * (delta / dist[..., None] * overlap[..., None]).sum(axis=1)
    return coords


def _initial(n: int) -> np.ndarray:
    return np.random.default_rng(SEED).uniform(-np.sqrt(n), np.sqrt(n), (n, 2))


def _pin_bounds(n: int, fixed: dict[int, tuple[float, float]]):
    lo = np.full((n, 2), -1e9)
    hi = np.full((n, 2), 1e9)
    for i, pos in fixed.items():
        lo[i] = hi[i] = pos
    return lo, hi


def normalise(coords: np.ndarray) -> np.ndarray:
    """Centre the layout and scale it so that the typical nearest-neighbour distance is 1."""
    coords = coords - coords.mean(axis=0)
    if len(coords) < 2:
        return coords
    rng = np.random.default_rng(SEED)
    sample = coords[rng.choice(len(coords), min(len(coords), 200), replace=False)]
    nearest = []
    for chunk in np.array_split(sample, max(1, len(sample) // 20)):
        d = np.linalg.norm(chunk[:, None, :] - coords[None, :, :], axis=2)
        d[d == 0] = np.inf
        nearest.append(d.min(axis=1))
    typical = float(np.median(np.concatenate(nearest)))
    return coords / typical if np.isfinite(typical) and typical > 0 else coords


# -- the cache ------------------------------------------------------------------------------
def cache_file(folder: Path, dataset_path: Path) -> Path:
    """Where positions of one dataset are kept: named after the dataset's full path."""
    key = hashlib.sha1(str(Path(dataset_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(folder) / f"{Path(dataset_path).stem[:40]}-{key}.npz"


def save(path: Path, ids: list[str], positions: np.ndarray, pinned: np.ndarray) -> None:
    """Write atomically (temporary file, then rename); a failure leaves the old cache and
    raises WriteError (an OSError too)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(f"{path}: could not be written ({reason})", reason) from None

    def write(temp: Path) -> None:
        with temp.open("wb") as out:
            np.savez(out, ids=np.array(ids, dtype=object).astype(str), positions=positions, pinned=pinned)
    write_atomically(path, write)


def load_cached(path: Path, ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Cached (positions, pinned, known) for these ids, or None without a usable cache.

    ``known`` marks the ids the cache had; new ids get NaN positions for the caller to lay out.
    """
    try:
        with np.load(path, allow_pickle=False) as stored:
            cached_ids, cached_pos, cached_pin = stored["ids"], stored["positions"], stored["pinned"]
    except (OSError, ValueError, KeyError):
        return None
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
    start = np.where(np.isnan(positions), _initial(graph.node_count), positions)
    return compute(graph, fixed=fixed, start=start), pinned


def _from_stored(graph: Graph, stored: np.ndarray) -> np.ndarray:
    """The dataset's own positions as they are; when some nodes lack one, the stored ones are
    the starting points of a layout (the others start scattered around them)."""
    known = np.isfinite(stored).all(axis=1)
    if known.all():
        return stored.astype(float)
    centre, reach = stored[known].mean(axis=0), max(float(np.ptp(stored[known], axis=0).max()), 1.0)
    scatter = centre + _initial(graph.node_count) / max(np.sqrt(graph.node_count), 1.0) * reach / 2
    return compute(graph, start=np.where(np.isnan(stored), scatter, stored))
