"""Filters the pages apply to the corpus frames (plain pandas, so they can be tested without Streamlit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd

from lib.frames import CorpusFrames
from ui.text import search_mask

UNKNOWN_SPEAKER = "(speaker unknown)"


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Article dates as datetimes indexed by article id (NaT when an article has none)."""
    return pd.Series(
        pd.to_datetime(articles["date"], errors="coerce", format="mixed").to_numpy(),
        index=articles["article_id"].to_numpy(),
    )


def date_bounds(dates: pd.Series) -> tuple[dt.date, dt.date] | None:
    """The first and last known date, or None when nothing is dated."""
    known = dates.dropna()
    return (known.min().date(), known.max().date()) if not known.empty else None


def in_date_range(
    dates: pd.Series, date_range: tuple[dt.date, dt.date] | None, include_undated: bool = True
) -> pd.Series:
    """Which dates fall in an inclusive range (undated rows kept or dropped as asked)."""
    if date_range is None:
        return pd.Series(True, index=dates.index)
    first, last = (pd.Timestamp(day) for day in date_range)
    inside = (dates >= first) & (dates < last + pd.Timedelta(days=1))
    return inside | (dates.isna() & include_undated)


def quote_table(frames: CorpusFrames) -> pd.DataFrame:
    """Quotes with their article's title and date, and a speaker label for unattributed ones."""
    articles = frames.articles[["article_id", "title"]].assign(date=article_dates(frames.articles).to_numpy())
    table = frames.quotes.merge(articles, on="article_id", how="left")
    table["speaker"] = table["speaker"].where(table["speaker"] != "", UNKNOWN_SPEAKER)
    return table


def filter_quotes(
    quotes: pd.DataFrame,
    *,
    query: str = "",
    speakers: Collection[str] = (),
    article_ids: Collection[str] = (),
    kinds: Collection[str] = ("full", "partial"),
    date_range: tuple[dt.date, dt.date] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """The quotes that pass every filter; an empty speakers/articles choice means all of them."""
    keep = quotes["kind"].isin(tuple(kinds))
    if query.strip():
        keep &= search_mask(quotes["quote"], query)
    if speakers:
        keep &= quotes["speaker"].isin(tuple(speakers))
    if article_ids:
        keep &= quotes["article_id"].isin(tuple(article_ids))
    keep &= in_date_range(quotes["date"], date_range, include_undated)
    return quotes[keep]


def visit_table(frames: CorpusFrames) -> pd.DataFrame:
    """Visits with their article's title, and the visit date (else the article's) as a datetime."""
    dates = article_dates(frames.articles)
    table = frames.visits.merge(frames.articles[["article_id", "title"]], on="article_id", how="left")
    visit_dates = pd.to_datetime(table["date"], errors="coerce", format="mixed")
    table["when"] = visit_dates.fillna(table["article_id"].map(dates))
    return table


def filter_visits(
    visits: pd.DataFrame,
    *,
    visitors: Collection[str] = (),
    statuses: Collection[str] = (),
    date_range: tuple[dt.date, dt.date] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """The visits that pass every filter; an empty visitors/statuses choice means all of them."""
    keep = pd.Series(True, index=visits.index)
    if visitors:
        keep &= visits["visitor"].isin(tuple(visitors))
    if statuses:
        keep &= visits["status"].isin(tuple(statuses))
    keep &= in_date_range(visits["when"], date_range, include_undated)
    return visits[keep]
