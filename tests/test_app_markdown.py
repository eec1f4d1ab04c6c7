"""Streamlit's own Markdown in article titles, file names, aliases, metadata and the URL (AppTest): on
every page, none of it reaches an element that reads Markdown; it is shown as escaped HTML or plain text.

Escaping is not enough inside Markdown: Streamlit rewrites the parsed text (`www.…` and `…@…` become
links, `:smile:` an emoji, `:streamlit:` a logo, ` -> ` an arrow), so the test asks that text from the
data never reach a Markdown element at all. tests/test_browser_security.py shows the same in Chromium.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from lib.markup import plain_html, plot_text
from tests.test_app_pages import APP, FIRST_RUN, heading, html_of
from tests.test_app_uploads import overview, upload

# Everything Streamlit's Markdown would draw as something else; "evil-login" marks it wherever it goes.
PAYLOAD = (
    ":red[URGENT] :material/lock: :smile: :streamlit: www.evil-login.example "
    "https://evil-login.example/p me@evil-login.example $x^2$ [x](javascript:alert(1)) "
    '<a href="https://evil-login.example/a">a</a> **bold** `tick` a -> b'
)
MARKER = "evil-login"
FILE_NAME = "trip :red[URGENT] :smile: www.evil-login.example $x$ **b** `t`.txt"
TITLE = f"Title {PAYLOAD}"
SOURCE = f"Source {PAYLOAD}"
VISITOR = f"Luxon {PAYLOAD}"
HOST = f"Kishida {PAYLOAD}"
ARTICLE = (
    "date 2024-05-02\n"
    "New Zealand Prime Minister Christopher Luxon flew to Tokyo on Monday to meet Fumio Kishida.\n\n"
    '"Japan is a key partner," Luxon said.\n\n'
    "Luxon and Kishida discussed trade in Tokyo.\n\n"
    "Kishida told Luxon that the talks went well.\n"
)
# Element types whose every string is shown as plain text (or escaped, for html and plotly).
PLAIN_ELEMENTS = {"html", "text", "code", "dataframe", "plotly_chart"}
# Fields shown as plain text in widgets whose labels read Markdown: select options, typed values, links.
PLAIN_FIELDS = {"options", "default", "value", "rawValue", "rawValues", "queryString"}


def write_markdown_corpus(folder: Path) -> str:
    """A folder whose file name, metadata (title, source) and aliases (two people) carry PAYLOAD;
    returns the article's id."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_NAME).write_text(ARTICLE, encoding="utf-8")
    with (folder / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["file", "title", "source"], [FILE_NAME, TITLE, SOURCE]])
    with (folder / "aliases.csv").open("w", encoding="utf-8", newline="") as handle:
        rows = [["alias", "canonical", "label"]]
        rows += [[alias, VISITOR, "PERSON"] for alias in ("Christopher Luxon", "Luxon")]
        rows += [[alias, HOST, "PERSON"] for alias in ("Fumio Kishida", "Kishida")]
        csv.writer(handle).writerows(rows)
    return "trip-red-urgent-smile-www-evil-login-example-x-b-t"


def markdown_sources(at: AppTest) -> list[str]:
    """Every string the run sent to an element, or a widget field, that Streamlit renders as Markdown."""
    found: list[str] = []

    def strings(value, key: str = "") -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for name, item in value.items():
                if name not in PLAIN_FIELDS:
                    strings(item, name)
        elif isinstance(value, list) and key not in PLAIN_FIELDS:
            for item in value:
                strings(item, key)

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and node.type not in PLAIN_ELEMENTS:
            strings(MessageToDict(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def chart_strings(at: AppTest) -> list[str]:
    """Every string the run's plotly figures draw (labels, hover texts, titles)."""
    found: list[str] = []

    def strings(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            # customdata is never drawn: it carries a clicked point's name back to the page, raw
            for item in (v for k, v in value.items() if k != "customdata"):
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    for chart in at.get("plotly_chart"):
        strings(json.loads(chart.proto.spec))
    return found


def run(page: str, folder: Path, select: tuple[str, int] | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.query_params["corpus"] = str(folder)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    at.run()
    if select:  # a row picked in a table, as a click would
        key, row = select
        at.session_state[key] = {"selection": {"rows": [row], "columns": []}}
        at.run()
    assert not at.exception, (page, params, at.exception)
    return at


def assert_no_markdown_from_data(at: AppTest, where: str) -> None:
    leaked = [text for text in markdown_sources(at) if MARKER in text]
    assert not leaked, f"{where}: text from the data reached Markdown: {leaked}"


@pytest.fixture
def folder(tmp_path) -> tuple[Path, str]:
    return tmp_path / "news", write_markdown_corpus(tmp_path / "news")


def test_the_reader_shows_title_caption_and_a_linked_id_exactly_as_written(folder):
    path, article_id = folder
    at = run("pages/reader.py", path, article=article_id)
    assert_no_markdown_from_data(at, "Reader")
    assert heading(at) == TITLE
    assert plain_html(f"2024-05-02 · {SOURCE} · ") in html_of(at), "the caption, escaped"
    assert plain_html(FILE_NAME) in html_of(at)
    at = run("pages/reader.py", path, article=PAYLOAD)
    assert_no_markdown_from_data(at, "Reader with an unknown ?article=")
    assert any("The article in this link is not in this corpus" in info.value for info in at.info)


def test_the_overview_lists_titles_as_plain_text(folder):
    path, _ = folder
    at = run("pages/overview.py", path)
    assert_no_markdown_from_data(at, "Overview")
    assert at.dataframe[0].value["title"].tolist() == [TITLE]
    assert at.sidebar.html, "the folder read is echoed as escaped HTML"


def test_an_uploaded_article_selected_on_the_overview_is_linked_without_its_title():
    at = upload(overview(), (FILE_NAME, f"{PAYLOAD}\n\n{ARTICLE}".encode()))
    at.session_state["upload_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    assert_no_markdown_from_data(at, "Overview, an upload selected")
    assert MARKER in at.dataframe[0].value["title"][0], "the title is in the table, as plain text"
    assert at.get("page_link")[0].proto.label == "Read the selected article"


def test_the_quotes_page_shows_speakers_titles_and_the_search_as_written(folder):
    path, _ = folder
    at = run("pages/quotes.py", path, q=PAYLOAD)
    assert_no_markdown_from_data(at, "Quotes with ?q=")
    assert any("No quotes match the words searched for" in info.value for info in at.info)
    assert at.text_input(key="q").value == PAYLOAD
    at = run("pages/quotes.py", path, select=("quote_table", 0), q="Japan")
    assert_no_markdown_from_data(at, "Quotes, a quote selected")
    shown = html_of(at)
    assert f"<b>{plain_html(VISITOR)}</b> · {plain_html(TITLE)}" in shown, "the selected quote's line"
    assert f"<b>{plain_html(VISITOR)}</b>: “" in shown, "Matches in context"
    assert chart_strings(at).count(plot_text(VISITOR)) == 1, "the speaker's bar"


def test_a_link_to_a_speaker_with_no_quotes_names_them_as_written(folder):
    path, _ = folder
    at = run("pages/quotes.py", path, speaker=PAYLOAD)
    assert_no_markdown_from_data(at, "Quotes with an unknown ?speaker=")
    assert plain_html(f"No quotes by {PAYLOAD} in this corpus.") in html_of(at)


def test_the_map_shows_visitors_in_the_evidence_and_the_hover_as_written(folder):
    path, _ = folder
    at = run("pages/map.py", path, select=("visit_table", 0))
    assert_no_markdown_from_data(at, "Map, a trip selected")
    assert f"<b>{plain_html(VISITOR)}</b> → <b>Tokyo</b>" in html_of(at)
    hover = [text for text in chart_strings(at) if MARKER in text]
    assert hover and all(plot_text(VISITOR) in text and "<a " not in text for text in hover)


@pytest.mark.parametrize("chart", ["Heatmap", "Network"])
def test_cooccurrence_shows_pairs_titles_and_charts_as_written(folder, chart):
    path, _ = folder
    at = run("pages/cooccurrence.py", path, chart=chart, types=["people"], min="1", view="Mentioned together")
    assert_no_markdown_from_data(at, f"Co-occurrence ({chart})")
    shown = html_of(at)
    assert (
        plain_html(f"name both {HOST} and {VISITOR}.") in shown
        or plain_html(f"name both {VISITOR} and {HOST}.") in shown
    )
    assert f"<b>{plain_html(TITLE)}</b>" in shown
    labels = [text for text in chart_strings(at) if MARKER in text]
    assert labels and all(plot_text(VISITOR) in text or plot_text(HOST) in text for text in labels)
    assert not any("<a " in text for text in labels)


def test_the_person_page_and_the_search_show_names_and_titles_as_written(folder):
    path, _ = folder
    at = run("pages/person.py", path, person=VISITOR, select=("person_quotes", 0))
    assert_no_markdown_from_data(at, "People, a quote selected")
    assert heading(at) == VISITOR
    assert f"<b>{plain_html(VISITOR)}</b> · {plain_html(TITLE)}" in html_of(at)
    assert any(MARKER in text for text in chart_strings(at)), "the itinerary's labels and hovers"
    at.text_input(key="find").input("URGENT").run()
    assert_no_markdown_from_data(at, "search results")
    assert any(MARKER in option for option in at.selectbox(key="find_result").options)
    at = run("pages/cooccurrence.py", path, chart="Network", min="1")
    assert_no_markdown_from_data(at, "Co-occurrence, met")
