"""Hostile uploads in headless Chromium: markup in an article, a title or a file name never runs.

The payloads set `window.__xss` and open an alert if they ever execute; the test fails on either, and on
any console error or request (an `<img src=x>` that rendered would ask the server for /x).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.browser_support import (
    FIRST_RUN_MS,
    require_chromium,
    settle,
)
from tests.test_app_markdown import FILE_NAME, PAYLOAD, TITLE, VISITOR, write_markdown_corpus

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Page, expect  # noqa: E402

NAV = "[data-testid='stSidebarNav'] a"
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
# What a rendered payload would leave in the page: none of it may exist, anywhere.
PAYLOAD_ELEMENTS = (
    "script:not([src]):not([type]), img[src='x'], svg[onload], iframe, "
    "a[href^='javascript'], [onerror], [onload], [onclick]"
)
EMPHASIS_IN_PAYLOADS = re.compile(r"^(will|Bold)$")  # <b>will</b> in the .txt, **Bold** in the .md

XSS_TXT = (
    "date 2024-03-01\n"
    "<img src=x onerror=\"window.__xss='title';alert('title')\"> "
    "Envoy [lands](javascript:alert('md')) in Suva\n\n"
    "Envoy Mara Tui said <script>window.__xss='script';alert('script')</script> before the talks.\n\n"
    "Then <img src=x onerror=\"window.__xss='img';alert('img')\"> and "
    "<svg onload=\"window.__xss='svg'\"></svg> "
    "and <a href=\"javascript:window.__xss='link';alert('link')\">click here</a> and "
    "<iframe src=\"javascript:alert('iframe')\"></iframe>.\n\n"
    "\"We <b>will</b> go to Suva <script>alert('quote')</script>,\" Tui said.\n"
)
XSS_MD = (
    "date 2024-03-02\n"
    "# Notes <script>window.__xss='heading'</script>\n\n"
    "**Bold** words, [a link](javascript:alert('mdlink')) and ![pic](x) from Envoy Mara Tui in Suva.\n"
)
ODD_NAME = "<img src=x onerror=alert('name')>.md"


def open_page(page: Page, title: str) -> None:
    """Go to a page through the sidebar, as a visitor would: same session, so the uploads stay."""
    page.locator(NAV).filter(has=page.get_by_text(title, exact=True)).click()


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert dialogs == [], f"a payload opened dialogs: {dialogs}"
    assert page.evaluate("window.__xss") is None, "a payload ran"
    app = page.locator("[data-testid='stMain'], [data-testid='stSidebar']")
    rendered = app.locator(PAYLOAD_ELEMENTS)
    assert rendered.count() == 0, rendered.first.evaluate("element => element.outerHTML")
    assert app.locator("b, strong").filter(has_text=EMPHASIS_IN_PAYLOADS).count() == 0


def test_uploaded_markup_shows_as_text_and_never_runs(app, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app.url)
    page.get_by_text("Upload your own articles").wait_for(timeout=FIRST_RUN_MS)
    settle(page, FIRST_RUN_MS)
    page.locator(UPLOAD_INPUT).set_input_files(
        [
            {"name": "xss.txt", "mimeType": "text/plain", "buffer": XSS_TXT.encode()},
            {"name": ODD_NAME, "mimeType": "text/markdown", "buffer": XSS_MD.encode()},
        ]
    )
    page.get_by_text("Showing your 2 uploaded articles, seen only").wait_for(timeout=FIRST_RUN_MS)
    settle(page)
    assert_nothing_ran(page, dialogs)

    open_page(page, "Reader")
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("Envoy [lands](javascript:alert('md')) in Suva", timeout=FIRST_RUN_MS)
    settle(page)
    expect(title).to_contain_text("<img src=x onerror=\"window.__xss='title';alert('title')\">")
    text = page.locator("[data-testid='stHtml']").last
    expect(text).to_contain_text("<script>window.__xss='script';alert('script')</script>")
    expect(text).to_contain_text("<a href=\"javascript:window.__xss='link';alert('link')\">click here</a>")
    expect(text).to_contain_text("<iframe src=\"javascript:alert('iframe')\"></iframe>")
    assert_nothing_ran(page, dialogs)

    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    page.get_by_role("option").nth(1).click()
    expect(title).to_contain_text("Notes <script>window.__xss='heading'</script>", timeout=FIRST_RUN_MS)
    settle(page)
    expect(page.locator("[data-testid='stHtml']").filter(has_text="words ·").first).to_contain_text(ODD_NAME)
    text = page.locator("[data-testid='stHtml']").last
    expect(text).to_contain_text("**Bold** words, [a link](javascript:alert('mdlink')) and ![pic](x)")
    assert_nothing_ran(page, dialogs)

    open_page(page, "Quotes")
    search = page.get_by_role("searchbox", name="Search the quotes")
    search.wait_for(timeout=FIRST_RUN_MS)
    search.fill("will")
    search.press("Enter")
    matches = page.get_by_test_id("stExpander").filter(has_text="Matches in context")
    expect(matches).to_contain_text("<b>will</b> go to Suva <script>alert('quote')</script>", timeout=30_000)
    settle(page)
    assert_nothing_ran(page, dialogs)

    for other, heading in (("Map", "Map"), ("Co-occurrence", "Co-occurrence"), ("Overview", "Dateline")):
        open_page(page, other)
        page.get_by_role("heading", level=1).filter(has_text=heading).wait_for()
        settle(page)
        assert_nothing_ran(page, dialogs)


def test_the_browser_refuses_oversized_and_foreign_files_before_sending(app, page):
    page.goto(app.url)
    page.get_by_text("Upload your own articles").wait_for(timeout=FIRST_RUN_MS)
    settle(page, FIRST_RUN_MS)
    page.locator(UPLOAD_INPUT).set_input_files(
        [
            {"name": "huge.txt", "mimeType": "text/plain", "buffer": b"word " * 700_000},
            {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"},
        ]
    )
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader).to_contain_text("File must be 2.0MB or smaller", timeout=30_000)
    expect(uploader).to_contain_text("not allowed")
    settle(page)
    expect(page.get_by_test_id("stMetric").first).to_contain_text("5")


# What Streamlit's Markdown would have made of PAYLOAD: a link (also in plotly's SVG), a mail link, a
# coloured span, a material icon, an emoji, the Streamlit logo, typeset LaTeX. (Links to the Reader
# hold the article's id, a slug of the file name, `…-evil-login-example-…`: not the domain.)
MARKDOWN_DRAWN = (
    "a[href*='evil-login.example'], [*|href*='evil-login.example'], a[href^='mailto:'], "
    ".stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge, [aria-label='lock icon'], "
    "img[alt='Streamlit logo'], .katex"
)


def assert_no_markdown_drawn(page: Page, where: str) -> None:
    app = page.locator("[data-testid='stMain'], [data-testid='stSidebar']")
    drawn = app.locator(MARKDOWN_DRAWN)
    assert drawn.count() == 0, f"{where}: {drawn.first.evaluate('element => element.outerHTML')}"
    text = "\n".join(app.all_inner_texts())
    assert "😄" not in text and "[URGENT]" not in text.replace(":red[URGENT]", ""), where


def test_streamlit_markdown_in_the_data_and_the_url_shows_literally(app, page, tmp_path):
    folder = tmp_path / "news"
    article_id = write_markdown_corpus(folder)

    def visit(path: str, wait_for: str, **params: str) -> None:
        page.goto(f"{app.url}/{path}?{urlencode({'corpus': str(folder), **params})}")
        page.get_by_text(wait_for).first.wait_for(timeout=FIRST_RUN_MS)
        settle(page, FIRST_RUN_MS)
        assert_no_markdown_drawn(page, f"/{path} {params}")

    visit("", "Political travel in the news")
    visit("reader", "words ·", article=article_id)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_test_id("stHtml").filter(has_text="words ·")).to_contain_text(FILE_NAME)
    visit("reader", "not in this corpus", article=PAYLOAD)
    visit("quotes", "No quotes match", q=PAYLOAD)
    expect(page.get_by_role("searchbox", name="Search the quotes")).to_have_value(PAYLOAD)
    visit("quotes", "Matches in context", q="Japan")
    matches = page.get_by_test_id("stExpander").filter(has_text="Matches in context")
    expect(matches).to_contain_text(f"{VISITOR}: “Japan is a key partner”")
    bars = page.locator("[data-testid='stPlotlyChart'] .ytick text")
    expect(bars.first).to_have_text(VISITOR)  # plotly draws the name as text, its <a> not as a link
    visit("cooccurrence", "name both", types="people", min="1", view="Mentioned together")
    expect(page.get_by_test_id("stHtml").filter(has_text="name both").first).to_contain_text(VISITOR)
    expect(page.get_by_test_id("stHtml").filter(has_text=TITLE).first).to_have_text(TITLE)
    visit("cooccurrence", "Where did they meet?", view="Met")
    visit("person", "Whom they met", person=VISITOR)
    expect(page.get_by_role("heading", level=1)).to_have_text(VISITOR)
    visit("map", "Trips")
