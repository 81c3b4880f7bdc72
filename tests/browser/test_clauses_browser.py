"""A contract manager types a clause in a real browser and sees the findings follow live."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit

pytestmark = pytest.mark.browser

CLEAN = (
    "Opdrachtnemer besteedt ten minste 5% van de loonsom aan de inzet van mensen met een "
    "afstand tot de arbeidsmarkt. Opdrachtnemer rapporteert ieder half jaar geaggregeerd over "
    "de verloonde uren."
)
PENALTY = " Bij het niet nakomen van de social-returnverplichting is een boete verschuldigd."


def test_typing_boete_shows_the_penalty_finding_and_removing_it_clears_it(
    app: Flask,
    live_server: str,
    page: Any,
    make_contract: Callable[..., Contract],
    tmp_path: Path,
) -> None:
    make_contract(
        ref="GEM-2025-0001",
        sr_percentage=Decimal("5"),
        sr_basis="wage_sum",
        sr_clause_text=CLEAN,
        category="advies",
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    panel = page.locator("#sroi-panel-clauses")
    panel.wait_for()
    findings = page.locator("#sroi-clauses-findings")
    assert "Geen bevindingen" in findings.inner_text()
    penalty = page.locator('#sroi-clauses-findings [data-code="SR_PENALTY"]')
    assert penalty.count() == 0

    text = page.locator("#sroi-clause-text")
    text.click()
    text.press("Control+End")
    text.press_sequentially(PENALTY, delay=5)
    penalty.wait_for()
    shown = penalty.inner_text()
    assert "Boete gekoppeld aan social return" in shown
    assert "waarschuwing" in shown.lower()  # a word beside the colour (shown in capitals)
    assert "Bij het niet nakomen van de social-returnverplichting" in shown  # the evidence
    assert "handreiking stap 1" in shown
    page.screenshot(path=str(tmp_path / "clauses-penalty.png"), full_page=True)

    text.fill(CLEAN)
    text.dispatch_event("input")
    penalty.wait_for(state="detached")
    assert "Geen bevindingen" in findings.inner_text()

    # the live check changed nothing: the contract still has the stored clause, no edits
    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.scalars(select(Contract)).one()
        assert stored.sr_clause_text == CLEAN
        assert session.scalars(select(SrEdit)).all() == []
    assert errors == []
    assert page.dialogs == []


def test_an_invalid_percentage_gets_a_message_beside_the_field_and_save_keeps_the_text(
    live_server: str, page: Any, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-2025-0001")
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    page.locator("#sroi-panel-clauses").wait_for()
    page.fill("#sroi-clause-text", "Nieuwe tekst die niet verloren mag gaan.")
    percentage = page.locator("#sroi-clauses-sr_percentage")
    percentage.fill("vijf")
    percentage.dispatch_event("input")
    error = page.locator("#sroi-clauses-errors-sr_percentage .sroi-field-error")
    error.wait_for()
    assert "Percentage: 'vijf' is geen percentage" in error.inner_text()
    page.click("#sroi-panel-clauses button:has-text('Opslaan')")
    page.locator("#sroi-panel-clauses .sroi-notice-error").wait_for()
    assert page.input_value("#sroi-clause-text") == "Nieuwe tekst die niet verloren mag gaan."
    assert page.input_value("#sroi-clauses-sr_percentage") == "vijf"
    assert "Contractgegevens" in page.inner_text("body")  # still the host's page
    assert page.dialogs == []
