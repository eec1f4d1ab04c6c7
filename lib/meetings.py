"""Meetings: who met whom, where and when (the `dateline_meetings` component).

A meeting is read from a verb of meeting (`X met Y`, `X and Y met`, `X will meet with Y`, `X spoke
with Y`), of hosting (`X hosted Y`, `Y was welcomed by X`) or a noun (`X held talks with Y`, `his
meeting with Y`, `a bilateral meeting between X and Y`, `following discussions with Y`), never from
quoted speech or a phone call, nor from a meeting only proposed (`suggested that X meet Y`). One
side meets the other (`X, accompanied by Y, met Z`: X and Y each met Z); with no other side named,
everyone on the one side met (`X and Y met in Lima`). People are resolved as quote speakers and visitors are
(lib.people), the place and the status as a trip's (lib.visits); a meeting on a trip takes the
trip's place and day, and "the meeting, held in Rio" gives its place to the meeting told just
before. `meeting_rows` gives one row per pair of people.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from lib.corpus import Article
from lib.visits import (
    HOST_VERBS,
    STAND_IN_VERBS,
    TRIP_NOUNS,
    ArticleContext,
    clause_of,
    dates_for,
    decide_status,
    destinations,
    doer_of,
    evidence_of,
    governing_subject,
    governing_verb,
    guests_of,
    host_places,
    people_in,
    people_under,
    preposition_phrases,
    status_cues,
    time_cues,
    told_meeting,
)

MEETING_VERBS = frozenset({"meet", "confer"})
# "spoke with", "talked with", "sat down with": a meeting only with "with" (not "spoke to reporters").
WITH_VERBS = frozenset({"speak", "talk", "sit"})
MEETING_NOUNS = frozenset({"meeting", "talks", "talk", "discussion", "discussions", "bilateral", "summit"})
HEADLINE_NOUNS = frozenset({"talks", "meeting", "meetings"})  # tagged as names in title case
PAIR_WORDS = frozenset({"pair", "duo", "two"})  # "the pair", "the two leaders"
PHONE_WORDS = frozenset({"phone", "telephone", "call", "video", "virtually", "online"})
# A meeting someone proposes, suggests or invites to has not happened and is not yet planned
# ("proposed a visit for a meeting with Y", "suggested that X meet Y", "invited X to meet him").
PROPOSAL_WORDS = frozenset(
    "ask invitation invite offer propose proposal recommend request suggest suggestion urge".split()
)
# ... unless the clause says it was taken up ("accepted an invitation to meet", "agreed to meet").
TAKEN_UP_WORDS = frozenset("accept agree arrange confirm plan schedule set".split())
# A proposal past one of these is of something else ("after meeting Y, X proposed new rules").
TIME_LINKS = frozenset("after before during following since until when while".split())

for _name, _default in (("side_a", ()), ("side_b", ()), ("place", ""), ("date", ""), ("date_text", "")):
    if not Span.has_extension(f"meeting_{_name}"):
        Span.set_extension(f"meeting_{_name}", default=_default)


@dataclass
class _Meeting:
    start: int  # token offsets of the trigger
    end: int
    side_a: list[str]
    side_b: list[str]
    place: str
    status: str
    date: str
    date_text: str


@Language.component(
    "dateline_meetings",
    requires=["doc.spans", "span._.entity", "doc._.people", "token.dep"],
    assigns=["doc.spans", "span._.meeting_side_a", "span._.meeting_side_b"],
)
def find_meetings(doc: Doc) -> Doc:
    """Store meetings told in the narration in `doc.spans["meetings"]` (label: status)."""
    context = ArticleContext(doc)
    spans: list[Span] = []
    for token in doc:
        if token.i in context.quoted or not _is_trigger(token):
            continue
        meeting = _read(doc, token, context)
        if meeting is None:
            _place_told_meeting(token, context, spans)
            continue
        span = Span(doc, meeting.start, meeting.end, label=meeting.status)
        span._.meeting_side_a, span._.meeting_side_b = meeting.side_a, meeting.side_b
        span._.meeting_place, span._.meeting_date = meeting.place, meeting.date
        span._.meeting_date_text = meeting.date_text
        spans.append(span)
    doc.spans["meetings"] = spans
    return doc


def _is_trigger(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in MEETING_VERBS | WITH_VERBS | HOST_VERBS:
        return True
    if token.pos_ == "PROPN":  # a title-case headline: "X and Y Hold Talks at G20 Summit"
        return token.dep_ == "dobj" and not token.ent_type_ and token.lower_ in HEADLINE_NOUNS
    return token.pos_ == "NOUN" and (lemma in MEETING_NOUNS or token.lower_ in MEETING_NOUNS)


def _read(doc: Doc, trigger: Token, context: ArticleContext) -> _Meeting | None:
    """The meeting a trigger tells of, or None (no two people, a phone call, not a meeting)."""
    if any(t.lower_ in PHONE_WORDS for t in trigger.sent if t.i not in context.quoted):
        return None
    side_a, side_b = _sides(doc, trigger, context)
    side_b = [p for p in side_b if p not in side_a]
    if not side_b and len(side_a) < 2:
        return None
    chain = clause_of(trigger)
    if _only_proposed(trigger, chain):
        return None
    cues = status_cues(trigger, chain)
    if cues is None:  # "has never met"
        return None
    trip = _trip_around(trigger)
    dates = dates_for(trigger, chain) or (dates_for(trip, [trip]) if trip is not None else [])
    date_text = dates[0].text if dates else ""
    later = "future" in time_cues(trigger, chain)
    status, date, _ = decide_status(cues, date_text, doc._.article_date, later)
    if trigger.lemma_ in HOST_VERBS and trigger.pos_ == "VERB":  # where the text says, not the host's home
        names = host_places(trigger, context)
    else:
        names = destinations(trigger, "gathering" if trigger.pos_ == "NOUN" else "presence", context)
    places = [name for name in names if context.place(name)]
    if not places and trip is not None:
        places = [name for name in destinations(trip, "noun", context) if context.place(name)]
    return _Meeting(
        trigger.i, trigger.i + 1, side_a, side_b, places[0] if places else "", status, date, date_text
    )


def _trip_around(trigger: Token) -> Token | None:
    """The trip a meeting happens on, which gives it its place and day when it has none: "will meet
    Y during a visit to Kyiv on Tuesday", "a two-day visit, during which he will meet Y"."""
    for prep in preposition_phrases(trigger, "during", "on"):
        trip = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_ in TRIP_NOUNS), None)
        if trip is not None:
            return trip
    clause = trigger.head if trigger.dep_ == "conj" else trigger  # "will hold talks ... and meet Y"
    if clause.dep_ == "relcl" and clause.head.lemma_ in TRIP_NOUNS:
        return clause.head
    return None


def _place_told_meeting(noun: Token, context: ArticleContext, meetings: list[Span]) -> None:
    """Give the meeting told just before the place a definite "the meeting, held at ..." names."""
    earlier = told_meeting(noun, meetings[-1:], [span.start for span in meetings[-1:]], context)
    if earlier is None or earlier._.meeting_place:
        return
    places = [name for name in destinations(noun, "gathering", context) if context.place(name)]
    if places:
        earlier._.meeting_place = places[0]


def _only_proposed(trigger: Token, chain: list[Token]) -> bool:
    """Whether the meeting is only proposed: its clause, or the verb whose complement it is, proposes
    it ("a proposed meeting", "suggested that X meet Y"), and nothing says it was taken up."""
    # up to a time word: "after meeting Y, X proposed new rules" proposes the rules, not the meeting
    until = next((n for n, t in enumerate(chain) if t.lower_ in TIME_LINKS), len(chain))
    words = [*chain[:until], *(c for c in trigger.children if c.dep_ == "amod")]
    if until == len(chain) and chain[-1].dep_ in ("ccomp", "xcomp"):
        words.append(chain[-1].head)
    lemmas = {t.lemma_.lower() for t in words}
    return bool(lemmas & PROPOSAL_WORDS) and not lemmas & TAKEN_UP_WORDS


def _sides(doc: Doc, trigger: Token, context: ArticleContext) -> tuple[list[str], list[str]]:
    """Who meets (the subject, the owner of "his meeting", those "accompanied by" them) and whom
    ("with" Y, a direct object); "a meeting between X and Y" is one side, every pair."""

    if trigger.pos_ == "VERB" and trigger.lemma_ in HOST_VERBS:
        return _host_and_guests(doc, trigger, context)
    between = people_under(doc, preposition_phrases(trigger, "between"), ("pobj",), context)
    if between:
        return list(dict.fromkeys(between)), []
    side_b = people_under(doc, preposition_phrases(trigger, "with"), ("pobj",), context)
    if trigger.pos_ == "VERB":
        subject = doer_of(trigger)
        if subject is not None and subject.lemma_.lower() in PAIR_WORDS:  # "the pair are to sit down"
            return _last_two_named(doc, trigger, context), []
        if trigger.lemma_.lower() in WITH_VERBS and not side_b:
            return [], []  # "spoke to reporters" is no meeting
        side_b += people_under(doc, [trigger], ("dobj",), context)
    else:
        owner = next((c for c in trigger.children if c.dep_ == "poss"), None)
        subject = owner if owner is not None else governing_subject(trigger)
        verb = governing_verb(trigger)
        # "X caught Y off guard during a meeting" (but "X will represent Y at the summit": Y is away)
        if owner is None and verb is not None and verb.lemma_ not in STAND_IN_VERBS:
            side_b += people_under(doc, [verb], ("dobj",), context)
    side_a = people_in(doc, subject, context) if subject is not None else []
    if subject is not None:  # "Luxon, accompanied by Peters and McClay, met Wang"
        for acl in (c for c in subject.children if c.dep_ == "acl" and c.lemma_ == "accompany"):
            agents = [a for a in acl.children if a.dep_ == "agent"]
            side_a += people_under(doc, agents, ("pobj",), context)
    return list(dict.fromkeys(side_a)), list(dict.fromkeys(side_b))


def _host_and_guests(doc: Doc, verb: Token, context: ArticleContext) -> tuple[list[str], list[str]]:
    """A host meets their guests: "X hosted Y", "X welcomed Y at the White House", "Y was received by
    X", "X hosted a banquet in honour of Y"; a country that hosts ("Japan hosted Y") meets no one."""
    if any(c.dep_ == "aux" and c.lower_ in ("would", "could", "'d") for c in verb.children):
        return [], []  # "said he would welcome Y": glad to, not a visit arranged
    agents = [c for c in verb.children if c.dep_ == "agent"]
    if agents:
        hosts = people_under(doc, agents, ("pobj",), context)
    else:
        hosts = people_in(doc, doer_of(verb), context)
    guests = [guest for guest in guests_of(doc, verb, context) if guest not in hosts]
    if not hosts or not guests:  # "a dinner hosted by X and his wife" says not whom they met
        return [], []
    return list(dict.fromkeys(hosts)), guests


def _last_two_named(doc: Doc, trigger: Token, context: ArticleContext) -> list[str]:
    """The two people last named before a trigger, in its sentence or the one before ("Luxon
    secured talks with Xi - the pair are to sit down"); [] unless there are two."""
    sentence = trigger.sent
    earlier = doc[sentence.start - 1].sent if sentence.start else sentence
    named: list[str] = []
    for token in reversed(doc[earlier.start : trigger.i]):
        span = context.by_token.get(token.i)
        if span is not None and span.label_ == "PERSON" and span._.entity not in named:
            named.append(span._.entity)
        if len(named) == 2:
            return named
    return []


def meeting_rows(doc: Doc, article: Article) -> list[dict]:
    """One row per (pair of people, status) met in an article, first mention first."""
    text = doc.text
    context = ArticleContext(doc)
    rows: dict[tuple[str, str, str], dict] = {}
    for span in doc.spans.get("meetings", []):
        side_a, side_b = span._.meeting_side_a, span._.meeting_side_b
        pairs = [(a, b) for a in side_a for b in side_b] if side_b else list(combinations(side_a, 2))
        evidence, start, end = evidence_of(text, doc[span.start].sent)
        place = context.place(span._.meeting_place) if span._.meeting_place else None
        for a, b in pairs:
            key = (*sorted((a, b)), span.label_)
            rows.setdefault(
                key,
                {
                    "article_id": article.article_id,
                    "person_a": a,
                    "person_b": b,
                    "place": span._.meeting_place,
                    "country": place.country if place is not None else "",
                    "date": span._.meeting_date,
                    "status": span.label_,
                    "evidence": evidence,
                    "start": start,
                    "end": end,
                },
            )
    return list(rows.values())
