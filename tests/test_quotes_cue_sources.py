"""Whom a reporting cue names (lib.quote_sources `source_referent`, `_verb_source`, `_participle_doer`): the
person at the end of a title (`said Harlow ally Dennis Moreau`), the name before an aside the parse
took the subject from, nobody for a passive (`goods labeled "..."`), and the one who holds a `that`
clause for a participle after it. Every example is invented; rows are (quote text, speaker, kind) as in
tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import speakers


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Maria Lopez lost the vote. “Nobody here is panicking,” said Lopez ally James Whitcomb.",
            ("Nobody here is panicking", "James Whitcomb"),
            id="a-candidate-s-ally-after-the-verb",
        ),
        pytest.param(
            "Senator Grace Hollins conceded on Tuesday. “It stings,” said Hollins ally Peter Danforth.",
            ("It stings", "Peter Danforth"),
            id="not-the-candidate-named-before-the-title",
        ),
        pytest.param(
            "“Turnout was the whole story,” said Brightline Polling researcher Teodora Vance, who ran "
            "the survey.",
            ("Turnout was the whole story", "Teodora Vance"),
            id="a-firm-s-researcher-after-the-verb",
        ),
        pytest.param(
            "The Council on Rural Housing National Director Marisol Quint said the quota was "
            "“a death sentence for small boats.”",
            ("a death sentence for small boats.", "Marisol Quint"),
            id="an-organisation-and-its-title-before-the-name",
        ),
        pytest.param(
            "The station is expanding its talk lineup. WKRP Vice President for news and sport Alan Brisco "
            "called the programme “the backbone of our schedule.”",
            ("the backbone of our schedule.", "Alan Brisco"),
            id="a-title-the-parse-coordinates-with-the-name",
        ),
        pytest.param(
            '"That is simply not true," said Daily Ledger co-host Ray Pemberton on Tuesday.',
            ("That is simply not true", "Ray Pemberton"),
            id="a-hyphenated-title-the-parse-splits",
        ),
    ],
)
def test_the_person_a_title_runs_into_is_the_speaker(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_name_after_a_preposition_is_not_the_speaker(parse):
    doc = parse("A cousin of Gov. Lena Marsh said the family was “worn out by it all.”")
    assert [who for _, who in speakers(doc)] != ["Lena Marsh"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Voters in the valley are restless.\n\nRosa Delgado, a 61-year-old florist from Tempe, Arizona, "
            "says the county will “pay for this twice.”",
            ("pay for this twice.", "Rosa Delgado"),
            id="an-apposition-with-a-place",
        ),
        pytest.param(
            "Not everyone was convinced.\n\nHal Brandt, who ran a pro-Gil Moreno super PAC, said the "
            "party's “bus may have left the depot.”",
            ("bus may have left the depot.", "Hal Brandt"),
            id="a-relative-clause-naming-another-person",
        ),
    ],
)
def test_the_name_before_an_aside_is_the_speaker_not_a_word_in_it(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "quote", "not_speaker"),
    [
        pytest.param(
            "The choir was delighted with the new hymnals, printed by a firm called “Psalm and Page.”",
            "Psalm and Page.",
            "firm",
            id="a-passive-participle-names-what-was-called-so",
        ),
        pytest.param(
            "According to the handbook, the new hires were told, “Never argue with a customer.”",
            "Never argue with a customer.",
            "new hires",
            id="a-passive-verb-names-whom-they-were-told",
        ),
    ],
)
def test_what_a_passive_cue_is_done_to_is_not_the_speaker(parse, article, quote, not_speaker):
    assert (quote, not_speaker) not in speakers(parse(article))


def test_the_agent_of_a_passive_participle_is_the_speaker(parse):
    doc = parse(
        "Asked by Nadia Fenwick whether the council “gets” housing, Mayor Tomas Ortiz changed the subject."
    )
    assert speakers(doc) == [("gets", "Nadia Fenwick")]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "On Sunday, Governor Nwosu made clear that her lunch with Ramos was not a political "
            "event, saying that anyone who thought otherwise should “get some rest.”",
            ("get some rest.", "Nwosu"),
            id="made-clear-that",
        ),
        pytest.param(
            "Mayor Dina Clarke was adamant that the budget was sound, calling it “the best in a decade.”",
            ("the best in a decade.", "Dina Clarke"),
            id="adamant-that",
        ),
    ],
)
def test_a_participle_after_a_clause_is_done_by_the_main_subject(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_name_inside_the_quote_before_an_aside_is_not_the_speaker(parse):
    doc = parse(
        "''My clients, whoever they were, including Ann Pruitt, Leo Grady, Maya Tsang,'' Mr. Fenwick, the "
        "consultant, said, ''all hear the same thing on the road.''"
    )
    assert [who for _, who in speakers(doc)] == ["Fenwick", "Fenwick"]


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            'The assembly declined to debate it; one councillor called Ortiz "the mayor of empty promises."',
            id="an-object-before-the-quote",
        ),
        pytest.param(
            "“Not our plan, but hard to argue with!” Dwyer, the head of Forward Ohio, tweeted on Friday.",
            id="no-object-at-all",
        ),
    ],
)
def test_a_past_tense_the_tagger_took_for_a_participle_keeps_its_subject(parse, article):
    assert all(who for _, who in speakers(parse(article)))


def test_an_unnamed_source_in_a_clause_about_when_is_not_overruled_by_the_main_subject(parse):
    doc = parse(
        "Governor Ann Kasich is assuring voters she is tough enough after a nurse in Lowell, "
        "Massachusetts, told her she worries she is “too nice” to stand up to rivals."
    )
    assert speakers(doc) == [("too nice", "nurse in Lowell")]


def test_a_name_in_a_relative_clause_after_the_cue_is_not_the_speaker(parse):
    doc = parse(
        "“I can only say that his office sent a number of those files,” said one official who named "
        "Dorsey but spoke on the condition of anonymity."
    )
    assert speakers(doc) == [("I can only say that his office sent a number of those files", "one official")]


def test_an_inverted_cue_does_not_take_its_source_from_the_next_sentence(parse):
    doc = parse(
        "“Watch out for the clerk, she said the vote matters less than her job,” wrote another. The "
        "evidence for that claim was a clip from a rally."
    )
    assert [who for _, who in speakers(doc)] != ["evidence for that claim"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Minutes after the debate, the Okafor campaign sent out a press release saying Lind owes "
            "“Ohio an apology for the vote.”",
            ("Ohio an apology for the vote.", "Okafor campaign"),
            id="a-release-sent-out",
        ),
        pytest.param(
            "Lind Forward on Monday released a spoof website asking for “a Hall of Broken Promises.”",
            ("a Hall of Broken Promises.", "Lind Forward"),
            id="a-website-released",
        ),
        pytest.param(
            'The union unveiled a billboard campaign calling the mayor "the worst boss in Ohio."',
            ("the worst boss in Ohio.", "union"),
            id="a-campaign-unveiled",
        ),
        pytest.param(
            'On Monday the Ruiz campaign launched a radio spot warning that Pell would "gut the schools."',
            ("gut the schools.", "Ruiz campaign"),
            id="a-spot-launched",
        ),
    ],
)
def test_what_someone_put_out_speaks_for_them(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_cue_the_parse_hung_from_the_reported_clause_goes_on_from_the_outer_cue(parse):
    doc = parse(
        "Senator Hale claims that the channel CNBC “gets its script” from the banks, and asserts that the "
        "banks are “bleeding us dry.”"
    )
    assert [who for _, who in speakers(doc)] == ["Hale", "Hale"]


def test_a_participle_inside_the_reported_clause_does_not_overrule_the_reporter(parse):
    doc = parse(
        "Mayor Ines Okafor spoke in Leeds on Monday. She said the two cities were “building a real "
        "partnership,” for example keeping Leeds and Hull's “shared line on the port.”"
    )
    assert [who for _, who in speakers(doc)] == ["Ines Okafor", "Ines Okafor"]


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        pytest.param(
            "“We are already at war with them,” said Pentagon spokesman Navy Capt. Leo Marsh.",
            "Leo Marsh",
            id="a-rank-with-a-full-stop",
        ),
        pytest.param(
            "“I had hoped for a better field,” said Air Force 1st Lt. Dana Pruitt.",
            "Dana Pruitt",
            id="a-rank-after-an-ordinal",
        ),
    ],
)
def test_an_inverted_cue_reads_through_an_abbreviated_rank(parse, article, speaker):
    assert [who for _, who in speakers(parse(article))] == [speaker]


def test_a_participle_the_parse_gave_an_unnamed_doer_does_not_overrule_the_named_speaker(parse):
    doc = parse(
        "“Lena Ruiz won tonight and I was glad to see it,” Doyle said on his show after the first-term "
        "senator easily won her primary, remarking that there are “still some voters angry over the port "
        "deal.”"
    )
    assert [who for _, who in speakers(doc)] == ["Doyle", "Doyle"]


def test_a_passive_the_quote_does_not_hang_from_keeps_the_speaker(parse):
    doc = parse(
        "Mayor Lena Ortiz spoke on the radio on Tuesday. “I never promised to pay for the stadium.” Asked "
        "by reporters whether she had misled voters, Ortiz replied, “Maybe I did.”"
    )
    assert [who for _, who in speakers(doc)] == ["Lena Ortiz", "Lena Ortiz"]


def test_a_bare_verb_in_a_series_of_infinitives_is_done_by_the_series_subject(parse):
    doc = parse(
        "Senator Bram Keller went on to praise “the spirit of Ohio,” note that he had just toured the Grand "
        "Plaza Hotel in Columbus and thank the crowd."
    )
    assert [who for _, who in speakers(doc)] == ["Bram Keller"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"Apparently somebody here is unhappy," Keller said as the heckler yelled: "You lie!"',
            ("You lie!", "heckler"),
            id="a-colon-after-a-clause-about-when",
        ),
        pytest.param(
            "Although Councillor Ines Ruiz lamented the committee's habit of secrecy - “why must they hide "
            "everything?” - voters in Dayton said they did not care.",
            ("why must they hide everything?", "Ines Ruiz"),
            id="dashes-after-a-clause-about-despite-what",
        ),
    ],
)
def test_a_quote_set_off_from_a_clause_about_when_is_that_clause_s(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "After reporter Tom Abel asked about the loan, the couple grew “defensive,” according to a "
            "source at the newspaper.",
            ("defensive", "source at the newspaper"),
            id="after-someone-asked",
        ),
        pytest.param(
            "When a neighbour complained about the noise, the band turned “a little hostile,” according to "
            "police.",
            ("a little hostile", "police"),
            id="when-someone-complained",
        ),
    ],
)
def test_a_reporting_verb_in_a_clause_about_when_is_not_the_quote_s_cue(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_participle_right_after_remarks_is_said_by_who_made_them(parse):
    doc = parse(
        "Critics have seized on remarks Mayor Ines Ruiz made in 2009 saying she “would gladly raise taxes” "
        "on families."
    )
    assert [who for _, who in speakers(doc)] == ["Ines Ruiz"]


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        pytest.param(
            "Former prosecutor and Boston City Councilor Dana Whitfield, who backs the mayor, criticized the "
            "board on WBUR, calling the vote “a sham.”",
            "Dana Whitfield",
            id="former-prosecutor-and-councilor",
        ),
        pytest.param(
            "Veteran diplomat and former ambassador Lena Ortiz said the treaty was “long overdue.”",
            "Lena Ortiz",
            id="diplomat-and-ambassador",
        ),
    ],
)
def test_titles_with_no_article_joined_by_and_run_into_one_person(parse, article, speaker):
    assert [who for _, who in speakers(parse(article))] == [speaker]


def test_a_body_and_a_person_joined_by_and_are_not_one_person(parse):
    doc = parse("The union and Lena Ortiz said the deal was “long overdue.”")
    assert [who for _, who in speakers(doc)] != ["Lena Ortiz"]


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        pytest.param("“Watch the count in Pike County,” tweeted another.", "another", id="tweeted-another"),
        pytest.param("“This is a farce,” said one.", "one", id="said-one"),
        pytest.param("Someone called it a “quiet coup,” and the name stuck.", "Someone", id="someone"),
        pytest.param(
            "About four in 10 said they were “furious” with the council.", "four in 10", id="four-in-ten"
        ),
        pytest.param(
            "While those surveyed said Ruiz has the “best experience,” Pell is trusted most.",
            "those surveyed",
            id="those-surveyed",
        ),
    ],
)
def test_a_word_standing_for_unnamed_people_is_the_source(parse, article, speaker):
    assert [who for _, who in speakers(parse(article))] == [speaker]


def test_a_name_the_parse_took_a_past_tense_verb_for_a_clause_about_is_its_subject(parse):
    doc = parse("Lena Ortiz, the city's top official, on Tuesday called Dale Fenwick's remarks “racist.”")
    assert [who for _, who in speakers(doc)] == ["Lena Ortiz"]


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        pytest.param(
            "A fundraising email sent out by Mayor Ines Ruiz on Tuesday night warned of “a desperate "
            "response” from the bosses.",
            "Ines Ruiz",
            id="an-email-sent-out-by",
        ),
        pytest.param(
            "The letter, sent by Councillor Abe Lindqvist to the board, warned of “grave consequences.”",
            "Abe Lindqvist",
            id="a-letter-sent-by-set-off",
        ),
    ],
)
def test_a_message_speaks_for_who_sent_it(parse, article, speaker):
    assert [who for _, who in speakers(parse(article))] == [speaker]


def test_a_message_obtained_by_someone_is_not_theirs(parse):
    doc = parse("An email obtained by the Tribune said the pier was “structurally sound.”")
    assert [who for _, who in speakers(doc)] != ["Tribune"]


def test_the_noun_of_a_relative_clause_right_before_a_subjectless_verb_is_its_subject(parse):
    doc = parse(
        "Although there is no such rift with the union, a city official who spoke anonymously to discuss "
        "internal talks said Monday, “There are certainly talks under way.”"
    )
    assert [who for _, who in speakers(doc)] == ["city official"]


def test_a_name_the_parse_made_the_root_is_the_subject_of_the_only_verb(parse):
    doc = parse(
        "FULL REMARKS.  Mayor Dale Fenwick, the region's longest-serving Republican, on Friday called Ines "
        "Ruiz's remarks about a Somali imam “bigoted.”"
    )
    assert [who for _, who in speakers(doc)] == ["Dale Fenwick"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The gap has narrowed since spring. In a national Gallup poll released Tuesday, 38% of "
            "Democrats and Democratic-leaning voters said they were “extremely motivated” to vote, compared "
            "with 29% of Republicans and Republican-leaning voters.",
            ("extremely motivated", "38% of Democrats"),
            id="not-cut-off-at-and",
        ),
        pytest.param(
            "Just 2 percent of Republicans and 4 percent of self-described “centrists” said they would vote "
            "for the Harbor Party.",
            ("centrists", "4 percent"),
            id="not-into-the-quoted-word",
        ),
        pytest.param(
            "“We must win back young voters,” wrote the authors of the “Harbor Renewal Plan,” citing the "
            "last election.",
            ("We must win back young voters", "authors of the Harbor Renewal Plan"),
            id="a-quoted-title-stays-without-its-marks",
        ),
    ],
)
def test_a_described_source_is_a_whole_phrase_without_quote_marks(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_participle_after_a_phrase_about_when_is_the_clause_subject_s(parse):
    doc = parse(
        "Governor Ada Pell has feuded with the council over the budget, at one point calling the mayor a "
        '"liar" who was not "honest."'
    )
    assert [who for _, who in speakers(doc)] == ["Ada Pell", "Ada Pell"]


def test_a_dash_left_on_a_word_is_never_a_source(parse):
    doc = parse(
        "Senator Ines Ruiz has praised her husband's record—“the longest boom in our history”—and promised "
        "to put him in charge of the economy."
    )
    assert all(who[:1].isalnum() for _, who in speakers(doc) if who)


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"Nobody was consulted," said one teacher familiar with the plan, who added that parents felt '
            '"ignored."',
            ("ignored.", "one teacher"),
            id="familiar-with-the-plan",
        ),
        pytest.param(
            "“We were never told,” said a nurse at the clinic, who added that staff felt “abandoned.”",
            ("abandoned.", "nurse at the clinic"),
            id="a-nurse-at-the-clinic",
        ),
    ],
)
def test_who_after_a_phrase_about_the_source_is_the_source(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "When someone in the crowd shouted, “Lindqvist,” Hale joked, again using an exaggerated Southern "
            "accent, “Amen, brother! Come on up and get baptized!”",
            ("Amen, brother! Come on up and get baptized!", "Hale"),
            id="a-name-the-parse-did-not-make-the-subject",
        ),
        pytest.param(
            "When someone near the front yelled, “Ruiz,” Beck quipped, once more putting on a thick Southern "
            "accent, “Amen, sister! Come on up and get saved!”",
            ("Amen, sister! Come on up and get saved!", "Beck"),
            id="the-clause-about-when-taken-for-the-main-one",
        ),
    ],
)
def test_the_one_who_answers_a_shout_says_the_words_after(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Mayor Ines Ruiz hit back on Sunday after Senator Dale Fenwick had said on Friday that she was "
            "''the worst mayor in Ohio.''",
            ("the worst mayor in Ohio.", "Dale Fenwick"),
            id="said-after",
        ),
        pytest.param(
            "“It is not a rescue bill,” Lindqvist tweeted after Governor Ada Pell argued for the second time "
            "that “if everyone had voted as he did, we would have lost the plant.”",
            ("if everyone had voted as he did, we would have lost the plant.", "Ada Pell"),
            id="argued-after",
        ),
    ],
)
def test_a_quote_inside_a_clause_about_when_is_that_clause_s(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Moreau’s attacks were echoed by her campaign and Democrats across the country, who highlighted "
            "comments Pruitt made in 2006 saying he “sort of hopes” the housing market would crash.",
            ("sort of hopes", "Pruitt"),
            id="not-the-attacks-that-echo-them",
        ),
        pytest.param(
            "Moreau’s criticism was repeated by her aides and allies across the country, who highlighted "
            "comments Pruitt made in 2007 saying he “kind of hoped” the housing market would crash.",
            ("kind of hoped", "Pruitt"),
            id="not-the-country-they-came-from",
        ),
        pytest.param(
            "Those attacks were echoed by Democrats, who highlighted comments Pruitt made in 2006 saying he "
            "“sort of hopes” the bubble would burst.",
            ("sort of hopes", "Pruitt"),
            id="not-the-ones-who-highlight-them",
        ),
    ],
)
def test_comments_someone_made_with_no_relative_word_are_theirs(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "speaker"),
    [
        pytest.param(
            "The former mayor opened her speech to the chamber by attacking rivals who think they can "
            "“hand the ports to the highest bidder without a vote” and moved on to a sharper attack on "
            "Dunmore, who has said he wants to be an “honest broker” in the talks.",
            "former mayor",
            id="opened-her-speech-by-attacking",
        ),
        pytest.param(
            "The senator began his address by mocking critics who claim the plan will “bankrupt every county "
            "in the state” and then turned to Halvorsen, who has said she would “tear it up.”",
            "senator",
            id="began-his-address-by-mocking",
        ),
    ],
)
def test_what_someone_named_later_has_said_is_not_an_earlier_quote_s(parse, article, speaker):
    assert next(who for _, who in speakers(parse(article))) == speaker


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The worst moment came at a town hall in Toledo, when several farmers interrupted the senator, "
            "shouting “where is our money?”",
            ("where is our money?", "several farmers"),
            id="a-moment-does-not-shout",
        ),
    ],
)
def test_a_participle_after_a_clause_about_people_is_theirs(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "In an interview with Sunday Edition hosts Tom Carvell and Rita Moss, the Democratic "
            "presidential candidate stated that Pruitt’s “reckless” remarks do not “fit with the man I once "
            "knew.”",
            ("fit with the man I once knew.", "Democratic presidential candidate"),
            id="not-the-hosts-of-the-interview",
        ),
        pytest.param(
            "In a sit-down with Morning Joe hosts Carl Benning and Mika Devlin, the Republican presidential "
            "candidate stated that the senator’s “cowardly” votes do not “match what he promised.”",
            ("match what he promised.", "Republican presidential candidate"),
            id="a-sit-down-with-two-hosts",
        ),
    ],
)
def test_a_description_after_an_opening_phrase_is_the_verb_s_subject(parse, article, expected):
    assert expected in speakers(parse(article))


def test_a_name_after_an_organisation_and_a_title_is_the_person_s(parse):
    doc = parse(
        '"We knew the trade record would hurt," said United Steel Workers Secretary-Treasurer Norm Pelley.'
    )
    assert speakers(doc) == [("We knew the trade record would hurt", "Norm Pelley")]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Though the footage was clear, the Pike campaign has denied any scuffle took place, with Ostrow "
            "taking to Twitter to call the reporter “a total fabulist” for the story.",
            ("a total fabulist", "Ostrow"),
            id="not-the-campaign-that-denied-it",
        ),
        pytest.param(
            "The union disputed the count, with Marden going on television to call the figures "
            "“pure fiction.”",
            ("pure fiction.", "Marden"),
            id="went-on-television-to-call",
        ),
    ],
)
def test_an_infinitive_of_purpose_after_a_deed_is_a_speech_act(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "A person briefed on the audit said the files that were copied suggested the thieves wanted "
            "“trade secrets.”",
            ("trade secrets.", "person"),
            id="what-was-copied-is-no-source",
        ),
        pytest.param(
            'An aide said the polls suggested voters were "tired of the whole circus."',
            ("tired of the whole circus.", "aide"),
            id="polls-inside-an-aide-s-words",
        ),
    ],
)
def test_a_thing_giving_evidence_inside_a_report_is_not_the_source(parse, article, expected):
    assert expected in speakers(parse(article))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'The polls suggested voters were "tired of the whole circus."',
            ("tired of the whole circus.", "polls"),
            id="no-one-reports-it",
        ),
        pytest.param(
            'An aide said the senator suggested voters were "tired of the whole circus."',
            ("tired of the whole circus.", "senator"),
            id="a-person-suggests",
        ),
        pytest.param(
            'An aide said the report suggested voters were "tired of the whole circus."',
            ("tired of the whole circus.", "report"),
            id="a-text-suggests",
        ),
    ],
)
def test_a_source_that_can_suggest_keeps_its_words(parse, article, expected):
    assert expected in speakers(parse(article))


def test_whom_an_unnamed_source_serves_is_not_the_speaker(parse):
    """`said one longtime adviser to Tom Ruiz`: the parse hangs `to Tom Ruiz` from the verb, yet the
    adviser spoke — and the next quote is the adviser's too. Recorded as written, as when the parse
    hangs the phrase from the adviser."""
    doc = parse(
        "The race tightened. “This is eerily similar to the first debate in 2004,” said one longtime "
        "adviser to Tom Ruiz. “She wanted the knockout punch.”"
    )
    assert speakers(doc) == [
        ("This is eerily similar to the first debate in 2004", "one longtime adviser to Tom Ruiz"),
        ("She wanted the knockout punch.", "one longtime adviser to Tom Ruiz"),
    ]


def test_how_or_when_a_source_spoke_is_not_part_of_its_label(parse):
    doc = parse("“It is over,” said the spokeswoman in a statement.")
    assert speakers(doc) == [("It is over", "spokeswoman")]
