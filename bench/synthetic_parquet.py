"""Rows for N synthetic articles, written straight into a Parquet dataset in the Dask engine's layout.

`python -m bench.synthetic_parquet OUT --n 1000000 [--seed 7] [--part-articles 500]` writes

    OUT/articles/part-<id>.parquet  OUT/mentions/…  OUT/quotes/…  OUT/visits/…  OUT/meetings/…
    OUT/_parts/part-<id>.json       OUT/_dateline.json

as `--engine dask` does (one part per PART_ARTICLES articles, a marker per finished part), with no
parsing: counts per article follow PROFILE, measured on the seeds, and names and places are drawn
from Zipf-distributed pools. Articles are made CHUNK_ARTICLES at a time and each chunk is written
before the next is made, so a million articles need no more memory than CHUNK_ARTICLES do.
`--measure DIR` prints the profile of a folder of CSVs written by `python -m lib.extract`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.dataset import FORMAT, INFO_FILE, PART_ARTICLES, PARTS_DIR, arrow_schema
from lib.frames import TABLES

CHUNK_ARTICLES = 20_000


@dataclass(frozen=True)
class Profile:
    """What an article holds on average, and how its rows' categories are shared."""

    mentions: float
    quotes: float
    visits: float
    meetings: float
    sentences: float  # per article: the last sentence index with a mention, plus one
    paragraphs: float
    words: float
    distinct_share: float  # distinct entities / mentions, per article
    text_is_entity: float  # share of mentions written as their canonical name
    labels: dict[str, float]
    kinds: dict[str, float]
    statuses: dict[str, float]
    methods: dict[str, float]
    quote_chars: float
    evidence_chars: float


def _shares(values: pd.Series) -> dict[str, float]:
    return {str(k): round(float(v), 3) for k, v in values.value_counts(normalize=True).items()}


def measure_profile(tables: dict[str, pd.DataFrame]) -> Profile:
    """The profile of extracted tables (the CSVs of `python -m lib.extract`)."""
    articles, mentions = tables["articles"], tables["mentions"]
    n = len(articles)
    per_article = mentions.groupby("article_id")
    return Profile(
        mentions=round(len(mentions) / n, 2),
        quotes=round(len(tables["quotes"]) / n, 2),
        visits=round(len(tables["visits"]) / n, 2),
        meetings=round(len(tables["meetings"]) / n, 2),
        sentences=round(float((per_article["sentence"].max() + 1).mean()), 2),
        paragraphs=round(float(articles["paragraphs"].mean()), 2),
        words=round(float(articles["words"].mean()), 1),
        distinct_share=round(float((per_article["entity"].nunique() / per_article.size()).mean()), 3),
        text_is_entity=round(float((mentions["entity"] == mentions["text"]).mean()), 3),
        labels=_shares(mentions["label"]),
        kinds=_shares(tables["quotes"]["kind"]),
        statuses=_shares(tables["visits"]["status"]),
        methods=_shares(tables["quotes"]["method"]),
        quote_chars=round(float(tables["quotes"]["quote"].str.len().mean()), 1),
        evidence_chars=round(float(tables["visits"]["evidence"].str.len().mean()), 1),
    )


# measure_profile of real extraction output: the 839 PolNeAR train articles (real US political news)
# as `python -m bench.accuracy --polnear FILE` extracts them ($DATELINE_BENCH_DIR/accuracy/out-polnear),
# for everything but trips and meetings, which PolNeAR's politics hardly has (0.11 and 0.07 an
# article): those, with their statuses, are the devset's (24 real travel-news articles, out-devset).
PROFILE = Profile(
    mentions=62.1,
    quotes=10.94,
    visits=1.96,
    meetings=0.79,
    sentences=38.0,
    paragraphs=20.64,
    words=743.3,
    distinct_share=0.489,
    text_is_entity=0.602,
    labels={"PERSON": 0.499, "GPE": 0.187, "ORG": 0.172, "NORP": 0.122, "LOC": 0.01, "EVENT": 0.008},
    kinds={"full": 0.653, "partial": 0.268, "scare": 0.079},
    statuses={"completed": 0.553, "planned": 0.255, "ongoing": 0.17, "cancelled": 0.021},
    methods={
        "cue": 0.552,
        "pronoun": 0.184,
        "continuation": 0.162,
        "unattributed": 0.06,
        "context": 0.033,
        "according-to": 0.005,
        "title": 0.003,
    },  # of quotes other than scare quotes, which have none
    quote_chars=82.9,
    evidence_chars=173.8,
)
# The speakers of PolNeAR's quotes other than scare quotes, by type, measured as above.
SPEAKER_TYPES = {"person": 0.835, "": 0.06, "description": 0.06, "organisation": 0.034, "group": 0.012}
# Chosen, not measured (PolNeAR's texts carry no date): nine archive articles in ten carry one.
DATED_ARTICLES = 0.9
DATED_VISITS = 0.6
# Pool sizes and Zipf exponents per label: a few names are everywhere, most are rare.
POOLS = {
    "PERSON": (300_000, 1.05),
    "GPE": (20_000, 1.2),
    "LOC": (2_000, 1.2),
    "ORG": (30_000, 1.1),
    "NORP": (300, 1.3),
    "EVENT": (5_000, 1.1),
}
SURNAME_ONLY = 0.05  # people an article names by surname alone: the corpus-wide name merge's work
CUES = ("said", "", "told", "according to", "added", "says", "warned", "explained")
GROUPS = ("critics", "officials", "diplomats", "analysts", "protesters", "business leaders")
DESCRIPTIONS = ("a senior official", "a spokesperson", "one diplomat", "the statement", "an aide")
SOURCES = tuple(
    f"{name} {kind}"
    for name in (
        "Harbour",
        "Northern",
        "Pacific",
        "Capital",
        "Meridian",
        "Coastal",
        "Summit",
        "Evening",
        "Morning",
        "Global",
    )
    for kind in ("Ledger", "Wire", "Record")
)
TRIGGERS = ("visited", "visit", "arrived in", "will travel to", "is in", "flew to", "hosted", "met")
# Real words among the invented ones, so that a search for "trade" finds what it would in the news.
WORDS = (
    "trade agreement minister visit talks security climate energy deal summit government leaders "
    "official delegation economic partnership relations cooperation investment exports tariffs "
    "region border defence policy support growth future meeting week today country people years "
    "important progress discussion position agreement negotiations peace aid health education"
).split()


def _syllable_words(rng: np.random.Generator, count: int, syllables: tuple[int, int]) -> np.ndarray:
    """`count` distinct capitalised invented words."""
    parts = np.array([c + v for c in "bdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")])
    found: dict[str, None] = {}
    while len(found) < count:
        lengths = rng.integers(syllables[0], syllables[1] + 1, count)
        for length in np.unique(lengths):
            picks = parts[rng.integers(0, len(parts), (int((lengths == length).sum()), int(length)))]
            for word in ("".join(row).capitalize() for row in picks):
                found.setdefault(word)
    return np.array(list(found)[:count], dtype=object)


@dataclass
class Pools:
    """Everything the rows are drawn from, made once per seed."""

    names: dict[str, pa.Array]  # label -> entity names, most frequent first
    cdfs: dict[str, np.ndarray]  # label -> Zipf cumulative distribution over those names
    surnames: pa.Array  # PERSON names' last words, aligned with names["PERSON"]
    countries: pa.Array  # GPE names' countries, aligned with names["GPE"]
    lat: np.ndarray
    lon: np.ndarray
    phrases: pa.Array  # four to seven words each, for quotes, evidence and titles


def make_pools(rng: np.random.Generator) -> Pools:
    """Zipf-ranked pools of names and places, and phrases of text."""
    given = _syllable_words(rng, 3_000, (2, 3))
    family = _syllable_words(rng, 40_000, (2, 4))
    size = POOLS["PERSON"][0]
    pairs = np.unique(
        rng.integers(0, len(given), size * 2) * len(family) + rng.integers(0, len(family), size * 2)
    )
    pairs = rng.permutation(pairs)[:size]
    people = [f"{given[p // len(family)]} {family[p % len(family)]}" for p in pairs]
    words = _syllable_words(rng, 60_000, (1, 4))
    names: dict[str, list[str]] = {"PERSON": people}
    names["GPE"] = [f"{w} City" if i % 3 else str(w) for i, w in enumerate(words[:20_000])]
    names["LOC"] = [f"{w} Sea" if i % 2 else f"{w} Valley" for i, w in enumerate(words[20_000:22_000])]
    names["ORG"] = [
        f"{w} {kind}"
        for w, kind in zip(
            words[22_000:52_000],
            np.resize(["Ministry", "Council", "Bank", "Party", "Institute", "Agency"], 30_000),
            strict=True,
        )
    ]
    names["NORP"] = [f"{w}ian" for w in words[52_000:52_300]]
    names["EVENT"] = [f"{w} Summit" for w in words[52_300:57_300]]
    cdfs = {}
    for label, (count, exponent) in POOLS.items():
        weights = 1.0 / np.arange(1, count + 1) ** exponent
        cdfs[label] = np.cumsum(weights) / weights.sum()
    vocabulary = np.concatenate([np.array(WORDS, dtype=object), np.char.lower(words[57_300:].astype(str))])
    ranks = np.minimum(rng.zipf(1.3, (20_000, 7)) - 1, len(vocabulary) - 1)
    lengths = rng.integers(4, 8, 20_000)
    phrases = [" ".join(vocabulary[row[:n]]) for row, n in zip(ranks, lengths, strict=True)]
    gpe = len(names["GPE"])
    return Pools(
        names={label: pa.array(values, pa.string()) for label, values in names.items()},
        cdfs=cdfs,
        surnames=pa.array([name.rsplit(" ", 1)[-1] for name in people], pa.string()),
        countries=pa.array(
            np.array(names["GPE"][:300], dtype=object)[rng.integers(0, 300, gpe)], pa.string()
        ),
        lat=rng.uniform(-60, 70, gpe).round(5),
        lon=rng.uniform(-180, 180, gpe).round(5),
        phrases=pa.array(phrases, pa.string()),
    )


def _zipf(rng: np.random.Generator, pools: Pools, label: str, count: int) -> np.ndarray:
    return np.minimum(np.searchsorted(pools.cdfs[label], rng.random(count)), len(pools.cdfs[label]) - 1)


def _choice(rng: np.random.Generator, shares: dict[str, float], count: int) -> pa.Array:
    keys = list(shares)
    weights = np.array([shares[k] for k in keys], dtype=float)
    return pa.array(
        np.array(keys, dtype=object)[rng.choice(len(keys), count, p=weights / weights.sum())], pa.string()
    )


def _text(rng: np.random.Generator, pools: Pools, count: int, phrases: int) -> pa.Array:
    """`count` texts of `phrases` random phrases each."""
    picks = [pools.phrases.take(pa.array(rng.integers(0, len(pools.phrases), count))) for _ in range(phrases)]
    return pc.binary_join_element_wise(*picks, " ")


def _within(
    rng: np.random.Generator, group_start: np.ndarray, group_size: np.ndarray, owner: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For rows owned by articles (`owner`), a random member index of the owner's group, and whether the
    owner has any member."""
    size = group_size[owner]
    has = size > 0
    offset = (rng.random(len(owner)) * np.maximum(size, 1)).astype(np.int64)
    return group_start[owner] + offset, has


def make_chunk(
    rng: np.random.Generator, pools: Pools, first: int, n: int, profile: Profile = PROFILE
) -> dict[str, pa.Table]:
    """Rows of articles first .. first + n - 1, one Arrow table per table of lib.frames.TABLES."""
    ids = np.arange(first, first + n)
    hexes = [f"{i:07d}_{h:016x}" for i, h in zip(ids, rng.integers(0, 2**63, n), strict=True)]
    article_id = pa.array(hexes, pa.string())
    paragraphs = np.maximum(1, rng.poisson(profile.paragraphs, n))
    sentences = np.maximum(paragraphs, rng.poisson(profile.sentences, n))
    dated = rng.random(n) < DATED_ARTICLES
    days = pd.Timestamp("2015-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 4017, n)), unit="D")
    article_date = np.where(dated, days.strftime("%Y-%m-%d").to_numpy(dtype=object), "")
    articles = {
        "article_id": article_id,
        "file": pc.binary_join_element_wise(article_id, ".txt", ""),
        "title": _text(rng, pools, n, 2),
        "date": pa.array(article_date, pa.string()),
        "source": pa.array(np.array(SOURCES, dtype=object)[rng.integers(0, len(SOURCES), n)], pa.string()),
        "words": pa.array(np.maximum(80, rng.normal(profile.words, 150, n)).astype(np.int32)),
        "url": pc.binary_join_element_wise("https://news.example/", article_id, ""),
        "paragraphs": pa.array(paragraphs.astype(np.int32)),
        "encoding": pa.array(["utf-8"] * n, pa.string()),
    }

    # Each article names a set of entities (labels by the profile, each drawn from its Zipf pool),
    # every one at least once, the first ones most often.
    mention_count = np.maximum(1, rng.poisson(profile.mentions, n))
    set_size = np.maximum(1, np.round(mention_count * profile.distinct_share)).astype(np.int64)
    set_start = np.concatenate([[0], np.cumsum(set_size)[:-1]])
    members = int(set_size.sum())
    labels = list(profile.labels)
    member_label = rng.choice(
        len(labels), members, p=np.array(list(profile.labels.values())) / sum(profile.labels.values())
    )
    member_name = np.empty(members, dtype=object)
    member_pool = np.zeros(members, dtype=np.int64)
    for index, label in enumerate(labels):
        where = np.flatnonzero(member_label == index)
        picks = _zipf(rng, pools, label, len(where))
        member_pool[where] = picks
        member_name[where] = pools.names[label].take(pa.array(picks)).to_numpy(zero_copy_only=False)
        if label == "PERSON":
            alone = rng.random(len(where)) < SURNAME_ONLY
            member_name[where[alone]] = pools.surnames.take(pa.array(picks[alone])).to_numpy(
                zero_copy_only=False
            )
    owner = np.repeat(np.arange(n), mention_count)
    position = np.arange(len(owner)) - np.repeat(np.cumsum(mention_count) - mention_count, mention_count)
    local = np.where(
        position < set_size[owner], position, (set_size[owner] * rng.random(len(owner)) ** 2).astype(np.int64)
    )
    member = set_start[owner] + np.minimum(local, set_size[owner] - 1)
    sentence = (rng.random(len(owner)) * sentences[owner]).astype(np.int64)
    order = np.lexsort((sentence, owner))
    owner, member, sentence = owner[order], member[order], sentence[order]
    entity = pa.array(member_name[member], pa.string())
    label_names = np.array(labels, dtype=object)[member_label[member]]
    as_written = rng.random(len(member)) < profile.text_is_entity
    person = label_names == "PERSON"
    short = pools.surnames.take(pa.array(np.where(person, member_pool[member], 0))).to_numpy(
        zero_copy_only=False
    )
    text = np.where(as_written | ~person, member_name[member], short)
    start = sentence * 130 + rng.integers(0, 90, len(member))
    text_length = pc.utf8_length(pa.array(text, pa.string())).to_numpy()
    mentions = {
        "article_id": article_id.take(pa.array(owner)),
        "entity": entity,
        "label": pa.array(label_names, pa.string()),
        "text": pa.array(text, pa.string()),
        "start": pa.array(start.astype(np.int32)),
        "end": pa.array((start + text_length).astype(np.int32)),
        "sentence": pa.array(sentence.astype(np.int32)),
        "paragraph": pa.array((sentence * paragraphs[owner] // sentences[owner]).astype(np.int32)),
    }

    # People and places of each article (indices into `member`'s rows of this chunk's mentions).
    def group(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = np.flatnonzero(mask)
        size = np.bincount(owner[rows], minlength=n)
        return rows, np.concatenate([[0], np.cumsum(size)[:-1]]), size

    person_rows, person_start, person_size = group(person)
    place_rows, place_start, place_size = group(label_names == "GPE")

    def people_of(owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pick, has = _within(rng, person_start, person_size, owners)
        names = np.where(
            has,
            member_name[member[person_rows[np.minimum(pick, len(person_rows) - 1)]]]
            if len(person_rows)
            else "",
            "",
        )
        return names, has

    quote_count = rng.poisson(profile.quotes, n)
    q_owner = np.repeat(np.arange(n), quote_count)
    nq = len(q_owner)
    speaker_type = _choice(rng, SPEAKER_TYPES, nq).to_numpy(zero_copy_only=False)
    speaker, has_person = people_of(q_owner)
    speaker_type = np.where((speaker_type == "person") & ~has_person, "", speaker_type)
    others = {
        "organisation": pools.names["ORG"]
        .take(pa.array(_zipf(rng, pools, "ORG", nq)))
        .to_numpy(zero_copy_only=False),
        "group": np.array(GROUPS, dtype=object)[rng.integers(0, len(GROUPS), nq)],
        "description": np.array(DESCRIPTIONS, dtype=object)[rng.integers(0, len(DESCRIPTIONS), nq)],
    }
    for kind, names in others.items():
        speaker = np.where(speaker_type == kind, names, speaker)
    kind = _choice(rng, profile.kinds, nq).to_numpy(zero_copy_only=False)
    scare = kind == "scare"  # nobody's speech: no speaker, no method
    speaker_type = np.where(scare, "", speaker_type)
    speaker = np.where(speaker_type == "", "", speaker)
    q_start = rng.integers(0, 3000, nq)
    quote_text = _text(rng, pools, nq, max(1, round(profile.quote_chars / 40)))
    quote_length = pc.utf8_length(quote_text).to_numpy()
    q_cue_start = q_start + quote_length + 3
    quotes = {
        "article_id": article_id.take(pa.array(q_owner)),
        "quote": quote_text,
        "speaker": pa.array(speaker, pa.string()),
        "cue": pa.array(np.array(CUES, dtype=object)[rng.integers(0, len(CUES), nq)], pa.string()),
        "kind": pa.array(kind, pa.string()),
        "start": pa.array(q_start.astype(np.int32)),
        "end": pa.array((q_start + quote_length).astype(np.int32)),
        "speaker_mention": pa.array(speaker, pa.string()),
        "method": pa.array(
            np.where(scare, "", _choice(rng, profile.methods, nq).to_numpy(zero_copy_only=False)), pa.string()
        ),
        "paragraph": pa.array((rng.random(nq) * paragraphs[q_owner]).astype(np.int32)),
        "speaker_type": pa.array(speaker_type, pa.string()),
        "cue_start": pa.array(q_cue_start.astype(np.int32)),
        "cue_end": pa.array((q_cue_start + 4).astype(np.int32)),
        "speaker_start": pa.array((q_cue_start + 5).astype(np.int32)),
        "speaker_end": pa.array((q_cue_start + 20).astype(np.int32)),
        "sentence_start": pa.array((q_start - 1).astype(np.int32)),
        "sentence_end": pa.array((q_cue_start + 21).astype(np.int32)),
    }

    visit_count = rng.poisson(profile.visits, n)
    v_owner = np.repeat(np.arange(n), visit_count)
    nv = len(v_owner)
    visitor, _ = people_of(v_owner)
    pick, has_place = _within(rng, place_start, place_size, v_owner)
    pool_of_place = np.where(
        has_place,
        member_pool[member[place_rows[np.minimum(pick, max(len(place_rows) - 1, 0))]]]
        if len(place_rows)
        else 0,
        _zipf(rng, pools, "GPE", nv),
    )
    place = pools.names["GPE"].take(pa.array(pool_of_place))
    visit_dated = (rng.random(nv) < DATED_VISITS) & dated[v_owner]
    visit_day = days[v_owner] + pd.to_timedelta(rng.integers(-10, 30, nv), unit="D")
    visit_date = np.where(visit_dated, visit_day.strftime("%Y-%m-%d").to_numpy(dtype=object), "")
    v_start = rng.integers(0, 3000, nv)
    evidence = _text(rng, pools, nv, max(1, round(profile.evidence_chars / 40)))
    evidence_length = pc.utf8_length(evidence).to_numpy()
    visits = {
        "article_id": article_id.take(pa.array(v_owner)),
        "visitor": pa.array(visitor, pa.string()),
        "place": place,
        "country": pools.countries.take(pa.array(pool_of_place)),
        "lat": pa.array(pools.lat[pool_of_place]),
        "lon": pa.array(pools.lon[pool_of_place]),
        "status": _choice(rng, profile.statuses, nv),
        "date": pa.array(visit_date, pa.string()),
        "evidence": evidence,
        "date_text": pa.array(np.where(visit_dated, "on " + visit_date.astype(str), ""), pa.string()),
        "place_kind": pa.array(np.where(pool_of_place % 3 == 0, "country", "city"), pa.string()),
        "trigger": pa.array(
            np.array(TRIGGERS, dtype=object)[rng.integers(0, len(TRIGGERS), nv)], pa.string()
        ),
        "evidence_start": pa.array(v_start.astype(np.int32)),
        "evidence_end": pa.array((v_start + evidence_length).astype(np.int32)),
        "paragraph": pa.array((rng.random(nv) * paragraphs[v_owner]).astype(np.int32)),
        "home_country": pools.countries.take(
            pa.array(np.where(rng.random(nv) < 0.4, _zipf(rng, pools, "GPE", nv), 0))
        ),
        "date_end": pa.array([""] * nv, pa.string()),
        "trigger_start": pa.array((v_start + 10).astype(np.int32)),
        "trigger_end": pa.array((v_start + 17).astype(np.int32)),
        "place_start": pa.array((v_start + 21).astype(np.int32)),
        "place_end": pa.array((v_start + 30).astype(np.int32)),
    }

    meeting_count = rng.poisson(profile.meetings, n)
    m_owner = np.repeat(np.arange(n), meeting_count)
    nm = len(m_owner)
    person_a, _ = people_of(m_owner)
    person_b, _ = people_of(m_owner)
    m_place = pools.names["GPE"].take(pa.array(_zipf(rng, pools, "GPE", nm)))
    m_start = rng.integers(0, 3000, nm)
    meetings = {
        "article_id": article_id.take(pa.array(m_owner)),
        "person_a": pa.array(person_a, pa.string()),
        "person_b": pa.array(person_b, pa.string()),
        "place": m_place,
        "country": pools.countries.take(pa.array(_zipf(rng, pools, "GPE", nm))),
        "date": pa.array(np.array(article_date, dtype=object)[m_owner], pa.string()),
        "status": _choice(rng, {"completed": 0.6, "planned": 0.4}, nm),
        "evidence": _text(rng, pools, nm, 4),
        "start": pa.array(m_start.astype(np.int32)),
        "end": pa.array((m_start + 150).astype(np.int32)),
    }
    columns = {
        "articles": articles,
        "mentions": mentions,
        "quotes": quotes,
        "visits": visits,
        "meetings": meetings,
    }
    owners = {
        "articles": np.arange(n),
        "mentions": owner,
        "quotes": q_owner,
        "visits": v_owner,
        "meetings": m_owner,
    }
    tables = {}
    for table, data in columns.items():
        arrow = pa.table(data, schema=arrow_schema(table))
        tables[table] = arrow.append_column("_owner", pa.array(owners[table] + first))
    return tables


def write_dataset(
    out: Path,
    n: int,
    seed: int = 7,
    part_articles: int = PART_ARTICLES,
    chunk_articles: int = CHUNK_ARTICLES,
    progress: bool = False,
) -> dict[str, int]:
    """Write N synthetic articles into `out` in the Dask engine's layout; the rows written per table."""
    if out.exists():
        shutil.rmtree(out)
    for folder in (*TABLES, PARTS_DIR):
        (out / folder).mkdir(parents=True)
    (out / INFO_FILE).write_text(json.dumps({"format": FORMAT, "model": f"synthetic-seed-{seed}"}))
    rng = np.random.default_rng(seed)
    pools = make_pools(rng)
    rows = dict.fromkeys(TABLES, 0)
    started = time.perf_counter()
    for first in range(0, n, chunk_articles):
        count = min(chunk_articles, n - first)
        chunk = make_chunk(rng, pools, first, count)
        for part_first in range(first, first + count, part_articles):
            part_last = min(part_first + part_articles, first + count)
            ids = chunk["articles"]["article_id"].slice(part_first - first, part_last - part_first)
            name = "part-" + hashlib.sha256("\n".join(ids.to_pylist()).encode()).hexdigest()[:20]
            counts = {}
            for table in ("mentions", "quotes", "visits", "meetings", "articles"):
                owners = chunk[table]["_owner"].to_numpy()
                lo, hi = np.searchsorted(owners, [part_first, part_last])
                part = chunk[table].slice(lo, hi - lo).drop_columns(["_owner"])
                pq.write_table(part, out / table / f"{name}.parquet")
                counts[table] = part.num_rows
                rows[table] += part.num_rows
            marker = {
                "format": FORMAT,
                "articles": dict.fromkeys(ids.to_pylist(), "synthetic"),
                "rows": counts,
            }
            (out / PARTS_DIR / f"{name}.json").write_text(json.dumps(marker))
        if progress:
            done = first + count
            print(f"{done:,} of {n:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--part-articles", type=int, default=PART_ARTICLES)
    parser.add_argument("--measure", type=Path, help="print the profile of a folder of lib.extract CSVs")
    args = parser.parse_args(argv)
    if args.measure:
        tables = {t: pd.read_csv(args.measure / f"{t}.csv", keep_default_na=False) for t in TABLES}
        print(json.dumps(asdict(measure_profile(tables)), indent=2))
        return 0
    if args.out is None:
        parser.error("give OUT, or --measure DIR")
    started = time.perf_counter()
    rows = write_dataset(args.out, args.n, args.seed, args.part_articles, progress=True)
    size = sum(f.stat().st_size for f in args.out.rglob("*.parquet")) / 1e6
    print(f"{args.n:,} articles in {time.perf_counter() - started:.0f} s, {size:,.0f} MB: {rows}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
