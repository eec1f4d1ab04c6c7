"""The Dask engine (`python -m lib.extract --engine dask`): articles read and parsed by a cluster's
workers, written as a partitioned Parquet dataset that a rerun resumes from. Inputs and output are
local paths or fsspec URLs (cluster workers share no disk).

The dataset, under OUT:

    articles/part-<id>.parquet  mentions/part-<id>.parquet  quotes/part-<id>.parquet
    visits/part-<id>.parquet    meetings/part-<id>.parquet  _sources/part-<id>.parquet
    _parts/part-<id>.json       _dateline.json

One part is one task: a few hundred articles, one file per table. Its `_parts` marker, written last,
lists the articles it holds with their keys; a part without one was cut short (a killed worker or
run) and is removed by the next run. `_sources` says where each article's file was read from (its
URL, size in bytes and a hash of its text), so that the app's Reader can show the text of an article
whose file is still there and unchanged (read_recorded); it is not one of the tables, whose columns
stay the CSV contract's. `_dateline.json` names the model the rows come from. Rows are
each article's as extracted (lib.rows.doc_rows, scare quotes included); the corpus-wide step that
gives one name per person (lib.names.merge_person_variants) is applied when the CSVs are written.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import duckdb
import fsspec
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.corpus import (
    MAX_FILE_BYTES,
    MAX_METADATA_BYTES,
    METADATA_FILE,
    Article,
    Corpus,
    Skipped,
    article_from_bytes,
    read_article,
    read_metadata,
    too_large,
)
from lib.folders import ARTICLE_SUFFIXES, escapes, inside
from lib.frames import FLOAT_COLUMNS, INTEGER_COLUMNS, TABLES, CorpusFrames, typed_frame
from lib.names import ALIASES_FILE, MAX_ALIASES_BYTES, Aliases, read_aliases
from lib.pipeline import Rows, build_frames, join_tables

if TYPE_CHECKING:
    from distributed import Client

FORMAT = "dateline-dataset-1"
INFO_FILE = "_dateline.json"
PARTS_DIR = "_parts"
# Where each part's articles were read from: article_id, source (URL), bytes, text_sha256.
SOURCES_DIR = "_sources"
SOURCE_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("bytes", pa.int64()),
        ("text_sha256", pa.string()),
    ]
)
SOURCE_TYPES = tuple(f.type for f in SOURCE_SCHEMA)
# The lookup's DuckDB fetches nothing at run time (as lib.store's).
LOOKUP_CONFIG = {"threads": 1, "autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Articles per part unless --partitions says otherwise: about 2 minutes of one core, so a killed run
# loses little, and 2,000 files per table for a million articles.
PART_ARTICLES = 500
# ... but at least this many parts per worker, so that no worker idles long at the end of a run.
PARTS_PER_WORKER = 4
SCAN_FILES = 1_000  # article files one scanning task reads
FORMAT_METADATA, TABLE_METADATA = b"dateline.format", b"dateline.table"


class DatasetError(Exception):
    """The dataset cannot be read or written as asked; the message says what to do."""


@dataclass(frozen=True)
class Source:
    """One article file to read: where (a URL every worker can open), its name, its metadata.csv row."""

    url: str
    name: str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scanned:
    """What the client needs to know of an article file without holding its text."""

    source: Source
    problem: str = ""  # why it cannot be used, as lib.corpus says it
    article_id: str = ""
    content_hash: str = ""
    encoding: str = "utf-8"
    file: str = ""
    title: str = ""
    date: str = ""
    source_name: str = ""
    url: str = ""

    def article(self) -> Article:
        """The article's metadata as an Article without its text (enough for lib.pipeline.build_frames)."""
        return Article(
            article_id=self.article_id,
            file=self.file,
            text="",
            title=self.title,
            date=self.date,
            source=self.source_name,
            url=self.url,
            encoding=self.encoding,
        )


@dataclass
class Listing:
    """The article files under the given paths, in the order read_corpus takes them, with the side
    files' metadata and aliases."""

    sources: list[Source] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    aliases: Aliases = field(default_factory=dict)


@dataclass
class Plan:
    """The corpus as read_corpus would read it, and what this run has to do."""

    articles: list[Scanned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    aliases: Aliases = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # article id -> key of what extraction depends on
    done: int = 0  # articles already in the output with the same key
    todo: list[Scanned] = field(default_factory=list)

    def corpus(self) -> Corpus:
        """A Corpus of the articles' metadata (no text), for lib.pipeline.build_frames."""
        return Corpus([a.article() for a in self.articles], self.skipped, self.warnings, self.aliases)


@dataclass
class PartResult:
    """What one part's task did."""

    part: str
    articles: int
    rows: dict[str, int]
    failed: list[Skipped]


def _url_to_fs(given: str) -> tuple[fsspec.AbstractFileSystem, str]:
    fs, path = fsspec.core.url_to_fs(given)
    return fs, path.rstrip("/") or "/"


def is_url(given: str) -> bool:
    """Whether a PATH or --out is an fsspec URL (`s3://…`, `file://…`) rather than a local path."""
    return "://" in given


def source_problem(given: str) -> str | None:
    """Why a PATH URL cannot be read as articles, or None (local paths: lib.extract.path_problem)."""
    try:
        fs, path = _url_to_fs(given)
        if not fs.exists(path):
            return f"no such file or folder: {given}"
    except (ImportError, ValueError) as error:  # an unknown protocol, or its package is missing
        return f"cannot open {given} ({error})"
    except OSError as error:
        return f"cannot read {given} ({error.strerror or error})"
    return None


def list_sources(paths: list[str]) -> Listing:
    """The article files under the given files, folders or URLs (a folder's files sorted by name),
    with their folders' metadata.csv and aliases.csv, as read_corpus reads them."""
    listing = Listing()
    for given in paths:
        fs, path = _url_to_fs(given)
        folder = path if fs.isdir(path) else str(PurePosixPath(path).parent)
        metadata, aliases, warnings = _side_files(fs, folder)
        listing.aliases.update(aliases)
        listing.warnings.extend(warnings)
        for entry in _article_entries(fs, path):
            name = PurePosixPath(entry["name"]).name
            if entry["size"] > MAX_FILE_BYTES:  # as read_article: sized before anything is read
                listing.skipped.append(Skipped(name, too_large(entry["size"], MAX_FILE_BYTES)))
                continue
            listing.sources.append(Source(fs.unstrip_protocol(entry["name"]), name, metadata.get(name, {})))
    return listing


def _article_entries(fs: fsspec.AbstractFileSystem, path: str) -> list[dict]:
    if not fs.isdir(path):
        return [fs.info(path)]
    entries = []
    for entry in sorted(fs.ls(path, detail=True), key=lambda e: PurePosixPath(e["name"]).name):
        if PurePosixPath(entry["name"]).suffix.lower() not in ARTICLE_SUFFIXES:
            continue
        if entry["type"] == "file" or (entry.get("islink") and fs.isfile(entry["name"])):
            entries.append(entry)
    return entries


def _side_files(fs: fsspec.AbstractFileSystem, folder: str) -> tuple[dict, Aliases, list[str]]:
    """metadata.csv and aliases.csv of a folder, read by lib.corpus and lib.names (a remote folder's
    are copied here first, no more of each than those readers would read)."""
    from fsspec.implementations.local import LocalFileSystem

    if isinstance(fs, LocalFileSystem):
        local = Path(folder)
        metadata, warnings = read_metadata(local)
        aliases, alias_warnings = read_aliases(local)
        return metadata, aliases, warnings + alias_warnings
    with tempfile.TemporaryDirectory() as copy:
        for name, cap in ((METADATA_FILE, MAX_METADATA_BYTES), (ALIASES_FILE, MAX_ALIASES_BYTES)):
            remote = f"{folder}/{name}"
            if not fs.isfile(remote):
                continue
            size = fs.size(remote)
            with open(Path(copy) / name, "wb") as handle:
                if size <= cap:
                    handle.write(fs.cat_file(remote))
                else:  # the readers refuse it by its size alone: give them the size, not the bytes
                    handle.truncate(size)
        metadata, warnings = read_metadata(Path(copy))
        aliases, alias_warnings = read_aliases(Path(copy))
    return metadata, aliases, warnings + alias_warnings


def read_source(source: Source) -> Article:
    """The article in a file (ValueError with lib.corpus's reason when it cannot be used)."""
    return article_from_bytes(source.name, _source_bytes(source), source.metadata)


def _source_bytes(source: Source) -> bytes:
    """A file's bytes, no more than one past the size limit (ValueError when it cannot be read)."""
    try:
        with fsspec.open(source.url, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror or error})") from error


def scan_task(sources: list[Source]) -> list[Scanned]:
    """In a worker: read each file and say what it holds (its text stays there)."""
    scanned = []
    for source in sources:
        try:
            article = read_source(source)
        except ValueError as error:
            scanned.append(Scanned(source, problem=str(error)))
            continue
        scanned.append(
            Scanned(
                source,
                article_id=article.article_id,
                content_hash=article.content_hash,
                encoding=article.encoding,
                file=article.file,
                title=article.title,
                date=article.date,
                source_name=article.source,
                url=article.url,
            )
        )
    return scanned


def plan_corpus(listing: Listing, scanned: list[Scanned], key: Callable[[Scanned], str]) -> Plan:
    """The corpus read_corpus would make of these files (the same articles, skipped files and
    warnings, in the same order), with each article's key."""
    plan = Plan(skipped=list(listing.skipped), warnings=list(listing.warnings), aliases=listing.aliases)
    seen_ids: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for item in scanned:
        name = item.source.name
        if item.problem:
            plan.skipped.append(Skipped(name, item.problem))
        elif item.content_hash in seen_content:
            plan.skipped.append(Skipped(name, f"same content as {seen_content[item.content_hash]}"))
        elif item.article_id in seen_ids:
            reason = f"same article id as {seen_ids[item.article_id]}: rename one of them"
            plan.skipped.append(Skipped(name, reason))
        else:
            seen_ids[item.article_id] = name
            seen_content[item.content_hash] = name
            if item.encoding != "utf-8":
                plan.warnings.append(f"{name}: not valid UTF-8, read as {item.encoding}")
            plan.articles.append(item)
            plan.keys[item.article_id] = key(item)
    return plan


def article_key(fingerprint: str, content_hash: str, aliases: Aliases) -> str:
    """What an article's rows depend on: the dataset format, model and extractor version, its text and
    date, and the aliases."""
    alias_part = repr(sorted(aliases.items())) if aliases else ""
    return hashlib.sha256(f"{FORMAT}\0{fingerprint}\0{content_hash}\0{alias_part}".encode()).hexdigest()


def split_parts(articles: list[Scanned], keys: dict[str, str], parts: int) -> list[tuple[str, list[Scanned]]]:
    """The articles in `parts` runs of nearly equal length, in order, each named by what it holds (so
    a task run twice, after a killed worker, writes the same files)."""
    parts = max(1, min(parts, len(articles)))
    bounds = [round(n * len(articles) / parts) for n in range(parts + 1)]
    named = []
    for start, end in itertools.pairwise(bounds):
        members = articles[start:end]
        digest = hashlib.sha256("\n".join(f"{a.article_id}\0{keys[a.article_id]}" for a in members).encode())
        named.append((f"part-{digest.hexdigest()[:20]}", members))
    return named


def default_parts(articles: int, workers: int) -> int:
    """Parts of at most PART_ARTICLES articles, and at least PARTS_PER_WORKER per worker."""
    return max(math.ceil(articles / PART_ARTICLES), PARTS_PER_WORKER * max(1, workers))


def arrow_schema(table: str) -> pa.Schema:
    """A table's Parquet schema: the contract's columns in order, int32 / float64 / string."""

    def kind(column: str) -> pa.DataType:
        if column in INTEGER_COLUMNS:
            return pa.int32()
        return pa.float64() if column in FLOAT_COLUMNS else pa.string()

    tags = {FORMAT_METADATA: FORMAT.encode(), TABLE_METADATA: table.encode()}
    return pa.schema([(column, kind(column)) for column in TABLES[table]], metadata=tags)


def part_frames(rows: list[tuple[str, Rows]]) -> dict[str, pd.DataFrame]:
    """One typed frame per table from several articles' rows, in order."""
    return {
        table: typed_frame(pd.DataFrame([r for _, each in rows for r in each[table]], columns=columns), table)
        for table, columns in TABLES.items()
    }


class Dataset:
    """The dataset under an output folder or URL: checked and made before any article is read."""

    def __init__(self, given: str) -> None:
        if not given.strip():
            raise DatasetError("--out is empty: give the folder (or URL) to write the dataset into")
        self.given = given
        try:
            self.fs, self.root = _url_to_fs(given)
            if self.fs.exists(self.root) and not self.fs.isdir(self.root):
                kind = "a file" if self.fs.isfile(self.root) else "not a folder"
                raise DatasetError(f"--out {given} is {kind}: give the folder to write the dataset into")
            for folder in (*TABLES, SOURCES_DIR, PARTS_DIR):
                self.fs.makedirs(f"{self.root}/{folder}", exist_ok=True)
        except (ImportError, ValueError) as error:
            raise DatasetError(f"cannot open --out {given} ({error})") from error
        except OSError as error:
            raise DatasetError(f"cannot write into --out {given} ({error.strerror or error})") from error
        self.url = self.fs.unstrip_protocol(self.root)  # what workers open: absolute, with its protocol

    def claim(self, fingerprint: str) -> None:
        """Name the model the rows come from; refuse a dataset written with another one."""
        info = f"{self.root}/{INFO_FILE}"
        if self.fs.exists(info):
            try:
                found = json.loads(self.fs.cat_file(info))
            except (OSError, ValueError) as error:
                raise DatasetError(f"--out {self.given} has an unreadable {INFO_FILE} ({error})") from error
            if found.get("format") != FORMAT or found.get("model") != fingerprint:
                raise DatasetError(
                    f"--out {self.given} holds rows of {found.get('model')} ({found.get('format')}); "
                    f"this run would add rows of {fingerprint} ({FORMAT}): give another --out"
                )
            return
        try:
            _write_atomically(self.fs, info, json.dumps({"format": FORMAT, "model": fingerprint}).encode())
        except OSError as error:
            raise DatasetError(f"cannot write into --out {self.given} ({error.strerror or error})") from error

    def markers(self) -> dict[str, dict]:
        """Each finished part's marker: {"articles": {article id: key}, "rows": {table: count}}."""
        paths = [p for p in self.fs.ls(f"{self.root}/{PARTS_DIR}", detail=False) if p.endswith(".json")]
        found = self.fs.cat(paths) if paths else {}
        return {PurePosixPath(path).stem: json.loads(found[path]) for path in paths}

    def remove_unfinished(self, finished: set[str]) -> int:
        """Remove the files of parts without a marker, and temporary files: what a killed worker or run
        left. Returns how many were removed. (Only one run may write to a dataset at a time.)"""
        removed = 0
        for folder in ("", *TABLES, SOURCES_DIR, PARTS_DIR):
            listed = f"{self.root}/{folder}".rstrip("/")
            if not self.fs.isdir(listed):  # _sources/ in a dataset older than it
                continue
            for path in self.fs.ls(listed, detail=False):
                name = PurePosixPath(path).name
                temporary = name.startswith(".") and name.endswith(".tmp")
                part_file = folder in (*TABLES, SOURCES_DIR)
                if temporary or (part_file and name.split(".")[0] not in finished):
                    self.fs.rm_file(path)
                    removed += 1
        return removed

    def read_tables(self, plan: Plan, markers: dict[str, dict]) -> dict[str, pd.DataFrame]:
        """The plan's articles' rows, one frame per table in corpus order (each article's from the
        part that holds it with its current key)."""
        holding: dict[str, set[str]] = {}
        for part, marker in markers.items():
            for article_id, key in marker["articles"].items():
                if plan.keys.get(article_id) == key:
                    holding.setdefault(part, set()).add(article_id)
        parts = []
        for part, ids in sorted(holding.items()):
            tables = {}
            for table in TABLES:
                with self.fs.open(f"{self.root}/{table}/{part}.parquet", "rb") as handle:
                    frame = pq.read_table(handle).to_pandas()
                tables[table] = frame[frame["article_id"].isin(ids)]
            parts.append(tables)
        return join_tables([a.article() for a in plan.articles], parts)

    def put_files(self, local: Path, names: tuple[str, ...]) -> None:
        """Copy files from a local folder into the dataset's root, replacing what is there only once
        every one of them is copied."""
        staged = []
        for name in names:
            temporary = f"{self.root}/.{name}.{uuid.uuid4().hex}.tmp"
            self.fs.put_file(str(local / name), temporary)
            staged.append((temporary, f"{self.root}/{name}"))
        for temporary, final in staged:
            self.fs.mv(temporary, final)


def _write_atomically(fs: fsspec.AbstractFileSystem, path: str, data: bytes) -> None:
    """Write to a hidden temporary name, then rename: a reader never sees half a file."""
    parent, name = str(PurePosixPath(path).parent), PurePosixPath(path).name
    temporary = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp"
    with fs.open(temporary, "wb") as handle:
        handle.write(data)
    fs.mv(temporary, path)


def _sources_bytes(recorded: list[tuple[str, str, int, str]]) -> bytes:
    """A part's `_sources` file: where each of its articles was read from."""
    columns = list(zip(*recorded, strict=True)) if recorded else [[], [], [], []]
    arrow = pa.Table.from_arrays(
        [pa.array(c, t) for c, t in zip(columns, SOURCE_TYPES, strict=True)], schema=SOURCE_SCHEMA
    )
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink)
    return sink.getvalue().to_pybytes()


def _parquet_bytes(frame: pd.DataFrame, table: str) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False), sink)
    return sink.getvalue().to_pybytes()


def extract_part(
    part: str,
    members: list[Scanned],
    keys: dict[str, str],
    aliases: Aliases,
    out: str,
    fingerprint: str,
) -> PartResult:
    """In a worker: read a part's articles, parse them (lib.pipeline.parse_articles), write one file
    per table and then the part's marker. An article that fails is reported and left out."""
    from lib.cluster import parse_task

    fs, root = _url_to_fs(out)
    articles, failed, sources = [], [], {}
    for item in members:
        try:
            raw = _source_bytes(item.source)
            article = article_from_bytes(item.source.name, raw, item.source.metadata)
        except ValueError as error:
            failed.append(Skipped(item.source.name, f"{error} (it could be read before: run again)"))
            continue
        if article.content_hash != item.content_hash:
            failed.append(Skipped(item.source.name, "changed while it was being extracted: run again"))
            continue
        articles.append(article)
        sources[article.article_id] = (item.source.url, len(raw), text_hash(article.text))
    rows, parse_failed = parse_task(articles, aliases, fingerprint) if articles else ([], [])
    failed += parse_failed
    if not rows:
        return PartResult(part, 0, dict.fromkeys(TABLES, 0), failed)
    frames = part_frames(rows)
    # The articles table goes last: the others are complete by the time a part has any article.
    for table in (*(name for name in TABLES if name != "articles"), "articles"):
        _write_atomically(fs, f"{root}/{table}/{part}.parquet", _parquet_bytes(frames[table], table))
    recorded = [(article_id, *sources[article_id]) for article_id, _ in rows]
    _write_atomically(fs, f"{root}/{SOURCES_DIR}/{part}.parquet", _sources_bytes(recorded))
    counts = {table: len(frame) for table, frame in frames.items()}
    marker = {"format": FORMAT, "articles": {i: keys[i] for i, _ in rows}, "rows": counts}
    _write_atomically(fs, f"{root}/{PARTS_DIR}/{part}.json", json.dumps(marker, sort_keys=True).encode())
    return PartResult(part, len(rows), counts, failed)


@dataclass
class RunResult:
    """What a dataset run did."""

    plan: Plan
    workers: int = 0
    parts: int = 0
    processed: int = 0
    removed: int = 0  # files of unfinished parts removed
    changed: list[str] = field(default_factory=list)  # in the output with another key: kept as they are
    failed: list[Skipped] = field(default_factory=list)
    part_errors: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))


def scan_on_cluster(client: Client, listing: Listing) -> list[Scanned]:
    """scan_task over the listed files, SCAN_FILES per task, results in listing order."""
    batches = [listing.sources[i : i + SCAN_FILES] for i in range(0, len(listing.sources), SCAN_FILES)]
    futures = client.map(scan_task, batches, pure=False)
    return [item for batch in client.gather(futures) for item in batch]


def plan_run(client: Client, paths: list[str], dataset: Dataset, fingerprint: str) -> RunResult:
    """Before any parsing: remove what killed runs left in the (claimed) dataset, read the files on the
    cluster's workers and decide which articles the dataset does not hold yet."""
    markers = dataset.markers()
    removed = dataset.remove_unfinished(set(markers))
    listing = list_sources(paths)
    aliases = listing.aliases
    plan = plan_corpus(
        listing,
        scan_on_cluster(client, listing),
        lambda item: article_key(fingerprint, item.content_hash, aliases),
    )
    result = RunResult(plan, removed=removed)
    held = {article_id: key for marker in markers.values() for article_id, key in marker["articles"].items()}
    for item in plan.articles:
        if item.article_id not in held:
            plan.todo.append(item)
        elif held[item.article_id] == plan.keys[item.article_id]:
            plan.done += 1
        else:
            result.changed.append(item.file)
    return result


def extract_parts(
    client: Client,
    result: RunResult,
    dataset: Dataset,
    fingerprint: str,
    partitions: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Extract the planned articles, one part per task on the client's cluster, into the dataset;
    a part whose task fails is reported in `result` and left for the next run."""
    from distributed import as_completed

    from lib.cluster import load_model_on_workers, worker_count

    plan = result.plan
    result.workers = worker_count(client)
    if not plan.todo:
        return
    load_model_on_workers(client)
    parts = split_parts(plan.todo, plan.keys, partitions or default_parts(len(plan.todo), result.workers))
    result.parts = len(parts)
    shared = client.scatter([plan.aliases], broadcast=True)[0] if plan.aliases else {}
    size = {}
    futures = []
    for part, members in parts:
        keys = {a.article_id: plan.keys[a.article_id] for a in members}
        key = f"dateline-{part}"
        size[key] = len(members)
        futures.append(
            client.submit(extract_part, part, members, keys, shared, dataset.url, fingerprint, key=key)
        )
    done = 0
    try:
        for future in as_completed(futures):
            error = future.exception()
            if error is not None:
                result.part_errors.append(f"{size[future.key]} articles ({type(error).__name__}: {error})")
            else:
                part = future.result()
                result.processed += part.articles
                result.failed += part.failed
                for table, count in part.rows.items():
                    result.rows[table] += count
            future.release()
            done += size[future.key]
            if progress:
                progress(done, len(plan.todo))
    finally:
        client.cancel(futures)
    result.removed += dataset.remove_unfinished(set(dataset.markers()))


def frames_for(dataset: Dataset, plan: Plan) -> CorpusFrames:
    """The corpus frames the CLI writes as CSV: the plan's articles' rows from the dataset, with one
    name per person across them (lib.pipeline.build_frames, as the serial path)."""
    return build_frames(plan.corpus(), dataset.read_tables(plan, dataset.markers()))


# Reading an article's file back (the app's Reader) ---------------------------------------------------


def text_hash(text: str) -> str:
    """The hash `_sources` records of an article's decoded text (metadata.csv does not change it)."""
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SourceRecord:
    """Where a dataset says an article was read from, with what the file held then."""

    article_id: str
    url: str  # an fsspec URL (file:///… for a local file)
    size: int  # bytes
    text_sha256: str


def article_sources(root: Path, article_ids: list[str]) -> dict[str, SourceRecord]:
    """What a dataset folder records of these articles' files, from its finished parts (none for a
    cache snapshot or a dataset older than `_sources`; none for a file that is not as written here).

    One DuckDB query over every part's small `_sources` file (0.15-0.2 s for 2,000 parts of a
    million articles), allowed to read the dataset and nothing else.
    """
    root = root.resolve()
    folder, markers = root / SOURCES_DIR, root / PARTS_DIR
    if not folder.is_dir() or not markers.is_dir() or not article_ids:
        return {}
    finished = {p.stem for p in markers.glob("*.json")}
    files = [
        str(p)
        for p in sorted(folder.glob("part-*.parquet"))
        if p.stem in finished and not escapes(p, (root,))
    ]
    if not files:
        return {}
    try:
        with duckdb.connect(config=LOOKUP_CONFIG) as connection:
            connection.execute("SET allowed_directories = $folders", {"folders": [str(root) + "/"]})
            connection.execute("SET enable_external_access = false")
            found = connection.execute(
                "SELECT article_id, source, bytes, text_sha256 FROM read_parquet($files) "
                "WHERE article_id IN (SELECT unnest($ids))",
                {"files": files, "ids": list(article_ids)},
            ).fetchall()
    except duckdb.Error:  # not Parquet, or not the columns written here: as if nothing were recorded
        return {}
    return {row[0]: SourceRecord(str(row[0]), str(row[1]), int(row[2]), str(row[3])) for row in found}


class SourceState(StrEnum):
    """What became of an article's file since it was extracted into a dataset."""

    READ = "read"  # there, unchanged: its text is given
    NOT_RECORDED = "not recorded"  # the dataset does not say where it was
    REMOTE = "remote"  # a URL other than file://: not read
    REFUSED = "refused"  # outside the allowed folders, or not an article file
    MISSING = "missing"  # moved, deleted or unreadable
    CHANGED = "changed"  # there, but not what was extracted (offsets would be wrong)


@dataclass(frozen=True)
class SourceText:
    """An article's body read back from its file (offsets of its rows index into it), or why not."""

    state: SourceState
    body: str = ""


def local_path(url: str) -> Path | None:
    """The local path a `_sources` URL names (`file://…` or a plain path), or None for any other URL."""
    if url.startswith("file://"):
        from fsspec.implementations.local import LocalFileSystem

        return Path(LocalFileSystem._strip_protocol(url))
    return None if is_url(url) else Path(url)


def read_recorded(record: SourceRecord | None, roots: tuple[Path, ...] | None) -> SourceText:
    """An article's body from the file its dataset recorded, if it may be read and is unchanged.

    Safe to follow a dataset written by anyone: only local article files (.txt, .md) are read, and
    with `roots` (None: anywhere) only below them once links and `..` are resolved, as for a corpus
    folder (lib.folders); nothing outside is looked at, not even whether it exists. The size is
    compared before the file is read, and the text's hash after (no more than lib.corpus's size
    limit is read).
    """
    if record is None:
        return SourceText(SourceState.NOT_RECORDED)
    path = local_path(record.url)
    if path is None:
        return SourceText(SourceState.REMOTE)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte
        return SourceText(SourceState.REFUSED)
    outside = roots is not None and not inside(resolved, roots)
    if outside or not path.is_absolute() or resolved.suffix.lower() not in ARTICLE_SUFFIXES:
        return SourceText(SourceState.REFUSED)
    try:
        size = resolved.stat().st_size
    except OSError:
        return SourceText(SourceState.MISSING)
    if size != record.size:
        return SourceText(SourceState.CHANGED)
    try:
        article = read_article(resolved)
    except ValueError:  # unreadable now, or no longer an article lib.corpus would read
        return SourceText(SourceState.MISSING)
    if text_hash(article.text) != record.text_sha256:
        return SourceText(SourceState.CHANGED)
    return SourceText(SourceState.READ, article.body)
