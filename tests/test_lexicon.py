"""The shared word lists (lib.lexicon) as the rules that read them see them. Every example is invented."""

from __future__ import annotations

import pytest

from lib.derived import titles_before
from tests.test_quotes import speakers


def test_the_title_file_is_part_of_the_titles_every_rule_reads():
    """lib/data/name_titles.txt ("Sheriff", "Rabbi") counts as a title beside the office words, so a
    person's page shows it as the title the article gives them."""
    body = "Sheriff Dale Brantley closed the road. Rabbi Tova Hirsch led the vigil, and Mayor Ana Ruiz spoke."
    starts = [body.index(name) for name in ("Dale", "Tova", "Ana")]
    assert titles_before(body, starts) == {"Sheriff": 1, "Rabbi": 1, "Mayor": 1}


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        pytest.param('"Lock the gates!" the marchers screamed back.', ("marchers", "group"), id="scream"),
        pytest.param(
            'Her aunt, a retired nurse, relates the night plainly: "We waited four hours for a doctor."',
            ("Her aunt", "description"),
            id="relate",
        ),
        pytest.param(
            'The farm lobby said the tariff would "gut rural incomes."',
            ("farm lobby", "organisation"),
            id="lobby",
        ),
        pytest.param(
            "Democratic nominee Dana Whitfield toured the mill on Friday. "
            'The nominee told reporters the race was "wide open."',
            ("Dana Whitfield", "person"),
            id="the-nominee-is-whoever-was-introduced-so",
        ),
    ],
)
def test_words_that_report_speech_and_name_sources(parse, article, expected):
    """A verb of the reporting list makes a cue, a role noun leads back to the person introduced with
    it, an organisation noun makes an organisation source."""
    doc = parse(article)
    (quote,) = doc.spans["quotes"]
    assert (quote._.speaker, str(quote._.speaker_type)) == expected


@pytest.mark.parametrize(
    "noun", ["moderator", "questioner", "heckler", "interviewer", "panelist", "listener", "viewer", "reader"]
)
def test_people_who_ask_or_listen_are_people_a_pronoun_goes_on_from(parse, noun):
    """lib/data/person_nouns.txt: `she` after an unnamed `moderator` who spoke is that person, not the
    woman named before."""
    doc = parse(
        f'Senator Ana Ruiz took the stage in Dayton. "Your time is up," a {noun} told her. '
        '"Please sit down now," she added.'
    )
    assert ("Please sit down now", noun) in speakers(doc)
