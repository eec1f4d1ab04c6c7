"""The queries the pages needed beyond lib/store_queries.py's first ones: the seeds opened both ways
(a real Dask dataset and the serial path's frames) give what the pandas path gives on those frames."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from lib import cooccurrence, derived, store_pairs
from lib import store_queries as queries
from lib.corpus import read_corpus
from lib.frames import PLACE_LABELS, QuoteKind
from lib.pipeline import extract_corpus
from lib.store import CorpusStore

SEEDS = Path(__file__).parent.parent / "seeds"
LUXON = "Christopher Luxon"


@pytest.fixture(scope="module")
def frames():
    return extract_corpus(read_corpus([SEEDS]))


@pytest.fixture(scope="module", params=["dataset", "frames"])
def store(request, tmp_path_factory, frames):
    if request.param == "dataset":
        opened = CorpusStore.open(request.getfixturevalue("seeds_dataset"), tmp_path_factory.mktemp("work"))
    else:
        opened = CorpusStore.from_frames(frames)
    with opened:
        yield opened


def test_the_overviews_figures(store, frames):
    mentions = frames.mentions
    figures = queries.corpus_figures(store)
    assert figures == {
        "Articles": len(frames.articles),
        "Words": int(frames.articles["words"].sum()),
        "People": mentions.loc[mentions["label"] == "PERSON", "entity"].nunique(),
        "Places": mentions.loc[mentions["label"].isin(PLACE_LABELS), "entity"].nunique(),
        "Quotes": int((frames.quotes["kind"] != QuoteKind.SCARE).sum()),
        "Visits": len(frames.visits),
    }
    assert figures["People"] > 0 and figures["Quotes"] > 0


def test_articles_newest_first_and_their_titles(store, frames):
    articles = frames.articles
    expected = articles.assign(undated=articles["date"] == "").sort_values(
        ["undated", "date", "title"], ascending=[True, False, True]
    )
    assert list(queries.newest_articles(store)["article_id"]) == list(expected["article_id"])
    assert list(queries.newest_articles(store, limit=2)["article_id"]) == list(expected["article_id"][:2])
    assert queries.dated_articles(store) == int((articles["date"] != "").sum())
    assert queries.article_titles(store) == derived.article_titles(frames)
    by_date = articles.sort_values(["date", "title"])
    assert list(queries.article_titles(store, by_date=True)) == list(by_date["article_id"])
    first = articles["article_id"].iloc[0]
    assert queries.has_article(store, first) and not queries.has_article(store, "no-such-article")
    assert queries.article_files(store, [first]).loc[first, "file"] == articles["file"].iloc[0]


def test_one_quote_and_one_trip_by_their_link(store, frames):
    quotes, visits = derived.quote_table(frames), derived.visit_table(frames)
    quote = quotes.iloc[len(quotes) // 2]
    assert queries.quote_by_id(store, quote["quote_id"])["quote"] == quote["quote"]
    trip = visits.iloc[len(visits) // 2]
    found = queries.trip_by_id(store, trip["trip_id"])
    assert (found["visitor"], found["place"], found["evidence"]) == (
        trip["visitor"],
        trip["place"],
        trip["evidence"],
    )
    assert queries.quote_by_id(store, "nowhere:1") is None
    assert queries.trip_by_id(store, "nowhere:abcd") is None


def test_places_for_the_map(store, frames):
    expected = derived.mentioned_places(frames.mentions, frames.articles)
    found = queries.mentioned_places(store)
    pd.testing.assert_frame_equal(
        found, expected[["entity", "mentions", "articles"]].reset_index(drop=True), check_dtype=False
    )
    visits = derived.visit_table(frames)
    where = queries.visit_where()
    assert queries.unplaced_count(store, where) == int(visits["lat"].isna().sum())


def test_meetings_as_the_pandas_path(store, frames):
    meetings = derived.meeting_table(frames)
    expected = cooccurrence.meeting_pairs(meetings)
    assert not expected.empty
    pd.testing.assert_frame_equal(queries.meeting_pairs(store), expected, check_dtype=False)
    strong = expected[expected["count"] >= 2].reset_index(drop=True)
    pd.testing.assert_frame_equal(queries.meeting_pairs(store, 2), strong, check_dtype=False)
    a, b = expected.iloc[0][["a", "b"]]
    both = meetings[meetings[["person_a", "person_b"]].isin((a, b)).all(axis=1)]
    found = queries.pair_meetings(store, a, b)
    assert list(found["evidence"]) == list(both["evidence"])
    assert list(found["when"]) == list(both["when"])


def test_entities_labels_timeline_and_shared_windows(store, frames):
    mentions = frames.mentions
    entities = list(mentions["entity"].unique())
    labels = cooccurrence.main_labels(mentions)
    assert queries.main_labels(store, entities).to_dict() == labels[entities].to_dict()
    theirs = mentions[mentions["entity"] == LUXON]
    days = theirs["article_id"].map(derived.article_dates(frames)).dt.normalize()
    counts = queries.entity_mention_counts(store, LUXON)
    assert (
        counts.per_day.to_dict() == days.value_counts().to_dict()
        and counts.per_day.index.is_monotonic_increasing
    )
    assert counts.undated == days.isna().sum() and counts.per_title.empty
    partner = cooccurrence.partners(
        cooccurrence.scored_pairs(mentions, "sentence", ("PERSON",), 1, "count"), LUXON
    )["partner"].iloc[0]
    for window in ("sentence", "paragraph", "article"):
        expected = cooccurrence.shared_windows(mentions, window, LUXON, partner)
        found = cooccurrence.shared_windows(
            queries.pair_mentions(store, LUXON, partner), window, LUXON, partner
        )
        assert not expected.empty
        assert list(found["start"]) == list(expected["start"]), window
        assert list(found["article_id"]) == list(expected["article_id"]), window


def test_a_persons_mentions_and_pages(store, frames):
    mentions = frames.mentions
    theirs = mentions[(mentions["label"] == "PERSON") & (mentions["entity"] == LUXON)]
    firsts = list(dict.fromkeys(theirs["article_id"]))[:2]
    found = queries.person_mention_starts(store, LUXON, articles=2)
    expected = theirs[theirs["article_id"].isin(firsts)]
    assert list(found["start"]) == list(expected["start"])
    assert set(found["article_id"]) == set(firsts)
    assert queries.known_people(store, [LUXON, "Nobody Here"]) == {LUXON}
    article = frames.articles["article_id"].iloc[1]
    assert list(queries.article_mentions(store, article)["start"]) == list(
        mentions.loc[mentions["article_id"] == article, "start"]
    )


def test_an_entity_named_only_in_undated_articles_is_counted_per_title(frames):
    """With no article dated, the timeline counts mentions per article title, most first."""
    undated = dataclasses.replace(frames, articles=frames.articles.assign(date=""))
    with CorpusStore.from_frames(undated) as store:
        counts = queries.entity_mention_counts(store, LUXON, titles=2)
    titles = frames.mentions.loc[frames.mentions["entity"] == LUXON, "article_id"].map(
        frames.articles.set_index("article_id")["title"]
    )
    assert counts.per_day.empty and counts.undated == len(titles)
    assert list(counts.per_title) == sorted(titles.value_counts(), reverse=True)[:2]
    assert set(counts.per_title.index) <= set(titles)


def test_a_pairs_and_a_persons_first_articles_are_the_corpus_first(store, frames):
    """The first articles naming a pair (read from the articles each one is named in) are the first in
    corpus order of all articles naming both, with the same rows; and so for a person's mentions."""
    mentions = frames.mentions
    scored = cooccurrence.scored_pairs(mentions, "article", ("PERSON", "GPE"), 1, "count")
    checked = 0
    for a, b in list(zip(scored["a"], scored["b"], strict=True))[:20]:
        theirs = mentions[mentions["entity"].isin((a, b))]
        shared = [
            article
            for article, names in theirs.groupby("article_id", sort=False)["entity"]
            if names.nunique() == 2
        ]
        every = queries.pair_mentions(store, a, b)
        expected = theirs[theirs["article_id"].isin(shared)][list(every.columns)].reset_index(drop=True)
        pd.testing.assert_frame_equal(every, expected, check_dtype=False)
        for articles in (1, 2):
            first = queries.pair_mentions(store, a, b, articles=articles)
            assert list(dict.fromkeys(first["article_id"])) == shared[:articles]
            pd.testing.assert_frame_equal(
                first, every[every["article_id"].isin(shared[:articles])].reset_index(drop=True)
            )
        checked += len(shared) > 1
    assert checked, "some pair is named together in more than one article"
    assert queries.pair_mentions(store, LUXON, "Nobody Here").empty
    theirs = mentions[(mentions["label"] == "PERSON") & (mentions["entity"] == LUXON)]
    for articles in (1, 3):
        firsts = list(dict.fromkeys(theirs["article_id"]))[:articles]
        found = queries.person_mention_starts(store, LUXON, articles=articles)
        assert list(found["article_id"]) == list(theirs.loc[theirs["article_id"].isin(firsts), "article_id"])
        assert list(found["start"]) == list(theirs.loc[theirs["article_id"].isin(firsts), "start"])


def test_a_setting_is_counted_once_and_then_kept(frames):
    """People are counted with the store; another setting is not until first asked, then it is kept."""
    with CorpusStore.from_frames(frames) as store:
        assert store_pairs.is_counted(store, "paragraph", ("PERSON",))
        assert not store_pairs.is_counted(store, "sentence", ("GPE", "PERSON"))
        store_pairs.scored_pairs(store, "sentence", ("PERSON", "GPE"))
        assert store_pairs.is_counted(store, "sentence", ("GPE", "PERSON"))
        assert not store_pairs.is_counted(store, "article", ("GPE", "PERSON"))
