"""The app's `stores/` folder (one work folder per dataset opened) does not grow for ever: the folders
of datasets that are gone, and past the cap the least recently opened, are removed, never one in use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ui.data
from lib.store import CorpusStore
from lib.store_files import _folder_bytes, prune_stores

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def dataset(seeds_dataset) -> Path:
    return seeds_dataset


@pytest.fixture
def copies(dataset, tmp_path) -> list[Path]:
    """Three datasets (copies), each opened once in the app's stores/ folder, in order."""
    made = []
    for name in ("a", "b", "c"):
        shutil.copytree(dataset, tmp_path / name)
        made.append(tmp_path / name)
        with CorpusStore.open(made[-1], ui.data.store_work_dir(str(made[-1]))):
            pass
    return made


def work(dataset: Path) -> Path:
    return ui.data.store_work_dir(str(dataset))


def test_the_folders_of_datasets_that_are_gone_are_removed(copies):
    a, b, c = copies
    shutil.rmtree(b)
    assert prune_stores(work(a), cap=10**15) == [work(b)]
    assert work(a).is_dir() and not work(b).exists() and work(c).is_dir()
    assert list(work(a).glob("corpus-*.duckdb")) and list(work(c).glob("corpus-*.duckdb"))


def test_past_the_cap_the_least_recently_opened_go_first_but_none_in_use(copies, monkeypatch):
    a, b, c = copies
    size = _folder_bytes(work(a))
    assert size > 0
    # Room for two: the one opened now (c) and the more recently opened of the others (b).
    assert prune_stores(work(c), cap=2 * size + size // 2) == [work(a)]
    assert not work(a).exists() and work(b).is_dir()
    with CorpusStore.open(b, work(b)) as held:
        assert prune_stores(work(c), cap=0) == [], "b is open"
        assert held.value("SELECT count(*) FROM corpus.articles") == 5
    assert prune_stores(work(c), cap=0) == [work(b)]
    assert work(c).is_dir(), "the one being opened always stays"
    monkeypatch.setenv(ui.data.STORES_MAX_GB_ENV, "0.5")
    assert ui.data.stores_cap() == 500_000_000
