"""How accurate Dateline's extraction is on the seeds, the devset and PolNeAR, and why it misses.

python -m bench.accuracy [--seeds] [--devset DIR] [--devset-gold PATH] [--polnear FILE.jsonl]
                         [--jobs N] [--cache-dir DIR] [--examples N] [--json OUT]

Runs the CLI's own extraction (`lib.extract.main`, with scare quotes kept apart to explain misses),
scores it by the shared scorers' rules (bench/scoring.py: the same figures as theirs) and prints one
line of figures per corpus, then the misses grouped by cause with a few examples each.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from bench.common import ROOT, machine, work_dir
from bench.scoring import (
    AREAS,
    CauseGroup,
    Score,
    Tables,
    as_dicts,
    group_misses,
    read_tables,
    score_gold,
    score_polnear,
)
from lib.extract import main as extract_main

SEEDS = ROOT / "seeds"
SEEDS_GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.json"
DEVSET = ROOT.parent / "devset-corpus"  # where ../shared/devset/README.md has it rebuilt
DEVSET_GOLD = ROOT.parent / "shared" / "devset" / "gold.json"


@dataclass
class Measured:
    """One corpus measured: its score, where the CSVs are, and how long each part took."""

    corpus: str
    score: Score
    out: Path
    extract_seconds: float
    score_seconds: float


def lib_digest() -> str:
    """A digest of lib/'s code and data: the cache key that `EXTRACTOR_VERSION` alone is not."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "lib").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def extract(corpus: Path, out: Path, cache: Path, jobs: int) -> float:
    """Run the CLI's extraction into `out` (scare quotes included) and return the seconds it took."""
    argv = [str(corpus), "--out", str(out), "--cache-dir", str(cache), "--jobs", str(jobs), "--scare-quotes"]
    started = time.perf_counter()
    code = extract_main(argv)
    if code != 0:
        raise SystemExit(f"error: python -m lib.extract {' '.join(argv)} failed with exit code {code}")
    return time.perf_counter() - started


def write_polnear_texts(docs: list[dict], folder: Path) -> None:
    """Make `folder` hold each document's text as DOC_ID.txt, and nothing else (as write-corpus does)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {f"{doc['doc_id']}.txt" for doc in docs}
    for stale in folder.glob("*.txt"):
        if stale.name not in names:
            stale.unlink()
    for doc in docs:
        path = folder / f"{doc['doc_id']}.txt"
        # Unchanged files keep their mtime, so the cached corpus snapshot still applies.
        if not path.exists() or path.read_text(encoding="utf-8") != doc["text"]:
            path.write_text(doc["text"], encoding="utf-8")


def measure(
    name: str, corpus: Path, scorer: Callable[[Tables], Score], work: Path, cache: Path, jobs: int
) -> Measured:
    """Extract one corpus into work/out-NAME and score it."""
    out = work / f"out-{name}"
    print(f"accuracy: extracting {name} ({corpus}) …", file=sys.stderr, flush=True)
    extract_seconds = extract(corpus, out, cache, jobs)
    started = time.perf_counter()
    score = scorer(read_tables(out))
    return Measured(name, score, out, extract_seconds, time.perf_counter() - started)


def read_gold(path: Path) -> dict:
    """A gold file (seeds.json, devset gold.json), or exit with a message saying what is wrong."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"error: cannot read the gold file {path}: {error}") from error


def read_polnear(path: Path) -> list[dict]:
    """Converted PolNeAR documents (one JSON object per line), or exit with a message."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as error:
        raise SystemExit(
            f"error: cannot read {path}: {error} (make it with ../shared/eval/polnear/convert.py)"
        ) from error


def figures_line(m: Measured) -> str:
    """One line: the corpus, its figures as the official scorer names them, and the time taken."""
    figures = " ".join(f"{k}={v}" for k, v in m.score.figures.items())
    return f"{m.corpus}: {figures} ({m.extract_seconds:.1f} s extraction, {m.score_seconds:.1f} s scoring)"


def causes_table(m: Measured, groups: list[CauseGroup]) -> list[str]:
    """The misses of one corpus as a text table: area, count, share of the area's misses, cause, examples."""
    by_area = {area: sum(g.count for g in groups if g.area == area) for area in AREAS}
    totals = ", ".join(f"{area} {count}" for area, count in by_area.items() if count)
    lines = [f"{m.corpus}: {sum(by_area.values())} misses ({totals or 'none'})"]
    if groups:
        lines.append(f"  {'area':<9} {'count':>5} {'share':>6}  cause [detail counts]")
    for g in groups:
        details = ", ".join(f"{k} {v}" for k, v in g.details.items())
        lines.append(
            f"  {g.area:<9} {g.count:>5} {g.share:>6.0%}  {g.cause}" + (f" [{details}]" if details else "")
        )
        lines += [f"{'':>26}{example}" for example in g.examples]
    return lines


def report(measured: list[Measured], examples: int, seconds: float) -> str:
    """Everything the command prints: figures per corpus, then each corpus's causes, then the time."""
    lines = [figures_line(m) for m in measured]
    for m in measured:
        lines += ["", *causes_table(m, group_misses(m.score.misses, examples))]
    lines += ["", f"accuracy: {seconds:.1f} s in all; CSVs in {', '.join(str(m.out) for m in measured)}"]
    return "\n".join(lines)


def as_json(measured: list[Measured], examples: int, seconds: float) -> dict:
    """The same results as data: figures, counts, causes and every miss, per corpus."""
    return {
        "corpora": {
            m.corpus: {
                "figures": m.score.figures,
                "counts": m.score.counts,
                "causes": [asdict(g) for g in group_misses(m.score.misses, examples)],
                "misses": as_dicts(m.score.misses),
                "extract_seconds": round(m.extract_seconds, 1),
                "score_seconds": round(m.score_seconds, 2),
                "out": str(m.out),
            }
            for m in measured
        },
        "seconds": round(seconds, 1),
        "machine": machine(),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", action="store_true", help=f"the bundled seeds, gold {SEEDS_GOLD.name}")
    parser.add_argument("--devset", type=Path, metavar="DIR", help="a rebuilt devset folder")
    parser.add_argument(
        "--devset-gold", type=Path, metavar="PATH", help=f"the devset's gold (default {DEVSET_GOLD})"
    )
    parser.add_argument(
        "--polnear",
        type=Path,
        metavar="FILE.jsonl",
        help="PolNeAR gold from ../shared/eval/polnear/convert.py",
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes for spaCy (default 1)")
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="parse cache; a subfolder per version of lib/ is used, so a rule change is never hidden "
        "by rows cached before it (default $DATELINE_BENCH_DIR/accuracy/cache)",
    )
    parser.add_argument("--examples", type=int, default=3, help="examples per cause (default 3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write figures, causes and misses here")
    args = parser.parse_args(argv)
    if not (args.seeds or args.devset or args.polnear):
        parser.error("say what to measure: --seeds, --devset DIR and/or --polnear FILE.jsonl")
    if args.devset and not args.devset.is_dir():
        parser.error(f"--devset: no such folder: {args.devset} (rebuild it: ../shared/devset/README.md)")
    if args.devset and args.devset_gold is None:
        if not DEVSET_GOLD.is_file():
            parser.error(f"--devset needs its gold: pass --devset-gold PATH (no {DEVSET_GOLD})")
        args.devset_gold = DEVSET_GOLD
    if args.jobs < 1 or args.examples < 0:
        parser.error("--jobs must be 1 or more and --examples 0 or more")
    return args


def run(args: argparse.Namespace) -> tuple[list[Measured], float]:
    """Measure every corpus the arguments name; returns them and the total seconds."""
    started = time.perf_counter()
    work = work_dir() / "accuracy"
    cache = (args.cache_dir or work / "cache") / f"lib-{lib_digest()}"
    measured = []
    if args.seeds:
        scorer = partial(score_gold, read_gold(SEEDS_GOLD))
        measured.append(measure("seeds", SEEDS, scorer, work, cache, args.jobs))
    if args.devset:
        scorer = partial(score_gold, read_gold(args.devset_gold))
        measured.append(measure("devset", args.devset, scorer, work, cache, args.jobs))
    if args.polnear:
        docs = read_polnear(args.polnear)
        texts = work / f"texts-{args.polnear.stem}"
        write_polnear_texts(docs, texts)
        measured.append(measure("polnear", texts, partial(score_polnear, docs), work, cache, args.jobs))
    return measured, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    args = parse_args(argv)
    measured, seconds = run(args)
    print(report(measured, args.examples, seconds))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        result = as_json(measured, args.examples, seconds)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
