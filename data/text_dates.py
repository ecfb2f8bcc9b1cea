"""Dates as spreadsheets hold them, turned into contract dates (``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``): date cells, Excel serial day numbers, and the text dates people type
("1 September 2024", "Sep 2024", "2024/09/01", "01.09.2024", "2024-09-01T10:00").

A value it cannot read with certainty (such as "03/04/2024", day or month first) is passed on
as it is, for the loader to report as a bad date rather than guessed. No Qt.
"""
from __future__ import annotations

import datetime as dt
import re

_MONTHS = {name: n for n, names in enumerate(
    [("jan", "january", "janvier", "januar"), ("feb", "february", "février", "fevrier", "februar"),
     ("mar", "march", "mars", "märz"), ("apr", "april", "avril"), ("may", "mai"), ("jun", "june", "juin", "juni"),
     ("jul", "july", "juillet", "juli"), ("aug", "august", "août", "aout"), ("sep", "sept", "september", "septembre"),
     ("oct", "october", "octobre", "oktober"), ("nov", "november", "novembre"),
     ("dec", "december", "décembre", "decembre", "dezember")], start=1) for name in names}
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # 01.09.2024: only Europe writes dots
_SLASHED = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([^\W\d_]+)\.?,?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})$")
#: Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in for dates after March 1900)
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    if not 1 <= year <= 9999:
        return None
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return text


def from_serial(number: float) -> str | None:
    """An Excel serial day number as ``YYYY-MM-DD`` (a time of day dropped)."""
    if not 61 <= number <= 2958465:  # from 1 March 1900 to 9999-12-31
        return None
    return dt.date.fromordinal(_EXCEL_EPOCH + int(number)).isoformat()


def contract_date(value: object) -> object:
    """A spreadsheet value in a date column as a contract date, or the value unchanged."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 1 <= value <= 9999:
            return int(value)  # a year
        return from_serial(float(value)) or value
    if not isinstance(value, str):
        return value
    return from_text(value) or value


def from_text(text: str) -> str | None:
    """A typed date as a contract date; None when it is not one for certain."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _iso(year, month, day)  # type: ignore[arg-type]
    match = _DAY_FIRST.match(text)
    if match:
        return _iso(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _SLASHED.match(text)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _iso(year, second, first)
        if second > 12 >= first:
            return _iso(year, first, second)
        return None  # 03/04/2024: March or April? Not guessed.
    match = _WORDS.match(text)
    if match:
        day_before, name, day_after, year = match.groups()
        month = _MONTHS.get(name.lower())
        day = day_before or day_after
        if month is not None:
            return _iso(int(year), month, int(day) if day else None)
    return None
