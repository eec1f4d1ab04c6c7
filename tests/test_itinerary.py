"""lib/itinerary.py: a person's trips as stops in date order, and the legs between them."""

from __future__ import annotations

import pandas as pd

from lib.itinerary import legs, stops

COORDS = {"Tokyo": (35.7, 139.7), "Vientiane": (18.0, 102.6), "Lima": (-12.0, -77.0), "Delhi": (28.6, 77.2)}


def trips(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """Trips as derived.visit_table gives them: (article, place, status, the trip's date, the article's)."""
    table = pd.DataFrame(rows, columns=["article_id", "place", "status", "date", "article_day"])
    table["country"] = table["place"]
    table["lat"] = table["place"].map(lambda p: COORDS[p][0])
    table["lon"] = table["place"].map(lambda p: COORDS[p][1])
    table["trip_date"] = pd.to_datetime(table["date"], format="mixed", errors="coerce")
    table["article_date"] = pd.to_datetime(table["article_day"], format="mixed", errors="coerce")
    table["when"] = table["trip_date"].fillna(table["article_date"])
    table["trip_id"] = [f"{a}:{i}" for i, a in enumerate(table["article_id"])]
    table["evidence"] = table["place"] + " sentence"
    return table


def test_stops_are_in_date_order_and_one_trip_is_one_stop_however_many_articles_report_it():
    table = stops(
        trips(
            ("a", "Lima", "ongoing", "2024-11-14", "2024-11-14"),
            ("b", "Vientiane", "ongoing", "", "2024-10-10"),  # under way on the article's day
            ("c", "Vientiane", "completed", "2024-10-10", "2024-10-11"),  # the same trip, told after
            ("d", "Tokyo", "ongoing", "2024-06-16", "2024-06-16"),
            ("e", "Delhi", "planned", "2025", "2024-10-10"),
        )
    )
    assert table["place"].tolist() == ["Tokyo", "Vientiane", "Lima", "Delhi"]
    assert table["order"].tolist() == [1, 2, 3, 4]
    assert table.loc[1, "articles"] == 2 and table.loc[1, "status"] == "completed"
    assert set(table.loc[1, "trip_ids"]) == {"b:1", "c:2"}
    assert table["date_label"].tolist() == ["2024-06-16", "2024-10-10", "2024-11-14", "2025"]


def test_trips_without_a_date_and_cancelled_ones_are_listed_apart_with_why():
    table = stops(
        trips(
            ("a", "Tokyo", "ongoing", "2024-06-16", "2024-06-16"),
            ("b", "Delhi", "planned", "", "2024-03-19"),  # "in the coming months"
            ("c", "Lima", "completed", "", "2024-10-10"),  # "has visited Lima"
            ("d", "Vientiane", "cancelled", "", "2024-10-10"),
            ("e", "Vientiane", "completed", "", ""),
        )
    )
    assert table["order"].tolist() == [1, 0, 0, 0, 0]
    off = set(zip(table["place"][1:], table["status"][1:], table["date_label"][1:], strict=True))
    assert off == {
        ("Delhi", "planned", "no date given (announced 2024-03-19)"),
        ("Lima", "completed", "no date given (before 2024-10-10)"),
        ("Vientiane", "completed", "no date given"),
        ("Vientiane", "cancelled", "cancelled"),
    }


def test_a_plan_that_later_happened_is_the_stop_where_it_happened():
    table = stops(
        trips(
            ("a", "Delhi", "planned", "", "2024-10-10"),
            ("b", "Delhi", "ongoing", "2025-03-17", "2025-03-17"),
        )
    )
    assert len(table) == 1
    assert table.loc[0, "status"] == "ongoing" and table.loc[0, "planned_first"]
    assert table.loc[0, "articles"] == 2


def test_legs_join_consecutive_stops_and_plans_are_dashed():
    table = stops(
        trips(
            ("a", "Tokyo", "ongoing", "2024-06-16", "2024-06-16"),
            ("b", "Lima", "ongoing", "2024-11-14", "2024-11-14"),
            ("c", "Delhi", "planned", "2025", "2024-11-14"),
        )
    )
    found = legs(table)
    assert found[["lon0", "lon1"]].values.tolist() == [[139.7, -77.0], [-77.0, 77.2]]
    assert found["planned"].tolist() == [False, True]
    assert legs(stops(trips(("a", "Tokyo", "ongoing", "2024-06-16", "")))).empty
