"""Resolve a date expression from an article ("Thursday", "next month") to an ISO date or month."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

# Words around a date that dateparser does not need ("later on Thursday evening" -> "Thursday evening").
_LEADING_WORDS = re.compile(r"^(?:(?:later|earlier|early|late|mid|on|in|at|by|during|the)\b[\s-]*)+", re.I)
_NEW_YEAR = re.compile(r"^(?:the\s+)?new\s+year$", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Two unrelated days: an expression that parses the same against both does not depend on the article date.
_PROBE_BASES = (datetime(2003, 2, 5), datetime(2017, 9, 28))
_DAY_PERIODS = {"day", "part_of_day", "time"}


@cache
def _parser(base: datetime, prefer: str):
    """A dateparser parser for English, relative to `base`, preferring dates from `prefer`."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
    return DateDataParser(languages=["en"], settings=settings)


def _parse(text: str, base: datetime, prefer: str) -> tuple[date, str] | None:
    """(date, period) dateparser reads from the text, or None."""
    data = _parser(base, prefer).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _format(day: date, period: str) -> str:
    """'YYYY-MM-DD' for a day, 'YYYY-MM' for a month (or a week inside one month), 'YYYY' for a year,
    '' for vaguer periods."""
    if period in _DAY_PERIODS:
        return day.isoformat()
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        sunday = monday + timedelta(days=6)
        return f"{day:%Y-%m}" if monday.month == sunday.month else ""
    if period == "month":
        return f"{day:%Y-%m}"
    if period == "year":
        return f"{day:%Y}"
    return ""


def _clean(text: str) -> tuple[str, str]:
    """The expression trimmed for dateparser, and a preference it implies ('future' for 'the new year')."""
    cleaned = _LEADING_WORDS.sub("", " ".join(text.split())).strip(" ,.")
    if _NEW_YEAR.match(cleaned):
        return "January", "future"
    return cleaned, ""


def _article_base(article_date: str) -> datetime | None:
    try:
        return datetime.strptime(article_date.strip()[:10], "%Y-%m-%d")
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def resolve_date(text: str, article_date: str = "", prefer: str = "") -> str:
    """'YYYY-MM-DD' or 'YYYY-MM' for a date expression, or '' when it cannot be pinned down.

    Relative expressions ("Thursday", "next month", "this morning") are read against the article's
    date ("YYYY-MM-DD"); without one only absolute dates ("14 November 2024") resolve. `prefer` is
    "past" or "future": which way an ambiguous day or month points (a trip done or a trip planned).
    """
    cleaned, implied = _clean(text or "")
    if not cleaned:
        return ""
    prefer = implied or (prefer if prefer in ("past", "future") else "")
    base = _article_base(article_date or "")
    if base is None:
        probes = {_parse(cleaned, probe, "current_period") for probe in _PROBE_BASES}
        formatted = {_format(*found) if found else "" for found in probes}
        return formatted.pop() if len(formatted) == 1 else ""
    current = _parse(cleaned, base, "current_period")
    if current is None:
        return ""
    # The article's own day ("Thursday" in Thursday's paper) is neither before nor after it.
    names_base_weekday = _WEEKDAYS[base.weekday()] in cleaned.lower()
    if prefer and current[0] != base.date() and not names_base_weekday:
        current = _parse(cleaned, base, prefer) or current
    return _format(*current)


# "June 13-15", "Feb 26–27", "13-15 June", "November 22 and 23", "from July 9 to 12".
_MONTH = r"[A-Z][a-z]{2,8}\.?"
_RANGES = (
    re.compile(
        rf"^(?P<month>{_MONTH})\s+(?P<first>\d{{1,2}})\s*(?:-|–|—|to|and|until)\s*(?P<last>\d{{1,2}})(?P<rest>.*)$"
    ),
    re.compile(
        rf"^(?P<first>\d{{1,2}})\s*(?:-|–|—|to|and|until)\s*(?P<last>\d{{1,2}})\s+(?P<month>{_MONTH})(?P<rest>.*)$"
    ),
)


def resolve_date_range(text: str, article_date: str = "", prefer: str = "") -> tuple[str, str]:
    """(first, last) day of a date expression: a range keeps both ends ("June 13-15" ->
    ("2024-06-13", "2024-06-15")); a single date gives (date, "")."""
    cleaned = _LEADING_WORDS.sub("", " ".join((text or "").split())).strip(" ,.")
    for pattern in _RANGES:
        match = pattern.match(cleaned)
        if match:
            month, rest = match["month"], match["rest"]
            ends = [f"{month} {match['first']}{rest}", f"{month} {match['last']}{rest}"]
            first, last = (resolve_date(end, article_date) for end in ends)
            # A range around the article's day is the one under way; else each end points as asked.
            if not (first and last and first <= article_date[:10] <= last):
                first, last = (resolve_date(end, article_date, prefer) for end in ends)
            # dateparser would read "June 13-15" as 15 June 2013: a range is only ever read as one.
            return (first, last) if first and last and last >= first else ("", "")
    return resolve_date(text, article_date, prefer), ""
