"""Direct quotations and who said them: the `dateline_quotes` component.

Sets `doc.spans["quotes"]` (span label = kind: full / partial / scare) with extensions
`speaker`, `speaker_mention`, `cue`, `method` and `char_range` (exact offsets of the quote text,
without its marks). Speakers are canonical names from `lib.entities`, resolved by `lib.people`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from lib.lexicon import REPORTING_VERBS
from lib.paragraphs import paragraph_index, paragraph_starts
from lib.people import NOBODY, Referent, person_subject_in, quoted_token_ids, refer, subject_of

DOUBLE_OPEN, DOUBLE_CLOSE, STRAIGHT_DOUBLE = "“„«", "”»", '"'
SINGLE_OPEN, SINGLE_CLOSE, STRAIGHT_SINGLE = "‘‹", "’›", "'"
OPENING_CONTEXT = set("([{—–-/:") | set(DOUBLE_OPEN + SINGLE_OPEN)
SENTENCE_OPENERS = set(".!?:;—–-([")

for _name, _default in (
    ("speaker", ""),
    ("speaker_mention", ""),
    ("cue", ""),
    ("method", ""),
    ("char_range", None),
    ("open_ended", False),
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
    """
    end = len(text) if end is None else end
    found: list[QuoteMarks] = []
    open_at, open_single = -1, False
    for i in range(start, end):
        char = text[i]
        if char not in DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + '"' + "'":
            continue
        before = text[i - 1] if i > start else ""
        after = text[i + 1] if i + 1 < end else ""
        is_open = open_at >= 0
        if char in DOUBLE_OPEN or (
            char == STRAIGHT_DOUBLE and not (is_open and not open_single) and _can_open(before, after)
        ):
            if is_open and open_single:
                continue  # a double mark inside single quotes is nested
            if is_open:  # a second opening mark: the first quote was never closed
                found.append(QuoteMarks(open_at + 1, i, open_ended=False))
            open_at, open_single = i, False
        elif char in DOUBLE_CLOSE or char == STRAIGHT_DOUBLE:
            if is_open and not open_single:
                found.append(QuoteMarks(open_at + 1, i))
                open_at = -1
        elif (
            char in SINGLE_OPEN + STRAIGHT_SINGLE
            and not is_open
            and not before.isalnum()
            and _can_open(before, after)
        ):
            open_at, open_single = i, True
        elif (
            char in SINGLE_CLOSE + STRAIGHT_SINGLE
            and is_open
            and open_single
            and not (before.isalnum() and after.isalnum())
            and _can_close(before, after)
            and not (_is_weak_single_close(before, after) and _strong_single_close_ahead(text, i + 1, end))
        ):
            found.append(QuoteMarks(open_at + 1, i, single=True))
            open_at = -1
    if open_at >= 0 and not open_single:
        found.append(QuoteMarks(open_at + 1, end, open_ended=True))
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
    return token.pos_ in ("VERB", "AUX") and (
        token.lemma_.lower() in REPORTING_VERBS or token.lower_ in REPORTING_VERBS
    )


def _is_irrealis(verb: Token) -> bool:
    """A speech act that has not happened (`expected X to announce`, `will say`): not the quote's source."""
    return verb.tag_ == "VB" or any(
        child.dep_ == "aux" and child.tag_ in ("MD", "TO") for child in verb.children
    )


def _governing_cues(quote: Span, quoted: set[int]) -> list[Token]:
    """Reporting verbs the quote hangs from in the parse, innermost first (`X said he "would not ..."`).

    Speech acts that did not happen are skipped: in `X said he expected Y to announce "..."` the
    words are X's.
    """
    inside = range(quote.start, quote.end)
    found: list[Token] = []
    for token in quote:
        head, steps = token.head, 0
        if head.i in inside:
            continue
        while steps < 6 and head.sent == quote.sent:
            if (
                head.i not in quoted
                and _is_reporting_verb(head)
                and not _is_irrealis(head)
                and head not in found
            ):
                found.append(head)
            if head.head == head:
                break
            head, steps = head.head, steps + 1
    return found


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
    """The reporting verb nearest the quote in its frame: after it first ("...," he said), else before."""
    verbs = [t for t in frame if t.i not in quoted and _is_reporting_verb(t)]
    after = [t for t in verbs if t.i >= quote.end]
    before = [t for t in verbs if t.i < quote.start]
    return after[0] if after else (before[-1] if before else None)


def _speaker_of_cue(doc: Doc, verb: Token) -> Referent:
    subject = subject_of(verb)
    if subject is None:  # a parse that missed the subject: take the name next to the verb
        for neighbour in (verb.nbor(1) if verb.i + 1 < len(doc) else None, verb.nbor(-1) if verb.i else None):
            if neighbour is not None and (
                neighbour.pos_ in ("PROPN", "PRON") or neighbour.ent_type_ == "PERSON"
            ):
                subject = neighbour
                break
    if subject is None:
        return NOBODY
    referent = refer(doc, subject)
    if not referent.mention:
        mention = " ".join(t.text for t in subject.subtree if t.i <= subject.i)
        return Referent("", "", mention)
    return referent


def _cue_and_speaker(
    doc: Doc, quote: Span, frame: list[Token], quoted: set[int]
) -> tuple[Token | None, Referent]:
    """The reporting verb that names who spoke: the innermost governing one whose subject is someone,
    else the nearest one in the quote's frame (`"...," she said`)."""
    candidates = _governing_cues(quote, quoted)
    nearby = _nearby_cue(quote, frame, quoted)
    if nearby is not None and nearby not in candidates:
        candidates.append(nearby)
    fallback: tuple[Token | None, Referent] = (None, NOBODY)
    for cue in candidates:
        referent = _speaker_of_cue(doc, cue)
        if referent.name:
            return cue, referent
        if fallback[0] is None:
            fallback = (cue, referent)
    return fallback


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
    return NOBODY


def _sentence_before(doc: Doc, quote: Span) -> list[Token]:
    start = quote[0].sent.start
    return list(doc[start - 1].sent) if start > 0 else []


UNNAMED_SPEAKER = Referent("", "unnamed", "")


def _narration_subject(doc: Doc, start: int, quote: Span, quoted: set[int]) -> Referent:
    """The person the narration between token `start` and a quote is last about (`Akers said:`).

    A sentence where someone unnamed speaks (`A Japanese official ... said:`) ends the search with
    UNNAMED_SPEAKER: the quote that follows is theirs, not an earlier person's.
    """
    found = NOBODY
    for sent in doc[start : quote.start].sents:
        candidate = person_subject_in(doc, sent.sent, quote.start, quoted)
        if candidate.name:
            found = candidate
        elif any(_speaks_unnamed(t, quoted) for t in sent if t.i < quote.start):
            found = UNNAMED_SPEAKER
    return found


def _speaks_unnamed(verb: Token, quoted: set[int]) -> bool:
    if verb.i in quoted or not _is_reporting_verb(verb) or _is_irrealis(verb):
        return False
    subject = subject_of(verb)
    return subject is not None and subject.pos_ in ("NOUN", "PROPN") and not refer(verb.doc, subject).name


def _kind(doc: Doc, text: str, marks: QuoteMarks, paragraph_start: int, quote: Span, quoted: set[int]) -> str:
    """full: the quote stands as speech; partial: words quoted inside the reporter's sentence;
    scare: a partial quote with no speech act governing it (the "maximised" schedule)."""
    before = text[paragraph_start : marks.start - 1].rstrip()
    if before.lower().endswith("so-called"):
        return "scare"
    if not before or before[-1] in SENTENCE_OPENERS or before[-1] in DOUBLE_CLOSE + SINGLE_CLOSE + '"' + ",":
        return "full"
    previous_word = doc[quote.start - 2] if quote.start >= 2 else None
    if previous_word is not None and _is_reporting_verb(previous_word) and text[marks.start].isupper():
        return "full"
    if _governing_cues(quote, quoted) or _according_to(doc, list(quote.sent), quoted).name:
        return "partial"
    return "scare"


@Language.component("dateline_quotes")
def find_quotes(doc: Doc) -> Doc:
    """Find every quotation, its kind, and its speaker; store them in `doc.spans["quotes"]`."""
    text = doc.text
    paragraphs = list(doc.spans.get("paragraphs", []))
    found: list[tuple[Span, QuoteMarks, int]] = []
    for number, paragraph in enumerate(paragraphs):
        for marks in find_quote_marks(text, paragraph.start_char, paragraph.end_char):
            span = doc.char_span(marks.start, marks.end, alignment_mode="expand")
            if span is not None and len(span):
                found.append((span, marks, number))
    # Kinds first: the resolver must know which tokens are speech before it reads narration.
    kinds = []
    speech_ids = {i for span, _, _ in found for i in range(span.start, span.end)}
    for span, marks, number in found:
        kinds.append(_kind(doc, text, marks, paragraphs[number].start_char, span, speech_ids))
    spans = []
    for (span, marks, _), kind in zip(found, kinds, strict=True):
        quote = Span(doc, span.start, span.end, label=kind)
        quote._.char_range = (marks.start, marks.end)
        quote._.open_ended = marks.open_ended
        spans.append(quote)
    doc.spans["quotes"] = spans
    _attribute(doc, paragraphs)
    return doc


def _attribute(doc: Doc, paragraphs: list[Span]) -> None:
    """Give each speech quote its speaker, cue and method (see the module docstring)."""
    starts = paragraph_starts(doc)
    quoted = quoted_token_ids(doc)
    previous: Span | None = None
    previous_paragraph = -1
    for quote in doc.spans["quotes"]:
        if quote.label_ == "scare":
            continue
        number = paragraph_index(starts, quote.start_char)
        paragraph = paragraphs[number]
        frame = _frame(doc, quote, paragraph)
        cue, referent = _cue_and_speaker(doc, quote, frame, quoted)
        method = referent.method if referent.name else "unattributed"
        if not referent.name:
            according = _according_to(doc, frame, quoted)
            if not according.name and quote.start == paragraph.start + _leading(doc, paragraph):
                according = _according_to(doc, _sentence_before(doc, quote), quoted)
            if according.name:
                referent, method, cue = according, "according-to", None
        if not referent.name and cue is None:
            # No cue: the narration since the previous quote (at most one paragraph back) says who.
            narration_start = paragraphs[max(number - 1, 0)].start
            adjacent = previous is not None and previous_paragraph >= number - 1
            if adjacent:
                narration_start = max(narration_start, previous.end)
            referent = _narration_subject(doc, narration_start, quote, quoted)
            if referent.name:
                continues = adjacent and referent.name == previous._.speaker
                method = "continuation" if continues else "context"
            elif adjacent and previous._.speaker and referent is not UNNAMED_SPEAKER:
                referent = Referent(previous._.speaker, "continuation", previous._.speaker_mention)
                method = "continuation"
        quote._.speaker = referent.name
        quote._.speaker_mention = referent.mention
        quote._.cue = "according to" if method == "according-to" else (cue.text if cue is not None else "")
        quote._.method = method if referent.name else "unattributed"
        previous, previous_paragraph = quote, number
    _share_speaker_across_continued_quotes(doc)


def _leading(doc: Doc, paragraph: Span) -> int:
    """Tokens before a paragraph's first word (its opening quote mark)."""
    count = 0
    for token in paragraph:
        if token.is_alpha or token.is_digit:
            break
        count += 1
    return count


def _share_speaker_across_continued_quotes(doc: Doc) -> None:
    """A quote that runs over paragraphs has one speaker: the one its cue names, wherever the cue is."""
    chain: list[Span] = []
    for quote in [*doc.spans["quotes"], None]:
        if quote is not None and quote.label_ == "scare":
            continue
        if chain and (quote is None or not chain[-1]._.open_ended):
            named = [q for q in chain if q._.method not in ("continuation", "context", "unattributed")]
            if named and len(chain) > 1:
                source = named[0]
                for other in chain:
                    if other is not source and other._.method in ("continuation", "context", "unattributed"):
                        other._.speaker, other._.speaker_mention = source._.speaker, source._.speaker_mention
                        other._.method = "continuation"
            chain = []
        if quote is not None:
            chain.append(quote)
