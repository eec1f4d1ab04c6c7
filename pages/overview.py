"""Overview: what is in the corpus, which files were skipped, and what to look at next."""

import pandas as pd
import streamlit as st

from lib import store_queries as q
from lib.markup import plural
from lib.store import CorpusStore
from ui.data import corpus_problems, corpus_store, per_store, uploaded_corpus
from ui.navigation import NAME_IN_URL, person_urls, reader_link, reader_urls, require_router
from ui.uploads import upload_box
from ui.widgets import MAX_TABLE_ROWS

ARTICLE_COLUMNS = {
    "date": st.column_config.TextColumn("Date"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "source": "Source",
    "words": st.column_config.NumberColumn("Words", format="%d"),
    "read": st.column_config.LinkColumn("Reader", display_text="Read", width="small"),
}
PEOPLE_COLUMNS = {
    "person": st.column_config.LinkColumn("Person", display_text=NAME_IN_URL),
    "mentions": st.column_config.NumberColumn("Mentions"),
    "quotes": st.column_config.NumberColumn("Quotes"),
    "trips": st.column_config.NumberColumn("Trips"),
    "meetings": st.column_config.NumberColumn("Meetings"),
}
TOP_PEOPLE = 20
corpus_figures = per_store(q.corpus_figures)  # the headline counts scan the mentions: once per corpus


def article_table(store: CorpusStore) -> pd.DataFrame:
    """The article list's first rows: date, title, source, words and a Reader link, newest first."""
    table = q.newest_articles(store, MAX_TABLE_ROWS)
    return table.assign(read=reader_urls(table["article_id"]))


def more_articles_note(store: CorpusStore, listed: int) -> None:
    """Say so when the list leaves articles out."""
    if store.counts["articles"] > listed:
        st.caption(
            f"The list shows the newest {listed:,} of {store.counts['articles']:,} articles; "
            "search for a title in the sidebar to open another."
        )


def uploaded_article_table(store: CorpusStore) -> None:
    """The article list of uploads: a selected row opens in the Reader in this tab.

    A link column would open a new tab, which is a new session without the uploads.
    """
    table = article_table(store)
    event = st.dataframe(
        table,
        key="upload_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=["date", "title", "file", "words"],
        column_config={**ARTICLE_COLUMNS, "file": "File"},
    )
    selected = [row for row in event.selection.rows if row < len(table)]
    if selected:
        article = table.iloc[selected[0]]
        reader_link(article["article_id"], label="Read the selected article")
    else:
        st.caption("Select an article to read it with its names and quotes marked.")


def show_people(store: CorpusStore) -> None:
    """The most mentioned people, each linked to their page."""
    people = q.people_table(store, limit=TOP_PEOPLE)
    if people.empty:
        return
    st.subheader("People")
    st.dataframe(
        people.assign(person=person_urls(people["person"])),
        hide_index=True,
        column_order=list(PEOPLE_COLUMNS),
        column_config=PEOPLE_COLUMNS,
    )


def show_problems(skipped: pd.DataFrame, warnings: list[str]) -> None:
    """Files that could not be read, and warnings about the ones that could."""
    if not skipped.empty:
        with st.expander(f"{plural(len(skipped), 'file')} skipped", icon=":material/warning:"):
            st.dataframe(skipped, hide_index=True, column_config={"file": "File", "reason": "Reason"})
    if warnings:
        with st.expander(plural(len(warnings), "warning"), icon=":material/info:"):
            for warning in warnings:
                st.text(warning)


def main() -> None:
    """The Overview page."""
    require_router()
    st.title("Dateline")
    st.caption("Political travel in the news: who went where, who met whom, who said what.")
    upload_box()
    store = corpus_store()
    skipped, warnings = corpus_problems()
    if not skipped.empty:
        st.warning(
            f"{plural(len(skipped), 'file')} could not be read; see the list below for why.",
            icon=":material/warning:",
        )
    if not store.counts["articles"]:
        st.info(
            "No articles to show. Put .txt or .md news articles in the corpus folder "
            "(one article per file), or clear the folder box in the sidebar to use the sample articles.",
            icon=":material/folder_open:",
        )
        show_problems(skipped, warnings)
        return

    for column, (label, value) in zip(st.columns(6), corpus_figures(store).items(), strict=True):
        column.metric(label, f"{value:,}", border=True)

    st.subheader("Articles")
    if uploaded_corpus() is None:
        st.dataframe(
            article_table(store),
            hide_index=True,
            column_order=["date", "title", "source", "words", "read"],
            column_config=ARTICLE_COLUMNS,
        )
    else:
        uploaded_article_table(store)
    more_articles_note(store, MAX_TABLE_ROWS)
    if not q.dated_articles(store):
        st.caption(
            "These articles have no dates. Start each file with a `date YYYY-MM-DD` line and upload "
            "them again to use the date filters."
            if uploaded_corpus()
            else "These articles have no dates. Add a `metadata.csv` (file,title,date,source,url) to the "
            "folder, or start each file with a `date YYYY-MM-DD` line, to use the date filters."
        )
    show_people(store)
    show_problems(skipped, warnings)
    st.page_link(
        "pages/person.py", label="One person: what they said, where they went", icon=":material/person:"
    )
    st.page_link("pages/quotes.py", label="Browse the quotes", icon=":material/format_quote:")
    st.page_link("pages/map.py", label="See the trips on the map", icon=":material/public:")


main()
