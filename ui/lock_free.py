"""Work that would hold the interpreter lock for long, run in a process of its own.

igraph's algorithms (centrality, communities) hold Python's interpreter lock for the whole of a
computation: on a worker thread they still froze the window (0.4 s at 10,000 shown entities,
measured), since the interface thread cannot run Python meanwhile. ``run(function, *args)``
sends the call to one ``spawn`` process, started at the first call and kept, and waits for the
answer (the calling thread, a background task, waits without the lock). Only plain arrays cross
the process boundary. When no process can be started, the call runs in the calling thread. The
process runs at a lower priority than the window (``BELOW_THE_WINDOW``).

A process that dies (killed, out of memory) loses its call: the caller gets an error, and the
next call starts a new process. When the application quits, the process is stopped and a call
waiting for it ends as cancelled.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from typing import Any, Callable

from .tasks import Cancelled

POLL_S = 0.25  #: how often a waiting call checks that its process is still there
#: a process's initializer and its arguments: a lower priority than the window's (where the
#: system has one), so that on a busy machine the window's frames come first
BELOW_THE_WINDOW = (os.nice, (10,)) if hasattr(os, "nice") else (None, ())
_lock = threading.Lock()
_pool = None
_unavailable = False


class ProcessLost(RuntimeError):
    """The process died while it worked on a call."""


def run(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in the shared process (``function`` importable by name, arguments
    and answer picklable); an exception it raises is raised here."""
    pool = _the_pool()
    if pool is None:
        return function(*args)
    workers = _alive(pool)
    answer = pool.apply_async(function, args)
    while True:
        try:
            return answer.get(POLL_S)
        except multiprocessing.TimeoutError:
            if _pool is not pool:
                raise Cancelled() from None  # the application quits
            if _alive(pool) != workers:
                _forget(pool)
                raise ProcessLost("the process that computes it stopped unexpectedly") from None


def _the_pool():
    global _pool, _unavailable
    with _lock:
        if _pool is None and not _unavailable:
            try:
                _pool = multiprocessing.get_context("spawn").Pool(1, *BELOW_THE_WINDOW)
                atexit.register(_close)
            except (OSError, ValueError):  # no process can be started here: run in this thread
                _unavailable = True
        return _pool


def _alive(pool) -> list[int]:
    return [p.pid for p in pool._pool if p.exitcode is None]


def _forget(pool) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.terminate()


def _close() -> None:
    """Stop the process before the interpreter tears its modules down (a pool left to its
    finaliser then complains)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.terminate()
        pool.join()
