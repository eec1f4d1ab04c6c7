"""Visits: who travelled where, planned or done (the `dateline_visits` component).

A visit is read from the parse around a trigger: a travel verb ("flew to Lima", "visited India",
"touches down in", "is in Laos for"), a trip noun ("his visit to China", "a Japan trip"), a
meeting placed somewhere ("met Modi in Vientiane", "the meeting, held in Rio" for those of the
meeting told just before), hosting ("Italy hosted Lula", the guest being the visitor), or a
stand-in ("Vance would attend in his place": where the one replaced was to go). The visitor is
the trigger's subject, resolved by `lib.people` exactly as quote speakers are. Each trigger found in
narration (not inside quotes) becomes one span in `doc.spans["visits"]`: the trigger's words,
labelled with the status (completed / ongoing / planned / cancelled), with extensions `visitors`
and `places` (one trip can take several people to several places), `trigger` and `date_text`.
`visit_rows` turns them into table rows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from lib.corpus import Article
from lib.dates import resolve_date_range
from lib.frames import PLACE_LABELS, VisitStatus
from lib.lexicon import ROLE_NOUNS
from lib.names import abbreviates, known_leader
from lib.paragraphs import paragraph_index, paragraph_starts
from lib.people import (
    entity_spans_by_token,
    people_of,
    quoted_token_ids,
    refer,
    resolve_pronoun,
    resolve_title,
    subject_of,
)
from lib.places import Place, capital_of, country_of_demonym, lookup_landmark, lookup_place

COMPLETED, ONGOING, PLANNED, CANCELLED = (
    VisitStatus.COMPLETED,
    VisitStatus.ONGOING,
    VisitStatus.PLANNED,
    VisitStatus.CANCELLED,
)

# Verbs of going somewhere, with the prepositions that introduce the destination.
MOTION_VERBS = {
    "travel": {"to"},
    "fly": {"to", "into"},
    "sweep": {"into"},  # "swept into San Francisco"
    "jet": {"to"},
    "head": {"to", "for"},
    "go": {"to"},
    "come": {"to"},
    "journey": {"to"},
    "sail": {"to"},
    "return": set(),  # "returned to Australia" is mostly going home; "returned from Beijing" is a trip
    "leave": {"for"},
    "depart": {"for"},
    "embark": {"to", "for"},  # "embark on a visit (to)"
    "continue": {"to"},  # "continue on to Vilnius"
    "arrive": {"in", "at", "into"},
    "land": {"in", "at"},
    "touch": {"in", "at"},  # only with "down"
    "stop": {"in", "at"},  # "stopped over in"
}
# Verbs whose object is the destination ("visited India", "toured the Pacific").
VISIT_VERBS = frozenset({"visit", "tour"})
# Verbs that place their subject somewhere through an "in"/"at" phrase ("met Modi in Vientiane").
PRESENCE_VERBS = frozenset({"meet", "hold", "attend", "speak", "be"})
# "is expected in Wellington", "is due in Tokyo": someone's arrival announced.
EXPECTED_WORDS = frozenset({"expect", "due"})
# "lead a delegation to Japan", "take a trade mission to India".
ESCORT_VERBS = frozenset({"lead", "take", "bring", "head"})
PARTY_NOUNS = frozenset({"delegation", "mission", "team", "contingent", "group", "party"})
# The guest of these is the visitor ("New Zealand hosted Murmu").
HOST_VERBS = frozenset({"host", "welcome", "receive"})
# Verbs of meeting: everyone there from another country than the place's is a visitor.
MEETING_VERBS = frozenset({"meet"})
# Nouns of being together somewhere ("during a meeting at the White House", "a banquet in Nairobi").
GATHERING_NOUNS = frozenset(
    {
        "meeting",
        "talk",
        "talks",
        "banquet",
        "dinner",
        "reception",
        "sideline",
        "sidelines",
        "margin",
        "margins",
    }
)
# "the talks, held in Rio", "a summit hosted at the palace": where a gathering took place.
HELD_VERBS = frozenset({"hold", "host", "stage", "convene"})
# Going in someone's stead: "would attend in his place", "on behalf of the president", "instead of
# Y", "stand in for Y", "will represent Y": the stand-in goes where the one replaced was to go.
STAND_IN_NOUNS = frozenset({"place", "behalf", "stead"})
STAND_IN_VERBS = frozenset({"represent", "stand", "deputise", "deputize", "substitute"})
STAND_IN_LOOKBACK = 20  # how many trips back the replaced person's trip is looked for
# Not going to an event ("will skip the summit", "is boycotting the G20").
SKIP_VERBS = frozenset({"skip", "boycott", "miss"})
# "has been invited to Brasilia", "invited Modi to Brasilia": the invited one is the visitor, to come.
INVITE_VERBS = frozenset({"invite"})
# Trip nouns, with the prepositions that introduce their destination.
TRIP_NOUNS = {
    "visit": {"to", "in", "of"},
    "trip": {"to", "in"},
    "tour": {"of", "to", "in"},
    "journey": {"to"},
    "stopover": {"in", "at"},
    "stop": {"in", "at"},  # "with a stop in Manila"
    "mission": {"to"},
    "travel": {"to"},
    "way": {"to"},  # only in "on her way to Laos" (see _kind)
}
# Lemmas of nouns a place phrase can hang from ("the summit in Laos", "the capital of Peru").
VENUE_NOUNS = frozenset(
    """
    assembly capital ceremony city conference dinner event forum gathering ground margin meeting
    session sideline summit talk tour trip visit
    """.split()
)
# Verbs whose subject is not the one travelling when their object is a trip ("China welcomed a visit").
NOT_TRAVELLER_VERBS = frozenset(
    "announce confirm criticise criticize discuss host invite oppose praise report welcome".split()
)
# "invited Luxon to visit": the object of these is who travels.
OBJECT_CONTROL_VERBS = frozenset("allow ask encourage invite persuade send tell urge".split())

# Status cues: lemmas of planning words, modifiers of a planned trip, calling it off.
PLAN_WORDS = frozenset(
    """
    accept agree aim consider due expect eye hope intend invitation invite look mull offer plan
    pledge prepare promise propose schedule seek set want wish
    """.split()
)
PLANNED_MODIFIERS = frozenset(
    """
    expected forthcoming future likely mooted next planned possible potential promised proposed
    scheduled upcoming
    """.split()
)
CANCEL_WORDS = frozenset("abandon axe boycott cancel ditch drop impossible scrap shelve skip unable".split())
CANCEL_PHRASES = frozenset({("call", "off"), ("pull", "out"), ("rule", "out")})
POSTPONE_WORDS = frozenset("defer delay postpone reschedule".split())
FUTURE_MODALS = frozenset("will shall 'll wo would may might could should must can".split())
# What the dates and time adverbs of a trigger's clause say about when it happens.
TIME_CUES = {
    "today": re.compile(r"\b(?:today|tonight|now|currently|this (?:morning|afternoon|evening))\b", re.I),
    "future": re.compile(r"\b(?:tomorrow|next|coming|upcoming|soon|later|new year)\b", re.I),
    "past": re.compile(r"\b(?:yesterday|last|ago|earlier|previously|recently|past)\b", re.I),
}
TIME_ADVERBS = frozenset(
    "today tonight now currently tomorrow yesterday soon later earlier recently previously".split()
)
# A present tense after these stands for the future when the main clause is future ("When X lands in
# Beijing in November, it will be ...").
TEMPORAL_MARKS = frozenset("when once after before until as".split())

# Prepositions whose date is not when a trip happened ("the first since 2017").
NON_POINT_PREPS = frozenset("after before between for over since throughout till until".split())
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)[\s-]+"
    r"(?:hours?|days?|weeks?|months?|years?|decades?)\b(?!\s+ago)",
    re.I,
)
MISTAKEN_PLACE_LABELS = ("FAC", "ORG")  # countries the model mislabels still count in a destination slot
MIN_UNTAGGED_CITY = 100_000  # a city the model did not tag counts as a destination from this size
MAX_CLIMB = 6  # how far up the parse a trigger's tense, subject or date is looked for
ANAPHORA_SENTENCES = 3  # "the trip" looks this many sentences back for the trip it refers to
ANAPHORIC_NOUNS = frozenset({"visit", "trip", "tour", "journey"})
DEFINITE_WORDS = frozenset({"the", "this", "that", "these", "those"})

_TRIGGER_LEMMAS = frozenset(
    set(MOTION_VERBS)
    | VISIT_VERBS
    | PRESENCE_VERBS
    | ESCORT_VERBS
    | HOST_VERBS
    | INVITE_VERBS
    | set(TRIP_NOUNS)
    | EXPECTED_WORDS
    | GATHERING_NOUNS
    | SKIP_VERBS
    | STAND_IN_VERBS
)

for _name, _default in (
    ("visitors", ()),
    ("places", ()),
    ("trigger", ""),
    ("date_text", ""),
    ("date", ""),
    ("date_end", ""),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
# The article's date ("YYYY-MM-DD" or ""), set on the Doc before the pipeline runs (lib/pipeline.py):
# relative dates ("on Thursday") are read against it.
if not Doc.has_extension("article_date"):
    Doc.set_extension("article_date", default="")


@dataclass
class _Found:
    """One trigger's reading, before it becomes a span."""

    start: int  # token offsets of the trigger words
    end: int
    sentence: int
    kind: str
    visitors: list[str]
    places: list[str]
    status: str
    trigger: str
    date_text: str
    date: str  # resolved against the article's date: first day, and last of a range
    date_end: str


@Language.component(
    "dateline_visits",
    requires=[
        "doc.spans",
        "span._.entity",
        "span._.speaker",
        "doc._.people",
        "token.dep",
        "span._.meeting_side_a",
    ],
    assigns=["doc.spans", "span._.visitors", "span._.places", "span._.date"],
)
def find_visits(doc: Doc) -> Doc:
    """Store trips found in the narration in `doc.spans["visits"]` (one span per trigger)."""
    found: list[_Found] = []
    context = ArticleContext(doc)
    sentence_starts = {sent.start: n for n, sent in enumerate(doc.sents)}
    sentence = -1
    for token in doc:
        if token.i in sentence_starts:
            sentence = sentence_starts[token.i]
        if token.lemma_ not in _TRIGGER_LEMMAS and not _is_while_in(token):
            continue
        if token.i in context.quoted and _traveller_named_in_quote(token, context) is None:
            continue
        reading = _read_trigger(doc, token, context, sentence, found)
        if reading is not None:
            found.append(reading)
    spans = []
    for item in found:
        span = Span(doc, item.start, item.end, label=item.status)
        span._.visitors = item.visitors
        span._.places = item.places
        span._.trigger = item.trigger
        span._.date_text = item.date_text
        span._.date, span._.date_end = item.date, item.date_end
        spans.append(span)
    doc.spans["visits"] = spans
    return doc


def _traveller_named_in_quote(trigger: Token, context: ArticleContext) -> Token | None:
    """In quoted speech, the traveller the quote itself names: `"President X will visit"`, or `he` in
    `"President X confirmed he will visit"`; None for `"I will visit"` or a `he` named elsewhere."""
    subject = doer_of(trigger)
    if subject is not None and subject.lower_ in ("he", "she"):
        clause = subject.head
        subject = subject_of(clause.head) if clause.dep_ == "ccomp" else None
    span = context.by_token.get(subject.i) if subject is not None else None
    return subject if span is not None and span.label_ == "PERSON" else None


class ArticleContext:
    """What every trigger in a doc needs, computed once: quotes, places named, people's home countries."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.quoted = quoted_token_ids(doc)
        self.by_token = entity_spans_by_token(doc)
        self.people = {person.name: person for person in people_of(doc)}
        self._countries: list[str] | None = None
        self._homes: dict[str, set[str]] | None = None
        self._sentences: dict[int, int] | None = None
        self._meetings: tuple[list[Span], list[int]] | None = None

    @property
    def countries(self) -> list[str]:
        """Countries the article names: they pick among same-named cities."""
        if self._countries is None:
            self._countries = article_countries(self.doc)
        return self._countries

    def place(self, name: str) -> Place | None:
        return destination(name, self.countries)

    def person_named(self, token: Token) -> list[str]:
        """The one known person a proper name the entity component did not tag PERSON stands for
        (an untagged first "Luxon"; "Wang" tagged ORG in an article about "Wang Yi")."""
        words = [t.text for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [token.text]
        for start in range(len(words)):
            parts = words[start:]
            matches = [
                p.name
                for p in self.people.values()
                if " ".join(parts) in p.forms or parts == p.name.split() or abbreviates(parts, p.name.split())
            ]
            if len(matches) == 1:
                return matches
        return []

    @property
    def meetings(self) -> tuple[list[Span], list[int]]:
        """The meetings the `dateline_meetings` component found, and their first tokens."""
        if self._meetings is None:
            spans = list(self.doc.spans.get("meetings", []))
            self._meetings = (spans, [span.start for span in spans])
        return self._meetings

    def sentence_of(self, token: Token) -> int:
        """The number of the sentence a token is in."""
        if self._sentences is None:
            self._sentences = {sent.start: n for n, sent in enumerate(self.doc.sents)}
        return self._sentences[token.sent.start]

    def homes(self, person: str) -> set[str]:
        if self._homes is None:
            self._homes = home_countries(self.doc)
        return self._homes.get(person, set())


def destination(name: str, context_countries: list[str]) -> Place | None:
    """Where a trip went: a seat of government or state venue ("the White House", placed at its
    city), else a place the gazetteer knows, same-named cities decided by the article's countries."""
    return lookup_landmark(name) or lookup_place(name, context_countries=context_countries)


def article_countries(doc: Doc) -> list[str]:
    """Names of the countries among a doc's place mentions, in order of first mention."""
    countries: dict[str, None] = {}
    for span in doc.spans.get("entities", []):
        if span.label_ in PLACE_LABELS:
            place = lookup_place(span._.entity)
            if place is not None and place.kind == "country":
                countries.setdefault(place.name)
    return list(countries)


def home_countries(doc: Doc) -> dict[str, set[str]]:
    """Countries the article ties each person to by how it names them: "New Zealand's Prime Minister
    Christopher Luxon", "Indian Prime Minister Narendra Modi", "Luxon, New Zealand's leader"."""
    by_token = entity_spans_by_token(doc)
    homes: dict[str, set[str]] = {}
    for span in doc.spans.get("entities", []):
        if span.label_ != "PERSON":
            continue
        root = span.root
        # The title phrase: the name's own left modifiers, or the words up to a noun in apposition
        # ("Luxon, New Zealand's prime minister"; "India's trade minister Piyush Goyal"; "his Mexican
        # counterpart, Montalbán"), not what follows that noun ("her first visit to Poland since ...").
        phrases = [[t for t in root.subtree if t.i < span.start]]
        roles = [c for c in root.children if c.dep_ == "appos"] + (
            [root.head] if root.dep_ == "appos" else []
        )
        phrases += [[t for t in role.subtree if t.i <= role.i] for role in roles if role.pos_ == "NOUN"]
        for phrase in phrases:
            for token in phrase:
                country = _country_named_by(token, by_token)
                if country:
                    homes.setdefault(span._.entity, set()).add(country)
    for person, country in _titles_with_countries(doc, by_token):
        if person not in homes:  # only for people whose name came with no country
            homes[person] = {country}
    for span in doc.spans.get("entities", []):
        leader = known_leader(span._.entity) if span.label_ == "PERSON" else None
        if leader is not None and span._.entity not in homes:  # well known: "Xi Jinping" is Chinese
            homes[span._.entity] = {leader[1]}
    return homes


def _titles_with_countries(doc: Doc, by_token: dict[int, Span]) -> Iterator[tuple[str, str]]:
    """("Mark Carney", "Canada") for "the Canadian prime minister said": a title with a country that
    stands for a person the article introduced with that title."""
    quoted = quoted_token_ids(doc)
    for token in doc:
        if token.i in quoted or token.pos_ != "NOUN" or token.lemma_.lower() not in ROLE_NOUNS:
            continue
        if not any(c.lower_ == "the" for c in token.lefts):
            continue
        countries = [c for c in (_country_named_by(t, by_token) for t in token.lefts) if c]
        if not countries or token.lower_ in ("leader", "premier"):  # too loose to name one person
            continue
        person = resolve_title(doc, token).name
        if person:
            yield person, countries[0]


def _country_named_by(token: Token, by_token: dict[int, Span]) -> str:
    """The country a title word names: a place ("New Zealand's") or a demonym ("Indian")."""
    entity = by_token.get(token.i)
    if entity is None or token.i != entity.root.i:
        return ""
    if entity.label_ == "NORP":
        return country_of_demonym(entity.text) or ""
    if entity.label_ in PLACE_LABELS:
        place = lookup_place(entity._.entity)
        return place.country if place is not None else ""
    return ""


# --- reading one trigger ------------------------------------------------------------------------


def _is_while_in(token: Token) -> bool:
    """A place phrase introduced by while/when: "While in Laos, Luxon held talks"."""
    return (
        token.dep_ == "prep"
        and token.lower_ in ("in", "at")
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in ("while", "when") for c in token.children)
    )


def _read_trigger(
    doc: Doc, token: Token, context: ArticleContext, sentence: int, earlier: list[_Found]
) -> _Found | None:
    """The visit a trigger token describes, or None when it is not one."""
    kind = _trigger_kind(token)
    if not kind:
        return None
    names = destinations(token, kind, context)
    if not names and kind in ("presence", "motion"):  # "X would attend in his place"
        names = _replaced_trip(doc, token, context, earlier)
    if not names and kind != "noun":  # only a trip noun may name its destination earlier
        return None
    if kind in ("host", "invite"):
        visitors = guests_of(doc, token, context)
    elif kind == "gathering" or token.lemma_ in MEETING_VERBS:
        visitors = _meeting_visitors(doc, token, names, context)
    elif kind == "while":
        visitors = people_in(doc, subject_of(token.head), context)
    elif kind == "noun":
        visitors = _noun_visitors(doc, token, context) or _teller_before(doc, token, context)
    elif token.i in context.quoted:
        visitors = people_in(doc, _traveller_named_in_quote(token, context), context)
    else:
        visitors = _honoured(doc, token, context) or people_in(doc, doer_of(token), context)
    chain = clause_of(token)
    status = status_cues(token, chain)
    if status is None:
        return None
    if not names and kind == "noun":
        # A trip named again: "the trip" repeats the earlier one (worth a row only to cancel it),
        # "a visit next year" is another trip to the same place, which needs its own status cue.
        antecedent = _antecedent(token, visitors, sentence, earlier)
        definite = any(c.dep_ == "poss" or c.lower_ in DEFINITE_WORDS for c in token.lefts)
        if antecedent is None or (status != CANCELLED if definite else not status):
            return None
        names, visitors = antecedent.places, visitors or antecedent.visitors
    if _restates_a_trip(token, visitors, names, sentence, earlier):
        return None
    if not visitors or not names:
        return None
    places = _resolved_places(names, visitors, context)
    if not places:
        return None
    start, end = _trigger_words(token, kind)
    trigger = doc[start:end].text
    dates = dates_for(token, chain)
    date_text = dates[0].text if dates else ""
    later = "future" in time_cues(token, chain)
    status, date, date_end = decide_status(status, date_text, doc._.article_date, later)
    return _Found(start, end, sentence, kind, visitors, places, status, trigger, date_text, date, date_end)


def _trigger_kind(token: Token) -> str:
    """Which kind of trigger a token is in its context, or '' when it is none here."""
    lemma, pos = token.lemma_, token.pos_
    if _is_while_in(token):
        return "while"
    if lemma == "way" and not (token.head.lower_ == "on" and any(c.dep_ == "poss" for c in token.children)):
        return ""  # "the way to peace" is no trip; "on her way to Laos" is one
    if pos == "NOUN" and lemma in TRIP_NOUNS:
        return "noun"
    if pos == "NOUN" and (lemma in GATHERING_NOUNS or token.lower_ in GATHERING_NOUNS):
        return "gathering"
    if lemma in EXPECTED_WORDS and (
        token.dep_ == "acomp" or any(c.dep_ == "auxpass" for c in token.children)
    ):
        return "presence"  # "is expected in Wellington in March", "is due in Tokyo on Monday"
    if pos not in ("VERB", "AUX") or token.dep_ in ("aux", "auxpass", "amod"):
        return ""
    if lemma in HOST_VERBS:
        return "host"
    if lemma in INVITE_VERBS and any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children):
        return "invite"
    if lemma in VISIT_VERBS:
        return "visit"
    if lemma in SKIP_VERBS:
        return "presence"  # "will skip the summit in Johannesburg": a trip called off
    if lemma in STAND_IN_VERBS:  # "will represent the president at the summit", not "in court"
        at_event = any(
            o.lemma_.lower() in VENUE_NOUNS or o.ent_type_ == "EVENT"
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "at"
            for o in prep.children
        )
        return "presence" if at_event and _stands_in_for(token) is not None else ""
    if lemma in ESCORT_VERBS and any(c.dep_ == "dobj" and c.lemma_ in PARTY_NOUNS for c in token.children):
        return "escort"
    if lemma == "touch" and not any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return ""
    if lemma in MOTION_VERBS:
        return "motion"
    if lemma in PRESENCE_VERBS:
        return "presence"
    return ""


def _stands_in_for(verb: Token) -> Token | None:
    """Whom a verb's subject stands in for: the owner of "in his place" / "on behalf of Y", the
    object of "instead of Y", "stand in for Y", "represent Y" (a person)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on"):
            for noun in (c for c in child.children if c.dep_ == "pobj" and c.lemma_ in STAND_IN_NOUNS):
                for owner in noun.children:
                    if owner.dep_ == "poss":
                        return owner
                    if owner.dep_ == "prep" and owner.lower_ == "of":
                        return next((o for o in owner.children if o.dep_ == "pobj"), None)
        instead = child.lower_ == "of" and any(c.lower_ == "instead" for c in child.children)
        standing = child.lower_ == "for" and verb.lemma_ in STAND_IN_VERBS - {"represent"}
        if child.dep_ == "prep" and (instead or standing):
            return next((o for o in child.children if o.dep_ == "pobj"), None)
        person = child.ent_type_ == "PERSON" or child.lower_ in ("him", "her")
        if child.dep_ == "dobj" and verb.lemma_ == "represent" and person:
            return child
    return None


def _replaced_trip(doc: Doc, verb: Token, context: ArticleContext, earlier: list[_Found]) -> list[str]:
    """Where a stand-in goes when the text names no place: where the one replaced was going, as
    told before ("Trump will skip the summit in Johannesburg ... Vance would attend in his place")."""
    replaced = _stands_in_for(verb)
    if replaced is None:
        return []
    people = set(people_in(doc, replaced, context))
    doer = doer_of(verb)
    own = set(people_in(doc, doer, context))
    if people & own:  # "X would attend in his place": not X's own place; the one whose deputy X is,
        # or who said X would go ("his deputy will attend on his behalf", "he said X would attend")
        owner = next((c for c in doer.children if c.dep_ == "poss"), None) if doer is not None else None
        reporter = subject_of(verb.head) if verb.dep_ == "ccomp" else None
        people = {p for who in (owner, reporter) for p in people_in(doc, who, context)} - own
    for item in reversed(earlier[-STAND_IN_LOOKBACK:]):
        # one stands in on a trip the other is to make or will miss, not on one done
        if people & set(item.visitors) and item.status != COMPLETED:
            return item.places
    return []


def _trigger_words(token: Token, kind: str) -> tuple[int, int]:
    """Token range of the trigger as written: the verb with its particle ("touches down")."""
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    if kind == "presence" and token.lemma_ == "be":  # "is in"
        prep = next((c for c in token.rights if c.dep_ == "prep"), None)
        if prep is not None and prep.i == end:
            end += 1
    return token.i, end


# --- destinations -------------------------------------------------------------------------------


def destinations(token: Token, kind: str, context: ArticleContext) -> list[str]:
    """Place names the trigger takes its subject to, as the entity component normalised them."""
    found: list[str] = []
    if kind == "while":
        found += _places_via(token, context)
    elif kind == "visit":
        for child in token.children:
            if child.dep_ == "dobj":
                found += _places_at(child, context, depth=0)
        found += _places_from_preps(token, {"in"}, context)
    elif kind == "motion":
        preps = set(MOTION_VERBS[token.lemma_])
        if token.lemma_ == "return" or any(c.lower_ == "back" for c in token.children):
            preps.add("from")  # "returned from Beijing": a trip to Beijing, done
        found += _places_from_preps(token, preps, context)
    elif kind == "escort":
        found += _places_from_preps(token, {"to"}, context)
        for child in token.children:
            if child.dep_ == "dobj":
                found += _places_from_preps(child, {"to"}, context)
    elif kind == "presence":
        preps = {"in", "at", "on", "during"}
        if token.lemma_ == "be" and any(c.lemma_ == "have" for c in token.children):
            preps.add("to")  # "has been to China twice"
        found += _places_from_preps(token, preps, context)
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if token.lemma_ in ("attend", "hold", *SKIP_VERBS):  # "attended the summit in Kazan"
            found += [n for obj in objects for n in _places_at(obj, context, depth=0, venues_only=True)]
        if not found:  # "met X in the Oval Office": the phrase often hangs from the one met
            found += [
                n
                for obj in objects
                if obj.dep_ == "dobj"
                for n in _places_from_preps(obj, {"in", "at"}, context)
            ]
    elif kind == "gathering":
        found += _places_from_preps(token, {"in", "at"}, context)
        for held in (c for c in token.children if c.dep_ == "acl" and c.lemma_ in HELD_VERBS):
            found += _places_from_preps(held, {"in", "at"}, context)  # "the meeting, held at ... in Rio"
        found += [  # "on the sidelines of the APEC forum in Lima"
            n
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for n in _places_via(c, context)
        ]
    elif kind == "host":
        found += host_places(token, context) or _host_home(token, context)  # "welcomed X on a visit"
    elif kind == "invite":
        found += _places_from_preps(token, {"to"}, context)
    elif kind == "noun":
        found += _places_from_preps(token, TRIP_NOUNS[token.lemma_], context)
        for child in token.children:
            if child.dep_ == "compound":
                found += _place_names(child, context)
        head = token.head
        if token.dep_ in ("pobj", "dobj") and not found:
            verb = head.head if token.dep_ == "pobj" else head
            if verb.pos_ in ("VERB", "AUX"):  # "embark on a visit ... to China", "pay a visit to"
                found += _places_from_preps(verb, {"to"}, context)
    return list(dict.fromkeys(found))


def _places_from_preps(token: Token, preps: set[str], context: ArticleContext) -> list[str]:
    """Places in the token's prepositional phrases that start with one of `preps`."""
    found: list[str] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            found += _places_via(child, context)
    return found


def _places_via(prep: Token, context: ArticleContext, depth: int = 0) -> list[str]:
    """Places a preposition's object names, directly or through a venue ("the summit in Laos").
    "on"/"during" only lead to a place through a venue ("on the sidelines of the summit in Laos")."""
    venues_only = prep.lower_ in ("on", "during")
    found: list[str] = []
    for obj in prep.children:
        if obj.dep_ in ("pobj", "pcomp"):
            found += _places_at(obj, context, depth, venues_only=venues_only)
    return found


def _places_at(token: Token, context: ArticleContext, depth: int, venues_only: bool = False) -> list[str]:
    """Places a noun (and the nouns coordinated with it) names or locates."""
    found: list[str] = []
    for noun in (token, *token.conjuncts):
        names = [] if venues_only else _place_names(noun, context)
        if not venues_only and not any(context.place(n) for n in names):
            # "Apulia, Italy": a place the gazetteer lacks, then the country written after it
            names += [
                n for c in noun.children if c.dep_ in ("appos", "npadvmod") for n in _place_names(c, context)
            ]
        if names:
            found += names
            continue
        if depth >= 2 or not _is_venue(noun, context):
            continue
        inner = [
            name
            for child in noun.children
            if child.dep_ == "prep" and child.lower_ in ("in", "of", "at")
            for name in _places_via(child, context, depth + 1)
        ]
        if not inner and noun.lemma_ == "capital":  # "the Indian capital", "China's capital"
            inner = [
                c
                for child in noun.children
                if child.dep_ in ("amod", "poss", "compound")
                for c in _place_names(child, context, demonyms=True)
            ]
        found += inner
    return found


def _is_venue(noun: Token, context: ArticleContext) -> bool:
    entity = context.by_token.get(noun.i)
    if noun.lemma_.lower() in VENUE_NOUNS or noun.lower_ in VENUE_NOUNS:
        return True
    return entity is not None and entity.label_ in ("EVENT", "FAC")  # "the Grand Hotel in Rio"


def _place_names(token: Token, context: ArticleContext, demonyms: bool = False) -> list[str]:
    """The place a token belongs to, as a one-item list (or a demonym's country, if asked)."""
    entity = context.by_token.get(token.i)
    landmark = _landmark_at(token, entity)
    if landmark:
        return [landmark]
    if entity is None:
        return _untagged_place(token, context)
    if entity.label_ in PLACE_LABELS:
        return [entity._.entity]
    # The small model calls "Papua New Guinea" a FAC and "Kyiv" a PERSON: in a destination slot, a
    # single-word name the gazetteer knows well is the place (no one was introduced by that name).
    mistaken = entity.label_ in MISTAKEN_PLACE_LABELS or (
        entity.label_ == "PERSON" and " " not in entity._.entity
    )
    if mistaken:
        return [entity._.entity] if _clearly_a_place(entity._.entity, context) else []
    if demonyms and entity.label_ == "NORP":
        country = country_of_demonym(entity.text)
        return [country] if country else []
    return []


def _landmark_at(token: Token, entity: Span | None) -> str:
    """The seat of government or state venue a token names ("the Oval Office"), tagged or not."""
    words = [t for t in token.lefts if t.dep_ == "compound"] + [token]
    for name in (entity.text if entity is not None else "", " ".join(t.text for t in words)):
        place = lookup_landmark(name) if name else None
        if place is not None:
            return place.name
    return ""


def _untagged_place(token: Token, context: ArticleContext) -> list[str]:
    """A proper name the model left untagged in a destination slot ("arrive in Kyiv"), if it is a
    country, a region or a sizeable city."""
    if token.pos_ != "PROPN" or token.ent_type_ or not token.is_title:
        return []
    words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and not t.ent_type_]
    name = " ".join(t.text for t in [*words, token])
    return [name] if _clearly_a_place(name, context) else []


def _clearly_a_place(name: str, context: ArticleContext) -> bool:
    """A name the model did not call a place, but the gazetteer knows as a country, region or big city."""
    place = context.place(name)
    return place is not None and (place.kind != "city" or place.population >= MIN_UNTAGGED_CITY)


def host_places(verb: Token, context: ArticleContext) -> list[str]:
    """Where a host received a guest: the host country itself, an "in"/"to"/"at" phrase of the verb,
    or one further on in its clause ("hosted a banquet ... at State House, Nairobi")."""
    found = _places_from_preps(verb, {"in", "to", "at"}, context)
    for child in verb.children:
        if child.dep_ == "nsubj":
            found += _place_names(child, context)
        elif child.dep_ == "agent":  # "was hosted by Japan"
            found += _places_via(child, context)
    if not found:  # "hosted a banquet in honour of X at State House, Nairobi": wherever the phrase hangs
        for token in verb.subtree:
            if token.i > verb.i and token.dep_ == "prep" and token.lower_ in ("in", "at"):
                found += _places_via(token, context)
    return found


# --- visitors -----------------------------------------------------------------------------------


def people_in(doc: Doc, subject: Token | None, context: ArticleContext) -> list[str]:
    """Canonical names of the people a subject refers to, with those coordinated ("X and Y flew")."""
    if subject is None:
        return []
    names = [name for token in (subject, *subject.conjuncts) for name in _person(doc, token, context)]
    return list(dict.fromkeys(names))


def people_under(
    doc: Doc, heads: Iterable[Token], deps: tuple[str, ...], context: ArticleContext
) -> list[str]:
    """The people named by the children (of these dependency labels) of some tokens: the objects
    of "by", "for" and "with" phrases, of a participle ("the plane carrying X")."""
    return [
        name
        for head in heads
        for child in head.children
        if child.dep_ in deps
        for name in people_in(doc, child, context)
    ]


def preposition_phrases(token: Token, *words: str) -> list[Token]:
    """The prepositions among a token's children that are one of `words` ("with", "for")."""
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in words]


def _person(doc: Doc, token: Token, context: ArticleContext) -> list[str]:
    """The known person one subject word refers to, as a one-item list, or []."""
    if token.pos_ == "NOUN":  # "Hargreaves' predecessor, Lachlan Dorney": the apposition says who
        for child in token.children:
            named = _person(doc, child, context) if child.dep_ == "appos" else []
            if named:
                return named
    # people.refer knows he/she/him/her; "his" (an owner: "his visit") resolves the same way.
    referent = resolve_pronoun(doc, token) if token.lower_ == "his" else refer(doc, token)
    if referent.name in context.people:
        # "Hargreaves' predecessor" or "Biden's envoy" is someone else than the owner named.
        owners = [c for c in token.children if _is_possessive(c)] if token.pos_ == "NOUN" else []
        if any(referent.mention in doc[c.left_edge.i : c.right_edge.i + 1].text for c in owners):
            return []
        return [referent.name]
    if token.pos_ in ("PROPN", "NOUN") and token.is_title and token.ent_type_ not in PLACE_LABELS:
        return context.person_named(token)
    return []


def _is_possessive(token: Token) -> bool:
    return token.dep_ == "poss" or (token.dep_ == "nmod" and any(c.dep_ == "case" for c in token.children))


def doer_of(verb: Token) -> Token | None:
    """Who does a verb: its subject, through control ("invited Luxon to visit", "set to embark")
    and infinitives that modify a noun ("the first official to visit" -> the official, or who is it)."""
    token = verb
    for _ in range(MAX_CLIMB):
        if token.dep_ == "xcomp" and token.head.lemma_ in OBJECT_CONTROL_VERBS:
            objects = [c for c in token.head.children if c.dep_ == "dobj"]
            if objects:
                return objects[0]
        subject = subject_of(token)
        if subject is not None:
            if subject.tag_ in ("WP", "WDT") and token.dep_ == "relcl":  # "Luxon, who flew to Lima"
                return token.head
            return subject
        if token.dep_ in ("acl", "relcl"):
            noun = token.head
            if noun.ent_type_ == "PERSON" or noun.lower_ in ("he", "she"):
                return noun
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            if owner is not None:  # "Trump's decision to skip the summit"
                return owner
            if noun.dep_ in ("attr", "appos"):  # "Wang became the first official to visit"
                token = noun.head
                continue
            if noun.dep_ in ("nsubj", "nsubjpass"):
                return None
            return governing_subject(noun)  # "received an invitation to visit"
        if (
            token.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "acomp")
            and token.head is not token
        ):
            token = token.head
            continue
        return None
    return None


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase hangs from ("undertook a visit", "embark on a visit", "during his visit")."""
    token = noun
    for _ in range(MAX_CLIMB):
        if token.dep_ in ("nsubj", "nsubjpass", "ROOT") or token.head is token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def governing_subject(noun: Token) -> Token | None:
    verb = governing_verb(noun)
    if verb is None or verb.lemma_ in NOT_TRAVELLER_VERBS:
        return None
    return doer_of(verb)


def _noun_visitors(doc: Doc, noun: Token, context: ArticleContext) -> list[str]:
    """Who makes a trip named by a noun: its owner ("McClay's visit"), its agent ("a visit by Modi"),
    or the subject of the verb it hangs from ("Hipkins undertook a visit")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return people_in(doc, child, context)
        if child.dep_ == "prep" and child.lower_ == "by":
            return people_under(doc, [child], ("pobj",), context)
        if child.dep_ == "acl" and child.lemma_ in ESCORT_VERBS:  # "a trade mission led by McClay"
            agents = [c for c in child.children if c.dep_ == "agent"]
            return people_under(doc, agents, ("pobj",), context)
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return []
    return people_in(doc, governing_subject(noun), context)


def guests_of(doc: Doc, verb: Token, context: ArticleContext) -> list[str]:
    """Who a host received: the object, the subject of a passive ("Murmu was hosted by ..."), or
    whom an event was held for ("hosted a state banquet in honour of King X")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            guests = people_in(doc, child, context)
            if guests:
                return guests
    honoured = [t for t in verb.subtree if t.lower_ in ("honour", "honor") and t.i > verb.i]
    return [
        span._.entity
        for noun in honoured[:1]
        for t in noun.subtree
        if (span := context.by_token.get(t.i)) is not None and span.label_ == "PERSON" and t.i == span.start
    ]


VEHICLE_NOUNS = frozenset(
    """
    aircraft carrier convoy frigate helicopter jet motorcade plane ship submarine train vessel warship
    """.split()
)


def _honoured(doc: Doc, trigger: Token, context: ArticleContext) -> list[str]:
    """Who a trip is really about when the subject is not the traveller: the guest of an event
    ("attended a banquet for X"), those who attended ("the summit was attended by X and Y"), or who
    a plane carries ("the plane carrying X is due to arrive")."""
    for child in trigger.children:
        if child.dep_ == "agent":  # "was attended by X and Y"
            return people_under(doc, [child], ("pobj",), context)
        if child.dep_ == "dobj" and child.lemma_.lower() in GATHERING_NOUNS:
            guests = people_under(doc, preposition_phrases(child, "for"), ("pobj",), context)
            if guests:
                return guests
    subject = doer_of(trigger)
    if subject is not None and subject.lemma_.lower() in VEHICLE_NOUNS:
        carried = [c for c in subject.children if c.dep_ == "acl"]
        return people_under(doc, carried, ("dobj",), context)
    return []


def _host_home(verb: Token, context: ArticleContext) -> list[str]:
    """The country of the person who hosts, when the sentence names no place."""
    subject = subject_of(verb)
    people = people_in(verb.doc, subject, context) if subject is not None else []
    return sorted({home for person in people for home in context.homes(person)})


def _meeting_visitors(doc: Doc, trigger: Token, names: list[str], context: ArticleContext) -> list[str]:
    """Who is a visitor where people meet: the one who meets (the subject), unless the place is their
    own country. At a seat of government (the White House) everyone met there counts too when their
    country is known and is not the place's, and someone whose country is not known counts only
    beside a known host."""
    places = [place for name in names if (place := context.place(name)) is not None]
    countries = {place.country for place in places}
    at_seat = any(place.kind == "landmark" for place in places)
    is_noun = trigger.pos_ == "NOUN"
    # "X met Y", "X held talks with Y", "X caught Y off guard during a meeting": who is there.
    acting = governing_verb(trigger) if is_noun else trigger
    leading = people_in(doc, governing_subject(trigger) if is_noun else doer_of(trigger), context)
    others: list[str] = []
    if at_seat:  # elsewhere a counterpart met may live there or be passing through too
        objects = [c for c in (acting.children if acting is not None else []) if c.dep_ == "dobj"]
        objects += [
            o for c in trigger.children if c.dep_ == "prep" and c.lower_ == "with" for o in c.children
        ]
        others = [n for obj in objects if obj.dep_ in ("dobj", "pobj") for n in people_in(doc, obj, context)]
    if not leading and not others and trigger.pos_ == "NOUN":  # "The meeting, held in Rio, ...": who met
        told = told_meeting(trigger, *context.meetings, context)
        if told is not None:
            leading = [*told._.meeting_side_a, *told._.meeting_side_b]
    everyone = list(dict.fromkeys([*leading, *others]))
    host_present = any(context.homes(person) & countries for person in everyone)

    def is_visitor(person: str) -> bool:
        homes = context.homes(person)
        if homes:
            return not homes & countries
        return host_present if at_seat else person in leading

    return [person for person in everyone if is_visitor(person)]


def told_meeting(
    noun: Token, meetings: list[Span], starts: list[int], context: ArticleContext
) -> Span | None:
    """The meeting a definite meeting noun naming no one refers to ("X and Y held talks ... The
    meeting, held in Rio, lasted 20 minutes"): the last one told in the sentences just before.
    `meetings` are in text order, `starts` their first tokens."""
    if noun.pos_ != "NOUN" or not any(c.lower_ in DEFINITE_WORDS for c in noun.lefts):
        return None
    if any(c.dep_ == "poss" or c.lower_ in ("with", "between", "among") for c in noun.children):
        return None  # "his meeting", "the meeting with Y", "the meeting between": people named
    index = bisect_left(starts, noun.i)
    if index == 0:
        return None
    earlier = meetings[index - 1]
    distance = context.sentence_of(noun) - context.sentence_of(noun.doc[earlier.start])
    return earlier if distance <= ANAPHORA_SENTENCES else None


def _says_this_was_a_trip(noun: Token) -> bool:
    """ "This was the first visit to India by ...": what was just told is called a trip."""
    copula = noun.head
    if noun.pos_ != "NOUN" or noun.dep_ != "attr" or copula.lemma_ != "be":
        return False
    return any(c.dep_ == "nsubj" and c.lower_ in ("this", "it", "that") for c in copula.children)


def _teller_before(doc: Doc, noun: Token, context: ArticleContext) -> list[str]:
    """Who did what "this was a visit" refers to: the person the sentence before is about (its main
    subject), for a trip whose own words name no person ("a visit by the EU's commissioners")."""
    if not _says_this_was_a_trip(noun) or noun.sent.start == 0:
        return []
    if any(agent.lemma_.lower() in VEHICLE_NOUNS for agent in _agents(noun)):
        return []  # "the first visit by a warship": not the people who spoke of it
    before = doc[noun.sent.start - 1].sent
    while not before.text.strip() and before.start > 0:  # a blank line between paragraphs
        before = doc[before.start - 1].sent
    return people_in(doc, subject_of(before.root), context)


def _agents(noun: Token) -> list[Token]:
    """The nouns of a trip's "by" phrase ("a visit by a delegation and a frigate")."""
    objects = [c for p in preposition_phrases(noun, "by") for c in p.children if c.dep_ == "pobj"]
    return [o for c in objects for o in (c, *c.conjuncts)]


def _restates_a_trip(
    noun: Token, visitors: list[str], names: list[str], sentence: int, earlier: list[_Found]
) -> bool:
    """`X will visit China next week. This is X's first visit to China since 2019`: "this is ... visit"
    says something about the trip just told, and is no second one (its present tense is not "ongoing")."""
    if not _says_this_was_a_trip(noun):
        return False
    for item in reversed(earlier):
        if sentence - item.sentence > ANAPHORA_SENTENCES:
            return False
        if set(visitors) <= set(item.visitors) and set(names) & set(item.places):
            return True
    return False


def _antecedent(noun: Token, visitors: list[str], sentence: int, earlier: list[_Found]) -> _Found | None:
    """The trip a bare trip noun refers back to ("... the trip was not possible"), if one is near."""
    if (
        noun.lemma_ not in ANAPHORIC_NOUNS
        or noun.tag_ == "NNS"
        or any(c.lower_ in ("other", "another", "any", "every", "no") for c in noun.lefts)
    ):
        return None
    for item in reversed(earlier):
        if sentence - item.sentence > ANAPHORA_SENTENCES:
            return None
        if item.kind in ("presence", "while", "gathering"):  # a meeting somewhere is no trip to refer to
            continue
        if not visitors or set(visitors) & set(item.visitors):
            return item
    return None


def _resolved_places(names: Iterable[str], visitors: list[str], context: ArticleContext) -> list[str]:
    """Places that resolve to a country in the gazetteer and are not every visitor's own country
    (visit_rows leaves out each visitor's own).

    A region spanning countries ("the Pacific") is left out: a visit row needs its country.
    """
    kept = []
    for name in names:
        place = context.place(name)
        if place is None or not place.country:
            continue
        if all(place.country in context.homes(v) for v in visitors):
            continue
        kept.append(name)
    return kept


# --- status -------------------------------------------------------------------------------------


def clause_of(token: Token) -> list[Token]:
    """The trigger and the words above it up to the first finite verb: where its tense is decided."""
    chain = [token]
    while not _is_finite(chain[-1]) and len(chain) <= MAX_CLIMB:
        current = chain[-1]
        if current.head is current or current.dep_ in ("ccomp", "parataxis"):
            break
        # A trip noun's own clause decides its tense ("the visit would mark"); other subjects end the climb.
        if current.dep_ in ("nsubj", "nsubjpass") and not (current is token and token.pos_ == "NOUN"):
            break
        chain.append(current.head)
    return chain


def _is_finite(token: Token) -> bool:
    if token.tag_ in ("VBD", "VBZ", "VBP", "MD"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ != "TO" for c in token.children)


def decide_status(cues: str, date_text: str, article_date: str, later: bool = False) -> tuple[str, str, str]:
    """The visit's status, decided once, with its dates: what the words say (`status_cues`; a trip
    told with nothing to say when is done), then the date, read the way the status points (a trip
    done before the article, one planned after it), and an "ongoing" trip dated after the article
    is still to come ("begins on Sunday"), while one planned for the article's own day is under way
    ("will meet X during a visit to Kyiv on Tuesday", written on that Tuesday) unless the words say
    `later` ("later on Tuesday")."""
    status = cues or COMPLETED
    date, date_end = ("", "")
    if date_text:
        date, date_end = resolve_date_range(date_text, article_date, _PREFERRED_DATES[status])
    today = article_date[:10]
    if status == ONGOING and len(date) == 10 and today and date > today:
        status = PLANNED
    elif (
        status == PLANNED
        and len(date) == 10
        and len(today) == 10
        and date <= today <= (date_end or date)
        and not later  # "later on Wednesday", said on Wednesday, is still to come
    ):
        status = ONGOING
    return status, date, date_end


def status_cues(trigger: Token, chain: list[Token]) -> str | None:
    """completed / ongoing / planned / cancelled from tense, modality and cue words; '' when nothing
    tells; None when the trip is denied ("has never visited China")."""
    words = _clause_words(chain)
    lemmas = {t.lemma_.lower() for t in words}
    lowers = {t.lower_ for t in words}
    negated = any(t.dep_ == "neg" for t in words)
    finite = chain[-1] if _is_finite(chain[-1]) else None
    auxes = [c for c in finite.children if c.dep_ in ("aux", "auxpass")] if finite is not None else []
    modal = any(a.lower_ in FUTURE_MODALS or a.lemma_ in FUTURE_MODALS for a in auxes) or (
        finite is not None and finite.tag_ == "MD"
    )
    going_to = any(t.lower_ == "going" and t.dep_ != "ROOT" for t in chain[1:])
    past_perfect = any(a.lemma_ == "have" and a.tag_ == "VBD" for a in auxes)

    if _cancelled(words, lemmas, negated):
        return CANCELLED
    # A meeting told in passing is as planned as its own words say ("a planned meeting"), not as the
    # aim it served ("sought to strengthen ties during a meeting"); "a meeting is planned" is planned.
    aside = trigger.lemma_ in GATHERING_NOUNS and trigger.dep_ == "pobj"  # "during a meeting"
    planned_words = _clause_words([trigger]) if aside else words
    planning = (
        bool({t.lemma_.lower() for t in planned_words} & PLAN_WORDS)
        or bool({t.lower_ for t in planned_words} & PLANNED_MODIFIERS)
        or "invitation" in lemmas
    )
    if planning and any(
        _cancelled([c], {c.lemma_}, False) for t in chain for c in t.children if c.dep_ == "conj"
    ):
        return CANCELLED  # "was expected in Berlin but cancelled"
    if planning and past_perfect and (lemmas & {"plan", "intend", "hope", "want", "expect", "schedule"}):
        # "had planned to visit India": it did not happen, unless "... but it was postponed".
        return PLANNED if any(t.lemma_ in POSTPONE_WORDS for t in trigger.sent) else CANCELLED
    if negated:  # "will not attend" calls a trip off; "does not plan to go" was never a trip
        never_planned = bool(lemmas & {"plan", "intend", "expect"})
        return CANCELLED if (modal or planning or going_to) and not never_planned else None
    above = {t.lower_ for t in chain[1:]}  # the words the trigger hangs from
    if lemmas & POSTPONE_WORDS or "ahead" in above or "yet" in lowers:
        return PLANNED  # "postponed", "ahead of his visit", "has yet to visit"
    if above & {"after", "following"}:
        return COMPLETED  # "after visiting Japan, he heads to Korea"
    if (modal or planning or going_to) and _plan_reversed(chain):
        return CANCELLED  # "initially said X would attend, but later declared no one would"
    cues = time_cues(trigger, chain)
    if modal or planning or going_to:
        return ONGOING if "today" in cues and "future" not in cues else PLANNED  # "will today lead"
    tense = _tense(finite, auxes)
    if tense == "past":
        return COMPLETED
    if tense == "present":
        if "future" in cues or _future_main_clause(finite):
            return PLANNED
        return COMPLETED if "past" in cues else ONGOING
    for cue, status in (("future", PLANNED), ("today", ONGOING), ("past", COMPLETED)):
        if cue in cues:
            return status
    return ""


def _plan_reversed(chain: list[Token]) -> bool:
    """A plan told as the first word, then taken back: "initially said he would attend ..., but later
    ...", "was originally due to travel, but ..." (unless that "but" only moves it to another day)."""
    top = chain[-1]
    heads = [*chain, top.head] if top.dep_ in ("ccomp", "xcomp") else chain
    children = [c for t in heads for c in t.children]
    if not any(c.dep_ == "advmod" and c.lower_ in ("initially", "originally") for c in children):
        return False
    if not any(c.dep_ == "cc" and c.lower_ == "but" for c in children):
        return False
    return not any(c.dep_ == "conj" and c.lemma_ in POSTPONE_WORDS for c in children)


def _future_main_clause(verb: Token) -> bool:
    """A temporal clause whose main clause is in the future: "when he lands in Beijing, it will ..."."""
    if verb.dep_ != "advcl" or not any(
        c.lower_ in TEMPORAL_MARKS for c in verb.children if c.dep_ in ("mark", "advmod")
    ):
        return False
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo") for c in verb.head.children)


def _clause_words(chain: list[Token]) -> list[Token]:
    """The chain's words with their auxiliaries, negation, particles and modifiers."""
    words = list(chain)
    for token in chain:
        words += [
            c for c in token.children if c.dep_ in ("aux", "auxpass", "neg", "prt", "amod", "acomp", "advmod")
        ]
    return words


def _cancelled(words: list[Token], lemmas: set[str], negated: bool) -> bool:
    """Whether the clause calls the trip off: "called off", "cancelled", "unable to", "not possible"."""
    if lemmas & CANCEL_WORDS:
        return True
    pairs = {(t.lemma_, c.lower_) for t in words for c in t.children if c.dep_ == "prt"}
    if pairs & CANCEL_PHRASES:
        return True
    return negated and any(t.lemma_ in ("possible", "feasible") for t in words)


def _tense(finite: Token | None, auxes: list[Token]) -> str:
    """'past', 'present' or '' for the finite verb of a trigger's clause."""
    if finite is None:
        return ""
    if any(a.lemma_ == "have" for a in auxes) or finite.tag_ == "VBD":
        return "past"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if finite.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    return ""


def time_cues(trigger: Token, chain: list[Token]) -> set[str]:
    """Which of TIME_CUES the dates and time adverbs attached to the trigger's clause show."""
    dates = dates_for(trigger, chain)
    texts = [ent.text for ent in dates]
    # the adverbs of the clause, and of a date's preposition ("later on Wednesday")
    heads = [*chain, *(ent.root.head for ent in dates if ent.root.dep_ == "pobj")]
    texts += [c.text for t in heads for c in t.children if c.dep_ == "advmod" and c.lower_ in TIME_ADVERBS]
    text = " ".join(texts)
    return {cue for cue, pattern in TIME_CUES.items() if pattern.search(text)}


# --- dates --------------------------------------------------------------------------------------


def _sentence_dates(doc: Doc) -> dict[int, list[Span]]:
    """The model's entities of each sentence by its first token (one pass per doc: `sent.ents`
    scans every entity of the doc each time)."""
    cached = doc.user_data.get("dateline_sentence_dates")
    if cached is None:
        cached = {}
        for ent in doc.ents:
            cached.setdefault(ent.sent.start, []).append(ent)
        doc.user_data["dateline_sentence_dates"] = cached
    return cached


def dates_for(trigger: Token, chain: list[Token]) -> list[Span]:
    """DATE/TIME entities attached to the trigger's clause, nearest first."""
    sent = trigger.sent
    targets = {t.i for t in chain}
    # "will travel to Italy to attend the summit on June 13-15": the purpose's date is the trip's
    targets |= {
        c.i
        for c in trigger.children
        if c.dep_ in ("advcl", "xcomp") and any(a.tag_ == "TO" for a in c.children)
    }
    found = []
    for ent in _sentence_dates(trigger.doc).get(sent.start, ()):
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if _DURATION.search(ent.text) or _attaches_to(ent.root, targets) is None:
            continue
        found.append(ent)
    return sorted(found, key=lambda e: min(abs(e.start - trigger.i), abs(e.end - 1 - trigger.i)))


def _attaches_to(token: Token, targets: set[int]) -> Token | None:
    """The first of `targets` reached going up from a date's head, through prepositions only."""
    current = token
    for _ in range(3):
        head = current.head
        if head is current:
            return None
        if current.dep_ == "pobj" and head.lower_ in NON_POINT_PREPS:
            return None
        if head.i in targets:
            return head
        if head.pos_ not in ("ADP", "NOUN", "PROPN") or current.dep_ not in (
            "pobj",
            "prep",
            "compound",
            "npadvmod",
        ):
            return None
        current = head
    return None


# --- rows ---------------------------------------------------------------------------------------

# Which way an ambiguous date points: a trip done was before the article, one planned after it.
# The present tense of news ("arrives on Wednesday") mostly announces what is about to happen.
_PREFERRED_DATES = {COMPLETED: "past", PLANNED: "future", CANCELLED: "future", ONGOING: "future"}


def evidence_of(text: str, sent: Span) -> tuple[str, int, int]:
    """The sentence's text (from the doc's `text`) without surrounding whitespace, and its offsets."""
    start, end = sent.start_char, sent.end_char
    text = text[start:end]
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return stripped, start, start + len(stripped)


def _written_in(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets of a place name as written in text[start:end] (its sentence), else (-1, -1)."""
    found = text.find(name, start, end)
    return (found, found + len(name)) if found >= 0 else (-1, -1)


def visit_rows(doc: Doc, article: Article) -> list[dict]:
    """One row per (visitor, destination, status) found in an article, first mention first."""
    starts = paragraph_starts(doc)
    text = doc.text  # Doc.text joins every token: once per doc, not once per visit
    countries = article_countries(doc)
    homes = home_countries(doc)
    rows: dict[tuple[str, str, str], dict] = {}
    for span in doc.spans.get("visits", []):
        evidence, start, end = evidence_of(text, doc[span.start].sent)
        date_text, date, date_end, status = span._.date_text, span._.date, span._.date_end, span.label_
        for place_name in span._.places:
            place = destination(place_name, countries)
            if place is None:
                continue
            point = capital_of(place) or place  # a trip to a country is drawn at its capital
            place_start, place_end = _written_in(text, place_name, start, end)
            for visitor in span._.visitors:
                key = (visitor, place.name, status)
                if key in rows or place.country in homes.get(visitor, ()):
                    continue
                rows[key] = {
                    "article_id": article.article_id,
                    "visitor": visitor,
                    "place": place_name,
                    "country": place.country,
                    "lat": point.lat,
                    "lon": point.lon,
                    "status": status,
                    "date": date,
                    "evidence": evidence,
                    "date_text": date_text,
                    "place_kind": place.kind,
                    "trigger": span._.trigger,
                    "evidence_start": start,
                    "evidence_end": end,
                    "paragraph": paragraph_index(starts, start),
                    "home_country": "; ".join(sorted(homes.get(visitor, ()))),
                    "date_end": date_end,
                    "trigger_start": span.start_char,
                    "trigger_end": span.end_char,
                    "place_start": place_start,
                    "place_end": place_end,
                }
    # "a visit to Russia" beside "talks in Moscow": the trip is one, at the city the text names.
    named = {(r["visitor"], r["country"], r["status"]) for r in rows.values() if r["place_kind"] != "country"}
    return [
        r
        for r in rows.values()
        if r["place_kind"] != "country" or (r["visitor"], r["country"], r["status"]) not in named
    ]
