"""The portfolio dashboard: totals against a seeded fixture, small numbers, export, access."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import select

from sroi_plugin.errors import ConfigError
from sroi_plugin.models import Contract
from sroi_plugin.rules.monitoring import Period
from tests.helpers.monitoring import Line
from tests.helpers.monitoring import quarter
from tests.helpers.monitoring import seed_report
from tests.helpers.web import HTMX
from tests.helpers.web import is_fragment

URL = "/sroi/monitoring/dashboard"
EXPORT = "/sroi/monitoring/dashboard.xlsx"


def _seed(app: Flask, ref: str, period: Period, lines: list[Line]) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == ref)).one()
        seed_report(session, contract_id, period, lines)


@pytest.fixture
def portfolio(app: Flask, make_contract: Callable[..., Contract]) -> None:
    """Three contracts with social return and one without; reports in 2026.

    A: schoonmaak / Facilitaire Zaken / Schoon BV, € 1.000.000 × 5% = € 50.000;
       Q2 2026: 10 persons, € 20.000; Q3 2026: register 1.326 h, 4 persons, € 10.000.
    B: groen / Openbare Ruimte / Groen BV, € 400.000 × 5% = € 20.000; Q3 2026: 2 persons, € 3.000.
    C: ICT / Facilitaire Zaken / Schoon BV, € 200.000 × 5% = € 10.000; never reported.
    D: no social return, no reports: not on the dashboard.
    """
    make_contract(
        "A-1",
        category="schoonmaak",
        department="Facilitaire Zaken",
        supplier_name="Schoon BV",
        value_total=Decimal("1000000"),
    )
    make_contract(
        "B-1",
        category="groen",
        department="Openbare Ruimte",
        supplier_name="Groen BV",
        value_total=Decimal("400000"),
    )
    make_contract(
        "C-1",
        category="ict",
        department="Facilitaire Zaken",
        supplier_name="Schoon BV",
        value_total=Decimal("200000"),
    )
    make_contract("D-1", sr_percentage=None, sr_basis=None, category="ict")
    _seed(app, "A-1", quarter(2026, 2), [("statushouders", "dienstverband", 10, "2000", "20000")])
    _seed(
        app, "A-1", quarter(2026, 3), [("doelgroepregister", "dienstverband", 4, "1326", "10000")]
    )
    _seed(
        app,
        "B-1",
        quarter(2026, 3),
        [("ex_gedetineerden", "werkervaringsplaats", 2, "100", "3000")],
    )


def _row(html: str, table_id: str, name: str) -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    start = table.index(f'<th scope="row"><bdi>{name}</bdi></th>')
    return table[start : table.index("</tr>", start)]


@pytest.mark.usefixtures("portfolio")
def test_totals_against_the_fixture(client: FlaskClient) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert is_fragment(html) and 'id="sroi-panel-dashboard"' in html
    assert '<strong class="sroi-figure-value">€ 80.000</strong>' in html  # 50 + 20 + 10
    assert 'id="sroi-dashboard-realised">€ 33.000<' in html
    assert "41% van de verplichting" in html
    # persons of each contract's latest period: A 4 (Q3), B 2; A's 10 of Q2 are not added
    assert 'id="sroi-dashboard-persons">6<' in html
    # A: 1326 register hours over Q2+Q3 (183 days) at 25,5 h/week → 1,99 jobs
    assert 'id="sroi-dashboard-jobs">1,99<' in html
    assert "3 contracten" in html  # D has no social return and no reports


@pytest.mark.usefixtures("portfolio")
def test_totals_by_category_department_and_contractor(client: FlaskClient) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    facilitair = _row(html, "sroi-dashboard-department", "Facilitaire Zaken")
    assert ">2<" in facilitair and "€ 60.000" in facilitair and "€ 30.000" in facilitair
    assert "50%" in facilitair and ">4<" in facilitair and "1,99" in facilitair
    schoon = _row(html, "sroi-dashboard-supplier", "Schoon BV")
    assert "€ 60.000" in schoon and "€ 30.000" in schoon
    groen = _row(html, "sroi-dashboard-category", "groen")
    assert "€ 20.000" in groen and "€ 3.000" in groen and "15%" in groen


@pytest.mark.usefixtures("portfolio")
def test_small_numbers_are_suppressed_on_the_dashboard(client: FlaskClient) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    groen = _row(html, "sroi-dashboard-category", "groen")
    assert "&lt; 3" in groen and ">2<" not in groen
    ict = _row(html, "sroi-dashboard-category", "ict")
    assert ">0<" in ict  # nothing reported: 0 identifies no one


@pytest.mark.usefixtures("portfolio")
def test_contracts_without_a_report_in_the_last_two_quarters(client: FlaskClient) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    missing = html[html.index('id="sroi-dashboard-missing"') :]
    missing = missing[: missing.index("</ul>")]
    assert "C-1" in missing and "nog nooit gerapporteerd" in missing
    assert "A-1" not in missing and "B-1" not in missing
    assert "01-04-2026 t/m 30-09-2026" in html


def test_a_contract_whose_last_report_is_older_is_listed(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract("E-1")
    _seed(app, "E-1", quarter(2025, 4), [("statushouders", "dienstverband", 5, "500", "5000")])
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "laatste rapportage over 01-10-2025 t/m 31-12-2025" in html


def test_a_contract_ended_before_the_window_is_not_listed(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract("F-1", start_date=date(2023, 1, 1), end_date=date(2025, 12, 31))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Alle lopende contracten met social return hebben gerapporteerd." in html


@pytest.mark.usefixtures("portfolio")
def test_jobs_against_the_organisation_target(app: Flask, client: FlaskClient) -> None:
    assert "geen organisatiedoel ingesteld" in client.get(URL, headers=HTMX).get_data(as_text=True)
    app.config["SROI_BANENAFSPRAAK_TARGET_JOBS"] = 4
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "doel 4 banen" in html
    assert 'id="sroi-dashboard-target-bar" max="100" value="50"' in html


@pytest.mark.usefixtures("portfolio")
def test_export_is_formula_safe_and_suppresses_small_numbers(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract("=cmd|' /C calc'!A0", category='=HYPERLINK("http://x")')
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert "sroi-dashboard-2026-11-25.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    totals = {row[0]: row[1] for row in workbook["Totaal"].iter_rows(min_row=2, values_only=True)}
    assert totals["Verplichting (€)"] == 140000  # 80.000 + the new contract's 60.000
    assert totals["Gerealiseerd (€)"] == 33000
    by_category = {
        row[0]: row for row in workbook["Per categorie"].iter_rows(min_row=2, values_only=True)
    }
    assert by_category["groen"][5] == "< 3"
    assert by_category["schoonmaak"][5] == 4
    assert '\'=HYPERLINK("http://x")' in by_category
    contracts = [row[0] for row in workbook["Contracten"].iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in contracts
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_plain_request_gets_a_full_page(client: FlaskClient) -> None:
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert "Social return — portfoliodashboard" in html


@pytest.mark.parametrize("bad", [-1, "veel", True])
def test_a_bad_target_fails_at_start_up(database_url: str, bad: object) -> None:
    from sroi_plugin.demo import create_app

    with pytest.raises(ConfigError, match="SROI_BANENAFSPRAAK_TARGET_JOBS"):
        create_app(
            {
                "SECRET_KEY": "x",
                "SQLALCHEMY_DATABASE_URI": database_url,
                "SROI_BANENAFSPRAAK_TARGET_JOBS": bad,
            }
        )
