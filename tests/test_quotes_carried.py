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


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Councillor Hanna Berg defended the budget at the town hall on Monday.\n\n"
            "“Why cut the buses before the roads?” Kwame Asante questioned.",
            "Kwame Asante",
            id="a-name-and-a-verb-the-lexicon-lacks",
        ),
        pytest.param(
            '"We have the votes," Senator Oona Pike said.\n\n'
            '"Then show us the list!" Marisa Ocampo shot back, to cheers from the gallery.',
            "Marisa Ocampo",
            id="a-name-and-a-phrasal-verb",
        ),
    ],
)
def test_a_quote_framed_by_a_name_of_its_own_is_that_persons(parse, article, expected):
    """`"...?" X questioned.`: the quote's own clause names its speaker; neither the last speaker going on
    nor the person the narration before was about."""
    assert quotes(parse(article))[-1][1] == expected


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "“Take the left fork at the mill,” Elsie Morrow said, and her nephew cut in. "
            "“No, the right one, the left is flooded.”",
            id="a-clause-about-someone-else-after-the-cue",
        ),
        pytest.param(
            "Deputy Arjun Mehta answered the first questions.\n\n"
            "“We followed every rule,” he said. The chairwoman frowned. “Then explain the missing forms.”",
            id="a-sentence-about-someone-else-in-between",
        ),
    ],
)
def test_the_last_speaker_does_not_go_on_past_someone_else(parse, article):
    """Narration between two quotes that ends on someone else acting (`her nephew cut in`) means the next
    words are not the last speaker's going on: no speaker beats a wrong one."""
    first, second = quotes(parse(article))
    assert first[1] and second[1] != first[1]


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "“The plant stays open,” Mayor Ines Duarte said after the council voted. “Every job stays too.”",
            id="a-clause-about-when",
        ),
        pytest.param(
            "“The plant stays open,” Ines Duarte told the Courier. “Every job stays too.”",
            id="the-cue-with-an-object",
        ),
        pytest.param(
            "“The plant stays open,” Ines Duarte said. “Every job stays too.” Duarte smiled.",
            id="the-same-speaker-after-the-quote",
        ),
    ],
)
def test_the_last_speaker_goes_on_past_her_own_cue(parse, article):
    first, second = quotes(parse(article))
    assert first[1] == second[1] == "Ines Duarte"


@pytest.mark.parametrize(
    ("article", "not_the_speaker"),
    [
        pytest.param(
            "“The vote was close, closer than last time.” The crowd roared.", "crowd", id="a-sentence-ended"
        ),
        pytest.param(
            "As Mayor Ida Holm closed her speech - “We will rebuild every street!” - the streamers fell.",
            "streamers",
            id="a-quote-set-off-by-dashes-in-narration",
        ),
    ],
)
def test_a_clause_after_a_quote_that_does_not_frame_it_names_no_one(parse, article, not_the_speaker):
    """A quote that ended its sentence, or one set off by dashes inside the reporter's sentence, is not said
    by the subject of the words after it."""
    assert all(speaker != not_the_speaker for _, speaker, _ in quotes(parse(article)))


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "The Gazette backed the mayor on Sunday.\n\n"
            "Ortiz, who chairs the budget panel, is a “steady hand” who has balanced four budgets, the "
            "Gazette's editorial board writes. “It is a shame that some in her own party turned on her.”",
            id="a-cue-closing-a-sentence-about-someone-else",
        ),
        pytest.param(
            "The Gazette endorsed Councillor Dana Ortiz for a fourth term.\n\n"
            "Ortiz has been a “steady hand” through two floods, the board writes in its Sunday edition. "
            "“Voters should reward that.”",
            id="a-cue-with-words-about-where",
        ),
    ],
)
def test_the_last_speaker_goes_on_past_her_cue_at_the_end_of_a_sentence(parse, article):
    """A partial quote whose cue closes a sentence about someone else (`Ortiz is a "...," the board
    writes.`), then a quote of its own: the cue's source goes on, not the person the sentence is about."""
    first, second = quotes(parse(article))
    assert "board" in first[1] and second[1] == first[1]
