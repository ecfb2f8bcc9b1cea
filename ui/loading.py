"""Loading a dataset: read, validate, build the graph and lay it out, reporting progress. The
window runs ``load_all`` as a background task (``ui.tasks``), on its own SQLite connection."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from data import graph as graph_module, layout, loader, look
from data.graph import Graph
from data.model import Dataset
from data.problems import DatasetError


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
    try:
        dataset = loader.load(path, lambda step, f: report(step, f * 0.6))
    except MemoryError:
        raise DatasetError(f"{path}: the dataset does not fit in memory") from None
    report("Building the graph", 0.65)
    graph = graph_module.build(dataset)
    dataset.date_range()  # worked out here, off the interface thread, and kept
    cache = layout.cache_file(cache_folder, dataset.path) if cache_folder else None
    stored = look.positions(dataset, graph.ids)  # the dataset's own x, y columns
    if quick and graph.node_count > layout.QUICK_ABOVE and (cache is None or not cache.exists()) \
            and (stored is None or np.isnan(stored).any()):
        report("Laying out (a quick layout first)", 0.75)
        positions = layout.quick(graph)
        report("Done", 1.0)
        return Loaded(dataset, graph, positions, np.zeros(graph.node_count, dtype=bool), provisional=True)
    report("Laying out", 0.75)
    positions, pinned = layout.positions_for(graph, cache, stored)
    report("Done", 1.0)
    return Loaded(dataset, graph, positions, pinned)
