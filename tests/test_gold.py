"""Accuracy on the seeds, scored by the team's scorer against the hand-checked gold (copied here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lib.extract import main

ROOT = Path(__file__).parent.parent
GOLD = Path(__file__).parent / "fixtures" / "gold"


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, float]:
    out = tmp_path_factory.mktemp("gold-out")
    assert (
        main([str(ROOT / "seeds"), "--out", str(out), "--cache-dir", str(tmp_path_factory.mktemp("c"))]) == 0
    )
    result = subprocess.run(
        [sys.executable, str(GOLD / "score.py"), str(GOLD / "seeds.json"), str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    print(result.stdout)
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("SUMMARY")
    return {k: float(v) for k, v in (pair.split("=") for pair in summary.split()[1:])}


@pytest.mark.parametrize("metric", ["quote_recall", "quote_precision", "speaker_canon_acc"])
def test_quotes_are_all_found_with_the_right_speaker(scores, metric):
    assert scores[metric] == 1.0


def test_people_are_one_name_each(scores):
    assert scores["people_f1"] >= 0.97
