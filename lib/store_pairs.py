"""Co-occurrence asked of a CorpusStore: the SQL twin of lib.cooccurrence's pair counts and scores.

A setting's pairs (window, labels) are counted by DuckDB on entity and article numbers, once: people in
each window when the store is built (lib/store.py), any other setting the first time it is asked, then
kept as a table of the store (CorpusStore.kept). A change of measure, minimum count or chosen entity
only reads that table, and no mention is ever loaded into pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.cooccurrence import MEASURES, PAIR_COLUMNS, WINDOWS
from lib.store import CorpusStore
from lib.store_queries import Where, kept_table, table_name

MAX_PAIRS = 5_000  # pairs a page lists or draws at most; the count says how many pass
OPENING_SETTING = ("sentence", ("PERSON",))  # what the Co-occurrence page shows first
# Built with the store: people together within each window, the page's default type. Any other setting
# is counted the first time it is asked (about a minute at 1,000,000 articles), then kept.
BUILT_SETTINGS = tuple((window, OPENING_SETTING[1]) for window in WINDOWS)


@dataclass(frozen=True)
class PairTables:
    """The tables of one setting: pairs (a < b as entity numbers, count) and entities (entity_id,
    windows), and how many windows hold any of the entities."""

    pairs: str
    entities: str
    n_windows: int


def _setting(window: str, labels: Iterable[str] | None) -> tuple[str, tuple[str, ...] | None]:
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; use one of {tuple(WINDOWS)}")
    return window, None if labels is None else tuple(sorted(set(labels)))


def pair_selects(window: str, labels: tuple[str, ...] | None) -> tuple[dict[str, str], dict[str, Any]]:
    """The SELECTs of one setting's tables by name (pairs, entities, windows), and their parameters."""
    where = Where()
    if labels is not None:
        where.among("label", labels, "labels")
    position = WINDOWS[window][1] if len(WINDOWS[window]) > 1 else None
    if position is not None:
        where.add(f"{position} >= 0")  # -1: the position is unknown
    present = (
        f"SELECT DISTINCT article_ord, {position or '0'}::INTEGER AS w, entity_id FROM corpus.mentions"
        f"{where.sql()}"
    )
    key = ("pairs", window, labels)
    selects = {
        table_name(*key, "entities"): f"SELECT entity_id, count(*)::BIGINT AS windows FROM ({present}) "
        "GROUP BY entity_id",
        table_name(*key, "pairs"): f"WITH present AS ({present}) SELECT p.entity_id AS a, q.entity_id AS b, "
        "count(*)::BIGINT AS count FROM present p JOIN present q ON p.article_ord = q.article_ord "
        "AND p.w = q.w AND p.entity_id < q.entity_id GROUP BY p.entity_id, q.entity_id",
        table_name(*key, "windows"): f"SELECT count(*)::BIGINT AS n FROM (SELECT DISTINCT article_ord, w "
        f"FROM ({present}))",
    }
    return selects, where.params


def opening_tables() -> tuple[dict[str, str], dict[str, Any]]:
    """The tables of the settings built with the store (BUILT_SETTINGS, the opening one first)."""
    selects: dict[str, str] = {}
    params: dict[str, Any] = {}
    for setting in BUILT_SETTINGS:
        more, more_params = pair_selects(*setting)
        selects.update(more)
        params.update(more_params)  # the same labels, so the same parameters
    return selects, params


def pair_tables(
    store: CorpusStore, window: str = "sentence", labels: Iterable[str] | None = None
) -> PairTables:
    """The tables of one setting: those built with the store, else counted now and kept
    (lib.cooccurrence's counts: the windows holding both, not the mentions)."""
    window, chosen = _setting(window, labels)
    selects, params = pair_selects(window, chosen)
    entities, pairs, windows = selects

    def tables(schema: str) -> PairTables:
        n_windows = store.value(f"SELECT n FROM {schema}{windows}")
        return PairTables(f"{schema}{pairs}", f"{schema}{entities}", int(n_windows))

    if pairs in store.built_tables:
        return tables("corpus.")

    def build() -> PairTables:
        for name, select in selects.items():
            store.execute(f"CREATE OR REPLACE TABLE {name} AS {select}", params)
        return tables("")

    def release(kept: PairTables) -> None:
        for name in selects:
            store.execute(f"DROP TABLE IF EXISTS {name}")

    return store.kept((window, chosen), build, release)


def is_counted(store: CorpusStore, window: str = "sentence", labels: Iterable[str] | None = None) -> bool:
    """Whether a setting's pairs are ready (built with the store, or counted and kept): else the first
    pair_tables() counts them, which takes a minute at 1,000,000 articles."""
    window, chosen = _setting(window, labels)
    _, pairs, _ = pair_selects(window, chosen)[0]  # the tables' names, as pair_tables has them
    return pairs in store.built_tables or store.is_kept((window, chosen))


def _scored(tables: PairTables, measure: str) -> str:
    """A SELECT of the pairs' numbers with their count and `score` by the measure
    (lib.cooccurrence.association)."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {MEASURES}")
    if measure == "count":
        return f"SELECT a, b, count, count::DOUBLE AS score FROM {tables.pairs}"
    if measure == "pmi":
        score = f"log2(p.count * {tables.n_windows}::DOUBLE / (fa.windows * fb.windows))"
    else:
        score = "p.count / (fa.windows + fb.windows - p.count)::DOUBLE"
    return (
        f"SELECT p.a, p.b, p.count, {score} AS score FROM {tables.pairs} p "
        f"JOIN {tables.entities} fa ON fa.entity_id = p.a JOIN {tables.entities} fb ON fb.entity_id = p.b"
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
    (lib.cooccurrence.scored_pairs' first rows; entity numbers are in name order, so ties are too)."""
    tables = pair_tables(store, window, labels)
    found = store.frame(
        f"WITH top AS (SELECT * FROM ({_scored(tables, measure)}) WHERE count >= $min "
        "ORDER BY score DESC, count DESC, a, b LIMIT $limit) "
        "SELECT ea.entity AS a, eb.entity AS b, top.count, top.score FROM top "
        "JOIN corpus.entities ea ON ea.entity_id = top.a JOIN corpus.entities eb ON eb.entity_id = top.b "
        "ORDER BY top.score DESC, top.count DESC, top.a, top.b",
        {"min": min_count, "limit": limit},
    )
    return found.astype({"count": "int64", "score": "float64"})[[*PAIR_COLUMNS, "score"]]


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
    limit: int | None = None,
) -> pd.DataFrame:
    """The entities paired with one entity: (partner, count, score), strongest first
    (lib.cooccurrence.partners); the first `limit`."""
    tables = pair_tables(store, window, labels)
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {MEASURES}")
    # The entity's pairs are picked out first and only they are scored (scoring every pair, then
    # filtering, reads the whole pair table through two joins); names are joined to the rows shown
    # only, since entity numbers are in name order and so break ties as names do.
    score = {
        "count": "t.count::DOUBLE",
        "pmi": f"log2(t.count * {tables.n_windows}::DOUBLE / (t.own * f.windows))",
        "jaccard": "t.count / (t.own + f.windows - t.count)::DOUBLE",
    }[measure]
    top = " LIMIT $limit" if limit is not None else ""
    return store.frame(
        "WITH chosen AS (SELECT e.entity_id, coalesce(f.windows, 0) AS own FROM corpus.entities e "
        f"LEFT JOIN {tables.entities} f USING (entity_id) WHERE e.entity = $entity), "
        "theirs AS (SELECT p.count, c.own, CASE WHEN p.a = c.entity_id THEN p.b ELSE p.a END AS other "
        f"FROM {tables.pairs} p, chosen c "
        "WHERE (p.a = c.entity_id OR p.b = c.entity_id) AND p.count >= $min), "
        f"best AS (SELECT t.other, t.count, {score} AS score FROM theirs t "
        f"JOIN {tables.entities} f ON f.entity_id = t.other ORDER BY score DESC, t.count DESC, t.other{top}) "
        "SELECT e.entity AS partner, b.count, b.score FROM best b "
        "JOIN corpus.entities e ON e.entity_id = b.other ORDER BY b.score DESC, b.count DESC, b.other",
        {"entity": entity, "min": min_count, **({"limit": limit} if limit is not None else {})},
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
        "SELECT e.entity, sum(l.mentions)::BIGINT AS mentions FROM corpus.entity_labels l "
        f"JOIN corpus.entities e USING (entity_id){where.sql()} GROUP BY e.entity",
        where.params,
    )
    found = store.frame(
        f"SELECT entity, mentions FROM {table} ORDER BY mentions DESC, entity"
        + (" LIMIT $limit" if limit is not None else ""),
        {"limit": limit} if limit is not None else {},
    )
    return found.set_index("entity")["mentions"]
