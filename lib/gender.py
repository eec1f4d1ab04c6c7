"""Grammatical gender of pronouns and people, so `she said` never goes to a man (plain Python).

A person's gender comes from how the article names them (`Mr`, `Ms`, `Queen`, `spokeswoman`),
else from the pronouns the article uses for them (lib.people), else from a given name that
gender-guesser's table of first names calls clearly male or female. Unknown stays unknown: an
unknown person is never ruled out for either pronoun.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import cache


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = ""


PRONOUN_GENDERS = {
    **dict.fromkeys(("he", "him", "his", "himself"), Gender.MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), Gender.FEMALE),
}
# Honorifics and titles that say whether a person is a man or a woman.
GENDERED_WORDS = {
    **dict.fromkeys(
        """mr mr. sir lord king prince emperor duke father son husband brother uncle grandfather
        widower""".split(),
        Gender.MALE,
    ),
    **dict.fromkeys(
        """mrs mrs. ms ms. miss dame lady queen princess empress duchess chairwoman spokeswoman
        businesswoman congresswoman councilwoman mother daughter wife sister aunt grandmother widow
        madam""".split(),
        Gender.FEMALE,
    ),
}
# Nouns for a man or a woman the article need not name ("said the woman", "his wife added").
GENDERED_NOUNS = {
    **{word: gender for word, gender in GENDERED_WORDS.items() if not word.endswith(".")},
    **dict.fromkeys("man boy gentleman dad grandson nephew".split(), Gender.MALE),
    **dict.fromkeys("woman girl mom granddaughter niece".split(), Gender.FEMALE),
}
# Titles that some outlets give women too ("Trump spokesman Hope Hicks"): a hint that a person is a
# man, weaker than the pronouns the article uses and than a clearly female given name.
MALE_UNLESS_TOLD = frozenset("chairman spokesman businessman congressman councilman".split())
# Only names the table calls clearly one or the other ("Bernie" is "mostly_female" there).
_GUESSES = {"male": Gender.MALE, "female": Gender.FEMALE}
# The table's answers for English-speaking countries: a name it calls male overall may be a woman's
# there ("Jan", "Jean"), and the reverse ("Rand").
ENGLISH_SPEAKING = ("usa", "great_britain")
_LEANINGS = {
    "male": Gender.MALE,
    "mostly_male": Gender.MALE,
    "female": Gender.FEMALE,
    "mostly_female": Gender.FEMALE,
}


def pronoun_gender(word: str) -> Gender:
    """The gender a personal pronoun marks (`she` -> female), unknown for others."""
    return PRONOUN_GENDERS.get(word.lower(), Gender.UNKNOWN)


@cache
def _detector():
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@cache
def given_name_gender(given_name: str) -> Gender:
    """The usual gender of a given name (gender-guesser's table), unknown when it is not clear."""
    if not given_name.isalpha() or len(given_name) < 2:
        return Gender.UNKNOWN
    return _GUESSES.get(_detector().get_gender(given_name), Gender.UNKNOWN)


def is_given_name(word: str) -> bool:
    """Whether a word is a given name of any gender in gender-guesser's table ("Kim", "Lee", "Xi")."""
    return word.isalpha() and len(word) > 1 and _detector().get_gender(word) != "unknown"


def gender_named(words_used: Iterable[str]) -> Gender:
    """A person's gender from the honorifics and titles the article uses for them; unknown when
    they say nothing or disagree."""
    said = {GENDERED_WORDS[w] for phrase in words_used for w in phrase.lower().split() if w in GENDERED_WORDS}
    return said.pop() if len(said) == 1 else Gender.UNKNOWN


def noun_gender(lemma: str) -> Gender:
    """The gender a noun for a person marks (`woman`, `husband`), unknown for others."""
    return GENDERED_NOUNS.get(lemma.lower(), Gender.UNKNOWN)


def titled_like_a_man(words_used: Iterable[str]) -> bool:
    """Whether the titles used for a person include one of MALE_UNLESS_TOLD ("party chairman")."""
    return any(w in MALE_UNLESS_TOLD for phrase in words_used for w in phrase.lower().split())


@cache
def _gender_in_english(given_name: str) -> Gender:
    """A given name's clear gender, unless English-speaking countries lean the other way."""
    gender = given_name_gender(given_name)
    for country in ENGLISH_SPEAKING if gender else ():
        if _LEANINGS.get(_detector().get_gender(given_name, country), gender) != gender:
            return Gender.UNKNOWN
    return gender


def gender_by_name(name: str) -> Gender:
    """The usual gender of a full name's given name in English-language news ("Sarah Kim" -> female);
    unknown for one word, or a name that is a man's in one country and a woman's in another ("Jan")."""
    parts = name.split()
    return _gender_in_english(parts[0]) if len(parts) > 1 else Gender.UNKNOWN
