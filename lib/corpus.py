"""Read a corpus: a folder (or list) of .txt/.md articles, with optional metadata.csv."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import stat
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from lib.csvfile import FileTooLarge, read_capped, read_rows
from lib.dates import resolve_date
from lib.folders import ARTICLE_SUFFIXES, OUTSIDE_ROOTS, escapes
from lib.names import ALIASES_FILE, read_aliases
from lib.paragraphs import dateline_length, paragraph_bounds

if TYPE_CHECKING:
    from lxml.html import HtmlElement

UPLOAD_SUFFIXES = (*ARTICLE_SUFFIXES, ".html", ".htm")
METADATA_FILE = "metadata.csv"
# One row per article; 5x the 10,000 articles Dateline is benchmarked with (that file is ~2 MB).
MAX_METADATA_BYTES = 10_000_000
MAX_METADATA_ROWS = 50_000
MAX_FILE_BYTES = 2_000_000
# Limits on one article, checked before it is parsed. Why these values: bench/README.md ("Uploads",
# "Rule scaling"): memory and time grow with the characters parsed together, so one article at the
# limit stays within a shared server's means; the longest news features are 30,000-60,000 characters.
MAX_CHARS = 100_000
# A stretch without a sentence end or line break is parsed as one sentence, whose parse grows faster
# than its length; real sentences are under 2,000 characters.
MAX_RUN_CHARS = 20_000
# A guard against text that is mostly quote marks; a news article of 100,000 characters holds about
# 550. ’ and ' are left out: they are mostly apostrophes.
MAX_QUOTE_MARKS = 1_000
QUOTE_MARKS = '"“”„«»‘‹'
SENTENCE_BREAKS = re.compile(r"[.!?…\n\r\u2028\u2029]")
MAX_UPLOADS = 200
# All files of one upload together. Bytes bound what the server holds before decoding (HTML is
# verbose); characters bound the parse, which other visitors' uploads wait for (one parse per server
# at a time, ui/parsing.py). 200 news articles are about 1,000,000 characters.
MAX_UPLOAD_BYTES = 20_000_000
MAX_UPLOAD_CHARS = 1_000_000
# 20 articles at the quote-mark limit; a million characters of news hold about 6,000.
MAX_UPLOAD_QUOTE_MARKS = 20_000
MAX_NAME_CHARS = 120
FALLBACK_ENCODINGS = ("cp1252", "latin-1")

# Elements below this depth of an HTML page are flattened into paragraphs (see html_page).
MAX_HTML_DEPTH = 200
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_XML_DECLARATION = re.compile(r"^<\?xml [^>]+?\?>")

# A leading "date YYYY-MM-DD" header, as some exporters write it before the body.
_DATE_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    """One decoded article; `text` is the file's decoded text, unchanged, so offsets index into it."""

    article_id: str
    file: str
    text: str
    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    body_start: int = 0  # where the body begins, after a stripped "date ..." header
    encoding: str = "utf-8"

    @property
    def body(self) -> str:
        """The text with any header blanked out; same length as `text`, so offsets still match."""
        return " " * self.body_start + self.text[self.body_start :]

    @cached_property
    def content_hash(self) -> str:
        """Hash of what extraction depends on: the text and the date used to resolve relative dates."""
        return hashlib.sha256(f"{self.date}\0{self.text}".encode()).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """A file that could not be used, with a reason a person can act on."""

    file: str
    reason: str


@dataclass
class Corpus:
    """The articles that loaded, plus the files skipped and warnings about the ones that loaded."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # from aliases.csv, see lib/names.py
    origin: str = ""  # where it was read from (resolved paths); "" for uploads


def safe_name(name: str) -> str:
    """A file name reduced to its last component, printable, and short (`../../etc/x` -> `x`)."""
    last = re.split(r"[\\/]", name)[-1]
    printable = (
        (last if last.isprintable() else "".join(c for c in last if c.isprintable())).strip().lstrip(".")
    )
    stem, suffix = (
        (printable.rsplit(".", 1)[0], "." + printable.rsplit(".", 1)[1])
        if "." in printable
        else (printable, "")
    )
    return (stem[: MAX_NAME_CHARS - len(suffix)] + suffix if suffix else stem[:MAX_NAME_CHARS]) or "unnamed"


def article_id_for(path: Path) -> str:
    """A stable id from the file name: its stem, lower-cased, with unsafe characters replaced."""
    return re.sub(r"[^a-z0-9_-]+", "-", path.stem.lower()).strip("-") or "article"


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode as UTF-8 (BOM allowed), else the first fallback that works; return (text, encoding)."""
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in FALLBACK_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("latin-1", raw, 0, 1, "undecodable")  # latin-1 never fails; kept for safety


def too_large(size: int, max_bytes: int) -> str:
    return f"too large ({size:,} bytes; the limit is {max_bytes:,}): split it into smaller files"


def _problem_with(raw: bytes, max_bytes: int) -> str | None:
    if len(raw) > max_bytes:
        return too_large(len(raw), max_bytes)
    if b"\x00" in raw[:8192]:
        return "looks like a binary file, not text: save it as .txt or .md"
    if not raw.strip():
        return "empty file: nothing to read"
    return None


def quote_marks(text: str) -> int:
    """How many quote marks a text holds (the QUOTE_MARKS: apostrophe-like marks are not counted)."""
    return sum(text.count(mark) for mark in QUOTE_MARKS)


def longest_run(text: str) -> int:
    """The length of the longest stretch of a text without a sentence end or a line break."""
    return max(map(len, SENTENCE_BREAKS.split(text)))


def _text_problem(text: str) -> str | None:
    if not text.strip():
        return "only whitespace: nothing to read"
    if len(text) > MAX_CHARS:
        return f"too long ({len(text):,} characters; the limit is {MAX_CHARS:,}): split it into smaller files"
    run = longest_run(text)
    if run > MAX_RUN_CHARS:
        return (
            f"has {run:,} characters without a full stop or line break (the limit is {MAX_RUN_CHARS:,}): "
            "break it into sentences or paragraphs"
        )
    marks = quote_marks(text)
    if marks > MAX_QUOTE_MARKS:
        return (
            f"has {marks:,} quote marks (the limit is {MAX_QUOTE_MARKS:,} per article): "
            "split it into smaller files"
        )
    return None


@dataclass(frozen=True)
class HtmlPage:
    """What a saved web page gives: its main text, and the title, date, author and address it states."""

    text: str
    title: str = ""
    date: str = ""
    source: str = ""  # the author and the site, as the page names them
    url: str = ""


def html_page(html: str) -> HtmlPage:
    """A saved news page read with trafilatura: the article's text without navigation, comments,
    scripts or styles, and its metadata; a page trafilatura finds no article in is read whole (as
    text, scripts and styles dropped).

    Text nested deeper than MAX_HTML_DEPTH elements is kept, a paragraph per block, without the
    layout of its deeper levels (the readers walk the tree recursively and would fail on it). A page
    nested deeper than the HTML parser can follow at all raises ValueError saying so (by default the
    parser drops everything past 255 levels, and the page read as empty).
    """
    from inscriptis.html_engine import Inscriptis

    tree = _html_tree(html)
    if tree is None:
        return HtmlPage("")
    page = _main_article(deepcopy(tree))  # trafilatura prunes the tree it reads
    return page if page is not None else HtmlPage(Inscriptis(tree).get_text())


def _html_tree(html: str) -> HtmlElement | None:
    """The page parsed, levels past MAX_HTML_DEPTH flattened; None for an empty page."""
    from lxml.etree import ParserError
    from lxml.html import HTMLParser, document_fromstring

    html = _XML_DECLARATION.sub("", html.strip(), count=1)  # lxml refuses a str that declares an encoding
    if not html:
        return None
    parser = HTMLParser(huge_tree=True)  # follows 2,048 levels instead of 255
    try:
        tree = document_fromstring(html, parser=parser)
    except ParserError:  # no element at all: read it as preformatted text, as inscriptis does
        tree = document_fromstring(f"<pre>{html}</pre>", parser=parser)
    too_deep = next((error.message for error in parser.error_log if "Excessive depth" in error.message), "")
    if too_deep:
        levels = re.search(r"\d+", too_deep)
        raise ValueError(
            f"tags nested more than {levels.group() if levels else 'the allowed number of'} levels deep, "
            "deeper than the HTML reader can follow: save the page as plain text (.txt) instead"
        )
    level = [tree]
    for _ in range(MAX_HTML_DEPTH):
        level = [child for element in level for child in element if isinstance(child.tag, str)]
    for element in level:
        _flatten(element)
    return tree


def _main_article(tree: HtmlElement) -> HtmlPage | None:
    """The article trafilatura finds in a page, a paragraph per line it gives; None when it finds none."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError, RecursionError):  # an odd page: read it whole instead
        return None
    if found is None or not (found.text or "").strip():
        return None
    title = " ".join((found.title or "").split())
    lines = [" ".join(line.split()) for line in found.text.split("\n") if line.strip()]
    if lines and lines[0] == title:  # the headline is the title, not the body's first paragraph
        lines = lines[1:]
    if not lines:
        return None
    source = " · ".join(part for part in (found.author, found.sitename) if part)
    url = found.url if (found.url or "").startswith(("https://", "http://")) else ""
    date = found.date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", found.date or "") else ""
    return HtmlPage("\n\n".join(lines), title, date, " ".join(source.split()), url)


def _flatten(element: HtmlElement) -> None:
    """Replace everything inside an element by its text, one paragraph per block it held."""
    from lxml.etree import SubElement, strip_elements

    strip_elements(element, "script", "style", with_tail=False)
    for node in element.iterdescendants():
        if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
            node.text = "\n" + (node.text or "")
            node.tail = "\n" + (node.tail or "")
    lines = "".join(element.itertext()).split("\n")
    for child in list(element):
        element.remove(child)
    element.tag, element.text = "div", None
    for line in lines:
        if line.split():
            SubElement(element, "p").text = " ".join(line.split())


MAX_DATE_LINE_WORDS = 6
_WRITTEN_DAY = re.compile(
    r"[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}"  # June 20, 2025
    r"|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}"  # 20 June 2025
    r"|\d{4}-\d{2}-\d{2}"
)


def dateline_date(text: str) -> str:
    """The day a story's opening says it was filed: in its dateline ("BEIJING (AFP) June 20, 2025 -")
    or on a short line of its own ("20 June 2025") among the first paragraphs; '' when none."""
    for start, end in paragraph_bounds(text[:2000])[:3]:
        paragraph = text[start:end]
        length = dateline_length(paragraph)
        if not length and len(paragraph.split()) > MAX_DATE_LINE_WORDS:
            continue
        found = _WRITTEN_DAY.search(paragraph[:length] if length else paragraph)
        day = resolve_date(found.group(), "") if found else ""
        if len(day) == len("YYYY-MM-DD"):
            return day
    return ""


def infer_header(text: str) -> tuple[str, int, str]:
    """Return (date, body_start, title) inferred from a text: a leading date header and a headline."""
    date, body_start = "", 0
    match = _DATE_HEADER.match(text)
    if match:
        date, body_start = match.group(1), match.end()
    else:
        date = dateline_date(text)
    first_line = text[body_start:].strip().split("\n", 1)[0].strip().lstrip("#").strip()
    title = first_line if _looks_like_headline(first_line, text[body_start:]) else ""
    return date, body_start, title


def _looks_like_headline(line: str, body: str) -> bool:
    """A short first line followed by more text, not ending like a sentence, or a Markdown heading."""
    if not line or body.strip() == line:
        return False
    if body.lstrip().startswith("#"):
        return True
    # A headline is short and one sentence at most; a lede paragraph is longer.
    return (
        len(line.split()) <= 16 and not re.search(r"[.!?]\s+\S", line) and not line.endswith((":", '"', "”"))
    )


def _fallback_title(text: str, body_start: int) -> str:
    first = text[body_start:].strip().split("\n", 1)[0].strip()
    words = first.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def read_metadata(folder: Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Read folder/metadata.csv (file,title,date,source,url) into {file name: fields}, with warnings.

    Its size is checked before it is read, and only its first MAX_METADATA_ROWS rows are used.
    """
    path = folder / METADATA_FILE
    if not path.is_file():
        return {}, []
    instead = "using what the articles say instead"
    try:
        text, _ = decode_bytes(read_capped(path, MAX_METADATA_BYTES))
        rows, warnings = read_rows(path.name, text, MAX_METADATA_ROWS)
    except FileTooLarge as error:  # not read at all
        return {}, [f"{path.name}: {error}; {instead}"]
    except (OSError, csv.Error) as error:
        return {}, [f"{path.name}: could not read it ({error}); {instead}"]
    if rows and "file" not in rows[0]:
        return {}, [f"{path.name}: needs a 'file' column (file,title,date,source,url); ignored"]
    metadata = {}
    for row in rows:
        name = Path((row.get("file") or "").strip()).name
        if name:
            metadata[name] = {k: (v or "").strip() for k, v in row.items() if k and k != "file" and v}
    return metadata, warnings


def read_article(
    path: Path, metadata: dict[str, str] | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Article:
    """Read one file into an Article; raise ValueError with a user-facing reason if it cannot be used.

    Its size is checked before it is read, and no more than `max_bytes` + 1 bytes are ever read.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise ValueError("not a regular file: save the article as a .txt or .md file")
        if info.st_size > max_bytes:
            raise ValueError(too_large(info.st_size, max_bytes))
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # the file may have grown since
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror or error})") from error
    return article_from_bytes(path.name, raw, metadata, max_bytes)


def article_from_bytes(
    name: str, raw: bytes, metadata: dict[str, str] | None = None, max_bytes: int = MAX_FILE_BYTES
) -> Article:
    """Build an Article from a file's name and bytes (HTML is converted to text); ValueError if unusable.

    The name is only a label: it never becomes a path.
    """
    problem = _problem_with(raw, max_bytes)
    if problem:
        raise ValueError(problem)
    text, encoding = decode_bytes(raw)
    page = HtmlPage(text)
    if Path(name).suffix.lower() in (".html", ".htm"):
        page = html_page(text)
        text = page.text
    problem = _text_problem(text)
    if problem:
        raise ValueError(problem)
    date, body_start, title = infer_header(text)
    meta = {"title": page.title, "date": page.date, "source": page.source, "url": page.url}
    meta = {**{k: v for k, v in meta.items() if v}, **(metadata or {})}
    label = safe_name(name)
    return Article(
        article_id=article_id_for(Path(label)),
        file=label,
        text=text,
        title=meta.get("title") or title or _fallback_title(text, body_start),
        date=meta.get("date") or date,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        body_start=body_start,
        encoding=encoding,
    )


def _article_files(path: Path, roots: tuple[Path, ...] | None) -> tuple[list[Path], list[Skipped]]:
    """The article files of a folder (or the one file given), and the links among them that leave
    the roots."""
    if path.is_file():
        return [path], []
    files, outside = [], []
    with os.scandir(path) as entries:  # scandir knows which entries are files without a stat each
        for entry in sorted(entries, key=lambda e: e.name):
            if os.path.splitext(entry.name)[1].lower() not in ARTICLE_SUFFIXES:
                continue
            # A link is judged by where it leads, before anything is read through it.
            if entry.is_symlink() and escapes(path / entry.name, roots):
                outside.append(Skipped(entry.name, OUTSIDE_ROOTS))
            elif entry.is_file():
                files.append(path / entry.name)
    return files, outside


def read_corpus(
    paths: Iterable[str | Path], max_bytes: int = MAX_FILE_BYTES, roots: tuple[Path, ...] | None = None
) -> Corpus:
    """Read every article under the given files/folders; skip unusable files with a reason.

    With `roots` (resolved folders), files reached through links that leave them are skipped, and so
    are such metadata.csv and aliases.csv files.
    """
    paths = list(paths)
    corpus = Corpus(origin="\n".join(str(Path(p).resolve()) for p in paths))
    seen_ids: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        if escapes(path, roots):
            raise PermissionError(f"{path}: outside the folders this app may read")
        folder = path if path.is_dir() else path.parent
        leaving = [name for name in (METADATA_FILE, ALIASES_FILE) if escapes(folder / name, roots)]
        metadata, warnings = read_metadata(folder) if METADATA_FILE not in leaving else ({}, [])
        aliases, alias_warnings = read_aliases(folder) if ALIASES_FILE not in leaving else ({}, [])
        corpus.aliases.update(aliases)
        corpus.warnings.extend(warnings + alias_warnings + [f"{name}: {OUTSIDE_ROOTS}" for name in leaving])
        files, outside = _article_files(path, roots)
        corpus.skipped.extend(outside)
        for file in files:
            try:
                article = read_article(file, metadata.get(file.name), max_bytes)
            except ValueError as error:
                corpus.skipped.append(Skipped(file.name, str(error)))
                continue
            if article.content_hash in seen_content:
                corpus.skipped.append(
                    Skipped(file.name, f"same content as {seen_content[article.content_hash]}")
                )
                continue
            if article.article_id in seen_ids:
                corpus.skipped.append(
                    Skipped(
                        file.name, f"same article id as {seen_ids[article.article_id]}: rename one of them"
                    )
                )
                continue
            seen_ids[article.article_id] = file.name
            seen_content[article.content_hash] = file.name
            if article.encoding != "utf-8":
                corpus.warnings.append(f"{file.name}: not valid UTF-8, read as {article.encoding}")
            corpus.articles.append(article)
    return corpus


def _upload_full(limit: str) -> str:
    return f"the files before it fill this upload's {limit}: upload the rest separately"


def read_uploads(
    files: Iterable[tuple[str, bytes]],
    max_files: int = MAX_UPLOADS,
    max_bytes: int = MAX_UPLOAD_BYTES,
    max_chars: int = MAX_UPLOAD_CHARS,
    max_marks: int = MAX_UPLOAD_QUOTE_MARKS,
) -> Corpus:
    """A corpus from uploaded (name, bytes) pairs: same checks as files, plus type, count, duplicates
    and the whole upload's bytes, characters and quote marks (all before anything is parsed)."""
    corpus = Corpus()
    seen_ids: dict[str, str] = {}
    seen_content: dict[str, str] = {}
    total = chars = marks = 0
    for number, (name, raw) in enumerate(files):
        label = safe_name(name)
        if number >= max_files:
            corpus.skipped.append(
                Skipped(label, f"more than {max_files} files at once: upload the rest separately")
            )
            continue
        if Path(label).suffix.lower() not in UPLOAD_SUFFIXES:
            corpus.skipped.append(Skipped(label, "not a .txt, .md or .html file"))
            continue
        if total + len(raw) > max_bytes:
            corpus.skipped.append(Skipped(label, _upload_full(f"{max_bytes / 1e6:g} MB")))
            continue
        total += len(raw)
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen_content:
            corpus.skipped.append(Skipped(label, f"same content as {seen_content[digest]}"))
            continue
        try:
            article = article_from_bytes(label, raw)
        except ValueError as error:
            corpus.skipped.append(Skipped(label, str(error)))
            continue
        if chars + len(article.text) > max_chars:
            corpus.skipped.append(Skipped(label, _upload_full(f"{max_chars:,} characters")))
            continue
        article_marks = quote_marks(article.text)
        if marks + article_marks > max_marks:
            corpus.skipped.append(Skipped(label, _upload_full(f"{max_marks:,} quote marks")))
            continue
        chars += len(article.text)
        marks += article_marks
        if article.article_id in seen_ids:
            article = replace(article, article_id=f"{article.article_id}-{digest[:8]}")
        seen_ids[article.article_id] = label
        seen_content[digest] = label
        if article.encoding != "utf-8":
            corpus.warnings.append(f"{label}: not valid UTF-8, read as {article.encoding}")
        corpus.articles.append(article)
    return corpus
