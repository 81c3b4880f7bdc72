"""The "Social return — overzicht" panel: fragment and page, amounts, dates, term."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from tests.helpers.web import HTMX
from tests.helpers.web import is_fragment

URL = "/sroi/contracten/GEM-2025-0001/overzicht"


def test_htmx_request_gets_the_fragment(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-overview"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_plain_request_gets_a_full_page_with_a_link_back(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'id="sroi-panel-overview"' in html
    assert 'href="/contracten/GEM-2025-0001"' in html
    assert "Terug naar contract GEM-2025-0001" in html
    assert "Gemeente Voorbeeldstad" in html  # the demo shows full pages in its own chrome


def test_without_a_host_layout_full_pages_use_the_plugins_own(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    app.config["SROI_LAYOUT_TEMPLATE"] = "sroi/layout.html"
    html = client.get(URL).get_data(as_text=True)
    assert '<body class="sroi-page">' in html
    assert "Gemeente Voorbeeldstad" not in html
    assert 'id="sroi-panel-overview"' in html


def test_obligation_dates_and_remaining_term_in_dutch_format(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(
        value_total=Decimal("1234567.00"),
        sr_percentage=Decimal("5"),
        start_date=date(2025, 1, 1),
        end_date=date(2028, 2, 29),
    )
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "€ 61.728" in html  # 5% of € 1.234.567, rounded to whole euros for display
    assert "5% van de projectsom (€ 1.234.567)" in html
    assert "01-01-2025 tot 29-02-2028" in html
    assert "1 jaar en 3 maanden" in html  # 25-11-2026 → 29-02-2028


def test_wage_sum_basis_derived_from_share_says_so(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(
        value_total=Decimal("1000000"),
        wage_share=Decimal("0.6"),
        sr_percentage=Decimal("5"),
        sr_basis="wage_sum",
    )
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "€ 30.000" in html
    assert "Loonsom afgeleid uit contractwaarde × loonaandeel." in html


def test_contract_without_sr_says_so(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(sr_percentage=None, sr_basis=None, sr_form=None, sr_clause_text=None)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Geen social-returnafspraak in dit contract." in html
    assert "Verplichting" not in html


def test_ended_contract(client: FlaskClient, make_contract: Callable[..., Contract]) -> None:
    make_contract(start_date=date(2022, 1, 1), end_date=date(2025, 12, 1))
    assert "Contract afgelopen" in client.get(URL, headers=HTMX).get_data(as_text=True)


def test_ref_matches_trimmed_and_case_insensitively(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="  GEM-2025-0001 ")
    assert client.get("/sroi/contracten/gem-2025-0001/overzicht", headers=HTMX).status_code == 200


def test_unknown_contract_is_a_dutch_404_fragment(client: FlaskClient) -> None:
    """Also when the host has its own 404 page (the demo has): the panel keeps its fragment."""
    response = client.get("/sroi/contracten/ONBEKEND-1/overzicht", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert is_fragment(html)
    assert "Contract &#39;ONBEKEND-1&#39; is (nog) niet bekend" in html


def test_demo_contract_page_embeds_the_panel_placeholder(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = client.get("/contracten/GEM-2025-0001").get_data(as_text=True)
    assert 'hx-get="/sroi/contracten/GEM-2025-0001/overzicht"' in html
    assert 'hx-trigger="load"' in html
    assert '<a href="/sroi/contracten/GEM-2025-0001/overzicht">' in html  # works without JS
    assert "X-CSRFToken" in html


@pytest.mark.parametrize("path", ["/contracten/BESTAAT-NIET", "/sroi/geen-pagina"])
def test_unknown_address_is_a_dutch_page_with_a_way_back(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html
    assert 'href="/contracten"' in html
