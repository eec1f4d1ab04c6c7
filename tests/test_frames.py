"""CorpusFrames.derived: tables built once per corpus and setting, and only the recent ones kept."""

from __future__ import annotations

import lib.frames
from lib.frames import CorpusFrames, per_corpus


def test_a_derived_table_is_built_once_per_setting(monkeypatch):
    frames = CorpusFrames()
    calls: list[tuple] = []

    def build(given: CorpusFrames, window: str) -> str:
        calls.append((id(given), window))
        return f"table for {window}"

    assert frames.derived(build, "sentence") == "table for sentence"
    assert frames.derived(build, "sentence") == "table for sentence"
    assert frames.derived(build, "article") == "table for article"
    assert calls == [(id(frames), "sentence"), (id(frames), "article")]
    other = CorpusFrames()
    other.derived(build, "sentence")
    assert calls[-1] == (id(other), "sentence"), "other frames build their own"


def test_only_the_most_recently_used_derived_tables_are_kept(monkeypatch):
    monkeypatch.setattr(lib.frames, "MAX_DERIVED", 2)
    frames = CorpusFrames()
    built: list[int] = []

    def build(_: CorpusFrames, n: int) -> int:
        built.append(n)
        return n

    for n in (1, 2, 1, 3):  # using 1 again makes 2 the oldest, so 3 pushes 2 out
        frames.derived(build, n)
    frames.derived(build, 1)
    frames.derived(build, 2)
    assert built == [1, 2, 3, 2]


def test_per_corpus_functions_are_built_once_per_frames_and_arguments():
    built: list[tuple] = []

    @per_corpus
    def label_count(frames: CorpusFrames, label: str) -> int:
        built.append((id(frames), label))
        return int((frames.mentions["label"] == label).sum())

    frames = CorpusFrames()
    assert label_count(frames, "PERSON") == 0
    assert label_count(frames, "PERSON") == 0
    label_count(frames, "GPE")
    assert built == [(id(frames), "PERSON"), (id(frames), "GPE")]
    assert label_count.__name__ == "label_count"
