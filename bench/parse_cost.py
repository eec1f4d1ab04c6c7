"""What parsing one article costs, by its shape and size: CPU seconds and the process's peak memory.

The limits in lib/corpus.py (characters per article, a stretch without a sentence end, quote marks) and
lib/pipeline.py (characters per parse batch) come from these figures. Each measurement runs in a fresh
process (the model loaded and warmed up on one sentence first), so one peak does not hide another.

`python -m bench.parse_cost` measures the default shapes and sizes (a few minutes of one core);
`--shape news --sizes 25000 100000` measures some of them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.common import emit, machine, run_python

# Text of each shape, `n` characters long: real-looking news, and the inputs of issue 17's report.
SHAPES = {
    "news": "generated articles joined (bench.make_corpus): short sentences, quotes, trips",
    "sentence": "one sentence, no names, no full stop",
    "trips": "one sentence of names and trips ('Ana Ruiz flew to Lima and met Tom Reed in Quito, ...')",
    "quotes": "curly-quoted one-word quotes ('“a” “a” ...'), two marks per quote",
}
DEFAULT_SIZES = {
    "news": [25_000, 50_000, 100_000],
    "sentence": [25_000, 100_000],
    "trips": [10_000, 20_000, 40_000],
    "quotes": [2_000, 4_000, 8_000],
}


def text_of(shape: str, n: int) -> str:
    """`n` characters of text of a shape."""
    if shape == "news":
        from bench.make_corpus import make_article

        parts, index = [], 0
        while sum(len(part) + 2 for part in parts) < n:
            parts.append(make_article(7, index)[0])
            index += 1
        return "\n\n".join(parts)[:n]
    unit = {
        "sentence": "The minister spoke at length about trade and the ports ",
        "trips": "Ana Ruiz flew to Lima and met Tom Reed in Quito, ",
        "quotes": "“a” ",
    }[shape]
    return (unit * (n // len(unit) + 1))[:n]


def measure_one(shape: str, n: int) -> dict:
    """Parse one article of a shape and size in this process: CPU seconds, peak memory, rows."""
    import resource
    import time

    from lib.corpus import Article
    from lib.nlp import load_model
    from lib.pipeline import article_doc
    from lib.rows import doc_rows

    nlp = load_model()
    nlp("Ana Ruiz flew to Lima.")  # one-off set-up of the components (gazetteer, dates) is not counted
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    article = Article("x", "x.txt", text_of(shape, n))  # built directly: past the limits on purpose
    started = time.process_time()
    rows = doc_rows(article, nlp(article_doc(nlp, article)))
    return {
        "shape": shape,
        "characters": n,
        "cpu_seconds": round(time.process_time() - started, 2),
        "peak_mb_before": round(before),
        "peak_mb_added": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before),
        "rows": {name: len(table) for name, table in rows.items()},
    }


def measure(shapes: list[str], sizes: list[int] | None) -> dict:
    """Each shape at each size, each in a fresh process."""
    runs = []
    for shape in shapes:
        for n in sizes or DEFAULT_SIZES[shape]:
            finished = run_python(["-m", "bench.parse_cost", "--one", shape, str(n)])
            if finished.returncode != 0:
                runs.append({"shape": shape, "characters": n, "error": finished.stderr.strip()[-300:]})
                continue
            runs.append(json.loads(finished.stdout.strip().splitlines()[-1]))
    return {"machine": machine(), "shapes": {s: SHAPES[s] for s in shapes}, "runs": runs}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.parse_cost", description=__doc__)
    parser.add_argument("--shape", nargs="+", choices=SHAPES, default=list(SHAPES), dest="shapes")
    parser.add_argument("--sizes", type=int, nargs="+", help="characters (default: per shape)")
    parser.add_argument("--one", nargs=2, metavar=("SHAPE", "N"), help="(internal) one measurement")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return
    emit(measure(args.shapes, args.sizes), args.json)


if __name__ == "__main__":
    main()
