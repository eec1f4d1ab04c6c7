"""Extraction overhead: Dateline's full pipeline + rows vs the bare spaCy model, and cost per component.

`python -m bench.overhead --n 100 --repeats 5` generates 100 articles and prints JSON.
Both pipelines run in this one process on the same texts, interleaved (the order alternates every
repeat) after a warm-up, and the median of the per-repeat ratios is reported.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from bench.common import emit
from bench.make_corpus import write_corpus
from lib.corpus import Article, read_corpus
from lib.nlp import load_model, model_name
from lib.rows import doc_rows

TARGET_RATIO = 1.25
BATCH_SIZE = 16  # what lib.pipeline.extract_articles uses


def no_aliases() -> dict[str, dict]:
    """component_cfg for a corpus without aliases.csv (fresh each call: spaCy adds keys to it)."""
    return {"dateline_entities": {"aliases": {}}}


class Timing(NamedTuple):
    """Wall-clock and CPU seconds of one run (CPU time barely moves when other work shares the machine)."""

    wall: float
    cpu: float


def _since(wall: float, cpu: float) -> Timing:
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def run_base(nlp: Language, texts: list[str], batch_size: int = BATCH_SIZE) -> Timing:
    """Time the bare model over the texts."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return _since(wall, cpu)


def run_full(nlp: Language, articles: list[Article], batch_size: int = BATCH_SIZE) -> Timing:
    """Time Dateline's pipeline plus the conversion of each Doc to rows."""
    wall, cpu = time.perf_counter(), time.process_time()
    docs = nlp.pipe((a.body for a in articles), batch_size=batch_size, component_cfg=no_aliases())
    for article, doc in zip(articles, docs, strict=True):
        doc_rows(article, doc)
    return _since(wall, cpu)


def _apply(name: str, component, docs: list[Doc], batch_size: int) -> Iterator[Doc]:
    config = no_aliases().get(name, {})
    if hasattr(component, "pipe"):
        return component.pipe(docs, batch_size=batch_size, **config)
    return (component(doc, **config) for doc in docs)


def profile_components(
    nlp: Language, articles: list[Article], batch_size: int = BATCH_SIZE
) -> dict[str, float]:
    """CPU seconds in the tokenizer, each pipeline component, and rows conversion, run stage by stage."""
    seconds: dict[str, float] = {}
    started = time.process_time()
    docs = [nlp.make_doc(a.body) for a in articles]
    seconds["tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        docs = list(_apply(name, component, docs, batch_size))
        seconds[name] = time.process_time() - started
    started = time.process_time()
    for article, doc in zip(articles, docs, strict=True):
        doc_rows(article, doc)
    seconds["rows (lib.rows.doc_rows)"] = time.process_time() - started
    return seconds


def measure_overhead(articles: list[Article], repeats: int = 5, warmup: int = 5) -> dict:
    """Time bare vs full extraction on the same articles; the median ratio and a per-component profile.

    The ratio is of CPU time (what the extraction itself costs); wall-clock ratios are kept beside it.
    """
    texts = [a.body for a in articles]
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    base = spacy.load(model_name())
    base_load = time.perf_counter() - started
    started = time.perf_counter()
    full = load_model()
    full_load = time.perf_counter() - started
    # The first docs pay for lazy set-up (gazetteer, dateparser, nicknames); time that apart.
    first = articles[:warmup]
    base_warmup = run_base(base, [a.body for a in first])
    full_warmup = run_full(full, first)

    base_runs: list[Timing] = []
    full_runs: list[Timing] = []
    for repeat in range(repeats):
        if repeat % 2 == 0:
            base_runs.append(run_base(base, texts))
            full_runs.append(run_full(full, articles))
        else:
            full_runs.append(run_full(full, articles))
            base_runs.append(run_base(base, texts))
    ratios = [f.cpu / b.cpu for f, b in zip(full_runs, base_runs, strict=True)]
    wall_ratios = [f.wall / b.wall for f, b in zip(full_runs, base_runs, strict=True)]
    components = profile_components(full, articles)
    base_names = set(base.pipe_names) | {"tokenizer"}
    dateline_total = sum(s for name, s in components.items() if name not in base_names)
    return {
        "articles": len(articles),
        "words": words,
        "repeats": repeats,
        "model": model_name(),
        "load_seconds": {"base": round(base_load, 3), "full": round(full_load, 3)},
        "warmup_seconds": {
            "base": round(base_warmup.wall, 3),
            "full": round(full_warmup.wall, 3),
            "docs": len(first),
        },
        "base_seconds": [round(t.wall, 3) for t in base_runs],
        "full_seconds": [round(t.wall, 3) for t in full_runs],
        "base_cpu_seconds": [round(t.cpu, 3) for t in base_runs],
        "full_cpu_seconds": [round(t.cpu, 3) for t in full_runs],
        "ratios": [round(r, 3) for r in ratios],
        "wall_ratios": [round(r, 3) for r in wall_ratios],
        "median_ratio": round(statistics.median(ratios), 3),
        "median_wall_ratio": round(statistics.median(wall_ratios), 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": statistics.median(ratios) <= TARGET_RATIO,
        "base_words_per_cpu_second": round(words / statistics.median(t.cpu for t in base_runs), 1),
        "full_words_per_cpu_second": round(words / statistics.median(t.cpu for t in full_runs), 1),
        "components_seconds": {name: round(s, 4) for name, s in components.items()},
        "components_share": {name: round(s / sum(components.values()), 4) for name, s in components.items()},
        "dateline_share_of_profile": round(dateline_total / sum(components.values()), 4),
    }


def load_articles(corpus: Path | None, n: int, seed: int) -> list[Article]:
    """Articles from a folder, or `n` freshly generated ones (written to a temporary folder)."""
    if corpus is not None:
        return read_corpus([corpus]).articles[:n] if n else read_corpus([corpus]).articles
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as folder:
        write_corpus(folder, n, seed)
        return read_corpus([folder]).articles


def top_costs(result: dict, names: Iterable[str] | None = None) -> list[tuple[str, float]]:
    """Components ordered by time, most expensive first (optionally only the given names)."""
    items = result["components_seconds"].items()
    chosen = [(n, s) for n, s in items if names is None or n in set(names)]
    return sorted(chosen, key=lambda item: item[1], reverse=True)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.overhead", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="folder of articles (default: generate --n articles)")
    parser.add_argument("--n", type=int, default=100, help="articles to generate or use (default 100)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repeats (default 5)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    result = measure_overhead(load_articles(args.corpus, args.n, args.seed), repeats=args.repeats)
    emit(result, args.json)


if __name__ == "__main__":
    main()
