"""People: one person across the articles — what they said, where they went, whom they met
(`?person=Name`)."""

from collections import Counter
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import store_queries as q
from lib.derived import main_title, titles_before
from lib.markup import caption_html, heading_html, notice_html, plain_html
from lib.store import CorpusStore
from ui.data import article_body, corpus_store, current_folder, per_store
from ui.navigation import PERSON_PARAM, reader_urls, require_router, url_selectbox
from ui.person import MAX_ITINERARY_TRIPS, PERSON_ROWS, met, person_itinerary, said, travelled

MAX_ROLE_ARTICLES = 20  # articles read for the title a person is given
MAX_PEOPLE = 5_000  # people the picker offers: the most mentioned (a link may name any other)
LINK = st.column_config.LinkColumn


@dataclass(frozen=True)
class PersonChoice:
    """The person picked in the sidebar, and a name a link asked for that is not in this corpus."""

    name: str | None
    missing: str


def sidebar(store: CorpusStore, people: pd.DataFrame) -> PersonChoice:
    """The person picker, bound to ?person=; a person a link names is offered even when not among the
    most mentioned."""
    linked = st.query_params.get(PERSON_PARAM) or ""
    counts = dict(zip(people["person"], people["mentions"], strict=True))
    if linked and linked not in counts:
        found = q.person_counts(store, linked)
        if found is not None:
            counts[linked] = found["mentions"]
    with st.sidebar:
        name = url_selectbox(
            "Person", list(counts), key=PERSON_PARAM, format_func=lambda n: f"{n} ({counts[n]})"
        )
    return PersonChoice(name, linked if linked and linked not in counts else "")


@per_store
def role(store: CorpusStore, name: str) -> str:
    """The title the articles most often write before the person's name ("Trade Minister")."""
    mentions = q.person_mention_starts(store, name, MAX_ROLE_ARTICLES)
    found: Counter = Counter()
    for (_, file), rows in mentions.groupby(["article_id", "file"], sort=False):
        found += titles_before(article_body(current_folder(), file), rows["start"])
    return main_title(found)


their_articles = per_store(q.person_articles)  # kept per person: a click on the page reruns it


def trip_count(store: CorpusStore, name: str) -> str:
    """Their trips, one however many articles report it; "1,000+" when only the first were read."""
    _, itinerary, more = person_itinerary(store, name, MAX_ITINERARY_TRIPS)
    return f"{len(itinerary):,}" + ("+" if more else "")


def header(store: CorpusStore, name: str, figures: dict[str, int]) -> None:
    """Name, title, country, other spellings and the counts of articles, quotes, trips (one however many
    articles report it) and meetings."""
    st.html(heading_html(name))
    facts = [role(store, name), q.home_country(store, name)]
    aliases = q.person_aliases(store, name)
    if aliases:
        facts.append("also written " + ", ".join(f"“{alias}”" for alias in aliases[:6]))
    st.html(caption_html(plain_html(" · ".join(fact for fact in facts if fact))))
    counts = {
        "Articles": figures["articles"],
        "Quotes": figures["quotes"],
        "Trips": trip_count(store, name),
        "Meetings": figures["meetings"],
    }
    for column, (label, count) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, count if isinstance(count, str) else f"{int(count):,}", border=True)


def body(store: CorpusStore, choice: PersonChoice) -> None:
    """The chosen person's page."""
    if choice.missing:
        st.html(
            notice_html(
                f"Nobody called {plain_html(choice.missing)} in these articles; showing another person."
            )
        )
    name = choice.name
    figures = q.person_counts(store, name) or {}
    header(store, name, figures)
    said(store, name)
    travelled(store, name)
    met(store, name)
    st.subheader("Their articles")
    articles = their_articles(store, name, PERSON_ROWS)
    if figures.get("articles", 0) > len(articles):
        st.caption(f"Their newest {len(articles):,} of {figures['articles']:,} articles.")
    st.dataframe(
        articles.assign(read=reader_urls(articles["article_id"])),
        hide_index=True,
        column_order=["date", "title", "mentions", "read"],
        column_config={
            "date": "Date",
            "title": "Title",
            "mentions": "Mentions",
            "read": LINK("Reader", display_text="Read"),
        },
    )


def main() -> None:
    """The People page."""
    require_router()
    store = corpus_store()
    people = q.people_table(store, limit=MAX_PEOPLE)
    if people.empty:
        st.title("People")
        st.info("Nobody is named in these articles.", icon=":material/person_off:")
        return
    body(store, sidebar(store, people))


main()
