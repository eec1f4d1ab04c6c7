"""End to end in headless Chromium: a shared link opens through the router, and the map draws offline."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
STARTUP = 60  # seconds for the server to answer
FIRST_RUN_MS = 90_000  # the first page parses the corpus with spaCy

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"browser tests need {CHROMIUM} in CI", pytrace=False)
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True
    )

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """A fresh `streamlit run dashboard.py` with a private cache; yields its base URL."""
    port = free_port()
    env = {**os.environ, "DATELINE_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(
                        f"the app did not start: {(tmp_path / 'server.log').read_text()}"
                    ) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser.new_page(viewport={"width": 1400, "height": 1000})
        browser.close()


def test_a_shared_link_opens_through_the_router_on_a_fresh_server(server, page):
    # The very first session of a server is the case where Streamlit runs pages/ files on their own.
    page.goto(f"{server}/quotes?speaker=David+Parker")
    page.get_by_text("Corpus folder").wait_for(timeout=FIRST_RUN_MS)
    page.get_by_text("Download these").wait_for(timeout=FIRST_RUN_MS)
    chips = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert "David Parker (" in chips
    assert "speaker=David+Parker" in page.url
    # The router's five titled pages, not the legacy list of files (dashboard, overview, map, ...).
    links = page.locator("[data-testid='stSidebarNav'] a p")
    expect(links).to_have_text(["Overview", "Map", "Co-occurrence", "Quotes", "Reader"])


def test_the_map_draws_from_the_app_not_a_cdn(server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    responses: dict[str, int] = {}
    page.on("response", lambda response: responses.__setitem__(response.url, response.status))
    page.goto(f"{server}/map?places=true")
    page.locator(".js-plotly-plot .geo").first.wait_for(timeout=FIRST_RUN_MS)
    page.locator(".js-plotly-plot .geo .countries path").first.wait_for(timeout=30_000)
    topojson = [url for url in responses if url.endswith("/app/static/topojson/world_110m.json")]
    assert topojson and responses[topojson[0]] == 200
    assert not [url for url in requests if "cdn.plot.ly" in url]
    borders = page.locator(".js-plotly-plot .geo .countries path").first.get_attribute("d") or ""
    assert len(borders) > 10_000, "the country borders come from the served topojson"


def test_the_corpus_folder_stays_chosen_across_pages(server, page, tmp_path):
    corpus = tmp_path / "one"
    corpus.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[1]
    (corpus / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    page.goto(f"{server}/?corpus={corpus}")
    page.get_by_text(f"Reading `{corpus}`".replace("`", "")).wait_for(timeout=FIRST_RUN_MS)
    page.locator("[data-testid='stSidebarNav'] a", has_text="Quotes").click()
    page.get_by_text("Download these").wait_for(timeout=FIRST_RUN_MS)
    assert f"corpus={corpus}".replace("/", "%2F") in page.url
    expect(page.get_by_role("textbox", name="Corpus folder")).to_have_value(str(corpus))
    page.locator("[data-testid='stSidebarNav'] a", has_text="Reader").click()
    page.get_by_role("heading", name="New Zealand Prime Minister Chris Luxon").wait_for(timeout=FIRST_RUN_MS)
    assert f"corpus={corpus}".replace("/", "%2F") in page.url
