"""Run Dateline's benchmarks: `python -m bench.run --quick` (minutes) or `--full` (about an hour).

Each step runs in its own fresh Python process and writes `bench/results/<plan>/<step>.json`; the
Markdown summary (`bench/results/<plan>/summary.md`) is rebuilt from whatever results exist, so steps
can be rerun one at a time with `--only STEP`. Corpora and caches go to $DATELINE_BENCH_DIR (default
/tmp/dateline-bench), never to the user's cache.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.accuracy import DEVSET, DEVSET_GOLD
from bench.common import ROOT, machine, run_python, work_dir
from bench.report import write_summary
from bench.throughput import cache_dir, corpus_dir

RESULTS = ROOT / "bench" / "results"
STEPS = (
    "overhead",
    "names",
    "throughput",
    "grow",
    "incremental",
    "coldstart",
    "app",
    "accuracy",
    "uploads",
    "dask",
)
PLANS = {
    "quick": {
        "overhead": {"n": 20, "repeats": 2},
        "names": [250, 500],
        "throughput": {"sizes": [20], "jobs": [1, 2], "big": None},
        "grow": [],
        "app": {"sizes": [20]},
        "uploads": {"sessions": 2, "chars": 20_000},
        "dask": {"n": 20, "repeats": 1},
    },
    "full": {
        "overhead": {"n": 100, "repeats": 5},
        "names": [500, 1000, 2000, 4000],
        "throughput": {"sizes": [100, 1000], "jobs": [1, 2], "big": 5000},
        "grow": [],
        "app": {"sizes": [1000, 5000]},
        "uploads": {"sessions": 5, "chars": None},  # None: the most one upload may hold
        "dask": {"n": 1000, "repeats": 1},
    },
}


def _step(name: str, module: str, args: list[str], results: Path) -> dict:
    """Run `python -m bench.<module> ARGS --json results/<name>.json`; the parsed result or the error."""
    out = results / f"{name}.json"
    print(f"bench: {name} …", file=sys.stderr, flush=True)
    command = ["-m", f"bench.{module}", *args]
    started_on = machine()
    finished = run_python([*command, "--json", str(out)])
    if finished.returncode != 0:
        result = {"error": finished.stderr.strip().splitlines()[-1:] or ["failed"], "args": args}
        print(f"bench: {name} failed: {result['error']}", file=sys.stderr)
    else:
        print(f"bench: {name} done in {finished.seconds:.0f} s", file=sys.stderr, flush=True)
        result = json.loads(out.read_text(encoding="utf-8"))
    result["run"] = {
        "command": "python " + " ".join(command),
        "seconds": round(finished.seconds),
        **started_on,
    }
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def largest_cached(sizes: list[int]) -> tuple[Path, Path] | None:
    """The largest generated corpus whose throughput run completed, and its cache (jobs 2 preferred)."""
    for n in sorted(sizes, reverse=True):
        for jobs in (2, 1):
            # The CLI writes articles.csv only after the whole corpus is in the cache.
            if (work_dir() / f"out-{n}-j{jobs}" / "articles.csv").is_file():
                return corpus_dir(n), cache_dir(n, jobs)
    return None


def run(
    plan_name: str,
    only: list[str],
    results: Path | None = None,
    with_10k: bool = False,
    polnear: Path | None = None,
) -> None:
    """Run the chosen steps of a plan, then rebuild the summary."""
    plan = dict(PLANS[plan_name])
    if with_10k:
        # Extend the 5,000-article cache to 10,000 (only the new 5,000 are extracted) for the later steps.
        plan["grow"] = [5000, 10000]
        plan["app"] = {"sizes": [*plan["app"]["sizes"], 10000]}
    results = results or RESULTS / plan_name
    results.mkdir(parents=True, exist_ok=True)
    (results / "machine.json").write_text(json.dumps(machine(), indent=2) + "\n", encoding="utf-8")
    throughput = plan["throughput"]
    for step in only:
        if step == "overhead":
            n, repeats = plan["overhead"]["n"], plan["overhead"]["repeats"]
            args = ["--corpus", str(corpus_dir(n)), "--n", str(n), "--repeats", str(repeats)]
            _step("overhead", "overhead", args, results)
        elif step == "names":
            _step("names", "names_scaling", ["--sizes", *map(str, plan["names"])], results)
        elif step == "throughput":
            args = ["--sizes", *map(str, throughput["sizes"]), "--jobs", *map(str, throughput["jobs"])]
            if throughput["big"]:
                args += ["--big", str(throughput["big"])]
            _step("throughput", "throughput", args, results)
        elif step == "grow" and plan["grow"]:
            _step("grow", "throughput", ["--grow", *map(str, plan["grow"])], results)
        elif step == "incremental":
            # One new article in the largest cached corpus (and in the grown one, if any).
            sizes = [*throughput["sizes"], *([throughput["big"]] if throughput["big"] else [])]
            for choices in (sizes, plan["grow"][1:]):
                found = largest_cached(choices) if choices else None
                if found is None:
                    continue
                n = len(list(found[0].glob("*.txt")))
                args = [str(found[0]), "--cache-dir", str(found[1]), "--add-one", "--no-profile"]
                _step(f"incremental-{n}", "coldstart", args, results)
        elif step == "coldstart":
            sizes = [size for size in plan["app"]["sizes"] if largest_cached([size])]
            for n in sizes:
                corpus, cache = largest_cached([n])
                # The profile repeats the whole load: take it on the smallest size only.
                profile = [] if n == min(sizes) else ["--no-profile"]
                _step(
                    f"coldstart-{n}", "coldstart", [str(corpus), "--cache-dir", str(cache), *profile], results
                )
        elif step == "app":
            sizes = [n for n in plan["app"]["sizes"] if largest_cached([n])]
            args = ["--work", str(work_dir())]
            _step("app", "app", [*args, "--sizes", *map(str, sizes)], results)
        elif step == "accuracy":
            # The seeds are bundled; the devset and PolNeAR texts live outside the repo, used when present.
            args = ["--seeds"]
            if DEVSET.is_dir() and DEVSET_GOLD.is_file():
                args += ["--devset", str(DEVSET)]
            if polnear:
                args += ["--polnear", str(polnear), "--jobs", "2"]
            _step("accuracy", "accuracy", args, results)
        elif step == "uploads":
            uploads = plan["uploads"]
            args = ["--sessions", str(uploads["sessions"])]
            args += ["--chars", str(uploads["chars"])] if uploads["chars"] else []
            _step("uploads", "uploads", args, results)
        elif step == "dask":
            dask = plan["dask"]
            _step("dask", "dask_extract", ["--n", str(dask["n"]), "--repeats", str(dask["repeats"])], results)
    write_summary(results)
    print(f"bench: summary in {results / 'summary.md'}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--quick", action="store_true", help="small corpora: checks everything runs")
    mode.add_argument("--full", action="store_true", help="the figures for bench/README.md")
    parser.add_argument("--only", nargs="+", choices=STEPS, default=list(STEPS), help="steps to run")
    parser.add_argument(
        "--results", type=Path, help="folder for the JSON results (default bench/results/PLAN)"
    )
    parser.add_argument(
        "--with-10k",
        action="store_true",
        help="with --full: also grow the cache to 10,000 articles",
    )
    parser.add_argument(
        "--polnear",
        type=Path,
        metavar="FILE.jsonl",
        help="accuracy step: also score converted PolNeAR gold (bench/README.md says how to make it)",
    )
    args = parser.parse_args(argv)
    run("full" if args.full else "quick", args.only, args.results, args.with_10k, args.polnear)


if __name__ == "__main__":
    main()
