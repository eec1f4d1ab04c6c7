"""Dateline's two bookend pipeline components, registered like the others (lib/entities.py,
lib/quotes.py, lib/visits.py): each declares what it assigns and requires, so
`nlp.analyze_pipes()` checks their order. Importing this module imports spaCy."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from lib.paragraphs import mark_paragraphs

SCRATCH_PREFIX = "dateline_"  # doc.user_data keys the components use as working memory

Language.component(
    "dateline_paragraphs",
    assigns=["doc.spans", "token.is_sent_start"],
    func=mark_paragraphs,
)


@Language.component("dateline_finish", requires=["doc.spans"])
def finish(doc: Doc) -> Doc:
    """Drop the components' working memory (doc.user_data), so the Doc holds only plain data and
    can be serialised (multiprocessing with `n_process > 1` sends Docs between processes)."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(SCRATCH_PREFIX)]:
        del doc.user_data[key]
    return doc
