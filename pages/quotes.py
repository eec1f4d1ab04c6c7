"""Quotes: search and filter who said what, read a quote in its paragraph, download the rows."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import store_queries as q
from lib.charts import speaker_bars
from lib.derived import SPEAKER_TYPES, UNKNOWN_SPEAKER, quotes_csv
from lib.frames import QuoteKind, SpeakerType
from lib.markup import marked_html, match_marks, notice_html, plain_html, plural, query_words
from lib.store import CorpusStore
from ui.data import corpus_store
from ui.navigation import (
    PERSON_PAGE,
    PERSON_PARAM,
    QUOTE_PARAM,
    forget_unlisted,
    page_urls,
    person_urls,
    require_router,
    unlisted_values,
    url_multiselect,
    with_corpus,
)
from ui.views import quote_box
from ui.widgets import COUNT_CAP, MAX_TABLE_ROWS, DateRange, counted_multiselect, date_filter, row_table

SEARCH_KEY = "q"
SPEAKER_KEY = "speaker"
SOURCES_HELP = (
    "Who the quotes are by. People: named people. Organisations: an organisation or country that "
    "speaks (“the Kremlin”). Groups: people in the plural, unnamed (“critics”). Descriptions: one "
    "unnamed source, as the article puts it (“a senior official”). Speaker unknown: nobody could be found."
)
TOP_SPEAKERS = 15
MAX_OPTIONS = 5_000  # speakers and articles a filter offers: the most quoted, the first in the corpus
SHOWN_MATCHES = 20
TABLE_COLUMNS = {
    "speaker_type": st.column_config.TextColumn(
        "Source", help="person, organisation, group or description; empty when nobody could be found"
    ),
    "quote": st.column_config.TextColumn("Quote", width="large"),
    "cue": st.column_config.TextColumn("Cue", help="The reporting verb: said, told, …"),
    "kind": st.column_config.TextColumn("Kind", help="full, partial or scare quote"),
    "title": st.column_config.TextColumn("Article"),
}


def clear_search() -> None:
    """Empty the search box (a URL-bound widget is changed through session state)."""
    st.session_state[SEARCH_KEY] = ""


def speaker_urls(rows: pd.DataFrame) -> list[str]:
    """Where each row's speaker leads: a person's page, or the quotes of any other source."""
    people = person_urls(rows["speaker"])
    others = page_urls("quotes", SPEAKER_KEY, rows["speaker"])
    is_person = rows["speaker_type"] == SpeakerType.PERSON
    return [p if person else o for p, o, person in zip(people, others, is_person, strict=True)]


def show_linked(store: CorpusStore, quote_id: str) -> None:
    """The quote a link names (`?quote=<id>`), in its context; or why it is not here."""
    found = q.quote_by_id(store, quote_id)
    if found is None:
        st.html(notice_html("The quote in this link is not in these articles (they may have changed)."))
    else:
        quote_box(found)
    st.button("Close this quote", on_click=st.query_params.pop, args=(QUOTE_PARAM,), icon=":material/close:")


@dataclass(frozen=True)
class QuoteFilters:
    """What the sidebar asks for; an empty list of speakers or articles means all of them.

    `unlisted`: speakers a shared link asked for that the speaker filter could not select.
    """

    speaker_types: list[str]  # the Sources shown
    speakers: list[str]
    unlisted: list[str]
    article_ids: list[str]
    date_range: DateRange | None
    include_undated: bool
    kinds: list[str]


def sidebar(store: CorpusStore) -> QuoteFilters:
    """The sidebar's filters: sources (speaker types), speakers, articles, dates and kinds of quote."""
    titles = q.article_titles(store, limit=MAX_OPTIONS)
    with st.sidebar:
        st.subheader("Filter the quotes")
        speaker_types = st.pills(
            "Sources",
            list(SPEAKER_TYPES),
            selection_mode="multi",
            default=list(SPEAKER_TYPES),
            format_func=SPEAKER_TYPES.get,
            key="sources",
            bind="query-params",
            on_change=forget_unlisted,
            args=(SPEAKER_KEY,),
            help=SOURCES_HELP,
        )
        offered = q.speaker_counts(store, tuple(speaker_types), limit=MAX_OPTIONS)
        speakers = counted_multiselect("Speakers", offered, key=SPEAKER_KEY, placeholder="Everyone")
        article_ids = url_multiselect(
            "Articles",
            list(titles),
            key="articles",
            format_func=lambda article_id: titles.get(article_id) or article_id,
            placeholder="All articles",
        )
        date_range, include_undated = date_filter(
            q.date_bounds(store, "articles", "day"),
            "Article dates",
            "Include undated articles",
            no_dates="No article has a date, so there is no date filter.",
        )
        partial = st.toggle(
            "Partial quotes",
            value=True,
            key="partial",
            bind="query-params",
            help="A few quoted words inside the reporter's own sentence.",
        )
        scare = st.toggle(
            "Scare quotes",
            value=False,
            key="scare",
            bind="query-params",
            help="Quotation marks the writer puts around a word or phrase that nobody is quoted saying.",
        )
    kinds = [QuoteKind.FULL] + [QuoteKind.PARTIAL] * partial + [QuoteKind.SCARE] * scare
    unlisted = unlisted_values(SPEAKER_KEY)
    return QuoteFilters(speaker_types, speakers, unlisted, article_ids, date_range, include_undated, kinds)


def body(store: CorpusStore, filters: QuoteFilters) -> None:
    """The search box, then the quotes that pass it and the filters: table, download, the selected
    quote in its paragraph, matches in context and quotes per speaker."""
    linked = st.query_params.get(QUOTE_PARAM)
    if linked:
        show_linked(store, linked)
    query = st.text_input(
        "Search the quotes",
        key=SEARCH_KEY,
        bind="query-params",
        type="search",
        live=True,
        placeholder="Words that must all appear, e.g. free trade India",
    )
    if filters.unlisted:
        explain_unlisted(store, filters.unlisted)
        if not filters.speakers:  # not every quote, as if the link had named nobody
            st.button(
                "Show every quote",
                on_click=forget_unlisted,
                args=(SPEAKER_KEY,),
                icon=":material/format_quote:",
            )
            return
    where = q.quote_where(
        query=query or "",
        speakers=filters.speakers,
        article_ids=filters.article_ids,
        kinds=filters.kinds,
        speaker_types=filters.speaker_types,
        date_range=filters.date_range,
        include_undated=filters.include_undated,
    )
    rows = q.quotes(store, where, limit=MAX_TABLE_ROWS)
    if rows.empty:
        explain_no_rows(query or "")
        return

    total = q.count(store, "quotes", where, cap=COUNT_CAP + 1)
    capped = total > COUNT_CAP
    counted = f"more than {COUNT_CAP:,}" if capped else f"{total:,}"
    shown = q.count(store, "quotes", q.quote_where(kinds=filters.kinds, speaker_types=filters.speaker_types))
    st.caption(f"{counted} of {shown:,} quotes")
    selected = row_table(
        rows,
        key="quote_table",
        date_column="date",
        column_order=["speaker", "speaker_type", "quote", "cue", "kind", "title"],
        column_config=TABLE_COLUMNS,
        noun="quotes",
        narrow="search or filter to narrow them down, or download them all",
        links={"speaker": ("Speaker", speaker_urls)},
        total=counted if capped else total,
    )
    st.download_button(
        "Download this quote (CSV)"
        if total == 1
        else "Download these quotes (CSV)"
        if capped
        else f"Download these {plural(total, 'quote')} (CSV)",
        # Built when clicked, not on every rerun: every row passing the filters, not only those listed.
        data=lambda: quotes_csv(q.quotes(store, where, limit=store.counts["quotes"])),
        file_name="dateline-quotes.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    words = query_words(query or "")
    if selected is not None:
        quote_box(selected, words)
    else:
        st.caption("Select a row to read the quote in its paragraph.")
    if words:
        show_matches(rows, words, total, counted)
    # The counts, not a row per quote: the most quoted speaker of a million articles has 800,000.
    figure = speaker_bars(q.speakers_of(store, where, limit=TOP_SPEAKERS), TOP_SPEAKERS)
    bars = st.plotly_chart(figure, key="speaker_chart", on_select="rerun", selection_mode="points")
    open_speaker(store, bars)
    if not q.speaker_types(store, [UNKNOWN_SPEAKER]).empty:
        st.caption(f"“{UNKNOWN_SPEAKER}” collects quotes no speaker could be found for.")


def open_speaker(store: CorpusStore, event) -> None:
    """A click on a person's bar opens their page; on another source's, shows only its quotes."""
    points = event.selection.points if event else []
    name = points[0].get("customdata") if points else None
    if not isinstance(name, str) or name == UNKNOWN_SPEAKER:
        return
    if q.speaker_types(store, [name]).get(name) == SpeakerType.PERSON:
        st.switch_page(PERSON_PAGE, query_params=with_corpus({PERSON_PARAM: name}))
    st.query_params[SPEAKER_KEY] = name  # the speaker filter takes a changed URL as a link's
    st.rerun()


def explain_unlisted(store: CorpusStore, names: list[str]) -> None:
    """Say which speakers of a shared link have no quotes here, or have them under a hidden source."""
    types = q.speaker_types(store, names)
    lines = [
        f"Quotes by {plain_html(name)} are hidden: show {SPEAKER_TYPES[types[name]].lower()} under Sources "
        "in the sidebar."
        if name in types.index
        else f"No quotes by {plain_html(name)} in this corpus."
        for name in names
    ]
    st.html(notice_html("<br>".join(lines)))


def explain_no_rows(query: str) -> None:
    """Why no quote is shown, and how to see some."""
    if query.strip():
        st.info(  # the words are in the box above; the URL (?q=) must not write in this message
            "No quotes match the words searched for. Clear the search, or try fewer words.",
            icon=":material/search_off:",
        )
        st.button("Clear the search", on_click=clear_search, icon=":material/close:")
    else:
        st.info(
            "No quotes pass these filters. Remove a speaker or an article, widen the dates, "
            "or switch on more sources, or partial or scare quotes.",
            icon=":material/filter_alt_off:",
        )


def show_matches(rows: pd.DataFrame, words: list[str], total: int, counted: str) -> None:
    """The first matching quotes (of `total`, worded as `counted`) with the searched words marked."""
    with st.expander("Matches in context", expanded=True):
        for row in rows.head(SHOWN_MATCHES).itertuples(index=False):
            marked = marked_html(row.quote, match_marks(row.quote, words))
            st.html(f"<p><b>{plain_html(row.speaker)}</b>: “{marked}”</p>")
        if total > SHOWN_MATCHES:
            st.caption(f"The first {SHOWN_MATCHES} of {counted} matches; the table lists more.")


def main() -> None:
    """The Quotes page."""
    require_router()
    st.title("Quotes")
    store = corpus_store()
    if not store.counts["quotes"]:
        st.info(
            "No quotations were found in this corpus. Quotes are passages in quotation marks; "
            "try a folder of news reports that quote people.",
            icon=":material/format_quote:",
        )
        return
    body(store, sidebar(store))


main()
