"""One cache folder shared by processes and by corpora: racing writers, and the same text in two places."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.nlp import load_model
from lib.pipeline import extract_corpus

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
TABLES = ("articles", "mentions", "quotes", "visits")


def extract(corpus: Path, out: Path, cache: Path) -> subprocess.Popen:
    """Start `python -m lib.extract` on a corpus, writing CSVs to `out` through the cache folder."""
    command = [sys.executable, "-m", "lib.extract", str(corpus), "--out", str(out), "--cache-dir", str(cache)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def summary(process: subprocess.Popen) -> tuple[int, int]:
    """(processed, from cache) from the CLI's summary line, once it has exited cleanly."""
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    found = re.search(r"\((\d+) processed, (\d+) from cache", stderr)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


def test_two_processes_extracting_at_once_leave_a_valid_cache(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    cache = tmp_path / "cache"
    racers = [extract(corpus, tmp_path / name, cache) for name in ("first", "second")]
    runs = [summary(racer) for racer in racers]
    assert all(processed + cached == len(list(SEEDS.glob("*.txt"))) for processed, cached in runs)
    third = summary(extract(corpus, tmp_path / "third", cache))
    assert third == (0, len(list(SEEDS.glob("*.txt")))), "every article is read back from the cache"
    for table in TABLES:
        expected = (tmp_path / "first" / f"{table}.csv").read_bytes()
        assert (tmp_path / "second" / f"{table}.csv").read_bytes() == expected, table
        assert (tmp_path / "third" / f"{table}.csv").read_bytes() == expected, table
    leftovers = [path for path in cache.rglob(".*") if path.is_dir()]
    assert leftovers == [], "a writer that lost the race removes its staging folder"


def test_the_same_text_under_another_name_keeps_its_own_id_and_name(tmp_path):
    text = 'Mayor Ana Ruiz flew to Quito.\n\n"We are ready," Ruiz said.\n'
    for folder, name in (("private", "secret-memo.txt"), ("public", "story.txt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    extract_corpus(read_corpus([tmp_path / "private"]), ArticleCache(tmp_path / "c", "m"), load=load_model)
    frames = extract_corpus(read_corpus([tmp_path / "public"]), ArticleCache(tmp_path / "c", "m"))
    assert frames.articles[["article_id", "file"]].values.tolist() == [["story", "story.txt"]]
    assert set(frames.quotes["article_id"]) == {"story"}
