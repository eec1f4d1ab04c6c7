"""Command line: `python -m lib.extract PATH [PATH ...] --out DIR` writes the tables as CSV."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

from lib.cache import ArticleCache, default_cache_dir
from lib.corpus import read_corpus
from lib.frames import TABLES, CorpusFrames, QuoteKind
from lib.nlp import ModelNotFound, model_fingerprint, model_name
from lib.pipeline import ExtractionStats, extract_corpus

try:
    import fcntl
except ImportError:  # Windows: staging folders are judged by their age instead of their lock
    fcntl = None

PROGRESS_FROM = 20  # show a progress bar for runs with at least this many articles
TABLE_FILES = tuple(f"{table}.csv" for table in TABLES)
# The tables are written here, inside --out, and moved into place only once all of them are complete.
STAGING_PREFIX, STAGING_SUFFIX = ".dateline-", ".partial"
# lib/cache.py writes each entry to a temporary `.{key[:12]}-…` folder (or pointer file) beside it,
# then renames it; a run killed in between leaves it behind.
CACHE_STAGING = re.compile(r"\.[0-9a-f]{12}-")
# A live writer's temporary folder is seconds old; one this old was left by a run that is over.
STALE_SECONDS = 600


class OutputRefused(Exception):
    """--out cannot take the tables; the message says why, naming the path as given."""


def write_tables(frames: CorpusFrames, out: Path, include_scare_quotes: bool = False) -> None:
    """Write one CSV per table (articles, mentions, quotes, visits, meetings; UTF-8, with header)."""
    out.mkdir(parents=True, exist_ok=True)
    quotes = (
        frames.quotes if include_scare_quotes else frames.quotes[frames.quotes["kind"] != QuoteKind.SCARE]
    )
    for name in TABLES:
        frame = quotes if name == "quotes" else getattr(frames, name)
        frame.to_csv(out / f"{name}.csv", index=False, encoding="utf-8")


def _is_left_over(staging: Path) -> bool:
    """Whether a staging folder belongs to a run that is over: nobody holds its lock (or, without
    locks, it is older than STALE_SECONDS). A left-over one is removed while its lock is held."""
    try:
        if fcntl is None:
            if time.time() - staging.stat().st_mtime <= STALE_SECONDS:
                return False
            shutil.rmtree(staging, ignore_errors=True)
            return True
        handle = os.open(staging, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a run is writing there now
    else:
        shutil.rmtree(staging, ignore_errors=True)
        return True
    finally:
        os.close(handle)


class StagedOutput:
    """The --out folder, checked and made before any article is parsed. The tables go to a locked
    staging folder inside it and are moved into place by commit() once all are written, so an
    interrupted run never leaves a cut-short table in place of the last good one."""

    def __init__(self, given: str) -> None:
        if not given.strip():
            raise OutputRefused("--out is empty: give the folder to write the CSV files into")
        self.out = Path(given)
        if self.out.exists() and not self.out.is_dir():
            kind = "a file" if self.out.is_file() else "not a folder"
            raise OutputRefused(f"--out {given} is {kind}: give the folder to write the CSV files into")
        missing = [folder for folder in (self.out, *self.out.parents) if not folder.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputRefused(f"cannot create --out {given} ({error.strerror or error})") from error
        self.created = missing  # made here, innermost first: removed again unless the tables land
        self.left_over = [path for path in self._stagings() if _is_left_over(path)]
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=STAGING_SUFFIX, dir=self.out))
        except OSError as error:
            self._remove_created()
            raise OutputRefused(f"cannot write into --out {given} ({error.strerror or error})") from error
        self._lock: int | None = None
        if fcntl is not None:  # held until close(): tells later runs that this staging folder is live
            self._lock = os.open(self.staging, os.O_RDONLY)
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.committed = False

    def _stagings(self) -> list[Path]:
        try:
            with os.scandir(self.out) as entries:
                return [
                    Path(entry.path)
                    for entry in entries
                    if entry.name.startswith(STAGING_PREFIX) and entry.name.endswith(STAGING_SUFFIX)
                ]
        except OSError:  # an unreadable --out: refused just below, when nothing can be made in it
            return []

    def commit(self) -> None:
        """Move the complete tables from the staging folder into --out, replacing the old ones."""
        for name in TABLE_FILES:
            with open(self.staging / name, "rb") as handle:
                os.fsync(handle.fileno())  # on disk before it takes the old table's place
        for name in TABLE_FILES:
            os.replace(self.staging / name, self.out / name)
        self.committed = True

    def close(self) -> None:
        """Remove the staging folder (and folders made for --out, if nothing was written to them)."""
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
        if not self.committed:
            self._remove_created()

    def _remove_created(self) -> None:
        for folder in self.created:
            try:
                folder.rmdir()
            except OSError:
                return


def clean_cache_staging(root: Path) -> int:
    """Remove the temporary folders and files that runs killed while writing left in a cache folder
    (older than STALE_SECONDS); returns how many."""
    removed = 0
    for area in ("articles", "corpora"):
        try:
            shards = [Path(entry.path) for entry in os.scandir(root / area) if entry.is_dir()]
        except OSError:
            continue
        for shard in shards:
            try:
                entries = [entry for entry in os.scandir(shard) if CACHE_STAGING.match(entry.name)]
            except OSError:
                continue
            for entry in entries:
                try:
                    if time.time() - entry.stat(follow_symlinks=False).st_mtime <= STALE_SECONDS:
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path)
                    else:
                        os.unlink(entry.path)
                except OSError:
                    continue
                removed += 1
    return removed


def path_problem(given: str) -> str | None:
    """Why a PATH argument cannot be read as articles, or None."""
    if not given.strip():
        return "an empty PATH: give an article file or a folder of them"
    path = Path(given)
    if not path.exists():
        return f"no such file or folder: {given}"
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as error:
            return f"cannot read the folder {given} ({error.strerror or error})"
        return None
    if not path.is_file():  # a device such as /dev/null, a FIFO, a socket: reading could block
        return f"{given} is neither an article file nor a folder"
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m lib.extract", description=__doc__)
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="article files (.txt, .md) or folders of them"
    )
    parser.add_argument("--out", required=True, help="folder to write the CSV files into")
    parser.add_argument("--jobs", type=int, default=1, help="processes for spaCy (default 1)")
    parser.add_argument(
        "--cache-dir", type=Path, help="cache folder (default: $DATELINE_CACHE_DIR or user cache)"
    )
    parser.add_argument("--scare-quotes", action="store_true", help="also write scare quotes (kind=scare)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = parse_args(argv)
    problems = [problem for problem in map(path_problem, args.paths) if problem]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    if args.jobs < 1:
        print("error: --jobs must be 1 or more", file=sys.stderr)
        return 2
    try:
        output = StagedOutput(args.out)
    except OutputRefused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        return _extract(args, output)
    except KeyboardInterrupt:
        print(f"interrupted: the files in {args.out} are as they were", file=sys.stderr)
        return 130
    finally:
        output.close()


def _extract(args: argparse.Namespace, output: StagedOutput) -> int:
    """Read, parse and write the tables into `output`; returns the exit code."""
    for left_over in output.left_over:
        print(f"removed {left_over.name}, left by an interrupted run", file=sys.stderr)
    cleaned = clean_cache_staging(args.cache_dir or default_cache_dir())
    if cleaned:
        print(f"removed {cleaned} temporary cache file(s) left by interrupted runs", file=sys.stderr)
    try:
        corpus = read_corpus(args.paths)
    except OSError as error:  # changed between the check and the reading
        what = error.filename or "the articles"
        print(f"error: cannot read {what} ({error.strerror or error})", file=sys.stderr)
        return 1
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
    try:
        write_tables(frames, output.staging, args.scare_quotes)
        output.commit()
    except OSError as error:  # the disk filled up, or --out was changed under the run
        print(f"error: cannot write the tables to {args.out} ({error.strerror or error})", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    speech = frames.quotes[frames.quotes["kind"] != QuoteKind.SCARE]
    print(
        f"{len(frames.articles)} articles ({stats.processed} processed, {stats.cached} from cache, "
        f"{len(corpus.skipped)} skipped) with {model_name()}: {len(frames.mentions)} mentions, "
        f"{len(speech)} quotes, {len(frames.visits)} visits in {elapsed:.1f}s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
