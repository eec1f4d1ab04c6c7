"""lib/search.py: one search over people, places, organisations, quotes and titles."""

from __future__ import annotations

import pandas as pd

from lib.frames import CorpusFrames, typed_frame
from lib.search import search, search_index


def frames() -> CorpusFrames:
    articles = pd.DataFrame(
        [
            {"article_id": "a", "file": "a.txt", "title": "Luxon lands in Lima", "date": "2024-11-14"},
            {"article_id": "b", "file": "b.txt", "title": "Trade talks in Delhi", "date": ""},
        ]
    )
    mentions = pd.DataFrame(
        [
            ("a", "Christopher Luxon", "PERSON", "Luxon"),
            ("a", "Christopher Luxon", "PERSON", "Christopher Luxon"),
            ("a", "Lima", "GPE", "Lima"),
            ("b", "Piyush Goyal", "PERSON", "Goyal"),
            ("b", "Delhi", "GPE", "Delhi"),
            ("b", "Fonterra", "ORG", "Fonterra"),
            ("b", "Luxembourg", "GPE", "Luxembourg"),
        ],
        columns=["article_id", "entity", "label", "text"],
    )
    quotes = pd.DataFrame(
        [
            ("a", "We want to jam in as much as we can", "Christopher Luxon", "person", "full", 40),
            ("b", "Dairy is off the table", "Piyush Goyal", "person", "full", 10),
            ("b", "historic", "", "", "scare", 5),
        ],
        columns=["article_id", "quote", "speaker", "speaker_type", "kind", "start"],
    )
    return CorpusFrames(
        articles=typed_frame(articles, "articles"),
        mentions=typed_frame(mentions, "mentions"),
        quotes=typed_frame(quotes, "quotes"),
    )


def test_one_search_finds_people_places_organisations_quotes_and_titles():
    index = search_index(frames())
    found = search(index, "lux")
    assert found[["kind", "key"]].values.tolist()[:2] == [
        ["person", "Christopher Luxon"],
        ["place", "Luxembourg"],
    ]
    assert ["article", "a"] in found[["kind", "key"]].values.tolist(), "the title “Luxon lands in Lima”"
    assert ["quote", "a:40"] in found[["kind", "key"]].values.tolist(), "a quote by the person found"
    assert search(index, "Goyal")["key"].iloc[0] == "Piyush Goyal"
    assert search(index, "fonterra")[["kind", "key"]].values.tolist() == [["organisation", "Fonterra"]]
    assert search(index, "dairy TABLE")["label"].tolist() == ["“Dairy is off the table” — Piyush Goyal"]
    assert search(index, "historic").empty, "scare quotes are nobody's words"
    assert search(index, "  ").empty


def test_a_name_that_is_the_query_comes_first():
    found = search(search_index(frames()), "delhi")
    assert found[["kind", "key"]].values.tolist() == [["place", "Delhi"], ["article", "b"]]
