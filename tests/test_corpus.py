"""Reading a corpus: ids, headers, metadata, encodings, and files that must be skipped."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from lib.corpus import (
    MAX_CHARS,
    MAX_METADATA_ROWS,
    MAX_QUOTE_MARKS,
    MAX_RUN_CHARS,
    article_id_for,
    dateline_date,
    infer_header,
    read_article,
    read_corpus,
)
from lib.names import MAX_ALIASES_ROWS

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "seeds"


def test_seeds_load_five_articles_with_stable_ids():
    corpus = read_corpus([SEEDS])
    assert [a.article_id for a in corpus.articles] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert corpus.skipped == []


def test_article_id_comes_from_the_file_name_not_the_order(tmp_path):
    (tmp_path / "B Story.txt").write_text("Body of b.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Body of a.", encoding="utf-8")
    ids = {a.file: a.article_id for a in read_corpus([tmp_path]).articles}
    assert ids == {"B Story.txt": "b-story", "a.txt": "a"}
    assert article_id_for(Path("x/B Story.txt")) == "b-story"


def test_leading_date_header_is_kept_as_date_and_blanked_from_the_body():
    text = " date 2024-11-14 “We will go,” she said.\n\nMore text."
    date, body_start, _ = infer_header(text)
    assert date == "2024-11-14"
    assert text[body_start:].startswith("“We will go")


def test_body_keeps_offsets_of_the_original_text(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text("date 2025-01-02 Ana Ruiz went to Lima.", encoding="utf-8")
    article = read_article(path)
    assert article.date == "2025-01-02"
    assert len(article.body) == len(article.text)
    assert article.body.strip() == "Ana Ruiz went to Lima."
    start = article.text.index("Lima")
    assert article.body[start : start + 4] == "Lima"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Minister heads to Lima for trade talks\n\nThe minister left on Monday.",
            "Minister heads to Lima for trade talks",
        ),
        ("# Summit week\nLeaders met in Lima.", "Summit week"),
        ("The minister left on Monday for a long trip. She will return next week.\nMore.", ""),
    ],
)
def test_headline_is_inferred_only_from_a_short_first_line(text, title):
    assert infer_header(text)[2] == title


def test_metadata_csv_overrides_inferred_fields():
    corpus = read_corpus([FIXTURES / "bad_corpus"])
    good = next(a for a in corpus.articles if a.file == "good.txt")
    assert (good.title, good.date, good.source, good.url) == (
        "Mayor heads to Quito",
        "2025-03-03",
        "Test Wire",
        "https://example.org/quito",
    )


def test_bad_files_are_skipped_with_reasons_and_the_rest_still_load():
    corpus = read_corpus([FIXTURES / "bad_corpus"])
    assert sorted(a.file for a in corpus.articles) == ["good.txt", "latin.txt"]
    reasons = {s.file: s.reason for s in corpus.skipped}
    assert set(reasons) == {"empty.txt", "blank.md", "picture.txt"}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "binary" in reasons["picture.txt"]


def test_non_utf8_text_falls_back_with_a_visible_warning():
    corpus = read_corpus([FIXTURES / "bad_corpus"])
    latin = next(a for a in corpus.articles if a.file == "latin.txt")
    assert latin.encoding == "cp1252"
    assert "José Lima" in latin.text
    assert any("latin.txt" in w and "cp1252" in w for w in corpus.warnings)


def test_too_large_file_is_skipped(tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 1000, encoding="utf-8")
    corpus = read_corpus([tmp_path], max_bytes=100)
    assert corpus.articles == []
    assert "too large" in corpus.skipped[0].reason


def test_missing_path_raises_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        read_corpus([tmp_path / "nope"])


def test_aliases_csv_beside_the_corpus_is_read(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "aliases.csv").write_text("alias,canonical,label\nXi,Xi Jinping,PERSON\n", encoding="utf-8")
    assert read_corpus([tmp_path]).aliases == {"xi": ("Xi Jinping", "PERSON")}


def test_duplicate_content_in_a_folder_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Same words.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Same words.", encoding="utf-8")
    corpus = read_corpus([tmp_path])
    assert [a.file for a in corpus.articles] == ["a.txt"]
    assert corpus.skipped[0].reason == "same content as a.txt"


def sparse_file(path: Path, size: int) -> Path:
    """A file that says it holds `size` bytes (of zeros) but takes no disk space."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def peak_memory_mb(action) -> float:
    """The most memory Python allocated while `action()` ran, in MB."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_a_huge_article_is_sized_before_it_is_read(tmp_path):
    (tmp_path / "good.txt").write_text("Ana Ruiz flew to Lima.", encoding="utf-8")
    sparse_file(tmp_path / "huge.txt", 300_000_000)  # stands for the 3 GB file of the report
    corpora = []
    peak = peak_memory_mb(lambda: corpora.append(read_corpus([tmp_path])))
    assert [a.file for a in corpora[0].articles] == ["good.txt"]
    assert corpora[0].skipped[0].reason.startswith("too large (300,000,000 bytes; the limit is 2,000,000)")
    assert peak < 10, f"{peak:.0f} MB allocated: the file was read before its size was checked"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would wait for a writer forever
    with pytest.raises(ValueError, match="not a regular file"):
        read_article(tmp_path / "pipe.txt")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("A sentence. " * (MAX_CHARS // 12 + 1), "too long", id="over-the-character-limit"),
        pytest.param("a " * 499_000, "too long (998,000 characters", id="one-998,000-character-sentence"),
        pytest.param(
            "Talks went on and on " * (MAX_RUN_CHARS // 21 + 1) + ". Then they ended.",
            f"characters without a full stop or line break (the limit is {MAX_RUN_CHARS:,})",
            id="one-sentence-over-the-run-limit",
        ),
        pytest.param(
            '"a." x ' * 5_000,  # 35,000 characters, as in the report: 30 KB and 10,000 marks
            f"has 10,000 quote marks (the limit is {MAX_QUOTE_MARKS:,} per article)",
            id="10,000-quote-marks",
        ),
    ],
)
def test_articles_that_would_take_too_long_to_parse_are_skipped_with_why(tmp_path, text, reason):
    (tmp_path / "good.txt").write_text("Ana Ruiz flew to Lima.", encoding="utf-8")
    (tmp_path / "bad.txt").write_text(text, encoding="utf-8")
    corpus = read_corpus([tmp_path])
    assert [a.file for a in corpus.articles] == ["good.txt"]
    assert [s.file for s in corpus.skipped] == ["bad.txt"]
    assert reason in corpus.skipped[0].reason


def test_articles_at_the_limits_still_load(tmp_path):
    (tmp_path / "long.txt").write_text(("Ana Ruiz flew to Lima. " * MAX_CHARS)[:MAX_CHARS], encoding="utf-8")
    (tmp_path / "run.txt").write_text("x" * MAX_RUN_CHARS + ".\n" + "y" * MAX_RUN_CHARS, encoding="utf-8")
    (tmp_path / "marks.txt").write_text("“a” " * (MAX_QUOTE_MARKS // 2), encoding="utf-8")
    corpus = read_corpus([tmp_path])
    assert sorted(a.file for a in corpus.articles) == ["long.txt", "marks.txt", "run.txt"], corpus.skipped


def test_oversized_metadata_and_aliases_are_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("Trip report\n\nAna Ruiz flew to Lima.", encoding="utf-8")
    sparse_file(tmp_path / "metadata.csv", 300_000_000)
    sparse_file(tmp_path / "aliases.csv", 300_000_000)
    corpora = []
    peak = peak_memory_mb(lambda: corpora.append(read_corpus([tmp_path])))
    corpus = corpora[0]
    assert peak < 10, f"{peak:.0f} MB allocated: a side file was read before its size was checked"
    assert [a.title for a in corpus.articles] == ["Trip report"], "the article says what it is instead"
    assert corpus.aliases == {}
    assert corpus.warnings == [
        "metadata.csv: too large (300,000,000 bytes; the limit is 10,000,000); using what the articles say "
        "instead",
        "aliases.csv: too large (300,000,000 bytes; the limit is 1,000,000); no aliases applied",
    ]


def test_metadata_and_aliases_past_their_row_limits_use_the_first_rows(tmp_path):
    (tmp_path / "a.txt").write_text("Ana Ruiz flew to Lima.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tom Reed flew to Quito.", encoding="utf-8")
    filler = "".join(f"x{i}.txt,Filler {i}\n" for i in range(MAX_METADATA_ROWS - 1))
    (tmp_path / "metadata.csv").write_text(
        f"file,title\na.txt,First row\n{filler}b.txt,Past the limit\n", encoding="utf-8"
    )
    aliases = "".join(f"Alias{i},Person {i},PERSON\n" for i in range(MAX_ALIASES_ROWS + 1))
    (tmp_path / "aliases.csv").write_text(f"alias,canonical,label\n{aliases}", encoding="utf-8")
    corpus = read_corpus([tmp_path])
    titles = {a.file: a.title for a in corpus.articles}
    assert titles == {"a.txt": "First row", "b.txt": "Tom Reed flew to Quito."}
    assert len(corpus.aliases) == MAX_ALIASES_ROWS and f"alias{MAX_ALIASES_ROWS}" not in corpus.aliases
    assert corpus.warnings == [
        f"metadata.csv: more than {MAX_METADATA_ROWS:,} rows; only the first {MAX_METADATA_ROWS:,} were used",
        f"aliases.csv: more than {MAX_ALIASES_ROWS:,} rows; only the first {MAX_ALIASES_ROWS:,} were used",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks open\n\nBEIJING (AFP) June 20, 2025 - Leaders met on Friday.", "2025-06-20"),
        ("Talks open\n\n20 June 2025\n\nLeaders met on Friday in the capital.", "2025-06-20"),
        ("Talks open\n\nWASHINGTON (AP) — Leaders met on Friday.", ""),
        ("Talks open\n\nLeaders met on 20 June 2025 and again on 21 June 2025 to settle the details.", ""),
    ],
)
def test_the_article_date_from_its_dateline(text, expected):
    assert dateline_date(text) == expected
