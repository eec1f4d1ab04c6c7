"""Word lists that several extraction rules share: one place to read or extend them."""

from __future__ import annotations

from pathlib import Path


def word_list(path: Path) -> frozenset[str]:
    """The words of a data file written one word a line, lines starting with `#` being comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Words written before a name that are not part of it (stripped for the canonical name).
HONORIFICS = frozenset(
    """
    capt col dame dr excellency gen gov highness hon lady lord lt majesty miss mp mr mrs ms mx prof
    professor rep rev sen sgt sheikh shri sir smt sri
    """.split()
)

# Religious, military, local-office and Gulf titles ("Rabbi", "Sheriff", "Emir"), one a line.
MORE_TITLES = word_list(Path(__file__).resolve().parent / "data" / "name_titles.txt")

_OFFICE_WORDS = frozenset(
    """
    adviser advisor affairs ambassador ceo chair chairman chairwoman chancellor chief commissioner crown
    defence defense deputy emperor finance foreign former general governor judge justice king leader
    head mayor minister ministers opposition pm pope premier president presidents prime prince princess
    queen secretary senator speaker spokesman spokesperson spokeswoman state trade treasurer vice
    """.split()
)
# Titles and parts of titles ("Prime Minister", "Trade Minister", "Secretary of State", "Rabbi").
TITLE_WORDS = HONORIFICS | MORE_TITLES | _OFFICE_WORDS

# Capitalised titles that put a person's name right after them ("President Xi", "Foreign Minister Wang Yi").
_NAMING_WORDS = {
    "pm",  # "PM Modi", "PM Starmer"
    "president",
    "presidents",
    "minister",
    "senator",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "chancellor",
    "premier",
    "ambassador",
    "mayor",
    "secretary",
    "emperor",
    "pope",
}
NAME_TITLES = HONORIFICS | MORE_TITLES | _NAMING_WORDS

# Nouns that name a role a person was introduced with ("Trade Minister X" -> "the minister said").
ROLE_NOUNS = frozenset(
    """
    adviser advisor ambassador analyst ceo chairman chairwoman chancellor chief diplomat director
    economist envoy expert founder governor head king leader lecturer mayor minister mp nominee official
    premier president prince professor queen researcher secretary senator spokesman
    spokesperson spokeswoman treasurer
    """.split()
)

# Lemmas (with British and American spellings) of verbs that report speech, spoken or written.
REPORTING_VERBS = frozenset(
    """
    accuse acknowledge add admit advise agree allege announce answer argue ask assert assure blast
    boast brag brand call caution chant characterise characterize charge chide claim comment complain
    concede conclude concur condemn confess confirm contend continue counter crow decry declare
    deny deride describe dismiss dub emphasise emphasize exclaim explain gush hail insist interject
    joke label lament maintain mention mock muse note observe opine plead pledge point post praise
    predict proclaim promise propose put quip read recall recount reiterate relate remark repeat
    reply report respond retort reveal say scoff scream shout slam snap state stress suggest taunt tell
    testify text thank threaten tout tweet urge vow warn whisper wonder write yell
    """.split()
)

# Reporting verbs that give evidence when a thing is their subject (`the polls suggested voters were
# "tired"`): inside what someone reports, the quoted words are that someone's, not the thing's.
EVIDENCE_VERBS = frozenset("predict reveal suggest".split())

# Nouns of a speech act: the quote they govern has a speaker ("Trump's claim that ...", "in a
# statement, the ministry said").
SPEECH_NOUNS = frozenset(
    """
    accusation address announcement answer argument assertion assessment blog briefing call claim
    comment communique declaration description editorial email interview letter message memo note
    op-ed plea pledge post promise question readout remark reply response speech statement tweet
    testimony vow warning word
    """.split()
)

# Texts that speak for whoever wrote them (`The cable indicated "..."`, `Hoff's memo makes a case:`).
WRITINGS = word_list(Path(__file__).resolve().parent / "data" / "writings.txt")

# Nouns for someone the text need not name, neither man nor woman by the word (`a voter`).
UNNAMED_PERSON_NOUNS = word_list(Path(__file__).resolve().parent / "data" / "person_nouns.txt")

# Verbs through which one source passes on another's words: "Xinhua quoted Xi as saying".
PASSING_ON_VERBS = frozenset("cite describe paraphrase portray quote report".split())

# Head nouns of an unnamed source that is an organisation ("the foreign ministry said").
ORGANISATION_NOUNS = frozenset(
    """
    administration agency association authority bank board bureau cabinet campaign center centre
    channel commission committee company council court department embassy firm government group
    house institute ministry network newspaper office organisation organization outlet palace panel
    paper parliament party lobby police presidency regime secretariat service team tribunal union
    university
    """.split()
)

# Words that end a title, never a name: a "name" ending in one is a title cut loose ("Lankan
# President", "XM Vice President"). Royal titles are left out: Stephen King, Erik Prince.
TITLE_ENDINGS = TITLE_WORDS - {
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "judge",
    "justice",
    "speaker",
    "state",
}

# Words after a surname that tell a son from his father: part of the name ("Donald Trump Jr." is not
# "Donald Trump"), compared in lower case without their full stop.
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())


def is_name_suffix(word: str) -> bool:
    """Whether a word is a generational suffix of a name ("Jr.", "III")."""
    return word.lower().rstrip(".") in NAME_SUFFIXES


# Lower-case particles inside names: Ursula von der Leyen, Luiz Inacio Lula da Silva, bin Salman.
NAME_PARTICLES = frozenset(
    "al bin binti da das de del della den der des di do dos du el ibn la le ten ter van von zu".split()
)
# Particles meaning "son/daughter of": the word after one names the father, not the bearer's family.
PATRONYMIC_PARTICLES = frozenset({"bin", "binti", "bint", "ibn"})

# Things that "say" or "read" words without being their source: the words are someone else's.
WORDED_THINGS = frozenset(
    """
    badge banner billboard bottle button cap hat jersey mug placard plate poster screen shirt sign
    sticker t-shirt tee tshirt
    """.split()
)
