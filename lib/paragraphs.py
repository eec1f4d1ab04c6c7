"""Paragraphs: `doc.spans["paragraphs"]`, and a sentence break wherever a paragraph starts.

The text functions need no spaCy (the app uses them to show a paragraph); `mark_paragraphs` is the
`dateline_paragraphs` component, registered by lib/nlp.py when a model is loaded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_BLOCK_BREAK = re.compile(r"\n[ \t\r]*\n")
WRAP_MIN_WIDTH = 40
_LINE_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character (start, end) of each paragraph, trimmed of whitespace.

    Blank lines always separate paragraphs. Inside a block, each line is its own paragraph
    (news exports often put one paragraph per line) unless the block looks hard-wrapped:
    most of its lines are long and end mid-sentence.
    """
    bounds: list[tuple[int, int]] = []
    block_start = 0
    for match in [*_BLOCK_BREAK.finditer(text), None]:
        block_end = match.start() if match else len(text)
        block = text[block_start:block_end]
        lines = [m for m in re.finditer(r"[^\n]+", block) if m.group().strip()]
        # Hard wrapping breaks long lines mid-sentence; a short headline line is its own paragraph.
        wrapped = sum(
            len(m.group()) >= WRAP_MIN_WIDTH and not _LINE_END.search(m.group()) for m in lines[:-1]
        )
        if len(lines) > 1 and wrapped * 2 > len(lines) - 1:
            lines_as_paragraphs = [(lines[0].start(), lines[-1].end())]
        else:
            lines_as_paragraphs = [(m.start(), m.end()) for m in lines]
        for start, end in lines_as_paragraphs:
            piece = text[block_start + start : block_start + end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            if piece.strip():
                bounds.append((block_start + start + lead, block_start + end - trail))
        block_start = match.end() if match else len(text)
    return bounds


MAX_HEADLINE_WORDS = 20
# A dateline opening a story: "SAN FRANCISCO (AP) — ", "WELLINGTON, June 3 (Reuters) - ",
# "Tokyo, Japan -- ", "JERUSALEM. -".
_DATELINE = re.compile(
    r"\A(?:[A-Z][A-Z.'’ -]{1,40}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:,[\w .]{1,30})?\.?"
    r"(?: ?\([A-Za-z .-]{2,40}\))?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2},? \d{4})? ?(?:—|–|--|-) ?"
)


def dateline_length(text: str) -> int:
    """How many characters of a paragraph its opening dateline takes ("SAN FRANCISCO (AP) — "), or 0."""
    match = _DATELINE.match(text)
    return match.end() if match and match.end() < len(text) else 0


_TERMINAL = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")


def looks_like_headline(text: str) -> bool:
    """A headline, kicker or subheading: a short line with no closing punctuation, or in Title Case
    ("Putin thanks Kim ahead of visit", "Tinubu Travels Out To Riyadh")."""
    words = text.split()
    if not words or len(words) > MAX_HEADLINE_WORDS:
        return False
    if not _TERMINAL.search(text):
        return True
    if text.rstrip().endswith("."):  # a sentence, however many names it holds
        return False
    long_words = [w for w in words if len(w.strip("\"'“”‘’:,")) > 3]
    capitalised = [w for w in long_words if w.strip("\"'“”‘’")[:1].isupper()]
    return len(long_words) >= 2 and len(capitalised) == len(long_words)


def paragraph_index(starts: list[int], char: int) -> int:
    """Index of the paragraph holding a character, given the sorted paragraph start offsets."""
    return max(bisect_right(starts, char) - 1, 0)


def mark_paragraphs(doc: Doc) -> Doc:
    """Store paragraphs in doc.spans ("headlines" too: the ones that look like headlines) and start
    a sentence at each, so no sentence spans two."""
    from spacy.attrs import SENT_START

    spans, headlines, sentence_starts = [], [], []
    for start, end in paragraph_bounds(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        spans.append(span)
        if looks_like_headline(span.text):
            headlines.append(span)
        sentence_starts.append(span.start)
        # The story starts after its dateline: a sentence of its own, so the parse does not take
        # "SAN FRANCISCO" for the subject of the first sentence.
        after = doc.char_span(start + dateline_length(span.text), end, alignment_mode="expand")
        if after is not None and after.start > span.start:
            sentence_starts.append(after.start)
    # One write for all of them: setting token.is_sent_start one by one rescans the doc each time.
    starts = doc.to_array([SENT_START])
    starts[[i for i in sentence_starts if i > 0]] = 1
    doc.from_array([SENT_START], starts)
    doc.spans["paragraphs"] = spans
    doc.spans["headlines"] = headlines
    return doc


def paragraph_starts(doc: Doc) -> list[int]:
    """Start character offsets of the doc's paragraphs, in order."""
    return [span.start_char for span in doc.spans.get("paragraphs", [])]
