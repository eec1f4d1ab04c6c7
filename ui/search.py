"""The one search box, in the sidebar of every page: people, places, organisations, quotes, titles."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.search import KINDS
from lib.store_queries import search
from ui.data import corpus_store, folder_refused
from ui.navigation import (
    ARTICLE_PARAM,
    COOCCURRENCE_PAGE,
    MAP_PAGE,
    PERSON_PAGE,
    PERSON_PARAM,
    PLACE_PARAM,
    QUOTE_PARAM,
    QUOTES_PAGE,
    READER_PAGE,
    with_corpus,
)

SEARCH_KEY = "find"
RESULT_KEY = "find_result"
TARGET_KEY = "find_target"  # not a widget key: where the chosen result leads, read on the next run
MAX_RESULTS = 30
# Where each kind of result opens, and with which parameter.
DESTINATIONS = {
    "person": (PERSON_PAGE, PERSON_PARAM),
    "place": (MAP_PAGE, PLACE_PARAM),
    "organisation": (COOCCURRENCE_PAGE, "entity"),
    "quote": (QUOTES_PAGE, QUOTE_PARAM),
    "article": (READER_PAGE, ARTICLE_PARAM),
}


def search_box() -> None:
    """A search box and its results in the sidebar; choosing a result opens its page."""
    target = st.session_state.pop(TARGET_KEY, None)
    if target is not None:
        st.switch_page(target[0], query_params=with_corpus(target[1]))
    with st.sidebar:
        query = st.text_input(
            "Search",
            key=SEARCH_KEY,
            type="search",
            placeholder="A person, place, organisation, quote or title",
            help="Finds people (also by the other ways the articles write their names), places, "
            "organisations, words of quotes and article titles. Choose a result to open it.",
        )
        if not query or not query.strip() or folder_refused():
            return
        results = search(corpus_store(), query, MAX_RESULTS)
        if results.empty:
            st.caption("Nothing found. Try fewer or other words.")
            return
        st.selectbox(
            "Results",
            range(len(results)),
            index=None,
            key=RESULT_KEY,
            format_func=lambda i: f"{KINDS[results.at[i, 'kind']]}: {results.at[i, 'label']}",
            placeholder=f"{len(results)}{'+' if len(results) == MAX_RESULTS else ''} found: choose one",
            on_change=_chosen,
            args=(results,),
            label_visibility="collapsed",
        )


def _chosen(results: pd.DataFrame) -> None:
    """Remember where the chosen result leads (switching pages is not allowed in a callback)."""
    index = st.session_state.get(RESULT_KEY)
    st.session_state[RESULT_KEY] = None
    if index is None:
        return
    kind, key = results.at[index, "kind"], results.at[index, "key"]
    page, param = DESTINATIONS[kind]
    params: dict[str, str | list[str]] = {param: key}
    if kind == "organisation":  # the entity list must hold organisations
        params["types"] = ["people", "organisations"]
    st.session_state[TARGET_KEY] = (page, params)
