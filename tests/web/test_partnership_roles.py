"""People and roles: several roles per person, several people per role, the back-up warning
(tip 1b) and the social return coordinator's fallback to the project coordinator, in the UI."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from sroi_plugin.models import PartnershipPerson
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import get_partnership
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

BACKUP = "Projectcoördinator zonder back-up"
FALLBACK = (
    "Niemand vervult de rol Social return coördinator (indien aanwezig); de taken vallen terug "
    "op de Projectcoördinator."
)


def _started(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> int:
    make_contract()
    login("contract_manager")
    return start_partnership(client)


def _row(html: str, role: str) -> str:
    match = re.search(rf'<tr id="rol-{role}">(.*?)</tr>', html, re.S)
    assert match, role
    return match.group(1)


def test_people_page_fragment_and_page(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    url = f"/sroi/partnerships/{partnership_id}/personen"
    fragment = client.get(url, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-partnership-people"' in fragment
    page = client.get(url).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Persoon toevoegen" in page


def test_one_person_several_roles_and_one_role_several_people(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    add_person(client, partnership_id, "Anna Visser", ["project_coordinator", "hr_expert"])
    add_person(client, partnership_id, "Bram de Wit", ["hr_expert"])
    add_person(client, partnership_id, "Chris Kok", ["contractor"], organisation="opdrachtnemer")
    html = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    assert "Anna Visser, Bram de Wit" in _row(html, "hr_expert")
    assert "Anna Visser" in _row(html, "project_coordinator")
    assert "Chris Kok <small>(opdrachtnemer)</small>" in _row(html, "contractor")
    assert "niemand" in _row(html, "executive")
    assert "Projectcoördinator, HR-expert" in html  # Anna's roles in the people table


def test_backup_warning_until_a_second_coordinator_is_assigned(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    people = f"/sroi/partnerships/{partnership_id}/personen"
    page = f"/sroi/partnerships/{partnership_id}"
    assert "Geen projectcoördinator aangewezen" in client.get(people).get_data(as_text=True)
    add_person(client, partnership_id, "Anna Visser", ["project_coordinator"])
    for url in (people, page):
        html = client.get(url).get_data(as_text=True)
        assert BACKUP in html
        assert "Zorg dat er altijd een back-up is voor de coördinator" in html
        assert 'data-code="SR_ROLE_NO_BACKUP"' in html
    add_person(client, partnership_id, "Bram de Wit", ["project_coordinator"])
    for url in (people, page):
        assert BACKUP not in client.get(url).get_data(as_text=True)


def test_unheld_sr_coordinator_role_falls_back_to_the_project_coordinator_visibly(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    add_person(client, partnership_id, "Anna Visser", ["project_coordinator"])
    people = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    assert FALLBACK in people
    row = _row(people, "sr_coordinator")
    assert "Anna Visser" in row
    assert "Taken vallen terug op de Projectcoördinator" in row
    grid = client.get(f"/sroi/partnerships/{partnership_id}/matrix").get_data(as_text=True)
    assert FALLBACK in grid
    assert "Anna Visser (vervanger)" in grid
    add_person(client, partnership_id, "Sam Smit", ["sr_coordinator"])
    people = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    assert FALLBACK not in people
    assert "Sam Smit" in _row(people, "sr_coordinator")
    assert "Anna Visser" not in _row(people, "sr_coordinator")


def test_person_form_errors_keep_the_input(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/personen",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "Anna Visser",
            "email": "anna-at-gemeente",
            "organisation": "eigen",
            "roles": ["hr_expert", "executive"],
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert is_fragment(html)
    assert "E-mail: dit is geen geldig e-mailadres" in html
    assert 'value="Anna Visser"' in html
    assert 'value="anna-at-gemeente"' in html
    assert re.search(r'checked[^>]*value="hr_expert"|value="hr_expert"[^>]*checked', html)
    assert re.search(r'checked[^>]*value="executive"|value="executive"[^>]*checked', html)


def test_editing_roles_is_recorded_with_who_and_when(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _started(client, login, make_contract)
    person_id = add_person(client, partnership_id, "Anna Visser", ["hr_expert"])
    url = f"/sroi/partnerships/{partnership_id}/personen/{person_id}"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Anna Visser"' in form
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token_of(client),
            "name": "Anna Visser",
            "email": "anna@voorbeeldstad.nl",
            "organisation": "eigen",
            "user_id": "u-kees",
            "roles": ["project_coordinator"],
        },
    )
    assert response.status_code == 303
    with app.app_context():
        person = app.extensions["sroi"].db.session.get(PartnershipPerson, person_id)
        assert person is not None
        assert (person.email, person.user_id, person.role_keys) == (
            "anna@voorbeeldstad.nl",
            "u-kees",
            ["project_coordinator"],
        )
        assert person.roles[0].assigned_by_name == "Sanne de Vries"
        assert person.roles[0].assigned_at is not None
    summary = get_partnership(app, partnership_id).events[0].summary
    assert summary == (
        "Anna Visser gewijzigd; rollen erbij: Projectcoördinator; rollen eraf: HR-expert."
    )


def test_viewer_sees_roles_without_forms(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _started(client, login, make_contract)
    add_person(client, partnership_id, "Anna Visser", ["project_coordinator"])
    login("viewer")
    html = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    assert "Anna Visser" in html
    assert "Persoon toevoegen" not in html
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/personen",
        data={"csrf_token": csrf_token_of(client), "name": "X", "organisation": "eigen"},
    )
    assert response.status_code == 403


def test_person_of_another_partnership_is_404(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    first = _started(client, login, make_contract)
    second = start_partnership(client, name="Tweede")
    person_id = add_person(client, second, "Anna Visser", ["hr_expert"])
    response = client.get(f"/sroi/partnerships/{first}/personen/{person_id}", headers=HTMX)
    assert response.status_code == 404
