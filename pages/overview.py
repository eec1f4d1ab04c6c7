"""Overview: what is in the corpus, which files were skipped, and what to look at next."""

import pandas as pd
import streamlit as st

from lib.derived import people_table
from lib.frames import PLACE_LABELS, CorpusFrames, QuoteKind, per_corpus
from lib.markup import plural
from ui.data import corpus_frames, uploaded_corpus
from ui.navigation import NAME_IN_URL, person_urls, reader_link, reader_urls, require_router
from ui.uploads import upload_box

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


def corpus_figures(frames: CorpusFrames) -> dict[str, int]:
    """The headline counts: articles, words, people, places, quotes (not scare quotes) and visits."""
    mentions = frames.mentions
    return {
        "Articles": len(frames.articles),
        "Words": int(frames.articles["words"].sum()),
        "People": mentions.loc[mentions["label"] == "PERSON", "entity"].nunique(),
        "Places": mentions.loc[mentions["label"].isin(PLACE_LABELS), "entity"].nunique(),
        "Quotes": int((frames.quotes["kind"] != QuoteKind.SCARE).sum()),
        "Visits": len(frames.visits),
    }


def article_table(frames: CorpusFrames) -> pd.DataFrame:
    """The article list: date, title, source, words and a Reader link, newest first."""
    table = sorted_articles(frames)
    return table.assign(read=reader_urls(table["article_id"]))


@per_corpus
def sorted_articles(frames: CorpusFrames) -> pd.DataFrame:
    """The articles newest first, undated ones last (sorted once per corpus)."""
    table = frames.articles[["article_id", "file", "date", "title", "source", "words"]]
    undated = table["date"] == ""
    return table.assign(undated=undated).sort_values(
        ["undated", "date", "title"], ascending=[True, False, True]
    )


def uploaded_article_table(frames: CorpusFrames) -> None:
    """The article list of uploads: a selected row opens in the Reader in this tab.

    A link column would open a new tab, which is a new session without the uploads.
    """
    table = article_table(frames).reset_index(drop=True)
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


def show_people(frames: CorpusFrames) -> None:
    """The most mentioned people, each linked to their page."""
    people = people_table(frames).head(TOP_PEOPLE)
    if people.empty:
        return
    st.subheader("People")
    st.dataframe(
        people.assign(person=person_urls(people["person"])),
        hide_index=True,
        column_order=list(PEOPLE_COLUMNS),
        column_config=PEOPLE_COLUMNS,
    )


def show_problems(frames: CorpusFrames) -> None:
    """Files that could not be read, and warnings about the ones that could."""
    if not frames.skipped.empty:
        with st.expander(f"{plural(len(frames.skipped), 'file')} skipped", icon=":material/warning:"):
            st.dataframe(frames.skipped, hide_index=True, column_config={"file": "File", "reason": "Reason"})
    if frames.warnings:
        with st.expander(plural(len(frames.warnings), "warning"), icon=":material/info:"):
            for warning in frames.warnings:
                st.text(warning)


def main() -> None:
    """The Overview page."""
    require_router()
    st.title("Dateline")
    st.caption("Political travel in the news: who went where, who met whom, who said what.")
    upload_box()
    frames = corpus_frames()
    if not frames.skipped.empty:
        st.warning(
            f"{plural(len(frames.skipped), 'file')} could not be read; see the list below for why.",
            icon=":material/warning:",
        )
    if frames.articles.empty:
        st.info(
            "No articles to show. Put .txt or .md news articles in the corpus folder "
            "(one article per file), or clear the folder box in the sidebar to use the sample articles.",
            icon=":material/folder_open:",
        )
        show_problems(frames)
        return

    for column, (label, value) in zip(st.columns(6), corpus_figures(frames).items(), strict=True):
        column.metric(label, f"{value:,}", border=True)

    st.subheader("Articles")
    if uploaded_corpus() is None:
        st.dataframe(
            article_table(frames),
            hide_index=True,
            column_order=["date", "title", "source", "words", "read"],
            column_config=ARTICLE_COLUMNS,
        )
    else:
        uploaded_article_table(frames)
    if frames.articles["date"].eq("").all():
        st.caption(
            "These articles have no dates. Start each file with a `date YYYY-MM-DD` line and upload "
            "them again to use the date filters."
            if uploaded_corpus()
            else "These articles have no dates. Add a `metadata.csv` (file,title,date,source,url) to the "
            "folder, or start each file with a `date YYYY-MM-DD` line, to use the date filters."
        )
    show_people(frames)
    show_problems(frames)
    st.page_link(
        "pages/person.py", label="One person: what they said, where they went", icon=":material/person:"
    )
    st.page_link("pages/quotes.py", label="Browse the quotes", icon=":material/format_quote:")
    st.page_link("pages/map.py", label="See the trips on the map", icon=":material/public:")


main()
