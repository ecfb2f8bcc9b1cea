"""Loading a dataset off the interface thread: read, validate, build the graph and lay it out
on a worker (its own SQLite connection), reporting progress; cancellable."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QRunnable, Signal

from data import graph as graph_module, layout, loader
from data.graph import Graph
from data.model import Dataset
from data.problems import DatasetError


class Cancelled(Exception):
    """The user cancelled the load."""


@dataclass
class Loaded:
    """Everything the window needs to show a dataset."""

    dataset: Dataset
    graph: Graph
    positions: np.ndarray
    pinned: np.ndarray
    provisional: bool = False  #: a quick layout, to be replaced by the full one


def load_all(path: Path, cache_folder: Path | None, progress=None, quick: bool = False) -> Loaded:
    """Read, validate, build and lay out; the same steps the worker runs, usable in one thread.

    ``quick``: a big graph with no cached layout gets a quick one (``Loaded.provisional``), for
    the window to refine in the background; otherwise the layout is the full one."""
    report = progress or (lambda _s, _f: None)
    dataset = loader.load(path, lambda step, f: report(step, f * 0.6))
    report("Building the graph", 0.65)
    graph = graph_module.build(dataset)
    dataset.date_range()  # worked out here, off the interface thread, and kept
    cache = layout.cache_file(cache_folder, dataset.path) if cache_folder else None
    if quick and graph.node_count > layout.QUICK_ABOVE and (cache is None or not cache.exists()):
        report("Laying out (a quick layout first)", 0.75)
        positions = layout.quick(graph)
        report("Done", 1.0)
        return Loaded(dataset, graph, positions, np.zeros(graph.node_count, dtype=bool), provisional=True)
    report("Laying out", 0.75)
    positions, pinned = layout.positions_for(graph, cache)
    report("Done", 1.0)
    return Loaded(dataset, graph, positions, pinned)


class LoadSignals(QObject):
    """Signals:
    progress(str, float): the step and the fraction done.
    loaded(object): a ``Loaded``.
    failed(str): one sentence for the user.
    cancelled(): the user cancelled.
    """

    progress = Signal(str, float)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class LoadWorker(QRunnable):
    """Runs ``load_all`` on a pool thread."""

    def __init__(self, path: Path, cache_folder: Path | None):
        super().__init__()
        self.path, self.cache_folder = Path(path), cache_folder
        self.signals = LoadSignals()
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    def _report(self, step: str, fraction: float) -> None:
        if self._cancel:
            raise Cancelled()
        self.signals.progress.emit(step, fraction)

    def run(self) -> None:
        try:
            result = load_all(self.path, self.cache_folder, self._report, quick=True)
            if self._cancel:
                raise Cancelled()
        except Cancelled:
            self.signals.cancelled.emit()
        except DatasetError as exc:
            self.signals.failed.emit(str(exc))
        except MemoryError:
            self.signals.failed.emit(f"{self.path}: the dataset does not fit in memory")
        else:
            self.signals.loaded.emit(result)
