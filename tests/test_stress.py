"""Extraction under stress: hostile text never raises, and every offset still points at its text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib.quote_marks import find_quote_marks
from lib.rows import mention_rows, quote_rows

MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»"]
PIECES = [
    "Ana Ruiz said",
    "he told reporters",
    "in Lima",
    "“We will go,”",
    '"No."',
    "don't",
    "Leader’s",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    ".",
    ",",
    "—",
    "\u200b",
    "\u200f",
    "مرحبا",
    "שלום",
    "🙂",
    "👍🏽",
    "Quito",
    "the minister",
    "according to",
    "Sen. Tom Reed",
    ":",
    "(",
    ")",
    "\t",
]


def assert_offsets_valid(doc) -> None:
    for row in quote_rows(doc, "a"):
        assert doc.text[row["start"] : row["end"]] == row["quote"]
        assert row["quote"].strip()
    for row in mention_rows(doc, "a"):
        assert doc.text[row["start"] : row["end"]] == row["text"]


text_soup = st.lists(st.sampled_from(PIECES + MARKS) | st.text(max_size=8), max_size=60).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_soup)
@example('Ana Ruiz said—"Ana Ruiz said')  # a dash, then a quote left open to the end of the text
def test_random_text_never_raises_and_offsets_hold(parse, text):
    assert_offsets_valid(parse(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(MARKS + list("ab .\n")), max_size=80))
def test_quote_marks_stay_inside_the_paragraph(text):
    for marks in find_quote_marks(text):
        assert 0 <= marks.start < marks.end <= len(text)
        assert text[marks.start : marks.end].strip() == text[marks.start : marks.end]


@pytest.mark.parametrize(
    "text",
    [
        '"' * 1000,
        "“" * 500 + "words" + "”" * 3,
        "He said “this never closes and goes on.\n\nNext paragraph is narration, not the quote.",
        ("The minister spoke at length " * 4000).strip(),  # one long paragraph, no sentence breaks
        "“Quote one,” she said.\r\n\r\n“Quote two,” she added.\r\n",
        "Zero\u200bwidth “quo\u200bte” and \u202eright-to-left\u202c “مرحبا” 🙂.",
        "\n\n\n   \n",
    ],
)
def test_hostile_articles(parse, text):
    assert_offsets_valid(parse(text))


def test_unbalanced_mark_closes_at_paragraph_end(parse):
    doc = parse("Ruiz said “this never closes.\n\nThe next paragraph is narration about Lima.")
    assert [row["quote"] for row in quote_rows(doc, "a")] == ["this never closes."]
