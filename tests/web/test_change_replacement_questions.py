"""The two questions of a contractor replacement (Aw 2012 art. 2.163f) on the change form and in
``assess-change --json``: asked only for that ground, with and without JavaScript."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from tests.helpers.legal import change_form
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"
QUESTION = "Komt de nieuwe opdrachtnemer in de plaats van de oude door een overname"
REPLACEMENT = {
    "kind": "supplier_change",
    "description": "Schoon & Sociaal is overgenomen door Schoon Groep",
    "value_delta": "0",
    "ground": "contractor_replacement",
}


@pytest.fixture(autouse=True)
def contract(make_contract: Callable[..., Contract], login: Callable[[str], None]) -> None:
    make_contract(ref=REF)
    login("contract_manager")


def post(client: FlaskClient, url: str, data: dict[str, str], htmx: bool = False) -> Any:
    token = csrf_token_of(client)
    return client.post(url, data={**data, "csrf_token": token}, headers=HTMX if htmx else {})


def test_the_questions_are_not_asked_for_another_ground(client: FlaskClient) -> None:
    html = client.get(f"{PANEL}/nieuw").get_data(as_text=True)
    assert 'id="sroi-replacement-questions"' in html
    assert QUESTION not in html


def test_without_javascript_checking_the_form_shows_the_questions(client: FlaskClient) -> None:
    response = post(client, f"{PANEL}/toetsen", change_form(**REPLACEMENT))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert QUESTION in html
    assert "Voldoet de nieuwe opdrachtnemer aan de geschiktheidseisen" in html
    assert "Juridische beoordeling nodig" in html  # both facts still "weet ik niet"


def test_the_live_check_swaps_the_questions_in_only_when_the_ground_changes(
    client: FlaskClient,
) -> None:
    shown = post(client, f"{PANEL}/toetsen", change_form(**REPLACEMENT), htmx=True)
    html = shown.get_data(as_text=True)
    assert 'id="sroi-replacement-questions" hx-swap-oob="true"' in html and QUESTION in html
    already = post(
        client, f"{PANEL}/toetsen", change_form(**REPLACEMENT, replacement_shown="1"), htmx=True
    )
    assert "sroi-replacement-questions" not in already.get_data(as_text=True)
    hidden = post(client, f"{PANEL}/toetsen", change_form(replacement_shown="1"), htmx=True)
    gone = hidden.get_data(as_text=True)
    assert 'id="sroi-replacement-questions" hx-swap-oob="true"' in gone and QUESTION not in gone


def test_succession_that_meets_the_criteria_is_allowed_and_the_answers_are_stored(
    client: FlaskClient, session: Session
) -> None:
    data = change_form(
        **REPLACEMENT,
        successor_via_restructuring="ja",
        successor_meets_original_selection_criteria="ja",
    )
    checked = post(client, f"{PANEL}/toetsen", data, htmx=True).get_data(as_text=True)
    assert "<strong>Toegestaan</strong>" in checked
    assert "Aw 2012 art. 2.163f / Richtlijn 2014/24 art. 72 lid 1 onder d" in checked
    assert post(client, PANEL, data).status_code == 303
    change = session.scalars(select(Modification)).one()
    assert change.verdict == "allowed"
    assert change.successor_via_restructuring is True
    assert change.successor_meets_original_selection_criteria is True


def test_another_company_without_restructuring_is_substantial(
    client: FlaskClient, session: Session
) -> None:
    data = change_form(
        **REPLACEMENT,
        successor_via_restructuring="nee",
        successor_meets_original_selection_criteria="weet_niet",
    )
    assert post(client, PANEL, data).status_code == 303
    change = session.scalars(select(Modification)).one()
    assert change.verdict == "substantial_new_procedure_required"
    assert change.successor_via_restructuring is False
    assert change.successor_meets_original_selection_criteria is None


def test_the_answers_are_not_stored_under_another_ground(
    client: FlaskClient, session: Session
) -> None:
    data = change_form(successor_via_restructuring="ja")
    assert post(client, PANEL, data).status_code == 303
    change = session.scalars(select(Modification)).one()
    assert change.successor_via_restructuring is None


@pytest.mark.parametrize(
    ("facts", "verdict"),
    [
        (
            {
                "successor_via_restructuring": True,
                "successor_meets_original_selection_criteria": True,
            },
            "allowed",
        ),
        ({"successor_via_restructuring": False}, "substantial_new_procedure_required"),
        (
            {
                "successor_via_restructuring": True,
                "successor_meets_original_selection_criteria": None,
            },
            "needs_legal_review",
        ),
    ],
)
def test_assess_change_json_takes_the_succession_facts(
    app: Flask, tmp_path: Path, facts: dict[str, bool | None], verdict: str
) -> None:
    path = tmp_path / "vervanging.json"
    path.write_text(
        json.dumps(
            {
                "contract": {
                    "kind": "services",
                    "authority": "other",
                    "initial_value_eur": "1000000",
                    "award_date": "2024-03-01",
                    "has_review_clause_for_this_change": False,
                    "framework": False,
                },
                "modification": {
                    "value_delta_eur": "0",
                    "date": "2026-02-01",
                    "ground": "contractor_replacement",
                    "changes_overall_nature": False,
                    "shifts_economic_balance_to_contractor": False,
                    "extends_scope_considerably": False,
                    "would_have_attracted_other_bidders": False,
                    **facts,
                },
            }
        ),
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(args=["sroi", "assess-change", "--json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == verdict
