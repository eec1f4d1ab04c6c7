"""Cold start from the disk cache, and adding one article to a cached corpus.

`python -m bench.coldstart CORPUS --cache-dir DIR` times, in this (fresh) process, what the app does
before its first page: read_corpus, then extract_corpus with every article cached (no model load),
counting per-article and corpus-snapshot cache reads, plus the process's peak RSS (VmHWM) and a profile.
`--add-one` first writes one new article into CORPUS, times the incremental run (only that article may
be processed), then removes the article again so the corpus stays as generated.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pickle
import pstats
import re
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from bench.common import emit
from bench.make_corpus import write_corpus
from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.frames import typed_frame
from lib.nlp import load_model, model_fingerprint
from lib.pipeline import ExtractionStats, extract_corpus

TARGET_SECONDS = 3.0


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def frames_mb(frames) -> dict[str, float]:
    """Deep memory of each corpus frame, in MB."""
    return {
        name: round(getattr(frames, name).memory_usage(deep=True).sum() / 1e6, 1)
        for name in ("articles", "mentions", "quotes", "visits")
    }


def _counting(cache: ArticleCache) -> dict[str, int]:
    """Count the cache's per-article and snapshot reads (instrumentation on this instance only)."""
    counts = {"article_entries_read": 0, "snapshot_hits": 0}
    get, get_snapshot = cache.get, cache.get_snapshot

    def counted_get(key: str):
        counts["article_entries_read"] += 1
        return get(key)

    def counted_snapshot(key: str, origin: str):
        tables = get_snapshot(key, origin)
        counts["snapshot_hits"] += tables is not None
        return tables

    cache.get, cache.get_snapshot = counted_get, counted_snapshot
    return counts


def timed_extraction(corpus_path: Path, cache_root: Path, keep_frames: bool = False) -> dict:
    """Time what the app does on opening a corpus: read_corpus, then extract_corpus against the cache."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    corpus = read_corpus([corpus_path])
    timings["read_corpus"] = time.perf_counter() - started
    begun = time.perf_counter()
    cache = ArticleCache(cache_root, fingerprint=model_fingerprint())
    timings["model_fingerprint"] = time.perf_counter() - begun
    counts = _counting(cache)
    stats = ExtractionStats()
    load_seconds: list[float] = []

    def load():
        begun = time.perf_counter()
        nlp = load_model()
        load_seconds.append(time.perf_counter() - begun)
        return nlp

    begun = time.perf_counter()
    frames = extract_corpus(corpus, cache, load, stats=stats)
    timings["extract_corpus"] = time.perf_counter() - begun
    timings["of_which_model_load"] = sum(load_seconds)
    timings["total"] = time.perf_counter() - started
    # st.cache_data hands every rerun a fresh copy: it unpickles the stored value on each hit.
    stored = pickle.dumps(frames, protocol=pickle.HIGHEST_PROTOCOL)
    begun = time.perf_counter()
    pickle.loads(stored)
    copy_seconds = time.perf_counter() - begun
    return {
        **({"frames": frames} if keep_frames else {}),
        "articles": len(corpus.articles),
        "cache_reads": counts,
        "cache_data_hit": {
            "pickled_mb": round(len(stored) / 1e6, 1),
            "unpickle_seconds": round(copy_seconds, 3),
        },
        "seconds": {name: round(s, 3) for name, s in timings.items()},
        "stats": {"cached": stats.cached, "processed": stats.processed, "model_loaded": stats.model_loaded},
        "rows": {name: len(getattr(frames, name)) for name in ("articles", "mentions", "quotes", "visits")},
        "frames_mb": frames_mb(frames),
        "peak_rss_mb": vm_hwm_mb(),
    }


def prototype_consolidated(frames) -> dict:
    """What a corpus-level cache would cost: the four joined tables as one Parquet file each, read back.

    A bench-only prototype of a proposed fix (lib/ is unchanged); also the frames' memory with
    repeated strings as categoricals.
    """
    tables = ("articles", "mentions", "quotes", "visits")
    with tempfile.TemporaryDirectory(prefix="dateline-consolidated-") as folder:
        for name in tables:
            table = pa.Table.from_pandas(getattr(frames, name), preserve_index=False)
            pq.write_table(table, Path(folder) / f"{name}.parquet")
        size = sum(p.stat().st_size for p in Path(folder).iterdir())
        started = time.perf_counter()
        read = {name: pq.read_table(Path(folder) / f"{name}.parquet").to_pandas() for name in tables}
        read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for name in tables:
        typed_frame(read[name], name)
    typed_seconds = time.perf_counter() - started
    as_str = sum(getattr(frames, name).memory_usage(deep=True).sum() for name in tables)
    as_categories = 0
    for name in tables:
        frame = getattr(frames, name).copy()
        for column in frame.columns:
            textual = frame[column].dtype == object or str(frame[column].dtype).startswith("str")
            if textual and frame[column].nunique() < 0.5 * len(frame):
                frame[column] = frame[column].astype("category")
        as_categories += frame.memory_usage(deep=True).sum()
    return {
        "files_mb": round(size / 1e6, 1),
        "read_seconds": round(read_seconds, 3),
        "typed_frame_seconds": round(typed_seconds, 3),
        "frames_mb_as_str": round(as_str / 1e6, 1),
        "frames_mb_with_categoricals": round(as_categories / 1e6, 1),
    }


def profile_top(corpus_path: Path, cache_root: Path, limit: int = 15) -> str:
    """cProfile of a second, all-cached extraction, the functions with the most own time first."""
    profiler = cProfile.Profile()
    profiler.enable()
    timed_extraction(corpus_path, cache_root)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(limit)
    return re.sub(r"\S*/(site-packages|python3\.\d+)/", "", out.getvalue())


def measure_coldstart(corpus_path: Path, cache_root: Path, profile: bool = True) -> dict:
    """Cold start from a fully cached corpus, with its verdict against the target."""
    result = timed_extraction(corpus_path, cache_root, keep_frames=True)
    if not result["cache_reads"]["snapshot_hits"]:
        # No corpus snapshot yet (the cache predates it): that run read every entry and wrote one.
        first_open = {k: v for k, v in result.items() if k != "frames"}
        result = timed_extraction(corpus_path, cache_root, keep_frames=True)
        result["first_open"] = first_open
    result["consolidated_prototype"] = prototype_consolidated(result.pop("frames"))
    result["target_seconds"] = TARGET_SECONDS
    result["meets_target"] = result["seconds"]["total"] <= TARGET_SECONDS
    if profile:
        result["profile"] = profile_top(corpus_path, cache_root)
    return result


def measure_add_one(corpus_path: Path, cache_root: Path) -> dict:
    """Add one new article to a cached corpus and time the run that picks it up."""
    existing = len(list(corpus_path.glob("*.txt")))
    metadata = corpus_path / "metadata.csv"
    saved = metadata.read_bytes() if metadata.exists() else None
    # A seed never used before, so the article's content (the cache key) is new on every run.
    [added] = write_corpus(corpus_path, 1, seed=time.time_ns(), start=existing)
    try:
        result = timed_extraction(corpus_path, cache_root)
    finally:
        added.unlink()
        if saved is not None:
            metadata.write_bytes(saved)
    result["added"] = added.name
    result["only_new_processed"] = result["stats"]["processed"] == 1
    return result


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.coldstart", description=__doc__)
    parser.add_argument("corpus", type=Path, help="a corpus folder whose articles are all in the cache")
    parser.add_argument("--cache-dir", type=Path, required=True, help="the cache folder to read")
    parser.add_argument("--add-one", action="store_true", help="time adding one article instead")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile pass")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    if args.add_one:
        result = measure_add_one(args.corpus, args.cache_dir)
    else:
        result = measure_coldstart(args.corpus, args.cache_dir, profile=not args.no_profile)
    emit(result, args.json)


if __name__ == "__main__":
    main()
