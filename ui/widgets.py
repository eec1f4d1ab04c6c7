"""Widgets several pages share: a date-range filter, a picker of names with counts, a table of rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from ui.navigation import NAME_IN_URL, reader_urls, url_multiselect

DateRange = tuple[dt.date, dt.date]
# Rows a page's table lists at most: more are slow to send and nobody scrolls them; filters narrow them.
MAX_TABLE_ROWS = 2_000
# Rows a page counts at most: counting every quote that holds some words reads the text of all of them
# (seconds at a million articles), and past this many nobody reads the number.
COUNT_CAP = 10_000


def date_filter(
    bounds: DateRange | None, label: str, undated_label: str, no_dates: str | None = None
) -> tuple[DateRange | None, bool]:
    """A range picker over the known dates' bounds (lib.store_queries.date_bounds) and an "include
    undated" box: (range or None, include undated).

    Without any date there is no picker (and the `no_dates` caption, if given).
    """
    if not bounds:
        if no_dates:
            st.caption(no_dates)
        return None, True
    picked = st.date_input(label, value=bounds, min_value=bounds[0], max_value=bounds[1])
    date_range = picked if isinstance(picked, tuple) and len(picked) == 2 else None
    undated = st.checkbox(undated_label, value=True)
    # Every date with the undated too keeps every row: no date filter (the store answers faster).
    return (None if date_range == tuple(bounds) and undated else date_range), undated


def counted_multiselect(label: str, counts: pd.Series, *, key: str, placeholder: str) -> list[str]:
    """A multiselect of names shown with their counts ("David Parker (4)"), its values in the URL."""
    return url_multiselect(
        label,
        list(counts.index),
        key=key,
        format_func=lambda name: f"{name} ({counts.get(name, 0)})",
        placeholder=placeholder,
    )


def row_table(
    rows: pd.DataFrame,
    *,
    key: str,
    date_column: str,
    column_order: list[str],
    column_config: dict,
    noun: str,
    narrow: str,
    links: dict[str, tuple[str, Callable[[pd.DataFrame], list[str]]]] | None = None,
    total: int | str | None = None,
) -> pd.Series | None:
    """A table of rows, one selectable, listing at most MAX_TABLE_ROWS with a Date (`day`) and a Reader
    link (`read`) column, and a note saying so when rows are left out; the selected row, if any.

    `rows` may be only the first rows of `total` (a store query's first rows and its count, or the
    words for a count that stopped early: "more than 10,000").

    `links` turns columns of names into links showing the name: {column: (label, urls of rows)}.
    `narrow` ends the note: how to see the others ("filter to see others"); `noun` is plural.
    """
    listed = rows.head(MAX_TABLE_ROWS)
    table = listed.assign(
        day=listed[date_column].dt.strftime("%Y-%m-%d").fillna(""), read=reader_urls(listed["article_id"])
    )
    config = {"day": st.column_config.TextColumn("Date"), **column_config}
    for column, (label, urls) in (links or {}).items():
        table[column] = urls(listed)
        config[column] = st.column_config.LinkColumn(label, display_text=NAME_IN_URL)
    config["read"] = st.column_config.LinkColumn("Reader", display_text="Read")
    shown = ["day", *column_order, "read"]
    # Only the columns shown go to the browser: a selection is a row's place, looked up in `rows`, and
    # turning a store's 25 columns into Arrow took most of a People page's 0.3 s at a million articles.
    event = st.dataframe(
        table[shown],
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_order=shown,
        column_config=config,
    )
    total = len(rows) if total is None else total
    if isinstance(total, str) or total > len(listed):
        counted = total if isinstance(total, str) else f"{total:,}"
        st.caption(f"The table lists the first {len(listed):,} of {counted} {noun}: {narrow}.")
    selected = [i for i in event.selection.rows if i < len(listed)]
    return rows.iloc[selected[0]] if selected else None
