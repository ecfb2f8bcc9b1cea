"""Work that would hold the interpreter lock for long, run in a process of its own.

igraph's algorithms (centrality, communities) hold Python's interpreter lock for the whole of a
computation: on a worker thread they still froze the window (0.4 s at 10,000 shown entities,
measured), since the interface thread cannot run Python meanwhile. ``run(function, *args)``
sends the call to one ``spawn`` process, started at the first call and kept, and waits for the
answer (the calling thread, a background task, waits without the lock); calls take turns. Only
plain arrays cross the process boundary, in pieces (``ui.pipe_pieces``). When no process can be
started, the call runs in the calling thread. The process runs at a lower priority than the
window (``BELOW_THE_WINDOW``).

A process that dies (killed, out of memory) loses its call: the caller gets an error, and the
next call starts a new process. When the application quits, the process is stopped and a call
waiting for it ends as cancelled. (A plain process and a pipe, not a ``multiprocessing.Pool``:
a pool stopped while it worked sometimes started new workers that failed as the application quit.)
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from . import pipe_pieces
from .tasks import Cancelled

POLL_S = 0.25  #: how often a waiting call checks that its process is still there
#: a process's initializer and its arguments: a lower priority than the window's (where the
#: system has one), so that on a busy machine the window's frames come first
BELOW_THE_WINDOW = (os.nice, (10,)) if hasattr(os, "nice") else (None, ())

_turn = threading.Lock()  #: one call at a time
_lock = threading.Lock()  #: guards the process
_process = None  #: (process, connection) or None
_unavailable = False
_closing = False  #: the application quits


class ProcessLost(RuntimeError):
    """The process died while it worked on a call."""


def run(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` in the shared process (``function`` importable by name, arguments
    and answer picklable); an exception it raises is raised here."""
    with _turn:
        started = _the_process()
        if started is None:
            return function(*args)
        process, connection = started
        _send(started, connection, function, args)
        ok, answer = _answer(started, process, connection)
    if not ok:
        raise answer
    return answer


@contextmanager
def meanwhile(function: Callable[..., Any], *args: Any) -> Iterator[Callable[[], Any]]:
    """``function(*args)`` sent to the shared process now, while the calling thread works on:
    the block gets ``answer()``, which waits for the answer (an exception it raised is raised
    there). The process keeps its turn until the block ends; a block left without the answer
    (an error, a cancel) stops the process, whose answer no other call may read (the next call
    starts another). With no process, ``answer()`` runs the call in the calling thread."""
    with _turn:
        started = _the_process()
        if started is None:
            yield lambda: function(*args)
            return
        process, connection = started
        read = []

        def answer() -> Any:
            if not read:
                read.append(_answer(started, process, connection))
            ok, value = read[0]
            if not ok:
                raise value
            return value

        _send(started, connection, function, args)
        try:
            yield answer
        finally:
            if not read and _process is started:
                _stop(started)


def _send(started, connection, function: Callable[..., Any], args: tuple) -> None:
    """Send a call to the process; Cancelled when it is being stopped, ProcessLost when it is gone."""
    try:
        pipe_pieces.send(connection, (function, args))
    except (EOFError, OSError):  # the pipe broke: the process is gone, or being stopped
        if _process is not started:
            raise Cancelled() from None
        raise _lost(started) from None


def _answer(started, process, connection) -> tuple[bool, Any]:
    """The answer to the call sent on ``connection``: (True, value) or (False, exception)."""
    try:
        while not connection.poll(POLL_S):
            if _process is not started:
                raise Cancelled()  # the application quits
            if not process.is_alive():
                raise _lost(started)
        return pipe_pieces.receive(connection)
    except (EOFError, OSError):
        if _process is not started:
            raise Cancelled() from None
        raise _lost(started) from None


def _serve(connection, initializer, arguments) -> None:
    """The process: answer each call until the pipe closes."""
    if initializer is not None:
        initializer(*arguments)
    try:
        while True:
            try:
                function, args = pipe_pieces.receive(connection)
            except EOFError:
                return
            try:
                answer = (True, function(*args))
            except Exception as exc:  # noqa: BLE001 - handed back to the caller, who raises it
                answer = (False, exc)
            try:
                pipe_pieces.send(connection, answer)
            except Exception as exc:  # noqa: BLE001 - an answer or error that cannot be pickled
                pipe_pieces.send(connection, (False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    except KeyboardInterrupt:  # Ctrl+C in the terminal reaches the whole process group
        return


def _the_process():
    global _process, _unavailable
    with _lock:
        if _closing or sys.is_finalizing():
            raise Cancelled()  # the application quits: no new process now
        if _process is None and not _unavailable:
            context = multiprocessing.get_context("spawn")
            try:
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, *BELOW_THE_WINDOW), daemon=True,
                                          name="treatyscope-lock-free")
                process.start()
                theirs.close()
                _process = (process, mine)
            except (OSError, ValueError):  # no process can be started here: run in this thread
                _unavailable = True
        return _process


def _lost(started) -> ProcessLost:
    """The process died under a call: forget it (the next call starts another)."""
    _stop(started)
    return ProcessLost("the process that computes it stopped unexpectedly")


def _stop(started) -> None:
    global _process
    with _lock:
        if _process is started:
            _process = None
    process, connection = started
    process.terminate()
    process.join(5)
    connection.close()
    if process.exitcode is not None:
        process.close()  # its file descriptors now, not in a finaliser as the interpreter quits


def _close() -> None:
    """Stop the process when the application quits (a call that waits for its turn then ends
    as cancelled, rather than start another process)."""
    global _closing
    with _lock:  # after a process being started, which is then stopped here
        _closing = True
        started = _process
    if started is not None:
        _stop(started)


atexit.register(_close)  # at import: a call that starts while the application quits is cancelled
