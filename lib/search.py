"""One search over a corpus: people, places, organisations, quote text and article titles at once.

Each entry says what it is (`kind`), what it stands for (`key`: a name, a quote's or an article's id),
how to show it (`label`, plain text) and what is searched (`text`: a person's name with the other
ways the articles write it, a quote with its speaker).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lib.derived import mentioned_places, people_table, quote_table, visit_table
from lib.frames import CorpusFrames, QuoteKind, per_corpus
from lib.markup import query_words, search_mask

KINDS = {  # kind -> what a result is called, in the order results are listed
    "person": "Person",
    "place": "Place",
    "organisation": "Organisation",
    "article": "Article",
    "quote": "Quote",
}
INDEX_COLUMNS = ["kind", "key", "label", "text", "weight"]
QUOTE_LABEL_CHARS = 90


@per_corpus
def search_index(frames: CorpusFrames) -> pd.DataFrame:
    """Every searchable entry of a corpus (built once per corpus)."""
    people = people_table(frames)
    person_mentions = frames.mentions[frames.mentions["label"] == "PERSON"]
    forms = person_mentions.groupby("entity")["text"].agg(lambda texts: " ".join(dict.fromkeys(texts)))
    places = mentioned_places(frames.mentions, frames.articles)
    destinations = visit_table(frames)["place"].value_counts()
    place_weight = places.set_index("entity")["mentions"].add(destinations, fill_value=0)
    organisations = frames.mentions.loc[frames.mentions["label"] == "ORG", "entity"].value_counts()
    quotes = quote_table(frames)
    quotes = quotes[quotes["kind"] != QuoteKind.SCARE]
    parts = [
        _entries(
            "person",
            people["person"],
            people["person"] + " " + people["person"].map(forms).fillna(""),
            people["mentions"] + people["quotes"],
        ),
        _entries("place", place_weight.index.to_series(), place_weight.index.to_series(), place_weight),
        _entries(
            "organisation", organisations.index.to_series(), organisations.index.to_series(), organisations
        ),
        pd.DataFrame(
            {
                "kind": "article",
                "key": frames.articles["article_id"],
                "label": frames.articles["title"].where(
                    frames.articles["title"] != "", frames.articles["article_id"]
                ),
                "text": frames.articles["title"] + " " + frames.articles["article_id"],
                "weight": 0,
            }
        ),
        pd.DataFrame(
            {
                "kind": "quote",
                "key": quotes["quote_id"],
                "label": "“" + quotes["quote"].map(_shorten) + "” — " + quotes["speaker"],
                "text": quotes["quote"] + " " + quotes["speaker"],
                "weight": 0,
            }
        ),
    ]
    index = pd.concat([part[INDEX_COLUMNS] for part in parts], ignore_index=True)
    return index[index["key"] != ""].reset_index(drop=True)


def _entries(kind: str, keys: pd.Series, texts: pd.Series, weights: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": kind,
            "key": keys.to_numpy(),
            "label": keys.to_numpy(),
            "text": texts.to_numpy(),
            "weight": np.asarray(weights, dtype=float),
        }
    )


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LABEL_CHARS else text[: QUOTE_LABEL_CHARS - 1].rsplit(" ", 1)[0] + " …"


def search(index: pd.DataFrame, query: str, limit: int = 20) -> pd.DataFrame:
    """The entries holding every word of the query (any case, any order), best first: a name that is
    the query, then one with a word that starts with it ("lux": Christopher Luxon), then by kind
    (people first) and weight."""
    words = query_words(query)
    if not words:
        return index.head(0)
    found = index[search_mask(index["text"], query)]
    wanted = " ".join(words)
    label = found["label"].str.lower()
    starts_word = label.str.contains(r"(?:^|\s)" + re.escape(wanted), regex=True)
    closeness = np.select([label == wanted, starts_word], [0, 1], default=2)
    kind_rank = found["kind"].map({kind: rank for rank, kind in enumerate(KINDS)})
    ranked = found.assign(closeness=closeness, kind_rank=kind_rank.to_numpy())
    ranked = ranked.sort_values(
        ["closeness", "kind_rank", "weight"], ascending=[True, True, False], kind="stable"
    )
    return ranked.head(limit)[INDEX_COLUMNS].reset_index(drop=True)
