"""Co-occurrence asked of a CorpusStore: the SQL twin of lib.cooccurrence's pair counts and scores.

A window's pairs are counted by DuckDB once per (window, labels) setting and kept in memory as a table
of the store (CorpusStore.kept), with each entity's window count: a change of measure, minimum count
or chosen entity only reads that table, and no mention is ever loaded into pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lib.cooccurrence import MEASURES, PAIR_COLUMNS, WINDOWS
from lib.store import CorpusStore
from lib.store_queries import Where, kept_table, table_name

MAX_PAIRS = 5_000  # pairs a page lists or draws at most; the count says how many pass


@dataclass(frozen=True)
class PairTables:
    """The kept tables of one setting: pairs (a < b, count) and entities (entity, windows), and how many
    windows hold any of the entities."""

    pairs: str
    entities: str
    n_windows: int


def pair_tables(
    store: CorpusStore, window: str = "sentence", labels: Iterable[str] | None = None
) -> PairTables:
    """The pair and entity tables of one setting, counted once per store (lib.cooccurrence's counts:
    the windows holding both, not the mentions)."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; use one of {tuple(WINDOWS)}")
    chosen = None if labels is None else tuple(sorted(set(labels)))
    where = Where()
    if chosen is not None:
        where.among("label", chosen, "labels")
    position = WINDOWS[window][1] if len(WINDOWS[window]) > 1 else None
    if position is not None:
        where.add(f"{position} >= 0")  # -1: the position is unknown
    key_column = position or "0"
    present = (
        f"SELECT DISTINCT article_id, {key_column}::INTEGER AS w, entity FROM corpus.mentions{where.sql()}"
    )
    key = ("pairs", window, chosen)
    pairs, entities = table_name(*key, "pairs"), table_name(*key, "entities")

    def build() -> PairTables:
        store.execute(
            f"CREATE OR REPLACE TABLE {entities} AS SELECT entity, count(*)::BIGINT AS windows "
            f"FROM ({present}) GROUP BY entity",
            where.params,
        )
        store.execute(
            f"CREATE OR REPLACE TABLE {pairs} AS WITH present AS ({present}) "
            "SELECT p.entity AS a, q.entity AS b, count(*)::BIGINT AS count FROM present p JOIN present q "
            "ON p.article_id = q.article_id AND p.w = q.w AND p.entity < q.entity "
            "GROUP BY p.entity, q.entity",
            where.params,
        )
        n_windows = store.value(
            f"SELECT count(*) FROM (SELECT DISTINCT article_id, w FROM ({present}))", where.params
        )
        return PairTables(pairs, entities, int(n_windows))

    def release(tables: PairTables) -> None:
        store.execute(f"DROP TABLE IF EXISTS {tables.pairs}")
        store.execute(f"DROP TABLE IF EXISTS {tables.entities}")

    return store.kept(key, build, release)


def _scored(tables: PairTables, measure: str) -> str:
    """A SELECT of the pairs with their `score` by the measure (lib.cooccurrence.association)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {MEASURES}")
    if measure == "count":
        score = "p.count::DOUBLE"
    elif measure == "pmi":
        score = f"log2(p.count * {tables.n_windows}::DOUBLE / (fa.windows * fb.windows))"
    else:
        score = "p.count / (fa.windows + fb.windows - p.count)::DOUBLE"
    return (
        f"SELECT p.a, p.b, p.count, {score} AS score FROM {tables.pairs} p "
        f"JOIN {tables.entities} fa ON fa.entity = p.a JOIN {tables.entities} fb ON fb.entity = p.b"
    )


def scored_pairs(
    store: CorpusStore,
    window: str = "sentence",
    labels: Iterable[str] | None = None,
    min_count: int = 1,
    measure: str = "count",
    limit: int = MAX_PAIRS,
) -> pd.DataFrame:
    """The `limit` strongest pairs passing the minimum count, with their score, highest first
    (lib.cooccurrence.scored_pairs' first rows)."""
    tables = pair_tables(store, window, labels)
    return store.frame(
        f"SELECT * FROM ({_scored(tables, measure)}) WHERE count >= $min "
        "ORDER BY score DESC, count DESC, a, b LIMIT $limit",
        {"min": min_count, "limit": limit},
    ).astype({"count": "int64", "score": "float64"})[[*PAIR_COLUMNS, "score"]]


def pair_count(
    store: CorpusStore, window: str = "sentence", labels: Iterable[str] | None = None, min_count: int = 1
) -> int:
    """How many pairs pass the minimum count."""
    tables = pair_tables(store, window, labels)
    return int(store.value(f"SELECT count(*) FROM {tables.pairs} WHERE count >= $min", {"min": min_count}))


def partners(
    store: CorpusStore,
    entity: str,
    window: str = "sentence",
    labels: Iterable[str] | None = None,
    min_count: int = 1,
    measure: str = "count",
) -> pd.DataFrame:
    """The entities paired with one entity: (partner, count, score), strongest first
    (lib.cooccurrence.partners)."""
    tables = pair_tables(store, window, labels)
    return store.frame(
        "SELECT CASE WHEN a = $entity THEN b ELSE a END AS partner, count, score "
        f"FROM ({_scored(tables, measure)}) WHERE (a = $entity OR b = $entity) AND count >= $min "
        "ORDER BY score DESC, count DESC, partner",
        {"entity": entity, "min": min_count},
    )


def mention_counts(
    store: CorpusStore, labels: Iterable[str] | None = None, limit: int | None = None
) -> pd.Series:
    """Mentions per entity among the given labels, most mentioned first, ties by name
    (lib.cooccurrence.mention_counts)."""
    chosen = None if labels is None else tuple(sorted(set(labels)))
    where = Where()
    if chosen is not None:
        where.among("label", chosen, "labels")
    table = kept_table(
        store,
        ("mentions", chosen),
        f"SELECT entity, count(*)::BIGINT AS mentions FROM corpus.mentions{where.sql()} GROUP BY entity",
        where.params,
    )
    found = store.frame(
        f"SELECT entity, mentions FROM {table} ORDER BY mentions DESC, entity"
        + (" LIMIT $limit" if limit is not None else ""),
        {"limit": limit} if limit is not None else {},
    )
    return found.set_index("entity")["mentions"]
