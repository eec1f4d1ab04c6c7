"""Who a subject refers to: a named person, a pronoun (`he`), or a title (`the prime minister`).

One resolver, shared by quote speakers and visitors. It reads what `dateline_entities` stored
(`doc.spans["entities"]`, `doc._.people`) and what `dateline_quotes` marked as quoted speech.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from lib.entities import PERSON_NOUNS, Person
from lib.frames import AttributionMethod, QuoteKind, SpeakerType
from lib.gender import (
    Gender,
    gender_by_name,
    gender_named,
    noun_gender,
    pronoun_gender,
    titled_like_a_man,
)
from lib.lexicon import REPORTING_VERBS, ROLE_NOUNS, TITLE_WORDS, UNNAMED_PERSON_NOUNS
from lib.names import named_like_a_person
from lib.places import country_of_demonym

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
HEAD_OF_GOVERNMENT_WORDS = {"leader", "premier"}
HEAD_OF_GOVERNMENT_TITLES = ("prime minister", "president", "premier", "chancellor")
LOOKBACK_SENTENCES = 6
MIN_PRONOUN_VOTES = 2  # pronouns needed to overrule the gender a given name suggests
VOTE_WINDOW_SENTENCES = 2  # a pronoun votes for the only person named this many sentences back


@dataclass(frozen=True)
class Referent:
    """Who a mention refers to: canonical name ('' when unknown), how it was found, the words used,
    and what kind of source it is (a person, an organisation, a group or a description)."""

    name: str
    method: str  # "cue" (named), "pronoun", "title", or "" when unresolved
    mention: str
    kind: str = SpeakerType.PERSON


NOBODY = Referent("", "", "")


def entity_spans_by_token(doc: Doc) -> dict[int, Span]:
    """Map each token index to the entity span (from `doc.spans["entities"]`) covering it."""
    cached = doc.user_data.get("dateline_entity_by_token")
    if cached is None:
        cached = {i: span for span in doc.spans.get("entities", []) for i in range(span.start, span.end)}
        doc.user_data["dateline_entity_by_token"] = cached
    return cached


def quoted_token_ids(doc: Doc) -> set[int]:
    """Token indices inside quoted speech (not scare quotes): narration excludes them."""
    cached = doc.user_data.get("dateline_quoted_tokens")
    if cached is None:
        cached = {
            i
            for span in doc.spans.get("quotes", [])
            if span.label_ != QuoteKind.SCARE
            for i in range(span.start, span.end)
        }
        doc.user_data["dateline_quoted_tokens"] = cached
    return cached


# The unnamed person a `he`/`she` went on from, kept beside the pronoun's memo (see unnamed_antecedent).
UNNAMED_ANTECEDENTS = "dateline_unnamed_antecedents"
QUOTE_DEPENDENT_CACHES = (
    "dateline_quoted_tokens",
    "dateline_pronouns",
    UNNAMED_ANTECEDENTS,
    "dateline_genders",
    "dateline_sources",
)


def forget_quoted_speech(doc: Doc) -> None:
    """Drop what was worked out before the quotes were known (which tokens are speech, and the
    pronouns and genders read from narration), so it is read again with them."""
    for key in QUOTE_DEPENDENT_CACHES:
        doc.user_data.pop(key, None)


def _named_entity(doc: Doc, token: Token, labels: tuple[str, ...]) -> Span | None:
    """The entity of one of `labels` that a subject token heads or names (its own, or in its phrase)."""
    by_token = entity_spans_by_token(doc)
    span = by_token.get(token.i)
    if span is not None and span.label_ in labels:
        return span
    if token.lower_.rstrip(".") in TITLE_WORDS:  # "PM Modi tweeted" parsed with "PM" as the subject
        span = by_token.get(token.i + 1)
        if span is not None and span.label_ in labels and span.start == token.i + 1:
            return span
    # "trade spokesman David Parker", "Hargreaves' predecessor, Lachlan Dorney": the head may be a title
    # noun naming its person in apposition or as a compound; an owner ("Hargreaves'") is someone else.
    # Before a common noun, a name is whose the role is ("a senior Cruz adviser"), not who holds it.
    named = sorted(
        (
            c
            for c in token.children
            if c.dep_ in ("appos", "compound", "flat", "nmod")
            and c.i > token.i - 6
            and not (c.i < token.i and token.pos_ == "NOUN")
        ),
        key=lambda c: c.dep_ != "appos",
    )
    for child in named:
        if child.dep_ == "nmod" and any(g.dep_ == "case" for g in child.children):
            continue
        span = by_token.get(child.i)
        if span is not None and span.label_ in labels:
            return span
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, looking through auxiliaries and coordinated verbs."""
    for candidate in (verb, verb.head if verb.dep_ in ("conj", "xcomp", "advcl") else None):
        if candidate is None:
            continue
        for child in candidate.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return None


OFFICE_CHANGING_WORDS = ("prime", "vice", "deputy", "former", "associate", "junior", "shadow")
INDEFINITE_DETERMINERS = {"a", "an", "another", "one", "some", "several"}
RELATIVE_PRONOUNS = {"who", "that", "whom"}


def refer(doc: Doc, token: Token) -> Referent:
    """Resolve the person (or organisation) a subject token refers to."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl" and token.head.head != token:
        return refer(doc, token.head.head)  # "Ibarguren, who described it as ..." -> Ibarguren
    span = _named_entity(doc, token, ("PERSON",))
    if span is not None:
        return Referent(span._.entity, "cue", span.text)
    if token.lower_ in PERSON_PRONOUNS:
        return resolve_pronoun(doc, token)
    if token.lemma_.lower() in ROLE_NOUNS or token.lower_ in ROLE_NOUNS:
        if is_unnamed_person(token):
            return Referent("", "", " ".join(t.text for t in token.subtree if t.i <= token.i))
        return resolve_title(doc, token)
    span = _named_entity(doc, token, ("ORG", "GPE", "NORP"))
    if span is not None:
        return Referent(span._.entity, "cue", span.text, SpeakerType.ORGANISATION)
    return NOBODY


def people_of(doc: Doc) -> list[Person]:
    """The article's people (`doc._.people`, plain data) as Person objects (once per doc)."""
    cached = doc.user_data.get("dateline_people")
    if cached is None:
        cached = doc.user_data["dateline_people"] = [
            Person(name, set(p["forms"]), list(p["titles"]), p["first_char"], p["gender"])
            for name, p in (doc._.people or {}).items()
        ]
    return cached


def _people_by_name(doc: Doc) -> dict[str, Person]:
    cached = doc.user_data.get("dateline_people_by_name")
    if cached is None:
        cached = doc.user_data["dateline_people_by_name"] = {p.name: p for p in people_of(doc)}
    return cached


TITLE_WINDOW = 300  # person mentions a title looks back over ("the minister said" -> who, lately)


def _recent_people(doc: Doc, position: int) -> dict[str, int]:
    """The people named in the last TITLE_WINDOW person mentions before a token, most recent first
    (name -> rank): a title refers to someone the reader has seen lately, and looking no further
    keeps each title's cost flat however long the article."""
    names, starts = _person_names(doc)
    end = bisect_left(starts, position)
    ranks: dict[str, int] = {}
    for name in reversed(names[max(end - TITLE_WINDOW, 0) : end]):
        ranks.setdefault(name, len(ranks))
    return ranks


def _person_names(doc: Doc) -> tuple[list[str], list[int]]:
    """The canonical name of each PERSON mention, in order, and where each starts (once per doc)."""
    cached = doc.user_data.get("dateline_person_names")
    if cached is None:
        spans, starts = _person_spans(doc)
        cached = doc.user_data["dateline_person_names"] = ([span._.entity for span in spans], starts)
    return cached


def is_unnamed_person(noun: Token) -> bool:
    """`a Japanese official`, `officials`: someone new and unnamed, never a person named earlier."""
    return noun.tag_ in ("NNS", "NNPS") or any(
        child.dep_ in ("det", "nummod") and child.lower_ in INDEFINITE_DETERMINERS for child in noun.children
    )


def _opens_a_verbless_sentence(doc: Doc, root: Token) -> bool:
    """Whether a name the parse made a sentence's root leads it, with a participle clause after it
    (`Clinton, speaking to me for the podcast remembers ...`), not one a verb before it acts on
    (`Trump accused Cruz, the senator from Texas, of ...`, parsed with `accused` as an adjective)."""
    span = entity_spans_by_token(doc).get(root.i)
    first = span.start if span is not None else root.i
    return all(c.i >= first for c in root.lefts) and any(c.dep_ == "acl" for c in root.rights)


def _clause_depth(token: Token) -> int:
    """How deep a subject's clause is embedded: 0 for the main clause (and verbs coordinated with it)."""
    depth, verb = 0, token.head
    while verb.head != verb and depth < 10:
        if verb.dep_ != "conj":
            depth += 1
        verb = verb.head
    return depth


def person_subject_in(
    doc: Doc,
    sent: Span,
    before: int,
    quoted: set[int],
    fits: Callable[[str], bool] | None = None,
    speakers_first: bool = False,
    wanted: Gender = Gender.UNKNOWN,
) -> Referent:
    """The person a sentence is about, before token `before` and outside quotes: its main-clause
    subject if that is a person, else the last person in subject position (`X said he expected Y to`).

    A subject that is no person still points to the person named inside it (`defenders of free trade
    like X`). `fits` leaves out people a pronoun cannot mean (`she` is no man); with `speakers_first`,
    the subject of a reporting verb comes first (`Trump, Sexton said, has ...` -> Sexton). A pronoun
    of the other gender than `wanted` names someone else (`because she won, he said`).
    """
    found: list[tuple[bool, bool, int, int, Referent]] = []
    for token in sent:
        if token.i >= before:
            break
        if token.i in quoted:
            continue
        owned = False
        # "Asked about her own vote in the event that X wins, she replied": whom an owner of the
        # same gender meant, before a name deep in a clause
        # ("her mother ... she said" is the mother's, not the owner's)
        owner = (
            token.dep_ == "poss"
            and bool(wanted)
            and pronoun_gender(token.lower_) == wanted
            and noun_gender(token.head.lemma_) != wanted
        )
        # "Clinton, speaking to me for the podcast remembers ...": a name the parse made the root of a
        # sentence it found no verb for is whom the sentence is about
        named_root = token.dep_ == "ROOT" and token.pos_ == "PROPN" and _opens_a_verbless_sentence(doc, token)
        if token.dep_ not in SUBJECT_DEPS and not owner and not named_root:
            continue
        if token.lower_ in PERSON_PRONOUNS:
            if wanted and pronoun_gender(token.lower_) not in (wanted, Gender.UNKNOWN):
                continue
            referent = resolve_pronoun(doc, token)
        elif _named_entity(doc, token, ("PERSON",)) or token.lemma_.lower() in ROLE_NOUNS:
            if wanted and _honorific_gender(doc, token) not in (wanted, Gender.UNKNOWN):
                continue  # "But Mrs. Clinton ... was not as friendly ... he said": not her
            referent = _of_the_gender(doc, token, refer(doc, token), wanted)
        elif (named := _named_entity(doc, token, ("ORG",))) is not None and named_like_a_person(
            named._.entity
        ):
            referent = Referent(named._.entity, "cue", named.text)  # "Carly Hartwell ... she said"
        elif token.lower_ in RELATIVE_PRONOUNS:
            named = token.head.head if token.head.dep_ == "relcl" else token
            if wanted and _honorific_gender(doc, named) not in (wanted, Gender.UNKNOWN):
                continue
            referent = refer(doc, token)  # "X, who ... said that ...": X spoke
        elif token.pos_ == "NOUN":
            referent = _person_inside(doc, token, before, quoted)
            if not referent.name and not is_person_noun(token):
                # "Trump's attempt ... did not last. Within minutes, he called ...": the owner of a
                # subject that is a thing is whom the sentence is about; not "Smith's lawyer"
                referent, owned = _owner_of(doc, token, before, quoted), True
        else:
            continue
        if referent.name and referent.kind == SpeakerType.PERSON and (fits is None or fits(referent.name)):
            # a relative clause's verb says who the person is, not who speaks ("X, who called it a hoax,")
            # nor does a clause that only sets the scene ("Ryan hedged when Tapper asked ..."): Ryan
            relative = token.lower_ in RELATIVE_PRONOUNS or token.head.dep_ == "advcl"
            speaking = speakers_first and token.head.lemma_.lower() in REPORTING_VERBS and not relative
            found.append((not speaking, owned, _clause_depth(token), -token.i, referent))
    return min(found, key=lambda item: item[:4])[4] if found else NOBODY


def _honorific_gender(doc: Doc, token: Token) -> Gender:
    """The gender the honorific right before a name says (`Mrs. Clinton`), whatever the article's other
    mentions of that name say."""
    span = entity_spans_by_token(doc).get(token.i)
    return gender_named([doc[span.start - 1].text]) if span is not None and span.start else Gender.UNKNOWN


def _of_the_gender(doc: Doc, token: Token, referent: Referent, wanted: Gender) -> Referent:
    """A bare surname that two people of the article share (`Clinton` beside Hillary and Bill
    Clinton) is the one of them a gendered pronoun can mean, whoever the name was linked to; not
    when its honorific says otherwise (`Mrs. Clinton ... he said`)."""
    if not wanted or referent.method != "cue" or " " in referent.mention.strip():
        return referent
    if _honorific_gender(doc, token) not in (wanted, Gender.UNKNOWN):
        return referent
    genders = genders_of(doc)
    if genders.get(referent.name) == wanted:
        return referent
    surname = referent.mention.strip()
    namesakes = [
        p.name for p in people_of(doc) if p.name.split()[-1] == surname and genders.get(p.name) == wanted
    ]
    return Referent(namesakes[0], "cue", referent.mention) if len(namesakes) == 1 else referent


EXAMPLE_PREPOSITIONS = frozenset({"like", "including", "as"})
NAMING_VERBS = frozenset({"name", "call"})


def _owner_of(doc: Doc, noun: Token, before: int, quoted: set[int]) -> Referent:
    """The person named as the owner of a noun (`Trump's attempt`), before token `before` and unquoted."""
    by_token = entity_spans_by_token(doc)
    for child in noun.children:
        span = by_token.get(child.i)
        # the parse marks some owners `det` ("Governor Owen Pike's budget")
        if child.dep_ not in ("poss", "det") or child.i >= before or child.i in quoted:
            continue
        if span is not None and span.label_ == "PERSON":
            return Referent(span._.entity, "cue", span.text)
    return NOBODY


def _person_inside(doc: Doc, noun: Token, before: int, quoted: set[int]) -> Referent:
    """The one person a subject that is no person gives as its example, in apposition or by name
    (`defenders of free trade, like X, ...`, `the group's founder, X,`, `a worker named X`), not one
    it merely mentions (`talks with X`)."""
    by_token = entity_spans_by_token(doc)
    names = set()
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in EXAMPLE_PREPOSITIONS:
            heads = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "acl" and child.lemma_.lower() in NAMING_VERBS:
            heads = [c for c in child.children if c.dep_ in ("oprd", "dobj", "attr")]
        elif child.dep_ == "appos":
            heads = [child]
        else:
            continue
        for head in heads:
            span = by_token.get(head.i)
            if span is not None and span.label_ == "PERSON" and head.i < before and head.i not in quoted:
                names.add(span._.entity)
    return Referent(names.pop(), "cue", "") if len(names) == 1 else NOBODY


def sentences_of(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's sentences and their first token indices (computed once per doc)."""
    cached = doc.user_data.get("dateline_sentences")
    if cached is None:
        sentences = list(doc.sents)
        cached = doc.user_data["dateline_sentences"] = (sentences, [s.start for s in sentences])
    return cached


def genders_of(doc: Doc) -> dict[str, str]:
    """Each person's gender (name -> lib.gender.Gender): as the article's honorifics and titles say,
    else as its pronouns say (`Jan Brewer ... She said`), else by a clearly gendered given name."""
    cached = doc.user_data.get("dateline_genders")
    if cached is None:
        votes, subject_votes = _pronoun_votes(doc)
        cached = {}
        for person in people_of(doc):
            said = votes.get(person.name, Counter())
            by_name = gender_by_name(person.name)
            by_pronouns = next(iter(said)) if len(said) == 1 else Gender.UNKNOWN
            # One pronoun may have meant someone else: it overrides a clearly gendered name only
            # when the article says so twice ("Jan" is a man's name in the table; Jan Brewer is not),
            # each time just after naming the person as a subject: "Clinton's aides dropped the mayor
            # after he spoke" says nothing about Clinton.
            if by_name and subject_votes.get(person.name, Counter())[by_pronouns] < MIN_PRONOUN_VOTES:
                by_pronouns = Gender.UNKNOWN
            titled = Gender.MALE if titled_like_a_man(person.titles) else Gender.UNKNOWN
            cached[person.name] = person.gender or by_pronouns or by_name or titled
        doc.user_data["dateline_genders"] = cached
    return cached


def _pronoun_votes(doc: Doc) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """For each person, the genders of `he`/`she` used where they are the only person named in the
    last VOTE_WINDOW_SENTENCES sentences (outside quotes); and of those, the ones where the person
    was named there as a subject."""
    quoted = quoted_token_ids(doc)
    sentences, starts = sentences_of(doc)
    people = [s for s in _person_spans(doc)[0] if s.start not in quoted]
    people_starts = [s.start for s in people]
    votes: dict[str, Counter] = defaultdict(Counter)
    subject_votes: dict[str, Counter] = defaultdict(Counter)
    for token in doc:
        gender = pronoun_gender(token.lower_) if token.pos_ == "PRON" else Gender.UNKNOWN
        if gender == Gender.UNKNOWN or token.i in quoted:
            continue
        index = bisect_right(starts, token.i) - 1
        window = slice(
            bisect_left(people_starts, sentences[max(index - VOTE_WINDOW_SENTENCES, 0)].start),
            bisect_left(people_starts, token.i),
        )
        named = {span._.entity for span in people[window]}
        if len(named) == 1:
            name = named.pop()
            votes[name][gender] += 1
            if any(span.root.dep_ in SUBJECT_DEPS for span in people[window]):
                subject_votes[name][gender] += 1
    return votes, subject_votes


def resolve_pronoun(doc: Doc, pronoun: Token) -> Referent:
    """The most recent person in subject position before a pronoun (skipping objects and quotes),
    of the pronoun's gender when both are known.

    When no subject fits `he` or `she`, the most recent person of that gender named in any role
    (`Sarah Kim welcomed Daniel Reyes ... he said` -> Reyes). With no one before it (an article that
    opens `"...," he said.`), the first person named as a subject after it, in the same or the next
    paragraphs.
    """
    memo = doc.user_data.setdefault("dateline_pronouns", {})
    if pronoun.i in memo:
        return memo[pronoun.i]
    memo[pronoun.i] = NOBODY  # guards against cycles while resolving
    quoted = quoted_token_ids(doc)
    wanted = pronoun_gender(pronoun.lower_)
    genders = genders_of(doc)

    def fits(name: str) -> bool:
        return wanted == Gender.UNKNOWN or genders.get(name, "") in ("", wanted)

    sentences, starts = sentences_of(doc)
    index = bisect_right(starts, pronoun.i) - 1
    result = NOBODY
    bound = _clause_subject(doc, pronoun, quoted, fits) if pronoun.dep_ not in SUBJECT_DEPS else NOBODY
    if bound.name:  # "he said Tinubu had ended his trip": his is Tinubu's
        memo[pronoun.i] = Referent(bound.name, "pronoun", pronoun.text)
        return memo[pronoun.i]
    topic = _topic_before(doc, pronoun, quoted, fits)
    if topic.name:  # "As for Kimball, he said ...": the person the sentence turns to
        memo[pronoun.i] = Referent(topic.name, "pronoun", pronoun.text)
        return memo[pronoun.i]
    # "he told Ortiz", "he called Ortiz a liar": a subject is never the person its own verb acts on
    others = _objects_of_its_verb(doc, pronoun) if pronoun.dep_ in SUBJECT_DEPS else set()
    if others:
        fits_gender = fits

        def fits(name: str) -> bool:
            return name not in others and fits_gender(name)

    speaking = pronoun.head.lemma_.lower() in REPORTING_VERBS
    looked_at = _sentences_back(doc, pronoun, index, quoted)
    for n in looked_at:
        candidate = person_subject_in(doc, sentences[n], pronoun.i, quoted, fits, speaking, wanted)
        if not candidate.name:  # '"...," Ramos, 58, told AFP.' parsed with no subject: who spoke there
            candidate = _named_speaker_in(doc, sentences[n], pronoun.i, fits)
        if candidate.name:
            result = Referent(candidate.name, "pronoun", pronoun.text)
            break
        unnamed = _unnamed_of_the_gender(sentences[n], pronoun.i, quoted, wanted)
        if unnamed is not None:
            # '"...," said the woman, who asked not to be named. "...," she said.': someone with no name
            if unnamed.tag_ == "NN":  # `two men chatted ... he said`: one of them, which one unknown
                doc.user_data.setdefault(UNNAMED_ANTECEDENTS, {})[pronoun.i] = unnamed
            memo[pronoun.i] = NOBODY
            return NOBODY
    if not result.name and wanted != Gender.UNKNOWN:
        earliest = sentences[looked_at[-1]].start
        people, people_starts = _person_spans(doc)
        for span in reversed(people[: bisect_left(people_starts, pronoun.i)]):
            if span.start < earliest:
                break
            if span.start in quoted:
                continue
            # a bare surname linked to the namesake of the other gender ("Clinton" to Bill Clinton)
            named = _of_the_gender(doc, span.root, Referent(span._.entity, "cue", span.text), wanted).name
            if genders.get(named) == wanted and fits(named):
                result = Referent(named, "pronoun", pronoun.text)
                break
    if not result.name and not _any_person_before(doc, pronoun.i):
        for sent in sentences[index + 1 : index + 4]:
            candidate = person_subject_in(doc, sent, sent.end, quoted, fits)
            if candidate.name:
                result = Referent(candidate.name, "pronoun", pronoun.text)
                break
    memo[pronoun.i] = result
    return result


def _sentences_back(doc: Doc, pronoun: Token, index: int, quoted: set[int]) -> list[int]:
    """The pronoun's sentence `index` and the LOOKBACK_SENTENCES - 1 before it, most recent first; when
    the pronoun comes right after a quote (`"... ? ... ? ... ?" he said`), not counting the sentences
    of that quote: a long quote would hide who said it."""
    sentences, _ = sentences_of(doc)
    before = pronoun.i - 1
    while before >= 0 and (doc[before].is_punct or doc[before].is_space) and before not in quoted:
        before -= 1
    found, told, past_the_quote = [], 0, before not in quoted
    for n in range(index, -1, -1):
        found.append(n)
        past_the_quote = past_the_quote or (
            n != index and any(t.is_alpha and t.i not in quoted for t in sentences[n])
        )
        told += n == index or past_the_quote
        if told >= LOOKBACK_SENTENCES:
            break
    return found


NAMED_SPEAKER_METHODS = (AttributionMethod.CUE, AttributionMethod.TITLE)  # a speaker the text names


def _named_speaker_in(doc: Doc, sent: Span, before: int, fits: Callable[[str], bool]) -> Referent:
    """The last person a sentence names as the speaker of a quote, by the quote's own cue, before
    token `before`: the sentence's subject when the parse found none in its narration."""
    if not Span.has_extension("speaker_range"):  # quotes are not attributed in this pipeline
        return NOBODY
    end = min(sent.end_char, doc[before].idx) if before < len(doc) else sent.end_char
    for quote in reversed(doc.spans.get("quotes", [])):
        start, stop = quote._.speaker_range
        in_sentence = quote.start < sent.end and quote.end > sent.start
        if not (in_sentence and sent.start_char <= start and stop <= end):
            continue
        named = quote._.method in NAMED_SPEAKER_METHODS and quote._.speaker_type == SpeakerType.PERSON
        if named and quote._.speaker and fits(quote._.speaker):
            return Referent(quote._.speaker, "cue", quote._.speaker_mention)
    return NOBODY


def _clause_subject(doc: Doc, pronoun: Token, quoted: set[int], fits: Callable[[str], bool]) -> Referent:
    """The person who is the subject of the clause an owner or object pronoun sits in, named before it."""
    verb = pronoun.head
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < pronoun.i), None)
    if subject is None or subject.i in quoted or subject.lower_ in PERSON_PRONOUNS:
        return NOBODY
    span = _named_entity(doc, subject, ("PERSON",))
    if span is None or not fits(span._.entity):
        return NOBODY
    return Referent(span._.entity, "cue", span.text)


def _unnamed_of_the_gender(sent: Span, before: int, quoted: set[int], wanted: Gender) -> Token | None:
    """The last subject of a sentence before token `before` that is someone of the `wanted` gender
    it does not name, who speaks there (`said the woman`, `his wife added`) or is new (`a woman`),
    or someone new of either gender who speaks (`a correspondent for Reuters called it`); not one
    that describes someone named before ("What 74-year-old grandfather would not love that?")."""
    if not wanted:
        return None
    for token in reversed(sent[: max(before - sent.start, 0)]):
        if token.dep_ not in SUBJECT_DEPS or token.pos_ != "NOUN" or token.i in quoted:
            continue
        if any(c.dep_ == "appos" for c in token.children):
            continue
        speaking = token.head.lemma_.lower() in REPORTING_VERBS
        gender = noun_gender(token.lemma_)
        if gender == wanted and (speaking or is_unnamed_person(token)):
            return token
        new_speaker = speaking and token.tag_ == "NN" and is_unnamed_person(token)
        if not gender and new_speaker and is_person_noun(token) and not _names_others(sent, token, before):
            return token  # not `a reporter asked Sanders ... he replied`: Sanders may be `he`
    return None


def _names_others(sent: Span, subject: Token, before: int) -> bool:
    """Whether a sentence names a person before token `before` outside its subject's phrase."""
    phrase = {t.i for t in subject.subtree}
    by_token = entity_spans_by_token(sent.doc)
    return any(
        (span := by_token.get(t.i)) is not None and span.label_ == "PERSON"
        for t in sent
        if t.i < before and t.i not in phrase
    )


def is_person_noun(noun: Token) -> bool:
    """Whether a noun can only be a person or people: `voter`, `spokeswoman`, `minister`."""
    lemma = noun.lemma_.lower()
    return (
        lemma in UNNAMED_PERSON_NOUNS
        or lemma in ROLE_NOUNS
        or lemma in PERSON_NOUNS
        or bool(noun_gender(lemma))
    )


def unnamed_antecedent(doc: Doc, pronoun: Token) -> Token | None:
    """The subject noun of someone unnamed that `he` or `she` goes on from (`a correspondent for
    Reuters called it ... he said`), when resolve_pronoun found that person and no name."""
    resolve_pronoun(doc, pronoun)
    return doc.user_data.get(UNNAMED_ANTECEDENTS, {}).get(pronoun.i)


TOPIC_PREPOSITIONS = frozenset({"for", "to"})  # "as for X", "as to X"
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd"})


def _topic_before(doc: Doc, pronoun: Token, quoted: set[int], fits: Callable[[str], bool]) -> Referent:
    """The person an `as for X,` opening sets as the topic of the clause a subject pronoun leads."""
    if pronoun.dep_ not in SUBJECT_DEPS:
        return NOBODY
    for opener in pronoun.head.children:
        if opener.i >= pronoun.i or opener.lower_ != "as" or opener.dep_ != "prep":
            continue
        for prep in opener.children:
            if prep.lower_ not in TOPIC_PREPOSITIONS:
                continue
            for topic in (c for c in prep.children if c.dep_ == "pobj" and c.i not in quoted):
                span = _named_entity(doc, topic, ("PERSON",))
                if span is not None and fits(span._.entity):
                    return Referent(span._.entity, "cue", span.text)
    return NOBODY


def _objects_of_its_verb(doc: Doc, pronoun: Token) -> set[str]:
    """The people a subject pronoun's own verb acts on or speaks to (`told X`, `called X`, `with X`)."""
    verb = pronoun.head
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    objects += [o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    by_token = entity_spans_by_token(doc)
    return {
        span._.entity for o in objects if (span := by_token.get(o.i)) is not None and span.label_ == "PERSON"
    }


def _person_spans(doc: Doc) -> tuple[list[Span], list[int]]:
    """The doc's PERSON mentions in order and their first tokens (computed once per doc)."""
    cached = doc.user_data.get("dateline_person_spans")
    if cached is None:
        spans = [span for span in doc.spans.get("entities", []) if span.label_ == "PERSON"]
        cached = doc.user_data["dateline_person_spans"] = (spans, [span.start for span in spans])
    return cached


def _any_person_before(doc: Doc, position: int) -> bool:
    """Whether a person is named outside quotes before token `position`."""
    quoted = quoted_token_ids(doc)
    first = next((span.start for span in _person_spans(doc)[0] if span.start not in quoted), len(doc))
    return first < position


def _title_phrase(token: Token) -> list[str]:
    words = [
        t.lower_ for t in token.lefts if t.dep_ in ("compound", "amod") and t.ent_type_ not in ("GPE", "NORP")
    ]
    return [*words, token.lower_]


def resolve_title(doc: Doc, noun: Token) -> Referent:
    """The person the article introduced with this title before (`the minister` -> who was 'Minister X')."""
    phrase = _title_phrase(noun)
    wanted = " ".join(phrase)
    mention = " ".join(t.text for t in noun.subtree if t.i <= noun.i)
    # "the Head of State", "the head of government": whoever holds the country's top office
    offices = [o.lower_ for c in noun.children if c.lower_ == "of" for o in c.children]
    head_of = noun.lower_ == "head" and bool({"state", "government"} & set(offices))
    # "the Russian leader" heads a country; "the Senate Democratic leader" and "the party leader" do not
    of_a_nation = all(
        t.ent_type_ in ("GPE", "LOC") or country_of_demonym(t.text) is not None
        for t in noun.lefts
        if t.dep_ in ("compound", "amod")
    )
    by_office = (noun.lower_ in HEAD_OF_GOVERNMENT_WORDS and of_a_nation) or head_of
    recency = _recent_people(doc, noun.i)  # name -> 0 for the latest named, 1 for the one before ...
    named = _people_by_name(doc)
    introduced_before = [named[n] for n in recency if n in named and named[n].first_char < noun.idx]

    def matches(title: str) -> bool:
        if by_office:
            return any(word in title for word in HEAD_OF_GOVERNMENT_TITLES)
        # "the minister" is not the prime minister, "the president" not the vice president.
        other_office = any(w in title.split() and w not in phrase for w in OFFICE_CHANGING_WORDS)
        return wanted in title and not other_office

    def unqualified(title: str) -> bool:
        """'prime minister' rather than 'indian prime minister': the article's own side."""
        return title in HEAD_OF_GOVERNMENT_TITLES if by_office else title == wanted

    candidates = [p for p in introduced_before if any(matches(t) for t in p.titles)]
    if not candidates:
        return Referent("", "", mention)
    # "the Indian prime minister": someone introduced with that nationality, when there is one.
    qualifiers = [t.lower_ for t in noun.lefts if t.ent_type_ in ("NORP", "GPE")]
    if qualifiers:
        qualified = [p for p in candidates if any(all(q in t.split() for q in qualifiers) for t in p.titles)]
        candidates = qualified or candidates
    best = max(candidates, key=lambda p: (any(map(unqualified, p.titles)), -recency[p.name]))
    return Referent(best.name, "title", mention)
