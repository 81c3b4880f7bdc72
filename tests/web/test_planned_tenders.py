"""Planned tenders (route 2A): enter, check before publication, save, and start a partnership."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.models import Partnership
from sroi_plugin.models import PlannedTender
from tests.helpers.web import csrf_token_of
from tests.helpers.web import follow
from tests.helpers.web import is_fragment
from tests.helpers.web import text_of

#: A labour-light supply with 5% of the project sum asked: the clause panel warns
#: (SR_SUPPLY_LOW_LABOUR) and the value sits under the EU threshold (private award).
TENDER = {
    "title": "Kantoormeubilair 2027",
    "category": "Meubilair",
    "department": "Facilitaire Zaken",
    "kind": "supplies",
    "authority_type": "other",
    "value_total": "180.000",
    "term_months": "24 maanden",
    "wage_share": "20%",
    "sr_percentage": "5",
    "sr_basis": "project_sum",
    "sr_form": "contract_clause",
    "sr_clause_text": "Opdrachtnemer besteedt 5% van de projectsom aan social return.",
    "planned_publication": "1-3-2027",
    "version": "",
}


def _post(client: FlaskClient, url: str, **fields: str) -> Any:
    data = {"csrf_token": csrf_token_of(client), **TENDER, "actie": "opslaan", **fields}
    return client.post(url, data=data)


def _stored(app: Flask) -> PlannedTender:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        tender = session.scalars(select(PlannedTender)).one()
        session.expunge_all()
        return tender


def _new(client: FlaskClient, **fields: str) -> int:
    response = _post(client, "/sroi/aanbestedingen/nieuw", **fields)
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/aanbestedingen/(\d+)$", response.headers["Location"])
    assert match
    return int(match.group(1))


def test_checking_shows_the_clause_findings_and_the_2ab_advice_without_saving(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    response = _post(client, "/sroi/aanbestedingen/nieuw", actie="controleren")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-code="SR_SUPPLY_LOW_LABOUR"' in html  # the clause panel's finding
    assert 'data-code="SR_ROUTE_RESERVED"' in html
    assert 'data-code="SR_ROUTE_PRIVATE"' in html  # € 180.000 is under the threshold
    assert "Gecontroleerd; nog niet opgeslagen." in html
    assert 'value="180.000"' in html  # the typed text stays
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(PlannedTender)).all() == []


def test_saving_stores_the_typed_values_and_the_page_shows_the_same_findings(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    tender_id = _new(client)
    stored = _stored(app)
    assert (stored.id, stored.kind, stored.term_months, str(stored.wage_share)) == (
        tender_id,
        "supplies",
        24,
        "0.2000",
    )
    assert stored.created_by_name == "Pieter Jansen"
    html = client.get(f"/sroi/aanbestedingen/{tender_id}").get_data(as_text=True)
    text = text_of(html)
    assert 'data-code="SR_SUPPLY_LOW_LABOUR"' in html
    assert "€ 180.000" in text and "24 maanden" in text and "01-03-2027" in text
    listing = text_of(client.get("/sroi/aanbestedingen").get_data(as_text=True))
    assert "Kantoormeubilair 2027" in listing and "€ 180.000" in listing


def test_a_large_tender_gets_lots_not_private_award(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    tender_id = _new(client, kind="services", value_total="2.400.000")
    html = client.get(f"/sroi/aanbestedingen/{tender_id}").get_data(as_text=True)
    assert 'data-code="SR_ROUTE_LOTS"' in html
    assert 'data-code="SR_ROUTE_PRIVATE"' not in html


def test_a_missing_term_says_what_to_fill_in_and_an_unreadable_value_keeps_the_text(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    response = _post(client, "/sroi/aanbestedingen/nieuw", term_months="", value_total="veel")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geraamde waarde (excl. btw):" in text_of(html)
    assert 'value="veel"' in html
    checked = _post(client, "/sroi/aanbestedingen/nieuw", term_months="", actie="controleren")
    assert "De looptijd in maanden ontbreekt. Vul dit aan in de aanbesteding." in text_of(
        checked.get_data(as_text=True)
    )


def test_an_edit_of_an_older_version_is_a_409_that_keeps_the_typed_text(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    tender_id = _new(client)
    url = f"/sroi/aanbestedingen/{tender_id}/bewerken"
    loaded = _stored(app).version
    assert _post(client, url, version=str(loaded), title="Meubilair A").status_code == 303
    stale = _post(client, url, version=str(loaded), sr_clause_text="Mijn nieuwe tekst")
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Mijn nieuwe tekst" in html
    assert "Iemand anders heeft deze aanbesteding intussen opgeslagen" in html
    assert _stored(app).title == "Meubilair A"
    again = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    assert again and int(again.group(1)) == loaded + 1  # saving again keeps the typed version
    assert (
        _post(client, url, version=again.group(1), sr_clause_text="Mijn nieuwe tekst").status_code
        == 303
    )
    assert _stored(app).sr_clause_text == "Mijn nieuwe tekst"


def test_readers_see_the_page_without_edit_buttons_and_htmx_gets_a_fragment(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    tender_id = _new(client)
    login("viewer")
    html = client.get(f"/sroi/aanbestedingen/{tender_id}").get_data(as_text=True)
    assert "Wijzigen en controleren" not in html and "Partnership starten" not in html
    fragment = client.get(f"/sroi/aanbestedingen/{tender_id}", headers={"HX-Request": "true"})
    assert is_fragment(fragment.get_data(as_text=True))


def test_procurement_starts_a_partnership_on_route_2a_from_the_tender(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    tender_id = _new(client)
    page = client.get(f"/sroi/aanbestedingen/{tender_id}").get_data(as_text=True)
    assert f"/sroi/partnerships/nieuw?aanbesteding={tender_id}" in page
    form = client.get(f"/sroi/partnerships/nieuw?aanbesteding={tender_id}").get_data(as_text=True)
    assert 'value="Kantoormeubilair 2027"' in form
    assert f'name="planned_tender_id" type="hidden" value="{tender_id}"' in form
    response = client.post(
        "/sroi/partnerships/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "Partnership Kantoormeubilair 2027",
            "route": "2A",
            "contract_refs": "",
            "tender_title": "Kantoormeubilair 2027",
            "goals": "",
            "target_group": "",
            "planned_tender_id": str(tender_id),
        },
    )
    url, html = follow(client, response)
    assert "Kantoormeubilair 2027" in html
    with app.app_context():
        started = app.extensions["sroi"].db.session.scalars(select(Partnership)).one()
        assert (started.route, started.planned_tender_id) == ("2A", tender_id)
    assert "Partnership Kantoormeubilair 2027" in client.get(
        f"/sroi/aanbestedingen/{tender_id}"
    ).get_data(as_text=True)


def test_procurement_cannot_start_a_partnership_without_a_tender(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    assert client.get("/sroi/partnerships/nieuw").status_code == 403
    assert client.get("/sroi/partnerships/nieuw?aanbesteding=999").status_code == 404


def test_lessons_of_the_category_appear_on_the_tender(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(category="meubilair")
    login("procurement")
    tender_id = _new(client)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract = session.scalars(select(Contract)).one()
        session.add(
            Evaluation(
                contract_id=contract.id,
                improvements="Vraag een plan van aanpak per kwartaal.",
                created_by_id="u-sanne",
                created_by_name="Sanne de Vries",
            )
        )
        session.commit()
    text = text_of(client.get(f"/sroi/aanbestedingen/{tender_id}").get_data(as_text=True))
    assert "Lessen uit eerdere partnerships in deze categorie" in text
    assert "Vraag een plan van aanpak per kwartaal." in text
