"""Shared fixtures: the real spaCy pipeline, loaded once, and a private cache folder per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from lib.nlp import load_model

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test gets its own cache folder, so no test reads or writes the user's cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DATELINE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def corpus_roots(tmp_path, monkeypatch):
    """Every test may read corpus folders below its own tmp_path, and nowhere else (AppTest's server
    listens on no particular address, so without roots folder reading would be off)."""
    monkeypatch.setenv("DATELINE_CORPUS_ROOTS", str(tmp_path))
    monkeypatch.delenv("DATELINE_LOCAL_FOLDERS", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def seeds_dataset(tmp_path_factory) -> Path:
    """The seeds as `python -m lib.extract seeds --out DIR --engine dask --jobs 1 --partitions 3` writes
    them, made once for the whole run: read it, or copy it to change it."""
    from lib.extract import main

    out = tmp_path_factory.mktemp("seeds-dataset") / "seeds"
    assert main([str(SEEDS), "--out", str(out), "--engine", "dask", "--jobs", "1", "--partitions", "3"]) == 0
    return out


@pytest.fixture
def without_root_reads() -> list[str]:
    """A command prefix under which a folder with mode 000 really cannot be read: nothing for a normal
    user; for root (who reads everything), setpriv without the two capabilities that bypass modes."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: no folder can be made unreadable")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The real pipeline (model + Dateline's components), loaded once per test session."""
    return load_model()


@pytest.fixture(scope="session")
def parse(nlp):
    """Run the pipeline over one text: `parse("He said ...", date="2024-11-14")` -> Doc."""

    def run(text: str, aliases: dict[str, tuple[str, str]] | None = None, date: str = "") -> Doc:
        doc = nlp.make_doc(text)
        doc._.article_date = date  # relative dates are read against it
        return nlp(doc, component_cfg={"dateline_entities": {"aliases": aliases or {}}})

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
