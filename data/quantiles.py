"""Quantiles and medians by ``np.partition``, as NumPy's defaults give them.

``np.quantile``, ``np.percentile`` and ``np.median`` import ``numpy.ma`` on their first call
(20-25 ms, measured), and the window's start-up used to pay it while sizing and framing the
bundled dataset's first picture. These give the same numbers for finite values (NumPy's
"linear" method) without that import; NaN is not looked for.
"""
from __future__ import annotations

import numpy as np


def quantiles(values: np.ndarray, shares) -> np.ndarray:
    """The ``shares`` (each in [0, 1]) quantiles of ``values`` along its first axis, as
    ``np.quantile(values, shares, axis=0)`` with the default linear interpolation. ``values``
    must not be empty."""
    values = np.asarray(values)
    shares = np.asarray(shares, dtype=float)
    n = len(values)
    if n == 0:
        raise ValueError("no values to take quantiles of")
    place = shares * (n - 1)
    below = np.floor(place).astype(np.int64)
    above = np.minimum(below + 1, n - 1)
    ordered = np.partition(values, sorted(set(below.tolist()) | set(above.tolist())), axis=0)
    low, high = ordered[below].astype(float), ordered[above].astype(float)
    weight = (place - below).reshape((-1,) + (1,) * (values.ndim - 1))
    gap = high - low  # NumPy's interpolation: from the nearer of the two ends
    return np.where(weight >= 0.5, high - gap * (1 - weight), low + gap * weight)


def median(values: np.ndarray) -> float:
    """``np.median`` of a one-dimensional array (NaN when it is empty): the middle value, or the
    mean of the two middle ones."""
    n = len(values)
    if n == 0:
        return float("nan")
    half = n // 2
    if n % 2:
        return float(np.partition(values, half)[half])
    low, high = np.partition(values, [half - 1, half])[half - 1:half + 1]
    return float((float(low) + float(high)) / 2)
