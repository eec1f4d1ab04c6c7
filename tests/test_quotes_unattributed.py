"""Quotes that no strategy gave a speaker before (lib.quotes): labels naming two people or a body the
model does not know, and a cue sentence parted from its quote by a full stop.

Every example is invented; rows are (quote text, speaker, kind) as in tests/test_quotes.py.
"""

from __future__ import annotations

import pytest

from tests.test_quotes import quotes


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Counting ended late in Geelong.\n\n"
            "Late deciders broke one way - Tomas Reyes and Hanna Lindqvist: “Voters who made up their minds "
            "in the last week went to the challenger by two to one.”",
            [
                (
                    "Voters who made up their minds in the last week went to the challenger by two to one.",
                    "Tomas Reyes and Hanna Lindqvist",
                    "full",
                )
            ],
            id="two-authors-as-one-label",
        ),
        pytest.param(
            "Tomas Reyes and Hanna Lindqvist run the university's election survey.\n\n"
            "More from Reyes and Lindqvist: “We had never seen turnout that high among renters.”",
            [
                (
                    "We had never seen turnout that high among renters.",
                    "Tomas Reyes and Hanna Lindqvist",
                    "full",
                )
            ],
            id="more-from-two-people-introduced-before",
        ),
        pytest.param(
            "The last polls came out on Friday.\n\n"
            "Phone polls held up best - PollWatch: “Surveys that called mobile phones missed the result by "
            "less than a point.”",
            [
                (
                    "Surveys that called mobile phones missed the result by less than a point.",
                    "PollWatch",
                    "full",
                )
            ],
            id="a-body-the-model-does-not-know-after-a-dash",
        ),
        pytest.param(
            "The last polls came out on Friday.\n\n"
            "Phone polls held up best - and worse: “Surveys that called mobile phones missed the result by "
            "less than a point.”",
            [
                (
                    "Surveys that called mobile phones missed the result by less than a point.",
                    "",
                    "full",
                )
            ],
            id="no-label-without-a-name",
        ),
    ],
)
def test_labels_of_several_names_and_unknown_bodies(nlp, article, expected):
    assert quotes(nlp(article)) == expected


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param(
            "Mayor Ada Lee opened the session.\n\n"
            "“We will fix the bridge before winter,” Lee said.\n\n"
            "“The harbour will reopen in May.” Governor Ruth Okafor said.",
            [
                ("We will fix the bridge before winter", "Ada Lee", "full"),
                ("The harbour will reopen in May.", "Ruth Okafor", "full"),
            ],
            id="a-stop-where-the-comma-belongs",
        ),
        pytest.param(
            "Harbour officials met with Mayor Ada Lee on Thursday.\n\n"
            "“Nobody will lose a berth this season.” Port director Sam Whitlock added in a statement.",
            [("Nobody will lose a berth this season.", "Sam Whitlock", "full")],
            id="a-cue-with-words-about-how",
        ),
        pytest.param(
            "Mayor Ada Lee opened the session.\n\n"
            "“We will fix the bridge before winter,” Lee said.\n\n"
            "“The harbour will reopen in May.” Governor Ruth Okafor said on Friday that berths were full.",
            [
                ("We will fix the bridge before winter", "Ada Lee", "full"),
                ("The harbour will reopen in May.", "Ada Lee", "full"),
            ],
            id="a-sentence-that-says-something-of-its-own-is-no-cue",
        ),
    ],
)
def test_a_cue_sentence_after_a_full_stop(nlp, article, expected):
    assert quotes(nlp(article)) == expected
