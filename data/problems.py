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


def header_fault(header: list[str]) -> tuple[str, str | None] | None:
    """What is wrong with a table's header row, if anything: ("empty", None) for a column with
    no name, ("twice", name) for a name used twice (ignoring case); None when it is fine."""
    lowered = [h.lower() for h in header]
    if "" in lowered:
        return "empty", None
    twice = sorted({h for h in lowered if lowered.count(h) > 1})
    return ("twice", twice[0]) if twice else None
