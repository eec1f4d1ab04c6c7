"""Places for the map: people's home countries from how articles introduce them, and mentioned places."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

import pandas as pd

from lib.entities import TITLE_WORDS
from lib.places import country_of_demonym, lookup_place

MAX_TITLE_GAP = 60  # characters between "New Zealand" and "Christopher Luxon" in a title phrase
PLACE_LABELS = ("GPE", "LOC")


def _is_title_phrase(gap: str) -> bool:
    """Whether the text between a country and a name is a title or a possessive: " Prime Minister ", "'s "."""
    possessive = re.match(r"\s*['’]s\b", gap)
    rest = gap[possessive.end() :] if possessive else gap
    words = re.findall(r"[A-Za-z]+", rest)
    if re.sub(r"[A-Za-z]+|\s|-", "", rest):
        return False
    return all(word.lower() in TITLE_WORDS for word in words) and bool(words or possessive)


def _country_of(label: str, entity: str, text: str) -> str | None:
    """The country a GPE (a country name) or NORP ("Indian") mention stands for."""
    if label == "NORP":
        return country_of_demonym(text)
    place = lookup_place(entity)
    return place.country if place is not None and place.kind == "country" else None


def home_countries(mentions: pd.DataFrame, bodies: Mapping[str, str]) -> dict[str, str]:
    """Each person's country where articles introduce them with it ("New Zealand Prime Minister X").

    Votes over all such introductions; a person with a tie or no introduction is left out.
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    usable = mentions[mentions["label"].isin(("PERSON", "GPE", "NORP"))]
    for article_id, rows in usable.sort_values(["article_id", "start"]).groupby("article_id"):
        body = bodies.get(str(article_id), "")
        if not body:
            continue
        previous = None
        for row in rows.itertuples(index=False):
            if row.label == "PERSON" and previous is not None and previous.sentence == row.sentence:
                gap = body[previous.end : row.start]
                if len(gap) <= MAX_TITLE_GAP and _is_title_phrase(gap):
                    country = _country_of(previous.label, previous.entity, previous.text)
                    if country:
                        votes[row.entity][country] += 1
            previous = row if row.label in ("GPE", "NORP") else None
    homes = {}
    for person, counter in votes.items():
        ranked = counter.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            homes[person] = ranked[0][0]
    return homes


def mentioned_places(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Places named in the articles: (entity, mentions, articles, titles), most mentioned first."""
    places = mentions[mentions["label"].isin(PLACE_LABELS)]
    titles = articles.set_index("article_id")["title"]
    grouped = places.groupby("entity").agg(mentions=("entity", "size"), articles=("article_id", "nunique"))
    grouped["titles"] = places.groupby("entity")["article_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(titles.get(i, i) for i in ids))
    )
    return grouped.reset_index().sort_values(["mentions", "entity"], ascending=[False, True])
