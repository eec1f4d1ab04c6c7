"""Command line: `python -m lib.extract PATH [PATH ...] --out DIR` writes the tables as CSV
(through the article cache), or with `--engine dask` a partitioned Parquet dataset written by a Dask
cluster's workers (see lib/dataset.py)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from lib.cache import ArticleCache, default_cache_dir
from lib.corpus import read_corpus
from lib.dataset import Dataset, DatasetError, extract_parts, frames_for, is_url, plan_run, source_problem
from lib.frames import TABLES, CorpusFrames, QuoteKind
from lib.nlp import ModelNotFound, model_fingerprint, model_name
from lib.pipeline import ExtractionStats, extract_corpus

if TYPE_CHECKING:
    from distributed import Client

    from lib.pipeline import Cluster

try:
    import fcntl
except ImportError:  # Windows: staging folders are judged by their age instead of their lock
    fcntl = None

PROGRESS_FROM = 20  # show a progress bar for runs with at least this many articles
ENGINES = ("cache", "dask")
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
        "paths",
        nargs="+",
        metavar="PATH",
        help="article files (.txt, .md) or folders of them; with --engine dask also fsspec URLs",
    )
    parser.add_argument("--out", required=True, help="folder (with --engine dask: or URL) to write into")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="cache",
        help="cache: the CSV tables, through the article cache (default); dask: a Parquet dataset "
        "(one folder per table) written by Dask workers, resumable",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="worker processes of a local Dask cluster (default: 1 for the cache engine, where 1 parses "
        "in this process; one per core for the dask engine)",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler to parse on (tcp://host:8786) instead"
    )
    parser.add_argument(
        "--partitions",
        type=int,
        metavar="N",
        help="--engine dask: parts (tasks, files per table) to split into",
    )
    parser.add_argument("--csv", action="store_true", help="--engine dask: also write the CSV files")
    parser.add_argument(
        "--cache-dir", type=Path, help="cache folder (default: $DATELINE_CACHE_DIR or user cache)"
    )
    parser.add_argument("--scare-quotes", action="store_true", help="also write scare quotes (kind=scare)")
    return parser.parse_args(argv)


def usage_problem(args: argparse.Namespace) -> str | None:
    """Why these options do not go together, or None."""
    dask = args.engine == "dask"
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be 1 or more"
    if args.partitions is not None and args.partitions < 1:
        return "--partitions must be 1 or more"
    if args.jobs is not None and args.scheduler:
        return "--jobs starts a local cluster; with --scheduler the scheduler's workers parse: give one"
    if not dask and (args.partitions is not None or args.csv):
        return "--partitions and --csv are options of --engine dask"
    if dask and args.cache_dir is not None:
        return "--cache-dir is for the cache engine: --engine dask resumes from what --out holds"
    if not dask and any(is_url(given) for given in [*args.paths, args.out]):
        return "URLs (s3://, file://, ...) are read and written by --engine dask only"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args = parse_args(argv)
    usage = usage_problem(args)
    if usage:
        print(f"error: {usage}", file=sys.stderr)
        return 2
    problems = [
        problem
        for problem in (source_problem(p) if is_url(p) else path_problem(p) for p in args.paths)
        if problem
    ]
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    if args.engine == "dask":
        return _run_dataset(args)
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


def _cluster(args: argparse.Namespace) -> Cluster | None:
    """For the cache engine: what opens a Dask client (lib/cluster.py) when --jobs N > 1 or
    --scheduler ask for a cluster, else None (parse in this process)."""
    if not args.scheduler and (args.jobs or 1) == 1:
        return None
    from lib.cluster import dask_client

    return partial(dask_client, args.scheduler, args.jobs or 1)


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
        frames = extract_corpus(corpus, cache, progress=progress, stats=stats, cluster=_cluster(args))
    except (ModelNotFound, *cluster_errors()) as error:
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


def cluster_errors() -> tuple[type[Exception], ...]:
    """Errors of a cluster that a user can act on (Dask is imported only if it is installed)."""
    try:
        from distributed import KilledWorker

        from lib.cluster import ClusterError
    except ImportError:
        return ()
    return ClusterError, KilledWorker


def _run_dataset(args: argparse.Namespace) -> int:
    """--engine dask: check --out, extract what it lacks on the cluster, write the CSVs if asked."""
    started = time.perf_counter()
    try:
        dataset = Dataset(args.out)
        dataset.claim(model_fingerprint())
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        from lib.cluster import dask_client

        with dask_client(args.scheduler, args.jobs or os.cpu_count() or 1) as client:
            return _extract_dataset(args, dataset, client, started)
    except (ModelNotFound, DatasetError, *cluster_errors()) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            f"interrupted: the parts finished so far are in {args.out}; run again to resume", file=sys.stderr
        )
        return 130


def _extract_dataset(args: argparse.Namespace, dataset: Dataset, client: Client, started: float) -> int:
    fingerprint = model_fingerprint()
    result = plan_run(client, args.paths, dataset, fingerprint)
    plan = result.plan
    if result.removed:
        print(
            f"removed {result.removed} file(s) a killed run or worker left unfinished",
            file=sys.stderr,
        )
    for skipped in plan.skipped:
        print(f"skipped {skipped.file}: {skipped.reason}", file=sys.stderr)
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for file in result.changed:
        print(
            f"warning: {file} has changed since it was extracted into {args.out} (or the aliases or model "
            "have): its rows there are kept; write to another --out to extract it again",
            file=sys.stderr,
        )
    if not plan.articles:
        print("error: no readable .txt or .md articles in the given paths", file=sys.stderr)
        return 1
    with tqdm(
        total=len(plan.todo), unit="article", file=sys.stderr, disable=len(plan.todo) < PROGRESS_FROM
    ) as bar:
        extract_parts(
            client, result, dataset, fingerprint, args.partitions, lambda done, _: bar.update(done - bar.n)
        )
    for failed in result.failed:
        print(f"skipped {failed.file}: {failed.reason}", file=sys.stderr)
    for error in result.part_errors:
        print(f"error: a part of {error} failed: run again to extract its articles", file=sys.stderr)
    if args.csv and not result.part_errors:
        frames = frames_for(dataset, plan)
        with tempfile.TemporaryDirectory() as local:
            write_tables(frames, Path(local), args.scare_quotes)
            dataset.put_files(Path(local), TABLE_FILES)
    rows = ", ".join(f"{result.rows[table]} {table}" for table in ("mentions", "quotes", "visits"))
    print(
        f"{len(plan.articles)} articles ({result.processed} processed, {plan.done} already in the output, "
        f"{len(plan.skipped) + len(result.failed)} skipped) with {model_name()} on {result.workers} Dask "
        f"worker(s) in {result.parts} part(s): {rows} written in {time.perf_counter() - started:.1f}s "
        f"-> {args.out}",
        file=sys.stderr,
    )
    return 1 if result.part_errors else 0


if __name__ == "__main__":
    sys.exit(main())
