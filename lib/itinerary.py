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

from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from lib.frames import VisitStatus

STOP_DAYS = 7  # trips that happened this close to each other, to one place, are one trip
STOP_GAP = pd.Timedelta(days=STOP_DAYS)
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


Trip = dict[str, Any]  # one row of derived.visit_table, as a dict


def stops(trips: pd.DataFrame) -> pd.DataFrame:
    """One person's trips (rows of derived.visit_table) as stops, in date order, numbered along the
    line; undated and cancelled stops last, numbered 0.

    Linear in the trips: the grouping works on plain records, since a DataFrame per stop cost about
    15 ms a trip for a person reported thousands of times.
    """
    if trips.empty:
        return pd.DataFrame(columns=STOP_COLUMNS)
    trips = trips.sort_values(["when", "trip_date"], kind="stable", na_position="last")
    records: list[Trip] = trips.to_dict("records")
    happened = _grouped([t for t in records if t["status"] in HAPPENED], by_time=True)
    planned = _grouped([t for t in records if t["status"] == VisitStatus.PLANNED], by_time=False)
    cancelled = _grouped([t for t in records if t["status"] == VisitStatus.CANCELLED], by_time=False)
    happened, planned = _link_plans(happened, planned)
    table = pd.DataFrame([_stop(group) for group in [*happened, *planned, *cancelled]])
    table["rank"] = table["status"].map(STATUS_RANK).fillna(len(STATUS_RANK))
    on_line = table["when"].notna() & (table["status"] != VisitStatus.CANCELLED)
    table["line"] = ~on_line
    table = table.sort_values(["line", "when", "rank", "place"], kind="stable", na_position="last")
    table["order"] = np.where(table["line"], 0, np.cumsum(~table["line"]))
    return table[STOP_COLUMNS].reset_index(drop=True)


def _by_place(trips: list[Trip]) -> dict[str, list[Trip]]:
    """Trips per place, places in the order they first come (trips with no place left out)."""
    places: dict[str, list[Trip]] = {}
    for trip in trips:
        if not pd.isna(trip["place"]):
            places.setdefault(trip["place"], []).append(trip)
    return places


def _grouped(trips: list[Trip], by_time: bool) -> list[list[Trip]]:
    """Trips to one place as groups: close in time (trips that happened), or all together (plans).
    Trips come in date order; an undated one is a group of its own."""
    groups: list[list[Trip]] = []
    for rows in _by_place(trips).values():
        if not by_time:
            groups.append(rows)
            continue
        group = [rows[0]]
        for before, trip in pairwise(rows):
            gap = pd.isna(trip["when"]) or pd.isna(before["when"]) or trip["when"] - before["when"] > STOP_GAP
            if gap:
                groups.append(group)
                group = []
            group.append(trip)
        groups.append(group)
    return groups


def _earliest(trips: list[Trip], column: str) -> Any:
    """The earliest date in a column of trips, NaT when none has one."""
    return min((t[column] for t in trips if not pd.isna(t[column])), default=pd.NaT)


def _link_plans(
    happened: list[list[Trip]], planned: list[list[Trip]]
) -> tuple[list[list[Trip]], list[list[Trip]]]:
    """A plan joins the first trip to its place that happened after it was reported."""
    trips_to: dict[str, list[int]] = {}
    for number, trip in enumerate(happened):
        trips_to.setdefault(trip[0]["place"], []).append(number)
    starts = [_earliest(trip, "when") for trip in happened]
    left = []
    for plan in planned:
        announced = _earliest(plan, "article_date")
        match = next(
            (
                number
                for number in trips_to.get(plan[0]["place"], [])
                if pd.isna(announced) or (not pd.isna(starts[number]) and starts[number] >= announced)
            ),
            None,
        )
        if match is None:
            left.append(plan)
        else:
            happened[match] = [*happened[match], *({**trip, "linked_plan": True} for trip in plan)]
    return happened, left


def _stop(rows: list[Trip]) -> dict:
    """One stop from its trips."""
    status = min((t["status"] for t in rows), key=lambda s: STATUS_RANK.get(s, len(STATUS_RANK)))
    when, label = _date(rows, status)
    first = rows[0]
    return {
        "place": first["place"],
        "country": first["country"],
        "lat": first["lat"],
        "lon": first["lon"],
        "status": status,
        "when": when,
        "date_label": label,
        "planned_first": any(t.get("linked_plan") for t in rows),
        "articles": len({t["article_id"] for t in rows}),
        "trip_ids": tuple(t["trip_id"] for t in rows),
        "evidence": next(t["evidence"] for t in rows if t["status"] == status),
    }


def _first_dated(rows: list[Trip], latest: bool) -> Trip | None:
    """The first trip with the earliest (or latest) trip date, None when none is dated."""
    dated = [t for t in rows if not pd.isna(t["trip_date"])]
    if not dated:
        return None
    pick = max if latest else min
    return pick(dated, key=lambda t: t["trip_date"])  # min/max keep the first of equals


def _date(rows: list[Trip], status: str) -> tuple[pd.Timestamp, str]:
    """The date a stop is ordered by and its label, or NaT and why it has none."""
    if status == VisitStatus.PLANNED:  # a plan's own date, the latest said
        chosen = _first_dated([t for t in rows if t["status"] == status], latest=True)
        if chosen is not None:
            return chosen["trip_date"], chosen["date"]
        announced = _earliest(rows, "article_date")
        return pd.NaT, f"no date given (announced {announced:%Y-%m-%d})" if pd.notna(
            announced
        ) else "no date given"
    chosen = _first_dated([t for t in rows if t["status"] in HAPPENED], latest=False)
    if chosen is not None:
        return chosen["trip_date"], chosen["date"]
    day = _earliest([t for t in rows if t["status"] == VisitStatus.ONGOING], "article_date")
    if pd.notna(day):
        return day, f"{day:%Y-%m-%d} (under way that day)"
    reported = _earliest(rows, "article_date")
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
