"""Letting go of a big dataset a part at a time.

Python frees an object when the last reference to it goes, and everything only it held with it,
in one go: at a million entities the last dataset's entities, their fields and names took most
of a second, in the step of opening another dataset where the state let go of the last one
(the window froze then). ``release_steps`` holds the last references itself and empties the big
containers inside them (lists and dicts of more than ``ROWS`` items, arrays of records holding
objects) a slice at a time, so that each slice frees a part of them; a container or an object
that something else still refers to is left alone (it is freed, at once as before, when that
lets go of it).
"""
from __future__ import annotations

import sys
from typing import Iterator

import numpy as np

ROWS = 20_000  #: items of a container let go of in one step


def release_steps(*objects: object) -> Iterator[None]:
    """Let go of ``objects`` (the caller's last references to them), their big containers a
    slice at a time, yielding between slices."""
    held = list(objects)
    del objects
    while held:
        # referred to by ``held``, _alone's parameter and getrefcount's argument only
        if _alone(held[-1], 3):
            yield from _clear(held[-1]) if isinstance(held[-1], np.ndarray) else _empty(held[-1])
        held.pop()
        yield


def let_go(values: dict[object, list]) -> None:
    """Free the lists in ``values`` (the caller's last reference to it) that nothing else refers
    to, ``ROWS`` items at a time: on a worker thread, freeing three million strings at once held
    the interpreter lock, and so the window, ~0.2 s; between slices the window's thread gets in."""
    while values:
        _key, items = values.popitem()
        # referred to by ``items``, _alone's parameter and getrefcount's argument only
        if type(items) is list and _alone(items, 3):
            while items:
                del items[-ROWS:]
        del items


def _alone(value: object, references: int) -> bool:
    return sys.getrefcount(value) <= references


def _clear(array: np.ndarray) -> Iterator[None]:
    """Let go of the objects a big array of records holds (a scatter item's), a slice at a time."""
    names = [name for name in (array.dtype.names or ()) if array.dtype[name].hasobject]
    if len(array) <= ROWS or not names or array.ndim != 1:
        return
    for start in range(0, len(array), ROWS):
        for name in names:
            array[name][start:start + ROWS] = None
        yield


def _empty(owner: object) -> Iterator[None]:
    """Empty ``owner``'s big list and dict attributes that nothing else refers to."""
    attributes = getattr(owner, "__dict__", None)
    if attributes is None:
        return
    names = [name for name, value in attributes.items()
             if type(value) in (list, dict) and len(value) > ROWS]
    for name in names:
        # referred to by the attributes, _alone's parameter and getrefcount's argument only
        if not _alone(attributes[name], 3):
            continue
        container = attributes[name]
        while container:
            if type(container) is list:
                del container[-ROWS:]
            else:
                for _ in range(min(ROWS, len(container))):
                    container.popitem()
            yield
        del container
