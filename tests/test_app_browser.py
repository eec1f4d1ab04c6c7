"""End to end in headless Chromium, against `streamlit run dashboard.py` on seeds/.

Every test fails on an exception shown in the page, on an error in the browser console other than
the known-harmless ones (see browser_support.BENIGN_404), and on any request to a host other than the
app's own: such requests are blocked, so the app is also checked to work offline.

One server serves the module; only the shared-link test needs a server of its own. Screenshots go to
tests/artifacts/ (git-ignored), or, for the README, to the folder in $DATELINE_SCREENSHOTS:
    DATELINE_SCREENSHOTS=docs/screenshots python -m pytest tests/test_app_browser.py
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.browser_support import (
    FIRST_RUN_MS,
    ROOT,
    VIEWPORT,
    require_chromium,
    running_app,
    settle,
    watched_page,
)

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Locator, Page, expect  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / os.environ.get("DATELINE_SCREENSHOTS", ARTIFACTS)  # relative to the repository
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))
NAV = "[data-testid='stSidebarNav'] a"
GRID = "[data-testid='stDataFrame'] table[role='grid']"


def screenshot(page: Page, name: str, folder: Path = ARTIFACTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    page.mouse.move(VIEWPORT["width"] // 2, 40)  # off the sidebar (its collapse button) and the charts
    page.screenshot(path=folder / f"{name}.png", full_page=False)


def quote_counts(page: Page) -> tuple[int, int]:
    """The Quotes page's "N of M quotes": quotes shown, and quotes of the kinds switched on."""
    caption = page.get_by_text(re.compile(r"^[\d,]+ of [\d,]+ quotes$")).inner_text()
    shown, total = re.findall(r"[\d,]+", caption)
    return int(shown.replace(",", "")), int(total.replace(",", ""))


def expect_grid_rows(page: Page, rows: int) -> None:
    """Wait for the page's first table to hold this many rows (it redraws a moment after the run ends)."""
    expect(page.locator(GRID).first).to_have_attribute("aria-rowcount", str(rows + 1))


def grid_column(page: Page, header: str) -> Locator:
    """The cells of one column of the page's first table (the rows drawn so far)."""
    grid = page.locator(GRID).first
    index = grid.locator("th", has_text=re.compile(f"^{re.escape(header)}$")).get_attribute("aria-colindex")
    return grid.locator(f"tbody td[aria-colindex='{index}']")


def open_page(page: Page, title: str) -> None:
    page.locator(NAV).filter(has=page.get_by_text(title, exact=True)).click()


def test_every_page_draws_offline_without_errors(app, page):
    """Overview, Map, Co-occurrence, Quotes and Reader, reached through the sidebar as a visitor would."""
    responses: dict[str, int] = {}
    page.on("response", lambda response: responses.__setitem__(response.url, response.status))

    started = time.monotonic()
    page.goto(app.url)  # the first run loads spaCy and parses seeds/
    expect(page.locator("[data-testid='stMetric']")).to_have_count(6, timeout=FIRST_RUN_MS)
    settle(page)
    first_run = time.monotonic() - started
    expect(page.locator("[data-testid='stMetric']").first).to_contain_text(str(len(SEED_FILES)))
    expect_grid_rows(page, len(SEED_FILES))
    screenshot(page, "overview", SCREENSHOTS)

    open_page(page, "Map")
    geo = page.locator(".js-plotly-plot .geo").first
    geo.locator(".countries path").first.wait_for()
    settle(page)
    served = [url for url in responses if url.endswith("/app/static/topojson/world_110m.json")]
    assert served and responses[served[0]] == 200, "the world map comes from the app's static folder"
    borders = geo.locator(".countries path").first.get_attribute("d") or ""
    assert len(borders) > 10_000, "country borders drawn from the served topojson"
    assert geo.locator(".scattergeo path.point").count() >= 3, "markers for the destinations"
    screenshot(page, "map-everyone")

    open_page(page, "Co-occurrence")
    heatmap = page.locator(".js-plotly-plot", has=page.locator(".heatmaplayer")).first
    heatmap.locator(".heatmaplayer .hm image").wait_for()
    settle(page)
    expect(heatmap.locator(".ytick")).to_contain_text(["Christopher Luxon"])
    screenshot(page, "cooccurrence", SCREENSHOTS)

    open_page(page, "Quotes")
    page.get_by_text("Download these").wait_for()
    settle(page)
    shown, _ = quote_counts(page)
    assert shown > 10
    expect_grid_rows(page, shown)
    screenshot(page, "quotes", SCREENSHOTS)

    open_page(page, "Reader")
    page.locator("[data-testid='stHtml'] span[title*='quote ·']").first.wait_for()
    settle(page)
    assert page.locator("[data-testid='stHtml'] span[title$='(person)']").count() > 3
    screenshot(page, "reader", SCREENSHOTS)

    # Every page has run once, the spaCy model was loaded and the seeds parsed: the peak is what a
    # Community Cloud container must hold on a first visit (see docs/community-cloud.md).
    memory = app.memory_mb()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "memory.txt").write_text(
        f"first page (spaCy load + parse of seeds/): {first_run:.1f} s\n"
        f"after visiting every page: peak (VmHWM) {memory['VmHWM']:.0f} MB, "
        f"now (VmRSS) {memory['VmRSS']:.0f} MB\n"
    )
    assert memory["VmHWM"] < 690, "above the smallest memory limit of a Community Cloud app"


def test_the_quote_table_shows_only_the_speaker_picked_in_the_sidebar(app, page):
    page.goto(f"{app.url}/quotes")
    page.get_by_text("Download these").wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    everyone, _ = quote_counts(page)
    expect_grid_rows(page, everyone)
    assert len(set(grid_column(page, "Speaker").all_inner_texts())) > 1

    page.locator("[data-testid='stMultiSelect']", has_text="Speakers").click()
    option = page.get_by_role("option", name=re.compile(r"^David Parker \(\d+\)$"))
    picked = int(re.search(r"\((\d+)\)", option.inner_text()).group(1))
    option.click()
    page.keyboard.press("Escape")
    page.get_by_text(f"{picked} of {everyone} quotes").wait_for()
    settle(page)

    assert 0 < picked < everyone
    expect_grid_rows(page, picked)
    # The grid draws each speaker as a link showing the name; its accessible table holds the link.
    expect(grid_column(page, "Speaker")).to_have_text(["person?person=David+Parker"] * picked)
    assert "speaker=David+Parker" in page.url, "the filter is in the URL, ready to share"
    screenshot(page, "quotes-david-parker")


def test_the_corpus_folder_stays_chosen_across_pages(app, page, tmp_path):
    corpus = tmp_path / "one"
    corpus.mkdir()
    seed = SEED_FILES[1]
    (corpus / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    page.goto(f"{app.url}/?corpus={corpus}")
    page.get_by_text(f"Reading {corpus}").wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    open_page(page, "Quotes")
    page.get_by_text("Download these").wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    assert f"corpus={corpus}".replace("/", "%2F") in page.url
    expect(page.get_by_role("textbox", name="Corpus folder")).to_have_value(str(corpus))
    open_page(page, "Reader")
    page.get_by_role("heading", name="New Zealand Prime Minister Chris Luxon").wait_for()
    settle(page)
    assert f"corpus={corpus}".replace("/", "%2F") in page.url


def test_a_shared_link_opens_through_the_router_on_a_fresh_server(app, browser, tmp_path):
    # The very first session of a server is the case where Streamlit runs pages/ files on their own,
    # so this needs a server of its own; it shares the module server's disk cache to skip spaCy.
    # The page closes before its server stops, so the lost connection is not reported as an error.
    with (
        running_app(tmp_path, env={"DATELINE_CACHE_DIR": str(app.cache_dir)}) as fresh,
        watched_page(browser) as page,
    ):
        page.goto(f"{fresh.url}/quotes?speaker=David+Parker")
        page.get_by_text("Download these").wait_for(timeout=FIRST_RUN_MS)
        settle(page)
        chips = page.locator("[data-testid='stMultiSelect']", has_text="Speakers").inner_text()
        assert "David Parker (" in chips
        assert "speaker=David+Parker" in page.url
        shown, _ = quote_counts(page)
        expect(grid_column(page, "Speaker")).to_have_text(["person?person=David+Parker"] * shown)
        # The router's five titled pages, not the legacy list of files (dashboard, overview, map, ...).
        titles = ["Overview", "Map", "Co-occurrence", "Quotes", "People", "Reader"]
        expect(page.locator(f"{NAV} p")).to_have_text(titles)


def test_luxons_itinerary_is_drawn_on_the_map_with_its_legend(app, page):
    page.goto(f"{app.url}/map?visitor=Christopher+Luxon")
    geo = page.locator(".js-plotly-plot .geo").first
    geo.locator(".countries path").first.wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    legend = page.locator(".js-plotly-plot .legend").first
    for name in ("Itinerary", "Planned legs", "ongoing", "planned"):
        expect(legend).to_contain_text(name)
    dashed = geo.locator(".scattergeo path.js-line[style*='stroke-dasharray']")
    assert dashed.count() >= 1, "the planned leg is dashed"
    expect(geo.locator(".scattergeo text")).to_contain_text(["1 Japan", "2 Laos", "3 Lima", "4 India"])
    screenshot(page, "map", SCREENSHOTS)


def test_a_persons_page_links_their_meetings_and_a_quote_opens_the_reader_at_its_sentence(app, page):
    page.goto(f"{app.url}/person?person=Christopher+Luxon")
    page.get_by_role("heading", name="Christopher Luxon").wait_for(timeout=FIRST_RUN_MS)
    page.get_by_text("Whom they met").wait_for()
    settle(page)
    meetings = page.locator(GRID).filter(has=page.locator("th", has_text=re.compile("^With$")))
    # Drawn as links showing the names; the grid's accessible table holds the links themselves.
    expect(meetings.locator("tbody td", has_text="person?person=Narendra+Modi").first).to_be_attached()
    screenshot(page, "person", SCREENSHOTS)

    page.goto(f"{app.url}/quotes?quote=004_4241d82d8a805a45%3A463")
    page.get_by_text("Luxon is on the ground").wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    page.get_by_role("link", name="Read the whole article").first.click()
    focus = page.locator("#dateline-focus")
    focus.wait_for()
    settle(page)
    expect(focus).to_contain_text("But the whirlwind nature of the trip")
    expect(focus).to_be_in_viewport()
    assert "quote=004_4241d82d8a805a45" in page.url
    screenshot(page, "reader-at-a-quote")


def test_one_search_in_the_sidebar_opens_a_persons_page(app, page):
    page.goto(app.url)
    expect(page.locator("[data-testid='stMetric']")).to_have_count(6, timeout=FIRST_RUN_MS)
    settle(page)
    box = page.get_by_role("searchbox", name="Search", exact=True)
    box.fill("Modi")
    box.press("Enter")
    results = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    results.wait_for()
    settle(page)
    results.click()
    page.get_by_role("option", name="Person: Narendra Modi").click()
    page.get_by_role("heading", name="Narendra Modi").wait_for()
    settle(page)
    assert "person=Narendra+Modi" in page.url
