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
    # The sentence a link points at (a quote's or a trip's, in the Reader).
    "focus": "background:rgba(250,204,21,.28);outline:2px solid rgba(202,138,4,.8);outline-offset:2px",
}
TEXT_STYLE = "white-space:pre-wrap;line-height:1.65"
CAPTION_STYLE = "font-size:.875rem;opacity:.6"  # st.caption's size and faded colour, in either theme
# st.info's box: its blue, translucent so it reads on both themes, with the text's own colour.
NOTICE_STYLE = "background:rgba(28,131,225,.12);border-radius:.5rem;padding:1rem;margin:0 0 1rem"
# st.title's size, weight and spacing
HEADING_STYLE = "font-size:2.75rem;font-weight:700;line-height:1.2;padding:1.25rem 0 0;margin:0"


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
    anchor: str = ""  # an id for the span, for a page to scroll to (a fixed name, never article text)


def _open_tag(mark: Mark) -> str:
    title = f' title="{html.escape(mark.title, quote=True)}"' if mark.title else ""
    anchor = f' id="{html.escape(mark.anchor, quote=True)}"' if mark.anchor else ""
    return f'<span{anchor} style="{STYLES[mark.style]};border-radius:3px"{title}>'


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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """A count with its noun, singular or plural: "1 quote", "2,000 quotes", "0 trips"."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def _span(row: pd.Series, name: str) -> tuple[int, int] | None:
    """A row's stored (start, end) of `name` (`cue`, `speaker`, `trigger` ...), None when it has none (-1)."""
    start, end = int(row[f"{name}_start"]), int(row[f"{name}_end"])
    return (start, end) if 0 <= start < end else None


def quote_html(body: str, quote: pd.Series, words: Iterable[str] = ()) -> str:
    """HTML of a quote (a `quotes` row) in its paragraph and the one before (to see who "he" is), the
    quote, its cue, its speaker as written and the search words in it marked, as extraction found them."""
    span = (int(quote["start"]), int(quote["end"]))
    paragraph = int(quote["paragraph"])
    lo, hi = paragraph_span(body, paragraph) or span
    before = paragraph_span(body, paragraph - 1)
    marks = [Mark(*span, "quote", f"{quote['kind']} quote")]
    cue = _span(quote, "cue")
    if cue:
        marks.append(Mark(*cue, "cue", "reporting verb"))
    speaker = _span(quote, "speaker")
    if speaker:
        marks.append(Mark(*speaker, "speaker", f"speaker: {quote['speaker']}"))
    marks += match_marks(body, words, *span)
    context = text_block(marked_html(body, marks, lo, hi))
    if before is None:
        return context
    earlier = (
        f'<div style="{TEXT_STYLE};opacity:.7;margin-bottom:.6rem">{marked_html(body, marks, *before)}</div>'
    )
    return earlier + context


def evidence_html(body: str, visit: pd.Series, people: Iterable[Mark] = ()) -> str:
    """HTML of the sentence a trip was read from (a `visits` row), its trigger and place marked where
    extraction found them, and `people` (the visitor's mentions in it); the evidence as stored,
    unmarked, when the body no longer holds it."""
    start, end = int(visit["evidence_start"]), int(visit["evidence_end"])
    if not (body and 0 <= start < end <= len(body)):
        return text_block(plain_html(visit["evidence"]))
    marks = list(people)
    for name, style in (("place", "GPE"), ("trigger", "cue")):
        found = _span(visit, name)
        if found:
            marks.append(Mark(*found, style))
    return text_block(marked_html(body, marks, start, end))


def sentence_html(body: str, start: int, end: int, fallback: str, marks: Iterable[Mark] = ()) -> str:
    """HTML of one stored sentence (body[start:end], e.g. a meeting's evidence) with marks in it; the
    `fallback` text, unmarked, when the body no longer holds it."""
    if not (body and 0 <= start < end <= len(body)):
        return text_block(plain_html(fallback))
    return text_block(marked_html(body, marks, start, end))
