"""Direct quotations and who said them: the `dateline_quotes` component.

Sets `doc.spans["quotes"]` (span label = kind: full / partial / scare) with extensions
`speaker`, `speaker_mention`, `cue`, `method` and `char_range` (exact offsets of the quote text,
without its marks). Speakers are canonical names from `lib.entities`, resolved by `lib.people`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from lib.frames import AttributionMethod, QuoteKind, SpeakerType
from lib.lexicon import (
    ORGANISATION_NOUNS,
    REPORTING_VERBS,
    ROLE_NOUNS,
    WRITINGS,
)
from lib.names import abbreviates
from lib.paragraphs import paragraph_index, paragraph_starts
from lib.people import (
    NOBODY,
    Referent,
    entity_spans_by_token,
    forget_quoted_speech,
    named_like_a_person,
    people_of,
    quoted_token_ids,
    refer,
    subject_of,
)
from lib.quote_marks import (
    DOUBLE_CLOSE,
    FIRST_PERSON,
    MIN_SPEECH_WORDS,
    OPENING_MARKS,
    SENTENCE_OPENERS,
    SINGLE_CLOSE,
    QuoteMarks,
    find_quote_marks,
    is_a_title,
)
from lib.quote_sources import (
    FINITE_TAGS,
    MAX_TITLE_AND_NAME,
    according_to,
    adjacent_cue,
    can_speak,
    cue_and_speaker,
    describe_source,
    governing_cues,
    heads_of,
    is_irrealis,
    is_place,
    is_reporting_verb,
    issuer_of,
    narration_subject,
    quote_frame,
    sentence_before,
    source_referent,
    speaker_of_cue,
    verb_has_subject,
)

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


def _quote_kind(
    doc: Doc, text: str, marks: QuoteMarks, paragraph_start: int, quote: Span, quoted: set[int]
) -> str:
    """full: the quote stands as speech; partial: words quoted inside the reporter's sentence;
    scare: a partial quote with no speech act governing it (the "maximised" schedule)."""
    # What comes before the opening mark (one or two characters: “, ", '')
    before = text[paragraph_start : marks.start].rstrip().rstrip(OPENING_MARKS).rstrip()
    if before.lower().endswith("so-called"):
        return QuoteKind.SCARE
    if is_a_title(quote) and not governing_cues(quote, quoted):
        return QuoteKind.SCARE  # "his 2012 book, ''An American Son.''"
    if not before or before[-1] in SENTENCE_OPENERS or before[-1] in DOUBLE_CLOSE + SINGLE_CLOSE + '"' + ",":
        return QuoteKind.FULL
    previous_word = doc[quote.start - 2] if quote.start >= 2 else None
    if previous_word is not None and is_reporting_verb(previous_word) and text[marks.start].isupper():
        return QuoteKind.FULL
    if governing_cues(quote, quoted) or according_to(doc, list(quote.sent), quoted).name:
        return QuoteKind.PARTIAL
    return QuoteKind.PARTIAL if _reads_as_speech(quote) else QuoteKind.SCARE


def _reads_as_speech(quote: Span) -> bool:
    """Quoted words with no speech act in sight that still read as someone's words: three words or
    more that are not a title (`"my thoughts and prayers"`, not `"The Art of the Deal"`), or words
    spoken in the first person (`"we"`)."""
    words = [t for t in quote if t.is_alpha]
    if any(t.lower_ in FIRST_PERSON for t in words):
        return True
    return len(words) >= MIN_SPEECH_WORDS and not is_a_title(quote)


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
    if colon is None or colon.i in ctx.quoted or adjacent_cue(ctx.doc, ctx.quote, ctx.quoted)[0] is not None:
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
            referent = source_referent(ctx.doc, owners[0], ctx.quoted)
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
        referent = speaker_of_cue(ctx.doc, verb, ctx.quote, ctx.quoted)
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
    referent = source_referent(ctx.doc, subject, ctx.quoted)
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
        t for t in verb.subtree if t.dep_ == "pobj" and t.head.lower_ == "to" and verb in heads_of(t.head, 3)
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
            if is_reporting_verb(token):
                return token, not is_irrealis(token)
            verb = token
            if own is None and token.dep_ == "conj" and verb_has_subject(token):
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
    while i >= 0 and len(words) <= 2 * MAX_LABEL_WORDS + 1:
        token = doc[i]
        name = (
            token.pos_ == "PROPN"
            and token.text[:1].isupper()  # "McDonald", "P."
            and not _reads_as_reporting_verb(token)  # "Continued Stone:", tagged a name at times
        )
        joins = token.lower_ in LABEL_JOINERS and bool(words) and words[0].lower_ not in LABEL_JOINERS
        if not (name or joins):
            break
        words.insert(0, token)
        i -= 1
    if words and words[0].lower_ in LABEL_JOINERS:  # "Vance and Ruiz:" is a label, "and Ruiz:" is not
        return NOBODY
    if not words or any(t.i in quoted for t in words):
        return NOBODY
    before = doc[i] if i >= 0 else None
    after_dash = before is not None and before.text in LABEL_OPENERS
    opens = before is None or before.is_space or after_dash or before.is_sent_end
    inverted = before is not None and before.is_sent_start and _reads_as_reporting_verb(before)
    if not (opens or inverted):
        return NOBODY
    return _names_in_label(doc, words, after_dash)


LABEL_JOINERS = frozenset({"and", "&"})


def _names_in_label(doc: Doc, words: list[Token], after_dash: bool = False) -> Referent:
    """Whom the names of a label stand for: one source (`Ada Lee:`), or several joined by 'and' as one
    (`Ada Lee and Omar Haddad:`, co-authors quoted together). A name the model knows as no one after a
    headline's dash (`Turnout rose - PollWatch:`) is the outlet or body it names: a place, a date or any
    other entity is no source."""
    parts: list[list[Token]] = [[]]
    for token in words:
        if token.lower_ in LABEL_JOINERS:
            parts.append([])
        else:
            parts[-1].append(token)
    if any(not part or len(part) > MAX_LABEL_WORDS for part in parts):
        return NOBODY
    named = [_name_written(doc, part) for part in parts]
    text = " ".join(t.text for t in words)
    # An entity the model knows and that is neither a person nor an organisation is no source ("- Iowa:")
    if len(parts) == 1 and not named[0].name and after_dash and not any(t.ent_type_ for t in words):
        return Referent(text, "cue", text, SpeakerType.ORGANISATION)
    if not all(r.name for r in named):
        return NOBODY
    if len(named) == 1:
        return named[0]
    return Referent(" and ".join(r.name for r in named), "cue", text, SpeakerType.GROUP)


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
    if all(t.pos_ == "PROPN" or t.lower_ in LABEL_JOINERS for t in words):
        return _names_in_label(doc, words)
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
    ctx.cue, referent = cue_and_speaker(ctx.doc, ctx.quote, ctx.frame, ctx.quoted)
    if referent.name and ctx.cue is not None:
        return Attribution(referent, referent.method, ctx.cue.text)
    return None


def _by_cue_sentence_after(ctx: _QuoteContext) -> Attribution | None:
    """A quote followed in its paragraph by a sentence that does nothing but say who spoke (`"..." Gov.
    Ruth Okafor said.`, a full stop typed where the comma belongs): that sentence is the quote's cue,
    though the stop parts them."""
    if ctx.cue is not None or ctx.quote.label_ != QuoteKind.FULL:
        return None
    doc = ctx.doc
    first = ctx.quote.end
    while first < ctx.paragraph.end and (doc[first].is_punct or doc[first].is_space):
        first += 1
    stop = first
    while stop < ctx.paragraph.end and doc[stop].text not in SENTENCE_STOPS and doc[stop].i not in ctx.quoted:
        stop += 1
    if first >= stop or stop >= ctx.paragraph.end or doc[stop].text not in SENTENCE_STOPS:
        return None
    words = doc[first:stop]
    verbs = [t for t in words if t.tag_ in FINITE_TAGS and t.pos_ in ("VERB", "AUX")]
    if len(verbs) != 1 or not is_reporting_verb(verbs[0]):
        return None
    verb = verbs[0]
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and first <= c.i < verb.i]
    if len(subjects) != 1 or is_irrealis(verb):
        return None
    # Nothing but the subject, the verb and words about how or when: `Okafor said on Friday.`, never
    # `Okafor said the deal was off.` nor `Okafor told Ruiz.`, which say something of their own.
    kept = [subjects[0], *(c for c in verb.children if c.dep_ in SENTENCE_AFTER_EXTRAS)]
    said = {verb.i} | {t.i for c in kept for t in c.subtree}
    if any(t.i not in said and not t.is_punct for t in words):
        return None
    referent = speaker_of_cue(doc, verb, ctx.quote, ctx.quoted)
    if not referent.name:
        return None
    ctx.cue = verb
    return Attribution(referent, referent.method, verb.text)


SENTENCE_STOPS = frozenset({".", "!"})
SENTENCE_AFTER_EXTRAS = frozenset({"advmod", "npadvmod", "prt", "prep", "punct"})


def _by_according_to(ctx: _QuoteContext) -> Attribution | None:
    """`according to X` in the quote's frame, or in the sentence before a quote that opens a paragraph."""
    referent = according_to(ctx.doc, ctx.frame, ctx.quoted)
    if not referent.name and ctx.quote.start == ctx.first_word:
        referent = according_to(ctx.doc, sentence_before(ctx.doc, ctx.quote), ctx.quoted)
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
        or is_irrealis(verb)
        or any(c.dep_ in OWN_CUE_OBJECTS and c.i not in ctx.quoted for c in verb.children)
        or not can_speak(doc, subject)
        or is_place(doc, subject)
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
    referent = source_referent(ctx.doc, subject, ctx.quoted)
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
    issuers = {i.i: i for t in texts if (i := issuer_of(t)) is not None}
    if len(issuers) != 1:
        return None
    referent = source_referent(ctx.doc, next(iter(issuers.values())), ctx.quoted)
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
    referent = source_referent(ctx.doc, subject, ctx.quoted)
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
    if ctx.adjacent and _previous_cue_ends_the_narration(ctx):
        return None  # `Ortiz is a "steady hand," the board writes. "..."`: the board goes on, not Ortiz
    referent = narration_subject(ctx.doc, start, ctx.quote, ctx.quoted)
    if not referent.name:
        return None
    found = ctx.from_context(referent)
    if found.method == AttributionMethod.CONTINUATION and _someone_else_in_between(ctx):
        return None  # `"...," Vance said, and her brother cut in. "..."`: not Vance going on
    return found


def _previous_cue_in_between(ctx: _QuoteContext) -> Token | None:
    """The previous quote's cue word when it stands in the narration between that quote and this one."""
    start = ctx.previous._.cue_range[0]
    return next((t for t in ctx.doc[ctx.previous.end : ctx.quote.start] if t.idx == start), None)


def _previous_cue_ends_the_narration(ctx: _QuoteContext) -> bool:
    """Whether the narration between the previous quote and this one ends on the previous quote's own
    cue (`..., the Courier's board writes. "..."`), whoever the sentence it closes is about."""
    doc, previous = ctx.doc, ctx.previous
    if previous._.method != AttributionMethod.CUE or not previous._.speaker:
        return False
    cue = _previous_cue_in_between(ctx)
    if cue is None:
        return False
    after = [t for t in doc[cue.i + 1 : ctx.quote.start] if not (t.is_punct or t.is_space)]
    return all(cue in t.ancestors and t.tag_ not in FINITE_TAGS for t in after)


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
    verbs = [
        t
        for t in doc[previous.end : ctx.quote.start]
        if t.i not in ctx.quoted and t.pos_ == "VERB" and t.tag_ in FINITE_TAGS and t.dep_ in CLAUSE_DEPS
    ]
    if not verbs or verbs[-1] == _previous_cue_in_between(ctx):
        return False
    # The subject written right before the verb: the parse may hang a word of a quote before from it too.
    subjects = [c for c in verbs[-1].children if c.dep_ == "nsubj" and c.i < verbs[-1].i]
    subject = subjects[-1] if subjects else None
    if (
        subject is None
        or subject.i in ctx.quoted
        or any(t.is_quote for t in doc[subject.i : verbs[-1].i])
        or subject.pos_ not in ("NOUN", "PROPN")
        or not can_speak(doc, subject)
        or is_place(doc, subject)
    ):
        return False
    referent = source_referent(doc, subject, ctx.quoted)
    return bool(referent.name) and referent.name != previous._.speaker


# How a speaker is chosen: the first strategy that names someone wins; none -> unattributed.
SPEAKER_STRATEGIES: tuple[Callable[[_QuoteContext], Attribution | None], ...] = (
    _by_transcript_label,
    _by_signature,
    _by_colon,
    _by_cue,
    _by_cue_sentence_after,
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
        frame = quote_frame(doc, quote, paragraphs[number])
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
