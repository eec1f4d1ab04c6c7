"""Write N synthetic news articles about political travel, reproducible from a seed.

`python -m bench.make_corpus OUT --n 1000 --seed 7` writes OUT/00000_<slug>.txt ... and OUT/metadata.csv.
Every name and template here is invented for the benchmark; places are real, so the gazetteer resolves
them. Articles vary in length (about 300-600 words), paragraph layout (blank lines, one per line,
hard-wrapped), quote marks (straight, curly, partial, multi-paragraph) and attribution style.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Invented given names with the pronoun a reporter would use.
GIVEN = tuple(
    (name, "she") for name in _names("Maren Ines Adaeze Keiko Hana Leila Ingrid Priya Elena Niamh Amara Mei")
) + tuple(
    (name, "he") for name in _names("Oskar Tomasz Rahul Lucas Sefa Bram Mateo Kwame Yusuf Tariq Sione Omar")
)
SURNAMES = _names(
    "Vance Okonjo Harrow Ellingsen Castellano Moriarty Takeda Lindgren Abernathy Kowalczyk Mbeki "
    "Rasmussen Fairweather Delacroix Pemberton Oyelaran Sandoval Whitcombe Halloran Brightwater "
    "Nakashima Vasquez Ferreira Tennant Ashworth Okoro Strand Mahoney Quill Barrowman Teroa Kealoha "
    "Radulescu Haverford Demarco Lisowski Achterberg Ruatapu Sorensen Calloway Iwu Marlow"
)
ROLES = (
    ("Prime Minister", "prime minister"),
    ("Foreign Minister", "foreign minister"),
    ("Trade Minister", "trade minister"),
    ("President", "president"),
    ("Defence Minister", "defence minister"),
    ("Finance Minister", "finance minister"),
    ("Chancellor", "chancellor"),
    ("Opposition leader", "opposition leader"),
)
# (country, capital or city, adjective) - real places so lookups and visits can resolve them.
PLACES = (
    ("New Zealand", "Wellington", "New Zealand"),
    ("Australia", "Canberra", "Australian"),
    ("Japan", "Tokyo", "Japanese"),
    ("India", "New Delhi", "Indian"),
    ("China", "Beijing", "Chinese"),
    ("Indonesia", "Jakarta", "Indonesian"),
    ("Vietnam", "Hanoi", "Vietnamese"),
    ("France", "Paris", "French"),
    ("Germany", "Berlin", "German"),
    ("Brazil", "Brasilia", "Brazilian"),
    ("Kenya", "Nairobi", "Kenyan"),
    ("Nigeria", "Abuja", "Nigerian"),
    ("Canada", "Ottawa", "Canadian"),
    ("Mexico", "Mexico City", "Mexican"),
    ("Fiji", "Suva", "Fijian"),
    ("Samoa", "Apia", "Samoan"),
    ("Tonga", "Nuku'alofa", "Tongan"),
    ("Singapore", "Singapore", "Singaporean"),
    ("South Korea", "Seoul", "South Korean"),
    ("Poland", "Warsaw", "Polish"),
    ("Norway", "Oslo", "Norwegian"),
    ("Egypt", "Cairo", "Egyptian"),
    ("Chile", "Santiago", "Chilean"),
    ("Thailand", "Bangkok", "Thai"),
)
TOPICS = (
    "trade",
    "climate finance",
    "maritime security",
    "fisheries",
    "education exchanges",
    "critical minerals",
    "renewable energy",
    "visa rules",
    "disaster relief",
    "agricultural exports",
    "cyber security",
    "health cooperation",
)
SUMMITS = (
    "regional summit",
    "leaders' forum",
    "ministerial meeting",
    "trade conference",
    "security dialogue",
)
SOURCES = ("The Harbour Ledger", "Northern Wire", "Pacific Daily Record", "Capital Briefing", "Meridian News")
MONTHS = ("January", "March", "May", "July", "September", "November")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

QUOTE_LINES = (
    "We came here to listen as much as to talk, and I think that has been understood",
    "There is a lot of goodwill in the room, but goodwill alone does not sign agreements",
    "Our exporters want certainty and that is what we are working towards",
    "It is a relationship that matters enormously to us, and it deserves attention at the highest level",
    "We will not rush this. A good deal is better than a fast one",
    "I raised {topic} directly, and I was pleased with the response",
    "The region is changing quickly and we have to keep up with it",
    "We have been clear about our position and nothing about that has changed",
    "These conversations take time, but every visit moves them forward a little",
    "I expect we will have more to say about {topic} before the end of the year",
    "Frankly, the numbers speak for themselves",
    "My counterpart and I agreed that officials should meet again within months",
)
FILLER = (
    "Officials from both governments spent the morning on {topic}, according to a briefing note.",
    "The visit comes after months of quiet negotiation between the two capitals.",
    "Analysts said the trip was as much about signalling as about substance.",
    "Two-way trade between the countries has grown steadily over the past decade.",
    "The delegation includes business leaders from the technology and agriculture sectors.",
    "Talks on {topic} stalled last year after disagreements over the timetable.",
    "A joint statement is expected at the end of the {summit}.",
    "Critics at home argued that the cost of the trip was hard to justify.",
    "The government has made {topic} one of its stated priorities for the term.",
    "Diplomats described the atmosphere at the first session as cordial but cautious.",
    "Several smaller agreements, including one on {topic}, are likely to be signed on the sidelines.",
    "The schedule was reshuffled at short notice because of the weather.",
    "Protesters gathered outside the venue, calling for more attention to {topic}.",
    "Questions about the budget for the programme were left unanswered.",
)


@dataclass(frozen=True)
class Person:
    """An invented politician with a role in a real country."""

    first: str
    pronoun: str
    last: str
    role: str
    role_lower: str
    country: str
    adjective: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _person(rng: random.Random, country: tuple[str, str, str]) -> Person:
    role, role_lower = rng.choice(ROLES)
    first, pronoun = rng.choice(GIVEN)
    return Person(first, pronoun, rng.choice(SURNAMES), role, role_lower, country[0], country[2])


def _quote(rng: random.Random, topic: str, curly: bool) -> tuple[str, str]:
    """(opening mark, text) for one quotation."""
    text = rng.choice(QUOTE_LINES).format(topic=topic)
    return ("“" if curly else '"'), text


def _close(curly: bool) -> str:
    return "”" if curly else '"'


def _quote_paragraph(rng: random.Random, speaker: Person, other: Person, topic: str, curly: bool) -> str:
    """A paragraph with a quotation attributed in one of several common newsroom styles."""
    mark, text = _quote(rng, topic, curly)
    end = _close(curly)
    surname = speaker.last
    style = rng.randrange(7)
    if style == 0:
        return f"{mark}{text},{end} {surname} said."
    if style == 1:
        return f"{mark}{text},{end} said {speaker.full}, speaking to reporters in the afternoon."
    if style == 2:
        return f"{surname} told reporters: {mark}{text}.{end}"
    if style == 3:
        more = rng.choice(QUOTE_LINES).format(topic=topic)
        return f"{mark}{text},{end} {speaker.pronoun} said. {mark}{more}.{end}"
    if style == 4:
        phrase = " ".join(text.split()[:4]).rstrip(",.")
        phrase = phrase[0].lower() + phrase[1:] if not phrase.startswith("I ") else phrase
        return f"{surname} said the talks had been {mark}{phrase}{end}, and that more work was needed."
    if style == 5:
        return f"According to {other.full}, the outcome was {mark}better than expected{end}."
    return f"{mark}{text},{end} the {speaker.role_lower} added, without giving details."


def _multi_paragraph_quote(rng: random.Random, speaker: Person, topic: str, curly: bool) -> list[str]:
    """A quotation over two paragraphs: the first one is left open, as newspapers do."""
    mark, first = _quote(rng, topic, curly)
    _, second = _quote(rng, topic, curly)
    return [f"{mark}{first}.", f"{mark}{second},{_close(curly)} {speaker.last} said."]


def _layout(paragraphs: list[str], style: str) -> str:
    if style == "blank":
        return "\n\n".join(paragraphs)
    if style == "lines":
        return "\n".join(paragraphs)
    return "\n\n".join(textwrap.fill(p, width=72) for p in paragraphs)


def make_article(seed: int, index: int) -> tuple[str, dict[str, str]]:
    """One article's text and its metadata row, determined by (seed, index) alone."""
    rng = random.Random(f"{seed}:{index}")
    home, host, third = rng.sample(PLACES, 3)
    visitor = _person(rng, home)
    host_person = _person(rng, host)
    other = _person(rng, third)
    topic, topic2 = rng.sample(TOPICS, 2)
    summit = rng.choice(SUMMITS)
    curly = rng.random() < 0.5
    date = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
    when = rng.choice((f"on {rng.choice(WEEKDAYS)}", f"next {rng.choice(MONTHS)}", "this week", "last month"))
    planned = rng.random() < 0.4
    verb = "will travel to" if planned else "arrived in"

    title = rng.choice(
        (
            f"{visitor.last} heads to {host[1]} for talks on {topic}",
            f"{visitor.adjective} {visitor.role_lower} in {host[0]} as {topic} talks resume",
            f"{host_person.full} welcomes {visitor.last} ahead of {summit}",
        )
    )
    paragraphs = [
        f"{visitor.adjective} {visitor.role} {visitor.full} {verb} {host[1]} {when} for talks with "
        f"{host[2]} {host_person.role} {host_person.full}, with {topic} high on the agenda.",
        f"It is {visitor.last}'s first visit to {host[0]} since taking office, and comes ahead of a "
        f"{summit} where {third[2]} {other.role_lower} {other.full} is also expected.",
    ]
    target_words = rng.randint(300, 600)
    words = sum(len(p.split()) for p in paragraphs) + len(title.split())
    people = (visitor, host_person, other)
    while words < target_words:
        roll = rng.random()
        if roll < 0.35:
            speaker = rng.choice(people)
            new = [_quote_paragraph(rng, speaker, rng.choice(people), rng.choice((topic, topic2)), curly)]
        elif roll < 0.42:
            new = _multi_paragraph_quote(rng, rng.choice(people), topic2, curly)
        elif roll < 0.55:
            place = rng.choice(PLACES)
            new = [
                f"{rng.choice(people).last} is also due to visit {place[1]}, {place[0]}, "
                f"{rng.choice(('later in the trip', 'before returning home', 'in the coming months'))}."
            ]
        else:
            count = rng.randint(2, 4)
            new = [
                " ".join(
                    rng.choice(FILLER).format(topic=rng.choice((topic, topic2)), summit=summit)
                    for _ in range(count)
                )
            ]
        paragraphs.extend(new)
        words += sum(len(p.split()) for p in new)
    body = _layout(paragraphs, rng.choice(("blank", "blank", "lines", "wrapped")))
    header = f"date {date.isoformat()}\n" if rng.random() < 0.3 else ""
    text = f"{header}{title}\n\n{body}\n"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40]
    meta = {
        "file": f"{index:05d}_{slug}.txt",
        "title": "",
        "date": "" if header else date.isoformat(),
        "source": rng.choice(SOURCES),
        "url": f"https://news.example/{seed}/{index}",
    }
    return text, meta


def write_corpus(out: Path | str, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write articles start..start+n-1 and (re)write metadata.csv for every article in `out`."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    rows = _read_metadata(out)
    for index in range(start, start + n):
        text, meta = make_article(seed, index)
        path = out / meta["file"]
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        rows[meta["file"]] = meta
    with (out / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "title", "date", "source", "url"])
        writer.writeheader()
        writer.writerows(rows[name] for name in sorted(rows))
    return paths


def _read_metadata(out: Path) -> dict[str, dict[str, str]]:
    path = out / "metadata.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.make_corpus", description=__doc__)
    parser.add_argument("out", type=Path, help="folder to write the articles into")
    parser.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--start", type=int, default=0, help="index of the first article (default 0)")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.n, args.seed, args.start)
    print(f"wrote {len(paths)} articles to {args.out}")


if __name__ == "__main__":
    main()
