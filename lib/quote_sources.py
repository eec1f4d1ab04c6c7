"""Whom a quote's cue names: the reporting verb or speech noun a quote hangs from, and its source.

The cue side of quote attribution (`lib.quotes` chooses among strategies): a cue's subject, an
inverted or participle cue's doer, `according to X`, a passed-on source, a description or a title
that runs into a name. Sources are `lib.people.Referent`s."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from lib.frames import PLACE_LABELS, AttributionMethod, QuoteKind, SpeakerType
from lib.lexicon import (
    EVIDENCE_VERBS,
    HONORIFICS,
    ORGANISATION_NOUNS,
    PASSING_ON_VERBS,
    REPORTING_VERBS,
    SPEECH_NOUNS,
    TITLE_WORDS,
    WORDED_THINGS,
    WRITINGS,
)
from lib.people import (
    NOBODY,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    Referent,
    entity_spans_by_token,
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
from lib.quote_marks import (
    MIN_SPEECH_WORDS,
    is_a_title,
)


def is_reporting_verb(token: Token) -> bool:
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


def is_irrealis(verb: Token) -> bool:
    """A speech act that has not happened (`expected X to announce`, `will say`): not the quote's source.
    An infinitive of purpose after a verb that happened did (`X took to Twitter to call Y "..."`)."""
    if _says_for_a_purpose(verb):
        return False
    return verb.tag_ == "VB" or any(
        child.dep_ == "aux" and child.tag_ in ("MD", "TO") for child in verb.children
    )


def _says_for_a_purpose(verb: Token) -> bool:
    """Whether an infinitive is what a done deed was for (`took to Twitter to call`, `used the speech to
    warn`): hung as an `advcl` with `to` from a verb in the past or a participle that is itself real."""
    if verb.dep_ != "advcl" or verb.tag_ != "VB" or verb.head.tag_ not in ("VBD", "VBN", "VBG"):
        return False
    helpers = [child for child in verb.children if child.dep_ == "aux"]
    return [h.lower_ for h in helpers] == ["to"] and not is_irrealis(verb.head)


def governing_cues(quote: Span, quoted: set[int]) -> list[Token]:
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
    if is_reporting_verb(head):
        # "had concluded his trip ... and had to leave “for a visit”": a coordinated action is not
        # what the verb reports
        return not is_irrealis(head) and child.dep_ != "conj"
    return _is_speech_noun(head) and child.dep_ in SPEECH_CONTENT_DEPS


def quote_frame(doc: Doc, quote: Span, paragraph: Span) -> list[Token]:
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
    return not ends_with_stop or next_word.is_lower or is_reporting_verb(next_word)


def _nearby_cue(quote: Span, frame: list[Token], quoted: set[int]) -> Token | None:
    """The reporting verb nearest the quote in its frame: after it first ("...," he said), else before.
    A verb busy with an object of its own is doing something else ("had concluded her trip")."""
    verbs = [
        t
        for t in frame
        if t.i not in quoted
        and is_reporting_verb(t)
        and not _has_own_object(t, quoted)
        and not _in_clause_about_when(t, quote)
        and not _about_someone_named_later(t, quote)
    ]
    after = [t for t in verbs if t.i >= quote.end]
    before = [t for t in verbs if t.i < quote.start]
    return after[0] if after else (before[-1] if before else None)


def _about_someone_named_later(verb: Token, quote: Span) -> bool:
    """Whether a verb after the quote is in a relative clause about someone named only after it (`slammed
    rivals who "outsource" ... and went after Bo, who has said ...`): what Bo has said, not this quote."""
    clause = clause_holding(verb, {"relcl"}, 2)
    return clause is not None and clause.head.i >= quote.end and clause.head.sent == quote.sent


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
    return clause.dep_ == "advcl" and bool(marks) and verb_has_subject(clause) and not inside


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


def speaker_of_cue(doc: Doc, cue: Token, quote: Span, quoted: set[int]) -> Referent:
    """The source a reporting verb or speech noun names: a person, else the source as written."""
    verb = is_reporting_verb(cue)
    source = _verb_source(doc, cue, quote, quoted) if verb else _speech_noun_source(cue)
    return source_referent(doc, source, quoted) if source is not None else NOBODY


def source_referent(doc: Doc, source: Token, quoted: set[int]) -> Referent:
    """Whom a source token stands for: a person, else the source as written."""
    if source.lower_ in RELATIVE_PRONOUNS and source.head.dep_ == "relcl":
        antecedent = source.head.head  # "a video that said", "a spymaster who wrote"
        if source.lower_ in ("who", "whom"):
            antecedent = _speaker_the_phrase_qualifies(doc, antecedent) or antecedent
        source = issuer_of(antecedent) or antecedent  # "X released a video that said": X's words
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
        titled = _person_the_title_names(doc, source) or _person_the_title_names(doc, _word_end(doc, source))
        if titled is not None:  # `said Clinton ally Jo Carr`: Carr, not the ally
            return refer(doc, titled)
        untagged = _name_after_title(doc, source) if referent.kind == SpeakerType.ORGANISATION else None
        if untagged is not None:  # `said Teamsters Vice-President Jo Carr`: Carr, not the union
            return untagged
    if not referent.name or (referent.kind == SpeakerType.ORGANISATION and _is_member(doc, source)):
        referent = describe_source(doc, source)
    return _person_named_so(doc, source, referent)


def _speaker_the_phrase_qualifies(doc: Doc, noun: Token) -> Token | None:
    """The source a `who` clause after a phrase about them goes on about, the parse having hung it from
    the phrase's last noun (`said one senator familiar with the talks, who added`: the senator, not the
    talks): that source when it is the subject of a reporting verb and the noun names no person."""
    if noun.dep_ != "pobj" or _ends_person(doc, noun.i) or doc[noun.i + 1].text != ",":
        return None
    for owner in heads_of(noun, 4):
        if owner.pos_ in ("NOUN", "PROPN") and owner.dep_ != "pobj":
            speaking = owner.dep_ == "nsubj" and is_reporting_verb(owner.head)
            return owner if speaking else None
    return None


TITLE_LINKS = frozenset({"compound", "nmod", "amod"})


def _word_end(doc: Doc, token: Token) -> Token:
    """The last piece of a hyphenated word the tokenizer split (`co-host`: host); the parse may take the
    first piece for the subject and hang the rest of the phrase, and its name, from the last."""
    i = token.i
    while (
        i + 2 < len(doc)
        and not doc[i].whitespace_
        and doc[i + 1].text == "-"
        and not doc[i + 1].whitespace_
        and doc[i + 2].is_alpha
    ):
        i += 2
    return doc[i]


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
    for link in [last, *heads_of(last, 8)]:
        if link == head:
            return last
        if link.dep_ == "pobj" and link.head.i not in by_token:
            return None  # a preposition of the phrase: "a friend of Gov. Ruiz"
        if link.dep_ == "conj" and (head.pos_ != "PROPN" or head.i in by_token):
            return None  # "the union and Ruiz": two sources, not a title
    return None


MAX_NAME_WORDS = 3


def _name_after_title(doc: Doc, source: Token) -> Referent | None:
    """The person whose name ends in `source` after an organisation and a title (`United Auto Workers
    Secretary-Treasurer Gary Casteel`), the model having tagged the name as no one: that name. The parse
    may give the organisation as the source, the name being where its compounds end."""
    while source.dep_ == "compound" and source.head.i > source.i:
        source = source.head
    if source.ent_type_ or source.pos_ != "PROPN" or not source.is_title:
        return None
    first = source.i
    while first - 1 > source.sent.start and source.i - first + 1 < MAX_NAME_WORDS:
        word = doc[first - 1]
        if word.ent_type_ or word.pos_ != "PROPN" or not word.is_title or word.lower_ in TITLE_WORDS:
            break
        first -= 1
    title = doc[first - 1] if first > source.sent.start else None
    if title is None or title.lower_ not in TITLE_WORDS or title.head.i < title.i:
        return None
    name = doc[first : source.i + 1].text
    return Referent(name, "cue", name, SpeakerType.PERSON)


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
            group = (people or body) and can_speak(doc, token)
            if group or (span is not None and span.label_ in ("ORG", "NORP")):
                return token
            continue
        is_thing = token.pos_ == "NOUN" and token.tag_ == "NN" and can_speak(doc, token)
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
    if verb.dep_ != "conj" or clause.dep_ != "ccomp" or is_reporting_verb(clause):
        return None
    outer = clause.head
    return outer if is_reporting_verb(outer) and outer.i < clause.i else None


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
        or _description_after_opening_phrase(doc, verb, quoted)
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
    if verb.dep_ != "relcl" or verb_has_subject(verb) or verb.head.pos_ not in ("NOUN", "PROPN"):
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
    for clause in [doc[last], *heads_of(doc[last], 6)]:
        if clause.dep_ == "relcl" and clause.pos_ in ("VERB", "AUX") and clause.right_edge.i == last:
            relative = any(c.lower_ in RELATIVE_PRONOUNS and c.dep_ == "nsubj" for c in clause.children)
            noun = clause.head
            is_source = noun.pos_ in ("NOUN", "PROPN") and noun.i not in quoted_token_ids(doc)
            return noun if relative and is_source else None
    return None


def _doer_of_earlier_infinitive(doc: Doc, verb: Token) -> Token | None:
    """Who does a bare verb that goes on a series of infinitives the parse broke up (`X went on to praise
    A, note that B and thank C`: X notes): the subject the first infinitive's clause has."""
    if verb.tag_ not in ("VB", "VBP") or not verb.is_lower or verb_has_subject(verb):
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
    subject = next((s for s in reversed(subjects) if not is_place(doc, s)), subjects[-1])
    if subject.pos_ == "ADP":  # the person named last in the phrase, not in a clause about them
        clauses = {t.i for t in subject.subtree if t.dep_ == "relcl" for t in t.subtree}
        people = [t for t in subject.subtree if t.i not in clauses and _ends_person(doc, t.i)]
        return people[-1] if people else subject
    return subject


def is_place(doc: Doc, token: Token) -> bool:
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
        if by.i <= verb.i or by.lower_ != "by" or by.i in quoted or verb not in heads_of(by, 3):
            continue
        if not (said or said_as or by.i < quote.start):  # `was asked by X: "..."` precedes the words
            continue
        objects = [c for c in by.children if c.dep_ == "pobj" and c.i not in quoted]
        if objects and by.dep_ in ("agent", "prep"):
            return objects[0]
    return None


def heads_of(token: Token, steps: int) -> list[Token]:
    """The tokens `token` hangs from, nearest first, at most `steps` of them."""
    found = []
    while len(found) < steps and token.head is not token:
        token = token.head
        found.append(token)
    return found


def clause_holding(token: Token, deps: set[str], steps: int) -> Token | None:
    """The clause a token sits in: itself or the nearest of its `steps` heads whose dependency is one of
    `deps` (`relcl`, `advcl`, `acl`), else None."""
    return next((head for head in [token, *heads_of(token, steps)] if head.dep_ in deps), None)


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


DESCRIPTION_LINKS = frozenset({"det", "amod", "compound", "nmod", "poss", "case"})


def _description_after_opening_phrase(doc: Doc, verb: Token, quoted: set[int]) -> Token | None:
    """The person a description right before a verb stands for, the parse having hung it in the opening
    phrase (`In an interview with hosts Ana Ruiz and Bo Diaz, the former governor stated that`):
    that noun, when the sentence opens with a preposition and a comma sets the description off."""
    if verb.tag_ not in FINITE_TAGS or verb.dep_ != "ROOT" or doc[verb.sent.start].pos_ != "ADP":
        return None
    noun = doc[verb.i - 1]
    if noun.pos_ != "NOUN" or noun.i in quoted or not is_person_noun(noun):
        return None
    first = noun.i
    while (
        first > verb.sent.start
        and doc[first - 1].dep_ in DESCRIPTION_LINKS
        and doc[first - 1].head.i > first - 1
    ):
        first -= 1
    return noun if first > verb.sent.start and doc[first - 1].text == "," else None


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
            return (_speech_noun_source(noun) if _is_speech_noun(noun) else None) or issuer_of(noun) or noun
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
            while is_reporting_verb(verb) and (_reports_the_clause(token) or _holds_the_clause(token)):
                holder = token.head
                token = holder if _reports_the_clause(token) or holder.pos_ == "AUX" else holder.head
            subject = subject_of(token)
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if len(subjects) > 1:  # 'Speaking in Salem, New Hampshire, Ruiz went after Bo, calling him'
                subject = _likeliest_subject(verb.doc, subjects)
            if subject is not None and not _is_someone(subject):
                subject = _subject_of_clause_just_before(verb) or subject
            if subject is not None:
                return subject
    return None


def _is_someone(noun: Token) -> bool:
    """Whether a noun names a person, people or an organisation, not a thing or an event."""
    return noun.ent_type_ in ("PERSON", "ORG", "NORP") or is_person_noun(noun)


def _subject_of_clause_just_before(verb: Token) -> Token | None:
    """The subject of a clause that ends right before a participle's comma, when it names someone (`The
    first clash came at a rally, when students booed her, chanting "..."`: the students chant), the
    parse having hung the participle from a main clause about a thing."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    last = doc[verb.i - 2]
    clause = clause_holding(last, {"relcl", "advcl"}, 4)
    if clause is None or clause.right_edge.i != verb.i - 2 or not clause.i < verb.i:
        return None
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and _is_someone(subject) else None


def _maker_of_remarks_before(verb: Token) -> Token | None:
    """Who made the remarks a participle right after them describes, the parse having hung it from the
    main clause (`Critics seized on remarks Ruiz made in 2009 saying she "..."`: Ruiz says it)."""
    doc = verb.doc
    if verb.i < 2 or verb.tag_ != "VBG" or doc[verb.i - 1].is_punct:
        return None
    # the parse labels the clause `relcl`, or `acl` when it has no relative word (`comments Ruiz made`)
    clause = clause_holding(doc[verb.i - 1], {"relcl", "acl"}, 4)
    if clause is None or clause.right_edge.i != verb.i - 1 or not _is_speech_noun(clause.head):
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)


# Verbs of putting out words someone wrote: `X released a video saying`, `X emailed supporters saying`.
ISSUING_VERBS = frozenset(
    "issue release send email text mail tweet post air run distribute circulate launch unveil".split()
)


def issuer_of(noun: Token) -> Token | None:
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
        and not is_reporting_verb(clause)
        and head.pos_ == "VERB"
        and not is_irrealis(head)
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
            return token if can_speak(doc, token) else None
        span = by_token.get(token.i)
        if span is not None and span.label_ == "PERSON":
            name = doc[span.end - 1]
            if _to_someone_after_the_subject(name, verb):
                break  # "said one adviser to Ana Ruiz", the parse hanging "to Ruiz" from the verb
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


def _to_someone_after_the_subject(name: Token, verb: Token) -> bool:
    """Whether a name after an inverted verb's own subject hangs from the verb by a preposition (`said
    one longtime adviser to Ana Ruiz`): whom the subject serves or spoke to, not who spoke."""
    subject_first = any(c.dep_ == "nsubj" and verb.i < c.i < name.i for c in verb.children)
    return subject_first and name.dep_ == "pobj" and name.head.dep_ == "prep" and name.head.head == verb


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
    if not can_speak(doc, head):
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
    prep = next(iter(head.rights), None) or _serving_phrase_on_the_verb(doc, head)
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


def _serving_phrase_on_the_verb(doc: Doc, head: Token) -> Token | None:
    """`to Ruiz` in `said one adviser to Ruiz` when the parse hung it from the verb, not the adviser:
    the phrase that says whom an inverted verb's subject serves."""
    following = doc[head.i + 1] if head.i + 1 < len(doc) else None
    inverted = head.dep_ == "nsubj" and head.head.i < head.i
    if inverted and following is not None and following.dep_ == "prep" and following.head == head.head:
        return following if following.lower_ in SERVING_PREPOSITIONS else None
    return None


SERVING_PREPOSITIONS = frozenset({"to", "for"})


def _spaced(doc: Doc, words: list[Token]) -> str:
    """Words of a phrase as written, spaced as in the text also where a token between them is left
    out (`"Dear Walter" letters` without its marks -> "Dear Walter letters", not "Dear Walterletters")."""
    parts = []
    for word, following in zip(words, [*words[1:], None], strict=True):
        gap = doc[word.i : following.i] if following is not None else []
        parts.append(word.text + (" " if any(t.whitespace_ for t in gap) else ""))
    return "".join(parts).strip()


def can_speak(doc: Doc, head: Token) -> bool:
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


def cue_and_speaker(
    doc: Doc, quote: Span, frame: list[Token], quoted: set[int]
) -> tuple[Token | None, Referent]:
    """The cue that names who spoke: the innermost governing one whose source is someone, else the
    nearest reporting verb in the quote's frame (`"...," she said`)."""
    set_off = _cue_setting_off(doc, quote, quoted)
    if set_off is not None:  # `X said as a heckler yelled: "..."`: the heckler's words
        referent = speaker_of_cue(doc, set_off, quote, quoted)
        if referent.name:
            return set_off, referent
    candidates = governing_cues(quote, quoted)
    adjacent, written = adjacent_cue(doc, quote, quoted)
    passed_on_from = _passed_on_from(doc, adjacent, frame, quote, quoted) if adjacent is not None else None
    if passed_on_from is not None:
        candidates = [passed_on_from, *(c for c in candidates if c != passed_on_from)]
    elif adjacent is not None:  # '"...," said X' and '"...," X said' are the surest frames
        if written is not None:
            referent = source_referent(doc, written, quoted)
            if referent.name:
                return adjacent, referent
        if is_reporting_verb(adjacent):  # a verb that says how (`beamed`) names no one by itself
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
        if _evidence_inside_a_report(doc, cue, candidates, quote, quoted):
            continue  # `an aide said the polls suggested voters were "tired"`: the aide's words
        referent = speaker_of_cue(doc, cue, quote, quoted)
        if referent.kind in (SpeakerType.GROUP, SpeakerType.DESCRIPTION) and referent.name:
            # `X said the two leaders had agreed to "..."`: X's words, when X is a person.
            unnamed = unnamed or (cue, referent)
        elif referent.name:
            if unnamed is not None and not _reports(cue, unnamed[0]):
                return unnamed  # `X spoke as a heckler yelled: "..."`: the heckler's, X reports nothing
            return cue, referent
        elif fallback[0] is None and is_reporting_verb(cue):
            fallback = (cue, referent)
    return unnamed or fallback


def _evidence_inside_a_report(
    doc: Doc, cue: Token, candidates: list[Token], quote: Span, quoted: set[int]
) -> bool:
    """Whether a cue is a thing giving evidence within what an outer cue reports (`a person briefed on
    the audit said the files that were copied suggested ...`): no one, not a person, an organisation
    or a text, is its subject."""
    if cue.lemma_.lower() not in EVIDENCE_VERBS:
        return False
    source = _verb_source(doc, cue, quote, quoted)
    if (
        source is None
        or source.pos_ != "NOUN"
        or source.ent_type_
        or is_person_noun(source)
        or source.lemma_.lower() in ORGANISATION_NOUNS
        or source.lemma_.lower() in WRITINGS
    ):
        return False
    return any(
        outer != cue and is_reporting_verb(outer) and outer in cue.ancestors and _reports(outer, cue)
        for outer in candidates
    )


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
    closing_dash = after < len(doc) and doc[after].text in DASHES  # a quote left open runs to the end
    if before <= quote.sent.start or not (mark == ":" or (mark in DASHES and closing_dash)):
        return None
    for verb in reversed(doc[quote.sent.start : before]):
        if verb.i in quoted or not verb.is_alpha:
            continue
        if verb.pos_ in ("VERB", "AUX") and verb.dep_ != "advcl":
            return None  # the main clause runs up to the mark: `X said after the vote:`
        if verb.dep_ == "advcl" and is_reporting_verb(verb):
            content = any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)
            if is_irrealis(verb) or not verb_has_subject(verb) or (mark == ":" and content):
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
        if verb.i in quoted or not is_reporting_verb(verb) or verb.tag_ not in FINITE_TAGS:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i not in quoted), None)
        named = subject is not None and subject.pos_ == "PROPN" and subject.i == verb.i - 1
        return verb if named and verb.dep_ in ("ccomp", "conj") and not is_irrealis(verb) else None
    return None


def _reports(outer: Token, inner: Token) -> bool:
    """Whether the clause of an inner speech act is what an outer cue reports (`X said the leaders had
    agreed to`), not a clause about when or why (`X said it as a heckler yelled`, `after a voter told
    him`), nor one elsewhere in the sentence. A participle with no subject of its own reports for the
    outer cue's source (`X said after Y won, remarking that`: the parse's doer is a guess)."""
    if not verb_has_subject(inner):
        return True
    token = inner
    while token != outer and token.head != token:
        if token.dep_ == "advcl" and verb_has_subject(token):
            return False  # a clause of its own, not a participle ("..., explaining that")
        token = token.head
    return token == outer


def verb_has_subject(verb: Token) -> bool:
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
        if is_reporting_verb(cue) and not is_irrealis(cue):
            referent = speaker_of_cue(doc, cue, quote, quoted)
            return cue if referent.name and referent.kind == SpeakerType.PERSON else None
    return None


def adjacent_cue(doc: Doc, quote: Span, quoted: set[int]) -> tuple[Token | None, Token | None]:
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
    if is_reporting_verb(word) or _says_how(doc, word, quote, first, quoted):
        if is_irrealis(word):
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
    if verb is None or is_irrealis(verb):
        return None, None
    if not (is_reporting_verb(verb) and not _has_own_object(verb, quoted)) and not _says_how(
        doc, verb, quote, first, quoted
    ):
        return None, None
    return verb, _name_before_aside(doc, subject, verb) or subject


ASIDE_OPENERS = frozenset({"VBG", "VBN", "IN"})  # "wearing a cowboy hat", "asked about it", "in Ohio"


def _verb_after_aside(doc: Doc, opener: Token, limit: int) -> Token | None:
    """The reporting verb after an aside set off by commas that the parse did not hang from the name
    before it (`"...," Dora Hale, wearing a hat and "Vote Lim" pins, said`); quoted words in the aside
    are its own. None when the sentence ends first or the verb has a subject of its own."""
    if opener.tag_ not in ASIDE_OPENERS or is_reporting_verb(opener):
        return None
    for token in doc[opener.i + 1 : min(limit, len(doc) - 1)]:
        if token.is_sent_end or token.text in ".;:":
            return None
        verb = doc[token.i + 1]
        if token.text == "," and is_reporting_verb(verb) and verb.tag_ in FINITE_TAGS:
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
    if sum(t.is_alpha for t in quote) < MIN_SPEECH_WORDS or is_a_title(quote):
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


def according_to(doc: Doc, tokens: list[Token], quoted: set[int]) -> Referent:
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


def sentence_before(doc: Doc, quote: Span) -> list[Token]:
    start = quote[0].sent.start
    return list(doc[start - 1].sent) if start > 0 else []


def narration_subject(doc: Doc, start: int, quote: Span, quoted: set[int]) -> Referent:
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
    if verb.i in quoted or not is_reporting_verb(verb) or is_irrealis(verb):
        return None
    subject = subject_of(verb)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN") or refer(verb.doc, subject).name:
        return None
    return describe_source(verb.doc, subject)
