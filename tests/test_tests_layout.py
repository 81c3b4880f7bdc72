"""The shape of the test suite itself: shared helpers live in ``tests/helpers/``.

A test module imports factories and helpers from :mod:`tests.helpers` and gets fixtures from a
``conftest.py``; it never imports another test module or a ``conftest`` (that would run the other
module's tests' imports, hide where a helper lives, and break when a test file moves). Every
browser test carries the ``browser`` marker, so ``make test-fast`` (``-m "not browser"``) leaves
out exactly the tests that drive chromium.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
PYTHON_FILES = sorted(TESTS.rglob("*.py"))


def _is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def _imported_test_modules(path: Path) -> list[str]:
    """The test modules and conftests ``path`` imports (absolute or relative)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if _is_test_module(module):
                found.append(module)
            found += [
                f"{module}.{alias.name}" for alias in node.names if _is_test_module(alias.name)
            ]
    return found


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    source = tmp_path / "test_sample.py"
    source.write_text(
        "import tests.web.test_a\n"
        "from tests.web.test_b import helper\n"
        "from tests.web import test_c\n"
        "from .conftest import TODAY\n"
        "from tests.helpers.web import HTMX\n"
        "def later():\n"
        "    from tests.conftest import TODAY\n",
        encoding="utf-8",
    )
    assert _imported_test_modules(source) == [
        "tests.web.test_a",
        "tests.web.test_b",
        "tests.web.test_c",
        ".conftest",
        "tests.conftest",
    ]


def test_no_test_file_imports_a_test_module_or_a_conftest() -> None:
    found = {
        str(path.relative_to(TESTS)): imported
        for path in PYTHON_FILES
        if (imported := _imported_test_modules(path))
    }
    assert found == {}, "move the shared helpers into tests/helpers/ and import them from there"


def test_every_browser_test_module_is_marked_browser() -> None:
    modules = sorted((TESTS / "browser").glob("test_*.py"))
    assert modules
    unmarked = [
        path.name
        for path in modules
        if "\npytestmark = pytest.mark.browser\n" not in path.read_text(encoding="utf-8")
    ]
    assert unmarked == []


def test_helpers_hold_no_tests() -> None:
    for path in (TESTS / "helpers").glob("*.py"):
        assert not path.name.startswith("test_"), path
        assert "\ndef test_" not in path.read_text(encoding="utf-8"), path
