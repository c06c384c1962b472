"""Dates as documenters know them: a day, a month, a year, a range, or unknown."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

__all__ = ["DatePrecision", "PartialDate"]

DatePrecision = Literal["day", "month", "year", "range", "unknown"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DOTTED = re.compile(r"^(?:(\d{1,2})[./])?(\d{1,2})[./](\d{4})$")
_UNKNOWN = {"", "unknown", "?", "невідомо", "неизвестно", "n/a", "-"}


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month - 1]


def _point(text: str) -> tuple[date, date, DatePrecision]:
    """Parse one date of day, month or year precision into its first and last day."""
    m = _ISO.match(text)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _DOTTED.match(text)
        if not m:
            raise ValueError(
                f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM, YYYY, DD.MM.YYYY, MM.YYYY "
                "or a range A/B)"
            )
        day, month, year = m.group(1), m.group(2), m.group(3)
    y = int(year)
    if y < 1900 or y > 2100:
        raise ValueError(f"{text!r}: year {y} is out of range 1900-2100")
    if month is None:
        return date(y, 1, 1), date(y, 12, 31), "year"
    mo = int(month)
    if not 1 <= mo <= 12:
        raise ValueError(f"{text!r}: month {mo} does not exist")
    if day is None:
        return date(y, mo, 1), date(y, mo, _last_day(y, mo)), "month"
    d = int(day)
    if not 1 <= d <= _last_day(y, mo):
        raise ValueError(f"{text!r}: day {d} does not exist in {y}-{mo:02d}")
    return date(y, mo, d), date(y, mo, d), "day"


def _format_point(start: date, end: date) -> str:
    if start == end:
        return start.isoformat()
    if start.day == 1 and end == date(start.year, start.month, _last_day(start.year, start.month)):
        return f"{start.year:04d}-{start.month:02d}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year:04d}"
    raise ValueError("not a single day, month or year")


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a precision: ``start``/``end`` are the first and last possible day.

    ``PartialDate.parse("2024-09/2024-11")`` is a range from 1 September to 30 November 2024;
    ``PartialDate.parse("")`` is unknown, with no bounds.
    """

    precision: DatePrecision
    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Clean a string, ``date`` or ``PartialDate``; raise ValueError on impossible dates."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, date):
            # the same years as text, and a datetime's day only: what parses must re-parse
            day = value.date() if isinstance(value, datetime) else value
            if not 1900 <= day.year <= 2100:
                raise ValueError(f"{day.isoformat()!r}: year {day.year} is out of range 1900-2100")
            return cls("day", day, day)
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date")
        text = value.strip()
        if text.casefold() in _UNKNOWN:
            return cls("unknown")
        if "/" in text and not _DOTTED.match(text):
            left, _, right = text.partition("/")
            start, _, _ = _point(left.strip())
            _, end, _ = _point(right.strip())
            if end < start:
                raise ValueError(f"{text!r}: the range ends before it starts")
            if start == end:
                return cls("day", start, end)
            return cls("range", start, end)
        start, end, precision = _point(text)
        return cls(precision, start, end)

    @classmethod
    def between(cls, start: date, end: date) -> PartialDate:
        """The tightest partial date covering ``start``..``end``."""
        return cls.parse(f"{start.isoformat()}/{end.isoformat()}").normalized()

    def normalized(self) -> PartialDate:
        """A range that is exactly one month or year becomes that precision."""
        if self.precision == "range" and self.start and self.end:
            try:
                return PartialDate.parse(_format_point(self.start, self.end))
            except ValueError:
                return self
        return self

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            return "unknown"  # not "": an empty value means "missing" on input
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "year":
            return f"{self.start.year:04d}"
        s, e = self.start, self.end
        # Write "2024-09/2024-11" rather than "2024-09-01/2024-11-30" when the bounds are whole
        # months, so the range reads the way the source said it.
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
            return f"{s.year:04d}/{e.year:04d}"
        if s.day == 1 and e.day == _last_day(e.year, e.month):
            return f"{s.year:04d}-{s.month:02d}/{e.year:04d}-{e.month:02d}"
        return f"{s.isoformat()}/{e.isoformat()}"

    def definitely_before(self, other: PartialDate) -> bool:
        """True only when every possible day of ``self`` falls before every day of ``other``."""
        if self.end is None or other.start is None:
            return False
        return self.end < other.start

    def may_overlap(self, other: PartialDate) -> bool:
        """False only when the two dates certainly do not share a day."""
        if None in (self.start, self.end, other.start, other.end):
            return True
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end

    def within(self, start: date, end: date) -> bool:
        """True when every possible day lies within ``start``..``end``."""
        return (
            self.start is not None
            and self.end is not None
            and start <= self.start
            and self.end <= end
        )
