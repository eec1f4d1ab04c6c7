"""Sidebar widgets several pages share: a date-range filter and a picker of names with counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ui.filters import date_bounds
from ui.navigation import url_multiselect

DateRange = tuple[dt.date, dt.date]


def date_filter(
    dates: pd.Series, label: str, undated_label: str, no_dates: str | None = None
) -> tuple[DateRange | None, bool]:
    """A range picker over the known dates and an "include undated" box: (range or None, include undated).

    Without any date there is no picker (and the `no_dates` caption, if given).
    """
    bounds = date_bounds(dates)
    if not bounds:
        if no_dates:
            st.caption(no_dates)
        return None, True
    picked = st.date_input(label, value=bounds, min_value=bounds[0], max_value=bounds[1])
    date_range = picked if isinstance(picked, tuple) and len(picked) == 2 else None
    return date_range, st.checkbox(undated_label, value=True)


def counted_multiselect(label: str, counts: pd.Series, *, key: str, placeholder: str) -> list[str]:
    """A multiselect of names shown with their counts ("David Parker (4)"), its values in the URL."""
    return url_multiselect(
        label,
        list(counts.index),
        key=key,
        format_func=lambda name: f"{name} ({counts.get(name, 0)})",
        placeholder=placeholder,
    )
