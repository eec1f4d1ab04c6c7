"""Entity mentions with one canonical name per person, place and organisation within an article.

The `dateline_entities` component corrects the small model's systematic mistakes on news text
and stores the result in `doc.spans["entities"]`, each span carrying `span._.entity`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from lib.gender import GENDERED_WORDS, MALE_UNLESS_TOLD, gender_named, given_name_gender, is_given_name
from lib.lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    NAME_TITLES,
    REPORTING_VERBS,
    ROLE_NOUNS,
    TITLE_ENDINGS,
    TITLE_WORDS,
    is_name_suffix,
)
from lib.names import (
    Aliases,
    abbreviates,
    ends_like_an_organisation,
    known_leader,
    named_like_a_person,
    one_edit_apart,
    without_sons,
)
from lib.places import is_national_capital, lookup_place

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")
DASHES = frozenset("-–—")
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


# Events, organisations, outlets and platforms the small model often mislabels: spaCy's own
# entity_ruler loads them before `ner` (lib/nlp.py).
ENTITY_PATTERNS = Path(__file__).resolve().parent / "data" / "entity_patterns.jsonl"


@dataclass
class Person:
    """A person as one article names them: canonical name, other forms, titles it gave them."""

    name: str
    forms: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    first_char: int = 0
    gender: str = ""  # lib.gender.Gender, from the honorifics and titles the article uses


for _name, _default in (("entity", ""), ("titles", ())):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)


def strip_titles(tokens: list[Token]) -> list[Token]:
    """Drop a leading title ("External Affairs Minister Shri") and a trailing possessive from a name."""
    start, end = 0, len(tokens)
    # Everything up to the last title word before the name goes: qualifiers such as "External
    # Affairs" only exist as part of the title.
    named = end - 1
    while named > 0 and is_name_suffix(tokens[named].text):
        named -= 1  # "Martin Luther King Jr.": the surname before a suffix is no title
    titled = [
        i
        for i in range(named)
        if tokens[i].lower_.rstrip(".") in TITLE_WORDS
        and not _names_a_place(tokens[i].text, tokens[i + 1].text)  # "Sri" of "Sri Lanka"
    ]
    if titled:
        start = titled[-1] + 1
    while end > start and (tokens[end - 1].lower_ in POSSESSIVE_ENDINGS or tokens[end - 1].is_punct):
        end -= 1
    return tokens[start:end]


def _names_a_place(first: str, second: str) -> bool:
    """Whether two words name a country or its people ("Sri Lanka", "Sri Lankan"): the first is no
    honorific there."""
    return _is_country_or_region(f"{first} {second}")


def clean_name(text: str) -> str:
    """Normalise a surface form: collapse whitespace, drop a possessive ending and a leading 'the'."""
    name = " ".join(text.split())
    for ending in ("'s", "’s"):
        if name.endswith(ending):
            name = name[: -len(ending)]
    if name.lower().startswith("the "):
        name = name[4:]
    return name.strip(" ,.'’\"“”")


def _title_before(span: Span) -> tuple[str, ...]:
    """Title words written just before a name ("Trade Minister", "Labour's trade spokesman"), without
    honorifics."""
    words = []
    for token in reversed(list(span.doc[max(span.start - 6, span.sent.start) : span.start])):
        word = token.lower_.rstrip(".")
        if word in HONORIFICS:
            continue
        is_title = word in TITLE_WORDS
        if not is_title and (
            token.ent_type_ not in ("", "NORP") or token.pos_ not in ("NOUN", "ADJ", "PROPN")
        ):
            break
        words.append(token.lower_)
    return tuple(reversed(words))


def _appositive_titles(span: Span) -> tuple[str, ...]:
    """Roles in apposition to a name ("Jane Doe, a senior lecturer at ...", "the Argentine
    president, Javier Milei")."""
    titles = []
    root = span.root
    roles = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    if root.dep_ == "appos" and root.head.i < span.start:  # "The Argentine president, Javier Milei,"
        roles.append(root.head)
    for role in roles:
        is_role = role.lemma_.lower() in ROLE_NOUNS or role.lower_.endswith(("er", "ist", "or", "ian"))
        if role.pos_ == "NOUN" and is_role:
            modifiers = [t.lower_ for t in role.lefts if t.dep_ in ("amod", "compound")]
            titles.append(" ".join([*modifiers, role.lower_]))
    return tuple(titles)


@dataclass
class _Mention:
    start: int  # token offsets into the doc
    end: int
    label: str
    name: str


def _initial_mentions(doc: Doc, common_words: frozenset[str] = frozenset()) -> list[_Mention]:
    """The model's entities of the kinds Dateline uses, with titles and possessives trimmed.

    An organisation written with a title before it ("MEA spokesperson Randhir Jaiswal", "National
    Security Adviser Ajit Doval") is a person the small model mislabelled.
    """
    mentions: list[_Mention] = []
    taken = 0  # tokens before this belong to a name already extended over them
    # In Title Case headlines every word is capitalised: a name is not extended over them.
    headline_tokens = {i for span in doc.spans.get("headlines", []) for i in range(span.start, span.end)}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS or ent.start < taken:
            continue
        label = ent.label_
        end = ent.end
        if label == "PERSON" and ent.start not in headline_tokens:
            end = _name_end(doc, ent.end, common_words)
        taken = end
        start = ent.start
        while label == "PERSON" and start > 0 and doc[start - 1].lower_ in NAME_PARTICLES:
            start -= 1  # "von der" left out of "Berg"
        if label == "PERSON" and start > 0 and _stray_first_name(doc[start - 1]):
            start -= 1  # "Xi" tagged ORG before "Jinping"
        tokens = list(doc[start:end])
        kept = strip_titles(tokens) if label in ("PERSON", "ORG", "GPE", "NORP") else tokens
        if label == "ORG" and kept and _titled(doc, tokens, kept) and _looks_like_a_name(kept):
            label = "PERSON"
        spaced_dashes = (n for n, t in enumerate(kept[:-1]) if t.text in DASHES and t.whitespace_)
        dash = next((n for n in spaced_dashes if kept[n + 1].is_title), None)
        if label == "PERSON" and dash:
            kept = kept[:dash]  # "Marta Olsen - Pruitt's girlfriend -": a dash between words ends the name
        hyphenated = label == "PERSON" and len(kept) > 2 and kept[-2].text == "-" and kept[-1].is_lower
        if hyphenated and not _hyphen_joins_a_name(kept[-3], kept[-1], common_words):
            kept = kept[:-2]  # "Marco Diaz-like"
        owned = _owned_person(kept) if label in ("PERSON", "ORG") else []
        if owned:  # "National Review's Ian Tuttle": an organisation, then its person
            owner = [t for t in kept[: owned[0].i - kept[0].i - 1] if t.lower_ != "the"]
            if owner:
                mentions.append(_Mention(owner[0].i, owner[-1].i + 1, "ORG", clean_name(_text(owner))))
            kept, label = owned, "PERSON"
        elif label == "PERSON":
            kept = _without_descriptor(kept, common_words)
            if len(kept) > 2 and _is_the_names_verb(kept[-1], kept[:-1]):
                kept = kept[:-1]  # "Rosa Delgado Explained Why ...": a Title Case line's verb
        # A name ends in a capitalised word ("Ursula von der" cut short by the model, "Juan Ruiz of"),
        # or in the lower-case end of a hyphenated one ("Kim Jong-un").
        while kept and (
            kept[-1].lower_ in NAME_PARTICLES
            or (label == "PERSON" and kept[-1].is_lower and (len(kept) == 1 or kept[-2].whitespace_))
        ):
            kept = kept[:-1]
        if (
            label == "PERSON"
            and len(kept) > 2
            and not is_name_suffix(kept[-1].text)  # "Donald Trump Jr." is his son
            and not known_leader(" ".join(t.text for t in kept))
        ):
            # "Xi Jinping Hold" in a Title Case headline: the well-known name it starts with
            kept = next(
                (
                    kept[:n]
                    for n in range(len(kept) - 1, 1, -1)
                    if known_leader(" ".join(t.text for t in kept[:n]))
                ),
                kept,
            )
        if not kept:
            continue
        start, end = kept[0].i, kept[-1].i + 1
        name = clean_name(doc[start:end].text)
        if not name or (name.islower() and end - start == 1):
            continue
        mentions.append(_Mention(start, end, label, name))
    return _without_titles_tagged_as_organisations(doc, mentions, common_words)


def _without_titles_tagged_as_organisations(
    doc: Doc, mentions: list[_Mention], common_words: frozenset[str]
) -> list[_Mention]:
    """A capitalised common noun the model tagged ORG right before a person's name is their title
    ("Councilwoman" | "Claudia Tenney", "Actress" | "Salma Hayek"), not an organisation."""
    person_starts = {m.start for m in mentions if m.label == "PERSON"}
    return [
        m
        for m in mentions
        if not (
            m.label == "ORG"
            and m.end - m.start == 1
            and m.end in person_starts
            and doc[m.start].lower_ in common_words
            and not is_given_name(doc[m.start].text)
        )
    ]


def _owned_person(tokens: list[Token]) -> list[Token]:
    """The given name and surname after a possessive inside an entity, whose the owner is ("Fox News'
    Sean Hannity", "National Review's Ian Tuttle"); none when no such name follows one."""
    cut = next((n for n, t in enumerate(tokens) if t.lower_ in POSSESSIVE_ENDINGS), len(tokens))
    after = tokens[cut + 1 :]
    return after if after and named_like_a_person(_text(after)) else []


def _text(tokens: list[Token]) -> str:
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _without_descriptor(tokens: list[Token], common_words: frozenset[str]) -> list[Token]:
    """A person's name without what the model took in around it: what follows its possessive ("John
    Key's National"), and a common word before a given name and a surname, which describes the person
    ("Billionaire Donald Trump", "Floridians Jeb Bush", "Councilwoman Claudia Tenney")."""
    tokens = next((tokens[:n] for n, t in enumerate(tokens) if t.lower_ in POSSESSIVE_ENDINGS), tokens)
    if len(tokens) >= 2 and tokens[0].pos_ == "DET" and tokens[0].is_lower:
        tokens = tokens[1:]  # "a Lindsey Graham"
    if len(tokens) >= 3:
        first, word = tokens[0], tokens[0].lower_
        singular = word[:-1] if word.endswith("s") else word  # "Floridians"
        common = first.is_lower or bool({word, singular, first.lemma_.lower()} & common_words)
        # The tagger reads it as a word too: "Bola" of "Bola Ahmed Tinubu" is a noun in the index.
        read_as_a_word = first.pos_ != "PROPN" or first.tag_ == "NNPS"
        if (
            common
            and read_as_a_word
            and not is_given_name(first.text)
            and named_like_a_person(_text(tokens[1:]))
        ):
            return tokens[1:]
    return tokens


def _is_the_names_verb(word: Token, name: list[Token]) -> bool:
    """Whether a word the model took into a name is the verb the name is the subject of, as in a
    Title Case subheading ("Rosa Delgado Explained Why She Left")."""
    return word.pos_ == "VERB" and any(t.head.i == word.i and t.dep_ in ("nsubj", "nsubjpass") for t in name)


def _stray_first_name(token: Token) -> bool:
    """A capitalised word the model tagged as a one-word organisation just before a name, that is no
    known organisation or place: part of the name ("Xi" | "Jinping")."""
    ent = token.doc[token.i : token.i + 1]
    return (
        token.ent_type_ == "ORG"
        and token.ent_iob_ == "B"
        and (
            token.i + 1 >= len(token.doc)
            or token.doc[token.i + 1].ent_iob_ != "I"
            or token.doc[token.i + 1].ent_type_ != "ORG"
        )
        and token.pos_ == "PROPN"
        and token.is_title
        and token.text.lower() not in _known_non_people()
        and lookup_place(ent.text) is None
    )


# Words that make an adjective of a name after a hyphen ("a Diaz-like hawk", "a Castell-led review").
NAME_ADJECTIVE_ENDINGS = frozenset("era esque led like run style type".split())
MAX_SYLLABLE = 5  # letters in one syllable of a romanised East Asian given name ("Myung", "Geun")


def _hyphen_joins_a_name(before: Token, after: Token, common_words: frozenset[str]) -> bool:
    """Whether a lower-case word after a hyphen ends a given name ("Ki-moon", "Jong-un"): short
    syllables, rather than a word made from the name ("Whitford-style", "Diaz-like", "Obama-levels")."""
    syllables = len(before) <= MAX_SYLLABLE and len(after) <= MAX_SYLLABLE
    a_word = after.lower_ in common_words or after.lemma_ in common_words
    return (
        before.is_title
        and after.is_lower
        and after.is_alpha
        and syllables
        and not (after.lower_ in NAME_ADJECTIVE_ENDINGS or (a_word and len(after) > 4))
    )


def _name_end(doc: Doc, end: int, common_words: frozenset[str] = frozenset()) -> int:
    """Where a person's name really ends: the model often stops early ("Shri Piyush" | "Goyal",
    "Ursula von der" | "Leyen"), so following capitalised names and particles before them join it, and
    so does the lower-case end of a hyphenated given name cut at its hyphen ("Ban Ki-" | "moon"), not
    a word made from the name ("Warren-style", "Reagan-like")."""
    for hyphen in (end - 1, end):
        if 0 < hyphen < len(doc) - 1 and doc[hyphen].text == "-" and end - hyphen < 2:
            glued = not doc[hyphen - 1].whitespace_ and not doc[hyphen].whitespace_
            if glued and _hyphen_joins_a_name(doc[hyphen - 1], doc[hyphen + 1], common_words):
                end = hyphen + 2
                break
    while end < len(doc):
        run = end
        while run < len(doc) and doc[run].lower_ in NAME_PARTICLES and doc[run].is_lower:
            run += 1
        token = doc[run] if run < len(doc) else None
        # After particles, a capitalised word is the surname even if the model tagged it ("Leyen").
        after_particle = run > 0 and doc[run - 1].lower_ in NAME_PARTICLES
        if token is None or not (
            token.pos_ == "PROPN" and token.is_title and (after_particle or not token.ent_type_)
        ):
            break
        end = run + 1
    return end


def _titled(doc: Doc, tokens: list[Token], kept: list[Token]) -> bool:
    """Whether a title or role came before the name: inside the entity, or just before it."""
    if len(kept) < len(tokens) and tokens[0].i < kept[0].i:
        return True
    before = doc[kept[0].i - 1] if kept[0].i else None
    return before is not None and (
        before.lower_.rstrip(".") in TITLE_WORDS or before.lemma_.lower() in ROLE_NOUNS
    )


def _looks_like_a_name(tokens: list[Token]) -> bool:
    """Two to four capitalised words, the way people are named."""
    words = [t for t in tokens if t.is_alpha or t.text.endswith(".")]
    return 2 <= len(words) <= 4 and all(t.text[:1].isupper() or t.lower_ in NAME_PARTICLES for t in words)


def _vote_labels(mentions: list[_Mention]) -> None:
    """One label per name: a name tagged PERSON once, or a known person's surname, is a PERSON."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.name][mention.label] += 1
    full_names = [name for name, counts in votes.items() if counts["PERSON"] and " " in name]
    # Surnames, and first words too: Chinese, Korean and other names put the family name first.
    name_parts = {name.split()[-1] for name in full_names} | {name.split()[0] for name in full_names}
    lone_people = {name for name, counts in votes.items() if counts["PERSON"] and " " not in name}

    def label_of(name: str) -> str:
        """PERSON, or '' to keep the model's label; decided once per distinct name."""
        if " " in name and name.split()[-1] in lone_people and not _is_country_or_region(name):
            return "PERSON"  # "Keiko Sato" tagged ORG, "Sato" tagged PERSON
        if " " in name and any(abbreviates(name.split(), full.split()) for full in full_names):
            return "PERSON"  # "Von der Leyen" tagged ORG beside "Ursula von der Leyen"
        if known_leader(name):  # "Xi Jinping" tagged ORG
            return "PERSON"
        misspelt = " " not in name and any(_misspelt_surname(name, full) for full in full_names)
        if (name in name_parts or votes[name]["PERSON"] or misspelt) and not _is_country_or_region(name):
            return "PERSON"
        return ""

    decided = {name: label_of(name) for name in votes}
    for mention in mentions:
        name = mention.name
        if decided[name]:
            mention.label = decided[name]
        elif mention.label == "PERSON":
            mention.label = _not_a_person_label(name)
        elif len(votes[name]) > 1:
            mention.label = votes[name].most_common(1)[0][0]


def _is_country_or_region(name: str) -> bool:
    """Countries, regions and national capitals veto a PERSON tag ("Kyiv", "Abuja"), and so do the
    names of a country's people ("Sri Lankan"); other towns do not (Hamilton and Lincoln are
    surnames too)."""
    place = lookup_place(name)
    return (place is not None and (place.kind != "city" or is_national_capital(name))) or _is_demonym(name)


def _is_demonym(name: str) -> bool:
    """ "Sri Lankan(s)", "Costa Rican": a country's name and an -n ending."""
    stem = name.removesuffix("s").removesuffix("n")
    if stem == name or " " not in name:  # one-word demonyms are NORP to the model already
        return False
    place = lookup_place(stem)
    return place is not None and place.kind == "country"


def _not_a_person_label(name: str) -> str:
    if _is_demonym(name):
        return "NORP"
    place = lookup_place(name)
    if place is not None:
        return "LOC" if place.kind == "region" else "GPE"
    return "ORG"


def _is_junk_person(mention: _Mention, doc: Doc) -> bool:
    """Not a person, whatever the model said: an all-caps acronym; a single capitalised word used
    with 'the' ("the Herald"); a title cut loose ("Lankan President"); an institution ("Trump
    University"); a known event, organisation or platform in another case ("Chogm", "Nato")."""
    span = doc[mention.start : mention.end]
    name = mention.name
    words = name.split()
    if name.isupper() and len(name) > 1:
        return True
    before = doc[mention.start - 1] if mention.start else None
    if len(span) == 1 and before is not None and before.lower_ == "the":
        return True
    if words[-1].lower().rstrip(".") in TITLE_ENDINGS or ends_like_an_organisation(name):
        return True  # "Lankan President", "Trump University", "Harmony Enterprises"
    return name.lower() in _known_non_people()


@cache
def _known_non_people() -> frozenset[str]:
    """Names of ENTITY_PATTERNS, lower case: never people, however the model or the case reads them."""
    return frozenset(row["pattern"].lower() for row in srsly.read_jsonl(ENTITY_PATTERNS))


# How a lone name is used when it really is a person: subject, object, owner, listed with others...
PERSON_ROLES = {"nsubj", "nsubjpass", "dobj", "poss", "appos", "conj", "agent", "attr", "dative"}
PERSON_PREPOSITIONS = {"with", "by", "to", "from", "between", "and", "for", "against", "beside", "like"}


def _used_like_a_person(mentions: list[_Mention], doc: Doc) -> bool:
    """True when some mention of a lone name has a person's role in the parse or follows a title."""
    for mention in mentions:
        token = doc[mention.end - 1]
        before = doc[mention.start - 1] if mention.start else None
        if token.dep_ in PERSON_ROLES or (before is not None and before.lower_.rstrip(".") in TITLE_WORDS):
            return True
        if token.dep_ == "pobj" and token.head.lower_ in PERSON_PREPOSITIONS:
            return True
    return False


def _drop_unlikely_lone_names(mentions: list[_Mention], doc: Doc, aliases: Aliases) -> list[_Mention]:
    """A one-word PERSON never introduced in full and never used like a person ("after Covid") is dropped."""
    lone: dict[str, list[_Mention]] = defaultdict(list)
    full_parts = {
        part.lower() for m in mentions if m.label == "PERSON" and " " in m.name for part in m.name.split()
    }
    for mention in mentions:
        if mention.label == "PERSON" and " " not in mention.name and mention.name.lower() not in full_parts:
            lone[mention.name].append(mention)
    unlikely = {
        name
        for name, group in lone.items()
        if name.lower() not in aliases and not _used_like_a_person(group, doc)
    }
    return [m for m in mentions if not (m.label == "PERSON" and m.name in unlikely)]


def _apply_aliases(
    doc: Doc, mentions: list[_Mention], aliases: Aliases, matcher: PhraseMatcher | None
) -> None:
    """Tag the names the user's alias file lists (relabelling, or adding ones the model missed)."""
    if not aliases or matcher is None:
        return
    by_start = {m.start: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for _, start, end in matcher(doc):
        label = aliases[doc[start:end].text.lower()][1]
        mention = by_start.get(start)
        if mention is not None and mention.end == end:
            mention.label = label or mention.label
        elif not covered.intersection(range(start, end)):
            mentions.append(_Mention(start, end, label or "PERSON", doc[start:end].text))
            covered.update(range(start, end))
    mentions.sort(key=lambda m: m.start)


def _proper_name_run(doc: Doc, start: int) -> int:
    """End of the run of capitalised proper nouns starting at `start` (== start when there is none)."""
    end = start
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    return end


def _by_token(mentions: list[_Mention]) -> dict[int, _Mention]:
    """Each token index -> the mention covering it."""
    return {i: m for m in mentions for i in range(m.start, m.end)}


def _replace_with_person(
    mentions: list[_Mention], start: int, end: int, doc: Doc, by_token: dict[int, _Mention]
) -> None:
    """Make tokens start:end one PERSON mention, replacing non-person mentions that overlap them.

    `by_token` (from _by_token) is kept up to date; a replaced mention's label is emptied, and the
    caller drops those once it is done (so each call costs the name's length, not the article's).
    """
    while start < end - 1 and doc[start].lower_.rstrip(".") in TITLE_WORDS:
        start += 1
    overlapping = {id(m): m for i in range(start, end) if (m := by_token.get(i)) is not None}
    if any(m.label == "PERSON" for m in overlapping.values()):
        return
    name = clean_name(doc[start:end].text)
    only_title = _is_only_title_words(_Mention(start, end, "PERSON", name))  # "Head of State"
    if (
        not name
        or _is_country_or_region(name)
        or only_title
        or all(w.lower() in TITLE_WORDS for w in name.split())
    ):
        return
    for replaced in overlapping.values():
        replaced.label = ""
        for i in range(replaced.start, replaced.end):
            by_token.pop(i, None)
    added = _Mention(start, end, "PERSON", name)
    mentions.append(added)
    by_token.update(dict.fromkeys(range(start, end), added))


def _add_titled_names(doc: Doc, mentions: list[_Mention]) -> None:
    """A capitalised name right after a title or honorific is a person ("Dame Olive Renton", "Presidents
    Vasquez and Okonkwo"), whatever the model tagged it."""
    by_token = _by_token(mentions)
    for token in doc:
        titled = token.text[:1].isupper() and token.lower_.rstrip(".") in NAME_TITLES
        # "spokesperson Ade Bello": a role noun in lower case before a full name
        role = token.is_lower and token.lemma_ in ROLE_NOUNS
        if not (titled or role):
            continue
        end = _proper_name_run(doc, token.i + 1)
        if end == token.i + 1 or doc[token.i + 1].lower_.rstrip(".") in TITLE_WORDS:
            continue
        if _names_a_place(token.text, doc[token.i + 1].text):  # "Sri Lankans"
            continue
        if role and not titled and end - token.i - 1 < 2:
            continue
        _replace_with_person(mentions, token.i + 1, end, doc, by_token)
        for conj in doc[end - 1].conjuncts:
            if conj.i >= end and conj.pos_ == "PROPN" and conj.text[:1].isupper():
                names = [c.i for c in conj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                first = min([conj.i, *names])  # "and China's Xi Jinping"
                _replace_with_person(
                    mentions, first, _name_end(doc, _proper_name_run(doc, first)), doc, by_token
                )
    mentions[:] = sorted((m for m in mentions if m.label), key=lambda m: m.start)


def _add_speaker_names(doc: Doc, mentions: list[_Mention]) -> None:
    """The capitalised subject of a reporting verb that the model left untagged (or tagged as a work
    of art) is a person: `"...," Keiko Sato added.`"""
    by_token = _by_token(mentions)
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        for subject in token.children:
            # The tagger calls some unfamiliar surnames nouns; a capitalised one mid-sentence is a name.
            looks_like_name = subject.pos_ == "PROPN" or (
                subject.pos_ == "NOUN" and subject.is_title and subject.i > subject.sent.start + 1
            )
            if subject.dep_ != "nsubj" or not looks_like_name or subject.i in by_token:
                continue
            start = min(
                [subject.i] + [c.i for c in subject.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            )
            words = doc[start : subject.i + 1]
            if doc[start].text[:1].isupper() and all(t.is_alpha or is_name_suffix(t.text) for t in words):
                _replace_with_person(mentions, start, subject.i + 1, doc, by_token)
        if not any(c.dep_ == "nsubj" and c.i < token.i for c in token.children):
            named = _name_after_inverted_cue(doc, token)
            if named is not None:  # replaces what the model made of it ("Democrat" as NORP)
                _replace_with_person(mentions, *named, doc, by_token)
    mentions[:] = sorted((m for m in mentions if m.label), key=lambda m: m.start)


def _could_be_a_given_name(token: Token, by_token: dict[int, _Mention], headline: set[int]) -> bool:
    """A capitalised word in the body that the name table calls a man's or a woman's, that no
    person's name holds and that is no place (the model may have tagged it as one, or as part of an
    organisation or a product)."""
    mention = by_token.get(token.i)
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.is_alpha
        and token.i not in headline
        and (mention is None or mention.label != "PERSON")
        and bool(given_name_gender(token.text))
        and token.lower_ not in NAME_TITLES  # "King", "Prince" are given names in the table too
        and lookup_place(token.text) is None
        and token.lower_ not in _known_non_people()
    )


def _name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_title and token.lower_.rstrip(".") not in NAME_TITLES


def _add_given_names_of_relatives(doc: Doc, mentions: list[_Mention]) -> None:
    """A given name the model left out of a surname the article gives someone else is a relative of
    theirs ("Ivanka Trump" beside Donald Trump is not him, nor a product), and one in apposition
    with a relative or a role is a person ("his wife, Lucinda,", "Lucinda, his wife,")."""
    by_token = _by_token(mentions)
    headline = {i for span in doc.spans.get("headlines", []) for i in range(span.start, span.end)}
    surnames = {m.name.split()[-1] for m in mentions if m.label == "PERSON"}
    for token in doc:
        if not _could_be_a_given_name(token, by_token, headline):
            continue
        own = by_token.get(token.i)
        surname = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if surname is not None and surname.text in surnames and _name_word(surname):
            after = by_token.get(surname.i)
            ends = surname.i + 1
            starts_a_name = token.i == 0 or not _name_word(doc[token.i - 1])
            if (
                starts_a_name
                and (ends == len(doc) or not _name_word(doc[ends]))
                and all(m is None or m.end <= ends for m in (own, after))
            ):
                if after is not None and after.label == "PERSON":  # the model tagged the surname only
                    if own is not None:
                        own.label = ""
                    after.start, after.name = token.i, clean_name(doc[token.i : after.end].text)
                    by_token[token.i] = after
                else:
                    _replace_with_person(mentions, token.i, ends, doc, by_token)
            continue
        if own is not None and own.end - own.start > 1:
            continue
        described = [token.head] if token.dep_ == "appos" else []
        described += [c for c in token.children if c.dep_ == "appos"]
        roles = (r for r in described if r.pos_ == "NOUN" and r.is_lower)
        if any(role.lemma_.lower() in PERSON_NOUNS for role in roles):
            _replace_with_person(mentions, token.i, token.i + 1, doc, by_token)
    mentions[:] = sorted((m for m in mentions if m.label), key=lambda m: m.start)


def _relabel_people_used_as_people(doc: Doc, mentions: list[_Mention]) -> None:
    """A given name and a surname the model tagged as an organisation or a place ("Carly Fiorina") is a
    person when the sentence uses it as one: the subject of a reporting verb, after a role ("host Sean
    Hannity"), beside a role in apposition ("X, a law professor,"), or listed with other people."""
    by_token = _by_token(mentions)
    known = _known_non_people()
    for mention in mentions:
        if mention.label in ("PERSON", "") or mention.name.lower() in known:
            continue
        span = doc[mention.start : mention.end]
        if named_like_a_person(mention.name) and _used_as_a_person(span, by_token):
            mention.label = "PERSON"
        elif _given_a_persons_role(span):
            # "Reince Priebus, the party chairman,": a given name the table lacks, which the model
            # may even have left out of the name
            start = mention.start
            if start and _untagged_name_word(doc[start - 1]) and doc[start - 1].head.i == span.root.i:
                start -= 1
            name = clean_name(doc[start : mention.end].text)
            if _shaped_like_a_name(name):
                mention.start, mention.name, mention.label = start, name, "PERSON"


MEMBER_NOUNS = ROLE_NOUNS | {"delegate", "lawmaker", "member", "politician", "representative", "supporter"}
# Nouns that only a person can be: a name in apposition to one names a person, whatever its given name.
PERSON_NOUNS = (
    MEMBER_NOUNS
    | MALE_UNLESS_TOLD
    | {word for word in GENDERED_WORDS if not word.endswith(".")}
    | {"strategist"}
)


def _shaped_like_a_name(name: str) -> bool:
    """Two or three capitalised words that are no place, particle or organisation's name."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and all(w.istitle() and w.isalpha() for w in words)
        and words[0].lower() not in NAME_PARTICLES
        and lookup_place(words[0]) is None
        and lookup_place(name) is None
        and not ends_like_an_organisation(name)
    )


def _untagged_name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_title and token.is_alpha and not token.ent_type_


def _given_a_persons_role(span: Span) -> bool:
    """A name in apposition with a noun only a person can be ("X, the party chairman,", "the
    spokeswoman, X")."""
    root = span.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    return any(role.pos_ == "NOUN" and role.lemma_.lower() in PERSON_NOUNS for role in described)


def _relabel_groups_people_come_from(doc: Doc, mentions: list[_Mention]) -> None:
    """What leaders, members or officials come from is a party, a coalition or a place, never a person
    ("leaders from both Umoja Mbele and Tumaini"), whatever the model tagged it."""
    by_token = _by_token(mentions)
    for token in doc:
        if token.lower_ != "from" or not token.i:
            continue
        # the noun "from" hangs on, or the one right before it when the parse attached it higher up
        if not any(
            n.tag_ == "NNS" and n.lemma_.lower() in MEMBER_NOUNS for n in (token.head, doc[token.i - 1])
        ):
            continue
        for group in (c for c in token.children if c.dep_ == "pobj"):
            for word in (group, *group.conjuncts):
                mention = by_token.get(word.i)
                if mention is not None and mention.label == "PERSON":
                    mention.label = _not_a_person_label(mention.name)


def _used_as_a_person(span: Span, by_token: dict[int, _Mention]) -> bool:
    root, doc = span.root, span.doc
    if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in REPORTING_VERBS:
        return True
    before = doc[span.start - 1] if span.start else None
    if (
        before is not None
        and before.is_lower
        and before.pos_ == "NOUN"
        and span.start <= before.head.i < span.end
    ):
        return True  # "Fox News host Sean Hannity", "former tech executive Carly Fiorina"
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        described.append(root.head)
    if any(role.pos_ == "NOUN" and role.is_lower and role.tag_ == "NN" for role in described):
        return True  # "Glenn Reese, a law professor," or "the campaign's hopeful, Dana Reese"
    return any(
        (other := by_token.get(conj.i)) is not None and other.label == "PERSON" for conj in root.conjuncts
    )


def _name_after_inverted_cue(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """`"...," said Oversight ranking Democrat Elijah Cummings (D-Md.)`: the capitalised name that
    ends the words after a verb right behind a quote, past titles and descriptions."""
    before = doc[verb.i - 1] if verb.i else None
    if before is None or not (before.is_quote or before.text == ","):
        return None
    end = verb.i + 1
    while end < len(doc) and end < verb.i + 10 and not (doc[end].is_punct and doc[end].text not in ".-"):
        end += 1
    start = end
    while start > verb.i + 1 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title:
        start -= 1
    while start < end and (
        doc[start].ent_type_ in ("NORP", "GPE", "ORG") or doc[start].lower_ in TITLE_WORDS
    ):
        start += 1  # "Democrat", "New Hampshire", "Senator" describe the person
    if end - start < 2:
        return None  # one word: not clearly a name
    return start, end


def _without_headline_people(doc: Doc, mentions: list[_Mention], aliases: Aliases) -> list[_Mention]:
    """Title Case headlines make the model see people in any run of capitals ("Kishida Gives Biden
    Lacquerware"): a person found only in a headline is kept only if they are named like a person."""
    headline_tokens = {i for span in doc.spans.get("headlines", []) for i in range(span.start, span.end)}
    if not headline_tokens:
        return mentions
    body_words = {
        word.lower()
        for m in mentions
        if m.label == "PERSON" and m.start not in headline_tokens
        for word in m.name.split()
    }

    def named_like_a_person(name: str) -> bool:
        """All its words in the body's names, a well-known leader, or a given name and a surname the
        body uses ("Keir Starmer" beside "Starmer")."""
        words = name.split()
        if all(word.lower() in body_words for word in words) or known_leader(name):
            return True
        return len(words) in (2, 3) and words[-1].lower() in body_words and bool(given_name_gender(words[0]))

    def in_headline_only(m: _Mention) -> bool:
        return (
            m.label == "PERSON"
            and m.start in headline_tokens
            and m.name.lower() not in aliases
            and not named_like_a_person(m.name)
        )

    return [m for m in mentions if not in_headline_only(m)]


def _is_only_title_words(mention: _Mention) -> bool:
    """ "Trade" or "State" split off "Trade Minister X" / "Secretary of State X" is no entity."""
    words = mention.name.lower().split()
    return all(w in TITLE_WORDS or w in ("of", "the", "for") for w in words) and any(
        w in TITLE_WORDS for w in words
    )


def _add_surname_mentions(doc: Doc, mentions: list[_Mention]) -> None:
    """A known person's surname, or a familiar name inside a long one ("Lula"), that the model did
    not tag is still that person; so is a surname with particles ("Von der Leyen said"), which also
    takes in a bare "Leyen" the model tagged after them."""
    full_names = [m.name.split() for m in mentions if m.label == "PERSON" and " " in m.name]
    surnames = {parts[-1] for parts in full_names} | {
        part for parts in full_names if len(parts) >= 3 for part in parts[1:-1] if part[:1].isupper()
    }
    surnames |= {m.name for m in mentions if m.label == "PERSON" and " " not in m.name}  # "Milei" tagged once
    particle_surnames = {
        tuple(w.lower() for w in parts[i:])
        for parts in full_names
        for i in range(1, len(parts) - 1)
        if parts[i] in NAME_PARTICLES and parts[i - 1].lower() not in NAME_PARTICLES
    }
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    for token in doc:
        if token.i in by_token:
            continue
        for surname in particle_surnames:
            end = token.i + len(surname)
            if tuple(t.lower_ for t in doc[token.i : end]) != surname:
                continue
            inside = {id(by_token[i]): by_token[i] for i in range(token.i, end) if i in by_token}
            if all(m.label == "PERSON" and m.start >= token.i and m.end <= end for m in inside.values()):
                mentions[:] = [m for m in mentions if id(m) not in inside]
                added = _Mention(token.i, end, "PERSON", doc[token.i : end].text)
                mentions.append(added)
                by_token.update(dict.fromkeys(range(token.i, end), added))
            break
        else:
            if token.text in surnames and token.is_title and not token.ent_type_:
                mentions.append(_Mention(token.i, token.i + 1, "PERSON", token.text))
    mentions.sort(key=lambda m: m.start)


def link_person_names(names: Iterable[str]) -> dict[str, str]:
    """Map each person name (one item per mention) to the fullest name it stands for ("Luxon" ->
    "Christopher Luxon"). A short name several full names share goes to the one the article names
    most ("Biden" -> "Joe Biden" beside a lone "Jill Biden"); a surname one letter off the only
    similar full name is that person's, misspelt ("Milei" beside "Javier Miley")."""
    counts = Counter(names)
    # Of two forms that differ only in case, the one written more often names the person.
    longest_first = sorted(counts, key=lambda n: (-len(n.split()), -len(n), -counts[n], n))
    canonical: dict[str, str] = {}
    # A name can only stand for a longer one that shares a word with it (or, misspelt, the first
    # letter of its surname): look only there.
    by_word: dict[str, list[str]] = defaultdict(list)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in longest_first:
        parts = name.split()
        sharing = {other for word in parts for other in by_word[word.lower()]}
        targets = {canonical[other] for other in sharing if abbreviates(parts, other.split())}
        if not targets and len(parts) == 1:
            similar = by_initial[name[:1]]
            targets = {canonical[other] for other in similar if _misspelt_surname(name, other)}
        canonical[name] = _best_target(name, targets, counts)
        for word in parts:
            by_word[word.lower()].append(name)
        if len(parts) > 1:
            by_initial[parts[-1][:1]].append(name)
    return canonical


def _best_target(name: str, targets: set[str], counts: Counter) -> str:
    targets = without_sons(targets)
    if len(targets) == 1:
        return targets.pop()
    ranked = sorted(targets, key=lambda t: -counts[t])
    if len(ranked) > 1 and counts[ranked[0]] > counts[ranked[1]]:
        return ranked[0]
    return name


MIN_MISSPELT_LENGTH = 5


def _misspelt_surname(short: str, full: str) -> bool:
    """`short` is `full`'s surname with one letter changed, added or dropped (long names only)."""
    surname = full.split()[-1]
    if " " not in full or min(len(short), len(surname)) < MIN_MISSPELT_LENGTH or short[0] != surname[0]:
        return False
    return one_edit_apart(short.lower(), surname.lower())


def _canonical_place(name: str) -> str:
    """A country or region's standard name ("the U.S." -> "United States"); cities as written, in
    their usual case ("WELLINGTON" -> "Wellington")."""
    place = lookup_place(name)
    if place is None:
        return name
    return place.name if place.kind != "city" or place.name.lower() == name.lower() else name


ORGANISATIONS_CSV = Path(__file__).resolve().parent / "data" / "organisations.csv"
_ACRONYM_DEFINED = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|and|for|the|on)\s+)*){1,8})\(([A-Z]{2,8})\)")


@cache
def _organisation_names() -> dict[str, str]:
    """Each known form of an organisation or event (lower case) -> the short name Dateline uses."""
    names = {}
    with ORGANISATIONS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for form in [row["name"], *filter(None, row["aliases"].split(";"))]:
                names[form.lower()] = row["name"]
    return names


def _organisation_forms(doc: Doc, mentions: list[_Mention]) -> dict[str, str]:
    """One name per organisation or event in this article: the shipped table's, an acronym the text
    defines ("the Pacific Alliance (PA)"), else the form written most often, whatever its case."""
    names = dict(_organisation_names())
    for match in _ACRONYM_DEFINED.finditer(doc.text):
        words, acronym = match.group(1).split(), match.group(2)
        for start in range(len(words)):  # "Leaders of the Pacific Alliance (PA)": the words it stands for
            full = words[start:]
            if full[0][0].isupper() and "".join(w[0] for w in full if w[0].isupper()) == acronym:
                names.setdefault(acronym.lower(), acronym)
                names.setdefault(" ".join(full).lower(), acronym)
                break
    written: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.label in ("ORG", "EVENT", "NORP", "FAC"):
            written[m.name.lower()][m.name] += 1
    return {
        form: names.get(form.lower()) or counts.most_common(1)[0][0]
        for counts in written.values()
        for form in counts
    }


@Language.factory(
    "dateline_entities",
    requires=["doc.ents", "doc.spans", "token.dep", "token.tag", "token.lemma"],
    assigns=["doc.spans", "span._.entity", "doc._.people"],
)
class CanonicalEntities:
    """Fix labels, link short names to full ones; store `doc.spans["entities"]` and `doc._.people`.

    The corpus's alias file reaches it through `nlp.pipe(..., component_cfg={"dateline_entities":
    {"aliases": ...}})`.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self._matchers: dict[tuple[str, ...], PhraseMatcher] = {}
        self._common_words = _common_words(nlp)

    def _matcher(self, aliases: Aliases) -> PhraseMatcher | None:
        """A PhraseMatcher for the alias texts, built once per alias file."""
        if not aliases:
            return None
        texts = tuple(sorted(aliases))
        if texts not in self._matchers:
            matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
            matcher.add("ALIAS", list(self.nlp.tokenizer.pipe(texts)))
            self._matchers = {texts: matcher}
        return self._matchers[texts]

    def __call__(self, doc: Doc, aliases: Aliases | None = None, **_: object) -> Doc:
        return canonical_entities(doc, aliases or {}, self._matcher(aliases or {}), self._common_words)

    def pipe(self, docs: Iterable[Doc], aliases: Aliases | None = None, **_: object) -> Iterator[Doc]:
        matcher = self._matcher(aliases or {})
        for doc in docs:
            yield canonical_entities(doc, aliases or {}, matcher, self._common_words)


def _common_words(nlp: Language) -> frozenset[str]:
    """The English nouns, verbs and adjectives the model's lemmatizer knows (its WordNet index):
    a word before a name that is one of them, and no given name, describes the person."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)


def canonical_entities(
    doc: Doc,
    aliases: Aliases,
    matcher: PhraseMatcher | None = None,
    common_words: frozenset[str] = frozenset(),
) -> Doc:
    """Fix labels, link short names to full ones; store `doc.spans["entities"]` and `doc._.people`."""
    mentions = [m for m in _initial_mentions(doc, common_words) if not _is_only_title_words(m)]
    _add_titled_names(doc, mentions)
    _add_speaker_names(doc, mentions)
    _relabel_people_used_as_people(doc, mentions)
    _relabel_groups_people_come_from(doc, mentions)
    _apply_aliases(doc, mentions, aliases, matcher)
    mentions = _without_headline_people(doc, mentions, aliases)
    # Junk first, so that it lends no label to the words it contains ("Republican" of "Republican Congress").
    mentions = [m for m in mentions if not (m.label == "PERSON" and _is_junk_person(m, doc))]
    _vote_labels(mentions)
    _add_surname_mentions(doc, mentions)
    _add_given_names_of_relatives(doc, mentions)
    mentions = [m for m in mentions if not (m.label == "PERSON" and _is_junk_person(m, doc))]
    mentions = _drop_unlikely_lone_names(mentions, doc, aliases)
    person_names = link_person_names([m.name for m in mentions if m.label == "PERSON"])
    organisation_names = _organisation_forms(doc, mentions)

    spans, people = [], {}
    honorifics: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        span = Span(doc, mention.start, mention.end, label=mention.label)
        alias = aliases.get(mention.name.lower())
        if alias is not None:
            entity = alias[0]
        elif mention.label == "PERSON":
            entity = person_names.get(mention.name, mention.name)
            leader = known_leader(entity)
            entity = leader[0] if leader else entity  # one spelling of a well-known name: Zelensky
        elif mention.label in ("GPE", "LOC"):
            entity = _canonical_place(mention.name)
        else:
            entity = organisation_names.get(mention.name, mention.name)
        if mention.label == "PERSON":
            person = people.setdefault(entity, Person(entity, first_char=span.start_char))
            person.forms.add(mention.name)
            for title in (" ".join(_title_before(span)), *_appositive_titles(span)):
                if title and title not in person.titles:
                    person.titles.append(title)
            if span.start and doc[span.start - 1].lower_.rstrip(".") in HONORIFICS:
                honorifics[entity].append(doc[span.start - 1].lower_)
        span._.entity = entity
        spans.append(span)
    doc.spans["entities"] = spans
    # Plain data, as it will be stored: people_of() reads it back as Person objects.
    doc._.people = {
        name: {
            "forms": sorted(person.forms),
            "titles": list(person.titles),
            "first_char": person.first_char,
            "gender": gender_named([*person.titles, *honorifics[name]]),
        }
        for name, person in people.items()
    }
    return doc
