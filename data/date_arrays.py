"""Many dataset dates read at once, as ``data.dates`` reads each one.

The column checks (``data.columnwise``) need each distinct date's first and last day; a big
dataset has tens of thousands of distinct days, and parsing each with ``dates.parse`` (a
pattern match, a ``PartialDate``, two calendar look-ups) cost 0.9 s at 100,000 entities. Text
in the exact form ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ASCII digits, no spaces) is read here
with NumPy, the calendar done by ``datetime64``; every other value (integers, spaces around,
bad dates) goes through ``dates.parse`` one by one, so the answers are the same for any value
(``tests/test_date_arrays.py`` holds them to it).
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from . import dates

_EPOCH = dt.date(1970, 1, 1).toordinal()  #: the day number of datetime64's day 0
_WIDTH = 10  #: ``YYYY-MM-DD``
_DIGITS = {4: (0, 1, 2, 3), 7: (0, 1, 2, 3, 5, 6), 10: (0, 1, 2, 3, 5, 6, 8, 9)}  #: by length
_DASHES = {4: (), 7: (4,), 10: (4, 7)}


def spans(values: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each value: the first day a start there covers, the last day an end there covers,
    and whether it is a date of the contract (empty is, with open ends; a wrong one reads
    OPEN_START, OPEN_END, False)."""
    n = len(values)
    first = np.full(n, dates.OPEN_START, dtype=np.int64)
    last = np.full(n, dates.OPEN_END, dtype=np.int64)
    ok = np.ones(n, dtype=bool)
    quick = np.fromiter((type(v) is str and len(v) in _DIGITS and v.isascii() for v in values), bool, n)
    where = np.flatnonzero(quick)
    read = _read(np.array([values[i] for i in where.tolist()], dtype=f"S{_WIDTH}"),
                 np.fromiter((len(values[i]) for i in where.tolist()), np.int64, len(where)))
    good, first_days, last_days = read
    first[where[good]], last[where[good]] = first_days[good], last_days[good]
    quick[where[~good]] = False
    for i in np.flatnonzero(~quick).tolist():  # the rest, as data.dates reads them
        try:
            parsed = dates.parse(values[i])
        except dates.DateError:
            ok[i] = False
            continue
        first[i], last[i] = dates.start_day(parsed), dates.end_day(parsed)
    return first, last, ok


def _read(text: np.ndarray, length: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which of these ASCII texts (``length`` characters each) are dates in the exact form, and
    their first and last days."""
    n = len(text)
    raw = text.view(np.uint8).reshape(n, _WIDTH).astype(np.int64) if n else np.zeros((0, _WIDTH), np.int64)
    digit = raw - ord("0")
    good = np.zeros(n, dtype=bool)
    for size, places in _DIGITS.items():
        shaped = length == size
        for k in places:
            shaped &= (digit[:, k] >= 0) & (digit[:, k] <= 9)
        for k in _DASHES[size]:
            shaped &= raw[:, k] == ord("-")
        good |= shaped
    year = digit[:, 0] * 1000 + digit[:, 1] * 100 + digit[:, 2] * 10 + digit[:, 3]
    month = np.where(length >= 7, digit[:, 5] * 10 + digit[:, 6], 1)
    day = np.where(length == 10, digit[:, 8] * 10 + digit[:, 9], 1)
    good &= (year >= 1) & (month >= 1) & (month <= 12)
    month = np.where(good, month, 1)
    year = np.where(good, year, 1970)
    month_start = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    month_days = ((month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")).astype(np.int64)
    good &= (day >= 1) & (day <= month_days)
    first = month_start.astype("datetime64[D]").astype(np.int64) + np.where(good, day, 1) - 1 + _EPOCH
    year_end = (year - 1970 + 1).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64) - 1 + _EPOCH
    month_end = first + month_days - 1
    last = np.where(length == 10, first, np.where(length == 7, month_end, year_end))
    return good, first, last
