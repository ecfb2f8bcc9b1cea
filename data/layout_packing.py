"""Where the pieces of a drawing go: components packed beside the main one, the box that frames
what is shown (robust to a few far-off nodes), and a treaty's articles placed around it.

Components are laid out apart (a layout cannot relate two parts that share no link) and then
packed as igraph and Gephi do: the largest in the middle, the rest in tidy rows beside it,
largest first, single nodes last, so nothing is flung to the corners and a fit is not mostly
empty space. No Qt here; the canvas's Fit calls ``frame``.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np

from . import chunks
from .quantiles import quantiles

ASPECT = 1.6  #: the shape a packed drawing aims for (a wide screen)
GAP = 1.5  #: between packed components, in typical-neighbour units
SINGLES_APART = 8  #: more nodes with no link than this are packed together, in a block
GOLDEN_ANGLE = np.pi * (3 - np.sqrt(5))


def pack(coords: np.ndarray, comp: np.ndarray, gap: float = GAP) -> np.ndarray:
    """Move each component (``comp[i]``: node i's component, 0 the largest) as a whole so that
    the components sit side by side, ``gap`` apart, the largest at the origin and the others
    in rows below it or in columns to its right, whichever keeps the whole near ASPECT."""
    x = np.asarray(coords, dtype=float).copy()
    count = int(comp.max()) + 1 if len(comp) else 0
    if count <= 1:
        return x - x.mean(axis=0) if len(x) else x
    comp, block = _singles_in_a_block(x, np.asarray(comp), gap)
    count = int(comp.max()) + 1
    low = np.full((count, 2), np.inf)
    high = np.full((count, 2), -np.inf)
    for axis in (0, 1):
        np.minimum.at(low[:, axis], comp, x[:, axis])
        np.maximum.at(high[:, axis], comp, x[:, axis])
    size = high - low + gap
    sizes = np.bincount(comp, minlength=count)
    if block is not None:
        sizes[block] = 0  # for the order only: the single nodes come last
    main_w, main_h = size[0]
    rest_area = float(np.prod(size[1:], axis=1).sum())
    # how wide the rows below, or how tall the columns beside, for the whole to be near ASPECT
    row = max(main_w, size[1:, 0].max(),
              (ASPECT * main_h + np.sqrt((ASPECT * main_h) ** 2 + 4 * ASPECT * rest_area)) / 2)
    column = max(main_h, size[1:, 1].max(),
                 (main_w + np.sqrt(main_w ** 2 + 4 * ASPECT * rest_area)) / (2 * ASPECT))
    if rest_area < main_w * main_h:
        # a remainder smaller than the main drawing goes in rows no wider (or columns no taller)
        # than it: shaping the whole for the screen made hundreds of single nodes a thin line
        # half as long again as the drawing
        row, column = max(main_w, size[1:, 0].max()), max(main_h, size[1:, 1].max())
    below = _aspect_error(max(main_w, row), main_h + rest_area / row) \
        <= _aspect_error(main_w + rest_area / column, max(main_h, column))
    order = 1 + np.lexsort((np.arange(1, count), -size[1:, 1 if below else 0], -sizes[1:]))
    if below:  # rows going down from under the main component, left-aligned with it
        corner = _shelves(size[order], row)
        corner[:, 1] = -corner[:, 1] - size[order, 1]
    else:  # columns going right from beside it, top-aligned with it
        corner = _shelves(size[order][:, ::-1], column)[:, ::-1]
        corner[:, 0] += main_w
        corner[:, 1] = main_h - corner[:, 1] - size[order, 1]
    target = np.zeros((count, 2))
    target[order] = corner
    x += (target - low)[comp]  # each component's lower-left corner to its place
    return x - (x[comp == 0].min(axis=0) + x[comp == 0].max(axis=0)) / 2


def _singles_in_a_block(x: np.ndarray, comp: np.ndarray, gap: float) -> tuple[np.ndarray, int | None]:
    """Nodes alone in their component, when there are more than ``SINGLES_APART``, are put on
    a grid in ``x`` (in place) and packed as one component, the last. The grid is as dense as
    the main drawing is on average (at least ``gap``): packed one by one at ``gap``, hundreds of
    them made a solid line beside a drawing of thousands. Returns the components renumbered
    (the block's number, or None)."""
    sizes = np.bincount(comp)
    alone = sizes == 1
    alone[0] = False  # a graph of single nodes: the first is still the main one
    if alone.sum() <= SINGLES_APART:
        return comp, None
    main = x[comp == 0]
    area = float(np.prod(np.ptp(main, axis=0) + gap))
    step = max(gap, np.sqrt(area / len(main)))
    nodes = np.flatnonzero(alone[comp])  # in node order
    columns = int(np.ceil(np.sqrt(len(nodes) * ASPECT)))
    k = np.arange(len(nodes))
    x[nodes] = np.column_stack([(k % columns) * step, -(k // columns) * step])
    kept = np.flatnonzero(~alone)  # the other components keep their order (0 first)
    number = np.zeros(len(sizes), dtype=np.int64)
    number[kept] = np.arange(len(kept))
    number[alone] = len(kept)
    return number[comp], len(kept)


def _aspect_error(width: float, height: float) -> float:
    return abs(np.log(max(width, 1e-9) / max(height, 1e-9) / ASPECT))


def _shelves(size: np.ndarray, width: float) -> np.ndarray:
    """Lower-left corners (x along a row, y down the rows) of boxes put in rows at most
    ``width`` wide, in the order given (next fit)."""
    corners = np.zeros((len(size), 2))
    x = y = row_height = 0.0
    for k, (w, h) in enumerate(size.tolist()):
        if x > 0 and x + w > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        corners[k] = (x, y)
        x += w
        row_height = max(row_height, h)
    return corners


def frame(positions: np.ndarray, shown: np.ndarray | None = None, share: float = 0.01,
          reach: float = 1.0, margin: float = 0.04) -> tuple[float, float, float, float] | None:
    """The box (x0, y0, x1, y1) a Fit should show: every shown node, except a few far off.

    The box of the central ``1 - 2 * share`` of the shown nodes (per axis) is grown by
    ``reach`` of its size on each side; shown nodes beyond that are "far off" and left out,
    the rest framed with ``margin`` around. A handful of nodes are all framed. None when
    nothing is shown."""
    return chunks.at_once(frame_steps(positions, shown, share, reach, margin))


FRAME_SAMPLE = 200_000  #: points whose quantiles decide a big frame's central box


def frame_steps(positions: np.ndarray, shown: np.ndarray | None = None, share: float = 0.01,
                reach: float = 1.0, margin: float = 0.04) -> Iterator[None]:
    """``frame``, yielding between its passes over the points (a caller that shows a big
    graph in steps); returns the box."""
    points = np.asarray(positions, dtype=float)
    if shown is not None:
        points = points[np.asarray(shown, dtype=bool)]
    points = points[np.isfinite(points).all(axis=1)]
    if not len(points):
        return None
    if len(points) > 20:
        yield
        low, high = np.empty(2), np.empty(2)
        # past FRAME_SAMPLE points, the central share is told from every k-th (a million: 50 ms a
        # quantile in one step, where a tenth of a percent of the nodes decide nothing)
        sample = points if len(points) <= FRAME_SAMPLE else points[::len(points) // FRAME_SAMPLE]
        for axis in (0, 1):
            low[axis], high[axis] = quantiles(sample[:, axis], [share, 1 - share])
            yield
        span = np.maximum(high - low, 1e-9)
        near = ((points >= low - reach * span) & (points <= high + reach * span)).all(axis=1)
        yield
        points = points[near]
        yield
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.maximum((high - low) * margin, 1.0 if len(points) == 1 else 0.5)
    low, high = low - pad, high + pad
    return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def place_around(centre: tuple[float, float] | np.ndarray, count: int, spacing: float = 1.0,
                 others: np.ndarray | None = None) -> np.ndarray:
    """(count, 2) places for a treaty's articles when it is expanded: a sunflower spiral (a
    disc filled evenly, in order from its middle out), the articles ``spacing`` apart and at
    least ``spacing`` from the treaty at ``centre``; about ``1.3 * spacing * sqrt(count)``
    across. Without ``others`` the disc is centred on the treaty; with them (the positions of
    the treaty's other neighbours) it sits next to the treaty, on the side away from them, so
    that the articles do not cover the treaty's other links."""
    centre = np.asarray(centre, dtype=float)
    k = np.arange(count, dtype=float)
    away = np.zeros(2)
    if others is not None and len(others):
        away = centre - np.asarray(others, dtype=float).reshape(-1, 2).mean(axis=0)
    length = float(np.hypot(*away))
    if length > 1e-9:  # a disc beside the treaty
        radius = 0.65 * spacing * np.sqrt(k + 0.5)
        middle = centre + away / length * (0.65 * spacing * np.sqrt(max(count, 1) - 0.5) + spacing)
    else:  # a disc around it, leaving room for it in the middle
        radius = 0.65 * spacing * np.sqrt(k + 0.5) + spacing
        middle = centre
    angle = k * GOLDEN_ANGLE
    return middle + np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
