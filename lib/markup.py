"""Article text for display: escaped HTML with marked spans, search words, and paragraph/sentence spans.

In lib/, where nothing imports Streamlit: it only builds strings (HTML for `st.html`, labels for plotly).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from lib.paragraphs import paragraph_bounds

# Translucent backgrounds so the marks read on both the light and the dark theme.
LABEL_STYLES = {
    "PERSON": "background:rgba(59,130,246,.22)",
    "GPE": "background:rgba(34,197,94,.25)",
    "LOC": "background:rgba(34,197,94,.25)",
    "ORG": "background:rgba(249,115,22,.25)",
    "NORP": "background:rgba(168,85,247,.22)",
    "EVENT": "background:rgba(239,68,68,.22)",
    "FAC": "background:rgba(20,184,166,.25)",
}
LABEL_NAMES = {
    "PERSON": "person",
    "GPE": "place",
    "LOC": "place",
    "ORG": "organisation",
    "NORP": "nationality or group",
    "EVENT": "event",
    "FAC": "building or facility",
}
STYLES = {
    **LABEL_STYLES,
    "quote": "background:rgba(234,179,8,.13);border-bottom:2px solid rgba(202,138,4,.85)",
    "speaker": "background:rgba(59,130,246,.22);outline:2px solid rgba(59,130,246,.75)",
    "cue": "text-decoration:underline;text-decoration-style:dotted;font-style:italic",
    "match": "background:rgba(250,204,21,.6);color:inherit",
}
TEXT_STYLE = "white-space:pre-wrap;line-height:1.65"
CAPTION_STYLE = "font-size:.875rem;opacity:.6"  # st.caption's size and faded colour, in either theme
# st.info's box: its blue, translucent so it reads on both themes, with the text's own colour.
NOTICE_STYLE = "background:rgba(28,131,225,.12);border-radius:.5rem;padding:1rem;margin:0 0 1rem"
# st.title's size, weight and spacing
HEADING_STYLE = "font-size:2.75rem;font-weight:700;line-height:1.2;padding:1.25rem 0 0;margin:0"
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+")
# Words whose full stop does not end a sentence ("Mr. Luxon", "U.S. officials").
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "sen", "rep", "gov", "lt", "col"}


# Text from articles, file names, metadata, aliases and the URL never goes into Streamlit Markdown
# (st.markdown, st.caption, st.title, alerts, labels): no escaping makes it literal there, since
# Streamlit rewrites the parsed text itself (`www.x.org` and `a@b.org` become links, `:smile:` an
# emoji, `:streamlit:` a logo, ` -> ` an arrow). It is shown as escaped HTML through st.html, or in
# elements that show plain text (st.text, tables, select options).


def plain_html(text: str) -> str:
    """Text from articles, files or the URL as HTML that shows it exactly as written."""
    return html.escape(text)


def heading_html(text: str) -> str:
    """A page heading like st.title's, for text that must be shown exactly as written."""
    return f'<h1 style="{HEADING_STYLE}">{plain_html(text)}</h1>'


def caption_html(inner_html: str) -> str:
    """A line of escaped HTML drawn like st.caption (which would read Markdown in it)."""
    return f'<div style="{CAPTION_STYLE}">{inner_html}</div>'


def notice_html(inner_html: str) -> str:
    """A message box like st.info's, for escaped HTML (st.info would read Markdown in it)."""
    return f'<div style="{NOTICE_STYLE}">{inner_html}</div>'


def plot_text(text: str) -> str:
    """Article-derived text made literal for plotly labels, which read a little HTML (<b>, <a>, <br>)."""
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class Mark:
    """A span of text to mark: character offsets, a key of STYLES, and a tooltip."""

    start: int
    end: int
    style: str
    title: str = ""


def _open_tag(mark: Mark) -> str:
    title = f' title="{html.escape(mark.title, quote=True)}"' if mark.title else ""
    return f'<span style="{STYLES[mark.style]};border-radius:3px"{title}>'


def marked_html(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> str:
    """Escaped HTML of text[start:end], each mark a <span>; a mark crossing an enclosing one is clipped."""
    end = len(text) if end is None else end
    ordered = sorted(
        ((max(m.start, start), min(m.end, end), m) for m in marks if m.start < end and m.end > start),
        key=lambda item: (item[0], -item[1]),
    )
    out: list[str] = []
    open_ends: list[int] = []
    pos = start

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_ends and open_ends[-1] <= limit:
            close = open_ends.pop()
            out.append(html.escape(text[pos:close]) + "</span>")
            pos = close

    for mark_start, mark_end, mark in ordered:
        close_until(mark_start)
        if open_ends:
            mark_end = min(mark_end, open_ends[-1])
        if mark_end <= mark_start:
            continue
        out.append(html.escape(text[pos:mark_start]) + _open_tag(mark))
        pos = mark_start
        open_ends.append(mark_end)
    close_until(end)
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def text_block(inner_html: str) -> str:
    """Wrap marked text so its line breaks show."""
    return f'<div style="{TEXT_STYLE}">{inner_html}</div>'


def legend_html(labels: Iterable[str]) -> str:
    """A one-line key of the entity colours for the given labels."""
    seen: dict[str, str] = {}
    for label in labels:
        if label in LABEL_STYLES:
            seen.setdefault(LABEL_NAMES[label], label)
    chips = [
        f'<span style="{LABEL_STYLES[label]};border-radius:3px;padding:0 4px">{html.escape(name)}</span>'
        for name, label in seen.items()
    ]
    chips.append(f'<span style="{STYLES["quote"]};padding:0 4px">quotation</span>')
    return '<div style="font-size:.85em">' + " ".join(chips) + "</div>"


def query_words(query: str) -> list[str]:
    """The distinct words of a search query, lower-cased, in order."""
    return list(dict.fromkeys(word.lower() for word in query.split()))


def search_mask(texts: pd.Series, query: str) -> pd.Series:
    """Rows whose text contains every word of the query, ignoring case (any order, part of a word ok)."""
    mask = pd.Series(True, index=texts.index)
    for word in query_words(query):
        mask &= texts.str.contains(word, case=False, regex=False)
    return mask


def match_marks(text: str, words: Iterable[str], start: int = 0, end: int | None = None) -> list[Mark]:
    """Marks for every case-insensitive occurrence of the words in text[start:end], overlaps merged."""
    end = len(text) if end is None else end
    spans = sorted(
        (m.start(), m.end())
        for word in words
        if word
        for m in re.finditer(re.escape(word), text[start:end], flags=re.IGNORECASE)
    )
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [Mark(start + s, start + e, "match") for s, e in merged]


def paragraph_span(body: str, index: int) -> tuple[int, int] | None:
    """Character (start, end) of paragraph `index` of an article body, as extraction numbered them."""
    bounds = paragraph_bounds(body)
    return bounds[index] if 0 <= index < len(bounds) else None


def sentence_span(text: str, start: int, end: int, lo: int = 0, hi: int | None = None) -> tuple[int, int]:
    """The approximate sentence around text[start:end], not leaving text[lo:hi] (e.g. its paragraph)."""
    hi = len(text) if hi is None else hi
    begin = lo
    for match in _SENTENCE_END.finditer(text, lo, start):
        if not _is_abbreviation(text, match.start()):
            begin = match.end()
    finish = hi
    for match in _SENTENCE_END.finditer(text, end, hi):
        if not _is_abbreviation(text, match.start()):
            finish = match.start() + 1
            break
    return begin, finish


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` ends an abbreviation or an initial rather than a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"(\w+)$", text[max(0, dot - 12) : dot])
    return word is not None and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1)


def quote_html(body: str, quote: pd.Series, words: Iterable[str] = ()) -> str:
    """HTML of a quote's paragraph (a `quotes` row), the quote, its speaker's mention, its cue and the
    search words in it marked."""
    span = (int(quote["start"]), int(quote["end"]))
    lo, hi = paragraph_span(body, int(quote["paragraph"])) or span
    marks = [Mark(*span, "quote", f"{quote['kind']} quote")]
    cue = find_near(body, quote["cue"], lo, hi, span)
    if cue:
        marks.append(Mark(*cue, "cue", "reporting verb"))
    speaker = find_near(body, quote["speaker_mention"], lo, hi, span)
    if speaker:
        marks.append(Mark(*speaker, "speaker", f"speaker: {quote['speaker']}"))
    marks += match_marks(body, words, *span)
    return text_block(marked_html(body, marks, lo, hi))


def evidence_html(body: str, visit: pd.Series) -> str:
    """HTML of the sentence a trip was read from (a `visits` row), its visitor's surname, place and
    trigger marked; the evidence as stored, unmarked, when the body no longer holds it."""
    start, end = int(visit["evidence_start"]), int(visit["evidence_end"])
    if not (body and 0 <= start < end <= len(body)):
        return text_block(plain_html(visit["evidence"]))
    surname = visit["visitor"].split()[-1] if visit["visitor"] else ""
    marks = []
    for phrase, style in ((surname, "PERSON"), (visit["place"], "GPE"), (visit["trigger"], "cue")):
        found = find_near(body, phrase, start, end, (start, start))
        if found:
            marks.append(Mark(*found, style))
    return text_block(marked_html(body, marks, start, end))


def find_near(text: str, phrase: str, lo: int, hi: int, near: tuple[int, int]) -> tuple[int, int] | None:
    """The whole-word occurrence of a phrase in text[lo:hi] outside the span `near` and closest to it."""
    if not phrase.strip():
        return None
    pattern = re.compile(rf"(?<!\w){re.escape(phrase.strip())}(?!\w)", flags=re.IGNORECASE)
    start, end = near
    hits = [m for m in pattern.finditer(text, lo, hi) if m.end() <= start or m.start() >= end]
    if not hits:
        return None
    # On a tie, prefer the occurrence after the span: news puts the cue after a quote ("…," he said).
    best = min(hits, key=lambda m: (start - m.end(), 1) if m.end() <= start else (m.start() - end, 0))
    return best.start(), best.end()
