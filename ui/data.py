"""The corpus picker and the cached loaders every page reads its data through."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st
from spacy.language import Language

from lib import nlp
from lib.cache import ArticleCache
from lib.corpus import ARTICLE_SUFFIXES, METADATA_FILE, read_article, read_corpus
from lib.frames import CorpusFrames
from lib.names import ALIASES_FILE
from lib.nlp import ModelNotFound, load_model, model_fingerprint, model_name
from lib.pipeline import extract_corpus
from lib.places import lookup_place

SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "seeds"
CORPUS_PARAM = "corpus"  # the sidebar folder box, bound to ?corpus=
LOCAL_FOLDERS_ENV = "DATELINE_LOCAL_FOLDERS"
# Streamlit Community Cloud checks apps out here; a public deployment must not read the server's disk.
CLOUD_CHECKOUT = Path("/mount/src")

Signature = tuple[tuple[str, int, int], ...]


def local_folders_allowed() -> bool:
    """Whether users may read a folder on the server: yes locally, no on Community Cloud."""
    setting = os.environ.get(LOCAL_FOLDERS_ENV, "").strip().lower()
    if setting:
        return setting not in {"0", "false", "no", "off"}
    return not Path(__file__).resolve().is_relative_to(CLOUD_CHECKOUT)


def folder_problem(text: str) -> str | None:
    """Why a typed path cannot be read as a corpus, saying what to do; None when it can."""
    path = Path(text).expanduser()
    if not path.exists():
        return f"There is no folder at `{text}`. Check the path, or clear the box to use the sample articles."
    if not path.is_dir():
        return f"`{text}` is a file. Give the folder that holds the articles."
    try:
        has_articles = any(p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES for p in path.iterdir())
    except OSError as error:
        return f"Cannot read `{text}` ({error.strerror or error}). Check the folder's permissions."
    if not has_articles:
        return f"There are no .txt or .md files in `{text}`. Put one article per file in that folder."
    return None


def custom_folder() -> str:
    """The folder typed in the sidebar ('' for the sample corpus or when local folders are off)."""
    if not local_folders_allowed():
        return ""
    return str(st.session_state.get(CORPUS_PARAM) or "").strip()


def current_folder() -> str:
    """The corpus folder the pages read: the typed one, else the sample (check it with folder_problem)."""
    typed = custom_folder()
    return str(Path(typed).expanduser().resolve()) if typed else str(SAMPLE_CORPUS)


def corpus_picker() -> None:
    """Sidebar box for the corpus folder, bound to ?corpus= so it survives page switches and links."""
    with st.sidebar:
        if not local_folders_allowed():
            st.caption("Corpus: the sample articles in `seeds/`.")
            return
        chosen = st.session_state.get(CORPUS_PARAM)
        if chosen and st.query_params.get(CORPUS_PARAM) != chosen:
            # A page switch during a long first run can drop the parameter from the URL and blank the
            # box in the browser while the session keeps the folder: setting it again restores both.
            st.session_state[CORPUS_PARAM] = chosen
        typed = st.text_input(
            "Corpus folder",
            key=CORPUS_PARAM,
            bind="query-params",
            placeholder="seeds/ (the sample articles)",
            help="A folder of news articles on this computer, one .txt or .md file per article "
            "(optionally with metadata.csv and aliases.csv). Leave empty for the sample articles.",
        )
        typed = (typed or "").strip()
        if not typed:
            st.caption("Reading the sample articles in `seeds/`.")
        elif folder_problem(typed):
            st.error(folder_problem(typed), icon=":material/folder_off:")
        else:
            st.caption(f"Reading `{current_folder()}`")


def corpus_signature(folder: str) -> Signature:
    """Name, size and modification time of the files that make up a corpus, to notice edits."""
    names = {METADATA_FILE, ALIASES_FILE}
    entries = []
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and (path.suffix.lower() in ARTICLE_SUFFIXES or path.name in names):
            stat = path.stat()
            entries.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


@st.cache_resource(show_spinner="Loading the spaCy model…")
def nlp_model() -> Language:
    """The spaCy pipeline, loaded once per server process and only when an article must be parsed."""
    return load_model()


@st.cache_data(
    show_spinner="Reading the articles (new or changed ones are parsed with spaCy)…", max_entries=8
)
def _extract(folder: str, signature: Signature, extractor: str) -> CorpusFrames:
    """Frames for a folder as it was when `signature` was taken, by the named model and extractor."""
    corpus = read_corpus([folder])
    return extract_corpus(corpus, ArticleCache(fingerprint=model_fingerprint()), load=nlp_model)


def load_frames(folder: str) -> CorpusFrames:
    """The corpus frames for a folder; recomputed only when a file in it or the extractor changes."""
    return _extract(folder, corpus_signature(folder), f"{model_name()}+{nlp.EXTRACTOR_VERSION}")


def corpus_frames() -> CorpusFrames:
    """The frames of the corpus chosen in the sidebar; stops the page with a message if none can be made."""
    typed = custom_folder()
    problem = folder_problem(typed) if typed else None
    if problem:
        st.info("Fix the corpus folder in the sidebar to continue.", icon=":material/folder_off:")
        st.stop()
    try:
        return load_frames(current_folder())
    except ModelNotFound as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
    except OSError as error:
        st.error(f"Cannot read the corpus folder ({error}). Choose another folder in the sidebar.")
        st.stop()


@st.cache_data(show_spinner=False, max_entries=512)
def _article_body(path: str, size: int, mtime_ns: int) -> str:
    """An article's body as extraction saw it (any header blanked), so row offsets index into it."""
    return read_article(Path(path)).body


def article_body(folder: str, file: str) -> str:
    """The body text of one article file of a corpus; '' when the file is gone or unreadable."""
    path = Path(folder) / file
    try:
        stat = path.stat()
        return _article_body(str(path), stat.st_size, stat.st_mtime_ns)
    except (OSError, ValueError):
        return ""


@st.cache_data(show_spinner=False)
def geocode(names: tuple[str, ...]) -> pd.DataFrame:
    """Coordinates for place names from the offline gazetteer: (name, place, kind, country, lat, lon)."""
    rows = []
    for name in names:
        place = lookup_place(name)
        if place is not None:
            rows.append((name, place.name, place.kind, place.country, place.lat, place.lon))
    return pd.DataFrame(rows, columns=["name", "place", "kind", "country", "lat", "lon"])
