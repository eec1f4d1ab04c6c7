"""The files of a store's work folder that nobody uses any more: the databases of a dataset's earlier
files, session databases and unfinished builds of killed processes, the folders of datasets gone.

Each open database has a lock file beside it, `corpus-<fingerprint>.duckdb.lock`, that every store
reading it holds a shared flock on (a lock of its open file, so two stores of one process count as two)
and that names the dataset it was built from. A database is removed only under an exclusive lock: never
while a store of any process may read it. DuckDB's own locks are POSIX record locks, which cannot be
tested from a process that holds them without being dropped: they are only tested on files of other
processes (sessions and builds, named by their process id). Without fcntl (Windows) nothing is removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import weakref
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: old databases and session files are left for the user to remove
    fcntl = None


def remove_database(path: Path) -> None:
    """A DuckDB database file and its write-ahead log, if there."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


LOCK_SUFFIX = ".lock"
# A session or build file whose process holds no lock on it is left alone this long, in case it was just
# made and not yet locked.
STALE_SECONDS = 60
_STARTED = time.time()  # a file named by this process's id but older than this is another's (a reused id)


def hold_database(owner: object, origin: str, database: Path) -> weakref.finalize | None:
    """Take a shared lock on a database's lock file, naming its dataset (`origin`) in it; the returned
    finalizer releases it (call it when done; it also runs when `owner` is dropped)."""
    if fcntl is None:
        return None
    lock = database.with_name(database.name + LOCK_SUFFIX)
    for _ in range(10):
        database.parent.mkdir(parents=True, exist_ok=True)  # in case its work folder was just removed
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            current = os.stat(lock).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            current = False
        if current:  # not removed (with its database) between the open and the lock
            if os.fstat(handle).st_size == 0:
                os.write(handle, origin.encode())
            os.utime(lock)  # when it was last opened: stores least recently opened go first (app)
            return weakref.finalize(owner, os.close, handle)
        os.close(handle)
    raise OSError(f"cannot lock {lock}: another process keeps removing it")


def remove_superseded(work_dir: Path, keep: Path) -> list[Path]:
    """Remove from a work folder the databases of the same dataset other than `keep` (made of files that
    have changed since) that no store has open, and what killed processes left (session databases,
    unfinished builds). Returns what was removed; anything in use, or of another dataset, is left."""
    if fcntl is None:
        return []
    removed: list[Path] = []
    origin = keep.with_name(keep.name + LOCK_SUFFIX).read_bytes()
    for database in sorted(work_dir.glob("corpus-*.duckdb")):
        if database != keep and _remove_unused(database, origin):
            removed.append(database)
    for lock in sorted(work_dir.glob(f"corpus-*.duckdb{LOCK_SUFFIX}")):  # of a build that failed
        database = lock.with_name(lock.name.removesuffix(LOCK_SUFFIX))
        if database != keep and not database.exists() and _remove_unused(database, origin):
            removed.append(lock)
    for left in sorted([*work_dir.glob(".session-*.duckdb"), *work_dir.glob(".corpus-*.tmp")]):
        if _left_by_a_dead_process(left):
            remove_database(left)
            removed.append(left)
    return removed


def _remove_unused(database: Path, origin: bytes) -> bool:
    """Remove a database (and its lock file) if nobody holds its lock and it was built from `origin`
    (or before databases named their dataset)."""
    lock = database.with_name(database.name + LOCK_SUFFIX)
    try:
        handle = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        named = os.read(handle, 1 << 16)
        if named not in (b"", origin):  # another dataset's: a work folder shared by two datasets
            return False
        remove_database(database)
        lock.unlink(missing_ok=True)  # while locked: a store waiting for it sees it gone (_hold_database)
        return True
    except OSError:  # in use
        return False
    finally:
        os.close(handle)


def _left_by_a_dead_process(path: Path) -> bool:
    """Whether a session database or unfinished build (`.session-<pid>-…`, `.corpus-….<pid>.<tid>.tmp`)
    belongs to a process that is gone: one whose DuckDB lock on it is not held."""
    parts = path.name.split("-")[1] if path.name.startswith(".session-") else path.name.split(".")[-3]
    try:
        pid = int(parts)
        modified = path.stat().st_mtime
    except (ValueError, IndexError, OSError):
        return False
    if pid == os.getpid():
        return modified < _STARTED  # this process's own are removed on close; this one is older
    if time.time() - modified < STALE_SECONDS:
        return False
    try:
        handle = os.open(path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # its process is alive and has it open
        return False
    finally:
        os.close(handle)


def work_dir_origin(work_dir: Path) -> tuple[str, float] | None:
    """The dataset a work folder's databases were built from and when one was last opened, or None
    (no database, or none built since databases name their dataset)."""
    found = []
    for lock in work_dir.glob(f"corpus-*.duckdb{LOCK_SUFFIX}"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.append((lock.stat().st_mtime, lock.read_text(encoding="utf-8")))
    if not found:
        return None
    opened, origin = max(found)
    return origin, opened


def remove_work_dir(work_dir: Path) -> bool:
    """Remove a work folder (a dataset's databases and what goes with them) if no store of any process
    has anything in it open; False, and nothing removed, otherwise."""
    if fcntl is None:
        return False
    held = []
    try:
        for database in work_dir.glob("corpus-*.duckdb"):
            handle = os.open(database.with_name(database.name + LOCK_SUFFIX), os.O_RDWR | os.O_CREAT, 0o644)
            held.append(handle)
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError: in use
        left = [*work_dir.glob(".session-*.duckdb"), *work_dir.glob(".corpus-*.tmp")]
        if not all(_left_by_a_dead_process(path) for path in left):
            return False
        shutil.rmtree(work_dir)
        return True
    except OSError:
        return False
    finally:
        for handle in held:
            os.close(handle)


def prune_stores(current: Path, cap: int) -> list[Path]:
    """Remove other datasets' folders from stores/: those whose dataset folder is gone, then the least
    recently opened while stores/ holds more than `cap` bytes; never one that a store has open
    (remove_work_dir). Returns what was removed."""
    folders = [p for p in current.parent.iterdir() if p.is_dir() and p != current]
    opened: dict[Path, float] = {}
    removed = []
    for folder in folders:
        found = work_dir_origin(folder)
        if found is not None and not Path(found[0]).is_dir() and remove_work_dir(folder):
            removed.append(folder)
        else:
            opened[folder] = found[1] if found else 0.0  # built before databases named their dataset: oldest
    sizes = {folder: _folder_bytes(folder) for folder in [current, *opened]}
    total = sum(sizes.values())
    for folder in sorted(opened, key=opened.__getitem__):
        if total <= cap:
            break
        if remove_work_dir(folder):
            removed.append(folder)
            total -= sizes[folder]
    return removed


def _folder_bytes(folder: Path) -> int:
    """The size of the files in a store's work folder (and its spill folder)."""
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() else 0
    return total
