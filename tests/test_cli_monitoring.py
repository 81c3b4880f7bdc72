"""``flask sroi import-monitoring REF FILE [--dry-run] [--json]``: exit codes and JSON shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from tests.helpers.monitoring import ATTESTATION_OPTIONS
from tests.helpers.monitoring import filled

REF = "GEM-2025-0001"


def _run(app: Flask, *args: str) -> Any:
    """The command with the contractor's declaration, as every real import carries it."""
    return app.test_cli_runner().invoke(
        args=["sroi", "import-monitoring", *args, *ATTESTATION_OPTIONS]
    )


def _write(tmp_path: Path, data: bytes, name: str = "q3.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _count(app: Flask, model: Any) -> int:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _bsn_column(sheet: Any, row: int) -> None:
    sheet.cell(row=row, column=7, value="Opmerking")
    sheet.cell(row=row + 1, column=7, value="111222333")


@pytest.fixture
def contract(make_contract: Callable[..., Contract]) -> Contract:
    return make_contract(REF)


@pytest.mark.usefixtures("contract")
def test_import_commits_and_prints_the_json_shape(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, filled()), "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload == {
        "contract": REF,
        "period": {"start": "2026-07-01", "end": "2026-09-30"},
        "rows": 2,
        "totals": {"persons": 6, "hours": "1526.5", "jobs": "3.96", "value_eur": "46234.50"},
        "rejected": False,
        "reasons": [],
        "attestation": {"name": "J. Jansen", "function": "directeur", "on": "2026-10-15"},
        "committed": True,
        "conflict": False,
    }
    assert _count(app, MonitoringReport) == 1
    with app.app_context():
        line = app.extensions["sroi"].db.session.scalars(select(MonitoringUpload)).one()
        assert line.channel == "cli" and line.by_id.startswith("cli:")


@pytest.mark.usefixtures("contract")
def test_a_period_recorded_meanwhile_exits_5_and_says_so(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sroi_plugin.monitoring import importer

    assert _run(app, REF, _write(tmp_path, filled())).exit_code == 0
    # another confirm recorded the period after this run's check (simulated: it saw none)
    monkeypatch.setattr(importer, "_current_reports", lambda _session, _contract_id: [])
    result = _run(app, REF, _write(tmp_path, filled()))
    assert result.exit_code == 5, result.output
    assert "Deze rapportage is al vastgelegd" in result.output
    assert _count(app, MonitoringReport) == 1


@pytest.mark.usefixtures("contract")
def test_dry_run_commits_nothing(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, filled()), "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["committed"] is False
    assert _count(app, MonitoringReport) == 0
    assert _count(app, MonitoringUpload) == 0


@pytest.mark.usefixtures("contract")
def test_human_output_is_dutch(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, filled()), "--dry-run")
    assert result.exit_code == 0
    assert "Periode: 01-07-2026 t/m 30-09-2026" in result.output
    assert "2 regels: 6 personen, 1526,5 verloonde uren, 3,96 banen" in result.output
    assert "Proefrun: in orde, er is niets vastgelegd." in result.output


@pytest.mark.usefixtures("contract")
def test_unreadable_file_exits_2(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, b"a;b\n1;2\n", "q3.csv"), "--json")
    assert result.exit_code == 2
    payload = json.loads(result.output)
    assert payload["rejected"] is True and payload["committed"] is False
    assert payload["totals"] is None and payload["period"] == {"start": None, "end": None}
    assert "geen Excel-bestand" in payload["reasons"][0]


def test_unknown_contract_exits_2(app: Flask, tmp_path: Path) -> None:
    result = _run(app, "ONBEKEND-1", _write(tmp_path, filled()), "--json")
    assert result.exit_code == 2
    assert "niet bekend" in json.loads(result.output)["reasons"][0]


@pytest.mark.usefixtures("contract")
def test_invalid_rows_exit_3_and_name_row_and_field(app: Flask, tmp_path: Path) -> None:
    rows = [["Statushouders", "Zwemles", 2, 10, 100]]
    result = _run(app, REF, _write(tmp_path, filled(rows=rows)), "--json")
    assert result.exit_code == 3
    payload = json.loads(result.output)
    assert payload["rejected"] is True and payload["committed"] is False
    assert payload["reasons"][0].startswith("Rij 15: Soort plaatsing: 'Zwemles' is onbekend")
    assert _count(app, MonitoringReport) == 0


@pytest.mark.usefixtures("contract")
def test_personal_data_exits_4_and_keeps_only_the_refusal(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, filled(edit=_bsn_column)), "--json")
    assert result.exit_code == 4
    payload = json.loads(result.output)
    assert payload["rejected"] is True and payload["rows"] == 0 and payload["totals"] is None
    assert "burgerservicenummer" in payload["reasons"][0]
    assert "111222333" not in result.output
    assert _count(app, MonitoringReport) == 0
    with app.app_context():
        line = app.extensions["sroi"].db.session.scalars(select(MonitoringUpload)).one()
        assert line.outcome == "geweigerd_persoonsgegevens" and line.file_name is None


@pytest.mark.usefixtures("contract")
def test_personal_data_with_dry_run_exits_4_and_records_nothing(app: Flask, tmp_path: Path) -> None:
    result = _run(app, REF, _write(tmp_path, filled(edit=_bsn_column)), "--dry-run")
    assert result.exit_code == 4
    assert "Niet ingelezen: er is niets vastgelegd." in result.output
    assert _count(app, MonitoringUpload) == 0
