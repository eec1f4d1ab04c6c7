"""Quotes that no strategy gave a speaker before (lib.quotes): labels naming two people or a body the
model does not know.

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
