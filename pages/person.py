"""People: one person across the articles — what they said, where they went, whom they met
(`?person=Name`)."""

from collections import Counter
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib.derived import (
    home_country,
    main_title,
    people_table,
    person_aliases,
    person_articles,
    person_trips,
    titles_before,
)
from lib.frames import CorpusFrames
from lib.itinerary import stops
from lib.markup import caption_html, heading_html, notice_html, plain_html
from ui.data import article_body, corpus_frames, current_folder
from ui.navigation import PERSON_PARAM, reader_urls, require_router, url_selectbox
from ui.person import met, said, travelled

MAX_ROLE_ARTICLES = 20  # articles read for the title a person is given
LINK = st.column_config.LinkColumn


@dataclass(frozen=True)
class PersonChoice:
    """The person picked in the sidebar, and a name a link asked for that is not in this corpus."""

    name: str | None
    missing: str


def sidebar(people: pd.DataFrame) -> PersonChoice:
    """The person picker, bound to ?person=."""
    linked = st.query_params.get(PERSON_PARAM) or ""
    counts = dict(zip(people["person"], people["mentions"], strict=True))
    with st.sidebar:
        name = url_selectbox(
            "Person", list(people["person"]), key=PERSON_PARAM, format_func=lambda n: f"{n} ({counts[n]})"
        )
    return PersonChoice(name, linked if linked and linked not in counts else "")


def role(frames: CorpusFrames, name: str) -> str:
    """The title the articles most often write before the person's name ("Trade Minister")."""
    mentions = frames.mentions[(frames.mentions["label"] == "PERSON") & (frames.mentions["entity"] == name)]
    files = dict(zip(frames.articles["article_id"], frames.articles["file"], strict=True))
    found: Counter = Counter()
    for article_id, rows in list(mentions.groupby("article_id", sort=False))[:MAX_ROLE_ARTICLES]:
        found += titles_before(article_body(current_folder(), files[article_id]), rows["start"])
    return main_title(found)


def header(frames: CorpusFrames, name: str, figures: pd.Series) -> None:
    """Name, title, country, other spellings and the counts of articles, quotes, trips (one however many
    articles report it) and meetings."""
    st.html(heading_html(name))
    facts = [role(frames, name), home_country(frames, name)]
    aliases = person_aliases(frames, name)
    if aliases:
        facts.append("also written " + ", ".join(f"“{alias}”" for alias in aliases[:6]))
    st.html(caption_html(plain_html(" · ".join(fact for fact in facts if fact))))
    counts = {
        "Articles": figures["articles"],
        "Quotes": figures["quotes"],
        "Trips": len(stops(person_trips(frames, name))),
        "Meetings": figures["meetings"],
    }
    for column, (label, count) in zip(st.columns(4), counts.items(), strict=True):
        column.metric(label, f"{int(count):,}", border=True)


def body(frames: CorpusFrames, choice: PersonChoice, people: pd.DataFrame) -> None:
    """The chosen person's page."""
    if choice.missing:
        st.html(
            notice_html(
                f"Nobody called {plain_html(choice.missing)} in these articles; showing another person."
            )
        )
    name = choice.name
    header(frames, name, people.set_index("person").loc[name])
    said(frames, name)
    travelled(frames, name)
    met(frames, name)
    st.subheader("Their articles")
    articles = person_articles(frames, name)
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
    frames = corpus_frames()
    people = people_table(frames)
    if people.empty:
        st.title("People")
        st.info("Nobody is named in these articles.", icon=":material/person_off:")
        return
    body(frames, sidebar(people), people)


main()
