"""Partial dates as day spans.

A dataset date is text ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (years 0001-9999, Gregorian) or an
integer year. It covers its whole span: ``2024-09`` starts on 1 September and ends on
30 September 2024. Days are proleptic Gregorian ordinals (``datetime.date.toordinal``) so that
intervals compare as plain integers and fit NumPy arrays.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["year", "month", "day"]

OPEN_START = 0  #: the day before 0001-01-01: an unknown start
OPEN_END = dt.date.max.toordinal() + 1  #: the day after 9999-12-31: an unknown end
EXPECTED = "a date YYYY, YYYY-MM or YYYY-MM-DD (years 0001-9999), or an integer year"

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A value that is not a date of the contract; ``str()`` is one sentence for the user."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written in the dataset, with the span of days it covers."""

    year: int
    month: int | None = None
    day: int | None = None
    #: the first and last day covered, worked out once (dates are read hundreds of thousands
    #: of times when a big dataset is laid into arrays)
    first_day: int = field(init=False, repr=False, compare=False)
    last_day: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        first = dt.date(self.year, self.month or 1, self.day or 1).toordinal()
        if self.day is not None:
            last = first
        else:
            month = self.month or 12
            last = dt.date(self.year, month, calendar.monthrange(self.year, month)[1]).toordinal()
        object.__setattr__(self, "first_day", first)
        object.__setattr__(self, "last_day", last)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


def is_empty(value: object) -> bool:
    """True for NULL and for text that is empty or only white space: an unknown date."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse(value: object) -> PartialDate | None:
    """Parse a dataset value; None when empty (unknown). Raises DateError otherwise.
    Values repeat a lot in real data, so good answers are remembered."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return _parse_cached(value)
    return _parse(value)


#: ``parse`` for a value known to be text (the loader's quick path)
def parse_text(value: str) -> PartialDate | None:
    return _parse_cached(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_cached(value: str | int) -> PartialDate | None:
    return _parse(value)


def _parse(value: object) -> PartialDate | None:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not {EXPECTED}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 1 <= value <= 9999:
            return PartialDate(value)
        raise DateError(f"{value} is outside the years 0001-9999")
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not {EXPECTED}")
    match = _PATTERN.match(value.strip())
    if not match:
        raise DateError(f"{value!r} is not {EXPECTED}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year == 0:
        raise DateError(f"{value!r} has year 0000; years run from 0001")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{value!r} has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"{value!r} is not a day of that month")
    return PartialDate(year, month, day)


def start_day(date: PartialDate | None) -> int:
    """The first day an interval starting at ``date`` covers; OPEN_START when unknown."""
    return OPEN_START if date is None else date.first_day


def end_day(date: PartialDate | None) -> int:
    """The last day an interval ending at ``date`` covers; OPEN_END when unknown."""
    return OPEN_END if date is None else date.last_day


def parse_day(text: str) -> int:
    """A day given by a user (``--date``, the date box): a partial date means its first day."""
    date = parse(text)
    if date is None:
        raise DateError("no date was given")
    return date.first_day


def day_to_iso(day: int) -> str:
    """``YYYY-MM-DD`` for a day number; open ends are written as empty text."""
    if day <= OPEN_START or day >= OPEN_END:
        return ""
    return dt.date.fromordinal(day).isoformat()


def day_to_date(day: int) -> dt.date:
    return dt.date.fromordinal(min(max(day, 1), OPEN_END - 1))


def add_months(day: int, months: int) -> int:
    """Move a day by calendar months, clamping to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    date = day_to_date(day)
    index = date.year * 12 + date.month - 1 + months
    index = min(max(index, 12), 9999 * 12 + 11)  # within 0001-01 .. 9999-12
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(date.day, last)).toordinal()


STEP_UNITS = ("day", "week", "month", "year")


def step(day: int, unit: str, count: int = 1) -> int:
    """Move a day by whole calendar steps (``STEP_UNITS``); months and years clamp month ends."""
    if unit == "day":
        moved = day + count
    elif unit == "week":
        moved = day + 7 * count
    elif unit == "month":
        moved = add_months(day, count)
    elif unit == "year":
        moved = add_months(day, 12 * count)
    else:
        raise ValueError(f"unknown step unit {unit!r}")
    return min(max(moved, 1), OPEN_END - 1)


SpanForm = Literal["range", "column", "sentence"]


def span_text(start: object, end: object, unknown: str = "", form: SpanForm = "range") -> str:
    """The one wording of a date span, dates as written (None is an open end).

    ``range`` (the detail panel): "2000 – 2008"; an open end reads ``unknown``: "2024-07 – unknown",
        or "2024-07 –" when ``unknown`` is empty.
    ``column`` (the trees' date column): the same with the blanks kept, so the dash stays in
        place: "2024-07 – ", " – 2023".
    ``sentence`` (a path hop in a line of text): "2000–2008", "from 2025-01-17", "until 2008",
        one date when both are the same.
    With neither date, every form reads ``unknown``.
    """
    if start is None and end is None:
        return unknown
    if form == "sentence":
        if start is not None and end is not None:
            return str(start) if str(start) == str(end) else f"{start}–{end}"
        return f"from {start}" if start is not None else f"until {end}"
    text = f"{start or unknown} – {end or unknown}"
    return text if form == "column" else text.strip()
