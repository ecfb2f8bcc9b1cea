"""One stored row read as the contract reads it: ids and text as the contract compares them,
the row as a ``Row`` that names itself in a problem, and the ``Entity`` or ``Relation`` a kept
row stands for.

The loader checks rows (``data.loader``, ``data.columnwise``); the validated dataset makes its
entities and relations from their rows when they are asked for (``data.frame``). Both read a
row through this module, so a row means the same thing whichever path kept it.
"""
from __future__ import annotations

import math

from . import dates, schema
from .model import Entity, Relation, RowView
from .problems import Problem

REFERENCE_COLUMNS = ("id", "source_id", "target_id", "parent_id", "treaty_id", "entity_id")


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


def as_weight(value: object) -> float | None:
    """A relation's weight: empty means 1; None when it is not a number of 0 or more."""
    if as_text(value) is None:
        return 1.0
    try:
        weight = float(value)
    except (TypeError, ValueError):
        return None
    return weight if math.isfinite(weight) and weight >= 0 else None


def as_confidence(value: object) -> str | None | bool:
    """A relation's confidence in lower case, None when empty; False when it is not one."""
    text = as_text(value)
    if text is None:
        return None
    text = text.lower()
    return text if text in schema.CONFIDENCES else False


class Row:
    """One stored row: its values by lower-case column, and how problems name it. ``raw`` is
    the row as stored; ``index`` and ``by_name`` give each column's position in it."""

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


class RowReader:
    """Makes ``Row`` objects for the rows of one stored table, sharing one column index (a
    stored row starts with its rowid, so a column's position is one more than its number)."""

    def __init__(self, table: str, stored):
        self.table, self.stored = table, stored
        self.columns = tuple(stored.columns)
        self.index = {c.lower(): i + 1 for i, c in enumerate(self.columns)}
        self.by_name = {c: i + 1 for i, c in enumerate(self.columns)}

    def __call__(self, position: int) -> Row:
        raw = self.stored.raw(position)
        return Row(self.table, raw[0], raw, self.index, self.columns, self.by_name)


def entity(table: str, row: Row, entity_id: str) -> Entity:
    """The entity a kept row stands for (an article's dates are its treaty's: the caller's)."""
    spec = schema.BY_NAME[table]
    name = as_text(row.get(schema.NAME_COLUMN[table]))
    start = dates.parse(row.get(spec.start)) if spec.start else None
    end = dates.parse(row.get(spec.end)) if spec.end else None
    if table == "articles":
        number = as_text(row.get("number"))
        title = as_text(row.get("title"))
        name = f"Article {number}" + (f": {title}" if title else "")
    return Entity(entity_id, table, name or entity_id, entity_kind(spec, row.get("kind")), start, end,
                  as_id(row.get(spec.parent)) if spec.parent else None, split_aliases(row.get("aliases")),
                  row.fields)


def entity_kind(spec: schema.TableSpec, value: object) -> str:
    """An entity's kind: its ``kind`` column where the table has one and it is given, else the
    table's word for one row ("treaty", "article", "project")."""
    return (as_text(value) if "kind" in spec.columns else None) or spec.singular


def relation(row: Row, ends: tuple[str, str]) -> Relation:
    """The relation a kept row stands for; its id is the row's, else ``rowid N``."""
    weight = as_weight(row.get("weight"))
    confidence = as_confidence(row.get("confidence"))
    return Relation(
        relation_id(row.get("id"), row.rowid), ends[0], ends[1], as_text(row.get("kind")),
        dates.parse(row.get(schema.RELATIONS.start)), dates.parse(row.get(schema.RELATIONS.end)),
        1.0 if weight is None else weight, confidence or None, as_text(row.get("description")),
        as_text(row.get("source")), as_text(row.get("locator")), row.fields,
    )


def relation_id(value: object, rowid: int) -> str:
    return as_id(value) or f"rowid {rowid}"
