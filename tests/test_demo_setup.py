"""`flask --app sroi_plugin.demo demo-setup`, as `make demo` runs it on a fresh machine.

Always on its own SQLite file: the demo's default database, built by the migrations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.db import current_session
from sroi_plugin.demo import create_app
from sroi_plugin.demo.monitoring_seed import DEMO_REPORTS
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from tests.helpers.web import HTMX


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
    assert "Demo klaar (36 contracten toegevoegd)." in first.output
    second = runner.invoke(args=["demo-setup"])
    assert second.exit_code == 0, second.output
    assert second.output.strip() == "Demo klaar."
    with demo_app.app_context():
        assert _count(Contract) == 36
        assert _count(MonitoringReport) == len(DEMO_REPORTS)


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
