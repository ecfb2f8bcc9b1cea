"""The graph as NumPy arrays, built once per dataset, so that "what is shown at day D" is a
vectorised mask rather than a loop or a query per step.

Nodes are the entities in dataset order; edges are the relations, endpoints as node indices.
Intervals are inclusive day numbers (``data.dates``); open ends are OPEN_START / OPEN_END.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterator

import numpy as np

from . import dates, periods, schema
from .model import Dataset


class TimeMode(str, Enum):
    """How the timeline reads its date(s): a snapshot, a window between two days, or a sum."""

    AT = "at"
    WINDOW = "window"
    CUMULATIVE = "cumulative"


@dataclass
class Graph:
    """Arrays of nodes and edges; ``kinds`` and ``edge_kinds`` decode the integer codes."""

    ids: list[str]
    index: dict[str, int]
    table: np.ndarray  #: int8 index into schema.ENTITY_TABLES
    kind: np.ndarray  #: int32 index into ``kinds``
    kinds: list[str]
    start: np.ndarray  #: int32 first active day
    end: np.ndarray  #: int32 last active day
    src: np.ndarray  #: int32 node index
    dst: np.ndarray
    edge_kind: np.ndarray
    edge_kinds: list[str]
    edge_start: np.ndarray
    edge_end: np.ndarray
    weight: np.ndarray  #: float32
    confidence: np.ndarray  #: int8 index into schema.CONFIDENCE_LEVELS (3: not given)
    relation_count: int  #: edges below this index are the dataset's relations, in order;
    #: the rest are structural: an article to its treaty, a nested actor to its parent
    #: (index, first day, last day) of the gaps between the periods of rows active several times
    gaps: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    edge_gaps: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def relations_mask(self, edge_mask: np.ndarray) -> np.ndarray:
        """The part of an edge mask that is the dataset's own relations."""
        return edge_mask[: self.relation_count]

    @property
    def node_count(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return len(self.src)

    def degree_steps(self, rows: int = 500_000) -> Iterator[None]:
        """``degree()`` over every edge, ``rows`` edges a step (a caller that shows a big graph in
        steps: three million edges counted at once held the window 0.1 s); returns it."""
        counts = np.zeros(self.node_count, np.int64)
        for start in range(0, self.edge_count, rows):
            counts += np.bincount(self.src[start:start + rows], minlength=self.node_count)
            counts += np.bincount(self.dst[start:start + rows], minlength=self.node_count)
            yield
        return counts.astype(np.int32)

    def degree(self, edge_mask: np.ndarray | None = None) -> np.ndarray:
        """Links per node, over the edges in the mask (all edges by default)."""
        src, dst = (self.src, self.dst) if edge_mask is None else (self.src[edge_mask], self.dst[edge_mask])
        return (np.bincount(src, minlength=self.node_count)
                + np.bincount(dst, minlength=self.node_count)).astype(np.int32)

    # -- activity (the contract's rules) ---------------------------------------------
    def active_nodes(self, day: int, mode: TimeMode = TimeMode.AT, until: int | None = None) -> np.ndarray:
        """Nodes shown at ``day``: active at it, active at some day of [day, until] (window),
        or started on or before it (cumulative)."""
        return _punch(_active(self.start, self.end, day, mode, until), self.gaps, day, mode, until)

    def active_edges(self, day: int, mode: TimeMode = TimeMode.AT, until: int | None = None,
                     node_mask: np.ndarray | None = None) -> np.ndarray:
        """Edges shown: active themselves, and both of their ends shown."""
        if node_mask is None:
            node_mask = self.active_nodes(day, mode, until)
        mask = _punch(_active(self.edge_start, self.edge_end, day, mode, until), self.edge_gaps, day, mode, until)
        return mask & node_mask[self.src] & node_mask[self.dst]

    def neighbours(self, nodes: np.ndarray, hops: int, edge_mask: np.ndarray | None = None) -> np.ndarray:
        """A node mask of everything within ``hops`` links of the nodes given (a bool mask)."""
        reached = nodes.copy()
        src, dst = (self.src, self.dst) if edge_mask is None else (self.src[edge_mask], self.dst[edge_mask])
        for _ in range(hops):
            grown = reached.copy()
            grown[dst[reached[src]]] = True
            grown[src[reached[dst]]] = True
            if np.array_equal(grown, reached):
                break
            reached = grown
        return reached


def _active(start: np.ndarray, end: np.ndarray, day: int, mode: TimeMode, until: int | None) -> np.ndarray:
    if mode is TimeMode.CUMULATIVE:
        return start <= day
    if mode is TimeMode.WINDOW:
        last = day if until is None else until
        first, last = min(day, last), max(day, last)
        return (start <= last) & (end >= first)
    return (start <= day) & (end >= day)


def _punch(mask: np.ndarray, gaps: tuple[np.ndarray, np.ndarray, np.ndarray] | None, day: int,
           mode: TimeMode, until: int | None) -> np.ndarray:
    """Clear the rows whose gap holds the day (at) or the whole window (window); the cumulative
    mode counts from the first start, gaps or not."""
    if gaps is None or mode is TimeMode.CUMULATIVE or not len(gaps[0]):
        return mask
    index, first, last = gaps
    low, high = day, day
    if mode is TimeMode.WINDOW:
        other = day if until is None else until
        low, high = min(day, other), max(day, other)
    mask[index[(first <= low) & (last >= high)]] = False
    return mask


def _gap_arrays(rows, where: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The gaps between the periods of the rows that have several (``data.periods``); ``where``
    gives the rows' positions when they are not all the rows."""
    where = where if where is not None else range(len(rows))
    found = [(i, a, b) for i, row in zip(where, rows) if len(row.periods) > 1 for a, b in periods.gaps(row.periods)]
    if not found:
        return None
    index, first, last = zip(*found)
    return np.array(index, np.int64), np.array(first, np.int64), np.array(last, np.int64)


ARTICLE_OF = "(article of)"
NESTED_IN = "(nested in)"


def _structural_edges(dataset: Dataset) -> list[tuple[str, str, str]]:
    """Links the dataset states by structure rather than as relations: each article to its
    treaty, and each nested actor to its parent unless a relation already joins the two."""
    nested = {(e.id, e.parent_id) for e in dataset.entities.values()
              if e.parent_id is not None and e.table != "articles"}
    joined = set()
    if nested:
        for r in dataset.relations:  # a relation either way round already joins the pair
            for pair in ((r.source_id, r.target_id), (r.target_id, r.source_id)):
                if pair in nested:
                    joined.add(pair)
    edges = []
    for entity in dataset.entities.values():
        if entity.parent_id is None:
            continue
        if entity.table == "articles":
            edges.append((entity.id, entity.parent_id, ARTICLE_OF))
        elif (entity.id, entity.parent_id) not in joined:
            edges.append((entity.id, entity.parent_id, NESTED_IN))
    return edges


def build(dataset: Dataset) -> Graph:
    """Arrays for a loaded dataset; the entities and relations keep their dataset order, and
    structural edges follow the relations."""
    if dataset.frame is not None:  # the loader's arrays: no object is made
        from .frame_graph import graph_of

        graph = graph_of(dataset.frame)
        graph.gaps = _gap_arrays(list(dataset.entities.values()))
        kept = sorted(getattr(dataset.relations, "kept", {}).items())
        graph.edge_gaps = _gap_arrays([r for _, r in kept], [i for i, _ in kept])
        return graph
    entities = list(dataset.entities.values())
    ids = [e.id for e in entities]
    index = {entity_id: i for i, entity_id in enumerate(ids)}
    kinds = sorted({e.kind for e in entities})
    kind_code = {k: i for i, k in enumerate(kinds)}
    table_code = {t: i for i, t in enumerate(schema.ENTITY_TABLES)}
    structural = _structural_edges(dataset)
    rels = [(r.source_id, r.target_id, r.kind, dates.start_day(r.start), dates.end_day(r.end), r.weight,
             schema.confidence_code(r.confidence)) for r in dataset.relations]
    rels += [(a, b, kind, dates.OPEN_START, dates.OPEN_END, 1.0, 0) for a, b, kind in structural]
    edge_kinds = sorted({r[2] for r in rels})
    edge_code = {k: i for i, k in enumerate(edge_kinds)}
    return Graph(
        ids=ids, index=index,
        table=np.fromiter((table_code[e.table] for e in entities), np.int8, len(entities)),
        kind=np.fromiter((kind_code[e.kind] for e in entities), np.int32, len(entities)),
        kinds=kinds,
        start=np.fromiter((dates.start_day(e.start) for e in entities), np.int32, len(entities)),
        end=np.fromiter((dates.end_day(e.end) for e in entities), np.int32, len(entities)),
        src=np.fromiter((index[r[0]] for r in rels), np.int32, len(rels)),
        dst=np.fromiter((index[r[1]] for r in rels), np.int32, len(rels)),
        edge_kind=np.fromiter((edge_code[r[2]] for r in rels), np.int32, len(rels)),
        edge_kinds=edge_kinds,
        edge_start=np.fromiter((r[3] for r in rels), np.int32, len(rels)),
        edge_end=np.fromiter((r[4] for r in rels), np.int32, len(rels)),
        weight=np.fromiter((r[5] for r in rels), np.float32, len(rels)),
        confidence=np.fromiter((r[6] for r in rels), np.int8, len(rels)),
        relation_count=len(dataset.relations),
        gaps=_gap_arrays(entities), edge_gaps=_gap_arrays(dataset.relations),
    )
