"""Who does a reporting verb when the parse gets its subject wrong or gives it none (lib.quotes
`_verb_source`): several subjects after a long opening phrase, a fronted `Of X, Y said`, and a
participle that adds to what someone reported (`X told Y that Z "...," adding "..."`), and a name
set apart from its verb after a quote by an aside (`"...," X, wearing a hat, said`).
Every example is invented; rows are (quote text, speaker, kind) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import quotes


@pytest.mark.parametrize(
    ("article", "expected", "speaker"),
    [
        pytest.param(
            "Friday at the Crandall Arena in Tulsa, OK, after carrying Oklahoma in the Republican "
            "presidential primary, Sen. Dale Morrow (R-OK), said, “I'm going to buy a bigger bus. We will "
            "drive it all the way to the coast.”",
            "I'm going to buy a bigger bus. We will drive it all the way to the coast.",
            "Dale Morrow",
            id="the-subject-nearest-the-verb-not-a-date-in-the-opening-phrase",
        ),
        pytest.param(
            "Most donors liked the mayor. Of Carver, Levitt, who has given money to Marco Diaz, said, "
            "“He's flat-out dull. But he's totally empty.”",
            "He's flat-out dull. But he's totally empty.",
            "Levitt",
            id="fronted-of-phrase-taken-for-the-subject",
        ),
    ],
)
def test_the_speaker_is_the_subject_the_parse_misplaced(parse, article, expected, speaker):
    assert (expected, speaker, "full") in quotes(parse(article))


def test_a_participle_after_reported_words_is_the_reporters(parse):
    doc = parse(
        "Hollis spoke to the Ledger on Monday. Gina Hollis told the Ledger that Peter Vane "
        "“had a plan for the docks that was simply mad,” adding, “He lost the port vote and he lost "
        "the union vote.”"
    )
    assert ("He lost the port vote and he lost the union vote.", "Gina Hollis", "full") in quotes(doc)


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "The band played on as the balloons came down.\n\n"
            "“We’ve had better nights than this one,” Ohio delegate Carl Benning, wearing a straw hat and "
            "“Lim 2016” buttons, said matter-of-factly as streamers fell around him.",
            id="an-aside-with-quoted-words-in-it",
        ),
        pytest.param(
            "“We’ve had better nights than this one,” Carl Benning, wearing a straw hat, said.",
            id="a-participle-aside",
        ),
    ],
)
def test_an_aside_between_the_name_and_the_verb_after_a_quote(parse, article):
    assert quotes(parse(article))[0] == ("We’ve had better nights than this one", "Carl Benning", "full")
