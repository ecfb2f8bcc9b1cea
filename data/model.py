"""The validated dataset in memory: entities, relations, events, meta and the problems found.

These are the rows that survived validation (``data.loader``); every skipped row is a
``Problem`` in ``Dataset.problems``. Graph arrays for fast date filtering live in ``data.graph``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import dates, labels, schema
from .dates import PartialDate
from .problems import Problem


class RowView(Mapping):
    """A row's columns as a read-only mapping (column as written -> value), made without
    copying: a 300,000-row table does not become 300,000 dictionaries."""

    __slots__ = ("_columns", "_values", "_index")

    def __init__(self, columns: tuple[str, ...], values: tuple, index: dict[str, int] | None = None):
        self._columns, self._values = columns, values
        self._index = index if index is not None else {c: i for i, c in enumerate(columns)}

    def __getitem__(self, key: str) -> object:
        return self._values[self._index[key]]

    def get(self, key: str, default: object = None) -> object:
        """As ``Mapping.get``, without raising and catching a KeyError for a column the table
        lacks (labels ask every entity for ``short_name``: 0.4 s of 100,000 entities' labels)."""
        position = self._index.get(key)
        return default if position is None else self._values[position]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self):
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return repr(dict(self))


@dataclass(slots=True)
class Entity:
    """One node: an actor, treaty, article or project.

    ``kind`` is the actor's or project's kind, ``treaty`` or ``article``; ``parent_id`` is an
    actor's parent or an article's treaty; ``fields`` holds every column as read, extras too.
    """

    id: str
    table: str
    name: str
    kind: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    parent_id: str | None = None
    aliases: tuple[str, ...] = ()
    fields: Mapping[str, object] = field(default_factory=dict)
    #: several intervals of activity (``data.periods``); () means start to end, as usual
    periods: tuple = ()

    @property
    def label(self) -> str:
        """Its own short form (``short_name``, or ``Art. 19`` for an article): views show
        ``Dataset.names[id]``, which is also unique."""
        return labels.base_name(self)  # imported once: with PySide loaded an import statement costs 1.5 µs


@dataclass(slots=True)
class Relation:
    """One typed, dated, sourced link between two entities."""

    id: str
    source_id: str
    target_id: str
    kind: str
    start: PartialDate | None = None
    end: PartialDate | None = None
    weight: float = 1.0
    confidence: str | None = None
    description: str | None = None
    source: str | None = None
    locator: str | None = None
    fields: Mapping[str, object] = field(default_factory=dict)
    periods: tuple = ()  #: several intervals of activity (``data.periods``)

    def other_end(self, entity_id: str) -> str:
        return self.target_id if self.source_id == entity_id else self.source_id


@dataclass(slots=True)
class Event:
    """A dated happening, marked on the timeline, tied to the entities it concerns."""

    id: str
    date: PartialDate
    title: str
    kind: str | None = None
    description: str | None = None
    source: str | None = None
    locator: str | None = None
    entity_ids: list[str] = field(default_factory=list)
    fields: Mapping[str, object] = field(default_factory=dict)

    @property
    def day(self) -> int:
        return self.date.first_day


@dataclass(frozen=True, slots=True)
class Look:
    """An entity's own position and look from its optional columns (None where not given)."""

    x: float | None = None
    y: float | None = None
    colour: str | None = None  #: ``#rrggbb``
    size: float | None = None  #: relative to the other sizes given


class MadeWhenAsked(Sequence):
    """A read-only sequence whose items are made when first asked for and then kept
    (``_make(i)``, for ``0 <= i < len``): a view of a few of thousands of rows makes a few."""

    def __init__(self):
        self._made: dict[int, object] = {}

    def _make(self, i: int):
        raise NotImplementedError

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("index out of range")
        item = self._made.get(i)
        if item is None:
            item = self._made[i] = self._make(i)
        return item


class RelationsOf(MadeWhenAsked):
    """Some relations of a dataset loaded with its arrays, in dataset order, each made when
    first asked for: a hub has thousands, and a view shows a few of them. ``positions`` are
    their places in ``Dataset.relations``; ``frame`` is the loader's arrays, which answer for
    all of them at once (``days``)."""

    def __init__(self, relations: Sequence, frame, positions: np.ndarray):
        super().__init__()
        self.relations, self.frame, self.positions = relations, frame, positions

    def __len__(self) -> int:
        return len(self.positions)

    def _make(self, i: int) -> Relation:
        return self.relations[int(self.positions[i])]

    def __eq__(self, other: object) -> bool:  # as the list of the same relations would compare
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RelationsOf({len(self)} relations)"

    def days(self) -> list[int]:
        """Every known first and last day of these relations (as their dates' ``first_day`` and
        ``last_day``), without making them."""
        starts, ends = self.frame.rel_start[self.positions], self.frame.rel_end[self.positions]
        return starts[starts != dates.OPEN_START].tolist() + ends[ends != dates.OPEN_END].tolist()


@dataclass
class Dataset:
    """A loaded dataset: what validation kept, what it skipped, and what it did not know."""

    path: Path
    entities: dict[str, Entity] = field(default_factory=dict)  #: id -> Entity, in dataset order
    #: a list, or the loader's ``data.frame.Relations``
    relations: Sequence[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)  #: contract tables present
    extra_tables: dict[str, int] = field(default_factory=dict)  #: other tables, row counts
    looks: dict[str, Look] = field(default_factory=dict)  #: entities with a position or look of their own
    _date_range: object = field(default=False, repr=False, compare=False)
    _names: dict | None = field(default=None, repr=False, compare=False)
    _choices: tuple | None = field(default=None, repr=False, compare=False)
    _base_names: dict | None = field(default=None, repr=False, compare=False)  #: ``labels.base_names``
    #: the entity trees' row orders as the dataset cache kept them (``widgets.tree_plans.orders``)
    _tree_orders: list | None = field(default=None, repr=False, compare=False)
    #: the search index's texts and owners as the dataset cache kept them (``data.search``)
    _search: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def names(self) -> dict[str, str]:
        """Each entity's label for every view: short and unique (``data.labels``)."""
        if self._names is None:
            self._names = labels.unique_names(self)
        return self._names

    @property
    def choices(self) -> tuple[list[str], dict[str, str]]:
        """What a box that names an entity completes from (``data.labels.choices``), made once."""
        if self._choices is None:
            self._choices = labels.choices(self)
        return self._choices

    #: the loader's arrays (``data.frame.Frame``); None for a dataset built from objects
    frame: object = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.meta.get("title") or (Path(self.path).stem if self.path else "Untitled dataset")

    def count(self, table: str) -> int:
        """Rows kept for a contract table."""
        if table in ("relations",):
            return len(self.relations)
        if table == "events":
            return len(self.events)
        if table == "event_entities":
            return sum(len(e.entity_ids) for e in self.events)
        if table == "meta":
            return len(self.meta)
        if self.frame is not None:
            return int((self.frame.table == schema.ENTITY_TABLES.index(table)).sum())
        return sum(1 for e in self.entities.values() if e.table == table)

    def date_range(self) -> tuple[int, int] | None:
        """First and last day named by any date in the dataset (None when it has no dates).
        Computed once: a loaded dataset does not change."""
        if self._date_range is False:
            self._date_range = self._compute_date_range()
        return self._date_range

    def _compute_date_range(self) -> tuple[int, int] | None:
        if self.frame is not None:
            return self._frame_date_range()
        days: list[int] = []
        for item in (*self.entities.values(), *self.relations):
            for value, edge in ((item.start, dates.start_day), (item.end, dates.end_day)):
                if value is not None:
                    days.append(edge(value))
        days.extend(e.day for e in self.events)
        return (min(days), max(days)) if days else None

    def _frame_date_range(self) -> tuple[int, int] | None:
        frame = self.frame
        starts = np.concatenate([frame.start, frame.rel_start])
        ends = np.concatenate([frame.end, frame.rel_end])
        days = [d for d in (starts[starts != dates.OPEN_START], ends[ends != dates.OPEN_END]) if len(d)]
        days += [np.array([e.day for e in self.events])] if self.events else []
        if not days:
            return None
        return int(min(d.min() for d in days)), int(max(d.max() for d in days))

    def relations_of(self, *entity_ids: str) -> Sequence[Relation]:
        """The relations with any of these entities at either end, in dataset order (each
        once); the loader's arrays answer without looking at the other relations, and each is
        made when first asked for (``RelationsOf``)."""
        if self.frame is not None:
            nodes = [n for n in map(self.frame.index.get, entity_ids) if n is not None]
            touching = [self.frame.relations_touching(n) for n in nodes]
            positions = np.unique(np.concatenate(touching)) if len(touching) > 1 else (touching or [[]])[0]
            return RelationsOf(self.relations, self.frame, np.asarray(positions, dtype=np.int64))
        wanted = set(entity_ids)
        return [r for r in self.relations if r.source_id in wanted or r.target_id in wanted]

    def children_of(self, entity_id: str) -> list[Entity]:
        """The entities nested under this one (an actor's members, a treaty's articles), in
        dataset order."""
        if self.frame is not None:
            node = self.frame.index.get(entity_id)
            if node is None:
                return []
            ids = self.frame.ids
            return [self.entities[ids[i]] for i in self.frame.children(node).tolist()]
        return [e for e in self.entities.values() if e.parent_id == entity_id]

    def default_day(self) -> int | None:
        """``meta.default_date`` (its first day), else the latest event, else the range's end."""
        text = self.meta.get("default_date")
        if text:
            try:
                return dates.parse_day(text)
            except dates.DateError:
                pass
        if self.events:
            return max(e.day for e in self.events)
        span = self.date_range()
        return span[1] if span else None


def natural_key(text: object) -> tuple:
    """Sort key that puts ``2`` before ``10`` and ``12`` before ``12bis``."""
    parts = re.split(r"(\d+)", str(text).strip().lower())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)
