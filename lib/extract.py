"""Command line: `python -m lib.extract PATH [PATH ...] --out DIR` writes the four tables as CSV."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.frames import CorpusFrames
from lib.nlp import ModelNotFound, model_fingerprint, model_name
from lib.pipeline import ExtractionStats, extract_corpus

PROGRESS_FROM = 20  # show a progress bar for runs with at least this many articles


def write_tables(frames: CorpusFrames, out: Path, include_scare_quotes: bool = False) -> None:
    """Write articles/mentions/quotes/visits.csv (UTF-8, with header) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    quotes = frames.quotes if include_scare_quotes else frames.quotes[frames.quotes["kind"] != "scare"]
    for name, frame in (
        ("articles", frames.articles),
        ("mentions", frames.mentions),
        ("quotes", quotes),
        ("visits", frames.visits),
    ):
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lib.extract", description=__doc__)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="article files (.txt, .md) or folders of them"
    )
    parser.add_argument("--out", required=True, type=Path, help="folder to write the CSV files into")
    parser.add_argument("--jobs", type=int, default=1, help="processes for spaCy (default 1)")
    parser.add_argument(
        "--cache-dir", type=Path, help="cache folder (default: $DATELINE_CACHE_DIR or user cache)"
    )
    parser.add_argument("--scare-quotes", action="store_true", help="also write scare quotes (kind=scare)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = parse_args(argv)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("error: --jobs must be 1 or more", file=sys.stderr)
        return 2
    corpus = read_corpus(args.paths)
    for skipped in corpus.skipped:
        print(f"skipped {skipped.file}: {skipped.reason}", file=sys.stderr)
    for warning in corpus.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not corpus.articles:
        print("error: no readable .txt or .md articles in the given paths", file=sys.stderr)
        return 1
    started = time.perf_counter()
    stats = ExtractionStats()
    bar = tqdm(
        total=len(corpus.articles),
        unit="article",
        file=sys.stderr,
        disable=len(corpus.articles) < PROGRESS_FROM,
    )

    def progress(done: int, total: int) -> None:
        bar.update(done - bar.n)

    cache = ArticleCache(args.cache_dir, fingerprint=model_fingerprint())
    try:
        frames = extract_corpus(corpus, cache, n_process=args.jobs, progress=progress, stats=stats)
    except ModelNotFound as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    for problem in cache.problems:
        print(f"warning: {problem}", file=sys.stderr)
    write_tables(frames, args.out, args.scare_quotes)
    elapsed = time.perf_counter() - started
    speech = frames.quotes[frames.quotes["kind"] != "scare"]
    print(
        f"{len(frames.articles)} articles ({stats.processed} processed, {stats.cached} from cache, "
        f"{len(corpus.skipped)} skipped) with {model_name()}: {len(frames.mentions)} mentions, "
        f"{len(speech)} quotes, {len(frames.visits)} visits in {elapsed:.1f}s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
