"""The tables Dateline produces: their columns (the CLI contract) and the frames the pages read."""

from __future__ import annotations

import contextlib
import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, is_dataclass
from enum import StrEnum
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")
# Tables derived from one corpus kept at once (filter combinations, mostly). The largest, a pair table
# for one co-occurrence setting, is a few MB at 10,000 articles, so this bounds them to ~100 MB.
MAX_DERIVED = 24


class VisitStatus(StrEnum):
    """Where a trip stands (`visits.status`)."""

    COMPLETED = "completed"
    ONGOING = "ongoing"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class QuoteKind(StrEnum):
    """What a quotation is (`quotes.kind`)."""

    FULL = "full"  # stands as speech: "...," she said
    PARTIAL = "partial"  # words quoted inside the reporter's sentence
    SCARE = "scare"  # a quoted phrase no one is reported to have said: the "historic" deal


# spaCy labels of places that can be destinations (GPE: countries, cities; LOC: regions).
PLACE_LABELS = ("GPE", "LOC")


class SpeakerType(StrEnum):
    """What kind of source a quote's speaker is (`quotes.speaker_type`)."""

    PERSON = "person"  # a named person ("Narendra Modi"), also when named by a pronoun or a title
    ORGANISATION = "organisation"  # an organisation or country that speaks ("the Kremlin", "China")
    GROUP = "group"  # people in the plural, unnamed ("critics", "Homeland Security officials")
    DESCRIPTION = "description"  # one unnamed source as written ("a senior official", "the letter")


class AttributionMethod(StrEnum):
    """How a quote's speaker was found (`quotes.method`)."""

    CUE = "cue"  # named by the reporting verb or speech noun the quote hangs from
    PRONOUN = "pronoun"  # "he said": the person the pronoun refers to
    TITLE = "title"  # "the minister said": the person introduced with that title
    ACCORDING_TO = "according-to"
    CONTINUATION = "continuation"  # a quote with no cue that goes on from the previous one
    CONTEXT = "context"  # a quote with no cue: whom the narration before it is about
    TRANSCRIPT = "transcript"  # an interview line labelled with its speaker ("PENCE: ...")
    UNATTRIBUTED = "unattributed"


ARTICLE_COLUMNS = ["article_id", "file", "title", "date", "source", "words", "url", "paragraphs", "encoding"]
MENTION_COLUMNS = ["article_id", "entity", "label", "text", "start", "end", "sentence", "paragraph"]
# speaker_type came later: it goes after the columns the CLI has always written in this order.
QUOTE_COLUMNS = [
    "article_id",
    "quote",
    "speaker",
    "cue",
    "kind",
    "start",
    "end",
    "speaker_mention",
    "method",
    "paragraph",
    "speaker_type",
    # Where the UI highlights, found at extraction: the cue word, the speaker as written, the sentence.
    "cue_start",
    "cue_end",
    "speaker_start",
    "speaker_end",
    "sentence_start",
    "sentence_end",
]
VISIT_COLUMNS = [
    "article_id",
    "visitor",
    "place",
    "country",
    "lat",
    "lon",
    "status",
    "date",
    "evidence",
    "date_text",
    "place_kind",
    "trigger",
    "evidence_start",
    "evidence_end",
    "paragraph",
    "home_country",  # the visitor's country as the article introduces them ("Indian Prime Minister X")
    "date_end",  # the last day when the text gives a range ("June 13-15"); `date` is the first
    # Where the UI highlights, found at extraction: the trigger words, the place as written.
    "trigger_start",
    "trigger_end",
    "place_start",
    "place_end",
]
# One row per pair of people who met (or are to meet) in an article: evidence start/end are the
# sentence's character offsets.
MEETING_COLUMNS = [
    "article_id",
    "person_a",
    "person_b",
    "place",
    "country",
    "date",
    "status",
    "evidence",
    "start",
    "end",
]
SKIPPED_COLUMNS = ["file", "reason"]
TABLES = {
    "articles": ARTICLE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "visits": VISIT_COLUMNS,
    "meetings": MEETING_COLUMNS,
}
INTEGER_COLUMNS = {
    "words",
    "paragraphs",
    "sentence",
    "paragraph",
    "start",
    "end",
    *(
        f"{place}_{edge}"
        for place in ("evidence", "cue", "speaker", "sentence", "trigger", "place")
        for edge in ("start", "end")
    ),
}
FLOAT_COLUMNS = {"lat", "lon"}


def empty_frame(table: str) -> pd.DataFrame:
    """An empty frame with a table's columns and dtypes."""
    return typed_frame(pd.DataFrame(columns=TABLES[table]), table)


def typed_frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Put a frame's columns in contract order with compact, stable dtypes."""
    frame = frame.reindex(columns=TABLES[table])
    for column in frame.columns:
        if column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").fillna(-1).astype("int32")
        elif column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif frame[column].dtype.kind == "f":  # a column reindex() added: all missing
            frame[column] = frame[column].astype(object).fillna("").astype(str)
        else:
            frame[column] = frame[column].fillna("").astype(str)
    return frame.reset_index(drop=True)


@dataclass
class CorpusFrames:
    """Everything extracted from one corpus, as pandas frames, plus what could not be read."""

    articles: pd.DataFrame = field(default_factory=lambda: empty_frame("articles"))
    mentions: pd.DataFrame = field(default_factory=lambda: empty_frame("mentions"))
    quotes: pd.DataFrame = field(default_factory=lambda: empty_frame("quotes"))
    visits: pd.DataFrame = field(default_factory=lambda: empty_frame("visits"))
    meetings: pd.DataFrame = field(default_factory=lambda: empty_frame("meetings"))
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIPPED_COLUMNS))
    warnings: list[str] = field(default_factory=list)
    _derived: OrderedDict = field(default_factory=OrderedDict, init=False, repr=False, compare=False)

    def derived(self, build: Callable[..., T], *args: Hashable) -> T:
        """`build(self, *args)`, computed once and kept with these frames (the MAX_DERIVED most recently
        used).

        For tables that depend only on the corpus and a few settings: every rerun of a page then
        reuses them. Frames are read-only once built, and so is what this returns.
        """
        key = builder_key(build, args)
        # Sessions run in threads and share frames: each step below is one atomic dict operation,
        # and two threads building the same table at once just both build it.
        try:
            value = self._derived[key]
        except KeyError:
            value = self._derived[key] = build(self, *args)
            while len(self._derived) > MAX_DERIVED:
                try:
                    self._derived.popitem(last=False)
                except KeyError:
                    break
            return value
        with contextlib.suppress(KeyError):
            self._derived.move_to_end(key)
        return value


def builder_key(build: Callable[..., Any], args: tuple[Hashable, ...]) -> tuple:
    """What a kept result of `build(…, *args)` is kept under. Page scripts all run as __main__: the
    file tells apart two pages' builders of one name. A page script runs anew on every rerun, so a
    dataclass it defines is a new class each time, and its instances never equal the last run's: such
    an argument is kept under its class's name and its fields' values."""
    code = getattr(build, "__code__", None)
    return (build.__module__, code.co_filename if code else "", build.__qualname__, tuple(map(_key_of, args)))


def _key_of(arg: Hashable) -> Hashable:
    if is_dataclass(arg) and not isinstance(arg, type):
        return (type(arg).__qualname__, tuple(getattr(arg, f.name) for f in fields(arg)))
    return arg


def per_corpus(build: Callable[..., T]) -> Callable[..., T]:
    """Decorator: `build(frames, *args)` is computed once per frames and (positional, hashable)
    arguments, through CorpusFrames.derived."""

    @functools.wraps(build)
    def kept(frames: CorpusFrames, *args: Hashable) -> T:
        return frames.derived(build, *args)

    return kept
