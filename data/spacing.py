"""How far apart the laid-out nodes are: the typical distance from a node to its nearest
neighbour, which the canvas turns into symbol sizes (small symbols where nodes are dense, so
that a fitted drawing of thousands of nodes is mostly white space, not a blob). No Qt."""
from __future__ import annotations

import numpy as np

SAMPLE = 400  #: nodes whose nearest neighbour is looked for; the median of a sample is steady


def typical_spacing(positions: np.ndarray, mask: np.ndarray | None = None, sample: int = SAMPLE) -> float:
    """The median distance (layout units) from a node to its nearest other node, over a fixed
    sample of the nodes in ``mask``; 1.0 when there are fewer than two nodes."""
    points = np.asarray(positions, dtype=float)
    if mask is not None:
        points = points[mask]
    if len(points) < 2:
        return 1.0
    picked = points[np.random.default_rng(0).permutation(len(points))[:sample]] if len(points) > sample else points
    nearest = np.full(len(picked), np.inf)
    for start in range(0, len(points), 20000):  # in blocks: a sample of 400 x 20,000 at a time
        block = points[start:start + 20000]
        d = np.hypot(picked[:, None, 0] - block[None, :, 0], picked[:, None, 1] - block[None, :, 1])
        d[d == 0] = np.inf  # the node itself (and any node on the very same spot)
        nearest = np.minimum(nearest, d.min(axis=1))
    finite = nearest[np.isfinite(nearest)]
    return float(np.median(finite)) if len(finite) else 1.0
