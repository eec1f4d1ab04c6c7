"""Verbs that name a quote's speaker in ways besides `X said` (lib.quotes).

`"...," beamed X` or `"...," X started`: right after a quote closed with the reporter's comma, a verb
outside the reporting lexicon with no object of its own tells how the words were said (`_says_how`).
`was called "..." by X`: a passive verb's speaker is its `by` phrase (`_passive_agent`).
Every example is invented; rows are (quote text, speaker, kind) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import quotes


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The delegates cheered as the result came in.\n\n"
            "“This is the best night of my life,” beamed Dora Hartley of Mobile, "
            "who had sneaked onto the floor.",
            [("This is the best night of my life", "Dora Hartley", "full")],
            id="inverted-verb-after-the-comma",
        ),
        pytest.param(
            "Mayor Lena Ortiz was asked about the stadium on Monday.\n\n"
            "'What stadium are they talking about?' reacted Tom Berg, her deputy.",
            [("What stadium are they talking about?", "Tom Berg", "full")],
            id="inverted-verb-after-a-question-mark",
        ),
        pytest.param(
            "Ines Haddad took questions from the panel.\n\n"
            '"You told the Courier something else in March," Senator Ruth Akande started.',
            [("You told the Courier something else in March", "Ruth Akande", "full")],
            id="subject-then-verb-after-the-comma",
        ),
    ],
)
def test_a_verb_after_the_quote_says_who(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"Hamilton," the musical that changed Broadway, closed on Sunday.',
            [("Hamilton", "", "full")],
            id="a-name-in-quotes-is-not-said-by-what-follows",
        ),
        pytest.param(
            "“The deal is done,” the minister signed the papers on Friday.",
            [("The deal is done", "", "full")],
            id="a-verb-with-an-object-of-its-own-does-something-else",
        ),
        pytest.param(
            "“We will lose the seat,” the organiser looked puzzled.",
            [("We will lose the seat", "", "full")],
            id="a-verb-with-a-complement-describes-someone",
        ),
        pytest.param(
            'When Tom Berg said he would "protect our farmers," the crowd applauded loudly.',
            [("protect our farmers", "Tom Berg", "partial")],
            id="words-quoted-mid-sentence-keep-their-cue",
        ),
    ],
)
def test_a_verb_after_the_quote_that_does_not_say_who(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The scheme has been called “a tax on the young” by Jonah Pike, an economist at Leeds.",
            [("a tax on the young", "Jonah Pike", "partial")],
            id="called-by",
        ),
        pytest.param(
            "The rail plan was dismissed as 'a costly stunt' by the opposition leader, Ruth Akande.",
            [("a costly stunt", "Ruth Akande", "partial")],
            id="dismissed-as-by",
        ),
        pytest.param(
            'The budget was described as "a betrayal of pensioners" by unions on Tuesday.',
            [("a betrayal of pensioners", "unions", "partial")],
            id="an-unnamed-group-as-the-agent",
        ),
        pytest.param(
            "Lena Ortiz was asked by the host, Dan Pryce, who backs her rival, "
            '"Now, you said in the first debate that the emails did not matter. Do they matter now?"',
            [
                (
                    "Now, you said in the first debate that the emails did not matter. Do they matter now?",
                    "Dan Pryce",
                    "full",
                )
            ],
            id="asked-by-before-the-question",
        ),
    ],
)
def test_the_by_phrase_of_a_passive_verb_is_the_speaker(parse, article, expected):
    assert quotes(parse(article)) == expected


def test_a_by_phrase_that_only_qualifies_the_act_names_no_speaker(parse):
    doc = parse(
        'Ana Ruiz dismissed the loans as a "paperwork error" that was reported in a "hit piece" '
        "by the Courier."
    )
    assert quotes(doc) == [("paperwork error", "Ana Ruiz", "partial"), ("hit piece", "Ana Ruiz", "partial")]


def test_a_verb_of_speech_that_goes_on_with_an_action_is_not_the_cue(parse):
    doc = parse(
        'Councillor Ana Ortega rose from her seat. "Sit down," she demanded, as Drummond continued to '
        "interrupt. The crowd jeered."
    )
    assert quotes(doc) == [("Sit down", "Ana Ortega", "full")]
