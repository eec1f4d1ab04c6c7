"""Extract a whole corpus into frames: cached articles are read back, the rest go through spaCy."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lib.cache import SNAPSHOT_ENTRIES, SNAPSHOT_NAMES, ArticleCache
from lib.corpus import Article, Corpus, Skipped
from lib.frames import SKIPPED_COLUMNS, TABLES, CorpusFrames, typed_frame
from lib.names import Aliases, merge_person_variants, person_name_mapping
from lib.nlp import load_model, model_fingerprint

if TYPE_CHECKING:  # spaCy (and Dask) are only imported when an article must be parsed
    from distributed import Client
    from spacy.language import Language
    from spacy.tokens import Doc

    # Opens a Dask client (lib.cluster.dask_client), called only when some article must be parsed.
    Cluster = Callable[[], AbstractContextManager[Client]]

ProgressCallback = Callable[[int, int], None]
# Around the parse of the articles the cache lacks (the app passes its one-parse-per-server turn).
Turn = Callable[[], AbstractContextManager[object]]
# Parsing takes ~3.3 MB per 1,000 characters parsed together (bench/README.md, "Uploads"): an nlp.pipe
# batch holds at most this many characters (16 articles of 99 KB took 5.4 GB), ~330 MB.
BATCH_CHARS = 100_000
# Articles are parsed in chunks of at most this many characters (~3 s of one core); between chunks
# progress is reported and `should_stop` asked. On a cluster a chunk is one task.
CHUNK_CHARS = 50_000
CHUNK_ARTICLES = 128
Rows = dict[str, list[dict]]  # one article's rows per table, as lib.rows.doc_rows gives them


class ExtractionStopped(Exception):
    """Parsing ended early because `should_stop()` said so (the app's visitor closed the tab)."""


@dataclass
class ExtractionStats:
    """What one extraction run did: how many articles came from the cache and how many were parsed."""

    cached: int = 0
    processed: int = 0
    model_loaded: bool = False
    failed: list[Skipped] = field(default_factory=list)


def extract_articles(
    articles: list[Article],
    cache: ArticleCache | None = None,
    load: Callable[[], Language] | None = None,
    batch_size: int = 16,
    progress: ProgressCallback | None = None,
    stats: ExtractionStats | None = None,
    aliases: Aliases | None = None,
    should_stop: Callable[[], bool] | None = None,
    turn: Turn | None = None,
    cluster: Cluster | None = None,
) -> dict[str, pd.DataFrame]:
    """One frame per table for these articles, in their order; only articles missing from the cache
    are parsed (and then cached), inside `turn()`: in this process, or by the workers of the Dask
    cluster that `cluster()` connects to (lib/cluster.py), one task per chunk.

    `should_stop()` is asked before each chunk of parsing; when it says yes, ExtractionStopped is
    raised (what was parsed so far stays in the cache).
    """
    aliases = aliases or {}
    alias_digest = _alias_digest(aliases)
    stats = stats if stats is not None else ExtractionStats()
    cache = cache if cache is not None else ArticleCache(fingerprint=model_fingerprint())
    gathered = _Gathered()
    missing: list[tuple[Article, str]] = []
    for article in articles:
        key = cache.key(article.content_hash + alias_digest)
        tables = cache.get(key)
        if tables is None:
            missing.append((article, key))
        else:
            # The entry is keyed by content: another file with the same text may have written it.
            for frame in tables.values():
                frame["article_id"] = article.article_id
            gathered.add(tables)
            stats.cached += 1
    done = len(articles) - len(missing)
    if progress:
        progress(done, len(articles))

    def take(chunk: list[tuple[Article, str]], rows: list[tuple[str, Rows]], failed: list[Skipped]) -> None:
        nonlocal done
        stats.failed.extend(failed)
        keys = {article.article_id: key for article, key in chunk}
        for article_id, article_rows in rows:
            tables = {name: pd.DataFrame(table, columns=TABLES[name]) for name, table in article_rows.items()}
            cache.put(keys[article_id], tables)
            gathered.add(tables)
            stats.processed += 1
        done += len(chunk)
        if progress:
            progress(done, len(articles))

    def stop_if_asked() -> None:
        if should_stop is not None and should_stop():
            raise ExtractionStopped(f"stopped after {done:,} of {len(articles):,} articles")

    if missing:
        with (turn or nullcontext)():
            chunks = list(_chunks(missing, max(batch_size * 8, CHUNK_ARTICLES), CHUNK_CHARS))
            if cluster is None:
                nlp = (load or load_model)()
                stats.model_loaded = True
                for chunk in chunks:
                    stop_if_asked()
                    take(chunk, *parse_articles(nlp, [a for a, _ in chunk], aliases, batch_size))
            else:
                from lib.cluster import parse_on_cluster

                with cluster() as client:
                    texts = [[article for article, _ in chunk] for chunk in chunks]
                    for number, result in parse_on_cluster(client, texts, aliases):
                        stop_if_asked()
                        take(chunks[number], *result)
    return join_tables(articles, gathered.frames())


def _chunks(
    missing: list[tuple[Article, str]], max_articles: int, max_chars: int
) -> Iterator[list[tuple[Article, str]]]:
    """Consecutive runs of at most max_articles articles and max_chars characters; an article longer
    than max_chars is a chunk of its own."""
    chunk: list[tuple[Article, str]] = []
    chars = 0
    for item in missing:
        size = len(item[0].text)
        if chunk and (len(chunk) == max_articles or chars + size > max_chars):
            yield chunk
            chunk, chars = [], 0
        chunk.append(item)
        chars += size
    if chunk:
        yield chunk


class _Gathered:
    """Per-article tables, merged into one frame per table every few hundred articles: a 10,000-article
    run then holds a few dozen frames instead of 40,000 small ones (~0.13 MB of overhead each)."""

    EVERY = 256

    def __init__(self) -> None:
        self.pending: list[dict[str, pd.DataFrame]] = []
        self.merged: list[dict[str, pd.DataFrame]] = []

    def add(self, tables: dict[str, pd.DataFrame]) -> None:
        self.pending.append(tables)
        if len(self.pending) >= self.EVERY:
            self._merge()

    def frames(self) -> list[dict[str, pd.DataFrame]]:
        self._merge()
        return self.merged

    def _merge(self) -> None:
        if self.pending:
            self.merged.append({name: _concat([t[name] for t in self.pending], name) for name in TABLES})
            self.pending = []


def _concat(parts: list[pd.DataFrame], table: str) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    return typed_frame(pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(), table)


def parse_articles(
    nlp: Language, articles: list[Article], aliases: Aliases | None = None, batch_size: int = 16
) -> tuple[list[tuple[str, Rows]], list[Skipped]]:
    """Each article's rows (by article id, in order) and the articles whose extraction failed: the
    one per-article function, run in this process or by a cluster's workers alike."""
    from lib.rows import doc_rows  # imports the spaCy components: only needed when parsing

    config = {"dateline_entities": {"aliases": aliases or {}}}
    # Batches of long articles are smaller, so no batch holds more than BATCH_CHARS characters.
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(len(a.text) for a in articles)))
    try:
        docs = nlp.pipe((article_doc(nlp, a) for a in articles), batch_size=batch_size, component_cfg=config)
        return [(a.article_id, doc_rows(a, doc)) for a, doc in zip(articles, docs, strict=True)], []
    except Exception:  # any failure in one article must not lose the others
        parsed, failed = [], []
        for article in articles:
            try:
                doc = nlp(article_doc(nlp, article), component_cfg=config)
                parsed.append((article.article_id, doc_rows(article, doc)))
            except Exception as error:
                reason = (
                    f"extraction failed ({type(error).__name__}: {error}); the other articles are unaffected"
                )
                failed.append(Skipped(article.file, reason))
        return parsed, failed


def article_doc(nlp: Language, article: Article) -> Doc:
    """An article's text as a Doc that carries its date, for the pipeline to read relative dates by."""
    doc = nlp.make_doc(article.body)
    doc._.article_date = article.date
    return doc


def _alias_digest(aliases: Aliases) -> str:
    return hashlib.sha256(repr(sorted(aliases.items())).encode()).hexdigest() if aliases else ""


def join_tables(articles: list[Article], parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Tables joined into one frame per table, ordered by article as in `articles` (a stable sort:
    each article's rows keep their order)."""
    position = {a.article_id: i for i, a in enumerate(articles)}
    joined = {}
    for table in TABLES:
        frame = _concat([part[table] for part in parts], table)
        order = np.argsort(frame["article_id"].map(position).to_numpy(), kind="stable")
        joined[table] = frame.iloc[order].reset_index(drop=True)
    return joined


def build_frames(
    corpus: Corpus, tables: dict[str, pd.DataFrame], names: dict[str, str] | None = None
) -> CorpusFrames:
    """Corpus frames from joined tables: current metadata, skipped files, one name per person (by
    `names`, a person_name_mapping of these tables, computed when not given)."""
    frames = CorpusFrames(warnings=list(corpus.warnings))
    for table in TABLES:
        setattr(frames, table, typed_frame(tables[table], table))
    frames.articles = _refresh_article_metadata(frames.articles, corpus.articles)
    frames.skipped = pd.DataFrame([(s.file, s.reason) for s in corpus.skipped], columns=SKIPPED_COLUMNS)
    merge_person_variants(frames, names)
    return frames


def _refresh_article_metadata(table: pd.DataFrame, articles: Iterable[Article]) -> pd.DataFrame:
    """Titles, sources and urls come from the current metadata, not from when the entry was cached."""
    articles = list(articles)
    for column in ("file", "title", "source", "url"):
        current = table["article_id"].map({a.article_id: getattr(a, column) for a in articles})
        table[column] = current.where(current.notna(), table[column])
    return table


def _reusable_rows(
    cache: ArticleCache, origin: str, keys: dict[str, str]
) -> tuple[dict[str, pd.DataFrame] | None, set[str]]:
    """Rows of the origin's latest snapshot for the articles that have not changed since (same id,
    same entry key), and those articles' ids; (None, empty) when there is no such snapshot."""
    latest = cache.latest_snapshot(origin)
    previous = cache.get_snapshot(latest, origin) if latest else None
    if previous is None:
        return None, set()
    entries = previous.pop(SNAPSHOT_ENTRIES)
    previous.pop(SNAPSHOT_NAMES)  # names are merged again over the new corpus
    unchanged = entries["key"].to_numpy() == entries["article_id"].map(keys).to_numpy()
    kept = set(entries.loc[unchanged, "article_id"])
    return {table: frame[frame["article_id"].isin(kept)] for table, frame in previous.items()}, kept


def extract_corpus(
    corpus: Corpus,
    cache: ArticleCache | None = None,
    load: Callable[[], Language] | None = None,
    progress: ProgressCallback | None = None,
    stats: ExtractionStats | None = None,
    should_stop: Callable[[], bool] | None = None,
    turn: Turn | None = None,
    cluster: Cluster | None = None,
) -> CorpusFrames:
    """Frames for a corpus, computing only what the cache does not hold.

    An unchanged corpus is read back from one snapshot of its joined tables. Otherwise the rows of
    unchanged articles come from the latest snapshot of the same origin, the other articles from
    their per-article cache entries, and only the rest go through spaCy (inside `turn()`, stopping
    with ExtractionStopped when `should_stop()` says so; on a Dask cluster if `cluster` is given:
    see extract_articles).
    """
    cache = cache if cache is not None else ArticleCache(fingerprint=model_fingerprint())
    stats = stats if stats is not None else ExtractionStats()
    alias_digest = _alias_digest(corpus.aliases)
    keys = {a.article_id: cache.key(a.content_hash + alias_digest) for a in corpus.articles}
    snapshot = cache.snapshot_key(corpus.origin, keys)
    tables = cache.get_snapshot(snapshot, corpus.origin)
    if tables is None:
        reused, reused_ids = _reusable_rows(cache, corpus.origin, keys)
        stats.cached += len(reused_ids)

        def report(done: int, total: int) -> None:
            if progress:
                progress(done + len(reused_ids), total + len(reused_ids))

        extracted = extract_articles(
            [a for a in corpus.articles if a.article_id not in reused_ids],
            cache,
            load,
            progress=report,
            stats=stats,
            aliases=corpus.aliases,
            should_stop=should_stop,
            turn=turn,
            cluster=cluster,
        )
        tables = join_tables(corpus.articles, [extracted, *([reused] if reused is not None else [])])
        del extracted, reused
        names = person_name_mapping(tables["mentions"])
        if not stats.failed:  # a corpus with failures is retried next time, not frozen in a snapshot
            cache.put_snapshot(snapshot, tables, keys, names, origin=corpus.origin)
    else:
        tables.pop(SNAPSHOT_ENTRIES)
        stored = tables.pop(SNAPSHOT_NAMES)
        names = dict(zip(stored["variant"], stored["canonical"], strict=True))
        stats.cached += len(corpus.articles)
        if progress:
            progress(len(corpus.articles), len(corpus.articles))
    frames = build_frames(corpus, tables, names)
    if stats.failed:
        failed = pd.DataFrame([(s.file, s.reason) for s in stats.failed], columns=SKIPPED_COLUMNS)
        frames.skipped = pd.concat([frames.skipped, failed], ignore_index=True)
    frames.warnings.extend(cache.problems)
    return frames
