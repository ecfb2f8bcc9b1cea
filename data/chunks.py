"""Long passes made in C, in brief steps: ``dict(zip(...))`` or ``list(map(...))`` over a
million items is one C call that holds the interpreter lock for a quarter of a second or more,
and the window's thread (which needs that lock) cannot answer meanwhile. These take the items
``store.CHUNK`` at a time, so each step is brief (see also ``data.columnwise.pieces``).
"""
from __future__ import annotations

import heapq
from collections.abc import Generator, Iterable
from itertools import islice

from .store import CHUNK


def dict_of(pairs: Iterable, size: int) -> dict:
    """``dict(pairs)`` (``size`` pairs at most), a chunk at a time."""
    return update({}, pairs, size)


def update(made: dict, pairs: Iterable, size: int) -> dict:
    """``made.update(pairs)`` (``size`` pairs at most), a chunk at a time; ``made``."""
    pairs = iter(pairs)
    for _first in range(0, size, CHUNK):
        made.update(islice(pairs, CHUNK))
    return made


def list_of(values: Iterable, size: int) -> list:
    """``list(values)`` (``size`` values), a chunk at a time."""
    return at_once(list_steps(values, size))


def tolist(values) -> list:
    """``values.tolist()`` of a one-dimensional NumPy array, a chunk at a time (a million numbers
    made Python objects in one call held the lock 80-115 ms on the loading worker)."""
    if len(values) <= CHUNK:
        return values.tolist()
    made: list = []
    for first in range(0, len(values), CHUNK):
        made += values[first:first + CHUNK].tolist()
    return made


def list_steps(values: Iterable, size: int, rows: int = CHUNK) -> Generator[None, None, list]:
    """``list_of``, yielding after each ``rows`` values (a caller that shows its work in steps);
    returns the list."""
    made: list = []
    values = iter(values)
    for first in range(0, size, rows):
        made += islice(values, rows)
        if first + rows < size:
            yield
    return made


def sorted_positions(keys: list) -> list[int]:
    """``sorted(range(len(keys)), key=keys.__getitem__)``, its lock held briefly: each chunk is
    sorted alone, then the runs are merged by ``heapq.merge`` (Python steps, which let the
    window's thread in). Stable as the plain sort is: of equal keys, the earlier run's first.
    A million keys: one sort held the lock 0.8 s on the loading worker (measured)."""
    if len(keys) <= CHUNK:
        return sorted(range(len(keys)), key=keys.__getitem__)
    runs = [sorted(range(first, min(first + CHUNK, len(keys))), key=keys.__getitem__)
            for first in range(0, len(keys), CHUNK)]
    return list(heapq.merge(*runs, key=keys.__getitem__))


def at_once(steps: Generator):
    """Run a generator of steps (a long pass that yields between slices, for a caller that
    shows its work in steps) to its end at once; what it returns."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
