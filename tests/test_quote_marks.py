"""Quote marks typed the wrong way round, mixed styles, and dashes glued to marks (issue 12).

Every example is invented. The character-level cases read `find_quote_marks`; the others go through the
real pipeline, since a mark or a token read wrongly loses the quote's speaker.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import marked, speakers


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            "“The harbour has never been this quiet,“ said Lena Moritz, who runs the ferry line.",
            ["The harbour has never been this quiet"],
            id="opening-mark-typed-to-close-before-said",
        ),
        pytest.param(
            "The auditors found a “serious shortfall“ in the pension fund. “We saw it coming,” one said.",
            ["serious shortfall", "We saw it coming"],
            id="opening-mark-typed-to-close-a-phrase",
        ),
        pytest.param(
            "“We will rebuild,“ she said.“ That is a promise.”",
            ["We will rebuild", "That is a promise."],
            id="reversed-close-then-a-mark-glued-to-the-full-stop-opens",
        ),
        pytest.param(
            "Trainers were told to keep ”a respectful distance” from the horses, the stable said.",
            ["a respectful distance"],
            id="closing-mark-typed-to-open",
        ),
    ],
)
def test_marks_typed_the_wrong_way_or_mixed(paragraph, expected):
    assert marked(paragraph) == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            '"The deal is done," he said. “Nobody wants to go back.”',
            ["The deal is done", "Nobody wants to go back."],
            id="straight-quote-closed-before-a-curly-one",
        ),
        pytest.param(
            '"I know,” the coach said, calling it a “tough loss” for the club.',
            ["I know", "tough loss"],
            id="straight-opened-curly-closed",
        ),
        pytest.param(
            '"The vote was a “disgrace” to the town',
            ["The vote was a", "disgrace"],
            id="an-unclosed-straight-mark-then-a-curly-pair",
        ),
    ],
)
def test_marks_read_as_before(paragraph, expected):
    assert marked(paragraph) == expected


def test_an_opening_mark_typed_to_close_leaves_the_speaker_outside(parse):
    doc = parse("“It is a bad week for the harbour,“ said Marta Quinn, a pilot in Kiel. She left early.")
    assert speakers(doc) == [("It is a bad week for the harbour", "Marta Quinn")]


@pytest.mark.parametrize(
    ("text", "split"),
    [
        pytest.param(
            "the program—“it works”—and more", ["program", "—", "“", "works", "”", "—", "and"], id="em"
        ),
        pytest.param('a deal–"done"–then', ["deal", "–", '"', "done", '"', "–", "then"], id="en"),
    ],
)
def test_a_dash_glued_to_a_quote_mark_is_its_own_token(nlp, text, split):
    words = [token.text for token in nlp.make_doc(text)]
    assert all(word in words for word in split)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Victor Hale warned—“this budget will not pass”—as the session opened.",
            [("this budget will not pass", "Victor Hale", "warned")],
            id="warned",
        ),
        pytest.param(
            "Coach Sam Ruiz insisted—“we played our best game”—after the loss.",
            [("we played our best game", "Sam Ruiz", "insisted")],
            id="insisted",
        ),
    ],
)
def test_a_dash_glued_to_a_quote_leaves_the_cue_readable(parse, text, expected):
    doc = parse(text)
    assert [
        (*row, span._.cue) for row, span in zip(speakers(doc), doc.spans["quotes"], strict=True)
    ] == expected
