"""Side files beside the articles (metadata.csv, aliases.csv): sized before they are read, rows capped.

Uncapped, a 300 MB file of 300,000 rows took 2-3 GB and stalled every session for 10-17 s.
"""

from __future__ import annotations

import csv
import io
from itertools import islice
from pathlib import Path


class FileTooLarge(Exception):
    """A side file over its size limit; the message says how large it is and what the limit is."""


def read_capped(path: Path, max_bytes: int) -> bytes:
    """A file's bytes; FileTooLarge when it holds more than max_bytes (found by stat, before reading)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLarge(f"too large ({size:,} bytes; the limit is {max_bytes:,})")
    with path.open("rb") as handle:
        raw = handle.read(max_bytes + 1)  # it may have grown since
    if len(raw) > max_bytes:
        raise FileTooLarge(f"too large (over the limit of {max_bytes:,} bytes)")
    return raw


def read_rows(name: str, text: str, max_rows: int) -> tuple[list[dict[str, str]], list[str]]:
    """The first max_rows rows of CSV text as dicts (keyed by its header), and a warning if there were
    more. Raises csv.Error for text that is not CSV."""
    rows = list(islice(csv.DictReader(io.StringIO(text, newline="")), max_rows + 1))
    if len(rows) <= max_rows:
        return rows, []
    return rows[:max_rows], [f"{name}: more than {max_rows:,} rows; only the first {max_rows:,} were used"]
