"""The full layout of a big graph, computed in a separate process while the quick one is shown.

The layout's NumPy steps hold the interpreter lock for long stretches, so a thread would make the
window stutter for the whole run (up to a minute and a half at a million nodes); a process of its
own (started with ``spawn``, safe beside Qt's threads) leaves the window free. The window polls
it, and applies the result when the timeline is not playing. A plain process and a pipe, stopped
outright on a cancel (a ``multiprocessing.Pool`` stopped while it worked could start new workers
as the application quit, as ``ui.lock_free`` found).
"""
from __future__ import annotations

import multiprocessing

from PySide6.QtCore import QObject, QTimer, Signal

from data import layout
from data.graph import Graph
from . import pipe_pieces
from .lock_free import BELOW_THE_WINDOW
from .tasks import run_task

REAP_MS, REAP_TRIES = 50, 100  #: how often, and how many times, a stopped process is looked at


class LayoutRefiner(QObject):
    """Signals:
    refined(object, object): the graph it was computed for and its (n, 2) positions.
    failed(str): one sentence; the quick layout stays.
    """

    refined = Signal(object, object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, poll_ms: int = 250):
        super().__init__(parent)
        self._run = None  #: (process, connection) of the run under way
        self._graph: Graph | None = None
        self._stopping: list = []  #: (process, looks left) of the runs stopped and not yet exited
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self._poll)

    def start(self, graph: Graph) -> None:
        """Lay ``graph`` out fully; any earlier run is stopped first."""
        self.cancel()
        context = multiprocessing.get_context("spawn")
        ends: list = []  # every pipe end made so far: closed if no process starts
        try:
            mine, theirs = context.Pipe(duplex=False)  # the answer
            ends += [mine, theirs]
            job_in, job_out = context.Pipe(duplex=False)  # the graph
            ends += [job_in, job_out]
            process = context.Process(target=_lay_out, name="treatyscope-layout", daemon=True, args=(theirs, job_in))
            process.start()
            theirs.close()
            job_in.close()
        except (OSError, ValueError, RuntimeError) as exc:  # no process could be started: keep the quick one
            for end in ends:
                end.close()
            self.failed.emit(f"The full layout could not be started ({exc}); the quick layout stays.")
            return
        # the graph goes down its pipe from a worker: a pipe holds 64 KB, and a write of the arrays
        # (7 MB at 100,000 entities) waits until the new process reads them, 0.4 s after its start
        job = (graph.node_count, graph.src, graph.dst, graph.weight)
        run_task(lambda _report: _send(job_out, job), name="Sending the graph to the layout process", owner=self,
                 on_finished=lambda _none: None, on_failed=lambda _message: None)
        self._run, self._graph = (process, mine), graph
        self._timer.start()

    def cancel(self) -> None:
        """Stop a run (a new dataset was opened, or the window closes): its process is told to
        stop and closed once it has (``_reap``), not waited for here (a wait of 0.2 s in the
        first step of showing the next dataset)."""
        self._timer.stop()
        run, self._run, self._graph = self._run, None, None
        if run is not None:
            process, connection = run
            connection.close()
            process.terminate()
            self._stopping.append((process, REAP_TRIES))
            self._reap()

    def _reap(self) -> None:
        """Close the stopped processes that have exited; look again soon while some have not
        (for five seconds, as the wait for them did)."""
        waiting = []
        for process, tries in self._stopping:
            process.join(0)
            if process.exitcode is not None:
                process.close()
            elif tries > 1:
                waiting.append((process, tries - 1))
        self._stopping = waiting
        if waiting:
            QTimer.singleShot(REAP_MS, self, self._reap)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run ends and deliver its result (for the benchmark and tests)."""
        if self._run is None:
            return False
        self._run[1].poll(timeout)
        return self._poll()

    def _poll(self) -> bool:
        if self._run is None:
            return False
        (process, connection), graph = self._run, self._graph
        try:
            if not connection.poll():
                if process.is_alive():
                    return False
                raise EOFError
            ok, answer = connection.recv()
        except (EOFError, OSError):  # the process died (killed, out of memory) with no answer
            ok, answer = False, "the process that computed it stopped unexpectedly"
        self.cancel()
        if not ok:
            self.failed.emit(f"The full layout failed ({answer}); the quick layout stays.")
            return False
        self.refined.emit(graph, answer)
        return True


def _send(connection, job) -> None:
    """The graph to the layout process (a stopped one no longer reads it: nothing to send)."""
    try:
        pipe_pieces.send(connection, job)
    except (BrokenPipeError, OSError):
        pass
    finally:
        connection.close()


def _lay_out(connection, job) -> None:
    """The process: the graph from ``job``, its full layout sent back on ``connection`` (or why
    it failed, in words)."""
    initializer, arguments = BELOW_THE_WINDOW
    if initializer is not None:
        initializer(*arguments)  # frames first
    try:
        n, src, dst, weight = pipe_pieces.receive(job)
    except (EOFError, OSError):  # the window stopped it before sending the graph
        return
    try:
        answer = (True, layout.refine_job(n, src, dst, weight))
    except KeyboardInterrupt:  # Ctrl+C in the terminal reaches the whole process group
        return
    except Exception as exc:  # noqa: BLE001 - the window says it, and the quick layout stays
        answer = (False, str(exc) or type(exc).__name__)
    try:
        connection.send(answer)
    except (BrokenPipeError, OSError):  # cancelled meanwhile: nobody waits for it
        pass
