"""The app, page by page, through Streamlit's AppTest (in-process, so the private cache applies)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import os
import re
import tomllib
from pathlib import Path
from urllib.parse import unquote_plus

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import ui.data
from lib.derived import SPEAKER_TYPES, UNKNOWN_SPEAKER
from lib.frames import CorpusFrames, SpeakerType
from tests.test_app_text import source_frames

ROOT = Path(__file__).parent.parent
APP = str(ROOT / "dashboard.py")
SEED_FILES = sorted((ROOT / "seeds").glob("*.txt"))
PAGES = [
    "pages/overview.py",
    "pages/map.py",
    "pages/cooccurrence.py",
    "pages/quotes.py",
    "pages/person.py",
    "pages/reader.py",
]
FIRST_RUN = 60  # seconds; the first run may load spaCy and parse the corpus

TOKYO_ARTICLE = (
    "date 2024-05-02\n"
    "New Zealand Prime Minister Christopher Luxon flew to Tokyo on Monday to meet Fumio Kishida.\n\n"
    '"Japan is a key partner," Luxon said.\n'
)


def app_at(page: str, **params: str | list[str]) -> AppTest:
    """An app opened on a page with query parameters, as a shared link would open it."""
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def table(at: AppTest, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


def names_in(links: pd.Series) -> list[str]:
    """What a column of name links shows: the name each URL names (person?person=..., quotes?speaker=...)."""
    return [unquote_plus(link.split("?", 1)[1].split("&")[0].split("=", 1)[1]) for link in links]


def plain(value):
    """A figure's JSON with plotly's base64 typed arrays ({"dtype", "bdata"}) turned into lists."""
    if isinstance(value, dict) and set(value) >= {"dtype", "bdata"}:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def figure_of(spec: str) -> dict:
    """A plotly chart's figure as plain JSON."""
    return plain(json.loads(spec))


def html_of(at: AppTest) -> str:
    return "\n".join(element.value for element in at.html)


def heading(at: AppTest) -> str:
    """The page's heading as a visitor reads it: st.title's, or the Reader's, drawn as escaped HTML."""
    if at.title:
        return at.title[0].value
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html_of(at), flags=re.DOTALL)
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def tokyo_corpus(tmp_path) -> Path:
    folder = tmp_path / "tokyo"
    folder.mkdir()
    (folder / "luxon-tokyo.txt").write_text(TOKYO_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture
def quiet_corpus(tmp_path) -> Path:
    """An article in which nobody travels."""
    folder = tmp_path / "quiet"
    folder.mkdir()
    (folder / "budget.txt").write_text(
        'Parliament debated the budget on Tuesday.\n\n"We will vote against it," Jane Roe said.\n',
        encoding="utf-8",
    )
    return folder


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_sample_corpus(page):
    at = app_at(page)
    assert not at.exception, at.exception
    assert heading(at), "the page has a title"
    assert [box.label for box in at.sidebar.text_input] == ["Corpus folder", "Search"], "the router ran"


def test_overview_shows_the_corpus_figures_and_articles():
    at = app_at("pages/overview.py")
    labels = [metric.label for metric in at.metric]
    assert labels == ["Articles", "Words", "People", "Places", "Quotes", "Visits"]
    assert at.metric[0].value == str(len(SEED_FILES))
    articles = table(at)
    assert len(articles) == len(SEED_FILES)
    assert articles["read"].str.startswith("reader?article=").all()


def test_overview_lists_skipped_files(tmp_path):
    (tmp_path / "good.txt").write_text("Luxon went to India.\n\nHe said so.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    at = app_at("pages/overview.py", corpus=str(tmp_path))
    assert not at.exception
    assert any("could not be read" in warning.value for warning in at.warning)
    skipped = next(frame.value for frame in at.dataframe if "reason" in frame.value.columns)
    assert skipped["file"].tolist() == ["empty.txt"]


def test_quote_search_keeps_rows_with_every_word():
    at = app_at("pages/quotes.py")
    everything = len(table(at))
    at.text_input(key="q").input("FREE trade").run()
    found = table(at)
    assert 0 < len(found) < everything
    assert found["quote"].str.contains("free", case=False).all()
    assert found["quote"].str.contains("trade", case=False).all()
    assert "rgba(250,204,21" in html_of(at), "matches are highlighted"


def test_quote_search_without_matches_says_how_to_recover():
    at = app_at("pages/quotes.py", q="zzzxq")
    assert any("No quotes match the words searched for" in info.value for info in at.info)
    assert at.text_input(key="q").value == "zzzxq", "the words stay in the box, not in the message"
    assert not at.dataframe
    at.button[0].click().run()
    assert at.text_input(key="q").value == ""
    assert len(table(at)) > 0


def speaker_names(at: AppTest) -> list[str]:
    return [re.sub(r" \(\d+\)$", "", label) for label in at.multiselect(key="speaker").options]


def test_speaker_query_parameter_preselects_speakers():
    names = speaker_names(app_at("pages/quotes.py"))
    assert len(names) >= 2
    one = app_at("pages/quotes.py", speaker=names[1])
    assert one.multiselect(key="speaker").value == [names[1]]
    assert set(names_in(table(one)["speaker"])) == {names[1]}
    two = app_at("pages/quotes.py", speaker=names[:2])
    assert two.multiselect(key="speaker").value == names[:2]
    assert set(names_in(table(two)["speaker"])) == set(names[:2])


def test_unknown_speaker_in_the_url_is_ignored():
    at = app_at("pages/quotes.py", speaker="Nobody At All")
    assert at.multiselect(key="speaker").value == []
    assert not at.exception


def test_a_link_to_a_speaker_with_no_quotes_says_so_instead_of_showing_every_quote():
    at = app_at("pages/quotes.py", speaker="Nobody At All")
    assert not at.exception
    assert "No quotes by Nobody At All in this corpus." in html_of(at)
    assert not at.dataframe, "not every quote, as if the link had named nobody"
    next(button for button in at.button if button.label == "Show every quote").click().run()
    assert "No quotes by" not in html_of(at)
    assert len(table(at)) > 1

    names = speaker_names(app_at("pages/quotes.py"))
    at = app_at("pages/quotes.py", speaker=[names[0], "Nobody At All"])
    assert "No quotes by Nobody At All in this corpus." in html_of(at)
    assert set(names_in(table(at)["speaker"])) == {names[0]}, "the speakers the link found are still shown"
    at.multiselect(key="speaker").unselect(names[0]).run()
    assert "No quotes by" not in html_of(at), "the note goes once the speakers are changed"
    assert len(table(at)) > 1


def upload_session(frames: CorpusFrames, page: str, **params: str | list[str]) -> AppTest:
    """An app whose session shows hand-made frames as its uploaded articles (no parsing)."""
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.session_state[ui.data.UPLOAD_KEY] = ui.data.UploadedCorpus(frames, bodies={})
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def test_quotes_list_people_first_and_other_sources_can_be_hidden():
    at = upload_session(source_frames(), "pages/quotes.py")
    assert not at.exception
    types = table(at)["speaker_type"].tolist()
    assert types == [
        "person",
        "person",
        "person",
        "person",
        "organisation",
        "group",
        "group",
        "description",
        "",
    ]
    assert speaker_names(at) == [
        "Ana Ruiz",
        "Tom Reed",
        "Foreign Ministry",
        "critics",
        "senior official",
        UNKNOWN_SPEAKER,
    ], "the speaker filter lists people first"
    sources = at.get("button_group")[0]
    assert sources.label == "Sources" and list(sources.value) == list(SPEAKER_TYPES), (
        "every kind shown at first"
    )
    sources.set_value([SpeakerType.PERSON, SpeakerType.GROUP]).run()
    assert set(table(at)["speaker_type"]) == {"person", "group"}
    assert speaker_names(at) == ["Ana Ruiz", "Tom Reed", "critics"]

    linked = upload_session(source_frames(), "pages/quotes.py", sources="People")
    assert set(table(linked)["speaker_type"]) == {"person"}, "?sources=People shows people only"


def test_a_link_to_a_speaker_of_a_hidden_kind_says_how_to_see_them():
    at = upload_session(source_frames(), "pages/quotes.py", sources="People", speaker="critics")
    assert "Quotes by critics are hidden: show groups under Sources in the sidebar." in html_of(at)
    assert not at.dataframe


def test_download_holds_exactly_the_filtered_rows(monkeypatch):
    """The CSV is built only when the button is clicked (a deferred download), from the filtered rows."""
    files: list[tuple[bytes, str]] = []
    managers: list[MediaFileManager] = []
    keep_file, keep_deferred = MemoryMediaFileStorage.load_and_get_id, MediaFileManager.add_deferred

    def record_file(self, path_or_data, mimetype, kind, filename=None):
        files.append((path_or_data, mimetype))
        return keep_file(self, path_or_data, mimetype, kind, filename)

    def record_manager(self, *args, **kwargs):
        managers.append(self)
        return keep_deferred(self, *args, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record_file)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_manager)
    at = app_at("pages/quotes.py", q="trade")
    shown = table(at)
    button = at.get("download_button")[0]
    assert button.proto.label == f"Download these {len(shown)} quotes (CSV)"
    assert not [content for content, mimetype in files if mimetype.startswith("text/csv")], "not built yet"
    managers[-1].execute_deferred(button.proto.deferred_file_id)  # what the server does on a click
    data = [content for content, mimetype in files if mimetype.startswith("text/csv")][-1]
    downloaded = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert downloaded["quote"].tolist() == shown["quote"].tolist()
    assert downloaded["speaker"].tolist() == names_in(shown["speaker"])
    assert {"article_id", "quote", "speaker", "cue", "kind", "start", "end"} <= set(downloaded.columns)


def test_scare_quotes_are_hidden_until_asked_for():
    at = app_at("pages/quotes.py")
    assert "scare" not in set(table(at)["kind"])
    at.toggle(key="scare").set_value(True).run()
    assert not at.exception


def test_map_explains_when_there_are_no_trips(quiet_corpus):
    at = app_at("pages/map.py", corpus=str(quiet_corpus))
    assert not at.exception
    assert any("No trips found" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_map_draws_trips_with_the_offline_world_map(tokyo_corpus):
    at = app_at("pages/map.py", corpus=str(tokyo_corpus))
    assert not at.exception
    chart = at.get("plotly_chart")[0]
    assert json.loads(chart.proto.config)["topojsonURL"] == "app/static/topojson/"
    figure = figure_of(chart.proto.spec)
    geo = figure["layout"]["geo"]
    served = ROOT / "static" / "topojson" / f"{geo['scope']}_{geo['resolution']}m.json"
    assert served.is_file(), "plotly.js asks for {topojsonURL}{scope}_{resolution}m.json"
    markers = [trace for trace in figure["data"] if trace.get("mode", "").startswith("markers")]
    assert markers[0]["name"] == "completed" and round(markers[0]["lon"][0], 1) == 139.7
    assert markers[0]["text"] == ["Tokyo · 2024-04-29"], "a few destinations carry their place and date"
    assert "GeoNames" in at.caption[0].value
    trips = table(at)
    assert [names_in(trips["visitor"]), names_in(trips["place"]), trips["day"].tolist()] == [
        ["Christopher Luxon"],
        ["Tokyo"],
        ["2024-04-29"],  # "on Monday", before the article's Thursday
    ]


def test_map_layer_of_mentioned_places(tokyo_corpus):
    at = app_at("pages/map.py", corpus=str(tokyo_corpus), places="true")
    figure = figure_of(at.get("plotly_chart")[0].proto.spec)
    names = "".join(figure["data"][0]["text"])
    assert "Tokyo" in names


def test_reader_escapes_the_article_text(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "A harmless headline\n\n"
        'Luxon said <script>alert("pwned")</script> and <img src=x onerror=alert(1)> to India.\n',
        encoding="utf-8",
    )
    at = app_at("pages/reader.py", corpus=str(tmp_path), article="evil")
    assert not at.exception
    body = html_of(at)
    assert "&lt;script&gt;" in body and "&lt;/script&gt;" in body and "&lt;img src=x" in body
    assert "<script" not in body and "<img" not in body


def test_reader_opens_the_article_in_the_link():
    wanted = SEED_FILES[2].stem
    at = app_at("pages/reader.py", article=wanted)
    assert at.selectbox(key="article").value == wanted
    assert "rgba(234,179,8" in html_of(at), "quotes are marked"


def test_reader_links_keep_a_chosen_corpus(tmp_path):
    (tmp_path / "one.txt").write_text("Luxon went to India.\n\nHe said it was useful.", encoding="utf-8")
    at = app_at("pages/overview.py", corpus=str(tmp_path))
    assert table(at)["read"].tolist() == [f"reader?article=one&corpus={str(tmp_path).replace('/', '%2F')}"]


def test_reader_falls_back_to_the_first_article_for_an_unknown_id():
    at = app_at("pages/reader.py", article="no-such-article")
    assert not at.exception
    assert at.selectbox(key="article").value in {path.stem for path in SEED_FILES}


def test_a_bad_corpus_folder_says_what_to_do(tmp_path):
    at = app_at("pages/quotes.py", corpus=str(tmp_path / "missing"))
    assert [error.value for error in at.sidebar.error] == [ui.data.FOLDER_REFUSED]
    assert "clear the box to use the sample articles" in ui.data.FOLDER_REFUSED
    assert any("Fix the corpus folder" in info.value for info in at.info)
    assert not at.dataframe


def test_local_folders_can_be_switched_off(monkeypatch, tmp_path):
    monkeypatch.setenv("DATELINE_LOCAL_FOLDERS", "0")
    at = app_at("pages/overview.py", corpus=str(tmp_path))
    assert [box.key for box in at.sidebar.text_input] == ["find"], "the search box, no folder box"
    assert at.metric[0].value == str(len(SEED_FILES))


def test_cooccurrence_heatmap_pairs_and_entity():
    at = app_at("pages/cooccurrence.py", view="Mentioned together")
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2, "the heatmap tab and the entity chart (the network tab is lazy)"
    assert "<span" in html_of(at), "the shared sentences are shown with both names marked"
    sentence_counts = heatmap_total(at)
    at.radio(key="window").set_value("article").run()
    assert not at.exception
    assert heatmap_total(at) > sentence_counts, "a whole article holds more pairs than its sentences"
    at.radio(key="measure").set_value("PMI").run()
    assert not at.exception
    assert figure_of(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "heatmap"


def test_cooccurrence_network_tab_from_the_url():
    at = app_at("pages/cooccurrence.py", chart="Network", view="Mentioned together")
    assert not at.exception
    network = figure_of(at.get("plotly_chart")[0].proto.spec)
    assert {trace["type"] for trace in network["data"]} == {"scatter"}
    assert any("Dot size: mentions" in caption.value for caption in at.caption)


def heatmap_total(at: AppTest) -> float:
    """Sum of the values the heatmap draws (raw counts under the default measure)."""
    trace = figure_of(at.get("plotly_chart")[0].proto.spec)["data"][0]
    return float(np.nansum(np.array(trace["z"], dtype=float)))


def test_cooccurrence_explains_an_empty_result():
    for view in ("Met", "Mentioned together"):
        at = app_at("pages/cooccurrence.py", min="100", view=view)
        assert any("Lower the minimum" in info.value for info in at.info)


def test_offline_map_is_served_by_the_app():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False
    topology = json.loads((ROOT / "static" / "topojson" / "world_110m.json").read_text(encoding="utf-8"))
    assert {"land", "countries", "coastlines"} <= set(topology["objects"])


def test_map_home_country_is_the_one_articles_give_most_often():
    from lib.derived import home_country_by_visitor

    visits = pd.DataFrame(
        {
            "visitor": ["A", "A", "A", "B", "C"],
            "home_country": ["Chile", "Chile", "Peru", "Chile; Peru", ""],
        }
    )
    assert home_country_by_visitor(visits) == {"A": "Chile"}


def test_an_article_added_to_the_folder_shows_once_the_signature_is_retaken(tokyo_corpus):
    from ui.data import corpus_signature

    at = app_at("pages/overview.py", corpus=str(tokyo_corpus))
    assert at.metric[0].value == "1"
    (tokyo_corpus / "luxon-seoul.txt").write_text(
        'Christopher Luxon flew to Seoul on Tuesday.\n\n"Korea matters," Luxon said.\n', encoding="utf-8"
    )
    corpus_signature.clear()  # what its time-to-live does a couple of seconds later
    at.run()
    assert not at.exception
    assert at.metric[0].value == "2"
    assert len(table(at)) == 2


def test_the_corpus_signature_notices_edits_of_the_same_size(tmp_path):
    from ui.data import corpus_signature

    (tmp_path / "a.txt").write_text("Ana Ruiz flew to Lima.", encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    first = corpus_signature(tmp_path.as_posix())
    corpus_signature.clear()
    (tmp_path / "notes.json").write_text("[]", encoding="utf-8")
    assert corpus_signature(tmp_path.as_posix()) == first, "files that are not articles do not count"
    corpus_signature.clear()
    (tmp_path / "a.txt").write_text("Ana Ruiz flew to Lim4.", encoding="utf-8")
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert corpus_signature(tmp_path.as_posix()) != first


@pytest.mark.parametrize(("page", "noun"), [("pages/quotes.py", "quotes"), ("pages/map.py", "trips")])
def test_long_tables_list_the_first_rows_and_say_so(monkeypatch, page, noun):
    monkeypatch.setattr("ui.widgets.MAX_TABLE_ROWS", 3)
    at = app_at(page)
    assert not at.exception
    listed = table(at, 0 if page.endswith("quotes.py") else -1)
    assert len(listed) == 3
    note = next(c.value for c in at.caption if "The table " in c.value)
    total = int(re.search(rf"of ([\d,]+) {noun}", note).group(1).replace(",", ""))
    assert total > 3, note


@pytest.mark.parametrize("page", ["pages/quotes.py", "pages/map.py"])
def test_the_date_filter_narrows_the_table(tokyo_corpus, page):
    (tokyo_corpus / "luxon-seoul.txt").write_text(
        'date 2024-06-10\nChristopher Luxon flew to Seoul on Monday.\n\n"Korea matters," Luxon said.\n',
        encoding="utf-8",
    )
    (tokyo_corpus / "luxon-undated.txt").write_text(
        'Christopher Luxon flew to Manila.\n\n"The Philippines matter," Luxon said.\n', encoding="utf-8"
    )
    at = app_at(page, corpus=str(tokyo_corpus))
    listed = -1 if page.endswith("map.py") else 0
    days = set(table(at, listed)["day"])
    first, last = at.date_input[0].value
    assert "" in days and {first.isoformat(), last.isoformat()} <= days, "the range spans every dated row"
    may = (first, first + dt.timedelta(days=20))
    at.date_input[0].set_value(may).run()
    kept = set(table(at, listed)["day"])
    assert kept == {day for day in days if day <= may[1].isoformat()}, "undated rows stay unless unticked"
    assert last.isoformat() not in kept
    at.checkbox[0].uncheck().run()
    assert set(table(at, listed)["day"]) == kept - {""}


def test_without_any_date_there_is_no_date_filter(quiet_corpus):
    at = app_at("pages/quotes.py", corpus=str(quiet_corpus))
    assert not at.date_input
    assert any("no date filter" in caption.value for caption in at.sidebar.caption)


@pytest.mark.parametrize(
    ("page", "module", "builder", "params"),
    [
        ("pages/map.py", "lib.charts", "map_figure", {"visitor": "Christopher Luxon"}),
        ("pages/cooccurrence.py", "lib.charts", "network", {"view": "Mentioned together"}),
        ("pages/person.py", "ui.person", "trip_timeline", {"person": "Christopher Luxon"}),
    ],
)
def test_a_rerun_draws_nothing_again(monkeypatch, page, module, builder, params):
    """What a page draws for its filters is kept: a click that reruns the page (a table row, a tab) does
    not make the figure again. Page scripts define their filter classes anew on every run, so this
    fails when a kept result's key holds such an instance as it is."""
    import importlib
    import weakref

    monkeypatch.setattr(ui.data, "_RESULTS", weakref.WeakKeyDictionary())  # nothing kept from other tests
    charts = importlib.import_module(module)
    made: list[str] = []
    original = getattr(charts, builder)

    def counted(*args, **kwargs):
        made.append(builder)
        return original(*args, **kwargs)

    monkeypatch.setattr(charts, builder, counted)
    at = app_at(page, **params)
    assert not at.exception and made == [builder]
    at.run()
    at.run()
    assert not at.exception and made == [builder]
