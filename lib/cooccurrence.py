"""Which entities appear together: pair counts per window and association measures (plain pandas).

A window is a sentence, a paragraph or a whole article. A pair's count is the number of windows in
which both entities appear (not the number of mention pairs), so repeating a name adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from lib.frames import PLACE_LABELS
from lib.markup import paragraph_span

WINDOWS: dict[str, tuple[str, ...]] = {
    "sentence": ("article_id", "sentence"),
    "paragraph": ("article_id", "paragraph"),
    "article": ("article_id",),
}
ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "places": PLACE_LABELS,
    "organisations": ("ORG",),
    "events": ("EVENT",),
}
MEASURES = ("count", "pmi", "jaccard")
MEASURE_NAMES = {measure: name for measure, name in zip(MEASURES, ("Count", "PMI", "Jaccard"), strict=True)}
PAIR_COLUMNS = ["a", "b", "count"]


def labels_for(types: Iterable[str]) -> tuple[str, ...]:
    """spaCy labels for entity type names: ["people", "places"] -> ("PERSON", "GPE", "LOC")."""
    return tuple(label for name in types for label in ENTITY_TYPES[name])


def entity_windows(
    mentions: pd.DataFrame, window: str = "sentence", labels: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per (window, entity) present: the window's key columns plus `entity`."""
    keys = list(WINDOWS[window])
    columns = [*keys, "entity"]  # selected before filtering: the text columns are never copied
    rows = (
        mentions[columns] if labels is None else mentions.loc[mentions["label"].isin(tuple(labels)), columns]
    )
    for key in keys[1:]:
        rows = rows[rows[key] >= 0]  # -1 means the position is unknown
    return rows.drop_duplicates().reset_index(drop=True)


def cooccurrence_counts(
    mentions: pd.DataFrame,
    window: str = "sentence",
    labels: Iterable[str] | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Pairs of entities (a < b) with the number of windows holding both, most frequent first."""
    present = entity_windows(mentions, window, labels)
    windows = _window_ids(present, window)
    # Integers, not strings, through the self-join: entity codes in name order (so a < b is a code
    # comparison) and one id per window.
    codes, names = pd.factorize(present["entity"], sort=True)
    entities = pd.DataFrame({"window": windows, "entity": codes})
    pairs = entities.merge(entities, on="window")
    pairs = pairs[pairs["entity_x"].to_numpy() < pairs["entity_y"].to_numpy()]
    pair_ids, counts = np.unique(
        pairs["entity_x"].to_numpy(np.int64) * len(names) + pairs["entity_y"].to_numpy(), return_counts=True
    )
    keep = counts >= min_count
    pair_ids, counts = pair_ids[keep], counts[keep]
    order = np.argsort(-counts, kind="stable")  # pair ids are in (a, b) order: ties stay by name
    names = np.asarray(names, dtype=object)
    return pd.DataFrame(
        {
            "a": pd.array(names[pair_ids[order] // len(names)] if len(names) else [], dtype="str"),
            "b": pd.array(names[pair_ids[order] % len(names)] if len(names) else [], dtype="str"),
            "count": counts[order].astype("int64"),
        },
        columns=PAIR_COLUMNS,
    )


def _window_ids(present: pd.DataFrame, window: str) -> np.ndarray:
    """One integer per window of `present` (0, 1, ...)."""
    return present.groupby(list(WINDOWS[window]), sort=False).ngroup().to_numpy()


def window_frequencies(
    mentions: pd.DataFrame, window: str = "sentence", labels: Iterable[str] | None = None
) -> tuple[pd.Series, int]:
    """How many windows each entity appears in, and how many windows hold any of these entities."""
    present = entity_windows(mentions, window, labels)
    windows = _window_ids(present, window)
    n_windows = int(windows.max()) + 1 if len(windows) else 0
    return present.groupby("entity").size(), n_windows


def association(
    counts: pd.DataFrame,
    measure: str = "count",
    frequencies: pd.Series | None = None,
    n_windows: int | None = None,
) -> pd.DataFrame:
    """Add a `score` column to pair counts, highest first.

    - count: the number of shared windows;
    - pmi: log2(P(a, b) / (P(a) P(b))), how much more often the pair meets than chance would have it
      (0 = as expected); noisy for rare entities, so use it with a minimum count;
    - jaccard: shared windows / windows with either entity (0 to 1).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {MEASURES}")
    scored = counts.copy()
    if measure == "count":
        scored["score"] = scored["count"].astype(float)
    else:
        if frequencies is None or (measure == "pmi" and not n_windows):
            raise ValueError(f"{measure} needs the entity frequencies and the number of windows")
        freq_a = scored["a"].map(frequencies).astype(float)
        freq_b = scored["b"].map(frequencies).astype(float)
        if measure == "pmi":
            scored["score"] = np.log2(scored["count"] * n_windows / (freq_a * freq_b))
        else:
            scored["score"] = scored["count"] / (freq_a + freq_b - scored["count"])
    scored = scored.sort_values(["score", "count", "a", "b"], ascending=[False, False, True, True])
    return scored.reset_index(drop=True)


def scored_pairs(
    mentions: pd.DataFrame,
    window: str = "sentence",
    labels: Iterable[str] | None = None,
    min_count: int = 1,
    measure: str = "count",
) -> pd.DataFrame:
    """Pairs passing the minimum count with their `score` by the measure, highest first."""
    counts = cooccurrence_counts(mentions, window, labels, min_count)
    if measure == "count":  # the one measure that needs no window frequencies
        return association(counts, measure)
    return association(counts, measure, *window_frequencies(mentions, window, labels))


def mention_counts(mentions: pd.DataFrame, labels: Iterable[str] | None = None) -> pd.Series:
    """Mentions per entity among the given labels, most mentioned first (ties by name)."""
    rows = mentions if labels is None else mentions[mentions["label"].isin(tuple(labels))]
    counts = rows.groupby("entity").size().rename("mentions").reset_index()
    counts = counts.sort_values(["mentions", "entity"], ascending=[False, True], kind="stable")
    return counts.set_index("entity")["mentions"]


def square_matrix(scored: pd.DataFrame, entities: list[str]) -> pd.DataFrame:
    """A symmetric entity x entity table of scores (NaN where a pair has none), in the given order."""
    position = {name: i for i, name in enumerate(entities)}
    wanted = scored[scored["a"].isin(entities) & scored["b"].isin(entities)]
    rows, columns = wanted["a"].map(position).to_numpy(int), wanted["b"].map(position).to_numpy(int)
    table = np.full((len(entities), len(entities)), np.nan)
    table[rows, columns] = wanted["score"].to_numpy(float)
    table[columns, rows] = wanted["score"].to_numpy(float)
    return pd.DataFrame(table, index=entities, columns=entities)


def partners(scored: pd.DataFrame, entity: str) -> pd.DataFrame:
    """The entities paired with one entity: (partner, count, score), strongest first."""
    as_a = scored[scored["a"] == entity].rename(columns={"b": "partner"})
    as_b = scored[scored["b"] == entity].rename(columns={"a": "partner"})
    columns = ["partner", "count", "score"]
    both = pd.concat([as_a[columns], as_b[columns]], ignore_index=True)
    return both.sort_values(["score", "count", "partner"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def shared_windows(mentions: pd.DataFrame, window: str, a: str, b: str) -> pd.DataFrame:
    """The windows where both entities appear, with the mentions of either in them (for showing text)."""
    keys = list(WINDOWS[window])
    pair = mentions[mentions["entity"].isin((a, b))]
    for key in keys[1:]:
        pair = pair[pair[key] >= 0]
    both = pair.groupby(keys)["entity"].nunique()
    both = both[both == 2].reset_index()[keys]
    return pair.merge(both, on=keys).sort_values([*keys, "start"]).reset_index(drop=True)


def main_labels(mentions: pd.DataFrame) -> pd.Series:
    """Each entity's most frequent label (ties: the first label in alphabetical order)."""
    counts = mentions.groupby(["entity", "label"], observed=True).size().rename("n").reset_index()
    top = counts.sort_values(["n", "label"], ascending=[False, True]).drop_duplicates("entity")
    return top.set_index("entity")["label"]


def top_entities(scored: pd.DataFrame, mentions: pd.Series, n: int) -> list[str]:
    """The n most mentioned entities among those in at least one scored pair."""
    paired = set(scored["a"]) | set(scored["b"])
    return [name for name in mentions.index if name in paired][:n]


def excerpt_spans(body: str, rows: pd.DataFrame, window: str, a: str, b: str) -> list[tuple[int, int]]:
    """The stretches of an article's text to show for one window naming both a and b (its rows from
    `shared_windows`): the paragraph holding the sentence or paragraph, or in a whole article the
    paragraph that first names each."""
    pieces = [rows[rows["entity"] == name].head(1) for name in (a, b)] if window == "article" else [rows]
    return merged_spans(window_excerpt(body, piece) for piece in pieces)


def window_excerpt(body: str, rows: pd.DataFrame) -> tuple[int, int]:
    """The paragraph of a window's first mention, as extraction numbered them (no sentence crosses
    one); the mentions themselves when the body no longer has that paragraph."""
    bounds = paragraph_span(body, int(rows["paragraph"].iloc[0]))
    return bounds if bounds else (int(rows["start"].min()), int(rows["end"].max()))


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans in text order, overlapping ones joined (two names in one sentence show it once)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def meeting_pairs(meetings: pd.DataFrame, statuses: Iterable[str] | None = None) -> pd.DataFrame:
    """Who met whom, from meeting rows (person_a, person_b, status, article_id): pairs (a < b) with the
    number of articles telling of a meeting between them (`count`, also the `score`), most first;
    only meetings of the given statuses when given."""
    rows = meetings if statuses is None else meetings[meetings["status"].isin(tuple(statuses))]
    rows = rows[(rows["person_a"] != "") & (rows["person_b"] != "") & (rows["person_a"] != rows["person_b"])]
    first = rows[["person_a", "person_b"]].min(axis=1) if not rows.empty else rows["person_a"]
    second = rows[["person_a", "person_b"]].max(axis=1) if not rows.empty else rows["person_b"]
    pairs = pd.DataFrame({"a": first, "b": second, "article_id": rows["article_id"]}).drop_duplicates()
    counts = pairs.groupby(["a", "b"]).size().rename("count").reset_index()
    counts = counts.sort_values(["count", "a", "b"], ascending=[False, True, True], kind="stable")
    return counts.assign(score=counts["count"].astype(float)).reset_index(drop=True)[[*PAIR_COLUMNS, "score"]]


def pair_sizes(pairs: pd.DataFrame) -> pd.Series:
    """How many articles tell of each person's meetings in `pairs` (their sum over partners), most first."""
    sizes = pd.concat([pairs.set_index("a")["count"], pairs.set_index("b")["count"]]).groupby(level=0).sum()
    frame = sizes.rename("n").rename_axis("entity").reset_index()
    frame = frame.sort_values(["n", "entity"], ascending=[False, True], kind="stable")
    return frame.set_index("entity")["n"]
