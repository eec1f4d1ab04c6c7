"""The store (lib/store.py) over synthetic Parquet datasets of 10,000 to 1,000,000 articles: how long
the one-time build takes, a cold open, each page's first queries and every filter change once warm,
and the memory of the process asking.

    python -m bench.store --sizes 10000 100000 1000000 [--json OUT]

For each size, in fresh processes side by side: the dataset is written by bench/synthetic_parquet.py
(once; kept under $DATELINE_BENCH_DIR/store/), the store's database built from it in a new work
folder (`--build`), then a new process opens it and asks what the pages ask (`--measure`): first each
page's opening queries in order (the Overview first: the cold start), then each filter change a page
offers, `--repeats` times each, warm. Memory is the asking process's VmRSS and VmHWM at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import emit, machine, run_python, work_dir

FIRST_ROWS = 200  # as a page lists them
TOP = 30  # speakers, visitors, entities a sidebar or chart shows
TRIPS = 2_000  # trips a person's map and itinerary draw at most
COUNTED_TO = 10_000  # a count of rows passing a text filter stops here until the exact figure is asked


def _status() -> dict[str, float]:
    """This process's resident and peak resident memory in MB (Linux)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            found[line.split(":")[0]] = round(int(line.split()[1]) / 1024, 1)
    return found


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def build(dataset: Path, work: Path) -> dict:
    """Open a dataset in an empty work folder: the one-time build of its database."""
    from lib.store import CorpusStore

    started = time.perf_counter()
    with CorpusStore.open(dataset, work) as store:
        seconds = time.perf_counter() - started
        counts = dict(store.counts)
    size = sum(f.stat().st_size for f in work.glob("*.duckdb")) / 1e6
    return {"build_s": round(seconds, 2), "rows": counts, "database_mb": round(size, 1), **_status()}


def measure(dataset: Path, work: Path, repeats: int, memory_limit: str | None = None) -> dict:
    """A cold open of a built store, each page's first queries, then each filter change warm."""
    started = time.perf_counter()
    from lib import store_pairs as pairs
    from lib import store_queries as q
    from lib.store import DEFAULT_MEMORY_LIMIT, CorpusStore

    imported = time.perf_counter() - started
    store = CorpusStore.open(dataset, work, **({"memory_limit": memory_limit} if memory_limit else {}))
    opened = time.perf_counter() - started
    if store.built:
        raise SystemExit("the store was not built before: run --build first")

    everyone = q.quote_where()
    first: dict[str, float] = {}
    # The Overview: counts and the most mentioned people; with the open, the cold start.
    first["overview"] = _timed(lambda: (dict(store.counts), q.people_table(store, limit=TOP)))
    cold = time.perf_counter() - started
    first["quotes"] = _timed(
        lambda: (
            q.speaker_counts(store, limit=TOP),
            q.quotes(store, everyone),
            q.count(store, "quotes", everyone),
            q.date_bounds(store, "quotes", "date"),
        )
    )
    first["map"] = _timed(
        lambda: (
            q.visitor_counts(store, limit=TOP),
            q.distinct_values(store, "visits", "place"),
            q.destinations(store, q.visit_where()),
            q.visits(store, q.visit_where()),
            q.count(store, "visits", q.visit_where()),
            q.date_bounds(store, "visits", "when"),
        )
    )
    first["cooccurrence"] = _timed(
        lambda: (
            pairs.scored_pairs(store, "sentence", ("PERSON",), 2, "pmi"),
            pairs.pair_count(store, "sentence", ("PERSON",), 2),
            pairs.mention_counts(store, ("PERSON",), limit=TOP),
        )
    )
    speakers = list(q.speaker_counts(store, limit=5).index)
    person = speakers[0]
    first["person"] = _timed(
        lambda: (
            q.person_counts(store, person),
            q.person_quotes(store, person, limit=FIRST_ROWS),
            q.person_trips(store, person, limit=TRIPS),
            q.person_meetings(store, person, limit=FIRST_ROWS),
            q.person_articles(store, person, limit=FIRST_ROWS),
            q.person_aliases(store, person),
            q.home_country(store, person),
            pairs.partners(store, person, "sentence", ("PERSON",), 1, "pmi", limit=TOP),
        )
    )
    article = store.value(
        "SELECT article_id FROM corpus.articles WHERE _ord = $o", {"o": store.counts["articles"] // 2}
    )
    first["reader"] = _timed(lambda: q.article_rows(store, article))
    first["search"] = _timed(lambda: q.search(store, "trade minister"))
    # A co-occurrence setting not asked before: its pairs are counted once, then kept.
    first["new pair setting"] = _timed(
        lambda: pairs.scored_pairs(store, "paragraph", ("PERSON", "GPE", "LOC"), 2)
    )

    bounds = q.date_bounds(store, "quotes", "date")
    year = (bounds[1] - dt.timedelta(days=365), bounds[1]) if bounds else None
    visitors = list(q.visitor_counts(store, limit=5).index)
    people = list(q.people_table(store, limit=5)["person"])

    def quotes_with(**filters: object) -> Callable[[], object]:
        where = q.quote_where(**filters)
        return lambda: (q.quotes(store, where), q.count(store, "quotes", where))

    def trips_with(**filters: object) -> Callable[[], object]:
        where = q.visit_where(**filters)
        return lambda: (q.destinations(store, where), q.visits(store, where), q.count(store, "visits", where))

    changes: dict[str, Callable[[], object]] = {
        "quotes: a speaker": quotes_with(speakers=[speakers[1]]),
        "quotes: two speakers": quotes_with(speakers=speakers[2:4]),
        # A page counts to 10,000 ("more than 10,000") and gives the exact figure when asked (below).
        "quotes: words": lambda: (
            q.quotes(store, q.quote_where(query="trade talks")),
            q.count(store, "quotes", q.quote_where(query="trade talks"), cap=COUNTED_TO),
        ),
        "quotes: last year": quotes_with(date_range=year, include_undated=False),
        "quotes: people only": quotes_with(speaker_types=["person"]),
        "quotes: next rows": lambda: q.quotes(store, everyone, offset=FIRST_ROWS),
        "map: a visitor": trips_with(visitors=[visitors[0]]),
        "map: status": trips_with(statuses=["planned"]),
        "map: last year": trips_with(date_range=year, include_undated=False),
        "cooccurrence: measure": lambda: pairs.scored_pairs(store, "sentence", ("PERSON",), 2, "jaccard"),
        "cooccurrence: min count": lambda: pairs.scored_pairs(store, "sentence", ("PERSON",), 5, "pmi"),
        "cooccurrence: partners": lambda: pairs.partners(
            store, people[1], "sentence", ("PERSON",), 1, "pmi", limit=TOP
        ),
        "person: another": lambda: (
            q.person_counts(store, people[2]),
            q.person_quotes(store, people[2], limit=FIRST_ROWS),
            q.person_trips(store, people[2], limit=TRIPS),
            q.person_articles(store, people[2], limit=FIRST_ROWS),
        ),
        "reader: another article": lambda: q.article_rows(store, article),
        "search: a name": lambda: q.search(store, people[3].split()[-1][:4]),
        "search: words": lambda: q.search(store, "trade minister"),
    }
    for action in changes.values():  # once, so that what is kept is kept
        action()
    warm = {
        name: statistics.median(_timed(action) for _ in range(repeats)) for name, action in changes.items()
    }
    # Asked for, not a filter change: every quote's text is read to count exactly.
    exact = statistics.median(
        _timed(lambda: q.count(store, "quotes", q.quote_where(query="trade talks"))) for _ in range(repeats)
    )
    store.close()
    return {
        "import_s": round(imported, 3),
        "open_s": round(opened - imported, 3),
        "cold_start_s": round(cold, 3),
        "first_s": {name: round(seconds, 3) for name, seconds in first.items()},
        "warm_s": {name: round(seconds, 4) for name, seconds in warm.items()},
        "warm_max_s": round(max(warm.values()), 4),
        "exact_count_s": round(exact, 4),
        "memory_limit": memory_limit or DEFAULT_MEMORY_LIMIT,
        **_status(),
    }


def dataset_for(n: int, seed: int) -> tuple[Path, float]:
    """The synthetic dataset of n articles (written now unless there already), and the seconds taken."""
    out = work_dir() / "store" / f"synthetic-{n}-seed{seed}"
    done = out / "_synthetic.json"
    if done.is_file():
        return out, 0.0
    finished = run_python(["-m", "bench.synthetic_parquet", str(out), "--n", str(n), "--seed", str(seed)])
    if finished.returncode:
        raise SystemExit(finished.stderr)
    done.write_text(json.dumps({"n": n, "seed": seed}))
    return out, finished.seconds


def run(
    sizes: list[int], seed: int, repeats: int, reuse: bool = False, memory_limit: str | None = None
) -> dict:
    """Each size's dataset, build and measurement, each in a fresh process; with `reuse`, a database
    built before in the work folder is measured again instead of being built anew."""
    results = {"machine": machine(), "sizes": {}}
    for n in sizes:
        dataset, written = dataset_for(n, seed)
        work = work_dir() / "store" / f"work-{n}"
        built_before = reuse and any(work.glob("corpus-*.duckdb"))
        if built_before:
            built = None
        else:
            shutil.rmtree(work, ignore_errors=True)
            built = run_python(["-m", "bench.store", "--build", str(dataset), "--work", str(work)])
            if built.returncode:
                raise SystemExit(built.stderr)
        measured = run_python(
            ["-m", "bench.store", "--measure", str(dataset), "--work", str(work), "--repeats", str(repeats)]
            + (["--memory-limit", memory_limit] if memory_limit else [])
        )
        if measured.returncode:
            raise SystemExit(measured.stderr)
        size = sum(f.stat().st_size for f in dataset.rglob("*.parquet")) / 1e6
        results["sizes"][n] = {
            "dataset_mb": round(size, 1),
            "generated_s": round(written, 1),
            "build": None
            if built is None
            else {**json.loads(built.stdout), "process_s": round(built.seconds, 2)},
            "measure": {**json.loads(measured.stdout), "process_s": round(measured.seconds, 2)},
        }
        print(f"{n:,} articles done", file=sys.stderr, flush=True)
    return results


def markdown(results: dict) -> str:
    """The figures as a Markdown table, memory also as a ratio of the smallest size's."""
    sizes = results["sizes"]
    smallest = sizes[min(sizes, key=int)]["measure"]["VmHWM"]
    lines = [
        "| articles | dataset | build (once) | cold start | slowest first page | slowest warm change | VmHWM "
        "| × smallest |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, result in sorted(sizes.items(), key=lambda item: int(item[0])):
        m, b = result["measure"], result["build"]
        page, seconds = max(m["first_s"].items(), key=lambda item: item[1])
        change, warm = max(m["warm_s"].items(), key=lambda item: item[1])
        once = "built before" if b is None else f"{b['build_s']:.1f} s, {b['VmHWM']:,.0f} MB"
        lines.append(
            f"| {int(n):,} | {result['dataset_mb']:,.0f} MB | {once} | "
            f"{m['cold_start_s']:.2f} s | {seconds:.2f} s ({page}) | {warm:.3f} s ({change}) | "
            f"{m['VmHWM']:,.0f} MB | {m['VmHWM'] / smallest:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database built before (same format) instead of building",
    )
    parser.add_argument(
        "--memory-limit", help="DuckDB's memory limit while measuring (default: the store's own)"
    )
    parser.add_argument("--build", type=Path, help="(internal) build a dataset's store in --work")
    parser.add_argument("--measure", type=Path, help="(internal) measure a built store in --work")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    if args.build:
        print(json.dumps(build(args.build, args.work)))
        return 0
    if args.measure:
        print(json.dumps(measure(args.measure, args.work, args.repeats, args.memory_limit)))
        return 0
    results = run(args.sizes, args.seed, args.repeats, args.reuse, args.memory_limit)
    emit(results, args.json)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
