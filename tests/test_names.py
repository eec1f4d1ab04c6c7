"""merge_person_variants: one name per person across a corpus, in mentions, quote speakers and visitors."""

from __future__ import annotations

import pandas as pd

from lib.frames import CorpusFrames, typed_frame
from lib.names import merge_person_variants


def frames_naming(people: list[str], speakers: list[str], visitors: list[str]) -> CorpusFrames:
    frames = CorpusFrames()
    frames.mentions = typed_frame(
        pd.DataFrame({"article_id": "a", "entity": people, "label": "PERSON"}), "mentions"
    )
    frames.quotes = typed_frame(pd.DataFrame({"article_id": "a", "speaker": speakers}), "quotes")
    frames.visits = typed_frame(pd.DataFrame({"article_id": "a", "visitor": visitors}), "visits")
    return frames


def test_short_forms_of_one_person_take_the_full_name_everywhere():
    frames = frames_naming(
        ["Christopher Luxon", "Luxon", "Chris Luxon", "Winston Peters"], ["Luxon", ""], ["Chris Luxon"]
    )
    merge_person_variants(frames)
    assert frames.mentions["entity"].tolist() == ["Christopher Luxon"] * 3 + ["Winston Peters"]
    assert frames.quotes["speaker"].tolist() == ["Christopher Luxon", ""]
    assert frames.visits["visitor"].tolist() == ["Christopher Luxon"]


def test_a_surname_two_people_share_stays_as_it_is():
    frames = frames_naming(["Ana Ruiz", "Pedro Ruiz", "Ruiz"], ["Ruiz"], [])
    merge_person_variants(frames)
    assert frames.mentions["entity"].tolist() == ["Ana Ruiz", "Pedro Ruiz", "Ruiz"]
    assert frames.quotes["speaker"].tolist() == ["Ruiz"]


def test_a_surname_beside_a_father_and_his_son_is_the_father():
    frames = frames_naming(["Paul Osei", "Paul Osei Jr", "Osei Jr", "Osei"], ["Osei", "Osei Jr"], [])
    merge_person_variants(frames)
    assert frames.mentions["entity"].tolist() == ["Paul Osei", "Paul Osei Jr", "Paul Osei Jr", "Paul Osei"]
    assert frames.quotes["speaker"].tolist() == ["Paul Osei", "Paul Osei Jr"]
