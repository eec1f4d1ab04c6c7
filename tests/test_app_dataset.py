"""The app over a Parquet dataset (the Dask engine's output of the seeds) opened through `?corpus=`:
every page shows what it shows for the seeds folder, from the same DuckDB queries; a dataset outside
the corpus roots, or one that cannot be read, gets the one refusal."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from lib import derived
from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.dataset import SOURCES_DIR, SourceState
from lib.extract import main
from lib.nlp import model_fingerprint
from lib.pipeline import extract_corpus
from tests.test_app_pages import PAGES, app_at, figure_of, heading, html_of

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def dataset(seeds_dataset) -> Path:
    """The seeds as `python -m lib.extract seeds --out DIR --engine dask --jobs 1` writes them."""
    return seeds_dataset


@pytest.fixture
def dataset_roots(dataset, monkeypatch) -> Path:
    """The dataset's folder is among the corpus roots."""
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(dataset.parent))
    return dataset.parent


def without_corpus(value: object) -> object:
    """A link without its `corpus=` parameter (links keep the corpus they were made in)."""
    return re.sub(r"&corpus=[^&]*", "", value) if isinstance(value, str) else value


def what_the_page_shows(at: AppTest) -> dict:
    """What a visitor reads on a page, but the text of the articles: heading, figures, tables, pickers,
    charts and captions."""
    return {
        "heading": heading(at),
        "metrics": [(metric.label, metric.value) for metric in at.main.metric],
        "tables": [
            frame.value.map(without_corpus).astype(str).to_dict("split") for frame in at.main.dataframe
        ],
        "pickers": [
            (widget.label, list(widget.options), widget.value)
            for widget in [*at.sidebar.selectbox, *at.sidebar.multiselect, *at.main.selectbox]
        ],
        # As text: a figure's gaps are NaN, which equals nothing.
        "charts": [
            json.dumps(figure_of(chart.proto.spec), sort_keys=True) for chart in at.main.get("plotly_chart")
        ],
        "captions": [caption.value for caption in at.main.caption],
    }


@pytest.mark.parametrize("page", [page for page in PAGES if page != "pages/reader.py"])
def test_each_page_shows_the_same_for_the_dataset_as_for_the_seeds_folder(dataset, dataset_roots, page):
    expected = app_at(page)
    found = app_at(page, corpus=str(dataset))
    assert not found.exception, found.exception
    assert not found.sidebar.error, "the dataset is not refused"
    # Read as a dataset, not mistaken for a folder of articles nor replaced by the sample:
    assert ui.data._checked_folder(str(dataset), (dataset_roots,)) == (str(dataset), True)
    assert f"Reading {dataset}" in html_of(found)
    shown = what_the_page_shows(found)
    assert shown == what_the_page_shows(expected)
    assert shown["tables"] or shown["charts"], "the page shows rows"


def test_filters_and_the_search_give_the_same_rows(dataset, dataset_roots):
    for corpus in ({}, {"corpus": str(dataset)}):
        at = app_at("pages/quotes.py", **corpus)
        at.text_input(key="q").input("FREE trade").run()
        quotes = what_the_page_shows(at)
        at = app_at("pages/map.py", **corpus, visitor="Christopher Luxon", status="completed")
        trips = what_the_page_shows(at)
        at.sidebar.text_input(key="find").input("lux").run()
        results = at.sidebar.selectbox(key="find_result").options
        if not corpus:
            expected = (quotes, trips, results)
    assert quotes["tables"] and trips["tables"] and results
    assert (quotes, trips, results) == expected


def main_html(at: AppTest) -> list[str]:
    """The page's own HTML (heading, caption, marked text), without the sidebar's."""
    return [element.value for element in at.main.get("html")]


def reader_notes(at: AppTest) -> list[str]:
    return [element.value for element in [*at.main.info, *at.main.warning]]


def test_the_reader_of_a_dataset_shows_the_text_read_back_from_the_seeds(dataset, dataset_roots):
    quotes = ds.dataset(dataset / "quotes", format="parquet").to_table().to_pandas()
    quote = quotes[quotes["kind"] == "full"].iloc[-1]  # in the last article: not the one first shown
    linked = {"article": quote["article_id"], "quote": f"{quote['article_id']}:{quote['start']}"}
    for link in ({}, linked):
        expected = app_at("pages/reader.py", **link)
        at = app_at("pages/reader.py", corpus=str(dataset), **link)
        assert not at.exception, at.exception
        assert not reader_notes(at)
        shown = main_html(at)
        assert shown == main_html(expected)
        assert "<span" in "".join(shown) and len("".join(shown)) > 2_000, "the text, drawn with its marks"
    assert 'id="dateline-focus"' in "".join(shown), "scrolled to the linked quote"


def test_the_reader_says_what_became_of_a_file_it_cannot_show(tmp_path, monkeypatch):
    """Outside the roots, changed, gone, or never recorded: a note, no text, no path named."""
    news, out = tmp_path / "news", tmp_path / "datasets" / "news"
    shutil.copytree(SEEDS, news)
    assert main([str(news), "--out", str(out), "--engine", "dask", "--jobs", "1", "--partitions", "2"]) == 0
    first = app_at("pages/reader.py", corpus=str(out))
    assert not first.exception and not reader_notes(first)
    assert main_html(first) == main_html(app_at("pages/reader.py")), "the copy's text, as the seeds'"

    def notes() -> list[str]:
        at = app_at("pages/reader.py", corpus=str(out))
        assert not at.exception, at.exception
        assert heading(at) == heading(first), "the article is still offered, with its title"
        assert len("".join(main_html(at))) < 1_000, "no text is shown"
        assert str(tmp_path) not in " ".join(reader_notes(at))
        return reader_notes(at)

    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(out.parent))
    assert notes() == [ui.data.SOURCE_NOTES[SourceState.REFUSED][0]]
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(tmp_path))
    for file in news.glob("*.txt"):
        file.write_text(file.read_text(encoding="utf-8") + "One more line.\n", encoding="utf-8")
    assert notes() == [ui.data.SOURCE_NOTES[SourceState.CHANGED][0]]
    shutil.rmtree(news)
    assert notes() == [ui.data.SOURCE_NOTES[SourceState.MISSING][0]]
    shutil.rmtree(out / SOURCES_DIR)  # as a dataset written before sources were recorded
    ui.data.dataset_signature.clear()
    ui.data._recorded_source.clear()
    assert notes() == [ui.data.SOURCE_NOTES[SourceState.NOT_RECORDED][0]]


def test_a_cache_snapshot_opened_as_a_dataset_says_it_does_not_know_where_the_files_are(tmp_path):
    cache = ArticleCache(tmp_path / "cache", fingerprint=model_fingerprint())
    corpus = read_corpus([SEEDS])
    extract_corpus(corpus, cache)
    snapshot = next((tmp_path / "cache" / "corpora").glob(f"*/{cache.latest_snapshot(corpus.origin)}"))
    at = app_at("pages/reader.py", corpus=str(snapshot))
    assert not at.exception, at.exception
    assert reader_notes(at) == [ui.data.SOURCE_NOTES[SourceState.NOT_RECORDED][0]]
    assert (
        at.sidebar.selectbox(key="article").options
        == app_at("pages/reader.py").sidebar.selectbox(key="article").options
    )


def test_a_dataset_outside_the_roots_is_refused_naming_no_path(dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(tmp_path))
    at = app_at("pages/overview.py", corpus=str(dataset))
    assert not at.exception, at.exception
    assert [error.value for error in at.sidebar.error] == [ui.data.FOLDER_REFUSED]
    assert not at.dataframe and not at.metric, "nothing of the dataset is read"


def test_a_dataset_that_cannot_be_read_gets_the_same_one_answer(tmp_path):
    broken = tmp_path / "broken"
    (broken / "articles").mkdir(parents=True)
    (broken / "articles" / "part-0.parquet").write_text("not parquet at all", encoding="utf-8")
    at = app_at("pages/overview.py", corpus=str(broken))
    assert not at.exception, at.exception
    assert [error.value for error in at.error] == [ui.data.FOLDER_REFUSED]
    assert str(tmp_path) not in str([element.value for element in at.error])
    assert not at.dataframe and not at.metric


def test_a_datasets_database_is_built_once_in_the_cache_folder(dataset, tmp_path, monkeypatch, private_cache):
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    ui.data._dataset_store.clear()
    at = app_at("pages/overview.py", corpus=str(copy))
    assert not at.exception and at.metric
    built = sorted((private_cache / ui.data.STORES_DIR).rglob("corpus-*.duckdb"))
    assert len(built) == 1
    stamp = built[0].stat().st_mtime_ns
    ui.data._dataset_store.clear()  # as after a restart: the store is opened again
    again = app_at("pages/quotes.py", corpus=str(copy))
    assert not again.exception and again.dataframe
    assert sorted((private_cache / ui.data.STORES_DIR).rglob("corpus-*.duckdb")) == built
    assert built[0].stat().st_mtime_ns == stamp, "attached, not built again"
    assert isinstance(again.dataframe[0].value, pd.DataFrame)


def test_a_changed_datasets_old_database_goes_once_the_server_lets_go_of_it(dataset, tmp_path, private_cache):
    copy = tmp_path / "copy"
    shutil.copytree(dataset, copy)
    ui.data._dataset_store.clear()
    at = app_at("pages/overview.py", corpus=str(copy))
    stores = private_cache / ui.data.STORES_DIR
    old = sorted(stores.rglob("corpus-*.duckdb"))
    assert len(old) == 1
    marker = sorted((copy / "_parts").glob("*.json"))[0]
    held = len(json.loads(marker.read_text())["articles"])
    marker.unlink()  # the dataset changes: a part is being rewritten
    ui.data.dataset_signature.clear()  # as SIGNATURE_TTL_SECONDS later
    at.run()
    assert not at.exception and at.metric[0].value == str(5 - held)
    built = sorted(stores.rglob("corpus-*.duckdb"))
    assert len(built) == 2, "the old store is still cached: other sessions may be reading it"
    ui.data._dataset_store.clear()  # released (as when evicted, or after a restart)
    at.run()
    assert not at.exception and at.metric[0].value == str(5 - held)
    assert sorted(stores.rglob("corpus-*.duckdb")) == sorted(set(built) - set(old))


def test_a_person_with_more_trips_and_quotes_than_a_page_reads_says_so(monkeypatch):
    monkeypatch.setattr("ui.person.MAX_ITINERARY_TRIPS", 1)
    monkeypatch.setattr("ui.person.MAX_QUOTES", 1)
    monkeypatch.setattr("ui.person.PERSON_ROWS", 1)
    monkeypatch.setattr("ui.widgets.MAX_TABLE_ROWS", 1)
    at = app_at("pages/person.py", person="Christopher Luxon")
    assert not at.exception, at.exception
    meetings = derived.meeting_table(extract_corpus(read_corpus([SEEDS])))
    theirs = int(meetings[["person_a", "person_b"]].eq("Christopher Luxon").any(axis=1).sum())
    assert theirs > 1
    notes = " ".join(caption.value for caption in at.main.caption)
    assert f"The table lists the first 1 of {theirs} meetings" in notes, notes
    trips = next(metric for metric in at.metric if metric.label == "Trips")
    assert trips.value == "1+"
    captions = [caption.value for caption in at.caption]
    assert "Drawn from the first 1 report of their trips." in captions
    assert "1 quote among their newest 1, newest first" in captions
    named_in = next(metric for metric in at.metric if metric.label == "Articles").value
    assert int(named_in) > 1 and f"Their newest 1 of {named_in} articles." in captions


def test_a_count_past_the_cap_is_worded_not_counted(monkeypatch):
    monkeypatch.setattr("ui.widgets.COUNT_CAP", 2)
    monkeypatch.setattr("ui.widgets.MAX_TABLE_ROWS", 1)
    at = app_at("pages/quotes.py")
    assert not at.exception, at.exception
    captions = [caption.value for caption in at.main.caption]
    assert any(caption.startswith("more than 2 of ") for caption in captions), captions
    assert any("The table lists the first 1 of more than 2 quotes" in caption for caption in captions)
    assert at.get("download_button")[0].label == "Download these quotes (CSV)"


def test_a_part_finished_later_is_shown_once_the_dataset_is_looked_at_again(dataset, tmp_path):
    copy = tmp_path / "growing"
    shutil.copytree(dataset, copy)
    marker = sorted((copy / "_parts").glob("*.json"))[0]
    held = len(json.loads(marker.read_text())["articles"])
    aside = tmp_path / marker.name
    marker.rename(aside)  # as while that part is still being written: its rows are not read
    at = app_at("pages/overview.py", corpus=str(copy))
    assert at.metric[0].value == str(5 - held)
    aside.rename(marker)  # the part is finished
    ui.data.dataset_signature.clear()  # as SIGNATURE_TTL_SECONDS later
    at.run()
    assert not at.exception, at.exception
    assert at.metric[0].value == "5"
