"""The extraction CLI contract: `python -m lib.extract PATH ... --out DIR`."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

import lib.pipeline
from lib.extract import main

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
    """`--jobs 2` parses in worker processes (Docs cross a process boundary); the CSVs are identical."""
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
