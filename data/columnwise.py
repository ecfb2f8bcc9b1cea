"""Checking whole columns at once: the fast path of validation.

Each distinct value of a column is read once, with the same functions the row-by-row checks use
(``data.rows``; dates with ``data.date_arrays``, which reads as ``data.dates`` does), and the
answers are spread over the rows with NumPy: dates, kinds, confidences and weights repeat, so a
million rows cost a few thousand parses. A row that
any check here doubts is left to the row-by-row checks (``data.loader``), which decide it and
name its problem. So both paths keep the same rows and report the same problems; a property
test holds them to it (``tests/test_columnwise.py``).

A contract column this module has no rule for (one added to ``data.schema`` later) sends every
row that has a value in it to the row-by-row checks: slower, never wrong. Give it a rule here
when it needs to be fast.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import count, islice, repeat
from typing import Callable, Iterable, Iterator

import numpy as np

from . import chunks, date_arrays, dates, schema, text_codes
from .rows import as_confidence, as_id, as_text, as_weight
from .store import CHUNK, StoredTable

#: columns read as text with no rule of their own (beyond being required, where they are)
FREE_TEXT = frozenset({"name", "title", "kind", "aliases", "description", "place", "number", "summary",
                       "topic", "status", "source", "locator", "short_name"})
RELATION_RULES = frozenset({"source_id", "target_id", "weight", "confidence"})
_NONE = type(None)


def pieces(values: list) -> Iterator[Iterator]:
    """``values`` a chunk at a time: a pass over three million cells in one C call would hold
    the interpreter lock for seconds, and the window's thread would wait that long. Each chunk
    is an iterator over one shared pass (no chunk is copied: 25 passes over 3M relations made
    75 million references and dropped them again); use each up before taking the next."""
    rest = iter(values)
    for _first in range(0, len(values), CHUNK):
        yield islice(rest, CHUNK)


def fromiter(make: Callable[[Iterable], Iterable], values: list, dtype) -> np.ndarray:
    """``np.fromiter(make(chunk))`` over ``values`` a chunk at a time."""
    n = len(values)
    parts = [np.fromiter(make(piece), dtype, min(CHUNK, n - first))
             for first, piece in zip(range(0, n, CHUNK), pieces(values))]
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def types(values: list) -> set:
    found: set = set()
    for piece in pieces(values):
        found.update(map(type, piece))
    return found


def per_distinct(values: list, answer: Callable[[object], object]) -> tuple[list, np.ndarray]:
    """``answer`` of each distinct value once: (the answers, each row's index into them).

    Values are told apart as the contract reads them: the integer 1 and the float 1.0 read the
    same everywhere (``as_id``, ``as_text``, dates, weights), so they may share an answer."""
    distinct, position = distinct_codes(values)
    return [answer(v) for v in distinct], position


def distinct_codes(values: list) -> tuple[list, np.ndarray]:
    """The distinct values (as ``per_distinct`` tells them apart), in the order they first
    appear, and each row's index into them.

    One pass of dictionary look-ups, not two: ``first.setdefault(value, row)`` answers the
    row where each value first appears, and the distinct values are the dictionary's keys in
    that order; NumPy turns first rows into codes. A column of plain text is coded by
    NumPy alone (``data.text_codes``), with the same answer."""
    grouped = text_codes.codes(values)
    if grouped is not None:
        return [values[i] for i in grouped[0].tolist()], grouped[1]
    first: dict = {}
    n = len(values)
    try:
        rows = np.concatenate([np.fromiter(map(first.setdefault, piece, count(start)), np.int64, min(CHUNK, n - start))
                               for start, piece in zip(range(0, n, CHUNK), pieces(values))]) \
            if n else np.zeros(0, np.int64)
    except TypeError:  # an unhashable value (SQLite gives none; a caller's list might)
        return list(values), np.arange(n, dtype=np.int64)
    code = np.zeros(n, dtype=np.int64)
    code[np.fromiter(first.values(), np.int64, len(first))] = np.arange(len(first))
    return list(first), code[rows]


def present(values: list) -> np.ndarray:
    """Rows whose value a required column accepts: text that is not blank, or a number."""
    if types(values) == {str}:
        return fromiter(lambda piece: map(len, map(str.strip, piece)), values, np.int64) > 0
    answers, codes = per_distinct(values, lambda v: not isinstance(v, bytes) and as_text(v) is not None)
    return np.asarray(answers, dtype=bool)[codes] if len(values) else np.zeros(0, dtype=bool)


def ids(values: list) -> list:
    """Each row's id as the contract compares it (``as_id``); None where there is none."""
    out: list = []
    text = types(values) <= {str}
    for piece in pieces(values):
        if text:
            stripped = list(map(str.strip, piece))
            out.extend([v or None for v in stripped] if "" in stripped else stripped)
        else:
            out.extend(map(as_id, piece))
    return out


def spread(values: list, answer: Callable[[object], object]) -> list:
    """``answer`` of each row's value, worked out once per distinct value."""
    answers, codes = per_distinct(values, answer)
    return [answers[c] for c in chunks.tolist(codes)]


def day_columns(stored: StoredTable, start: str | None, end: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's first and last active day from its start and end columns, and the rows whose
    dates are wrong (not dates, or an end before its start)."""
    n = len(stored)
    first = np.full(n, dates.OPEN_START, dtype=np.int32)
    last = np.full(n, dates.OPEN_END, dtype=np.int32)
    wrong = np.zeros(n, dtype=bool)
    for column, target, pick in ((start, first, 0), (end, last, 1)):
        if column is None or not stored.has(column):
            continue
        distinct, codes = distinct_codes(stored.values(column))
        days = date_arrays.spans(distinct)  # first day, last day, a date
        target[:] = days[pick][codes]
        wrong |= ~days[2][codes]
        if column == end and start is not None:  # an end before its start
            wrong |= days[1][codes] < first
    return first, last, wrong


def unruled(stored: StoredTable, spec: schema.TableSpec, ruled: frozenset[str]) -> np.ndarray:
    """Rows with a value in a contract column this module has no rule for."""
    doubt = np.zeros(len(stored), dtype=bool)
    for column in spec.columns:
        if column in ruled or column in spec.required or column in spec.dates or not stored.has(column):
            continue
        doubt |= np.fromiter((v is not None and v != "" for v in stored.values(column)), bool, len(stored))
    return doubt


@dataclass
class EntityColumns:
    """One entity table checked as columns: per row, whether it is doubted and its values."""

    doubt: np.ndarray  #: rows for the row-by-row checks
    ids: list  #: str | None per row
    start: np.ndarray  #: first active day
    end: np.ndarray  #: last active day
    parent: list  #: the id its parent column names (None: none)
    kind: list  #: the kind, as ``data.rows.entity_kind`` reads it


def entity_columns(spec: schema.TableSpec, stored: StoredTable) -> EntityColumns:
    doubt = np.zeros(len(stored), dtype=bool)
    for column in spec.required:
        doubt |= ~present(stored.values(column))
    first, last, wrong = day_columns(stored, spec.start, spec.end)
    doubt |= wrong
    ruled = FREE_TEXT | {"id"} | ({spec.parent} if spec.parent else set())
    doubt |= unruled(stored, spec, ruled)
    parent = spread(stored.values(spec.parent), as_id) if spec.parent else [None] * len(stored)
    if "kind" in spec.columns:
        kind = spread(stored.values("kind"), lambda v: as_text(v) or spec.singular)
    else:
        kind = [spec.singular] * len(stored)
    return EntityColumns(doubt, ids(stored.values("id")), first, last, parent, kind)


def positions(values: list, index: dict[str, int]) -> np.ndarray:
    """The position in ``index`` of the entity each value names (``as_id``), -1 for none."""
    return end_positions([values], index)[0]


def end_positions(columns: list[list], index: dict[str, int]) -> list[np.ndarray]:
    """``positions`` of each column. When every column is plain text (and NULL), the index's
    ids and the columns are coded by NumPy together, once (``data.text_codes``); otherwise
    each column is looked up on its own, text by a dictionary look-up per value, anything
    else once per distinct value."""
    ids = chunks.list_of(index, len(index))  # a chunk at a time: seven million items in one call held the lock
    grouped = text_codes.codes_of_parts([ids, *columns])
    if grouped is not None:
        first, code, _none = grouped
        place = np.full(len(first), -1, dtype=np.int64)
        place[code[:len(ids)]] = np.fromiter(index.values(), np.int64, len(ids))
        bounds = np.cumsum([len(ids)] + [len(values) for values in columns]).tolist()
        found = [place[code[a:b]] for a, b in zip(bounds, bounds[1:])]
    elif len(columns) > 1:
        return [positions(values, index) for values in columns]
    elif types(columns[0]) <= {str}:
        found = [fromiter(lambda piece: map(index.get, piece, repeat(-1)), columns[0], np.int64)]
    else:
        values = columns[0]
        answers, codes = per_distinct(values, lambda v: index.get(as_id(v), -1))
        return [np.asarray(answers, dtype=np.int64)[codes] if len(values) else np.zeros(0, np.int64)]
    for values, column in zip(columns, found):  # text: as_id is the text stripped (empty names none)
        # the index's ids are stripped: a value found as it is needs no stripping
        for k in np.flatnonzero(column < 0).tolist():  # not an id as it is: perhaps with spaces around
            value = values[k]
            column[k] = -1 if value is None else index.get(value.strip(), -1)
    return found


def repeated(keys: list) -> np.ndarray:
    """Rows whose key (an id) another row also has; None keys never repeat."""
    grouped = text_codes.codes(keys)
    if grouped is not None:  # plain text: counted by NumPy (``data.text_codes``)
        first, code, none = grouped
        counts = np.bincount(code, minlength=len(first))
        if none >= 0:
            counts[none] = 1
        return counts[code] > 1
    distinct: set = set()
    for piece in pieces(keys):
        distinct.update(piece)
    nones = sum(piece.count(None) for piece in (keys[first:first + CHUNK] for first in range(0, len(keys), CHUNK)))
    if len(distinct) - (nones > 0) == len(keys) - nones:  # the common case: no key twice
        return np.zeros(len(keys), dtype=bool)
    counts = Counter(keys)
    if all(c == 1 for k, c in counts.items() if k is not None):
        return np.zeros(len(keys), dtype=bool)
    many = {k for k, c in counts.items() if c > 1 and k is not None}
    return np.fromiter((k in many for k in keys), bool, len(keys))


def _may_start_with(texts: list, prefix: str) -> bool:
    """Whether a text of ``texts`` (None aside) starts with ``prefix``: a chunk whose texts,
    joined, do not hold it at all needs no look at each text."""
    for piece in pieces(texts):
        some = list(filter(None, piece))
        if prefix in "\n".join(some) and any(map(str.startswith, some, repeat(prefix))):
            return True
    return False


@dataclass
class RelationColumns:
    """The relations table checked as columns."""

    doubt: np.ndarray
    src: np.ndarray  #: node index of the source (-1: none)
    dst: np.ndarray
    kind: list
    start: np.ndarray
    end: np.ndarray
    weight: np.ndarray  #: float64
    confidence: np.ndarray  #: code of ``schema.CONFIDENCE_LEVELS``
    #: the kinds as codes into ``kind_answers`` (the kind of row i is ``kind_answers[kind_codes[i]]``),
    #: in place of ``kind``: a list of three million texts, then a set and a code of each, cost 1.5 s
    kind_codes: np.ndarray | None = None
    kind_answers: list | None = None


def relation_columns(stored: StoredTable, index: dict[str, int]) -> RelationColumns:
    spec = schema.RELATIONS
    n = len(stored)
    doubt = np.zeros(n, dtype=bool)
    for column in spec.required:
        if column not in ("source_id", "target_id", "kind"):  # an end that names an entity is present
            doubt |= ~present(stored.values(column))
    # the kind: required (present as ``present`` reads it) and read with as_text, from one look
    distinct, kind_codes = distinct_codes(stored.values("kind"))
    kind_answers = [as_text(v) for v in distinct]
    given = np.array([a is not None and not isinstance(v, bytes) for v, a in zip(distinct, kind_answers)], dtype=bool)
    doubt |= ~given[kind_codes] if n else np.zeros(0, dtype=bool)
    ends = []
    for node in end_positions([stored.values("source_id"), stored.values("target_id")], index):
        doubt |= node < 0
        ends.append(node.astype(np.int32))
    given = ids(stored.values("id"))
    if _may_start_with(given, "rowid "):
        # a given id that may meet a row's own "rowid N"
        given = [g if g is not None else f"rowid {r}" for g, r in zip(given, chunks.tolist(stored.rowids))]
    doubt |= repeated(given)
    first, last, wrong = day_columns(stored, spec.start, spec.end)
    doubt |= wrong
    answers, codes = per_distinct(stored.values("weight"), as_weight)
    weight = np.array([1.0 if a is None else a for a in answers], dtype=np.float64)[codes] if n else np.zeros(0)
    doubt |= np.array([a is None for a in answers], dtype=bool)[codes] if n else np.zeros(0, bool)
    answers, codes = per_distinct(stored.values("confidence"), as_confidence)
    confidence = np.array([schema.confidence_code(a or None) for a in answers], dtype=np.int8)[codes] \
        if n else np.zeros(0, np.int8)
    doubt |= np.array([a is False for a in answers], dtype=bool)[codes] if n else np.zeros(0, bool)
    doubt |= unruled(stored, spec, FREE_TEXT | RELATION_RULES | {"id"})
    return RelationColumns(doubt, ends[0], ends[1], [], first, last, weight, confidence, kind_codes, kind_answers)
