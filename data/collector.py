"""Python's cyclic garbage collector around loading a dataset.

Loading makes a million objects (rows, entities, labels) and no reference cycles among them.
While the collector runs, each of its passes walks every object made since: at 100,000 entities
one pass held the interpreter lock for 270 ms (measured), and the window, whose thread needs that
lock, froze meanwhile; after loading, the first passes walk the whole dataset again, then every
full pass does. So ``loading()`` pauses the collector while a dataset loads and then moves
everything alive into the collector's permanent generation (``gc.freeze``), which no pass walks.
Such objects are still freed when nothing refers to them; only a reference cycle among objects
frozen this way is never collected (a loaded dataset has none).
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def loading() -> Iterator[None]:
    """Pause the collector for the block (nested and from several threads: the outermost
    block decides), then freeze what is alive."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled:
                    gc.enable()
