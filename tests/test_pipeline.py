"""Parsing a corpus in bounded pieces: batches by characters, a stop between chunks, a turn around it."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

import lib.pipeline
from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.nlp import load_model
from lib.pipeline import ExtractionStats, ExtractionStopped, extract_corpus


def write_articles(folder: Path, lengths: list[int]) -> Path:
    """One article per length, of about that many characters, in short sentences."""
    folder.mkdir()
    for number, length in enumerate(lengths):
        text = f"Report {number}. " + "Mayor Ana Ruiz flew to Lima. " * (length // 29)
        (folder / f"a{number}.txt").write_text(text, encoding="utf-8")
    return folder


class RecordingPipeline:
    """The real pipeline, with each nlp.pipe call's batch size and text lengths written down."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.calls: list[tuple[int, list[int]]] = []

    def pipe(self, docs, batch_size: int, **kwargs):
        docs = list(docs)  # Docs made by make_doc, carrying the article's date
        self.calls.append((batch_size, [len(doc.text) for doc in docs]))
        return self.nlp.pipe(docs, batch_size=batch_size, **kwargs)

    def make_doc(self, text: str):
        return self.nlp.make_doc(text)

    def __call__(self, doc, **kwargs):
        return self.nlp(doc, **kwargs)


def test_no_parse_batch_holds_more_than_batch_chars(tmp_path, monkeypatch, nlp):
    monkeypatch.setattr(lib.pipeline, "BATCH_CHARS", 1_000)  # 100,000 in the app: same rule, smaller
    folder = write_articles(tmp_path / "corpus", [300, 300, 300, 900, 300, 300])
    recording = RecordingPipeline(nlp)
    frames = extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=lambda: recording)
    assert len(frames.articles) == 6
    batches = [
        lengths[start : start + size]
        for size, lengths in recording.calls
        for start in range(0, len(lengths), size)
    ]
    assert sum(len(batch) for batch in batches) == 6
    assert max(sum(batch) for batch in batches) <= 1_000, batches


def test_parsing_stops_between_chunks_when_asked_and_keeps_what_it_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(lib.pipeline, "CHUNK_CHARS", 10)  # one article per chunk
    folder = write_articles(tmp_path / "corpus", [100, 100, 100, 100])
    asked: list[int] = []

    def stop_before_the_third() -> bool:
        asked.append(1)
        return len(asked) == 3

    stats = ExtractionStats()
    with pytest.raises(ExtractionStopped, match="stopped after 2 of 4 articles"):
        extract_corpus(
            read_corpus([folder]),
            ArticleCache(tmp_path / "c", "m"),
            load=load_model,
            stats=stats,
            should_stop=stop_before_the_third,
        )
    assert stats.processed == 2
    again = ExtractionStats()
    frames = extract_corpus(
        read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load_model, stats=again
    )
    assert (again.processed, again.cached) == (2, 2), "the two parsed before the stop were cached"
    assert len(frames.articles) == 4


def test_only_parsing_waits_for_its_turn(tmp_path):
    folder = write_articles(tmp_path / "corpus", [100, 100])
    events: list[str] = []

    @contextmanager
    def turn():
        events.append("turn taken")
        yield
        events.append("turn given back")

    def load():
        events.append("model loaded")
        return load_model()

    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load, turn=turn)
    assert events == ["turn taken", "model loaded", "turn given back"]
    extract_corpus(read_corpus([folder]), ArticleCache(tmp_path / "c", "m"), load=load, turn=turn)
    assert len(events) == 3, "a corpus read from the cache parses nothing, so it does not queue"
