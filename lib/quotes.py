"""Direct quotations and who said them: the `dateline_quotes` component.

Sets `doc.spans["quotes"]` (span label = kind: full / partial / scare) with extensions
`speaker`, `speaker_mention`, `cue`, `method` and `char_range` (exact offsets of the quote text,
without its marks). Speakers are canonical names from `lib.entities`, resolved by `lib.people`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from lib.frames import PLACE_LABELS, AttributionMethod, QuoteKind, SpeakerType
from lib.lexicon import (
    HONORIFICS,
    ORGANISATION_NOUNS,
    PASSING_ON_VERBS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    SPEECH_NOUNS,
    WORDED_THINGS,
    WRITINGS,
)
from lib.names import abbreviates
from lib.paragraphs import paragraph_index, paragraph_starts
from lib.people import (
    NOBODY,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    Referent,
    entity_spans_by_token,
    forget_quoted_speech,
    is_person_noun,
    is_unnamed_person,
    named_like_a_person,
    people_of,
    person_subject_in,
    quoted_token_ids,
    refer,
    sentences_of,
    subject_of,
    unnamed_antecedent,
)

DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE = "“„«", "”»", '"'
SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE = "‘‹", "’›", "'"
OPENING_CONTEXT = set("([{—–-/:") | set(DOUBLE_OPEN + SINGLE_OPEN)
OPENING_MARKS = DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
SENTENCE_OPENERS = set(".!?:;—–-([")
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})

for _name, _default in (
    ("speaker", ""),
    ("speaker_type", ""),
    ("speaker_mention", ""),
    ("cue", ""),
    ("method", ""),
    ("char_range", None),
    ("open_ended", False),
    ("transcript_label", ""),  # "PENCE" for a transcript line "PENCE: Well, ..."
    ("cue_range", (-1, -1)),  # character offsets of the cue word, of the speaker as written there
    ("speaker_range", (-1, -1)),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@dataclass(frozen=True)
class QuoteMarks:
    """Where a quotation's text lies between its marks; `open_ended` when its paragraph ends first."""

    start: int
    end: int
    open_ended: bool = False
    single: bool = False


def _can_open(before: str, after: str) -> bool:
    return (
        (before.isspace() or before in OPENING_CONTEXT or not before) and not after.isspace() and bool(after)
    )


def _can_close(before: str, after: str) -> bool:
    return not before.isspace() and (not after or not after.isalnum())


def _is_weak_single_close(before: str, after: str) -> bool:
    """`taxpayers’ money`: a word, the mark, a space: as likely a plural possessive as a closing mark."""
    return before.isalpha() and after.isspace()


def _strong_single_close_ahead(text: str, start: int, end: int) -> bool:
    """Whether a surer closing single mark (after punctuation, or before punctuation) comes later."""
    for i in range(start, end):
        char = text[i]
        if char in SINGLE_OPEN:
            return False
        if char in SINGLE_CLOSE + STRAIGHT_SINGLE:
            before, after = text[i - 1], text[i + 1] if i + 1 < end else ""
            if before.isalnum() and after.isalnum():
                continue
            if before in ",.?!;:…" or not after or (not after.isalnum() and not after.isspace()):
                return True
    return False


def find_quote_marks(text: str, start: int = 0, end: int | None = None) -> list[QuoteMarks]:
    """Top-level quotations in one paragraph `text[start:end]`; inner quotes stay inside outer ones.

    Apostrophes (`won't`, `Leader’s`, `taxpayers’`) are not marks. A double quote left open closes
    at the paragraph end (`open_ended`); a single one left open was an apostrophe and is dropped.
    Two apostrophes (`''...''`, as some archives store quotes) are one double mark, and „ is closed
    by “ (German style).
    """
    end = len(text) if end is None else end
    found: list[QuoteMarks] = []
    open_at, open_single, opener = -1, False, ""
    i = start
    while i < end:
        char, width = text[i], 1
        if char == STRAIGHT_SINGLE and i + 1 < end and text[i + 1] == STRAIGHT_SINGLE:
            char, width = STRAIGHT_DOUBLE, 2  # ''...''
        if char not in DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + '"' + "'":
            i += 1
            continue
        before = text[i - 1] if i > start else ""
        after = text[i + width] if i + width < end else ""
        is_open = open_at >= 0
        # `said," The visit ...`: a mark glued to the reporter's comma, opening a quote after a space
        glued_open = before in ",:" and after == " " and i + width + 1 < end and text[i + width + 1].isupper()
        closes_low_nine = is_open and opener == "„" and char == "“"
        # `unusual,“ said`: an opening mark typed where the closing one belongs
        closes_reversed = (
            is_open
            and not open_single
            and char == "“"
            and before not in OPENING_CONTEXT
            and _can_close(before, after)
            and not _can_open(before, after)
        )
        # `so ”get close”`: a closing mark typed where the opening one belongs, closed later on
        opens_reversed = not is_open and char == "”" and _can_open(before, after) and "”" in text[i + 1 : end]
        if closes_reversed:
            found.append(QuoteMarks(open_at, i))
            open_at = -1
        elif opens_reversed:
            open_at, open_single, opener = i + 1, False, char
        elif not closes_low_nine and (
            char in DOUBLE_OPEN
            or (
                char == STRAIGHT_DOUBLE
                and not (is_open and not open_single)
                and (_can_open(before, after) or glued_open)
            )
        ):
            if is_open and open_single:
                i += width
                continue  # a double mark inside single quotes is nested
            if is_open:  # a second opening mark: the first quote was never closed
                found.append(QuoteMarks(open_at, i, open_ended=False))
            open_at, open_single, opener = i + width, False, char
        elif closes_low_nine or char in DOUBLE_CLOSE or char == STRAIGHT_DOUBLE:
            if is_open and not open_single:
                found.append(QuoteMarks(open_at, i))
                open_at = -1
        elif (
            char in SINGLE_OPEN + STRAIGHT_SINGLE
            and not is_open
            and not before.isalnum()
            and _can_open(before, after)
        ):
            open_at, open_single, opener = i + 1, True, char
        elif (
            char in SINGLE_CLOSE + STRAIGHT_SINGLE
            and is_open
            and open_single
            and not (before.isalnum() and after.isalnum())
            and _can_close(before, after)
            and not (_is_weak_single_close(before, after) and _strong_single_close_ahead(text, i + 1, end))
        ):
            found.append(QuoteMarks(open_at, i, single=True))
            open_at = -1
        i += width
    if open_at >= 0 and not open_single:
        found.append(QuoteMarks(open_at, end, open_ended=True))
    return [trimmed for marks in found if (trimmed := _trim(text, marks)) is not None]


def _trim(text: str, marks: QuoteMarks) -> QuoteMarks | None:
    """Drop surrounding whitespace and the comma that belongs to the reporter ("...," he said)."""
    start, end = marks.start, marks.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    if start >= end or not any(c.isalnum() for c in text[start:end]):
        return None
    return QuoteMarks(start, end, marks.open_ended, marks.single)


def _is_reporting_verb(token: Token) -> bool:
    """A verb of speech; also one the tagger took for a noun but the parse gives a subject (`a
    statement read`)."""
    is_verb = token.pos_ in ("VERB", "AUX") or (
        token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)
    )
    if is_verb and token.lemma_.lower() == "put":  # "as X put it", not "put the sign on a wall"
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)
    return is_verb and (token.lemma_.lower() in REPORTING_VERBS or token.lower_ in REPORTING_VERBS)


def _is_speech_noun(token: Token) -> bool:
    """A noun naming a speech act that has a source: `his claim that`, `in a statement`."""
    return token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS


SPEECH_CONTENT_DEPS = frozenset({"acl", "ccomp", "appos", "advcl"})


def _is_irrealis(verb: Token) -> bool:
    """A speech act that has not happened (`expected X to announce`, `will say`): not the quote's source."""
    return verb.tag_ == "VB" or any(
        child.dep_ == "aux" and child.tag_ in ("MD", "TO") for child in verb.children
    )


def _governing_cues(quote: Span, quoted: set[int]) -> list[Token]:
    """Reporting verbs and speech nouns the quote hangs from in the parse, innermost first
    (`X said he "would not ..."`, `X's claim that "..."`).

    Speech acts that did not happen are skipped: in `X said he expected Y to announce "..."` the
    words are X's.
    """
    inside = range(quote.start, quote.end)
    sentence = quote.sent
    found: list[Token] = []
    for token in quote:
        child, head, steps = token, token.head, 0
        if head.i in inside:
            continue
        while steps < 6 and sentence.start <= head.i < sentence.end:
            if head.i not in quoted and head not in found and _is_cue(head, child):
                found.append(head)
            if head.head == head:
                break
            child, head, steps = head, head.head, steps + 1
    return found


def _is_cue(head: Token, child: Token) -> bool:
    """Whether `head` is a speech act whose words `child` (on the way up from a quote) gives: a reporting
    verb that happened, or a speech noun whose content it is (`the claim that "..."`, not `called
    Trump's comments "toxic"`)."""
    if _is_reporting_verb(head):
        # "had concluded his trip ... and had to leave “for a visit”": a coordinated action is not
        # what the verb reports
        return not _is_irrealis(head) and child.dep_ != "conj"
    return _is_speech_noun(head) and child.dep_ in SPEECH_CONTENT_DEPS


def _frame(doc: Doc, quote: Span, paragraph: Span) -> list[Token]:
    """Narration around a quote: its sentence(s), and the next sentence when the quote's own sentence
    goes on there (`"Why now?" she asked.`, `"...," he said.`), all within its paragraph."""
    first = max(quote[0].sent.start, paragraph.start)
    last = min(max(quote[-1].sent.end, quote.end), paragraph.end)
    after = quote.end
    while after < paragraph.end and (doc[after].is_punct or doc[after].is_space):
        after += 1
    if after < paragraph.end and after >= last and _sentence_goes_on(doc, quote, doc[after]):
        last = min(doc[after].sent.end, paragraph.end)
    return [doc[i] for i in range(first, last)]


def _sentence_goes_on(doc: Doc, quote: Span, next_word: Token) -> bool:
    """After a closing mark, the reporter's sentence goes on unless the quote ended with a full stop
    and a new sentence starts with a capital (`"...suit." Argentina complained ...`)."""
    ends_with_stop = quote.text.rstrip().endswith(".")
    return not ends_with_stop or next_word.is_lower or _is_reporting_verb(next_word)


def _nearby_cue(quote: Span, frame: list[Token], quoted: set[int]) -> Token | None:
    """The reporting verb nearest the quote in its frame: after it first ("...," he said), else before.
    A verb busy with an object of its own is doing something else ("had concluded her trip")."""
    verbs = [
        t
        for t in frame
        if t.i not in quoted
        and _is_reporting_verb(t)
        and not _has_own_object(t, quoted)
        and not _in_clause_about_when(t, quote)
    ]
    after = [t for t in verbs if t.i >= quote.end]
    before = [t for t in verbs if t.i < quote.start]
    return after[0] if after else (before[-1] if before else None)


# Conjunctions of a clause that says when or despite what, not who speaks in the rest of the sentence.
WHEN_MARKS = frozenset("after before when whenever while since once until because although though if".split())


def _in_clause_about_when(verb: Token, quote: Span) -> bool:
    """Whether a reporting verb is in a clause about when or despite what that the quote lies outside
    (`After Ruiz asked about the loan, the couple became "defensive"`): it did not say those words."""
    clause = verb
    while clause.dep_ not in ("advcl", "ROOT") and clause.head is not clause:
        clause = clause.head
    marks = [c for c in clause.children if c.dep_ in ("mark", "advmod") and c.lower_ in WHEN_MARKS]
    inside = clause.left_edge.i <= quote.start <= clause.right_edge.i  # its last marks may hang elsewhere
    gap = verb.doc[clause.right_edge.i + 1 : quote.start]
    if clause.right_edge.i < quote.start and all(t.is_punct or t.is_space for t in gap):
        inside = True  # `when she said, "..."`, the parse having hung the quote from the main clause
    return clause.dep_ == "advcl" and bool(marks) and _has_subject(clause) and not inside


# Verbs of speech whose object is whom they speak to or of, not what they do.
ADDRESSEE_VERBS = frozenset("accuse ask call brand describe dub label praise tell thank urge warn".split())


def _has_own_object(verb: Token, quoted: set[int]) -> bool:
    """Whether a verb of speech is busy with something else: an object of its own, or an action it
    goes on with (`as Bush continued to interject`; `urged X to go` is speech)."""
    if verb.lemma_.lower() in ADDRESSEE_VERBS:
        return False
    return any(
        (c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")) or (c.dep_ == "xcomp" and c.tag_ == "VB")
        for c in verb.children
        if c.i not in quoted
    )


# --- who a cue names -------------------------------------------------------------------------------


def _speaker_of_cue(doc: Doc, cue: Token, quote: Span, quoted: set[int]) -> Referent:
    """The source a reporting verb or speech noun names: a person, else the source as written."""
    verb = _is_reporting_verb(cue)
    source = _verb_source(doc, cue, quote, quoted) if verb else _speech_noun_source(cue)
    return _source_referent(doc, source, quoted) if source is not None else NOBODY


def _source_referent(doc: Doc, source: Token, quoted: set[int]) -> Referent:
    """Whom a source token stands for: a person, else the source as written."""
    if source.lower_ in RELATIVE_PRONOUNS and source.head.dep_ == "relcl":
        antecedent = source.head.head  # "a video that said", "a spymaster who wrote"
        if source.lower_ in ("who", "whom"):
            antecedent = _speaker_the_phrase_qualifies(doc, antecedent) or antecedent
        source = _issuer(antecedent) or antecedent  # "X released a video that said": X's words
    elif source.lower_ in ("it", "they"):
        pronoun, source = source, _what_it_is(doc, source, quoted)
        if source is None:
            return NOBODY
        partners = [source, *_conjuncts(source)] if pronoun.lower_ == "they" else []
        if len(partners) > 1:  # "Ana Vo and Raj Patel found ... they wrote": both, as one source
            names = [_name_as_written(doc, partner) for partner in partners]
            return Referent(" and ".join(names), "pronoun", pronoun.text, SpeakerType.GROUP)
    elif _is_speech_noun(source) or source.lemma_.lower() in WORDED_THINGS:
        source = _sender(source) or source  # "an email sent out by Ruiz warned": Ruiz's words
    referent = refer(doc, source)
    unnamed = unnamed_antecedent(doc, source) if source.lower_ in PERSON_PRONOUNS else None
    if not referent.name and unnamed is not None:  # `a correspondent for Reuters called it ... he said`
        described = describe_source(doc, unnamed)
        return Referent(described.name, AttributionMethod.PRONOUN, source.text, described.kind)
    if not referent.name or referent.kind != SpeakerType.PERSON:
        titled = _person_the_title_names(doc, source)
        if titled is not None:  # `said Clinton ally Jo Carr`: Carr, not the ally
            return refer(doc, titled)
    if not referent.name or (referent.kind == SpeakerType.ORGANISATION and _is_member(doc, source)):
        referent = describe_source(doc, source)
    return _person_named_so(doc, source, referent)


def _speaker_the_phrase_qualifies(doc: Doc, noun: Token) -> Token | None:
    """The source a `who` clause after a phrase about them goes on about, the parse having hung it from
    the phrase's last noun (`said one senator familiar with the talks, who added`: the senator, not the
    talks): that source when it is the subject of a reporting verb and the noun names no person."""
    if noun.dep_ != "pobj" or _ends_person(doc, noun.i) or doc[noun.i + 1].text != ",":
        return None
    for owner in _heads(noun, 4):
        if owner.pos_ in ("NOUN", "PROPN") and owner.dep_ != "pobj":
            speaking = owner.dep_ == "nsubj" and _is_reporting_verb(owner.head)
            return owner if speaking else None
    return None


TITLE_LINKS = frozenset({"compound", "nmod", "amod"})


def _person_the_title_names(doc: Doc, head: Token) -> Token | None:
    """The person a title or description runs into, with no comma between (`Clinton ally Jo Carr`,
    `Latino Decisions researcher Ana Ruiz`, `the Council on Trade National Director Ana Ruiz`): the
    last word of the name, else None. Not across a preposition of the phrase (`a friend of Gov. Ruiz`)."""
    title = head
    while title.dep_ in TITLE_LINKS and title.i < title.head.i:
        title = title.head
        if _ends_person(doc, title.i):
            return title
    for child in head.rights:  # `Clinton's top aide Jo Carr`, the name in apposition
        if child.dep_ == "appos" and _ends_person(doc, child.i) and _no_comma(doc, head.i, child.i):
            return child
        # `Former prosecutor and City Councilor Jo Carr`: titles with no article are one person's
        bare = head.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "nummod") for c in head.children)
        if child.dep_ == "conj" and bare and _ends_person(doc, child.i) and _no_comma(doc, head.i, child.i):
            return child
    last = head.right_edge
    if last.i == head.i or not _ends_person(doc, last.i) or not _no_comma(doc, head.i, last.i):
        return None
    by_token = entity_spans_by_token(doc)
    for link in [last, *_heads(last, 8)]:
        if link == head:
            return last
        if link.dep_ == "pobj" and link.head.i not in by_token:
            return None  # a preposition of the phrase: "a friend of Gov. Ruiz"
        if link.dep_ == "conj" and (head.pos_ != "PROPN" or head.i in by_token):
            return None  # "the union and Ruiz": two sources, not a title
    return None


def _no_comma(doc: Doc, start: int, end: int) -> bool:
    return not any(t.text in (",", ";", "(", "—", "–") for t in doc[start:end])


# Labels of names that stay what they are when they "say" something: places, nations, buildings.
PLACE_OR_NATION_LABELS = frozenset({*PLACE_LABELS, "NORP", "FAC"})


def _person_named_so(doc: Doc, source: Token, referent: Referent) -> Referent:
    """A source the model took for an organisation but named like a person is a person: `Mr. King`
    (the article's Larry King when it names one King), an untagged surname the article gave one
    person, `Carly Hartwell` (a given name and a surname)."""
    if referent.kind != SpeakerType.ORGANISATION or source.pos_ != "PROPN":
        return referent
    span = entity_spans_by_token(doc).get(source.i)
    if span is not None and span.label_ in PLACE_OR_NATION_LABELS:
        return referent  # a place or a nation ("Washington said") stays what it is
    words = referent.name.split()
    same = [p.name for p in people_of(doc) if p.name.split()[-1] == words[-1]]
    if any(t.lower_.rstrip(".") in HONORIFICS for t in doc[source.left_edge.i : source.i]):
        name = same[0] if len(same) == 1 else referent.name
        return Referent(name, referent.method, referent.mention)
    if (span is None or span.label_ != "ORG") and len(words) == 1 and words[0].istitle() and len(same) == 1:
        return Referent(same[0], referent.method, referent.mention)  # "Conway notes" after Kellyanne Conway
    if named_like_a_person(referent.name):
        return Referent(referent.name, referent.method, referent.mention)
    return referent


def _is_member(doc: Doc, source: Token) -> bool:
    """`another Vermont Republican`, `Democrats`, `one Republican`: members, not the party."""
    span = entity_spans_by_token(doc).get(source.i)
    return is_unnamed_person(source) or (span is not None and span.label_ == "NORP")


def _what_it_is(doc: Doc, pronoun: Token, quoted: set[int]) -> Token | None:
    """What `it` or `they` stands for when it speaks (`the email read ... It stated`, `Researchers
    surveyed ... they wrote`): the nearest subject before it, in its sentence or the two before, that
    is no pronoun and no single person: a thing that can speak or an organisation for `it`; for `they`
    a group (a plural noun, an organisation, a nation's people) or people named together."""
    sentences, starts = sentences_of(doc)
    index = bisect_right(starts, pronoun.i) - 1
    plural = pronoun.lower_ == "they"
    for token in reversed(doc[sentences[max(index - 2, 0)].start : pronoun.i]):
        if token.i in quoted or token.dep_ not in ("nsubj", "nsubjpass"):
            continue
        span = entity_spans_by_token(doc).get(token.i)
        if plural and (token.head.dep_ not in ("ROOT", "conj") or _acts_on_others(token.head)):
            continue  # "said the cranes were idle": not who speaks; "arrested protesters": either
        if plural and _conjuncts(token):
            return token
        if plural:
            # people (`researchers`, `the protesters`) or a body (`the board`), not `these results`
            people = token.tag_ in ("NNS", "NNPS") and is_person_noun(token)
            body = token.pos_ == "NOUN" and token.lemma_.lower() in ORGANISATION_NOUNS
            group = (people or body) and _can_speak(doc, token)
            if group or (span is not None and span.label_ in ("ORG", "NORP")):
                return token
            continue
        is_thing = token.pos_ == "NOUN" and token.tag_ == "NN" and _can_speak(doc, token)
        if is_thing or (span is not None and span.label_ == "ORG"):
            return token
    return None


def _acts_on_others(verb: Token) -> bool:
    """Whether a verb acts on people who could as well be `they`: counted (`arrested three
    protesters`), a nation's people (`met Democrats`), `asked voters`, or people named together."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    by_token = entity_spans_by_token(verb.doc)
    for noun in objects:
        span = by_token.get(noun.i)
        if span is not None and (span.label_ == "NORP" or (span.label_ == "PERSON" and noun.conjuncts)):
            return True
        counted = any(c.dep_ == "nummod" for c in noun.children)
        if noun.tag_ in ("NNS", "NNPS") and (counted or is_person_noun(noun)):
            return True
    return False


def _conjuncts(token: Token) -> list[Token]:
    """The others a named person is the subject with (`Ana Vo and Raj Patel`), else []: names
    all of them, one at least a person's, none another kind of name's."""
    by_token = entity_spans_by_token(doc := token.doc)
    people = [token, *token.conjuncts]
    labels = {span.label_ for t in people if (span := by_token.get(t.i)) is not None}
    quoted = quoted_token_ids(doc)
    named = labels == {"PERSON"} and all(t.pos_ == "PROPN" and t.i not in quoted for t in people)
    return list(token.conjuncts) if named and len(people) > 1 else []


def _name_as_written(doc: Doc, name: Token) -> str:
    """A person's name: the one the article links it to, else its words (`Ana Vo`)."""
    return refer(doc, name).name or _spaced(doc, [t for t in name.subtree if t.i <= name.i])


def _verb_source(doc: Doc, verb: Token, quote: Span, quoted: set[int]) -> Token | None:
    """Who does a reporting verb: the one passed on (`Xinhua quoted Xi as saying`), its subject
    before it, else a person named right after it (`"...," said PM Starmer`), else its subject."""
    passed_on = _passed_on_source(verb)
    if passed_on is not None:
        return passed_on
    agent = _passive_agent(verb, quote, quoted)
    if agent is not None:  # '... has been called "strategic ambiguity" by Ana Ruiz': Ruiz said it
        return agent
    # 'items labeled "...",' 'the staff were told, "..."': what was named, or whom they were told; a
    # passive opening the clause after a quote ('"..." Asked by reporters, Ruiz replied') keeps its subject
    opens_after = verb.i >= quote.end and verb.is_title
    if _is_passive(verb, quoted) and not opens_after:
        return None
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    outer = _outer_conjunct(verb)
    if not subjects and outer is not None:
        return _verb_source(doc, outer, quote, quoted)
    # '"... [North Korea]," the Kremlin said': the parse may give the verb a subject inside the quote too
    outside = [c for c in subjects if c.i not in quoted and not quote.start <= c.i < quote.end]
    subject = (
        _likeliest_subject(doc, outside)
        if outside
        else None
        if subjects
        else _implied_subject(doc, verb, quoted)
    )
    if subject is not None and (subject.i in quoted or quote.start <= subject.i < quote.end):
        subject = None
    if subject is not None and subject.i < verb.i:
        return _name_before_aside(doc, subject, verb) or subject
    # '"The risk," said Ada Lim, an economist, "is that ..."': the verb inverted before the quote's rest
    inverted = subject is None and verb.tag_ in FINITE_TAGS and verb.lemma_.lower() not in ADDRESSEE_VERBS
    named_after = (
        _source_after(doc, verb, quoted, described=False) if verb.i >= quote.end or inverted else None
    )
    return named_after if named_after is not None else subject


def _name_before_aside(doc: Doc, source: Token, verb: Token) -> Token | None:
    """The person named before an aside set off by commas that the parse took the verb's subject from
    (`Ada Lim, a nurse from Ohio, says`, `Ada Lim, who ran Bo Diaz's campaign, said`): the name's last
    word, when it opens the clause (or follows a quote) and the aside runs up to the verb. The parse may
    have cut the sentence inside the aside, so this looks back past its start to the last full stop."""
    if verb.i < 3 or doc[verb.i - 1].text != "," or source.i >= verb.i - 1:
        return None
    comma = None
    for token in reversed(doc[max(0, verb.i - MAX_SUBJECT_TOKENS) : source.i]):
        if token.text in CLAUSE_ENDS or "\n" in token.text:
            return None
        if token.text == ",":
            comma = token.i
            break
    if comma is None or comma < 1 or comma - 1 in quoted_token_ids(doc) or not _ends_person(doc, comma - 1):
        return None  # not a name inside the quote before it ('"... Ann Lee," Bo Diaz, an aide, said')
    first = entity_spans_by_token(doc)[comma - 1].start
    while first > 0 and doc[first - 1].pos_ == "PROPN":  # a title: "Sen.", "Gov."
        first -= 1
    opens = first == 0 or doc[first - 1].is_punct or doc[first - 1].is_space
    return doc[comma - 1] if opens else None


CLAUSE_ENDS = frozenset({".", "!", "?", ";", ":"})


def _outer_conjunct(verb: Token) -> Token | None:
    """The reporting verb a subjectless one goes on from when the parse hung it from the clause that
    verb reports (`X claims that Y "takes orders," and asserts that ...`: X asserts, not Y)."""
    clause = verb.head
    if verb.dep_ != "conj" or clause.dep_ != "ccomp" or _is_reporting_verb(clause):
        return None
    outer = clause.head
    return outer if _is_reporting_verb(outer) and outer.i < clause.i else None


def _implied_subject(doc: Doc, verb: Token, quoted: set[int]) -> Token | None:
    """Who does a reporting verb the parse gave no subject: the doer of a participle (`X told Y that Z
    "...," adding`: X), the subject of the clause it belongs to, or a person named right before it."""
    participle_first = verb.tag_ == "VBG"
    return (
        (_participle_doer(verb) if participle_first else None)
        or _name_hung_from_verb(doc, verb)
        or subject_of(verb)
        or _participle_doer(verb)
        or _name_just_before(doc, verb, quoted)
        or _name_opening_the_clause(doc, verb, quoted)
        or _subject_of_first_conjunct(verb)
        or _doer_of_earlier_infinitive(doc, verb)
        or _name_taken_for_its_noun(doc, verb)
        or (_noun_before_its_clause(doc, verb) if verb.tag_ in FINITE_TAGS and verb.dep_ == "ROOT" else None)
    )


def _name_hung_from_verb(doc: Doc, verb: Token) -> Token | None:
    """A person named right before a finite verb that the parse hung from it as something other than its
    subject (`When someone yelled, "Cruz," Pike joked`, "Pike" taken for a compound): its subject, not
    the one of the clause the parse hung the verb from."""
    before = doc[verb.i - 1] if verb.i > 0 else None
    if verb.tag_ not in FINITE_TAGS or before is None or before.head != verb:
        return None
    # a capitalised name will do where the entity layer dropped it or the model did not tag it ("Pike")
    named = _ends_person(doc, before.i) or (before.pos_ == "PROPN" and before.is_title)
    return before if named and before.dep_ not in ("nsubj", "nsubjpass") else None


def _name_taken_for_its_noun(doc: Doc, verb: Token) -> Token | None:
    """The one the parse hung a past-tense verb from as if it were a clause about them (`Ana Ruiz, the
    mayor, on Tuesday called the plan "a sham"`): that name or noun is its subject.
    Not a participle describing it (`a film called "..."`) unless it acts on an object of its own or is the
    only verb of its sentence."""
    if verb.dep_ != "relcl" or _has_subject(verb) or verb.head.pos_ not in ("NOUN", "PROPN"):
        return None
    # a participle acting on an object, or the only verb of a sentence whose root the parse made the name
    acting = any(c.dep_ == "dobj" for c in verb.children) or verb.head.dep_ == "ROOT"
    active = verb.tag_ == "VBD" or (verb.tag_ == "VBN" and acting)
    if not active or any(c.lower_ in RELATIVE_PRONOUNS or c.tag_ in ("WDT", "WP") for c in verb.children):
        return None
    return verb.head if verb.head.i < verb.i else None


def _noun_before_its_clause(doc: Doc, verb: Token) -> Token | None:
    """The noun a relative clause right before a subjectless verb is about, the parse having lost the
    verb's subject in it (`a city official who spoke on condition of anonymity said`): that noun."""
    last = verb.i - 1
    while last > 0 and doc[last].text == ",":
        last -= 1
    for clause in [doc[last], *_heads(doc[last], 6)]:
        if clause.dep_ == "relcl" and clause.pos_ in ("VERB", "AUX") and clause.right_edge.i == last:
            relative = any(c.lower_ in RELATIVE_PRONOUNS and c.dep_ == "nsubj" for c in clause.children)
            noun = clause.head
            is_source = noun.pos_ in ("NOUN", "PROPN") and noun.i not in quoted_token_ids(doc)
            return noun if relative and is_source else None
    return None


def _doer_of_earlier_infinitive(doc: Doc, verb: Token) -> Token | None:
    """Who does a bare verb that goes on a series of infinitives the parse broke up (`X went on to praise
    A, note that B and thank C`: X notes): the subject the first infinitive's clause has."""
    if verb.tag_ not in ("VB", "VBP") or not verb.is_lower or _has_subject(verb):
        return None
    before = [t for t in doc[verb.sent.start : verb.i] if not t.is_quote]
    if not before or before[-1].text != ",":
        return None
    for token in reversed(before):
        if token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            return subject_of(token) if token.dep_ in ("xcomp", "advcl") else None
    return None


def _subject_of_first_conjunct(verb: Token) -> Token | None:
    """The subject of the first of several coordinated verbs in the same form (`X looked up, frowned
    and said`), or the doer of the first of coordinated participles (`saying ... and calling him`)."""
    first = verb
    for _ in range(4):
        if first.dep_ != "conj" or first.head is first:
            break
        first = first.head
    if first is verb or first.tag_ != verb.tag_:  # not "the fights have become ... and promises to"
        return None
    return subject_of(first) or _participle_doer(first)


def _likeliest_subject(doc: Doc, subjects: list[Token]) -> Token:
    """The parse may give a verb several subjects when an opening phrase runs long (`Tuesday in Berea,
    Ohio, after winning, Gov. Ada Lim said`): the one nearest the verb that is no place; the noun of
    a fronted `Of X, Y said` that the parse took for a subject is Y."""
    subject = next((s for s in reversed(subjects) if not _is_place(doc, s)), subjects[-1])
    if subject.pos_ == "ADP":  # the person named last in the phrase, not in a clause about them
        clauses = {t.i for t in subject.subtree if t.dep_ == "relcl" for t in t.subtree}
        people = [t for t in subject.subtree if t.i not in clauses and _ends_person(doc, t.i)]
        return people[-1] if people else subject
    return subject


def _is_place(doc: Doc, token: Token) -> bool:
    span = entity_spans_by_token(doc).get(token.i)
    return span is not None and span.label_ in PLACE_LABELS


def _is_passive(verb: Token, quoted: set[int]) -> bool:
    """A verb in the passive, or a past participle that describes what it was done to: by someone
    (`Asked by Ruiz whether ...`) or named so in the quote (`a film called "..."`). Not a perfect (`has
    said`), nor a past tense the tagger took for a participle (`one lawmaker called Ruiz "..."`,
    `Ruiz, the mayor, tweeted on Friday`)."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    if verb.tag_ != "VBN" or verb.dep_ not in ("acl", "advcl"):
        return False
    objects = [c for c in verb.children if c.dep_ in NAMED_AS_DEPS]
    return not any(c.dep_ in ("aux", "nsubj") for c in verb.children) and (
        any(c.dep_ == "agent" for c in verb.children)
        or (bool(objects) and all(c.i in quoted for c in objects))
    )


NAMED_AS_DEPS = frozenset({"oprd", "dobj", "attr", "xcomp", "ccomp"})


def _passive_agent(verb: Token, quote: Span, quoted: set[int]) -> Token | None:
    """Who does a passive verb whose words the quote is: its `by` phrase (`was dismissed as "a stunt"
    by the mayor`), which the parse may hang from the quoted words it follows (`was called "a liar" by
    Ortiz`). Not for a quote that only qualifies the act (`was reported in a "hit piece" by the Times`)."""
    if not _is_passive(verb, quoted):
        return None
    root = quote.root
    said = root.head == verb and root.dep_ in ("oprd", "dobj", "attr", "ccomp", "xcomp")
    said_as = root.dep_ == "pobj" and root.head.lower_ == "as" and root.head.head == verb
    for by in verb.subtree:
        if by.i <= verb.i or by.lower_ != "by" or by.i in quoted or verb not in _heads(by, 3):
            continue
        if not (said or said_as or by.i < quote.start):  # `was asked by X: "..."` precedes the words
            continue
        objects = [c for c in by.children if c.dep_ == "pobj" and c.i not in quoted]
        if objects and by.dep_ in ("agent", "prep"):
            return objects[0]
    return None


def _heads(token: Token, steps: int) -> list[Token]:
    """The tokens `token` hangs from, nearest first, at most `steps` of them."""
    found = []
    while len(found) < steps and token.head is not token:
        token = token.head
        found.append(token)
    return found


def _name_just_before(doc: Doc, verb: Token, quoted: set[int]) -> Token | None:
    """A person named right before a verb the parse left without a subject
    (`... Sen. Ada Lim (D-Ore.) said Sunday that`), past its auxiliaries and adverbs (`had said`,
    `famously responded`), a parenthesis, an apposition set off by commas (`her adviser, Jake Sullivan,
    said`) or an aside that opens with a preposition, a participle or an adjective (`Lim, in Ohio, said`,
    `Lim, asked about the vote in Ohio, had said`, `Lim, exasperated, responded`)."""
    # not "Early described" or "Will described", names the tagger took for an adverb or a modal
    helpers = [c for c in verb.lefts if c.dep_ in ("aux", "advmod") and c.is_lower]
    if verb.tag_ not in FINITE_TAGS and not (verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in helpers)):
        return None
    i = verb.i - 1
    while i > 0 and doc[i] in helpers:
        i -= 1
    if i > 0 and doc[i].text == ")":
        opening = next((j for j in range(i - 1, max(i - 8, -1), -1) if doc[j].text == "("), None)
        i = opening - 1 if opening is not None else -1
    elif i > 0 and doc[i].text == ",":
        aside = next((j for j in range(i - 2, max(i - MAX_ASIDE_TOKENS, 0), -1) if doc[j].text == ","), None)
        i -= 1
        if aside is not None and _opens_an_aside(doc[aside + 1], i - aside):
            i = aside - 1
        elif aside is not None and not _names_from(doc, aside + 1, i):
            return None  # "Lim, asked about Ruiz, said": not Ruiz, whatever the words between are
    if i < 0 or i in quoted:
        return None
    return doc[i] if _ends_person(doc, i) else None


def _name_opening_the_clause(doc: Doc, verb: Token, quoted: set[int]) -> Token | None:
    """The person whose name opens the sentence, set off by a comma, when the parse lost the subject
    of its finite verb in what follows (`Sen. Ada Lim, the minority leader, said`, `Alarmed by the
    vote, Lim, who leads the caucus, said`); after an opening phrase that ends with a comma."""
    if verb.tag_ not in FINITE_TAGS or verb.dep_ != "ROOT" or doc[verb.i - 1].text != ",":
        return None
    start = verb.sent.start
    if doc[start].pos_ in ("ADP", "VERB", "ADV", "SCONJ"):  # "Alarmed by ...,", "At the club,"
        comma = next((t.i for t in doc[start : verb.i - 1] if t.text == ","), None)
        if comma is None:
            return None
        start = comma + 1
    for i in range(start, min(start + MAX_TITLE_AND_NAME, verb.i - 1)):
        if doc[i + 1].text == "," and _names_from(doc, start, i):
            return None if i in quoted else doc[i]
    return None


MAX_TITLE_AND_NAME = 6
MAX_ASIDE_TOKENS = 14


def _opens_an_aside(word: Token, length: int) -> bool:
    """Whether the `length` words after a comma are an aside about the one named before it: a short
    prepositional phrase that names no one (`in Ohio`), a phrase led by a participle (`asked about the
    vote`), or one word that says how they were (`exasperated`, which the tagger may take for a verb)."""
    if word.pos_ == "ADP":
        return length <= 4 and not _ends_person(word.doc, word.i + length - 1)
    if word.tag_ in ("VBN", "VBG", "VBD") and word.pos_ == "VERB" and word.dep_ != "ROOT":
        return True  # a participle, which the tagger may take for a past tense
    return length == 1 and word.tag_ in ("JJ", "VBD", "VBN")


def _names_from(doc: Doc, start: int, i: int) -> bool:
    """Whether the words from `start` to `i` are one person's name with its title (`Sen. Ada Lim`)."""
    span = entity_spans_by_token(doc).get(i)
    return (
        span is not None
        and span.label_ == "PERSON"
        and all(t.i >= span.start or t.pos_ == "PROPN" for t in doc[start : i + 1])
    )


def _ends_person(doc: Doc, i: int) -> bool:
    span = entity_spans_by_token(doc).get(i)
    return span is not None and span.label_ == "PERSON" and span.end == i + 1


# Nouns of a phrase that says when something was done ("at one point", "at the time"), not who did it.
TIME_NOUNS = frozenset("point time moment stage juncture".split())
PARTICIPLE_LINKS = frozenset({"advcl", "pcomp", "prep", "conj", "xcomp"})


def _participle_doer(verb: Token) -> Token | None:
    """Who does a participle with no subject of its own: the subject of the clause it hangs from
    (`X rallied supporters by warning that "..."`, `X shared the news, writing "..."`), or the
    noun it describes (`protesters chanting "..."`; for `a statement saying "..."`, who made it)."""
    if verb.tag_ not in ("VBG", "VBN"):
        return None
    maker = _maker_of_remarks_before(verb)
    if maker is not None:
        return maker
    if verb.dep_ == "acl":
        noun = verb.head
        when = noun.head if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX") else None
        if when is not None and (noun.ent_type_ in NOT_SOURCES or noun.lemma_.lower() in TIME_NOUNS):
            return subject_of(when.head)  # "X battled the council, at one point calling the mayor ..."
        if noun.pos_ in ("NOUN", "PROPN"):
            return (_speech_noun_source(noun) if _is_speech_noun(noun) else None) or _issuer(noun) or noun
        return None
    token = verb
    for _ in range(4):
        if token.dep_ not in PARTICIPLE_LINKS or token.head is token:
            return None
        token = token.head
        root = verb.sent.root
        if token.i in quoted_token_ids(verb.doc) and root.i not in quoted_token_ids(verb.doc):
            token = root  # 'X seemed ready, telling the crowd, "Some get carried away"' hung inside the quote
        if token.pos_ in ("VERB", "AUX"):
            # `X told Y that Z "...," adding "..."`: the parse hangs the participle from the words
            # reported; the one who adds is who reports them
            while _is_reporting_verb(verb) and (_reports_the_clause(token) or _holds_the_clause(token)):
                holder = token.head
                token = holder if _reports_the_clause(token) or holder.pos_ == "AUX" else holder.head
            subject = subject_of(token)
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if len(subjects) > 1:  # 'Speaking in Salem, New Hampshire, Ruiz went after Bo, calling him'
                subject = _likeliest_subject(verb.doc, subjects)
            if subject is not None:
                return subject
    return None


def _maker_of_remarks_before(verb: Token) -> Token | None:
    """Who made the remarks a participle right after them describes, the parse having hung it from the
    main clause (`Critics seized on remarks Ruiz made in 2009 saying she "..."`: Ruiz says it)."""
    doc = verb.doc
    if verb.i < 2 or verb.tag_ != "VBG" or doc[verb.i - 1].is_punct:
        return None
    clause = next((h for h in [doc[verb.i - 1], *_heads(doc[verb.i - 1], 4)] if h.dep_ == "relcl"), None)
    if clause is None or clause.right_edge.i != verb.i - 1 or not _is_speech_noun(clause.head):
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)


# Verbs of putting out words someone wrote: `X released a video saying`, `X emailed supporters saying`.
ISSUING_VERBS = frozenset(
    "issue release send email text mail tweet post air run distribute circulate launch unveil".split()
)


def _issuer(noun: Token) -> Token | None:
    """Who put out the thing or sent it to the people a speech participle or clause describes (`the
    campaign released an ad saying`, `X sent a text to supporters saying`, `X emailed supporters
    saying`): the subject of the verb of issuing, else None."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "to":
        noun = noun.head.head if noun.head.head.pos_ in ("NOUN", "PROPN") else noun.head
    verb = noun.head if noun.dep_ in ("dobj", "prep", "dative") else None
    if verb is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in ISSUING_VERBS:
        return None
    return subject_of(verb)


def _sender(noun: Token) -> Token | None:
    """Who put out a message that a participle after it names (`a letter sent by Ruiz`, `a statement
    released by the agency`): the object of its `by`, else None (`an email obtained by Y` is not Y's)."""
    for verb in noun.rights:
        if verb.dep_ != "acl" or verb.tag_ != "VBN" or verb.lemma_.lower() not in ISSUING_VERBS:
            continue
        for agent in verb.children:
            if agent.dep_ == "agent":
                return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def _reports_the_clause(clause: Token) -> bool:
    """Whether a clause is what a verb outside quotes reports or holds, the clause saying nothing itself
    (`X told Y that Z "had a plan"`, `X made clear that the visit was private`, not `Comey cannot say
    it, X added`)."""
    head = clause.head
    return (
        clause.dep_ == "ccomp"
        and not _is_reporting_verb(clause)
        and head.pos_ == "VERB"
        and not _is_irrealis(head)
        and head.i not in quoted_token_ids(clause.doc)
    )


def _holds_the_clause(clause: Token) -> bool:
    """Whether a `that` clause is what an adjective says someone held (`X made clear that Y was private`,
    `X was adamant that ...`), the parse hanging it from the adjective."""
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False
    adjective = clause.head
    if adjective.pos_ == "AUX" and clause.dep_ == "ccomp":  # "was adamant that", the clause hung from "was"
        return any(c.dep_ == "acomp" and c.pos_ == "ADJ" and c.i < clause.i for c in adjective.children)
    return (
        adjective.pos_ == "ADJ"
        and adjective.dep_ in ("ccomp", "acomp", "oprd")
        and adjective.head.pos_ in ("VERB", "AUX")
    )


def _passed_on_source(verb: Token) -> Token | None:
    """`Xinhua quoted Xi as saying`, `the agency reported Xi as saying`, `Xi was quoted by Y as saying`:
    the words are Xi's, not the outlet's."""
    if verb.tag_ != "VBG" or verb.head.lower_ != "as":
        return None
    passer = verb.head.head
    if passer.lemma_.lower() not in PASSING_ON_VERBS:
        return None
    for dep in ("dobj", "nsubjpass"):
        for child in passer.children:
            if child.dep_ == dep:
                return child
    return None


def _source_after(doc: Doc, verb: Token, quoted: set[int], described: bool = True) -> Token | None:
    """The source named after the verb of an inverted cue, before the clause ends: a person
    (`said PM Starmer`, `said Air Force Capt. Ana Ruiz`), or whose words they are when the person only
    qualifies a noun (`said one Vance aide`, `said an adviser to Vance`: the aide, the adviser). With
    `described`, an unnamed source too (`added a party official`); words hanging from the verb
    itself (`said on Tuesday`, `said in a statement`) are passed over."""
    by_token = entity_spans_by_token(doc)
    first_noun = None
    for token in doc[verb.i + 1 : min(verb.i + 9, len(doc))]:
        # a full stop after a lower-case word ends the sentence; "Capt." in "said Navy Capt. Ed Li" does not
        ends_sentence = token.text == "." and doc[token.i - 1].is_lower
        if token.i in quoted or (token.is_punct and (token.text not in ".-" or ends_sentence)):
            break  # not into the next sentence: '"...," tweeted another. The evidence was ...'
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            break  # "said one source who named Sullivan": the source, not whom the clause names
        if token.dep_ == "mark":
            break  # "note that he had bought the Grand Hotel": what the clause reports, not who speaks
        is_word_subject = token.head == verb and (
            (token.pos_ in WORD_SUBJECTS and token.dep_ == "nsubj") or token.lower_ in UNNAMED_SOURCE_WORDS
        )  # "tweeted another", which the parse may take for the verb's object
        if described and is_word_subject:  # "said one of the advisers", "said the 46-year-old"
            return token if _can_speak(doc, token) else None
        span = by_token.get(token.i)
        if span is not None and span.label_ == "PERSON":
            name = doc[span.end - 1]
            titled = _person_the_title_names(doc, name)
            if titled is not None:  # "said Pike ally Dennis Kett": Kett, not Pike
                return titled
            owner = _noun_qualified_by(name)
            return name if owner is None else owner if described else None
        if (
            first_noun is None
            and token.pos_ in ("NOUN", "PROPN")
            and token.ent_type_ not in ("DATE", "TIME")
            and not _hangs_from_verb_by_preposition(token, verb)
        ):
            first_noun = token
    return _phrase_head(first_noun) if described and first_noun is not None else None


WORD_SUBJECTS = frozenset({"NUM", "ADJ", "PRON"})  # "one of the advisers", "the 46-year-old" as a subject


def _noun_qualified_by(name: Token) -> Token | None:
    """The common noun a name only qualifies: `a Vance aide`, `an adviser to Vance`, `Vance's aide`."""
    if name.dep_ in ("compound", "poss", "nmod") and name.head.pos_ == "NOUN" and name.head.i > name.i:
        return name.head
    if name.dep_ == "pobj" and name.head.dep_ == "prep" and name.head.head.pos_ == "NOUN":
        return name.head.head
    return None


def _hangs_from_verb_by_preposition(token: Token, verb: Token) -> bool:
    while token.head != token and token.head != verb:
        if token.dep_ in ("pobj", "prep", "npadvmod"):
            return True
        token = token.head
    return token.dep_ in ("pobj", "prep", "npadvmod", "advmod")


PHRASE_LINKS = frozenset({"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "flat", "case"})
MAX_PHRASE_WORDS = 6


def _phrase_head(token: Token) -> Token:
    """The noun a word's noun phrase is about: `one Vance aide` -> aide, `the Ohio senator` -> senator."""
    head = token
    while (
        head.dep_ in PHRASE_LINKS
        and head.i < head.head.i <= token.i + MAX_PHRASE_WORDS
        and head.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM")  # not into a verb: "Ruiz notes"
    ):
        head = head.head
    return head


def _speech_noun_source(noun: Token) -> Token | None:
    """Whose speech act a noun names: its owner (`Trump's claim`), its agent (`a statement by X`), or
    the one who made or issued it (`X said in a statement`, `X made the claim that`)."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "on", "during"):
        head = head.head
    elif noun.dep_ != "dobj":
        return None
    return subject_of(head) if head.pos_ in ("VERB", "AUX") else None


ARTICLES = frozenset({"the", "a", "an"})
PHRASE_PREPOSITIONS = frozenset({"of", "to", "for", "at", "from", "with", "in", "on", "by"})
NOUN_PHRASE_DEPS = frozenset(
    {"det", "amod", "compound", "poss", "nummod", "quantmod", "nmod", "case", "predet", "npadvmod"}
)
MAX_SOURCE_WORDS = 10


def describe_source(doc: Doc, head: Token) -> Referent:
    """A source that is no named person, as written (`the agency` -> "agency", `Homeland Security
    officials`, `a longtime adviser to Trump`), with its kind; nothing for pronouns."""
    if not _can_speak(doc, head):
        return Referent("", "", head.text)
    words = [
        t
        for child in head.lefts
        if child.dep_ in NOUN_PHRASE_DEPS or (child.dep_ == "punct" and child.text == "-")  # 46-year-old
        for t in child.subtree
    ]
    if any(t.i in quoted_token_ids(doc) or t.is_quote for t in [*words, head]):
        return Referent("", "", head.text)  # quoted words are never the source
    words.append(head)
    prep = next(iter(head.rights), None)
    if head.lower_ in UNNAMED_SOURCE_WORDS and prep is not None and prep.dep_ == "acl" and prep.tag_ == "VBN":
        words += [t for t in prep.subtree if t.i <= prep.i]  # "those surveyed", not "those"
    when = prep is not None and any(c.ent_type_ in NOT_SOURCES for c in prep.children)  # "on Tuesday"
    if prep is not None and prep.dep_ == "prep" and prep.lower_ in PHRASE_PREPOSITIONS and not when:
        phrase = list(prep.subtree)  # "adviser to Trump", "members of the panel"
        comma = next((n for n, t in enumerate(phrase) if t.text == ","), len(phrase))
        # not the clause about them ("..., who declined to be named"), nor words quoted as said (`4 percent
        # of self-described "centrists"`); a quoted title stays (`the authors of the "Growth Project"`)
        quoted = [t for t in phrase[:comma] if t.i in quoted_token_ids(doc) and t.is_alpha]
        if not quoted or quoted[0].is_title:
            words += phrase[:comma]
    while words and (words[0].lower_ in ARTICLES or words[0].is_punct):
        words = words[1:]
    while words and (words[-1].is_punct or words[-1].pos_ in ("CCONJ", "ADP", "DET")):
        words = words[:-1]  # "31% of Republicans and", the parse having cut a coordination short
    text = _spaced(doc, [w for w in words if not w.is_quote][-MAX_SOURCE_WORDS:])  # a title without marks
    return _earlier_fuller_source(doc, head, Referent(text, "cue", text, _source_kind(doc, head)))


def _spaced(doc: Doc, words: list[Token]) -> str:
    """Words of a phrase as written, spaced as in the text also where a token between them is left
    out (`"Dear Walter" letters` without its marks -> "Dear Walter letters", not "Dear Walterletters")."""
    parts = []
    for word, following in zip(words, [*words[1:], None], strict=True):
        gap = doc[word.i : following.i] if following is not None else []
        parts.append(word.text + (" " if any(t.whitespace_ for t in gap) else ""))
    return "".join(parts).strip()


def _can_speak(doc: Doc, head: Token) -> bool:
    """Whether a noun can be a source: any name or noun but pronouns and things that merely carry
    words (a sign that "read", a shirt that "said"), and no date or time (`said Saturday`)."""
    if head.pos_ in ("NUM", "PRON") and any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return head.lower_ not in PERSON_PRONOUNS  # "one of the advisers", "some of them"
    if head.text[:1] in DASHES:
        return False  # "—and", a dash the tokenizer left on a word
    if head.pos_ == "ADJ" and head.dep_ == "nsubj":
        return True  # "the 46-year-old said", "the wealthy say"
    if head.lower_ in UNNAMED_SOURCE_WORDS or (head.pos_ == "NUM" and head.dep_ == "nsubj"):
        # "said one", "another said", "four in 10 said"; not "one of them", "the 2016 figures"
        return head.dep_ in ("nsubj", "dobj") and head.ent_type_ not in NOT_SOURCES
    return (
        head.pos_ in ("NOUN", "PROPN")
        and head.lemma_.lower() not in WORDED_THINGS
        and head.ent_type_ not in NOT_SOURCES
    )


# Words that stand for people the text does not name when they speak: "another said", "said one",
# "someone called it", "most said" (of those polled).
UNNAMED_SOURCE_WORDS = frozenset(
    "another others one someone somebody some many most both several few those".split()
)
PLURAL_SOURCE_WORDS = frozenset("others some many most both several few those".split())
NOT_SOURCES = frozenset({"DATE", "TIME"})  # "14 percent said", "hundreds of marchers chanting" are sources


def _source_kind(doc: Doc, head: Token) -> str:
    span = entity_spans_by_token(doc).get(head.i)
    if span is not None and span.label_ == "NORP" and is_unnamed_person(head):
        return SpeakerType.GROUP if head.tag_ in ("NNS", "NNPS") else SpeakerType.DESCRIPTION
    if span is not None and span.label_ in ("ORG", "GPE", "NORP", "FAC"):
        return SpeakerType.ORGANISATION
    if head.lemma_.lower() in ORGANISATION_NOUNS or head.pos_ == "PROPN":
        return SpeakerType.ORGANISATION
    counted = head.pos_ == "NUM" and head.lower_ != "one"  # "four in 10 said"
    if head.tag_ in ("NNS", "NNPS") or head.lower_ in PLURAL_SOURCE_WORDS or counted:
        return SpeakerType.GROUP
    return SpeakerType.DESCRIPTION


def _earlier_fuller_source(doc: Doc, head: Token, described: Referent) -> Referent:
    """`the foreign ministry` after `Japan's foreign ministry`: the source named more fully before."""
    seen: dict[str, list[tuple[Token, Referent]]] = doc.user_data.setdefault("dateline_sources", {})
    same_head = seen.setdefault(head.lemma_, [])
    words = set(described.name.lower().split())
    definite = any(c.lower_ == "the" for c in head.lefts)
    for earlier_head, earlier in reversed(same_head):
        if definite and earlier_head.i < head.i and words < set(earlier.name.lower().split()):
            return Referent(earlier.name, described.method, described.mention, earlier.kind)
    same_head.append((head, described))
    return described


def _cue_and_speaker(
    doc: Doc, quote: Span, frame: list[Token], quoted: set[int]
) -> tuple[Token | None, Referent]:
    """The cue that names who spoke: the innermost governing one whose source is someone, else the
    nearest reporting verb in the quote's frame (`"...," she said`)."""
    set_off = _cue_setting_off(doc, quote, quoted)
    if set_off is not None:  # `X said as a heckler yelled: "..."`: the heckler's words
        referent = _speaker_of_cue(doc, set_off, quote, quoted)
        if referent.name:
            return set_off, referent
    candidates = _governing_cues(quote, quoted)
    adjacent, written = _adjacent_cue(doc, quote, quoted)
    passed_on_from = _passed_on_from(doc, adjacent, frame, quote, quoted) if adjacent is not None else None
    if passed_on_from is not None:
        candidates = [passed_on_from, *(c for c in candidates if c != passed_on_from)]
    elif adjacent is not None:  # '"...," said X' and '"...," X said' are the surest frames
        if written is not None:
            referent = _source_referent(doc, written, quoted)
            if referent.name:
                return adjacent, referent
        if _is_reporting_verb(adjacent):  # a verb that says how (`beamed`) names no one by itself
            candidates = [adjacent, *(c for c in candidates if c != adjacent)]
    nearby = _nearby_cue(quote, frame, quoted)
    if nearby is not None and nearby not in candidates:
        candidates.append(nearby)
    closer = _closer_cue(doc, candidates[0], quote, quoted) if candidates else None
    if closer is not None:  # `When someone yelled, "Ruiz," Beck quipped, ..., "Amen!"`: Beck's
        candidates = [closer, *(c for c in candidates if c != closer)]
    fallback: tuple[Token | None, Referent] = (None, NOBODY)
    unnamed: tuple[Token, Referent] | None = None
    for cue in candidates:
        referent = _speaker_of_cue(doc, cue, quote, quoted)
        if referent.kind in (SpeakerType.GROUP, SpeakerType.DESCRIPTION) and referent.name:
            # `X said the two leaders had agreed to "..."`: X's words, when X is a person.
            unnamed = unnamed or (cue, referent)
        elif referent.name:
            if unnamed is not None and not _reports(cue, unnamed[0]):
                return unnamed  # `X spoke as a heckler yelled: "..."`: the heckler's, X reports nothing
            return cue, referent
        elif fallback[0] is None and _is_reporting_verb(cue):
            fallback = (cue, referent)
    return unnamed or fallback


DASHES = frozenset({"-", "–", "—", "--"})


def _cue_setting_off(doc: Doc, quote: Span, quoted: set[int]) -> Token | None:
    """The reporting verb of a clause about when or despite what that a colon or a pair of dashes sets a
    quote off from, the parse having hung the quote from the main clause instead (`X said as the
    heckler yelled: "..."`, `Although Y lamented her gaffes - "..." - voters said`)."""
    before = quote.start - 1
    while before > 0 and doc[before].is_quote:
        before -= 1
    after = quote.end
    while after < len(doc) - 1 and (doc[after].is_quote or doc[after].text in ",.?!"):
        after += 1
    mark = doc[before].text
    if before <= quote.sent.start or not (mark == ":" or (mark in DASHES and doc[after].text in DASHES)):
        return None
    for verb in reversed(doc[quote.sent.start : before]):
        if verb.i in quoted or not verb.is_alpha:
            continue
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ != "advcl":
            return None  # the main clause runs up to the mark: `X said after the vote:`
        if verb.dep_ == "advcl" and _is_reporting_verb(verb):
            content = any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)
            if _is_irrealis(verb) or not _has_subject(verb) or (mark == ":" and content):
                return None  # `after Y claimed the plan was dead: "..."`: Y's words were those
            return None if quote.root in verb.subtree else verb
    return None


def _closer_cue(doc: Doc, cue: Token, quote: Span, quoted: set[int]) -> Token | None:
    """A reporting verb with a named subject of its own between the cue the parse hung a quote from and
    the quote (`When someone yelled, "Ruiz," Beck quipped, putting on an accent, "Amen!"`): the nearer
    speaker is the quote's, the parse having taken the clause about when for the main one."""
    if cue.i >= quote.start:
        return None
    for verb in reversed(doc[cue.i + 1 : quote.start]):
        if verb.i in quoted or not _is_reporting_verb(verb) or verb.tag_ not in FINITE_TAGS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i not in quoted), None)
        named = subject is not None and subject.pos_ == "PROPN" and subject.i == verb.i - 1
        return verb if named and verb.dep_ in ("ccomp", "conj") and not _is_irrealis(verb) else None
    return None


def _reports(outer: Token, inner: Token) -> bool:
    """Whether the clause of an inner speech act is what an outer cue reports (`X said the leaders had
    agreed to`), not a clause about when or why (`X said it as a heckler yelled`, `after a voter told
    him`), nor one elsewhere in the sentence. A participle with no subject of its own reports for the
    outer cue's source (`X said after Y won, remarking that`: the parse's doer is a guess)."""
    if not _has_subject(inner):
        return True
    token = inner
    while token != outer and token.head != token:
        if token.dep_ == "advcl" and _has_subject(token):
            return False  # a clause of its own, not a participle ("..., explaining that")
        token = token.head
    return token == outer


def _has_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own in the parse (active or passive)."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
MAX_SUBJECT_TOKENS = 25  # '"...," Dana Ruiz, a lawyer who ..., said': the subject and its apposition


def _passed_on_from(doc: Doc, verb: Token, frame: list[Token], quote: Span, quoted: set[int]) -> Token | None:
    """`X said: "...," the Gazette reported`: the person's cue before the quote, when the verb after it
    only passes the words on."""
    if verb.lemma_.lower() not in PASSING_ON_VERBS:
        return None
    for cue in reversed([t for t in frame if t.i < quote.start and t.i not in quoted]):
        if _is_reporting_verb(cue) and not _is_irrealis(cue):
            referent = _speaker_of_cue(doc, cue, quote, quoted)
            return cue if referent.name and referent.kind == SpeakerType.PERSON else None
    return None


def _adjacent_cue(doc: Doc, quote: Span, quoted: set[int]) -> tuple[Token | None, Token | None]:
    """The reporting verb right after a quote's closing mark, in the same sentence, and the source
    written there: after the verb (`"...," said X`) or before it (`"...," the minister said`,
    `"...," Dana Ruiz, a city lawyer, said`, even when the parse hangs the name inside the quote)."""
    first = quote.end
    while first < len(doc) and (doc[first].is_punct or doc[first].is_space):
        first += 1
    if first >= len(doc) or doc[first].i in quoted or not _sentence_goes_on(doc, quote, doc[first]):
        return None, None
    if "\n" in doc.text[quote.end_char : doc[first].idx]:
        return None, None  # the next paragraph is another matter
    word = doc[first]
    if _is_reporting_verb(word) or _says_how(doc, word, quote, first, quoted):
        if _is_irrealis(word):
            return None, None
        # A participle ('"...," adding that ...') or a verb whose subject came before the quote
        # ('X, citing "...," said the ...') is done by that subject, not by the noun after it.
        subject = subject_of(word)
        if word.tag_ not in FINITE_TAGS or (subject is not None and subject.i < quote.start):
            return word, None
        return word, _source_after(doc, word, quoted)
    subject = _phrase_head(word)
    if _verb_taken_for_a_noun(doc, subject, first):  # '"...," Conway notes.', '"...," the Saudis state in'
        return subject, doc[subject.i - 1]
    end = subject.right_edge.i + 1
    if subject.pos_ not in ("NOUN", "PROPN", "PRON") or end - first > MAX_SUBJECT_TOKENS:
        return None, None
    if not _ends_with_comma(doc, quote.end, first) and doc[first].sent.start > quote[-1].i:
        return None, None  # '"... FAST!" Sen. Ruiz, on the radio, said ...': a new sentence
    if any(t.i in quoted or t.is_quote for t in doc[first:end]):
        return None, None
    while end < len(doc) and doc[end].text == ",":
        end += 1
    verb = doc[end] if end < len(doc) else None
    if verb is not None and doc[end - 1].text == "," and subject.ent_type_ == "PERSON":
        verb = _verb_after_aside(doc, verb, first + MAX_SUBJECT_TOKENS) or verb
    if verb is None or _is_irrealis(verb):
        return None, None
    if not (_is_reporting_verb(verb) and not _has_own_object(verb, quoted)) and not _says_how(
        doc, verb, quote, first, quoted
    ):
        return None, None
    return verb, _name_before_aside(doc, subject, verb) or subject


ASIDE_OPENERS = frozenset({"VBG", "VBN", "IN"})  # "wearing a cowboy hat", "asked about it", "in Ohio"


def _verb_after_aside(doc: Doc, opener: Token, limit: int) -> Token | None:
    """The reporting verb after an aside set off by commas that the parse did not hang from the name
    before it (`"...," Dora Hale, wearing a hat and "Vote Lim" pins, said`); quoted words in the aside
    are its own. None when the sentence ends first or the verb has a subject of its own."""
    if opener.tag_ not in ASIDE_OPENERS or _is_reporting_verb(opener):
        return None
    for token in doc[opener.i + 1 : min(limit, len(doc) - 1)]:
        if token.is_sent_end or token.text in ".;:":
            return None
        verb = doc[token.i + 1]
        if token.text == "," and _is_reporting_verb(verb) and verb.tag_ in FINITE_TAGS:
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i > opener.i for c in verb.children)
            return None if has_subject else verb
    return None


# What a verb right after a quote must not have to say how the words were said: whom or what it
# acts on, or how someone looked (`"...," the man looked puzzled`).
NOT_SAYING_DEPS = frozenset({"dobj", "attr", "acomp", "ccomp", "xcomp", "oprd"})


def _says_how(doc: Doc, verb: Token, quote: Span, first: int, quoted: set[int]) -> bool:
    """A verb outside the reporting lexicon that still attributes the quote by its place
    (`"...," beamed Ada Hartley`, `"...?" reacted Ruiz`, `"...," Hannity started`): finite, right after a
    quote closed with the reporter's comma (or a question or exclamation mark before an inverted
    verb), with no object or complement of its own."""
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ") or quote.label_ != QuoteKind.FULL:
        return False  # words quoted mid-sentence ('...," Clinton fixates on') are not set off by it
    if sum(t.is_alpha for t in quote) < MIN_SPEECH_WORDS or _is_a_title(quote):
        return False  # '"Hamilton," the musical, closed on Sunday': a name, not words said
    comma = _ends_with_comma(doc, quote.end, first)
    inverted_after_mark = verb.i == first and quote.text.rstrip()[-1:] in ("?", "!") and verb.is_lower
    if not (comma or inverted_after_mark):
        return False
    return not any(c.dep_ in NOT_SAYING_DEPS and c.i not in quoted for c in verb.children)


def _verb_taken_for_a_noun(doc: Doc, head: Token, first: int) -> bool:
    """A reporting verb the tagger read as the head noun of the words after a quote (`Conway notes.`):
    a name or noun before it, and the clause ending or going on with a preposition after it."""
    after = doc[head.i + 1] if head.i + 1 < len(doc) else None
    return (
        head.pos_ == "NOUN"
        and head.i > first
        and head.lemma_.lower() in REPORTING_VERBS
        and doc[head.i - 1].pos_ in ("PROPN", "NOUN")
        and (after is None or after.is_punct or after.pos_ == "ADP")
    )


def _ends_with_comma(doc: Doc, start: int, end: int) -> bool:
    """Whether the marks between a quote and the next word hold the reporter's comma (`,"` or `",`)."""
    return any(t.text == "," for t in doc[start:end]) or doc[start - 1].text == ","


def _according_to(doc: Doc, tokens: list[Token], quoted: set[int]) -> Referent:
    for token in tokens:
        if token.lower_ == "according" and token.i not in quoted and token.i + 1 < len(doc):
            to = doc[token.i + 1]
            if to.lower_ != "to":
                continue
            objects = [c for c in to.children if c.dep_ == "pobj"] or (
                [doc[to.i + 1]] if to.i + 1 < len(doc) else []
            )
            for obj in objects:
                referent = refer(doc, obj)
                if referent.name:
                    return referent
                described = describe_source(doc, obj)
                if described.name:
                    return described
    return NOBODY


def _sentence_before(doc: Doc, quote: Span) -> list[Token]:
    start = quote[0].sent.start
    return list(doc[start - 1].sent) if start > 0 else []


def _narration_subject(doc: Doc, start: int, quote: Span, quoted: set[int]) -> Referent:
    """Who the narration between token `start` and a quote is last about (`Akers said:`).

    A sentence where an unnamed source speaks (`A Japanese official ... said:`) makes the quote that
    follows theirs, not an earlier person's.
    """
    found = NOBODY
    for sent in doc[start : quote.start].sents:
        candidate = person_subject_in(doc, sent.sent, quote.start, quoted)
        if candidate.name:
            found = candidate
            continue
        for token in sent:
            if token.i >= quote.start:
                break
            unnamed = _unnamed_speaker(token, quoted)
            if unnamed is not None:
                found = unnamed
    return found


def _unnamed_speaker(verb: Token, quoted: set[int]) -> Referent | None:
    """The source as written when `verb` is someone unnamed speaking (`officials said:`)."""
    if verb.i in quoted or not _is_reporting_verb(verb) or _is_irrealis(verb):
        return None
    subject = subject_of(verb)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or refer(verb.doc, subject).name:
        return None
    return describe_source(verb.doc, subject)


def _quote_kind(
    doc: Doc, text: str, marks: QuoteMarks, paragraph_start: int, quote: Span, quoted: set[int]
) -> str:
    """full: the quote stands as speech; partial: words quoted inside the reporter's sentence;
    scare: a partial quote with no speech act governing it (the "maximised" schedule)."""
    # What comes before the opening mark (one or two characters: “, ", '')
    before = text[paragraph_start : marks.start].rstrip().rstrip(OPENING_MARKS).rstrip()
    if before.lower().endswith("so-called"):
        return QuoteKind.SCARE
    if _is_a_title(quote) and not _governing_cues(quote, quoted):
        return QuoteKind.SCARE  # "his 2012 book, ''An American Son.''"
    if not before or before[-1] in SENTENCE_OPENERS or before[-1] in DOUBLE_CLOSE + SINGLE_CLOSE + '"' + ",":
        return QuoteKind.FULL
    previous_word = doc[quote.start - 2] if quote.start >= 2 else None
    if previous_word is not None and _is_reporting_verb(previous_word) and text[marks.start].isupper():
        return QuoteKind.FULL
    if _governing_cues(quote, quoted) or _according_to(doc, list(quote.sent), quoted).name:
        return QuoteKind.PARTIAL
    return QuoteKind.PARTIAL if _reads_as_speech(quote) else QuoteKind.SCARE


MIN_SPEECH_WORDS = 3


def _reads_as_speech(quote: Span) -> bool:
    """Quoted words with no speech act in sight that still read as someone's words: three words or
    more that are not a title (`"my thoughts and prayers"`, not `"The Art of the Deal"`), or words
    spoken in the first person (`"we"`)."""
    words = [t for t in quote if t.is_alpha]
    if any(t.lower_ in FIRST_PERSON for t in words):
        return True
    return len(words) >= MIN_SPEECH_WORDS and not _is_a_title(quote)


MAX_TITLE_WORDS = 10


def _is_a_title(quote: Span) -> bool:
    """Words in Title Case: the name of a book, a show or a slogan ("The Art of the Deal")."""
    words = [t for t in quote if t.is_alpha]
    content = [t for t in words if not t.is_stop]
    if len(content) < 2 or len(words) > MAX_TITLE_WORDS or any(t.lower_ in FIRST_PERSON for t in words):
        return False
    return all(t.is_title or t.is_upper for t in content)


def _without_headline_repeats(
    doc: Doc, found: list[tuple[Span, QuoteMarks, int]]
) -> list[tuple[Span, QuoteMarks, int]]:
    """A quote in a headline, or a pull quote standing alone as a paragraph, that the body quotes
    again is one quote: the body's, which says who spoke."""
    headlines = {(h.start, h.end) for h in doc.spans.get("headlines", [])}
    paragraphs = list(doc.spans.get("paragraphs", []))

    def displayed(span: Span, number: int) -> bool:
        paragraph = paragraphs[number]
        stands_alone = not any(t.is_alpha for t in paragraph if not span.start <= t.i < span.end)
        return stands_alone or any(start <= span.start < end for start, end in headlines)

    shown = [displayed(span, number) for span, _, number in found]
    # One string of every body quote: a repeat is a substring of it (one search per shown quote).
    body = "\0".join(
        _folded(span.text) for (span, _, _), alone in zip(found, shown, strict=True) if not alone
    )
    return [
        item
        for item, alone in zip(found, shown, strict=True)
        if not (alone and _folded(item[0].text) in body)
    ]


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").strip(" .,!?'\"").split())


@Language.component(
    "dateline_quotes",
    requires=["doc.spans", "span._.entity", "doc._.people", "token.dep", "token.lemma"],
    assigns=["doc.spans", "span._.speaker", "span._.speaker_type", "span._.cue", "span._.method"],
)
def find_quotes(doc: Doc) -> Doc:
    """Find every quotation, its kind, and its speaker; store them in `doc.spans["quotes"]`."""
    text = doc.text
    paragraphs = list(doc.spans.get("paragraphs", []))
    found: list[tuple[Span, QuoteMarks, int]] = []
    labels: dict[int, str] = {}  # transcript lines: the quote's start -> the label it was said under
    for number, paragraph in enumerate(paragraphs):
        marked = find_quote_marks(text, paragraph.start_char, paragraph.end_char)
        line = _TRANSCRIPT_LINE.match(text, paragraph.start_char, paragraph.end_char)
        if line is not None and not marked:  # "PENCE: Well, look, ..."
            marked = [QuoteMarks(line.start("said"), paragraph.end_char)]
            labels[line.start("said")] = line.group("label")
        for marks in marked:
            span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
            if span is not None and len(span):
                found.append((span, marks, number))
    found = _without_headline_repeats(doc, found)
    # Kinds first: the resolver must know which tokens are speech before it reads narration.
    kinds = []
    speech_ids = {i for span, _, _ in found for i in range(span.start, span.end)}
    for span, marks, number in found:
        kinds.append(_quote_kind(doc, text, marks, paragraphs[number].start_char, span, speech_ids))
    spans = []
    for (span, marks, _), kind in zip(found, kinds, strict=True):
        quote = Span(doc, span.start, span.end, label=QuoteKind.FULL if marks.start in labels else kind)
        quote._.char_range = (marks.start, marks.end)
        quote._.open_ended = marks.open_ended
        quote._.transcript_label = labels.get(marks.start, "")
        spans.append(quote)
    doc.spans["quotes"] = spans
    forget_quoted_speech(doc)  # telling kinds apart read narration before any token was known as speech
    _attribute(doc, paragraphs)
    return doc


@dataclass
class _QuoteContext:
    """What the speaker strategies read about one quote."""

    doc: Doc
    quote: Span
    paragraphs: list[Span]
    number: int  # the quote's paragraph
    frame: list[Token]
    quoted: set[int]
    previous: Span | None  # the speech quote before it, and its paragraph
    previous_paragraph: int
    cue: Token | None = None  # set by the cue strategy when the quote has one

    @property
    def paragraph(self) -> Span:
        return self.paragraphs[self.number]

    @property
    def adjacent(self) -> bool:
        """Whether the previous quote is in this paragraph or the one before."""
        return self.previous is not None and self.previous_paragraph >= self.number - 1

    @cached_property
    def first_word(self) -> int:
        """The token where the quote's paragraph starts in words, past its opening quote mark."""
        return self.paragraph.start + _leading(self.doc, self.paragraph)

    def from_context(self, referent: Referent) -> Attribution:
        """A speaker read from the text around the quote: the previous speaker going on, or a new one."""
        continues = self.adjacent and referent.name == self.previous._.speaker
        return Attribution(
            referent, AttributionMethod.CONTINUATION if continues else AttributionMethod.CONTEXT, ""
        )


@dataclass(frozen=True)
class Attribution:
    referent: Referent
    method: str
    cue: str


# A transcript line: a speaker's name in capitals and a colon, then what they said. "Q:" and "A:" say
# whose words they are no more than a dash would: no quote is read from them.
_TRANSCRIPT_LINE = re.compile(r"(?P<label>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,2}):[ \t]+(?P<said>\S)")


def _by_transcript_label(ctx: _QuoteContext) -> Attribution | None:
    """ "WALLACE: ..." is said by the person of the article whose name that is (Chris Wallace)."""
    label = ctx.quote._.transcript_label
    if not label:
        return None
    words = label.lower().split()
    named = [p for p in people_of(ctx.doc) if [w.lower() for w in p.name.split()[-len(words) :]] == words]
    name = named[0].name if len(named) == 1 else label.title()
    return Attribution(Referent(name, AttributionMethod.TRANSCRIPT, label), AttributionMethod.TRANSCRIPT, "")


def _by_colon(ctx: _QuoteContext) -> Attribution | None:
    """A quote introduced by a colon is said by whoever the words before the colon name: a label
    (`Analysis - Priya Natarajan: "..."`, `Continued Stone: "..."`) or the subject of the sentence the
    colon ends (`Vance fired back: "..."`, a quote opening the paragraph after `The panel was blunt:`).
    A reporting verb before the colon, or a cue right after the quote, is left to the cue strategy."""
    colon = _colon_before(ctx.doc, ctx.quote)
    if colon is None or colon.i in ctx.quoted or _adjacent_cue(ctx.doc, ctx.quote, ctx.quoted)[0] is not None:
        return None
    label = _label_before(ctx.doc, colon, ctx.quoted)
    if not label.name:
        label = _source_of_from(ctx.doc, colon, ctx.quoted)
    if label.name:
        return Attribution(label, label.method, "")
    verb, reporting = _verb_above(colon.head, set())
    return _subject_before_colon(ctx, colon, verb, reporting)


def _by_words_of(ctx: _QuoteContext) -> Attribution | None:
    """`in the words of a senior aide, "..."`, `in Adler's own words, "..."`: whose words the reporter
    says they are, in the quote's frame (`in other words` names no one)."""
    if ctx.cue is not None:
        return None
    for token in ctx.frame:
        if token.i in ctx.quoted or token.lower_ != "words" or token.head.lower_ != "in":
            continue
        owners = (
            [c for c in token.children if c.dep_ == "poss"]
            or _owner_before_apostrophe(token)
            or [o for of in token.children if of.lower_ == "of" for o in of.children if o.dep_ == "pobj"]
        )
        if len(owners) == 1 and owners[0].i not in ctx.quoted:
            referent = _source_referent(ctx.doc, owners[0], ctx.quoted)
            if referent.name:  # the cue as written: "in the organisers’ words", "in the words of"
                end = owners[0].head.i + 1 if owners[0].i > token.i else token.i + 1
                cue = ctx.doc[token.head.i : end].text
                return Attribution(referent, AttributionMethod.ACCORDING_TO, cue)
    return None


def _owner_before_apostrophe(noun: Token) -> list[Token]:
    """`the organisers’ words`, `in Forbes’ words`: a plural or sibilant owner whose apostrophe the
    parser did not read as a possessive, written right before it."""
    doc = noun.doc
    if noun.i < 2 or doc[noun.i - 1].text not in ("’", "'") or doc[noun.i - 2].whitespace_:
        return []
    owner = doc[noun.i - 2]
    return [owner] if owner.pos_ in ("NOUN", "PROPN") and owner.text[-1:].lower() in ("s", "z", "x") else []


def _by_colon_under_the_quote(ctx: _QuoteContext) -> Attribution | None:
    """`The federation, in its newsletter, went further: "..."` when the parse hung the narration from
    the quote's own verb (the colon with it, or the colon from the narration's verb: `the mayor's
    questioners ranged from doubtful to hostile:`): the narration's top verb and its subject, as for
    any colon. After the cue strategy, so that a cue after the quote (`"...?" Haddad was asked.`) is
    read first."""
    colon = _colon_before(ctx.doc, ctx.quote)
    if ctx.cue is not None or colon is None or colon.i in ctx.quoted:
        return None
    tops = [
        t
        for t in colon.sent
        if t.i < colon.i and t.i not in ctx.quoted and t.pos_ in ("VERB", "AUX") and t.head.i in ctx.quoted
    ]
    if not tops:
        return None
    verb, reporting = _verb_above(tops[-1], ctx.quoted)
    return _subject_before_colon(ctx, colon, verb, reporting)


def _subject_before_colon(
    ctx: _QuoteContext, colon: Token, verb: Token | None, reporting: bool
) -> Attribution | None:
    """Who the sentence a colon ends is about, when they can speak without a speech verb."""
    if reporting and not ctx.paragraph.start <= colon.i < ctx.paragraph.end:
        # `Breitbart News responded:` closing the paragraph before: a cue the quote's frame cannot see
        referent = _speaker_of_cue(ctx.doc, verb, ctx.quote, ctx.quoted)
        return Attribution(referent, referent.method, verb.text) if referent.name else None
    if verb is None or reporting:
        return None
    subject = subject_of(verb)
    if (
        subject is None
        or subject.i in ctx.quoted
        or subject.lower_ in VAGUE_SUBJECTS
        or any(_opens_a_label(t) for t in ctx.doc[subject.i : colon.i])  # "Headline - Name:"
    ):
        return None
    referent = _source_referent(ctx.doc, subject, ctx.quoted)
    if referent.name and (
        referent.kind == SpeakerType.PERSON or _names_someone(ctx.doc, subject) or _is_writing(subject)
    ):
        return Attribution(referent, referent.method, "")
    person = _person_the_sentence_reaches(ctx.doc, verb, ctx.quoted)
    return Attribution(person, person.method, "") if person.name else None


def _is_writing(head: Token) -> bool:
    """A text that speaks for its authors (`Hoff's memo makes a blunt case:`, `The cable indicated`)."""
    return head.pos_ == "NOUN" and head.lemma_.lower() in WRITINGS


def _person_the_sentence_reaches(doc: Doc, verb: Token, quoted: set[int]) -> Referent:
    """The named person a colon's sentence about something else is addressed to, the only one who can
    answer with the quote (`The timing does not surprise pollster Ada Lee:`, `It came as no shock to
    Ada Lee:`); nobody when the sentence reaches anyone else as well."""
    reached = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    reached += [  # "to X", also inside a phrase of the verb's ("came as no surprise to X")
        t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ == "to" and verb in _heads(t.head, 3)
    ]
    people = [refer(doc, t) for t in reached if t.i not in quoted and t.pos_ == "PROPN"]
    people = [p for p in people if p.name and p.kind == SpeakerType.PERSON]
    alone = len(reached) == 1 and not reached[0].conjuncts  # not "pleased Reyes and the unions"
    return people[0] if len(people) == 1 and alone else NOBODY


def _verb_above(token: Token, quoted: set[int]) -> tuple[Token | None, bool]:
    """The first reporting verb from `token` up its heads (not into `quoted`), else the main verb
    (`X said the rivals have two choices:` is X's), and whether it is a reporting verb."""
    verb, own = None, None
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            if _is_reporting_verb(token):
                return token, not _is_irrealis(token)
            verb = token
            if own is None and token.dep_ == "conj" and _has_subject(token):
                own = token  # "X did Y, and Z has proof:": a clause of its own, unless someone says it
        if token.head is token or token.head.i in quoted:
            break
        token = token.head
    return own or verb, False


AGENT_ENDINGS = ("er", "or", "ist", "ent", "ant", "ian")


def _names_someone(doc: Doc, head: Token) -> bool:
    """Whether a source that is no person is still someone who can speak without a speech verb: an
    organisation the model knows, or a noun for people or bodies (`the auditors`, `respondents`), not
    `the timing of the surge`."""
    span = entity_spans_by_token(doc).get(head.i)
    lemma = head.lemma_.lower()
    return (
        (span is not None and span.label_ == "ORG")
        or lemma in ROLE_NOUNS
        or lemma in ORGANISATION_NOUNS
        or (head.pos_ == "NOUN" and lemma.endswith(AGENT_ENDINGS))
    )


VAGUE_SUBJECTS = frozenset({"it", "this", "that", "there", "what", "which", "one"})
LABEL_OPENERS = frozenset({"-", "–", "—", "|"})
MAX_LABEL_WORDS = 4


def _opens_a_label(token: Token) -> bool:
    """A dash between a headline and a name (`Turnout fell - Priya Natarajan:`), not the hyphen of a
    word the tokenizer split (`a pro-Molina group`)."""
    if token.text not in LABEL_OPENERS:
        return False
    spaced_before = token.i > 0 and bool(token.doc[token.i - 1].whitespace_)
    return token.text != "-" or bool(token.whitespace_) or spaced_before


def _colon_before(doc: Doc, quote: Span) -> Token | None:
    """The colon right before a quote's opening mark, in its paragraph or ending the paragraph before."""
    i = quote.start - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_quote or doc[i].text in OPENING_MARKS):
        i -= 1
    return doc[i] if i >= 0 and doc[i].text == ":" else None


def _reads_as_reporting_verb(token: Token) -> bool:
    """A reporting verb, also when the tagger took it for part of a name and left it unlemmatised
    (`Stated Stone:` -> "stated", `Says Lim:` -> "says")."""
    word = token.lower_
    forms = (token.lemma_.lower(), word, word[:-1], word[:-2])  # as tagged, -s/-d, -ed
    return any(form in REPORTING_VERBS for form in forms)


def _label_before(doc: Doc, colon: Token, quoted: set[int]) -> Referent:
    """A name standing alone before a colon, as a label: at a line's start, after a dash, or after
    a reporting verb (`Stated Stone:`); the article's person of that name, else the name as written."""
    words: list[Token] = []
    i = colon.i - 1
    while (
        i >= 0
        and len(words) <= MAX_LABEL_WORDS
        and doc[i].pos_ == "PROPN"
        and doc[i].text[:1].isupper()  # "McDonald", "P."
        and not _reads_as_reporting_verb(doc[i])  # "Continued Stone:", tagged a name at times
    ):
        words.insert(0, doc[i])
        i -= 1
    if not words or len(words) > MAX_LABEL_WORDS or any(t.i in quoted for t in words):
        return NOBODY
    before = doc[i] if i >= 0 else None
    opens = before is None or before.is_space or before.text in LABEL_OPENERS or before.is_sent_end
    inverted = before is not None and before.is_sent_start and _reads_as_reporting_verb(before)
    if not (opens or inverted):
        return NOBODY
    return _name_written(doc, words)


def _source_of_from(doc: Doc, colon: Token, quoted: set[int]) -> Referent:
    """A label that says where the words come from, opening its line or following a dash: `More from
    Natarajan:`, `From the report:`; a name, else a body or a text that can speak for itself."""
    start = colon.i - 1
    while start >= 0 and doc[start].lower_ != "from" and colon.i - start <= MAX_LABEL_WORDS + 1:
        start -= 1
    if start < 0 or doc[start].lower_ != "from" or start + 1 == colon.i:
        return NOBODY
    opener = start - 1 if start > 0 and doc[start - 1].lower_ == "more" else start
    before = doc[opener - 1] if opener > 0 else None
    if not (before is None or before.is_space or before.text in LABEL_OPENERS or doc[opener].is_sent_start):
        return NOBODY
    words = [t for t in doc[start + 1 : colon.i] if not t.is_space]
    if not words or any(t.i in quoted or t.is_punct for t in words):
        return NOBODY
    if all(t.pos_ == "PROPN" for t in words):
        return _name_written(doc, words)
    head = words[-1]
    if head.pos_ == "NOUN" and (_is_writing(head) or _names_someone(doc, head)):
        return describe_source(doc, head)
    return NOBODY


def _name_written(doc: Doc, words: list[Token], organisations: bool = True) -> Referent:
    """Whom a name written alone names: the article's person of that name introduced before it, the
    entity it is, else the name as written when it reads as a person's (`Ada Lee`)."""
    text = " ".join(t.text for t in words).lstrip(SIGNATURE_DASHES)
    named = [
        p.name
        for p in people_of(doc)
        if p.first_char < words[0].sent.start_char
        and (p.name == text or abbreviates(text.split(), p.name.split()))
    ]
    if len(named) == 1:  # someone introduced before
        return Referent(named[0], "cue", text)
    span = entity_spans_by_token(doc).get(words[-1].i)
    if span is not None and span.start < words[0].i:
        span = None  # the entity takes in the verb ("Continued Stone")
    if span is not None and span.label_ == "PERSON":
        return Referent(span._.entity, "cue", span.text)
    if span is not None and span.label_ == "ORG" and organisations:
        return Referent(span._.entity, "cue", span.text, SpeakerType.ORGANISATION)
    return Referent(text, "cue", text) if named_like_a_person(text) else NOBODY


SIGNATURE_DASHES = "-–—"
MAX_SIGNATURE_WORDS = 5  # "- Former Gov. Ada Lee"


def _by_signature(ctx: _QuoteContext) -> Attribution | None:
    """A paragraph of nothing but quotation signed by the next one, a dash and a name (`- Sanders.`,
    `—Ada Lee, tweeting after the debate.`), as fact checks and lists of quotes print them."""
    if ctx.number + 1 >= len(ctx.paragraphs) or any(
        t.is_alpha and t.i not in ctx.quoted for t in ctx.paragraph
    ):  # words of the reporter's own: the quote stands in narration, not above a signature
        return None
    signature = ctx.paragraphs[ctx.number + 1]
    if not signature[0].text.startswith(tuple(SIGNATURE_DASHES)):
        return None
    glued = signature[0].text.strip(SIGNATURE_DASHES) != ""  # "-President Obama": one token at times
    name: list[Token] = []
    for token in signature[0 if glued else 1 :]:
        if token.is_punct or len(name) > MAX_SIGNATURE_WORDS:
            break
        name.append(token)
    if (
        not name
        or len(name) > MAX_SIGNATURE_WORDS
        or not name[0].text.strip(SIGNATURE_DASHES)[:1].isupper()
        or any(t.pos_ != "PROPN" for t in name[1:])  # "- Sanders says he wrote it" is no signature
    ):
        return None
    for start in range(len(name)):  # "President Obama" -> "Obama": the longest part that names someone
        referent = _name_written(ctx.doc, name[start:], organisations=False)
        if referent.name:
            return Attribution(referent, referent.method, "")
    return None


def _by_cue(ctx: _QuoteContext) -> Attribution | None:
    """The reporting verb or speech noun the quote hangs from, or the nearest one: its source."""
    ctx.cue, referent = _cue_and_speaker(ctx.doc, ctx.quote, ctx.frame, ctx.quoted)
    if referent.name and ctx.cue is not None:
        return Attribution(referent, referent.method, ctx.cue.text)
    return None


def _by_according_to(ctx: _QuoteContext) -> Attribution | None:
    """`according to X` in the quote's frame, or in the sentence before a quote that opens a paragraph."""
    referent = _according_to(ctx.doc, ctx.frame, ctx.quoted)
    if not referent.name and ctx.quote.start == ctx.first_word:
        referent = _according_to(ctx.doc, _sentence_before(ctx.doc, ctx.quote), ctx.quoted)
    return Attribution(referent, AttributionMethod.ACCORDING_TO, "according to") if referent.name else None


OWN_CUE_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"})


def _doer_right_after(ctx: _QuoteContext) -> tuple[Token, Token] | None:
    """The subject and verb of a clause that follows a quote's closing mark in its paragraph and does
    nothing but frame it (`"...?" Pratt questioned.`, `"...," the coach shot back`): a cue with a
    subject of its own, whatever the verb. None for a pronoun subject or a clause that goes on to say
    something else (`"..." Vance won the county.`)."""
    doc = ctx.doc
    first = ctx.quote.end
    while first < len(doc) and (doc[first].is_punct or doc[first].is_space):
        first += 1
    between = doc.text[ctx.quote.end_char - 1 : doc[first].idx] if first < len(doc) else "\n"
    if first >= ctx.paragraph.end or first in ctx.quoted or any(c in between for c in "\n.-–—"):
        # `"...." The crowd roared.`: a sentence of its own after the quote's end; `When X wrapped up -
        # "...!" - the balloons fell`: the quote set off inside someone else's sentence
        return None
    for subject in doc[first : min(first + MAX_TITLE_AND_NAME, ctx.paragraph.end)]:
        verb = subject.head
        if subject.dep_ == "nsubj" and verb.i > subject.i and subject.left_edge.i == first:
            break
    else:
        return None
    if (
        subject.pos_ not in ("NOUN", "PROPN")
        or verb.pos_ != "VERB"
        or verb.tag_ not in FINITE_TAGS
        or verb.i in ctx.quoted
        or verb.i - subject.i > 2
        or _is_irrealis(verb)
        or any(c.dep_ in OWN_CUE_OBJECTS and c.i not in ctx.quoted for c in verb.children)
        or not _can_speak(doc, subject)
        or _is_place(doc, subject)
    ):
        return None
    return subject, verb


def _by_own_subject(ctx: _QuoteContext) -> Attribution | None:
    """A quote framed by a clause of its own that names who (`"...?" Pratt questioned.`, with a verb the
    cue strategy does not know as speech) is not the previous speaker's going on, nor that of whoever the
    narration before is about: it is the named person's; a subject that names no one leaves it unknown."""
    if ctx.cue is not None or ctx.quote.label_ != QuoteKind.FULL:
        return None
    found = _doer_right_after(ctx)
    if found is None:
        return None
    subject, verb = found
    referent = _source_referent(ctx.doc, subject, ctx.quoted)
    if ctx.previous is not None and referent.name and referent.name == ctx.previous._.speaker:
        return None  # the same speaker going on (`"...," Vance said. "..." Vance smiled.`)
    ctx.cue = verb
    return Attribution(referent, referent.method, verb.text) if referent.name else None


def _by_issued_text(ctx: _QuoteContext) -> Attribution | None:
    """A paragraph of nothing but quotation after a paragraph of narration that ends by saying who put
    out a statement, a letter or an email (`The council issued a statement on Friday.` then the
    statement quoted at length) is that text, said by whoever issued it."""
    if ctx.cue is not None or ctx.number == 0 or ctx.quote.start != ctx.first_word:
        return None
    if any(t.is_alpha and t.i not in ctx.quoted for t in ctx.doc[ctx.paragraph.start : ctx.quote.end]):
        return None
    before = ctx.paragraphs[ctx.number - 1]
    if any(t.i in ctx.quoted for t in before):  # a quote in between has its own speaker
        return None
    last = ctx.doc[before.end - 1].sent
    texts = [t for t in last if t.i >= before.start and t.pos_ == "NOUN" and _is_writing(t)]
    issuers = {i.i: i for t in texts if (i := _issuer(t)) is not None}
    if len(issuers) != 1:
        return None
    referent = _source_referent(ctx.doc, next(iter(issuers.values())), ctx.quoted)
    return ctx.from_context(referent) if referent.name else None


def _by_sentence_subject(ctx: _QuoteContext) -> Attribution | None:
    """No cue: words quoted in a sentence whose subject is a source that can speak without a speech verb
    (`The agency declined to detail the inquiry's "specific focus"`) are that source's, not those of a
    person named in the narration before (`Director Ruiz said on Monday ...`)."""
    if ctx.cue is not None or ctx.quote.label_ != QuoteKind.PARTIAL:
        return None
    root = ctx.quote.sent.root
    subject = subject_of(root) if root.i not in ctx.quoted else None
    if (
        subject is None
        or subject.i in ctx.quoted
        or subject.i > ctx.quote.start
        or subject.lower_ in VAGUE_SUBJECTS
        or not (_names_someone(ctx.doc, subject) or _is_writing(subject))
    ):
        return None
    referent = _source_referent(ctx.doc, subject, ctx.quoted)
    return ctx.from_context(referent) if referent.name else None


def _by_narration(ctx: _QuoteContext) -> Attribution | None:
    """No cue: whom the narration since the previous quote (at most a paragraph back) is about; for a
    quote that narration in its own paragraph leads to, whom that narration is about."""
    if ctx.cue is not None:
        return None
    start = ctx.paragraphs[max(ctx.number - 1, 0)].start
    if ctx.adjacent:
        start = max(start, ctx.previous.end)
    if ctx.quote.start > ctx.first_word:
        start = max(start, ctx.paragraph.start)  # a paragraph's own narration leads to its quote
    if ctx.quote.label_ == QuoteKind.PARTIAL:  # words quoted mid-sentence are that sentence's subject's
        start = max(start, ctx.quote.sent.start)
    referent = _narration_subject(ctx.doc, start, ctx.quote, ctx.quoted)
    if not referent.name:
        return None
    found = ctx.from_context(referent)
    if found.method == AttributionMethod.CONTINUATION and _someone_else_in_between(ctx):
        return None  # `"...," Vance said, and her brother cut in. "..."`: not Vance going on
    return found


def _by_previous_quote(ctx: _QuoteContext) -> Attribution | None:
    """No cue and no one in the narration: the speaker of the quote just before goes on."""
    if ctx.cue is not None or not ctx.adjacent or not ctx.previous._.speaker:
        return None
    if ctx.previous_paragraph != ctx.number and ctx.quote.start > ctx.first_word:
        # A new paragraph whose own narration leads to the quote, naming no speaker the narration
        # strategy could see (`The board saw her as the "..."`, `the rally denounced the "..."`): that
        # narration is about someone new, more often than the last speaker going on.
        return None
    if _someone_else_in_between(ctx):
        return None
    previous = ctx.previous
    referent = Referent(previous._.speaker, "", previous._.speaker_mention, previous._.speaker_type)
    return Attribution(referent, AttributionMethod.CONTINUATION, "")


CLAUSE_DEPS = frozenset({"ROOT", "conj", "parataxis"})


def _someone_else_in_between(ctx: _QuoteContext) -> bool:
    """Whether the narration between the previous quote and this one ends on a clause of its own about
    someone else, written out (`..." Vance said, and her brother cut in. "...`, `The judge interrupted.
    "..."`): the words after it are more likely that person's than the previous speaker's."""
    doc, previous = ctx.doc, ctx.previous
    cue = previous._.cue_range
    verbs = [
        t
        for t in doc[previous.end : ctx.quote.start]
        if t.i not in ctx.quoted and t.pos_ == "VERB" and t.tag_ in FINITE_TAGS and t.dep_ in CLAUSE_DEPS
    ]
    if not verbs or (cue[0] <= verbs[-1].idx < cue[1]):
        return False
    # The subject written right before the verb: the parse may hang a word of a quote before from it too.
    subjects = [c for c in verbs[-1].children if c.dep_ == "nsubj" and c.i < verbs[-1].i]
    subject = subjects[-1] if subjects else None
    if (
        subject is None
        or subject.i in ctx.quoted
        or any(t.is_quote for t in doc[subject.i : verbs[-1].i])
        or subject.pos_ not in ("NOUN", "PROPN")
        or not _can_speak(doc, subject)
        or _is_place(doc, subject)
    ):
        return False
    referent = _source_referent(doc, subject, ctx.quoted)
    return bool(referent.name) and referent.name != previous._.speaker


# How a speaker is chosen: the first strategy that names someone wins; none -> unattributed.
SPEAKER_STRATEGIES: tuple[Callable[[_QuoteContext], Attribution | None], ...] = (
    _by_transcript_label,
    _by_signature,
    _by_colon,
    _by_cue,
    _by_according_to,
    _by_words_of,
    _by_colon_under_the_quote,
    _by_own_subject,
    _by_issued_text,
    _by_sentence_subject,
    _by_narration,
    _by_previous_quote,
)


def _attribute(doc: Doc, paragraphs: list[Span]) -> None:
    """Give each speech quote its speaker, speaker type, cue and method (SPEAKER_STRATEGIES in order)."""
    starts = paragraph_starts(doc)
    quoted = quoted_token_ids(doc)
    previous: Span | None = None
    previous_paragraph = -1
    for quote in doc.spans["quotes"]:
        if quote.label_ == QuoteKind.SCARE:
            continue
        number = paragraph_index(starts, quote.start_char)
        frame = _frame(doc, quote, paragraphs[number])
        ctx = _QuoteContext(doc, quote, paragraphs, number, frame, quoted, previous, previous_paragraph)
        found = next((a for strategy in SPEAKER_STRATEGIES if (a := strategy(ctx)) is not None), None)
        if found is None:
            cue = ctx.cue.text if ctx.cue is not None else ""
            found = Attribution(NOBODY, AttributionMethod.UNATTRIBUTED, cue)
        quote._.speaker = found.referent.name
        quote._.speaker_type = found.referent.kind if found.referent.name else ""
        quote._.speaker_mention = found.referent.mention
        quote._.cue = found.cue
        quote._.method = found.method
        if ctx.cue is not None and found.cue == ctx.cue.text:
            quote._.cue_range = (ctx.cue.idx, ctx.cue.idx + len(ctx.cue))
        if found.referent.name and found.method != AttributionMethod.CONTINUATION:
            near = doc[paragraphs[max(number - 1, 0)].start : frame[-1].i + 1]
            quote._.speaker_range = _where_written(near, found.referent.mention, quoted)
        previous, previous_paragraph = quote, number
    _share_speaker_across_continued_quotes(doc)


def _where_written(tokens: Span, mention: str, quoted: set[int]) -> tuple[int, int]:
    """Character offsets of the last place outside quotes where `mention` is written among `tokens`
    (stored so the app highlights it without searching the text again); (-1, -1) if nowhere."""
    words = mention.split()
    if not words:
        return (-1, -1)
    for start in range(len(tokens) - len(words), -1, -1):
        first = tokens[start]
        if first.i in quoted or first.text != words[0]:
            continue
        if [t.text for t in tokens[start : start + len(words)]] == words:
            last = tokens[start + len(words) - 1]
            return (first.idx, last.idx + len(last))
    return (-1, -1)


def _leading(doc: Doc, paragraph: Span) -> int:
    """Tokens before a paragraph's first word (its opening quote mark)."""
    count = 0
    for token in paragraph:
        if token.is_alpha or token.is_digit:
            break
        count += 1
    return count


GUESSED_METHODS = (AttributionMethod.CONTINUATION, AttributionMethod.CONTEXT, AttributionMethod.UNATTRIBUTED)


def _share_speaker_across_continued_quotes(doc: Doc) -> None:
    """A quote that runs over paragraphs has one speaker: the one its cue names, wherever the cue is."""
    chain: list[Span] = []
    for quote in [*doc.spans["quotes"], None]:
        if quote is not None and quote.label_ == QuoteKind.SCARE:
            continue
        if chain and (quote is None or not chain[-1]._.open_ended):
            named = [q for q in chain if q._.method not in GUESSED_METHODS]
            if named and len(chain) > 1:
                source = named[0]
                for other in chain:
                    if other is not source and other._.method in GUESSED_METHODS:
                        other._.speaker, other._.speaker_mention = source._.speaker, source._.speaker_mention
                        other._.speaker_type = source._.speaker_type
                        other._.method = AttributionMethod.CONTINUATION
            chain = []
        if quote is not None:
            chain.append(quote)
