"""The Bijlage III brainstorm form: per contract or tender, saved with the partnership with who
and when, read back (printable), edited with a conflict check."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Brainstorm
from sroi_plugin.models import Contract
from sroi_plugin.rules.agendas import BRAINSTORM_FIELDS
from sroi_plugin.rules.agendas import BRAINSTORM_SECTIONS
from tests.helpers.partnerships import REF
from tests.helpers.partnerships import get_partnership
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment


@pytest.fixture
def partnership(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> int:
    make_contract(title="Schoonmaakonderhoud stadskantoor", kind="services")
    login("contract_manager")
    return start_partnership(client)


def _answers(**values: str) -> dict[str, str]:
    return {spec.key: "" for spec in BRAINSTORM_FIELDS if spec.kind != "choice"} | values


def _save(client: FlaskClient, url: str, data: dict[str, str], htmx: bool = False) -> int:
    response = client.post(
        url, data={"csrf_token": csrf_token_of(client), **data}, headers=HTMX if htmx else {}
    )
    return response.status_code


def _stored(app: Flask) -> Brainstorm:
    with app.app_context():
        session: Session = app.extensions["sroi"].db.session
        [found] = session.scalars(select(Brainstorm)).all()
        session.expunge(found)
        return found


def test_new_form_has_every_field_and_is_prefilled_from_the_contract(
    client: FlaskClient, partnership: int
) -> None:
    html = client.get(
        f"/sroi/partnerships/{partnership}/brainstorms/nieuw?contract={REF}"
    ).get_data(as_text=True)
    for _key, label in BRAINSTORM_SECTIONS:
        assert f"<legend>{label}</legend>" in html
    for spec in BRAINSTORM_FIELDS:
        assert f'name="{spec.key}"' in html
    assert 'value="Schoonmaakonderhoud stadskantoor"' in html
    assert re.search(r'checked[^>]*value="services"|value="services"[^>]*checked', html)
    assert re.search(
        r'checked[^>]*value="bestaand_met_sr"|value="bestaand_met_sr"[^>]*checked', html
    )


def test_saving_keeps_the_answers_with_who_and_when_and_reads_back(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    contract_id = get_partnership(app, partnership).contracts[0].id
    status = _save(
        client,
        f"/sroi/partnerships/{partnership}/brainstorms/nieuw",
        _answers(
            contract_id=str(contract_id),
            title="Schoonmaak stadskantoor",
            work_type="services",
            assignment_kind="bestaand_met_sr",
            labour_component="Dagelijkse schoonmaak: veel uitvoerend werk.",
        ),
    )
    assert status == 303
    saved = _stored(app)
    assert saved.contract_id == contract_id
    assert saved.answers["labour_component"] == "Dagelijkse schoonmaak: veel uitvoerend werk."
    assert (saved.created_by_name, saved.updated_by_id) == ("Sanne de Vries", "u-sanne")
    url = f"/sroi/partnerships/{partnership}/brainstorms/{saved.id}"
    fragment = client.get(url, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-brainstorm"' in fragment
    page = client.get(url).get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert "Brainstorm: <bdi>Schoonmaak stadskantoor</bdi>" in page
    assert "Bestaand contract met social return" in page  # the choice's label, not its key
    assert "Dagelijkse schoonmaak: veel uitvoerend werk." in page
    assert "niet ingevuld" in page
    assert "Bron: handreiking Bijlage III (brainstormformat)" in page
    assert (
        "Brainstorm \u201cSchoonmaak stadskantoor\u201d ingevuld."
        in get_partnership(app, partnership).events[0].summary
    )


def test_invalid_choice_keeps_the_input(app: Flask, client: FlaskClient, partnership: int) -> None:
    response = client.post(
        f"/sroi/partnerships/{partnership}/brainstorms/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            **_answers(contract_id="", title="Aanbesteding groen", work_type="ruimtevaart"),
            "how": "Samen met het Werkgeversservicepunt",
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and is_fragment(html)
    assert "Werk, dienst of levering?: kies een van de mogelijkheden." in html
    assert "Samen met het Werkgeversservicepunt</textarea>" in html
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Brainstorm)).all() == []


def test_editing_with_a_conflict_keeps_the_input_then_saves(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    new = f"/sroi/partnerships/{partnership}/brainstorms/nieuw"
    assert _save(client, new, _answers(contract_id="", title="Groen")) == 303
    saved = _stored(app)
    edit = f"/sroi/partnerships/{partnership}/brainstorms/{saved.id}/bewerken"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="Groen"' in form
    stale = str(saved.version)
    assert _save(client, edit, _answers(contract_id="", title="Groen 2", version=stale)) == 303
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token_of(client),
            **_answers(contract_id="", title="Groen 3", version=stale),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "heeft dit formulier intussen opgeslagen" in html
    assert 'value="Groen 3"' in html
    assert _stored(app).answers["title"] == "Groen 2"
    fresh = re.search(
        r'name="version" type="hidden" value="(\d+)"|value="(\d+)"[^>]*name="version"', html
    )
    assert fresh
    version = fresh.group(1) or fresh.group(2)
    assert _save(client, edit, _answers(contract_id="", title="Groen 3", version=version)) == 303
    assert _stored(app).answers["title"] == "Groen 3"


def test_a_contract_of_another_partnership_cannot_be_chosen(
    client: FlaskClient, partnership: int, make_contract: Callable[..., Contract], app: Flask
) -> None:
    make_contract(ref="GEM-ANDER")
    with app.app_context():
        session = app.extensions["sroi"].db.session
        other_id = session.scalars(select(Contract.id).where(Contract.ref == "GEM-ANDER")).one()
    response = client.post(
        f"/sroi/partnerships/{partnership}/brainstorms/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            **_answers(contract_id=str(other_id), title="X"),
        },
    )
    status = response.status_code
    assert "Contract of aanbesteding: kies een contract van deze partnership." in (
        response.get_data(as_text=True)
    )
    assert status == 422
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Brainstorm)).all() == []


def test_viewer_reads_but_cannot_edit(
    app: Flask, client: FlaskClient, login: Callable[[str], None], partnership: int
) -> None:
    assert (
        _save(
            client,
            f"/sroi/partnerships/{partnership}/brainstorms/nieuw",
            _answers(contract_id="", title="Groen"),
        )
        == 303
    )
    saved = _stored(app)
    login("viewer")
    page = client.get(f"/sroi/partnerships/{partnership}/brainstorms/{saved.id}").get_data(
        as_text=True
    )
    assert "Groen" in page and "Wijzigen" not in page
    edit = f"/sroi/partnerships/{partnership}/brainstorms/{saved.id}/bewerken"
    assert _save(client, edit, _answers(contract_id="", title="Niet", version="1")) == 403
