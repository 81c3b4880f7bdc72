"""``flask sroi import-monitoring``: a contractor's report with personal data exits 4 with the
usual JSON shape, whatever its layout, and never prints a personal value."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from tests.helpers.contractor_reports import PERSONAL_VALUES
from tests.helpers.contractor_reports import WITH_PERSONAL_DATA

REF = "GEM-2025-0001"


@pytest.fixture
def contract(make_contract: Callable[..., Contract]) -> Contract:
    return make_contract(REF)


@pytest.mark.usefixtures("contract")
@pytest.mark.parametrize("name", sorted(WITH_PERSONAL_DATA))
def test_personal_data_in_any_layout_exits_4_with_the_json_shape(
    app: Flask, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "rapportage.xlsx"
    path.write_bytes(WITH_PERSONAL_DATA[name]())
    result = app.test_cli_runner().invoke(
        args=["sroi", "import-monitoring", REF, str(path), "--dry-run", "--json"]
    )
    assert result.exit_code == 4, result.output
    payload = json.loads(result.output)
    assert {"contract", "period", "rows", "totals", "rejected", "reasons", "committed"} <= set(
        payload
    )
    assert payload["contract"] == REF
    assert payload["period"] == {"start": None, "end": None}
    assert (payload["rows"], payload["totals"]) == (0, None)
    assert payload["rejected"] is True and payload["committed"] is False
    assert payload["reasons"][0].startswith("Werkblad '")
    assert any("per doelgroep en soort plaatsing" in line for line in payload["reasons"])
    assert [value for value in PERSONAL_VALUES if value in result.output] == []
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.scalar(select(func.count()).select_from(MonitoringReport)) == 0
