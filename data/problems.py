"""What can be wrong with a dataset: a file-level error refuses the file, a row-level problem
skips one row and is reported."""
from __future__ import annotations

from dataclasses import dataclass


class DatasetError(Exception):
    """A file that cannot be used as a dataset. ``str()`` is one sentence naming the file."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One skipped row: where it is, which value, and what was expected instead."""

    table: str
    row: str  #: the row's ``id`` where the table has one, else ``rowid N``
    column: str
    value: object
    expected: str
    related: tuple[str, ...] = ()  #: ids the row names (its own, its references), for navigation

    def describe(self) -> str:
        value = "empty" if self.value is None or self.value == "" else repr(self.value)
        if isinstance(self.value, str) and len(self.value) > 80:
            value = repr(self.value[:77] + "...")
        return f"{self.table} {self.row}: {self.column} is {value}; expected {self.expected}"
