"""A corpus's rows in DuckDB, whatever its size: a Parquet dataset on disk (the Dask engine's table
folders, or a snapshot the cache wrote) or frames in memory, built into the same tables.

The pages ask the store for what they show (lib/store_queries.py, lib/store_pairs.py) instead of
holding every row in pandas. Opening a dataset builds, once, a DuckDB database in the store's work
folder with the rows as the pages read them: one name per person (lib.names.person_name_mapping, as
lib.pipeline.build_frames gives), dates parsed as lib.derived parses them, each quote and trip with its
article's title. A later open of the same files attaches that database read-only: a cold start reads
no rows. Frames (a small folder, uploads) are built into an in-memory database by the same SQL, so
every corpus size takes the same queries.

The tables (`corpus.<name>`):

- `articles`: the contract's columns, `day` (the date as a timestamp, NULL when undated), `_ord` (corpus
  order: files by name, as lib.corpus.read_corpus reads a folder);
- `mentions`, `visits`, `meetings`: the contract's columns and `_ord`, the row's place in corpus order;
- `meetings` also has `file` and `when`, and its people named as lib.derived.meeting_table names them;
- `quotes`: also `title`, `file`, `date` (the article's, a timestamp, as lib.derived.quote_table),
  `quote_id` (lib.derived.quote_ids) and `_rank` (the speaker type's place in
  lib.derived.SPEAKER_TYPES), `_lowered` (the text as a search reads it); an unknown speaker is
  UNKNOWN_SPEAKER; quotes are stored in quote_table's order and trips in corpus order;
- `visits` also has `title`, `file`, `trip_date`, `article_date` and `when` (lib.derived.visit_table);
- `mentions` also has `entity_id` (`entities`: every entity numbered in name order) and `article_ord`,
  and `person_mentions` holds the people's mentions ordered by name;
- the tables lib.store_queries.corpus_tables() derives from these: counts per speaker, visitor and
  person, the search entries (in rank order), each speaker's quotes and each person's articles
  ordered by name (a person's page reads only theirs), each meeting once per side ordered by that
  side's name, quotes counted per speaker, speaker type and kind, the articles newest first (what
  the Overview lists), each entity's mentions per label and per article ordered by entity number (one
  entity's or one pair's questions read a few row groups of them), and the pairs of people in each
  co-occurrence window.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from lib.cache import SNAPSHOT_NAMES
from lib.dataset import PARTS_DIR
from lib.derived import SPEAKER_TYPES, UNKNOWN_SPEAKER
from lib.folders import escapes
from lib.frames import FLOAT_COLUMNS, INTEGER_COLUMNS, TABLES, CorpusFrames
from lib.store_files import hold_database, remove_database, remove_superseded

T = TypeVar("T")
BUILD_FORMAT = "store-5"  # what a built database holds; a change builds it again
# Results kept per store (pair tables per co-occurrence setting): the least recently used go.
MAX_KEPT = 16
# `_ord` of a row: its article's place times this, plus its place in its file (fewer rows than this).
ROWS_PER_ARTICLE_FILE = 1 << 24
# DuckDB spills to the work folder beyond this (joins, sorts). Its buffers fill to the limit on a large
# corpus and stay full: at 1,000,000 articles 256 MB made the process peak 1.8× its 10,000-article
# figure, 160 MB 1.5×, with every warm filter change still within 0.3 s (bench/README.md).
DEFAULT_MEMORY_LIMIT = "160MB"
# While a dataset's database is built (once, like an extraction): sorting and joining tens of millions
# of rows spills too, but some of DuckDB's operators need this much at 1,000,000 articles.
BUILD_MEMORY_LIMIT = "2GB"
# Which columns hold people's names, per table: one name per person is applied to them, as
# lib.names.merge_person_variants does (meetings keep their names: lib.derived.meeting_table).
PERSON_COLUMNS = {"mentions": "entity", "quotes": "speaker", "visits": "visitor"}


class StoreError(Exception):
    """A path that cannot be opened as a corpus's rows; the message says what to do."""


def sql_type(column: str) -> str:
    """The SQL type of a contract column (lib.frames): integers, floats or text."""
    if column in INTEGER_COLUMNS:
        return "INTEGER"
    return "DOUBLE" if column in FLOAT_COLUMNS else "VARCHAR"


def _missing_value(column: str) -> str:
    """What lib.frames.typed_frame puts in a column the rows lack: -1, NaN or ''."""
    return {"INTEGER": "-1", "DOUBLE": "NULL"}.get(sql_type(column), "''")


def _literal(text: str) -> str:
    """A SQL string literal. Only for paths this module found on disk and constants, never for text a
    user typed: that is always passed as a query parameter."""
    if "\0" in text:
        raise StoreError("a path with a NUL character cannot be read")
    return "'" + text.replace("'", "''") + "'"


def quoted(identifier: str) -> str:
    """A column name of lib.frames as a SQL identifier (`end` is a keyword)."""
    return f'"{identifier}"'


def table_files(root: Path) -> dict[str, list[Path]]:
    """Each table's Parquet files under root, by the layout found: `<table>/*.parquet` (the Dask
    engine's; only the parts with a marker, when it keeps `_parts/`) or `<table>.parquet` (a cache
    snapshot). A table without files is left out, and so is a file that a link leads out of root."""
    found: dict[str, list[Path]] = {}
    markers = root / PARTS_DIR
    finished = {p.stem for p in markers.glob("*.json")} if markers.is_dir() else None
    for table in TABLES:
        folder, single = root / table, root / f"{table}.parquet"
        if folder.is_dir():
            files = sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
            if finished is not None:
                files = [p for p in files if p.stem in finished]
            files = [p for p in files if not escapes(p, (root,))]
            if files:
                found[table] = files
        elif single.is_file() and not escapes(single, (root,)):
            found[table] = [single]
    return found


class CorpusStore:
    """A corpus's rows in DuckDB, as the tables described in the module docstring."""

    def __init__(
        self,
        work_dir: Path | str | None = None,
        on_disk: bool = True,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        threads: int | None = None,
        build_memory_limit: str = BUILD_MEMORY_LIMIT,
    ) -> None:
        """An empty store; use CorpusStore.open() or CorpusStore.from_frames().

        On disk, the built database is kept in `work_dir` (a temporary folder when not given) and DuckDB
        spills there; otherwise everything stays in memory.
        """
        self._own_work_dir = on_disk and work_dir is None
        self.work_dir: Path | None = None
        if on_disk:
            self.work_dir = Path(tempfile.mkdtemp(prefix="dateline-store-") if work_dir is None else work_dir)
            self.work_dir.mkdir(parents=True, exist_ok=True)
            self.work_dir = self.work_dir.resolve()
        self._config: dict[str, Any] = {
            "threads": threads or os.cpu_count() or 1,
            "memory_limit": memory_limit,
            # Nothing is ever fetched at run time: no extension is installed or loaded on demand.
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            # Off disk, nothing spills ('' turns spilling off; DuckDB's default is a folder in the cwd).
            "temp_directory": str(self.work_dir / "spill") if self.work_dir is not None else "",
        }
        # What this store keeps (CorpusStore.kept: pair tables of settings asked for) goes to a database
        # file of its own in the work folder, compressed, and read back like the corpus when memory is
        # short, rather than to memory: one setting's pairs at 1,000,000 articles outgrow the memory limit
        # and, held in memory, push every other table out of DuckDB's buffers.
        self._session: Path | None = None
        if self.work_dir is not None:
            self._session = self.work_dir / f".session-{os.getpid()}-{id(self):x}.duckdb"
            remove_database(self._session)
            # Removed on close(), and also when a process ends or drops the store without closing it.
            self._forget_session = weakref.finalize(self, remove_database, self._session)
        self._connection = duckdb.connect(str(self._session or ":memory:"), config=self._config)
        self._memory_limits = (build_memory_limit, memory_limit)
        self.origin = ""
        self.fingerprint = ""
        self.built = False  # whether this open built the database (False: it attached one built before)
        self.counts: dict[str, int] = {}  # rows per table
        self.built_tables: frozenset[str] = frozenset()  # the tables of the corpus database
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._keeping = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    # A dataset's store: releases its database's lock (lib.store_files.hold_database).
    _in_use: weakref.finalize | None = None

    # Opening ---------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, work_dir: Path | str | None = None, **options: Any) -> CorpusStore:
        """The rows of a Parquet dataset folder: the Dask engine's output or a cache snapshot.

        A table the folder lacks (meetings, in datasets older than it) is empty; a column its files
        lack is filled as lib.frames.typed_frame would. `work_dir` keeps the built database (give a
        lasting folder to reuse it after a restart); the databases of the dataset's earlier files are
        removed from it once no store has them open (remove_superseded); `options` go to CorpusStore().
        """
        root = Path(path).expanduser().resolve()
        if not root.is_dir():
            raise StoreError(f"{path} is not a folder: give the folder of a Parquet dataset")
        files = table_files(root)
        if "articles" not in files:
            raise StoreError(
                f"{path} holds no Dateline dataset: give a folder with articles/, mentions/, quotes/ and "
                "visits/ folders of Parquet files (python -m lib.extract --engine dask) or a cache "
                "snapshot (articles.parquet, mentions.parquet, …)"
            )
        store = cls(work_dir, **options)
        with store._opening():
            store.origin = str(root)
            store.fingerprint = _fingerprint(files)
            # Before anything is read: DuckDB reads the dataset and writes the work folder, nothing else.
            store._restrict([root, store.work_dir])
            database = store.work_dir / f"corpus-{store.fingerprint}.duckdb"
            # Held until close(): no other store removes this database while this one may read it.
            store._in_use = hold_database(store, store.origin, database)
            if not database.is_file():
                store._build_file(root, files, database)
                store.built = True
            store._connection.execute(f"ATTACH {_literal(str(database))} AS corpus (READ_ONLY)")
            with contextlib.suppress(OSError):  # tidying up never fails an open
                remove_superseded(store.work_dir, database)
        return store

    @classmethod
    def from_frames(cls, frames: CorpusFrames, **options: Any) -> CorpusStore:
        """The rows of frames already in memory (a small folder, or uploads), copied into DuckDB.

        Nothing is written to disk (uploads never are): no work folder is kept and nothing spills.
        The frames' names are already one per person (lib.pipeline.build_frames).
        """
        store = cls(on_disk=False, **options)
        with store._opening():
            store.origin = "(frames)"
            store.fingerprint = f"frames-{id(frames)}"
            store._connection.execute("ATTACH ':memory:' AS corpus")
            for table in TABLES:
                frame = getattr(frames, table).reindex(columns=TABLES[table])
                store._connection.register(f"frame_{table}", frame.assign(_row=np.arange(len(frame))))
                columns = ", ".join(
                    f"CAST({quoted(c)} AS {sql_type(c)}) AS {quoted(c)}" for c in TABLES[table]
                )
                store._connection.execute(
                    f"CREATE VIEW source_{table} AS SELECT {columns}, _row::BIGINT AS _row FROM frame_{table}"
                )
            store._restrict([])
            store._build({}, order_by_file=False)
            for table in TABLES:
                store._connection.unregister(f"frame_{table}")
        return store

    @contextlib.contextmanager
    def _opening(self) -> Iterator[None]:
        """Around filling a new store: then its configuration is locked and its tables counted; on any
        failure it is closed (its work folder removed when it owns one) and the error raised."""
        try:
            yield
            self._lock()
            self._count()
        except BaseException:
            self.close()
            raise

    def _build_file(self, root: Path, files: dict[str, list[Path]], database: Path) -> None:
        """Build the dataset's tables into `database`, written under a temporary name first."""
        staging = database.with_name(f".{database.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        staging.unlink(missing_ok=True)
        self._connection.execute(f"ATTACH {_literal(str(staging))} AS corpus")
        try:
            for table in TABLES:
                self._source_view(table, files.get(table, []))
            self._build(self._stored_names(root), order_by_file=True)
            self._connection.execute("DETACH corpus")
            os.replace(staging, database)
        finally:
            staging.unlink(missing_ok=True)
            for table in TABLES:
                self._connection.execute(f"DROP VIEW IF EXISTS source_{table}")

    def _source_view(self, table: str, files: list[Path]) -> None:
        """source_<table>: the contract's columns of a table's files, typed, with each row's place in its
        file (`_row`); empty without files."""
        if not files:
            columns = ", ".join(f"{_missing_value(c)}::{sql_type(c)} AS {quoted(c)}" for c in TABLES[table])
            self._connection.execute(
                f"CREATE VIEW source_{table} AS SELECT {columns}, 0::BIGINT AS _row WHERE false"
            )
            return
        present = {field.name for field in pq.read_schema(files[0])}
        columns = [
            f"CAST({quoted(c)} AS {sql_type(c)}) AS {quoted(c)}"
            if c in present
            else f"{_missing_value(c)}::{sql_type(c)} AS {quoted(c)}"
            for c in TABLES[table]
        ]
        listed = ", ".join(_literal(str(f)) for f in files)
        self._connection.execute(
            f"CREATE VIEW source_{table} AS SELECT {', '.join(columns)}, file_row_number AS _row "
            f"FROM read_parquet([{listed}], file_row_number = true)"
        )

    def _stored_names(self, root: Path) -> dict[str, str]:
        """The corpus's person name mapping: the snapshot's, or made now from the people the mentions
        name (lib.names.person_name_mapping), as lib.pipeline.build_frames makes it."""
        from lib.names import person_name_mapping

        snapshot = root / f"{SNAPSHOT_NAMES}.parquet"
        if snapshot.is_file():
            stored = pq.read_table(snapshot).to_pandas()
            return dict(zip(stored["variant"], stored["canonical"], strict=True))
        people = self._connection.execute(
            "SELECT DISTINCT entity FROM source_mentions WHERE label = 'PERSON'"
        ).df()
        return person_name_mapping(people.assign(label="PERSON"))

    def _build(self, names: dict[str, str], order_by_file: bool) -> None:
        """The corpus tables from the source_<table> views, `names` applied to people's names.

        Corpus order is the articles' order (by file name for a dataset, whose parts are in no
        particular order; as given for frames), then each row's place in its file: an article's rows
        are all in one file (one part), in the order extraction gave them.
        """
        run = self._connection.execute
        run("SET memory_limit = $limit", {"limit": self._memory_limits[0]})
        self._copy_in(
            "names", pd.DataFrame({"variant": list(names), "canonical": list(names.values())}, dtype=str)
        )
        # On this connection, not a cursor: frames are registered with it alone.
        written = run(
            "SELECT date AS text FROM source_articles WHERE date <> '' "
            "UNION SELECT date FROM source_visits WHERE date <> '' "
            "UNION SELECT date FROM source_meetings WHERE date <> ''"
        ).df()["text"]
        days = pd.to_datetime(written, errors="coerce", format="mixed")
        self._copy_in(
            "days", pd.DataFrame({"text": written.astype(str), "day": days.astype("datetime64[us]")})
        )
        order = "file, article_id, _row" if order_by_file else "_row"
        # Frames are in corpus order already: their row number is the order (lib.derived keeps it).
        ordinal = f"a._ord * {ROWS_PER_ARTICLE_FILE} + r._row" if order_by_file else "r._row"
        run(
            "CREATE TABLE corpus.articles AS SELECT a.* EXCLUDE (_row), d.day, "
            f"(row_number() OVER (ORDER BY {order}) - 1)::BIGINT AS _ord "
            "FROM source_articles a LEFT JOIN days d ON d.text = a.date ORDER BY _ord"
        )
        for table in ("mentions", "quotes", "visits", "meetings"):
            person = PERSON_COLUMNS.get(table)
            renamed = (
                f" REPLACE (coalesce(n.canonical, r.{quoted(person)}) AS {quoted(person)})" if person else ""
            )
            join = f"LEFT JOIN names n ON n.variant = r.{quoted(person)}" if person else ""
            run(
                f"CREATE TEMP VIEW ordered_{table} AS SELECT r.* EXCLUDE (_row){renamed}, "
                f"{ordinal} AS _ord, "
                "a.title, a.file AS article_file, a.day AS article_day, a._ord::INTEGER AS article_ord "
                f"FROM source_{table} r {join} LEFT JOIN corpus.articles a USING (article_id)"
            )
        # Entities numbered in name order, so that pairs are counted on integers (a < b as for names).
        run(
            "CREATE TABLE corpus.entities AS SELECT entity, "
            "(row_number() OVER (ORDER BY entity) - 1)::INTEGER AS entity_id "
            "FROM (SELECT DISTINCT entity FROM ordered_mentions)"
        )
        run(
            "CREATE TABLE corpus.mentions AS SELECT m.* EXCLUDE (title, article_file, article_day), "
            "e.entity_id "
            "FROM ordered_mentions m JOIN corpus.entities e USING (entity) ORDER BY _ord"
        )
        run("CHECKPOINT corpus")  # written out, so that the next step has the memory
        # A person's mentions together (a person's page reads only theirs).
        run(
            "CREATE TABLE corpus.person_mentions AS SELECT entity, article_id, text, _ord, article_ord "
            "FROM corpus.mentions WHERE label = 'PERSON' ORDER BY entity, _ord"
        )
        run("CHECKPOINT corpus")  # written out, so that the next step has the memory
        ranks = " ".join(f"WHEN {_literal(str(t))} THEN {r}" for r, t in enumerate(SPEAKER_TYPES))
        run(
            "CREATE TABLE corpus.quotes AS SELECT "
            "* EXCLUDE (speaker, title, article_file, article_day, article_ord), "
            f"CASE WHEN speaker = '' THEN {_literal(UNKNOWN_SPEAKER)} ELSE speaker END AS speaker, "
            "title, article_file AS file, article_day AS date, article_id || ':' || start AS quote_id, "
            # In lower case with its runs of white space as one space, as a search reads it.
            "lower(regexp_replace(quote, '\\s+', ' ', 'g')) AS _lowered, "
            f"CASE speaker_type {ranks} ELSE {len(SPEAKER_TYPES)} END AS _rank "
            "FROM ordered_quotes ORDER BY _rank, _ord"
        )
        run("CHECKPOINT corpus")  # written out, so that the next step has the memory
        run(
            "CREATE TABLE corpus.visits AS SELECT "
            "v.* EXCLUDE (title, article_file, article_day, article_ord), v.title, "
            "v.article_file AS file, d.day AS trip_date, v.article_day AS article_date, "
            'coalesce(d.day, v.article_day) AS "when" '
            "FROM ordered_visits v LEFT JOIN days d ON d.text = v.date ORDER BY _ord"
        )
        # A side named as written becomes the person the article's one mention with that text is. Only
        # the names the meetings give are looked up (all of an archive's people would not fit memory).
        run(
            "CREATE TEMP TABLE sides AS SELECT DISTINCT article_id, person_a AS name FROM source_meetings "
            "UNION SELECT DISTINCT article_id, person_b FROM source_meetings"
        )
        run(
            "CREATE TEMP TABLE named AS SELECT DISTINCT s.article_id, s.name FROM sides s "
            "JOIN corpus.person_mentions p ON p.article_id = s.article_id AND p.entity = s.name"
        )
        run(
            "CREATE TEMP TABLE written AS SELECT s.article_id, s.name, any_value(p.entity) AS entity "
            "FROM sides s JOIN corpus.person_mentions p ON p.article_id = s.article_id AND p.text = s.name "
            "GROUP BY s.article_id, s.name HAVING count(DISTINCT p.entity) = 1"
        )
        sides = ", ".join(
            f"CASE WHEN n{i}.name IS NULL THEN coalesce(w{i}.entity, m.{side}) ELSE m.{side} END AS {side}"
            for i, side in enumerate(("person_a", "person_b"))
        )
        joins = " ".join(
            f"LEFT JOIN named n{i} ON n{i}.article_id = m.article_id AND n{i}.name = m.{side} "
            f"LEFT JOIN written w{i} ON w{i}.article_id = m.article_id AND w{i}.name = m.{side}"
            for i, side in enumerate(("person_a", "person_b"))
        )
        run(
            "CREATE TABLE corpus.meetings AS SELECT "
            f"m.* EXCLUDE (person_a, person_b, article_file, article_day, article_ord), {sides}, "
            'm.article_file AS file, coalesce(d.day, m.article_day) AS "when" '
            f"FROM ordered_meetings m {joins} LEFT JOIN days d ON d.text = m.date ORDER BY m._ord"
        )
        for table in ("sides", "named", "written"):
            run(f"DROP TABLE {table}")
        from lib.store_queries import corpus_tables  # those queries read this module's tables

        for name, (select, params) in corpus_tables().items():
            run(f"CREATE TABLE corpus.{name} AS {select}", params)
        for table in ("mentions", "quotes", "visits", "meetings"):
            run(f"DROP VIEW ordered_{table}")
        run("DROP TABLE names")
        run("DROP TABLE days")

    def _restrict(self, folders: list[Path]) -> None:
        """From now on DuckDB reads and writes nothing outside these folders (none: nothing at all)."""
        if folders:
            allowed = [str(folder) + os.sep for folder in folders]
            self._connection.execute("SET allowed_directories = $folders", {"folders": allowed})
        self._connection.execute("SET enable_external_access = false")

    def _lock(self) -> None:
        """The memory limit for queries, and no setting can change after this (not by any query).

        An in-memory store's tables are in DuckDB's memory and cannot be spilled (nothing of uploads is
        written to disk): its limit is what they take plus the limit for queries (a 10,000-article
        folder's tables take 207 MB, and within 256 MB in all, counting a new co-occurrence setting
        failed)."""
        limit = self._memory_limits[1]
        if self.work_dir is None:
            held = self.value("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")
            limit = f"{int(held) + _bytes(limit)}B"
        self._connection.execute("SET memory_limit = $limit", {"limit": limit})
        self._connection.execute("SET lock_configuration = true")

    def _copy_in(self, name: str, frame: pd.DataFrame) -> None:
        """A small frame as a table of the in-memory database (seen by every cursor)."""
        self._connection.register("incoming", frame)
        self._connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM incoming")
        self._connection.unregister("incoming")

    def _count(self) -> None:
        """The rows per table, and which tables the database holds."""
        for table in TABLES:
            self.counts[table] = int(self.value(f"SELECT count(*) FROM corpus.{table}"))
        found = self.rows("SELECT table_name FROM duckdb_tables() WHERE database_name = 'corpus'")
        self.built_tables = frozenset(name for (name,) in found)

    # Queries ---------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one query (a DuckDB connection must not be shared by threads)."""
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def frame(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> pd.DataFrame:
        """A query's result as a pandas frame; every value from a user goes in `params`."""
        with self.cursor() as cursor:
            return cursor.execute(sql, params or {}).df()

    def rows(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> list[tuple]:
        """A query's result as tuples."""
        with self.cursor() as cursor:
            return cursor.execute(sql, params or {}).fetchall()

    def value(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> Any:
        """The first value of a query's first row."""
        found = self.rows(sql, params)
        return found[0][0] if found else None

    def execute(self, sql: str, params: dict[str, Any] | list[Any] | None = None) -> None:
        """Run a statement that makes a kept table (in memory, never in the corpus tables)."""
        with self.cursor() as cursor:
            cursor.execute(sql, params or {})

    def kept(self, key: Hashable, build: Callable[[], T], release: Callable[[T], None] | None = None) -> T:
        """build(), computed once per key and kept (the MAX_KEPT most recently used; release() is
        called on one that goes). A thread asking for a key another is building waits for it."""
        with self._keeping:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key][0]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._keeping:
                if key in self._kept:
                    return self._kept[key][0]
            value = build()
            with self._keeping:
                self._kept[key] = (value, release)
                self._building.pop(key, None)
                dropped = []
                while len(self._kept) > MAX_KEPT:
                    dropped.append(self._kept.popitem(last=False)[1])
            for old, old_release in dropped:
                if old_release is not None:
                    old_release(old)
            return value

    def is_kept(self, key: Hashable) -> bool:
        """Whether kept(key, …) would return at once (its value is kept)."""
        with self._keeping:
            return key in self._kept

    def close(self) -> None:
        """Close the connection; a work folder the store made is removed."""
        with contextlib.suppress(duckdb.Error):
            self._connection.close()
        if self._session is not None:
            self._forget_session()
        if self._in_use is not None:
            self._in_use()
        if self._own_work_dir and self.work_dir is not None:
            shutil.rmtree(self.work_dir, ignore_errors=True)

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bytes(size: str) -> int:
    """A size as DuckDB settings write it ('160MB', '2GB', '123B') in bytes (powers of 1000, as DuckDB)."""
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
    text = size.strip().upper()
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text.removesuffix("B"))


def _fingerprint(files: dict[str, list[Path]]) -> str:
    """What a dataset's files are now (their paths, sizes and modification times), and the build's
    format: a changed file or a new part gives another database."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(BUILD_FORMAT.encode())
    for table, paths in sorted(files.items()):
        for path in paths:
            stat = path.stat()
            digest.update(f"{table}\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
