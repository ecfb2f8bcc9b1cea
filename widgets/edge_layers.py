"""Edges at every zoom: which edges are drawn as lines, and the raster layer that stands for
the rest at an overview.

The cost of an edge is the pixels it covers: stroking 300,000 long edges takes seconds a frame
whatever the renderer. So an edge item draws only the edges that cross the part of the plane on
screen (``cull``); when they would cover more pixels than a budget, the best of them (the
heaviest, then the shortest: ``best``) are drawn as lines up to the budget and every shown edge
also goes into a ``Density`` raster: for each pixel, how many edges cross it and their mean colour, drawn with
the alpha that many overlapping lines of that alpha would give (1 - (1 - a)^n). A raster is
pure NumPy (no Qt), so it is computed off the interface thread, and a timeline step updates it
by adding the edges that appeared and taking away those that disappeared.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from data import chunks

#: the pixels that lines may cover in a frame on screen (Qt strokes about 4 ns a pixel here,
#: unsmoothed): beyond it the best lines up to it are drawn over a raster of every shown edge
BUDGET = 4_000_000
EXPORT_BUDGET = 150_000_000  #: the same for an export, which may take a second
EXPORT_RASTER_PIXELS = 2_400_000  #: an export's raster layer is made at most this large, then scaled
MAX_LINES = 20_000  #: and never more lines than this (a path costs about 1 µs an edge to build)
#: up to this many lines covering up to this many pixels are drawn antialiased, dashed and with
#: their widths; more are solid hairlines (Qt strokes a wide, dashed or smooth line as polygons:
#: 20,000 short smooth lines took 150 ms a frame, as hairlines 20 ms)
SMOOTH_LINES, SMOOTH_PIXELS = 5_000, 1_500_000
SAMPLES_PER_STEP = 1 << 20  #: line samples handled at a time (bounded memory, brief steps)


def cull(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
         rect: tuple[float, float, float, float]) -> np.ndarray:
    """Indices of the edges whose bounding box meets ``rect`` (left, top, right, bottom, in
    the edges' coordinates, top < bottom)."""
    left, top, right, bottom = rect
    lo_x, hi_x = np.minimum(x0, x1), np.maximum(x0, x1)
    lo_y, hi_y = np.minimum(y0, y1), np.maximum(y0, y1)
    return np.flatnonzero((hi_x >= left) & (lo_x <= right) & (hi_y >= top) & (lo_y <= bottom))


def best(weight: np.ndarray, pixels: np.ndarray, budget: float, most: int = MAX_LINES) -> np.ndarray:
    """Which of these edges (positions into the arrays given) to draw as lines: the heaviest
    (to a hundredth), then the shortest, until their pixels add up to ``budget``, at most
    ``most`` of them; in their original order."""
    return chunks.at_once(best_steps(weight, pixels, budget, most))


def best_steps(weight: np.ndarray, pixels: np.ndarray, budget: float, most: int = MAX_LINES,
               rows: int = 500_000) -> Iterator[None]:
    """``best`` (``weight`` may be a function of a slice, for weights read from a bigger array),
    the scores made ``rows`` edges a step and the best chosen in a step of their own; returns them."""
    score = np.empty(len(pixels))
    for start in range(0, len(pixels), rows):
        part = slice(start, start + rows)
        given = weight(part) if callable(weight) else weight[part]
        score[part] = -np.round(np.asarray(given, dtype=np.float64), 2) * 1e7 + pixels[part]
        yield
    if len(score) > most:  # the best ``most``, in linear time; only those are sorted
        candidates = np.argpartition(score, most - 1)[:most]
        yield
    else:
        candidates = np.arange(len(score))
    candidates = candidates[np.argsort(score[candidates], kind="stable")]
    count = int(np.searchsorted(np.cumsum(pixels[candidates]), budget, side="right"))
    return np.sort(candidates[:count])


def to_device(ends: np.ndarray, m: tuple, origin: tuple[float, float] = (0.0, 0.0)) -> tuple:
    """Edge ends (x0, y0, x1, y1 rows) through the affine map ``m`` (m11, m12, m21, m22, dx,
    dy), less ``origin``: pixel coordinates of a raster whose top left is at ``origin``."""
    x0, y0, x1, y1 = ends
    left, top = origin
    return (m[0] * x0 + m[2] * y0 + m[4] - left, m[1] * x0 + m[3] * y0 + m[5] - top,
            m[0] * x1 + m[2] * y1 + m[4] - left, m[1] * x1 + m[3] * y1 + m[5] - top)


def visible_lengths(x0, y0, x1, y1, width: int, height: int) -> np.ndarray:
    """The pixels each segment (pixel coordinates) covers inside a width x height screen."""
    lengths = np.maximum(np.abs(x1 - x0), np.abs(y1 - y0)) + 1.0
    out = (np.minimum(x0, x1) < 0) | (np.minimum(y0, y1) < 0) | (np.maximum(x0, x1) >= width) \
        | (np.maximum(y0, y1) >= height)
    if out.any():  # only segments that leave the screen are clipped
        a, b, c, d, keep = _clip(x0[out], y0[out], x1[out], y1[out], width, height)
        lengths[out] = np.where(keep, np.maximum(np.abs(c - a), np.abs(d - b)) + 1.0, 0.0)
    return lengths


def _clip(x0, y0, x1, y1, width: int, height: int):
    """Segments clipped to [0, width) x [0, height) (Liang-Barsky), and which survive."""
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = np.zeros(len(x0)), np.ones(len(x0))
    keep = np.ones(len(x0), dtype=bool)
    for p, q in ((-dx, x0), (dx, width - 1e-6 - x0), (-dy, y0), (dy, height - 1e-6 - y0)):
        parallel = p == 0
        keep &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        entering = (p < 0) & ~parallel
        leaving = (p > 0) & ~parallel
        t0 = np.where(entering, np.maximum(t0, r), t0)
        t1 = np.where(leaving, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy, keep


@dataclass
class Density:
    """Per pixel of a ``width`` x ``height`` raster: how many edges cross it and the sums of
    their colours (so a mean colour), as flat float arrays."""

    width: int
    height: int
    count: np.ndarray
    colour: np.ndarray  #: (3, width * height) sums of red, green, blue

    @classmethod
    def empty(cls, width: int, height: int) -> "Density":
        size = width * height
        return cls(width, height, np.zeros(size, np.float32), np.zeros((3, size), np.float32))

    def copy(self) -> "Density":
        return Density(self.width, self.height, self.count.copy(), self.colour.copy())

    def add(self, x0, y0, x1, y1, rgb: np.ndarray, sign: float = 1.0) -> None:
        """Add (``sign`` 1) or take away (-1) segments given in pixel coordinates (pixel (i, j)
        covers [i, i + 1) x [j, j + 1)); each crosses a pixel at most once."""
        x0, y0, x1, y1, keep = _clip(*(np.asarray(a, dtype=np.float64) for a in (x0, y0, x1, y1)),
                                     self.width, self.height)
        x0, y0, x1, y1, rgb = x0[keep], y0[keep], x1[keep], y1[keep], np.asarray(rgb, np.float32)[keep]
        steps = np.ceil(np.maximum(np.abs(x1 - x0), np.abs(y1 - y0))).astype(np.int64) + 1
        first = 0
        while first < len(steps):  # groups of segments with a bounded number of samples
            total = np.cumsum(steps[first:])
            last = first + max(1, int(np.searchsorted(total, SAMPLES_PER_STEP)))
            self._add_group(slice(first, last), x0, y0, x1, y1, rgb, steps, sign)
            first = last

    def _add_group(self, part: slice, x0, y0, x1, y1, rgb, steps, sign: float) -> None:
        k = steps[part]
        segment = np.repeat(np.arange(len(k)), k)
        starts = np.cumsum(k) - k
        t = (np.arange(len(segment)) - starts[segment]) / np.maximum(k - 1, 1)[segment]
        ax, ay = x0[part][segment], y0[part][segment]
        px = np.floor(ax + t * (x1[part][segment] - ax)).astype(np.int64)
        py = np.floor(ay + t * (y1[part][segment] - ay)).astype(np.int64)
        np.clip(px, 0, self.width - 1, out=px)
        np.clip(py, 0, self.height - 1, out=py)
        flat = py * self.width + px
        # a line's samples go one way, so a pixel it crosses twice is crossed by neighbours
        once = np.ones(len(flat), dtype=bool)
        once[1:] = (flat[1:] != flat[:-1]) | (segment[1:] != segment[:-1])
        flat, segment = flat[once], segment[once]
        size = self.width * self.height
        self.count += sign * np.bincount(flat, minlength=size).astype(np.float32)
        colours = rgb[part][segment]
        for channel in range(3):
            self.colour[channel] += sign * np.bincount(flat, weights=colours[:, channel], minlength=size
                                                       ).astype(np.float32)

    def argb(self, alpha: float, flip: bool = False) -> np.ndarray:
        """The raster as premultiplied 32-bit ARGB pixels, (height, width): each pixel the mean
        colour of its edges with the alpha of that many overlapping lines of ``alpha``;
        ``flip`` puts the last row first."""
        count = np.maximum(self.count, 0)
        a = 1.0 - np.power(1.0 - alpha, count)
        mean = self.colour / np.maximum(count, 1)
        premultiplied = np.clip(mean * a, 0, 255).astype(np.uint32)
        pixels = (np.round(a * 255).astype(np.uint32) << 24) | (premultiplied[0] << 16) \
            | (premultiplied[1] << 8) | premultiplied[2]
        image = pixels.reshape(self.height, self.width)
        return np.ascontiguousarray(image[::-1]) if flip else image


def density_of(x0, y0, x1, y1, rgb, width: int, height: int, base: Density | None = None,
               gone: tuple | None = None) -> Density:
    """The density of these segments (pixel coordinates); from ``base`` plus these, minus the
    segments in ``gone`` (x0, y0, x1, y1, rgb) when a base is given: a timeline step."""
    density = base.copy() if base is not None else Density.empty(width, height)
    density.add(x0, y0, x1, y1, rgb)
    if gone is not None:
        density.add(*gone, sign=-1.0)
    return density
