"""A real browser opens a demo contract page and sees the SROI panel load through htmx."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser


def test_overview_panel_loads_into_the_contract_page(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref="GEM-2025-0001", value_total=Decimal("2400000"), sr_percentage=Decimal("5"))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    panel = page.locator("#sroi-panel-overview")
    panel.wait_for()
    assert "Social return — overzicht" in panel.inner_text()
    assert "€ 120.000" in panel.inner_text()
    assert "5% van de projectsom (€ 2.400.000)" in panel.inner_text()
    # the placeholder link is gone: htmx swapped the panel in, not a full page
    assert page.locator("#sroi-slot-overview > a").count() == 0
    assert page.locator("html").count() == 1
    page.screenshot(path=str(tmp_path / "contract-page.png"), full_page=True)
    assert (tmp_path / "contract-page.png").stat().st_size > 10_000
    assert errors == []
    assert page.dialogs == []


def test_role_switch_to_anonymous_shows_dutch_denial_in_the_panel(
    live_server: str, page: Any, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-2025-0001")
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    page.locator("#sroi-panel-overview").wait_for()
    page.select_option("#demo-gebruiker", "anonymous")
    page.click("text=Wissel")
    error = page.locator("#sroi-slot-overview .sroi-error")
    error.wait_for()
    assert "U bent niet aangemeld" in error.inner_text()
    assert "Contractgegevens" in page.inner_text("body")  # the host page itself stays
