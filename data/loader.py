"""Validating a dataset's rows against the contract and building the in-memory ``Dataset``.

A row-level problem (a missing value, a bad date, a dangling reference, a duplicate id, a
``parent_id`` loop) skips that row and is recorded as a ``Problem``; the rest loads. Skipping
cascades honestly: a relation to a skipped entity names no loaded entity, and is skipped too.
"""
from __future__ import annotations

import gc
import math
import operator
from pathlib import Path
from typing import Callable

from . import dates, look, schema
from .model import Dataset, Entity, Event, Relation, RowView
from .problems import Problem
from .reader import RawTable, read_contract_tables

ProgressFn = Callable[[str, float], None]

ENTITY_REF = "the id of an actor, treaty, article or project"
REFERENCE_COLUMNS = ("id", "source_id", "target_id", "parent_id", "treaty_id", "entity_id")


def load(path: str | Path, progress: ProgressFn | None = None) -> Dataset:
    """Read and validate a dataset file; raises DatasetError for a file-level error."""
    collecting = gc.isenabled()
    gc.disable()  # a big load makes a million objects and no cycles: no collection can help it
    try:
        return _load(Path(path), progress or (lambda _step, _fraction: None))
    finally:
        if collecting:
            gc.enable()


def _load(path: Path, report: ProgressFn) -> Dataset:
    report("Reading tables", 0.0)
    tables, extras = read_contract_tables(path)
    dataset = Dataset(path=path, extra_tables=extras,
                      rows_read={name: len(t.rows) for name, t in tables.items()})
    checker = _Checker(dataset)
    report("Checking entities", 0.3)
    for table in schema.ENTITY_TABLES:
        if table in tables:
            checker.entities(table, tables[table])
    checker.resolve_references()
    report("Checking relations", 0.6)
    if "relations" in tables:
        checker.relations(tables["relations"])
    report("Checking events", 0.85)
    if "events" in tables:
        checker.events(tables["events"])
    if "event_entities" in tables:
        checker.event_entities(tables["event_entities"])
    if "meta" in tables:
        checker.meta(tables["meta"])
    look.check(dataset)  # positions, looks and periods: the contract's optional columns of version 3
    report("Loaded", 1.0)
    return dataset


def as_id(value: object) -> str | None:
    """Ids compare as text: the integer 1 and the text '1' are the same id; empty is none."""
    if type(value) is str:  # the common case, first
        return value.strip() or None
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bytes):
        return None
    text = str(value).strip()
    return text or None


def as_text(value: object) -> str | None:
    if type(value) is str:  # the common case, first
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes of binary data>"
    text = str(value).strip()
    return text or None


def split_aliases(value: object) -> tuple[str, ...]:
    text = as_text(value)
    return tuple(a.strip() for a in text.split(";") if a.strip()) if text else ()


class _Row:
    """One row under check: its values by lower-case column, and how problems name it."""

    __slots__ = ("table", "rowid", "raw", "index", "columns", "by_name", "_name")

    def __init__(self, table: str, rowid: int, raw: tuple, index: dict[str, int], columns: tuple[str, ...],
                 by_name: dict[str, int]):
        self.table, self.rowid, self.raw, self.index, self.columns = table, rowid, raw, index, columns
        self.by_name = by_name
        self._name: str | None = None

    @property
    def name(self) -> str:
        """The row's ``id`` where it has one, else its rowid."""
        if self._name is None:
            row_id = as_id(self.get("id"))
            self._name = repr(row_id) if row_id is not None else f"rowid {self.rowid}"
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    @property
    def fields(self) -> RowView:
        """Every column as written (extras too), without copying."""
        return RowView(self.columns, self.raw, self.by_name)

    def get(self, column: str) -> object:
        position = self.index.get(column)
        return None if position is None else self.raw[position]

    def problem(self, column: str, expected: str, value: object = ...) -> Problem:
        related = tuple(i for c in REFERENCE_COLUMNS if (i := as_id(self.get(c))) is not None)
        return Problem(self.table, self.name, column, self.get(column) if value is ... else value, expected, related)


def _rows(table: str, raw: RawTable):
    """The rows of a stored table as ``_Row`` objects sharing one column index."""
    columns = tuple(raw.columns)
    index = {c.lower(): i for i, c in enumerate(columns)}
    by_name = {c: i for i, c in enumerate(columns)}
    for row in raw.rows:
        yield _Row(table, row[0], row[1:], index, columns, by_name)


class _Checker:
    def __init__(self, dataset: Dataset):
        self.ds = dataset
        self.event_ids: dict[str, Event] = {}

    def skip(self, problem: Problem) -> None:
        self.ds.problems.append(problem)

    # -- shared checks -------------------------------------------------------------------
    def required(self, row: _Row, spec: schema.TableSpec) -> bool:
        for column in spec.required:
            value = row.get(column)
            if isinstance(value, bytes) or as_text(value) is None:
                self.skip(row.problem(column, "a value (this column is required)"))
                return False
        return True

    def span(self, row: _Row, start_col: str | None, end_col: str | None):
        """Parse a row's start and end dates; None (and a problem) when either is bad."""
        parsed = []
        for column in (start_col, end_col):
            if column is None:
                parsed.append(None)
                continue
            try:
                parsed.append(dates.parse(row.get(column)))
            except dates.DateError:
                self.skip(row.problem(column, dates.EXPECTED))
                return None
        start, end = parsed
        if start is not None and end is not None and end.last_day < start.first_day:
            self.skip(row.problem(end_col, f"a date on or after the start ({start})"))
            return None
        return start, end

    # -- entities ------------------------------------------------------------------------
    def entities(self, table: str, raw: RawTable) -> None:
        spec = schema.BY_NAME[table]
        for row in _rows(spec.name, raw):
            if not self.required(row, spec):
                continue
            entity_id = as_id(row.get("id"))
            if entity_id in self.ds.entities:
                other = self.ds.entities[entity_id].table
                self.skip(row.problem("id", f"an id not used before (already used in {other})"))
                continue
            entity = self.make_entity(spec.name, row, entity_id)
            if entity is not None:
                self.ds.entities[entity_id] = entity

    def make_entity(self, table: str, row: _Row, entity_id: str) -> Entity | None:
        spec = schema.BY_NAME[table]
        name = as_text(row.get(schema.NAME_COLUMN[table]))
        span = self.span(row, spec.start, spec.end)
        if span is None:
            return None
        start, end = span
        if table == "articles":
            number = as_text(row.get("number"))
            title = as_text(row.get("title"))
            name = f"Article {number}" + (f": {title}" if title else "")
        kind = (as_text(row.get("kind")) if "kind" in spec.columns else None) or spec.singular
        parent = as_id(row.get(spec.parent)) if spec.parent else None
        return Entity(entity_id, table, name or entity_id, kind, start, end, parent,
                      split_aliases(row.get("aliases")), row.fields)

    def resolve_references(self) -> None:
        """Skip articles whose treaty and actors whose parent is not loaded, and parent loops."""
        entities = self.ds.entities
        for looped in _parent_loops(entities):
            entity = entities.pop(looped)
            self.skip(Problem("actors", repr(looped), "parent_id", entity.parent_id,
                              "a parent chain that does not loop back to this actor", (looped,)))
        changed = True
        while changed:  # skipping a parent orphans its children: repeat until stable
            changed = False
            for entity in list(entities.values()):
                if entity.parent_id is None:
                    continue
                parent = entities.get(entity.parent_id)
                wanted = "treaties" if entity.table == "articles" else "actors"
                if parent is not None and parent.table == wanted:
                    continue
                column = schema.BY_NAME[entity.table].parent
                expected = "the id of a treaty" if wanted == "treaties" else "the id of an actor"
                if parent is not None:
                    expected += f" (it names a row of {parent.table})"
                self.skip(Problem(entity.table, repr(entity.id), column, entity.parent_id, expected,
                                  (entity.id, entity.parent_id)))
                del entities[entity.id]
                changed = True
        for entity in entities.values():  # an article lives as long as its treaty
            if entity.table == "articles":
                treaty = entities[entity.parent_id]
                entity.start, entity.end = treaty.start, treaty.end

    # -- relations -----------------------------------------------------------------------
    def relations(self, raw: RawTable) -> None:
        spec, seen = schema.RELATIONS, set()
        quick = _QuickRelations(raw, self.ds.entities)
        for row in _rows("relations", raw):
            relation = quick.make(row, seen)
            if relation is not None:  # a well-formed row: no need for the checks below
                seen.add(relation.id)
                self.ds.relations.append(relation)
                continue
            if not self.required(row, spec):
                continue
            given_id = as_id(row.get("id"))
            if given_id is not None and given_id in seen:
                self.skip(row.problem("id", "a relation id not used before"))
                continue
            ends = []
            for column in ("source_id", "target_id"):
                ref = as_id(row.get(column))
                if ref not in self.ds.entities:
                    self.skip(row.problem(column, ENTITY_REF))
                    break
                ends.append(ref)
            else:
                relation = self.make_relation(row, given_id or f"rowid {row.rowid}", ends)
                if relation is not None:
                    seen.add(relation.id)
                    self.ds.relations.append(relation)

    def make_relation(self, row: _Row, relation_id: str, ends: list[str]) -> Relation | None:
        span = self.span(row, schema.RELATIONS.start, schema.RELATIONS.end)
        if span is None:
            return None
        weight = row.get("weight")
        if as_text(weight) is None:
            weight = 1.0
        else:
            try:
                weight = float(weight)
            except (TypeError, ValueError):
                weight = math.nan
            if not math.isfinite(weight) or weight < 0:
                self.skip(row.problem("weight", "a number, 0 or more (empty means 1)"))
                return None
        confidence = as_text(row.get("confidence"))
        if confidence is not None:
            confidence = confidence.lower()
            if confidence not in schema.CONFIDENCES:
                self.skip(row.problem("confidence", "official, reported or inferred (or empty)"))
                return None
        return Relation(
            relation_id, ends[0], ends[1], as_text(row.get("kind")), span[0], span[1], weight,
            confidence, as_text(row.get("description")), as_text(row.get("source")),
            as_text(row.get("locator")), row.fields,
        )

    # -- events and meta -----------------------------------------------------------------
    def events(self, raw: RawTable) -> None:
        for row in _rows("events", raw):
            if not self.required(row, schema.EVENTS):
                continue
            event_id = as_id(row.get("id"))
            if event_id in self.event_ids:
                self.skip(row.problem("id", "an event id not used before"))
                continue
            span = self.span(row, schema.EVENTS.start, schema.EVENTS.end)
            if span is None:
                continue
            event = Event(event_id, span[0], as_text(row.get("title")), as_text(row.get("kind")),
                          as_text(row.get("description")), as_text(row.get("source")),
                          as_text(row.get("locator")), [], row.fields)
            self.event_ids[event_id] = event
            self.ds.events.append(event)
        self.ds.events.sort(key=lambda e: (e.day, e.id))

    def event_entities(self, raw: RawTable) -> None:
        for row in _rows("event_entities", raw):
            if not self.required(row, schema.EVENT_ENTITIES):
                continue
            event = self.event_ids.get(as_id(row.get("event_id")))
            entity_id = as_id(row.get("entity_id"))
            if event is None:
                self.skip(row.problem("event_id", "the id of an event"))
            elif entity_id not in self.ds.entities:
                self.skip(row.problem("entity_id", ENTITY_REF))
            elif entity_id not in event.entity_ids:
                event.entity_ids.append(entity_id)

    def meta(self, raw: RawTable) -> None:
        for row in _rows("meta", raw):
            key = as_text(row.get("key"))
            if key is None:
                self.skip(row.problem("key", "a value (this column is required)"))
                continue
            row.name = repr(key)
            value = as_text(row.get("value"))
            if key.lower() == "default_date" and value is not None:
                try:
                    dates.parse(value)
                except dates.DateError:
                    self.skip(row.problem("value", dates.EXPECTED))
                    continue
            if key in self.ds.meta:
                self.skip(row.problem("key", "a key not used before"))
                continue
            self.ds.meta[key] = value or ""


class _QuickRelations:
    """The common case of a relation row, checked with as few steps as Python allows: every
    value is text or NULL, the ends are loaded, the dates parse, the weight and confidence are
    plain. Any doubt returns None and the row takes the full checks, which name the problem."""

    COLUMNS = ("id", "source_id", "target_id", "kind", "start_date", "end_date", "weight", "confidence",
               "description", "source", "locator")

    def __init__(self, raw: RawTable, entities: dict[str, Entity]):
        index = {c.lower(): i for i, c in enumerate(raw.columns)}
        width = len(raw.columns)  # a missing column reads the None appended to each row
        self.pick = operator.itemgetter(*(index.get(c, width) for c in self.COLUMNS))
        self.entities = entities

    def make(self, row: _Row, seen: set[str]) -> Relation | None:
        values = self.pick(row.raw + (None,))
        for position, value in enumerate(values):
            if value is not None and type(value) is not str and not (
                    position == 6 and type(value) in (int, float)):  # a stored number as weight
                return None
        given_id, source, target, kind, start, end, weight, confidence, description, where, locator = (
            (v.strip() or None) if type(v) is str else v for v in values)
        entities = self.entities
        if kind is None or source not in entities or target not in entities:
            return None
        relation_id = given_id or f"rowid {row.rowid}"
        if relation_id in seen:
            return None
        try:
            start = dates.parse_text(start) if start is not None else None
            end = dates.parse_text(end) if end is not None else None
        except dates.DateError:
            return None
        if start is not None and end is not None and end.last_day < start.first_day:
            return None
        if weight is None:
            weight = 1.0
        else:
            try:
                weight = float(weight)
            except ValueError:
                return None
            if not (math.isfinite(weight) and weight >= 0):
                return None
        if confidence is not None:
            confidence = confidence.lower()
            if confidence not in schema.CONFIDENCES:
                return None
        return Relation(relation_id, source, target, kind, start, end, weight, confidence,
                        description, where, locator, row.fields)


def _parent_loops(entities: dict[str, Entity]) -> list[str]:
    """Ids of actors whose parent chain comes back to itself (a self-parent is a loop)."""
    looped: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current chain, 2 = done
    for start in entities:
        chain: list[str] = []
        node = start
        while node is not None and node in entities and entities[node].table == "actors" \
                and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = entities[node].parent_id
        if node is not None and state.get(node) == 1:
            looped.extend(chain[chain.index(node):])
        for member in chain:
            state[member] = 2
    return looped
