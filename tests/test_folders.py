"""Corpus roots: which folders may be read, with `..` and links resolved before the check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib.corpus import read_corpus
from lib.folders import OUTSIDE_ROOTS, FolderRefused, configured_roots, corpus_folder, dataset_folder

ROOT = Path(__file__).parent.parent
SECRET = "SECRET-LINE: root:x:0:0 outside every root"


@pytest.fixture
def layout(tmp_path) -> dict[str, Path]:
    """A root holding a corpus folder, and a secret folder beside the root (outside it)."""
    root = tmp_path / "root"
    news = root / "news"
    news.mkdir(parents=True)
    (news / "a.txt").write_text("Ana Ruiz flew to Lima.\n\nShe met the mayor.\n", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd.txt").write_text(SECRET, encoding="utf-8")
    return {"root": root, "news": news, "secret": secret}


def test_roots_are_a_path_list_resolved_and_unset_when_blank(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    value = os.pathsep.join([str(tmp_path / "link"), "", str(tmp_path / "b" / ".." / "c")])
    assert configured_roots(value) == ((tmp_path / "real").resolve(), (tmp_path / "c").resolve())
    assert configured_roots("  ") is None
    assert configured_roots(os.pathsep) == ()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert configured_roots(str(tmp_path / "loop")) == (), "a root that cannot be resolved holds nothing"


def test_a_folder_below_a_root_is_read(layout):
    roots = (layout["root"].resolve(),)
    assert corpus_folder(str(layout["news"]), roots) == layout["news"].resolve()
    assert corpus_folder(str(layout["news"] / ".." / "news"), roots) == layout["news"].resolve()


def test_dot_dot_cannot_leave_a_root(layout):
    roots = (layout["root"].resolve(),)
    with pytest.raises(FolderRefused, match="outside the corpus roots"):
        corpus_folder(str(layout["news"] / ".." / ".." / "secret"), roots)


def test_a_link_inside_a_root_cannot_lead_out_of_it(layout):
    (layout["root"] / "escape").symlink_to(layout["secret"])
    with pytest.raises(FolderRefused, match="outside the corpus roots"):
        corpus_folder(str(layout["root"] / "escape"), (layout["root"].resolve(),))


def test_a_root_reached_through_a_link_holds_what_is_really_below_it(layout, tmp_path):
    (tmp_path / "root-link").symlink_to(layout["root"])
    roots = configured_roots(str(tmp_path / "root-link"))
    assert corpus_folder(str(tmp_path / "root-link" / "news"), roots) == layout["news"].resolve()
    assert corpus_folder(str(layout["news"]), roots) == layout["news"].resolve()
    with pytest.raises(FolderRefused, match="outside"):
        corpus_folder(str(tmp_path / "root-link" / ".." / "secret"), roots)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        pytest.param("root/missing", "no such folder", id="no-folder"),
        pytest.param("root/news/a.txt", "not a folder", id="a-file"),
        pytest.param("root/empty", "no .txt or .md files", id="no-articles"),
        pytest.param("secret", "outside the corpus roots", id="outside"),
        pytest.param("", "no path", id="empty"),
        pytest.param("root/\0", "cannot be resolved", id="nul-byte"),
    ],
)
def test_every_refusal_is_a_folder_refused(layout, tmp_path, typed, reason):
    (layout["root"] / "empty").mkdir()
    with pytest.raises(FolderRefused, match=reason):
        corpus_folder(str(tmp_path / typed) if typed else "", (layout["root"].resolve(),))


def test_an_unreadable_folder_is_refused(layout, without_root_reads):
    layout["news"].chmod(0)
    try:
        check = (
            "import sys; from pathlib import Path; from lib.folders import corpus_folder, FolderRefused\n"
            "try:\n    corpus_folder(sys.argv[1], (Path(sys.argv[2]),))\n"
            "except FolderRefused as error:\n    print(error)\n"
        )
        done = subprocess.run(
            [*without_root_reads, sys.executable, "-c", check, str(layout["news"]), str(layout["root"])],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        layout["news"].chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("unreadable (Permission denied)")


def test_no_roots_means_any_folder(layout):
    assert corpus_folder(str(layout["secret"]), None) == layout["secret"].resolve()


def test_an_article_linking_out_of_the_roots_is_skipped_and_never_read(layout):
    news = layout["news"]
    (news / "leak.txt").symlink_to(layout["secret"] / "passwd.txt")
    (news / "gone.txt").symlink_to(layout["secret"] / "no-such-file.txt")  # same answer: nothing probed
    (news / "inside.txt").symlink_to(news / "a.txt")
    corpus = read_corpus([news], roots=(layout["root"].resolve(),))
    assert sorted((s.file, s.reason) for s in corpus.skipped) == [
        ("gone.txt", OUTSIDE_ROOTS),
        ("inside.txt", "same content as a.txt"),  # a link within the roots is read like any file
        ("leak.txt", OUTSIDE_ROOTS),
    ]
    assert [a.file for a in corpus.articles] == ["a.txt"]
    assert "passwd" not in OUTSIDE_ROOTS and "secret" not in OUTSIDE_ROOTS


def test_metadata_and_aliases_linking_out_of_the_roots_are_ignored(layout):
    news = layout["news"]
    (layout["secret"] / "metadata.csv").write_text(f"file,title\na.txt,{SECRET}\n", encoding="utf-8")
    (layout["secret"] / "aliases.csv").write_text(f"alias,canonical\nRuiz,{SECRET}\n", encoding="utf-8")
    (news / "metadata.csv").symlink_to(layout["secret"] / "metadata.csv")
    (news / "aliases.csv").symlink_to(layout["secret"] / "aliases.csv")
    corpus = read_corpus([news], roots=(layout["root"].resolve(),))
    assert corpus.articles[0].title != SECRET and not corpus.aliases
    assert corpus.warnings == [f"metadata.csv: {OUTSIDE_ROOTS}", f"aliases.csv: {OUTSIDE_ROOTS}"]
    assert read_corpus([news]).articles[0].title == SECRET, "without roots (the CLI) links are followed"


def test_a_corpus_folder_outside_the_roots_is_not_read(layout):
    with pytest.raises(PermissionError):
        read_corpus([layout["secret"]], roots=(layout["root"].resolve(),))


def test_a_link_out_of_the_roots_is_judged_before_its_size_is_told(layout):
    """The roots are checked before a file is sized: a link leading out gets the one neutral reason,
    never "too large (N bytes …)", which would tell the size of a file outside the roots."""
    news = layout["news"]
    with (layout["secret"] / "huge.txt").open("wb") as handle:
        handle.truncate(300_000_000)  # sparse: stands for a 3 GB file
    with (layout["root"] / "huge.bin").open("wb") as handle:
        handle.truncate(300_000_000)
    (news / "out.txt").symlink_to(layout["secret"] / "huge.txt")
    (news / "in.txt").symlink_to(layout["root"] / "huge.bin")
    corpus = read_corpus([news], roots=(layout["root"].resolve(),))
    reasons = {s.file: s.reason for s in corpus.skipped}
    assert reasons["out.txt"] == OUTSIDE_ROOTS
    assert reasons["in.txt"].startswith("too large (300,000,000 bytes"), "inside the roots: sized, not read"
    assert [a.file for a in corpus.articles] == ["a.txt"]


def test_a_dataset_folder_is_checked_as_a_corpus_folder_is(layout, tmp_path):
    roots = (layout["root"].resolve(),)
    dataset = layout["root"] / "dataset"
    (dataset / "articles").mkdir(parents=True)
    assert dataset_folder(str(dataset / ".." / "dataset"), roots) == dataset.resolve()
    (layout["secret"] / "articles").mkdir()
    (layout["root"] / "escape").symlink_to(layout["secret"])
    for typed, reason in [
        (layout["root"] / "escape", "outside the corpus roots"),
        (layout["secret"], "outside the corpus roots"),
        (layout["news"], "no Parquet dataset"),
        (layout["root"] / "missing", "no such folder"),
    ]:
        with pytest.raises(FolderRefused, match=reason):
            dataset_folder(str(typed), roots)
