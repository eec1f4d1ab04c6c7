"""Word lists that several extraction rules share: one place to read or extend them."""

from __future__ import annotations

# Words written before a name that are not part of it (stripped for the canonical name).
HONORIFICS = frozenset(
    """
    capt col dame dr gen gov hon lady lord lt miss mp mr mrs ms mx prof professor rep rev sen sgt
    sheikh shri sir smt sri
    """.split()
)

# Titles and parts of titles ("Prime Minister", "Trade Minister", "Secretary of State").
TITLE_WORDS = HONORIFICS | frozenset(
    """
    affairs ambassador ceo chair chairman chairwoman chancellor chief commissioner defence defense
    deputy emperor finance foreign former general governor judge justice king leader mayor minister
    ministers opposition pope premier president presidents prime prince princess queen secretary
    senator speaker spokesman spokesperson spokeswoman state trade treasurer vice
    """.split()
)

# Capitalised titles that put a person's name right after them ("President Xi", "Foreign Minister Wang Yi").
NAME_TITLES = HONORIFICS | {
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

# Nouns that name a role a person was introduced with ("Trade Minister X" -> "the minister said").
ROLE_NOUNS = frozenset(
    """
    ambassador analyst ceo chairman chairwoman chancellor chief diplomat director economist envoy
    expert founder governor king leader lecturer mayor minister mp official premier president prince
    professor queen researcher secretary senator spokesman spokesperson spokeswoman treasurer
    """.split()
)

# Lemmas (with British and American spellings) of verbs that report speech.
REPORTING_VERBS = frozenset(
    """
    accuse acknowledge add admit agree announce answer argue ask assert boast brand call caution
    characterise characterize claim comment complain concede conclude concur confirm contend
    continue counter criticise criticize declare demand deny describe dub emphasise emphasize
    explain hail insist joke label lament maintain mention muse note observe plead pledge point
    praise predict promise put quip recall recount reiterate remark repeat reply respond retort say
    scoff shout state stress suggest tell thank tweet urge vow warn whisper write
    """.split()
)

# News outlets and agencies: sources that "told" a person things are never people themselves.
NEWS_OUTLETS = (
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "AAP",
    "BBC",
    "CNN",
    "Bloomberg",
    "Xinhua",
    "Kyodo",
    "Yonhap",
    "RNZ",
    "TVNZ",
    "NHK",
    "Al Jazeera",
    "NPR",
    "PTI",
    "ANI",
    "Nikkei",
    "The Guardian",
    "The New York Times",
    "The Washington Post",
    "Financial Times",
    "Newshub",
)
