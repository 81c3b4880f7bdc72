"""`flask --app sroi_plugin.demo demo-setup`, as `make demo` runs it on a fresh machine.

Always on its own SQLite file: the demo's default database, built by the migrations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.db import current_session
from sroi_plugin.demo import create_app
from sroi_plugin.demo.monitoring_seed import DEMO_REPORTS
from sroi_plugin.demo.workflow_seed import EXTRA_CONTRACTS
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.models import Partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

#: the fixture register plus the extra contracts of one contractor
DEMO_CONTRACTS = 36 + len(EXTRA_CONTRACTS)


@pytest.fixture
def demo_app(tmp_path: Path) -> Flask:
    app = create_app(
        {
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'demo.sqlite'}",
            "SROI_TODAY": "2026-11-25",
        }
    )
    app.instance_path = str(tmp_path / "instance")
    return app


def _count(model: type) -> int:
    return current_session().scalar(select(func.count()).select_from(model)) or 0


def test_demo_setup_seeds_once(demo_app: Flask) -> None:
    runner = demo_app.test_cli_runner()
    first = runner.invoke(args=["demo-setup"])
    assert first.exit_code == 0, first.output
    assert f"Demo klaar ({DEMO_CONTRACTS} contracten toegevoegd)." in first.output
    second = runner.invoke(args=["demo-setup"])
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "Demo klaar."
    with demo_app.app_context():
        assert _count(Contract) == DEMO_CONTRACTS
        assert _count(MonitoringReport) == len(DEMO_REPORTS)
        assert _count(Partnership) == 1
        assert _count(Modification) == 2


def test_demo_reports_come_through_the_importer(demo_app: Flask) -> None:
    """Each demo report is an upload in the audit trail, as a real one would be."""
    assert demo_app.test_cli_runner().invoke(args=["demo-setup"]).exit_code == 0
    with demo_app.app_context():
        uploads = current_session().scalars(select(MonitoringUpload)).all()
    assert len(uploads) == len(DEMO_REPORTS)
    assert {upload.outcome for upload in uploads} == {"vastgelegd"}
    assert {upload.channel for upload in uploads} == {"demo"}


def test_demo_dashboard_and_panel_show_reported_work(demo_app: Flask) -> None:
    assert demo_app.test_cli_runner().invoke(args=["demo-setup"]).exit_code == 0
    client = demo_app.test_client()
    dashboard = client.get("/sroi/monitoring/dashboard").get_data(as_text=True)
    # the steady reporter is absent from "no report in two quarters", the one that stopped is in
    lapsed = dashboard.split("Zonder rapportage", 1)[1].split("Per inkoopcategorie", 1)[0]
    assert "GEM-2022-0166" in lapsed
    assert "GEM-2023-0147" not in lapsed
    panel = client.get(
        "/sroi/contracten/GEM-2023-0147/monitoring", headers=HTMX
    ).get_data(as_text=True)
    assert "01-07-2026 t/m 30-09-2026" in panel
    assert "(demodata)" in panel


def _as(demo_app: Flask, user: str) -> FlaskClient:
    """A client of the seeded demo acting as the demo user ``user`` (the switcher)."""
    assert demo_app.test_cli_runner().invoke(args=["demo-setup"]).exit_code == 0
    client = demo_app.test_client()
    response = client.post(
        "/demo/gebruiker",
        data={"csrf_token": csrf_token_of(client), "gebruiker": user, "terug": "/"},
    )
    assert response.status_code == 302
    return client


def test_demo_legal_queue_shows_a_waiting_change_and_a_notice_due(demo_app: Flask) -> None:
    page = _as(demo_app, "legal_reviewer").get("/sroi/juridisch/wachtrij").get_data(as_text=True)
    notices, queue = page.split("Aankondiging te publiceren", 1)[1].split("1 wijziging", 1)
    # allowed with a notice under 2.163d three weeks before today (25-11-2026), 30 days to publish
    assert "GEM-2023-0147" in notices
    assert "uiterlijk 04-12-2026" in notices
    assert "Extra glasbewassing en dieptereiniging na de verbouwing" in queue
    assert "€ 504.000" in queue  # 12% of the contract's € 4.200.000
    assert "Nog geen besluit" in queue


def test_demo_coordinator_has_tasks_and_an_action(demo_app: Flask) -> None:
    page = _as(demo_app, "sr_coordinator").get("/sroi/mijn-taken").get_data(as_text=True)
    assert "in geen enkele partnership" not in page
    current = page.split("Taken in de huidige stap", 1)[1].split("Taken in andere stappen", 1)[0]
    assert "Partnership Frisweg Schoonmaakdiensten B.V." in current
    assert "Social return co" in current  # her Bijlage II column
    assert "Werkfit-trajecten van het WSP opvragen" in page.split("Actiepunten", 1)[1]


def test_demo_progress_meeting_is_planned_on_a_working_day_ahead(demo_app: Flask) -> None:
    page = _as(demo_app, "contract_manager").get("/sroi/partnerships").get_data(as_text=True)
    # three weeks after wo 25-11-2026
    assert "Partnership Frisweg Schoonmaakdiensten B.V." in page
    assert "16-12-2026" in page


def test_demo_partnership_works_on_the_demo_tender(demo_app: Flask) -> None:
    client = _as(demo_app, "contract_manager")
    tender = client.get("/sroi/aanbestedingen/1").get_data(as_text=True)
    started = tender.split("Partnerships vanuit deze aanbesteding", 1)[1]
    assert "Partnership Frisweg Schoonmaakdiensten B.V." in started
    detail = client.get("/sroi/partnerships/1").get_data(as_text=True)
    assert "Alleen mensen uit het doelgroepregister (banenafspraak)" in detail


def test_demo_contractor_with_several_contracts_ranks_first(demo_app: Flask) -> None:
    page = _as(demo_app, "sr_coordinator").get("/sroi/kansrijk").get_data(as_text=True)
    body = page.split("hoogste score eerst", 1)[1].split("<tbody", 1)[1]
    first = body.split("</tr>", 1)[0]
    assert "Frisweg Schoonmaakdiensten B.V." in first
    assert "4 actieve contracten" in first
