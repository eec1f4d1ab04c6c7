"""A damaged disk cache in the app (AppTest): every page still draws the whole corpus and says what
was recomputed."""

from __future__ import annotations

import pytest

from lib.cache import ArticleCache
from lib.corpus import read_corpus
from lib.nlp import load_model, model_fingerprint
from lib.pipeline import extract_corpus
from tests.test_app_pages import PAGES, app_at
from tests.test_cache import CORRUPTIONS, the_snapshot

ARTICLES = {
    "one.txt": 'Mayor Ana Ruiz flew to Quito.\n\n"We are ready," Ruiz said.\n',
    "two.txt": "Senator Tom Reed met Ana Ruiz in Lima on Friday.\n",
}


@pytest.mark.parametrize("damage", ["entries-with-a-wrong-column", "quotes-short-of-rows"])
def test_pages_show_the_whole_corpus_when_the_folders_last_snapshot_is_damaged(
    tmp_path, private_cache, damage
):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    extract_corpus(read_corpus([folder]), ArticleCache(private_cache, model_fingerprint()), load=load_model)
    CORRUPTIONS[damage](the_snapshot(private_cache))
    # The folder changes, so the app starts from that snapshot: the report's KeyError: 'key' on every
    # page, or half the rows gone and the damage saved as the new snapshot.
    (folder / "three.txt").write_text('"All is well," Tom Reed said in Lima.\n', encoding="utf-8")
    with pytest.warns(UserWarning, match="unreadable"):
        at = app_at("pages/overview.py", corpus=str(folder))
    assert not at.exception, at.exception
    assert at.metric[0].value == "3"
    assert at.metric[4].label == "Quotes" and at.metric[4].value == "2", "no quote lost"
    assert any("was unreadable" in text.value and "recomputing it" in text.value for text in at.text)
    for page in PAGES:
        assert not app_at(page, corpus=str(folder)).exception, page
