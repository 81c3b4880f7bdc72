"""``flask sroi import-monitoring`` with contractors' own layouts and ``--period BEGIN EIND``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sroi_plugin.models import Contract
from tests.helpers.contractor_layouts import CORPUS
from tests.helpers.contractor_layouts import EXPECTED
from tests.helpers.contractor_layouts import Layout
from tests.helpers.contractor_layouts import write

REF = "GEM-2025-0001"
NO_PERIOD = Layout(
    "no period",
    "Blad1",
    [["Verantwoording social return"]],
    ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten"],
    [list(row) for row in EXPECTED],
)


def _run(app: Flask, tmp_path: Path, layout: Layout, *options: str) -> Any:
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(write(layout))
    return app.test_cli_runner().invoke(
        args=["sroi", "import-monitoring", REF, str(path), "--dry-run", *options]
    )


@pytest.fixture(autouse=True)
def contract(make_contract: Callable[..., Contract]) -> Contract:
    return make_contract(REF)


def test_period_given_on_the_command_line_for_a_file_without_one(
    app: Flask, tmp_path: Path
) -> None:
    result = _run(app, tmp_path, NO_PERIOD, "--json", "--period", "01-01-2025", "30-06-2025")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["period"] == {"start": "2025-01-01", "end": "2025-06-30"}
    assert payload["totals"]["persons"] == 6


def test_without_a_period_the_command_asks_for_period(app: Flask, tmp_path: Path) -> None:
    result = _run(app, tmp_path, NO_PERIOD, "--json")
    assert result.exit_code == 3
    assert any("--period BEGIN EIND" in r for r in json.loads(result.output)["reasons"])


def test_a_period_that_differs_from_the_file_is_refused(app: Flask, tmp_path: Path) -> None:
    result = _run(app, tmp_path, CORPUS[0], "--json", "--period", "01-01-2025", "31-03-2025")
    assert result.exit_code == 3
    assert json.loads(result.output)["reasons"] == [
        "De periode in het bestand (01-01-2025 t/m 30-06-2025) verschilt van de opgegeven "
        "periode (01-01-2025 t/m 31-03-2025). Geef de periode van het bestand op, of laat de "
        "periode leeg."
    ]


@pytest.mark.parametrize(
    ("dates", "says"),
    [
        (("1-1-2025", "morgen"), "--period EIND: 'morgen' is geen geldige datum"),
        (("30-06-2025", "01-01-2025"), "de einddatum ligt vóór de begindatum"),
    ],
)
def test_an_unreadable_period_option_is_a_usage_error(
    app: Flask, tmp_path: Path, dates: tuple[str, str], says: str
) -> None:
    result = _run(app, tmp_path, NO_PERIOD, "--period", *dates)
    assert result.exit_code == 2
    assert says in result.output


def test_a_layout_whose_columns_are_not_recognised_exits_2(app: Flask, tmp_path: Path) -> None:
    layout = next(layout for layout in CORPUS if layout.needs_mapping)
    result = _run(app, tmp_path, layout, "--json")
    assert result.exit_code == 2
    assert "'Doelgroep', 'Aantal personen'" in json.loads(result.output)["reasons"][0]


def test_help_documents_period(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["sroi", "import-monitoring", "--help"])
    assert "--period BEGIN EIND" in result.output
