"""Uploads from several browser tabs on one real server: one parse at a time, each waiting tab shown
its place, and a closed tab's parse stopped (which only a real session ending can show)."""

from __future__ import annotations

import re
import time

import pytest

from bench.make_corpus import make_article
from tests.browser_support import FIRST_RUN_MS, RUN_MS, require_chromium, settle, watched_page

pytestmark = pytest.mark.browser
require_chromium()

from playwright.sync_api import Page  # noqa: E402

UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
PARSING_UNDER_WAY = re.compile(r"Parsing [1-9][\d,]* of")


def news_files(prefix: str, count: int, chars: int) -> list[dict]:
    """`count` generated news files of about `chars` characters each (several articles joined)."""
    files = []
    for number in range(count):
        parts, index = [], number * 50
        while sum(map(len, parts)) < chars:
            parts.append(make_article(11, index)[0])
            index += 1
        text = "\n\n".join(parts)[:chars]
        files.append({"name": f"{prefix}{number:02}.txt", "mimeType": "text/plain", "buffer": text.encode()})
    return files


def open_overview(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_text("Upload your own articles").wait_for(timeout=FIRST_RUN_MS)
    settle(page, FIRST_RUN_MS)


def upload(page: Page, files: list[dict]) -> None:
    page.locator(UPLOAD_INPUT).set_input_files(files)


def test_a_second_upload_waits_its_turn_with_its_place_shown(app, browser):
    with watched_page(browser) as first, watched_page(browser) as second:
        open_overview(first, app.url)
        open_overview(second, app.url)
        upload(first, news_files("first", 10, 15_000))  # ~150,000 characters: several seconds
        first.get_by_text(PARSING_UNDER_WAY).wait_for(timeout=FIRST_RUN_MS)
        upload(
            second, [{"name": "second.txt", "mimeType": "text/plain", "buffer": b"Ana Ruiz flew to Lima."}]
        )
        second.get_by_text("Your upload is number 2 in line: 1 other upload or folder is").wait_for(
            timeout=RUN_MS
        )
        first.get_by_text("Showing your 10 uploaded articles, seen only").wait_for(timeout=FIRST_RUN_MS)
        second.get_by_text("Showing your 1 uploaded article, seen only").wait_for(timeout=RUN_MS)
        settle(first)
        settle(second)
        assert second.get_by_text("in line").count() == 0, "the place is cleared once the turn comes"


def test_closing_the_tab_stops_its_parse_and_frees_the_turn(app, browser):
    log_before = app.log_path.read_text()
    with watched_page(browser) as closing:
        open_overview(closing, app.url)
        upload(closing, news_files("closing", 40, 15_000))  # ~600,000 characters: half a minute or more
        closing.get_by_text(PARSING_UNDER_WAY).wait_for(timeout=FIRST_RUN_MS)
        closing.close()
    closed_at = time.monotonic()
    stopped = "stopped parsing 40 uploaded file(s)"
    while stopped not in app.log_path.read_text()[len(log_before) :]:
        assert time.monotonic() - closed_at < 30, "the closed tab's parse went on"
        time.sleep(0.2)
    with watched_page(browser) as after:
        open_overview(after, app.url)
        upload(after, [{"name": "after.txt", "mimeType": "text/plain", "buffer": b"Tom Reed flew to Quito."}])
        after.get_by_text("Showing your 1 uploaded article, seen only").wait_for(timeout=RUN_MS)
        assert after.get_by_text("in line").count() == 0
