"""Who does a reporting verb when the parse gets its subject wrong or gives it none (lib.quote_sources
`_verb_source`): several subjects after a long opening phrase, a fronted `Of X, Y said`, and a
participle that adds to what someone reported (`X told Y that Z "...," adding "..."`), and a name
set apart from its verb by an aside (`"...," X, wearing a hat, said`, `X, asked about Y, said`).
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


@pytest.mark.parametrize(
    ("article", "expected", "speaker"),
    [
        pytest.param(
            "Ms. Ortega, asked about Mr. Drummond, said, “He has done nothing wrong.”",
            "He has done nothing wrong.",
            "Ortega",
            id="a-participle-aside-naming-someone-else",
        ),
        pytest.param(
            "Asked why the embassy had blamed the riots on a film, Ortega, exasperated, famously "
            'responded: "What does it matter now, at this point?"',
            "What does it matter now, at this point?",
            "Ortega",
            id="a-one-word-aside-and-an-adverb",
        ),
        pytest.param(
            "Ortega seemed to be ready to joke about the scuffle in Dayton, telling the crowd, “Some folks "
            "get a little carried away, have you noticed that?”",
            "Some folks get a little carried away, have you noticed that?",
            "Ortega",
            id="a-participle-the-parse-hung-inside-the-quote",
        ),
        pytest.param(
            "Shaken by the brawl in Carson City, Senator Clara Whitfield, the minority leader, said that she "
            "spoke with Mr. Odum on Tuesday and that the Vermont senator faced a ''test of leadership'' over "
            "his supporters' actions.",
            "test of leadership",
            "Clara Whitfield",
            id="the-name-opening-the-clause-after-an-opening-phrase",
        ),
    ],
)
def test_the_name_before_an_aside_is_the_speaker(parse, article, expected, speaker):
    assert [(text, who) for text, who, _ in quotes(parse(article))] == [(expected, speaker)]


def test_a_source_written_around_quote_marks_keeps_its_spaces(parse):
    doc = parse(
        'Ruiz and other board members penned a series of blistering "Dear Tom" letters that called him an '
        '"amateur and dreamer," out of touch with the firm.'
    )
    assert ("amateur and dreamer", "Dear Tom letters", "partial") in quotes(doc)


def test_the_last_of_coordinated_verbs_is_done_by_the_first_ones_subject(parse):
    doc = parse(
        "Last week, when I asked Ada Ruiz whether she would ever back the mayor, she looked straight into "
        'my camera, narrowed her eyes and said, "I\'m going to back YOU!"'
    )
    assert quotes(doc) == [("I'm going to back YOU!", "Ada Ruiz", "full")]


def test_a_quote_split_by_an_inverted_cue_has_one_speaker(parse):
    doc = parse(
        '"The danger," said Edward Palin, an economist at the Brookfield Institute, "is that we will lose '
        'the young workers first."'
    )
    assert [speaker for _, speaker, _ in quotes(doc)] == ["Edward Palin", "Edward Palin"]
