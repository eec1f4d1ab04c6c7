"""Quotes with no cue of their own (lib.quotes): a signature line under them, and when the speaker of
the quote before goes on.

Every example is invented; rows are (quote text, speaker, kind) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import quotes


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The mayor and her challenger met for a last debate on Tuesday. Here is what they said.\n\n"
            '"Our bus fares are the lowest of any city in the state."\n\n'
            "- Marisol Quintero.\n\n"
            "That is true only for weekday fares; weekend tickets cost more than in two other cities.",
            [("Our bus fares are the lowest of any city in the state.", "Marisol Quintero", "full")],
            id="a-dash-and-a-name-under-a-quote",
        ),
        pytest.param(
            "Mayor Ruth Adler spoke after Governor Tobias Brandt in Fargo.\n\n"
            "“We will not raise the sales tax, not this year and not next year.”\n\n"
            "—Governor Brandt, at a town hall in Fargo.",
            [("We will not raise the sales tax, not this year and not next year.", "Tobias Brandt", "full")],
            id="a-title-and-a-description-after-the-name",
        ),
        pytest.param(
            "Voices from the fair.\n\n"
            '"The prices for feed went up by a third since the spring."\n\n'
            "-Karen Holtz, Ames.",
            [("The prices for feed went up by a third since the spring.", "Karen Holtz", "full")],
            id="a-dash-glued-to-the-name",
        ),
    ],
)
def test_a_signature_under_a_quote_names_its_speaker(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "Senator Ilse Moreau spoke first.\n\n"
            '"It is a good day for the farmers of this state," she said.\n\n'
            "- Corwin Platt disagreed and left the room.",
            id="a-sentence-after-a-dash-is-no-signature",
        ),
        pytest.param(
            'The union called the offer "an insult to every nurse."\n\n- Reuters.',
            id="a-credit-under-narration",
        ),
    ],
)
def test_what_is_no_signature(parse, article):
    """A dash line that goes on as a sentence, or a credit under the reporter's narration, signs nothing."""
    names = [speaker for _, speaker, _ in quotes(parse(article))]
    assert "Corwin Platt" not in names and "Reuters" not in names


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "“We will not give up the mill,” Mayor Oskar Lind said on Friday.\n\n"
            "The old photographs, kept in the town archive since 1911, show the mill as “the pride of the "
            "valley.”",
            id="words-quoted-in-a-new-paragraph-about-someone-else",
        ),
        pytest.param(
            "'The vote is a mandate for the reforms,' Premier Adaeze Obi told reporters in Lagos.\n\n"
            "Her opponents' posters, still on the walls of the market, promised 'bread before bridges.'",
            id="a-slogan-on-posters-in-the-next-paragraph",
        ),
    ],
)
def test_a_new_paragraph_of_narration_does_not_carry_the_last_speaker_on(parse, article):
    """Quoted words that the reporter's own narration leads to in a new paragraph, with no speaker in
    it, are not the last speaker's words: no speaker beats a wrong one."""
    first, second = quotes(parse(article))
    assert first[1] and second[1] == ""


def test_a_paragraph_that_is_all_quote_goes_on_with_the_last_speaker(parse):
    doc = parse(
        "“We will not give up the mill,” Mayor Oskar Lind said on Friday.\n\n"
        "“It has fed this valley for a hundred years, and it will feed it for a hundred more.”"
    )
    assert [speaker for _, speaker, _ in quotes(doc)] == ["Oskar Lind", "Oskar Lind"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "“We are looking at every lead,” Director Sofia Ruiz said on Monday.\n\n"
            "The agency declined to publicly detail the inquiry's “specific focus, scope or likely targets.”",
            ("specific focus, scope or likely targets.", "agency", "partial"),
            id="not-the-person-quoted-before",
        ),
        pytest.param(
            "Governor Lena Ortiz toured the plant on Tuesday and praised its workers. "
            "The union still wants the “full back pay owed since March.”",
            ("full back pay owed since March.", "union", "partial"),
            id="not-the-person-the-narration-named",
        ),
    ],
)
def test_words_quoted_in_a_sentence_about_a_body_are_that_bodys(parse, article, expected):
    assert quotes(parse(article))[-1] == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The fisheries council met on Friday.\n\n"
            "At the chair’s request, the council issued a statement apologising to the trawler crews.\n\n"
            "“On behalf of the whole council, we regret the confusion of the past month. The quotas will "
            "be published next week.”\n\n"
            "The statement was signed by the chair.",
            [
                (
                    "On behalf of the whole council, we regret the confusion of the past month. The quotas "
                    "will be published next week.",
                    "council",
                    "full",
                )
            ],
            id="a-statement-issued-in-the-paragraph-before",
        ),
        pytest.param(
            "Farmers protested outside the ministry.\n\n"
            "Over the weekend, Senator Rhea Molina’s campaign sent out an email to supporters about it.\n\n"
            "“Our farmers feed this country, and they deserve better than this.”",
            [
                (
                    "Our farmers feed this country, and they deserve better than this.",
                    "Senator Rhea Molina’s campaign",
                    "full",
                )
            ],
            id="an-email-sent-out",
        ),
    ],
)
def test_a_paragraph_of_quotation_after_a_text_put_out_is_that_text(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "The council issued a statement on Friday.\n\n"
            "Residents were not convinced. “They have said the same every year,” one fisherman told us.\n\n"
            "“Nothing changes on this harbour.”",
            id="narration-in-between-names-someone-else",
        ),
        pytest.param(
            "The council issued a statement on Friday, and the mayor sent a letter to the minister.\n\n"
            "“We cannot wait another season.”",
            id="two-texts-from-two-issuers",
        ),
    ],
)
def test_a_text_put_out_before_does_not_reach_past_other_words(parse, article):
    rows = quotes(parse(article))
    assert all(speaker not in ("council", "mayor") for _, speaker, _ in rows[-1:])
