"""`--engine dask`: the seeds through a real two-worker LocalCluster give the serial rows byte for byte,
and a run resumes from what a killed run, a killed worker or a failed article left.

The cluster is one per module, of worker processes (not threads): articles and rows then cross
process boundaries as on a real cluster, and each worker loads the model itself (the worker plugin),
which is what these tests are for. The CLI reaches it with `--scheduler`; the tests that need a
cluster inside the CLI (`--jobs`) start their own. Only the failure and memory:// test uses an
in-process cluster: a pipeline that breaks on purpose can only be handed to workers in this process,
and fsspec's memory:// filesystem is one per process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import fsspec
import pandas as pd
import pyarrow.dataset as ds
import pytest
from distributed import Client, LocalCluster

import lib.cluster
from lib.cache import ArticleCache
from lib.cluster import ClusterError, check_worker, local_cluster
from lib.corpus import read_corpus
from lib.dataset import INFO_FILE, PARTS_DIR, SOURCES_DIR, Scanned, Source, default_parts, split_parts
from lib.extract import TABLE_FILES, main
from lib.frames import TABLES, typed_frame
from lib.nlp import load_model, model_fingerprint
from lib.pipeline import extract_articles

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
NO_HTTP_PORT = {"dashboard_address": "127.0.0.1:0"}  # as lib.cluster.local_cluster: no fixed port
DASK = ["--engine", "dask", "--partitions", "5", "--csv"]  # a part per seed article


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two one-thread worker processes, as `--jobs 2` starts (lib.cluster)."""
    with local_cluster(2) as started, Client(started) as client:
        yield started.scheduler_address, client


@pytest.fixture
def scheduler(cluster) -> str:
    """The module cluster's address, once both workers are up (a test may have killed one)."""
    address, client = cluster
    client.wait_for_workers(2, timeout=120)
    return address


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The serial path's CSVs of the seeds (`python -m lib.extract seeds --out DIR`), as bytes."""
    out = tmp_path_factory.mktemp("serial")
    assert main([str(SEEDS), "--out", str(out), "--cache-dir", str(out / "cache")]) == 0
    return {name: (out / name).read_bytes() for name in TABLE_FILES}


def csvs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in TABLE_FILES}


def sorted_csv(frame: pd.DataFrame) -> str:
    return frame.sort_values(list(frame.columns)).to_csv(index=False)


def test_two_workers_write_the_serial_rows_byte_for_byte(scheduler, serial, tmp_path, capsys):
    out = tmp_path / "out"
    command = [str(SEEDS), "--out", f"file://{out}", "--engine", "dask", "--scheduler", scheduler, "--csv"]
    assert main(command) == 0
    assert "5 articles (5 processed, 0 already in the output, 0 skipped)" in capsys.readouterr().err
    assert csvs(out) == serial, "the same CSVs, in the same order"
    # The dataset holds each article's rows as extracted: what the serial path caches per article.
    per_article = extract_articles(read_corpus([SEEDS]).articles, ArticleCache(tmp_path / "c", "m"))
    for table, columns in TABLES.items():
        read = ds.dataset(out / table, format="parquet").to_table().to_pandas()
        assert list(read.columns) == columns
        assert sorted_csv(typed_frame(read, table)) == sorted_csv(per_article[table]), table
    assert len(list((out / PARTS_DIR).glob("*.json"))) == 5, "one part per article: 5 < 4 per worker x 2"


def test_a_run_killed_midway_is_resumed_and_what_it_left_unfinished_removed(
    scheduler, serial, tmp_path, capsys
):
    """The CLI (with its own `--jobs 2` cluster) dies after its first finished part; the next run
    skips what the finished parts hold, and removes the files of a part without a marker."""
    out = tmp_path / "out"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_ONE_PART, str(SEEDS), "--out", str(out), *DASK, "--jobs", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    settled(out)  # the killed run's workers may still be writing a part
    finished = sorted((out / PARTS_DIR).glob("*.json"))
    assert 1 <= len(finished) < 5
    # What the killed run left of parts it had not finished, as the next run should find it.
    marked = {marker.stem for marker in finished}
    left = [
        path
        for path in out.rglob("*")
        if path.name.endswith(".tmp")
        or (path.parent.name in (*TABLES, SOURCES_DIR) and path.name.split(".")[0] not in marked)
    ]
    # What a worker killed while writing leaves: a table file of a part that has no marker, and a
    # temporary file.
    unfinished = out / "mentions" / "part-unfinished.parquet"
    shutil.copy(out / "mentions" / f"{finished[0].stem}.parquet", unfinished)
    (out / "quotes" / ".part-x.parquet.0123.tmp").write_bytes(b"half")
    command = [str(SEEDS), "--out", str(out), "--engine", "dask", "--scheduler", scheduler, "--csv"]
    assert main(command) == 0
    err = capsys.readouterr().err
    assert f"removed {2 + len(left)} file(s) a killed run or worker left unfinished" in err
    assert f"({5 - len(finished)} processed, {len(finished)} already in the output, 0 skipped)" in err
    assert csvs(out) == serial
    ids = ds.dataset(out / "articles", format="parquet").to_table()["article_id"].to_pylist()
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 5, "every article once"
    assert not list(out.rglob(".*.tmp")) and not unfinished.exists()


def settled(folder: Path, quiet: float = 2.0, longest: float = 60.0) -> None:
    """Wait until no file under `folder` has changed for `quiet` seconds (at most `longest`)."""

    def listing() -> set[tuple[str, int]]:
        return {(str(p), p.stat().st_size) for p in folder.rglob("*") if p.is_file()}

    deadline, seen = time.monotonic() + longest, listing()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = listing()
        if now == seen:
            return
        seen = now


# The CLI, killed (SIGKILL: nothing is cleaned up) as soon as its first part has finished.
KILLED_AFTER_ONE_PART = """
import os, signal, sys
import distributed
completed = distributed.as_completed
def dying(futures, *args, **kwargs):
    for number, future in enumerate(completed(futures, *args, **kwargs)):
        if number == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        yield future
distributed.as_completed = dying
from lib.extract import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_worker_killed_during_a_part_is_replaced_and_the_run_completes(
    cluster, scheduler, serial, tmp_path
):
    _, client = cluster
    pids = client.run(os.getpid)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "lib.extract", str(SEEDS), "--out", str(out), *DASK, "--scheduler", scheduler],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and run.poll() is None and time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if any("dateline-part-" in str(k) for k in keys)]
        if busy:
            victim = busy[0]
            os.kill(pids[victim], signal.SIGKILL)
        time.sleep(0.01)
    _, stderr = run.communicate(timeout=300)
    assert victim is not None, "a worker was given a part before the run ended"
    assert run.returncode == 0, stderr
    assert "5 processed" in stderr
    assert csvs(out) == serial
    assert len(list((out / PARTS_DIR).glob("*.json"))) == 5
    assert not list(out.rglob(".*.tmp"))


def test_a_failed_article_is_reported_skipped_and_retried_next_time_on_memory_urls(monkeypatch, capsys):
    from spacy.language import Language

    @Language.component("explode_on_kaboom")
    def explode(doc):
        if "KABOOM" in doc.text:
            raise ValueError("component failed on this text")
        return doc

    broken = load_model.__wrapped__()  # a private pipeline: the shared one must not get this component
    broken.add_pipe("explode_on_kaboom", before="dateline_finish")
    memory = fsspec.filesystem("memory")
    memory.pipe("/corpus/one.txt", b"Mayor Ana Ruiz flew to Lima on Monday.\n")
    memory.pipe("/corpus/two.txt", b'"We are ready," Ana Ruiz said in Lima.\n')
    memory.pipe("/corpus/three.txt", b"KABOOM. Ana Ruiz flew to Quito.\n")
    command = ["memory://corpus", "--out", "memory://out", "--engine", "dask", "--csv"]
    try:
        with LocalCluster(2, processes=False, dashboard_address=None, scheduler_kwargs=NO_HTTP_PORT) as local:
            monkeypatch.setattr(lib.cluster, "load_model", lambda: broken)
            assert main([*command, "--scheduler", local.scheduler_address]) == 0
            err = capsys.readouterr().err
            assert "skipped three.txt: extraction failed (ValueError: component failed on this text)" in err
            assert "(2 processed, 0 already in the output, 1 skipped)" in err
            articles = memory.cat("/out/articles.csv").decode()
            assert "one.txt" in articles and "three.txt" not in articles
            monkeypatch.undo()
            assert main([*command, "--scheduler", local.scheduler_address]) == 0
            assert "(1 processed, 2 already in the output, 0 skipped)" in capsys.readouterr().err
            assert "three.txt" in memory.cat("/out/articles.csv").decode()
    finally:
        memory.rm(["/corpus", "/out"], recursive=True)


def test_a_dataset_of_another_model_is_refused_before_any_work(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / INFO_FILE).write_text(json.dumps({"format": "dateline-dataset-1", "model": "other==1"}))
    assert main([str(SEEDS), "--out", str(out), "--engine", "dask"]) == 2
    err = capsys.readouterr().err
    assert "holds rows of other==1" in err and "give another --out" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--partitions", "2"], "--partitions and --csv are options of --engine dask"),
        (["--engine", "dask", "--cache-dir", "c"], "--cache-dir is for the cache engine"),
        (["--engine", "dask", "--jobs", "2", "--scheduler", "tcp://x:1"], "--jobs starts a local cluster"),
        (["--jobs", "0"], "--jobs must be 1 or more"),
    ],
)
def test_options_that_do_not_go_together_are_refused(tmp_path, capsys, options, message):
    assert main([str(SEEDS), "--out", str(tmp_path / "out"), *options]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_urls_need_the_dask_engine_and_must_exist(tmp_path, capsys):
    assert main(["memory://nothing-here", "--out", str(tmp_path / "o"), "--engine", "dask"]) == 2
    assert "no such file or folder: memory://nothing-here" in capsys.readouterr().err
    assert main([f"file://{SEEDS}", "--out", str(tmp_path / "o")]) == 2
    assert "are read and written by --engine dask only" in capsys.readouterr().err


def test_a_file_as_out_is_refused(tmp_path, capsys):
    (tmp_path / "afile").write_text("keep me", encoding="utf-8")
    assert main([str(SEEDS), "--out", str(tmp_path / "afile"), "--engine", "dask"]) == 2
    assert "is a file: give the folder to write the dataset into" in capsys.readouterr().err


def test_parts_are_named_by_what_they_hold_and_nearly_equal():
    items = [Scanned(Source(f"file:///{n}.txt", f"{n}.txt"), article_id=str(n)) for n in range(10)]
    keys = {item.article_id: "k" for item in items}
    parts = split_parts(items, keys, 3)
    assert [len(members) for _, members in parts] == [3, 4, 3]
    assert [m.article_id for _, members in parts for m in members] == [str(n) for n in range(10)]
    assert split_parts(items, keys, 3) == parts, "the same articles make the same part names"
    assert split_parts(items, {**keys, "0": "changed"}, 3)[0][0] != parts[0][0]
    assert len(split_parts(items, keys, 50)) == 10
    assert default_parts(1_000, 2) == 8 and default_parts(1_000_000, 100) == 2_000


def test_a_worker_of_another_version_refuses_its_task():
    check_worker(model_fingerprint())
    with pytest.raises(ClusterError, match=r"install the same requirements\.txt and Dateline revision"):
        check_worker("en_core_web_sm==0.0+dateline0")
