"""Whom `he` and `she` before or after a quote stand for (lib.people `resolve_pronoun`): the person a
passage is about when the parse gives no person as a subject. Every example is invented; rows are
(quote text, speaker) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import speakers


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Senator Lyle Brandt said the vote had been rigged. Governor Owen Pike’s budget passed the "
            "House on Friday with two votes to spare. “We kept every promise we made,” he said.",
            [("We kept every promise we made", "Owen Pike")],
            id="the-owner-of-a-subject-that-is-a-thing",
        ),
        pytest.param(
            "Defense attorney Mark Ellison told the jury that the evidence was thin. Judge Walter Quinn’s "
            "ruling on Thursday barred the video from the trial. "
            "“The law on this point is settled,” he wrote.",
            [("The law on this point is settled", "Walter Quinn")],
            id="an-owner-marked-as-a-determiner-by-the-parse",
        ),
    ],
)
def test_he_after_a_sentence_about_what_someone_did_is_that_someone(parse, article, expected):
    assert speakers(parse(article)) == expected


def test_the_owner_of_a_person_is_not_who_speaks(parse):
    doc = parse(
        "Mayor Ben Fisk said the lawsuit was baseless. Roy Tate’s brother filed it in federal court on "
        "Friday. “This is about fairness,” he said."
    )
    assert [speaker for _, speaker in speakers(doc)] != ["Roy Tate"]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Senator Miles Okafor and his wife, Grace Okafor, hosted the fundraiser in Atlanta. Mr. Okafor "
            "“thanked every donor by name,” said Luis Paredes, a longtime supporter. Mrs. Okafor spent the "
            "evening at the back of the room. “I have known them for twenty years,” he said.",
            "Luis Paredes",
            id="a-subject",
        ),
        pytest.param(
            "In 2003, Representative Tom Garrity of Ohio posed for a photograph with Governor Hank Lindqvist "
            "and Ada Lindqvist at the gala. Mr. Lindqvist “shook my hand like nothing had happened,” "
            "Mr. Garrity said in an interview. But Mrs. Lindqvist, who was busy greeting a senator, was "
            "colder. “She barely looked at me,” he said.",
            "Tom Garrity",
            id="a-subject-with-a-relative-clause",
        ),
    ],
)
def test_he_is_not_someone_a_woman_s_honorific_names(parse, article, expected):
    """A surname the article gives both a man and a woman (`Mr. Okafor`, `Mrs. Okafor`): the mention
    with `Mrs.` before it is no candidate for `he`."""
    assert speakers(parse(article))[-1][1] == expected
