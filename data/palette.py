"""Colours that stay distinguishable side by side, for colouring communities: Tableau 10 first
(a palette designed for categories, whose colours hold up for most colour-blind readers too),
then a generated set, each colour the one farthest in CIELAB (how different people see two
colours) from all those before it, from the grey that marks "other" and from the white
background. No Qt here."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

#: Tableau 10 (2016) without its grey, which is kept for "other"
TABLEAU_10 = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f")
OTHER = "#9ca3af"  #: what is beyond the distinct colours, and unknown
BACKGROUND = "#ffffff"


def distinct_colours(count: int) -> tuple[str, ...]:
    """``count`` colours, Tableau 10's first, then generated ones; always the same."""
    return _generated(max(count, 0))[:count]


@lru_cache(maxsize=4)
def _generated(count: int) -> tuple[str, ...]:
    chosen = list(TABLEAU_10)
    if count <= len(chosen):
        return tuple(chosen)
    levels = np.linspace(0, 255, 18).round().astype(int)
    rgb = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), axis=-1).reshape(-1, 3)
    lab = to_lab(rgb)
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    usable = (lab[:, 0] > 38) & (lab[:, 0] < 82) & (chroma > 30) & (chroma < 70)  # not dark, pale, grey or garish
    rgb, lab = rgb[usable], lab[usable]
    taken = to_lab(np.array([_rgb(c) for c in (*chosen, OTHER, BACKGROUND)]))
    nearest = np.linalg.norm(lab[:, None] - taken[None], axis=2).min(axis=1)
    while len(chosen) < count:
        best = int(np.argmax(nearest))
        chosen.append("#{:02x}{:02x}{:02x}".format(*rgb[best]))
        nearest = np.minimum(nearest, np.linalg.norm(lab - lab[best], axis=1))
    return tuple(chosen)


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of 8-bit sRGB colours, (n, 3) in and out."""
    c = np.asarray(rgb, dtype=float).reshape(-1, 3) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = linear @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.column_stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])])


def difference(first: str, second: str) -> float:
    """How different two colours look: the distance between them in CIELAB (CIE76)."""
    a, b = to_lab(np.array([_rgb(first), _rgb(second)]))
    return float(np.linalg.norm(a - b))
