"""The pages' pure helpers: escaped marking, search, text spans, filters and home countries."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.derived import (
    SPEAKER_TYPES,
    UNKNOWN_SPEAKER,
    filter_quotes,
    in_date_range,
    quote_table,
    speaker_counts,
    speaker_types,
    speakers_of_types,
)
from lib.frames import CorpusFrames, SpeakerType, typed_frame
from lib.markup import (
    Mark,
    caption_html,
    evidence_html,
    heading_html,
    marked_html,
    match_marks,
    plain_html,
    plot_text,
    plural,
    query_words,
    quote_html,
    search_mask,
)


def test_marked_html_escapes_everything():
    text = '<script>alert("x")</script> & <b>Luxon</b>'
    start = text.index("Luxon")
    out = marked_html(text, [Mark(start, start + 5, "PERSON", 'a "title" <i>')])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in out
    assert 'title="a &quot;title&quot; &lt;i&gt;"' in out
    assert ">Luxon</span>&lt;/b&gt;" in out


def test_marks_nest_and_crossing_marks_are_clipped():
    text = "He said: Luxon went to India today."
    quote = Mark(9, 28, "quote")  # "Luxon went to India"
    person = Mark(9, 14, "PERSON")
    crossing = Mark(23, 34, "match")  # "India today" crosses the quote's end
    out = marked_html(text, [person, crossing, quote])
    assert out.count("<span") == out.count("</span>") == 3
    assert out.index("rgba(234,179,8") < out.index("rgba(59,130,246")  # the quote opens first
    assert "India</span></span> today." in out  # the crossing mark stops with the quote


def test_marked_html_window():
    text = "First paragraph.\n\nSecond one with India."
    out = marked_html(text, [Mark(34, 39, "GPE"), Mark(0, 5, "GPE")], start=18)
    assert out.startswith("Second one with <span")
    assert "First" not in out


def test_query_words_and_search_mask():
    assert query_words("  Free trade FREE ") == ["free", "trade"]
    texts = pd.Series(["A free trade deal", "Trade is free", "free speech", "tradesman"])
    assert search_mask(texts, "trade FREE").tolist() == [True, True, False, False]
    assert search_mask(texts, "").all()


def test_match_marks_are_case_insensitive_and_merged():
    marks = match_marks("Free trade, free-trader", ["free", "trade", "ee tr"])
    assert [(m.start, m.end) for m in marks] == [(0, 10), (12, 16), (17, 22)]  # "ee tr" joins the first two


def test_plural():
    assert [plural(n, "quote") for n in (0, 1, 2, 2000)] == [
        "0 quotes",
        "1 quote",
        "2 quotes",
        "2,000 quotes",
    ]
    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"


def stored(text: str, **spans: tuple[int, int]) -> dict:
    """Row fields `<name>_start`/`<name>_end` for spans, -1 for the others."""
    row = {}
    for name in ("cue", "speaker", "trigger", "place"):
        start, end = spans.get(name, (-1, -1))
        row[f"{name}_start"], row[f"{name}_end"] = start, end
    return row


def test_a_quote_is_shown_with_the_paragraph_before_and_its_stored_cue_and_speaker_marked():
    body = 'Ana Ruiz flew to Lima.\n\n"We said so," he said. He said more.'
    quote_start = body.index("We")
    cue = body.index("said.")  # the stored cue, not the nearer "said" inside the quote
    quote = pd.Series(
        {
            "start": quote_start,
            "end": quote_start + len("We said so,"),
            "paragraph": 1,
            "kind": "full",
            "speaker": "Ana Ruiz",
            **stored(body, cue=(cue, cue + 4), speaker=(cue - 3, cue - 1)),
        }
    )
    out = quote_html(body, quote)
    assert out.index("Ana Ruiz flew to Lima.") < out.index("We said so"), "the paragraph before comes first"
    assert 'title="reporting verb">said</span>. He said more.' in out
    assert 'title="speaker: Ana Ruiz">he</span>' in out
    first = pd.Series({**quote, "paragraph": 0, "start": 0, "end": 3})
    assert "opacity:.7" not in quote_html(body, first), "the first paragraph has none before it"


def test_trip_evidence_marks_the_stored_trigger_place_and_visitor():
    body = "Talks ended. Luxon flew to Tokyo, then Tokyo again."
    start = body.index("Luxon")
    second = body.rindex("Tokyo")
    visit = pd.Series(
        {
            "evidence_start": start,
            "evidence_end": len(body),
            "evidence": body[start:],
            **stored(body, trigger=(body.index("flew"), body.index("flew") + 4), place=(second, second + 5)),
        }
    )
    out = evidence_html(body, visit, [Mark(start, start + 5, "PERSON", "Christopher Luxon")])
    assert out.count("<span") == 3 and "Talks ended" not in out
    assert "then <span" in out, "the place is where extraction found it, not the first “Tokyo”"
    assert evidence_html("", visit).endswith(f"{plain_html(body[start:])}</div>"), "stored text when gone"


QUOTES = pd.DataFrame(
    {
        "article_id": ["a", "a", "b", "c"],
        "quote": ["Free trade now", "trade deal", "free speech", "scare"],
        "speaker": ["Luxon", UNKNOWN_SPEAKER, "Parker", ""],
        "kind": ["full", "partial", "full", "scare"],
        "date": pd.to_datetime(["2024-01-02", "2024-01-02", None, "2024-03-01"]),
    }
)


def test_filter_quotes():
    assert filter_quotes(QUOTES)["quote"].tolist() == ["Free trade now", "trade deal", "free speech"]
    assert filter_quotes(QUOTES, query="trade free")["quote"].tolist() == ["Free trade now"]
    assert filter_quotes(QUOTES, speakers=["Parker"])["quote"].tolist() == ["free speech"]
    assert filter_quotes(QUOTES, kinds=["full"], article_ids=["a"])["quote"].tolist() == ["Free trade now"]
    assert len(filter_quotes(QUOTES, kinds=["full", "partial", "scare"])) == 4


def test_date_range_keeps_undated_rows_only_when_asked():
    dates = QUOTES["date"]
    january = (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    assert in_date_range(dates, january).tolist() == [True, True, True, False]
    assert in_date_range(dates, january, include_undated=False).tolist() == [True, True, False, False]
    one_day = (dt.date(2024, 1, 2), dt.date(2024, 1, 2))
    assert in_date_range(dates, one_day, include_undated=False).tolist() == [True, True, False, False]


def test_text_from_data_becomes_escaped_html_never_markdown():
    text = "<a href='https://evil.example'>x</a> & :red[URGENT] **b** $x$"
    assert plain_html(text) == (
        "&lt;a href=&#x27;https://evil.example&#x27;&gt;x&lt;/a&gt; &amp; :red[URGENT] **b** $x$"
    )
    assert heading_html("<b>Title</b>").startswith("<h1 ")
    assert heading_html("<b>Title</b>").endswith(">&lt;b&gt;Title&lt;/b&gt;</h1>")
    assert caption_html(plain_html("a < b")).endswith(">a &lt; b</div>")


def test_plot_text_escapes_plotly_markup():
    assert plot_text("<a href='x'>A & B</a>") == "&lt;a href='x'&gt;A &amp; B&lt;/a&gt;"


def source_frames() -> CorpusFrames:
    """One article quoting every type of speaker, people not first in the text."""
    articles = pd.DataFrame([{"article_id": "a", "file": "a.txt", "title": "Talks", "date": "2024-05-02"}])
    quotes = pd.DataFrame(
        [
            ("We expect more", "senior official", "description", "full"),
            ("Japan matters", "Ana Ruiz", "person", "full"),
            ("The talks were useful", "Foreign Ministry", "organisation", "full"),
            ("It is a waste", "critics", "group", "full"),
            ("Nobody knows", "", "", "full"),
            ("a historic deal", "", "", "scare"),
            ("We agree", "Tom Reed", "person", "partial"),
            ("Trade first", "Ana Ruiz", "person", "full"),
            ("Ruiz is wrong", "critics", "person", "full"),  # one quote taking "critics" for a name
            ("We disagree", "critics", "group", "full"),
        ],
        columns=["quote", "speaker", "speaker_type", "kind"],
    ).assign(article_id="a")
    return CorpusFrames(articles=typed_frame(articles, "articles"), quotes=typed_frame(quotes, "quotes"))


def test_quote_table_and_speakers_list_people_first():
    frames = source_frames()
    assert quote_table(frames)["speaker"].tolist() == [
        "Ana Ruiz",
        "Tom Reed",
        "Ana Ruiz",
        "critics",
        "Foreign Ministry",
        "critics",
        "critics",
        "senior official",
        UNKNOWN_SPEAKER,
        UNKNOWN_SPEAKER,
    ], "people's quotes first, each kind in text order"
    assert speaker_types(frames).to_dict() == {
        "Ana Ruiz": "person",
        "Tom Reed": "person",
        "Foreign Ministry": "organisation",
        "critics": "group",  # two of its three quotes say so
        "senior official": "description",
        UNKNOWN_SPEAKER: "",
    }
    assert speaker_counts(frames).to_dict() == {
        "Ana Ruiz": 2,
        "Tom Reed": 1,
        "Foreign Ministry": 1,
        "critics": 3,
        "senior official": 1,
        UNKNOWN_SPEAKER: 1,
    }
    assert list(speaker_counts(frames)) == [2, 1, 1, 3, 1, 1], "people first, then most quoted first"
    people_and_groups = (SpeakerType.PERSON, SpeakerType.GROUP)
    assert list(speakers_of_types(frames, people_and_groups).index) == ["Ana Ruiz", "Tom Reed", "critics"]


def test_filter_quotes_by_speaker_type():
    quotes = quote_table(source_frames())
    people = filter_quotes(quotes, speaker_types=[SpeakerType.PERSON])
    assert people["quote"].tolist() == ["Japan matters", "We agree", "Trade first", "Ruiz is wrong"]
    assert len(filter_quotes(quotes, speaker_types=list(SPEAKER_TYPES))) == len(filter_quotes(quotes)) == 9
    assert filter_quotes(quotes, speaker_types=[""])["quote"].tolist() == ["Nobody knows"]
    assert filter_quotes(quotes, speaker_types=[]).empty
