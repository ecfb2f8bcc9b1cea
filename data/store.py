"""Tables held as columns: how a dataset's rows sit in memory once read, and how the dataset
cache writes them to disk and reads them back.

A ``StoredTable`` is one contract table as read: its column names as written, each row's SQLite
rowid, and one ``Column`` per column. A column read from SQLite is a plain list (``ListColumn``).
A column read back from the cache stays encoded (``EncodedColumn``: a type code per cell, the
cells' text as UTF-8 bytes and their offsets) and a cell is decoded only when it is asked for, so
that a table of three million rows reopens without making thirty million Python objects.
Values come back exactly as SQLite gave them: text, integers, floats, bytes and NULL.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

NULL, TEXT, INT, FLOAT, BLOB = range(5)  #: the type code of a cell in an encoded column
CHUNK = 65_536  #: cells encoded or decoded at a time (each step holds the interpreter briefly)


class Column:
    """One column's cells, by row position."""

    def __len__(self) -> int:
        raise NotImplementedError

    def __getitem__(self, position: int) -> object:
        raise NotImplementedError

    def values(self) -> list:
        """Every cell, as a list."""
        raise NotImplementedError

    def take(self, positions: Iterable[int]) -> list:
        """The cells at these row positions."""
        return [self[p] for p in positions]


class ListColumn(Column):
    """A column as SQLite gave it: a list of values."""

    __slots__ = ("cells",)

    def __init__(self, cells: list):
        self.cells = cells

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, position: int) -> object:
        return self.cells[position]

    def values(self) -> list:
        return self.cells

    def take(self, positions: Iterable[int]) -> list:
        cells = self.cells
        return [cells[p] for p in positions]


class EncodedColumn(Column):
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
        if not len(raw) or raw.max() < 128:  # plain ASCII: decode once, slice by offsets
            text = raw.tobytes().decode("ascii")
            bounds = (offsets - offsets[0]).tolist()
            cells: list = [text[a:b] for a, b in zip(bounds, bounds[1:])]
        else:
            blob = raw.tobytes()
            bounds = (offsets - offsets[0]).tolist()
            cells = [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(bounds, bounds[1:])]
        if not (tags == TEXT).all():
            for k in np.flatnonzero(tags != TEXT).tolist():
                tag = int(tags[k])
                cells[k] = None if tag == NULL else decode_cell(tag, cells[k].encode("utf-8", "surrogatepass"))
        return cells


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
    data = np.frombuffer(b"".join(parts), dtype=np.uint8)
    return EncodedColumn(np.concatenate(tags) if tags else np.zeros(0, np.int8), data, offsets)


_NONE = type(None)


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
    row number, for a view), and its cells column by column."""

    def __init__(self, name: str, columns: list[str], rowids: np.ndarray, cells: list[Column]):
        if len(cells) != len(columns) or any(len(c) != len(rowids) for c in cells):
            raise ValueError(f"table {name}: columns of different lengths")
        self.name, self.columns, self.rowids, self.cells = name, list(columns), rowids, cells
        self._lower = {c.lower(): i for i, c in enumerate(self.columns)}

    @classmethod
    def from_rows(cls, name: str, columns: list[str], rows: Sequence[tuple]) -> "StoredTable":
        """From rows that start with their rowid, as ``SELECT rowid, *`` gives them."""
        if not rows:
            return cls(name, columns, np.zeros(0, np.int64), [ListColumn([]) for _ in columns])
        transposed = list(zip(*rows))
        return cls(name, columns, np.asarray(transposed[0], dtype=np.int64),
                   [ListColumn(list(c)) for c in transposed[1:]])

    def __len__(self) -> int:
        return len(self.rowids)

    def position(self, column: str) -> int | None:
        """Where a column is (its lower-case name), or None when the table lacks it."""
        return self._lower.get(column)

    def column(self, column: str) -> Column | None:
        """A column by lower-case name, or None."""
        position = self._lower.get(column)
        return None if position is None else self.cells[position]

    def values(self, column: str, default: object = None) -> list:
        """Every cell of a column (lower-case name); a missing column reads ``default``."""
        found = self.column(column)
        return [default] * len(self) if found is None else found.values()

    def row(self, position: int) -> tuple:
        """One row's cells, in the table's column order (without the rowid)."""
        return tuple(c[position] for c in self.cells)

    def encoded(self) -> "StoredTable":
        """The same table with every column in the cache's encoded form."""
        return StoredTable(self.name, self.columns, self.rowids,
                           [c if isinstance(c, EncodedColumn) else encode(c.values()) for c in self.cells])
