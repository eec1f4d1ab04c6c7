"""Paragraph splitting: one per line, one per blank-line block, or a hard-wrapped block as one."""

from __future__ import annotations

from lib.paragraphs import paragraph_bounds


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in paragraph_bounds(text)]


def test_each_line_is_a_paragraph_in_one_line_per_paragraph_exports():
    assert pieces("First one.\nSecond one.\n") == ["First one.", "Second one."]


def test_blank_lines_separate_paragraphs():
    assert pieces("First one.\n\n  Second one.  \n\n\n") == ["First one.", "Second one."]


def test_hard_wrapped_block_is_one_paragraph():
    wrapped = (
        "The foreign minister said on Tuesday that the talks in Nairobi had\n"
        "gone well and that a second round would follow early in the new\n"
        "year, once both delegations had reported back."
    )
    assert pieces(wrapped + "\n\nNext paragraph.") == [wrapped, "Next paragraph."]


def test_a_short_headline_line_stays_its_own_paragraph():
    assert pieces("Minister heads to Lima\nThe minister left on Monday.") == [
        "Minister heads to Lima",
        "The minister left on Monday.",
    ]


def test_windows_line_endings():
    assert pieces("One.\r\n\r\nTwo.\r\n") == ["One.", "Two."]


def test_sentences_never_cross_a_paragraph_break(parse):
    doc = parse("The minister arrived\nThe summit opened")
    assert [s.text.strip() for s in doc.sents] == ["The minister arrived", "The summit opened"]
