"""When a reported count held: the period a statistic's sentence gives, as dates.

A count is reported on one day (the document's date) about a period the sentence names
in words that only the report's day makes exact: "last year", "so far this year",
"fiscal 2023", "FY19", "between October and December", "in May", "March 2020".
:func:`resolve` turns those words and the document's date into a start and an end date
(both days included) and keeps the words as written; words it cannot pin down, or
relative words without a document date, keep their words only.

The words and patterns are data (``pipelines/periods.json``): each pattern has an id
and a kind, and the kind names the calendar arithmetic below. The US federal fiscal
year runs from October 1 to September 30 and is named after the year it ends in
(fiscal 2023: 2022-10-01 to 2023-09-30).

Examples
--------
>>> resolve("FY19")
Period(text='FY19', start=datetime.date(2018, 10, 1), end=datetime.date(2019, 9, 30), rule='fiscal-year')
>>> str(resolve("between October and December", reported="2019-01-29"))
'between October and December (2018-10-01 to 2018-12-31)'
>>> resolve("last year").start is None  # relative, and no date to count from
True
"""

from __future__ import annotations

import calendar
import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from kg.errors import BorderKGError
from kg.resources import data_dir

Day = datetime.date


@dataclass(frozen=True)
class Period:
    """A period as written, and the days it covers when they are known.

    ``start`` and ``end`` are both included; both are ``None`` when the words could not
    be resolved. ``rule`` is the id of the pattern of ``pipelines/periods.json`` that
    resolved them.
    """

    text: str
    start: Day | None = None
    end: Day | None = None
    rule: str | None = None

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            return self.text
        return f"{self.text} ({self.start.isoformat()} to {self.end.isoformat()})"


def resolve(text: str, reported: str | Day | None = None) -> Period:
    """The days ``text`` covers, counted from ``reported`` (the document's date).

    Parameters
    ----------
    text : str
        The period as the sentence gives it ("so far this year", "in FY 2021").
    reported : str or datetime.date, optional
        The document's date (``YYYY-MM-DD``; a longer ISO timestamp is cut to its day).
        Without it only absolute periods ("fiscal 2023", "March 2020") resolve.

    Returns
    -------
    Period
        ``text`` unchanged, with ``start`` and ``end`` when resolved.

    Examples
    --------
    >>> str(resolve("last year", "2019-10-07"))
    'last year (2018-01-01 to 2018-12-31)'
    >>> str(resolve("so far this year", "2024-05-31"))
    'so far this year (2024-01-01 to 2024-05-31)'
    >>> str(resolve("in fiscal year 2023"))
    'in fiscal year 2023 (2022-10-01 to 2023-09-30)'
    >>> str(resolve("in May", "2023-04-19"))  # the last May before the report
    'in May (2022-05-01 to 2022-05-31)'
    >>> str(resolve("Over the last three years", "2024-08-26"))
    'Over the last three years (2021-08-27 to 2024-08-26)'
    >>> str(resolve("per month", "2023-06-30"))  # a rate, not a period
    'per month'
    """
    day = reported_day(reported)
    rules = _rules()
    for rule_id, kind, pattern in rules.patterns:
        match = pattern.search(text)
        if match is None:
            continue
        found = _KINDS[kind](rules, {k: v for k, v in match.groupdict().items() if v}, day)
        if found is None:
            return Period(text)
        start, end = found
        return Period(text, start, end, rule_id)
    return Period(text)


def phrases(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (a sentence) gives a period in words: the ``phrases`` of
    ``pipelines/periods.json``, the longest of overlapping ones, in order.

    Examples
    --------
    >>> text = "In March 2020, the CDC invoked Title 42, which ended on May 11, 2023."
    >>> [text[start:end] for start, end in phrases(text)]
    ['In March 2020', 'on May 11, 2023']
    """
    matches = {(m.start(), m.end()) for pattern in _rules().phrases for m in pattern.finditer(text)}
    kept: list[tuple[int, int]] = []
    for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e in kept):
            kept.append((start, end))
    return sorted(kept)


def is_timed(predicate: str) -> bool:
    """Whether a relation happens at a time, so that its sentence's period says when it
    held (``timed_predicates`` of ``pipelines/periods.json``).

    Examples
    --------
    >>> is_timed("enacted"), is_timed("worksFor")
    (True, False)
    """
    return predicate in _rules().timed


def calendar_words() -> frozenset[str]:
    """The names of months and weekdays, lower case and without a dot ("feb", "monday"),
    the words a date is told with.

    Examples
    --------
    >>> {"feb", "september", "tuesday"} <= calendar_words(), "near" in calendar_words()
    (True, False)
    """
    rules = _rules()
    return frozenset(rules.months) | frozenset(rules.weekdays)


def is_rate(text: str) -> bool:
    """Whether words that look like a period give a rate ("per month", "a year") instead.

    Examples
    --------
    >>> is_rate("every day"), is_rate("last year")
    (True, False)
    """
    return next((kind for _, kind, pattern in _rules().patterns if pattern.search(text)),
                None) == "none"


def reported_day(value: str | Day | None) -> Day | None:
    """A document's date as a day; ``None`` for no date or one that is not ISO 8601.

    Examples
    --------
    >>> reported_day("2023-06-30T12:00:00Z"), reported_day("June 2023")
    (datetime.date(2023, 6, 30), None)
    """
    if value is None or isinstance(value, Day):
        return value
    try:
        return Day.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def overlaps(first: Period, second: Period) -> bool:
    """Whether two resolved periods share a day (unresolved ones share none).

    Examples
    --------
    >>> overlaps(resolve("FY2023"), resolve("in March 2023"))
    True
    >>> overlaps(resolve("FY2023"), resolve("in 2021")), overlaps(resolve("FY2023"), resolve("x"))
    (False, False)
    """
    if None in (first.start, first.end, second.start, second.end):
        return False
    return first.start <= second.end and second.start <= first.end  # type: ignore[operator]


def window(since: str | Day | None = None, until: str | Day | None = None) -> Period:
    """The days from ``since`` to ``until`` (both included; either may be left open), as
    a user gives them (``YYYY-MM-DD``, or ``YYYY-MM`` and ``YYYY`` for a whole month or
    year).

    Raises :class:`kg.errors.BorderKGError` for a date it cannot read, or a window that
    ends before it starts.

    Examples
    --------
    >>> str(window("2022", "2023-03"))
    '2022 to 2023-03 (2022-01-01 to 2023-03-31)'
    >>> window(until="2019-10-07").start
    datetime.date(1, 1, 1)
    """
    start = Day.min if since is None else _bound(since, first=True)
    end = Day.max if until is None else _bound(until, first=False)
    if end < start:
        raise BorderKGError(f"the time window ends ({end}) before it starts ({start})")
    return Period(f"{since or '…'} to {until or '…'}", start, end)


def held(period: tuple[str | None, str | None], reported: str | None) -> Period | None:
    """When a fact held: its period's days when known (``(start, end)`` as ISO dates),
    else the day it was reported; ``None`` when neither is known.

    Examples
    --------
    >>> held(("2021-10-01", "2022-09-30"), "2024-01-05").start
    datetime.date(2021, 10, 1)
    >>> held((None, None), "2024-01-05").end, held((None, None), None)
    (datetime.date(2024, 1, 5), None)
    """
    start, end = (reported_day(day) for day in period)
    if start is not None and end is not None:
        return Period("held", start, end)
    day = reported_day(reported)
    return None if day is None else Period("reported", day, day)


def _bound(value: str | Day, first: bool) -> Day:
    """A window's bound: a day, or the first or last day of a month or year."""
    if isinstance(value, Day):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if month is None:
            return Day(year, 1, 1) if first else Day(year, 12, 31)
        if day is None:
            return Day(year, month, 1) if first else _month_end(year, month)
        return Day(year, month, day)
    except ValueError:
        raise BorderKGError(f"not a date: {text!r} (write YYYY-MM-DD, YYYY-MM or YYYY)") from None


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[tuple[str, str, re.Pattern[str]], ...]
    phrases: tuple[re.Pattern[str], ...]
    timed: frozenset[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    fiscal_start: int


@cache
def _rules() -> _Rules:
    data = json.loads((data_dir("pipelines") / "periods.json").read_text("utf-8"))

    def words(names: dict[str, Any]) -> str:
        return "|".join(sorted(names, key=lambda name: (-len(name), name)))

    slots = {
        "month": words(data["months"]),
        "weekday": words(data["weekdays"]),
        "number": r"\d+|" + words(data["numbers"]),
        "unit": words(data["units"]),
    }
    patterns = []
    for rule in data["patterns"]:
        if rule["kind"] not in _KINDS:
            raise ValueError(f"periods.json: {rule['id']} has an unknown kind {rule['kind']!r}")
        text = re.sub(r"\{(month|weekday|number|unit)\}", lambda m: f"(?:{slots[m[1]]})",
                      rule["pattern"])
        patterns.append((rule["id"], rule["kind"], re.compile(text, re.IGNORECASE)))
    return _Rules(tuple(patterns), tuple(re.compile(p) for p in data["phrases"]),
                  frozenset(data["timed_predicates"]), data["months"], data["weekdays"], data["numbers"],
                  data["units"], int(data["fiscal_year_start_month"]))


# --------------------------------------------------------------------------- calendar


Span = tuple[Day, Day]
Groups = dict[str, str]


def _year(text: str) -> int:
    """A year as written: four digits, or two (FY19 is 2019)."""
    return int(text) if len(text) == 4 else 2000 + int(text)


def _month_end(year: int, month: int) -> Day:
    return Day(year, month, calendar.monthrange(year, month)[1])


def _month(rules: _Rules, name: str) -> int:
    return rules.months[name.lower()]


def _fiscal(rules: _Rules, year: int) -> Span:
    """Fiscal ``year``: from its start month of the year before to the month before it."""
    start = Day(year - 1, rules.fiscal_start, 1)
    return start, _shift(start, years=1) - datetime.timedelta(days=1)


def _fiscal_of(rules: _Rules, day: Day) -> int:
    return day.year + 1 if day.month >= rules.fiscal_start else day.year


def _shift(day: Day, years: int = 0, months: int = 0) -> Day:
    """``day`` moved by whole years and months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + years * 12 + months
    year, month = divmod(index, 12)
    return Day(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _back(day: Day, unit: str, count: int) -> Day:
    """The first day of the ``count`` ``unit``s that end on ``day``."""
    if unit == "day":
        return day - datetime.timedelta(days=count - 1)
    if unit == "week":
        return day - datetime.timedelta(weeks=count) + datetime.timedelta(days=1)
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    return _shift(day, months=-months * count) + datetime.timedelta(days=1)


def _latest_year(month: int, day: Day) -> int:
    """The year of the latest ``month`` that starts on or before ``day``."""
    return day.year if month <= day.month else day.year - 1


def _fiscal_year(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    return _fiscal(rules, _year(groups["year"]))


def _fiscal_years(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    return _fiscal(rules, _year(groups["year"]))[0], _fiscal(rules, _year(groups["year2"]))[1]


def _fiscal_year_so_far(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    """A fiscal year up to the report, when the report falls in it ("so far in FY23")."""
    start, end = _fiscal(rules, _year(groups["year"]))
    return start, end if day is None or not start <= day <= end else day


def _count(rules: _Rules, groups: Groups) -> int:
    """The ``count`` group, in digits or words (one when not written)."""
    written = groups.get("count", "1").lower()
    return int(written) if written.isdigit() else rules.numbers[written]


def _fiscal_year_first(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    """The first months (or quarters) of a fiscal year ("the first eight months of FY2023")."""
    start = _fiscal(rules, _year(groups["year"]))[0]
    months = _count(rules, groups) * (3 if groups["unit"].lower().startswith("quarter") else 1)
    return start, _shift(start, months=months) - datetime.timedelta(days=1)


def _since_fiscal_year(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    return None if day is None else (_fiscal(rules, _year(groups["year"]))[0], day)


def _last_fiscal_year(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    return None if day is None else _fiscal(rules, _fiscal_of(rules, day) - 1)


def _fiscal_year_to_date(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    return None if day is None else (_fiscal(rules, _fiscal_of(rules, day))[0], day)


def _this_to_date(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    if day is None:
        return None
    unit = rules.units[groups["unit"].lower()]
    if unit == "year":
        return Day(day.year, 1, 1), day
    if unit == "month":
        return Day(day.year, day.month, 1), day
    if unit == "week":
        return day - datetime.timedelta(days=day.weekday()), day
    return None


def _last(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    """The calendar unit before the one of ``day`` ("last year": the year before)."""
    if day is None:
        return None
    unit = rules.units[groups["unit"].lower()]
    if unit == "year":
        return Day(day.year - 1, 1, 1), Day(day.year - 1, 12, 31)
    if unit == "month":
        first = _shift(Day(day.year, day.month, 1), months=-1)
        return first, _month_end(first.year, first.month)
    monday = day - datetime.timedelta(days=day.weekday() + 7)
    return monday, monday + datetime.timedelta(days=6)


def _trailing(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    """The ``count`` ``unit``s up to ``day`` ("the past three years")."""
    if day is None:
        return None
    count = _count(rules, groups)
    return _back(day, rules.units[groups["unit"].lower()], count), day


def _months(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    """From the start of one month to the end of another; missing years from the report."""
    first, last = _month(rules, groups["month"]), _month(rules, groups["month2"])
    if "year2" in groups:
        end_year = int(groups["year2"])
    elif "year" in groups:
        end_year = int(groups["year"]) + (1 if last < first else 0)
    elif day is not None:
        end_year = _latest_year(first, day) + (1 if last < first else 0)
    else:
        return None
    start_year = int(groups["year"]) if "year" in groups else end_year - (1 if last < first else 0)
    return Day(start_year, first, 1), _month_end(end_year, last)


def _days(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    """A day ("on May 13"), or the days from one to another ("between July 1 and July 20");
    a missing year is that of the latest such day on or before the report."""
    first_month = _month(rules, groups["month"])
    last_month = _month(rules, groups["month2"]) if "month2" in groups else first_month
    first_day, last_day = int(groups["day"]), int(groups.get("day2", groups["day"]))
    try:
        if "year2" in groups or "year" in groups:
            end_year = int(groups.get("year2", groups.get("year", "")))
        elif day is not None:
            end_year = day.year if (last_month, last_day) <= (day.month, day.day) else day.year - 1
        else:
            return None
        back = 1 if (last_month, last_day) < (first_month, first_day) else 0
        start_year = int(groups["year"]) if "year" in groups and "year2" in groups else end_year - back
        return Day(start_year, first_month, first_day), Day(end_year, last_month, last_day)
    except ValueError:  # no such day (June 31)
        return None


def _years(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    return Day(int(groups["year"]), 1, 1), Day(int(groups["year2"]), 12, 31)


def _since_month(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    if day is None:
        return None
    month = _month(rules, groups["month"])
    year = int(groups["year"]) if "year" in groups else _latest_year(month, day)
    return Day(year, month, 1), day


def _since_year(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    return None if day is None else (Day(int(groups["year"]), 1, 1), day)


def _month_of(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    month = _month(rules, groups["month"])
    if "year" in groups:
        year = int(groups["year"])
    elif day is not None:
        year = _latest_year(month, day)
    else:
        return None
    return Day(year, month, 1), _month_end(year, month)


def _calendar_year(rules: _Rules, groups: Groups, day: Day | None) -> Span:
    year = int(groups["year"])
    return Day(year, 1, 1), Day(year, 12, 31)


def _weekday(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    """The latest such weekday on or before the report."""
    if day is None:
        return None
    back = (day.weekday() - rules.weekdays[groups["weekday"].lower()]) % 7
    found = day - datetime.timedelta(days=back)
    return found, found


def _day(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    return None if day is None else (day, day)


def _day_before(rules: _Rules, groups: Groups, day: Day | None) -> Span | None:
    if day is None:
        return None
    before = day - datetime.timedelta(days=1)
    return before, before


_KINDS: dict[str, Callable[[_Rules, Groups, Day | None], Span | None]] = {
    "none": lambda rules, groups, day: None,  # not a period, though it looks like one: a rate
    "fiscal_year": _fiscal_year,
    "fiscal_years": _fiscal_years,
    "fiscal_year_so_far": _fiscal_year_so_far,
    "fiscal_year_first": _fiscal_year_first,
    "since_fiscal_year": _since_fiscal_year,
    "last_fiscal_year": _last_fiscal_year,
    "fiscal_year_to_date": _fiscal_year_to_date,
    "this_to_date": _this_to_date,
    "last": _last,
    "trailing": _trailing,
    "months": _months,
    "days": _days,
    "years": _years,
    "since_month": _since_month,
    "since_year": _since_year,
    "month": _month_of,
    "year": _calendar_year,
    "weekday": _weekday,
    "day": _day,
    "day_before": _day_before,
}
