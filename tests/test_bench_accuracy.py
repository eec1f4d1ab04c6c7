"""bench/accuracy.py and bench/scoring.py: figures equal to the shared scorer's, each miss given its cause.

The inputs are written here by hand: a tiny gold file and the CSV rows Dateline might have produced
for it, with one example of each kind of miss. The last test runs the command on the bundled seeds.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.accuracy import SEEDS, SEEDS_GOLD, main, write_polnear_texts
from bench.scoring import (
    Cause,
    Miss,
    group_misses,
    looks_like_name,
    read_tables,
    score_gold,
    score_polnear,
)
from lib.extract import main as extract_main
from lib.frames import TABLES

SHARED_SCORER = Path(__file__).parent / "fixtures" / "gold" / "score.py"
POLNEAR_SCORER = Path(__file__).parents[2] / "shared" / "eval" / "polnear" / "score.py"

GOLD = {
    "people_aliases": {
        "Mara Quill": ["Mara Quill", "Quill", "PM Quill"],
        "Tomas Brindle": ["Tomas Brindle", "Brindle"],
        "Harbour Board": ["Harbour Board", "the board"],
    },
    "articles": [
        {
            "file": "a.txt",
            "quotes": [
                {"match": "We will build the bridge", "speaker": "Mara Quill"},
                {"match": "The budget is tight", "speaker": "Mara Quill"},
                {"match": "Nobody asked us", "speaker": "Tomas Brindle"},
                {"match": "We need more time", "speaker": "Tomas Brindle"},
                {"match": "a fair deal for fishers", "speaker": "Harbour Board", "speaker_optional": True},
                {"match": "never again, not on my watch", "speaker": "Tomas Brindle", "kind": "partial"},
                {"match": "the cost", "speaker": None, "optional": True},
            ],
            "people": ["Mara Quill", "Tomas Brindle", "Dora Finch"],
            "visits": [
                {"visitor": "Mara Quill", "country": "Japan", "status": "completed"},
                {"visitor": "Tomas Brindle", "country": "Chile", "status": "planned", "date": "2024-05"},
                {"visitor": "Tomas Brindle", "country": "Peru", "status": "completed"},
            ],
        }
    ],
}

ARTICLES = [{"article_id": "a", "file": "a.txt", "title": "Storm Warning Issued For The Coast"}]
QUOTES = [
    # (quote, speaker, speaker_mention, method, kind)
    ("We will build the bridge,", "Mara Quill", "Quill", "cue", "full"),
    ("The budget is tight.", "Quill", "she", "pronoun", "full"),
    ("Nobody asked us.", "Mara Quill", "she", "pronoun", "full"),
    ("We need more time.", "", "the mayor", "unattributed", "full"),
    ("a fair deal for fishers", "Mara Quill", "Quill", "cue", "partial"),
    ("never again, not on my watch", "", "", "", "scare"),
    ("the cost", "", "", "unattributed", "partial"),
    ("Words nobody wrote down", "", "", "unattributed", "full"),
]
PEOPLE = [
    "Mara Quill",
    "Tomas Brindle",
    "PM Quill",
    "Quill",
    "Kyiv",
    "Storm Warning",
    "NASA",
    "Governor Office",
]
VISITS = [
    # (visitor, country, status, date, home_country)
    ("Mara Quill", "Japan", "planned", "", ""),
    ("Tomas Brindle", "Chile", "planned", "", ""),
    ("Mara Quill", "France", "completed", "", "France"),
]


def _tables(scare: bool = True) -> dict[str, list[dict[str, str]]]:
    """The rows above as the CLI writes them; without `scare`, as it does without --scare-quotes."""
    quotes = [
        {"article_id": "a", "quote": q, "speaker": s, "speaker_mention": m, "method": how, "kind": kind}
        for q, s, m, how, kind in QUOTES
        if scare or kind != "scare"
    ]
    mentions = [{"article_id": "a", "entity": p, "text": p, "label": "PERSON"} for p in PEOPLE]
    mentions.append({"article_id": "a", "entity": "Dora Finch", "text": "Dora Finch", "label": "ORG"})
    visits = [
        {"article_id": "a", "visitor": v, "country": c, "status": st, "date": d, "home_country": home}
        for v, c, st, d, home in VISITS
    ]
    return {"articles": ARTICLES, "quotes": quotes, "mentions": mentions, "visits": visits}


def _write(tables: dict[str, list[dict[str, str]]], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with open(out / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=TABLES[name], restval="", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    return out


def _official(gold_path: Path, out: Path, scorer: Path = SHARED_SCORER, *command: str) -> dict[str, float]:
    """The SUMMARY figures the shared scorer prints for `out`."""
    result = subprocess.run(
        [sys.executable, str(scorer), *command, str(gold_path), str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    summary = result.stdout.strip().splitlines()[-1].split()
    assert summary[0] == "SUMMARY"
    return {k: float(v) for k, v in (pair.split("=") for pair in summary[1:])}


def test_gold_figures_count_each_kind_of_miss():
    figures = score_gold(GOLD, _tables()).figures
    assert figures["quote_recall"] == round(5 / 6, 3)  # "never again…" only came out as a scare quote
    assert figures["quote_precision"] == round(6 / 7, 3)  # scare quotes are not scored; one extra quote
    assert figures["speaker_acc"] == round(2 / 5, 3)
    assert figures["speaker_canon_acc"] == round(1 / 5, 3)
    assert figures["people_p"] == round(2 / 8, 3) and figures["people_r"] == round(2 / 3, 3)
    assert figures["visit_recall"] == round(2 / 3, 3) and figures["visit_precision"] == round(2 / 3, 3)
    assert figures["visit_status_acc"] == 0.5 and figures["visit_date_acc"] == 0.0
    assert figures["quotes_with_speaker"] == round(4 / 7, 3)


def test_gold_figures_equal_the_shared_scorer(tmp_path):
    gold_path = tmp_path / "gold.json"
    gold_path.write_text(json.dumps(GOLD), encoding="utf-8")
    # The scorer reads what the CLI writes by default: no scare quotes.
    official = _official(gold_path, _write(_tables(scare=False), tmp_path / "out"))
    ours = score_gold(GOLD, read_tables(_write(_tables(), tmp_path / "with-scare"))).figures
    assert official and {k: ours[k] for k in official} == official


def test_each_gold_miss_gets_its_cause():
    misses = score_gold(GOLD, _tables()).misses
    assert Counter(m.cause for m in misses) == Counter(
        [
            Cause.MISSED_AS_SCARE,
            Cause.EXTRA_QUOTE,
            Cause.SPEAKER_SHORT_NAME,  # "Quill" for Mara Quill
            Cause.SPEAKER_OTHER_PERSON,  # Mara Quill for Tomas Brindle
            Cause.SPEAKER_UNRESOLVED,  # "the mayor" found, left empty
            Cause.GOLD_NOT_A_PERSON,  # the Harbour Board's quote given to Mara Quill
            Cause.SPLIT_TITLE,
            Cause.SPLIT_SHORT,
            Cause.EXTRA_PLACE,
            Cause.EXTRA_HEADLINE,
            Cause.EXTRA_CAPS,
            Cause.EXTRA_TITLE,
            Cause.MISSED_OTHER_LABEL,
            Cause.WRONG_STATUS,
            Cause.DATE_MISSING,
            Cause.MISSED_VISIT_ELSEWHERE,  # Brindle's trip found to Chile, not Peru
            Cause.EXTRA_VISIT_HOME,
        ]
    )
    by_cause = {m.cause: m for m in misses}
    assert by_cause[Cause.SPEAKER_OTHER_PERSON].detail == "pronoun"
    assert by_cause[Cause.MISSED_OTHER_LABEL].detail == "ORG"
    assert by_cause[Cause.WRONG_STATUS].detail == "future for happened"
    assert by_cause[Cause.SPLIT_TITLE].text == "PM Quill (for Mara Quill)"


def test_speaker_causes_for_empty_pronoun_and_cut_names():
    gold = {
        "people_aliases": {"Ursula von der Leyen": ["von der Leyen"]},
        "articles": [
            {
                "file": "b.txt",
                "quotes": [
                    {"match": "one", "speaker": "Ursula von der Leyen"},
                    {"match": "two", "speaker": "Ursula von der Leyen"},
                    {"match": "three", "speaker": "Ursula von der Leyen"},
                    {"match": "four", "speaker": "Ursula von der Leyen"},
                ],
            }
        ],
    }
    rows = [("one", "", ""), ("two", "he", "he"), ("three", "von der", "von der"), ("four", "Oslo", "Oslo")]
    tables = {
        "articles": [{"article_id": "b", "file": "b.txt"}],
        "quotes": [
            {"article_id": "b", "quote": q, "speaker": s, "speaker_mention": m, "kind": "full"}
            for q, s, m in rows
        ],
        "mentions": [],
        "visits": [],
    }
    causes = [m.cause for m in score_gold(gold, tables).misses]
    assert causes == [
        Cause.SPEAKER_EMPTY,
        Cause.SPEAKER_PRONOUN,
        Cause.SPEAKER_CUT,
        Cause.SPEAKER_NOT_A_PERSON,
    ]


def test_an_article_missing_from_the_output_is_a_miss_not_a_crash():
    tables = {**_tables(), "articles": []}
    score = score_gold(GOLD, tables)
    assert score.figures["quote_recall"] == 0.0
    assert Cause.ARTICLE_MISSING in {m.cause for m in score.misses}


# PolNeAR: a text written here, with its gold quotes located by their text.
POLNEAR_TEXT = (
    'Mara Quill said: "We will fix every road in the county." Later she added "taxes stay low for now" '
    "and called the plan 'a matter of pride for all of us'. The agency said \"the plan is late again.\" "
    'A poster read "Vote early". Tomas Brindle said: "The survey shows that the old bridge needs repair '
    'before winter, and the council has known it since spring."'
)


def _span(text: str, words: str) -> tuple[int, int]:
    start = POLNEAR_TEXT.index(words)
    return start, start + len(words)


def _polnear_gold() -> list[dict]:
    quotes = [
        ("We will fix every road in the county.", "Mara Quill"),
        ("taxes stay low for now", "Quill"),
        ("the plan is late again.", "The agency"),
        ("Vote early", "poster"),
        (
            "The survey shows that the old bridge needs repair before winter, and the council has known "
            "it since spring.",
            "Tomas Brindle",
        ),
    ]
    return [
        {
            "doc_id": "doc1",
            "text": POLNEAR_TEXT,
            "quotes": [
                {
                    "quote": q,
                    "speaker": s,
                    "speaker_alt": None,
                    "start": _span(POLNEAR_TEXT, q)[0],
                    "end": _span(POLNEAR_TEXT, q)[1],
                    "closed": True,
                    "speaker_resolution": (
                        "pronoun -> CoreNLP dcoref (automatic)" if s == "Quill" else "as annotated"
                    ),
                }
                for q, s in quotes
            ],
        }
    ]


def _polnear_tables() -> dict[str, list[dict[str, str]]]:
    rows = [
        # (quote as written, speaker, method)
        ("We will fix every road in the county.", "Mara Quill", "cue"),
        ("taxes stay low for now", "she", "pronoun"),
        ("the plan is late again.", "Mara Quill", "cue"),
        ("a matter of pride for all of us", "Mara Quill", "cue"),
        ("The survey shows that the old bridge", "Tomas Brindle", "cue"),
    ]
    quotes = []
    for quote, speaker, method in rows:
        start, end = _span(POLNEAR_TEXT, quote)
        quotes.append(
            {
                "article_id": "doc1",
                "quote": quote,
                "speaker": speaker,
                "speaker_mention": speaker,
                "method": method,
                "kind": "full",
                "start": str(start),
                "end": str(end),
            }
        )
    return {
        "articles": [{"article_id": "doc1", "file": "doc1.txt"}],
        "quotes": quotes,
        "mentions": [],
        "visits": [],
    }


def test_polnear_figures_and_causes():
    score = score_polnear(_polnear_gold(), _polnear_tables())
    assert score.counts["quotes_hit"] == 3  # the bridge quote shares too little of its span
    assert score.figures["P"] == round(3 / 5, 3) and score.figures["R"] == round(3 / 5, 3)
    assert score.figures["F1"] == 0.6
    assert score.figures["speaker_acc"] == round(1 / 3, 3)
    # Of the two sources written as annotated (the third is a pronoun the converter resolved), one right.
    assert score.figures["speaker_acc_as_annotated"] == 0.5
    assert score.counts["speakers_other"] == 2 and "speakers_none" not in score.counts
    assert Counter(m.cause for m in score.misses) == Counter(
        [
            Cause.SPEAKER_PRONOUN,  # "she" never counts
            Cause.GOLD_NOT_A_PERSON,  # "The agency"
            Cause.MISSED_SHORT_QUOTE,  # "Vote early": nothing predicted
            Cause.MISSED_SPAN,
            Cause.EXTRA_SPAN,
            Cause.EXTRA_SINGLE_MARKS,
        ]
    )


@pytest.mark.skipif(
    not POLNEAR_SCORER.exists(), reason="the shared PolNeAR scorer is not beside the checkout"
)
def test_polnear_figures_equal_the_shared_scorer(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(doc) + "\n" for doc in _polnear_gold()), encoding="utf-8")
    official = _official(gold, _write(_polnear_tables(), tmp_path / "out"), POLNEAR_SCORER, "score")
    ours = score_polnear(_polnear_gold(), _polnear_tables()).figures
    assert {k: float(ours[k]) for k in official} == official


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("Tomas Brindle", True),
        ("Harbour Board chair Mara Quill", True),
        ("the FBI", True),
        ("The harbour senator", False),
        ("the agency", False),
        ("Americans", False),
        ("Democrats", False),
        ("he", False),
    ],
)
def test_a_gold_source_is_a_name_or_a_description(source, named):
    assert looks_like_name(source) is named


def test_causes_are_grouped_with_shares_details_and_examples_from_several_files():
    misses = [
        Miss("speakers", Cause.SPEAKER_EMPTY, "a.txt", "one", "unattributed"),
        Miss("speakers", Cause.SPEAKER_EMPTY, "a.txt", "two", "unattributed"),
        Miss("speakers", Cause.SPEAKER_EMPTY, "b.txt", "three", "unattributed"),
        Miss("speakers", Cause.SPEAKER_PRONOUN, "c.txt", "four", "pronoun"),
        Miss("quotes", Cause.MISSED_QUOTE, "a.txt", "five"),
    ]
    groups = group_misses(misses, examples=2)
    assert [(g.area, g.cause, g.count, g.share) for g in groups] == [
        ("quotes", Cause.MISSED_QUOTE, 1, 1.0),
        ("speakers", Cause.SPEAKER_EMPTY, 3, 0.75),
        ("speakers", Cause.SPEAKER_PRONOUN, 1, 0.25),
    ]
    assert groups[1].examples == ["a.txt: one", "b.txt: three"]
    assert groups[1].details == {"unattributed": 3}


def test_polnear_texts_folder_holds_exactly_the_documents(tmp_path):
    (tmp_path / "old.txt").write_text("a document from another gold file", encoding="utf-8")
    write_polnear_texts(_polnear_gold(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["doc1.txt"]
    assert (tmp_path / "doc1.txt").read_text(encoding="utf-8") == POLNEAR_TEXT


def test_the_command_on_the_seeds_prints_the_shared_scorers_figures(tmp_path, monkeypatch, capsys, nlp):
    monkeypatch.setenv("DATELINE_BENCH_DIR", str(tmp_path / "bench"))
    cache = tmp_path / "cache"
    assert main(["--seeds", "--cache-dir", str(cache), "--json", str(tmp_path / "accuracy.json")]) == 0
    printed = capsys.readouterr().out
    result = json.loads((tmp_path / "accuracy.json").read_text(encoding="utf-8"))["corpora"]["seeds"]
    # The shared scorer on what the CLI writes by default (same cache, so nothing is parsed again).
    plain = tmp_path / "plain"
    assert extract_main([str(SEEDS), "--out", str(plain), "--cache-dir", str(next(cache.iterdir()))]) == 0
    official = _official(SEEDS_GOLD, plain)
    assert {k: result["figures"][k] for k in official} == official
    line = next(line for line in printed.splitlines() if line.startswith("seeds: "))
    assert all(f"{k}={v}" in line for k, v in result["figures"].items())
    assert "quotes_with_speaker" in result["figures"]
    assert sum(c["count"] for c in result["causes"]) == len(result["misses"])
    assert f"seeds: {len(result['misses'])} misses" in printed
