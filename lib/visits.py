"""Visits: who travelled where, planned or done (the `dateline_visits` component)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("dateline_visits")
def find_visits(doc: Doc) -> Doc:
    """Store trips found in the text in `doc.spans["visits"]`."""
    doc.spans["visits"] = []
    return doc


def visit_rows(doc: Doc, article) -> list[dict]:
    """One row per (visitor, destination, status) found in an article."""
    return []
