"""Score Dateline's CSV tables against gold, by the shared scorers' rules, and name the cause of each miss.

Two gold formats, each scored exactly as its official script does (`../shared/eval/score.py` and
`../shared/eval/polnear/score.py`), so the figures are equal to theirs:

- a gold file (seeds, devset): quotes matched by a `match` substring after normalisation, speakers
  by `people_aliases`, people (precision, recall, F1; a second name for a found person is a false
  hit), visits by visitor and country, their status in coarse classes and their date by prefix;
- PolNeAR (one JSON document per line): quotes matched one-to-one, greedily, when they share at least
  half of the longer span; a speaker is right when its last word is the gold source's (or its
  `speaker_alt`'s), and a pronoun never is.

Every miss becomes a `Miss` with a `Cause`, so a developer sees which rule to fix next.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

from lib.lexicon import TITLE_WORDS
from lib.places import country_of_demonym, lookup_place

Row = dict[str, str]
Tables = dict[str, list[Row]]  # articles, quotes, mentions, visits: CSV rows as strings

FOLD = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
# PolNeAR's scorer: a predicted speaker that is one of these is never right.
PRONOUNS = frozenset(
    {"he", "she", "they", "i", "we", "it", "you", "him", "her", "them", "who", "this", "that", "one"}
)
QUOTE_CHARS = "\"'“”‘’ \n"
# Title words the extractor's own list lacks but news writes before names ("PM Modi", "His Majesty").
EXTRA_TITLE_WORDS = frozenset({"pm", "cm", "majesty", "highness", "excellency"})
# Capitalised words that stand for a group, not a named source.
GROUP_WORDS = frozenset({"democrat", "democrats", "republican", "republicans", "gop", "conservatives"})
SHORT_QUOTE_WORDS = 2  # the devset's convention: a one- or two-word quote is a label, not speech


class Cause(StrEnum):
    """Why a gold item was missed or a predicted one was wrong; spelled once, used by the report."""

    ARTICLE_MISSING = "article missing from the output"
    # quotes
    MISSED_QUOTE = "missed quote: nothing predicted there"
    MISSED_SHORT_QUOTE = "missed quote of one or two words: nothing predicted there"
    MISSED_AS_SCARE = "missed quote: taken for a scare quote"
    MISSED_SPAN = "missed quote: predicted span differs (shares under half)"
    MISSED_TAKEN = "missed quote: its predicted span matched another gold quote"
    EXTRA_QUOTE = "extra quote: no gold quote there"
    EXTRA_SINGLE_MARKS = "extra quote: in single quotation marks (PolNeAR leaves them out)"
    EXTRA_SPAN = "extra quote: span differs from a gold quote (shares under half)"
    EXTRA_SPLIT = "extra quote: a second piece of a gold quote already matched"
    # speakers (of matched quotes)
    SPEAKER_SHORT_NAME = "right person, not the canonical name"
    SPEAKER_EMPTY = "speaker empty (unattributed)"
    SPEAKER_UNRESOLVED = "speaker empty: a title or description found, not resolved to a name"
    SPEAKER_PRONOUN = "speaker is a pronoun"
    GOLD_NOT_A_PERSON = "gold source is an organisation or description, not a named person"
    GOLD_PRONOUN = "gold source is an unresolved pronoun (cannot be right)"
    GOLD_LONGER = "gold source holds the predicted name but ends otherwise ('X of Y')"
    SPEAKER_CUT = "part of the right name (name cut short)"
    SPEAKER_OTHER_PERSON = "wrong speaker: another person the gold has in the article"
    SPEAKER_NOT_A_PERSON = "wrong speaker: a name the gold does not have in the article"
    # people
    SPLIT_TITLE = "split person: title kept in the second name"
    SPLIT_SHORT = "split person: short name not linked to the full one"
    SPLIT_OTHER = "split person: another form of the name (spelling, longer phrase)"
    EXTRA_PLACE = "extra person: a place name"
    EXTRA_TITLE = "extra person: contains a title word"
    EXTRA_FRAGMENT = "extra person: a piece of a gold person's name"
    EXTRA_CAPS = "extra person: all capitals"
    EXTRA_HEADLINE = "extra person: words from the headline"
    EXTRA_PERSON = "extra person: other"
    MISSED_OTHER_LABEL = "missed person: tagged with another label"
    MISSED_PART = "missed person: only part of the name found"
    MISSED_PERSON = "missed person: not found"
    # visits
    MISSED_VISIT_ELSEWHERE = "missed visit: the visitor's trip found, to another country"
    MISSED_VISIT_OTHER_VISITOR = "missed visit: a trip to the country found, by someone else"
    MISSED_VISIT = "missed visit: no trip found"
    EXTRA_VISIT_HOME = "extra visit: to the visitor's home country"
    EXTRA_VISIT_TRAVELLER = "extra visit: another destination of a gold traveller"
    EXTRA_VISIT = "extra visit: by someone with no gold trip"
    WRONG_STATUS = "wrong visit status"
    DATE_MISSING = "visit date missing"
    DATE_WRONG = "visit date wrong"
    # meetings
    MISSED_MEETING = "missed meeting"
    EXTRA_MEETING = "extra meeting"


AREAS = ("articles", "quotes", "speakers", "people", "visits", "meetings")


@dataclass(frozen=True)
class Miss:
    """One miss: where, why, in which file, a short text to find it, and a detail to sub-count by."""

    area: str
    cause: Cause
    file: str
    text: str
    detail: str = ""  # to count by: Dateline's `method`, a quote's kind, a label, a status


@dataclass
class Score:
    """Figures as the official scorer prints them (rounded to 3 places), counts, and every miss."""

    figures: dict[str, float]
    counts: dict[str, int]
    misses: list[Miss]


@dataclass(frozen=True)
class CauseGroup:
    """The misses of one cause: how many, their share of their area's misses, details, examples."""

    area: str
    cause: str
    count: int
    share: float
    details: dict[str, int]
    examples: list[str]


def norm(text: str | None) -> str:
    """Lower case, curly quotes and dashes folded, spaces squeezed, outer quote marks dropped."""
    text = unicodedata.normalize("NFKC", text or "").translate(FOLD).lower()
    return re.sub(r"\s+", " ", text).strip(" \"'")


def coarse(status: str | None) -> str:
    """A visit status in the scorer's classes: happened, future, or the status itself."""
    s = norm(status)
    if s in ("completed", "ongoing", "done", "past", "current", "happening", "in progress"):
        return "happened"
    if s in ("planned", "postponed", "proposed", "scheduled", "future", "upcoming", "invited"):
        return "future"
    return s


def ratio(hits: int, total: int) -> float:
    """hits / total rounded to 3 places, 0.0 when there is nothing to count."""
    return round(hits / total, 3) if total else 0.0


def read_tables(out: Path) -> Tables:
    """The CSV tables `python -m lib.extract` wrote into `out`, as rows of strings (none if missing)."""
    tables: Tables = {}
    for name in ("articles", "quotes", "mentions", "visits", "meetings"):
        path = out / f"{name}.csv"
        if not path.exists():
            tables[name] = []
            continue
        with open(path, newline="", encoding="utf-8") as f:
            tables[name] = list(csv.DictReader(f))
    return tables


def short(text: str | None, width: int = 50) -> str:
    """Text cut to `width` characters on one line, with an ellipsis when cut."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= width else text[: width - 1] + "…"


def words(name: str | None) -> list[str]:
    """The words of a name, lower case, without a possessive 's."""
    return re.findall(r"[\w.-]+", norm(name).replace("'s", ""))


def has_title_word(name: str) -> bool:
    """True when a word of the name is a title or honorific ("PM Modi", "Majesty King")."""
    return any(w.strip(".") in TITLE_WORDS or w in EXTRA_TITLE_WORDS for w in words(name))


def looks_like_name(source: str | None) -> bool:
    """True when a source ends in a name ("Mara Quill", "campaign manager Mara Quill", "the FBI");
    False for a description ("the agency", "The senator") or a group ("Americans", "Democrats")."""
    tokens = re.findall(r"[\w’'.-]+", source or "")
    if not tokens or not tokens[-1][0].isupper() or is_pronoun(tokens[-1]):
        return False
    last = tokens[-1].strip(".’'").lower()
    return last not in GROUP_WORDS and country_of_demonym(last) is None


def is_pronoun(text: str | None) -> bool:
    """True when the text is a pronoun (PolNeAR's list, plus possessives)."""
    return (text or "").strip().lower() in PRONOUNS | {"his", "hers", "their", "its"}


class People:
    """The gold's people and aliases, with the official scorer's test of 'same person'."""

    def __init__(self, people_aliases: Mapping[str, Iterable[str]]) -> None:
        self.aliases = {k: {norm(a) for a in v} | {norm(k)} for k, v in people_aliases.items()}

    def names(self, canonical: str) -> set[str]:
        """Every normalised name of a gold person."""
        return self.aliases.get(canonical, {norm(canonical)})

    def same(self, predicted: str | None, canonical: str | None) -> bool:
        """An exact alias, or a longer phrase holding a full (two-word or longer) alias."""
        if canonical is None or not predicted:
            return False
        p = norm(predicted)
        names = self.names(canonical)
        return p in names or any(" " in a and re.search(rf"\b{re.escape(a)}\b", p) for a in names)

    def is_part_of(self, predicted: str | None, canonical: str | None) -> bool:
        """True when the predicted words are a strict part of one of the person's names ("von der")."""
        if canonical is None or not predicted:
            return False
        pred = words(predicted)
        return bool(pred) and any(
            set(pred) < set(words(name)) and " ".join(pred) in name for name in self.names(canonical)
        )


def _rows_by_article(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.get("article_id", ""), []).append(row)
    return grouped


def _speaker_text(quote: str, row: Row, want: str) -> str:
    """A speaker miss in a few words: the quote's start, who Dateline named, who the gold names."""
    return f"'{short(quote, 40)}' → {row.get('speaker') or '(none)'} (want {want})"


def _speaker_cause(
    row: Row, gold_speaker: str, gold_quote: Mapping, people: People, article_people: list[str]
) -> Cause:
    """Why a matched quote's speaker is not the gold person (seeds and devset)."""
    if gold_quote.get("speaker_optional"):  # the gold's mark for an organisation or unnamed source
        return Cause.GOLD_NOT_A_PERSON
    predicted = row.get("speaker") or ""
    if not predicted.strip():
        return Cause.SPEAKER_UNRESOLVED if (row.get("speaker_mention") or "").strip() else Cause.SPEAKER_EMPTY
    if is_pronoun(predicted):
        return Cause.SPEAKER_PRONOUN
    if people.is_part_of(predicted, gold_speaker):
        return Cause.SPEAKER_CUT
    if any(people.same(predicted, person) for person in article_people):
        return Cause.SPEAKER_OTHER_PERSON
    return Cause.SPEAKER_NOT_A_PERSON


def _split_cause(name: str, canonical: str) -> Cause:
    """Why a second name of a found person was not merged into the first."""
    if has_title_word(name):
        return Cause.SPLIT_TITLE
    if set(words(name)) < set(words(canonical)):
        return Cause.SPLIT_SHORT
    return Cause.SPLIT_OTHER


def _extra_person_cause(name: str, headline: str, gold_people: list[str], people: People) -> Cause:
    """Why a predicted name is no person of the gold, first guess first."""
    if lookup_place(name) is not None:
        return Cause.EXTRA_PLACE
    if has_title_word(name):
        return Cause.EXTRA_TITLE
    if any(people.is_part_of(name, person) for person in gold_people):
        return Cause.EXTRA_FRAGMENT
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return Cause.EXTRA_CAPS
    if norm(name) and norm(name) in norm(headline):
        return Cause.EXTRA_HEADLINE
    return Cause.EXTRA_PERSON


def _missed_person_cause(canonical: str, mentions: list[Row], people: People) -> tuple[Cause, str]:
    """Why a gold person is not among the predicted people, and the label they got instead, if any."""
    for row in mentions:
        named = people.same(row.get("entity"), canonical) or people.same(row.get("text"), canonical)
        if named and row.get("label") != "PERSON":
            return Cause.MISSED_OTHER_LABEL, row.get("label") or ""
    if any(people.is_part_of(r.get("entity"), canonical) for r in mentions if r.get("label") == "PERSON"):
        return Cause.MISSED_PART, ""
    return Cause.MISSED_PERSON, ""


def score_gold(gold: Mapping, tables: Tables) -> Score:
    """Score tables against a gold file's dict (seeds.json, devset gold.json) as score.py does."""
    people = People(gold.get("people_aliases", {}))
    file_to_id = {Path(a.get("file", "")).name: a.get("article_id") for a in tables["articles"]}
    titles = {a.get("article_id"): a.get("title") or "" for a in tables["articles"]}
    quotes_by = _rows_by_article(tables["quotes"])
    mentions_by = _rows_by_article(tables["mentions"])
    visits_by = _rows_by_article(tables["visits"])
    meetings_by = _rows_by_article(tables.get("meetings", []))
    has_meetings = any("meetings" in a for a in gold["articles"])
    n = Counter[str]()
    misses: list[Miss] = []
    for art in gold["articles"]:
        file = art["file"]
        aid = file_to_id.get(file)
        if aid is None:
            misses.append(Miss("articles", Cause.ARTICLE_MISSING, file, file))
        article_quotes = quotes_by.get(aid, [])
        # The CLI writes scare quotes only with --scare-quotes; they are never scored, only used to explain.
        pq = [r for r in article_quotes if r.get("kind") != "scare"]
        scare = [r for r in article_quotes if r.get("kind") == "scare"]
        article_people = list(art.get("people", []))
        used: set[int] = set()
        for g in art["quotes"]:
            m = norm(g["match"])
            found = [i for i, r in enumerate(pq) if m in norm(r.get("quote"))]
            if g.get("optional"):
                used.update(found)
                continue
            n["quotes_gold"] += 1
            if not found:
                as_scare = any(m in norm(r.get("quote")) for r in scare)
                cause = Cause.MISSED_AS_SCARE if as_scare else Cause.MISSED_QUOTE
                misses.append(Miss("quotes", cause, file, short(g["match"]), g.get("kind", "")))
                continue
            n["quotes_hit"] += 1
            used.update(found)
            r = pq[found[0]]
            n["speakers_scored"] += 1
            text = _speaker_text(g["match"], r, g["speaker"])
            if people.same(r.get("speaker"), g["speaker"]):
                n["speakers_right"] += 1
            else:
                cause = _speaker_cause(r, g["speaker"], g, people, article_people)
                misses.append(Miss("speakers", cause, file, text, r.get("method") or ""))
            if norm(r.get("speaker")) == norm(g["speaker"]):
                n["speakers_canonical"] += 1
            elif people.same(r.get("speaker"), g["speaker"]):
                misses.append(Miss("speakers", Cause.SPEAKER_SHORT_NAME, file, text, r.get("method") or ""))
        n["quotes_pred"] += len(pq)
        n["quotes_with_speaker"] += sum(bool((r.get("speaker") or "").strip()) for r in pq)
        for i, r in enumerate(pq):
            if i not in used:
                n["quotes_extra"] += 1
                text = f"'{short(r.get('quote'), 40)}' by {r.get('speaker') or '(none)'}"
                misses.append(Miss("quotes", Cause.EXTRA_QUOTE, file, text, r.get("kind") or ""))
        if "people" in art:
            _score_people(art, mentions_by.get(aid, []), titles.get(aid, ""), people, n, misses)
        _score_visits(art, visits_by.get(aid, []), people, n, misses)
        if has_meetings:
            _score_meetings(art, meetings_by.get(aid, []), people, n, misses)
    return Score(_gold_figures(n, has_meetings), dict(n), misses)


def _score_people(
    art: Mapping, mentions: list[Row], headline: str, people: People, n: Counter, misses: list[Miss]
) -> None:
    """People of one article: true hits, split and extra names, missed people, each with a cause."""
    file = art["file"]
    predicted = {r.get("entity") or "" for r in mentions if r.get("label") == "PERSON"}
    gold_people = art["people"]
    optional = art.get("people_optional", [])
    matched: set[str] = set()
    # Longest names first, as score.py does (ties by name, so the report is the same every run).
    for p in sorted(predicted, key=lambda x: (-len(x), x)):
        if any(people.same(p, o) for o in optional):
            continue
        hit = [g for g in gold_people if people.same(p, g)]
        if hit and hit[0] not in matched:
            matched.add(hit[0])
            n["people_tp"] += 1
        elif hit:  # a second name for a person already found: the entity was not merged
            n["people_fp"] += 1
            misses.append(Miss("people", _split_cause(p, hit[0]), file, f"{p} (for {hit[0]})"))
        else:
            n["people_fp"] += 1
            misses.append(Miss("people", _extra_person_cause(p, headline, gold_people, people), file, p))
    for g in gold_people:
        if g not in matched:
            n["people_fn"] += 1
            cause, label = _missed_person_cause(g, mentions, people)
            misses.append(Miss("people", cause, file, g, label))


def _score_visits(art: Mapping, pv: list[Row], people: People, n: Counter, misses: list[Miss]) -> None:
    """Visits of one article: found, status and date checked, missed and extra ones, each with a cause."""
    file = art["file"]
    used: set[int] = set()
    gold_visits = art.get("visits", [])
    for g in gold_visits:
        found = [
            i
            for i, r in enumerate(pv)
            if people.same(r.get("visitor"), g["visitor"]) and norm(r.get("country")) == norm(g["country"])
        ]
        used.update(found)
        if g.get("optional"):
            continue
        n["visits_gold"] += 1
        trip = f"{g['visitor']} → {g['country']}"
        if not found:
            if any(people.same(r.get("visitor"), g["visitor"]) for r in pv):
                cause = Cause.MISSED_VISIT_ELSEWHERE
            elif any(norm(r.get("country")) == norm(g["country"]) for r in pv):
                cause = Cause.MISSED_VISIT_OTHER_VISITOR
            else:
                cause = Cause.MISSED_VISIT
            misses.append(Miss("visits", cause, file, f"{trip} ({g['status']})", g["status"]))
            continue
        n["visits_hit"] += 1
        if any(coarse(pv[i].get("status")) == coarse(g["status"]) for i in found):
            n["visits_status_right"] += 1
        else:
            statuses = sorted({pv[i].get("status") or "" for i in found})
            detail = f"{'/'.join(sorted({coarse(s) for s in statuses}))} for {coarse(g['status'])}"
            text = f"{trip}: {', '.join(statuses)} (want {g['status']})"
            misses.append(Miss("visits", Cause.WRONG_STATUS, file, text, detail))
        if g.get("date"):
            n["visits_dated"] += 1
            dates = [pv[i].get("date") or "" for i in found]
            if any(d.startswith(g["date"]) for d in dates):
                n["visits_date_right"] += 1
            else:
                cause = Cause.DATE_WRONG if any(dates) else Cause.DATE_MISSING
                misses.append(Miss("visits", cause, file, f"{trip}: {', '.join(dates)} (want {g['date']})"))
    n["visits_pred"] += len(pv)
    travellers = [g["visitor"] for g in gold_visits]
    for i, r in enumerate(pv):
        if i in used:
            continue
        n["visits_extra"] += 1
        if r.get("home_country") and norm(r.get("home_country")) == norm(r.get("country")):
            cause = Cause.EXTRA_VISIT_HOME
        elif any(people.same(r.get("visitor"), t) for t in travellers):
            cause = Cause.EXTRA_VISIT_TRAVELLER
        else:
            cause = Cause.EXTRA_VISIT
        text = f"{r.get('visitor')} → {r.get('country')} ({r.get('status')})"
        misses.append(Miss("visits", cause, file, text, r.get("status") or ""))


def _score_meetings(art: Mapping, pm: list[Row], people: People, n: Counter, misses: list[Miss]) -> None:
    """Meetings of one article as unordered pairs of people: found and missed ones, extra ones."""
    file = art["file"]
    used: set[int] = set()

    def pair_is(r: Row, a: str, b: str) -> bool:
        x, y = r.get("person_a"), r.get("person_b")
        return (people.same(x, a) and people.same(y, b)) or (people.same(x, b) and people.same(y, a))

    for g in art.get("meetings", []):
        found = [i for i, r in enumerate(pm) if pair_is(r, g["a"], g["b"])]
        used.update(found)
        if g.get("optional"):
            continue
        n["meetings_gold"] += 1
        if found:
            n["meetings_hit"] += 1
        else:
            misses.append(Miss("meetings", Cause.MISSED_MEETING, file, f"{g['a']} + {g['b']}", g["status"]))
    n["meetings_pred"] += len(pm)
    for i, r in enumerate(pm):
        if i not in used:
            n["meetings_extra"] += 1
            text = f"{r.get('person_a')} + {r.get('person_b')}"
            misses.append(Miss("meetings", Cause.EXTRA_MEETING, file, text, r.get("status") or ""))


def _gold_figures(n: Counter, has_meetings: bool = False) -> dict[str, float]:
    people_p = ratio(n["people_tp"], n["people_tp"] + n["people_fp"])
    people_r = ratio(n["people_tp"], n["people_tp"] + n["people_fn"])
    figures = {
        "quote_recall": ratio(n["quotes_hit"], n["quotes_gold"]),
        "quote_precision": ratio(n["quotes_pred"] - n["quotes_extra"], n["quotes_pred"]),
        "speaker_acc": ratio(n["speakers_right"], n["speakers_scored"]),
        "speaker_canon_acc": ratio(n["speakers_canonical"], n["speakers_scored"]),
        "people_p": people_p,
        "people_r": people_r,
        # From the rounded P and R, as score.py computes it, so the figure is the same as its own.
        "people_f1": round(2 * people_p * people_r / (people_p + people_r), 3)
        if people_p + people_r
        else 0.0,
        "visit_recall": ratio(n["visits_hit"], n["visits_gold"]),
        "visit_precision": ratio(n["visits_pred"] - n["visits_extra"], n["visits_pred"]),
        "visit_status_acc": ratio(n["visits_status_right"], n["visits_hit"]),
    }
    if n["visits_dated"]:
        figures["visit_date_acc"] = ratio(n["visits_date_right"], n["visits_dated"])
    if has_meetings:
        figures["meeting_recall"] = ratio(n["meetings_hit"], n["meetings_gold"])
        figures["meeting_precision"] = ratio(n["meetings_pred"] - n["meetings_extra"], n["meetings_pred"])
    figures["quotes_with_speaker"] = ratio(n["quotes_with_speaker"], n["quotes_pred"])
    return figures


# PolNeAR


def polnear_last(name: str | None) -> str:
    """The last word of a name, lower case, without a possessive 's (PolNeAR's speaker key)."""
    tokens = re.findall(r"\w+", (name or "").replace("’s", "").replace("'s", ""))
    return tokens[-1].lower() if tokens else ""


def polnear_speaker_ok(predicted: str | None, gold: str | None) -> bool:
    """PolNeAR's rule: same last word, and a pronoun is never right."""
    if (predicted or "").strip().lower() in PRONOUNS:
        return False
    return polnear_last(predicted) != "" and polnear_last(predicted) == polnear_last(gold)


def span_of(text: str, row: Row) -> tuple[int, int] | None:
    """A predicted quote's span: its offsets when they index the text, else where its text is found."""
    try:
        s, e = int(row["start"]), int(row["end"])
        if 0 <= s < e <= len(text) and row.get("quote", "").strip(QUOTE_CHARS)[:20] in text[s:e]:
            return s, e
    except (KeyError, TypeError, ValueError):
        pass
    q = (row.get("quote") or "").strip(QUOTE_CHARS)
    i = text.find(q[:60]) if q else -1
    return (i, i + len(q)) if i >= 0 else None


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters two spans share, over the longer span's length."""
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return shared / max(a[1] - a[0], b[1] - b[0])


def _polnear_speaker_cause(row: Row, gold: Mapping, doc_sources: set[str]) -> Cause:
    """Why a matched PolNeAR quote's speaker is wrong; `doc_sources`: last words of the doc's sources."""
    if is_pronoun(gold.get("speaker")):
        return Cause.GOLD_PRONOUN
    if not looks_like_name(gold.get("speaker")):
        return Cause.GOLD_NOT_A_PERSON
    predicted = row.get("speaker") or ""
    if not predicted.strip():
        return Cause.SPEAKER_UNRESOLVED if (row.get("speaker_mention") or "").strip() else Cause.SPEAKER_EMPTY
    if is_pronoun(predicted):
        return Cause.SPEAKER_PRONOUN
    gold_words = {w for source in (gold.get("speaker"), gold.get("speaker_alt")) for w in words(source)}
    if polnear_last(predicted) in gold_words:
        return Cause.GOLD_LONGER
    if polnear_last(predicted) in doc_sources:
        return Cause.SPEAKER_OTHER_PERSON
    return Cause.SPEAKER_NOT_A_PERSON


AS_ANNOTATED = "as annotated"  # a PolNeAR source the converter took as written (not a resolved pronoun)


def score_polnear(docs: list[Mapping], tables: Tables) -> Score:
    """Score tables against PolNeAR gold documents as polnear/score.py does."""
    arts = {r["article_id"]: Path(r["file"]).stem for r in tables["articles"]}
    preds: dict[str | None, list[Row]] = {}
    for r in tables["quotes"]:
        preds.setdefault(arts.get(r["article_id"]), []).append(r)
    present = set(arts.values())
    n = Counter[str]()
    misses: list[Miss] = []
    for doc in docs:
        file, body, gold = doc["doc_id"], doc["text"], doc["quotes"]
        if file not in present:
            misses.append(Miss("articles", Cause.ARTICLE_MISSING, file, file))
        rows = preds.get(file, [])
        ps = [(s, r) for s, r in ((span_of(body, r), r) for r in rows if r.get("kind") != "scare") if s]
        scare = [s for s in (span_of(body, r) for r in rows if r.get("kind") == "scare") if s]
        n["quotes_gold"] += len(gold)
        n["quotes_pred"] += len(ps)
        n["quotes_with_speaker"] += sum(bool((r.get("speaker") or "").strip()) for _, r in ps)
        spans = [(q["start"], q["end"]) for q in gold]
        cands = sorted(
            ((overlap(g, s), i, j) for i, g in enumerate(spans) for j, (s, _) in enumerate(ps)), reverse=True
        )
        used_g: dict[int, int] = {}
        used_p: set[int] = set()
        for ov, i, j in cands:
            if ov < 0.5 or i in used_g or j in used_p:
                continue
            used_g[i] = j
            used_p.add(j)
        sources = {polnear_last(s) for q in gold for s in (q["speaker"], q.get("speaker_alt")) if s}
        for i, j in used_g.items():
            q, row = gold[i], ps[j][1]
            n["quotes_hit"] += 1
            # Sources written in the text as annotated, apart from pronouns the converter resolved
            # automatically (CoreNLP's coreference or the nearest named source), whose gold may be wrong.
            written = q.get("speaker_resolution", AS_ANNOTATED) == AS_ANNOTATED
            n["quotes_hit_as_annotated"] += written
            if any(
                polnear_speaker_ok(row.get("speaker"), s) for s in (q["speaker"], q.get("speaker_alt")) if s
            ):
                n["speakers_right"] += 1
                n["speakers_right_as_annotated"] += written
                continue
            n["speakers_none" if not (row.get("speaker") or "").strip() else "speakers_other"] += 1
            want = q["speaker"] + (f" / {q['speaker_alt']}" if q.get("speaker_alt") else "")
            text = _speaker_text(q["quote"].strip(QUOTE_CHARS), row, want)
            misses.append(
                Miss("speakers", _polnear_speaker_cause(row, q, sources), file, text, row.get("method", ""))
            )
        for i, q in enumerate(gold):
            if i in used_g:
                continue
            best = max(((overlap(spans[i], s), j) for j, (s, _) in enumerate(ps)), default=(0.0, -1))
            if best[0] >= 0.5:
                cause = Cause.MISSED_TAKEN
            elif best[0] > 0:
                cause = Cause.MISSED_SPAN
            elif any(overlap(spans[i], s) >= 0.5 for s in scare):
                cause = Cause.MISSED_AS_SCARE
            elif len(q["quote"].strip(QUOTE_CHARS).split()) <= SHORT_QUOTE_WORDS:
                cause = Cause.MISSED_SHORT_QUOTE
            else:
                cause = Cause.MISSED_QUOTE
            detail = "" if q.get("closed", True) else "open (runs on past its paragraph)"
            misses.append(Miss("quotes", cause, file, f"'{short(q['quote'].strip(QUOTE_CHARS))}'", detail))
        for j, (span, row) in enumerate(ps):
            if j in used_p:
                continue
            touched = [i for i, g in enumerate(spans) if overlap(g, span) > 0]
            if span[0] > 0 and body[span[0] - 1] in "'‘":
                cause = Cause.EXTRA_SINGLE_MARKS
            elif any(i in used_g for i in touched):
                cause = Cause.EXTRA_SPLIT
            elif touched:
                cause = Cause.EXTRA_SPAN
            else:
                cause = Cause.EXTRA_QUOTE
            misses.append(Miss("quotes", cause, file, f"'{short(row.get('quote'))}'", row.get("kind", "")))
    p = n["quotes_hit"] / n["quotes_pred"] if n["quotes_pred"] else 0.0
    r = n["quotes_hit"] / n["quotes_gold"] if n["quotes_gold"] else 0.0
    figures = {
        "polnear_docs": len(docs),
        "gold": n["quotes_gold"],
        "pred": n["quotes_pred"],
        "P": round(p, 3),
        "R": round(r, 3),
        "F1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "speaker_acc": ratio(n["speakers_right"], n["quotes_hit"]),
        "quotes_with_speaker": ratio(n["quotes_with_speaker"], n["quotes_pred"]),
        # Not the shared scorer's: the same accuracy on sources written as annotated (no pronoun).
        "speaker_acc_as_annotated": ratio(n["speakers_right_as_annotated"], n["quotes_hit_as_annotated"]),
    }
    return Score(figures, dict(n), misses)


def group_misses(misses: list[Miss], examples: int = 3) -> list[CauseGroup]:
    """Misses grouped by cause: largest first within each area, areas in a fixed order."""
    by_area = Counter(m.area for m in misses)
    groups: dict[tuple[str, str], list[Miss]] = {}
    for miss in misses:
        groups.setdefault((miss.area, str(miss.cause)), []).append(miss)
    result = [
        CauseGroup(
            area,
            cause,
            len(items),
            round(len(items) / by_area[area], 3),
            dict(Counter(m.detail for m in items if m.detail).most_common()),
            [f"{m.file}: {m.text}" for m in _spread(items)[:examples]],
        )
        for (area, cause), items in groups.items()
    ]
    return sorted(result, key=lambda g: (AREAS.index(g.area), -g.count, g.cause))


def _spread(items: list[Miss]) -> list[Miss]:
    """The misses reordered so that examples come from as many files as possible."""
    seen: Counter[str] = Counter()
    ranked = []
    for index, miss in enumerate(items):
        ranked.append((seen[miss.file], index, miss))
        seen[miss.file] += 1
    return [miss for _, _, miss in sorted(ranked, key=lambda r: (r[0], r[1]))]


def as_dicts(misses: list[Miss]) -> list[dict]:
    """Misses as plain dicts (for JSON)."""
    return [{**asdict(m), "cause": str(m.cause)} for m in misses]
