"""End to end in headless Chromium: a shared link opens through the router, and the map draws offline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser_support import FIRST_RUN_MS, ROOT, chromium_page, require_chromium, running_app

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Page, expect  # noqa: E402


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    with running_app(tmp_path) as base:
        yield base


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page() as new_page:
        yield new_page


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
