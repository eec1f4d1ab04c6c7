"""Where Streamlit lives: never in lib/ (shared by the CLI, the app and the tests); always in ui/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LIB = sorted((ROOT / "lib").rglob("*.py"))
UI = sorted(path for path in (ROOT / "ui").glob("*.py") if path.name != "__init__.py")


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports, at any depth of its code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", LIB, ids=lambda path: str(path.relative_to(ROOT)))
def test_lib_imports_neither_streamlit_nor_the_app(path):
    assert not imported_packages(path) & {"streamlit", "ui", "pages"}


@pytest.mark.parametrize("path", UI, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_ui_module_is_streamlit_code(path):
    """A helper that needs no Streamlit belongs in lib/, so that where a module lives says which it is."""
    assert "streamlit" in imported_packages(path)
