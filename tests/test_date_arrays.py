"""Dates read many at once (``data.date_arrays``) read as ``data.dates`` reads each one."""
import numpy as np
from hypothesis import given, settings, strategies as st

from data import date_arrays, dates

DATE_TEXT = st.text(alphabet="0123456789- \t٢x", max_size=11)
VALUES = st.lists(st.one_of(DATE_TEXT, DATE_TEXT, st.integers(-5, 10_001), st.none(),
                            st.sampled_from(["2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "0001", "9999",
                                             "9999-12", "9999-12-31", "0001-01-01", "2024-04-31", "2024-00",
                                             "2024-12", "1999-1-05", "٢٠٢٤", 2024.0, 2024.5, b"2024", True])),
                  max_size=40)


def one_by_one(value):
    try:
        parsed = dates.parse(value)
    except dates.DateError:
        return dates.OPEN_START, dates.OPEN_END, False
    return dates.start_day(parsed), dates.end_day(parsed), True


@given(VALUES)
@settings(max_examples=500, deadline=None)
def test_many_dates_read_as_each_one_does(values):
    first, last, ok = date_arrays.spans(values)
    assert list(zip(first.tolist(), last.tolist(), ok.tolist())) == [one_by_one(v) for v in values]


def test_every_day_month_and_year_of_a_span_of_years():
    days = np.arange(dates.parse("1899-12-01").first_day, dates.parse("2101-02-01").first_day)
    texts = [dates.day_to_iso(int(d)) for d in days]
    texts += sorted({t[:7] for t in texts}) + sorted({t[:4] for t in texts})
    first, last, ok = date_arrays.spans(texts)
    assert ok.all()
    assert list(zip(first.tolist(), last.tolist())) == [one_by_one(t)[:2] for t in texts]
