"""lib/store.py and its queries: the seeds as a real Dask dataset (`--engine dask`) and as the serial
path's frames, asked through DuckDB, give what lib.derived, lib.cooccurrence and lib.search give on
those frames."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib import cooccurrence, derived
from lib import search as pandas_search
from lib import store_pairs as pairs
from lib import store_queries as queries
from lib.corpus import read_corpus
from lib.dataset import PARTS_DIR
from lib.frames import QuoteKind, SpeakerType
from lib.pipeline import extract_corpus
from lib.store import CorpusStore, StoreError

SEEDS = Path(__file__).parent.parent / "seeds"
LUXON = "Christopher Luxon"


@pytest.fixture(scope="module")
def frames():
    """The pandas path: the seeds through the serial pipeline, as the app reads a folder."""
    return extract_corpus(read_corpus([SEEDS]))


@pytest.fixture(scope="module")
def dataset(seeds_dataset) -> Path:
    """The seeds as the Dask engine writes them (a one-worker local cluster, three parts)."""
    return seeds_dataset


@pytest.fixture(scope="module", params=["dataset", "frames"])
def store(request, tmp_path_factory):
    """The same rows opened both ways: from the dataset's Parquet files, and from the frames."""
    if request.param == "dataset":
        opened = CorpusStore.open(request.getfixturevalue("dataset"), tmp_path_factory.mktemp("work"))
    else:
        opened = CorpusStore.from_frames(request.getfixturevalue("frames"))
    with opened:
        yield opened


def test_every_table_holds_the_frames_rows(store, frames):
    for table in ("articles", "mentions", "quotes", "visits", "meetings"):
        assert store.counts[table] == len(getattr(frames, table)) > 0, table


def test_one_name_per_person_as_the_pandas_path(store, frames):
    people = store.frame("SELECT DISTINCT entity FROM corpus.mentions WHERE label = 'PERSON'")["entity"]
    assert set(people) == set(frames.mentions.loc[frames.mentions["label"] == "PERSON", "entity"])
    assert "Luxon" not in set(people)  # the lone surname became the full name


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"query": "trade"},
        {"query": "FREE trade"},
        {"speakers": [LUXON]},
        {"kinds": [QuoteKind.FULL]},
        {"speaker_types": [SpeakerType.PERSON]},
        {"date_range": (dt.date(2024, 10, 1), dt.date(2024, 10, 31)), "include_undated": False},
        {"date_range": (dt.date(2024, 10, 1), dt.date(2024, 10, 31))},
    ],
)
def test_quotes_and_their_count_as_filter_quotes(store, frames, filters):
    expected = derived.filter_quotes(derived.quote_table(frames), **filters)
    where = queries.quote_where(**filters)
    # Filtered by kind and type alone, counts come from the counts built with the store; else from rows.
    assert where.reads_only(*queries.COUNTED_BY) == (set(filters) <= {"kinds", "speaker_types"})
    assert queries.count(store, "quotes", where) == len(expected)
    found = queries.quotes(store, where, limit=1_000)
    assert list(found["quote_id"]) == list(expected["quote_id"])
    assert list(found["speaker"]) == list(expected["speaker"])
    assert list(found["date"]) == list(expected["date"])
    assert (
        list(queries.quotes(store, where, limit=2, offset=1)["quote_id"]) == list(expected["quote_id"])[1:3]
    )
    assert queries.count(store, "quotes", where, cap=3) == min(3, len(expected))
    counts = expected["speaker"].value_counts()
    assert queries.speakers_of(store, where, limit=1_000).to_dict() == counts.to_dict()


def test_speaker_counts_as_lib_derived(store, frames):
    assert queries.speaker_counts(store).to_dict() == derived.speaker_counts(frames).to_dict()
    people = (SpeakerType.PERSON,)
    assert (
        queries.speaker_counts(store, people).to_dict() == derived.speakers_of_types(frames, people).to_dict()
    )
    assert list(queries.speaker_counts(store, limit=1).index) == [LUXON]
    speakers = list(derived.speaker_counts(frames).index)
    assert (
        queries.speaker_types(store, speakers).to_dict() == derived.speaker_types(frames)[speakers].to_dict()
    )


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"visitors": [LUXON]},
        {"places": ["India"], "statuses": ["completed"]},
        {"date_range": (dt.date(2024, 10, 1), dt.date(2024, 12, 31)), "include_undated": False},
    ],
)
def test_visits_and_destinations_as_filter_visits(store, frames, filters):
    expected = derived.filter_visits(derived.visit_table(frames), **filters)
    where = queries.visit_where(**filters)
    assert queries.count(store, "visits", where) == len(expected)
    found = queries.visits(store, where)
    assert list(found["trip_id"]) == list(expected["trip_id"])
    assert list(found["when"]) == list(expected["when"])
    places = queries.destinations(store, where)
    located = expected.dropna(subset=["lat", "lon"])
    assert places.set_index("place")["trips"].to_dict() == located.groupby("place").size().to_dict()
    assert (
        places.set_index("place")["articles"].to_dict()
        == located.groupby("place")["article_id"].nunique().to_dict()
    )
    by_place = located.groupby("place")
    found_places = places.set_index("place")
    for column in ("lat", "lon"):  # the first trip's, in corpus order
        assert found_places[column].to_dict() == by_place[column].first().to_dict()
    assert found_places["first"].dropna().to_dict() == by_place["when"].min().dropna().to_dict()
    statuses = located.groupby(["place", "status"]).size().rename("n").reset_index()
    statuses["key"] = list(zip(statuses["n"], -statuses["status"].str.len(), strict=True))
    best = statuses[statuses["key"] == statuses.groupby("place")["key"].transform("max")]
    for place, status in found_places["status"].items():  # the most frequent (ties: the shorter)
        assert status in set(best.loc[best["place"] == place, "status"])


def test_visitors_places_and_dates(store, frames):
    assert queries.visitor_counts(store).to_dict() == derived.visitor_counts(frames).to_dict()
    assert queries.distinct_values(store, "visits", "place") == sorted(frames.visits["place"].unique())
    visits = derived.visit_table(frames)
    assert queries.date_bounds(store, "visits", "when") == derived.date_bounds(visits["when"])


@pytest.mark.parametrize("window", ["sentence", "paragraph", "article"])
@pytest.mark.parametrize("measure", ["count", "pmi", "jaccard"])
@pytest.mark.parametrize("labels", [("PERSON",), ("PERSON", "GPE", "LOC"), None])
def test_pairs_as_lib_cooccurrence(store, frames, window, measure, labels):
    expected = cooccurrence.scored_pairs(frames.mentions, window, labels, 2, measure)
    found = pairs.scored_pairs(store, window, labels, 2, measure)
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    assert pairs.pair_count(store, window, labels, 2) == len(expected)
    assert list(pairs.scored_pairs(store, window, labels, 2, measure, limit=3)["a"]) == list(
        expected["a"][:3]
    )


def test_pair_counts_are_counted_once_per_setting(store):
    first = pairs.pair_tables(store, "paragraph", ("PERSON", "ORG"))
    assert pairs.pair_tables(store, "paragraph", ["ORG", "PERSON", "PERSON"]) is first
    assert not first.pairs.startswith("corpus.")
    for window, labels in pairs.BUILT_SETTINGS:  # built with the store: never counted again
        assert pairs.pair_tables(store, window, labels).pairs.startswith("corpus.")


@pytest.mark.parametrize("measure", ["count", "pmi", "jaccard"])
@pytest.mark.parametrize("min_count", [1, 2])
def test_partners_and_mention_counts(store, frames, measure, min_count):
    scored = cooccurrence.scored_pairs(frames.mentions, "sentence", ("PERSON",), min_count, measure)
    expected = cooccurrence.partners(scored, LUXON)
    assert len(expected) > 2
    found = pairs.partners(store, LUXON, "sentence", ("PERSON",), min_count, measure)
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    first = pairs.partners(store, LUXON, "sentence", ("PERSON",), min_count, measure, limit=2)
    pd.testing.assert_frame_equal(first, expected.head(2), check_dtype=False)
    assert pairs.partners(store, "Nobody Here", "sentence", ("PERSON",), min_count, measure).empty
    labels = ("PERSON", "GPE")
    assert (
        pairs.mention_counts(store, labels).to_dict()
        == cooccurrence.mention_counts(frames.mentions, labels).to_dict()
    )


def test_one_articles_rows(store, frames):
    article = frames.articles["article_id"].iloc[2]
    found = queries.article_rows(store, article)
    for table in ("mentions", "quotes", "visits", "meetings"):
        theirs = getattr(frames, table)
        theirs = theirs[theirs["article_id"] == article]
        assert len(found[table]) == len(theirs), table
    expected_mentions = frames.mentions[frames.mentions["article_id"] == article]
    assert list(found["mentions"]["start"]) == list(expected_mentions["start"])
    assert found["articles"]["title"].tolist() == [frames.articles["title"].iloc[2]]


def test_people_as_lib_derived(store, frames):
    expected = derived.people_table(frames)
    pd.testing.assert_frame_equal(queries.people_table(store), expected, check_dtype=False)
    assert queries.person_counts(store, LUXON) == expected.set_index("person").loc[LUXON].to_dict()
    assert queries.person_counts(store, "Nobody Here") is None


def test_one_persons_rows_as_lib_derived(store, frames):
    quotes, expected_quotes = queries.person_quotes(store, LUXON), derived.person_quotes(frames, LUXON)
    assert len(expected_quotes) > 3
    assert list(quotes["quote_id"]) == list(expected_quotes["quote_id"])
    assert list(quotes["quote"]) == list(expected_quotes["quote"])
    assert list(queries.person_quotes(store, LUXON, limit=3)["quote_id"]) == list(
        expected_quotes["quote_id"][:3]
    )
    assert queries.person_quotes(store, "Nobody Here").empty
    assert list(queries.person_trips(store, LUXON)["trip_id"]) == list(
        derived.person_trips(frames, LUXON)["trip_id"]
    )
    meetings, expected_meetings = (
        queries.person_meetings(store, LUXON),
        derived.person_meetings(frames, LUXON),
    )
    assert list(meetings["other"]) == list(expected_meetings["other"])
    assert list(meetings["when"]) == list(expected_meetings["when"])
    assert len(expected_meetings) > 1
    assert list(queries.person_meetings(store, LUXON, limit=1)["other"]) == list(
        expected_meetings["other"][:1]
    )
    assert queries.person_meeting_count(store, LUXON) == len(expected_meetings)
    assert queries.person_meeting_count(store, "Nobody Here") == 0
    articles, expected_articles = (
        queries.person_articles(store, LUXON),
        derived.person_articles(frames, LUXON),
    )
    assert list(articles["article_id"]) == list(expected_articles["article_id"])
    assert list(articles["mentions"]) == list(expected_articles["mentions"])
    assert list(articles["title"]) == list(expected_articles["title"])
    first = queries.person_articles(store, LUXON, limit=2)
    assert list(first["article_id"]) == list(expected_articles["article_id"][:2])
    assert set(queries.person_aliases(store, LUXON)) == set(derived.person_aliases(frames, LUXON))
    assert queries.home_country(store, LUXON) == derived.home_country(frames, LUXON)


@pytest.mark.parametrize("query", ["lux", "Christopher Luxon", "india", "trade", "free trade", "x y z", ""])
def test_search_as_lib_search(store, frames, query):
    expected = pandas_search.search(pandas_search.search_index(frames), query)
    found = queries.search(store, query)
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)
    for limit in (1, 3):  # the first found of each closeness and kind are the best ones
        pd.testing.assert_frame_equal(
            queries.search(store, query, limit=limit),
            pandas_search.search(pandas_search.search_index(frames), query, limit=limit),
            check_dtype=False,
        )


def test_what_a_user_types_is_only_ever_a_parameter(store):
    typed = "x'); DROP TABLE corpus.quotes; --"
    assert queries.count(store, "quotes", queries.quote_where(query=typed, speakers=[typed])) == 0
    assert queries.search(store, typed).empty
    assert store.counts["quotes"] == store.value("SELECT count(*) FROM corpus.quotes")


def test_the_store_reads_no_file_outside_its_folders(store):
    with pytest.raises(duckdb.Error):
        store.frame("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error):
        store.execute("SET enable_external_access = true")


def test_only_finished_parts_are_read_and_a_new_part_builds_again(dataset, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    work = tmp_path / "work"
    with CorpusStore.open(copy, work) as first:
        assert first.built and first.counts["articles"] == 5
    with CorpusStore.open(str(copy), str(work)) as again:  # paths as text, as the README's example
        assert not again.built and again.counts == first.counts  # the database built before
    marker = sorted((copy / PARTS_DIR).glob("*.json"))[0]
    held = len(json.loads(marker.read_text())["articles"])
    marker.unlink()  # as a part cut short: its files are there, its marker is not
    with CorpusStore.open(copy, work) as partial:
        assert partial.built and partial.counts["articles"] == 5 - held


def test_a_folder_without_a_dataset_is_refused(tmp_path):
    with pytest.raises(StoreError, match="not a folder"):
        CorpusStore.open(tmp_path / "missing")
    with pytest.raises(StoreError, match="no Dateline dataset"):
        CorpusStore.open(SEEDS)


def test_a_part_linking_out_of_the_dataset_is_not_read(dataset, tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(dataset, outside)
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    part = sorted((copy / "quotes").glob("*.parquet"))[0]
    held = len(pd.read_parquet(part))
    part.unlink()
    part.symlink_to(outside / "quotes" / part.name)  # the same rows, but outside the folder opened
    with CorpusStore.open(copy, tmp_path / "work") as store:
        assert store.counts["quotes"] == len(pd.read_parquet(dataset / "quotes")) - held
        with pytest.raises(duckdb.Error):
            store.frame(f"SELECT count(*) FROM read_parquet('{outside}/quotes/*.parquet')")


def test_what_a_store_keeps_goes_to_its_work_folder_and_is_removed_on_close(dataset, tmp_path):
    work = tmp_path / "work"
    with CorpusStore.open(dataset, work) as first, CorpusStore.open(dataset, work) as second:
        kept = pairs.pair_tables(first, "paragraph", ("PERSON", "GPE"))
        assert first.value(
            f"SELECT database_name FROM duckdb_tables() WHERE table_name = '{kept.pairs}'"
        ) != ("memory")
        sessions = list(work.glob(".session-*.duckdb"))
        assert len(sessions) == 2  # one each: two stores on one work folder never share a file
        assert pairs.pair_count(second, "paragraph", ("PERSON", "GPE")) == pairs.pair_count(
            first, "paragraph", ("PERSON", "GPE")
        )
    assert not list(work.glob(".session-*"))


def test_a_store_left_open_removes_its_session_when_the_process_ends(dataset, tmp_path):
    work = tmp_path / "work"
    code = (
        "import sys; from lib.store import CorpusStore; from lib import store_pairs as pairs; "
        "store = CorpusStore.open(sys.argv[1], sys.argv[2]); pairs.pair_tables(store, 'article', ('ORG',))"
    )
    root = Path(__file__).parent.parent
    subprocess.run([sys.executable, "-c", code, str(dataset), str(work)], check=True, cwd=root)
    assert list(work.glob("corpus-*.duckdb")) and not list(work.glob(".session-*"))
