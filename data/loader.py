"""Validating a dataset's rows against the contract and building the in-memory ``Dataset``.

A row-level problem (a missing value, a bad date, a dangling reference, a duplicate id, a
``parent_id`` loop) skips that row and is recorded as a ``Problem``; the rest loads. Skipping
cascades honestly: a relation to a skipped entity names no loaded entity, and is skipped too.

Two paths, one answer. Whole columns are checked at once first (``data.columnwise``); rows that
pass every check there are kept without another look, and only the rows it doubts are checked
here one by one, which decides them and names their problem. ``load(path, columnwise=False)``
checks every row one by one: the reference the fast path is tested against. The kept rows
become a ``data.frame.Frame`` of arrays, and entities and relations are made from their rows
when asked for.
"""
from __future__ import annotations

from itertools import repeat
from pathlib import Path
from typing import Callable

import numpy as np

from . import chunks, collector, columnwise as cw, dates, look, references, schema
from .frame import Frame, Relations, make_entities
from .model import Dataset, Event
from .problems import Problem
from .reader import read_contract_tables
from .rows import Row, RowReader, as_confidence, as_id, as_text, as_weight, entity_kind, split_aliases  # noqa: F401
from .store import StoredTable

ProgressFn = Callable[[str, float], None]

ENTITY_REF = "the id of an actor, treaty, article or project"
SMALL_TABLES = ("events", "event_entities", "meta")  #: always checked row by row


def load(path: str | Path, progress: ProgressFn | None = None, columnwise: bool = True,
         objects: bool = True, on_frame: Callable[[Frame], None] | None = None) -> Dataset:
    """Read and validate a dataset file; raises DatasetError for a file-level error.

    ``objects=False``: only the problems are wanted (``validate`` on the command line), so the
    entities are not made as objects unless a check needs them (looks or periods to read).
    ``on_frame(frame)`` is called once the entities and relations are checked, before their
    objects are made: the kept arrays are final then (the loading worker starts the layout
    of a big graph elsewhere at that point)."""
    with collector.loading():  # a million objects and no cycles: no collection can help it
        report = progress or (lambda _step, _fraction: None)
        report("Reading tables", 0.0)
        path = Path(path)
        tables, extras = read_contract_tables(path, lambda f: report("Reading tables", 0.3 * f))
        return validate(path, tables, extras, report, columnwise, objects, on_frame)


def validate(path: Path | None, tables: dict[str, StoredTable], extras: dict[str, int],
             report: ProgressFn | None = None, columnwise: bool = True, objects: bool = True,
             on_frame: Callable[[Frame], None] | None = None) -> Dataset:
    """The dataset that the contract's tables, as read, make (``objects``, ``on_frame``: see
    ``load``)."""
    report = report or (lambda _step, _fraction: None)
    dataset = Dataset(path=path, extra_tables=extras, rows_read={name: len(t) for name, t in tables.items()})
    checker = _Checker(dataset, columnwise)
    report("Checking entities", 0.3)
    kept = checker.entities(tables)
    report("Checking relations", 0.6)
    frame = checker.relations(tables, kept)
    frame.small = {t: tables[t] for t in SMALL_TABLES if t in tables}
    frame.core_problems = len(dataset.problems)
    if on_frame is not None:
        on_frame(frame)
    report("Checking events", 0.85)
    _finish(dataset, checker, frame, objects)
    for table in tables.values():  # the columns read for the checks: the rows stay
        table.forget()
    report("Loaded", 1.0)
    return dataset


def finish(path: Path, frame: Frame, problems: list[Problem], rows_read: dict[str, int],
           extras: dict[str, int]) -> Dataset:
    """The dataset of a frame validated before (the dataset cache): its entities' and relations'
    problems as found then; events and meta (small) are checked again."""
    dataset = Dataset(path=path, extra_tables=extras, rows_read=rows_read, problems=list(problems))
    return _finish(dataset, _Checker(dataset, True), frame)


def _finish(dataset: Dataset, checker: "_Checker", frame: Frame, objects: bool = True) -> Dataset:
    dataset.relations, dataset.frame = Relations(frame), frame
    objects = objects or look.reads_any(dataset)  # looks and periods are read from the objects
    if objects:
        dataset.entities = make_entities(frame)
    checker.known = dataset.entities if objects else frame.index
    for name, check in (("events", checker.events), ("event_entities", checker.event_entities),
                        ("meta", checker.meta)):
        if name in frame.small:
            check(frame.small[name])
    if objects:
        look.check(dataset)  # positions, looks and periods: the contract's optional columns of version 3
    return dataset


class _Kept:
    """Kept entities so far, in dataset order: the lists a ``Frame`` is made of."""

    def __init__(self):
        self.ids: list[str] = []
        self.table: list[np.ndarray] = []
        self.row: list[np.ndarray] = []
        self.start: list[np.ndarray] = []
        self.end: list[np.ndarray] = []
        self.parent: list = []
        self.kind: list = []


class _Checker:
    def __init__(self, dataset: Dataset, columnwise: bool):
        self.ds, self.columnwise = dataset, columnwise
        self.event_ids: dict[str, Event] = {}
        self.known: dict = {}  #: the kept entities' ids (a mapping), for the event_entities check

    def skip(self, problem: Problem) -> None:
        self.ds.problems.append(problem)

    # -- shared checks -------------------------------------------------------------------
    def required(self, row: Row, spec: schema.TableSpec) -> bool:
        for column in spec.required:
            value = row.get(column)
            if isinstance(value, bytes) or as_text(value) is None:
                self.skip(row.problem(column, "a value (this column is required)"))
                return False
        return True

    def span(self, row: Row, start_col: str | None, end_col: str | None):
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
    def entities(self, tables: dict[str, StoredTable]) -> _Kept:
        present = [schema.BY_NAME[t] for t in schema.ENTITY_TABLES if t in tables]
        checked = {spec.name: self._entity_columns(spec, tables[spec.name]) for spec in present}
        if self.columnwise and checked:  # an id used twice: every row that has it is doubted
            twice = cw.repeated([i for c in checked.values() for i in c.ids])
            first = 0
            for c in checked.values():
                c.doubt |= twice[first:first + len(c.ids)]
                first += len(c.ids)
        kept, seen = _Kept(), {}
        for spec in present:
            self._entity_rows(spec, tables[spec.name], checked[spec.name], seen, kept)
        return kept

    def _entity_columns(self, spec: schema.TableSpec, stored: StoredTable) -> cw.EntityColumns:
        if self.columnwise:
            return cw.entity_columns(spec, stored)
        n = len(stored)
        return cw.EntityColumns(np.ones(n, dtype=bool), [None] * n, np.zeros(n, np.int32), np.zeros(n, np.int32),
                                [None] * n, [None] * n)

    def _entity_rows(self, spec: schema.TableSpec, stored: StoredTable, checked: cw.EntityColumns,
                     seen: dict[str, str], kept: _Kept) -> None:
        """Decide the doubted rows one by one; ``seen`` holds the ids they kept (an id that a
        row kept without doubt is used by no doubted row: its repeats are all doubted)."""
        keep = ~checked.doubt
        read = RowReader(spec.name, stored)
        for position in np.flatnonzero(checked.doubt).tolist():
            row = read(position)
            if not self.required(row, spec):
                continue
            entity_id = as_id(row.get("id"))
            if entity_id in seen:
                self.skip(row.problem("id", f"an id not used before (already used in {seen[entity_id]})"))
                continue
            span = self.span(row, spec.start, spec.end)
            if span is None:
                continue
            seen[entity_id] = spec.name
            keep[position] = True
            checked.ids[position] = entity_id
            checked.start[position] = dates.start_day(span[0])
            checked.end[position] = dates.end_day(span[1])
            checked.parent[position] = as_id(row.get(spec.parent)) if spec.parent else None
            checked.kind[position] = entity_kind(spec, row.get("kind"))
        where = np.flatnonzero(keep)
        pick = chunks.tolist(where)
        kept.ids += [checked.ids[i] for i in pick]
        kept.table.append(np.full(len(where), schema.ENTITY_TABLES.index(spec.name), dtype=np.int8))
        kept.row.append(where.astype(np.int64))
        kept.start.append(checked.start[where])
        kept.end.append(checked.end[where])
        kept.parent += [checked.parent[i] for i in pick]
        kept.kind += [checked.kind[i] for i in pick]

    # -- relations -----------------------------------------------------------------------
    def relations(self, tables: dict[str, StoredTable], kept: _Kept) -> Frame:
        """The entities that survive the parent checks and the relations between them."""
        table = np.concatenate(kept.table) if kept.table else np.zeros(0, np.int8)
        # one index of a million ids serves the checks and, when every entity is kept, the frame
        index = chunks.dict_of(zip(kept.ids, range(len(kept.ids))), len(kept.ids))
        keep = references.check(kept.ids, table, kept.parent, self.skip, everyone=not self.columnwise, index=index)
        stored = {t: tables[t] for t in (*schema.ENTITY_TABLES, "relations") if t in tables}
        frame = _entity_frame(stored, kept, table, keep, index)
        if "relations" in tables:
            self._relation_rows(tables["relations"], frame)
        return frame

    def _relation_rows(self, stored: StoredTable, frame: Frame) -> None:
        n = len(stored)
        if self.columnwise:
            checked = cw.relation_columns(stored, frame.index)
        else:
            checked = cw.RelationColumns(np.ones(n, dtype=bool), np.zeros(n, np.int32), np.zeros(n, np.int32),
                                         [None] * n, np.zeros(n, np.int32), np.zeros(n, np.int32),
                                         np.ones(n, np.float64), np.zeros(n, np.int8))
        keep, seen, read = ~checked.doubt, set(), RowReader("relations", stored)
        codes, answers = checked.kind_codes, checked.kind_answers
        answer_code = {a: c for c, a in enumerate(answers)} if answers is not None else {}
        for position in np.flatnonzero(checked.doubt).tolist():
            row = read(position)
            values = self._relation_row(row, seen, frame.index)
            if values is not None:
                keep[position] = True
                (checked.src[position], checked.dst[position], kind, checked.start[position],
                 checked.end[position], checked.weight[position], checked.confidence[position]) = values
                if codes is None:
                    checked.kind[position] = kind
                else:  # a kind as a code: one of the column's answers, or a new one
                    if kind not in answer_code:
                        answer_code[kind] = len(answers)
                        answers.append(kind)
                    codes[position] = answer_code[kind]
        where = np.flatnonzero(keep)
        frame.rel_row, frame.src, frame.dst = where.astype(np.int64), checked.src[where], checked.dst[where]
        if codes is None:
            kept_kinds = list(map(checked.kind.__getitem__, chunks.tolist(where)))
            frame.rel_kinds = sorted(set(kept_kinds))
            code = {k: i for i, k in enumerate(frame.rel_kinds)}
            frame.rel_kind = np.fromiter(map(code.__getitem__, kept_kinds), np.int32, len(where))
        else:  # the kinds of the codes kept, sorted; each code to its kind's place among them
            used = np.flatnonzero(np.bincount(codes[where], minlength=len(answers))).tolist()
            frame.rel_kinds = sorted({answers[c] for c in used})
            place = {k: i for i, k in enumerate(frame.rel_kinds)}
            lookup = np.zeros(len(answers), dtype=np.int32)
            lookup[used] = [place[answers[c]] for c in used]
            frame.rel_kind = lookup[codes[where]]
        frame.rel_start, frame.rel_end = checked.start[where], checked.end[where]
        frame.weight, frame.confidence = checked.weight[where], checked.confidence[where]

    def _relation_row(self, row: Row, seen: set[str], index: dict[str, int]) -> tuple | None:
        """One doubted relation row: its values when kept (``seen`` gains its id), else None
        and a problem. ``seen`` needs only doubted rows' ids, as for entities."""
        if not self.required(row, schema.RELATIONS):
            return None
        given_id = as_id(row.get("id"))
        if given_id is not None and given_id in seen:
            self.skip(row.problem("id", "a relation id not used before"))
            return None
        ends = []
        for column in ("source_id", "target_id"):
            ref = as_id(row.get(column))
            if ref not in index:
                self.skip(row.problem(column, ENTITY_REF))
                return None
            ends.append(index[ref])
        span = self.span(row, schema.RELATIONS.start, schema.RELATIONS.end)
        if span is None:
            return None
        weight = as_weight(row.get("weight"))
        if weight is None:
            self.skip(row.problem("weight", "a number, 0 or more (empty means 1)"))
            return None
        confidence = as_confidence(row.get("confidence"))
        if confidence is False:
            self.skip(row.problem("confidence", "official, reported or inferred (or empty)"))
            return None
        seen.add(given_id or f"rowid {row.rowid}")
        return (ends[0], ends[1], as_text(row.get("kind")), dates.start_day(span[0]), dates.end_day(span[1]),
                weight, schema.confidence_code(confidence))

    # -- events and meta -----------------------------------------------------------------
    def events(self, stored: StoredTable) -> None:
        read = RowReader("events", stored)
        for position in range(len(stored)):
            row = read(position)
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

    def event_entities(self, stored: StoredTable) -> None:
        read = RowReader("event_entities", stored)
        for position in range(len(stored)):
            row = read(position)
            if not self.required(row, schema.EVENT_ENTITIES):
                continue
            event = self.event_ids.get(as_id(row.get("event_id")))
            entity_id = as_id(row.get("entity_id"))
            if event is None:
                self.skip(row.problem("event_id", "the id of an event"))
            elif entity_id not in self.known:
                self.skip(row.problem("entity_id", ENTITY_REF))
            elif entity_id not in event.entity_ids:
                event.entity_ids.append(entity_id)

    def meta(self, stored: StoredTable) -> None:
        read = RowReader("meta", stored)
        for position in range(len(stored)):
            row = read(position)
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


def _entity_frame(stored: dict[str, StoredTable], kept: _Kept, table: np.ndarray, keep: np.ndarray,
                  index: dict[str, int]) -> Frame:
    """A frame of the entities kept (relations empty): arrays in dataset order, an article's
    dates its treaty's, parents as positions. ``index``: each of ``kept``'s ids' position."""
    pick = np.flatnonzero(keep)
    if len(pick) == len(kept.ids):  # every entity kept (the common case): the lists and the index as they are
        ids, kinds_of, parents = kept.ids, kept.kind, kept.parent
    else:
        ids, kinds_of, parents = ([values[i] for i in chunks.tolist(pick)] for values in (kept.ids, kept.kind, kept.parent))
        index = chunks.dict_of(zip(ids, range(len(ids))), len(ids))
    kinds = sorted(set(kinds_of))
    code = {k: i for i, k in enumerate(kinds)}
    parent = cw.fromiter(lambda piece: map(index.get, piece, repeat(-1)), parents, np.int32)  # None: -1
    if int((parent < 0).sum()) != parents.count(None):
        raise KeyError("a kept entity's parent that was not kept")  # references.check keeps none such
    start = (np.concatenate(kept.start) if kept.start else np.zeros(0, np.int32))[pick].astype(np.int32)
    end = (np.concatenate(kept.end) if kept.end else np.zeros(0, np.int32))[pick].astype(np.int32)
    table = table[pick]
    articles = np.flatnonzero(table == references.TABLE_ARTICLES)
    start[articles], end[articles] = start[parent[articles]], end[parent[articles]]
    empty = np.zeros(0, np.int32)
    return Frame(stored, ids, index, table, (np.concatenate(kept.row) if kept.row else np.zeros(0, np.int64))[pick],
                 cw.fromiter(lambda piece: map(code.__getitem__, piece), kinds_of, np.int32), kinds, start, end, parent,
                 np.zeros(0, np.int64), empty, empty, empty, [], empty, empty, np.zeros(0, np.float64),
                 np.zeros(0, np.int8))
