"""The Overview's upload box: someone's own articles become the corpus of their browser session."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from lib.corpus import (
    MAX_CHARS,
    MAX_FILE_BYTES,
    MAX_QUOTE_MARKS,
    MAX_RUN_CHARS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_CHARS,
    MAX_UPLOADS,
    UPLOAD_SUFFIXES,
)
from lib.frames import SKIPPED_COLUMNS
from lib.nlp import ModelNotFound
from ui.data import UPLOAD_KEY, UploadedCorpus, read_uploaded, uploaded_corpus
from ui.text import md

ROUND_KEY = "upload_round"  # part of the box's key: a new key empties the box once its files are read
REJECTED_KEY = "upload_rejected"  # the last batch none of whose files could be used: (message, skipped)
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in UPLOAD_SUFFIXES]
UPLOAD_HELP = (
    "News articles as plain text (.txt), Markdown (.md) or saved web pages (.html, read as text: "
    f"scripts and styles are dropped). Up to {MAX_UPLOADS} files, {MAX_UPLOAD_BYTES / 1e6:g} MB and "
    f"{MAX_UPLOAD_CHARS:,} characters at once; each file at most {MAX_FILE_BYTES / 1e6:g} MB and "
    f"{MAX_CHARS:,} characters, with no sentence over {MAX_RUN_CHARS:,} characters and at most "
    f"{MAX_QUOTE_MARKS:,} quote marks, so that one upload cannot hold up the server for everyone. "
    "Empty, binary and duplicate files, and files past a limit, are skipped with the reason.\n\n"
    "A new upload replaces the previous one. Your files are seen only in this browser tab: "
    "they are not saved on the server, and they are gone when you reload or close the tab."
)

log = logging.getLogger(__name__)


def upload_box() -> None:
    """The file uploader; a batch is read, parsed and made this session's corpus, or rejected with why."""
    files = st.file_uploader(
        "Upload your own articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"upload_box_{st.session_state.get(ROUND_KEY, 0)}",
        help=UPLOAD_HELP,
    )
    if files:
        _take(files)
    upload = uploaded_corpus()
    if upload is not None:
        st.caption(
            f"Showing your {len(upload.frames.articles):,} uploaded article(s). "
            "Upload again to replace them, or go back to the other articles with the button in the sidebar."
        )
    rejected = st.session_state.get(REJECTED_KEY)
    if rejected is not None:
        message, skipped = rejected
        st.error(message, icon=":material/block:")
        if not skipped.empty:
            st.dataframe(skipped, hide_index=True, column_config={"file": "File", "reason": "Reason"})


def _take(files: list[UploadedFile]) -> None:
    """Read an uploaded batch into session state, then rerun with an empty box."""
    batch = [(file.name, file.getvalue()) for file in files]
    bar = st.progress(0.0, text=f"Reading {len(batch):,} uploaded file(s)…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Parsing {done:,} of {total:,} with spaCy…")

    st.session_state.pop(REJECTED_KEY, None)
    try:
        upload = read_uploaded(batch, progress)
    except ModelNotFound as error:
        _reject(md(str(error)))
    except Exception:  # one stranger's odd file must not end their session; the log keeps the trace
        log.exception("reading %d uploaded files failed", len(batch))
        _reject(
            "Something went wrong while reading these files, so the articles shown have not changed. "
            "Try uploading them a few at a time to find the one that fails."
        )
    else:
        _accept(upload, len(batch))
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()


def _accept(upload: UploadedCorpus, uploaded: int) -> None:
    if upload.frames.articles.empty:
        _reject(
            f"None of the {uploaded:,} uploaded file(s) could be used, so the articles shown have not "
            "changed. Here is why:",
            upload.frames.skipped,
        )
    else:
        st.session_state[UPLOAD_KEY] = upload


def _reject(message: str, skipped: pd.DataFrame | None = None) -> None:
    empty = pd.DataFrame(columns=SKIPPED_COLUMNS)
    st.session_state[REJECTED_KEY] = (message, skipped if skipped is not None else empty)
