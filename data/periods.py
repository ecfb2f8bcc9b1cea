"""Several intervals of activity for one entity or relation: the contract's ``periods`` column.

A row that was active, then not, then active again (a member that left a bloc and came back, a
GEXF node with several spells) writes its intervals in one cell: ``START/END`` pairs separated
by ``;``, each side a contract date or empty for an open end, e.g. ``1999-05/2001-12; 2005/``.
``start_date`` and ``end_date``, when given, are the outer bounds: an open side of the first or
last period takes them, and every period must lie within them.

In memory a row keeps its periods sorted (``Period`` pairs of ``PartialDate``), its start and end
become their hull, and ``data.graph`` punches the gaps between them out of that hull. No Qt.
"""
from __future__ import annotations

from . import dates
from .dates import PartialDate

Period = tuple[PartialDate | None, PartialDate | None]
EXPECTED = ("periods START/END separated by ';' (e.g. 1999-05/2001-12; 2005/), each side a date "
            "YYYY, YYYY-MM or YYYY-MM-DD or empty, each end on or after its start")
_OPEN = ("", "..")


class PeriodsError(ValueError):
    """A ``periods`` value the contract does not take."""


def parse(value: object) -> tuple[Period, ...]:
    """The periods a cell names, sorted by start; () for an empty cell. Raises PeriodsError."""
    if value is None:
        return ()
    if not isinstance(value, str):
        raise PeriodsError(value)
    periods = []
    for part in value.split(";"):
        if not part.strip():
            continue
        sides = part.split("/")
        if len(sides) != 2:
            raise PeriodsError(value)
        try:
            start, end = (None if s.strip() in _OPEN else dates.parse(s.strip()) for s in sides)
        except dates.DateError:
            raise PeriodsError(value) from None
        if start is not None and end is not None and end.last_day < start.first_day:
            raise PeriodsError(value)
        periods.append((start, end))
    return tuple(sorted(periods, key=lambda p: dates.start_day(p[0])))


def bounded(periods: tuple[Period, ...], start: PartialDate | None,
            end: PartialDate | None) -> tuple[Period, ...] | None:
    """The periods within the row's ``start_date`` and ``end_date``: an open side of the first
    (last) period takes the start (end); None when a period lies outside them."""
    if not periods:
        return periods
    first, *rest = periods
    periods = ((first[0] if first[0] is not None else start, first[1]), *rest)
    *rest, last = periods
    periods = (*rest, (last[0], last[1] if last[1] is not None else end))
    low, high = dates.start_day(start), dates.end_day(end)
    for a, b in periods:
        if dates.start_day(a) < low or dates.end_day(b) > high:
            return None
    return periods


def hull(periods: tuple[Period, ...]) -> Period:
    """The first start and the last end: the span the periods cover with their gaps."""
    last = max(periods, key=lambda p: dates.end_day(p[1]))
    return periods[0][0], last[1]


def day_spans(periods: tuple[Period, ...]) -> list[tuple[int, int]]:
    """The periods as inclusive day spans, overlapping and touching ones merged."""
    merged: list[list[int]] = []
    for a, b in periods:
        first, last = dates.start_day(a), dates.end_day(b)
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def gaps(periods: tuple[Period, ...]) -> list[tuple[int, int]]:
    """The inclusive day spans between the periods, where the row is not active."""
    spans = day_spans(periods)
    return [(spans[i][1] + 1, spans[i + 1][0] - 1) for i in range(len(spans) - 1)]


def text(periods: tuple[Period, ...]) -> str:
    """Periods as the contract writes them: ``1999-05/2001-12; 2005/``."""
    return "; ".join(f"{a or ''}/{b or ''}" for a, b in periods)
