"""Partial dates: parsing, spans, and the calendar steps the timeline uses."""
import datetime as dt

import pytest
from hypothesis import given, strategies as st

from data import dates


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_full_date_is_one_day(day):
    parsed = dates.parse(day.isoformat())
    assert parsed.precision == "day"
    assert parsed.first_day == parsed.last_day == day.toordinal()
    assert str(parsed) == day.isoformat()


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_covers_its_whole_month(year, month):
    parsed = dates.parse(f"{year:04d}-{month:02d}")
    first, last = dt.date.fromordinal(parsed.first_day), dt.date.fromordinal(parsed.last_day)
    assert (first.year, first.month, first.day) == (year, month, 1)
    assert (last.year, last.month) == (year, month)
    # the next day starts a month (9999-12-31 has no next day)
    assert parsed.last_day == dates.OPEN_END - 1 or dt.date.fromordinal(parsed.last_day + 1).day == 1


@given(st.integers(1, 9999))
def test_a_year_as_text_or_integer_covers_the_year(year):
    for value in (year, f"{year:04d}", float(year)):
        parsed = dates.parse(value)
        assert dt.date.fromordinal(parsed.first_day) == dt.date(year, 1, 1)
        assert dt.date.fromordinal(parsed.last_day) == dt.date(year, 12, 31)


@given(st.text())
def test_any_text_either_parses_or_raises_date_error(text):
    try:
        parsed = dates.parse(text)
    except dates.DateError as exc:
        assert str(exc)
    else:
        assert parsed is None or parsed.first_day <= parsed.last_day


@pytest.mark.parametrize("value", ["2024-13-01", "2023-02-29", "yesterday", "0000", "24-01-17",
                                   "2024/01/17", "2024-1-7", 0, 10000, True, "2024-00"])
def test_bad_dates_are_refused(value):
    with pytest.raises(dates.DateError):
        dates.parse(value)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_unknown(value):
    assert dates.parse(value) is None
    assert dates.start_day(None) == dates.OPEN_START
    assert dates.end_day(None) == dates.OPEN_END


def test_leap_day_and_partial_user_dates():
    assert dates.parse("2024-02").last_day == dt.date(2024, 2, 29).toordinal()
    assert dates.parse_day("2025-01") == dt.date(2025, 1, 1).toordinal()
    assert dates.parse_day("2025") == dt.date(2025, 1, 1).toordinal()


@given(st.dates(min_value=dt.date(3, 1, 1), max_value=dt.date(9997, 1, 1)), st.integers(-24, 24))
def test_month_steps_land_in_the_right_month_and_clamp(day, months):
    moved = dt.date.fromordinal(dates.add_months(day.toordinal(), months))
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + dt.timedelta(days=1)).day == 1)


def test_month_steps_stop_at_the_calendar_ends():
    assert dates.day_to_iso(dates.add_months(dates.parse_day("0002-01-15"), -30)) == "0001-01-15"
    assert dates.day_to_iso(dates.add_months(dates.parse_day("9999-11-30"), 5)) == "9999-12-30"


def test_span_text_in_its_three_forms():
    y2000, y2008, may = dates.parse("2000"), dates.parse("2008"), dates.parse("2008-05")
    assert dates.span_text(y2000, y2008) == "2000 – 2008"
    assert dates.span_text(y2000, None) == "2000 –"
    assert dates.span_text(None, may, "unknown") == "unknown – 2008-05"
    assert dates.span_text(None, None, "Dates unknown") == "Dates unknown"
    assert dates.span_text(y2000, None, form="column") == "2000 – "
    assert dates.span_text(None, may, form="column") == " – 2008-05"
    assert dates.span_text(None, None, form="column") == ""
    assert dates.span_text(y2000, y2008, form="sentence") == "2000–2008"
    assert dates.span_text(None, may, form="sentence") == "until 2008-05"
    assert dates.span_text(y2000, None, form="sentence") == "from 2000"
    day = dates.parse("2025-06-22")
    assert dates.span_text(day, day, form="sentence") == "2025-06-22"
    assert dates.span_text(None, None, "undated", form="sentence") == "undated"
