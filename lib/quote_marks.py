"""Quotation marks in running text, of every convention, and what the quoted words are (a title, speech).

Used by `lib.quotes` (finding quotes and their kind) and `lib.quote_sources` (a quoted title is no source)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE = "“„«", "”»", '"'
SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE = "‘‹", "’›", "'"
OPENING_CONTEXT = set("([{—–-/:") | set(DOUBLE_OPEN + SINGLE_OPEN)
OPENING_MARKS = DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
SENTENCE_OPENERS = set(".!?:;—–-([")
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})


@dataclass(frozen=True)
class QuoteMarks:
    """Where a quotation's text lies between its marks; `open_ended` when its paragraph ends first."""

    start: int
    end: int
    open_ended: bool = False
    single: bool = False


def _can_open(before: str, after: str) -> bool:
    return (
        (before.isspace() or before in OPENING_CONTEXT or not before) and not after.isspace() and bool(after)
    )


def _can_close(before: str, after: str) -> bool:
    return not before.isspace() and (not after or not after.isalnum())


def _is_weak_single_close(before: str, after: str) -> bool:
    """`taxpayers’ money`: a word, the mark, a space: as likely a plural possessive as a closing mark."""
    return before.isalpha() and after.isspace()


def _strong_single_close_ahead(text: str, start: int, end: int) -> bool:
    """Whether a surer closing single mark (after punctuation, or before punctuation) comes later."""
    for i in range(start, end):
        char = text[i]
        if char in SINGLE_OPEN:
            return False
        if char in SINGLE_CLOSE + STRAIGHT_SINGLE:
            before, after = text[i - 1], text[i + 1] if i + 1 < end else ""
            if before.isalnum() and after.isalnum():
                continue
            if before in ",.?!;:…" or not after or (not after.isalnum() and not after.isspace()):
                return True
    return False


def find_quote_marks(text: str, start: int = 0, end: int | None = None) -> list[QuoteMarks]:
    """Top-level quotations in one paragraph `text[start:end]`; inner quotes stay inside outer ones.

    Apostrophes (`won't`, `Leader’s`, `taxpayers’`) are not marks. A double quote left open closes
    at the paragraph end (`open_ended`); a single one left open was an apostrophe and is dropped.
    Two apostrophes (`''...''`, as some archives store quotes) are one double mark, and „ is closed
    by “ (German style).
    """
    end = len(text) if end is None else end
    found: list[QuoteMarks] = []
    open_at, open_single, opener = -1, False, ""
    i = start
    while i < end:
        char, width = text[i], 1
        if char == STRAIGHT_SINGLE and i + 1 < end and text[i + 1] == STRAIGHT_SINGLE:
            char, width = STRAIGHT_DOUBLE, 2  # ''...''
        if char not in DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + '"' + "'":
            i += 1
            continue
        before = text[i - 1] if i > start else ""
        after = text[i + width] if i + width < end else ""
        is_open = open_at >= 0
        # `said," The visit ...`: a mark glued to the reporter's comma, opening a quote after a space
        glued_open = before in ",:" and after == " " and i + width + 1 < end and text[i + width + 1].isupper()
        closes_low_nine = is_open and opener == "„" and char == "“"
        # `unusual,“ said`: an opening mark typed where the closing one belongs
        closes_reversed = (
            is_open
            and not open_single
            and char == "“"
            and before not in OPENING_CONTEXT
            and _can_close(before, after)
            and not _can_open(before, after)
        )
        # `so ”get close”`: a closing mark typed where the opening one belongs, closed later on
        opens_reversed = not is_open and char == "”" and _can_open(before, after) and "”" in text[i + 1 : end]
        if closes_reversed:
            found.append(QuoteMarks(open_at, i))
            open_at = -1
        elif opens_reversed:
            open_at, open_single, opener = i + 1, False, char
        elif not closes_low_nine and (
            char in DOUBLE_OPEN
            or (
                char == STRAIGHT_DOUBLE
                and not (is_open and not open_single)
                and (_can_open(before, after) or glued_open)
            )
        ):
            if is_open and open_single:
                i += width
                continue  # a double mark inside single quotes is nested
            if is_open:  # a second opening mark: the first quote was never closed
                found.append(QuoteMarks(open_at, i, open_ended=False))
            open_at, open_single, opener = i + width, False, char
        elif closes_low_nine or char in DOUBLE_CLOSE or char == STRAIGHT_DOUBLE:
            if is_open and not open_single:
                found.append(QuoteMarks(open_at, i))
                open_at = -1
        elif (
            char in SINGLE_OPEN + STRAIGHT_SINGLE
            and not is_open
            and not before.isalnum()
            and _can_open(before, after)
        ):
            open_at, open_single, opener = i + 1, True, char
        elif (
            char in SINGLE_CLOSE + STRAIGHT_SINGLE
            and is_open
            and open_single
            and not (before.isalnum() and after.isalnum())
            and _can_close(before, after)
            and not (_is_weak_single_close(before, after) and _strong_single_close_ahead(text, i + 1, end))
        ):
            found.append(QuoteMarks(open_at, i, single=True))
            open_at = -1
        i += width
    if open_at >= 0 and not open_single:
        found.append(QuoteMarks(open_at, end, open_ended=True))
    return [trimmed for marks in found if (trimmed := _trim(text, marks)) is not None]


def _trim(text: str, marks: QuoteMarks) -> QuoteMarks | None:
    """Drop surrounding whitespace and the comma that belongs to the reporter ("...," he said)."""
    start, end = marks.start, marks.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if start >= end or not any(c.isalnum() for c in text[start:end]):
        return None
    return QuoteMarks(start, end, marks.open_ended, marks.single)


MIN_SPEECH_WORDS = 3


MAX_TITLE_WORDS = 10


def is_a_title(quote: Span) -> bool:
    """Words in Title Case: the name of a book, a show or a slogan ("The Art of the Deal")."""
    words = [t for t in quote if t.is_alpha]
    content = [t for t in words if not t.is_stop]
    if len(content) < 2 or len(words) > MAX_TITLE_WORDS or any(t.lower_ in FIRST_PERSON for t in words):
        return False
    return all(t.is_title or t.is_upper for t in content)
