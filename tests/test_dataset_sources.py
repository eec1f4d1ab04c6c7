"""`--engine dask` records where each article was read from (`_sources/`), and the text is read back
only from a local article file inside the allowed folders that has not changed since."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from lib.corpus import read_article
from lib.dataset import (
    PARTS_DIR,
    SOURCES_DIR,
    SourceRecord,
    SourceState,
    article_sources,
    read_recorded,
)
from lib.extract import main

ARTICLES = {
    "harbour.txt": "Harbour talks\n\nMayor Ana Ruiz flew to Lima on Monday for talks on the harbour.\n",
    "budget.md": '"We will balance the budget," Treasurer Tom Okafor said in Wellington on Tuesday.\n',
    "storm.txt": "date 2025-03-04\nStorm warning\n\nPrime Minister Lena Holm visited Oslo after the storm.\n",
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> tuple[Path, Path]:
    """A folder of three articles and the dataset `--engine dask --jobs 1` makes of it (two parts)."""
    base = tmp_path_factory.mktemp("sources")
    news, out = base / "news", base / "dataset"
    news.mkdir()
    for name, text in ARTICLES.items():
        (news / name).write_text(text, encoding="utf-8")
    assert main([str(news), "--out", str(out), "--engine", "dask", "--jobs", "1", "--partitions", "2"]) == 0
    return news, out


def table(out: Path, name: str):
    return ds.dataset(out / name, format="parquet").to_table().to_pandas()


def test_each_article_is_recorded_and_its_rows_index_into_the_text_read_back(extracted):
    news, out = extracted
    articles = table(out, "articles")
    recorded = article_sources(out, list(articles["article_id"]))
    assert set(recorded) == set(articles["article_id"])
    assert len(list((out / SOURCES_DIR).glob("*.parquet"))) == 2, "one file per part"
    bodies = {}
    for row in articles.itertuples():
        record = recorded[row.article_id]
        assert record.size == (news / row.file).stat().st_size
        shown = read_recorded(record, (news,))
        assert shown.state == SourceState.READ
        assert shown.body == read_article(news / row.file).body
        bodies[row.article_id] = shown.body
    assert bodies["storm"].startswith(" " * len("date 2025-03-04")), "the header blanked, as extracted"
    mentions = table(out, "mentions")
    assert len(mentions) >= 6
    for m in mentions.itertuples():
        assert bodies[m.article_id][m.start : m.end] == m.text
    quotes = table(out, "quotes")
    quote = quotes[quotes["article_id"] == "budget"].iloc[0]
    assert bodies["budget"][quote["start"] : quote["end"]] == "We will balance the budget"


def test_a_moved_changed_or_linked_out_file_is_not_read(extracted, tmp_path):
    news, out = extracted
    (record,) = article_sources(out, ["harbour"]).values()
    original = (news / "harbour.txt").read_bytes()
    try:
        assert read_recorded(record, (tmp_path,)).state == SourceState.REFUSED, "outside the roots"
        (news / "harbour.txt").write_bytes(original.replace(b"Monday", b"Friday"))  # same size
        assert read_recorded(record, (news,)) == read_recorded(record, None)
        assert read_recorded(record, (news,)).state == SourceState.CHANGED
        (news / "harbour.txt").write_bytes(original + b"More.\n")
        assert read_recorded(record, (news,)).state == SourceState.CHANGED
        (news / "harbour.txt").unlink()
        assert read_recorded(record, (news,)).state == SourceState.MISSING
        # The same text outside the roots, reached through a link in the folder: refused; read
        # when the roots allow where it leads.
        elsewhere = tmp_path / "elsewhere.txt"
        elsewhere.write_bytes(original)
        (news / "harbour.txt").symlink_to(elsewhere)
        assert read_recorded(record, (news,)).state == SourceState.REFUSED
        assert read_recorded(record, (news, tmp_path)).state == SourceState.READ
        (news / "harbour.txt").unlink()
        elsewhere.rename(tmp_path / "elsewhere.conf")
        (news / "harbour.txt").symlink_to(tmp_path / "elsewhere.conf")
        assert read_recorded(record, None).state == SourceState.REFUSED, "a link to what is not an article"
    finally:
        (news / "harbour.txt").unlink(missing_ok=True)
        (news / "harbour.txt").write_bytes(original)
    assert read_recorded(record, (news,)).state == SourceState.READ


@pytest.mark.parametrize(
    ("url", "state"),
    [
        ("s3://bucket/news/harbour.txt", SourceState.REMOTE),
        ("memory:///news/harbour.txt", SourceState.REMOTE),
        ("news/harbour.txt", SourceState.REFUSED),  # relative: it would depend on the server's folder
        ("file:///etc/hostname", SourceState.REFUSED),  # not an article file
    ],
)
def test_only_absolute_local_article_files_are_read(extracted, url, state):
    _, out = extracted
    (record,) = article_sources(out, ["harbour"]).values()
    assert (
        read_recorded(SourceRecord(record.article_id, url, record.size, record.text_sha256), None).state
        == state
    )


def test_only_finished_parts_are_looked_up_and_a_foreign_file_is_no_record(extracted, tmp_path):
    _, out = extracted
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    ids = list(table(copy, "articles")["article_id"])
    assert read_recorded(None, None).state == SourceState.NOT_RECORDED
    marker = sorted((copy / PARTS_DIR).glob("*.json"))[0]
    held = set(json.loads(marker.read_text())["articles"])
    marker.unlink()  # as a part still being written
    assert set(article_sources(copy, ids)) == set(ids) - held
    (copy / SOURCES_DIR / f"{marker.stem}.parquet").write_text("not parquet", encoding="utf-8")
    marker.write_text("{}", encoding="utf-8")
    assert article_sources(copy, ids) == {}, "an unreadable file: as if nothing were recorded"
    shutil.rmtree(copy / SOURCES_DIR)  # a dataset written before `_sources`
    assert article_sources(copy, ids) == {}
