"""Time values and the local-day semantics every query uses.

Instants are kept internally as integer microseconds since the Unix epoch
(UTC): they compare exactly and fast.  Public values stay ``date``,
``datetime``, :class:`PartialDate` and :class:`Window`.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TypeAlias
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

from sanctionsmodel.exceptions import InvalidValueError, NaiveDatetimeError

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
#: An instant later than any real one: the end of an open episode.
FOREVER = 2**62
#: An instant earlier than any real one.
NEVER = -(2**62)

_PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _to_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected an integer, got {value!r}"
        raise InvalidValueError(msg)
    return value


def _to_opt_int(value: object) -> int | None:
    return None if value is None else _to_int(value)


@attrs.frozen(kw_only=True, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    A partial date stands for an interval of days and is never coerced to
    January 1: ``PartialDate(year=1961)`` covers 1961-01-01 to 1961-12-31.

    >>> from sanctionsmodel import PartialDate
    >>> d = PartialDate.parse("2024-09")
    >>> d.earliest, d.latest
    (datetime.date(2024, 9, 1), datetime.date(2024, 9, 30))
    >>> str(d), d.is_exact
    ('2024-09', False)
    """

    year: int = attrs.field(converter=_to_int)
    month: int | None = attrs.field(default=None, converter=_to_opt_int)
    day: int | None = attrs.field(default=None, converter=_to_opt_int)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:  # noqa: PLR2004 - the range of datetime.date
            msg = f"year {self.year} is out of range 1..9999"
            raise InvalidValueError(msg)
        if self.month is None:
            if self.day is not None:
                msg = "a partial date with a day must have a month"
                raise InvalidValueError(msg)
            return
        if not 1 <= self.month <= 12:  # noqa: PLR2004 - months of the year
            msg = f"month {self.month} is out of range 1..12"
            raise InvalidValueError(msg)
        if self.day is not None:
            try:
                date(self.year, self.month, self.day)
            except ValueError as exc:
                msg = f"{self.year:04d}-{self.month:02d}-{self.day:02d} is not a date: {exc}"
                raise InvalidValueError(msg) from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Args:
            text: The ISO form of the partial date.

        Returns:
            The partial date.

        Raises:
            InvalidValueError: If ``text`` is not one of the three forms.
        """
        match = _PARTIAL_RE.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            msg = f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}"
            raise InvalidValueError(msg)
        year, month, day = match.groups()
        return cls(
            year=int(year),
            month=None if month is None else int(month),
            day=None if day is None else int(day),
        )

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        """Make an exact partial date from a ``date``."""
        return cls(year=value.year, month=value.month, day=value.day)

    @property
    def is_exact(self) -> bool:
        """Whether the day is known."""
        return self.day is not None

    @property
    def earliest(self) -> date:
        """The first day the partial date may be."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day the partial date may be."""
        if self.day is not None and self.month is not None:
            return date(self.year, self.month, self.day)
        if self.month is None or self.month == 12:  # noqa: PLR2004 - December
            return date(self.year, 12, 31)
        first_of_next = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return first_of_next - timedelta(days=1)

    def __str__(self) -> str:
        """Return the ISO form: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text


#: A day in the form ``to_date`` takes.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: An instant in the extended ISO form: the day, hours and minutes (seconds
#: and a fraction optional), and an offset ``+HH:MM`` (seconds optional) if
#: any; ``Z`` is read as ``+00:00`` first.  The basic form (``T1600``,
#: ``+0900``) and hours alone (``T16``) are refused.
_ISO_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"(?:[+-](?P<hours>\d{2}):(?P<minutes>\d{2})(?::\d{2}(?:\.\d+)?)?)?",
    re.ASCII,
)


def to_date(value: object) -> date:
    """Convert a ``date`` or an ISO ``YYYY-MM-DD`` string to a ``date``.

    Raises:
        InvalidValueError: For anything else, a datetime included.
    """
    if isinstance(value, datetime):
        msg = f"expected a date, got the datetime {value.isoformat()}"
        raise InvalidValueError(msg)
    if isinstance(value, date):
        return value
    why = ""
    # Only YYYY-MM-DD: Python also reads 20241216 and 2024-W51-1 as days, which
    # a typo (or a week number) should not become.
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            # A day of the right form that does not exist says which part is wrong.
            why = f": {exc}"
    msg = f"expected a date (YYYY-MM-DD), got {value!r}{why}"
    raise InvalidValueError(msg)


def to_opt_date(value: object) -> date | None:
    """Like :func:`to_date`, passing ``None`` through."""
    return None if value is None else to_date(value)


def to_aware(value: object) -> datetime:
    """Convert an aware ``datetime`` or ISO string with an offset to a datetime.

    Raises:
        NaiveDatetimeError: For a datetime (or string) without a time zone.
        InvalidValueError: For anything else.
    """
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        msg = (
            "expected an ISO datetime with an offset, in the extended form "
            f"(2024-12-16T16:00+09:00), got {value!r}"
        )
        form = _ISO_INSTANT.fullmatch(text)
        if not form:  # the extended form only, as for days
            raise InvalidValueError(msg)
        if form["hours"] and (int(form["hours"]) > 23 or int(form["minutes"]) > 59):  # noqa: PLR2004
            # Python reads +09:60 as +10:00, and refuses +24:00 in terms of timedeltas.
            msg = (
                f"expected an ISO datetime with an offset, got {value!r}: the offset "
                "must be from -23:59 to +23:59, its minutes from 00 to 59"
            )
            raise InvalidValueError(msg)
        try:
            value = datetime.fromisoformat(text)
        except ValueError as exc:
            # The right form, a value that does not exist: say which part is wrong.
            msg = f"expected an ISO datetime with an offset, got {value!r}: {exc}"
            raise InvalidValueError(msg) from None
    if not isinstance(value, datetime):
        msg = f"expected a datetime, got {value!r}"
        raise InvalidValueError(msg)
    offset = value.utcoffset()
    if value.tzinfo is None or offset is None:
        msg = (
            f"naive datetime {value.isoformat()} refused: give a time zone "
            "(for example +09:00 or Z) or a plain date"
        )
        raise NaiveDatetimeError(msg)
    # Kept with its fixed UTC offset: a zone's repeated or skipped hours would
    # otherwise make an instant unequal to itself after a round trip.
    return value if isinstance(value.tzinfo, timezone) else value.astimezone(timezone(offset))


def to_day_or_instant(value: object) -> date | datetime:
    """Convert a date, an aware datetime or an ISO string of either.

    Raises:
        NaiveDatetimeError: For a naive datetime.
        InvalidValueError: For anything else.
    """
    if isinstance(value, datetime):
        return to_aware(value)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _looks_like_datetime(value):
        return to_aware(value)
    return to_date(value)


def _looks_like_datetime(text: str) -> bool:
    """Whether an ISO string has a time part (``YYYY-MM-DDT...``)."""
    text = text.strip()
    return len(text) > 10 and text[10] in "Tt "  # noqa: PLR2004 - after YYYY-MM-DD


def _to_opt_bound(value: object) -> date | datetime | None:
    return None if value is None else to_day_or_instant(value)


def _to_evidence(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        msg = f"expected a sequence of strings, got {value!r}"
        raise InvalidValueError(msg)
    return tuple(value)


@attrs.frozen(kw_only=True)
class Window:
    """An effective time known only to lie between two bounds, inclusive.

    Each bound is a local calendar day (a ``date``, read in the list's time
    zone) or an aware instant.  ``earliest=None`` means "on or before
    ``latest``": nothing bounds it from below (a party present in the oldest
    publication at hand).  ``evidence`` says what bounds the window, for
    example the two publications that do and do not show a party.

    >>> from sanctionsmodel import Window
    >>> w = Window(earliest="2024-05-03", latest="2025-01-03",
    ...            evidence=("absent from sdn.csv of 2024-05-03",
    ...                      "present in add.csv of 2025-01-03"))
    >>> w.earliest, w.latest
    (datetime.date(2024, 5, 3), datetime.date(2025, 1, 3))
    >>> str(w), str(Window(latest="2024-05-02"))
    ('2024-05-03..2025-01-03', '..2024-05-02')
    """

    earliest: date | datetime | None = attrs.field(default=None, converter=_to_opt_bound)
    latest: date | datetime = attrs.field(converter=to_day_or_instant)
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_to_evidence)

    def __attrs_post_init__(self) -> None:
        lo, hi = self.earliest, self.latest
        if lo is None:
            return
        same_kind = isinstance(lo, datetime) == isinstance(hi, datetime)
        if same_kind and lo > hi:
            msg = f"window starts {lo.isoformat()} after it ends {hi.isoformat()}"
            raise InvalidValueError(msg)

    def __str__(self) -> str:
        """The bounds as people read them (``..2024-05-02``: on or before); no evidence."""
        return format_effective(self)


#: When an action takes effect: a day, an instant, a partial date or a window.
Effective: TypeAlias = date | datetime | PartialDate | Window


def to_effective(value: object) -> Effective:
    """Convert a value to an :data:`Effective` time.

    Strings are read as ``YYYY`` / ``YYYY-MM`` (a :class:`PartialDate`),
    ``YYYY-MM-DD`` (a day) or an ISO datetime with an offset (an instant).

    Raises:
        NaiveDatetimeError: For a naive datetime.
        InvalidValueError: For anything else.
    """
    if isinstance(value, PartialDate):
        # An exact partial date is a day: one form, so round trips are lossless.
        return value.earliest if value.is_exact else value
    if isinstance(value, (Window, datetime)):
        return to_aware(value) if isinstance(value, datetime) else value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _looks_like_datetime(text):
            return to_aware(text)
        if len(text) == 10:  # noqa: PLR2004 - YYYY-MM-DD
            return to_date(text)
        return PartialDate.parse(text)
    msg = f"expected a date, aware datetime, PartialDate or Window, got {value!r}"
    raise InvalidValueError(msg)


def format_effective(value: Effective) -> str:
    """Render an effective time for people: ``2024-12-19``, ``2024-05-03..2025-01-03``.

    A window of one day (or instant), which ``diff`` gives for publications of
    consecutive days, is that day.
    """
    if isinstance(value, Window):
        if value.earliest == value.latest:
            return _fmt_bound(value.latest)
        start = "" if value.earliest is None else _fmt_bound(value.earliest)
        return f"{start}..{_fmt_bound(value.latest)}"
    if isinstance(value, PartialDate):
        return str(value)
    return _fmt_bound(value)


def _fmt_bound(value: date | datetime) -> str:
    return value.isoformat()


@functools.lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """Return the ``ZoneInfo`` for an IANA name.

    Raises:
        InvalidValueError: If the name is not a known time zone.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        msg = f"unknown time zone {name!r}"
        raise InvalidValueError(msg) from None


def instant(value: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    return (value - _EPOCH) // _MICRO


def from_instant(value: int) -> datetime:
    """The UTC datetime of an instant in microseconds."""
    return _EPOCH + value * _MICRO


@functools.lru_cache(maxsize=65536)
def local_midnight(day: date, tz: str) -> int:
    """The instant at which ``day`` begins in time zone ``tz``."""
    return instant(datetime.combine(day, time(0), tzinfo=zone(tz)))


def _bound(value: date | datetime, tz: str) -> int:
    if isinstance(value, datetime):
        return instant(value)
    return local_midnight(value, tz)


def effective_bounds(value: Effective, tz: str) -> tuple[int, int]:
    """The earliest and latest instants at which an effective time may fall.

    A day counts from 00:00 local time; a partial date or window spans from
    00:00 of its first day to 00:00 of its last (the effect holds on the last
    day for certain).
    """
    if isinstance(value, Window):
        lo = NEVER if value.earliest is None else _bound(value.earliest, tz)
        return lo, _bound(value.latest, tz)
    if isinstance(value, PartialDate):
        return local_midnight(value.earliest, tz), local_midnight(value.latest, tz)
    point = _bound(value, tz)
    return point, point


#: What a query's ``on=`` accepts.
On: TypeAlias = date | datetime | str | None


def query_interval(on: On, tz: str) -> tuple[int, int]:
    """The half-open instant interval ``[start, end)`` an ``on=`` value means.

    A date (or ``YYYY-MM-DD``) is that whole calendar day in ``tz``; an aware
    datetime is that instant; ``None`` is now.

    Raises:
        NaiveDatetimeError: For a naive datetime.
        InvalidValueError: For anything else.
    """
    if on is None:
        now = instant(datetime.now(UTC))
        return now, now + 1
    value = to_day_or_instant(on)
    if isinstance(value, datetime):
        point = instant(value)
        return point, point + 1
    if value == date.max:  # no next day to begin: the day ends after its last microsecond
        return local_midnight(value, tz), instant(datetime.combine(value, time.max, zone(tz))) + 1
    return local_midnight(value, tz), local_midnight(value + timedelta(days=1), tz)


def describe_on(on: On) -> str:
    """A short text for an ``on=`` value, for result objects and messages."""
    if on is None:
        return "now"
    return to_day_or_instant(on).isoformat()
