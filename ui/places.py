"""Places for the map: visitors' home countries and the places the articles mention."""

from __future__ import annotations

import pandas as pd

PLACE_LABELS = ("GPE", "LOC")


def mentioned_places(mentions: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Places named in the articles: (entity, mentions, articles, titles), most mentioned first."""
    places = mentions[mentions["label"].isin(PLACE_LABELS)]
    titles = articles.set_index("article_id")["title"]
    grouped = places.groupby("entity").agg(mentions=("entity", "size"), articles=("article_id", "nunique"))
    grouped["titles"] = places.groupby("entity")["article_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(titles.get(i, i) for i in ids))
    )
    return grouped.reset_index().sort_values(["mentions", "entity"], ascending=[False, True])


def home_countries(visits: pd.DataFrame) -> dict[str, str]:
    """Each visitor's home country: the one the articles most often introduce them with."""
    named = visits[(visits["home_country"] != "") & ~visits["home_country"].str.contains(";")]
    return named.groupby("visitor")["home_country"].agg(lambda homes: homes.mode().iloc[0]).to_dict()
