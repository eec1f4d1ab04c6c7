"""The Overview's upload box: someone's own articles become the corpus of their browser session."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import StopException
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
from lib.markup import plural
from lib.nlp import ModelNotFound
from lib.pipeline import ExtractionStopped
from ui.data import UPLOAD_KEY, UploadedCorpus, parse_uploaded, uploaded_articles, uploaded_corpus
from ui.parsing import PARSES, LeftTheLine, session_connected, session_ended

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
STOPPED = "stopped parsing %d uploaded file(s): %s"


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
            f"Showing your {plural(len(upload.frames.articles), 'uploaded article')}. "
            "Upload again to replace them, or go back to the other articles with the button in the sidebar."
        )
    rejected = st.session_state.get(REJECTED_KEY)
    if rejected is not None:
        message, skipped = rejected
        st.error(message, icon=":material/block:")
        if not skipped.empty:
            st.dataframe(skipped, hide_index=True, column_config={"file": "File", "reason": "Reason"})


def _take(files: list[UploadedFile]) -> None:
    """Read an uploaded batch into session state, then rerun with an empty box.

    Every limit is checked first; then the parse waits for the server's one parse turn, showing this
    session's place in line, and stops if the browser tab is closed meanwhile.
    """
    batch = [(file.name, file.getvalue()) for file in files]
    status = st.empty()
    bar = st.progress(0.0, text=f"Reading {plural(len(batch), 'uploaded file')}…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"Parsing {done:,} of {total:,} with spaCy…")

    st.session_state.pop(REJECTED_KEY, None)
    try:
        corpus = uploaded_articles(batch)
        upload = parse_uploaded(corpus, progress, should_stop=session_ended, turn=lambda: _turn(status))
    except (LeftTheLine, ExtractionStopped):
        # Nobody is left to tell; the operator's log says why the parse ended early.
        log.warning(STOPPED, len(batch), "the browser tab was closed")
        return
    except StopException:  # Streamlit's own stop, at an st call: tab closed, or the app's Stop
        log.warning(STOPPED, len(batch), "the session's run was stopped")
        raise
    except ModelNotFound as error:
        _reject(str(error))  # Dateline's own words, with the package to install
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


@contextmanager
def _turn(status: DeltaGenerator) -> Iterator[None]:
    """This session's parse turn; while it waits, `status` shows its place in line."""
    with PARSES.turn(_waiting_shown_in(status)):
        status.empty()
        yield


def _waiting_shown_in(status: DeltaGenerator) -> Callable[[int], bool]:
    """What a session does while it waits for its parse turn: show its place; leave if its tab closed."""
    shown: list[int] = []

    def still_waiting(ahead: int) -> bool:
        if not session_connected():
            return False
        if shown != [ahead]:  # redrawn only when the place changes
            shown[:] = [ahead]
            status.info(
                f"Your upload is number {ahead + 1} in line: {ahead} other "
                f"{'upload or folder is' if ahead == 1 else 'uploads or folders are'} "
                "parsed first, one at a time, so that the server stays up for everyone. It starts by "
                "itself; keep this tab open.",
                icon=":material/hourglass_top:",
            )
        return True

    return still_waiting


def _accept(upload: UploadedCorpus, uploaded: int) -> None:
    if upload.frames.articles.empty:
        _reject(
            f"None of the {plural(uploaded, 'uploaded file')} could be used, so the articles shown have not "
            "changed. Here is why:",
            upload.frames.skipped,
        )
    else:
        st.session_state[UPLOAD_KEY] = upload


def _reject(message: str, skipped: pd.DataFrame | None = None) -> None:
    empty = pd.DataFrame(columns=SKIPPED_COLUMNS)
    st.session_state[REJECTED_KEY] = (message, skipped if skipped is not None else empty)
