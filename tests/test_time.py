"""Partial dates, windows and the local-day semantics of ``on=``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionsmodel import PartialDate, Window
from sanctionsmodel._time import (
    effective_bounds,
    format_effective,
    from_instant,
    instant,
    query_interval,
    to_aware,
    to_date,
    to_effective,
)
from sanctionsmodel.exceptions import InvalidValueError, NaiveDatetimeError

KST = timezone(timedelta(hours=9))


def test_partial_year_is_an_interval():
    """A year-only date spans the whole year, never coerced to January 1."""
    d = PartialDate(year=1961)
    assert (date(1961, 1, 1), date(1961, 12, 31)) == (d.earliest, d.latest)
    assert not d.is_exact


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("2024-02", date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 28)),
        ("2024-12", date(2024, 12, 31)),
    ],
)
def test_partial_month_ends_on_last_day(text, latest):
    """A year-month date ends on the month's last day, leap years included."""
    assert latest == PartialDate.parse(text).latest


@pytest.mark.parametrize("text", ["24", "2024-13", "2024-02-30", "2024/01/01", "", "2024-1"])
def test_partial_rejects_malformed(text):
    """Malformed partial dates raise InvalidValueError."""
    with pytest.raises(InvalidValueError):
        PartialDate.parse(text)


def test_partial_day_needs_month():
    """A day without a month is refused."""
    with pytest.raises(InvalidValueError, match="must have a month"):
        PartialDate(year=2024, day=3)


@given(st.dates())
def test_partial_round_trips_through_text(d):
    """str() and parse() are inverse for exact dates."""
    p = PartialDate.from_date(d)
    assert p == PartialDate.parse(str(p))
    assert (d, d) == (p.earliest, p.latest)


def test_window_orders_bounds():
    """A window whose start is after its end is refused."""
    with pytest.raises(InvalidValueError, match="after it ends"):
        Window(earliest="2025-01-03", latest="2024-05-03")


def test_window_evidence_is_a_tuple():
    """A single evidence string becomes a one-item tuple."""
    assert ("seen",) == Window(earliest="2024-01-01", latest="2024-02-01", evidence="seen").evidence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", PartialDate(year=2024)),
        ("2024-09", PartialDate(year=2024, month=9)),
        ("2024-09-19", date(2024, 9, 19)),
        ("2024-12-19T00:00+09:00", datetime(2024, 12, 19, tzinfo=KST)),
        ("2024-12-18T15:00Z", datetime(2024, 12, 18, 15, tzinfo=UTC)),
    ],
)
def test_effective_parses_iso_forms(text, expected):
    """ISO strings become partial dates, days or instants."""
    assert expected == to_effective(text)


def test_effective_refuses_naive_datetime():
    """A naive datetime is refused, as object or as string."""
    with pytest.raises(NaiveDatetimeError):
        to_effective(datetime(2024, 12, 19))  # noqa: DTZ001 - the point of the test
    with pytest.raises(NaiveDatetimeError):
        to_effective("2024-12-19T00:00")


def test_day_bounds_are_local_midnight():
    """A day-effective action holds from 00:00 in the list's time zone."""
    lo, hi = effective_bounds(date(2024, 12, 19), "Asia/Seoul")
    assert lo == hi == instant(datetime(2024, 12, 18, 15, tzinfo=UTC))


def test_window_bounds_span_first_to_last_midnight():
    """A window spans 00:00 of its first day to 00:00 of its last, local time."""
    lo, hi = effective_bounds(
        Window(earliest="2024-05-03", latest="2025-01-03"), "America/New_York"
    )
    assert from_instant(lo) == datetime(2024, 5, 3, 4, tzinfo=UTC)  # EDT, UTC-4
    assert from_instant(hi) == datetime(2025, 1, 3, 5, tzinfo=UTC)  # EST, UTC-5


def test_query_day_is_the_whole_local_day():
    """on=date means [00:00, next 00:00) in the list's zone."""
    q0, q1 = query_interval(date(2024, 12, 18), "Asia/Seoul")
    assert from_instant(q0) == datetime(2024, 12, 17, 15, tzinfo=UTC)
    assert from_instant(q1) == datetime(2024, 12, 18, 15, tzinfo=UTC)


def test_query_day_across_dst_change_is_25_hours():
    """A day on which clocks go back is 25 hours long in New York."""
    q0, q1 = query_interval("2024-11-03", "America/New_York")
    assert timedelta(hours=25) == from_instant(q1) - from_instant(q0)


@pytest.mark.parametrize("tz", ["America/New_York", "Asia/Seoul", "UTC", "Pacific/Kiritimati"])
@pytest.mark.parametrize("day", [date.min, date.max])
def test_query_days_at_the_ends_of_the_calendar(day, tz):
    """The first and last days datetime knows are whole days too, with no overflow."""
    q0, q1 = query_interval(day, tz)
    assert q0 == instant(datetime.combine(day, datetime.min.time(), ZoneInfo(tz)))
    assert q1 - q0 == 24 * 3600 * 10**6  # no clock change at either end, in any zone
    assert query_interval(day.isoformat(), tz) == (q0, q1)


@pytest.mark.parametrize(
    "text", ["20241216", "2024-W51-1", "2024-350", "20241216T1600Z", "2024-W51-1T16:00Z"]
)
def test_only_the_extended_iso_form_is_a_day(text):
    """Python reads 20241216 and week dates as days; a mistyped date should be refused."""
    with pytest.raises(InvalidValueError, match="expected a"):
        query_interval(text, "Asia/Seoul")
    with pytest.raises(InvalidValueError, match="expected a date"):
        to_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "2024-12-16T1600Z",
        "2024-12-16T160000+09:00",
        "2024-12-16T16:00+0900",
        "2024-12-16T16:00:00+09",
        "2024-12-16T16Z",
        "2024-12-16T16:00 +09:00",
        "2024-12-16T16:00+09:00junk",
    ],
)
def test_only_the_extended_iso_form_is_an_instant(text):
    """The time and offset are read in the extended form too, as the day is."""
    with pytest.raises(
        InvalidValueError, match=r"in the extended form \(2024-12-16T16:00\+09:00\)"
    ):
        to_aware(text)
    with pytest.raises(InvalidValueError, match="extended form"):
        query_interval(text, "Asia/Seoul")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2024-12-16T24:00Z", "hour must be in 0..23"),
        ("2024-12-16T16:60+09:00", "minute must be in 0..59"),
        ("2024-12-16T16:00+24:00", "the offset must be from -23:59 to +23:59"),
        ("2024-12-16T16:00+09:60", "its minutes from 00 to 59"),  # not read as +10:00
        ("2024-12-16T16:00-24:30", "the offset must be from -23:59 to +23:59"),
        ("2024-02-30T16:00Z", "day is out of range for month"),
    ],
)
def test_an_instant_of_the_right_form_that_does_not_exist_says_why(text, why):
    """A value out of range is told what is wrong with it, not to use the form it has."""
    with pytest.raises(InvalidValueError) as info:
        to_aware(text)
    assert str(info.value).startswith(f"expected an ISO datetime with an offset, got {text!r}: ")
    assert why in str(info.value)
    assert "extended form" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-12-16T16:00Z", "2024-12-16T16:00:00+00:00"),
        ("2024-12-16t16:00z", "2024-12-16T16:00:00+00:00"),
        ("2024-12-16 16:00:00.25+09:00", "2024-12-16T16:00:00.250000+09:00"),
        ("2024-12-16T16:00:00,5-05:00", "2024-12-16T16:00:00.500000-05:00"),
    ],
)
def test_the_extended_forms_of_an_instant_read(text, expected):
    """Seconds, a fraction (point or comma), Z in either case and a space for T all read."""
    assert to_aware(text).isoformat() == expected


def test_a_window_of_one_day_is_shown_as_that_day():
    """A diff of consecutive days gives a one-day window: it reads 2024-05-03, not D..D."""
    assert format_effective(Window(earliest="2024-05-03", latest="2024-05-03")) == "2024-05-03"
    assert format_effective(Window(earliest="2024-05-02", latest="2024-05-03")) == (
        "2024-05-02..2024-05-03"
    )
    assert format_effective(Window(latest="2024-05-03")) == "..2024-05-03"


def test_query_instant_is_a_point():
    """on=aware datetime means that instant."""
    q0, q1 = query_interval("2024-12-18T16:00Z", "Asia/Seoul")
    assert q1 - q0 == 1
    assert from_instant(q0) == datetime(2024, 12, 18, 16, tzinfo=UTC)


def test_query_refuses_naive():
    """on=naive datetime raises NaiveDatetimeError."""
    with pytest.raises(NaiveDatetimeError, match="naive datetime"):
        query_interval(datetime(2024, 12, 18, 16), "Asia/Seoul")  # noqa: DTZ001


def test_query_refuses_garbage():
    """on=an unparseable string raises InvalidValueError."""
    with pytest.raises(InvalidValueError, match="expected a date"):
        query_interval("yesterday", "Asia/Seoul")


@given(st.datetimes(timezones=st.just(UTC)))
def test_instant_round_trips(value):
    """instant() and from_instant() are inverse."""
    assert value == from_instant(instant(value))
