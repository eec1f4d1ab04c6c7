"""Meetings (lib.meetings): one sentence in, the (pair of people, status) rows out. Every example is
invented."""

from __future__ import annotations

import pytest

from lib.corpus import Article
from lib.frames import MEETING_COLUMNS
from lib.meetings import meeting_rows


def meetings(parse, text: str, date: str = "") -> set[tuple[frozenset[str], str]]:
    rows = meeting_rows(parse(text, date=date), Article("test", "test.txt", text, date=date))
    return {(frozenset((row["person_a"], row["person_b"])), row["status"]) for row in rows}


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Irish Prime Minister Sean Doyle met Kenyan President Amos Kiprono in Nairobi on Monday.",
            {(pair("Sean Doyle", "Amos Kiprono"), "completed")},
            id="x-met-y",
        ),
        pytest.param(
            "Irish Prime Minister Sean Doyle will meet Kenyan President Amos Kiprono next week.",
            {(pair("Sean Doyle", "Amos Kiprono"), "planned")},
            id="x-will-meet-y",
        ),
        pytest.param(
            "Sean Doyle and Amos Kiprono met in Lima on Friday.",
            {(pair("Sean Doyle", "Amos Kiprono"), "completed")},
            id="x-and-y-met",
        ),
        pytest.param(
            "Irish Prime Minister Sean Doyle held talks with Kenyan President Amos Kiprono.",
            {(pair("Sean Doyle", "Amos Kiprono"), "completed")},
            id="held-talks-with",
        ),
        pytest.param(
            "On the sidelines of the summit, Sean Doyle spoke with Amos Kiprono about trade.",
            {(pair("Sean Doyle", "Amos Kiprono"), "completed")},
            id="spoke-with",
        ),
        pytest.param(
            "A bilateral meeting between Sean Doyle and Amos Kiprono is planned for Tuesday.",
            {(pair("Sean Doyle", "Amos Kiprono"), "planned")},
            id="a-meeting-between-x-and-y",
        ),
        pytest.param(
            "Kenyan President Amos Kiprono hosted Irish Prime Minister Sean Doyle at State House on Tuesday.",
            {(pair("Amos Kiprono", "Sean Doyle"), "completed")},
            id="x-hosted-y",
        ),
        pytest.param(
            "Irish Prime Minister Sean Doyle was welcomed to Tokyo by Japanese Prime Minister Haruto Sato.",
            {(pair("Haruto Sato", "Sean Doyle"), "completed")},
            id="y-was-welcomed-by-x",
        ),
        pytest.param(
            "President Amos Kiprono hosted a state banquet in honour of Finnish President Lina Berg in "
            "Nairobi.",
            {(pair("Amos Kiprono", "Lina Berg"), "completed")},
            id="banquet-in-honour-of-y",
        ),
        pytest.param(
            "Sean Doyle, accompanied by Foreign Minister Aoife Byrne, met Amos Kiprono on Monday.",
            {
                (pair("Sean Doyle", "Amos Kiprono"), "completed"),
                (pair("Aoife Byrne", "Amos Kiprono"), "completed"),
            },
            id="accompanied-by-one-side-meets-the-other",
        ),
        pytest.param(
            "Sean Doyle held a three-way meeting with Amos Kiprono and Ana Lopes.",
            {
                (pair("Sean Doyle", "Amos Kiprono"), "completed"),
                (pair("Sean Doyle", "Ana Lopes"), "completed"),
            },
            id="three-way-meeting",
        ),
    ],
)
def test_meetings(parse, text, expected):
    assert meetings(parse, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Sean Doyle spoke to Amos Kiprono over the phone on Monday.", id="a-phone-call"),
        pytest.param("Sean Doyle spoke to reporters in Dublin.", id="spoke-to-reporters"),
        pytest.param('Sean Doyle said: "I met Amos Kiprono in Nairobi."', id="inside-a-quote"),
        pytest.param("Sean Doyle will meet other leaders at the summit.", id="no-second-person"),
        pytest.param("Japan hosted Irish Prime Minister Sean Doyle for three days.", id="a-country-hosts"),
        pytest.param(
            "The summit followed a dinner hosted by President Amos Kiprono and his wife, Grace Kiprono.",
            id="hosts-with-no-guest",
        ),
        pytest.param("Sean Doyle welcomed Amos Kiprono's remarks on trade.", id="welcomed-remarks"),
        pytest.param(
            "Senator Ruth Hale said she would welcome Governor Amos Kiprono to her state.",
            id="would-welcome",
        ),
        pytest.param(
            "Vice President Ruth Njeri will represent President Amos Kiprono at the summit.",
            id="standing-in-for-someone",
        ),
        pytest.param(
            "Irish Prime Minister Sean Doyle proposed a trip to Nairobi for a full bilateral meeting "
            "with Kenyan President Amos Kiprono.",
            id="a-proposed-meeting",
        ),
        pytest.param(
            "He also suggested that Finance Minister Aoife Byrne meet her counterpart, Minister Ruth "
            "Njeri, early next year.",
            id="a-suggested-meeting",
        ),
        pytest.param(
            "Kenyan President Amos Kiprono has invited Irish Prime Minister Sean Doyle to meet him in "
            "Nairobi.",
            id="an-invitation-to-meet",
        ),
    ],
)
def test_not_meetings(parse, text):
    assert meetings(parse, text) == set()


def test_meeting_rows_keep_the_contract_and_point_at_the_sentence(parse):
    text = "Talks ended.\n\nSean Doyle met Amos Kiprono in Nairobi on 3 March 2025."
    [row] = meeting_rows(parse(text), Article("a1", "a1.txt", text))
    assert list(row) == MEETING_COLUMNS
    assert (row["place"], row["country"], row["date"]) == ("Nairobi", "Kenya", "2025-03-03")
    assert text[row["start"] : row["end"]] == row["evidence"]


def test_a_proposal_made_after_a_meeting_leaves_the_meeting(parse):
    text = "After meeting with Amos Kiprono in Nairobi, Sean Doyle proposed new rules on fishing."
    assert meetings(parse, text) == {(pair("Sean Doyle", "Amos Kiprono"), "completed")}


def test_an_invitation_taken_up_is_a_planned_meeting(parse):
    text = "Sean Doyle has accepted an invitation to meet Amos Kiprono in Nairobi next month."
    assert meetings(parse, text) == {(pair("Sean Doyle", "Amos Kiprono"), "planned")}


def test_a_headline_meeting_takes_the_place_the_next_sentence_gives_it(parse):
    text = (
        "Chancellor Petra Lindqvist and President Amos Kiprono Hold Talks at Nato Summit\n\n"
        "The meeting, held at the Pestana Palace Hotel in Lisbon, lasted about an hour.\n\n"
        "Chancellor Petra Lindqvist urged closer trade ties, while President Amos Kiprono raised debt "
        "relief."
    )
    [row] = meeting_rows(parse(text), Article("a1", "a1.txt", text))
    assert {row["person_a"], row["person_b"]} == {"Petra Lindqvist", "Amos Kiprono"}
    assert (row["place"], row["country"]) == ("Lisbon", "Portugal")


def test_a_meeting_on_a_trip_takes_the_trips_place_and_day(parse):
    # 6 March 2024 is a Wednesday: the visit, and the meeting on it, are today's.
    text = (
        "Chilean Foreign Minister Ana Torres will meet Korean President Min-jun Park during a visit to "
        "Seoul on Wednesday."
    )
    [row] = meeting_rows(parse(text, date="2024-03-06"), Article("a1", "a1.txt", text, date="2024-03-06"))
    assert (row["place"], row["country"], row["date"], row["status"]) == (
        "Seoul",
        "South Korea",
        "2024-03-06",
        "ongoing",
    )
    text = (
        "Irish Prime Minister Sean Doyle arrived in Nairobi on Monday for a three-day state visit to "
        "Kenya, during which he will meet President Amos Kiprono."
    )
    [row] = meeting_rows(parse(text), Article("a1", "a1.txt", text))
    assert (row["person_a"], row["person_b"], row["country"]) == ("Sean Doyle", "Amos Kiprono", "Kenya")
