"""Reading folders through the URL (AppTest): only below the roots, one answer for every refused path,
off unless configured or served to this computer only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

import ui.data
from lib.folders import OUTSIDE_ROOTS
from tests.test_app_pages import APP, FIRST_RUN, PAGES, ROOT, SEED_FILES, table
from tests.test_app_uploads import everything_shown

SECRET = "SECRET-LINE root:x:0:0 from outside every root"
ARTICLE = "Ana Ruiz flew to Lima on Friday.\n\nShe met the mayor there.\n"


def folder_boxes(at) -> list[str]:
    """The labels of the sidebar's folder box, if it is there (the search box always is)."""
    return [box.label for box in at.sidebar.text_input if box.key == "corpus"]


def opened(page: str = "pages/overview.py", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=FIRST_RUN)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    return at.run()


def what_a_visitor_sees(at: AppTest) -> str:
    """Every element sent to the browser, but the folder box, whose value is what the visitor typed."""
    return everything_shown(at, but=("text_input",))


@pytest.fixture
def layout(tmp_path, monkeypatch) -> dict[str, Path]:
    """A root with a corpus folder, and a folder of secrets beside the root."""
    root = tmp_path / "root"
    news = root / "news"
    news.mkdir(parents=True)
    (news / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "empty").mkdir()
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd.txt").write_text(SECRET + "\n\nMore of it.\n", encoding="utf-8")
    (root / "escape").symlink_to(secret)
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(root))
    return {"root": root, "news": news, "secret": secret}


REFUSED = {
    "no-folder": "root/missing",
    "a-file": "root/news/a.txt",
    "no-articles": "root/empty",
    "outside-the-root": "secret",
    "dot-dot": "root/news/../../secret",
    "link-out-of-the-root": "root/escape",
}


def test_every_refused_path_gets_the_same_answer_naming_no_path(layout, tmp_path):
    seen = {}
    for case, typed in REFUSED.items():
        at = opened(corpus=str(tmp_path / typed))
        assert not at.exception, (case, at.exception)
        assert [error.value for error in at.sidebar.error] == [ui.data.FOLDER_REFUSED], case
        assert any("Fix the corpus folder" in info.value for info in at.info), case
        assert not at.dataframe, f"{case}: nothing is read"
        shown = what_a_visitor_sees(at)
        assert str(tmp_path) not in shown and "passwd" not in shown, case
        seen[case] = shown
    first = next(iter(seen.values()))
    assert all(elements == first for elements in seen.values()), "a visitor could tell refusals apart"


def test_an_unreadable_folder_gets_the_same_answer(layout, without_root_reads):
    probe = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        "from tests.test_app_folders import opened, what_a_visitor_sees\n"
        "print(json.dumps(what_a_visitor_sees(opened(corpus=sys.argv[1]))))\n"
    )
    layout["news"].chmod(0)
    try:
        done = subprocess.run(
            [*without_root_reads, sys.executable, "-c", probe, str(layout["news"])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        layout["news"].chmod(0o755)
    assert done.returncode == 0, done.stderr
    unreadable = json.loads(done.stdout.strip().splitlines()[-1])
    assert ui.data.FOLDER_REFUSED in unreadable
    assert unreadable == what_a_visitor_sees(opened(corpus=str(layout["root"] / "missing")))


def test_a_link_out_of_the_root_is_listed_and_never_shown(layout):
    (layout["news"] / "leak.txt").symlink_to(layout["secret"] / "passwd.txt")
    at = opened(corpus=str(layout["news"]))
    assert at.metric[0].value == "1"
    skipped = next(frame.value for frame in at.dataframe if "reason" in frame.value.columns)
    assert skipped.to_dict("records") == [{"file": "leak.txt", "reason": OUTSIDE_ROOTS}]
    for page, params in [(page, {}) for page in PAGES] + [("pages/reader.py", {"article": "leak"})]:
        at = opened(page, corpus=str(layout["news"]), **params)
        assert not at.exception, (page, at.exception)
        assert "SECRET-LINE" not in everything_shown(at), page


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("replacement", ["link-out-of-the-root", "named-pipe", "over-the-size-limit"])
def test_the_reader_re_checks_an_article_replaced_after_it_was_listed(layout, replacement):
    """The Reader opens the file again: replaced by a link out of the root, a named pipe or a file over
    the size limit since the folder was read, it shows nothing and never waits (a pipe is not opened)."""
    news, article = layout["news"], layout["news"] / "a.txt"
    assert ui.data.article_body(str(news), "a.txt").startswith("Ana Ruiz")
    article.unlink()
    if replacement == "link-out-of-the-root":
        article.symlink_to(layout["secret"] / "passwd.txt")
    elif replacement == "named-pipe":
        os.mkfifo(article)  # opening it would wait for a writer forever
    else:
        with article.open("wb") as handle:
            handle.truncate(300_000_000)
    shown: list[str] = []
    reader = threading.Thread(target=lambda: shown.append(ui.data.article_body(str(news), "a.txt")))
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # let the blocked open go, then fail
        os.close(os.open(article, os.O_WRONLY | os.O_NONBLOCK))
        reader.join()
        pytest.fail("the Reader opened the named pipe")
    assert shown == [""]


def test_a_root_reached_through_a_link_reads_the_folders_below_it(layout, tmp_path, monkeypatch):
    (tmp_path / "root-link").symlink_to(layout["root"])
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(tmp_path / "root-link"))
    for typed in (tmp_path / "root-link" / "news", layout["news"]):
        at = opened(corpus=str(typed))
        assert not at.sidebar.error, typed
        assert table(at)["title"].tolist() == ["Ana Ruiz flew to Lima on Friday."]
    at = opened(corpus=str(tmp_path / "root-link" / ".." / "secret"))
    assert [error.value for error in at.sidebar.error] == [ui.data.FOLDER_REFUSED]


@pytest.fixture
def server_address():
    """Set Streamlit's server.address for one test, as `--server.address` would."""
    before = config.get_option("server.address")

    def use(address: str | None) -> None:
        config.set_option("server.address", address)

    yield use
    config.set_option("server.address", before)


@pytest.mark.parametrize(
    ("address", "local"),
    [
        *[("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True)],
        *[(None, False), ("", False), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False)],
    ],
)
def test_only_a_loopback_address_counts_as_this_computer_only(server_address, address, local):
    server_address(address)
    assert ui.data.serves_this_computer_only() is local


def test_without_roots_a_server_open_to_the_network_reads_no_folder(tmp_path, monkeypatch, server_address):
    monkeypatch.delenv("DATELINE_CORPUS_ROOTS")
    server_address("0.0.0.0")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    at = opened(corpus=str(tmp_path))
    assert folder_boxes(at) == [], "no folder box"
    assert at.metric[0].value == str(len(SEED_FILES)), "the link's folder is ignored: the sample is shown"


def test_without_roots_a_server_for_this_computer_only_reads_any_folder(
    tmp_path, monkeypatch, server_address
):
    monkeypatch.delenv("DATELINE_CORPUS_ROOTS")
    server_address("127.0.0.1")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    at = opened(corpus=str(tmp_path))
    assert folder_boxes(at) == ["Corpus folder"]
    assert at.metric[0].value == "1"


def test_the_off_switch_and_community_cloud_win_over_a_loopback_address(
    tmp_path, monkeypatch, server_address
):
    monkeypatch.delenv("DATELINE_CORPUS_ROOTS")
    server_address("127.0.0.1")
    monkeypatch.setattr(ui.data, "CLOUD_CHECKOUT", ROOT)  # as if checked out under /mount/src
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert folder_boxes(opened(corpus=str(tmp_path))) == []
    monkeypatch.setattr(ui.data, "CLOUD_CHECKOUT", Path("/mount/src"))
    monkeypatch.setenv("DATELINE_LOCAL_FOLDERS", "off")
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(tmp_path))
    at = opened(corpus=str(tmp_path))
    assert folder_boxes(at) == []
    assert at.metric[0].value == str(len(SEED_FILES))
