"""Uploaded files: HTML to text, limits, duplicates, odd names; each bad file gets a reason."""

from __future__ import annotations

import pytest

from lib.corpus import (
    MAX_CHARS,
    MAX_QUOTE_MARKS,
    MAX_RUN_CHARS,
    MAX_UPLOAD_CHARS,
    MAX_UPLOAD_QUOTE_MARKS,
    read_uploads,
    safe_name,
)

HOSTILE_HTML = (
    b"<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
    b"<h1>Envoy lands in Suva</h1><p>Envoy Mara Tui said &quot;we are here&quot;.</p>"
    b'<img src=x onerror=alert(1)><a href="javascript:alert(2)">more</a></body></html>'
)


def test_html_becomes_text_without_scripts_or_styles():
    corpus = read_uploads([("page.html", HOSTILE_HTML)])
    text = corpus.articles[0].text
    assert 'Envoy Mara Tui said "we are here".' in text
    assert "alert" not in text and "color: red" not in text and "<" not in text
    assert corpus.articles[0].title == "Envoy lands in Suva"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("spaces.txt", b" \n\t \r\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("slides.pdf", b"%PDF-1.4 text", "not a .txt, .md or .html file"),
        ("empty-page.html", b"<html><body><script>x()</script></body></html>", "only whitespace"),
        ("huge.txt", b"a" * 2_000_001, "too large"),
        ("long.txt", b"word " * (MAX_CHARS // 5 + 1), "too long"),
        ("sentence.txt", b"word " * (MAX_RUN_CHARS // 5 + 1), "without a full stop or line break"),
        ("marks.txt", b'"a." x ' * 5_000, "has 10,000 quote marks"),
    ],
)
def test_unusable_uploads_are_skipped_with_a_reason(name, data, reason):
    corpus = read_uploads([("fine.txt", b"Ana Ruiz flew to Quito."), (name, data)])
    assert [a.file for a in corpus.articles] == ["fine.txt"]
    assert len(corpus.skipped) == 1
    assert reason in corpus.skipped[0].reason


def test_duplicate_content_is_skipped_and_named():
    corpus = read_uploads([("a.txt", b"Same text."), ("b.txt", b"Same text.")])
    assert [s.reason for s in corpus.skipped] == ["same content as a.txt"]


def test_same_name_different_content_both_load_with_distinct_ids():
    corpus = read_uploads([("story.txt", b"First."), ("story.txt", b"Second.")])
    ids = [a.article_id for a in corpus.articles]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_too_many_files_are_reported_not_dropped_silently():
    files = [(f"f{i}.txt", f"Article {i}.".encode()) for i in range(5)]
    corpus = read_uploads(files, max_files=3)
    assert len(corpus.articles) == 3
    assert [s.file for s in corpus.skipped] == ["f3.txt", "f4.txt"]
    assert "more than 3 files" in corpus.skipped[0].reason


def test_an_upload_over_its_total_size_keeps_the_first_files_and_lists_the_rest():
    files = [(f"f{i}.txt", f"Article {i}. ".encode() * 40) for i in range(4)]  # 440 bytes each
    files.insert(1, ("notes.pdf", b"x" * 5000))  # refused for its type: its bytes do not count
    corpus = read_uploads(files, max_bytes=1000)
    assert [a.file for a in corpus.articles] == ["f0.txt", "f1.txt"]
    assert [s.file for s in corpus.skipped] == ["notes.pdf", "f2.txt", "f3.txt"]
    assert "fill this upload's 0.001 MB: upload the rest separately" in corpus.skipped[1].reason


def news(number: int, chars: int) -> bytes:
    """An article of exactly `chars` characters in short sentences, distinct by its number."""
    return (f"Report {number}. " + "Ana Ruiz flew to Lima. " * (chars // 23 + 1))[:chars].encode()


def test_an_upload_over_its_characters_keeps_the_first_files_and_lists_the_rest():
    per_file = MAX_CHARS - 1
    fitting = MAX_UPLOAD_CHARS // per_file
    files = [(f"f{i:02}.txt", news(i, per_file)) for i in range(fitting + 2)]
    files.append(("short.txt", news(99, MAX_UPLOAD_CHARS - fitting * per_file)))  # fills it exactly
    corpus = read_uploads(files)
    assert [a.file for a in corpus.articles] == [f"f{i:02}.txt" for i in range(fitting)] + ["short.txt"]
    assert sum(len(a.text) for a in corpus.articles) == MAX_UPLOAD_CHARS
    assert [s.file for s in corpus.skipped] == [f"f{fitting:02}.txt", f"f{fitting + 1:02}.txt"]
    assert corpus.skipped[0].reason == (
        f"the files before it fill this upload's {MAX_UPLOAD_CHARS:,} characters: upload the rest separately"
    )


def test_an_upload_over_its_quote_marks_keeps_the_first_files_and_lists_the_rest():
    fitting = MAX_UPLOAD_QUOTE_MARKS // MAX_QUOTE_MARKS
    files = [
        (f"q{i:02}.txt", f"{i}: ".encode() + "“a.” ".encode() * (MAX_QUOTE_MARKS // 2))
        for i in range(fitting + 1)
    ]
    files.append(("plain.txt", b"Ana Ruiz flew to Lima."))  # no quote marks: still fits
    corpus = read_uploads(files)
    assert [a.file for a in corpus.articles] == [f"q{i:02}.txt" for i in range(fitting)] + ["plain.txt"]
    assert [s.file for s in corpus.skipped] == [f"q{fitting:02}.txt"]
    assert f"fill this upload's {MAX_UPLOAD_QUOTE_MARKS:,} quote marks" in corpus.skipped[0].reason


def test_undecodable_bytes_fall_back_to_cp1252_with_a_warning():
    corpus = read_uploads([("old.txt", "Caf\xe9 talks in Bogot\xe1.".encode("cp1252"))])
    assert corpus.articles[0].text == "Café talks in Bogotá."
    assert corpus.warnings == ["old.txt: not valid UTF-8, read as cp1252"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\me\\news.txt", "news.txt"),
        ("..hidden.txt", "hidden.txt"),
        ("tab\tand\x00nul.txt", "tabandnul.txt"),
        ("", "unnamed"),
    ],
)
def test_names_are_labels_never_paths(name, expected):
    assert safe_name(name) == expected


def nested_page(levels: int) -> bytes:
    """A page whose middle paragraphs sit inside `levels` nested <div>s."""
    deep = "<p>Deep paragraph one.</p><script>deep()</script><p>Deep <b>paragraph</b> two.</p>"
    return (
        "<html><body><h1>Envoy lands in Suva</h1><p>Before the nest.</p>"
        + "<div>" * levels
        + deep
        + "</div>" * levels
        + "<p>After the nest.</p></body></html>"
    ).encode()


def test_html_nested_past_the_parsers_default_depth_keeps_all_its_text():
    text = read_uploads([("deep.html", nested_page(1000))]).articles[0].text
    for paragraph in ("Before the nest.", "Deep paragraph one.", "Deep paragraph two.", "After the nest."):
        assert paragraph in text
    assert text.index("Deep paragraph one.") < text.index("Deep paragraph two.") < text.index("After the")
    assert "deep()" not in text, "scripts in the flattened part are still dropped"


def test_html_nested_deeper_than_the_parser_follows_is_kept_or_skipped_for_that_reason():
    corpus = read_uploads([("fine.txt", b"Ana Ruiz flew to Quito."), ("deeper.html", nested_page(5000))])
    if len(corpus.articles) == 2:  # a libxml2 without a depth limit: everything kept
        assert "After the nest." in corpus.articles[1].text
    else:
        assert [s.file for s in corpus.skipped] == ["deeper.html"]
        assert corpus.skipped[0].reason.startswith("tags nested more than ")
        assert "only whitespace" not in corpus.skipped[0].reason


NEWS_PAGE = b"""<html><head><title>Luxon lands in Lima | NZ Herald</title>
<meta name="author" content="Thomas Coughlan"><meta property="og:site_name" content="NZ Herald">
<meta property="article:published_time" content="2024-11-14T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/sport">Sport</a></nav>
<article><h1>Luxon lands in Lima</h1>
<p>Prime Minister Christopher Luxon touches down in the Peruvian capital of Lima this morning, ahead of
a busy schedule at the Apec summit over the coming days.</p>
<p>"We want to jam in as much as we can," Luxon said. He will meet leaders from across the region during
his stay, before flying home through Chile.</p>
<p>The return trip to Peru, which includes stopovers in Chile, is 38 hours.</p></article>
<div class="comments"><h3>Comments</h3><p>Great article, thanks! I totally agree with every word.</p></div>
<footer>Copyright NZME. All rights reserved.</footer></body></html>"""


def test_a_saved_news_page_gives_its_title_date_author_and_main_text_without_navigation_or_comments():
    article = read_uploads([("lima.html", NEWS_PAGE)]).articles[0]
    assert article.title == "Luxon lands in Lima"
    assert article.date == "2024-11-14"
    assert article.source == "Thomas Coughlan · NZ Herald"
    body = article.body
    assert body.startswith("Prime Minister Christopher Luxon touches down")
    assert '\n\n"We want to jam in' in body, "a paragraph per paragraph"
    assert "38 hours" in body
    for left_out in ("World news", "Great article", "Copyright", "Luxon lands in Lima"):
        assert left_out not in body, left_out
