"""Co-occurrence counts and measures on a small hand-made mentions frame (counted by eye)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.cooccurrence import (
    MEASURES,
    WINDOWS,
    association,
    cooccurrence_counts,
    labels_for,
    mention_counts,
    partners,
    scored_pairs,
    shared_windows,
    square_matrix,
    window_frequencies,
)

# article a1: sentence 0 = A B C, 1 = A B, 2 = A A D, 3 = D E; paragraphs: sentences 0-1 = p0, 2-3 = p1
# article a2: sentence 0 = A C (paragraph 0)
# labels: A, B people; C place; D organisation; E event
MENTIONS = [
    ("a1", "A", "PERSON", 0, 0),
    ("a1", "B", "PERSON", 0, 0),
    ("a1", "C", "GPE", 0, 0),
    ("a1", "A", "PERSON", 1, 0),
    ("a1", "B", "PERSON", 1, 0),
    ("a1", "A", "PERSON", 2, 1),
    ("a1", "A", "PERSON", 2, 1),
    ("a1", "D", "ORG", 2, 1),
    ("a1", "D", "ORG", 3, 1),
    ("a1", "E", "EVENT", 3, 1),
    ("a2", "A", "PERSON", 0, 0),
    ("a2", "C", "GPE", 0, 0),
]


@pytest.fixture
def mentions() -> pd.DataFrame:
    rows = pd.DataFrame(MENTIONS, columns=["article_id", "entity", "label", "sentence", "paragraph"])
    rows["start"] = range(0, 10 * len(rows), 10)
    rows["end"] = rows["start"] + 5
    rows["text"] = rows["entity"]
    return rows


def pairs(counts: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(a, b): n for a, b, n in counts[["a", "b", "count"]].itertuples(index=False)}


def test_sentence_window_counts_shared_sentences(mentions):
    counts = cooccurrence_counts(mentions, "sentence")
    assert pairs(counts) == {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 1, ("A", "D"): 1, ("D", "E"): 1}
    # most frequent first, then by name
    assert list(zip(counts["a"], counts["b"], strict=True))[:2] == [("A", "B"), ("A", "C")]


def test_repeating_a_name_in_a_window_counts_once(mentions):
    assert pairs(cooccurrence_counts(mentions, "sentence"))[("A", "D")] == 1  # A twice in a1 sentence 2


def test_paragraph_window(mentions):
    assert pairs(cooccurrence_counts(mentions, "paragraph")) == {
        ("A", "B"): 1,
        ("A", "C"): 2,
        ("B", "C"): 1,
        ("A", "D"): 1,
        ("A", "E"): 1,
        ("D", "E"): 1,
    }


def test_article_window(mentions):
    assert pairs(cooccurrence_counts(mentions, "article")) == {
        ("A", "B"): 1,
        ("A", "C"): 2,
        ("A", "D"): 1,
        ("A", "E"): 1,
        ("B", "C"): 1,
        ("B", "D"): 1,
        ("B", "E"): 1,
        ("C", "D"): 1,
        ("C", "E"): 1,
        ("D", "E"): 1,
    }


def test_labels_and_minimum_count_filter(mentions):
    people_and_places = labels_for(["people", "places"])
    assert people_and_places == ("PERSON", "GPE", "LOC")
    assert pairs(cooccurrence_counts(mentions, "sentence", people_and_places)) == {
        ("A", "B"): 2,
        ("A", "C"): 2,
        ("B", "C"): 1,
    }
    assert pairs(cooccurrence_counts(mentions, "sentence", people_and_places, min_count=2)) == {
        ("A", "B"): 2,
        ("A", "C"): 2,
    }


def test_unknown_positions_are_left_out(mentions):
    mentions.loc[mentions["entity"] == "E", "sentence"] = -1
    assert ("D", "E") not in pairs(cooccurrence_counts(mentions, "sentence"))


def test_empty_mentions_give_an_empty_table(mentions):
    counts = cooccurrence_counts(mentions.iloc[0:0], "sentence")
    assert counts.empty
    assert list(counts.columns) == ["a", "b", "count"]


def test_window_frequencies(mentions):
    frequencies, n_windows = window_frequencies(mentions, "sentence")
    assert n_windows == 5  # a1 sentences 0-3 and a2 sentence 0
    assert frequencies.to_dict() == {"A": 4, "B": 2, "C": 2, "D": 2, "E": 1}


def scores(mentions: pd.DataFrame, measure: str) -> dict[tuple[str, str], float]:
    counts = cooccurrence_counts(mentions, "sentence")
    frequencies, n_windows = window_frequencies(mentions, "sentence")
    scored = association(counts, measure, frequencies, n_windows)
    return {(a, b): s for a, b, s in scored[["a", "b", "score"]].itertuples(index=False)}


def test_pmi(mentions):
    pmi = scores(mentions, "pmi")
    # P(a,b) / (P(a) P(b)) = count * N / (f_a * f_b), N = 5 sentences
    assert pmi[("D", "E")] == pytest.approx(math.log2(1 * 5 / (2 * 1)))
    assert pmi[("A", "B")] == pytest.approx(math.log2(2 * 5 / (4 * 2)))
    assert pmi[("B", "C")] == pytest.approx(math.log2(1 * 5 / (2 * 2)))
    assert pmi[("A", "D")] == pytest.approx(math.log2(1 * 5 / (4 * 2)))  # less often than chance: < 0
    assert max(pmi, key=pmi.get) == ("D", "E")


def test_jaccard(mentions):
    jaccard = scores(mentions, "jaccard")
    # shared / (f_a + f_b - shared)
    assert jaccard[("A", "B")] == pytest.approx(2 / (4 + 2 - 2))
    assert jaccard[("D", "E")] == pytest.approx(1 / (2 + 1 - 1))
    assert jaccard[("B", "C")] == pytest.approx(1 / 3)
    assert jaccard[("A", "D")] == pytest.approx(1 / 5)


def test_count_measure_needs_no_frequencies(mentions):
    scored = association(cooccurrence_counts(mentions, "sentence"), "count")
    assert scored["score"].tolist() == scored["count"].astype(float).tolist()


def test_unknown_measure_is_an_error(mentions):
    with pytest.raises(ValueError, match="unknown measure"):
        association(cooccurrence_counts(mentions, "sentence"), "dice")


def test_mention_counts_most_mentioned_first(mentions):
    counts = mention_counts(mentions, labels_for(["people"]))
    assert counts.to_dict() == {"A": 5, "B": 2}
    assert list(counts.index) == ["A", "B"]


def test_square_matrix_is_symmetric_with_gaps(mentions):
    scored = association(cooccurrence_counts(mentions, "sentence"), "count")
    table = square_matrix(scored, ["A", "B", "E"])
    assert table.loc["A", "B"] == table.loc["B", "A"] == 2
    assert pd.isna(table.loc["A", "E"])
    assert pd.isna(table.loc["A", "A"])


def test_partners(mentions):
    scored = association(cooccurrence_counts(mentions, "sentence"), "count")
    assert partners(scored, "C")[["partner", "count"]].values.tolist() == [["A", 2], ["B", 1]]


def test_shared_windows_lists_the_mentions_of_both(mentions):
    found = shared_windows(mentions, "sentence", "A", "C")
    assert sorted(set(zip(found["article_id"], found["sentence"], strict=True))) == [("a1", 0), ("a2", 0)]
    assert set(found["entity"]) == {"A", "C"}


ARTICLE = (
    "Foreign Minister Ana Ruiz met Senator Tom Reed in Lima on Monday.\n\n"
    "Ruiz later flew to Quito. Reed stayed in Lima.\n"
)


def test_counts_on_a_real_article_through_the_pipeline(parse):
    from lib.rows import mention_rows

    frame = pd.DataFrame(mention_rows(parse(ARTICLE), "a"))
    people_and_places = labels_for(["people", "places"])
    # Sentences: (Ruiz, Reed, Lima) (Ruiz, Quito) (Reed, Lima) -> Reed+Lima twice, the rest once.
    assert pairs(cooccurrence_counts(frame, "sentence", people_and_places)) == {
        ("Ana Ruiz", "Lima"): 1,
        ("Ana Ruiz", "Tom Reed"): 1,
        ("Lima", "Tom Reed"): 2,
        ("Ana Ruiz", "Quito"): 1,
    }
    # Paragraphs: p0 (Ruiz, Reed, Lima), p1 (Ruiz, Quito, Reed, Lima).
    paragraph = pairs(cooccurrence_counts(frame, "paragraph", people_and_places))
    assert paragraph[("Ana Ruiz", "Tom Reed")] == 2 and paragraph[("Quito", "Tom Reed")] == 1


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("window", list(WINDOWS))
def test_scored_pairs_is_counts_scored_by_the_measure(mentions, window, measure):
    labels = labels_for(["people", "places"])
    frequencies, n_windows = window_frequencies(mentions, window, labels)
    expected = association(cooccurrence_counts(mentions, window, labels, 1), measure, frequencies, n_windows)
    got = scored_pairs(mentions, window, labels, 1, measure)
    assert not got.empty
    pd.testing.assert_frame_equal(got, expected)
