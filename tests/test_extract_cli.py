"""The extraction CLI contract: `python -m lib.extract PATH ... --out DIR`."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lib.pipeline
from lib.extract import STALE_SECONDS, main

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
CONTRACT = {
    "articles.csv": ["article_id", "file", "title", "date", "source", "words"],
    "mentions.csv": ["article_id", "entity", "label", "text", "start", "end", "sentence", "paragraph"],
    "quotes.csv": [
        "article_id",
        "quote",
        "speaker",
        "cue",
        "kind",
        "start",
        "end",
        "speaker_mention",
        "method",
        "paragraph",
    ],
    "visits.csv": ["article_id", "visitor", "place", "country", "lat", "lon", "status", "date", "evidence"],
    "meetings.csv": ["article_id", "person_a", "person_b", "place", "country", "date", "status", "evidence"],
}


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cache = tmp_path_factory.mktemp("cache")
    assert main([str(SEEDS), "--out", str(out), "--cache-dir", str(cache)]) == 0
    return out, cache


def test_writes_the_four_tables_with_contract_columns(seed_output):
    out, _ = seed_output
    for name, columns in CONTRACT.items():
        header, _ = read_rows(out / name)
        assert header[: len(columns)] == columns, name


def test_one_row_per_seed_article(seed_output):
    _, articles = read_rows(seed_output[0] / "articles.csv")
    assert sorted(a["file"] for a in articles) == sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("table", ["mentions.csv", "quotes.csv"])
def test_offsets_index_the_decoded_file_text(seed_output, table):
    out, _ = seed_output
    _, articles = read_rows(out / "articles.csv")
    texts = {a["article_id"]: (SEEDS / a["file"]).read_text(encoding="utf-8") for a in articles}
    _, rows = read_rows(out / table)
    assert rows
    column = "text" if table == "mentions.csv" else "quote"
    for row in rows:
        assert texts[row["article_id"]][int(row["start"]) : int(row["end"])] == row[column]


def test_second_run_is_served_from_the_cache_without_the_model(seed_output, tmp_path, monkeypatch, capsys):
    _, cache = seed_output

    def no_model():
        raise AssertionError("model loaded on a fully cached corpus")

    monkeypatch.setattr(lib.pipeline, "load_model", no_model)
    assert main([str(SEEDS), "--out", str(tmp_path / "again"), "--cache-dir", str(cache)]) == 0
    assert "0 processed, 5 from cache" in capsys.readouterr().err
    first = (seed_output[0] / "quotes.csv").read_text(encoding="utf-8")
    assert (tmp_path / "again" / "quotes.csv").read_text(encoding="utf-8") == first


def test_bad_files_are_reported_and_skipped(tmp_path, capsys):
    assert main([str(FIXTURES / "bad_corpus"), "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    for name in ("empty.txt", "blank.md", "picture.txt"):
        assert f"skipped {name}:" in err
    assert "latin.txt: not valid UTF-8, read as cp1252" in err
    _, articles = read_rows(tmp_path / "o" / "articles.csv")
    assert sorted(a["file"] for a in articles) == ["good.txt", "latin.txt"]


def test_bad_path_exits_non_zero_with_a_clear_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "lib.extract", str(tmp_path / "missing"), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "no such file or folder" in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_folder_without_articles_is_an_error(tmp_path, capsys):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert main([str(tmp_path), "--out", str(tmp_path / "o")]) == 1
    assert "no readable .txt or .md articles" in capsys.readouterr().err


def test_two_processes_give_the_same_rows_as_one(tmp_path):
    """`--jobs 2` parses on a local Dask cluster of two worker processes (articles and rows cross a
    process boundary); the CSVs are identical."""
    outputs = []
    for jobs in (1, 2):
        out = tmp_path / f"out-{jobs}"
        command = [sys.executable, "-m", "lib.extract", str(SEEDS), "--out", str(out), "--jobs", str(jobs)]
        done = subprocess.run(
            [*command, "--cache-dir", str(tmp_path / f"cache-{jobs}")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "5 processed, 0 from cache" in done.stderr
        outputs.append({name: (out / name).read_bytes() for name in CONTRACT})
    assert outputs[0] == outputs[1]
    assert outputs[0]["quotes.csv"].count(b"\n") > 10


def cli(
    *args: str, prefix: list[str] | None = None, script: str | None = None
) -> subprocess.CompletedProcess:
    """Run the real CLI (or `script`, a wrapper around it) in a new process."""
    command = (
        [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "lib.extract", *args]
    )
    return subprocess.run([*(prefix or []), *command], cwd=ROOT, capture_output=True, text=True, timeout=300)


def assert_refused_at_once(done: subprocess.CompletedProcess, message: str, cache: Path) -> None:
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not cache.exists(), "refused before any article was parsed (nothing was cached)"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        pytest.param("afile", "--out {out} is a file: give the folder", id="a-file"),
        pytest.param("afile/sub", "cannot create --out {out} (Not a directory)", id="under-a-file"),
        pytest.param("", "--out is empty", id="empty"),
        pytest.param("/dev/null", "--out /dev/null is not a folder", id="dev-null"),
        pytest.param("fifo", "--out {out} is not a folder", id="fifo"),
    ],
)
def test_an_out_that_cannot_be_a_folder_is_refused_before_parsing(tmp_path, out, message):
    (tmp_path / "afile").write_text("keep me", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    given = str(tmp_path / out) if out and not out.startswith("/") else out
    done = cli(str(SEEDS), "--out", given, "--cache-dir", str(tmp_path / "cache"))
    assert_refused_at_once(done, message.format(out=given), tmp_path / "cache")
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "fifo"], "nothing made in the way"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        pytest.param("locked", "cannot write into --out {out} (Permission denied)", id="unwritable"),
        pytest.param(
            "locked/new/deeper", "cannot create --out {out} (Permission denied)", id="in-unwritable"
        ),
    ],
)
def test_an_unwritable_out_is_refused_before_parsing(tmp_path, without_root_reads, out, message):
    (tmp_path / "locked").mkdir(mode=0o555)
    given = str(tmp_path / out)
    done = cli(str(SEEDS), "--out", given, "--cache-dir", str(tmp_path / "cache"), prefix=without_root_reads)
    assert_refused_at_once(done, message.format(out=given), tmp_path / "cache")
    assert list((tmp_path / "locked").iterdir()) == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("", "an empty PATH", id="empty"),
        pytest.param("/dev/null", "/dev/null is neither an article file nor a folder", id="dev-null"),
        pytest.param("fifo", "{path} is neither an article file nor a folder", id="fifo"),
    ],
)
def test_a_path_that_is_not_articles_gets_a_message_not_a_traceback(tmp_path, path, message):
    os.mkfifo(tmp_path / "fifo")  # reading it would wait for a writer forever
    given = str(tmp_path / path) if path and not path.startswith("/") else path
    done = cli(given, "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"))
    assert_refused_at_once(done, message.format(path=given), tmp_path / "cache")
    assert not (tmp_path / "out").exists()


def test_an_unreadable_folder_gets_a_message_not_a_traceback(tmp_path, without_root_reads):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), folder)
    folder.chmod(0)
    try:
        done = cli(str(folder), "--out", str(tmp_path / "out"), prefix=without_root_reads)
    finally:
        folder.chmod(0o755)
    assert_refused_at_once(done, f"cannot read the folder {folder} (Permission denied)", tmp_path / "cache")


# The CLI with its CSV writer made to die (SIGKILL, so no clean-up runs) halfway through one table.
KILLED_WHILE_WRITING = """
import os, signal, sys
import pandas as pd
victim = sys.argv.pop(1)
write = pd.DataFrame.to_csv
def to_csv(self, path, *args, **kwargs):
    if os.path.basename(str(path)) == victim:
        text = self.to_csv(None, index=False)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[: len(text) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return write(self, path, *args, **kwargs)
pd.DataFrame.to_csv = to_csv
from lib.extract import STALE_SECONDS, main
sys.exit(main())
"""


def test_a_run_killed_while_writing_leaves_the_last_good_tables(tmp_path):
    corpus, out, cache = tmp_path / "corpus", tmp_path / "out", str(tmp_path / "cache")
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed, corpus)
    assert cli(str(corpus), "--out", str(out), "--cache-dir", cache).returncode == 0
    good = {name: (out / name).read_bytes() for name in CONTRACT}
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)  # the next run has more to write
    killed = cli(
        "mentions.csv", str(corpus), "--out", str(out), "--cache-dir", cache, script=KILLED_WHILE_WRITING
    )
    assert killed.returncode == -signal.SIGKILL
    assert {name: (out / name).read_bytes() for name in CONTRACT} == good, "no table cut short or mixed"
    left = [path.name for path in out.iterdir() if path.name not in CONTRACT]
    assert len(left) == 1 and left[0].startswith(".dateline-"), left
    again = cli(str(corpus), "--out", str(out), "--cache-dir", cache)
    assert again.returncode == 0, again.stderr
    assert f"removed {left[0]}, left by an interrupted run" in again.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(CONTRACT), "the staging folder is gone"
    _, articles = read_rows(out / "articles.csv")
    assert len(articles) == 4
    assert (out / "mentions.csv").read_bytes() != good["mentions.csv"]


# The CLI with the cache's Parquet writer made to die after the first table of the first entry.
KILLED_WHILE_CACHING = """
import os, signal, sys
import pyarrow.parquet as pq
write = pq.write_table
def write_table(table, where, *args, **kwargs):
    write(table, where, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
pq.write_table = write_table
from lib.extract import STALE_SECONDS, main
sys.exit(main())
"""


def test_cache_staging_left_by_a_killed_run_is_removed_by_a_later_one(tmp_path):
    cache = tmp_path / "cache"
    first = next(SEEDS.glob("*.txt"))
    killed = cli(
        str(first), "--out", str(tmp_path / "a"), "--cache-dir", str(cache), script=KILLED_WHILE_CACHING
    )
    assert killed.returncode == -signal.SIGKILL
    left = list(cache.rglob(".*"))
    assert len(left) == 1 and left[0].is_dir(), left
    # A second, young one stands for a run writing right now: it must survive.
    young = left[0].with_name(".0123456789ab-live")
    young.mkdir()
    old = time.time() - STALE_SECONDS - 60
    os.utime(left[0], (old, old))
    done = cli(str(first), "--out", str(tmp_path / "b"), "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    assert "removed 1 temporary cache file(s) left by interrupted runs" in done.stderr
    assert not left[0].exists() and young.exists()


def _as_from_a_terminal() -> None:
    """In the child, SIGINT as a shell leaves it for a command: default handling, not blocked. A child
    inherits both from the test process; twice in the full suite (never alone) the run went on to the
    end untouched by the signal. A probe of the test process found neither changed, so the cause is
    not known; this rules out whatever the process around the test left behind."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_during_a_run_says_so_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "lib.extract", str(SEEDS), "--out", str(out)]
    run = subprocess.Popen(
        [*command, "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,
    )
    deadline = time.monotonic() + 60
    while not list(out.glob(".dateline-*")) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)  # the staging folder exists once --out is checked, before any parsing
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert "interrupted: the files in" in stderr and "Traceback" not in stderr
    assert not out.exists(), "the folder made for --out is removed again, staging and all"
