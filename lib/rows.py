"""Turn a processed Doc into plain rows for the four tables (no spaCy objects leave this module)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from lib.corpus import Article
from lib.frames import AttributionMethod, QuoteKind
from lib.meetings import meeting_rows
from lib.paragraphs import paragraph_index, paragraph_starts
from lib.visits import visit_rows


def article_row(article: Article, doc: Doc | None = None) -> dict:
    """The articles-table row for one article."""
    body = article.text[article.body_start :]
    return {
        "article_id": article.article_id,
        "file": article.file,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "words": len(body.split()),
        "paragraphs": len(doc.spans.get("paragraphs", [])) if doc is not None else 0,
        "encoding": article.encoding,
    }


def mention_rows(doc: Doc, article_id: str) -> list[dict]:
    """One row per entity mention, with its canonical name and position."""
    starts = paragraph_starts(doc)
    sentence_of = {sent.start: n for n, sent in enumerate(doc.sents)}
    rows = []
    for span in doc.spans.get("entities", []):
        rows.append(
            {
                "article_id": article_id,
                "entity": span._.entity or span.text,
                "label": span.label_,
                "text": span.text,
                "start": span.start_char,
                "end": span.end_char,
                "sentence": sentence_of.get(span.sent.start, -1),
                "paragraph": paragraph_index(starts, span.start_char),
            }
        )
    return rows


def quote_rows(doc: Doc, article_id: str) -> list[dict]:
    """One row per quotation (a quote over several paragraphs gives one row per paragraph)."""
    starts = paragraph_starts(doc)
    text = doc.text  # Doc.text joins every token: once per doc, not once per quote
    rows = []
    for span in doc.spans.get("quotes", []):
        start, end = span._.char_range
        rows.append(
            {
                "article_id": article_id,
                "quote": text[start:end],
                "speaker": span._.speaker,
                "cue": span._.cue,
                "kind": span.label_,
                "start": start,
                "end": end,
                "speaker_mention": span._.speaker_mention,
                "method": span._.method or _no_method(span),
                "paragraph": paragraph_index(starts, start),
                "speaker_type": span._.speaker_type,
                "cue_start": span._.cue_range[0],
                "cue_end": span._.cue_range[1],
                "speaker_start": span._.speaker_range[0],
                "speaker_end": span._.speaker_range[1],
                "sentence_start": span.sent.start_char,
                "sentence_end": span.sent.end_char,
            }
        )
    return rows


def _no_method(quote: Span) -> str:
    """A scare quote has no speaker to find; any other quote without a method is unattributed."""
    return "" if quote.label_ == QuoteKind.SCARE else AttributionMethod.UNATTRIBUTED


def doc_rows(article: Article, doc: Doc) -> dict[str, list[dict]]:
    """All four tables' rows for one processed article."""
    return {
        "articles": [article_row(article, doc)],
        "mentions": mention_rows(doc, article.article_id),
        "quotes": quote_rows(doc, article.article_id),
        "visits": visit_rows(doc, article),
        "meetings": meeting_rows(doc, article),
    }
