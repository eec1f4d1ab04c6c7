"""Entity mentions with one canonical name per person, place and organisation within an article.

The `dateline_entities` component corrects the small model's systematic mistakes on news text
and stores the result in `doc.spans["entities"]`, each span carrying `span._.entity`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from lib.gender import gender_named
from lib.lexicon import HONORIFICS, NAME_TITLES, NEWS_OUTLETS, REPORTING_VERBS, ROLE_NOUNS, TITLE_WORDS
from lib.names import Aliases, abbreviates
from lib.places import lookup_place

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")
POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")

# Well-known events and organisations of political travel that the small model often mislabels.
DOMAIN_PATTERNS: list[dict] = [
    *({"label": "ORG", "pattern": name} for name in NEWS_OUTLETS),
    *(
        {"label": "EVENT", "pattern": name}
        for name in (
            "East Asia Summit",
            "Apec",
            "APEC",
            "ASEAN summit",
            "Asean summit",
            "CHOGM",
            "G7",
            "G20",
            "G7 summit",
            "G20 summit",
            "Quad summit",
            "NATO summit",
            "Pacific Islands Forum",
            "UN General Assembly",
            "World Economic Forum",
            "Davos",
            "COP29",
            "COP28",
            "COP30",
            "Shangri-La Dialogue",
        )
    ),
    *(
        {"label": "ORG", "pattern": name}
        for name in (
            "ASEAN",
            "Asean",
            "AUKUS",
            "Quad",
            "OECD",
            "NATO",
            "Nato",
            "WTO",
            "United Nations",
            "UN",
            "EU",
            "European Union",
            "IMF",
            "World Bank",
            "African Union",
            "Commonwealth",
            "BRICS",
            "Brics",
            "OPEC",
            "World Health Organization",
            "Five Eyes",
            "CPTPP",
            "RCEP",
        )
    ),
]


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


@Language.factory("dateline_entity_ruler")
def make_entity_ruler(nlp: Language, name: str) -> EntityRuler:
    """An EntityRuler (placed before `ner`) holding the domain's events and organisations."""
    ruler = EntityRuler(nlp, name=name, phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(DOMAIN_PATTERNS)
    return ruler


def strip_titles(tokens: list[Token]) -> list[Token]:
    """Drop a leading title ("External Affairs Minister Shri") and a trailing possessive from a name."""
    start, end = 0, len(tokens)
    # Everything up to the last title word before the name goes: qualifiers such as "External
    # Affairs" only exist as part of the title.
    titled = [i for i in range(end - 1) if tokens[i].lower_.rstrip(".") in TITLE_WORDS]
    if titled:
        start = titled[-1] + 1
    while end > start and (tokens[end - 1].lower_ in POSSESSIVE_ENDINGS or tokens[end - 1].is_punct):
        end -= 1
    return tokens[start:end]


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
    """Roles in apposition to a name ("Jane Doe, a senior lecturer at ...")."""
    titles = []
    for child in span.root.children:
        is_role = child.lemma_.lower() in ROLE_NOUNS or child.lower_.endswith(("er", "ist", "or", "ian"))
        if child.dep_ == "appos" and child.i >= span.end and child.pos_ == "NOUN" and is_role:
            modifiers = [t.lower_ for t in child.lefts if t.dep_ in ("amod", "compound")]
            titles.append(" ".join([*modifiers, child.lower_]))
    return tuple(titles)


@dataclass
class _Mention:
    start: int  # token offsets into the doc
    end: int
    label: str
    name: str


def _initial_mentions(doc: Doc) -> list[_Mention]:
    """The model's entities of the kinds Dateline uses, with titles and possessives trimmed."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        end = ent.end
        # The model often stops a name early ("Shri Piyush" | "Goyal"): take following capitalised names.
        if ent.label_ == "PERSON":
            while (
                end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and not doc[end].ent_type_
            ):
                end += 1
        tokens = list(doc[ent.start : end])
        kept = strip_titles(tokens) if ent.label_ in ("PERSON", "ORG", "GPE", "NORP") else tokens
        if not kept:
            continue
        start, end = kept[0].i, kept[-1].i + 1
        name = clean_name(doc[start:end].text)
        if not name or (name.islower() and end - start == 1):
            continue
        mentions.append(_Mention(start, end, ent.label_, name))
    return mentions


def _vote_labels(mentions: list[_Mention]) -> None:
    """One label per name: a name tagged PERSON once, or a known person's surname, is a PERSON."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        votes[mention.name][mention.label] += 1
    full_names = [name for name, counts in votes.items() if counts["PERSON"] and " " in name]
    # Surnames, and first words too: Chinese, Korean and other names put the family name first.
    name_parts = {name.split()[-1] for name in full_names} | {name.split()[0] for name in full_names}
    lone_people = {name for name, counts in votes.items() if counts["PERSON"] and " " not in name}
    for mention in mentions:
        name = mention.name
        if " " in name and name.split()[-1] in lone_people and not _is_country_or_region(name):
            mention.label = "PERSON"  # "Keiko Sato" tagged ORG, "Sato" tagged PERSON
            continue
        if (name in name_parts or votes[name]["PERSON"]) and not _is_country_or_region(name):
            mention.label = "PERSON"
        elif mention.label == "PERSON":
            mention.label = _not_a_person_label(name)
        elif len(votes[name]) > 1:
            mention.label = votes[name].most_common(1)[0][0]


def _is_country_or_region(name: str) -> bool:
    """Countries and regions veto a PERSON tag; towns do not (Hamilton and Lincoln are surnames too)."""
    place = lookup_place(name)
    return place is not None and place.kind != "city"


def _not_a_person_label(name: str) -> str:
    place = lookup_place(name)
    if place is not None:
        return "LOC" if place.kind == "region" else "GPE"
    return "ORG"


def _is_junk_person(mention: _Mention, doc: Doc) -> bool:
    """An all-caps acronym, or a single capitalised word used with 'the' ("the Herald"), is no person."""
    span = doc[mention.start : mention.end]
    if mention.name.isupper() and len(mention.name) > 1:
        return True
    before = doc[mention.start - 1] if mention.start else None
    return len(span) == 1 and before is not None and before.lower_ == "the"


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


def _replace_with_person(mentions: list[_Mention], start: int, end: int, doc: Doc) -> None:
    """Make tokens start:end one PERSON mention, replacing non-person mentions that overlap them."""
    while start < end - 1 and doc[start].lower_.rstrip(".") in TITLE_WORDS:
        start += 1
    if any(m.label == "PERSON" and m.start < end and start < m.end for m in mentions):
        return
    name = clean_name(doc[start:end].text)
    if not name or _is_country_or_region(name) or all(w.lower() in TITLE_WORDS for w in name.split()):
        return
    mentions[:] = [m for m in mentions if not (m.start < end and start < m.end)]
    mentions.append(_Mention(start, end, "PERSON", name))


def _add_titled_names(doc: Doc, mentions: list[_Mention]) -> None:
    """A capitalised name right after a title or honorific is a person ("Dame Olive Renton", "Presidents
    Vasquez and Okonkwo"), whatever the model tagged it."""
    for token in doc:
        if not (token.text[:1].isupper() and token.lower_.rstrip(".") in NAME_TITLES):
            continue
        end = _proper_name_run(doc, token.i + 1)
        if end == token.i + 1 or doc[token.i + 1].lower_.rstrip(".") in TITLE_WORDS:
            continue
        _replace_with_person(mentions, token.i + 1, end, doc)
        for conj in doc[end - 1].conjuncts:
            if conj.i >= end and conj.pos_ == "PROPN" and conj.text[:1].isupper():
                _replace_with_person(mentions, conj.i, _proper_name_run(doc, conj.i), doc)
    mentions.sort(key=lambda m: m.start)


def _add_speaker_names(doc: Doc, mentions: list[_Mention]) -> None:
    """The capitalised subject of a reporting verb that the model left untagged (or tagged as a work
    of art) is a person: `"...," Keiko Sato added.`"""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        for subject in token.children:
            # The tagger calls some unfamiliar surnames nouns; a capitalised one mid-sentence is a name.
            looks_like_name = subject.pos_ == "PROPN" or (
                subject.pos_ == "NOUN" and subject.is_title and subject.i > subject.sent.start + 1
            )
            if subject.dep_ != "nsubj" or not looks_like_name or subject.i in covered:
                continue
            start = min(
                [subject.i] + [c.i for c in subject.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            )
            if doc[start].text[:1].isupper() and all(t.is_alpha for t in doc[start : subject.i + 1]):
                _replace_with_person(mentions, start, subject.i + 1, doc)
                covered.update(range(start, subject.i + 1))
    mentions.sort(key=lambda m: m.start)


def _is_only_title_words(mention: _Mention) -> bool:
    """ "Trade" or "State" split off "Trade Minister X" / "Secretary of State X" is no entity."""
    words = mention.name.lower().split()
    return all(w in TITLE_WORDS or w in ("of", "the", "for") for w in words) and any(
        w in TITLE_WORDS for w in words
    )


def _add_surname_mentions(doc: Doc, mentions: list[_Mention]) -> None:
    """A known person's surname that the model did not tag at all is still that person."""
    surnames = {m.name.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.name}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for token in doc:
        if token.i not in covered and token.text in surnames and token.is_title and not token.ent_type_:
            mentions.append(_Mention(token.i, token.i + 1, "PERSON", token.text))
    mentions.sort(key=lambda m: m.start)


def link_person_names(names: Iterable[str]) -> dict[str, str]:
    """Map each person name to the fullest name it abbreviates ("Luxon" -> "Christopher Luxon")."""
    longest_first = sorted(set(names), key=lambda n: (-len(n.split()), -len(n), n))
    canonical: dict[str, str] = {}
    for name in longest_first:
        parts = name.split()
        targets = {canonical[other] for other in canonical if abbreviates(parts, other.split())}
        canonical[name] = targets.pop() if len(targets) == 1 else name
    return canonical


def _canonical_place(name: str) -> str:
    """A country or region's standard name ("the U.S." -> "United States"); cities stay as written."""
    place = lookup_place(name)
    return place.name if place is not None and place.kind != "city" else name


@Language.factory("dateline_entities")
class CanonicalEntities:
    """Fix labels, link short names to full ones; store `doc.spans["entities"]` and `doc._.people`.

    The corpus's alias file reaches it through `nlp.pipe(..., component_cfg={"dateline_entities":
    {"aliases": ...}})`.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self._matchers: dict[tuple[str, ...], PhraseMatcher] = {}

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
        return canonical_entities(doc, aliases or {}, self._matcher(aliases or {}))

    def pipe(self, docs: Iterable[Doc], aliases: Aliases | None = None, **_: object) -> Iterator[Doc]:
        matcher = self._matcher(aliases or {})
        for doc in docs:
            yield canonical_entities(doc, aliases or {}, matcher)


def canonical_entities(doc: Doc, aliases: Aliases, matcher: PhraseMatcher | None = None) -> Doc:
    """Fix labels, link short names to full ones; store `doc.spans["entities"]` and `doc._.people`."""
    mentions = [m for m in _initial_mentions(doc) if not _is_only_title_words(m)]
    _add_titled_names(doc, mentions)
    _add_speaker_names(doc, mentions)
    _apply_aliases(doc, mentions, aliases, matcher)
    _vote_labels(mentions)
    _add_surname_mentions(doc, mentions)
    mentions = [m for m in mentions if not (m.label == "PERSON" and _is_junk_person(m, doc))]
    mentions = _drop_unlikely_lone_names(mentions, doc, aliases)
    person_names = link_person_names(m.name for m in mentions if m.label == "PERSON")

    spans, people = [], {}
    honorifics: dict[str, list[str]] = defaultdict(list)
    for mention in mentions:
        span = Span(doc, mention.start, mention.end, label=mention.label)
        alias = aliases.get(mention.name.lower())
        if alias is not None:
            entity = alias[0]
        elif mention.label == "PERSON":
            entity = person_names.get(mention.name, mention.name)
        elif mention.label in ("GPE", "LOC"):
            entity = _canonical_place(mention.name)
        else:
            entity = mention.name
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
    for person in people.values():
        person.gender = gender_named([*person.titles, *honorifics[person.name]])
    doc.spans["entities"] = spans
    doc._.people = people
    return doc
