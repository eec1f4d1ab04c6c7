"""Which folders a corpus may be read from: only below the roots the operator configured."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

ROOTS_ENV_VAR = "DATELINE_CORPUS_ROOTS"
ARTICLE_SUFFIXES = (".txt", ".md")  # what a corpus folder is read for (lib/corpus.py)
# What a file reached through a link that leaves the roots is listed with: it names neither the
# link's target nor whether that target exists.
OUTSIDE_ROOTS = "a link to a file outside the folders this app may read: not read"


class FolderRefused(ValueError):
    """A path that cannot be read as a corpus; the message says why, for callers and tests. The app
    shows visitors one message for every refused path, so the disk cannot be probed through it."""


def configured_roots(value: str | None = None) -> tuple[Path, ...] | None:
    """The folders in `value` (default: $DATELINE_CORPUS_ROOTS, os.pathsep-separated), resolved;
    None when it is unset or blank."""
    raw = os.environ.get(ROOTS_ENV_VAR, "") if value is None else value
    if not raw.strip():
        return None
    roots = []
    for part in filter(None, (part.strip() for part in raw.split(os.pathsep))):
        try:
            # Resolved, so a root reached through a link is compared by where it really is.
            roots.append(Path(part).expanduser().resolve())
        except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte: a root holding nothing
            continue
    return tuple(roots)


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether a resolved path is one of the roots or below one."""
    return any(path.is_relative_to(root) for root in roots)


def corpus_folder(typed: str, roots: tuple[Path, ...] | None) -> Path:
    """The resolved folder a typed path names, if a corpus may be read from it: below a root
    (any folder when `roots` is None), readable, holding .txt or .md files. FolderRefused otherwise.

    The path is resolved (links, `..`) before it is compared with the roots, so neither leaves one.
    """
    resolved = _allowed_folder(typed, roots)
    try:
        with os.scandir(resolved) as entries:
            has_articles = any(
                entry.is_file() and os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
                for entry in entries
            )
    except OSError as error:
        raise FolderRefused(f"unreadable ({error.strerror or error})") from error
    if not has_articles:
        raise FolderRefused("no .txt or .md files")
    return resolved


def dataset_folder(typed: str, roots: tuple[Path, ...] | None) -> Path:
    """The resolved folder a typed path names, if a Parquet dataset (lib/store.py) may be read from it:
    below a root, as corpus_folder checks, holding an articles table (`articles/` of the Dask engine,
    or a snapshot's `articles.parquet`). FolderRefused otherwise."""
    resolved = _allowed_folder(typed, roots)
    try:
        found = (resolved / "articles").is_dir() or (resolved / "articles.parquet").is_file()
        os.listdir(resolved)
    except OSError as error:
        raise FolderRefused(f"unreadable ({error.strerror or error})") from error
    if not found:
        raise FolderRefused("no Parquet dataset (no articles table)")
    return resolved


def _allowed_folder(typed: str, roots: tuple[Path, ...] | None) -> Path:
    """The resolved folder a typed path names, if it is below a root; FolderRefused otherwise."""
    if not typed.strip():
        raise FolderRefused("no path")
    try:
        resolved = Path(typed.strip()).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL byte, no home folder
        raise FolderRefused(f"cannot be resolved ({error})") from error
    # Before anything that touches the path itself: outside the roots, nothing is looked at.
    if roots is not None and not inside(resolved, roots):
        raise FolderRefused("outside the corpus roots")
    if not resolved.exists():
        raise FolderRefused("no such folder")
    if not resolved.is_dir():
        raise FolderRefused("not a folder")
    return resolved


def escapes(path: Path, roots: tuple[Path, ...] | None) -> bool:
    """Whether a file inside a corpus folder leads out of the roots (through a link)."""
    if roots is None:
        return False
    try:
        return not inside(path.resolve(), roots)
    except (OSError, RuntimeError):
        return True
