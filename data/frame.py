"""The validated dataset as arrays: what the loader keeps, the graph is built from and the
dataset cache writes, with the entities and relations made as objects only when asked for.

``Frame`` holds, for every kept entity and relation, its values as NumPy arrays (dates as day
numbers, kinds and confidences as codes, ends as node indices) and where its row is in the
stored tables. ``Entities`` (a read-only mapping of id to ``Entity``) and ``Relations`` (a
read-only sequence of ``Relation``) make an object from its stored row when it is looked up,
with the same functions the loader read the row with (``data.rows``): a million entities cost
arrays, not a million objects, until something iterates over all of them.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import schema
from . import rows as row_reading
from .model import Entity, Relation
from .store import StoredTable


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
            order = np.lexsort((which, ends))
            self._touching = (which[order], np.searchsorted(ends[order], np.arange(n + 1)))
        which, starts = self._touching
        return which[starts[node]:starts[node + 1]]

    def children(self, node: int) -> np.ndarray:
        """Positions of the entities nested under this one (leaders, articles)."""
        return np.flatnonzero(self.parent == node)


class Entities(Mapping):
    """Id -> ``Entity``, made from the stored row on each look-up (read-only)."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self._readers = {name: row_reading.RowReader(name, frame.stored[name])
                         for name in schema.ENTITY_TABLES if name in frame.stored}

    def __getitem__(self, entity_id: str) -> Entity:
        return self.at(self.frame.index[entity_id])

    def at(self, position: int) -> Entity:
        """The entity at a position of the dataset's order (a graph node)."""
        frame = self.frame
        table = schema.ENTITY_TABLES[frame.table[position]]
        row = self._readers[table](int(frame.row[position]))
        entity = row_reading.entity(table, row, frame.ids[position])
        if table == "articles":  # an article lives as long as its treaty
            treaty = self.at(int(frame.parent[position]))
            entity.start, entity.end = treaty.start, treaty.end
        return entity

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.frame.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.frame.ids)

    def __len__(self) -> int:
        return len(self.frame.ids)

    def __repr__(self) -> str:
        return f"<{len(self)} entities>"


class Relations(Sequence):
    """The kept relations in dataset order, each made from its stored row when asked for."""

    def __init__(self, frame: Frame):
        self.frame = frame
        self._reader = row_reading.RowReader("relations", frame.stored["relations"]) \
            if "relations" in frame.stored else None

    def __len__(self) -> int:
        return len(self.frame.rel_row)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError("relation index out of range")
        frame = self.frame
        row = self._reader(int(frame.rel_row[position]))
        ends = (frame.ids[frame.src[position]], frame.ids[frame.dst[position]])
        return row_reading.relation(row, ends)

    def __iter__(self) -> Iterator[Relation]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"<{len(self)} relations>"

