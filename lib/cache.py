"""On-disk cache of extracted rows, one entry per article, keyed by content + model + extractor."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from platformdirs import user_cache_dir

from lib.frames import TABLES, typed_frame

CACHE_ENV_VAR = "DATELINE_CACHE_DIR"
# A snapshot also lists which per-article entry each article's rows came from, so the next state of
# the same folder can reuse them: columns article_id, key.
SNAPSHOT_ENTRIES = "entries"
# And the corpus's person name mapping (columns variant, canonical), so a cold start need not
# compare every name with every other again.
SNAPSHOT_NAMES = "names"
# Part of every snapshot key and pointer: a change in what a snapshot holds makes old ones unused.
SNAPSHOT_FORMAT = "snapshot-3"


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
        """The entry key for an article's content under this cache's model fingerprint."""
        return hashlib.sha256(f"{self.fingerprint}\0{content_hash}".encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.root / "articles" / key[:2] / key

    def _snapshot(self, key: str) -> Path:
        return self.root / "corpora" / key[:2] / key

    def get(self, key: str) -> dict[str, pd.DataFrame] | None:
        """One article's cached tables, or None when absent or unreadable (then it is removed)."""
        return self._read(self._entry(key), key)

    def put(self, key: str, tables: dict[str, pd.DataFrame]) -> None:
        """Store one article's tables atomically."""
        self._write(self._entry(key), tables)

    def get_snapshot(self, key: str) -> dict[str, pd.DataFrame] | None:
        """A whole corpus's joined tables, SNAPSHOT_ENTRIES and SNAPSHOT_NAMES (a cold start reads 6
        files, not 4 per article)."""
        return self._read(self._snapshot(key), key, [*TABLES, SNAPSHOT_ENTRIES, SNAPSHOT_NAMES])

    def snapshot_key(self, origin: str, entries: dict[str, str]) -> str:
        """The key of one state of a corpus: where it was read from, and each article id with its
        entry key. Two folders with the same files have separate snapshots, so neither's edits evict
        the other's."""
        lines = [SNAPSHOT_FORMAT, origin, *(f"{article_id}\0{key}" for article_id, key in entries.items())]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    def put_snapshot(self, key: str, tables: dict[str, pd.DataFrame], origin: str = "") -> None:
        """Store a whole corpus's joined tables (with SNAPSHOT_ENTRIES and SNAPSHOT_NAMES) atomically.

        With an `origin` (where the corpus was read from), it becomes that origin's latest snapshot,
        and the one it replaces is deleted: the cache keeps one snapshot per folder, not one per edit.
        """
        self._write(self._snapshot(key), tables)
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

    def _read(self, entry: Path, key: str, tables: list[str] | None = None) -> dict[str, pd.DataFrame] | None:
        if not self.on_disk or not entry.is_dir():
            return None
        try:
            return {
                table: pq.read_table(entry / f"{table}.parquet").to_pandas() for table in tables or TABLES
            }
        except (OSError, pa.ArrowException, ValueError) as error:
            if isinstance(error, FileNotFoundError) and not entry.is_dir():
                return None  # removed while being read (another process replaced a snapshot): a plain miss
            message = f"cache entry {key[:12]} was unreadable ({type(error).__name__}); recomputing it"
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
