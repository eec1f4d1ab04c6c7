"""The People page's sections: what a person said, where they went, whom they met and who appears
with them (pages/person.py draws them in turn)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import store_pairs as pairs
from lib import store_queries as q
from lib.charts import MAP_CONFIG, map_figure, trip_timeline
from lib.derived import filter_quotes
from lib.itinerary import stops
from lib.markup import plural, query_words
from lib.store import CorpusStore
from ui.data import per_store
from ui.navigation import NAME_IN_URL, person_urls
from ui.views import meeting_sentence, quote_box, shared_excerpts, trip_box
from ui.widgets import row_table

LINK = st.column_config.LinkColumn
# What a person's page reads of them at most, as a summary (the Map, Quotes and Reader pages filtered to
# them have the rest): rows of meetings and articles listed, newest quotes searched, and first trips
# made into an itinerary (a line of hundreds of stops is not read anyway). A much-quoted, much-travelled
# person's 1,000 quotes and trips took 0.33 s to fetch, draw and send at a million articles.
PERSON_ROWS = 500
MAX_QUOTES = PERSON_ROWS
MAX_ITINERARY_TRIPS = PERSON_ROWS
STOP_COLUMNS = {
    "order": st.column_config.NumberColumn("#", help="Its place along the itinerary; 0: off the line"),
    "place": "Place",
    "status": "Status",
    "date_label": st.column_config.TextColumn("When", help="The trip's date, or why it has none"),
    "articles": st.column_config.NumberColumn("Articles"),
}


# What a person's page asks the store, kept per person: a click on the page (a row) reruns it.
newest_quotes = per_store(q.person_quotes)


@per_store
def first_meetings(store: CorpusStore, name: str, most: int) -> tuple[pd.DataFrame, int | None]:
    """A person's first `most` meetings, and how many they have when there are more."""
    meetings = q.person_meetings(store, name, limit=most)
    return meetings, q.person_meeting_count(store, name) if len(meetings) == most else None


@per_store
def sentence_partners(store: CorpusStore, name: str) -> pd.DataFrame:
    """The 15 people most named in a sentence with them, by PMI."""
    return pairs.partners(store, name, "sentence", ("PERSON",), 1, "pmi", limit=15)


def said(store: CorpusStore, name: str) -> None:
    """Their quotes, newest first, searchable; a selected one in its context."""
    st.subheader("What they said")
    quotes = newest_quotes(store, name, MAX_QUOTES + 1)
    if quotes.empty:
        st.caption("No quotes by them in these articles.")
        return
    more = len(quotes) > MAX_QUOTES
    quotes = quotes.head(MAX_QUOTES)
    query = st.text_input(
        "Search their quotes", key="person_q", type="search", placeholder="Words that must all appear"
    )
    rows = filter_quotes(quotes, query=query or "", kinds=quotes["kind"].unique()).reset_index(drop=True)
    among = f" among their newest {MAX_QUOTES:,}" if more else ""
    st.caption(f"{plural(len(rows), 'quote')}{among}, newest first")
    selected = row_table(
        rows,
        key="person_quotes",
        date_column="date",
        column_order=["quote", "kind", "title"],
        column_config={
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "kind": "Kind",
            "title": "Article",
        },
        noun="quotes",
        narrow="search to narrow them down",
    )
    if selected is not None:
        quote_box(selected, query_words(query or ""))


@per_store
def person_itinerary(store: CorpusStore, name: str, most: int) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """A person's trips (the first `most`), their stops, and whether trips were left out."""
    trips = q.person_trips(store, name, limit=most + 1)
    more = len(trips) > most
    trips = trips.head(most)
    return trips, stops(trips), more


@per_store
def itinerary_figures(store: CorpusStore, name: str, most: int) -> tuple[go.Figure | None, go.Figure]:
    """The timeline of a person's dated stops (None without one) and their itinerary map, made once
    (for a much-travelled person's hundreds of trips plotly takes a tenth of a second)."""
    trips, itinerary, _ = person_itinerary(store, name, most)
    timeline = trip_timeline(itinerary, name) if (itinerary["order"] > 0).any() else None
    return timeline, map_figure(trips, [(name, itinerary)], height=320)


def travelled(store: CorpusStore, name: str) -> None:
    """Their trips in date order: timeline, itinerary map and stops; undated ones apart, with why."""
    st.subheader("Where they went")
    trips, itinerary, more = person_itinerary(store, name, MAX_ITINERARY_TRIPS)
    if trips.empty:
        st.caption("No trips of theirs in these articles.")
        return
    if more:
        st.caption(f"Drawn from the first {plural(MAX_ITINERARY_TRIPS, 'report')} of their trips.")
    left, right = st.columns([3, 2])
    timeline, itinerary_map = itinerary_figures(store, name, MAX_ITINERARY_TRIPS)
    if timeline is not None:
        left.plotly_chart(timeline, key="person_timeline")
    right.plotly_chart(itinerary_map, config=MAP_CONFIG, key="person_map")
    event = st.dataframe(
        itinerary,
        key="person_stops",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=list(STOP_COLUMNS),
        column_config=STOP_COLUMNS,
    )
    off = itinerary[itinerary["order"] == 0]
    if not off.empty:
        st.caption(f"{plural(len(off), 'trip')} not on the itinerary line (0): no date given, or cancelled.")
    for row in event.selection.rows[:1]:
        for trip_id in itinerary.at[row, "trip_ids"]:
            trip_box(store, trips[trips["trip_id"] == trip_id].iloc[0])


def met(store: CorpusStore, name: str) -> None:
    """Their meetings (with the sentence), then the people named with them most, by PMI."""
    st.subheader("Whom they met")
    # The first rows a table lists and their count: the most travelled leader of a million articles
    # has over a hundred thousand meetings.
    meetings, total = first_meetings(store, name, PERSON_ROWS)
    if meetings.empty:
        st.caption("No meetings of theirs in these articles.")
    else:
        selected = row_table(
            meetings,
            key="person_meetings",
            date_column="when",
            column_order=["other", "status", "place", "title"],
            column_config={"status": "Status", "place": "Place", "title": "Article"},
            links={"other": ("With", lambda rows: person_urls(rows["other"]))},
            noun="meetings",
            narrow="",
            total=total,
        )
        if selected is not None:
            meeting_sentence(store, selected)
        else:
            st.caption("Select a meeting to read the sentence it was found in.")
    st.subheader("Who appears with them")
    partners = sentence_partners(store, name)
    if partners.empty:
        st.caption("Nobody is named in a sentence with them.")
        return
    event = st.dataframe(
        partners.assign(partner=person_urls(partners["partner"])),
        key="person_partners",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_config={
            "partner": LINK("Person", display_text=NAME_IN_URL),
            "count": st.column_config.NumberColumn("Sentences", help="Sentences naming both"),
            "score": st.column_config.NumberColumn(
                "PMI", format="%.2f", help="How much more often than chance"
            ),
        },
    )
    for row in event.selection.rows[:1]:
        chosen = partners.iloc[row]
        shared_excerpts(store, "sentence", name, chosen["partner"], limit=5, total=int(chosen["count"]))
