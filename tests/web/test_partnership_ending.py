"""Partnerships that run both routes side by side, and that park, close and reopen."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import get_partnership
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import csrf_token_of
from tests.helpers.web import text_of


def _close(client: FlaskClient, partnership_id: int, step: str) -> int:
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/stap",
        data={"csrf_token": csrf_token_of(client), "from_step": step},
    )
    return response.status_code


def _end(client: FlaskClient, partnership_id: int, **fields: str) -> int:
    version = get_partnership(client.application, partnership_id).version
    data = {
        "csrf_token": csrf_token_of(client),
        "state": "parked",
        "outcome": "not_now",
        "note": "",
        "version": str(version),
        **fields,
    }
    return client.post(f"/sroi/partnerships/{partnership_id}/beeindigen", data=data).status_code


def test_route_both_runs_2a_and_2b_side_by_side_until_both_are_done(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    pid = start_partnership(client, route="both", tender_title="Schoonmaak 2027")
    assert _close(client, pid, "1") == 303
    html = client.get(f"/sroi/partnerships/{pid}").get_data(as_text=True)
    assert "Huidige stappen" in html
    assert 'data-step="2A"' in html and 'data-step="2B"' in html
    assert "Spoor 2A afronden" in html and "Spoor 2B afronden" in html
    step_page = client.get(f"/sroi/partnerships/{pid}/stap?stap=2B").get_data(as_text=True)
    assert 'name="from_step" value="2B"' in step_page

    assert _close(client, pid, "2B") == 303
    stored = get_partnership(app, pid)
    assert (stored.current_step, stored.track_done) == ("2A", "2B")
    html = client.get(f"/sroi/partnerships/{pid}").get_data(as_text=True)
    assert 'data-step="2B"' not in html and "Naar stap 3" in html
    assert _close(client, pid, "2B") == 409  # that track is closed already

    assert _close(client, pid, "2A") == 303
    stored = get_partnership(app, pid)
    assert (stored.current_step, stored.track_done) == ("3", None)
    summaries = [event.summary for event in stored.events]
    assert "Van stap 2A naar stap 3; alle taken afgerond." not in summaries  # tasks were open
    assert any(s.startswith("Spoor 2B afgerond; spoor 2A loopt nog") for s in summaries)
    assert any(s.startswith("Van stap 1 naar stap 2A en 2B") for s in summaries)


def test_a_2b_partnership_walks_its_steps_in_turn(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    pid = start_partnership(client)
    assert _close(client, pid, "1") == 303
    assert get_partnership(app, pid).current_step == "2B"
    assert _close(client, pid, "2B") == 303
    assert get_partnership(app, pid).current_step == "3"


def test_parking_records_the_outcome_hides_tasks_and_reopening_brings_them_back(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    pid = start_partnership(client, name="Partnership Groen")
    add_person(client, pid, "Pieter Jansen", ["procurement_expert"], user_id="u-pieter")
    login("procurement")
    assert "Partnership Groen" in client.get("/sroi/mijn-taken").get_data(as_text=True)

    login("contract_manager")
    assert _end(client, pid, note="Volgend jaar in de aanbesteding") == 303
    stored = get_partnership(app, pid)
    assert (stored.state, stored.outcome, stored.ended_by_name) == (
        "parked",
        "not_now",
        "Sanne de Vries",
    )
    page = text_of(client.get(f"/sroi/partnerships/{pid}").get_data(as_text=True))
    assert "Geparkeerd: Nu niet" in page and "Volgend jaar in de aanbesteding" in page
    listing = text_of(client.get("/sroi/partnerships").get_data(as_text=True))
    assert "Geparkeerd" in listing
    login("procurement")
    assert "Partnership Groen" not in client.get("/sroi/mijn-taken").get_data(as_text=True)

    login("contract_manager")
    reopen = client.post(
        f"/sroi/partnerships/{pid}/heropenen",
        data={"csrf_token": csrf_token_of(client), "version": str(stored.version)},
    )
    assert reopen.status_code == 303
    assert get_partnership(app, pid).state == "active"
    login("procurement")
    assert "Partnership Groen" in client.get("/sroi/mijn-taken").get_data(as_text=True)


def test_closing_needs_an_outcome_and_a_stale_form_keeps_the_note(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    pid = start_partnership(client)
    assert _end(client, pid, state="closed", outcome="") == 422
    response = client.post(
        f"/sroi/partnerships/{pid}/beeindigen",
        data={
            "csrf_token": csrf_token_of(client),
            "state": "closed",
            "outcome": "not_suitable",
            "note": "Te weinig arbeid in dit contract",
            "version": "0",
        },
    )
    assert response.status_code == 409
    assert "Te weinig arbeid in dit contract" in response.get_data(as_text=True)
    assert _end(client, pid, state="closed", outcome="not_suitable") == 303
    assert get_partnership(app, pid).state == "closed"
    closed = client.get(f"/sroi/partnerships/{pid}").get_data(as_text=True)
    assert "Heropenen" not in closed
    again = client.post(
        f"/sroi/partnerships/{pid}/heropenen",
        data={"csrf_token": csrf_token_of(client), "version": "99"},
    )
    assert again.status_code == 409


def test_not_now_lessons_appear_on_tenders_and_promising_page_of_the_category(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()  # category "schoonmaak"
    login("contract_manager")
    pid = start_partnership(client, name="Partnership Schoon")
    note = "Vraag bij de volgende aanbesteding 5% van de loonsom."
    assert _end(client, pid, note=note) == 303

    login("procurement")
    promising = client.get("/sroi/kansrijk?categorie=schoonmaak").get_data(as_text=True)
    assert "Lessen uit eerdere partnerships in deze categorie" in promising
    assert note in promising
    assert note not in client.get("/sroi/kansrijk").get_data(as_text=True)

    response = client.post(
        "/sroi/aanbestedingen/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "title": "Schoonmaak 2029",
            "category": "Schoonmaak",
            "authority_type": "other",
            "actie": "opslaan",
        },
    )
    assert response.status_code == 303
    tender = client.get(response.headers["Location"]).get_data(as_text=True)
    assert note in tender and "Partnership Schoon" in tender
    other = client.post(
        "/sroi/aanbestedingen/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "title": "ICT 2029",
            "category": "ICT",
            "authority_type": "other",
            "actie": "opslaan",
        },
    )
    assert note not in client.get(other.headers["Location"]).get_data(as_text=True)
    assert re.search(
        r"Nog geen lessen", client.get(other.headers["Location"]).get_data(as_text=True)
    )
