"""The README documents every setting, host callable and panel (like datasette's test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sroi_plugin.config import DEFAULTS
from sroi_plugin.hostspec import HostCallables
from sroi_plugin.rules.vocabulary import Term
from sroi_plugin.web.panels.registry import PANELS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _config_table_keys() -> set[str]:
    return set(re.findall(r"^\| `(SROI_[A-Z_]+)` \|", README, flags=re.MULTILINE))


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_setting_is_in_the_config_table(key: str) -> None:
    assert key in _config_table_keys(), f"{key} is missing from the README's configuration table"


def test_config_table_lists_no_unknown_setting() -> None:
    assert _config_table_keys() <= set(DEFAULTS)


@pytest.mark.parametrize("name", sorted(HostCallables.__dataclass_fields__))
def test_every_host_callable_is_documented(name: str) -> None:
    assert f"@sroi.{name}" in README


@pytest.mark.parametrize("name", sorted(PANELS))
def test_every_panel_is_documented(name: str) -> None:
    assert f'`"{name}"`' in README


def test_first_screen_gives_the_two_commands() -> None:
    first_screen = README.split("\n## ", 2)[:2]
    text = "\n".join(first_screen)
    assert "make demo" in text and "make test" in text


def _closed_lists_section() -> str:
    return README.split("### Closed lists", 1)[1].split("\n### ", 1)[0]


_TERMS = [member for vocabulary in Term.__subclasses__() for member in vocabulary]


@pytest.mark.parametrize("member", _TERMS, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_closed_list_value_is_in_the_readme_with_its_label(member: Term) -> None:
    row = f"| `{member.value}` | {member.label} |"
    assert row in _closed_lists_section(), f"README 'Closed lists' lacks the row {row}"


@pytest.mark.parametrize("vocabulary", Term.__subclasses__(), ids=lambda v: v.__name__)
def test_every_closed_list_has_its_table(vocabulary: type[Term]) -> None:
    assert f"(`{vocabulary.__name__}`;" in _closed_lists_section()
