"""Do Dateline's rules scale linearly? Each component's time per 10,000 characters and per 100 quotes.

Issue 17: the visits step grew faster than the text (25,000 characters 0.33 s, 100,000 4.9 s) and the
quotes step faster than the number of quotes (1,000 quotes 3.5 s, 2,000 18.8 s). Linear rules keep
both figures flat from 10,000 to 1,000,000 characters and from 100 to 10,000 quotes.

Two series of synthetic news, reproducible from a seed (names, titles, reporting verbs, trips such as
"X flew to Lima" and "X will visit Japan next week", pronouns, quotes in the seven attribution styles of
`bench.make_corpus`, a new cast of three people every few paragraphs):

- **characters**: news-like text of 10k, 30k, 100k, 300k and 1M characters (about one quote per 300);
- **quotes**: quote-dense text holding 100, 300, 1,000, 3,000 and 10,000 quotes (~140 characters each).

Each text becomes one Doc, built directly (lib/corpus.py caps articles at 100,000 characters for users;
this measures the rules, not the caps). The model's own components (and `dateline_paragraphs`, which
they need) run once, over paragraph-aligned chunks of `--chunk-chars` joined with `Doc.from_docs` so
that the parse's memory stays bounded (`--chunk-chars 0`: one `nlp()` call over the whole text). Then
each Dateline component is timed on its own, in pipeline order, on that Doc — `dateline_paragraphs`
(on a fresh tokenisation of the same text), `dateline_entities`, `dateline_quotes`, `dateline_visits`,
`dateline_finish` — and `lib.rows.doc_rows`. CPU seconds (`time.process_time`) are the figures, wall
seconds (`time.perf_counter`) are kept beside them: the machine is shared. Small Docs are timed
`--repeats` times (each from a copy of the parsed Doc) and the fastest kept.

A component that runs past `--timeout` seconds is stopped and shown as "> N s"; the components after it
still run, on what it left (marked in `after_timeout`).

`python -m bench.rules_scaling` (the full series: about 17 minutes on 2 shared cores);
`--quick` (10k-100k characters, 100-1,000 quotes: under a minute); `--json OUT` also writes the result.
"""

from __future__ import annotations

import argparse
import gc
import random
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import emit, load_average, machine
from bench.make_corpus import (
    FILLER,
    MONTHS,
    PLACES,
    SUMMITS,
    TOPICS,
    WEEKDAYS,
    Person,
    _multi_paragraph_quote,
    _person,
    _quote_paragraph,
)

CHARACTER_SIZES = [10_000, 30_000, 100_000, 300_000, 1_000_000]
QUOTE_COUNTS = [100, 300, 1_000, 3_000, 10_000]
QUICK_CHARACTER_SIZES = [10_000, 30_000, 100_000]
QUICK_QUOTE_COUNTS = [100, 300, 1_000]
DEFAULT_TIMEOUT = 120.0  # seconds per component per size
DEFAULT_CHUNK_CHARS = 50_000  # characters per model parse (the parse needs ~3.3 MB per 1,000)
REPEAT_BELOW_CHARS = 40_000  # Docs up to this size are timed `repeats` times, the fastest kept
PARAGRAPHS = "dateline_paragraphs"
ROWS = "rows (lib.rows.doc_rows)"
LAST_MODEL_COMPONENT = "ner"

# Mix of paragraphs: (quote, multi-paragraph quote, trip) shares; the rest is narration filler.
NEWS_MIX = (0.40, 0.06, 0.30)
QUOTE_DENSE_MIX = (0.80, 0.08, 0.07)


# --- texts ---------------------------------------------------------------------------------------


def _trip_paragraph(rng: random.Random, cast: dict) -> str:
    """A paragraph of narration about a trip, planned or done, often through a pronoun or a title."""
    p: Person = cast["visitor"]
    h: Person = cast["host_person"]
    home, host, third = cast["home"], cast["host"], cast["third"]
    pronoun, cap = p.pronoun, p.pronoun.capitalize()
    topic, summit = cast["topic"], cast["summit"]
    weekday, month = rng.choice(WEEKDAYS), rng.choice(MONTHS)
    templates = (
        f"{p.last} will visit {third[0]} next week, {pronoun} told reporters in {home[1]}.",
        f"{cap} is expected in {third[1]} in {month} for the {summit}, officials said.",
        f"After meeting {h.last} in {host[1]}, {p.last} travelled to {third[1]}, where {pronoun} held "
        f"talks on {topic}.",
        f"The {p.role_lower} arrived in {host[1]} late on {weekday}. {cap} met business leaders and said "
        f"the talks on {topic} had gone well.",
        f"{h.last} hosted {p.last} at a state dinner in {host[1]} on {weekday}.",
        f"{cap} has visited {host[0]} three times since taking office, and {h.last} is due to travel "
        f"to {home[1]} in {month}.",
        f"{p.last} had planned to visit {third[0]} in {month}, but the trip was called off.",
        f"{h.pronoun.capitalize()} flew to {third[1]} on {weekday} to meet the {third[2]} delegation.",
    )
    return rng.choice(templates)


def _new_cast(rng: random.Random) -> dict:
    home, host, third = rng.sample(PLACES, 3)
    topic, topic2 = rng.sample(TOPICS, 2)
    return {
        "home": home,
        "host": host,
        "third": third,
        "visitor": _person(rng, home),
        "host_person": _person(rng, host),
        "other": _person(rng, third),
        "topic": topic,
        "topic2": topic2,
        "summit": rng.choice(SUMMITS),
        "curly": rng.random() < 0.5,
    }


def _opening(rng: random.Random, cast: dict) -> str:
    """A story's first paragraph: everyone introduced with a title, and a trip."""
    v, h, o = cast["visitor"], cast["host_person"], cast["other"]
    verb = rng.choice(("flew to", "will travel to", "arrived in", "is due to visit"))
    return (
        f"{v.adjective} {v.role} {v.full} {verb} {cast['host'][1]} on {rng.choice(WEEKDAYS)} for talks "
        f"with {cast['host'][2]} {h.role} {h.full}, with {cast['topic']} high on the agenda. "
        f"{cast['third'][2]} {o.role_lower} {o.full} is also expected at the {cast['summit']}."
    )


def _quotes_in(paragraph: str) -> int:
    """Quotations a generated paragraph holds (its opening marks)."""
    if "“" in paragraph:
        return paragraph.count("“")
    return (paragraph.count('"') + 1) // 2


def paragraphs(
    seed: int, mix: tuple[float, float, float], story_paragraphs: tuple[int, int]
) -> Iterator[str]:
    """An endless stream of news paragraphs: stories of a few paragraphs, each with a new cast."""
    rng = random.Random(seed)
    quote_share, multi_share, trip_share = mix
    while True:
        cast = _new_cast(rng)
        people = (cast["visitor"], cast["host_person"], cast["other"])
        yield _opening(rng, cast)
        for _ in range(rng.randint(*story_paragraphs)):
            roll = rng.random()
            topic = rng.choice((cast["topic"], cast["topic2"]))
            if roll < quote_share:
                yield _quote_paragraph(rng, rng.choice(people), rng.choice(people), topic, cast["curly"])
            elif roll < quote_share + multi_share:
                yield from _multi_paragraph_quote(rng, rng.choice(people), topic, cast["curly"])
            elif roll < quote_share + multi_share + trip_share:
                yield _trip_paragraph(rng, cast)
            else:
                yield " ".join(
                    rng.choice(FILLER).format(topic=topic, summit=cast["summit"])
                    for _ in range(rng.randint(2, 3))
                )


def news_text(characters: int, seed: int = 17) -> str:
    """At least `characters` of news (stopping at the end of a paragraph): about one quote per 300."""
    parts, length = [], 0
    for paragraph in paragraphs(seed, NEWS_MIX, (4, 9)):
        parts.append(paragraph)
        length += len(paragraph) + 2
        if length >= characters:
            return "\n\n".join(parts)
    raise AssertionError("unreachable")


def quote_text(quotes: int, seed: int = 29) -> str:
    """Quote-dense news holding about `quotes` quotations (stopping at the end of a paragraph)."""
    parts, count = [], 0
    for paragraph in paragraphs(seed, QUOTE_DENSE_MIX, (8, 16)):
        parts.append(paragraph)
        count += _quotes_in(paragraph)
        if count >= quotes:
            return "\n\n".join(parts)
    raise AssertionError("unreachable")


# --- parsing and timing ---------------------------------------------------------------------------


def _chunks(text: str, chunk_chars: int) -> list[str]:
    """The text cut at paragraph breaks into pieces of about `chunk_chars`; each keeps its break, so
    the pieces joined are the text."""
    if chunk_chars <= 0 or len(text) <= chunk_chars:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        cut = text.find("\n\n", start + chunk_chars)
        end = len(text) if cut < 0 else cut + 2
        pieces.append(text[start:end])
        start = end
    return pieces


def model_part(nlp) -> tuple[list[str], list[str]]:
    """(pipes up to and including the model's last one, Dateline's pipes after it)."""
    names = list(nlp.pipe_names)
    cut = names.index(LAST_MODEL_COMPONENT) + 1 if LAST_MODEL_COMPONENT in names else 0
    return names[:cut], names[cut:]


def parse_until_ner(nlp, text: str, chunk_chars: int = DEFAULT_CHUNK_CHARS):
    """The Doc of `text` after the model's components (and dateline_paragraphs): one parse, or
    paragraph-aligned chunks joined with Doc.from_docs."""
    from spacy.tokens import Doc

    before, _ = model_part(nlp)
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    with nlp.select_pipes(enable=before):
        docs = [nlp(piece) for piece in _chunks(text, chunk_chars)]
    if len(docs) == 1:
        return docs[0]
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    if doc.text != text:
        raise AssertionError("chunks joined differ from the text")
    return doc


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout


@contextmanager
def _time_limit(seconds: float | None):
    """Raise _Timeout in this (main) thread after `seconds` (no limit for None or 0)."""
    if not seconds:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed(step: Callable[[], object], timeout: float | None) -> tuple[float, float, bool]:
    """(CPU seconds, wall seconds, whether it was stopped at the timeout)."""
    cpu, wall = time.process_time(), time.perf_counter()
    stopped = False
    try:
        with _time_limit(timeout):
            step()
    except _Timeout:
        stopped = True
    return time.process_time() - cpu, time.perf_counter() - wall, stopped


def _log(message: str) -> None:
    print(f"rules_scaling: {message}", file=sys.stderr, flush=True)


def _run_once(nlp, text: str, doc, article, timeout: float | None) -> tuple[dict, list[str], dict]:
    """One pass: dateline_paragraphs on a fresh tokenisation, then each Dateline component after the
    model on `doc`, then doc_rows. ({name: (CPU s, wall s)}, names stopped at the timeout, counts)."""
    from lib.rows import doc_rows

    _, after = model_part(nlp)
    fresh = nlp.make_doc(text)
    timings: dict[str, tuple[float, float]] = {}
    stopped: list[str] = []

    def run(name: str, step: Callable[[], object]) -> None:
        cpu, wall, timed_out = _timed(step, timeout)
        timings[name] = (cpu, wall)
        if timed_out:
            stopped.append(name)
            _log(f"  {name}: stopped after {wall:.1f} s")

    run(PARAGRAPHS, lambda: nlp.get_pipe(PARAGRAPHS)(fresh))
    for name in after:
        pipe = nlp.get_pipe(name)
        result: list = []
        run(name, lambda pipe=pipe, result=result, doc=doc: result.append(pipe(doc)))
        doc = result[0] if result else doc  # a stopped component returns nothing: go on with the Doc
    rows: list = []
    run(ROWS, lambda: rows.append(doc_rows(article, doc)))
    counts = {
        "tokens": len(doc),
        "sentences": sum(1 for _ in doc.sents),
        "paragraphs": len(doc.spans.get("paragraphs", [])),
        "entities": len(doc.spans.get("entities", [])),
        "people": len(doc._.people or {}),
        "quotes_found": len(doc.spans.get("quotes", [])),
        "visits_found": len(doc.spans.get("visits", [])),
    }
    if rows:
        counts["rows"] = {table: len(found) for table, found in rows[0].items()}
    return timings, stopped, counts


def time_components(nlp, text: str, parsed, timeout: float | None, repeats: int) -> dict:
    """Time dateline_paragraphs, each Dateline component after the model, and doc_rows on the parsed
    Doc (a fresh copy per repeat); the fastest repeat of each, and what the Doc holds at the end."""
    from spacy.tokens import Doc

    from lib.corpus import Article

    nlp.max_length = max(nlp.max_length, len(text) + 1)  # for make_doc
    snapshot = parsed.to_bytes(exclude=["tensor"]) if repeats > 1 else None
    article = Article("bench", "bench.txt", text)  # built directly: past the corpus limits on purpose
    best: dict[str, tuple[float, float]] = {}
    for repeat in range(repeats):
        doc = parsed if repeat == 0 else Doc(nlp.vocab).from_bytes(snapshot)
        timings, stopped, counts = _run_once(nlp, text, doc, article, timeout)
        for name, (cpu, wall) in timings.items():
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, wall)
            if repeat == 0 and name not in stopped:
                _log(f"  {name}: {cpu:.3f} s CPU")
        del doc
        gc.collect()
        if stopped:  # what a stopped component left is no Doc to time the next repeat on
            break
    order = list(best)
    after_timeout = [n for n in order if stopped and order.index(n) > order.index(stopped[0])]
    return {
        **counts,
        "cpu_seconds": {n: round(best[n][0], 4) for n in order},
        "wall_seconds": {n: round(best[n][1], 4) for n in order},
        "timed_out": stopped,
        "after_timeout": after_timeout,
    }


def measure_one(nlp, text: str, timeout: float | None, repeats: int, chunk_chars: int) -> dict:
    """Parse one text with the model, then time each Dateline component on it."""
    load = load_average()
    cpu, wall = time.process_time(), time.perf_counter()
    parsed = parse_until_ner(nlp, text, chunk_chars)
    model_cpu, model_wall = time.process_time() - cpu, time.perf_counter() - wall
    _log(f"  model (through {LAST_MODEL_COMPONENT}): {model_cpu:.1f} s CPU, {len(parsed):,} tokens")
    result = time_components(nlp, text, parsed, timeout, repeats)
    del parsed
    gc.collect()
    units = {"per_10k_chars": len(text) / 10_000, "per_100_quotes": result["quotes_found"] / 100}
    for key, unit in units.items():
        result[key] = {n: round(s / unit, 6) if unit else None for n, s in result["cpu_seconds"].items()}
    return {
        "characters": len(text),
        "model_cpu_seconds": round(model_cpu, 2),
        "model_wall_seconds": round(model_wall, 2),
        "load_average": load,
        **result,
    }


def growth(runs: list[dict], unit: str) -> dict[str, dict]:
    """Per component: time per unit at the largest size over that at the smallest ("at_least" when the
    largest was stopped at the timeout, so its time is only a lower bound)."""
    if len(runs) < 2:
        return {}
    first, last = runs[0], runs[-1]
    out = {}
    for name, small in first[unit].items():
        large = last[unit].get(name)
        if not small or large is None or name in first["timed_out"]:
            continue
        out[name] = {"ratio": round(large / small, 2), "at_least": name in last["timed_out"]}
    return out


def measure(
    character_sizes: list[int],
    quote_counts: list[int],
    timeout: float | None = DEFAULT_TIMEOUT,
    repeats: int = 3,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
    seed: int = 17,
) -> dict:
    """Both series: each size parsed once, each Dateline component timed on it."""
    from lib.nlp import load_model, model_name

    nlp = load_model()
    # One-off set-up of the components and rows (gazetteer, dates, nicknames) is not counted.
    from lib.corpus import Article
    from lib.rows import doc_rows

    warm_up = quote_text(10, seed)
    doc_rows(Article("warm-up", "warm-up.txt", warm_up), nlp(warm_up))
    series = {}
    for axis, sizes, make, unit in (
        ("characters", character_sizes, lambda n: news_text(n, seed), "per_10k_chars"),
        ("quotes", quote_counts, lambda n: quote_text(n, seed + 1), "per_100_quotes"),
    ):
        runs = []
        for size in sizes:
            text = make(size)
            _log(f"{axis} {size:,}: {len(text):,} characters")
            times = repeats if len(text) <= REPEAT_BELOW_CHARS else 1
            runs.append({"size": size, **measure_one(nlp, text, timeout, times, chunk_chars)})
        series[axis] = {"unit": unit, "runs": runs, "growth": growth(runs, unit)}
    return {
        "machine": machine(),
        "model": model_name(),
        "timeout_seconds": timeout,
        "repeats_below_chars": [repeats, REPEAT_BELOW_CHARS],
        "chunk_chars": chunk_chars,
        "series": series,
    }


# --- tables -------------------------------------------------------------------------------------


def _cell(run: dict, name: str, unit: str) -> str:
    if name not in run["cpu_seconds"]:
        return "—"
    if name in run["timed_out"]:  # stopped at the time limit, which is wall-clock time
        return f"> {run['wall_seconds'][name]:.3g} s"
    value = run[unit][name]
    text = "—" if value is None else f"{value:.3f}"
    return f"{text} ({run['cpu_seconds'][name]:.2f} s)"


def markdown(result: dict) -> str:
    """The figures as Markdown tables: CPU seconds per unit (total seconds in brackets), growth last."""
    lines = []
    for axis, data in result["series"].items():
        runs, unit = data["runs"], data["unit"]
        if not runs:
            continue
        names = list(runs[0]["cpu_seconds"])
        label = "s per 10k characters" if unit == "per_10k_chars" else "s per 100 quotes"
        first = "quotes asked" if axis == "quotes" else "size"
        header = [first, "characters", "quotes found", *names, "model s"]
        lines += [f"**{label}** (CPU; total s in brackets)", ""]
        lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for run in runs:
            cells = [f"{run['size']:,}", f"{run['characters']:,}", f"{run['quotes_found']:,}"]
            cells += [_cell(run, n, unit) for n in names]
            cells.append(f"{run['model_cpu_seconds']:.1f}")
            lines.append("| " + " | ".join(cells) + " |")
        grown = data["growth"]
        cells = ["growth largest/smallest", "", ""]
        cells += [
            ("> " if grown[n]["at_least"] else "") + f"{grown[n]['ratio']}×" if n in grown else "—"
            for n in names
        ]
        lines += ["| " + " | ".join([*cells, ""]) + " |", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json); the Markdown
    tables go to stderr."""
    parser = argparse.ArgumentParser(prog="python -m bench.rules_scaling", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k-100k characters, 100-1,000 quotes")
    parser.add_argument("--chars", type=int, nargs="*", help="character sizes (default: the full series)")
    parser.add_argument("--quotes", type=int, nargs="*", help="quote counts (default: the full series)")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per component and size (0: none)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help=f"timings of Docs up to {REPEAT_BELOW_CHARS:,} characters"
    )
    parser.add_argument("--chunk-chars", type=int, default=DEFAULT_CHUNK_CHARS, help="0: parse in one call")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    chars = QUICK_CHARACTER_SIZES if args.quick else CHARACTER_SIZES
    quotes = QUICK_QUOTE_COUNTS if args.quick else QUOTE_COUNTS
    chars = args.chars if args.chars is not None else chars
    quotes = args.quotes if args.quotes is not None else quotes
    result = measure(chars, quotes, args.timeout or None, args.repeats, args.chunk_chars, args.seed)
    emit(result, args.json)
    print(markdown(result), file=sys.stderr)


if __name__ == "__main__":
    main()
