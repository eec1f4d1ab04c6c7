"""On-disk cache of extracted rows, one entry per article, keyed by content + model + extractor; every
file is checked against its schema when read, and one that fails is recomputed, never used."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from platformdirs import user_cache_dir

from lib.frames import FLOAT_COLUMNS, INTEGER_COLUMNS, TABLES, typed_frame

CACHE_ENV_VAR = "DATELINE_CACHE_DIR"
# Written into every Parquet file's metadata and part of every entry key: a file from another format
# is never taken for a good one, and old entries are plain misses rather than a warning each.
CACHE_FORMAT = "dateline-cache-5"
FORMAT_METADATA, TABLE_METADATA = b"dateline.format", b"dateline.table"
ROW_TABLES = tuple(t for t in TABLES if t != "articles")  # any number of rows per article; `articles` has one
# A snapshot also lists which per-article entry each article's rows came from, so the next state of
# the same folder can reuse them, and how many rows of each table it has, so none can go missing
# unnoticed: columns article_id, key and one count per table of ROW_TABLES.
SNAPSHOT_ENTRIES = "entries"
# And the corpus's person name mapping (columns variant, canonical), so a cold start need not
# compare every name with every other again.
SNAPSHOT_NAMES = "names"
# Part of every snapshot key and pointer: a change in what a snapshot holds makes old ones unused.
SNAPSHOT_FORMAT = "snapshot-5"
# Every file of the cache: its columns, in order. Integer and float columns are TABLES' (and the
# entries' row counts); every other column holds strings.
SCHEMAS: dict[str, list[str]] = {
    **TABLES,
    SNAPSHOT_ENTRIES: ["article_id", "key", *ROW_TABLES],
    SNAPSHOT_NAMES: ["variant", "canonical"],
}


class CorruptEntry(ValueError):
    """A cache file that is readable Parquet but not what Dateline wrote (the message says how)."""


def default_cache_dir() -> Path:
    """$DATELINE_CACHE_DIR, else Dateline's folder in the user's cache directory."""
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(configured) if configured else Path(user_cache_dir("dateline", appauthor=False))


class ArticleCache:
    """Parquet files per article (`root/articles/..`) and per corpus state (`root/corpora/..`);
    writes are atomic renames."""

    def __init__(self, root: Path | str | None = None, fingerprint: str = "", on_disk: bool = True) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.fingerprint = fingerprint
        self.on_disk = on_disk  # False: read and write nothing (uploads never touch the shared disk)
        self.writable = on_disk
        self.problems: list[str] = []

    def key(self, content_hash: str) -> str:
        """The entry key for an article's content under this cache's format and model fingerprint."""
        return hashlib.sha256(f"{CACHE_FORMAT}\0{self.fingerprint}\0{content_hash}".encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / "articles" / key[:2] / key

    def _snapshot(self, key: str) -> Path:
        return self.root / "corpora" / key[:2] / key

    def get(self, key: str) -> dict[str, pd.DataFrame] | None:
        """One article's cached tables, or None when absent, unreadable or not as Dateline wrote it
        (then it is removed, with a warning)."""
        return self._read(self._entry(key), key, list(TABLES), _check_article)

    def put(self, key: str, tables: dict[str, pd.DataFrame]) -> None:
        """Store one article's tables atomically."""
        self._write(self._entry(key), tables)

    def get_snapshot(self, key: str, origin: str) -> dict[str, pd.DataFrame] | None:
        """A whole corpus's joined tables, SNAPSHOT_ENTRIES and SNAPSHOT_NAMES (a cold start reads 6
        files, not 4 per article), or None like get().

        Besides each file's schema, the entries must be the ones `key` was made from (with `origin`)
        and every table must hold each article's rows as the entries count them.
        """

        def check(tables: dict[str, pd.DataFrame]) -> None:
            _check_snapshot(tables, key, self.snapshot_key(origin, _entry_keys(tables[SNAPSHOT_ENTRIES])))

        return self._read(self._snapshot(key), key, list(SCHEMAS), check)

    def snapshot_key(self, origin: str, entries: dict[str, str]) -> str:
        """The key of one state of a corpus: where it was read from, and each article id with its
        entry key. Two folders with the same files have separate snapshots, so neither's edits evict
        the other's."""
        lines = [SNAPSHOT_FORMAT, origin, *(f"{article_id}\0{key}" for article_id, key in entries.items())]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    def put_snapshot(
        self,
        key: str,
        tables: dict[str, pd.DataFrame],
        entries: dict[str, str],
        names: dict[str, str],
        origin: str = "",
    ) -> None:
        """Store a whole corpus's joined tables atomically, with its entries (article id -> entry key,
        and each article's row counts) and its person name mapping.

        With an `origin` (where the corpus was read from), it becomes that origin's latest snapshot,
        and the one it replaces is deleted: the cache keeps one snapshot per folder, not one per edit.
        """
        listed = _string_frame(article_id=list(entries), key=list(entries.values()))
        for table in ROW_TABLES:
            counts = listed["article_id"].map(tables[table]["article_id"].value_counts())
            listed[table] = counts.fillna(0).astype("int64")
        mapping = _string_frame(variant=list(names), canonical=list(names.values()))
        self._write(self._snapshot(key), {**tables, SNAPSHOT_ENTRIES: listed, SNAPSHOT_NAMES: mapping})
        if not origin or not self.writable or not self._snapshot(key).is_dir():
            return
        previous = self.latest_snapshot(origin)
        pointer = self._pointer(origin)
        try:
            pointer.parent.mkdir(parents=True, exist_ok=True)
            handle, staging = tempfile.mkstemp(prefix=f".{pointer.name[:12]}-", dir=pointer.parent)
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(key)
            os.replace(staging, pointer)
        except OSError:
            # Not fatal: the snapshot is stored; the next change of this folder just cannot start
            # from it and reads its unchanged articles' entries instead.
            return
        if previous and previous != key:
            shutil.rmtree(self._snapshot(previous), ignore_errors=True)

    def latest_snapshot(self, origin: str) -> str | None:
        """The key of the snapshot last written for a corpus origin, if any."""
        if not self.on_disk or not origin:
            return None
        try:
            key = self._pointer(origin).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return key if len(key) == 64 and key.isalnum() else None

    def _pointer(self, origin: str) -> Path:
        name = hashlib.sha256(f"{SNAPSHOT_FORMAT}\0{self.fingerprint}\0{origin}".encode()).hexdigest()
        return self.root / "corpora" / "latest" / name

    def _read(
        self,
        entry: Path,
        key: str,
        tables: list[str],
        check: Callable[[dict[str, pd.DataFrame]], None],
    ) -> dict[str, pd.DataFrame] | None:
        """The entry's tables, each checked against its schema and all of them by `check`; None (and
        the entry removed, with a warning) when anything is not as Dateline wrote it."""
        if not self.on_disk or not entry.is_dir():
            return None
        try:
            read = {table: _checked(table, pq.read_table(entry / f"{table}.parquet")) for table in tables}
            check(read)
            return read
        except (OSError, pa.ArrowException, ValueError) as error:
            if isinstance(error, FileNotFoundError) and not entry.is_dir():
                return None  # removed while being read (another process replaced a snapshot): a plain miss
            why = str(error) if isinstance(error, CorruptEntry) else type(error).__name__
            message = f"cache entry {key[:12]} was unreadable ({why}); recomputing it"
            warnings.warn(message, stacklevel=3)
            self.problems.append(message)
            shutil.rmtree(entry, ignore_errors=True)
            return None

    def _write(self, entry: Path, tables: dict[str, pd.DataFrame]) -> None:
        """Write to a temporary folder, then rename it into place (atomic; a lost race is fine)."""
        if not self.writable:
            return
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{entry.name[:12]}-", dir=entry.parent))
        except OSError as error:
            self._give_up_writing(error)
            return
        try:
            for table, frame in tables.items():
                typed = typed_frame(frame, table) if table in TABLES else frame.reset_index(drop=True)
                arrow = pa.Table.from_pandas(typed, preserve_index=False)
                tags = {FORMAT_METADATA: CACHE_FORMAT.encode(), TABLE_METADATA: table.encode()}
                arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), **tags})
                pq.write_table(arrow, staging / f"{table}.parquet")
            os.rename(staging, entry)
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            if not entry.is_dir():  # another process may have written the same entry first: fine
                self._give_up_writing(error)

    def _give_up_writing(self, error: OSError) -> None:
        self.writable = False
        message = (
            f"cannot write the cache at {self.root} ({error.strerror or error}); continuing without caching"
        )
        warnings.warn(message, stacklevel=3)
        self.problems.append(message)


def _string_frame(**columns: list[str]) -> pd.DataFrame:
    """A frame of string columns, strings even when empty (an empty list would make floats)."""
    return pd.DataFrame({name: pd.Series(values, dtype=str) for name, values in columns.items()})


def _kind(table: str, column: str) -> str:
    if column in INTEGER_COLUMNS or (table == SNAPSHOT_ENTRIES and column in ROW_TABLES):
        return "integer"
    return "float" if column in FLOAT_COLUMNS else "string"


def _is_kind(kind: str, arrow_type: pa.DataType) -> bool:
    if kind == "integer":
        return pa.types.is_integer(arrow_type)
    if kind == "float":
        return pa.types.is_floating(arrow_type)
    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _checked(table: str, arrow: pa.Table) -> pd.DataFrame:
    """A cache file's table as a frame, once its format tag, columns and column types are Dateline's."""
    tags = arrow.schema.metadata or {}
    if tags.get(FORMAT_METADATA) != CACHE_FORMAT.encode() or tags.get(TABLE_METADATA) != table.encode():
        raise CorruptEntry(f"{table}.parquet was not written as {table} by {CACHE_FORMAT}")
    if arrow.column_names != SCHEMAS[table]:
        raise CorruptEntry(f"{table}.parquet has {_column_difference(arrow.column_names, SCHEMAS[table])}")
    for field, column in zip(arrow.schema, arrow.columns, strict=True):
        kind = _kind(table, field.name)
        if not _is_kind(kind, field.type):
            raise CorruptEntry(f"{table}.parquet: column {field.name} holds {field.type}, not {kind}s")
        if kind != "float" and column.null_count:  # lat and lon may be unknown; nothing else may
            raise CorruptEntry(f"{table}.parquet: column {field.name} has missing values")
    return arrow.to_pandas()


def _column_difference(found: list[str], expected: list[str]) -> str:
    missing = [c for c in expected if c not in found]
    unexpected = [c for c in found if c not in expected]
    parts = [f"no column {', '.join(missing)}"] if missing else []
    parts += [f"an unexpected column {', '.join(unexpected)}"] if unexpected else []
    return " and ".join(parts) or "its columns out of order"


def _check_article(tables: dict[str, pd.DataFrame]) -> None:
    if len(tables["articles"]) != 1:
        raise CorruptEntry(f"articles.parquet has {len(tables['articles'])} rows, not 1")


def _entry_keys(entries: pd.DataFrame) -> dict[str, str]:
    return dict(zip(entries["article_id"], entries["key"], strict=True))


def _check_snapshot(tables: dict[str, pd.DataFrame], key: str, key_of_entries: str) -> None:
    """A snapshot is whole: its entries made its key, and each table holds each article's rows."""
    entries = tables[SNAPSHOT_ENTRIES]
    if entries["article_id"].duplicated().any() or key_of_entries != key:
        raise CorruptEntry(f"{SNAPSHOT_ENTRIES}.parquet does not list the articles this snapshot was made of")
    ids = entries["article_id"]
    counts = entries.set_index("article_id")[list(ROW_TABLES)].assign(articles=1)
    for table in TABLES:
        found = tables[table]["article_id"].value_counts()
        if not found.index.isin(ids).all() or not found.reindex(ids, fill_value=0).eq(counts[table]).all():
            raise CorruptEntry(f"{table}.parquet does not hold the rows its entries count")
