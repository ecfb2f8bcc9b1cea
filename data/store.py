"""Stored tables: how a dataset's rows sit in memory once read, and how the dataset cache
writes them to disk and reads them back.

A ``StoredTable`` is one contract table as read: its column names as written, each row's SQLite
rowid, and its cells. Read from SQLite it keeps the rows as SQLite gave them. Read back from the
cache its columns stay encoded (``EncodedColumn``: a type code per cell, the cells' text as UTF-8
bytes and their offsets) and a cell is decoded only when it is asked for, so that a table of
three million rows reopens without making thirty million Python objects. Values come back
exactly as SQLite gave them: text, integers, floats, bytes and NULL.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

import numpy as np

from . import release

NULL, TEXT, INT, FLOAT, BLOB = range(5)  #: the type code of a cell in an encoded column
CHUNK = 16_384  #: cells encoded, decoded or checked at a time: each step holds the interpreter lock 60 ms at most (65,536: 107 ms)


class EncodedColumn:
    """A column as the cache keeps it: ``tags`` (a type code per cell), ``data`` (every cell's
    text, UTF-8) and ``offsets`` (cell i is ``data[offsets[i]:offsets[i + 1]]``)."""

    __slots__ = ("tags", "data", "offsets")

    def __init__(self, tags: np.ndarray, data: np.ndarray, offsets: np.ndarray):
        if len(offsets) != len(tags) + 1 or (len(tags) and int(offsets[-1]) > len(data)):
            raise ValueError("an encoded column whose parts do not fit together")
        self.tags, self.data, self.offsets = tags, data, offsets

    def __len__(self) -> int:
        return len(self.tags)

    def __getitem__(self, position: int) -> object:
        tag = self.tags[position]
        if tag == NULL:
            return None
        raw = self.data[self.offsets[position]:self.offsets[position + 1]].tobytes()
        return decode_cell(int(tag), raw)

    def values(self) -> list:
        out: list = []
        for first in range(0, len(self.tags), CHUNK):
            out.extend(self._chunk(first, min(first + CHUNK, len(self.tags))))
        return out

    def _chunk(self, first: int, last: int) -> list:
        tags = self.tags[first:last]
        offsets = self.offsets[first:last + 1]
        raw = self.data[offsets[0]:offsets[-1]]
        if not len(raw) or raw.max() < 128:  # plain ASCII: decode once, then cut
            cells: list = _split_ascii(raw, offsets - offsets[0])
        else:
            blob = raw.tobytes()
            bounds = (offsets - offsets[0]).tolist()
            cells = [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(bounds, bounds[1:])]
        if not (tags == TEXT).all():
            for k in np.flatnonzero(tags != TEXT).tolist():
                tag = int(tags[k])
                cells[k] = None if tag == NULL else decode_cell(tag, cells[k].encode("utf-8", "surrogatepass"))
        return cells


def _split_ascii(raw: np.ndarray, bounds: np.ndarray) -> list[str]:
    """ASCII cells ``raw[bounds[i]:bounds[i + 1]]`` as texts: a byte the cells do not use is put
    between them and the text is split at it in one C call (a slice per cell cost a second
    per million cells); with every ASCII byte used, a slice per cell."""
    free = np.flatnonzero(np.bincount(raw, minlength=128)[:128] == 0)
    if not len(free):
        text = raw.tobytes().decode("ascii")
        edges = bounds.tolist()
        return [text[a:b] for a, b in zip(edges, edges[1:])]
    mark = chr(int(free[-1]))
    joined = np.insert(raw, bounds[1:-1].astype(np.int64), np.uint8(ord(mark)))
    return joined.tobytes().decode("ascii").split(mark) if len(bounds) > 1 else []


def decode_cell(tag: int, raw: bytes) -> object:
    if tag == TEXT:
        return raw.decode("utf-8", "surrogatepass")
    if tag == INT:
        return int(raw)
    if tag == FLOAT:
        return float(raw)
    if tag == BLOB:
        return bytes.fromhex(raw.decode("ascii"))
    return None


def encode(cells: Sequence) -> EncodedColumn:
    """A column's cells encoded (the cache's form); ``EncodedColumn(...)[i] == cells[i]``."""
    tags: list[np.ndarray] = []
    parts: list[bytes] = []
    lengths: list[np.ndarray] = []
    for first in range(0, len(cells), CHUNK):
        chunk = list(cells[first:first + CHUNK])
        chunk_tags, blob, chunk_lengths = _encode_chunk(chunk)
        tags.append(chunk_tags)
        parts.append(blob)
        lengths.append(chunk_lengths)
    all_lengths = np.concatenate(lengths) if lengths else np.zeros(0, np.int64)
    offsets = np.zeros(len(all_lengths) + 1, dtype=np.int64)
    np.cumsum(all_lengths, out=offsets[1:])
    if offsets[-1] < 2**32:  # half the size: 33 million offsets for a million entities' relations
        offsets = offsets.astype(np.uint32)
    data = np.frombuffer(b"".join(parts), dtype=np.uint8)
    return EncodedColumn(np.concatenate(tags) if tags else np.zeros(0, np.int8), data, offsets)


_NONE = type(None)


def _column_of(rows: list, position: int) -> list:
    """The cells at ``position`` of each row, a chunk at a time: one ``list(map(...))`` over three
    million rows held the interpreter lock, and so the window, 0.2-0.5 s on the cache's thread."""
    cells: list = []
    for first in range(0, len(rows), CHUNK):
        cells += map(itemgetter(position), rows[first:first + CHUNK])
    return cells


def _encode_chunk(chunk: list) -> tuple[np.ndarray, bytes, np.ndarray]:
    kinds = set(map(type, chunk))
    if kinds <= {str, _NONE}:  # the common case: text and NULL only
        texts = [c or "" for c in chunk] if _NONE in kinds else chunk
        joined = "".join(texts)
        blob = joined.encode("utf-8", "surrogatepass")
        if len(blob) == len(joined):  # ASCII: a character is a byte
            if _NONE in kinds:
                tags = np.fromiter((c is not None for c in chunk), np.int8, len(chunk))
            else:
                tags = np.full(len(chunk), TEXT, dtype=np.int8)
            return tags, blob, np.fromiter(map(len, texts), np.int64, len(texts))
    tags = np.empty(len(chunk), dtype=np.int8)
    pieces = []
    for k, cell in enumerate(chunk):
        tag, piece = encode_cell(cell)
        tags[k] = tag
        pieces.append(piece)
    return tags, b"".join(pieces), np.fromiter(map(len, pieces), np.int64, len(pieces))


def encode_cell(cell: object) -> tuple[int, bytes]:
    if cell is None:
        return NULL, b""
    if isinstance(cell, str):
        return TEXT, cell.encode("utf-8", "surrogatepass")
    if isinstance(cell, bool) or isinstance(cell, int):
        return INT, str(int(cell)).encode("ascii")
    if isinstance(cell, float):
        return FLOAT, repr(cell).encode("ascii")
    if isinstance(cell, (bytes, bytearray, memoryview)):
        return BLOB, bytes(cell).hex().encode("ascii")
    return TEXT, str(cell).encode("utf-8", "surrogatepass")


class StoredTable:
    """A table as stored: its column names (as written in the file), each row's rowid (or its
    row number, for a view) and its cells. Read from SQLite it holds the rows as SQLite gave
    them, rowid first (``rows``); read back from the cache it holds encoded columns (``cells``),
    as it does once ``compact`` has been given them. Either way ``raw(position)`` is a row as
    (rowid, cell, cell, ...). Reading is safe while another thread compacts the table: each
    reader takes the rows once, and the encoded columns are in place before the rows go."""

    def __init__(self, name: str, columns: list[str], rows: list[tuple] | None = None,
                 rowids: np.ndarray | None = None, cells: list[EncodedColumn] | None = None):
        self.name, self.columns = name, list(columns)
        self._rows, self._rowids, self.cells = rows, rowids, cells
        self._columns: dict[int, list] = {}
        if rows is None and (cells is None or rowids is None or len(cells) != len(self.columns)
                             or any(len(c) != len(rowids) for c in cells)):
            raise ValueError(f"table {name}: columns of different lengths")
        self._lower = {c.lower(): i for i, c in enumerate(self.columns)}
        self.by_name = {c: i for i, c in enumerate(self.columns)}  #: column as written -> position
        self._any_case: dict[str, tuple[int, ...]] = {}

    @classmethod
    def from_rows(cls, name: str, columns: list[str], rows: list[tuple]) -> "StoredTable":
        """From rows that start with their rowid, as ``SELECT rowid, *`` gives them."""
        return cls(name, columns, rows=rows)

    def __len__(self) -> int:
        rows = self._rows
        return len(rows) if rows is not None else len(self._rowids)

    @property
    def rowids(self) -> np.ndarray:
        if self._rowids is None:  # a chunk at a time: brief steps (``data.chunks``)
            rows = self._rows
            parts = [np.fromiter(map(itemgetter(0), rows[first:first + CHUNK]), np.int64, len(rows[first:first + CHUNK]))
                     for first in range(0, len(rows), CHUNK)]
            self._rowids = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        return self._rowids

    def any_case(self, column: str) -> tuple[int, ...]:
        """The positions of the columns named ``column`` (lower case) ignoring case."""
        found = self._any_case.get(column)
        if found is None:
            found = self._any_case[column] = tuple(i for i, c in enumerate(self.columns) if c.lower() == column)
        return found

    def has(self, column: str) -> bool:
        """Whether the table has a column (lower-case name)."""
        return column in self._lower

    def values(self, column: str, default: object = None) -> list:
        """Every cell of a column (lower-case name); a missing column reads ``default``."""
        position = self._lower.get(column)
        if position is None:
            return [default] * len(self)
        return self.column_at(position)

    def column_at(self, position: int) -> list:
        """Every cell of the column numbered ``position`` in ``columns``."""
        rows = self._rows
        if rows is not None:
            if position not in self._columns:  # kept while the table is checked (``forget``)
                pick, column = itemgetter(position + 1), []
                for first in range(0, len(rows), CHUNK):  # brief steps: see data.columnwise
                    column.extend(map(pick, rows[first:first + CHUNK]))
                self._columns[position] = column
            return self._columns[position]
        return self.cells[position].values()

    def forget(self) -> None:
        """Drop the columns ``values`` kept (the rows stay), a slice at a time (``data.release``)."""
        columns, self._columns = self._columns, {}
        release.let_go(columns)

    def raw(self, position: int) -> tuple:
        """One row: its rowid, then its cells in the table's column order."""
        rows = self._rows
        if rows is not None:
            return rows[position]
        return (int(self._rowids[position]), *(c[position] for c in self.cells))

    def cell(self, position: int, column: int) -> object:
        """One cell: the row at ``position``, the column numbered ``column`` in ``columns``."""
        rows = self._rows
        if rows is not None:
            return rows[position][column + 1]
        return self.cells[column][position]

    def compact(self, encoded: "StoredTable") -> None:
        """Hold the rows as ``encoded`` (this table's ``encoded()``) holds them from now on, and
        let the rows SQLite gave go: at 100,000 entities the relations' rows were 200 MB of
        Python objects, their encoded columns are 51 MB of arrays. The dataset cache does this
        once it has encoded a table to write it, so that a reopen does not hold two datasets'
        rows as objects at once."""
        if encoded.cells is None or encoded.columns != self.columns or len(encoded) != len(self):
            raise ValueError(f"table {self.name}: not this table's encoded form")
        self._rowids, self.cells = encoded.rowids, encoded.cells
        given = {"rows": self._rows, **{f"column {k}": v for k, v in self._columns.items()}}
        self._rows, self._columns = None, {}
        release.let_go(given)  # a slice at a time: this runs on the cache's writing thread

    def encoded(self) -> "StoredTable":
        """The same table as encoded columns (the cache's form)."""
        if self.cells is not None:
            return self
        return StoredTable(self.name, self.columns, rowids=self.rowids,
                           cells=[encode(_column_of(self._rows, k + 1)) for k in range(len(self.columns))])


class StoredRow(Mapping):
    """One row of a stored table as a read-only mapping (column as written -> value), read
    through the table (so it follows the table's ``compact``); a cell of an encoded table is
    decoded when it is read: an entity's fields from the cache cost nothing until shown."""

    __slots__ = ("_table", "_position")

    def __init__(self, table: StoredTable, position: int):
        self._table, self._position = table, position

    def __getitem__(self, key: str) -> object:
        return self._table.cell(self._position, self._table.by_name[key])

    def get(self, key: str, default: object = None) -> object:
        """As ``Mapping.get``, without raising and catching a KeyError (see ``RowView.get``)."""
        column = self._table.by_name.get(key)
        return default if column is None else self._table.cell(self._position, column)

    def __contains__(self, key: object) -> bool:
        return key in self._table.by_name

    def first_of(self, column: str) -> object:
        """The first cell that is not None among the columns named ``column`` (lower case)
        ignoring case, in the table's column order; None when there is none."""
        table = self._table
        for position in table.any_case(column):
            value = table.cell(self._position, position)
            if value is not None:
                return value
        return None

    def __iter__(self):
        return iter(self._table.columns)

    def __len__(self) -> int:
        return len(self._table.columns)

    def __repr__(self) -> str:
        return repr(dict(self))
