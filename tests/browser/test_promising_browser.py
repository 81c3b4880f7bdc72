"""The working group picks a top 3 of contractors on "Kansrijke opdrachtnemers" in a real
browser: a contractor with several modest contracts ranks above one large contract, is marked,
and its contracts show it in the tab "Per contract"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser

GREEN = {"supplier_name": "Groen & Co", "supplier_kvk": "23456789"}


def _portfolio(make_contract: Callable[..., Contract]) -> None:
    """Schoon & Sociaal has one large cleaning contract (11 points); Groen & Co has two modest
    green-maintenance contracts (8 points each, 16 together)."""
    make_contract(ref="GEM-A", category="schoonmaak", value_annual=Decimal("300000"))
    for ref in ("GEM-B", "GEM-C"):
        make_contract(
            ref=ref,
            category="groenvoorziening",
            department="Openbare Ruimte",
            value_total=Decimal("240000"),
            value_annual=Decimal("60000"),
            start_date=date(2025, 1, 1),
            **GREEN,
        )


def test_a_contractor_with_several_contracts_goes_into_the_top_3(
    live_server: str, page: Any, make_contract: Callable[..., Contract]
) -> None:
    _portfolio(make_contract)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server}/sroi/kansrijk")
    assert page.locator("#sroi-promising-title").inner_text() == "Kansrijke opdrachtnemers"
    contractors = page.locator("#sroi-panel-promising tbody.sroi-contractor")
    assert contractors.count() == 2
    first = contractors.first
    assert "Groen & Co" in first.locator(".sroi-contractor-row").inner_text()
    assert first.locator(".sroi-score strong").first.inner_text() == "16"
    assert first.locator("tr.sroi-contractor-contract").count() == 2  # its contracts beneath
    assert "Schoon & Sociaal" in contractors.nth(1).inner_text()

    first.locator("button:has-text('In top 3')").click()
    top = page.locator("#sroi-top3")
    top.locator("li").first.wait_for()
    assert "Groen & Co" in top.inner_text()
    assert "KvK 23456789" in top.inner_text()
    assert "gekozen door Sanne de Vries" in top.inner_text()
    assert "Opdrachtnemer Groen & Co staat nu in de top 3." in page.inner_text(
        "#sroi-panel-promising"
    )
    first = page.locator("#sroi-panel-promising tbody.sroi-contractor").first
    assert "sroi-marked" in (first.get_attribute("class") or "")

    page.click("nav.sroi-tabs a:has-text('Per contract')")
    page.wait_for_url("**/sroi/kansrijk?weergave=contracten")
    rows = page.locator("#sroi-panel-promising tbody tr")
    assert rows.count() == 3
    for ref in ("GEM-B", "GEM-C"):
        row = page.locator(f'#sroi-panel-promising tr[data-ref="{ref}"]')
        assert "Opdrachtnemer in top 3" in row.inner_text()
    assert errors == []
    assert page.dialogs == []


def test_the_filters_keep_the_tab_and_the_top_3_is_chosen_per_contract(
    live_server: str, page: Any, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-A", category="schoonmaak", value_annual=Decimal("300000"))
    make_contract(
        ref="GEM-B",
        category="ICT",
        department="Informatievoorziening",
        supplier_name="ICT Partners",
        supplier_kvk="87654321",
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server}/sroi/kansrijk?weergave=contracten")
    rows = page.locator("#sroi-panel-promising tbody tr")
    assert rows.count() == 2
    page.select_option("#sroi-filter-categorie", "ICT")
    page.wait_for_url("**/sroi/kansrijk?*categorie=ICT*")
    assert "weergave=contracten" in page.url
    assert rows.count() == 1
    assert "GEM-B" in rows.first.inner_text()
    page.click("#sroi-panel-promising tbody button:has-text('Opdrachtnemer in top 3')")
    top = page.locator("#sroi-top3")
    top.locator("li").first.wait_for()
    assert "ICT Partners" in top.inner_text()
    assert "Opdrachtnemer ICT Partners staat nu in de top 3." in page.inner_text(
        "#sroi-panel-promising"
    )
    assert page.locator("#sroi-filter-categorie").input_value() == "ICT"  # filter kept
    assert page.locator("nav.sroi-tabs a[aria-current='page']").inner_text() == "Per contract"
    assert errors == []
    assert page.dialogs == []
