"""Every plotly figure the pages draw: the trip map, the co-occurrence heatmap and network, an entity's
mentions over time and the quotes per speaker.

In lib/, where nothing imports Streamlit: a figure is built from frames alone, so pages only hand it to
`st.plotly_chart`, and tests or benchmarks build one without running a page. Text from the articles
goes through `plot_text`, because plotly reads a little HTML in labels and hovers.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.cooccurrence import MEASURE_NAMES, square_matrix
from lib.frames import VisitStatus
from lib.markup import LABEL_NAMES, plot_text
from lib.places import lookup_place

# plotly.js fetches f"{topojsonURL}{scope}_{resolution}m.json"; the app serves static/ at app/static/.
# Relative, so it also works under a server.baseUrlPath.
TOPOJSON_URL = "app/static/topojson/"
MAP_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
# Visit statuses, most telling first: a place someone is at or went to outranks a plan.
STATUS_COLOURS = {
    VisitStatus.ONGOING: "#0891b2",
    VisitStatus.COMPLETED: "#16a34a",
    VisitStatus.PLANNED: "#2563eb",
    VisitStatus.CANCELLED: "#dc2626",
}
OTHER_COLOUR = "#64748b"
TYPE_COLOURS = {"person": "#3b82f6", "place": "#22c55e", "organisation": "#f97316", "event": "#ef4444"}
MAX_LABELS = 30  # beyond this many names the network is unreadable; the rest show on hover


def speaker_bars(speakers: pd.Series, top: int) -> go.Figure:
    """Horizontal bars of how many quotes each of the `top` most quoted speakers has."""
    counts = speakers.value_counts().head(top).sort_values()
    # plotly.graph_objects, not plotly.express: the same bars without express's per-call set-up.
    figure = go.Figure(
        go.Bar(x=counts.to_numpy(), y=[plot_text(name) for name in counts.index], orientation="h")
    )
    figure.update_xaxes(title_text="Quotes")
    figure.update_layout(title="Quotes per speaker" + (f" (top {top})" if len(counts) == top else ""))
    figure.update_layout(height=max(220, 32 * len(counts) + 90), margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return figure


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
            colorbar={"title": MEASURE_NAMES[measure]},
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


def mention_timeline(dates: pd.Series, titles: pd.Series, entity: str) -> tuple[go.Figure, str | None]:
    """An entity's mentions per article date, or per article when no article is dated, and a caption
    when one is needed; `dates` and `titles` give each mention's article date (NaT if none) and title."""
    if dates.notna().any():
        per_day = dates.dt.normalize().value_counts().sort_index()
        figure = go.Figure(go.Bar(x=per_day.index, y=per_day.to_numpy()))
        figure.update_xaxes(title_text="Article date")
        figure.update_yaxes(title_text="Mentions")
        undated = int(dates.isna().sum())
        caption = f"{undated} mention(s) in undated articles are not on the timeline." if undated else None
    else:
        per_article = titles.value_counts()
        figure = go.Figure(
            go.Bar(x=per_article.to_numpy(), y=[plot_text(t) for t in per_article.index], orientation="h")
        )
        figure.update_xaxes(title_text="Mentions")
        caption = "The articles have no dates, so this counts mentions per article instead of over time."
    figure.update_layout(
        height=320, margin={"l": 0, "r": 0, "t": 30, "b": 0}, title=f"Mentions of {plot_text(entity)}"
    )
    return figure, caption
