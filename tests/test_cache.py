"""The on-disk cache: hits skip all NLP work, bad entries are rebuilt, a read-only folder degrades."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import lib.pipeline
from lib.cache import ArticleCache, default_cache_dir
from lib.corpus import read_corpus
from lib.nlp import load_model, model_fingerprint
from lib.pipeline import ExtractionStats, extract_corpus

SEEDS = Path(__file__).parent.parent / "seeds"


def no_model():
    raise AssertionError("the model was loaded although every article was cached")


def small_corpus(folder: Path):
    folder.mkdir(exist_ok=True)
    (folder / "one.txt").write_text(
        'Mayor Ana Ruiz flew to Quito.\n\n"We are ready," Ruiz said.\n', encoding="utf-8"
    )
    (folder / "two.txt").write_text("Senator Tom Reed met Ana Ruiz in Lima on Friday.\n", encoding="utf-8")
    return read_corpus([folder])


def test_default_cache_dir_follows_the_environment(private_cache):
    assert default_cache_dir() == private_cache


def test_second_run_reads_the_cache_without_loading_the_model(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    cache = ArticleCache(tmp_path / "c", model_fingerprint())
    first_stats, second_stats = ExtractionStats(), ExtractionStats()
    first = extract_corpus(corpus, cache, load=load_model, stats=first_stats)
    second = extract_corpus(
        corpus, ArticleCache(tmp_path / "c", model_fingerprint()), load=no_model, stats=second_stats
    )
    assert (first_stats.processed, first_stats.cached) == (2, 0)
    assert (second_stats.processed, second_stats.cached, second_stats.model_loaded) == (0, 2, False)
    for table in ("articles", "mentions", "quotes", "visits"):
        assert getattr(first, table).equals(getattr(second, table)), table


def test_changed_text_or_model_is_a_cache_miss(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    extract_corpus(corpus, ArticleCache(tmp_path / "c", "model-a"), load=load_model)
    (tmp_path / "corpus" / "two.txt").write_text(
        "Senator Tom Reed met Ana Ruiz in Quito.\n", encoding="utf-8"
    )
    stats = ExtractionStats()
    extract_corpus(
        read_corpus([tmp_path / "corpus"]),
        ArticleCache(tmp_path / "c", "model-a"),
        load=load_model,
        stats=stats,
    )
    assert (stats.processed, stats.cached) == (1, 1)
    other_model = ExtractionStats()
    extract_corpus(
        read_corpus([tmp_path / "corpus"]),
        ArticleCache(tmp_path / "c", "model-b"),
        load=load_model,
        stats=other_model,
    )
    assert other_model.processed == 2


def test_truncated_article_entry_is_recomputed_with_a_warning(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    cache = ArticleCache(tmp_path / "c", "m")
    extract_corpus(corpus, cache, load=load_model)
    shutil.rmtree(tmp_path / "c" / "corpora")  # no snapshot: articles are read one by one
    victim = next((tmp_path / "c" / "articles").rglob("quotes.parquet"))
    victim.write_bytes(victim.read_bytes()[:20])
    stats = ExtractionStats()
    with pytest.warns(UserWarning, match="unreadable"):
        frames = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model, stats=stats)
    assert (stats.processed, stats.cached) == (1, 1)
    assert len(frames.articles) == 2
    assert any("unreadable" in w for w in frames.warnings)


def test_unchanged_corpus_is_one_snapshot_and_a_corrupt_one_falls_back_to_articles(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    first = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model)
    snapshots = list((tmp_path / "c" / "corpora").rglob("mentions.parquet"))
    assert len(snapshots) == 1
    snapshots[0].write_bytes(b"not parquet")
    stats = ExtractionStats()
    with pytest.warns(UserWarning, match="unreadable"):
        again = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=no_model, stats=stats)
    assert (stats.processed, stats.cached) == (0, 2)
    assert again.mentions.equals(first.mentions)


def test_unwritable_cache_path_degrades_to_no_caching(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = ArticleCache(blocker / "cache", "m")
    with pytest.warns(UserWarning, match="cannot write the cache"):
        frames = extract_corpus(corpus, cache, load=load_model)
    assert len(frames.articles) == 2
    assert not cache.writable


def test_an_article_that_breaks_extraction_is_skipped_and_the_others_kept(tmp_path):
    from spacy.language import Language

    @Language.component("explode_on_marker")
    def explode(doc):
        if "KABOOM" in doc.text:
            raise ValueError("component failed on this text")
        return doc

    nlp = load_model.__wrapped__()  # a private pipeline: the shared one must not get this component
    nlp.add_pipe("explode_on_marker", before="dateline_finish")
    folder = tmp_path / "corpus"
    small_corpus(folder)
    (folder / "three.txt").write_text("KABOOM. Ana Ruiz flew to Lima.\n", encoding="utf-8")
    stats = ExtractionStats()
    frames = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=lambda: nlp, stats=stats
    )
    assert sorted(frames.articles["file"]) == ["one.txt", "two.txt"]
    assert frames.skipped.to_numpy().tolist() == [
        [
            "three.txt",
            "extraction failed (ValueError: component failed on this text); the other articles are "
            "unaffected",
        ]
    ]
    assert not (tmp_path / "c" / "corpora").exists(), "no snapshot freezes a corpus with a failure"


def counting_entry_reads(cache: ArticleCache) -> list[str]:
    """Record every per-article entry the cache is asked for (the snapshot reads are not counted)."""
    asked: list[str] = []
    get = cache.get

    def counted(key: str):
        asked.append(key)
        return get(key)

    cache.get = counted
    return asked


def assert_same_frames(got, want) -> None:
    for table in ("articles", "mentions", "quotes", "visits"):
        pd.testing.assert_frame_equal(getattr(got, table), getattr(want, table), obj=table)


def test_a_new_article_reuses_the_last_snapshot_and_parses_only_itself(tmp_path):
    folder = tmp_path / "corpus"
    small_corpus(folder)
    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    # "0-new" sorts first, so the reused rows must move behind it.
    (folder / "0-new.txt").write_text(
        'Senator Tom Reed went to Peru.\n\n"Good trip," Reed said.\n', encoding="utf-8"
    )
    cache, stats = ArticleCache(tmp_path / "c", "m"), ExtractionStats()
    asked = counting_entry_reads(cache)
    grown = extract_corpus(read_corpus([folder]), cache, load=load_model, stats=stats)
    assert (stats.processed, stats.cached) == (1, 2)
    assert len(asked) == 1, "only the new article's entry is looked up; the others come from the snapshot"
    from_scratch = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "fresh", "m"), load=load_model
    )
    assert_same_frames(grown, from_scratch)
    assert list(grown.articles["file"]) == ["0-new.txt", "one.txt", "two.txt"]


def test_an_edited_or_removed_article_is_not_taken_from_the_old_snapshot(tmp_path):
    folder = tmp_path / "corpus"
    small_corpus(folder)
    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    (folder / "one.txt").write_text(
        'Mayor Ana Ruiz flew to Bogota.\n\n"We are late," Ruiz said.\n', encoding="utf-8"
    )
    stats = ExtractionStats()
    edited = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model, stats=stats
    )
    assert (stats.processed, stats.cached) == (1, 1)
    assert list(edited.quotes["quote"]) == ["We are late"]
    assert "Bogota" in set(edited.visits["place"]) and "Quito" not in set(edited.visits["place"])
    (folder / "two.txt").unlink()
    stats = ExtractionStats()
    shrunk = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=no_model, stats=stats
    )
    assert (stats.processed, stats.cached) == (0, 1)
    assert list(shrunk.articles["file"]) == ["one.txt"]
    assert set(shrunk.mentions["article_id"]) == {"one"}


def test_the_cache_keeps_one_snapshot_per_folder(tmp_path):
    folder = tmp_path / "corpus"
    small_corpus(folder)
    snapshots = tmp_path / "c" / "corpora"
    for text in ("Ana Ruiz flew to Lima.\n", "Ana Ruiz flew to Cusco.\n", "Ana Ruiz flew to Quito.\n"):
        (folder / "three.txt").write_text(text, encoding="utf-8")
        extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
        assert len(list(snapshots.rglob("articles.parquet"))) == 1
    other = tmp_path / "other"
    small_corpus(other)
    (other / "extra.txt").write_text("Tom Reed flew to Lima.\n", encoding="utf-8")
    extract_corpus(read_corpus([other]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    assert len(list(snapshots.rglob("articles.parquet"))) == 2, "another folder's snapshot is its own"


def test_a_copy_of_a_folder_keeps_its_snapshot_when_the_original_changes(tmp_path):
    original, copy = tmp_path / "original", tmp_path / "copy"
    small_corpus(original)
    small_corpus(copy)
    for folder in (original, copy):
        extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    (original / "three.txt").write_text("Ana Ruiz flew to Lima.\n", encoding="utf-8")
    extract_corpus(read_corpus([original]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    cache, stats = ArticleCache(tmp_path / "c", "m"), ExtractionStats()
    asked = counting_entry_reads(cache)
    extract_corpus(read_corpus([copy]), cache, load=no_model, stats=stats)
    assert (asked, stats.cached) == ([], 2), "the copy's snapshot is still there"


def test_a_snapshot_with_a_missing_file_is_rebuilt_with_a_warning(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model)
    next((tmp_path / "c" / "corpora").rglob("quotes.parquet")).unlink()
    with pytest.warns(UserWarning, match="unreadable"):
        extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=no_model)
    cache = ArticleCache(tmp_path / "c", "m")
    asked = counting_entry_reads(cache)
    again = extract_corpus(corpus, cache, load=no_model)
    assert asked == [] and len(again.quotes) == 1, "the rebuilt snapshot is whole again"


def test_a_cached_corpus_opens_without_importing_spacy(tmp_path):
    """The app's cold start reads the snapshot only: spaCy (about 1 s to import) is loaded to parse."""
    folder = tmp_path / "corpus"
    small_corpus(folder)
    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", model_fingerprint()), load=load_model)
    code = (
        "import sys\n"
        "import ui.data, lib.derived, ui.navigation, lib.markup, ui.uploads\n"
        "from lib.cache import ArticleCache\n"
        "from lib.corpus import read_corpus\n"
        "from lib.nlp import model_fingerprint\n"
        "from lib.pipeline import extract_corpus\n"
        f"cache = ArticleCache({str(tmp_path / 'c')!r}, model_fingerprint())\n"
        f"frames = extract_corpus(read_corpus([{str(folder)!r}]), cache)\n"
        "print(len(frames.articles), len(frames.quotes), 'spacy' in sys.modules)\n"
    )
    root = Path(__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["2", "1", "False"]


def test_a_cold_start_takes_the_name_merging_from_the_snapshot(tmp_path, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Prime Minister Christopher Luxon flew to Tokyo on Monday.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        'Mr Luxon met business leaders in Osaka.\n\n"The talks went well," Luxon said.\n', encoding="utf-8"
    )
    first = extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    assert set(first.quotes["speaker"]) == {"Christopher Luxon"}, "merged across the two articles"

    def no_merging(_):
        raise AssertionError("the mapping was computed again although the snapshot holds it")

    monkeypatch.setattr(lib.pipeline, "person_name_mapping", no_merging)
    again = extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=no_model)
    assert_same_frames(again, first)


# --- files that are valid Parquet but not what Dateline wrote ---------------------------------------


def rewrite(path: Path, frame: pd.DataFrame, tags_from: Path | None = None) -> None:
    """Write `frame` over a cache file as valid Parquet, keeping the format tags of `tags_from`
    (default: the file itself) so only what the frame changes is wrong."""
    tags = pq.read_schema(tags_from or path).metadata
    arrow = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **tags}), path)


def frame_of(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas()


CORRUPTIONS = {
    # The report's two: a wrong column crashed every page (KeyError: 'key'); a file short of rows
    # silently dropped them, and the damaged result became the new snapshot.
    "entries-with-a-wrong-column": lambda d: rewrite(
        d / "entries.parquet", frame_of(d / "entries.parquet").rename(columns={"key": "kee"})
    ),
    "quotes-short-of-rows": lambda d: rewrite(d / "quotes.parquet", frame_of(d / "quotes.parquet").iloc[1:]),
    "mentions-without-article-id": lambda d: rewrite(
        d / "mentions.parquet", frame_of(d / "mentions.parquet").drop(columns="article_id")
    ),
    "offsets-stored-as-text": lambda d: rewrite(
        d / "mentions.parquet", frame_of(d / "mentions.parquet").astype({"start": str})
    ),
    "another-format": lambda d: pq.write_table(
        pa.Table.from_pandas(frame_of(d / "visits.parquet"), preserve_index=False), d / "visits.parquet"
    ),
    "articles-swapped-for-mentions": lambda d: rewrite(
        d / "articles.parquet", frame_of(d / "mentions.parquet"), tags_from=d / "mentions.parquet"
    ),
    "an-article-listed-twice": lambda d: rewrite(
        d / "articles.parquet", pd.concat([frame_of(d / "articles.parquet")] * 2, ignore_index=True)
    ),
}


def the_snapshot(cache_dir: Path) -> Path:
    (found,) = [p.parent for p in (cache_dir / "corpora").rglob("entries.parquet")]
    return found


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_snapshot_not_as_written_is_warned_about_and_rebuilt_whole(tmp_path, corrupt):
    corpus = small_corpus(tmp_path / "corpus")
    first = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model)
    assert len(first.quotes) and len(first.mentions) > 2, "rows for a loss to show"
    corrupt(the_snapshot(tmp_path / "c"))
    stats = ExtractionStats()
    with pytest.warns(UserWarning, match="unreadable"):
        again = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=no_model, stats=stats)
    assert_same_frames(again, first)
    assert (stats.processed, stats.cached) == (0, 2), "read back from the articles' own entries"
    assert any("was unreadable" in warning for warning in again.warnings)
    cache = ArticleCache(tmp_path / "c", "m")
    asked = counting_entry_reads(cache)
    third = extract_corpus(corpus, cache, load=no_model)
    assert (asked, third.warnings) == ([], []), "the snapshot written again is whole"
    assert_same_frames(third, first)


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_folders_last_snapshot_not_as_written_is_never_merged(tmp_path, corrupt):
    folder = tmp_path / "corpus"
    small_corpus(folder)
    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    corrupt(the_snapshot(tmp_path / "c"))
    (folder / "three.txt").write_text('"All is well," Tom Reed said in Lima.\n', encoding="utf-8")
    with pytest.warns(UserWarning, match="unreadable"):
        grown = extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    from_scratch = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "fresh", "m"), load=load_model
    )
    assert_same_frames(grown, from_scratch)
    again = extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=no_model)
    assert again.warnings == [], "what replaced the bad snapshot is whole"
    assert_same_frames(again, from_scratch)


ENTRY_CORRUPTIONS = {
    "mentions-without-a-label-column": ("mentions", lambda f: f.drop(columns="label")),
    "quote-offsets-stored-as-text": ("quotes", lambda f: f.astype({"start": str})),
    "no-article-row": ("articles", lambda f: f.iloc[:0]),
}


@pytest.mark.parametrize("corruption", ENTRY_CORRUPTIONS.values(), ids=ENTRY_CORRUPTIONS.keys())
def test_an_article_entry_not_as_written_is_parsed_again(tmp_path, corruption):
    table, change = corruption
    corpus = small_corpus(tmp_path / "corpus")
    first = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model)
    shutil.rmtree(tmp_path / "c" / "corpora")  # no snapshot: articles are read one by one
    victim = next((tmp_path / "c" / "articles").rglob(f"{table}.parquet"))
    rewrite(victim, change(frame_of(victim)))
    stats = ExtractionStats()
    with pytest.warns(UserWarning, match="unreadable"):
        again = extract_corpus(corpus, ArticleCache(tmp_path / "c", "m"), load=load_model, stats=stats)
    assert (stats.processed, stats.cached) == (1, 1)
    assert_same_frames(again, first)
