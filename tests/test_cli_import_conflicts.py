"""`flask sroi import-portfolio` and fields edited in the plugin: refused without a choice
(exit code 6), or kept / taken for all with --on-conflict."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import revisions_of
from tests.helpers.register_sync import run_with


@pytest.fixture
def export(session: Session, tmp_path: Path) -> str:
    """GEM-1 imported at 12%, set to 2,5% in the clause panel; an export saying 5%."""
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx([row("GEM-1")]))
    return str(path)


def test_a_conflict_without_a_choice_refuses_the_commit(
    app: Flask, session: Session, export: str
) -> None:
    result = app.test_cli_runner().invoke(args=["sroi", "import-portfolio", export])
    assert result.exit_code == 6
    assert "Conflict GEM-1, sr_percentage: in de plugin gewijzigd door Sanne de Vries" in (
        result.stderr
    )
    assert "--on-conflict" in result.stderr
    as_json = app.test_cli_runner().invoke(args=["sroi", "import-portfolio", export, "--json"])
    assert as_json.exit_code == 6
    (conflict,) = json.loads(as_json.stdout)["conflicts"]
    assert (conflict["plugin_value"], conflict["export_value"]) == ("2.50", "5.00")
    assert conflict["choice"] is None
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")


@pytest.mark.parametrize(
    ("choice", "kept", "resolution"),
    [("keep-edit", Decimal("2.50"), "kept_edit"), ("take-export", Decimal("5.00"), "took_export")],
)
def test_on_conflict_chooses_for_all(
    app: Flask, session: Session, export: str, choice: str, kept: Decimal, resolution: str
) -> None:
    result = app.test_cli_runner().invoke(
        args=["sroi", "import-portfolio", export, "--on-conflict", choice]
    )
    assert result.exit_code == 0, result.output
    assert contract(session, "GEM-1").sr_percentage == kept
    assert revisions_of(session, "GEM-1", "sr_percentage")[-1] == ("5.00", resolution)
