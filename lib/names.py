"""Names: when one name is a short form of another, the user's alias file, and merging one person's
name variants across a corpus (plain Python: no spaCy)."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

import pandas as pd

from lib.csvfile import FileTooLarge, read_capped, read_rows
from lib.frames import CorpusFrames
from lib.gender import given_name_gender
from lib.lexicon import NAME_PARTICLES, ORGANISATION_NOUNS, PATRONYMIC_PARTICLES, is_name_suffix, word_list
from lib.places import lookup_place

ALIASES_FILE = "aliases.csv"
LEADERS_CSV = Path(__file__).resolve().parent / "data" / "leaders.csv"
ORGANISATION_NAME_WORDS = Path(__file__).resolve().parent / "data" / "organisation_name_words.txt"
# Written by hand, one row per name the rules cannot know: 10,000 is far more than any corpus needs,
# and each alias is a pattern every parse matches against.
MAX_ALIASES_BYTES = 1_000_000
MAX_ALIASES_ROWS = 10_000
Aliases = dict[str, tuple[str, str]]  # alias (lower case) -> (canonical name, label or "")


@cache
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def is_nickname_of(short: str, full: str) -> bool:
    """True when given name `short` is a known nickname of `full` ("Chris" of "Christopher")."""
    return short.lower() in _nicknamer().nicknames_of(full.lower())


def abbreviates(short: list[str], full: list[str]) -> bool:
    """True when name `short` is a shorter or informal form of `full`: its surname or first word
    ("Xi" of "Xi Jinping"), a familiar name inside a long one ("Lula" of "Luiz Inacio Lula da Silva"),
    its particle-led surname ("von der Leyen"), a nickname ("Chris Luxon"), another case."""
    if len(full) > 2 and is_name_suffix(full[-1]):  # "Trump Jr." and "Harris" of "Harry B. Harris Jr."
        same_suffix = len(short) > 1 and short[-1].rstrip(".") == full[-1].rstrip(".")
        return abbreviates(short[:-1], full[:-1]) if same_suffix else abbreviates(short, full[:-1])
    if len(short) > 1 and is_name_suffix(short[-1]):
        return False  # a son is no short form of his father's name
    if [p.lower() for p in short] == [p.lower() for p in full]:  # another case: "Von der Leyen"
        return short != full and not any(p.islower() and p not in NAME_PARTICLES for p in full)
    if len(short) == 1 and len(full) > 1:
        if len(full) >= 3 and full[-2].lower() in PATRONYMIC_PARTICLES and short[0] == full[-1]:
            return False  # "Salman" of "Mohammed bin Salman" is his father's name, not his
        inner = full[1:-1] if len(full) >= 3 else []
        # "Xi" of "Xi Jinping", "Hillary" of "Hillary Rodham Clinton"; but a man named with two given
        # names ("Francis Gary Powers") is not the "Francis" of the same article, a pope or a king.
        first = short[0] == full[0] and not (
            given_name_gender(full[0]) and any(map(given_name_gender, inner))
        )
        return first or short[0] == full[-1] or (short[0] in inner and short[0][:1].isupper())
    if len(short) < len(full) and short[0][:1].lower() + short[0][1:] in NAME_PARTICLES:
        return [p.lower() for p in short] == [p.lower() for p in full[-len(short) :]]
    return (
        len(short) == len(full) >= 2
        and short[-1] == full[-1]
        and len(full[0]) > len(short[0])
        and is_nickname_of(short[0], full[0])
    )


def without_sons(names: set[str]) -> set[str]:
    """The full names a short one may stand for, less a son's when his father's is among them: a bare
    "Trump" beside "Donald Trump" and "Donald Trump Jr." is the father."""
    return {n for n in names if not (is_name_suffix(n.split()[-1]) and n.rsplit(" ", 1)[0] in names)}


def named_like_a_person(name: str) -> bool:
    """A given name and a surname (`Carly Hartwell`), which the small model sometimes tags ORG; a
    place is no given name (`America Forward`), nor is a particle (`Al Shabaab`), and a name ending
    like a company's or a group's is no person (`Harmony Enterprises`)."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(w.istitle() for w in words)  # not a headline in capitals
        and words[0].lower() not in NAME_PARTICLES
        and bool(given_name_gender(words[0]))
        and lookup_place(words[0]) is None
        and not ends_like_an_organisation(name)
    )


def ends_like_an_organisation(name: str) -> bool:
    """Whether a name's last word ends the names of organisations, not people ("Warner Music")."""
    last = name.split()[-1].lower().rstrip(".") if name.split() else ""
    return last in ORGANISATION_NOUNS or last in _organisation_name_words()


@cache
def _organisation_name_words() -> frozenset[str]:
    return word_list(ORGANISATION_NAME_WORDS)


@cache
def _leaders() -> dict[str, tuple[str, str]]:
    table = {}
    with LEADERS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in [row["name"], *filter(None, row["aliases"].split(";"))]:
                table[name.lower()] = (row["name"], row["country"])
    return table


def known_leader(name: str) -> tuple[str, str] | None:
    """(name, country) of a well-known political figure written this way in full ("Xi Jinping",
    "Volodymyr Zelenskyy", or misspelt by one letter: "Javier Miley"), from lib/data/leaders.csv;
    None for anyone else or a surname alone."""
    words = name.split()
    if len(words) < 2:
        return None
    table = _leaders()
    found = table.get(name.lower())
    if found is None:
        close = {
            leader
            for form, leader in table.items()
            if form.split()[:-1] == [w.lower() for w in words[:-1]]
            and one_edit_apart(form.split()[-1], words[-1].lower())
        }
        found = close.pop() if len(close) == 1 else None
    return found


def one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one letter changed, added or dropped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    shorter, longer = sorted((a, b), key=len)
    i = next((k for k, (x, y) in enumerate(zip(shorter, longer, strict=False)) if x != y), len(shorter))
    return shorter[i:] == longer[i + 1 :]


def read_aliases(folder: Path) -> tuple[Aliases, list[str]]:
    """Read folder/aliases.csv (alias,canonical,label) into {alias lower: (canonical, label)}.

    Its size is checked before it is read, and only its first MAX_ALIASES_ROWS rows are used.
    """
    path = Path(folder) / ALIASES_FILE
    if not path.is_file():
        return {}, []
    try:
        text = read_capped(path, MAX_ALIASES_BYTES).decode("utf-8-sig")
        rows, warnings = read_rows(ALIASES_FILE, text, MAX_ALIASES_ROWS)
    except FileTooLarge as error:
        return {}, [f"{ALIASES_FILE}: {error}; no aliases applied"]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        return {}, [f"{ALIASES_FILE}: could not read it ({error}); no aliases applied"]
    if rows and not {"alias", "canonical"} <= set(rows[0]):
        return {}, [f"{ALIASES_FILE}: needs the columns alias,canonical,label; no aliases applied"]
    aliases = {}
    for row in rows:
        alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
        if alias and canonical:
            aliases[alias.lower()] = (canonical, (row.get("label") or "").strip().upper())
    return aliases, warnings


def _rename(series: pd.Series, mapping: dict[str, str]) -> pd.Series:
    renamed = series.map(mapping)  # a dict lookup per distinct value, not a Python call per row
    return renamed.where(renamed.notna(), series)


def person_name_mapping(mentions: pd.DataFrame) -> dict[str, str]:
    """Each short or informal person name -> the one full name it stands for across the corpus
    ("Chris Luxon" and a lone "Luxon" -> "Christopher Luxon"); ambiguous names are left out."""
    people = set(mentions.loc[mentions["label"] == "PERSON", "entity"].unique())
    longest_first = sorted(people, key=lambda n: (-len(n.split()), -len(n), n))
    # A name can only abbreviate a longer one sharing its first or last word: index by those.
    by_part: dict[str, list[str]] = defaultdict(list)
    for name in longest_first:
        parts = name.split()
        for part in {parts[0], parts[-1]}:
            by_part[part].append(name)
    mapping: dict[str, str] = {}
    for name in longest_first:
        parts = name.split()
        others = {o for part in {parts[0], parts[-1]} for o in by_part[part] if o != name}
        targets = without_sons({mapping.get(o, o) for o in others if abbreviates(parts, o.split())})
        # A lone surname joins a full name only when the corpus knows a single person by it.
        if len(targets) == 1:
            mapping[name] = targets.pop()
    return mapping


def merge_person_variants(frames: CorpusFrames, mapping: dict[str, str] | None = None) -> None:
    """Across articles, one name per person in mentions, quote speakers and visitors, by `mapping`
    (person_name_mapping of the frames' mentions when not given)."""
    mapping = person_name_mapping(frames.mentions) if mapping is None else mapping
    if mapping:
        frames.mentions["entity"] = _rename(frames.mentions["entity"], mapping)
        frames.quotes["speaker"] = _rename(frames.quotes["speaker"], mapping)
        frames.visits["visitor"] = _rename(frames.visits["visitor"], mapping)
