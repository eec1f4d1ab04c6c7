"""The corpus picker and the one store every page asks for what it shows (lib/store.py): a folder of
articles, uploaded files, or a Parquet dataset (the Dask engine's output or a cache snapshot)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import config

from lib import nlp
from lib.cache import ArticleCache, default_cache_dir
from lib.corpus import (
    ARTICLE_SUFFIXES,
    METADATA_FILE,
    Corpus,
    read_article,
    read_corpus,
    read_uploads,
    safe_name,
)
from lib.dataset import PARTS_DIR, SourceRecord, SourceState, SourceText, article_sources, read_recorded
from lib.folders import FolderRefused, configured_roots, corpus_folder, dataset_folder, escapes
from lib.frames import CorpusFrames, builder_key
from lib.markup import caption_html, plain_html
from lib.names import ALIASES_FILE
from lib.nlp import ModelNotFound, load_model, model_fingerprint, model_name
from lib.pipeline import ProgressCallback, Turn, extract_corpus
from lib.places import lookup_place
from lib.store import CorpusStore, StoreError, table_files
from lib.store_files import prune_stores
from ui.parsing import PARSES

if TYPE_CHECKING:
    from spacy.language import Language

SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "seeds"
CORPUS_PARAM = "corpus"  # the sidebar folder box, bound to ?corpus=
# The off switch: "0", "false", "no" or "off" turn folder reading off whatever else is set.
LOCAL_FOLDERS_ENV = "DATELINE_LOCAL_FOLDERS"
OFF_VALUES = {"0", "false", "no", "off"}
# Streamlit Community Cloud checks apps out here; a public deployment must not read the server's disk.
CLOUD_CHECKOUT = Path("/mount/src")
# The one answer to every path that cannot be read, whatever the reason (no such folder, a file,
# outside the roots, unreadable, no articles, a broken dataset): different answers would let a
# visitor map the disk.
FOLDER_REFUSED = (
    "This path cannot be read as a corpus. Give a folder of .txt or .md articles, or of a Parquet "
    "dataset, that this app is allowed to read, or clear the box to use the sample articles."
)
STORES_DIR = "stores"  # below the cache folder: each dataset's built database, kept across restarts
# This browser session's uploaded corpus. Not a widget key, so it outlives the Overview's upload box
# when the user goes to another page; session state is never seen by another session.
UPLOAD_KEY = "uploaded_corpus"
UPLOAD_SOURCE = "(uploaded files)"  # what current_folder() gives for uploads; never taken as a path
BACK_KEY = "leave_uploads"
# In the URL while a tab shows its uploads, so that a copied link says it was made from them: opened
# anywhere else (uploads stay in their tab), it shows other articles and says so.
UPLOAD_PARAM = "upload"
UPLOAD_LINK_KEY = "upload_link_elsewhere"  # not a widget key: this tab was opened from such a link
UPLOAD_LINK_NOTE = (
    "This link was made from uploaded articles, which only the browser tab that uploaded them can see. "
    "Shown here instead: the articles below."
)

SIGNATURE_TTL_SECONDS = 2
T = TypeVar("T")


@dataclass(frozen=True)
class FolderAccess:
    """Whether visitors may read folders on the server, and below which roots (None: anywhere)."""

    allowed: bool
    roots: tuple[Path, ...] | None = None


def serves_this_computer_only() -> bool:
    """Whether Streamlit listens on the loopback address only (`server.address`), so that only
    people on this computer can reach the app."""
    address = str(config.get_option("server.address") or "").strip().strip("[]")
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:  # unset or "0.0.0.0" style names: every interface
        return False


def folder_access() -> FolderAccess:
    """Folder reading: off by the switch; else below $DATELINE_CORPUS_ROOTS when set; else off on
    Community Cloud; else anywhere when only this computer can reach the app; else off."""
    if os.environ.get(LOCAL_FOLDERS_ENV, "").strip().lower() in OFF_VALUES:
        return FolderAccess(False)
    roots = configured_roots()
    if roots is not None:
        return FolderAccess(bool(roots), roots)
    if Path(__file__).resolve().is_relative_to(CLOUD_CHECKOUT):
        return FolderAccess(False)
    return FolderAccess(True) if serves_this_computer_only() else FolderAccess(False)


def local_folders_allowed() -> bool:
    """Whether users may read a folder on the server (see folder_access)."""
    return folder_access().allowed


@st.cache_data(ttl=SIGNATURE_TTL_SECONDS, show_spinner=False, max_entries=64)
def _checked_folder(typed: str, roots: tuple[Path, ...] | None) -> tuple[str, bool] | None:
    """The resolved folder a typed path names and whether it is a Parquet dataset (else a folder of
    articles), or None when it is refused (checked at most every SIGNATURE_TTL_SECONDS per path: a page
    asks several times per run)."""
    try:
        return str(dataset_folder(typed, roots)), True
    except FolderRefused:
        pass
    try:
        return str(corpus_folder(typed, roots)), False
    except FolderRefused:
        return None


def roots_for(folder: str) -> tuple[Path, ...] | None:
    """The roots files of a corpus folder must stay in (None: no limit, as for the bundled sample)."""
    return None if folder == str(SAMPLE_CORPUS) else folder_access().roots


def chosen_folder() -> str | None:
    """The resolved folder typed in the sidebar when it may be read; None for none, or a refused one."""
    checked = _checked_folder(typed, folder_access().roots) if (typed := custom_folder()) else None
    return checked[0] if checked else None


def chosen_dataset() -> str | None:
    """The resolved Parquet dataset folder typed in the sidebar, or None (no folder, a folder of
    articles, or a refused path)."""
    checked = _checked_folder(typed, folder_access().roots) if (typed := custom_folder()) else None
    return checked[0] if checked and checked[1] else None


def folder_refused() -> bool:
    """Whether a folder is typed in the sidebar that cannot be read."""
    return bool(custom_folder()) and chosen_folder() is None


@dataclass(frozen=True)
class UploadedCorpus:
    """Articles uploaded in one browser session: their frames and texts, held in that session's state only."""

    frames: CorpusFrames
    bodies: dict[str, str]  # file label -> body, as extraction saw it

    @cached_property
    def store(self) -> CorpusStore:
        """The uploads' rows in an in-memory store, made once per upload (never on disk)."""
        return CorpusStore.from_frames(self.frames)

    @cached_property
    def digest(self) -> str:
        """A short digest of the uploaded files, the `?upload=` value of the tab that shows them."""
        digest = hashlib.blake2b(digest_size=6)
        for label in sorted(self.bodies):
            digest.update(f"{label}\0{self.bodies[label]}\0".encode())
        digest.update(",".join(self.frames.articles["article_id"]).encode())
        return digest.hexdigest()


def uploaded_corpus() -> UploadedCorpus | None:
    """The articles uploaded in this browser session, or None when it reads a folder."""
    return st.session_state.get(UPLOAD_KEY)


def forget_uploads() -> None:
    """Go back to the folder (or sample) corpus; the uploaded articles are dropped from the session."""
    st.session_state.pop(UPLOAD_KEY, None)
    st.query_params.pop(UPLOAD_PARAM, None)


def mark_uploads_in_url(upload: UploadedCorpus | None) -> None:
    """Keep `?upload=` in the URL while this tab shows uploads; a tab opened from a link that has it
    but without those uploads notes so once, and drops it."""
    if upload is not None:
        st.session_state.pop(UPLOAD_LINK_KEY, None)
        if st.query_params.get(UPLOAD_PARAM) != upload.digest:
            st.query_params[UPLOAD_PARAM] = upload.digest
    elif UPLOAD_PARAM in st.query_params:
        st.session_state[UPLOAD_LINK_KEY] = True
        st.query_params.pop(UPLOAD_PARAM, None)


def distinct_labels(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Uploads renamed so no two share a label (a second `story.txt` becomes `story (2).txt`).

    Pages find an article's text by its file label, and a browser may send two files of one name.
    """
    taken: set[str] = set()
    renamed = []
    for name, raw in files:
        label = safe_name(name)
        stem, suffix = os.path.splitext(label)
        candidate, number = label, 2
        while candidate.lower() in taken:
            tag = f" ({number})"
            candidate = f"{stem}{tag}{suffix}"
            if safe_name(candidate) != candidate:  # past lib's length limit: shorten the stem instead
                candidate = f"{stem[: len(stem) - len(tag)]}{tag}{suffix}"
            number += 1
        taken.add(candidate.lower())
        renamed.append((candidate, raw))
    return renamed


def uploaded_articles(files: Sequence[tuple[str, bytes]]) -> Corpus:
    """Uploaded (name, bytes) files as articles, every limit checked; nothing is parsed yet."""
    return read_uploads(distinct_labels(files))


def parse_uploaded(
    corpus: Corpus,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    turn: Turn | None = None,
) -> UploadedCorpus:
    """Uploaded articles parsed into frames (kept in memory only); unusable files are in frames.skipped.

    The parse runs inside `turn()` (only when there is something to parse) and raises lib's
    ExtractionStopped when `should_stop()` says so between chunks.
    """
    cache = ArticleCache(on_disk=False)
    frames = extract_corpus(
        corpus, cache, load=nlp_model, progress=progress, should_stop=should_stop, turn=turn
    )
    return UploadedCorpus(frames, bodies={article.file: article.body for article in corpus.articles})


def custom_folder() -> str:
    """The folder typed in the sidebar ('' for the sample corpus or when local folders are off)."""
    if not local_folders_allowed():
        return ""
    return str(st.session_state.get(CORPUS_PARAM) or "").strip()


def current_folder() -> str:
    """Where the pages' corpus comes from: this session's uploads, else the typed folder when it may be
    read, else the sample (never a refused path).

    For uploads it is a label that article_body() recognises, not a path.
    """
    if uploaded_corpus() is not None:
        return UPLOAD_SOURCE
    return chosen_folder() or str(SAMPLE_CORPUS)


def back_label() -> str:
    """What the button that leaves the uploaded articles goes back to."""
    return "Back to the corpus folder" if custom_folder() else "Back to the sample articles"


def corpus_picker() -> None:
    """Sidebar: the uploads in use (with a way back), and the folder box bound to ?corpus=."""
    upload = uploaded_corpus()
    mark_uploads_in_url(upload)
    with st.sidebar:
        if st.session_state.get(UPLOAD_LINK_KEY):
            st.warning(UPLOAD_LINK_NOTE, icon=":material/link_off:")
        if upload is not None:
            count = len(upload.frames.articles)
            st.info(
                f"Showing your {count:,} uploaded article{'s' if count != 1 else ''}, "
                "seen only in this browser tab.",
                icon=":material/upload_file:",
            )
            st.button(back_label(), key=BACK_KEY, on_click=forget_uploads, icon=":material/undo:")
        if not local_folders_allowed():
            if upload is None:
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
            help="A folder of news articles on the computer this app runs on, one .txt or .md file per "
            "article (optionally with metadata.csv and aliases.csv), or the folder of a Parquet dataset "
            "made by `python -m lib.extract --engine dask`, among the folders it may read. "
            "Leave empty for the sample articles.",
            # Disabled, not hidden: a hidden widget loses its value, and the way back needs it.
            disabled=upload is not None,
        )
        typed = (typed or "").strip()
        if upload is not None:
            return
        if not typed:
            st.caption("Reading the sample articles in `seeds/`.")
        elif folder_refused():
            st.error(FOLDER_REFUSED, icon=":material/folder_off:")
        else:
            # What the visitor typed, not where it leads: a resolved path could show more of the disk.
            st.html(caption_html(f"Reading {plain_html(typed)}"))


@st.cache_data(ttl=SIGNATURE_TTL_SECONDS, show_spinner=False, max_entries=64)
def corpus_signature(folder: str) -> str:
    """A digest of the names, sizes and modification times of a corpus's files, to notice edits.

    Taken at most once every SIGNATURE_TTL_SECONDS per folder, so that a widget change does not wait
    for a `stat` of every article (its cost at scale: bench/README.md), while an edit still shows
    within seconds.
    """
    names = {METADATA_FILE, ALIASES_FILE}
    digest = hashlib.blake2b(digest_size=16)
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_file() and (
                os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES or entry.name in names
            ):
                stat = entry.stat()
                digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@st.cache_resource(show_spinner="Loading the spaCy model…")
def nlp_model() -> Language:
    """The spaCy pipeline, loaded once per server process and only when an article must be parsed."""
    return load_model()


@st.cache_resource(
    show_spinner="Reading the articles (new or changed ones are parsed with spaCy, one parse at a time "
    "on this server)…",
    max_entries=4,
)
def _extract(folder: str, signature: str, extractor: str) -> CorpusFrames:
    """Frames for a folder as it was when `signature` was taken, by the named model and extractor.

    A resource, not data: every session and rerun shares one read-only copy (no unpickled copy per
    rerun), so pages must never modify the frames they are given. Articles that need parsing wait
    for the server's parse turn (ui/parsing.py), shared with uploads; cached ones do not.
    """
    corpus = read_corpus([folder], roots=roots_for(folder))
    cache = ArticleCache(fingerprint=model_fingerprint())
    return extract_corpus(corpus, cache, load=nlp_model, turn=PARSES.turn)


def load_frames(folder: str) -> CorpusFrames:
    """The corpus frames for a folder; recomputed only when a file in it or the extractor changes."""
    return _extract(folder, corpus_signature(folder), f"{model_name()}+{nlp.EXTRACTOR_VERSION}")


@st.cache_resource(show_spinner=False, max_entries=4, on_release=CorpusStore.close)
def _folder_store(folder: str, signature: str, extractor: str) -> CorpusStore:
    """A folder's frames (keyed as _extract) in an in-memory store that every session shares, read-only."""
    return CorpusStore.from_frames(_extract(folder, signature, extractor))


@st.cache_data(ttl=SIGNATURE_TTL_SECONDS, show_spinner=False, max_entries=64)
def dataset_signature(folder: str) -> str:
    """A digest of what a dataset holds, to notice a new part or a rewritten one; taken at most every
    SIGNATURE_TTL_SECONDS. The Dask engine's markers (`_parts/`, one per finished part, each part a new
    name) stand for its files: a million articles are 10,000 files, too many to stat on a rerun. A
    snapshot's few table files are read for their sizes and times."""
    digest = hashlib.blake2b(digest_size=16)
    markers = Path(folder) / PARTS_DIR
    if markers.is_dir():
        digest.update(f"{markers.stat().st_mtime_ns}\n".encode())
        for name in sorted(os.listdir(markers)):
            digest.update(f"{name}\n".encode())
        return digest.hexdigest()
    for table, paths in sorted(table_files(Path(folder)).items()):
        for path in paths:
            stat = path.stat()
            digest.update(f"{table}\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def store_work_dir(folder: str) -> Path:
    """Where a dataset's built database is kept: in the app's cache folder, one folder per dataset, so
    that the one-time build survives a restart."""
    name = hashlib.blake2b(folder.encode(), digest_size=10).hexdigest()
    return default_cache_dir() / STORES_DIR / name


# How much the datasets' databases may take in the cache folder before the least recently opened go (a
# million articles' is 5.8 GB); the one being opened always stays (lib.store_files.prune_stores).
STORES_MAX_GB_ENV = "DATELINE_STORES_MAX_GB"
DEFAULT_STORES_MAX_GB = 20.0


def stores_cap() -> int:
    """The stores/ folder's size limit in bytes ($DATELINE_STORES_MAX_GB, else the default)."""
    try:
        return int(float(os.environ.get(STORES_MAX_GB_ENV, "") or DEFAULT_STORES_MAX_GB) * 1e9)
    except ValueError:
        return int(DEFAULT_STORES_MAX_GB * 1e9)


@st.cache_resource(
    show_spinner="Opening the dataset (its first open builds an index once, which takes minutes for "
    "millions of articles; later opens take seconds)…",
    max_entries=4,
    on_release=CorpusStore.close,
)
def _dataset_store(folder: str, signature: str) -> CorpusStore:
    """A Parquet dataset's store, shared read-only by every session until its files change; the folders
    of datasets gone, and of the least recently opened past the cap, are removed from stores/."""
    store = CorpusStore.open(folder, work_dir=store_work_dir(folder))
    with contextlib.suppress(OSError):  # tidying up never fails an open
        prune_stores(store.work_dir, stores_cap())
    return store


def corpus_store() -> CorpusStore:
    """The store of this session's uploads, the chosen dataset or folder, or the sample articles; stops
    the page with a message if there is none."""
    upload = uploaded_corpus()
    if upload is not None:
        return upload.store
    if folder_refused():
        st.info("Fix the corpus folder in the sidebar to continue.", icon=":material/folder_off:")
        st.stop()
    try:
        dataset = chosen_dataset()
        if dataset is not None:
            return _dataset_store(dataset, dataset_signature(dataset))
        folder = current_folder()
        extractor = f"{model_name()}+{nlp.EXTRACTOR_VERSION}"
        return _folder_store(folder, corpus_signature(folder), extractor)
    except ModelNotFound as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
    # The folder went away or changed since it was checked, or the dataset's files cannot be read (not
    # Parquet, not Dateline's tables): the same one answer.
    except (OSError, StoreError, duckdb.Error, pa.ArrowException):
        st.error(FOLDER_REFUSED, icon=":material/folder_off:")
        st.stop()


def corpus_problems() -> tuple[pd.DataFrame, list[str]]:
    """The files of this corpus that could not be read (file, reason) and the warnings about the others:
    a folder's or uploads' (a dataset's were reported when it was made)."""
    upload = uploaded_corpus()
    if upload is not None:
        return upload.frames.skipped, upload.frames.warnings
    if chosen_dataset() is not None:
        return pd.DataFrame(columns=["file", "reason"]), []
    frames = load_frames(current_folder())
    return frames.skipped, frames.warnings


# What the Reader says instead of a dataset article's text, by what became of the article's file, and
# whether that is a warning (the file was there once) or a note. Never the file's path: a dataset names
# paths, and which of them exist is not the visitor's to find out.
SOURCE_NOTES: dict[SourceState, tuple[str, bool]] = {
    SourceState.NOT_RECORDED: (
        "This dataset does not record where its articles' files are (a cache snapshot, or a dataset "
        "written before Dateline recorded them), so the text cannot be shown here. Extract the articles "
        "again with `--engine dask` into a new `--out` to read them here.",
        False,
    ),
    SourceState.REMOTE: (
        "This article's file is in remote storage, and the Reader reads article files on this "
        "computer only, so the text cannot be shown here.",
        False,
    ),
    SourceState.REFUSED: (
        "This article's file is not among the folders this app may read, so the text is not shown here.",
        False,
    ),
    SourceState.MISSING: (
        "This article's file is no longer where it was extracted from (moved, deleted or unreadable). "
        "Reload the page after putting it back.",
        True,
    ),
    SourceState.CHANGED: (
        "This article's file has changed since it was extracted, so what was found in it would be marked "
        "in the wrong places: the text is not shown. Extract it again (into a new `--out`) to read it here.",
        True,
    ),
}
GONE_NOTE = (
    "Cannot read this article's file (named above) any more; it may have been moved or deleted. Reload "
    "the page after putting it back."
)


@dataclass(frozen=True)
class ReaderText:
    """An article's body for the Reader (its rows' offsets index into it), or what to say instead."""

    body: str
    note: str = ""
    warning: bool = False  # the note says the file was there once


def reader_text(article_id: str, file: str) -> ReaderText:
    """The body of one article of this session's corpus: from the uploads, the folder, or the file a
    dataset recorded it was read from (read_recorded: only when allowed and unchanged)."""
    dataset = chosen_dataset() if uploaded_corpus() is None else None
    if dataset is not None:
        found = dataset_text(dataset, article_id)
        note, warning = SOURCE_NOTES.get(found.state, ("", False))
        return ReaderText(found.body, note, warning)
    body = article_body(current_folder(), file)
    return ReaderText(body) if body.strip() else ReaderText("", GONE_NOTE, True)


def source_roots() -> tuple[Path, ...] | None:
    """Where a dataset's article files may be read from: the corpus roots, and the bundled sample (None:
    anywhere, when only this computer can reach the app)."""
    roots = folder_access().roots
    return None if roots is None else (*roots, SAMPLE_CORPUS)


@st.cache_data(show_spinner=False, max_entries=256)
def _recorded_source(folder: str, signature: str, article_id: str) -> SourceRecord | None:
    """What a dataset (as of `signature`) records of an article's file: looked up once per version."""
    return article_sources(Path(folder), [article_id]).get(article_id)


def dataset_text(folder: str, article_id: str) -> SourceText:
    """A dataset article's body read back from its recorded file, or why it cannot be (lib.dataset)."""
    record = _recorded_source(folder, dataset_signature(folder), article_id)
    return read_recorded(record, source_roots())


_RESULTS: weakref.WeakKeyDictionary[CorpusStore, OrderedDict] = weakref.WeakKeyDictionary()
_RESULTS_LOCK = threading.Lock()
MAX_RESULTS_PER_STORE = 64


def per_store(build: Callable[..., T]) -> Callable[..., T]:
    """Decorator: `build(store, *args)` computed once per store and (hashable) arguments, the most
    recently used MAX_RESULTS_PER_STORE kept (a store's rows never change: a changed corpus is another
    store). For what a page makes of a query's rows (figures, layouts), as per_corpus did for frames."""

    @functools.wraps(build)
    def kept(store: CorpusStore, *args: Hashable) -> T:
        key = builder_key(build, args)
        with _RESULTS_LOCK:
            results = _RESULTS.setdefault(store, OrderedDict())
            if key in results:
                results.move_to_end(key)
                return results[key]
        value = build(store, *args)
        with _RESULTS_LOCK:
            results[key] = value
            while len(results) > MAX_RESULTS_PER_STORE:
                results.popitem(last=False)
        return value

    return kept


@st.cache_data(show_spinner=False, max_entries=512)
def _article_body(path: str, size: int, mtime_ns: int) -> str:
    """An article's body as extraction saw it (any header blanked), so row offsets index into it."""
    return read_article(Path(path)).body


def article_body(folder: str, file: str) -> str:
    """The body text of one article of a corpus (from memory for uploads); '' when gone or unreadable,
    and for a dataset (its pages show stored sentences; its Reader reads the file: reader_text)."""
    upload = uploaded_corpus()
    if upload is not None and folder == UPLOAD_SOURCE:
        return upload.bodies.get(file, "")
    if folder == chosen_dataset():
        return ""
    path = Path(folder) / file
    if escapes(path, roots_for(folder)):  # replaced by a link leading out since it was listed
        return ""
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
