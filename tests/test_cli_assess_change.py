"""``flask sroi assess-change --json FILE``: JSON out, exit 2 with a Dutch message on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask


def payload(**modification: Any) -> dict[str, Any]:
    """A services contract of € 1.000.000 (10% = € 100.000), one earlier de-minimis change."""
    return {
        "contract": {
            "kind": "services",
            "authority": "other",
            "initial_value_eur": "1000000",
            "award_date": "2024-03-01",
            "has_review_clause_for_this_change": False,
            "framework": False,
        },
        "prior_modifications": [
            {"value_eur": "58750", "date": "2025-01-01", "ground": "de_minimis"}
        ],
        "modification": {
            "value_delta_eur": "20000",
            "date": "2026-02-01",
            "ground": "de_minimis",
            "changes_overall_nature": False,
            **modification,
        },
    }


def run(app: Flask, tmp_path: Path, content: str | dict[str, Any]) -> Result:
    path = tmp_path / "wijziging.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return app.test_cli_runner().invoke(args=["sroi", "assess-change", "--json", str(path)])


def test_prints_the_assessment_as_json(app: Flask, tmp_path: Path) -> None:
    result = run(app, tmp_path, payload())
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert set(output) == {
        "verdict", "article", "reasons", "headroom_eur", "threshold_eur", "cumulative_eur"
    }
    assert output["verdict"] == "allowed"
    assert output["article"] == "Aw 2012 art. 2.163b / Richtlijn 2014/24 art. 72 lid 2"
    assert output["cumulative_eur"] == "78750.00"
    assert output["headroom_eur"] == "21249.99"
    assert output["threshold_eur"] == "216000.00"
    assert result.stderr == ""


def test_verdict_follows_the_input(app: Flask, tmp_path: Path) -> None:
    result = run(app, tmp_path, payload(value_delta_eur="50000"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "needs_legal_review"  # € 108.750 ≥ € 100.000


def test_float_amounts_are_read_as_decimals(app: Flask, tmp_path: Path) -> None:
    text = json.dumps(payload()).replace('"20000"', "20000.50")
    result = run(app, tmp_path, text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["cumulative_eur"] == "78750.50"


def test_organisation_thresholds_are_used(app: Flask, tmp_path: Path) -> None:
    app.config["SROI_THRESHOLDS"] = {
        "modification_limits": {"de_minimis_share_supplies_services": "0.05"}
    }
    result = run(app, tmp_path, payload())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "needs_legal_review"  # 5% = € 50.000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"drop": "ground"}, "modification.ground: ontbreekt"),
        ({"ground": "bevriend"}, "modification.ground: onbekende waarde 'bevriend'"),
        ({"contract_value": "-5"}, "contract.initial_value_eur: moet groter zijn dan nul"),
        ({"date": "30-02-2026"}, "modification.date: '30-02-2026' is geen geldige datum"),
    ],
)
def test_bad_input_exits_2_with_a_dutch_message_naming_the_field(
    app: Flask, tmp_path: Path, change: dict[str, str], field: str
) -> None:
    data = payload()
    if "drop" in change:
        del data["modification"][change["drop"]]
    elif "contract_value" in change:
        data["contract"]["initial_value_eur"] = change["contract_value"]
    else:
        data["modification"].update(change)
    result = run(app, tmp_path, data)
    assert result.exit_code == 2
    assert field in result.stderr
    assert result.stderr.startswith("Ongeldige invoer:")
    assert result.stdout == ""


def test_invalid_json_exits_2(app: Flask, tmp_path: Path) -> None:
    result = run(app, tmp_path, '{"contract": ')
    assert result.exit_code == 2
    assert "is geen geldige JSON (regel 1" in result.stderr


def test_json_that_is_not_an_object_exits_2(app: Flask, tmp_path: Path) -> None:
    result = run(app, tmp_path, "[1, 2]")
    assert result.exit_code == 2
    assert "De invoer moet een JSON-object zijn" in result.stderr


def test_unreadable_file_exits_2(app: Flask, tmp_path: Path) -> None:
    missing = tmp_path / "bestaat-niet.json"
    result = app.test_cli_runner().invoke(args=["sroi", "assess-change", "--json", str(missing)])
    assert result.exit_code == 2
    assert f"Kan het invoerbestand {missing} niet lezen" in result.stderr


def test_reads_stdin_with_a_dash(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["sroi", "assess-change", "--json", "-"], input=json.dumps(payload())
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"] == "allowed"


def test_a_decrease_larger_than_the_contract_value_is_refused(
    app: Flask, tmp_path: Path
) -> None:
    result = run(app, tmp_path, payload(value_delta_eur="-5000000"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Ongeldige invoer: modification.value_delta_eur: Een verlaging van € 5.000.000 is groter "
        "dan de contractwaarde (€ 1.058.750)."
    )
    assert result.stdout == ""


def test_an_extension_past_the_ten_year_horizon_is_refused(app: Flask, tmp_path: Path) -> None:
    result = run(app, tmp_path, payload(value_delta_eur="1000", extra_months=2100))
    assert result.exit_code == 2
    assert "modification.extra_months: een verlenging van 2100 maanden is meer dan 10 jaar" in (
        result.stderr
    )
    assert run(app, tmp_path, payload(value_delta_eur="1000", extra_months=120)).exit_code == 0
