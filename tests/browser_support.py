"""Shared pieces of the browser tests: Debian's Chromium, and a real `streamlit run` on a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STARTUP = 60  # seconds for the server to answer
FIRST_RUN_MS = 90_000  # the first page parses the corpus with spaCy


def require_chromium() -> None:
    """Skip the calling test module without Chromium, except in CI, where its absence is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need {CHROMIUM} in CI", pytrace=False)
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(workdir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A fresh `streamlit run dashboard.py` with a private cache; yields its base URL."""
    port = free_port()
    full_env = {**os.environ, "DATELINE_CACHE_DIR": str(workdir / "cache"), **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(base, process, log_path)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_healthy(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the app did not start: {log_path.read_text()}") from None
            time.sleep(0.3)


@contextmanager
def chromium_page(width: int = 1400, height: int = 1000):
    """A Playwright page in Debian's Chromium, started with the flags this machine needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
