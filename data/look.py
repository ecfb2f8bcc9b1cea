"""The contract's optional columns of version 3, checked after the rows are loaded: an entity's
stored position (``x``, ``y``), its own look (``colour``, ``size``) and several intervals of
activity (``periods``) for entities and relations.

A bad value is a row-level problem that keeps the row: it keeps its kind's look, a computed
position, or its plain start and end. ``check`` runs at the end of ``data.loader.load``; the
arrays the canvas and the layout take are ``positions`` and ``colours_and_sizes``. No Qt.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from . import colours, dates, periods as periods_module, schema
from .model import Dataset, Entity, Look, Relation
from .problems import Problem

NUMBER = "a number (or empty); the row is kept and laid out with the others"
SIZE = "a positive number (or empty); the row is kept with its kind's size"
COLOUR = colours.EXPECTED + "; the row is kept with its kind's colour"


def _column(fields: Mapping[str, object], name: str) -> tuple[str, object]:
    """The column as written (names compare ignoring case) and its value; None when absent."""
    for key, value in fields.items():
        if key.lower() == name:
            if isinstance(value, str) and not value.strip():
                value = None
            return key, value
    return name, None


def _number(value: object) -> float | None:
    if value is None or isinstance(value, (bool, bytes)):
        raise ValueError(value)
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _has_columns(dataset: Dataset, table: str, names: tuple[str, ...]) -> bool:
    """Whether the table, as read, may hold any of these columns (always, without the loader's
    frame): a dataset read column-wise skips the rows of tables that have none."""
    frame = dataset.frame
    if frame is None:
        return True
    stored = frame.stored.get(table)  # type: ignore[attr-defined]
    return stored is not None and any(c.lower() in names for c in stored.columns)


def reads_any(dataset: Dataset) -> bool:
    """Whether ``check`` has anything to read: a table with a look or periods column (always,
    without the loader's frame)."""
    return any(_has_columns(dataset, table, ("x", "y", "size", "colour", schema.PERIODS))
               for table in schema.ENTITY_TABLES) or _has_columns(dataset, "relations", (schema.PERIODS,))


def check(dataset: Dataset) -> None:
    """Read every entity's look and every row's periods into the dataset; record bad values."""
    frame = dataset.frame
    wanted = {table: _has_columns(dataset, table, ("x", "y", "size", "colour", schema.PERIODS))
              for table in schema.ENTITY_TABLES}
    with_periods = set()
    for entity in dataset.entities.values():
        if not wanted.get(entity.table, True):
            continue
        look = _entity_look(dataset, entity)
        if look is not None:
            dataset.looks[entity.id] = look
        if entity.table != "articles":
            _apply_periods(dataset, entity, entity.table, repr(entity.id))
            if entity.periods:
                with_periods.add(entity.id)
    for entity in dataset.entities.values():  # an article lives when its treaty does
        if entity.table == "articles" and entity.parent_id in (with_periods if frame is not None else dataset.entities):
            treaty = dataset.entities[entity.parent_id]
            entity.start, entity.end, entity.periods = treaty.start, treaty.end, treaty.periods
            with_periods.add(entity.id)
    if frame is not None:  # the graph is built from the frame's arrays: keep them in step
        for entity_id in with_periods:
            at, entity = frame.index[entity_id], dataset.entities[entity_id]  # type: ignore[attr-defined]
            frame.start[at], frame.end[at] = dates.start_day(entity.start), dates.end_day(entity.end)  # type: ignore[attr-defined]
        if not _has_columns(dataset, "relations", (schema.PERIODS,)):
            return
    for position, relation in enumerate(dataset.relations):
        name = repr(relation.id) if not relation.id.startswith("rowid ") else relation.id
        _apply_periods(dataset, relation, "relations", name)
        if frame is not None and relation.periods:  # made on demand: keep the object made here
            dataset.relations.keep(position, relation)  # type: ignore[attr-defined]
            frame.rel_start[position] = dates.start_day(relation.start)  # type: ignore[attr-defined]
            frame.rel_end[position] = dates.end_day(relation.end)  # type: ignore[attr-defined]


def _entity_look(dataset: Dataset, entity: Entity) -> Look | None:
    values: dict[str, object] = {}
    for name, convert, expected in (("x", _number, NUMBER), ("y", _number, NUMBER),
                                    ("size", _number, SIZE), ("colour", colours.parse, COLOUR)):
        column, raw = _column(entity.fields, name)
        if raw is None:
            continue
        try:
            value = convert(raw)
            if name == "size" and value is not None and value <= 0:
                raise ValueError(raw)
        except (TypeError, ValueError):
            dataset.problems.append(Problem(entity.table, repr(entity.id), column, raw, expected, (entity.id,)))
            continue
        values[name] = value
    if ("x" in values) != ("y" in values):  # half a position is no position
        values.pop("x", None)
        values.pop("y", None)
    return Look(**values) if values else None


def _apply_periods(dataset: Dataset, row: Entity | Relation, table: str, name: str) -> None:
    column, raw = _column(row.fields, schema.PERIODS)
    if raw is None:
        return
    try:
        parsed = periods_module.parse(raw)
    except periods_module.PeriodsError:
        parsed = None
    spec = schema.BY_NAME[table]
    if parsed is not None:
        parsed = periods_module.bounded(parsed, row.start, row.end if spec.end else None)
    related = (row.id,) if isinstance(row, Entity) else (row.source_id, row.target_id)
    if parsed is None:
        expected = (periods_module.EXPECTED + ", within start_date and end_date; the row is kept with "
                    "its start_date and end_date")
        dataset.problems.append(Problem(table, name, column, raw, expected, related))
        return
    if parsed:
        row.periods = parsed
        row.start, row.end = periods_module.hull(parsed)


# -- arrays for the canvas and the layout ---------------------------------------------------
def positions(dataset: Dataset, ids: list[str]) -> np.ndarray | None:
    """The stored positions of these ids as an (n, 2) array, NaN where a node has none; None
    when no node has one."""
    looks = dataset.looks
    if not any(looks.get(i) is not None and looks[i].x is not None for i in ids):
        return None
    stored = np.full((len(ids), 2), np.nan)
    for n, entity_id in enumerate(ids):
        look = looks.get(entity_id)
        if look is not None and look.x is not None:
            stored[n] = (look.x, look.y)
    return stored


def colours_and_sizes(dataset: Dataset, ids: list[str]) -> tuple[list[str | None] | None, np.ndarray | None]:
    """Each node's own colour (None where it has none) and its size as a factor of the usual
    one (the median of the sizes given is 1; NaN where it has none); None when no node has one."""
    if not dataset.looks:
        return None, None
    looks = [dataset.looks.get(i) for i in ids]
    colour_list = [look.colour if look is not None else None for look in looks]
    sizes = np.array([look.size if look is not None and look.size is not None else np.nan for look in looks])
    given = sizes[np.isfinite(sizes)]
    factors = None
    if len(given):
        factors = np.clip(sizes / float(np.median(given)), 0.25, 4.0)
    return (colour_list if any(c is not None for c in colour_list) else None), factors

