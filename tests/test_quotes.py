"""Quotations and their speakers (lib.quotes): one small article in, the expected quote rows out.

Every example is invented. Rows are (quote text, speaker, kind), where the quote text is read back from
the article through `span._.char_range`, so each row also checks the offsets.
"""

from __future__ import annotations

import pytest

from lib.quote_marks import find_quote_marks
from lib.rows import quote_rows


def marked(text: str) -> list[str]:
    """The quotations `find_quote_marks` finds in one paragraph, as text."""
    return [text[m.start : m.end] for m in find_quote_marks(text)]


def quotes(doc) -> list[tuple[str, str, str]]:
    """(quote text, speaker, kind) for each quote the pipeline found, in order."""
    rows = []
    for span in doc.spans["quotes"]:
        start, end = span._.char_range
        rows.append((doc.text[start:end], span._.speaker, span.label_))
    return rows


def speakers(doc) -> list[tuple[str, str]]:
    """(quote text, speaker) for each quote the pipeline found, in order."""
    return [(text, speaker) for text, speaker, _ in quotes(doc)]


# --- quote marks, character level ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param("‘We will go,’ she told the BBC.", ["We will go"], id="curly-single-bbc"),
        pytest.param("'We can't wait,' she said.", ["We can't wait"], id="straight-single-with-apostrophe"),
        pytest.param(
            "“He called it ‘a disgrace’,” she said.",
            ["He called it ‘a disgrace’"],
            id="single-inside-double-stays-inside",
        ),
        pytest.param(
            "‘He called it “a disgrace”,’ she said.",
            ["He called it “a disgrace”"],
            id="double-inside-single-stays-inside",
        ),
        pytest.param(
            'President Okafor said," The visit is a showcase." He left.',
            ["The visit is a showcase."],
            id="mark-glued-to-the-comma-then-a-space",
        ),
        pytest.param("The Leader’s Retreat opened on Sunday.", [], id="possessive-is-not-a-mark"),
        pytest.param("Talks on the ’90s deal resumed.", [], id="decade-is-not-a-mark"),
        pytest.param(
            "‘It is taxpayers’ money and we will account for every cent,’ said Grace Whitfield.",
            ["It is taxpayers’ money and we will account for every cent"],
            id="plural-possessive-inside-curly-single",
        ),
        pytest.param(
            "'This is the farmers' year, not ours,' Sione Latu said.",
            ["This is the farmers' year, not ours"],
            id="plural-possessive-inside-straight-single",
        ),
        pytest.param(
            "The taxpayers’ bill rose, and Tom Akers called it ‘a disgrace’.",
            ["a disgrace"],
            id="plural-possessive-before-a-single-quote",
        ),
    ],
)
def test_quote_marks(paragraph, expected):
    assert marked(paragraph) == expected


def test_an_unclosed_double_quote_closes_at_the_paragraph_end():
    text = 'Tom Akers said "we will go next year.\n\nThe delegation left on Sunday.'
    first_paragraph_end = text.index("\n")
    found = find_quote_marks(text, 0, first_paragraph_end)
    assert [(text[m.start : m.end], m.open_ended) for m in found] == [("we will go next year.", True)]


# --- attribution: who said it ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"We will not be rushed into a deal," Helen Okafor said on Tuesday.',
            [("We will not be rushed into a deal", "Helen Okafor", "full")],
            id="x-said",
        ),
        pytest.param(
            '"These talks matter," said Maria Lopez, a spokeswoman for Peru\'s foreign ministry, '
            "adding that a second round was planned.",
            [("These talks matter", "Maria Lopez", "full")],
            id="reuters-said-x-with-apposition",
        ),
        pytest.param(
            'Rahul Mehta told Reuters: "We are ready to sign."',
            [("We are ready to sign.", "Rahul Mehta", "full")],
            id="x-told-reuters-colon",
        ),
        pytest.param(
            '"Nothing has been agreed," Keiko Sato added.',
            [("Nothing has been agreed", "Keiko Sato", "full")],
            id="x-added",
        ),
        pytest.param(
            '"Small states need friends," Aroha Tane, a senior lecturer at the University of Otago, said.',
            [("Small states need friends", "Aroha Tane", "full")],
            id="x-comma-apposition-comma-said",
        ),
        pytest.param(
            'Sione Latu characterised the talks as "very frank".',
            [("very frank", "Sione Latu", "partial")],
            id="british-characterised-partial",
        ),
        pytest.param(
            "‘We are not going anywhere,’ the foreign secretary, Anna Hollis, told the BBC.",
            [("We are not going anywhere", "Anna Hollis", "full")],
            id="bbc-single-marks-title-apposition",
        ),
        pytest.param(
            "Rosa Alvarez has run the bakery since 1998.\n"
            "“I don’t know what happens next,” said Ms. Alvarez, who is 58.",
            [("I don’t know what happens next", "Rosa Alvarez", "full")],
            id="nyt-honorific-surname-to-full-name",
        ),
        pytest.param(
            "New Zealand Prime Minister Hannah Moore arrived in Jakarta on Wednesday.\n"
            '"We should have come sooner," Ms Moore said.',
            [("We should have come sooner", "Hannah Moore", "full")],
            id="nz-herald-ms-surname-to-full-name",
        ),
        pytest.param(
            "“They came home with a photo opportunity and nothing else,” "
            "Labour’s trade spokeswoman Jane Dorsey told RNZ.",
            [("They came home with a photo opportunity and nothing else", "Jane Dorsey", "full")],
            id="party-possessive-title-before-name",
        ),
        pytest.param(
            '"We are," Tom Akers said, "ready to go."',
            [("We are", "Tom Akers", "full"), ("ready to go.", "Tom Akers", "full")],
            id="quote-split-by-its-cue",
        ),
        pytest.param(
            'Keiko Sato leads the negotiating team.\n"It\'s a fantasy," Akers said.',
            [("It's a fantasy", "Akers", "full")],
            id="surname-never-introduced-in-full",
        ),
    ],
)
def test_speaker_named_by_the_cue(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"The deal is within touching distance," according to Keiko Sato, the chief negotiator.',
            [("The deal is within touching distance", "Keiko Sato", "full")],
            id="full-quote-then-according-to",
        ),
        pytest.param(
            'The deal was "within touching distance", according to Keiko Sato, the chief negotiator.',
            [("within touching distance", "Keiko Sato", "partial")],
            id="partial-quote-then-according-to",
        ),
        pytest.param(
            'According to Keiko Sato, the deal is "within touching distance".',
            [("within touching distance", "Keiko Sato", "partial")],
            id="according-to-then-partial-quote",
        ),
        pytest.param(
            'According to Keiko Sato, a trade adviser, the deal was close.\n"It could be done by June."',
            [("It could be done by June.", "Keiko Sato", "full")],
            id="according-to-in-the-sentence-before-the-quote-paragraph",
        ),
    ],
)
def test_according_to(parse, article, expected):
    assert quotes(parse(article)) == expected


# --- kinds: full, partial, scare -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'Oliver Pratt said he "would not rule out" new talks with the union.',
            [("would not rule out", "Oliver Pratt", "partial")],
            id="partial-in-reporters-sentence",
        ),
        pytest.param(
            'Oliver Pratt signed the "historic" deal on Friday.',
            [("historic", "", "scare")],
            id="scare-historic",
        ),
        pytest.param(
            'Much of the real work happens in so-called "pull asides" on the margins of the summit.',
            [("pull asides", "", "scare")],
            id="scare-so-called",
        ),
        pytest.param(
            'The so-called "pull asides" matter more than the speeches, diplomats say.',
            [("pull asides", "", "scare")],
            id="scare-so-called-in-a-reported-sentence",
        ),
    ],
)
def test_kind(parse, article, expected):
    assert quotes(parse(article)) == expected


# --- quotes over several paragraphs; unbalanced marks ----------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Health Minister Priya Raman defended the plan on Monday.\n\n"
            '"We have listened to nurses and we have listened to patients.\n\n'
            '"The money is there and it will be spent this year," she said.',
            [
                ("We have listened to nurses and we have listened to patients.", "Priya Raman", "full"),
                ("The money is there and it will be spent this year", "Priya Raman", "full"),
            ],
            id="two-paragraphs-pronoun-cue-in-the-last",
        ),
        pytest.param(
            '"We have listened to nurses.\n"We have listened to patients.\n'
            '"The money will be spent this year," said Priya Raman.',
            [
                ("We have listened to nurses.", "Priya Raman", "full"),
                ("We have listened to patients.", "Priya Raman", "full"),
                ("The money will be spent this year", "Priya Raman", "full"),
            ],
            id="three-paragraphs-one-per-line",
        ),
        pytest.param(
            "Tom Akers was the minister in 2010.\n\n"
            "“Back then, Akers was the one who mattered.\n\n"
            "“Things have changed since then,” said Aroha Tane.",
            [
                ("Back then, Akers was the one who mattered.", "Aroha Tane", "full"),
                ("Things have changed since then", "Aroha Tane", "full"),
            ],
            id="cue-in-the-last-paragraph-beats-the-narration-before",
        ),
        pytest.param(
            '"We will vote for it," Lisa Ng said.\n\n'
            '"I have read the bill and it is flawed.\n\n'
            '"We will vote against it," said Tom Akers.',
            [
                ("We will vote for it", "Lisa Ng", "full"),
                ("I have read the bill and it is flawed.", "Tom Akers", "full"),
                ("We will vote against it", "Tom Akers", "full"),
            ],
            id="continued-quote-is-not-the-previous-speakers",
        ),
        pytest.param(
            'Oliver Pratt said: "We will be back next year.\n'
            "The delegation left Lima on Sunday after three days of meetings.",
            [("We will be back next year.", "Oliver Pratt", "full")],
            id="unclosed-quote-stops-at-its-paragraph",
        ),
        pytest.param(
            'Tom Akers said: "We will go.\nThe delegation left on Sunday.\n'
            '"That is news to me," Lisa Ng said.',
            [("We will go.", "Tom Akers", "full"), ("That is news to me", "Lisa Ng", "full")],
            id="unclosed-quote-does-not-swallow-later-quotes",
        ),
    ],
)
def test_quotes_over_paragraphs(parse, article, expected):
    assert quotes(parse(article)) == expected


# --- pronouns and titles as speakers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Tom Akers will meet with Arjun Rao in Delhi on Friday.\n"
            '"Trade will be top of the list," he said.',
            [("Trade will be top of the list", "Tom Akers", "full")],
            id="pronoun-skips-the-object-met-with",
        ),
        pytest.param(
            'Ravi Menon arrived on Monday. Tom Akers arrived on Tuesday.\n"It was a long flight," he said.',
            [("It was a long flight", "Tom Akers", "full")],
            id="pronoun-takes-the-most-recent-subject",
        ),
        pytest.param(
            '"I spoke to Arjun Rao yesterday," Tom Akers said.\n"He was very clear," he said.',
            [
                ("I spoke to Arjun Rao yesterday", "Tom Akers", "full"),
                ("He was very clear", "Tom Akers", "full"),
            ],
            id="pronoun-ignores-names-inside-quotes",
        ),
        pytest.param(
            '"We will be there in March," he said.\n'
            "Tom Akers, the opposition leader, confirmed the trip on Monday.",
            [("We will be there in March", "Tom Akers", "full")],
            id="article-opens-with-he-said",
        ),
        pytest.param(
            "Prime Minister Hannah Moore will travel to Jakarta next week.\n"
            "Trade Minister Ravi Menon will join her.\n"
            '"This is about jobs at home," the prime minister said.',
            [("This is about jobs at home", "Hannah Moore", "full")],
            id="the-prime-minister",
        ),
        pytest.param(
            "Trade Minister Ravi Menon will travel to Jakarta with Prime Minister Hannah Moore next week.\n"
            '"We expect to sign two agreements," the minister said.',
            [("We expect to sign two agreements", "Ravi Menon", "full")],
            id="the-minister",
        ),
        pytest.param(
            "Prime Minister Hannah Moore met Indian Prime Minister Arjun Rao in Delhi.\n"
            '"We want a deal by Christmas," the Indian prime minister said.',
            [("We want a deal by Christmas", "Arjun Rao", "full")],
            id="the-indian-prime-minister",
        ),
        pytest.param(
            "Aroha Tane, a senior lecturer at the University of Otago, has studied the region for years.\n"
            '"Small states need friends," the lecturer said.',
            [("Small states need friends", "Aroha Tane", "full")],
            id="the-lecturer-from-an-apposition",
        ),
    ],
)
def test_pronoun_and_title_speakers(parse, article, expected):
    assert quotes(parse(article)) == expected


# --- quotes with no cue of their own ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Finance Minister Paul Grant spoke to reporters in Wellington on Monday.\n"
            '"The books are in better shape than we expected," he said.\n'
            '"We will not be cutting taxes this year."',
            [
                ("The books are in better shape than we expected", "Paul Grant", "full"),
                ("We will not be cutting taxes this year.", "Paul Grant", "full"),
            ],
            id="adjacent-paragraph-continues-the-speaker",
        ),
        pytest.param(
            'Finance Minister Paul Grant said:\n"The books are in better shape than we expected."',
            [("The books are in better shape than we expected.", "Paul Grant", "full")],
            id="paragraph-ending-x-said-colon",
        ),
        pytest.param(
            'Opposition leader Tom Akers put it bluntly:\n\n"This budget is a fantasy."',
            [("This budget is a fantasy.", "Tom Akers", "full")],
            id="paragraph-ending-put-it-bluntly-colon",
        ),
        pytest.param(
            '"We will balance the books," Paul Grant said on Monday. Opposition leader Tom Akers said:\n\n'
            '"This budget is a fantasy."',
            [
                ("We will balance the books", "Paul Grant", "full"),
                ("This budget is a fantasy.", "Tom Akers", "full"),
            ],
            id="x-said-colon-beats-the-previous-quotes-speaker",
        ),
        pytest.param(
            '"We will balance the books," Paul Grant said. Tom Akers disagreed.\n\n'
            '"This budget is a fantasy."',
            [
                ("We will balance the books", "Paul Grant", "full"),
                ("This budget is a fantasy.", "Tom Akers", "full"),
            ],
            id="new-subject-after-the-previous-quote",
        ),
        pytest.param(
            '"We will balance the books," Paul Grant said.\n\n'
            "Opposition leader Tom Akers was scathing.\n\n"
            '"This budget is a fantasy."',
            [
                ("We will balance the books", "Paul Grant", "full"),
                ("This budget is a fantasy.", "Tom Akers", "full"),
            ],
            id="narration-paragraph-between-quotes",
        ),
    ],
)
def test_speaker_from_context(parse, article, expected):
    assert quotes(parse(article)) == expected


def test_no_source_anywhere_is_unattributed(parse):
    doc = parse('"We need more beds."')
    [quote] = doc.spans["quotes"]
    assert (quote._.speaker, quote._.speaker_type, quote._.method) == ("", "", "unattributed")


def sources(doc) -> list[tuple[str, str, str]]:
    """(quote text, speaker, speaker type) for each speech quote."""
    return [
        (doc.text[slice(*span._.char_range)], span._.speaker, span._.speaker_type)
        for span in doc.spans["quotes"]
        if span.label_ != "scare"
    ]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'Hannah Moore landed in Lima on Friday. "The schedule is tight," officials said.',
            [("The schedule is tight", "officials", "group")],
            id="officials-said",
        ),
        pytest.param(
            '"The offer is final," a statement read.',
            [("The offer is final", "statement", "description")],
            id="a-statement-read",
        ),
        pytest.param(
            'Hannah Moore arrived in Lima on Friday.\n"The schedule is tight," her spokesman said.',
            [("The schedule is tight", "her spokesman", "description")],
            id="her-spokesman-is-not-her",
        ),
        pytest.param(
            'Critics say the levy is "a tax on the poor".',
            [("a tax on the poor", "Critics", "group")],
            id="critics-say",
        ),
        pytest.param(
            '"We are gravely concerned," the members of the panel wrote in a letter.',
            [("We are gravely concerned", "members of the panel", "group")],
            id="members-of-the-panel-wrote",
        ),
        pytest.param(
            '"We expect a clean win," a senior Moreau adviser said.',
            [("We expect a clean win", "senior Moreau adviser", "description")],
            id="an-adviser-is-not-whom-he-advises",
        ),
        pytest.param(
            'Peru\'s foreign ministry said the visit would be "brief".\n'
            'It would go ahead "as planned", the foreign ministry added.',
            [
                ("brief", "Peru's foreign ministry", "organisation"),
                ("as planned", "Peru's foreign ministry", "organisation"),
            ],
            id="the-ministry-named-fully-before",
        ),
    ],
)
def test_sources_that_are_not_people(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'The state news agency quoted Chen Wei as saying the talks were "useful and candid".',
            [("useful and candid", "Chen Wei", "person")],
            id="agency-quoted-x-as-saying",
        ),
        pytest.param(
            'Lisa Ng was quoted by the Herald as saying the deal was "dead in the water".',
            [("dead in the water", "Lisa Ng", "person")],
            id="x-was-quoted-by-y-as-saying",
        ),
        pytest.param(
            'The broadcaster reported President Ama Mensah as saying she would "never back down".',
            [("never back down", "Ama Mensah", "person")],
            id="y-reported-x-as-saying",
        ),
    ],
)
def test_reported_speech_of_a_reported_source(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"The vote was close," the Harbor Gazette reported.',
            [("The vote was close", "Harbor Gazette", "organisation")],
            id="an-outlet-reported",
        ),
        pytest.param(
            'Mayor Ana Ruiz said: "We will appeal," the Gazette reported.',
            [("We will appeal", "Ana Ruiz", "person")],
            id="an-outlet-passing-on-a-person-s-words",
        ),
        pytest.param(
            'Reporters asked about the reported details of the plan. "We will not comment," Ana Ruiz said.',
            [("We will not comment", "Ana Ruiz", "person")],
            id="reported-as-an-adjective",
        ),
    ],
)
def test_outlets_that_report(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Prime Minister Lucia Alvarez landed in Rome on Monday.\n"
            "'We have come to listen,' said PM Alvarez.",
            [("We have come to listen", "Lucia Alvarez", "person")],
            id="said-pm-surname",
        ),
        pytest.param(
            '"The door is open," said Foreign Minister Tomas Berg.',
            [("The door is open", "Tomas Berg", "person")],
            id="said-foreign-minister-x",
        ),
        pytest.param(
            'Rafael Ortiz made the claim that there were "thousands of fake ballots".',
            [("thousands of fake ballots", "Rafael Ortiz", "person")],
            id="the-claim-that",
        ),
        pytest.param(
            'Senator Joan Pike called Rafael Ortiz\'s comments "deeply offensive".',
            [("deeply offensive", "Joan Pike", "person")],
            id="called-y-s-comments-is-x-speaking",
        ),
    ],
)
def test_speaker_after_the_cue_and_speech_nouns(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Tara Quinn visited Dover on Friday.\n\n"
            '"She has the momentum," said one longtime Quinn confidant.',
            [("She has the momentum", "one longtime Quinn confidant", "description")],
            id="said-one-x-confidant-is-not-x",
        ),
        pytest.param(
            '"It is hers to lose," added another Vermont Republican.',
            [("It is hers to lose", "another Vermont Republican", "description")],
            id="added-another-party-member",
        ),
        pytest.param(
            '"The numbers do not add up," said a senior adviser to Governor Pia Lund.',
            [("The numbers do not add up", "senior adviser to Governor Pia Lund", "description")],
            id="said-an-adviser-to-x",
        ),
        pytest.param(
            '"It is not a crisis of supply," Martin Okafor, a former Treasury economist, said at a forum.',
            [("It is not a crisis of supply", "Martin Okafor", "person")],
            id="name-and-apposition-before-the-verb",
        ),
        pytest.param(
            '"We were never told," a union official, who asked not to be named, said on Monday.',
            [("We were never told", "union official", "description")],
            id="unnamed-source-with-a-clause-before-the-verb",
        ),
        pytest.param(
            "Republican Congress leaders met on Monday.\n\n"
            '"We will hold the House," said one Ohio Republican involved in the talks.',
            [("We will hold the House", "one Ohio Republican", "description")],
            id="one-party-member-is-not-an-organisation-named-before",
        ),
        pytest.param(
            '"It was a fair trial," Democrats said.',
            [("It was a fair trial", "Democrats", "group")],
            id="party-members-are-a-group",
        ),
        pytest.param(
            "Speaking at the party convention Sen. Ada Lim (D-Ore.) said Sunday that Mr. Vale was "
            '"a proven failure".',
            [("a proven failure", "Ada Lim", "person")],
            id="a-name-right-before-a-verb-left-without-subject",
        ),
        pytest.param(
            '"We will win the county," said one of the organisers, who asked not to be named.',
            [("We will win the county", "one of the organisers", "description")],
            id="said-one-of-the-x",
        ),
        pytest.param(
            '"It was a lovely night," said the 52-year-old.',
            [("It was a lovely night", "52-year-old", "description")],
            id="said-the-n-year-old",
        ),
        pytest.param(
            'Campaign manager Dana Whitcombe spoke on Monday.\n\n"It is a new tone," Whitcombe notes.',
            [("It is a new tone", "Dana Whitcombe", "person")],
            id="a-surname-the-model-did-not-tag-before-the-verb",
        ),
        pytest.param(
            '"We reject the claims," the Saudis state in the paper.',
            [("We reject the claims", "Saudis", "group")],
            id="a-verb-the-tagger-took-for-a-noun",
        ),
        pytest.param(
            '"The vote is close," said Anna Berg on Tuesday.',
            [("The vote is close", "Anna Berg", "person")],
            id="said-name-then-a-date",
        ),
        pytest.param(
            "Campaign chief Leo Marsh, citing ''a wave of new voters,'' said the senator could carry Ohio.",
            [("a wave of new voters", "Leo Marsh", "person")],
            id="the-subject-before-the-quote-speaks-not-the-noun-after",
        ),
        pytest.param(
            '"Is that all?" Nora Diaz asked. "We need a plan -- NOW!"\n\n'
            "Sen. Paul Roe, in a radio interview, "
            "said the budget was late.",
            [("Is that all?", "Nora Diaz", "person"), ("We need a plan -- NOW!", "Nora Diaz", "person")],
            id="a-name-in-the-next-paragraph-is-not-the-source",
        ),
    ],
)
def test_the_source_written_next_to_the_cue(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            '"We will win this county," Carly Hartwell said.',
            [("We will win this county", "Carly Hartwell", "person")],
            id="a-given-name-and-a-surname-the-model-took-for-an-organisation",
        ),
        pytest.param(
            '"We will win this county," Megan Vasquez-Holt said.',
            [("We will win this county", "Megan Vasquez-Holt", "person")],
            id="a-double-barrelled-surname",
        ),
        pytest.param(
            '"We have no comment on the bid," Harbor Crest Capital said.',
            [("We have no comment on the bid", "Harbor Crest Capital", "organisation")],
            id="a-firm-stays-a-firm",
        ),
        pytest.param(
            '"We will expose every lie," America Forward said.',
            [("We will expose every lie", "America Forward", "organisation")],
            id="a-place-is-no-given-name",
        ),
        pytest.param(
            '"The vote was rigged," Al Nour Party said in a statement.',
            [("The vote was rigged", "Al Nour Party", "organisation")],
            id="a-particle-is-no-given-name",
        ),
    ],
)
def test_sources_named_like_people_are_people(parse, article, expected):
    assert sources(parse(article)) == expected


def test_she_can_mean_a_person_the_model_took_for_an_organisation(parse):
    doc = parse(
        "Carly Hartwell, a former executive, spoke at the rally in Miami on Wednesday. "
        'She praised the senator.\n\n"He never gives up," she said to cheers.'
    )
    assert sources(doc) == [("He never gives up", "Carly Hartwell", "person")]


def test_a_headline_quote_repeated_in_the_body_is_one_quote(parse):
    doc = parse(
        "Moreau: 'We Will Not Be Rushed'\n\n"
        "French President Luc Moreau said on Monday: 'We will not be rushed.'"
    )
    assert sources(doc) == [("We will not be rushed.", "Luc Moreau", "person")]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Ryan Hale said,“Look, this has no place in a campaign.”",
            [("Look, this has no place in a campaign.", "Ryan Hale", "person")],
            id="mark-against-the-comma",
        ),
        pytest.param(
            '"Voters fear him the most,"Kate Oyelaran said in a statement.',
            [("Voters fear him the most", "Kate Oyelaran", "person")],
            id="mark-against-the-name",
        ),
        pytest.param(
            "Prime Minister Arun Mehra landed in Lima. In anticipation of the talks, PM Mehra tweeted, "
            '"I am confident our talks will go well."',
            [("I am confident our talks will go well.", "Arun Mehra", "person")],
            id="pm-x-tweeted",
        ),
        pytest.param(
            'Senator Ruth Okoye rallied supporters by warning that "the rule of law is in danger".',
            [("the rule of law is in danger", "Ruth Okoye", "person")],
            id="by-warning-that",
        ),
        pytest.param(
            'The agency issued a statement. It said the visit was "postponed indefinitely".',
            [("postponed indefinitely", "agency", "organisation")],
            id="it-said-is-the-agency",
        ),
        pytest.param(
            'As Senator Ann Cole put it, "The door is shut."',
            [("The door is shut.", "Ann Cole", "person")],
            id="as-x-put-it",
        ),
        pytest.param(
            'Some accounts put the town on their profiles as "the last free town on earth" and moved on.',
            [("the last free town on earth", "", "")],
            id="putting-something-somewhere-is-no-speech",
        ),
        pytest.param(
            'Protesters carried a sign that read "No more wars".',
            [("No more wars", "", "")],
            id="a-sign-is-no-source",
        ),
    ],
)
def test_cues_real_reports_write(parse, article, expected):
    assert sources(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "The Chilean president, Tomas Vidal, arrived in Madrid on Monday.\n"
            'The Chilean president told reporters he wanted "a new chapter".',
            [("a new chapter", "Tomas Vidal", "person")],
            id="the-title-a-name-was-given-in-apposition",
        ),
        pytest.param(
            "President Amos Kiprono hosted a dinner on Tuesday.\n"
            'The Head of State added: "Our friendship is strong."',
            [("Our friendship is strong.", "Amos Kiprono", "person")],
            id="the-head-of-state",
        ),
        pytest.param(
            "Presidential spokesperson Tunde Bello spoke on Saturday.\n"
            "He said Ms Okoro had concluded her official trip and had to leave for London "
            "“for a short private visit.”",
            [("for a short private visit.", "Tunde Bello", "person")],
            id="a-coordinated-action-is-not-reported-speech",
        ),
        pytest.param(
            '"The president has landed in Accra [Ghana]," the Presidency said.',
            [("The president has landed in Accra [Ghana]", "Presidency", "organisation")],
            id="a-subject-inside-the-quote-is-not-the-source",
        ),
    ],
)
def test_titles_and_subjects_real_reports_use(parse, article, expected):
    assert sources(parse(article)) == expected


# --- hard negatives: another person is near the quote ----------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'Ravi Menon and Lisa Ng met in Singapore on Monday. "We agreed on nothing," Ng said.',
            [("We agreed on nothing", "Lisa Ng", "full")],
            id="two-people-in-the-paragraph",
        ),
        pytest.param(
            '"It was productive," said Ravi Menon, who met Lisa Ng on Monday.',
            [("It was productive", "Ravi Menon", "full")],
            id="said-x-who-met-y",
        ),
        pytest.param(
            'Tom Akers told Lisa Ng that the offer was "final".',
            [("final", "Tom Akers", "partial")],
            id="subject-not-object",
        ),
        pytest.param(
            # The quoted word is what Akers told her: the innermost speech act that happened owns it.
            'Lisa Ng said Tom Akers told her the offer was "final".',
            [("final", "Tom Akers", "partial")],
            id="x-said-y-told-her",
        ),
        pytest.param(
            'Opposition leader Tom Akers said he expected Hannah Moore to announce "a small deal" in Lima.',
            [("a small deal", "Tom Akers", "partial")],
            id="irrealis-expected-y-to-announce",
        ),
        pytest.param(
            'Tom Akers said Hannah Moore would "spin" the result.',
            [("spin", "Tom Akers", "partial")],
            id="x-said-y-would",
        ),
        pytest.param(
            '"I think it went well," Hannah Moore told reporters, '
            'adding that the two leaders had agreed to "keep talking".',
            [("I think it went well", "Hannah Moore", "full"), ("keep talking", "Hannah Moore", "partial")],
            id="adding-that-others-agreed",
        ),
    ],
)
def test_hard_negatives(parse, article, expected):
    assert quotes(parse(article)) == expected


def test_a_name_inside_a_quote_is_never_a_pronoun_antecedent(parse):
    # "according to aides" is read while quote kinds are told apart, before any token is known as
    # speech: what was read then must not make the quoted President Ortiz the "he" who spoke.
    doc = parse(
        'Sen. Tom Reyes spoke first. The plan was "a disaster", according to aides.\n\n'
        '"I warned that President Hal Ortiz has done nothing," the Texas senator said.\n\n'
        '"It is a failure," he said.'
    )
    assert sources(doc)[-1] == ("It is a failure", "Tom Reyes", "person")


# --- rows -----------------------------------------------------------------------------------------


def test_quote_rows_point_at_the_quote_text(parse):
    article = (
        "Trade Minister Ravi Menon arrived in Suva on Monday.\n\n"
        "“It’s the Leader’s call, not mine,” he said.\n\n"
        "‘We won’t sign a bad deal,’ Menon told the BBC.\n\n"
        'The "photo opportunity" lasted ten minutes.\n\n'
        '"Back in the ’90s, taxpayers\' money went further," he said.'
    )
    doc = parse(article)
    rows = quote_rows(doc, "a1")
    assert [(r["quote"], r["speaker"], r["kind"], r["paragraph"]) for r in rows] == [
        ("It’s the Leader’s call, not mine", "Ravi Menon", "full", 1),
        ("We won’t sign a bad deal", "Ravi Menon", "full", 2),
        ("photo opportunity", "", "scare", 3),
        ("Back in the ’90s, taxpayers' money went further", "Ravi Menon", "full", 4),
    ]
    assert all(article[r["start"] : r["end"]] == r["quote"] for r in rows)


def test_quote_rows_say_where_the_cue_the_speaker_and_the_sentence_are(parse):
    article = 'Trade Minister Ravi Menon arrived in Suva.\n\n"We will sign," Menon told reporters on Monday.'
    [row] = quote_rows(parse(article), "a1")
    assert article[row["cue_start"] : row["cue_end"]] == "told"
    assert article[row["speaker_start"] : row["speaker_end"]] == "Menon"
    assert article[row["sentence_start"] : row["sentence_end"]].startswith('"We will sign,"')


def test_a_continued_quote_points_at_no_speaker_of_its_own(parse):
    article = '"We will sign," Menon told reporters.\n\n"It is a good deal."'
    rows = quote_rows(parse(article), "a1")
    assert (rows[1]["method"], rows[1]["speaker_start"], rows[1]["cue_start"]) == ("continuation", -1, -1)


def test_transcript_lines_are_quotes_of_their_labelled_speaker(parse):
    doc = parse(
        "The moderator, Dana Whitfield, opened the debate.\n\n"
        "WHITFIELD: Governor, what is your plan?\n\n"
        "OKORO: We will cut taxes for working families.\n\n"
        "Q: Will you run again?"
    )
    assert sources(doc) == [
        ("Governor, what is your plan?", "Dana Whitfield", "person"),
        ("We will cut taxes for working families.", "Okoro", "person"),
    ]  # "Q:" names no one: no quote is read from it


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        pytest.param(
            "''We will win,'' Mr. Abara said.", ["We will win"], id="two-apostrophes-as-archives-store-them"
        ),
        pytest.param("Elle a dit « nous gagnerons » hier.", ["nous gagnerons"], id="guillemets"),
        pytest.param("Sie sagte „wir gewinnen“ gestern.", ["wir gewinnen"], id="low-nine-closed-by-high-six"),
    ],
)
def test_quote_mark_conventions(paragraph, expected):
    assert marked(paragraph) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Ambassador Lund asked for more guards in June. The cable put the number needed for "
            '"safe movement around the capital" at twelve.',
            [("safe movement around the capital", "cable", "partial")],
            id="a-cable",
        ),
    ],
)
def test_words_quoted_in_a_sentence_about_a_text_are_the_texts(parse, article, expected):
    assert quotes(parse(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            'Mayor Ruth Adler was, in the words of a senior aide, "the only adult in the room."',
            [("the only adult in the room.", "senior aide", "full")],
            id="in-the-words-of",
        ),
        pytest.param(
            'The fair was moved to Dayton because, in the organisers’ words, "no other city bid for it."',
            [("no other city bid for it.", "organisers", "full")],
            id="in-someones-words",
        ),
        pytest.param(
            "The Harbor Summit was held last month in Bergen because, in Forbes’ words, "
            "“it is the most inventive place on the planet.”",
            [("it is the most inventive place on the planet.", "Forbes", "full")],
            id="a-name-ending-in-s-and-an-apostrophe",
        ),
        pytest.param(
            'The council met twice. In other words, "the plan is dead."',
            [("the plan is dead.", "", "full")],
            id="in-other-words-names-no-one",
        ),
    ],
)
def test_in_the_words_of_someone(parse, article, expected):
    assert quotes(parse(article)) == expected
