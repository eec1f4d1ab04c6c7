"""What the pages show, asked of a CorpusStore (lib/store.py): the SQL twins of lib.derived and
lib.search, returning the frames those return (or their first rows and a count), in the same order.

Every value a user chose goes into a query as a parameter, never into its text. Tables that only
depend on the corpus (counts per speaker, the people table, the search index) are built once per store
as in-memory tables (CorpusStore.kept), then only filtered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib.derived import trip_ids
from lib.frames import PLACE_LABELS, QuoteKind, SpeakerType, VisitStatus
from lib.markup import query_words
from lib.search import INDEX_COLUMNS, KINDS, QUOTE_LABEL_CHARS
from lib.store import CorpusStore, quoted

FIRST_ROWS = 200  # rows a page lists at once; the count says how many pass the filters
MAX_TITLE_BARS = 100  # articles an undated entity timeline draws a bar for: those naming it most
DateRange = tuple[dt.date, dt.date]


@dataclass
class Where:
    """A WHERE clause built from filters, with its parameters."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    columns: set[str] = field(default_factory=set)  # what the clauses read ("*": a clause of any kind)

    def add(self, clause: str, column: str = "*", **params: Any) -> None:
        self.clauses.append(clause)
        self.params.update(params)
        self.columns.add(column)

    def among(self, column: str, values: Collection[str], name: str) -> None:
        """Rows whose column is one of the values (a list parameter, whatever its length)."""
        self.add(f"list_contains(${name}, {quoted(column)})", column, **{name: list(values)})

    def reads_only(self, *columns: str) -> bool:
        """Whether the clauses read no other columns than these."""
        return self.columns <= set(columns)

    def words(self, column: str, query: str, lowered: bool = False) -> None:
        """Rows whose text holds every word of the query, any case (lib.markup.search_mask); `lowered`:
        the column is already in lower case."""
        text = quoted(column) if lowered else f"lower({quoted(column)})"
        for n, word in enumerate(query_words(query)):
            self.add(f"contains({text}, $word{n})", column, **{f"word{n}": word})

    def dates(self, column: str, date_range: DateRange | None, include_undated: bool) -> None:
        """Rows dated in an inclusive range, undated ones kept or not (lib.derived.in_date_range)."""
        if date_range is None:
            return
        first, last = (pd.Timestamp(day) for day in date_range)
        inside = f"({quoted(column)} >= $first AND {quoted(column)} < $after)"
        undated = f" OR {quoted(column)} IS NULL" if include_undated else ""
        self.add(f"({inside}{undated})", column, first=first, after=last + pd.Timedelta(days=1))

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


def table_name(*parts: object) -> str:
    """A name for a kept table, from what it depends on."""
    return "kept_" + hashlib.blake2b(repr(parts).encode(), digest_size=8).hexdigest()


def kept_table(store: CorpusStore, key: tuple, select: str, params: dict[str, Any] | None = None) -> str:
    """The name of an in-memory table holding `select`'s result, built once per key and store."""
    name = table_name(*key)

    def build() -> str:
        store.execute(f"CREATE OR REPLACE TABLE {name} AS {select}", params)
        return name

    return store.kept(key, build, lambda table: store.execute(f"DROP TABLE IF EXISTS {table}"))


# Quotes --------------------------------------------------------------------------------------------


COUNTED_BY = ("kind", "speaker_type")  # the quote filters corpus.quote_counts can answer


def quote_where(
    *,
    query: str = "",
    speakers: Collection[str] = (),
    article_ids: Collection[str] = (),
    kinds: Collection[str] = (QuoteKind.FULL, QuoteKind.PARTIAL),
    speaker_types: Collection[str] | None = None,
    date_range: DateRange | None = None,
    include_undated: bool = True,
) -> Where:
    """The quotes lib.derived.filter_quotes keeps with the same arguments."""
    where = Where()
    where.among("kind", [str(k) for k in kinds], "kinds")
    if speaker_types is not None:
        where.among("speaker_type", [str(t) for t in speaker_types], "types")
    where.words("_lowered", query, lowered=True)
    if speakers:
        where.among("speaker", speakers, "speakers")
    if article_ids:
        where.among("article_id", article_ids, "articles")
    where.dates("date", date_range, include_undated)
    return where


def quotes(store: CorpusStore, where: Where, limit: int = FIRST_ROWS, offset: int = 0) -> pd.DataFrame:
    """The quotes passing the filters, in lib.derived.quote_table's order: rows offset.. offset+limit."""
    # No ORDER BY: the table is stored in this order and DuckDB keeps it (preserve_insertion_order), so
    # the scan stops at the last row asked for instead of filtering every quote first.
    return store.frame(
        f"SELECT * EXCLUDE (_rank, _ord, _lowered) FROM corpus.quotes{where.sql()} "
        "LIMIT $limit OFFSET $offset",
        {**where.params, "limit": limit, "offset": offset},
    )


def count(store: CorpusStore, table: str, where: Where, cap: int | None = None) -> int:
    """How many rows of a corpus table pass the filters; with `cap`, counting stops there (a page can
    say "more than 10,000" without reading every row)."""
    if table == "quotes" and where.reads_only(*COUNTED_BY):
        counted = int(
            store.value(
                f"SELECT coalesce(sum(quotes), 0) FROM corpus.quote_counts{where.sql()}", where.params
            )
        )
        return counted if cap is None else min(counted, cap)
    rows = f"SELECT 1 FROM corpus.{table}{where.sql()}" + (" LIMIT $cap" if cap is not None else "")
    params = {**where.params, **({"cap": cap} if cap is not None else {})}
    return int(store.value(f"SELECT count(*) FROM ({rows})", params))


SPEAKERS_SQL = (
    # Per speaker (scare quotes are nobody's speech): the type most of their quotes give (on a tie, the
    # one SPEAKER_TYPES lists first), its rank, and their quotes.
    "WITH per_type AS (SELECT speaker, speaker_type, min(_rank) AS rank, count(*) AS n "
    f"FROM corpus.quotes WHERE kind <> '{QuoteKind.SCARE}' GROUP BY speaker, speaker_type) "
    "SELECT speaker, arg_min(speaker_type, (-n, rank)) AS speaker_type, "
    "arg_min(rank, (-n, rank)) AS rank, sum(n)::BIGINT AS quotes FROM per_type GROUP BY speaker"
)


def speaker_counts(
    store: CorpusStore, types: Sequence[str] | None = None, limit: int | None = None
) -> pd.Series:
    """Quotes per speaker, people first, then the other types in SPEAKER_TYPES order, each most quoted
    first (ties by name): lib.derived.speaker_counts, or speakers_of_types when `types` are given."""
    where = Where()
    if types is not None:
        where.among("speaker_type", [str(t) for t in types], "types")
    found = store.frame(
        f"SELECT speaker, quotes FROM corpus.speakers{where.sql()} "
        "ORDER BY rank, quotes DESC, speaker" + (" LIMIT $limit" if limit is not None else ""),
        {**where.params, **({"limit": limit} if limit is not None else {})},
    )
    return found.set_index("speaker")["quotes"].rename("count").rename_axis(None)


def speakers_of(store: CorpusStore, where: Where, limit: int = 15) -> pd.Series:
    """Quotes per speaker among the quotes passing the filters, most first (ties by name): what the
    Quotes page's chart draws, without fetching the rows."""
    # Filtered by kind and speaker type alone (the page's opening chart), from the counts built with
    # the store instead of grouping every quote (0.5 s and 80 MB of buffers at a million articles).
    counted = (
        "sum(quotes)::BIGINT FROM corpus.quote_counts"
        if where.reads_only(*COUNTED_BY)
        else "count(*) FROM corpus.quotes"
    )
    found = store.frame(
        f"SELECT speaker, {counted}{where.sql()} GROUP BY speaker ORDER BY 2 DESC, speaker LIMIT $limit",
        {**where.params, "limit": limit},
    ).set_axis(["speaker", "n"], axis=1)
    return found.set_index("speaker")["n"].rename("count").rename_axis(None)


def speaker_types(store: CorpusStore, speakers: Collection[str]) -> pd.Series:
    """The type of each of these speakers (lib.derived.speaker_types)."""
    found = store.frame(
        "SELECT speaker, speaker_type FROM corpus.speakers WHERE list_contains($speakers, speaker)",
        {"speakers": list(speakers)},
    )
    return found.set_index("speaker")["speaker_type"]


def date_bounds(store: CorpusStore, table: str, column: str) -> DateRange | None:
    """The first and last known date of a corpus table's column, or None when nothing is dated."""
    first, last = store.rows(f"SELECT min({quoted(column)}), max({quoted(column)}) FROM corpus.{table}")[0]
    return (first.date(), last.date()) if first is not None else None


# Trips ---------------------------------------------------------------------------------------------


def visit_where(
    *,
    visitors: Collection[str] = (),
    places: Collection[str] = (),
    statuses: Collection[str] = (),
    date_range: DateRange | None = None,
    include_undated: bool = True,
) -> Where:
    """The visits lib.derived.filter_visits keeps with the same arguments."""
    where = Where()
    if visitors:
        where.among("visitor", visitors, "visitors")
    if places:
        where.among("place", places, "places")
    if statuses:
        where.among("status", [str(s) for s in statuses], "statuses")
    where.dates("when", date_range, include_undated)
    return where


def visits(store: CorpusStore, where: Where, limit: int = FIRST_ROWS, offset: int = 0) -> pd.DataFrame:
    """The visits passing the filters in corpus order, as rows of lib.derived.visit_table (with
    `trip_id`): rows offset.. offset+limit."""
    rows = store.frame(
        # Stored in this order: no ORDER BY, as in quotes().
        f"SELECT * EXCLUDE (_ord) FROM corpus.visits{where.sql()} LIMIT $limit OFFSET $offset",
        {**where.params, "limit": limit, "offset": offset},
    )
    return rows.assign(trip_id=trip_ids(rows))


def destinations(store: CorpusStore, where: Where, limit: int = 2_000) -> pd.DataFrame:
    """One row per located destination of the visits passing the filters: coordinates, trips, articles,
    the first known date, and its most frequent status; the most visited `limit` places."""
    located = f"FROM corpus.visits{where.sql()}{' AND' if where.clauses else ' WHERE'} "
    located += "lat IS NOT NULL AND lon IS NOT NULL"
    # Two aggregations of the same filtered scan, not one over a materialized CTE: scanning twice costs
    # less than writing out half a million trips first. Rows are stored in corpus order, so the first
    # trip's coordinates are arg_min(…, _ord), with no sort per place (first(… ORDER BY _ord)).
    return store.frame(
        f"WITH statuses AS (SELECT place, arg_max(status, (n, -len(status))) AS status FROM "
        f"(SELECT place, status, count(*) AS n {located} GROUP BY place, status) GROUP BY place), "
        "places AS (SELECT place, arg_min(lat, _ord) AS lat, arg_min(lon, _ord) AS lon, count(*) AS trips, "
        f'count(DISTINCT article_id) AS articles, min("when") AS first {located} GROUP BY place) '
        "SELECT p.*, s.status FROM places p JOIN statuses s ON s.place IS NOT DISTINCT FROM p.place "
        "ORDER BY p.trips DESC, p.place LIMIT $limit",
        {**where.params, "limit": limit},
    )


def visitor_counts(store: CorpusStore, limit: int | None = None) -> pd.Series:
    """Trips per visitor, most travelled first (ties by name): lib.derived.visitor_counts."""
    found = store.frame(
        "SELECT visitor, trips FROM corpus.visitors ORDER BY trips DESC, visitor"
        + (" LIMIT $limit" if limit is not None else ""),
        {"limit": limit} if limit is not None else {},
    )
    return found.set_index("visitor")["trips"].rename("count").rename_axis(None)


def distinct_values(store: CorpusStore, table: str, column: str) -> list[str]:
    """A column's distinct values, sorted (places, statuses: what a filter offers)."""
    return [row[0] for row in store.rows(f"SELECT DISTINCT {quoted(column)} FROM corpus.{table} ORDER BY 1")]


# One article ----------------------------------------------------------------------------------------


def article_rows(store: CorpusStore, article_id: str) -> dict[str, pd.DataFrame]:
    """One article's rows of every table, in corpus order (what the Reader shows)."""
    return {
        table: store.frame(
            f"SELECT * EXCLUDE (_ord) FROM corpus.{table} WHERE article_id = $id ORDER BY _ord",
            {"id": article_id},
        )
        for table in ("articles", "mentions", "quotes", "visits", "meetings")
    }


# People ---------------------------------------------------------------------------------------------


PEOPLE_SQL = (
    "WITH mentioned AS (SELECT entity AS person, count(*) AS mentions, count(DISTINCT article_id) AS "
    "articles FROM corpus.person_mentions GROUP BY entity), "
    "quoted AS (SELECT speaker AS person, count(*) AS quotes FROM corpus.quotes "
    f"WHERE speaker_type = '{SpeakerType.PERSON}' AND kind <> '{QuoteKind.SCARE}' GROUP BY speaker), "
    "travelled AS (SELECT visitor AS person, count(*) AS trips FROM corpus.visits GROUP BY visitor), "
    "met AS (SELECT person, count(*) AS meetings FROM (SELECT person_a AS person FROM corpus.meetings "
    "UNION ALL SELECT person_b FROM corpus.meetings) GROUP BY person) "
    "SELECT person, coalesce(mentions, 0)::BIGINT AS mentions, "
    "coalesce(articles, 0)::BIGINT AS articles, "
    "coalesce(quotes, 0)::BIGINT AS quotes, coalesce(trips, 0)::BIGINT AS trips, "
    "coalesce(meetings, 0)::BIGINT AS meetings "
    "FROM mentioned FULL JOIN quoted USING (person) FULL JOIN travelled USING (person) "
    "FULL JOIN met USING (person) WHERE person <> ''"
)


NEWEST_COLUMNS = "article_id, file, date, title, source, words"  # what the Overview lists of an article
# Newest first by the date as written, undated ones last, ties by title then corpus order: the
# Overview's list and a person's articles.
NEWEST_ORDER = "date = '', date DESC, title, _ord"
ARTICLES_BY_PERSON_SQL = (
    # Each (person, article) that names the person, quotes them or tells of their trips (as
    # person_articles asks), with the person's mentions there and the article's place among all
    # articles newest first (`_newest`, in NEWEST_ORDER).
    "WITH newest AS (SELECT _ord::INTEGER AS article_ord, article_id, "
    f"(row_number() OVER (ORDER BY {NEWEST_ORDER}))::INTEGER AS _newest FROM corpus.articles), "
    "named AS (SELECT entity AS person, article_ord, 1 AS mention FROM corpus.person_mentions "
    "UNION ALL SELECT q.speaker, n.article_ord, 0 FROM corpus.quotes q JOIN newest n USING (article_id) "
    f"WHERE q.kind <> '{QuoteKind.SCARE}' "
    "UNION ALL SELECT v.visitor, n.article_ord, 0 FROM corpus.visits v JOIN newest n USING (article_id)), "
    "counted AS (SELECT person, article_ord, sum(mention)::BIGINT AS mentions FROM named "
    "GROUP BY person, article_ord) "
    "SELECT c.person, n._newest, c.article_ord, c.mentions FROM counted c JOIN newest n USING (article_ord) "
    "ORDER BY c.person, n._newest"
)


def people_table(store: CorpusStore, limit: int | None = None) -> pd.DataFrame:
    """Everyone with a page and their counts, most mentioned first (lib.derived.people_table)."""
    return store.frame(
        "SELECT * FROM corpus.people ORDER BY mentions DESC, quotes DESC, person"
        + (" LIMIT $limit" if limit is not None else ""),
        {"limit": limit} if limit is not None else {},
    )


def person_counts(store: CorpusStore, name: str) -> dict[str, int] | None:
    """One person's row of people_table, or None when the corpus has no such person."""
    found = store.frame("SELECT * FROM corpus.people WHERE person = $name", {"name": name})
    return None if found.empty else {k: int(v) for k, v in found.iloc[0].drop("person").items()}


def person_quotes(store: CorpusStore, name: str, limit: int | None = None) -> pd.DataFrame:
    """One person's quotes (scare quotes are nobody's), newest first, undated last."""
    # quotes_by_speaker holds each speaker's quotes together, newest first: only theirs are read.
    return store.frame(
        "SELECT * EXCLUDE (_rank, _ord) FROM corpus.quotes_by_speaker WHERE speaker = $name "
        "ORDER BY date DESC NULLS LAST, _rank, _ord" + (" LIMIT $limit" if limit is not None else ""),
        {"name": name, **({"limit": limit} if limit is not None else {})},
    )


def person_trips(store: CorpusStore, name: str, limit: int = 1_000_000) -> pd.DataFrame:
    """One person's trips (rows of lib.derived.visit_table), in corpus order: the first `limit`."""
    return visits(store, visit_where(visitors=[name]), limit=limit)


OTHER_SIDE = "CASE WHEN m.person_a = s._person THEN m.person_b ELSE m.person_a END"  # of meetings_by_person
PLANNED = f"m.status = '{VisitStatus.PLANNED}'"


def person_meetings(store: CorpusStore, name: str, limit: int | None = None) -> pd.DataFrame:
    """One person's meetings, the other side in `other`; meetings that happened first, in date order:
    the first `limit` (a much-travelled leader of a large archive has a hundred thousand)."""
    return store.frame(
        "SELECT * EXCLUDE (_ord, _person) FROM corpus.meetings_by_person WHERE _person = $name "
        'ORDER BY planned, "when" NULLS LAST, _ord' + (" LIMIT $limit" if limit is not None else ""),
        {"name": name, **({"limit": limit} if limit is not None else {})},
    )


def person_meeting_count(store: CorpusStore, name: str) -> int:
    """How many meetings person_meetings gives for one person, without fetching them."""
    theirs = "SELECT count(*) FROM corpus.meetings_by_person WHERE _person = $name"
    return int(store.value(theirs, {"name": name}))


def person_articles(store: CorpusStore, name: str, limit: int | None = None) -> pd.DataFrame:
    """The articles that name a person, quote them or tell of their trips: id, title, date, file and
    mentions, newest first (lib.derived.person_articles); the first `limit`."""
    # articles_by_person holds each person's articles together, newest first (`_newest`): only theirs
    # are read, and only the rows shown are fetched from the articles, by their stored place (_ord).
    return store.frame(
        "WITH theirs AS (SELECT article_ord, _newest, mentions FROM corpus.articles_by_person "
        "WHERE person = $name ORDER BY _newest" + (" LIMIT $limit" if limit is not None else "") + ") "
        "SELECT a.article_id, a.title, a.date, a.file, t.mentions FROM theirs t "
        "JOIN corpus.articles a ON a._ord = t.article_ord ORDER BY t._newest",
        {"name": name, **({"limit": limit} if limit is not None else {})},
    )


def person_aliases(store: CorpusStore, name: str) -> list[str]:
    """The ways the articles write a person's name, most frequent first (the name itself left out)."""
    forms = store.rows(
        "SELECT form, count(*) AS n FROM (SELECT trim(regexp_replace(text, '[''’]s?$', '')) AS form "
        "FROM corpus.person_mentions WHERE entity = $name) WHERE form <> '' "
        "GROUP BY form ORDER BY n DESC, form",
        {"name": name},
    )
    seen, kept = {name.lower()}, []
    for form, _ in forms:  # one spelling per form, whatever its case
        if form.lower() not in seen:
            seen.add(form.lower())
            kept.append(form)
    return kept


def home_country(store: CorpusStore, name: str) -> str:
    """A person's country as the articles most often introduce them (lib.derived.home_country_by_visitor),
    else from the table of well-known leaders; '' when neither says."""
    from lib.names import known_leader

    found = store.value(
        "SELECT home_country FROM corpus.visits WHERE visitor = $name AND home_country <> '' "
        "AND NOT contains(home_country, ';') GROUP BY home_country "
        "ORDER BY count(*) DESC, home_country LIMIT 1",
        {"name": name},
    )
    if found:
        return found
    leader = known_leader(name)
    return leader[1] if leader else ""


# Search ---------------------------------------------------------------------------------------------


def _search_entries_sql() -> str:
    """Every searchable entry but quotes (lib.search.search_index), with its place among its kind's."""
    kinds = {kind: rank for rank, kind in enumerate(KINDS)}
    return (
        "WITH forms AS (SELECT entity, string_agg(DISTINCT text, ' ') AS forms FROM corpus.person_mentions "
        "GROUP BY entity), "
        "places AS (SELECT entity AS place, count(*) AS n FROM corpus.mentions "
        f"WHERE list_contains({list(PLACE_LABELS)}, label) GROUP BY entity "
        "UNION ALL SELECT place, count(*) FROM corpus.visits GROUP BY place), "
        "orgs AS (SELECT entity, count(*) AS n FROM corpus.mentions WHERE label = 'ORG' GROUP BY entity), "
        "entries AS ("
        f"SELECT {kinds['person']} AS kind_rank, 'person' AS kind, person AS key, person AS label, "
        "person || ' ' || coalesce(forms, '') AS text, (mentions + quotes)::DOUBLE AS weight, "
        "row_number() OVER (ORDER BY mentions DESC, quotes DESC, person) AS _ord "
        "FROM corpus.people LEFT JOIN forms ON forms.entity = person "
        f"UNION ALL SELECT {kinds['place']}, 'place', place, place, place, sum(n)::DOUBLE, "
        "row_number() OVER (ORDER BY place) FROM places GROUP BY place "
        f"UNION ALL SELECT {kinds['organisation']}, 'organisation', entity, entity, entity, n::DOUBLE, "
        "row_number() OVER (ORDER BY n DESC, entity) FROM orgs "
        f"UNION ALL SELECT {kinds['article']}, 'article', article_id, CASE WHEN title <> '' THEN title "
        "ELSE article_id END, title || ' ' || article_id, 0, _ord FROM corpus.articles) "
        # Stored in the order search() ranks entries of one closeness, so that it stops at the first found.
        "SELECT *, lower(text) AS lowered, lower(label) AS _label_lowered FROM entries WHERE key <> '' "
        "ORDER BY kind_rank, weight DESC, _ord"
    )


def corpus_tables() -> dict[str, tuple[str, dict[str, Any]]]:
    """The tables built with the store (lib/store.py), in order: name -> (SELECT, parameters)."""
    from lib.store_pairs import opening_tables

    tables: dict[str, tuple[str, dict[str, Any]]] = {
        "speakers": (SPEAKERS_SQL, {}),
        "visitors": ("SELECT visitor, count(*)::BIGINT AS trips FROM corpus.visits GROUP BY visitor", {}),
        "people": (PEOPLE_SQL, {}),
    }
    tables["search_entries"] = (_search_entries_sql(), {})
    # A person's page reads these instead of scanning every quote and article for one name.
    # A copy of the rows, not positions in the quotes: 200 quotes fetched by position from the quotes,
    # stored in another order, touch up to 200 row groups of text.
    tables["quotes_by_speaker"] = (
        "SELECT * EXCLUDE (_lowered) FROM corpus.quotes "
        f"WHERE kind <> '{QuoteKind.SCARE}' ORDER BY speaker, date DESC NULLS LAST, _rank, _ord",
        {},
    )
    tables["articles_by_person"] = (ARTICLES_BY_PERSON_SQL, {})
    tables["quote_counts"] = (
        "SELECT speaker, speaker_type, kind, count(*)::BIGINT AS quotes FROM corpus.quotes "
        "GROUP BY speaker, speaker_type, kind ORDER BY speaker, speaker_type, kind",
        {},
    )
    # The Overview's list, newest first, so that it reads its first rows instead of sorting them all.
    tables["newest_articles"] = (f"SELECT {NEWEST_COLUMNS} FROM corpus.articles ORDER BY {NEWEST_ORDER}", {})
    # Each meeting once per side, ordered by that side's name as person_meetings orders them: a
    # person's page reads only theirs (a much-travelled leader's 100,000 among millions).
    tables["meetings_by_person"] = (
        "WITH sides AS (SELECT person_a AS _person, _ord AS _meeting FROM corpus.meetings "
        "UNION ALL SELECT person_b, _ord FROM corpus.meetings WHERE person_b <> person_a) "
        f"SELECT m.*, {OTHER_SIDE} AS other, {PLANNED} AS planned, s._person FROM sides s "
        "JOIN corpus.meetings m ON m._ord = s._meeting "
        'ORDER BY s._person, planned, m."when" NULLS LAST, m._ord',
        {},
    )
    # One entity's or one pair's questions (its main label, the articles naming it, its timeline) read a
    # few row groups of these, stored by entity number, instead of scanning every mention.
    tables["entity_labels"] = (
        "SELECT entity_id, label, count(*)::BIGINT AS mentions FROM corpus.mentions "
        "GROUP BY entity_id, label ORDER BY entity_id, label",
        {},
    )
    tables["entity_articles"] = (
        "SELECT entity_id, label, article_ord, count(*)::INTEGER AS mentions FROM corpus.mentions "
        "GROUP BY entity_id, label, article_ord ORDER BY entity_id, label, article_ord",
        {},
    )
    selects, params = opening_tables()
    tables.update({name: (select, params) for name, select in selects.items()})
    return tables


def search(store: CorpusStore, query: str, limit: int = 20) -> pd.DataFrame:
    """The entries holding every word of the query, best first, as lib.search.search ranks them.

    Quotes are searched where they are stored, in quote_table's order: for each closeness to the query
    (the label is the query; a word of it starts with the query; neither) only the first `limit` found
    are labelled and ranked, and the scan stops there.
    """
    words = query_words(query)
    if not words:
        return pd.DataFrame(columns=INDEX_COLUMNS)
    wanted = " ".join(words)
    params = {"wanted": wanted, "starts": r"(?:^|\s)" + re.escape(wanted), "limit": limit}
    entries, quotes = Where(), Where()
    entries.words("lowered", query, lowered=True)
    for n in range(len(words)):  # the same $word parameters as the entries'
        quotes.add(f"(contains(_lowered, $word{n}) OR contains(lower(speaker), $word{n}))")
    quotes.add(f"kind <> '{QuoteKind.SCARE}'")
    # What a quote's label must hold to be that close to the query, tested before the label is made.
    holds = ["false", "(contains(_lowered, $wanted) OR contains(lower(speaker), $wanted))", "true"]
    short = QUOTE_LABEL_CHARS - 1
    flat = "regexp_replace(trim(quote), '\\s+', ' ', 'g')"
    label = (
        f"'“' || CASE WHEN length({flat}) <= {QUOTE_LABEL_CHARS} THEN {flat} "
        f"ELSE regexp_replace(left({flat}, {short}), ' [^ ]*$', '') || ' …' END || '” — ' || speaker"
    )
    closeness = (
        "CASE WHEN lower(label) = $wanted THEN 0 WHEN regexp_matches(lower(label), $starts) THEN 1 ELSE 2 END"
    )
    labelled = (
        f"SELECT {list(KINDS).index('quote')} AS kind_rank, 'quote' AS kind, quote_id AS key, "
        f"{label} AS label, quote || ' ' || speaker AS text, 0::DOUBLE AS weight, _rank, _ord, _lowered, "
        "speaker "
        f"FROM corpus.quotes{quotes.sql()}"
    )
    # Entries the same way, one closeness at a time (the table is stored in rank order): ranking every
    # entry holding a common word (half a million article titles) would cost more than finding them.
    entry_closeness = [
        "_label_lowered = $wanted",
        "_label_lowered <> $wanted AND contains(_label_lowered, $wanted) "
        "AND regexp_matches(_label_lowered, $starts)",
        "NOT (_label_lowered = $wanted OR (contains(_label_lowered, $wanted) "
        "AND regexp_matches(_label_lowered, $starts)))",
    ]
    found = " UNION ALL ".join(
        [
            *(
                "(SELECT kind_rank, kind, key, label, text, weight, 0 AS _rank, _ord "
                f"FROM corpus.search_entries{entries.sql()} AND {entry_closeness[rank]} LIMIT $limit)"
                for rank in range(3)
            ),
            *(
                f"(SELECT kind_rank, kind, key, label, text, weight, _rank, _ord FROM ({labelled}) "
                f"WHERE {holds[rank]} AND {closeness} = {rank} LIMIT $limit)"
                for rank in range(3)
            ),
        ]
    )
    return store.frame(
        f"WITH found AS ({found}) SELECT {', '.join(quoted(c) for c in INDEX_COLUMNS)} FROM found "
        f"ORDER BY {closeness}, kind_rank, weight DESC, _rank, _ord LIMIT $limit",
        {**entries.params, **params},
    )


# Queries the pages needed (app-store) ---------------------------------------------------------------


def corpus_figures(store: CorpusStore) -> dict[str, int]:
    """The Overview's headline counts: articles, words, people, places, quotes (not scare quotes) and
    visits."""
    # People and places from each entity's labels (a row per entity and label), not from the mentions:
    # counting distinct names in 62 million mentions filled DuckDB's 256 MB with them, for one figure.
    words, people, places, quoted = store.rows(
        "SELECT (SELECT coalesce(sum(words), 0) FROM corpus.articles), "
        "(SELECT count(DISTINCT entity_id) FROM corpus.entity_labels WHERE label = 'PERSON'), "
        "(SELECT count(DISTINCT entity_id) FROM corpus.entity_labels WHERE list_contains($places, label)), "
        f"(SELECT count(*) FROM corpus.quotes WHERE kind <> '{QuoteKind.SCARE}')",
        {"places": list(PLACE_LABELS)},
    )[0]
    return {
        "Articles": store.counts["articles"],
        "Words": int(words),
        "People": int(people),
        "Places": int(places),
        "Quotes": int(quoted),
        "Visits": store.counts["visits"],
    }


def newest_articles(store: CorpusStore, limit: int = FIRST_ROWS) -> pd.DataFrame:
    """The first `limit` articles newest first (by the date as written), undated ones last, ties by title
    then corpus order: id, file, date, title, source and words."""
    # Stored in this order (no ORDER BY, as in quotes()): the scan stops at the last row asked for.
    return store.frame(f"SELECT {NEWEST_COLUMNS} FROM corpus.newest_articles LIMIT $limit", {"limit": limit})


def dated_articles(store: CorpusStore) -> int:
    """How many articles have a date written (parsed or not)."""
    return int(store.value("SELECT count(*) FROM corpus.articles WHERE date <> ''"))


def article_titles(store: CorpusStore, by_date: bool = False, limit: int | None = None) -> dict[str, str]:
    """Article titles by id: in corpus order (lib.derived.article_titles), or by the date as written then
    title (the Reader's list, undated first); the first `limit`."""
    order = "date, title, _ord" if by_date else "_ord"
    found = store.rows(
        f"SELECT article_id, title FROM corpus.articles ORDER BY {order}"
        + (" LIMIT $limit" if limit is not None else ""),
        {"limit": limit} if limit is not None else {},
    )
    return dict(found)


def has_article(store: CorpusStore, article_id: str) -> bool:
    """Whether the corpus holds an article of this id."""
    found = store.value("SELECT count(*) FROM corpus.articles WHERE article_id = $id", {"id": article_id})
    return bool(found)


def article_files(store: CorpusStore, article_ids: Collection[str]) -> pd.DataFrame:
    """Title and file of these articles, indexed by id."""
    return store.frame(
        "SELECT article_id, title, file FROM corpus.articles WHERE list_contains($ids, article_id)",
        {"ids": list(article_ids)},
    ).set_index("article_id")


def article_mentions(store: CorpusStore, article_id: str) -> pd.DataFrame:
    """One article's mentions in corpus order (the Reader's marks, a sentence's names)."""
    return store.frame(
        "SELECT * EXCLUDE (_ord, entity_id, article_ord) FROM corpus.mentions WHERE article_id = $id "
        "ORDER BY _ord",
        {"id": article_id},
    )


def quote_by_id(store: CorpusStore, quote_id: str) -> pd.Series | None:
    """The quote a link names (`?quote=<id>`, lib.derived.quote_ids) as a row of quote_table, or None."""
    found = store.frame(
        "SELECT * EXCLUDE (_rank, _ord, _lowered) FROM corpus.quotes WHERE quote_id = $id LIMIT 1",
        {"id": quote_id},
    )
    return None if found.empty else found.iloc[0]


def trip_by_id(store: CorpusStore, trip_id: str) -> pd.Series | None:
    """The trip a link names (`?trip=<id>`, lib.derived.trip_ids) as a row of visit_table, or None."""
    article_id = trip_id.rpartition(":")[0]
    where = Where()
    where.among("article_id", [article_id], "articles")
    rows = visits(store, where, limit=1_000_000)
    found = rows[rows["trip_id"] == trip_id]
    return None if found.empty else found.iloc[0]


def unplaced_count(store: CorpusStore, where: Where) -> int:
    """How many visits passing the filters have no coordinates (the map cannot draw them)."""
    unplaced = Where([*where.clauses, "(lat IS NULL OR lon IS NULL)"], dict(where.params))
    return count(store, "visits", unplaced)


def mentioned_places(store: CorpusStore, limit: int | None = None) -> pd.DataFrame:
    """Places named in the articles: (entity, mentions, articles), most mentioned first, ties by name
    (lib.derived.mentioned_places without its titles)."""
    return store.frame(
        "SELECT entity, count(*)::BIGINT AS mentions, count(DISTINCT article_id)::BIGINT AS articles "
        "FROM corpus.mentions WHERE list_contains($places, label) GROUP BY entity "
        "ORDER BY mentions DESC, entity" + (" LIMIT $limit" if limit is not None else ""),
        {"places": list(PLACE_LABELS), **({"limit": limit} if limit is not None else {})},
    )


def meeting_pairs(store: CorpusStore, min_count: int = 1, limit: int | None = None) -> pd.DataFrame:
    """Who met whom: pairs (a < b) with the articles telling of a meeting between them as `count` and
    `score`, most first (lib.cooccurrence.meeting_pairs of lib.derived.meeting_table), at least
    `min_count`."""
    found = store.frame(
        "WITH sides AS (SELECT DISTINCT least(person_a, person_b) AS a, greatest(person_a, person_b) AS b, "
        "article_id FROM corpus.meetings WHERE person_a <> '' AND person_b <> '' AND person_a <> person_b) "
        "SELECT a, b, count(*)::BIGINT AS count FROM sides GROUP BY a, b HAVING count(*) >= $min "
        "ORDER BY count DESC, a, b" + (" LIMIT $limit" if limit is not None else ""),
        {"min": min_count, **({"limit": limit} if limit is not None else {})},
    )
    return found.assign(score=found["count"].astype(float)).astype({"count": "int64"})


def pair_meetings(store: CorpusStore, a: str, b: str, limit: int = FIRST_ROWS) -> pd.DataFrame:
    """The meetings between two people (rows of lib.derived.meeting_table), in corpus order."""
    return store.frame(
        "SELECT * EXCLUDE (_ord) FROM corpus.meetings WHERE list_contains($pair, person_a) "
        "AND list_contains($pair, person_b) ORDER BY _ord LIMIT $limit",
        {"pair": [a, b], "limit": limit},
    )


def entity_ids(store: CorpusStore, names: Collection[str]) -> dict[str, int]:
    """The numbers of these entities (lib/store.py numbers every entity in name order); unknown names
    are left out. Looked up first, so that the tables stored by entity number are read for constants."""
    found = store.rows(
        "SELECT entity, entity_id FROM corpus.entities WHERE list_contains($names, entity)",
        {"names": list(names)},
    )
    return dict(found)


def main_labels(store: CorpusStore, entities: Collection[str]) -> pd.Series:
    """Each of these entities' most frequent label, ties by label (lib.cooccurrence.main_labels)."""
    found = store.frame(
        "SELECT e.entity, arg_min(l.label, (-l.mentions, l.label)) AS label FROM corpus.entity_labels l "
        "JOIN corpus.entities e USING (entity_id) WHERE list_contains($ids, l.entity_id) GROUP BY e.entity",
        {"ids": list(entity_ids(store, entities).values())},
    )
    return found.set_index("entity")["label"]


@dataclass(frozen=True)
class MentionCounts:
    """An entity's mentions counted for its timeline: per article date, in undated articles, and (only
    when no article naming it is dated) per article title, most first."""

    per_day: pd.Series
    undated: int
    per_title: pd.Series


def entity_mention_counts(store: CorpusStore, entity: str, titles: int = MAX_TITLE_BARS) -> MentionCounts:
    """An entity's mentions per article date and in undated articles, counted by DuckDB (the most named
    entity of a million articles is in hundreds of thousands of them: only the counts are fetched); per
    title, the `titles` titles with most, when no article naming it is dated."""
    theirs = (
        "FROM corpus.entity_articles m JOIN corpus.articles a ON a._ord = m.article_ord "
        "WHERE m.entity_id = $id"
    )
    params = {"id": entity_ids(store, [entity]).get(entity, -1)}  # -1: no such entity, nothing counted
    counted = store.frame(
        f"SELECT date_trunc('day', a.day) AS day, sum(m.mentions)::BIGINT AS mentions {theirs} "
        "GROUP BY 1 ORDER BY 1 NULLS LAST",
        params,
    )
    dated = counted.dropna(subset=["day"])
    per_day = pd.Series(dated["mentions"].to_numpy(), index=pd.DatetimeIndex(dated["day"]), name="mentions")
    undated = int(counted.loc[counted["day"].isna(), "mentions"].sum())
    per_title = pd.Series(dtype="int64", name="mentions")
    if per_day.empty and undated:
        titled = store.frame(
            f"SELECT a.title, sum(m.mentions)::BIGINT AS mentions {theirs} GROUP BY a.title "
            "ORDER BY mentions DESC, min(m.article_ord) LIMIT $titles",
            {**params, "titles": titles},
        )
        per_title = pd.Series(titled["mentions"].to_numpy(), index=titled["title"], name="mentions")
    return MentionCounts(per_day, undated, per_title)


def pair_mentions(store: CorpusStore, a: str, b: str, articles: int | None = None) -> pd.DataFrame:
    """The mentions of either entity in the articles naming both (the first `articles` of them, or all),
    in corpus order: what lib.cooccurrence.shared_windows reads for them."""
    ids = entity_ids(store, [a, b])
    # The articles naming both, from each one's articles (a few row groups of entity_articles), then
    # only those articles' mentions: mentions are stored in corpus order, so the join reads their
    # row groups alone.
    return store.frame(
        "WITH both_named AS (SELECT article_ord FROM corpus.entity_articles WHERE entity_id = $a "
        "INTERSECT SELECT article_ord FROM corpus.entity_articles WHERE entity_id = $b "
        "ORDER BY article_ord LIMIT $articles) "
        "SELECT * EXCLUDE (_ord, entity_id, article_ord) FROM corpus.mentions "
        "SEMI JOIN both_named USING (article_ord) WHERE entity_id = $a OR entity_id = $b ORDER BY _ord",
        {"a": ids.get(a, -1), "b": ids.get(b, -1), "articles": articles},  # -1: no such entity, no rows
    )


def person_mention_starts(store: CorpusStore, name: str, articles: int = 20) -> pd.DataFrame:
    """Where a person is mentioned (article id, file, start) in the first `articles` articles naming
    them, in corpus order: where the People page reads the title written before their name."""
    ids = entity_ids(store, [name])
    return store.frame(
        "WITH firsts AS (SELECT article_ord FROM corpus.entity_articles "
        "WHERE entity_id = $id AND label = 'PERSON' ORDER BY article_ord LIMIT $articles) "
        "SELECT m.article_id, a.file, m.start FROM corpus.mentions m SEMI JOIN firsts USING (article_ord) "
        "JOIN corpus.articles a ON a._ord = m.article_ord "
        "WHERE m.entity_id = $id AND m.label = 'PERSON' ORDER BY m._ord",
        {"id": ids.get(name, -1), "articles": articles},
    )


def known_people(store: CorpusStore, names: Collection[str]) -> set[str]:
    """Which of these names have a person's page (are in people_table)."""
    found = store.rows(
        "SELECT person FROM corpus.people WHERE list_contains($names, person)", {"names": list(names)}
    )
    return {name for (name,) in found}
