"""Charts made from a query's counts: the map's destinations (one row per place, drawn in its most
telling status, with a hover listing its trips) and the quotes per speaker."""

import pandas as pd

from lib.charts import destinations, speaker_bars
from lib.frames import VisitStatus


def trip(
    place: str, visitor: str, status: str, when: str | None, article: str, lat: float | None = 1.0
) -> dict:
    return {
        "place": place,
        "visitor": visitor,
        "status": status,
        "when": pd.Timestamp(when) if when else pd.NaT,
        "lat": lat,
        "lon": 2.0 if lat is not None else None,
        "article_id": article,
        "evidence": f"{visitor} and {place} in {article}.",
        "title": "not read",
    }


def test_one_row_per_place_in_order_with_its_most_telling_status_and_first_date():
    trips = pd.DataFrame(
        [
            trip("Lisbon", "Ana Sousa", VisitStatus.PLANNED, "2024-05-02", "a1"),
            trip("Nairobi", "Tom Mbeki", VisitStatus.CANCELLED, None, "a2"),
            trip("Lisbon", "Ana Sousa", VisitStatus.COMPLETED, "2024-04-30", "a3"),
            trip("Lisbon", "Piet Kroon", VisitStatus.PLANNED, None, "a3"),
            trip("Nowhere", "Ana Sousa", VisitStatus.COMPLETED, None, "a4", lat=None),
            trip("Nairobi", "Tom Mbeki", "rumoured", None, "a5"),
        ]
    )
    found = destinations(trips)
    assert list(found["place"]) == ["Lisbon", "Nairobi"]  # in first-named order; no coordinates: left out
    assert list(found["status"]) == [VisitStatus.COMPLETED, VisitStatus.CANCELLED]
    assert list(found["articles"]) == [2, 2]
    assert found["first"].iloc[0] == pd.Timestamp("2024-04-30") and pd.isna(found["first"].iloc[1])
    hover = found["hover"].iloc[0]
    assert hover.startswith("<b>Lisbon</b><br>Ana Sousa · planned · 2024-05-02<br>Ana Sousa · completed")
    assert "Piet Kroon · planned<br><i>Ana Sousa and Lisbon in a1.</i>" in hover


def test_a_busy_place_lists_six_distinct_trips_and_counts_the_rest():
    trips = pd.DataFrame(
        [trip("Oslo", f"Visitor {n % 9}", VisitStatus.COMPLETED, None, f"a{n}") for n in range(30)]
    )
    hover = destinations(trips)["hover"].iloc[0]
    assert hover.count("<br>Visitor") == 6
    assert "… and 3 more" in hover  # 9 distinct trips, 6 listed


def test_speaker_bars_draw_the_counts_given_most_quoted_on_top():
    quoted = pd.Series({"Ama Owusu": 800_000, "Lars Berg": 12, "Nia Tan": 12, "Ole Vik": 3})
    bars = speaker_bars(quoted, 3).data[0]
    assert list(bars.customdata) == ["Nia Tan", "Lars Berg", "Ama Owusu"]  # plotly draws bottom-up
    assert list(bars.x) == [12, 12, 800_000]
    assert speaker_bars(quoted, 3).layout.title.text == "Quotes per speaker (top 3)"
    assert speaker_bars(quoted, 10).layout.title.text == "Quotes per speaker"
