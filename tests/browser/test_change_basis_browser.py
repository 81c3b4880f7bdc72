"""In a real browser: procurement confirms the derived initial value on the change panel, and a
legal reviewer sees the change against the limits of its date on the review page."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from tests.helpers.legal import add_change

pytestmark = pytest.mark.browser

REF = "GEM-2025-0001"


def test_confirm_the_basis_and_review_a_change_against_it(
    live_server: str,
    page: Any,
    session: Session,
    make_contract: Callable[..., Contract],
    tmp_path: Path,
) -> None:
    make_contract(ref=REF, kind="works", value_total=Decimal("4665000"))
    change = add_change(
        session,
        REF,
        "Extra kelder onder de nieuwe vleugel",
        value_delta=Decimal("465000"),
        assessed_value=Decimal("465000"),
        modification_date=date(2026, 3, 12),
        ground="additional_works",
    )
    shots = Path(os.environ.get("SROI_SCREENSHOTS", str(tmp_path)))
    page.goto(f"{live_server}/contracten/{REF}")
    page.select_option("#demo-gebruiker", "procurement")
    page.click("text=Wissel")
    panel = page.locator("#sroi-panel-changes")
    panel.locator("#sroi-change-basis").wait_for()
    assert "afgeleid uit de oudste bekende waarde — bevestig of corrigeer" in panel.inner_text()

    panel.get_by_role("link", name="Bevestigen of corrigeren").click()
    page.locator(".sroi-basis-form").wait_for()
    page.fill("#initial_value", "4.200.000")
    page.fill("#award_date", "2024-03-01")
    page.check("#has_indexation_clause")
    page.screenshot(path=str(shots / "basis-form.png"), full_page=True)
    page.get_by_role("button", name="Opslaan").click()
    basis = page.locator("#sroi-change-basis")
    basis.wait_for()
    text = basis.inner_text()
    assert "initiële waarde € 4.200.000 + indexatie € 0 (0,0%) = € 4.200.000" in text
    assert "gunningsdatum 01-03-2024" in text
    assert "afgeleid" not in text

    page.select_option("#demo-gebruiker", "legal_reviewer")
    page.click("text=Wissel")
    page.goto(f"{live_server}/sroi/juridisch/wijzigingen/{change.id}")
    figures = page.locator("#sroi-review-figures")
    figures.wait_for()
    shown = figures.inner_text()
    assert "€ 465.000 = 11,1% van de geïndexeerde initiële waarde" in shown
    assert "€ 630.000" in shown  # 15% of € 4.200.000
    page.screenshot(path=str(shots / "review.png"), full_page=True)
    page.get_by_role("link", name="Terug naar de wachtrij").wait_for()
