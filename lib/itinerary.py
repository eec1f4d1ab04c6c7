"""Itineraries: one person's trips as stops in date order, and the legs that join them.

A stop is one trip, however many articles report it: trips that happened (completed or ongoing) to
the same place within STOP_DAYS of each other are one stop; plans to go to the same place are one
stop; a plan that later happened is the stop where it happened, marked as planned first. Stops are
ordered by the date the text gives the trip, or for a trip under way ("is in Laos") by the article's
date. The others are listed apart, off the line, with the reason: a trip told only as past ("has
visited India") or a plan with no date could have been at any time. Cancelled trips are never on
the line: nobody went.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.frames import VisitStatus

STOP_DAYS = 7  # trips that happened this close to each other, to one place, are one trip
STOP_COLUMNS = [
    "order",  # 1, 2, ... along the line; 0 off it (undated or cancelled)
    "place",
    "country",
    "lat",
    "lon",
    "status",
    "when",  # the date the stop is ordered by (NaT: undated)
    "date_label",  # that date as written; for a stop off the line, why it is off
    "planned_first",  # a plan that later happened
    "articles",
    "trip_ids",
    "evidence",
]
HAPPENED = (VisitStatus.COMPLETED, VisitStatus.ONGOING)
STATUS_RANK = {
    status: rank for rank, status in enumerate((*HAPPENED, VisitStatus.PLANNED, VisitStatus.CANCELLED))
}


def stops(trips: pd.DataFrame) -> pd.DataFrame:
    """One person's trips (rows of derived.visit_table) as stops, in date order, numbered along the
    line; undated and cancelled stops last, numbered 0."""
    if trips.empty:
        return pd.DataFrame(columns=STOP_COLUMNS)
    trips = trips.sort_values(["when", "trip_date"], kind="stable", na_position="last")
    happened = _grouped(trips[trips["status"].isin(HAPPENED)], by_time=True)
    planned = _grouped(trips[trips["status"] == VisitStatus.PLANNED], by_time=False)
    cancelled = _grouped(trips[trips["status"] == VisitStatus.CANCELLED], by_time=False)
    happened, planned = _link_plans(happened, planned)
    table = pd.DataFrame([_stop(group) for group in [*happened, *planned, *cancelled]])
    table["rank"] = table["status"].map(STATUS_RANK).fillna(len(STATUS_RANK))
    on_line = table["when"].notna() & (table["status"] != VisitStatus.CANCELLED)
    table["line"] = ~on_line
    table = table.sort_values(["line", "when", "rank", "place"], kind="stable", na_position="last")
    table["order"] = np.where(table["line"], 0, np.cumsum(~table["line"]))
    return table[STOP_COLUMNS].reset_index(drop=True)


def _grouped(trips: pd.DataFrame, by_time: bool) -> list[pd.DataFrame]:
    """Trips to one place as groups: close in time (trips that happened), or all together (plans)."""
    groups: list[pd.DataFrame] = []
    for _, rows in trips.groupby("place", sort=False):
        if not by_time:
            groups.append(rows)
            continue
        start = 0
        days = rows["when"].to_numpy()
        for i in range(1, len(rows) + 1):
            gap = i < len(rows) and (
                pd.isna(days[i])
                or pd.isna(days[i - 1])
                or (days[i] - days[i - 1]) > np.timedelta64(STOP_DAYS, "D")
            )
            if i == len(rows) or gap:
                groups.append(rows.iloc[start:i])
                start = i
    return groups


def _link_plans(
    happened: list[pd.DataFrame], planned: list[pd.DataFrame]
) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """A plan joins the first trip to its place that happened after it was reported."""
    left = []
    for plan in planned:
        announced = plan["article_date"].min()
        match = next(
            (
                i
                for i, trip in enumerate(happened)
                if trip["place"].iloc[0] == plan["place"].iloc[0]
                and (pd.isna(announced) or trip["when"].min() >= announced)
            ),
            None,
        )
        if match is None:
            left.append(plan)
        else:
            happened[match] = pd.concat([happened[match], plan.assign(linked_plan=True)])
    return happened, left


def _stop(rows: pd.DataFrame) -> dict:
    """One stop from its trips."""
    status = min(rows["status"], key=lambda s: STATUS_RANK.get(s, len(STATUS_RANK)))
    when, label = _date(rows, status)
    first = rows.iloc[0]
    return {
        "place": first["place"],
        "country": first["country"],
        "lat": first["lat"],
        "lon": first["lon"],
        "status": status,
        "when": when,
        "date_label": label,
        "planned_first": "linked_plan" in rows and bool(rows["linked_plan"].eq(True).any()),
        "articles": rows["article_id"].nunique(),
        "trip_ids": tuple(rows["trip_id"]),
        "evidence": rows.loc[rows["status"] == status, "evidence"].iloc[0],
    }


def _date(rows: pd.DataFrame, status: str) -> tuple[pd.Timestamp, str]:
    """The date a stop is ordered by and its label, or NaT and why it has none."""
    if status == VisitStatus.PLANNED:  # a plan's own date, the latest said
        dated = rows[rows["status"] == status].dropna(subset=["trip_date"])
        if not dated.empty:
            return dated["trip_date"].max(), dated.loc[dated["trip_date"].idxmax(), "date"]
        announced = rows["article_date"].min()
        return pd.NaT, f"no date given (announced {announced:%Y-%m-%d})" if pd.notna(
            announced
        ) else "no date given"
    dated = rows[rows["status"].isin(HAPPENED)].dropna(subset=["trip_date"])
    if not dated.empty:
        return dated["trip_date"].min(), dated.loc[dated["trip_date"].idxmin(), "date"]
    under_way = rows[rows["status"] == VisitStatus.ONGOING].dropna(subset=["article_date"])
    if not under_way.empty:
        day = under_way["article_date"].min()
        return day, f"{day:%Y-%m-%d} (under way that day)"
    reported = rows["article_date"].min()
    if status == VisitStatus.CANCELLED:
        return pd.NaT, "cancelled"
    if pd.notna(reported):
        return pd.NaT, f"no date given (before {reported:%Y-%m-%d})"
    return pd.NaT, "no date given"


def legs(stops_in_order: pd.DataFrame) -> pd.DataFrame:
    """The legs between consecutive numbered stops that have coordinates: (lon0, lat0, lon1, lat1,
    planned), a leg planned when either end is a plan."""
    line = stops_in_order[(stops_in_order["order"] > 0)].dropna(subset=["lat", "lon"])
    rows = [
        (a.lon, a.lat, b.lon, b.lat, VisitStatus.PLANNED in (a.status, b.status))
        for a, b in zip(line.iloc[:-1].itertuples(), line.iloc[1:].itertuples(), strict=True)
        if (a.lon, a.lat) != (b.lon, b.lat)
    ]
    return pd.DataFrame(rows, columns=["lon0", "lat0", "lon1", "lat1", "planned"])
