"""One benchmark run in its own process (so that peak memory is its own): open a dataset in the
real window offscreen, through the File command a user would use (loading on a worker), and time
what a user waits for. Prints one JSON object.

While a dataset opens, a timer ticks every 10 ms on the interface thread; the longest gap between
two ticks, less the 10 ms, is the longest the window could not answer (a stall).
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TICK_MS = 10
SELECTS = 9  #: nodes clicked for "select a node": the median of their times


def paint(window) -> None:
    """Force the frame to be painted now (what a user would see)."""
    window.redraw()
    window.canvas.view.viewport().repaint()


class Stalls:
    """The longest gap between ticks of a timer on the interface thread since ``reset``."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def worst_ms(self) -> float:
        self._tick()
        return max(0.0, 1000 * self.longest - TICK_MS)


def run_until(condition, seconds: float) -> bool:
    """Let the event loop run until ``condition()`` holds (True) or time runs out (False)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > end:
            return False
        QCoreApplication.processEvents(QEventLoop.AllEvents, 20)
        time.sleep(0.001)
    return True


class FirstGraphPaint:
    """When the canvas first finished painting a graph other than ``old`` with nodes on it (a
    dataset is shown in steps: the graph is painted before the last steps, the timeline's marks
    and the panels, are done)."""

    def __init__(self, canvas, old):
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.canvas, self.old, self.at = canvas, old, None
        watcher = self

        class Filter(QObject):
            def eventFilter(self, _obj, event) -> bool:
                if (event.type() == QEvent.Type.Paint and watcher.at is None and canvas.graph is not None
                        and canvas.graph is not watcher.old and len(canvas.shown)):
                    QTimer.singleShot(0, watcher.stamp)  # after the paint has been done
                return False
        self.filter = Filter()
        canvas.view.viewport().installEventFilter(self.filter)

    def stamp(self) -> None:
        if self.at is None:
            self.at = time.perf_counter()

    def close(self) -> None:
        self.canvas.view.viewport().removeEventFilter(self.filter)


def open_and_time(window, path: Path, stalls: Stalls) -> tuple[float, float]:
    """Open through the File command; seconds to the first painted graph, and the longest stall
    from the click until half a second after the dataset is fully shown."""
    done: list[bool] = []

    def opened() -> None:
        done.append(True)
    window.files.loaded.connect(opened)
    first = FirstGraphPaint(window.canvas, window.canvas.graph)
    stalls.reset()
    t0 = time.perf_counter()
    window.files.open_path(path)
    if not run_until(lambda: bool(done), 3600):
        raise RuntimeError(f"{path} did not open")
    if first.at is None:  # shown without a paint of its own (no event loop turn): paint it now
        paint(window)
        first.stamp()
    seconds = first.at - t0
    first.close()
    run_until(lambda: False, 0.5)
    window.files.loaded.disconnect(opened)
    return seconds, stalls.worst_ms()


def measure(path: Path, steps: int = 100, reference_layout: bool = True) -> dict:
    import numpy as np

    from data import layout
    from ui.app import application
    from ui.export import render_widget
    from ui.main_window import MainWindow
    from ui.settings import Settings

    app = application()  # as a user's: the same style (its focus rings draw every cell too)
    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        window = MainWindow(Settings(Path(scratch) / "s.ini"), cache_folder=Path(scratch) / "cache")
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        stalls = Stalls()
        written: list = []
        window.files.cache_written.connect(written.append)
        t0 = time.perf_counter()
        results["open_first_graph_s"], results["open_stall_ms"] = open_and_time(window, path, stalls)
        graph = window.state.graph
        stalls.reset()  # the dataset cache, written in the background a second after the open: the window
        run_until(lambda: bool(written), 600)  # answers meanwhile (a user may be working)
        results["cache_stall_ms"] = stalls.worst_ms()
        if window.state.layout.provisional and reference_layout:  # the full layout, from its process
            window.refiner.wait()
            results["full_layout_in_place_s"] = time.perf_counter() - t0
        if reference_layout:
            t0 = time.perf_counter()
            layout.compute(graph)
            results["layout_s"] = time.perf_counter() - t0
        results["reopen_cached_s"], results["reopen_stall_ms"] = open_and_time(window, path, stalls)
        state = window.state
        first, last = state.dataset.date_range()
        timings = []
        for day in [int(d) for d in np.linspace(first, last, steps)]:
            t0 = time.perf_counter()
            state.set_day(day)
            paint(window)
            timings.append(time.perf_counter() - t0)
        timings.sort()
        results["step_median_ms"] = 1000 * statistics.median(timings)
        results["step_p95_ms"] = 1000 * timings[int(0.95 * (len(timings) - 1))]
        graph = state.graph
        busiest = int(graph.degree().argmax())
        selects = []
        # the busiest node and eight spread over the dataset (the first and the last among them):
        # the median of three clicks moved by a third between runs
        spread = np.linspace(0, graph.node_count - 1, SELECTS - 1).astype(int).tolist()
        for entity_id in [graph.ids[busiest]] + [graph.ids[i] for i in spread]:
            t0 = time.perf_counter()
            state.select([entity_id])  # the detail panel follows at once
            paint(window)
            window._trees_follow.flush()  # the trees follow a moment later: counted too
            selects.append(time.perf_counter() - t0)
        results["select_ms"] = 1000 * statistics.median(selects)
        t0 = time.perf_counter()
        render_widget(window.canvas, 3840)
        results["export_3840_s"] = time.perf_counter() - t0
        results["entities"] = graph.node_count
        results["relations"] = graph.relation_count
        window.close()
    results["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


if __name__ == "__main__":
    arguments = sys.argv[1:]
    reference = "--no-layout" not in arguments
    arguments = [a for a in arguments if a != "--no-layout"]
    print(json.dumps(measure(Path(arguments[0]), int(arguments[1]) if len(arguments) > 1 else 100, reference)))
