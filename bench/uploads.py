"""Visitors uploading the most the app accepts, all at once: the served app's peak memory, its CPU, and
how long each visitor waits and sees its place in line.

A real `streamlit run dashboard.py` (headless, 127.0.0.1) and Debian's Chromium through Playwright,
one browser context (one Streamlit session) per visitor. Every visitor opens the Overview; then, one
right after the other, each puts the largest upload Dateline accepts into the upload box: generated
news in files of MAX_CHARS characters (within every per-article limit) up to MAX_UPLOAD_CHARS in all.
The server's VmHWM, RSS and CPU time are read from /proc about twice a second until every visitor sees
its articles. `--close-first` closes the first visitor's tab once its parse is under way, and times
how soon the server stops parsing it (its log line) and the next visitor starts.

`python -m bench.uploads --sessions 5` gives the figures in bench/README.md (a few minutes of both
cores); `--chars 100000` is a short run with smaller uploads.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.app import CHROMIUM, CHROMIUM_FLAGS, _free_port, _wait_healthy
from bench.common import ROOT, emit, machine, work_dir
from bench.make_corpus import make_article
from lib.corpus import MAX_CHARS, MAX_UPLOAD_CHARS, read_uploads

TARGET_PEAK_MB = 1_500
PLACE = re.compile(r"Your upload is number (\d+) in line")
LOADED = re.compile(r"Showing your ([\d,]+) uploaded article")
PARSING = re.compile(r"Parsing ([\d,]+) of ([\d,]+)")
STOPPED = "stopped parsing"
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
TICKS = os.sysconf("SC_CLK_TCK")


def upload_files(visitor: int, total_chars: int, file_chars: int = MAX_CHARS) -> list[dict]:
    """One visitor's upload: distinct generated news, files of `file_chars` up to `total_chars` in all."""
    files, index = [], visitor * 100_000
    remaining = total_chars
    while remaining > 0:
        size = min(file_chars, remaining)
        parts: list[str] = []
        while sum(len(part) + 2 for part in parts) < size:
            parts.append(make_article(visitor + 1, index)[0])
            index += 1
        text = "\n\n".join(parts)[:size]
        files.append(
            {"name": f"v{visitor}-{len(files):03}.txt", "mimeType": "text/plain", "buffer": text.encode()}
        )
        remaining -= size
    return files


def server_sample(pid: int) -> dict[str, float]:
    """The server's current and peak resident memory (MB) and its CPU seconds so far."""
    status = Path(f"/proc/{pid}/status").read_text()
    sizes = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB$", status, flags=re.MULTILINE))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return {"rss_mb": int(sizes["VmRSS"]) / 1024, "hwm_mb": int(sizes["VmHWM"]) / 1024, "cpu_s": cpu}


def measure_uploads(
    sessions: int, total_chars: int, close_first: bool = False, timeout: float = 1800
) -> dict:
    """Serve the app, let `sessions` visitors upload `total_chars` each at once, and measure."""
    from playwright.sync_api import sync_playwright

    uploads = [upload_files(visitor, total_chars) for visitor in range(sessions)]
    accepted = [read_uploads([(f["name"], f["buffer"]) for f in files]) for files in uploads]
    assert all(not corpus.skipped for corpus in accepted), "the bench upload must be within every limit"
    work = work_dir() / "uploads"
    work.mkdir(parents=True, exist_ok=True)
    log_path = work / "server.log"
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true"]
    command += [f"--server.port={port}", "--server.address=127.0.0.1", "--server.fileWatcherType=none"]
    env = {**os.environ, "DATELINE_CACHE_DIR": str(work / "cache")}
    result: dict = {
        "machine": machine(),
        "sessions": sessions,
        "upload": {
            "files": len(uploads[0]),
            "characters": sum(len(a.text) for a in accepted[0].articles),
            "bytes": sum(len(f["buffer"]) for f in uploads[0]),
        },
        "close_first": close_first,
        "target_peak_mb": TARGET_PEAK_MB,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, process)
        result["server_idle"] = server_sample(process.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            pages = [browser.new_context().new_page() for _ in range(sessions)]
            for page in pages:
                page.goto(f"http://127.0.0.1:{port}/")
                page.get_by_text("Upload your own articles").wait_for(timeout=120_000)
            time.sleep(2)  # the first visit's run settles
            result["server_before_upload"] = server_sample(process.pid)
            started = time.monotonic()
            for page, files in zip(pages, uploads, strict=True):
                page.locator(UPLOAD_INPUT).set_input_files(files)
            result["visitors"] = _watch(pages, process.pid, started, timeout, close_first, log_path, result)
            browser.close()
        result["server_after"] = server_sample(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    result["peak_rss_mb"] = round(result["server_after"]["hwm_mb"], 1)
    result["meets_target"] = result["peak_rss_mb"] <= TARGET_PEAK_MB
    result["server_log_tail"] = log_path.read_text().strip().splitlines()[-5:]
    return result


def _watch(pages, pid: int, started: float, timeout: float, close_first: bool, log_path: Path, result: dict):
    """Poll every visitor's page and the server until all are done; what each saw, and when."""
    visitors = [
        {"places_seen": [], "first_place_s": None, "parsing_from_s": None, "done_s": None} for _ in pages
    ]
    samples: list[dict] = []
    closed = None
    while time.monotonic() - started < timeout:
        now = time.monotonic() - started
        samples.append({"t": round(now, 1), **server_sample(pid)})
        for number, (page, seen) in enumerate(zip(pages, visitors, strict=True)):
            if seen["done_s"] is not None or page.is_closed():
                continue
            text = page.evaluate("() => document.body.innerText")
            place = PLACE.search(text)
            if place and int(place.group(1)) not in seen["places_seen"]:
                seen["places_seen"].append(int(place.group(1)))
                seen["first_place_s"] = seen["first_place_s"] or round(now, 1)
            parsing = PARSING.search(text)
            if parsing and parsing.group(1) != "0" and seen["parsing_from_s"] is None:
                seen["parsing_from_s"] = round(now, 1)
                if close_first and number == 0:
                    page.close()
                    closed = now
                    seen["closed_s"] = round(now, 1)
                    continue
            loaded = LOADED.search(text)
            if loaded and not place:
                seen["done_s"] = round(now, 1)
                seen["articles_shown"] = int(loaded.group(1).replace(",", ""))
                seen["exceptions"] = page.locator("[data-testid='stException']").count()
        if closed is not None and "stop_logged_after_s" not in result and STOPPED in log_path.read_text():
            result["stop_logged_after_s"] = round(now - closed, 1)
        if all(v["done_s"] is not None or v.get("closed_s") is not None for v in visitors):
            break
        time.sleep(0.5)
    result["samples"] = samples[:: max(1, len(samples) // 120)]  # about 120 points for a plot
    result["wall_s"] = round(time.monotonic() - started, 1)
    result["cpu_s_during_uploads"] = round(samples[-1]["cpu_s"] - samples[0]["cpu_s"], 1)
    return visitors


def main(argv: list[str] | None = None) -> None:
    """Command line entry point: print the result as JSON (and write it with --json)."""
    parser = argparse.ArgumentParser(prog="python -m bench.uploads", description=__doc__)
    parser.add_argument("--sessions", type=int, default=5, help="visitors uploading at once")
    parser.add_argument(
        "--chars", type=int, default=MAX_UPLOAD_CHARS, help="characters each uploads (default: the limit)"
    )
    parser.add_argument("--close-first", action="store_true", help="close the first tab mid-parse")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args(argv)
    emit(measure_uploads(args.sessions, args.chars, args.close_first), args.json)


if __name__ == "__main__":
    main()
