"""The tables derived from the corpus frames in pandas, and the filters applied to them.

Quotes and trips joined with their articles, counts per speaker and visitor, the places the articles
name, visitors' home countries: each built once per corpus (`per_corpus`), then only filtered. The
pages ask lib/store_queries.py, the DuckDB twin of these, for what they show; this module is what
those queries must equal (tests/test_store.py), and gives the pages what works on rows already fetched
(CSV downloads, ids, titles before a name, filtering one person's quotes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from lib.frames import (
    PLACE_LABELS,
    QUOTE_COLUMNS,
    VISIT_COLUMNS,
    CorpusFrames,
    QuoteKind,
    SpeakerType,
    VisitStatus,
    per_corpus,
)
from lib.lexicon import HONORIFICS, TITLE_WORDS
from lib.markup import search_mask
from lib.names import known_leader

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
    table["quote_id"] = quote_ids(table)
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


def quote_ids(quotes: pd.DataFrame) -> pd.Series:
    """Each quote's id in links (`?quote=`): its article and where it starts there."""
    return quotes["article_id"] + ":" + quotes["start"].astype(str)


def trip_ids(visits: pd.DataFrame) -> pd.Series:
    """Each trip's id in links (`?trip=`): its article and a short digest of who, where, how and where
    in the text (one sentence can hold several trips)."""
    keys = zip(visits["visitor"], visits["place"], visits["status"], visits["trigger_start"], strict=True)
    digests = [hashlib.blake2b(repr(key).encode(), digest_size=4).hexdigest() for key in keys]
    return visits["article_id"] + ":" + pd.Series(digests, index=visits.index, dtype=object)


@per_corpus
def visit_table(frames: CorpusFrames) -> pd.DataFrame:
    """Visits with their article's title and file, their id, the trip's own date (`trip_date`), the
    article's (`article_date`) and the first of the two known (`when`), as datetimes.

    Built once per corpus and shared by every rerun: filter it, never modify it.
    """
    table = frames.visits.merge(frames.articles[["article_id", "title", "file"]], on="article_id", how="left")
    table["trip_id"] = trip_ids(table)
    table["trip_date"] = pd.to_datetime(table["date"], errors="coerce", format="mixed")
    table["article_date"] = table["article_id"].map(article_dates(frames))
    table["when"] = table["trip_date"].fillna(table["article_date"])
    return table


def trips_csv(rows: pd.DataFrame) -> bytes:
    """Rows of visit_table as UTF-8 CSV: the article's title, then the CLI's visit columns."""
    return rows[["title", *VISIT_COLUMNS]].to_csv(index=False).encode("utf-8")


@per_corpus
def meeting_table(frames: CorpusFrames) -> pd.DataFrame:
    """Meetings with their article's title, file and date (`when`: the meeting's, else the article's),
    each person under the name their article gives them elsewhere.

    A side named as written ("Luxon" in "with Xi - the pair") becomes the person the article's mention
    with that text is (lib/meetings.py does not canonicalise `the pair`'s names yet).
    """
    people = frames.mentions[frames.mentions["label"] == "PERSON"]
    forms = people.drop_duplicates(["article_id", "text", "entity"])
    forms = forms[~forms.duplicated(["article_id", "text"], keep=False)]
    written = dict(zip(zip(forms["article_id"], forms["text"], strict=True), forms["entity"], strict=True))
    named = set(zip(people["article_id"], people["entity"], strict=True))
    table = frames.meetings.merge(
        frames.articles[["article_id", "title", "file"]], on="article_id", how="left"
    )
    for side in ("person_a", "person_b"):
        table[side] = [
            name if (article, name) in named else written.get((article, name), name)
            for article, name in zip(table["article_id"], table[side], strict=True)
        ]
    meeting_dates = pd.to_datetime(table["date"], errors="coerce", format="mixed")
    table["when"] = meeting_dates.fillna(table["article_id"].map(article_dates(frames)))
    return table


@per_corpus
def visitor_counts(frames: CorpusFrames) -> pd.Series:
    """Trips per visitor, most travelled first; built once."""
    return visit_table(frames)["visitor"].value_counts()


def filter_visits(
    visits: pd.DataFrame,
    *,
    visitors: Collection[str] = (),
    places: Collection[str] = (),
    statuses: Collection[str] = (),
    date_range: tuple[dt.date, dt.date] | None = None,
    include_undated: bool = True,
) -> pd.DataFrame:
    """The visits that pass every filter; an empty visitors/places/statuses choice means all of them."""
    keep = pd.Series(True, index=visits.index)
    if visitors:
        keep &= visits["visitor"].isin(tuple(visitors))
    if places:
        keep &= visits["place"].isin(tuple(places))
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


@per_corpus
def people_table(frames: CorpusFrames) -> pd.DataFrame:
    """Everyone with a page: people named in the articles, quoted, travelling or meeting, with how many
    mentions, articles, quotes, trips and meetings each has; most mentioned first."""
    mentions = frames.mentions[frames.mentions["label"] == "PERSON"]
    quotes = quote_table(frames)
    spoken = quotes[(quotes["speaker_type"] == SpeakerType.PERSON) & (quotes["kind"] != QuoteKind.SCARE)]
    meetings = meeting_table(frames)
    met = pd.concat([meetings["person_a"], meetings["person_b"]])
    table = pd.DataFrame(
        {
            "mentions": mentions["entity"].value_counts(),
            "articles": mentions.groupby("entity")["article_id"].nunique(),
            "quotes": spoken["speaker"].value_counts(),
            "trips": visit_table(frames)["visitor"].value_counts(),
            "meetings": met.value_counts(),
        }
    )
    table = table.fillna(0).astype(int).rename_axis("person").reset_index()
    table = table[table["person"] != ""]
    return table.sort_values(["mentions", "quotes", "person"], ascending=[False, False, True]).reset_index(
        drop=True
    )


@per_corpus
def person_quotes(frames: CorpusFrames, name: str) -> pd.DataFrame:
    """One person's quotes (scare quotes are nobody's), newest first, undated last."""
    quotes = quote_table(frames)
    theirs = quotes[(quotes["speaker"] == name) & (quotes["kind"] != QuoteKind.SCARE)]
    return theirs.sort_values("date", ascending=False, kind="stable", na_position="last").reset_index(
        drop=True
    )


@per_corpus
def person_trips(frames: CorpusFrames, name: str) -> pd.DataFrame:
    """One person's trips (rows of visit_table)."""
    visits = visit_table(frames)
    return visits[visits["visitor"] == name].reset_index(drop=True)


@per_corpus
def person_meetings(frames: CorpusFrames, name: str) -> pd.DataFrame:
    """One person's meetings, the other side in `other`; meetings that happened first, in date order."""
    meetings = meeting_table(frames)
    theirs = meetings[(meetings["person_a"] == name) | (meetings["person_b"] == name)].copy()
    theirs["other"] = theirs["person_b"].where(theirs["person_a"] == name, theirs["person_a"])
    theirs["planned"] = theirs["status"] == VisitStatus.PLANNED
    return theirs.sort_values(["planned", "when"], kind="stable", na_position="last").reset_index(drop=True)


@per_corpus
def person_articles(frames: CorpusFrames, name: str) -> pd.DataFrame:
    """The articles that name a person, quote them or tell of their trips: id, title, date, file and
    mentions, newest first."""
    mentions = frames.mentions[(frames.mentions["label"] == "PERSON") & (frames.mentions["entity"] == name)]
    ids = set(mentions["article_id"]) | set(person_quotes(frames, name)["article_id"])
    ids |= set(person_trips(frames, name)["article_id"])
    articles = frames.articles[frames.articles["article_id"].isin(ids)][
        ["article_id", "title", "date", "file"]
    ]
    counts = mentions["article_id"].value_counts()
    articles = articles.assign(mentions=articles["article_id"].map(counts).fillna(0).astype(int))
    return articles.sort_values(["date", "title"], ascending=[False, True]).reset_index(drop=True)


@per_corpus
def person_aliases(frames: CorpusFrames, name: str) -> list[str]:
    """The ways the articles write a person's name, most frequent first (the name itself left out)."""
    mentions = frames.mentions[(frames.mentions["label"] == "PERSON") & (frames.mentions["entity"] == name)]
    forms = mentions["text"].str.replace(r"['’]s?$", "", regex=True).str.strip().value_counts()
    seen = {name.lower()}
    kept = []
    for form in forms.index:  # one spelling per form, whatever its case ("christopher luxon" in a headline)
        if form and form.lower() not in seen:
            seen.add(form.lower())
            kept.append(form)
    return kept


def home_country(frames: CorpusFrames, name: str) -> str:
    """A person's country as the articles introduce them ("Indian Prime Minister ..."), else from the
    table of well-known leaders; '' when neither says."""
    homes = home_country_by_visitor(visit_table(frames))
    if name in homes:
        return homes[name]
    leader = known_leader(name)
    return leader[1] if leader else ""


_WORD = re.compile(r"[\w'’.-]+")


def titles_before(body: str, starts: Iterable[int]) -> Counter:
    """The titles written right before a person's mentions ("Trade Minister" before "Todd McClay"),
    counted as written; honorifics (Mr, Dr) are not titles."""
    found: Counter = Counter()
    for start in starts:
        line = body[max(0, start - 80) : start].rsplit("\n", 1)[-1]
        words = _WORD.findall(line)
        title: list[str] = []
        for word in reversed(words):
            bare = re.sub(r"['’]s?$", "", word).strip(".").lower()
            if bare not in TITLE_WORDS or bare in HONORIFICS:
                break
            title.insert(0, word)
        if title and any(word.lower() in ROLE_HEADS for word in title):
            found[" ".join(title)] += 1
    return found


# A title names a role only when one of these is in it ("Prime Minister", not "Foreign Affairs").
ROLE_HEADS = (
    TITLE_WORDS - HONORIFICS - {"affairs", "defence", "defense", "finance", "foreign", "trade", "state"}
)


def main_title(found: Counter) -> str:
    """The title an article gives a person most often, as written most often (case set aside)."""
    if not found:
        return ""
    by_case: Counter = Counter()
    for title, count in found.items():
        by_case[title.lower()] += count
    top = by_case.most_common(1)[0][0]
    return max((t for t in found if t.lower() == top), key=lambda t: (found[t], t[:1].isupper()))
