"""Reader: one article with its entities coloured by type and its quotations marked (`?article=<id>`),
scrolled to a quote's or a trip's sentence when a link names one (`&quote=<id>`, `&trip=<id>`)."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import store_queries as q
from lib.derived import UNKNOWN_SPEAKER, trip_ids
from lib.frames import QuoteKind
from lib.markup import (
    LABEL_NAMES,
    Mark,
    caption_html,
    heading_html,
    legend_html,
    marked_html,
    plain_html,
    text_block,
)
from lib.store import CorpusStore
from ui.data import corpus_store, reader_text
from ui.navigation import ARTICLE_PARAM, QUOTE_PARAM, TRIP_PARAM, require_router, url_selectbox

FOCUS_ID = "dateline-focus"
MAX_ARTICLES = 5_000  # articles the picker offers (by date, then title); a link may open any other
# Scrolls the page to the marked sentence once it is drawn. A fixed script: no article text in it.
SCROLL_TO_FOCUS = f"""<script>
(function (tries) {{
  const go = () => {{
    const target = document.getElementById("{FOCUS_ID}");
    if (target) target.scrollIntoView({{block: "center"}});
    else if (tries-- > 0) setTimeout(go, 100);
  }};
  go();
}})(50);
</script>"""


def focus_mark(rows: dict[str, pd.DataFrame]) -> Mark | None:
    """The sentence a link points at in this article (a quote's or a trip's), marked to scroll to;
    `rows`: the article's rows (lib.store_queries.article_rows)."""
    quote, trip = st.query_params.get(QUOTE_PARAM), st.query_params.get(TRIP_PARAM)
    if quote:
        quotes = rows["quotes"]
        found = quotes[quotes["quote_id"] == quote]
        columns, what = ("sentence_start", "sentence_end"), "the quote's sentence"
    elif trip:
        visits = rows["visits"]
        found = visits[trip_ids(visits) == trip] if not visits.empty else visits
        columns, what = ("evidence_start", "evidence_end"), "the trip's sentence"
    else:
        return None
    if found.empty:
        return None
    start, end = (int(found.iloc[0][column]) for column in columns)
    return Mark(start, end, "focus", what, anchor=FOCUS_ID) if 0 <= start < end else None


def article_marks(rows: dict[str, pd.DataFrame], show_scare: bool) -> list[Mark]:
    """Marks for an article's quotations (with speaker) and entity mentions (with canonical name)."""
    quotes = rows["quotes"]
    if not show_scare:
        quotes = quotes[quotes["kind"] != QuoteKind.SCARE]
    marks = [
        Mark(row.start, row.end, "quote", f"{row.kind} quote · {speaker_label(row.speaker)}")
        for row in quotes.itertuples(index=False)
    ]
    mentions = rows["mentions"]
    marks += [
        Mark(m.start, m.end, m.label, f"{m.entity} ({LABEL_NAMES.get(m.label, m.label)})")
        for m in mentions.itertuples(index=False)
        if m.label in LABEL_NAMES
    ]
    return marks


def speaker_label(speaker: str) -> str:
    """A quote's speaker as its mark names it."""
    return "speaker unknown" if speaker in ("", UNKNOWN_SPEAKER) else speaker


def article_caption(article: pd.Series) -> str:
    """Date, source, words and file of an article, as one line."""
    parts = [article["date"] or "undated", article["source"], f"{article['words']:,} words", article["file"]]
    return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class ReaderChoice:
    """The article picked in the sidebar, whether a linked article was missing, and the scare-quote switch."""

    article_id: str
    link_missing: bool
    show_scare: bool


def sidebar(store: CorpusStore, titles: dict[str, str]) -> ReaderChoice:
    """The article picker (bound to ?article=) and the scare-quote switch; an article a link names is
    offered even when not among those listed."""
    linked = st.query_params.get(ARTICLE_PARAM)
    if linked and linked not in titles and q.has_article(store, linked):
        titles = {**titles, linked: q.article_files(store, [linked]).loc[linked, "title"]}
    with st.sidebar:
        article_id = url_selectbox(
            "Article", list(titles), key=ARTICLE_PARAM, format_func=lambda i: titles.get(i) or i
        )
        show_scare = st.toggle(
            "Mark scare quotes",
            key="reader_scare",
            help="Quotation marks around a word or phrase the writer keeps at a distance, not speech.",
        )
    return ReaderChoice(article_id, bool(linked) and linked not in titles, show_scare)


def body(store: CorpusStore, choice: ReaderChoice) -> None:
    """The chosen article: heading, caption, link to the original, and its text with marks."""
    if choice.link_missing:
        # Most often a link to an uploaded article opened in another tab: uploads stay in their own tab.
        # The id is not repeated: it comes from the link, and whoever made the link chose it.
        st.info(
            "The article in this link is not in this corpus, so the first one is shown. Articles "
            "uploaded on the Overview page can only be read in the browser tab they were uploaded in.",
            icon=":material/link_off:",
        )
    article_id = choice.article_id
    rows = q.article_rows(store, article_id)
    article = rows["articles"].iloc[0]
    st.html(heading_html(article["title"] or article_id))
    st.html(caption_html(plain_html(article_caption(article))))
    if article["url"].startswith(("https://", "http://")):  # metadata.csv is user input: no javascript: links
        st.link_button("Original article", article["url"], icon=":material/open_in_new:")

    found = reader_text(article_id, article["file"])
    if found.note:
        if found.warning:
            st.warning(found.note, icon=":material/warning:")
        else:
            st.info(found.note, icon=":material/description:")
        return
    text = found.body
    marks = article_marks(rows, choice.show_scare)
    focus = focus_mark(rows)
    st.html(legend_html(rows["mentions"]["label"]))
    start = len(text) - len(text.lstrip())
    # The focus mark encloses the sentence's other marks: it comes first among marks that start with it.
    st.html(
        text_block(marked_html(text, ([focus] if focus else []) + marks, start=start, end=len(text.rstrip())))
    )
    if focus:
        st.html(SCROLL_TO_FOCUS, unsafe_allow_javascript=True)


def main() -> None:
    """The Reader page."""
    require_router()
    store = corpus_store()
    if not store.counts["articles"]:
        st.title("Reader")
        st.info("No articles in this corpus. Choose another folder in the sidebar.", icon=":material/info:")
        return
    titles = q.article_titles(store, by_date=True, limit=MAX_ARTICLES)
    body(store, sidebar(store, titles))


main()
