"""Telling a column's texts apart with NumPy rather than with a dictionary look-up per value.

Coding a column of three million ids or dates held as Python strings with a dictionary
(``data.columnwise.distinct_codes``) costs a look-up per value, each a walk to scattered memory:
at a million entities the relations' two ends alone took 5-6 s of CPU. Here the texts are copied
once into a fixed-width byte array (one NumPy call per chunk), read as 64-bit words and grouped
by sorting them (a text longer than 8 bytes by a mix of its words, every row then compared word
for word with its group's first row). Equal words are equal texts, as the dictionary compares
them, because only plain columns take this way: text (and NULL) that is ASCII with no NUL
character, at most ``WIDEST`` bytes long. Any other column answers None and the caller takes
the dictionary's way, which gives the same answer (``tests/test_columnwise.py`` holds them to it).
"""
from __future__ import annotations

import numpy as np

from .store import CHUNK

WIDEST = 64  #: longer texts (bytes): the dictionary's way (the array would be too large)
ROWS = 1 << 20  #: rows a pass over every row takes at a time
_NONE = type(None)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def codes(values: list) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Rows of equal values as groups: (``first``: the row where each group first appears,
    ascending; ``code``: each row's group, numbered in that order; the group of None, -1 when
    no row is None). None when the column is not plain text (see the module's docstring)."""
    return codes_of_parts([values])


def codes_of_parts(parts: list[list]) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``codes`` of the lists one after the other, without joining them into one list (seven
    million items: a list that grew in single long calls)."""
    n = sum(map(len, parts))
    if not n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), -1
    made = _words(parts, n)
    if made is None:
        return None
    words, none = made
    key = words[:, 0] if words.shape[1] == 1 else _mixed(words)
    order = np.argsort(key)
    ordered = key[order]
    new = np.empty(n, dtype=bool)
    new[0], new[1:] = True, ordered[1:] != ordered[:-1]
    # the passes below over every row go a slice at a time: NumPy holds the interpreter lock
    # through some of them (the running count of a million-row boolean column held it 0.3 s)
    group = np.empty(n, np.int64)  # each sorted row's group
    carry = -1
    for start in range(0, n, ROWS):
        part = np.cumsum(new[start:start + ROWS], dtype=np.int64)
        part += carry
        group[start:start + ROWS] = part
        carry = int(part[-1])
    first = np.minimum.reduceat(order, np.flatnonzero(new))  # the earliest row of each group
    if words.shape[1] > 1:
        for start in range(0, n, ROWS):
            if not (words[order[start:start + ROWS]] == words[first[group[start:start + ROWS]]]).all():
                return None  # two texts mixed to one key: too rare to be worth a way of its own
    by_first = np.argsort(first)
    rank = np.empty(len(first), np.int64)
    rank[by_first] = np.arange(len(first))
    code = np.empty(n, np.int64)
    for start in range(0, n, ROWS):
        code[order[start:start + ROWS]] = rank[group[start:start + ROWS]]
    return first[by_first].astype(np.int64), code, int(code[none]) if none is not None else -1


def _words(lists: list[list], n: int) -> tuple[np.ndarray, int | None] | None:
    """The texts of the lists, one after the other (``n`` in all), as rows of 64-bit words
    (zero bytes after each text; a NULL as bytes 0xff, which no ASCII text has), and the first
    NULL row (None when none); None for a column that is not plain."""
    parts, nulls, none = [], [], None
    offset = 0
    for values in lists:
        for start in range(0, len(values), CHUNK):
            chunk, first = values[start:start + CHUNK], offset + start
            kinds = set(map(type, chunk))
            if not kinds <= {str, _NONE}:
                return None
            if _NONE in kinds:
                if none is None:
                    none = first + chunk.index(None)
                nulls.append(first + np.flatnonzero(np.array([v is None for v in chunk], dtype=bool)))
                chunk = ["" if v is None else v for v in chunk]
            joined = "".join(chunk)
            if "\x00" in joined or not joined.isascii():
                return None
            part = np.array(chunk, dtype=np.bytes_)
            if part.itemsize > WIDEST:
                return None
            parts.append(part)
        offset += len(values)
    width = -(-max(part.itemsize for part in parts) // 8) * 8
    words = np.empty((n, width // 8), np.uint64)
    texts = words.view(f"S{width}").reshape(n)
    first = 0
    for part in parts:  # a chunk at a time: a cast of three million texts at once held the lock 0.1-0.2 s
        texts[first:first + len(part)] = part  # padded with zero bytes
        first += len(part)
    if nulls:
        words[np.concatenate(nulls)] = np.uint64(0xFFFFFFFFFFFFFFFF)
    return words, none


def _mixed(words: np.ndarray) -> np.ndarray:
    """One 64-bit key of each row's words (equal rows, equal keys; rarely, unequal rows too)."""
    key = words[:, 0].copy()
    for start in range(0, len(key), ROWS):  # a slice at a time: no temporary over every row
        part = key[start:start + ROWS]
        for column in range(1, words.shape[1]):
            part ^= part >> np.uint64(29)
            part *= _MIX
            part += words[start:start + ROWS, column]
    return key
