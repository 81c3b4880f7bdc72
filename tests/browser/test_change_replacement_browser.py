"""In a real browser: choosing the ground "Vervanging van de opdrachtnemer" brings up its two
questions through the live check, answering them changes the verdict, and another ground hides
them again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser

VERDICT = "#sroi-change-verdict"
QUESTIONS = "#sroi-replacement-questions"


def test_the_replacement_questions_follow_the_ground(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref="GEM-2025-0001")
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and "/wijzigingen" in response.url
            else None
        ),
    )
    page.goto(f"{live_server}/sroi/contracten/GEM-2025-0001/wijzigingen/nieuw")
    page.fill("#description", "Schoon & Sociaal is overgenomen door Schoon Groep")
    page.fill("#value_delta", "0")
    for question in (
        "changes_overall_nature",
        "attracts_other_bidders",
        "shifts_economic_balance",
        "extends_scope_considerably",
    ):
        page.check(f"#{question}-1")  # nee
    assert page.locator(f"{QUESTIONS} #successor_via_restructuring").count() == 0

    page.select_option("#ground", "contractor_replacement")
    page.locator(f"{QUESTIONS} #successor_via_restructuring").wait_for()
    page.locator(
        f"{VERDICT} .sroi-verdict-label", has_text="Juridische beoordeling nodig"
    ).wait_for()

    page.check("#successor_via_restructuring-0")  # ja
    page.check("#successor_meets_original_selection_criteria-0")  # ja
    page.locator(f"{VERDICT} .sroi-verdict-label", has_text="Toegestaan").wait_for()
    assert "2.163f" in page.locator(VERDICT).inner_text()
    page.screenshot(path=str(tmp_path / "replacement.png"), full_page=True)

    page.check("#successor_via_restructuring-1")  # nee
    page.locator(f"{VERDICT} .sroi-verdict-label", has_text="Wezenlijke wijziging").wait_for()
    # the answer just given is still there after the live check
    assert page.is_checked("#successor_via_restructuring-1")

    page.select_option("#ground", "de_minimis")
    page.locator(f"{QUESTIONS} #successor_via_restructuring").wait_for(state="detached")
    assert problems == []
