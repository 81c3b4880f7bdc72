"""Reporting periods inside the contract term, and reports stored with an absurd period.

A period partly outside the term is refused by the template form, the upload and the command
line with one Dutch message naming the term (``rules.monitoring.report_period_problem``). A
report stored before that check (seeded here with the ORM) shows as "ongeldige periode", counts
nowhere, blocks no later report, and a contract manager can withdraw it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.monitoring.figures import dashboard
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import default_monitoring_settings
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import ATTESTATION_OPTIONS
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import Line
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import quarter
from tests.helpers.monitoring import seed_report
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"
TEMPLATE = f"{URL}/sjabloon.xlsx"
#: the default contract's term (tests/conftest.py)
TERM = "01-01-2025 t/m 31-12-2028"
LINES: list[Line] = [("doelgroepregister", "dienstverband", 4, "1326", "45000")]
ABSURD = Period(date(2026, 10, 1), date(9999, 12, 31))


def _seed(app: Flask, period: Period, lines: list[Line] = LINES) -> int:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == REF)).one()
        return seed_report(session, contract_id, period, lines).id


def _upload(client: FlaskClient, data: bytes) -> Any:
    return client.post(
        f"{URL}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(data), "r.xlsx")},
        headers=HTMX,
        content_type="multipart/form-data",
    )


def _confirm(client: FlaskClient, preview_html: str) -> Any:
    match = re.search(r'action="([^"]+/bevestigen)"', preview_html)
    assert match, "preview offers no confirmation"
    return client.post(
        match.group(1), data={"csrf_token": csrf_token_of(client), **ATTESTATION}, headers=HTMX
    )


def _withdraw_url(report_id: int) -> str:
    return f"{URL}/rapportages/{report_id}/intrekken"


# --- the template form ---------------------------------------------------------------------------


def test_template_for_a_period_partly_outside_the_term_is_refused_naming_the_term(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.get(f"{TEMPLATE}?start=2028-10-01&end=2029-03-31")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"valt (deels) buiten de looptijd van het contract ({TERM})" in html
    assert 'value="2029-03-31"' in html  # what was typed stays


def test_template_up_to_the_last_plausible_year_is_refused_for_an_open_ended_contract(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(end_date=None)
    response = client.get(f"{TEMPLATE}?start=01-10-2026&end=31-12-2199")
    assert response.status_code == 422
    assert "kies een periode tussen 01-01-2000 en 25-11-2036" in response.get_data(as_text=True)


# --- the upload and the command line -------------------------------------------------------------


def test_upload_for_a_period_partly_outside_the_term_is_refused(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    preview = _upload(client, filled(period=Period(date(2028, 10, 1), date(2029, 3, 31))))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 422
    assert f"buiten de looptijd van het contract ({TERM})" in html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.scalars(select(MonitoringReport)).all() == []


def test_cli_refuses_a_period_partly_outside_the_term(
    app: Flask, tmp_path: Path, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    path = tmp_path / "r.xlsx"
    path.write_bytes(filled(period=Period(date(2024, 10, 1), date(2025, 3, 31))))
    result = app.test_cli_runner().invoke(
        args=["sroi", "import-monitoring", REF, str(path), *ATTESTATION_OPTIONS]
    )
    assert result.exit_code == 3
    assert "valt (deels) buiten de looptijd van het contract" in result.output


# --- a report stored with an absurd period -------------------------------------------------------


def test_stored_report_with_an_absurd_period_shows_as_invalid_and_counts_nowhere(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(app, Q3_2026, [("statushouders", "werkervaringsplaats", 2, "200.5", "1234.50")])
    _seed(app, ABSURD)
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ongeldige periode" in html
    assert "01-10-2026 t/m 31-12-9999" in html
    assert "Rapportage intrekken" in html
    # only the valid quarter counts: 200,5 hours, not 200,5 + 1326
    assert "1.526,5" not in html and "1526,5" not in html
    assert "gemiddeld over 1 periode" in html


def test_every_role_that_reads_the_panel_still_gets_it(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    _seed(app, ABSURD)
    for role in ("viewer", "procurement", "legal_reviewer", "contract_manager", "admin"):
        login(role)
        response = client.get(URL, headers=HTMX)
        assert response.status_code == 200, role
        assert ("Rapportage intrekken" in response.get_data(as_text=True)) is (
            role in ("contract_manager", "admin")
        )


def test_a_stored_absurd_report_does_not_block_the_next_report(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(app, ABSURD)
    preview = _upload(client, filled(period=quarter(2026, 4)))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert "overlapt" not in html
    assert _confirm(client, html).status_code == 200


def test_contract_manager_withdraws_the_absurd_report_and_the_trail_says_who(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    report_id = _seed(app, ABSURD)
    login("contract_manager")
    response = client.post(_withdraw_url(report_id), data={"csrf_token": csrf_token_of(client)})
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "De rapportage met de ongeldige periode is ingetrokken." in html
    assert "Rapportage intrekken" not in html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        report = session.get(MonitoringReport, report_id)
        assert report is not None and report.replaced_at is not None
        assert report.replaced_by_id is None
        line = session.scalars(
            select(MonitoringUpload).where(MonitoringUpload.outcome == "ingetrokken")
        ).one()
        assert line.report_id == report_id and line.by_name and line.at is not None
        assert "01-10-2026 t/m 31-12-9999" in line.note
    assert "ingetrokken: rapportage" in html


def test_withdrawal_needs_the_csrf_token_the_role_and_an_invalid_period(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    absurd = _seed(app, ABSURD)
    valid = _seed(app, Q3_2026)
    login("contract_manager")
    assert client.post(_withdraw_url(absurd)).status_code in (400, 403)
    assert client.get(_withdraw_url(absurd)).status_code == 405
    refused = client.post(_withdraw_url(valid), data={"csrf_token": csrf_token_of(client)})
    assert refused.status_code == 422
    assert "Alleen een rapportage met een ongeldige periode" in refused.get_data(as_text=True)
    assert client.post(
        _withdraw_url(999999), data={"csrf_token": csrf_token_of(client)}
    ).status_code == 404
    login("viewer")
    token = csrf_token_of(client)
    assert client.post(_withdraw_url(absurd), data={"csrf_token": token}).status_code == 403
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert sorted(
            session.scalars(
                select(MonitoringReport.id).where(MonitoringReport.replaced_at.is_(None))
            ).all()
        ) == sorted([absurd, valid])


def test_chart_copes_with_a_term_ending_on_the_calendars_last_day(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(end_date=date(9999, 12, 31))
    _seed(app, Q3_2026)
    response = client.get(URL, headers=HTMX)
    assert response.status_code == 200
    assert "<svg" in response.get_data(as_text=True)


def test_dashboard_leaves_a_stored_absurd_report_out(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(app, Q3_2026)
    _seed(app, ABSURD)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        figures = dashboard(session, default_monitoring_settings(), date(2026, 11, 25))
    line = next(line for line in figures.contracts if line.ref == REF)
    assert line.reported_periods == 1
    assert line.last_period == Q3_2026
    assert client.get("/sroi/monitoring/dashboard").status_code == 200
