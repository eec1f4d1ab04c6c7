"""What several pages show of one row: a quote in its context, the sentence of a trip or a meeting
(each with a link that opens the Reader at that sentence), where two names appear together."""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from lib import store_queries as q
from lib.cooccurrence import WINDOWS, excerpt_spans, shared_windows
from lib.frames import AttributionMethod
from lib.markup import (
    LABEL_NAMES,
    Mark,
    caption_html,
    evidence_html,
    marked_html,
    plain_html,
    plural,
    quote_html,
    sentence_html,
    text_block,
)
from lib.store import CorpusStore
from ui.data import article_body, current_folder
from ui.navigation import QUOTE_PARAM, TRIP_PARAM, reader_link

FIRST_SHARED_ARTICLES = 200  # articles naming a pair read at first for its shared windows
ATTRIBUTIONS = {  # "Attributed through ..."
    AttributionMethod.CUE: "a reporting verb next to the quote",
    AttributionMethod.PRONOUN: "a pronoun resolved to the nearest person",
    AttributionMethod.TITLE: "a title (“the minister”) resolved to the person the article gave it",
    AttributionMethod.CONTINUATION: "a continued quotation from the paragraph before",
    AttributionMethod.CONTEXT: "the person the paragraph is about",
    AttributionMethod.ACCORDING_TO: "an “according to” phrase",
    AttributionMethod.TRANSCRIPT: "the speaker's name before the line, as in an interview transcript",
    AttributionMethod.UNATTRIBUTED: "nobody: no speaker could be found",
}


def quote_box(row: pd.Series, words: list[str] = ()) -> None:
    """A quote (a row of derived.quote_table) in its paragraph and the one before, who said it and how
    it was attributed, and a link to the Reader at the quote."""
    with st.container(border=True):
        st.html(f"<p><b>{plain_html(row['speaker'])}</b> · {plain_html(row['title'])}</p>")
        body = article_body(current_folder(), row["file"])
        if body:
            st.html(quote_html(body, row, words))
        else:
            st.text(row["quote"])
        how = ATTRIBUTIONS.get(row["method"], row["method"])
        found = f" (“{row['speaker_mention']}” {row['cue']})" if row["speaker_mention"] and row["cue"] else ""
        st.html(caption_html(plain_html(f"Attributed through {how}{found}")))
        reader_link(row["article_id"], **{QUOTE_PARAM: row["quote_id"]})


def person_marks(store: CorpusStore, article_id: str, names: list[str], start: int, end: int) -> list[Mark]:
    """Marks for the mentions of these people in one stretch of an article, where extraction found them."""
    mentions = q.article_mentions(store, article_id)
    found = mentions[
        (mentions["article_id"] == article_id)
        & mentions["entity"].isin(names)
        & (mentions["start"] >= start)
        & (mentions["end"] <= end)
    ]
    return [Mark(m.start, m.end, "PERSON", m.entity) for m in found.itertuples(index=False)]


def trip_box(store: CorpusStore, visit: pd.Series) -> None:
    """The sentence a trip (a row of derived.visit_table) was read from, visitor, place and trigger
    marked, with where the date came from and a link to the Reader at the sentence."""
    with st.container(border=True):
        when = f" · {visit['when']:%Y-%m-%d}" if pd.notna(visit["when"]) else ""
        trip = f"<b>{plain_html(visit['visitor'])}</b> → <b>{plain_html(visit['place'])}</b>"
        st.html(f"<p>{trip} ({plain_html(visit['status'])}){when} · {plain_html(visit['title'])}</p>")
        start, end = int(visit["evidence_start"]), int(visit["evidence_end"])
        people = person_marks(store, visit["article_id"], [visit["visitor"]], start, end)
        st.html(evidence_html(article_body(current_folder(), visit["file"]), visit, people))
        if visit["date_text"]:
            st.html(caption_html(plain_html(f"Date read from “{visit['date_text']}”")))
        reader_link(visit["article_id"], **{TRIP_PARAM: visit["trip_id"]})


def meeting_sentence(store: CorpusStore, meeting: pd.Series) -> None:
    """The sentence a meeting (a row of derived.meeting_table) was read from, both people marked."""
    start, end = int(meeting["start"]), int(meeting["end"])
    people = person_marks(
        store, meeting["article_id"], [meeting["person_a"], meeting["person_b"]], start, end
    )
    body = article_body(current_folder(), meeting["file"])
    st.html(sentence_html(body, start, end, meeting["evidence"], people))


def shared_excerpts(
    store: CorpusStore, window: str, a: str, b: str, limit: int = 10, total: int | None = None
) -> None:
    """Where the articles name both a and b within a window: each place's paragraph with every name in
    it marked, the article's title and a Reader link; the first `limit` of them. `total`: how many
    windows name both, when the caller knows (a pair's count); else they are counted here."""
    keys = list(WINDOWS[window])
    # The first articles naming both, more until `limit` windows are found: a pair of the most named
    # shares hundreds of thousands of articles (all their mentions took 5 s at a million articles).
    articles = FIRST_SHARED_ARTICLES
    while True:
        mentions = q.pair_mentions(store, a, b, articles=articles)
        grouped = shared_windows(mentions, window, a, b).groupby(keys, sort=False)
        every_article = mentions["article_id"].nunique() < articles
        if every_article or grouped.ngroups >= limit:
            break
        articles *= 4
    counted = every_article or total is not None
    total = grouped.ngroups if every_article or total is None else total
    # Only the windows shown are split off (a pair of the most named shares tens of thousands).
    groups = list(itertools.islice(grouped, limit))
    titles = q.article_files(
        store, dict.fromkeys(key[0] if isinstance(key, tuple) else key for key, _ in groups)
    )
    named = f"{plural(total, window)} name" if counted else f"More than {plural(total, window)} name"
    st.html(caption_html(plain_html(f"{named} both {a} and {b}.")))
    for index, (key, rows) in enumerate(groups):
        article_id = key[0] if isinstance(key, tuple) else key
        article = titles.loc[article_id]
        with st.container(border=True):
            st.html(f"<p><b>{plain_html(article['title'] or article_id)}</b></p>")
            body = article_body(current_folder(), article["file"])
            marks = [
                Mark(r.start, r.end, r.label, r.entity) for r in rows.itertuples() if r.label in LABEL_NAMES
            ]
            for lo, hi in excerpt_spans(body, rows, window, a, b):
                st.html(text_block(marked_html(body, marks, lo, hi)))
            reader_link(article_id, label="Read the article")
        if index == limit - 1 and total > limit:
            st.caption(f"The first {limit} of {total}.")
