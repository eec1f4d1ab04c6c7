"""The app at scale: each page's first render, one filter interaction, and the server's peak RSS.

Two measurements per corpus size, each in a fresh process with the bench cache already filled:
- AppTest (`--apptest CORPUS`): the first run of dashboard.py (the cold start from the disk cache plus
  the Overview page), then each page's first render and one sidebar filter change, timed in-process;
- the real server: `streamlit run dashboard.py` headless, visited page by page by headless Chromium
  (Debian's /usr/bin/chromium through Playwright); the server's VmHWM is read from /proc afterwards.
`python -m bench.app --work /tmp/dateline-bench --sizes 1000 5000` runs both for each size.

A Parquet dataset (`--datasets DIR ...`, e.g. bench/synthetic_parquet.py's) is measured the same way,
opened through `?corpus=DIR` as a visitor would: the server's cold start is its first page load.
`--store-dbs WORK ...` (one per dataset) reuses databases lib/store.py built before (hard links into
the app's store folder), so that the one-time build is not measured with the app.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.coldstart import vm_hwm_mb
from bench.common import ROOT, emit, machine, run_python

PAGES = ("overview", "map", "cooccurrence", "quotes", "reader")
DATASET_PAGES = (*PAGES, "person")  # a Zipf-sized person's page is the one that grows with a dataset
TARGET_INTERACTION_SECONDS = 0.3
TARGET_RSS_MB = 700
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_COUNT_SUFFIX = re.compile(r" \(\d[\d,]*\)$")  # url_multiselect labels: "Name (12)"


def _env(cache: Path, corpus: Path) -> dict[str, str]:
    """The cache to read, and the corpus folder as the one root the app may read folders below."""
    return {"DATELINE_CACHE_DIR": str(cache), "DATELINE_CORPUS_ROOTS": str(corpus)}


def _raw_option(widget, label: str):
    """The value behind a multiselect option label (labels may carry a count), or None."""
    for candidate in (label, _COUNT_SUFFIX.sub("", label)):
        try:
            if str(widget.format_func(candidate)) == label:
                return candidate
        except (KeyError, TypeError, ValueError):
            continue
    return None


def _filter_widget(at) -> tuple[str, object] | None:
    """Change one sidebar filter the way a user would first: a multiselect, a selectbox or a toggle."""
    for widget in at.sidebar.multiselect:
        if len(widget.value) > 1:
            return f"multiselect {widget.label!r}: keep one", widget.set_value(widget.value[:1])
        for label in widget.options:
            raw = _raw_option(widget, label)
            if raw is not None:
                return f"multiselect {widget.label!r}: select {label!r}", widget.select(raw)
    for widget in at.sidebar.selectbox:
        if len(widget.options) > 1:
            return f"selectbox {widget.label!r}: pick the 2nd option", widget.select_index(1)
    for widget in at.sidebar.toggle:
        return f"toggle {widget.label!r}", widget.set_value(not widget.value)
    return None


def measure_apptest(corpus: Path, pages: tuple[str, ...] = PAGES) -> dict:
    """Time the first run (cold start + Overview), each page's first render and one filter change."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=3600)
    at.query_params["corpus"] = str(corpus)
    started = time.perf_counter()
    at.run()
    result: dict = {
        "first_run_seconds": round(time.perf_counter() - started, 3),
        "first_run_exceptions": [e.value for e in at.exception],
        "pages": {},
    }
    for page in pages:
        at.switch_page(f"pages/{page}.py")
        started = time.perf_counter()
        at.run()
        entry: dict = {
            "render_seconds": round(time.perf_counter() - started, 3),
            "exceptions": [e.value for e in at.exception],
        }
        change = _filter_widget(at)
        if change is not None:
            description, widget = change
            started = time.perf_counter()
            widget.run()
            entry["interaction"] = description
            entry["interaction_seconds"] = round(time.perf_counter() - started, 3)
            entry["interaction_exceptions"] = [e.value for e in at.exception]
            entry["meets_target"] = entry["interaction_seconds"] <= TARGET_INTERACTION_SECONDS
        # Any interaction reruns the whole page: a plain rerun is the floor every widget change pays.
        started = time.perf_counter()
        at.run()
        entry["rerun_seconds"] = round(time.perf_counter() - started, 3)
        result["pages"][page] = entry
    result["cooccurrence_steps"] = _cooccurrence_steps(at)
    slowest = max(result["pages"], key=lambda p: result["pages"][p]["rerun_seconds"])
    at.switch_page(f"pages/{slowest}.py")
    at.run()
    result["rerun_profile"] = {"page": slowest, "top": _profile_rerun(at)}
    result["peak_rss_mb"] = vm_hwm_mb()
    return result


def _cooccurrence_steps(at) -> dict[str, float]:
    """Co-occurrence beyond one filter: a new setting, a setting already seen, and the two pickers
    (AppTest reruns the whole page for them, although in a browser they are fragments)."""
    at.switch_page("pages/cooccurrence.py")
    at.query_params["view"] = "Mentioned together"  # the window and types apply to this view only
    at.run()
    steps = {
        # The page step above kept one entity type with sentences; paragraphs are new for it.
        "window: paragraphs (new pair table)": lambda: at.sidebar.radio(key="window").set_value("paragraph"),
        "window: back to sentences (seen)": lambda: at.sidebar.radio(key="window").set_value("sentence"),
        "pair: pick the 2nd": lambda: at.selectbox(key="pair").select_index(1),
        "entity: pick the 3rd": lambda: at.selectbox(key="entity").select_index(2),
    }
    seconds = {}
    for name, change in steps.items():
        widget = change()
        started = time.perf_counter()
        widget.run()
        seconds[name] = round(time.perf_counter() - started, 3)
    return seconds


def _profile_rerun(at, limit: int = 25) -> str:
    """Cumulative-time profile of one rerun, restricted to the app's own code and Streamlit's caches."""
    profiler = cProfile.Profile()

    def start_profiling(*_) -> None:
        # AppTest runs the script in a new thread; profile that thread from its first event on.
        sys.setprofile(None)
        profiler.enable()

    threading.setprofile(start_profiling)
    try:
        at.run()
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(f"{re.escape(str(ROOT))}/(lib|ui|pages)/|caching|pickle|parquet|dashboard", limit)
    return re.sub(r"\S*/(site-packages|python3\.\d+)/", "", out.getvalue()).replace(str(ROOT) + "/", "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not become healthy")


def _wait_idle(page, timeout: float, quiet: float = 1.0) -> float:
    """Seconds until the app stops running (no status widget or spinner for `quiet` seconds)."""
    started = time.perf_counter()
    idle_since = None
    while time.perf_counter() - started < timeout:
        busy = page.evaluate(
            "() => !document.querySelector('[data-testid=\"stMain\"]')"
            " || !!document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " || !!document.querySelector('[data-testid=\"stSpinner\"]')"
        )
        now = time.perf_counter()
        if busy:
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif now - idle_since >= quiet:
            return idle_since - started
        time.sleep(0.1)
    raise TimeoutError("the page kept running")


def measure_server(corpus: Path, cache: Path, timeout: float = 3600, pages: tuple[str, ...] = PAGES) -> dict:
    """Serve dashboard.py headless, open every page in Chromium, and read the server's VmHWM."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **_env(cache, corpus)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result: dict = {"command": " ".join(command[1:]), "pages": {}}
    try:
        _wait_healthy(port, process)
        result["rss_idle_mb"] = vm_hwm_mb(process.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            for name in pages:
                path = "" if name == "overview" else name
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/{path}?corpus={quote(str(corpus))}")
                seconds = (time.perf_counter() - started) + _wait_idle(page, timeout)
                errors = page.locator('[data-testid="stException"]').count()
                result["pages"][name] = {
                    "load_seconds": round(seconds, 2),
                    "exceptions": errors,
                    "server_rss_peak_mb": vm_hwm_mb(process.pid),
                }
            browser.close()
        result["peak_rss_mb"] = vm_hwm_mb(process.pid)
        result["meets_rss_target"] = result["peak_rss_mb"] <= TARGET_RSS_MB
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return result


def seed_store(dataset: Path, built: Path | None, cache: Path) -> Path:
    """The app's store folder for a dataset under this cache folder, holding the databases of `built`
    (hard links, else copies): the app then attaches them instead of building its own."""
    os.environ["DATELINE_CACHE_DIR"] = str(cache)  # read by ui.data when it names the folder
    from ui.data import store_work_dir

    folder = store_work_dir(str(dataset.resolve()))
    folder.mkdir(parents=True, exist_ok=True)
    for database in sorted(built.glob("corpus-*.duckdb")) if built else []:
        target = folder / database.name
        if not target.exists():
            try:
                os.link(database, target)
            except OSError:
                shutil.copy2(database, target)
    return folder


def measure_datasets(datasets: list[Path], built: list[Path], work: Path, server: bool = True) -> dict:
    """AppTest timings and the served app's cold start and peak RSS for each Parquet dataset."""
    result: dict = {"machine": machine(), "datasets": {}}
    for index, dataset in enumerate(datasets):
        dataset = dataset.resolve()
        cache = work / "app-datasets" / f"{index}-{dataset.name}" / "cache"
        folder = seed_store(dataset, built[index] if index < len(built) else None, cache)
        entry: dict = {"dataset": str(dataset), "store": str(folder)}
        finished = run_python(
            ["-m", "bench.app", "--apptest", str(dataset), "--pages", *DATASET_PAGES],
            env=_env(cache, dataset),
        )
        if finished.returncode == 0:
            entry["apptest"] = json.loads(finished.stdout.strip().splitlines()[-1])
        else:
            entry["apptest"] = {"error": finished.stderr.strip().splitlines()[-3:]}
        if server:
            try:
                entry["server"] = measure_server(dataset, cache, pages=DATASET_PAGES)
            except (RuntimeError, TimeoutError, OSError) as error:
                entry["server"] = {"error": str(error)}
        result["datasets"][dataset.name] = entry
    return result


def measure_app(work: Path, sizes: list[int], server: bool = True) -> dict:
    """AppTest timings and the served app's peak RSS for each cached corpus size."""
    from bench.run import largest_cached

    result: dict = {"machine": machine(), "sizes": {}}
    for n in sizes:
        found = largest_cached([n])
        if found is None:
            result["sizes"][str(n)] = {"error": "no cache for this size: run the throughput step first"}
            continue
        corpus, cache = found
        entry: dict = {"corpus": str(corpus), "cache": str(cache)}
        finished = run_python(["-m", "bench.app", "--apptest", str(corpus)], env=_env(cache, corpus))
        if finished.returncode == 0:
            entry["apptest"] = json.loads(finished.stdout.strip().splitlines()[-1])
        else:
            entry["apptest"] = {"error": finished.stderr.strip().splitlines()[-3:]}
        if server:
            try:
                entry["server"] = measure_server(corpus, cache)
            except (RuntimeError, TimeoutError, OSError) as error:
                entry["server"] = {"error": str(error)}
        result["sizes"][str(n)] = entry
    return result


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.app", description=__doc__)
    parser.add_argument("--apptest", type=Path, help="(internal) AppTest timings for this corpus, as JSON")
    parser.add_argument("--work", type=Path, help="the bench work folder (corpora and caches)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="corpus sizes to measure")
    parser.add_argument("--no-server", action="store_true", help="skip the served-app RSS measurement")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), help="(internal) pages --apptest visits")
    parser.add_argument("--datasets", type=Path, nargs="*", default=[], help="Parquet datasets to measure")
    parser.add_argument(
        "--store-dbs",
        type=Path,
        nargs="*",
        default=[],
        help="per dataset: a work folder with its built database",
    )
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    if args.apptest:
        print(json.dumps(measure_apptest(args.apptest, tuple(args.pages))))
        return
    if args.work:
        os.environ["DATELINE_BENCH_DIR"] = str(args.work)
    if args.datasets:
        work = args.work or Path("/tmp/dateline-bench")
        emit(measure_datasets(args.datasets, args.store_dbs, work, server=not args.no_server), args.json)
        return
    result = measure_app(args.work or Path("/tmp/dateline-bench"), args.sizes, server=not args.no_server)
    emit(result, args.json)


if __name__ == "__main__":
    main()
