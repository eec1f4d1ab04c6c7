"""Date expressions resolved against an article's date."""

from __future__ import annotations

import pytest

from lib.dates import resolve_date, resolve_date_range

THURSDAY = "2024-10-10"


@pytest.mark.parametrize(
    ("text", "article_date", "prefer", "expected"),
    [
        ("Thursday", THURSDAY, "", THURSDAY),  # the paper's own weekday is that day
        ("on Thursday", THURSDAY, "past", THURSDAY),
        ("later on Thursday evening", THURSDAY, "future", THURSDAY),
        ("Monday", THURSDAY, "past", "2024-10-07"),
        ("Monday", THURSDAY, "future", "2024-10-14"),
        ("this morning", "2024-11-14", "", "2024-11-14"),
        ("today", "2024-11-14", "", "2024-11-14"),
        ("yesterday", "2024-11-14", "", "2024-11-13"),
        ("tomorrow", "2024-11-14", "", "2024-11-15"),
        ("next month", "2024-11-14", "", "2024-12"),
        ("later this month", "2024-11-14", "", "2024-11"),
        ("in March", "2024-11-14", "future", "2025-03"),
        ("in March", "2024-11-14", "past", "2024-03"),
        ("in the new year", "2024-10-11", "", "2025-01"),
        ("last week", "2024-11-14", "", "2024-11"),  # a week inside one month is that month
        ("next week", "2024-05-20", "", ""),  # 27 May to 2 June: no one month
        ("14 November", "2024-11-14", "future", "2024-11-14"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(text, article_date, prefer, expected):
    assert resolve_date(text, article_date, prefer) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("next year", "2025"), ("mid-2023", "2023"), ("in 2017", "2017")]
)
def test_years_resolve_to_the_year(text, expected):
    assert resolve_date(text, "2024-11-14") == expected


@pytest.mark.parametrize("text", ["the coming months", "the last quarter"])
def test_vague_periods_are_left_unresolved(text):
    assert resolve_date(text, "2024-11-14") == ""


@pytest.mark.parametrize(
    ("text", "article_date", "expected"),
    [
        ("June 13-15", "2024-06-05", ("2024-06-13", "2024-06-15")),
        ("Feb 26–27", "2025-02-01", ("2025-02-26", "2025-02-27")),
        ("13-15 June 2024", "", ("2024-06-13", "2024-06-15")),
        ("November 22 and 23", "2025-10-01", ("2025-11-22", "2025-11-23")),
        ("on Thursday", "2024-10-10", ("2024-10-10", "")),
        ("June 13-15", "", ("", "")),  # no article date: a relative range stays unresolved
        ("June 13-15", "2024-06-14", ("2024-06-13", "2024-06-15")),  # under way, not next June's
    ],
)
def test_a_range_keeps_both_ends(text, article_date, expected):
    assert resolve_date_range(text, article_date, "future") == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("14 November 2024", "2024-11-14"), ("October 2023", "2023-10")]
)
def test_absolute_dates_resolve_without_an_article_date(text, expected):
    assert resolve_date(text, "") == expected


@pytest.mark.parametrize("text", ["Thursday", "next month", "this morning", "14 November"])
def test_relative_dates_without_an_article_date_stay_unresolved(text):
    assert resolve_date(text, "") == ""


@pytest.mark.parametrize("article_date", ["", "not a date", "2024-13-45"])
def test_unusable_article_date_is_treated_as_none(article_date):
    assert resolve_date("next month", article_date) == ""


def test_empty_or_unparseable_text():
    assert resolve_date("", "2024-11-14") == ""
    assert resolve_date("three times", "2024-11-14") == ""
