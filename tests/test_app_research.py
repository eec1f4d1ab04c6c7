"""The research questions on the sample articles (issue 14), through AppTest: a person's page, the
itinerary on the Map, who met whom, one search, links to a quote or a trip, the Reader at a sentence."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from lib.charts import STATUS_COLOURS
from tests.test_app_pages import APP, FIRST_RUN, app_at, figure_of, heading, html_of, table
from tests.test_app_text import source_frames

LUXON = "Christopher Luxon"


def named(urls) -> list[str]:
    """The names link columns show: what their URLs name."""
    return [re.sub(r"^.*=", "", url).replace("+", " ") for url in urls]


def frame_with(at: AppTest, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def test_luxons_page_lists_his_quotes_trips_in_date_order_and_meetings_as_the_seeds_state_them():
    at = app_at("pages/person.py", person=LUXON)
    assert not at.exception
    assert heading(at) == LUXON
    assert "Prime Minister · New Zealand · also written “Luxon”" in html_of(at)
    assert [m.label for m in at.metric] == ["Articles", "Quotes", "Trips", "Meetings"]

    quotes = frame_with(at, "quote")
    assert len(quotes) == int(at.metric[1].value) > 10
    frames = ui.data.load_frames(ui.data.current_folder())  # the pandas path, beside the page's store
    his = frames.quotes[(frames.quotes["speaker"] == LUXON) & (frames.quotes["kind"] != "scare")]
    assert sorted(quotes["quote"]) == sorted(his["quote"]), "his quotes, and only his"
    dated = quotes.loc[quotes["day"] != "", "day"]
    assert dated.is_monotonic_decreasing and (quotes["day"] == "").sum() == 0, "newest first"

    stops = frame_with(at, "date_label")
    line = stops[stops["order"] > 0]
    assert line["place"].tolist() == ["Japan", "Laos", "Lima", "India"], "trips in date order"
    assert line["status"].tolist() == ["ongoing", "completed", "ongoing", "planned"]
    assert "no date given (announced 2024-03-19)" in stops["date_label"].tolist(), "China, apart, with why"

    meetings = frame_with(at, "other")
    met = set(zip(named(meetings["other"]), meetings["status"], meetings["place"], strict=True))
    assert ("Narendra Modi", "completed", "Laos") in met
    for name in ("Anthony Albanese", "Justin Trudeau", "Shigeru Ishiba", "Wang Yi"):
        assert any(other == name and status == "completed" for other, status, _ in met), name
    for name in ("Fumio Kishida", "Xi"):  # the seed names him “Xi” only
        assert any(other == name and status == "planned" for other, status, _ in met), name


def test_mcclays_page_lists_his_meeting_with_piyush_goyal():
    at = app_at("pages/person.py", person="Todd McClay")
    assert not at.exception
    meetings = frame_with(at, "other")
    assert "Piyush Goyal" in named(meetings["other"])
    assert "Trade Minister" in html_of(at)


def test_a_selected_meeting_shows_its_sentence_and_a_selected_quote_its_context():
    at = app_at("pages/person.py", person=LUXON)
    meetings = frame_with(at, "other")
    row = named(meetings["other"]).index("Narendra Modi")
    at.session_state["person_meetings"] = {"selection": {"rows": [row], "columns": []}}
    at.session_state["person_quotes"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert not at.exception
    shown = html_of(at)
    assert 'title="Narendra Modi">Narendra Modi</span>' in shown
    links = [link.proto.query_string for link in at.get("page_link")]
    assert any("quote=" in query for query in links), "the quote's Reader link names the quote"


def test_a_link_to_nobody_here_says_so():
    at = app_at("pages/person.py", person="Nobody At All")
    assert not at.exception
    assert "Nobody called Nobody At All in these articles" in html_of(at)


def test_the_map_draws_luxons_itinerary_in_date_order_not_spokes_from_home():
    at = app_at("pages/map.py", visitor=LUXON)
    assert not at.exception
    figure = figure_of(at.get("plotly_chart")[0].proto.spec)
    lines = {trace["name"]: trace for trace in figure["data"] if trace.get("mode") == "lines"}
    assert set(lines) == {"Itinerary", "Planned legs"}
    assert lines["Planned legs"]["line"]["dash"] == "dash"
    tokyo, vientiane, lima, delhi = 139.7, 102.6, -77.0, 77.2
    assert [round(x, 1) for x in lines["Itinerary"]["lon"] if x is not None] == [
        tokyo,
        vientiane,
        vientiane,
        lima,
    ]
    assert [round(x, 1) for x in lines["Planned legs"]["lon"] if x is not None] == [lima, delhi]
    assert not any(lon and lon > 170 for trace in lines.values() for lon in trace["lon"]), "no line from NZ"
    labels = next(trace["text"] for trace in figure["data"] if trace.get("mode") == "text")
    assert [re.sub(r"<[^>]+>", "", label).split(" · ")[0] for label in labels] == [
        "1 Japan",
        "2 Laos",
        "3 Lima",
        "4 India",
    ]
    markers = [trace for trace in figure["data"] if trace.get("mode", "").startswith("markers")]
    assert {trace["marker"]["color"] for trace in markers} <= set(STATUS_COLOURS.values())
    assert figure["layout"]["showlegend"] is True


def test_the_legend_stays_when_one_status_is_shown_and_statuses_differ_for_colour_blind_eyes():
    at = app_at("pages/map.py", status="planned")
    assert not at.exception
    figure = figure_of(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["showlegend"] is True
    assert [trace["name"] for trace in figure["data"]] == ["planned"]
    assert STATUS_COLOURS["planned"] == "#0072B2" and STATUS_COLOURS["ongoing"] == "#E69F00"


def test_a_trip_link_shows_that_trip_and_the_map_filters_by_destination():
    at = app_at("pages/map.py", place="Laos")
    assert not at.exception
    trips = table(at, -1)
    assert set(named(trips["place"])) == {"Laos"} and len(trips) == 2
    assert named(trips["visitor"]) == [LUXON, LUXON]
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Download these 2 trips (CSV)", "Download the map's destinations (CSV)"]

    from lib.derived import visit_table

    trip = visit_table(ui.data.load_frames(str(ui.data.SAMPLE_CORPUS))).query("place == 'Lima'").iloc[0]
    at = app_at("pages/map.py", trip=trip["trip_id"])
    assert not at.exception
    assert "touches down" in html_of(at)
    assert any(
        f"trip={trip['trip_id']}".replace(":", "%3A") in link.proto.query_string
        for link in at.get("page_link")
    )


def test_cooccurrence_shows_who_met_whom_by_default_and_mentioned_together_beside_it():
    at = app_at("pages/cooccurrence.py")
    assert not at.exception
    assert at.get("segmented_control")[0].value == "Met"
    heat = figure_of(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert LUXON in heat["x"] and "Piyush Goyal" in heat["x"] and "New Zealand" not in heat["x"]
    assert heat["colorbar"]["dtick"] == 1, "meetings are counted in whole articles"
    assert "Mr Luxon met with Indian Prime Minister" in html_of(at) or "meeting" in html_of(at)
    assert at.multiselect(key="types").value == ["people"], "mentioned together: people by default"
    at.get("segmented_control")[0].set_value("Mentioned together").run()
    assert not at.exception
    heat = figure_of(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert "New Zealand" not in heat["x"] and LUXON in heat["x"]


@pytest.mark.parametrize(
    ("query", "result", "page_title", "check"),
    [
        ("luxon", f"Person: {LUXON}", LUXON, None),
        ("laos", "Place: Laos", "Map", ("place", "Laos")),
        ("jam in", "Quote: “We want to jam in", "Quotes", ("quote", "004_4241d82d8a805a45:")),
        ("delegation to", "Article: Prime Minister Christopher Luxon will today", None, ("article", "002_")),
    ],
)
def test_one_search_finds_every_kind_and_opens_its_page(query, result, page_title, check):
    at = app_at("pages/overview.py")
    at.text_input(key="find").input(query).run()
    results = at.selectbox(key="find_result")
    wanted = next(i for i, label in enumerate(results.options) if label.startswith(result))
    results.select_index(wanted).run()
    assert not at.exception
    if page_title:
        assert heading(at) == page_title
    if check:
        name, value = check
        assert at.query_params[name].startswith(value), at.query_params


def test_a_quote_link_shows_the_quote_with_the_paragraph_before():
    at = app_at("pages/quotes.py", quote="004_4241d82d8a805a45:463")
    assert not at.exception
    shown = html_of(at)
    assert shown.index("Luxon is on the ground") < shown.index("I use my time very efficiently"), (
        "paragraph before"
    )
    assert 'title="reporting verb">said</span>' in shown
    speakers = table(at)["speaker"]
    assert speakers.str.startswith("person?person=").any()
    missing = app_at("pages/quotes.py", quote="no-such:1")
    assert "The quote in this link is not in these articles" in html_of(missing)


def test_the_reader_marks_and_scrolls_to_the_linked_quotes_sentence():
    at = app_at("pages/reader.py", article="004_4241d82d8a805a45", quote="004_4241d82d8a805a45:463")
    assert not at.exception
    focus = re.search(r'<span id="dateline-focus"[^>]*>([^<]*)', html_of(at))
    assert focus and focus.group(1).startswith("But the whirlwind nature of the trip")
    scripts = [element for element in at.html if "<script>" in element.value]
    assert len(scripts) == 1 and "dateline-focus" in scripts[0].value and "Luxon" not in scripts[0].value
    plain = app_at("pages/reader.py", article="004_4241d82d8a805a45")
    assert "dateline-focus" not in html_of(plain)


def test_an_upload_is_in_the_url_and_a_link_to_uploads_opened_elsewhere_says_so():
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    upload = ui.data.UploadedCorpus(source_frames(), bodies={})
    at.session_state[ui.data.UPLOAD_KEY] = upload
    at.switch_page("pages/quotes.py").run()
    assert at.query_params[ui.data.UPLOAD_PARAM] == upload.digest
    elsewhere = app_at("pages/quotes.py", upload=upload.digest)
    assert any("made from uploaded articles" in warning.value for warning in elsewhere.sidebar.warning)
    assert ui.data.UPLOAD_PARAM not in elsewhere.query_params


def test_counts_read_in_the_singular_and_axes_count_in_whole_numbers():
    at = app_at("pages/quotes.py", speaker="Winston Peters")
    assert not at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == ["Download this quote (CSV)"]
    bars = figure_of(at.get("plotly_chart")[0].proto.spec)
    assert bars["layout"]["xaxis"]["dtick"] == 1
