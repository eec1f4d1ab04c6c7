"""The tables the pages derive from the corpus frames, and the filters they apply to them.

Quotes and trips joined with their articles, counts per speaker and visitor, the places the articles
name, visitors' home countries: each built once per corpus (`per_corpus`), then only filtered. Plain
pandas, in lib/ because nothing here needs Streamlit: the pages call it, and tests need no app run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd

from lib.frames import PLACE_LABELS, QUOTE_COLUMNS, CorpusFrames, QuoteKind, SpeakerType, per_corpus
from lib.markup import search_mask

UNKNOWN_SPEAKER = "(speaker unknown)"
# What a quote's speaker is (`speaker_type`, '' when no speaker was found) and what the Quotes page calls
# it, in the order it lists them: people first.
SPEAKER_TYPES = {
    SpeakerType.PERSON: "People",
    SpeakerType.ORGANISATION: "Organisations",
    SpeakerType.GROUP: "Groups",
    SpeakerType.DESCRIPTION: "Descriptions",
    "": "Speaker unknown",
}
_TYPE_RANK = {speaker_type: rank for rank, speaker_type in enumerate(SPEAKER_TYPES)}


@per_corpus
def article_dates(frames: CorpusFrames) -> pd.Series:
    """Article dates as datetimes indexed by article id (NaT when an article has none); built once."""
    articles = frames.articles
    return pd.Series(
        pd.to_datetime(articles["date"], errors="coerce", format="mixed").to_numpy(),
        index=articles["article_id"].to_numpy(),
    )


@per_corpus
def article_titles(frames: CorpusFrames) -> dict[str, str]:
    """Each article's title by id, in corpus order; built once."""
    return dict(zip(frames.articles["article_id"], frames.articles["title"], strict=True))


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


@per_corpus
def quote_table(frames: CorpusFrames) -> pd.DataFrame:
    """Quotes with their article's title, date and file, and a speaker label for unattributed ones;
    people's quotes first, then the other speaker types in SPEAKER_TYPES order, each in corpus order.

    Built once per corpus and shared by every rerun: filter it, never modify it.
    """
    articles = frames.articles[["article_id", "title", "file"]].assign(date=article_dates(frames).to_numpy())
    table = frames.quotes.merge(articles, on="article_id", how="left")
    table["speaker"] = table["speaker"].where(table["speaker"] != "", UNKNOWN_SPEAKER)
    return table.iloc[np.argsort(_type_ranks(table["speaker_type"]), kind="stable")].reset_index(drop=True)


def _type_ranks(types: pd.Series) -> np.ndarray:
    """Each speaker type's place in SPEAKER_TYPES (an unknown type last)."""
    return types.map(_TYPE_RANK).fillna(len(_TYPE_RANK)).to_numpy()


@per_corpus
def speaker_types(frames: CorpusFrames) -> pd.Series:
    """Each speaker's type: the `speaker_type` most of their quotes give (on a tie, the one
    SPEAKER_TYPES lists first); built once."""
    quotes = quote_table(frames)
    speech = quotes[quotes["kind"] != QuoteKind.SCARE]
    counts = speech.groupby(["speaker", "speaker_type"]).size().rename("n").reset_index()
    counts["rank"] = _type_ranks(counts["speaker_type"])
    top = counts.sort_values(["n", "rank"], ascending=[False, True]).drop_duplicates("speaker")
    return top.set_index("speaker")["speaker_type"]


@per_corpus
def speaker_counts(frames: CorpusFrames) -> pd.Series:
    """Quotes per speaker (scare quotes are nobody's speech): people first, then the other speaker
    types in SPEAKER_TYPES order, each most quoted first; built once."""
    quotes = quote_table(frames)
    counts = quotes.loc[quotes["kind"] != QuoteKind.SCARE, "speaker"].value_counts()
    ranks = _type_ranks(counts.index.to_series().map(speaker_types(frames)))
    return counts.iloc[np.argsort(ranks, kind="stable")]


@per_corpus
def speakers_of_types(frames: CorpusFrames, types: tuple[str, ...]) -> pd.Series:
    """speaker_counts of the speakers whose type is one of `types`; built once per choice."""
    counts = speaker_counts(frames)
    return counts[counts.index.to_series().map(speaker_types(frames)).isin(types).to_numpy()]


def quotes_csv(rows: pd.DataFrame) -> bytes:
    """Rows of quote_table as UTF-8 CSV: the article's date and title, then the CLI's quote columns."""
    export = rows[["date", "title", *QUOTE_COLUMNS]].copy()
    export["date"] = export["date"].dt.strftime("%Y-%m-%d").fillna("")
    return export.to_csv(index=False).encode("utf-8")


def filter_quotes(
    quotes: pd.DataFrame,
    *,
    query: str = "",
    speakers: Collection[str] = (),
    article_ids: Collection[str] = (),
    kinds: Collection[str] = (QuoteKind.FULL, QuoteKind.PARTIAL),
    speaker_types: Collection[str] | None = None,
    date_range: tuple[dt.date, dt.date] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """The quotes that pass every filter; an empty speakers/articles choice means all of them, and
    `speaker_types` (keys of SPEAKER_TYPES) None means every type."""
    keep = quotes["kind"].isin(tuple(kinds))
    if speaker_types is not None:
        keep &= quotes["speaker_type"].isin(tuple(speaker_types))
    if query.strip():
        keep &= search_mask(quotes["quote"], query)
    if speakers:
        keep &= quotes["speaker"].isin(tuple(speakers))
    if article_ids:
        keep &= quotes["article_id"].isin(tuple(article_ids))
    keep &= in_date_range(quotes["date"], date_range, include_undated)
    return quotes[keep]


@per_corpus
def visit_table(frames: CorpusFrames) -> pd.DataFrame:
    """Visits with their article's title and file, and the visit date (else the article's) as a datetime.

    Built once per corpus and shared by every rerun: filter it, never modify it.
    """
    table = frames.visits.merge(frames.articles[["article_id", "title", "file"]], on="article_id", how="left")
    visit_dates = pd.to_datetime(table["date"], errors="coerce", format="mixed")
    table["when"] = visit_dates.fillna(table["article_id"].map(article_dates(frames)))
    return table


@per_corpus
def visitor_counts(frames: CorpusFrames) -> pd.Series:
    """Trips per visitor, most travelled first; built once."""
    return visit_table(frames)["visitor"].value_counts()


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


def mentioned_places(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Places named in the articles: (entity, mentions, articles, titles), most mentioned first."""
    places = mentions[mentions["label"].isin(PLACE_LABELS)]
    titles = articles.set_index("article_id")["title"]
    grouped = places.groupby("entity").agg(mentions=("entity", "size"), articles=("article_id", "nunique"))
    grouped["titles"] = places.groupby("entity")["article_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(titles.get(i, i) for i in ids))
    )
    return grouped.reset_index().sort_values(["mentions", "entity"], ascending=[False, True])


def home_country_by_visitor(visits: pd.DataFrame) -> dict[str, str]:
    """Each visitor's home country across the corpus: the one the articles most often introduce them with.

    (lib/visits.py's `home_countries` reads them from one article's text; this settles on one each.)
    """
    named = visits[(visits["home_country"] != "") & ~visits["home_country"].str.contains(";")]
    return named.groupby("visitor")["home_country"].agg(lambda homes: homes.mode().iloc[0]).to_dict()
