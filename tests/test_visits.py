"""Visits: one sentence (or two) in, the (visitor, country, status) rows out."""

from __future__ import annotations

import pytest

from lib.corpus import Article
from lib.frames import VISIT_COLUMNS
from lib.pipeline import article_doc
from lib.visits import visit_rows


def rows_for(parse, text: str, date: str = "") -> list[dict]:
    return visit_rows(parse(text, date=date), Article("test", "test.txt", text, date=date))


def visits(parse, text: str, date: str = "") -> set[tuple[str, str, str]]:
    return {(row["visitor"], row["country"], row["status"]) for row in rows_for(parse, text, date)}


TRIPS = [
    # Travel verbs and their destinations.
    ("Foreign Minister Jane Roe flew to Nairobi on Monday.", {("Jane Roe", "Kenya", "completed")}),
    (
        "Canada's Prime Minister Mark Carney will travel to Tokyo and Seoul next week.",
        {("Mark Carney", "Japan", "planned"), ("Mark Carney", "South Korea", "planned")},
    ),
    (
        "German Chancellor Olaf Scholz arrived in Washington on Thursday for talks with Joe Biden.",
        {("Olaf Scholz", "United States", "completed")},
    ),
    ("President Lula returned from Beijing on Sunday.", {("Lula", "China", "completed")}),
    (
        "Keir Starmer travelled from London to Brussels on Tuesday.",
        {("Keir Starmer", "Belgium", "completed")},
    ),
    (
        "Christopher Luxon touches down in the Peruvian capital of Lima this morning.",
        {("Christopher Luxon", "Peru", "ongoing")},
    ),
    (
        "Christopher Luxon arrived in the Indian capital on Monday.",
        {("Christopher Luxon", "India", "completed")},
    ),
    (
        "Prime Minister Christopher Luxon will today lead a large trade delegation to Japan.",
        {("Christopher Luxon", "Japan", "ongoing")},
    ),
    (
        "New Zealand's Trade Minister Todd McClay leaves for the United Arab Emirates tomorrow.",
        {("Todd McClay", "United Arab Emirates", "planned")},
    ),
    # Visiting, and being somewhere.
    (
        "Since coming to office, Trade Minister Todd McClay has visited India three times.",
        {("Todd McClay", "India", "completed")},
    ),
    (
        "Brazil's President Luiz Inacio Lula da Silva is visiting Angola this week.",
        {("Luiz Inacio Lula da Silva", "Angola", "ongoing")},
    ),
    (
        "Christopher Luxon is in Laos for the East Asia Summit.",
        {("Christopher Luxon", "Laos", "ongoing")},
    ),
    (
        "Foreign Minister Penny Wong was in Tonga last month for the Pacific Islands Forum.",
        {("Penny Wong", "Tonga", "completed")},
    ),
    (
        "Prime Minister Christopher Luxon has been to China twice.",
        {("Christopher Luxon", "China", "completed")},
    ),
    (
        "Mr Christopher Luxon met Narendra Modi on the sidelines of the East Asia Summit in Laos.",
        {("Christopher Luxon", "Laos", "completed")},
    ),
    (
        "While in Laos, Christopher Luxon held formal meetings with counterparts in Vietnam and Cambodia.",
        {("Christopher Luxon", "Laos", "completed")},
    ),
    (
        "Chinese Foreign Minister Wang Yi held talks in Canberra with Penny Wong on Friday.",
        {("Wang Yi", "Australia", "completed")},
    ),
    (
        "Japan's Prime Minister Shigeru Ishiba is expected in Wellington in March, officials said.",
        {("Shigeru Ishiba", "New Zealand", "planned")},
    ),
    (
        "Trade Minister Todd McClay is expected to arrive in Doha on Tuesday afternoon.",
        {("Todd McClay", "Qatar", "planned")},
    ),
    (
        "When Canadian Prime Minister Mark Carney arrives in Seoul, he will meet officials.",
        {("Mark Carney", "South Korea", "planned")},
    ),
    # Trip nouns.
    (
        "Premier Li Qiang is on a three-day visit to Australia.",
        {("Li Qiang", "Australia", "ongoing")},
    ),
    (
        "Notably, Chris Hipkins undertook a visit to China in mid-2023 during his tenure.",
        {("Chris Hipkins", "China", "completed")},
    ),
    (
        "New Zealand's Prime Minister Christopher Luxon is set to embark on a diplomatic visit to China.",
        {("Christopher Luxon", "China", "planned")},
    ),
    (
        "Peters announced Todd McClay's scheduled visit to China next month.",
        {("Todd McClay", "China", "planned")},
    ),
    (
        "Foreign Minister Jane Roe will tour the Gulf next month, with a stop in Doha.",
        {("Jane Roe", "Qatar", "planned")},
    ),
    (
        "Ahead of a visit to Japan, Prime Minister Christopher Luxon said trade mattered.",
        {("Christopher Luxon", "Japan", "planned")},
    ),
    (
        "During a visit to Japan, Prime Minister Christopher Luxon said trade mattered.",
        {("Christopher Luxon", "Japan", "completed")},
    ),
    # Hosting: the guest is the visitor.
    ("Italy hosted President Lula last week.", {("Lula", "Italy", "completed")}),
    (
        "Turkish President Recep Tayyip Erdogan was hosted by Saudi Arabia in April.",
        {("Recep Tayyip Erdogan", "Saudi Arabia", "completed")},
    ),
    (
        "French President Emmanuel Macron was welcomed to Beijing by Xi Jinping.",
        {("Emmanuel Macron", "China", "completed")},
    ),
    # Who travels: control, relative clauses, coordination, "the first ... to visit".
    ("Xi Jinping invited Anthony Albanese to visit Beijing.", {("Anthony Albanese", "China", "planned")}),
    ("President Lula invited Narendra Modi to Brasilia.", {("Narendra Modi", "Brazil", "planned")}),
    (
        "Kenyan President William Ruto has been invited to Tokyo for a summit in May.",
        {("William Ruto", "Japan", "planned")},
    ),
    (
        "Joe Biden's envoy, John Kerry, flew to Beijing.",
        {("John Kerry", "China", "completed")},
    ),
    (
        "Christopher Luxon had received an invitation to visit China.",
        {("Christopher Luxon", "China", "planned")},
    ),
    (
        "Peter Dutton, who flew to Singapore last week, met Lawrence Wong.",
        {("Peter Dutton", "Singapore", "completed")},
    ),
    (
        "Christopher Luxon and Winston Peters flew to Lima.",
        {("Christopher Luxon", "Peru", "completed"), ("Winston Peters", "Peru", "completed")},
    ),
    (
        "Chinese Foreign Minister Wang Yi became the first senior Chinese official to visit New Zealand "
        "since 2017.",
        {("Wang Yi", "New Zealand", "completed")},
    ),
    # Planned and cancelled.
    ("Emmanuel Macron is due to visit Vietnam later this year.", {("Emmanuel Macron", "Vietnam", "planned")}),
    (
        "Luiz Inacio Lula da Silva is set to travel to China in April.",
        {("Inacio Lula da Silva", "China", "planned")},
    ),
    ("Prime Minister Christopher Luxon has yet to visit China.", {("Christopher Luxon", "China", "planned")}),
    (
        "Prime Minister Jacinda Ardern had intended to travel to Fiji in March, but the trip was called off.",
        {("Jacinda Ardern", "Fiji", "cancelled")},
    ),
    (
        "Philippine President Ferdinand Marcos Jr cancelled his trip to Japan due to a typhoon.",
        {("Ferdinand Marcos Jr", "Japan", "cancelled")},
    ),
    (
        "A planned visit to Pakistan by Indian Prime Minister Narendra Modi was scrapped.",
        {("Narendra Modi", "Pakistan", "cancelled")},
    ),
    ("Joe Biden was expected in Berlin but cancelled.", {("Joe Biden", "Germany", "cancelled")}),
    (
        "Foreign Minister Jane Roe had planned to continue on to Kampala, but that leg of the trip "
        "was dropped.",
        {("Jane Roe", "Uganda", "cancelled")},
    ),
    ("Narendra Modi will not attend the summit in Brazil.", {("Narendra Modi", "Brazil", "cancelled")}),
    (
        "Spanish Prime Minister Pedro Sanchez postponed a trip to Morocco.",
        {("Pedro Sanchez", "Morocco", "planned")},
    ),
    (
        "Foreign Minister Penny Wong had planned to visit Papua New Guinea this week, but the trip was "
        "postponed.",
        {("Penny Wong", "Papua New Guinea", "planned")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRIPS, ids=[text[:50] for text, _ in TRIPS])
def test_trips(parse, text, expected):
    assert visits(parse, text) == expected


# Constructions of real reports, in invented sentences.
REPORTED_TRIPS = [
    pytest.param(
        "Indian Prime Minister Arun Rao arrived at the White House on Thursday.",
        {("Arun Rao", "United States", "completed")},
        id="arrived-at-a-seat-of-government",
    ),
    pytest.param(
        "President Dana Holt met Kenyan President Amos Kiprono at the Elysee Palace on Monday.",
        {("Amos Kiprono", "France", "completed")},
        id="met-at-a-seat-of-government-the-foreigner-visits",
    ),
    pytest.param(
        "German Chancellor Lena Vogt sought closer ties during a meeting with US President Sam Reed "
        "at the White House on Thursday.",
        {("Lena Vogt", "United States", "completed")},
        id="during-a-meeting-at-the-white-house",
    ),
    pytest.param(
        "President Amos Kiprono hosted a state banquet in honour of Queen Ingrid at State House, "
        "Nairobi, on Tuesday.",
        {("Ingrid", "Kenya", "completed")},
        id="banquet-in-honour-of-the-guest",
    ),
    pytest.param(
        "Prime Minister Arun Rao will travel to Apulia, Italy, to attend the G7 summit.",
        {("Arun Rao", "Italy", "planned")},
        id="a-region-the-gazetteer-lacks-then-its-country",
    ),
    pytest.param(
        'The spokesman said: "President Sam Reed confirmed he will visit Ghana next month."',
        {("Sam Reed", "Ghana", "planned")},
        id="a-trip-the-quote-names",
    ),
    pytest.param(
        '"I will visit Ghana next month," the spokesman said.',
        set(),
        id="a-first-person-trip-in-a-quote-has-no-named-traveller",
    ),
    pytest.param(
        "US President Sam Reed's decision to skip the G20 summit in Johannesburg drew criticism.",
        {("Sam Reed", "South Africa", "cancelled")},
        id="skipping-a-summit",
    ),
    pytest.param(
        "Prime Minister Arun Rao does not plan to travel to the West Bank.",
        set(),
        id="no-plan-is-no-trip",
    ),
    pytest.param(
        "SAN FRANCISCO (AP) — US President Sam Reed and China's Xi Jinping swept into San Francisco "
        "on Tuesday.",
        {("Xi Jinping", "United States", "completed")},
        id="dateline-and-a-well-known-leaders-country",
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPORTED_TRIPS)
def test_trips_real_reports_describe(parse, text, expected):
    assert visits(parse, text) == expected


NOT_TRIPS = [
    "Kamala Harris compared the US economy with Mexico.",
    "Penny Wong issued a statement on Gaza on Tuesday.",
    "Shigeru Ishiba said investment from Japan would rise.",
    "More than 75,000 Indians have moved to New Zealand.",
    "Chinese tourists flocked to Japan last year.",
    "Olaf Scholz spoke to the ambassador to China.",
    "Donald Trump threatened to send troops to Mexico.",
    "Rishi Sunak has never visited China.",
    "When it comes to China, Penny Wong is cautious.",
    "Indian Prime Minister Narendra Modi is expected to win the election.",
    "Rishi Sunak continued to grow his lead.",
    # The owner is not the traveller.
    "Joe Biden's envoy flew to Beijing.",
    # Home is not a destination.
    "Australian Prime Minister Anthony Albanese returned to Canberra on Friday.",
    "New Zealand's Prime Minister Christopher Luxon met business leaders in Auckland.",
    "Jane Roe met her Kenyan counterpart, Musalia Mudavadi. Speaking in Nairobi, Mudavadi said so.",
    # Quoted speech is not narration.
    '"I will go to Moscow next week," said Hungarian Prime Minister Viktor Orban.',
    # A region spanning countries has no country to map.
    "Foreign Minister Penny Wong toured the Pacific last month.",
]


@pytest.mark.parametrize("text", NOT_TRIPS, ids=[text[:50] for text in NOT_TRIPS])
def test_not_trips(parse, text):
    assert visits(parse, text) == set()


def test_pronoun_visitor_is_resolved_like_a_quote_speaker(parse):
    text = "Kenyan President William Ruto spoke in Nairobi on Monday. He will fly to Beijing on Friday."
    assert visits(parse, text) == {("William Ruto", "China", "planned")}


def test_title_visitor_is_the_person_introduced_with_it(parse):
    text = (
        "Canadian Prime Minister Mark Carney spoke on Monday. The Canadian prime minister will visit Seoul."
    )
    assert visits(parse, text) == {("Mark Carney", "South Korea", "planned")}


def test_a_short_name_the_model_missed_is_still_the_person(parse):
    text = (
        "Chinese Foreign Minister Wang Yi met Penny Wong in Canberra. "
        "Wang became the first senior Chinese official to visit Australia since 2017."
    )
    assert visits(parse, text) == {("Wang Yi", "Australia", "completed")}


def test_a_trip_named_again_carries_its_destination(parse):
    text = (
        "Prime Minister Jane Roe had planned to visit India in May, but the trip was called off. "
        "Instead, her meeting with Narendra Modi in Laos would lay the groundwork for a visit next year."
    )
    assert visits(parse, text) == {("Jane Roe", "India", "cancelled"), ("Jane Roe", "India", "planned")}


def test_the_trip_repeated_without_news_adds_no_row(parse):
    text = (
        "Prime Minister Christopher Luxon will today lead a trade delegation to Japan. "
        "Business leaders will accompany Luxon on the trip."
    )
    assert visits(parse, text) == {("Christopher Luxon", "Japan", "ongoing")}


def test_one_row_per_visitor_destination_and_status(parse):
    text = "Jane Roe flew to Nairobi on Monday. Jane Roe visited Nairobi again on Friday."
    rows = rows_for(parse, text, "2024-05-20")
    assert [(r["visitor"], r["place"], r["status"]) for r in rows] == [("Jane Roe", "Nairobi", "completed")]
    assert rows[0]["date"] == "2024-05-20"


def test_row_fields(parse):
    text = "Intro paragraph.\n\nLuxon said so. Christopher Luxon touches down in Lima this morning."
    rows = rows_for(parse, text, "2024-11-14")
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == VISIT_COLUMNS
    assert row["place"] == "Lima"
    assert row["place_kind"] == "city"
    assert row["country"] == "Peru"
    assert row["lat"] == pytest.approx(-12.04, abs=0.1)
    assert row["trigger"] == "touches down"
    assert row["date_text"] == "this morning"
    assert row["date"] == "2024-11-14"
    assert row["evidence"] == "Christopher Luxon touches down in Lima this morning."
    assert text[row["evidence_start"] : row["evidence_end"]] == row["evidence"]
    assert row["paragraph"] == 1


def test_offsets_index_the_article_text_after_a_date_header(nlp):
    text = "date 2024-11-14\nChristopher Luxon flew to Lima on Wednesday."
    article = Article("test", "test.txt", text, date="2024-11-14", body_start=16)
    (row,) = visit_rows(nlp(article_doc(nlp, article)), article)
    assert text[row["evidence_start"] : row["evidence_end"]] == "Christopher Luxon flew to Lima on Wednesday."
    assert row["date"] == "2024-11-13"


def test_relative_dates_need_the_article_date(parse):
    text = "Canadian Prime Minister Mark Carney will visit Seoul next month."
    assert rows_for(parse, text, "2024-03-06")[0]["date"] == "2024-04"
    (row,) = rows_for(parse, text)
    assert (row["date"], row["date_text"]) == ("", "next month")


def test_present_tense_with_a_later_day_is_planned(parse):
    text = "French President Emmanuel Macron's state visit to Germany begins on Sunday."
    (row,) = rows_for(parse, text, "2024-03-06")
    assert (row["status"], row["date"]) == ("planned", "2024-03-10")


def test_a_trip_planned_for_the_articles_own_day_is_under_way(parse):
    # 2024-03-06 is a Wednesday: the visit "on Wednesday" is today's, and so is a stay around it.
    text = (
        "Chilean Foreign Minister Ana Torres will meet her Korean counterpart during a visit to Seoul "
        "on Wednesday."
    )
    (row,) = rows_for(parse, text, "2024-03-06")
    assert (row["status"], row["date"]) == ("ongoing", "2024-03-06")
    text = "Kenyan President Amos Kiprono will be in Tokyo on March 5-7."
    (row,) = rows_for(parse, text, "2024-03-06")
    assert (row["status"], row["date"], row["date_end"]) == ("ongoing", "2024-03-05", "2024-03-07")
    (row,) = rows_for(parse, text, "2024-03-01")
    assert row["status"] == "planned"
    text = "Chilean Foreign Minister Ana Torres will fly to Seoul later on Wednesday."
    (row,) = rows_for(parse, text, "2024-03-06")
    assert (row["status"], row["date"]) == ("planned", "2024-03-06")  # later today: still to come


def test_visits_are_spans_labelled_with_their_status(parse):
    doc = parse("Foreign Minister Jane Roe flew to Nairobi and Kampala on Monday.")
    (span,) = doc.spans["visits"]
    assert (span.text, span.label_) == ("flew", "completed")
    assert list(span._.visitors) == ["Jane Roe"]
    assert list(span._.places) == ["Nairobi", "Kampala"]
    assert span._.date_text == "Monday"


def test_rows_carry_the_home_country_the_article_gives_the_visitor(parse):
    text = (
        "Chilean President Ana Torres flew to Tokyo on Monday. "
        "Kenya's foreign minister, Joseph Mwangi, will visit Seoul next week. "
        "Mark Olsen travelled to Oslo."
    )
    homes = {row["visitor"]: row["home_country"] for row in rows_for(parse, text)}
    assert homes == {"Ana Torres": "Chile", "Joseph Mwangi": "Kenya", "Mark Olsen": ""}


def test_a_trip_to_a_country_is_drawn_at_its_capital(parse):
    [row] = rows_for(parse, "Indian Prime Minister Arun Rao visited Russia in March.")
    assert (row["place_kind"], round(row["lat"]), round(row["lon"])) == ("country", 56, 38)  # Moscow


def test_the_city_the_text_names_is_the_trip(parse):
    text = "Indian Prime Minister Arun Rao visited Russia on Monday. He held talks in Kazan on Monday."
    assert [(r["place"], r["country"]) for r in rows_for(parse, text)] == [("Kazan", "Russia")]


def test_a_preview_is_one_planned_trip_and_an_old_trip_keeps_its_year(parse):
    text = (
        "Indian Prime Minister Arun Rao will visit China next week. This is Rao's first visit to China "
        "since 2019. Rao last visited Russia in 2019."
    )
    rows = rows_for(parse, text, date="2025-03-03")
    assert {(r["country"], r["status"], r["date"]) for r in rows} == {
        ("China", "planned", "2025-03"),  # "next week": 10-16 March
        ("Russia", "completed", "2019"),
    }


def test_a_date_range_keeps_both_ends(parse):
    [row] = rows_for(
        parse,
        "Prime Minister Arun Rao will travel to Rome to attend the summit on June 13-15.",
        date="2024-06-01",
    )
    assert (row["date"], row["date_end"]) == ("2024-06-13", "2024-06-15")


def test_without_an_article_date_a_relative_date_is_kept_as_written_not_guessed(parse):
    [row] = rows_for(parse, "Prime Minister Arun Rao flew to Rome on Thursday.")
    assert (row["date"], row["date_text"]) == ("", "Thursday")


ARRIVALS_HOSTS_EVENTS = [
    pytest.param(
        "Philippine President Rosa Dimaano is on her way to Laos to attend the ASEAN summit.",
        {("Rosa Dimaano", "Laos", "ongoing")},
        id="on-her-way-to",
    ),
    pytest.param(
        # 14 November 2024 is a Thursday: the plane lands today, so the trip is under way.
        "The plane carrying Chilean President Tomas Vidal is due to arrive in Vientiane on Thursday.",
        {("Tomas Vidal", "Laos", "ongoing")},
        id="plane-carrying-x-due-to-arrive",
    ),
    pytest.param(
        "Kenyan President Amos Kiprono departed for Tokyo on Monday.",
        {("Amos Kiprono", "Japan", "completed")},
        id="departed-for",
    ),
    pytest.param(
        "Kenyan President Amos Kiprono landed in Seoul late on Monday.",
        {("Amos Kiprono", "South Korea", "completed")},
        id="landed-in",
    ),
    pytest.param(
        "Kenyan President Amos Kiprono flew into Brasilia overnight.",
        {("Amos Kiprono", "Brazil", "completed")},
        id="flew-into",
    ),
    pytest.param(
        "Chinese President Wei Ming welcomed Irish Prime Minister Sean Doyle on an official visit "
        "on Tuesday.",
        {("Sean Doyle", "China", "completed")},
        id="welcomed-on-an-official-visit",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle was received by Chinese President Wei Ming in Beijing.",
        {("Sean Doyle", "China", "completed")},
        id="received-by",
    ),
    pytest.param(
        "Chinese President Wei Ming hosted Irish Prime Minister Sean Doyle in Beijing on Tuesday.",
        {("Sean Doyle", "China", "completed")},
        id="hosted-in",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle told reporters on the sidelines of the APEC forum in Lima "
        "that trade mattered.",
        {("Sean Doyle", "Peru", "completed")},
        id="sidelines-of-a-forum-in",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle is attending the G20 summit in Rio.",
        {("Sean Doyle", "Brazil", "ongoing")},
        id="attending-a-summit-in",
    ),
    pytest.param(
        "The talks came during a trip by Chinese Premier Wei Ming to New Zealand.",
        {("Wei Ming", "New Zealand", "completed")},
        id="trip-by-x-to",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle's visit to India ended on Friday.",
        {("Sean Doyle", "India", "completed")},
        id="x-s-visit-to",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle attends the G7 in Italy this week.",
        {("Sean Doyle", "Italy", "ongoing")},
        id="attends-the-g7-in",
    ),
    pytest.param(
        "The BRICS summit in Kazan was attended by Brazilian President Ana Lopes and Indian Prime "
        "Minister Arun Rao.",
        {("Arun Rao", "Russia", "completed"), ("Ana Lopes", "Russia", "completed")},
        id="summit-attended-by-x-and-y",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle will skip the summit in Johannesburg.",
        {("Sean Doyle", "South Africa", "cancelled")},
        id="will-skip",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle is boycotting the summit in Johannesburg.",
        {("Sean Doyle", "South Africa", "cancelled")},
        id="is-boycotting",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle called off his trip to Japan.",
        {("Sean Doyle", "Japan", "cancelled")},
        id="called-off",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle cancelled his trip to Japan on medical advice.",
        {("Sean Doyle", "Japan", "cancelled")},
        id="cancelled-on-medical-advice",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle postponed his visit to Japan until next year.",
        {("Sean Doyle", "Japan", "planned")},
        id="postponed",
    ),
    pytest.param(
        "King Olaf attended a state banquet for Irish Prime Minister Sean Doyle at Buckingham Palace.",
        {("Sean Doyle", "United Kingdom", "completed")},
        id="state-banquet-for-x-at-a-palace",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle met US President Sam Reed in the Oval Office on Monday.",
        {("Sean Doyle", "United States", "completed")},
        id="met-x-in-the-oval-office",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle arrived at the White House on his first state visit.",
        {("Sean Doyle", "United States", "completed")},
        id="arrived-at-the-white-house",
    ),
]


def test_the_people_of_a_meeting_told_before_visit_where_it_was_held(parse):
    text = (
        "Chancellor Petra Lindqvist and President Amos Kiprono Hold Talks at Nato Summit\n\n"
        "The meeting, held at the Pestana Palace Hotel in Lisbon, lasted about an hour.\n\n"
        "Chancellor Petra Lindqvist urged closer trade ties, while President Amos Kiprono raised debt "
        "relief."
    )
    assert {(r["visitor"], r["place"], r["status"]) for r in rows_for(parse, text)} == {
        ("Petra Lindqvist", "Lisbon", "completed"),
        ("Amos Kiprono", "Lisbon", "completed"),
    }
    text = (
        "Irish Prime Minister Sean Doyle held talks with Kenyan President Amos Kiprono on Tuesday. "
        "The talks, hosted at the Grand Hyatt in Jakarta, ran for two hours."
    )
    assert visits(parse, text) == {
        ("Sean Doyle", "Indonesia", "completed"),
        ("Amos Kiprono", "Indonesia", "completed"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Commission President Ingrid Solberg said on Friday that the talks had gone well. It was the "
            "first visit to India by the full commission.",
            {("Ingrid Solberg", "India", "completed")},
            id="first-visit-by-her-commission",
        ),
        pytest.param(
            "Kenyan President Amos Kiprono toured the port of Haiphong with his hosts on Tuesday. It was "
            "the first visit to Vietnam by a Kenyan delegation in two decades.",
            {("Amos Kiprono", "Vietnam", "completed")},
            id="first-visit-by-a-delegation",
        ),
        pytest.param(
            "Indian Prime Minister Arun Rao said the talks had gone well. This was the first visit to "
            "India by the European commissioners.",
            set(),
            id="the-host-is-no-visitor",
        ),
        pytest.param(
            "Kenyan President Amos Kiprono said the talks had gone well. It was the first visit to "
            "Vietnam by a warship from Kenya.",
            set(),
            id="a-ship-is-no-person",
        ),
    ],
)
def test_this_was_a_visit_is_the_trip_of_whom_the_sentence_before_told(parse, text, expected):
    rows = rows_for(parse, text, date="2024-05-02")
    assert {(r["visitor"], r["country"], r["status"]) for r in rows} == expected
    assert all(r["date"] == "" for r in rows)  # "in two decades" is how long, not when


STAND_INS = [
    pytest.param(
        "Kenyan President Amos Kiprono will skip the Commonwealth summit in Apia. Vice President Ruth "
        "Njeri will represent him at the summit.",
        {("Amos Kiprono", "Samoa", "cancelled"), ("Ruth Njeri", "Samoa", "planned")},
        id="will-represent-him",
    ),
    pytest.param(
        "Sean Doyle will not travel to the climate conference in Baku, his office said on Monday. His "
        "deputy, Ciaran Walsh, will attend on his behalf.",
        {("Sean Doyle", "Azerbaijan", "cancelled"), ("Ciaran Walsh", "Azerbaijan", "planned")},
        id="on-his-behalf",
    ),
    pytest.param(
        "Irish Prime Minister Sean Doyle had been due to fly to Ottawa for the talks. Foreign "
        "Minister Aoife Byrne will go instead of Doyle.",
        {("Sean Doyle", "Canada", "planned"), ("Aoife Byrne", "Canada", "planned")},
        id="instead-of",
    ),
    pytest.param(
        "President Ana Lopes is boycotting the G20 summit in Durban. She initially said "
        "Foreign Minister Marta Ruiz would attend in her place but later declared that no minister "
        "would take part.",
        {("Ana Lopes", "South Africa", "cancelled"), ("Marta Ruiz", "South Africa", "cancelled")},
        id="in-her-place-then-taken-back",
    ),
    pytest.param(
        "Prime Minister Sean Doyle originally planned to visit Canberra in May, but later cancelled.",
        {("Sean Doyle", "Australia", "cancelled")},
        id="originally-planned-but",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STAND_INS)
def test_a_stand_in_goes_where_the_one_replaced_was_to_go(parse, text, expected):
    assert visits(parse, text, date="2024-11-14") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Former President Sam Reed flew to Paris on Monday. His lawyer, John Doe, will represent him in "
        "court next week.",
        "President Sam Reed will fly to Paris on Monday. His lawyer, John Doe, will represent him in "
        "court next week.",
    ],
)
def test_standing_in_elsewhere_is_no_trip(parse, text):
    assert {v for v, _, _ in visits(parse, text, date="2024-11-14")} == {"Sam Reed"}


def test_a_plan_moved_to_another_day_is_still_planned(parse):
    text = "President Ana Lopes was originally due in Lima on Monday, but the trip was postponed."
    assert visits(parse, text, date="2024-11-14") == {("Ana Lopes", "Peru", "planned")}


@pytest.mark.parametrize(("text", "expected"), ARRIVALS_HOSTS_EVENTS)
def test_arrivals_hosts_and_events(parse, text, expected):
    assert visits(parse, text, date="2024-11-14") == expected


def test_visit_rows_say_where_the_trigger_and_the_place_are(parse):
    text = "Talks ended.\n\nIndian Prime Minister Arun Rao flew to Lima on Monday."
    [row] = rows_for(parse, text)
    assert text[row["trigger_start"] : row["trigger_end"]] == "flew"
    assert text[row["place_start"] : row["place_end"]] == "Lima"
