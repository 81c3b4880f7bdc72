"""The evaluation (stap 4b): recorded with who and when, versions kept, shown, exported."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import select
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/evaluatie"
EXPORT = f"{URL}.xlsx"
ANSWERS = {
    "impact": "Zes mensen uit het doelgroepregister aan het werk, twee met een vast contract.",
    "improvements": "Vraag bij de volgende aanbesteding om een plan per kwartaal.",
    "innovation_ideas": "Leerwerkplekken samen met het ROC.",
    "recognition": "Vermelding in de nieuwsbrief van de gemeente.",
}


def _save(
    client: FlaskClient, *, htmx: bool = True, based_on: str = "0", **answers: str
) -> TestResponse:
    data = {"csrf_token": csrf_token_of(client), "based_on": based_on, **answers}
    return client.post(URL, data=data, headers=HTMX if htmx else {})


def _evaluations(app: Flask) -> list[Evaluation]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        return list(session.scalars(select(Evaluation).order_by(Evaluation.id)))


def test_fragment_and_page(client: FlaskClient, make_contract: Callable[..., Contract]) -> None:
    make_contract()
    fragment = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-panel-evaluation"' in fragment
    page = client.get(URL).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Nog geen evaluatie vastgelegd." in page


def test_saving_keeps_who_and_when_and_shows_it_in_the_monitoring_panel(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _save(
        client,
        impact=ANSWERS["impact"],
        improvements=ANSWERS["improvements"],
        innovation_ideas=ANSWERS["innovation_ideas"],
        recognition=ANSWERS["recognition"],
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De evaluatie is vastgelegd." in html
    (saved,) = _evaluations(app)
    assert saved.created_by_id == "u-sanne" and saved.created_by_name == "Sanne de Vries"
    assert saved.created_at is not None
    assert saved.innovation_ideas == ANSWERS["innovation_ideas"]
    panel = client.get(f"/sroi/contracten/{REF}/monitoring", headers=HTMX).get_data(as_text=True)
    assert ANSWERS["recognition"] in panel
    assert "Vastgelegd door <bdi>Sanne de Vries</bdi> op" in panel


def test_plain_post_redirects(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _save(client, htmx=False, impact="Goed")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{URL}?vastgelegd=1"


def test_saving_again_adds_a_version(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _save(client, impact="Eerste versie")
    first = _evaluations(app)[0]
    _save(client, based_on=str(first.id), impact="Tweede versie")
    versions = _evaluations(app)
    assert [v.impact for v in versions] == ["Eerste versie", "Tweede versie"]
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Tweede versie" in html and "Eerdere versies (1)" in html


def test_an_edit_based_on_an_older_version_is_a_conflict_and_keeps_the_text(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _save(client, impact="Door een collega")
    response = _save(client, based_on="0", impact="Mijn eigen tekst")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Intussen heeft <bdi>Sanne de Vries</bdi>" in html
    assert "Mijn eigen tekst</textarea>" in html
    assert len(_evaluations(app)) == 1


def test_empty_evaluation_is_a_422_naming_the_field(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _save(client, impact="  ")
    assert response.status_code == 422
    assert "Impact: vul minstens één van de vragen in" in response.get_data(as_text=True)
    assert _evaluations(app) == []


def test_too_long_text_keeps_what_was_typed(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _save(client, impact="x" * 5001, recognition="Bedankt")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Impact: maximaal 5000 tekens." in html
    assert "Bedankt</textarea>" in html


def test_export_holds_the_evaluation_and_its_history_formula_safe(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    assert client.get(EXPORT).status_code == 404
    _save(client, impact="=1+1 banen", recognition="Dank")
    response = client.get(EXPORT)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    values = {row[0]: row[1] for row in workbook["Evaluatie"].iter_rows(values_only=True)}
    assert values["Contract"] == REF
    assert values["Vastgelegd door"] == "Sanne de Vries"
    assert values["Impact: wat heeft social return in dit contract opgeleverd?"] == "'=1+1 banen"
    assert workbook["Historie"].max_row == 2


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("viewer", 200, 403),
        ("procurement", 200, 403),
        ("legal_reviewer", 200, 403),
        ("contract_manager", 200, 200),
        ("admin", 200, 200),
        ("anonymous", 403, 403),
    ],
)
def test_access(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
    get: int,
    post: int,
) -> None:
    make_contract()
    login(role)
    assert client.get(URL, headers=HTMX).status_code == get
    assert _save(client, impact="Goed").status_code == post


def test_post_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.post(URL, data={"impact": "Goed", "based_on": "0"}, headers=HTMX)
    assert response.status_code == 400
    assert _evaluations(app) == []


def test_viewer_sees_the_evaluation_without_the_form(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _save(client, impact="Goed gedaan")
    login("viewer")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Goed gedaan" in html and "<textarea" not in html
