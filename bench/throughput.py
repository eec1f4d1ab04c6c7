"""Throughput and scaling of the extraction CLI: articles/s and words/s by corpus size and --jobs.

Each run is a fresh `python -m lib.extract CORPUS --out DIR --jobs N --cache-dir EMPTY_DIR`, so the
figures include start-up (imports, model load, gazetteer) and writing the cache, as a user sees them.
`--jobs 2` is first checked on the smallest corpus; if it fails, the failure is recorded (with the
error's last line) and the other jobs-2 runs are skipped.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
from pathlib import Path

from bench.common import emit, machine, run_python, work_dir
from bench.make_corpus import write_corpus

SUMMARY = re.compile(r"(\d+) articles \((\d+) processed, (\d+) from cache.* in ([\d.]+)s ->")
DEFAULT_SEED = 7


def corpus_dir(n: int, seed: int = DEFAULT_SEED) -> Path:
    """A generated corpus of n articles under the bench work folder (written once, then reused)."""
    folder = work_dir() / f"corpus-{n}-seed{seed}"
    if len(list(folder.glob("*.txt"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, n, seed)
    return folder


def cache_dir(n: int, jobs: int, seed: int = DEFAULT_SEED) -> Path:
    """The cache folder a throughput run of n articles with `jobs` processes fills."""
    return work_dir() / f"cache-{n}-seed{seed}-j{jobs}"


def _words(out: Path) -> int:
    with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return sum(int(row["words"]) for row in csv.DictReader(handle))


def run_extract(n: int, jobs: int, seed: int = DEFAULT_SEED, fresh: bool = True) -> dict:
    """One CLI run in a new process (over an emptied cache if `fresh`); timings, rates, peak RSS or error."""
    corpus = corpus_dir(n, seed)
    cache = cache_dir(n, jobs, seed)
    out = work_dir() / f"out-{n}-j{jobs}"
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    args = [
        "-m",
        "lib.extract",
        str(corpus),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--cache-dir",
        str(cache),
    ]
    load_before = machine()["load_average"]
    finished = run_python(args)
    result: dict = {
        "articles": n,
        "jobs": jobs,
        "command": f"python {' '.join(args)}",
        "returncode": finished.returncode,
        "wall_seconds": round(finished.seconds, 2),
        "peak_rss_mb": finished.peak_rss_mb,
        "load_average_before": load_before,
    }
    match = SUMMARY.search(finished.stderr)
    if finished.returncode != 0 or not match:
        lines = [line for line in finished.stderr.splitlines() if line.strip() and "article/s" not in line]
        result["error"] = lines[-1] if lines else f"exit code {finished.returncode}"
        return result
    processed, extract_seconds = int(match.group(2)), float(match.group(4))
    # Rates count the articles parsed (all of them unless the cache held some), words pro rata.
    words = round(_words(out) * processed / n)
    result.update(
        processed=processed,
        cached=int(match.group(3)),
        words=words,
        extract_seconds=extract_seconds,
        articles_per_second=round(processed / finished.seconds, 2),
        words_per_second=round(words / finished.seconds, 1),
        articles_per_second_excluding_startup=round(processed / extract_seconds, 2),
    )
    return result


def measure_throughput(sizes: list[int], jobs: list[int], big: int | None = None) -> dict:
    """Runs for every size x jobs (interleaved), plus one jobs-2 run of `big` articles if given."""
    started_on = machine()
    runs: list[dict] = []
    jobs2_failure: dict | None = None
    if any(j > 1 for j in jobs) or big:
        check = run_extract(min(sizes), 2)
        runs.append(check)
        jobs2_failure = check if "error" in check else None
    for n in sizes:
        for j in jobs:
            if j > 1 and (jobs2_failure or n == min(sizes)):
                continue  # failed, or the check above was this run
            runs.append(run_extract(n, j))
    if big and not jobs2_failure:
        runs.append(run_extract(big, 2))
    return {"machine": started_on, "jobs2_failure": jobs2_failure, "runs": runs}


def grow(from_n: int, to_n: int) -> dict:
    """Fill the cache of a `to_n` corpus by copying the `from_n` one and extracting only the rest (jobs 2).

    The first `from_n` articles of both corpora are the same files, so their cache entries are reused.
    """
    source, target = cache_dir(from_n, 2), cache_dir(to_n, 2)
    if not (source / "articles").is_dir():
        return {"error": f"no cache at {source}: run the {from_n}-article throughput run first"}
    if not target.exists():
        shutil.copytree(source, target)
    started_on = machine()
    result = run_extract(to_n, 2, fresh=False)
    result["grown_from"] = from_n
    return {"machine": started_on, "runs": [result]}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100], help="corpus sizes (default 100)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values (default 1 2)")
    parser.add_argument("--big", type=int, help="also one jobs-2 run over this many articles")
    parser.add_argument(
        "--grow", type=int, nargs=2, metavar=("FROM", "TO"), help="only extend FROM's cache to TO articles"
    )
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    result = grow(*args.grow) if args.grow else measure_throughput(args.sizes, args.jobs, args.big)
    emit(result, args.json)


if __name__ == "__main__":
    main()
