"""A real browser: procurement checks a draft tender (sees a finding), saves it, and starts a
partnership on route 2A from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser


def test_procurement_checks_saves_and_starts_a_partnership_from_a_tender(
    live_server: str, page: Any, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server}/contracten")
    page.select_option("#demo-gebruiker", "procurement")
    page.click("text=Wissel")
    page.get_by_role("link", name="Geplande aanbestedingen").click()
    page.get_by_role("link", name="Aanbesteding toevoegen").click()

    page.get_by_label("Titel").fill("Groenonderhoud wijken 2027")
    page.get_by_label("Inkoopcategorie").fill("groenvoorziening")
    page.get_by_label("Soort opdracht").select_option("services")
    page.get_by_label("Geraamde waarde (excl. btw)").fill("150.000")
    page.get_by_label("Looptijd").fill("4 maanden")
    page.get_by_label("Percentage social return").fill("5")
    page.get_by_label("Grondslag").select_option("project_sum")
    page.get_by_label("Concepttekst social return").fill(
        "Opdrachtnemer besteedt 5% van de projectsom aan social return."
    )
    page.get_by_role("button", name="Controleren").click()

    short = page.locator('[data-code="SR_SHORT_DURATION"]')
    short.wait_for()
    assert "kortlopende opdracht" in short.inner_text()
    assert page.locator('[data-code="SR_ROUTE_PRIVATE"]').is_visible()
    assert page.get_by_label("Looptijd").input_value() == "4 maanden"

    page.get_by_label("Looptijd").fill("2 jaar")
    page.get_by_role("button", name="Opslaan").click()
    page.locator("#sroi-tender").wait_for()
    tender_url = page.url
    assert "24 maanden" in page.inner_text("#sroi-tender")
    assert page.locator('[data-code="SR_SHORT_DURATION"]').count() == 0

    page.get_by_role("link", name="Partnership starten (route 2A)").click()
    assert page.get_by_label("Naam").input_value() == "Partnership Groenonderhoud wijken 2027"
    assert page.get_by_label("Route 2A — via een nieuwe aanbesteding").is_checked()
    assert page.get_by_label("Geplande aanbesteding (route 2A)").input_value() == (
        "Groenonderhoud wijken 2027"
    )
    page.get_by_role("button", name="Partnership starten").click()
    # the starter lands on the partnership when they may see it, else back on the tender
    page.locator("#sroi-partnership, #sroi-tender").first.wait_for()
    page.goto(tender_url)
    started = page.get_by_role("link", name="Partnership Groenonderhoud wijken 2027")
    assert started.is_visible()
    assert errors == []
