"""Shared pieces of the browser tests: Debian's Chromium, a real `streamlit run` on a free port, and a
watch on each page for errors and for requests that would need the internet."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Route

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STARTUP = 60  # seconds for the server to answer
FIRST_RUN_MS = 90_000  # the first page parses the corpus with spaCy
RUN_MS = 30_000  # any later run, from the caches
VIEWPORT = {"width": 1280, "height": 800}  # also the size of the README screenshots
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FOLDER_SETTINGS = ("DATELINE_CORPUS_ROOTS", "DATELINE_LOCAL_FOLDERS")
# Opening a page's own URL (/map, /quotes?...) makes Streamlit's frontend look for the server under that
# path first (/map/_stcore/health), get a 404 and then find it at /. Chromium logs each 404 as a console
# error; it is harmless and known upstream (streamlit/streamlit#11537). Any other console error fails.
BENIGN_404 = re.compile(r"^/[^/]+/_stcore/(health|host-config)$")
# Streamlit marks its root with the script's state; elements left from the previous run are "stale".
APP_IDLE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.dataset.testScriptState === 'notRunning'
        && app.dataset.testConnectionState === 'CONNECTED'
        && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]');
}"""


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


@dataclass
class App:
    """A running `streamlit run dashboard.py`: where it answers, its process and its cache folder."""

    url: str
    process: subprocess.Popen
    cache_dir: Path
    log_path: Path

    def memory_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory of the server process, in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        sizes = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB$", status, flags=re.MULTILINE))
        return {name: int(kb) / 1024 for name, kb in sizes.items()}


@contextmanager
def running_app(workdir: Path, env: dict[str, str] | None = None) -> Iterator[App]:
    """A fresh `streamlit run dashboard.py` with a private cache (unless env names one); yields it."""
    port = free_port()
    # Started as someone would on their own computer: on the loopback address, with no corpus roots
    # (so any folder can be read) unless `env` says otherwise, whatever the calling shell has set.
    inherited = {k: v for k, v in os.environ.items() if k not in FOLDER_SETTINGS}
    full_env = {**inherited, "DATELINE_CACHE_DIR": str(workdir / "cache"), **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    # What a visitor sees (as on Community Cloud): no local "Deploy" button in the screenshots.
    command += ["--client.toolbarMode", "viewer"]
    log_path = workdir / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        app = App(f"http://127.0.0.1:{port}", process, Path(full_env["DATELINE_CACHE_DIR"]), log_path)
        try:
            _wait_until_healthy(app)
            yield app
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_healthy(app: App) -> None:
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or app.process.poll() is not None:
                raise RuntimeError(f"the app did not start: {app.log_path.read_text()}") from None
            time.sleep(0.3)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright, started with the flags this machine needs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """Whether loading a URL stays on this machine (the app's server, or data the page already has)."""
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


@dataclass
class PageWatch:
    """What went wrong in a page so far: console errors, uncaught errors, requests leaving the machine."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if (
            message.text.startswith("Failed to load resource")
            and "404" in message.text
            and is_local(source)
            and BENIGN_404.match(urlsplit(source).path)
        ):
            return
        self.console_errors.append(f"{message.text} ({source})")

    def on_external_request(self, route: Route) -> None:
        # Blocked, so the page behaves as it would offline, and recorded, so the test fails.
        self.external_requests.append(route.request.url)
        route.abort("internetdisconnected")

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught error in the page: {text}" for text in self.page_errors]
            + [f"request to a non-local host: {url}" for url in self.external_requests]
        )


_WATCHES: WeakKeyDictionary[Page, PageWatch] = WeakKeyDictionary()


@contextmanager
def watched_page(browser: Browser) -> Iterator[Page]:
    """A new page (a new Streamlit session) whose problems fail the test when it closes.

    Check earlier, where the failure is easier to read, with `settle(page)`.
    """
    context = browser.new_context(viewport=VIEWPORT)
    watch = PageWatch()
    context.route(lambda url: not is_local(url), watch.on_external_request)
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    _WATCHES[page] = watch
    try:
        yield page
        assert not watch.problems(), "\n".join(watch.problems())
    finally:
        context.close()


def settle(page: Page, timeout: float = RUN_MS) -> None:
    """Wait until the app has finished its run and redrawn, then fail on any error seen so far.

    Call it after the page's own content has appeared: right after a click, the previous run may
    still look finished.
    """
    page.wait_for_function(APP_IDLE, timeout=timeout)
    exceptions = page.locator("[data-testid='stException']")
    if exceptions.count():
        raise AssertionError("exception shown in the page:\n" + "\n\n".join(exceptions.all_inner_texts()))
    watch = _WATCHES[page]
    assert not watch.problems(), "\n".join(watch.problems())
