"""The full layout of a big graph, computed in a separate process while the quick one is shown.

The layout's NumPy steps hold the interpreter lock for long stretches, so a thread would make the
window stutter for the whole run (up to a minute and a half at a million nodes); a process of its
own (started with ``spawn``, safe beside Qt's threads) leaves the window free. The window polls
it, and applies the result when the timeline is not playing.
"""
from __future__ import annotations

import multiprocessing

from PySide6.QtCore import QObject, QTimer, Signal

from data import layout
from data.graph import Graph
from .lock_free import BELOW_THE_WINDOW


class LayoutRefiner(QObject):
    """Signals:
    refined(object, object): the graph it was computed for and its (n, 2) positions.
    failed(str): one sentence; the quick layout stays.
    """

    refined = Signal(object, object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, poll_ms: int = 250):
        super().__init__(parent)
        self._pool = None
        self._job = None
        self._graph: Graph | None = None
        self._timer = QTimer(self, interval=poll_ms)
        self._timer.timeout.connect(self._poll)

    def start(self, graph: Graph) -> None:
        """Lay ``graph`` out fully; any earlier run is stopped first."""
        self.cancel()
        try:
            self._pool = multiprocessing.get_context("spawn").Pool(1, *BELOW_THE_WINDOW)  # frames first
            self._job = self._pool.apply_async(
                layout.refine_job, (graph.node_count, graph.src, graph.dst, graph.weight))
        except (OSError, ValueError) as exc:  # no process could be started: keep the quick one
            self.cancel()
            self.failed.emit(f"The full layout could not be started ({exc}); the quick layout stays.")
            return
        self._graph = graph
        self._timer.start()

    def cancel(self) -> None:
        """Stop a run (a new dataset was opened, or the window closes)."""
        self._timer.stop()
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        self._pool = self._job = self._graph = None

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the run ends and deliver its result (for the benchmark and tests)."""
        if self._job is None:
            return False
        self._job.wait(timeout)
        return self._poll()

    def _poll(self) -> bool:
        if self._job is None or not self._job.ready():
            return False
        job, graph = self._job, self._graph
        self.cancel()
        try:
            positions = job.get()
        except Exception as exc:  # noqa: BLE001 - whatever the child raised, the quick layout stays
            self.failed.emit(f"The full layout failed ({exc}); the quick layout stays.")
            return False
        self.refined.emit(graph, positions)
        return True
