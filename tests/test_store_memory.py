"""An in-memory store (a folder's or uploads' frames) keeps its tables in DuckDB's memory, where they
cannot be spilled: its memory limit must leave room for its queries beyond what the tables take."""

from __future__ import annotations

import pandas as pd

from bench.synthetic_parquet import write_dataset
from lib import store_pairs
from lib.frames import TABLES, CorpusFrames
from lib.store import CorpusStore, _bytes


def test_an_in_memory_store_larger_than_the_query_limit_still_counts_a_new_setting(tmp_path):
    write_dataset(tmp_path / "rows", 3_000, seed=5, part_articles=1_000, chunk_articles=1_000)
    frames = CorpusFrames(**{table: pd.read_parquet(tmp_path / "rows" / table) for table in TABLES})
    limit = "48MB"  # less than the tables take: the limit is for queries, on top of them
    with CorpusStore.from_frames(frames, memory_limit=limit) as store:
        held = store.value(
            "SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'"
        )
        assert held > _bytes(limit)
        scored = store_pairs.scored_pairs(store, "article", ("PERSON", "GPE", "ORG"), 1, "count")
        assert not scored.empty
        assert store_pairs.is_counted(store, "article", ("PERSON", "GPE", "ORG"))


def test_sizes_read_as_duckdb_writes_them():
    assert [_bytes(s) for s in ("160MB", "2GB", "1.5KB", "123B", "99")] == [
        160 * 10**6,
        2 * 10**9,
        1500,
        123,
        99,
    ]
