"""Turn the JSON results in bench/results/ into a Markdown summary (the tables in bench/README.md).

`python -m bench.report [RESULTS]` prints it; `bench.run` also writes it to RESULTS/summary.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.app import TARGET_INTERACTION_SECONDS, TARGET_RSS_MB
from bench.coldstart import TARGET_SECONDS
from bench.dask_extract import markdown as dask_markdown
from bench.overhead import TARGET_RATIO
from bench.uploads import TARGET_PEAK_MB

DATELINE_PREFIX = ("dateline_", "rows")
ACCURACY_TOP_CAUSES = 8


def _load(results: Path, name: str) -> dict | None:
    path = results / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _size_order(path: Path) -> tuple[int, str]:
    """incremental-5000 before incremental-10000: by the number in the name, then by name."""
    digits = "".join(c for c in path.stem if c.isdigit())
    return (int(digits) if digits else 0, path.stem)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _verdict(ok: bool) -> str:
    return "meets" if ok else "**misses**"


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _overhead(result: dict) -> list[str]:
    cpu = "base_cpu_seconds" in result
    lines = [f"### Extraction overhead (target ≤ {TARGET_RATIO}×)", ""]
    lines += _table(
        [
            "articles",
            "words",
            "repeats",
            "bare model s (CPU)" if cpu else "bare model s",
            "Dateline s (CPU)" if cpu else "Dateline s",
            "ratios",
            "median ratio",
            "verdict",
            "wall-clock ratios (median)",
        ],
        [
            [
                result["articles"],
                f"{result['words']:,}",
                result["repeats"],
                _median(result["base_cpu_seconds" if cpu else "base_seconds"]),
                _median(result["full_cpu_seconds" if cpu else "full_seconds"]),
                ", ".join(f"{r:.2f}" for r in result["ratios"]),
                f"**{result['median_ratio']:.2f}×**",
                _verdict(result["meets_target"]),
                ", ".join(f"{r:.2f}" for r in result.get("wall_ratios", result["ratios"]))
                + f" ({result.get('median_wall_ratio', result['median_ratio']):.2f}×)",
            ]
        ],
    )
    load, warmup = result["load_seconds"], result["warmup_seconds"]
    lines += [
        f"Load: bare {load['base']} s, Dateline {load['full']} s; first {warmup['docs']} docs "
        f"(lazy set-up) bare {warmup['base']} s, Dateline {warmup['full']} s.",
        "",
        "CPU time per stage (stage by stage over all articles; Dateline's own stages in bold):",
        "",
    ]
    rows = []
    for name, seconds in sorted(result["components_seconds"].items(), key=lambda item: -item[1]):
        share = result["components_share"][name]
        label = f"**{name}**" if name.startswith(DATELINE_PREFIX) else name
        rows.append([label, f"{seconds:.3f}", f"{share:.1%}"])
    lines += _table(["stage", "CPU s", "share"], rows)
    lines.append(f"Dateline's stages: {result['dateline_share_of_profile']:.1%} of the profiled time.\n")
    return lines


def _names(result: dict) -> list[str]:
    lines = ["### lib.names.merge_person_variants by distinct people (part of every cold start)", ""]
    lines += _table(
        ["distinct PERSON names", "seconds"], [[f"{r['people']:,}", r["seconds"]] for r in result["runs"]]
    )
    return lines


def _throughput(result: dict) -> list[str]:
    grown = any("grown_from" in run for run in result["runs"])
    title = "Growing the cache (earlier articles already cached)" if grown else "Throughput (empty cache)"
    lines = [f"### {title}: a fresh CLI process per row", ""]
    failure = result.get("jobs2_failure")
    if failure:
        lines += [
            f"`--jobs 2` **fails**: `{failure['error']}` (exit code {failure['returncode']}); "
            "the other jobs-2 runs were skipped.",
            "",
        ]
    rows = []
    for run in sorted(result["runs"], key=lambda run: (run["articles"], run["jobs"])):
        if "error" in run:
            rows.append([run["articles"], run["jobs"], "failed", "", "", "", "", "", run["error"]])
            continue
        rows.append(
            [
                f"{run['articles']:,}",
                run["jobs"],
                run["wall_seconds"],
                run["articles_per_second"],
                f"{run['words_per_second']:,.0f}",
                run["articles_per_second_excluding_startup"],
                f"{run['processed']:,}",
                run["peak_rss_mb"],
                run["load_average_before"],
            ]
        )
    lines += _table(
        [
            "articles",
            "jobs",
            "wall s",
            "articles/s",
            "words/s",
            "articles/s after start-up",
            "processed",
            "peak RSS MB",
            "load avg before",
        ],
        rows,
    )
    return lines


def _extract_seconds(seconds: dict) -> float:
    """extract_corpus time (older results split it into extract_articles + build_frames)."""
    if "extract_corpus" in seconds:
        return seconds["extract_corpus"]
    return round(seconds["extract_articles"] + seconds["build_frames"], 3)


def _reads(result: dict) -> str:
    reads = result.get("cache_reads")
    if not reads:
        return "—"
    return f"{reads['article_entries_read']:,} entries, {reads['snapshot_hits']} snapshot"


def _incremental(result: dict) -> list[str]:
    seconds = result["seconds"]
    lines = ["### Incremental: one new article in a cached corpus", ""]
    lines += _table(
        [
            "corpus",
            "processed",
            "cached",
            "cache reads",
            "read_corpus s",
            "extract_corpus s",
            "of which model load s",
            "total s",
        ],
        [
            [
                f"{result['articles'] - 1:,} + 1",
                result["stats"]["processed"],
                f"{result['stats']['cached']:,}",
                _reads(result),
                seconds["read_corpus"],
                _extract_seconds(seconds),
                seconds["of_which_model_load"],
                f"**{seconds['total']}**",
            ]
        ],
    )
    return lines


def _coldstart_row(label: str, result: dict) -> list:
    seconds = result["seconds"]
    return [
        label,
        _reads(result),
        seconds["read_corpus"],
        seconds.get("model_fingerprint", "—"),
        _extract_seconds(seconds),
        f"**{seconds['total']}**",
        result["peak_rss_mb"],
        result["cache_data_hit"]["pickled_mb"],
        result["cache_data_hit"]["unpickle_seconds"],
    ]


def _coldstart(result: dict) -> list[str]:
    lines = [f"### Cold start from the disk cache (target ≤ {TARGET_SECONDS:g} s)", ""]
    rows = []
    if result.get("first_open"):
        rows.append(
            _coldstart_row(f"{result['articles']:,}, first open (writes the snapshot)", result["first_open"])
        )
    rows.append(_coldstart_row(f"{result['articles']:,} ({_verdict(result['meets_target'])})", result))
    lines += _table(
        [
            "articles",
            "cache reads",
            "read_corpus s",
            "model_fingerprint s",
            "extract_corpus s",
            "total s",
            "peak RSS MB (process)",
            "frames MB (pickled)",
            "st.cache_data hit s",
        ],
        rows,
    )
    prototype = result.get("consolidated_prototype")
    if prototype:
        lines += [
            f"Frames {prototype['frames_mb_as_str']} MB as strings, "
            f"{prototype['frames_mb_with_categoricals']} MB with categoricals; joined tables as Parquet "
            f"{prototype['files_mb']} MB, read back in {prototype['read_seconds']} s.",
            "",
        ]
    if result.get("profile"):
        lines += [
            "<details><summary>profile (own time)</summary>",
            "",
            "```",
            result["profile"].strip(),
            "```",
        ]
        lines += ["</details>", ""]
    return lines


def _app(result: dict) -> list[str]:
    lines = [
        f"### App (targets: interaction ≤ {TARGET_INTERACTION_SECONDS} s, server RSS ≤ {TARGET_RSS_MB} MB)",
        "",
    ]
    for size, entry in result["sizes"].items():
        apptest = entry.get("apptest", {})
        server = entry.get("server", {})
        lines.append(f"**{int(size):,} articles** (`{entry.get('cache', '')}`)\n")
        if "error" in apptest or "error" in entry:
            lines.append(f"AppTest failed: {apptest.get('error') or entry.get('error')}\n")
            continue
        lines.append(f"AppTest first run (cold start + Overview): **{apptest['first_run_seconds']} s**\n")
        rows = []
        for page, timing in apptest["pages"].items():
            served = server.get("pages", {}).get(page, {})
            interaction = timing.get("interaction_seconds")
            rows.append(
                [
                    page,
                    timing["render_seconds"],
                    timing.get("interaction", "—"),
                    f"{interaction} ({_verdict(timing['meets_target'])})" if interaction is not None else "—",
                    timing.get("rerun_seconds", "—"),
                    served.get("load_seconds", "—"),
                    served.get("server_rss_peak_mb", "—"),
                    len(timing["exceptions"]) + served.get("exceptions", 0),
                ]
            )
        lines += _table(
            [
                "page",
                "AppTest render s",
                "filter change",
                "filter s",
                "plain rerun s",
                "browser load s",
                "server VmHWM MB so far",
                "errors",
            ],
            rows,
        )
        if "peak_rss_mb" in server:
            lines.append(
                f"Server peak RSS (VmHWM): **{server['peak_rss_mb']} MB** "
                f"({_verdict(server['meets_rss_target'])}); idle after start {server['rss_idle_mb']} MB; "
                f"AppTest process peak {apptest['peak_rss_mb']} MB.\n"
            )
        elif "error" in server:
            lines.append(f"Server measurement failed: {server['error']}\n")
        if apptest.get("rerun_profile"):
            profile = apptest["rerun_profile"]
            lines += [f"<details><summary>profile of one rerun of {profile['page']}</summary>", "", "```"]
            lines += [profile["top"].strip(), "```", "</details>", ""]
    return lines


def _accuracy(result: dict) -> list[str]:
    lines = ["### Accuracy (`bench/accuracy.py`)", ""]
    for name, corpus in result["corpora"].items():
        figures = " ".join(f"{k}={v}" for k, v in corpus["figures"].items())
        causes = sorted(corpus["causes"], key=lambda c: -c["count"])[:ACCURACY_TOP_CAUSES]
        lines += [f"**{name}** ({corpus['extract_seconds']} s extraction): `{figures}`", ""]
        if causes:
            rows = [[c["area"], c["cause"], c["count"], f"{c['share']:.0%}"] for c in causes]
            lines += _table(["area", "cause (largest first)", "misses", "share of the area's"], rows)
    return lines


def _uploads(result: dict) -> list[str]:
    upload = result["upload"]
    lines = [
        f"### Uploads at once (target: server VmHWM ≤ {TARGET_PEAK_MB:,} MB)",
        "",
        f"{result['sessions']} visitors, each uploading {upload['files']} file(s), {upload['characters']:,} "
        f"characters ({upload['bytes']:,} bytes); server idle {result['server_idle']['hwm_mb']:.0f} MB, "
        f"{result['server_before_upload']['hwm_mb']:.0f} MB before the uploads; **peak "
        f"{result['peak_rss_mb']:,} MB** ({_verdict(result['meets_target'])}); {result['wall_s']} s until "
        f"the last visitor saw its articles, {result['cpu_s_during_uploads']} s of server CPU.",
        "",
    ]
    rows = [
        [
            number + 1,
            ", ".join(map(str, seen["places_seen"])) or "—",
            seen.get("parsing_from_s") or "—",
            seen.get("done_s") or f"closed at {seen.get('closed_s')}",
            seen.get("articles_shown", "—"),
            seen.get("exceptions", "—"),
        ]
        for number, seen in enumerate(result["visitors"])
    ]
    lines += _table(
        ["visitor", "places in line shown", "parsing from s", "articles shown at s", "articles", "errors"],
        rows,
    )
    if "stop_logged_after_s" in result:
        lines += [
            f"The closed tab's parse was logged as stopped {result['stop_logged_after_s']} s after.",
            "",
        ]
    return lines


def summary(results: Path) -> str:
    """The Markdown summary of every result present."""
    lines: list[str] = []
    machine = _load(results, "machine")
    if machine:
        lines += [
            f"Machine: {machine['nproc']} cores, {machine['cpu']}, {machine['ram_gib']} GiB RAM, "
            f"Python {machine['python']}; {machine['date']}; revision {machine['revision']}; "
            f"load average at start {machine['load_average']}.",
            "",
        ]
    sections = (
        ("overhead", _overhead),
        ("names", _names),
        ("throughput", _throughput),
        ("grow", _throughput),
        ("incremental*", _incremental),
        ("coldstart*", _coldstart),
        ("app", _app),
        ("accuracy", _accuracy),
        ("uploads*", _uploads),
        ("dask", dask_markdown),
    )
    for pattern, render in sections:
        for path in sorted(results.glob(f"{pattern}.json"), key=_size_order):
            result = json.loads(path.read_text(encoding="utf-8"))
            if "error" in result and "args" in result:
                lines += [f"### {path.stem}", "", f"failed: {result['error']}", ""]
                continue
            lines += render(result)
            if "run" in result:
                run = result["run"]
                lines += [
                    f"_Measured {run['date']} on {run['nproc']} × {run['cpu']}, {run['ram_gib']} GiB; "
                    f"revision {run['revision']}; load average {run['load_average']} at the start; "
                    f"`{run['command']}` ({run['seconds']} s)._",
                    "",
                ]
    return "\n".join(lines)


def write_summary(results: Path) -> Path:
    """Write results/summary.md and return its path."""
    path = results / "summary.md"
    path.write_text(summary(results), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the summary of a results folder."""
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__)
    parser.add_argument("results", type=Path, nargs="?", default=Path(__file__).parent / "results")
    print(summary(parser.parse_args(argv).results))


if __name__ == "__main__":
    main()
