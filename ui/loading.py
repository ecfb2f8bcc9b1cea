"""Loading a dataset: read, validate, build the graph and lay it out, reporting progress. The
window runs ``load_all`` as a background task (``ui.tasks``), on its own SQLite connection.

An unchanged file reopens from the dataset cache (``data.dataset_cache``) in the cache folder;
a file read afresh says so (``Loaded.cache_key``) and ``save_cache`` writes its entry (with the
quick layout it was shown on, if any, for a reopen before the full layout is cached), as a
background task of its own once the dataset is shown."""
from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from data import collector, dataset_cache, graph as graph_module, layout, loader, look
from data.frame import Frame
from data.frame_graph import graph_of
from data.graph import Graph
from data.model import Dataset
from data.problems import DatasetError
from data.search import SearchIndex
from widgets import tree_plans
from . import lock_free

#: above this many nodes a quick layout runs in the lock-free process (``ui.lock_free``) while
#: the worker makes what opening needs beside it: at a million nodes 7-9 s of each, side by
#: side on two cores; below it the process's start (about a second) would not pay
ELSEWHERE_ABOVE = 200_000


@dataclass
class Loaded:
    """Everything the window needs to show a dataset."""

    dataset: Dataset
    graph: Graph
    positions: np.ndarray
    pinned: np.ndarray
    provisional: bool = False  #: a quick layout, to be replaced by the full one
    cache_key: str | None = None  #: read afresh: the file's identity, to write its cache entry
    tree_plans: list | None = None  #: the trees' rows, planned here rather than on the interface thread
    search_index: SearchIndex | None = None  #: likewise, the search box's index
    spacing: float | None = None  #: the positions' typical gap (``data.layout.typical_gap``)


def load_all(path: Path, cache_folder: Path | None, progress=None, quick: bool = False) -> Loaded:
    """Read, validate, build and lay out; the same steps the worker runs, usable in one thread.

    ``quick``: a big graph with no cached layout gets a quick one (``Loaded.provisional``), for
    the window to refine in the background; otherwise the layout is the full one."""
    with collector.loading():  # no collector pass walks what loading makes (data.collector)
        return _load_all(path, cache_folder, progress, quick)


def _load_all(path: Path, cache_folder: Path | None, progress, quick: bool) -> Loaded:
    with ExitStack() as elsewhere:  # a quick layout under way in the lock-free process, if any
        return _load_all_with(path, cache_folder, progress, quick, elsewhere)


def _load_all_with(path: Path, cache_folder: Path | None, progress, quick: bool, elsewhere: ExitStack) -> Loaded:
    report = progress or (lambda _s, _f: None)
    path = Path(path)
    key = identity = None
    dataset = None
    cache = layout.cache_file(cache_folder, path) if cache_folder else None
    answers: list = []

    def early(frame: Frame) -> None:
        """A big graph with no layout kept: its quick layout starts in a process of its own
        (another core) as soon as its arrays are checked, while this worker makes the
        entities, the labels, the trees' plans and the search index. If the dataset's own
        positions turn out to place every node, the answer is not read (the process stops)."""
        if quick and frame.node_count > max(layout.QUICK_ABOVE, ELSEWHERE_ABOVE) \
                and (cache is None or not cache.exists()):
            arrays = graph_of(frame)
            answers.append(elsewhere.enter_context(
                lock_free.meanwhile(layout.quick_job, arrays.node_count, arrays.src, arrays.dst)))

    try:
        if cache_folder is not None:
            key = dataset_cache.identity(path)
            report("Reading the cached dataset", 0.0)
            dataset = dataset_cache.load(cache_folder, path, key)
        if dataset is None:
            dataset = loader.load(path, lambda step, f: report(step, f * 0.6), on_frame=early)
        else:
            identity, key = key, None  # its entry is current: nothing to write
    except MemoryError:
        raise DatasetError(f"{path}: the dataset does not fit in memory") from None
    except OSError as exc:  # the file went away, or cannot be read, while its identity was taken
        raise DatasetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    report("Building the graph", 0.65)
    graph = graph_module.build(dataset)
    stored = look.positions(dataset, graph.ids)  # the dataset's own x, y columns
    if quick and graph.node_count > layout.QUICK_ABOVE and (cache is None or not cache.exists()) \
            and (stored is None or np.isnan(stored).any()):
        kept = None
        if identity is not None:  # the dataset came from its cache entry, which may keep this too
            kept = dataset_cache.quick_layout(cache_folder, path, identity, graph.node_count)
        if kept is not None or answers or graph.node_count <= ELSEWHERE_ABOVE:
            return _quick(dataset, graph, key, report, kept, answers[0] if answers else None)
        # a big graph's quick layout runs in a process of its own (another core) while this
        # worker makes the labels, the trees' plans and the search index
        answer = elsewhere.enter_context(lock_free.meanwhile(layout.quick_job, graph.node_count, graph.src,
                                                             graph.dst))
        return _quick(dataset, graph, key, report, None, answer)
    plans, search = _prepare(dataset)
    report("Laying out", 0.75)
    positions, pinned = layout.positions_for(graph, cache, stored)
    report("Done", 1.0)
    return Loaded(dataset, graph, positions, pinned, cache_key=key, tree_plans=plans, search_index=search,
                  spacing=layout.typical_gap(positions))


def _quick(dataset: Dataset, graph: Graph, key: str | None, report, kept: tuple | None,
           answer: Callable[[], tuple] | None = None) -> Loaded:
    """A big graph shown on a quick layout: ``kept`` (the dataset cache's), the ``answer`` of
    a process that computes it meanwhile, or computed here."""
    plans, search = _prepare(dataset)
    report("Laying out (a quick layout first)", 0.75)
    if kept is None and answer is not None:
        kept = answer()
    if kept is None:
        positions = layout.quick(graph)
        kept = positions, layout.typical_gap(positions)
    report("Done", 1.0)
    return Loaded(dataset, graph, kept[0], np.zeros(graph.node_count, dtype=bool), provisional=True,
                  cache_key=key, tree_plans=plans, search_index=search, spacing=kept[1])


def _prepare(dataset: Dataset) -> tuple[list, SearchIndex]:
    """What opening needs that is pure data, made here rather than on the interface thread."""
    dataset.date_range()  # worked out here, off the interface thread, and kept
    dataset.names, dataset.choices  # likewise the labels every view shows, and the Paths panel's completions
    if dataset.frame is not None and dataset.frame.node_count:
        dataset.frame.relations_touching(0)  # the index of each entity's relations (a panel's first look)
    plans = tree_plans.plans(dataset)
    search = SearchIndex(dataset)
    dataset._base_names = None  # made for the labels and the search index only (50 MB at a million)
    return plans, search


def save_cache(loaded: Loaded, cache_folder: Path) -> Path | None:
    """Write the dataset cache entry of a dataset read afresh (None when there is nothing to
    write); raises WriteError when it cannot be written."""
    if loaded.cache_key is None or loaded.dataset.frame is None:
        return None
    return dataset_cache.save(cache_folder, loaded.dataset, loaded.cache_key,
                              (loaded.positions, loaded.spacing) if loaded.provisional else None, loaded.search_index,
                              tree_plans.orders(loaded.tree_plans) if loaded.tree_plans else None)
