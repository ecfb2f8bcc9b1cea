"""The validated dataset as arrays: what the loader keeps, the graph is built from and the
dataset cache writes.

``Frame`` holds, for every kept entity and relation, its values as NumPy arrays (dates as day
numbers, kinds and confidences as codes, ends as node indices) and where its row is in the
stored tables. The entities are made as objects at once, a column at a time
(``make_entities``); the relations, three per entity and more, are made from their stored row
only when one is asked for (``Relations``, a read-only sequence), with the same functions the
loader read the row with (``data.rows``).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from . import chunks, dates, schema
from . import rows as row_reading
from .model import Entity, Relation
from .store import StoredRow, StoredTable


@dataclass(eq=False)
class Frame:
    """Kept entities (in dataset order: table by table, row by row) and kept relations."""

    stored: dict[str, StoredTable]  #: the entity tables and the relations table, as read
    ids: list[str]
    index: dict[str, int]  #: id -> position (shared with the graph)
    table: np.ndarray  #: int8 index into schema.ENTITY_TABLES
    row: np.ndarray  #: int64 position of the entity's row in its stored table
    kind: np.ndarray  #: int32 index into ``kinds``
    kinds: list[str]
    start: np.ndarray  #: int32 first active day (an article: its treaty's)
    end: np.ndarray  #: int32 last active day
    parent: np.ndarray  #: int32 position of the parent (an actor's parent, an article's treaty); -1
    rel_row: np.ndarray  #: int64 position of each kept relation's row in the relations table
    src: np.ndarray  #: int32 positions of the ends
    dst: np.ndarray
    rel_kind: np.ndarray  #: int32 index into ``rel_kinds``
    rel_kinds: list[str]
    rel_start: np.ndarray
    rel_end: np.ndarray
    weight: np.ndarray  #: float64
    confidence: np.ndarray  #: int8 index into schema.CONFIDENCE_LEVELS
    #: the events, event_entities and meta tables as read (small: checked again from these)
    small: dict[str, StoredTable] = field(default_factory=dict)
    core_problems: int = 0  #: how many of the dataset's problems are its entities' and relations'
    _touching: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def node_count(self) -> int:
        return len(self.ids)

    def relations_touching(self, node: int) -> np.ndarray:
        """Positions of the relations with this entity at either end, in dataset order."""
        if self._touching is None:
            n, m = self.node_count, len(self.src)
            ends = np.concatenate([self.src, self.dst[self.dst != self.src]])
            which = np.concatenate([np.arange(m), np.flatnonzero(self.dst != self.src)])
            # by entity, then relation: one int64 key sorted (lexsort held the interpreter lock,
            # and so the window, ~0.4 s of six million; NumPy's argsort lets it go)
            order = np.argsort(ends.astype(np.int64) * max(m, 1) + which)
            # int32: six million positions at a million entities, kept while the dataset is
            self._touching = (which[order].astype(np.int32), np.searchsorted(ends[order], np.arange(n + 1)))
        which, starts = self._touching
        return which[starts[node]:starts[node + 1]]

    def children(self, node: int) -> np.ndarray:
        """Positions of the entities nested under this one (leaders, articles)."""
        return np.flatnonzero(self.parent == node)


def make_entities(frame: Frame) -> dict[str, Entity]:
    """Every kept entity as an object, id -> ``Entity`` in dataset order, made a column at a
    time (each distinct value read once): the same objects ``data.rows.entity`` makes from one
    row, at a few microseconds each (tests/test_columnwise.py compares the two)."""
    made: dict[str, Entity] = {}
    for code, table in enumerate(schema.ENTITY_TABLES):
        where = np.flatnonzero(frame.table == code)
        if not len(where) or table not in frame.stored:
            continue
        stored, spec = frame.stored[table], schema.BY_NAME[table]
        rows = chunks.tolist(frame.row[where])

        every = len(rows) == len(stored)  # every row kept (rows ascend): a column as it is

        def column(name: str, read=None) -> list:
            values = stored.values(name) if name else [None] * len(stored)
            picked = values if every else [values[r] for r in rows]
            return spread(picked, read) if read is not None else picked

        names = column(schema.NAME_COLUMN[table], row_reading.as_text)
        if table == "articles":
            numbers = column("number", row_reading.as_text)
            names = [f"Article {n}" + (f": {t}" if t else "") for n, t in zip(numbers, names)]
        starts = column(spec.start, dates.parse)
        ends = column(spec.end, dates.parse)
        aliases = column("aliases", row_reading.split_aliases)
        kinds = [frame.kinds[k] for k in chunks.tolist(frame.kind[where])]
        parents = [frame.ids[p] if p >= 0 else None for p in chunks.tolist(frame.parent[where])]
        fields = _fields(stored, rows)
        ids = chunks.list_of(map(frame.ids.__getitem__, chunks.tolist(where)), len(where))
        if table == "articles":  # an article lives as long as its treaty
            treaties = chunks.list_of(map(made.__getitem__, parents), len(parents))
            starts, ends = [t.start for t in treaties], [t.end for t in treaties]
        names = [name or entity_id for name, entity_id in zip(names, ids)]
        # the objects made by one C loop (a Python loop over a million entities cost 1.7 s more)
        chunks.update(made, zip(ids, map(Entity, ids, repeat(table), names, kinds, starts, ends, parents,
                                         aliases, fields)), len(ids))  # straight in: a merge is one long call
    return made


def entity_fields_are_rows(dataset) -> bool:
    """Whether a dataset's entities are the ones ``make_entities`` made from its frame (their
    fields the stored rows), so that a column of the stored tables answers for all of them."""
    frame = dataset.frame
    if frame is None or len(dataset.entities) != frame.node_count:
        return False
    first = next(iter(dataset.entities.values()), None)
    return first is None or (isinstance(first.fields, StoredRow) and first.id == frame.ids[0])


def _fields(stored: StoredTable, rows: list[int]) -> list:
    """Each row's every column as written, without copying a row: a view of the stored row,
    read through its table (which may drop its rows for encoded columns: ``StoredTable.compact``)."""
    return [StoredRow(stored, r) for r in rows]


def spread(values: list, read) -> list:
    """``read`` of each value, worked out once per distinct value."""
    try:
        answers = {v: read(v) for v in chunks.dict_of(zip(values, repeat(None)), len(values))}
    except TypeError:
        return [read(v) for v in values]
    return [answers[v] for v in values]


class Relations(Sequence):
    """The kept relations in dataset order, each made from its stored row when asked for."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self._reader = row_reading.RowReader("relations", frame.stored["relations"]) \
            if "relations" in frame.stored else None
        self.kept: dict[int, Relation] = {}  #: relations changed after reading (``data.look``'s periods)

    def keep(self, position: int, relation: Relation) -> None:
        """Answer this object for this position from now on (a relation given its periods)."""
        self.kept[position] = relation

    def __len__(self) -> int:
        return len(self.frame.rel_row)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("relation index out of range")
        if position in self.kept:
            return self.kept[position]
        frame = self.frame
        row = self._reader(int(frame.rel_row[position]))
        ends = (frame.ids[frame.src[position]], frame.ids[frame.dst[position]])
        return row_reading.relation(row, ends)

    def __iter__(self) -> Iterator[Relation]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<{len(self)} relations>"

