"""How `lib.names.merge_person_variants` (run by build_frames on every cold start) scales with people.

It compares every distinct PERSON name with every other one, so its time grows with the square of
the number of distinct people in the corpus. The synthetic corpus has about a thousand; a real news
archive of 10,000 articles can have tens of thousands. `python -m bench.names_scaling` times it on
frames with 500 ... 4,000 distinct invented names (full names plus lone surnames).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import pandas as pd

from lib.frames import CorpusFrames, typed_frame
from lib.names import merge_person_variants

SYLLABLES = "ka lo ren vi sa mar to el an dri na bel ho fa ri zu em ost lin ga".split()


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def synthetic_frames(people: int, seed: int = 1) -> CorpusFrames:
    """Frames whose mentions hold `people` distinct full names and, for half of them, a lone surname."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < people:
        full = _name(rng)
        names.add(full)
        if rng.random() < 0.5 and len(names) < people:
            names.add(full.split()[-1])
    rows = [
        {"article_id": f"a{i % 500}", "entity": name, "label": "PERSON", "text": name, "start": 0, "end": 1}
        for i, name in enumerate(sorted(names))
    ]
    frames = CorpusFrames()
    frames.mentions = typed_frame(pd.DataFrame(rows), "mentions")
    return frames


def measure_names(sizes: list[int]) -> dict:
    """Seconds of merge_person_variants for each number of distinct people."""
    runs = []
    for people in sizes:
        frames = synthetic_frames(people)
        started = time.perf_counter()
        merge_person_variants(frames)
        runs.append({"people": people, "seconds": round(time.perf_counter() - started, 3)})
    return {"runs": runs}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.names_scaling", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    text = json.dumps(measure_names(args.sizes), indent=2)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
