"""Extraction on Dask against today's serial path, side by side in one run, on real-shaped articles.

`python -m bench.dask_extract --n 1000 [--repeats R] [--baseline DIR] [--json OUT]` runs, on the same
generated corpus (bench/make_corpus.py), each a fresh process of the real CLI, R times in turn (the order
reversed every other round, so slow spells of a shared machine fall on every variant):

- `serial`: `python -m lib.extract CORPUS --out O --cache-dir EMPTY` (today's path: one process);
- `dask-1` / `dask-2`: `--engine dask --jobs 1|2 --csv` (a LocalCluster of 1 or 2 worker processes,
  into an empty dataset, with the same CSVs written as the serial path's);
- `jobs-2`: `--jobs 2 --cache-dir EMPTY` (the cache engine's `--jobs`, now a 2-worker LocalCluster);
- `baseline-jobs-2` (with `--baseline DIR`, a checkout of a revision before Dask): its `--jobs 2`,
  spaCy's own process pool.

Each run's wall time (start-up, model loads and writing included), CPU time of the process and its
children, peak RSS of the largest process, and the one-minute load average sampled every 2 s while it
ran. Ratios: Dask's overhead = dask-1 / serial (target ≤ 1.1), speed-up = dask-1 / dask-2 (target ≥ 1.7),
medians over the rounds. The CSVs of every variant are compared byte for byte with the serial ones.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import statistics
import threading
import time
from pathlib import Path

from bench.common import emit, machine, run_python, work_dir
from bench.throughput import DEFAULT_SEED, corpus_dir
from lib.extract import TABLE_FILES

TARGET_OVERHEAD = 1.1
TARGET_SPEEDUP = 1.7
VARIANTS = {
    "serial": [],
    "dask-1": ["--engine", "dask", "--jobs", "1", "--csv"],
    "dask-2": ["--engine", "dask", "--jobs", "2", "--csv"],
    "jobs-2": ["--jobs", "2"],
}
CACHED = ("serial", "jobs-2", "baseline-jobs-2")  # the variants that take --cache-dir


class LoadSampler:
    """The one-minute load average, sampled every `every` seconds until stopped."""

    def __init__(self, every: float = 2.0) -> None:
        self.samples = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {
            "start": round(self.samples[0], 2),
            "mean": round(statistics.fmean(self.samples), 2),
            "max": round(max(self.samples), 2),
        }


def run_variant(name: str, corpus: Path, baseline: Path | None) -> dict:
    """One fresh CLI run of a variant into an empty output (and an empty cache)."""
    out = work_dir() / f"dask-bench-{name}"
    cache = work_dir() / f"dask-bench-{name}-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    options = ["--jobs", "2"] if name == "baseline-jobs-2" else VARIANTS[name]
    args = ["-m", "lib.extract", str(corpus), "--out", str(out), *options]
    if name in CACHED:
        args += ["--cache-dir", str(cache)]
    sampler = LoadSampler()
    finished = run_python(args, cwd=baseline if name == "baseline-jobs-2" else None)
    load = sampler.stop()
    summary = [line for line in finished.stderr.splitlines() if " articles (" in line]
    return {
        "variant": name,
        "command": f"python {' '.join(args)}" + (f" (in {baseline})" if name == "baseline-jobs-2" else ""),
        "returncode": finished.returncode,
        "wall_seconds": round(finished.seconds, 1),
        "cpu_seconds": round(finished.cpu_seconds, 1),
        "peak_rss_mb": finished.peak_rss_mb,
        "load_average": load,
        "summary": summary[-1] if summary else finished.stderr.strip().splitlines()[-1:],
        "out": str(out),
    }


def same_csvs(first: Path, second: Path) -> bool:
    """Whether two outputs hold byte-identical CSV files."""
    return all(filecmp.cmp(first / name, second / name, shallow=False) for name in TABLE_FILES)


def measure(
    n: int,
    repeats: int,
    seed: int = DEFAULT_SEED,
    baseline: Path | None = None,
    variants: list[str] | None = None,
) -> dict:
    """Every variant (serial, dask-1 and dask-2 at least) `repeats` times on an n-article corpus; the
    ratios of their medians."""
    corpus = corpus_dir(n, seed)
    names = list(dict.fromkeys(["serial", "dask-1", "dask-2", *(variants or VARIANTS)]))
    names += ["baseline-jobs-2"] if baseline else []
    runs: list[dict] = []
    identical: dict[str, bool] = {}
    for round_number in range(repeats):
        for name in names if round_number % 2 == 0 else names[::-1]:
            run = run_variant(name, corpus, baseline)
            run["round"] = round_number
            runs.append(run)
        serial = Path(next(r["out"] for r in runs[::-1] if r["variant"] == "serial"))
        for run in runs[-len(names) :]:
            if run["variant"] != "serial" and run["returncode"] == 0:
                identical[run["variant"]] = identical.get(run["variant"], True) and same_csvs(
                    serial, Path(run["out"])
                )

    def median(name: str, figure: str) -> float:
        return statistics.median(r[figure] for r in runs if r["variant"] == name)

    wall = {name: median(name, "wall_seconds") for name in names}
    cpu = {name: median(name, "cpu_seconds") for name in names}
    overhead = wall["dask-1"] / wall["serial"]
    speedup = wall["dask-1"] / wall["dask-2"]
    return {
        "articles": n,
        "seed": seed,
        "repeats": repeats,
        "runs": runs,
        "median_wall_seconds": wall,
        "median_cpu_seconds": cpu,
        "overhead_dask1_vs_serial": round(overhead, 3),
        "overhead_cpu_dask1_vs_serial": round(cpu["dask-1"] / cpu["serial"], 3),
        "speedup_dask2_vs_dask1": round(speedup, 3),
        **(
            {"speedup_jobs2_vs_serial": round(wall["serial"] / wall["jobs-2"], 3)} if "jobs-2" in wall else {}
        ),
        **(
            {"speedup_baseline_jobs2_vs_serial": round(wall["serial"] / wall["baseline-jobs-2"], 3)}
            if baseline
            else {}
        ),
        "csvs_identical_to_serial": identical,
        "meets_overhead": overhead <= TARGET_OVERHEAD,
        "meets_speedup": speedup >= TARGET_SPEEDUP,
        "machine": machine(),
    }


def timeline(n: int, workers: int, seed: int = DEFAULT_SEED) -> dict:
    """The dask engine in this process on a LocalCluster of `workers`: when each phase ended and when
    each task ran on which worker (Dask's task stream), seconds from the start."""
    from distributed import get_task_stream

    from lib.cluster import dask_client
    from lib.dataset import Dataset, extract_parts, frames_for, plan_run
    from lib.nlp import model_fingerprint

    out = work_dir() / f"dask-bench-timeline-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    phases = {}
    dataset, fingerprint = Dataset(str(out)), model_fingerprint()
    dataset.claim(fingerprint)
    with dask_client(None, workers) as client, get_task_stream(client) as stream:
        phases["cluster started"] = time.perf_counter() - started
        result = plan_run(client, [str(corpus_dir(n, seed))], dataset, fingerprint)
        phases["files read and planned"] = time.perf_counter() - started
        extract_parts(client, result, dataset, fingerprint)
        phases["parts written"] = time.perf_counter() - started
        frames_for(dataset, result.plan)
        phases["CSV frames built"] = time.perf_counter() - started
    origin = time.time() - (time.perf_counter() - started)
    tasks = [
        {
            "worker": task["worker"],
            "task": str(task["key"]).split("-")[0] if "scan" in str(task["key"]) else str(task["key"]),
            "start": round(step["start"] - origin, 2),
            "stop": round(step["stop"] - origin, 2),
        }
        for task in stream.data
        for step in task["startstops"][:1]
    ]
    return {
        "articles": n,
        "workers": workers,
        "phases_seconds": {k: round(v, 2) for k, v in phases.items()},
        "tasks": sorted(tasks, key=lambda t: t["start"]),
        "load_average": machine()["load_average"],
    }


def markdown(result: dict) -> list[str]:
    """The result as the Markdown of bench/README.md."""
    lines = [
        f"### Extraction on Dask ({result['articles']:,} articles, {result['repeats']} round(s))",
        "",
        "| variant | round | wall s | CPU s | peak RSS MB | load avg start / mean / max | exit |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in result["runs"]:
        load = run["load_average"]
        lines.append(
            f"| {run['variant']} | {run['round'] + 1} | {run['wall_seconds']} | {run['cpu_seconds']} | "
            f"{run['peak_rss_mb']} | {load['start']} / {load['mean']} / {load['max']} | {run['returncode']} |"
        )
    overhead, speedup = result["overhead_dask1_vs_serial"], result["speedup_dask2_vs_dask1"]
    lines += [
        "",
        f"- Dask's overhead on one worker (dask-1 / serial, wall): **{overhead}×** "
        f"(target ≤ {TARGET_OVERHEAD}: {'meets' if result['meets_overhead'] else 'misses'}); "
        f"in CPU time {result['overhead_cpu_dask1_vs_serial']}×.",
        f"- Two workers against one (dask-1 / dask-2, wall): **{speedup}×** "
        f"(target ≥ {TARGET_SPEEDUP}: {'meets' if result['meets_speedup'] else 'misses'}).",
        *(
            [f"- `--jobs 2` of the cache engine against serial: {result['speedup_jobs2_vs_serial']}×."]
            if "speedup_jobs2_vs_serial" in result
            else []
        ),
        *(
            [
                "- The old spaCy process pool's `--jobs 2` against serial: "
                f"{result['speedup_baseline_jobs2_vs_serial']}×."
            ]
            if "speedup_baseline_jobs2_vs_serial" in result
            else []
        ),
        f"- CSVs byte-identical to the serial run's: {result['csvs_identical_to_serial']}.",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.dask_extract", description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="articles in the generated corpus")
    parser.add_argument("--repeats", type=int, default=1, help="rounds of every variant")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--baseline", type=Path, help="a checkout of a revision before Dask (its --jobs 2)")
    parser.add_argument(
        "--variants", nargs="+", choices=list(VARIANTS), help="which to run (serial, dask-1, dask-2 always)"
    )
    parser.add_argument(
        "--timeline", type=int, metavar="WORKERS", help="instead: the phases and tasks of one in-process run"
    )
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if args.timeline:
        emit(timeline(args.n, args.timeline, args.seed), args.json)
        return
    result = measure(args.n, args.repeats, args.seed, args.baseline, args.variants)
    emit(result, args.json)
    print("\n".join(markdown(result)))


if __name__ == "__main__":
    main()
