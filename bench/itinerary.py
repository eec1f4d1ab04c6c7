"""Is a person's itinerary linear in their trips? `lib.itinerary.stops` timed on 100 to 10,000 trips.

A person in a large corpus is reported travelling thousands of times (at 100,000 synthetic articles
the most travelled had several thousand trip rows), and the People and Map pages make their itinerary
on every rerun. Synthetic trips, reproducible from a seed: places drawn from a pool a third the size of
the trips (so most stops have few reports), every status, trip and article dates in one year, some
missing. Prints seconds and milliseconds per 1,000 trips for each size; flat is linear.

`python -m bench.itinerary` (about ten seconds); `--sizes 1000 30000` for others.
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from lib.itinerary import stops

STATUSES = ("completed", "ongoing", "planned", "cancelled")


def synthetic_trips(count: int, seed: int = 7) -> pd.DataFrame:
    """`count` trips of one person, as derived.visit_table gives them."""
    rnd = random.Random(seed)

    def day() -> str:
        return "" if rnd.random() < 0.4 else f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"

    places = [f"Place {rnd.randint(0, max(1, count // 3))}" for _ in range(count)]
    table = pd.DataFrame(
        {
            "article_id": [f"a{rnd.randint(0, count)}" for _ in range(count)],
            "place": places,
            "status": [rnd.choice(STATUSES) for _ in range(count)],
            "date": [day() for _ in range(count)],
            "article_day": [day() for _ in range(count)],
        }
    )
    table["country"] = table["place"]
    table["lat"] = [rnd.uniform(-60, 60) for _ in range(count)]
    table["lon"] = [rnd.uniform(-180, 180) for _ in range(count)]
    table["trip_date"] = pd.to_datetime(table["date"].replace("", None), errors="coerce")
    table["article_date"] = pd.to_datetime(table["article_day"].replace("", None), errors="coerce")
    table["when"] = table["trip_date"].fillna(table["article_date"])
    table["trip_id"] = [f"{article}:{n}" for n, article in enumerate(table["article_id"])]
    table["evidence"] = table["place"] + " was visited."
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--repeats", type=int, default=3, help="the fastest of this many runs is kept")
    args = parser.parse_args(argv)
    print(f"{'trips':>8} {'stops':>7} {'seconds':>9} {'ms per 1,000 trips':>20}")
    for size in args.sizes:
        trips = synthetic_trips(size)
        best, table = float("inf"), None
        for _ in range(args.repeats):
            start = time.perf_counter()
            table = stops(trips)
            best = min(best, time.perf_counter() - start)
        print(f"{size:>8,} {len(table):>7,} {best:>9.3f} {1000 * best / size * 1000:>20.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
