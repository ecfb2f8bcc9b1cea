"""One benchmark run in its own process (so that peak memory is its own): open a dataset in the
real window offscreen and time what a user waits for. Prints one JSON object."""
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


def paint(window) -> None:
    """Force the frame to be painted now (what a user would see)."""
    window.redraw()
    window.canvas.view.viewport().repaint()


def measure(path: Path, steps: int = 100) -> dict:
    from PySide6.QtWidgets import QApplication

    from data import layout
    from ui.export import render_widget
    from ui.loading import load_all
    from ui.main_window import MainWindow
    from ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    results: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "layouts"
        window = MainWindow(Settings(Path(scratch) / "s.ini"), cache_folder=cache)
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        t0 = time.perf_counter()
        loaded = load_all(path, cache, quick=True)  # as the window's loader does
        window.open_dataset(loaded.dataset, loaded.graph, loaded.positions, loaded.pinned,
                            provisional=loaded.provisional)
        paint(window)
        results["open_first_graph_s"] = time.perf_counter() - t0
        graph = loaded.graph
        if loaded.provisional:  # the full layout, from its background process, then cached
            window.refiner.wait()
            results["full_layout_in_place_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        layout.compute(graph)
        results["layout_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = load_all(path, cache, quick=True)
        window.open_dataset(again.dataset, again.graph, again.positions, again.pinned)
        paint(window)
        results["reopen_cached_s"] = time.perf_counter() - t0
        first, last = again.dataset.date_range()
        timings = []
        for day in [int(d) for d in __import__("numpy").linspace(first, last, steps)]:
            t0 = time.perf_counter()
            window.state.set_day(day)
            paint(window)
            timings.append(time.perf_counter() - t0)
        timings.sort()
        results["step_median_ms"] = 1000 * statistics.median(timings)
        results["step_p95_ms"] = 1000 * timings[int(0.95 * (len(timings) - 1))]
        busiest = int(graph.degree().argmax())
        selects = []
        for entity_id in (graph.ids[busiest], graph.ids[0], graph.ids[-1]):
            t0 = time.perf_counter()
            window.state.select([entity_id])
            paint(window)
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
    print(json.dumps(measure(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100)))
