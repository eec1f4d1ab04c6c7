"""A dataset's work folder does not grow with every version: CorpusStore.open removes the databases of
the dataset's earlier files once no store (of any process) has them open, and what killed processes
left (session databases, unfinished builds), but nothing in use and nothing of another dataset."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.dataset import PARTS_DIR
from lib.store import CorpusStore
from lib.store_files import STALE_SECONDS

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
# A store opened in another process, which answers a count each time it reads a line, until stdin ends.
HOLDER = """
import sys
from lib.store import CorpusStore
store = CorpusStore.open(sys.argv[1], sys.argv[2])
store.execute("CREATE TABLE kept_here AS SELECT 1 AS one")  # writes its session database
print(store.counts["articles"], flush=True)
for _ in sys.stdin:
    print(store.value("SELECT count(*) FROM corpus.articles"), flush=True)
"""


@pytest.fixture(scope="module")
def dataset(seeds_dataset) -> Path:
    """The seeds as the Dask engine writes them, in three parts."""
    return seeds_dataset


@pytest.fixture
def copy(dataset, tmp_path) -> Path:
    """A copy of the dataset, to change."""
    shutil.copytree(dataset, tmp_path / "copy")
    return tmp_path / "copy"


def databases(work: Path) -> list[str]:
    return sorted(p.name for p in work.glob("corpus-*.duckdb"))


def change(dataset: Path) -> int:
    """A part of the dataset taken away (its marker gone, as while it is rewritten): another version.
    Returns how many articles are left."""
    marker = sorted((dataset / PARTS_DIR).glob("*.json"))[0]
    held = len(json.loads(marker.read_text())["articles"])
    marker.unlink()
    return 5 - held


def test_a_changed_datasets_old_database_is_removed_after_the_new_build(copy, tmp_path):
    work = tmp_path / "work"
    with CorpusStore.open(copy, work) as first:
        assert first.built
    old = databases(work)
    assert len(old) == 1
    left = change(copy)
    with CorpusStore.open(copy, work) as second:
        assert second.built and second.counts["articles"] == left
        assert second.value("SELECT count(*) FROM corpus.articles") == left
    assert len(databases(work)) == 1 and databases(work) != old
    assert sorted(p.name for p in work.glob("*.lock")) == [f"{databases(work)[0]}.lock"]
    assert not list(work.glob(".session-*")) and not list(work.glob("*.wal"))


def test_a_database_a_store_of_this_process_has_open_is_kept_until_it_closes(copy, tmp_path):
    work = tmp_path / "work"
    first = CorpusStore.open(copy, work)
    old = databases(work)
    left = change(copy)
    with CorpusStore.open(copy, work) as second:
        assert second.built
        assert len(databases(work)) == 2, "the first store still reads its database"
        assert first.value("SELECT count(*) FROM corpus.articles") == 5
    first.close()
    with CorpusStore.open(copy, work) as third:
        assert not third.built and third.counts["articles"] == left
    assert len(databases(work)) == 1 and databases(work) != old


def test_another_process_keeps_its_database_and_session_and_a_killed_ones_are_removed(copy, tmp_path):
    work = tmp_path / "work"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(copy), str(work)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "5"
        old = databases(work)
        (session,) = work.glob(".session-*.duckdb")
        past = time.time() - STALE_SECONDS - 60
        os.utime(session, (past, past))  # old enough to be removed, were its process gone
        left = change(copy)
        with CorpusStore.open(copy, work) as store:
            assert store.built and store.counts["articles"] == left
        assert set(old) < set(databases(work)), "the other process still reads its database"
        assert session.exists(), "and writes its session"
        holder.stdin.write("count\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "5", "and goes on reading"
        holder.send_signal(signal.SIGKILL)  # nothing of it is cleaned up by itself
        holder.wait(timeout=60)
        assert session.exists() and set(old) < set(databases(work))
        with CorpusStore.open(copy, work) as store:
            assert not store.built
        assert not set(old) & set(databases(work)) and len(databases(work)) == 1
        assert not session.exists()
    finally:
        holder.kill()
        holder.wait(timeout=60)


def test_another_datasets_database_in_the_same_work_folder_is_left(copy, dataset, tmp_path):
    work = tmp_path / "work"
    with CorpusStore.open(dataset, work):
        (theirs,) = databases(work)
    with CorpusStore.open(copy, work):
        (ours,) = set(databases(work)) - {theirs}
    change(copy)
    with CorpusStore.open(copy, work) as store:
        assert store.built
    assert theirs in databases(work) and ours not in databases(work)
    assert len(databases(work)) == 2


def test_left_overs_of_this_process_id_before_it_started_are_removed_and_its_own_are_not(copy, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    earlier = work / f".session-{os.getpid()}-dead.duckdb"  # a killed process that had this id
    unfinished = work / f".corpus-0123.duckdb.{os.getpid()}.77.tmp"
    for path in (earlier, unfinished):
        path.write_bytes(b"left over")
        os.utime(path, (1_000_000_000, 1_000_000_000))
    with CorpusStore.open(copy, work) as store:
        own = store._session
        store.execute("CREATE TABLE kept_here AS SELECT 1 AS one")
        assert own.exists()
        with CorpusStore.open(copy, work):
            assert own.exists(), "the other store's session is this process's, in use"
    assert not earlier.exists() and not unfinished.exists()
