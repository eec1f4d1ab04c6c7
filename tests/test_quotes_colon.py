"""Quotes introduced by a colon (lib.quotes `_by_colon`): whoever the words before the colon name.

Every example is invented; rows are (quote text, speaker, kind) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import quotes


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Reporters asked about the fishing deal on Monday. Senator Rhys Vance fired back forcefully: "
            '"We will not sign it in this form."',
            [("We will not sign it in this form.", "Rhys Vance", "full")],
            id="subject-of-a-verb-that-is-no-reporting-verb",
        ),
        pytest.param(
            "Mayor Lena Ortiz opened the hearing. Councillor Jonah Wilde seemed irritated:\n\n"
            "“We were promised the figures a month ago.”",
            [("We were promised the figures a month ago.", "Jonah Wilde", "full")],
            id="quote-opens-the-paragraph-after-the-colon",
        ),
        pytest.param(
            "The audit office reviewed the scheme for a year. The auditors were blunt in their findings:\n\n"
            '"The scheme failed on every measure we set."',
            [("The scheme failed on every measure we set.", "auditors", "full")],
            id="an-unnamed-source-before-the-colon",
        ),
        pytest.param(
            "Polls closed at eight in Ballarat.\n\n"
            "Turnout fell in the suburbs - Priya Natarajan: “The young did not come out this time.”",
            [("The young did not come out this time.", "Priya Natarajan", "full")],
            id="a-name-as-a-label-after-a-dash",
        ),
        pytest.param(
            "Lena Ortiz and Jonah Wilde clashed over the rail budget on Tuesday.\n\n"
            'Ortiz: "We had no choice but to cut the line."',
            [("We had no choice but to cut the line.", "Lena Ortiz", "full")],
            id="a-surname-label-is-the-person-named-before",
        ),
        pytest.param(
            "Ada Kowalski, a former aide, wrote to the paper in May. "
            "Continued Kowalski: ‘Nobody asked us what we thought.’",
            [("Nobody asked us what we thought.", "Ada Kowalski", "full")],
            id="inverted-reporting-verb-before-a-label",
        ),
        pytest.param(
            "NEW YORK — Longtime adviser Roger Lamb warned that the count could be rigged.\n\n"
            "Stated Lamb:\n\n"
            "“I think that the stakes are so high that they would do anything necessary to remain in power.”",
            [
                (
                    "I think that the stakes are so high that they would do anything necessary to remain "
                    "in power.",
                    "Roger Lamb",
                    "full",
                )
            ],
            id="inverted-verb-the-tagger-took-for-part-of-the-name",
        ),
    ],
)
def test_speaker_before_the_colon(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'The board met on Monday. Wait, it gets worse:\n\n"The scheme failed on every measure we set."',
            [("The scheme failed on every measure we set.", "", "full")],
            id="a-vague-subject-names-nobody",
        ),
        pytest.param(
            "Ines Haddad read the report aloud. Then came the line everyone remembers:\n\n"
            "“No one is above the rules of this house.”",
            [("No one is above the rules of this house.", "Ines Haddad", "full")],
            id="no-subject-before-the-colon-leaves-the-narration-to-decide",
        ),
        pytest.param(
            'Ines Haddad, asked about the vote, told reporters: "It was close."',
            [("It was close.", "Ines Haddad", "full")],
            id="a-reporting-verb-before-the-colon-is-the-cue",
        ),
    ],
)
def test_colon_quotes_that_the_colon_does_not_decide(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Marta Quill interrupted the minister: “You have had ten years,” a heckler shouted.",
            [("You have had ten years", "heckler", "full")],
            id="a-cue-right-after-the-quote-wins",
        ),
        pytest.param(
            "Tomas Berg said on Friday that the council has two choices: “Raise the rates or cut services.”",
            [("Raise the rates or cut services.", "Tomas Berg", "full")],
            id="a-reporting-verb-above-the-colon-clause-is-the-cue",
        ),
        pytest.param(
            "Tom Berg said the cuts were a mistake and that Mayor Lena Ortiz has learned her lesson: "
            "“She is ready for a longer fight this time.”",
            [("She is ready for a longer fight this time.", "Tom Berg", "full")],
            id="a-reporting-verb-above-a-clause-of-its-own",
        ),
    ],
)
def test_the_cue_strategy_keeps_what_it_reads_better(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Tomas Ruiz is keeping up his criticism of his closest rivals in the hours before the first "
            "Super Tuesday polls \nRuiz, in Dayton, said Tuesday that Mayor Hart was "
            '"a total lightweight" while Lena Ortiz is "a liar."',
            [("a total lightweight", "Tomas Ruiz", "partial"), ("a liar.", "Tomas Ruiz", "partial")],
            id="past-an-aside-that-starts-with-a-preposition",
        ),
        pytest.param(
            "In an email to the Herald, his chief of staff, Jonah Pike, said: "
            '"Tomas Ruiz believes that the deal is sound."',
            [("Tomas Ruiz believes that the deal is sound.", "Jonah Pike", "full")],
            id="past-an-apposition-set-off-by-commas",
        ),
    ],
)
def test_a_name_before_a_verb_the_parse_left_without_subject(parse, article, expected):
    """The parse hangs these verbs from nothing; the name before the aside is still the subject."""
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The Ledger printed the claims in March, and the union responded:\n\n"
            '"Nobody in this building was consulted."',
            [("Nobody in this building was consulted.", "union", "full")],
            id="a-reporting-verb-ending-the-paragraph-before",
        ),
        pytest.param(
            "Mayor Ines Haddad did back the plan on Thursday, and the Courier has the tape: "
            "“Should the city pay for the stadium?” Haddad asked.",
            [("Should the city pay for the stadium?", "Ines Haddad", "full")],
            id="a-clause-of-its-own-after-and-is-not-the-first-clause",
        ),
        pytest.param(
            "Prices rose again in May. The Tenants Federation, in its spring newsletter, put the blame "
            'elsewhere: "The council was asleep while rents doubled."',
            [("The council was asleep while rents doubled.", "Tenants Federation", "full")],
            id="narration-the-parse-hung-from-the-quotes-verb",
        ),
    ],
)
def test_colon_clauses(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Shares of both lenders rose on the news. The timing of the merger does not surprise "
            'Republican pollster Ada Lindqvist: "Banks always move before an election, never after it."',
            [("Banks always move before an election, never after it.", "Ada Lindqvist", "full")],
            id="the-person-a-sentence-about-something-else-reaches",
        ),
        pytest.param(
            "The ministry has not replied. Delgado’s memo makes a blunt case:\n\n"
            "“The agency cannot keep spending money it does not have.”",
            [("The agency cannot keep spending money it does not have.", "Delgado’s memo", "full")],
            id="a-text-that-speaks-for-its-author",
        ),
        pytest.param(
            "Adler cited the audit in her speech. A footnote in the audit makes the limits plain: "
            '"These figures do not cover the regional offices."',
            [("These figures do not cover the regional offices.", "footnote in the audit", "full")],
            id="a-part-of-a-text",
        ),
        pytest.param(
            "Older voters held firm - More from Priya Natarajan: “The over-65s voted as they always do.”",
            [("The over-65s voted as they always do.", "Priya Natarajan", "full")],
            id="more-from-a-name",
        ),
        pytest.param(
            "What the survey does show - Not every panel is equal. From the report: "
            "“Panels weighted by education came closest to the result.”",
            [("Panels weighted by education came closest to the result.", "report", "full")],
            id="from-a-text",
        ),
        pytest.param(
            "The clip spread fast on Sunday. The Harbor Fund, a pro-Molina group, emailed a link to it "
            'with one line: "This is a disgrace and the council knows it."',
            [("This is a disgrace and the council knows it.", "Harbor Fund", "full")],
            id="a-hyphen-inside-the-subject-is-no-label-dash",
        ),
        pytest.param(
            "Few candidates but long shot Ada Lindqvist have backed the plan.\n\n"
            "At her press conference in Oslo on Monday, the mayor’s first four questioners ranged from "
            'doubtful to hostile: "Is it time to change course?"',
            [("Is it time to change course?", "mayor’s first four questioners", "full")],
            id="narration-whose-verb-the-parse-hung-from-the-quote",
        ),
        pytest.param(
            'The verdict came as no surprise to Senator Tomas Reyes: "We warned them for years."',
            [("We warned them for years.", "Tomas Reyes", "full")],
            id="no-surprise-to-someone",
        ),
    ],
)
def test_a_colon_after_what_names_its_source_otherwise(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "The board handed the contract to Tomas Reyes and Ana Brill on Monday. The choice pleased "
            'Tomas Reyes and the unions: "Both of them are qualified."',
            id="a-sentence-that-reaches-more-than-one",
        ),
        pytest.param(
            "The panel heard evidence for a week. The dispute drew in mediators from abroad: "
            '"Nobody here trusts the other side."',
            id="reaching-no-named-person",
        ),
    ],
)
def test_a_colon_after_a_sentence_about_a_thing_names_no_one_else(parse, article):
    assert [speaker for _, speaker, _ in quotes(parse(article))] == [""]
