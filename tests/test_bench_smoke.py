"""The benchmark scripts run on a tiny corpus and produce well-formed results (no timing assertions)."""

from __future__ import annotations

import json
import time

import pytest

from bench.coldstart import measure_add_one, measure_coldstart
from bench.make_corpus import make_article, write_corpus
from bench.overhead import measure_overhead
from bench.report import summary
from bench.rules_scaling import PARAGRAPHS, ROWS, _chunks, _timed, markdown, measure, news_text, quote_text
from lib.corpus import read_corpus
from lib.extract import main as extract_main
from lib.frames import TABLES


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 5, seed=3)
    return folder


def test_corpus_generator_is_reproducible_and_varied(tiny_corpus):
    assert make_article(3, 0) == make_article(3, 0)
    assert make_article(3, 0)[0] != make_article(4, 0)[0]
    corpus = read_corpus([tiny_corpus])
    assert len(corpus.articles) == 5 and not corpus.skipped and not corpus.warnings
    assert len({a.title for a in corpus.articles}) == 5
    assert all(280 <= len(a.body.split()) <= 700 for a in corpus.articles)


def test_overhead_result_is_well_formed(tiny_corpus, nlp, tmp_path):
    result = measure_overhead(read_corpus([tiny_corpus]).articles, repeats=1, warmup=1)
    assert result["articles"] == 5 and result["words"] > 0
    assert len(result["ratios"]) == 1 and result["median_ratio"] > 0
    assert set(nlp.pipe_names) <= set(result["components_seconds"])
    assert {"tokenizer", "rows (lib.rows.doc_rows)"} <= set(result["components_seconds"])
    assert sum(result["components_share"].values()) == pytest.approx(1, abs=0.01)
    (tmp_path / "overhead.json").write_text(json.dumps(result))
    assert "median ratio" in summary(tmp_path)


def test_coldstart_and_add_one_use_the_cache(tiny_corpus, tmp_path):
    cache = tmp_path / "cache"
    assert extract_main([str(tiny_corpus), "--out", str(tmp_path / "out"), "--cache-dir", str(cache)]) == 0
    files_before = sorted(p.name for p in tiny_corpus.iterdir())
    cold = measure_coldstart(tiny_corpus, cache, profile=False)
    assert cold["stats"] == {"cached": 5, "processed": 0, "model_loaded": False}
    assert cold["rows"]["articles"] == 5 and cold["peak_rss_mb"] > 0
    assert set(cold["cache_reads"]) == {"article_entries_read", "snapshot_hits"}
    added = measure_add_one(tiny_corpus, cache)
    assert added["stats"]["processed"] == 1 and added["only_new_processed"]
    assert sorted(p.name for p in tiny_corpus.iterdir()) == files_before
    (tmp_path / "coldstart.json").write_text(json.dumps(cold))
    (tmp_path / "incremental.json").write_text(json.dumps(added))
    text = summary(tmp_path)
    assert "Cold start" in text and "Incremental" in text


def test_the_upload_bench_uploads_the_most_one_upload_may_hold(tmp_path):
    from bench.uploads import upload_files
    from lib.corpus import MAX_UPLOAD_CHARS, read_uploads

    files = upload_files(0, MAX_UPLOAD_CHARS)
    corpus = read_uploads([(f["name"], f["buffer"]) for f in files])
    assert corpus.skipped == [], "every file within every limit"
    assert sum(len(a.text) for a in corpus.articles) == MAX_UPLOAD_CHARS
    assert upload_files(1, 1000)[0]["buffer"] != files[0]["buffer"][:1000], "each visitor's own text"
    sample = {"rss_mb": 1.0, "hwm_mb": 1.0, "cpu_s": 1.0}
    result = {
        "sessions": 2,
        "upload": {"files": 1, "characters": 1000, "bytes": 1000},
        "server_idle": sample,
        "server_before_upload": sample,
        "peak_rss_mb": 500.0,
        "meets_target": True,
        "wall_s": 3.0,
        "cpu_s_during_uploads": 2.0,
        "visitors": [
            {"places_seen": [], "parsing_from_s": 1.0, "done_s": 2.0, "articles_shown": 1, "exceptions": 0},
            {"places_seen": [2], "parsing_from_s": None, "done_s": 3.0, "articles_shown": 1, "exceptions": 0},
        ],
    }
    (tmp_path / "uploads.json").write_text(json.dumps(result))
    text = summary(tmp_path)
    assert "Uploads at once" in text and "**peak 500.0 MB** (meets)" in text


def test_rules_scaling_times_each_component_on_one_doc():
    text = news_text(3_000)
    assert text == news_text(3_000) and len(text) >= 3_000 and ('"' in text or "“" in text)
    assert "".join(_chunks(text, 500)) == text and len(_chunks(text, 500)) > 1
    assert len(quote_text(40)) < len(news_text(40 * 300)), "the quote series is denser in quotes"
    # Chunks smaller than the texts: the Doc is joined from several parses, as at the large sizes.
    result = measure([2_000, 4_000], [10, 20], timeout=60, repeats=2, chunk_chars=1_500)
    for axis, unit in (("characters", "per_10k_chars"), ("quotes", "per_100_quotes")):
        series = result["series"][axis]
        assert series["unit"] == unit and [run["size"] for run in series["runs"]] == (
            [2_000, 4_000] if axis == "characters" else [10, 20]
        )
        for run in series["runs"]:
            assert run["quotes_found"] > 0 and run["entities"] > 0 and not run["timed_out"]
            components = {PARAGRAPHS, "dateline_entities", "dateline_quotes", "dateline_visits", ROWS}
            assert components <= set(run["cpu_seconds"]) == set(run[unit]) == set(run["wall_seconds"])
            assert run["rows"]["quotes"] > 0 and run["rows"]["mentions"] > 0
        assert {"dateline_quotes", "dateline_visits"} <= set(series["growth"])
    text = markdown(result)
    assert "s per 10k characters" in text and "s per 100 quotes" in text and "growth" in text
    _, _, stopped = _timed(lambda: time.sleep(2), 0.05)
    assert stopped, "a component past the time limit is stopped"


def test_the_dask_bench_reports_both_ratios_and_the_csv_check(tmp_path):
    from bench.dask_extract import same_csvs

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for table in TABLES:
            (tmp_path / name / f"{table}.csv").write_text("article_id\nx\n", encoding="utf-8")
    assert same_csvs(tmp_path / "a", tmp_path / "b")
    (tmp_path / "b" / "quotes.csv").write_text("article_id\ny\n", encoding="utf-8")
    assert not same_csvs(tmp_path / "a", tmp_path / "b")
    load = {"start": 1.0, "mean": 1.5, "max": 2.0}
    run = {"round": 0, "wall_seconds": 10.0, "cpu_seconds": 9.0, "peak_rss_mb": 400.0, "load_average": load}
    result = {
        "articles": 20,
        "repeats": 1,
        "runs": [{**run, "variant": v, "returncode": 0} for v in ("serial", "dask-1", "dask-2", "jobs-2")],
        "overhead_dask1_vs_serial": 1.05,
        "overhead_cpu_dask1_vs_serial": 1.02,
        "speedup_dask2_vs_dask1": 1.8,
        "speedup_jobs2_vs_serial": 1.7,
        "csvs_identical_to_serial": {"dask-1": True, "dask-2": True, "jobs-2": True},
        "meets_overhead": True,
        "meets_speedup": True,
    }
    (tmp_path / "dask.json").write_text(json.dumps(result))
    text = summary(tmp_path)
    assert "Extraction on Dask (20 articles" in text
    assert "**1.05×** (target ≤ 1.1: meets)" in text and "**1.8×** (target ≥ 1.7: meets)" in text


def test_synthetic_dataset_opens_as_a_store_and_its_bench_runs(tmp_path):
    from bench.store import build, markdown, measure
    from bench.synthetic_parquet import write_dataset
    from lib.store import CorpusStore

    rows = write_dataset(tmp_path / "dataset", 300, seed=3, part_articles=100, chunk_articles=200)
    assert rows["articles"] == 300 and rows["mentions"] > rows["quotes"] > 0
    assert len(list((tmp_path / "dataset" / "_parts").glob("*.json"))) == 3
    with CorpusStore.open(tmp_path / "dataset", tmp_path / "check") as store:
        assert store.counts == rows
        assert (
            store.value("SELECT count(*) FROM corpus.quotes WHERE kind = 'scare' AND speaker_type <> ''") == 0
        )
    built = build(tmp_path / "dataset", tmp_path / "work")
    assert built["rows"] == rows and built["build_s"] > 0
    measured = measure(tmp_path / "dataset", tmp_path / "work", repeats=1)
    assert {"overview", "quotes", "map", "cooccurrence", "person", "reader", "search"} <= set(
        measured["first_s"]
    )
    assert measured["warm_max_s"] == max(measured["warm_s"].values()) and measured["VmHWM"] > 0
    table = markdown({"sizes": {300: {"dataset_mb": 1.0, "build": built, "measure": measured}}})
    assert table.count("\n") == 2 and "| 300 |" in table
