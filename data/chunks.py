"""Long passes made in C, in brief steps: ``dict(zip(...))`` or ``list(map(...))`` over a
million items is one C call that holds the interpreter lock for a quarter of a second or more,
and the window's thread (which needs that lock) cannot answer meanwhile. These take the items
``store.CHUNK`` at a time, so each step is brief (see also ``data.columnwise.pieces``).
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from .store import CHUNK


def dict_of(pairs: Iterable, size: int) -> dict:
    """``dict(pairs)`` (``size`` pairs at most), a chunk at a time."""
    made: dict = {}
    pairs = iter(pairs)
    for _first in range(0, size, CHUNK):
        made.update(islice(pairs, CHUNK))
    return made


def list_of(values: Iterable, size: int) -> list:
    """``list(values)`` (``size`` values), a chunk at a time."""
    made: list = []
    values = iter(values)
    for _first in range(0, size, CHUNK):
        made += islice(values, CHUNK)
    return made
