"""Cues whose subject is a pronoun that stands for no single person (lib.quote_sources `source_referent`,
`_what_it_is`): `they` after a group, an organisation or people named together. Every example is
invented; rows are (quote text, speaker) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from lib.frames import SpeakerType


def speakers(doc) -> list[tuple[str, str, str]]:
    return [
        (doc.text[slice(*span._.char_range)], span._.speaker, span._.speaker_type)
        for span in doc.spans["quotes"]
    ]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Biologists at Coastal State University tracked the reef for a decade. "
            "“The coral never came back after the storm,” they wrote in the journal.",
            ("The coral never came back after the storm", "Biologists at Coastal State University"),
            id="a-plural-noun-before-they",
        ),
        pytest.param(
            "The Gazette's editorial board weighed in on Sunday. "
            "“The council has squandered the public's patience,” they wrote.",
            ("The council has squandered the public's patience", "Gazette's editorial board"),
            id="an-editorial-board",
        ),
        pytest.param(
            "Inspectors with the port authority said the cranes had been idle since March. "
            "“Nothing moves until the contract is signed,” they said.",
            ("Nothing moves until the contract is signed", "Inspectors with the port authority"),
            id="not-the-subject-of-what-they-reported",
        ),
    ],
)
def test_they_is_the_group_before_it(parse, article, expected):
    rows = {(text, speaker) for text, speaker, kind in speakers(parse(article)) if kind != SpeakerType.PERSON}
    assert expected in rows


def test_they_after_two_named_people_is_both_of_them(parse):
    doc = parse(
        "Ana Vo and Raj Patel spent a year inside the county's jails. "
        "“Nobody we met had seen a lawyer within a week,” they concluded."
    )
    assert speakers(doc) == [
        ("Nobody we met had seen a lawyer within a week", "Ana Vo and Raj Patel", SpeakerType.GROUP)
    ]


@pytest.mark.parametrize(
    "article",
    [
        pytest.param(
            "Senator Dana Whitfield left the chamber after the vote. "
            "“We expect a veto by Friday,” they said.",
            id="never-one-person",
        ),
        pytest.param(
            "Deputies detained four students outside the library on Monday. "
            "“We were only handing out leaflets,” they said.",
            id="a-group-acted-on-could-as-well-be-they",
        ),
    ],
)
def test_they_with_no_safe_group_has_no_speaker(parse, article):
    assert [speaker for _, speaker, _ in speakers(parse(article))] == [""]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Firefighters sealed off the harbour after the explosion. A correspondent for the Baltic "
            "Wire called it “sheer bedlam.” “Crowds were running toward the ferry,” he said.\n\n"
            "Mayor Henrik Solberg visited the harbour on Friday.",
            ("Crowds were running toward the ferry", "correspondent for the Baltic Wire"),
            id="not-the-person-named-after-it",
        ),
        pytest.param(
            "Senator Mae Tillery toured the flooded farms on Tuesday. A photographer for the Valley "
            "Courier described the fields as lakes. “The corn is gone,” she said.",
            ("The corn is gone", "photographer for the Valley Courier"),
            id="not-the-person-named-before-it",
        ),
        pytest.param(
            "Water reached the second floor overnight. “We lost the whole kitchen,” said a woman who rents "
            "on Birch Lane. “Nobody came to help,” she added.",
            ("Nobody came to help", "woman"),
            id="the-unnamed-woman-who-spoke-before",
        ),
    ],
)
def test_he_or_she_after_someone_unnamed_speaking_is_that_person(parse, article, expected):
    rows = {(text, speaker) for text, speaker, kind in speakers(parse(article)) if kind != SpeakerType.PERSON}
    assert expected in rows


def test_he_after_someone_unnamed_doing_something_else_is_still_the_person_named(parse):
    doc = parse(
        "Senator Mae Tillery toured the shelter on Tuesday. A clerk from the county handed out "
        "blankets. “We will rebuild every house,” she said."
    )
    assert [speaker for _, speaker, _ in speakers(doc)] == ["Mae Tillery"]


def test_he_after_someone_unnamed_asking_a_named_man_is_that_man(parse):
    doc = parse(
        "Governor Ray Castellanos greeted volunteers in Reno. A reporter asked Castellanos whether he "
        "was worried. He replied: “Worry is for people without a plan.”"
    )
    assert [speaker for _, speaker, _ in speakers(doc)] == ["Ray Castellanos"]


def test_he_after_two_unnamed_men_is_neither_of_them(parse):
    doc = parse(
        "Two men argued about the fence outside the courthouse. “This wall belongs to the county,” he said."
    )
    assert [speaker for _, speaker, _ in speakers(doc)] == [""]


def test_they_after_findings_is_not_the_findings(parse):
    doc = parse(
        "Pollsters at Brightline asked voters about the levy. These figures suggest a close race. "
        "“Turnout will decide it,” they said."
    )
    assert [speaker for _, speaker, _ in speakers(doc)] != ["figures"]
