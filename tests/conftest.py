"""Shared fixtures: the real spaCy pipeline, loaded once, and a private cache folder per test."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from lib.nlp import load_model


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, so no test reads or writes the user's cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real pipeline (model + Dateline's components), loaded once per test session."""
    return load_model()


@pytest.fixture(scope="session")
def parse(nlp):
    """Run the pipeline over one text: `parse("He said ...")` -> Doc."""

    def run(text: str, aliases: dict[str, tuple[str, str]] | None = None) -> Doc:
        return nlp(text, component_cfg={"dateline_entities": {"aliases": aliases or {}}})

    return run


# Browser tests (tests/test_app_browser.py, tests/test_browser_security.py): one app server and one
# Chromium per module, a fresh watched page (a new Streamlit session) per test.
@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from tests.browser_support import running_app

    with running_app(tmp_path_factory.mktemp("app")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    from tests.browser_support import chromium

    with chromium() as started:
        yield started


@pytest.fixture
def page(browser):
    from tests.browser_support import watched_page

    with watched_page(browser) as new_page:
        yield new_page
