"""Every plotly figure the pages draw: the trip map with itineraries, a person's trips over time, the
co-occurrence heatmap and network, an entity's mentions over time and the quotes per speaker.

In lib/, where nothing imports Streamlit: a figure is built from frames alone, so pages only hand it to
`st.plotly_chart`, and tests or benchmarks build one without running a page. Text from the articles
goes through `plot_text`, because plotly reads a little HTML in labels and hovers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.cooccurrence import MEASURE_NAMES, square_matrix
from lib.frames import VisitStatus
from lib.itinerary import legs
from lib.markup import LABEL_NAMES, plot_text, plural

# plotly.js fetches f"{topojsonURL}{scope}_{resolution}m.json"; the app serves static/ at app/static/.
# Relative, so it also works under a server.baseUrlPath.
TOPOJSON_URL = "app/static/topojson/"
MAP_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
# Visit statuses, most telling first: a place someone is at or went to outranks a plan. Colours from
# Okabe and Ito's palette, which people with any common colour-vision deficiency tell apart, and a
# shape each as well, so no status is told by colour alone.
STATUS_COLOURS = {
    VisitStatus.ONGOING: "#E69F00",  # orange
    VisitStatus.COMPLETED: "#009E73",  # bluish green
    VisitStatus.PLANNED: "#0072B2",  # blue
    VisitStatus.CANCELLED: "#CC79A7",  # reddish purple
}
STATUS_SYMBOLS = {
    VisitStatus.ONGOING: "diamond",
    VisitStatus.COMPLETED: "circle",
    VisitStatus.PLANNED: "circle-open",
    VisitStatus.CANCELLED: "x",
}
OTHER_COLOUR = "#64748b"
LINE_COLOUR = "rgba(51,65,85,.75)"
MAX_MARKER_LABELS = 15  # destinations labelled on the map; beyond, names show on hover
TYPE_COLOURS = {"person": "#3b82f6", "place": "#22c55e", "organisation": "#f97316", "event": "#ef4444"}
MAX_LABELS = 30  # beyond this many names the network is unreadable; the rest show on hover


def whole_ticks(largest: float) -> dict:
    """Axis settings for counts up to `largest`, from zero: a tick per unit while counts are small,
    where plotly would put ticks at halves ("0.5 quotes"); above, plotly's own ticks are whole."""
    return {"rangemode": "tozero", **({"dtick": 1} if largest <= 6 else {})}


def speaker_bars(quoted: pd.Series, top: int) -> go.Figure:
    """Horizontal bars of how many quotes each of the `top` most quoted speakers has, from quotes per
    speaker most first (lib.store_queries.speakers_of), the most quoted on top; each bar carries its
    speaker's name (customdata) for a click to open."""
    counts = quoted.head(top).iloc[::-1]  # plotly draws the first bar at the bottom
    # plotly.graph_objects, not plotly.express: the same bars without express's per-call set-up.
    figure = go.Figure(
        go.Bar(
            x=counts.to_numpy(),
            y=[plot_text(name) for name in counts.index],
            customdata=list(counts.index),
            orientation="h",
            hovertemplate="%{y}: %{x} quotes<extra></extra>",
        )
    )
    figure.update_xaxes(title_text="Quotes", **whole_ticks(counts.max() if len(counts) else 0))
    figure.update_layout(title="Quotes per speaker" + (f" (top {top})" if len(counts) == top else ""))
    figure.update_layout(height=max(220, 32 * len(counts) + 90), margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return figure


# How telling each status is (0 most): the order of STATUS_COLOURS; unknown statuses come after them.
STATUS_RANK = {status: rank for rank, status in enumerate(STATUS_COLOURS)}


def by_status(statuses: Iterable[str]) -> list[str]:
    """The distinct statuses, most telling first, then unknown ones by name: the order traces are drawn in."""
    return sorted(set(statuses), key=lambda s: (STATUS_RANK.get(s, len(STATUS_RANK)), s))


def destinations(visits: pd.DataFrame) -> pd.DataFrame:
    """One row per destination, in the order trips first name them: coordinates, main status (the most
    telling among its trips, ties by name), article count, its first known date, and a hover listing
    its trips."""
    columns = ["place", "status", "lat", "lon", "articles", "first", "hover"]
    used = ["place", "visitor", "status", "when", "lat", "lon", "article_id", "evidence"]
    located = visits[used].dropna(subset=["lat", "lon"])  # the trips' other columns are not copied about
    if located.empty:
        return pd.DataFrame(columns=columns)
    text = {name: plot_text(name) for name in pd.unique(pd.concat([located["visitor"], located["status"]]))}
    trips = (
        located["visitor"].map(text)
        + " · "
        + located["status"].map(text)
        + located["when"].dt.strftime(" · %Y-%m-%d").fillna("")
    )
    # Built-in aggregations only: a Python function per place took 0.2 s for the map's 5,000 trips.
    table = (
        located.groupby("place", sort=False)
        .agg(
            lat=("lat", "first"),
            lon=("lon", "first"),
            articles=("article_id", "nunique"),
            first=("when", "min"),
            evidence=("evidence", "first"),
        )
        .reset_index()
    )
    ranked = located.assign(_rank=located["status"].map(STATUS_RANK).fillna(len(STATUS_RANK))).sort_values(
        ["_rank", "status"], kind="stable"
    )
    table["status"] = table["place"].map(ranked.groupby("place", sort=False)["status"].first())
    distinct = located.assign(trip=trips).drop_duplicates(["place", "trip"])
    listed = (
        distinct.groupby("place", sort=False).head(6).groupby("place", sort=False)["trip"].agg("<br>".join)
    )
    more = (distinct.groupby("place", sort=False).size() - 6).to_dict()
    table["hover"] = [
        f"<b>{plot_text(place)}</b><br>{lines}"
        + (f"<br>… and {more[place]} more" if more[place] > 0 else "")
        + f"<br><i>{plot_text(_shorten(evidence, 140))}</i>"
        for place, lines, evidence in zip(
            table["place"], table["place"].map(listed), table["evidence"], strict=True
        )
    ]
    return table[columns]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def marker_size(count: pd.Series) -> np.ndarray:
    """Marker diameters growing with the square root of a count (so area tracks the count)."""
    return 9 + 7 * np.sqrt(count.to_numpy(dtype=float))


def _status_marker(status: str, sizes: np.ndarray | float) -> dict:
    """A status's marker: its colour and shape (open for a plan, with a thicker outline)."""
    colour = STATUS_COLOURS.get(status, OTHER_COLOUR)
    symbol = STATUS_SYMBOLS.get(status, "circle")
    line = {"width": 2.5, "color": colour} if symbol.endswith("-open") else {"width": 1, "color": "white"}
    return {"size": sizes, "color": colour, "symbol": symbol, "line": line, "opacity": 0.9}


def _leg_traces(itineraries: list[tuple[str, pd.DataFrame]]) -> list[go.Scattergeo]:
    """Lines between consecutive stops of each itinerary: solid where the trips happened, dashed into
    or out of a plan."""
    traces = []
    for planned, name, dash in ((False, "Itinerary", "solid"), (True, "Planned legs", "dash")):
        lons: list = []
        lats: list = []
        for _, stops in itineraries:
            for leg in legs(stops).itertuples(index=False):
                if leg.planned == planned:
                    lons += [leg.lon0, leg.lon1, None]
                    lats += [leg.lat0, leg.lat1, None]
        if lons:
            traces.append(
                go.Scattergeo(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    name=name,
                    line={"width": 2, "color": LINE_COLOUR, "dash": dash},
                    hoverinfo="skip",
                )
            )
    return traces


def _stop_labels(itineraries: list[tuple[str, pd.DataFrame]]) -> list[go.Scattergeo]:
    """Each numbered stop's number, place and date beside it (drawn over the markers)."""
    traces = []
    for visitor, stops in itineraries:
        numbered = stops[stops["order"] > 0].dropna(subset=["lat", "lon"])
        if numbered.empty:
            continue
        traces.append(
            go.Scattergeo(
                lon=numbered["lon"],
                lat=numbered["lat"],
                mode="text",
                text=[
                    f"<b>{order}</b> {plot_text(place)} · {plot_text(label)}"
                    for order, place, label in zip(
                        numbered["order"], numbered["place"], numbered["date_label"], strict=True
                    )
                ],
                textposition="top right",
                textfont={"size": 12, "shadow": "auto"},
                name=f"Stops of {plot_text(visitor)}",
                showlegend=False,
                hoverinfo="skip",
            )
        )
    return traces


def map_figure(
    shown: pd.DataFrame,
    itineraries: list[tuple[str, pd.DataFrame]] | None = None,
    places: pd.DataFrame | None = None,
    height: int = 560,
) -> go.Figure:
    """The world map: mentioned places (optional), each itinerary's legs and numbered stops
    (optional), then destinations by status, labelled with place and first date while few."""
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
                    f"<b>{plot_text(p.entity)}</b><br>{plural(p.mentions, 'mention')} in "
                    + plural(p.articles, "article")
                    for p in places.itertuples(index=False)
                ],
                hoverinfo="text",
            )
        )
    for trace in _leg_traces(itineraries or []):
        figure.add_trace(trace)
    marks = destinations(shown)
    labelled = not itineraries and len(marks) <= MAX_MARKER_LABELS
    for status in by_status(marks["status"]):
        group = marks[marks["status"] == status].sort_values("articles", ascending=False)
        labels = [
            plot_text(place) + (f" · {first:%Y-%m-%d}" if pd.notna(first) else "")
            for place, first in zip(group["place"], group["first"], strict=True)
        ]
        figure.add_trace(
            go.Scattergeo(
                lon=group["lon"],
                lat=group["lat"],
                mode="markers+text" if labelled else "markers",
                name=status or "status unknown",
                marker=_status_marker(status, marker_size(group["articles"])),
                text=labels if labelled else None,
                textposition="top center",
                textfont={"size": 11},
                hovertext=group["hover"],
                hoverinfo="text",
                customdata=list(group["place"]),
            )
        )
    for trace in _stop_labels(itineraries or []):
        figure.add_trace(trace)
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
        height=height,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        # Shown even with one trace (plotly hides a lone trace's legend): a status is never unexplained.
        showlegend=True,
        legend={"orientation": "h", "y": -0.02, "title": {"text": "Trips:"}},
    )
    return figure


def trip_timeline(stops: pd.DataFrame, person: str) -> go.Figure:
    """A person's dated stops over time: one row per place, a marker per stop in its status's colour
    and shape, numbered along the itinerary."""
    dated = stops[stops["order"] > 0]
    figure = go.Figure()
    for status in by_status(dated["status"]):
        group = dated[dated["status"] == status]
        figure.add_trace(
            go.Scatter(
                x=group["when"],
                y=[plot_text(place) for place in group["place"]],
                mode="markers+text",
                name=status,
                marker=_status_marker(status, 16),
                text=[str(number) for number in group["order"]],
                textposition="middle right",
                hovertext=[
                    f"{number}. {plot_text(place)} · {plot_text(label)} ({plot_text(status)})"
                    for number, place, label in zip(
                        group["order"], group["place"], group["date_label"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    places = list(dict.fromkeys(dated.sort_values("when")["place"]))
    figure.update_yaxes(
        title_text="",
        categoryorder="array",
        categoryarray=[plot_text(place) for place in reversed(places)],
    )
    figure.update_xaxes(title_text="Date")
    figure.update_layout(
        title=f"Trips of {plot_text(person)} in date order",
        height=max(220, 40 * len(places) + 120),
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
    )
    return figure


def heatmap(scored: pd.DataFrame, entities: list[str], measure: str) -> go.Figure:
    """Entity x entity heatmap of the measure, with the raw count in the hover."""
    scores = square_matrix(scored, entities)
    counts = square_matrix(scored.assign(score=scored["count"]), entities)
    figure = go.Figure(
        go.Heatmap(
            z=scores.to_numpy(),
            x=[plot_text(name) for name in entities],
            y=[plot_text(name) for name in entities],
            customdata=counts.to_numpy(),
            colorscale="Blues",
            zmid=0 if measure == "pmi" and scores.min().min() < 0 else None,
            # Counts are whole: a tick per unit while they are small, not "1.2 shared windows".
            colorbar={
                "title": MEASURE_NAMES[measure],
                **(
                    {"dtick": 1}
                    if measure == "count" and np.nanmax(scores.to_numpy(), initial=0) <= 6
                    else {}
                ),
            },
            hovertemplate="%{y} + %{x}<br>" + MEASURE_NAMES[measure] + ": %{z:.3g}<br>"
            "shared windows: %{customdata}<extra></extra>",
            texttemplate=("%{z:.0f}" if measure == "count" else "%{z:.2f}") if len(entities) <= 20 else None,
            hoverongaps=False,
        )
    )
    if measure == "pmi":
        figure.update_traces(colorscale="RdBu", reversescale=True)
    side = max(420, 22 * len(entities) + 160)
    figure.update_layout(
        height=side, margin={"l": 0, "r": 0, "t": 10, "b": 0}, yaxis={"autorange": "reversed"}
    )
    figure.update_xaxes(tickangle=-45)
    return figure


def spring_positions(graph: nx.Graph) -> dict[str, np.ndarray]:
    """A spring layout in which separate clusters stay near the middle instead of drifting to the edges."""
    # A hidden hub tied weakly to every node keeps components together; weights are scaled so the
    # layout looks the same whether pairs share 2 windows or 200.
    weights = [data["weight"] for *_, data in graph.edges(data=True)]
    typical = float(np.median(weights)) if weights else 1.0
    layout = nx.Graph()
    for a, b, data in graph.edges(data=True):
        layout.add_edge(a, b, weight=min(max(data["weight"] / typical, 0.2), 5.0))
    hub = object()
    layout.add_edges_from(((hub, node) for node in graph.nodes), weight=0.08)
    spread = 3 / math.sqrt(max(graph.number_of_nodes(), 1))
    position = nx.spring_layout(layout, k=spread, weight="weight", seed=7, iterations=300)
    position.pop(hub)
    return position


def network(scored: pd.DataFrame, entities: list[str], sizes: pd.Series, labels: pd.Series) -> go.Figure:
    """Spring-layout network: node size = mentions, edge width = shared windows."""
    graph = nx.Graph()
    graph.add_nodes_from(entities)
    edges = scored[scored["a"].isin(entities) & scored["b"].isin(entities)]
    for edge in edges.itertuples(index=False):
        graph.add_edge(edge.a, edge.b, weight=float(edge.count), score=float(edge.score))
    position = spring_positions(graph)
    figure = go.Figure()
    edge_alpha = min(0.5, 6 / math.sqrt(max(len(edges), 1)))  # fainter lines when there are many
    labelled = set(entities[:MAX_LABELS])
    top = float(edges["count"].max()) if not edges.empty else 1.0
    bins = np.linspace(0, top, 6)[1:] if top > 1 else np.array([top])
    lower = 0.0
    for upper in bins:
        band = edges[(edges["count"] > lower) & (edges["count"] <= upper)]
        lower = upper
        if band.empty:
            continue
        lons, lats = [], []
        for edge in band.itertuples(index=False):
            (x0, y0), (x1, y1) = position[edge.a], position[edge.b]
            lons += [x0, x1, None]
            lats += [y0, y1, None]
        figure.add_trace(
            go.Scatter(
                x=lons,
                y=lats,
                mode="lines",
                line={"width": 0.6 + 6 * upper / top, "color": f"rgba(100,116,139,{edge_alpha:.2f})"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    middles = [
        ((position[e.a][0] + position[e.b][0]) / 2, (position[e.a][1] + position[e.b][1]) / 2, e)
        for e in edges.itertuples(index=False)
    ]
    figure.add_trace(
        go.Scatter(
            x=[m[0] for m in middles],
            y=[m[1] for m in middles],
            mode="markers",
            marker={"size": 6, "opacity": 0},
            text=[
                f"{plot_text(e.a)} + {plot_text(e.b)}<br>shared windows: {e.count}<br>score: {e.score:.3g}"
                for *_, e in middles
            ],
            hoverinfo="text",
            showlegend=False,
        )
    )
    kinds = {name: LABEL_NAMES.get(labels.get(name, ""), "other") for name in entities}
    for kind in sorted(set(kinds.values())):
        names = [name for name in entities if kinds[name] == kind]
        figure.add_trace(
            go.Scatter(
                x=[position[name][0] for name in names],
                y=[position[name][1] for name in names],
                mode="markers+text",
                name=kind,
                text=[plot_text(name) if name in labelled else "" for name in names],
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "size": [8 + 4 * math.sqrt(sizes.get(name, 1)) for name in names],
                    "color": TYPE_COLOURS.get(kind, "#64748b"),
                    "line": {"width": 1, "color": "white"},
                },
                hovertext=[f"{plot_text(name)}: {sizes.get(name, 0)} mentions" for name in names],
                hoverinfo="text",
                customdata=names,
            )
        )
    figure.update_layout(
        height=650,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        legend={"orientation": "h", "y": -0.02},
    )
    return figure


def mention_timeline(
    per_day: pd.Series, undated: int, per_title: pd.Series, entity: str
) -> tuple[go.Figure, str | None]:
    """An entity's mentions per article date, or per article when no article is dated, and a caption
    when one is needed (lib.store_queries.entity_mention_counts gives the counts)."""
    if not per_day.empty:
        figure = go.Figure(go.Bar(x=per_day.index, y=per_day.to_numpy()))
        figure.update_xaxes(title_text="Article date")
        figure.update_yaxes(title_text="Mentions", **whole_ticks(per_day.max()))
        caption = (
            f"{plural(undated, 'mention')} in undated articles not on the timeline." if undated else None
        )
    else:
        figure = go.Figure(
            go.Bar(x=per_title.to_numpy(), y=[plot_text(t) for t in per_title.index], orientation="h")
        )
        figure.update_xaxes(title_text="Mentions", **whole_ticks(per_title.max()))
        caption = "The articles have no dates, so this counts mentions per article instead of over time."
    figure.update_layout(
        height=320, margin={"l": 0, "r": 0, "t": 30, "b": 0}, title=f"Mentions of {plot_text(entity)}"
    )
    return figure, caption
