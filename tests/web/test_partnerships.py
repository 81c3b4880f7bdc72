"""Partnerships: starting one (from a contract, the promising list, or scratch), the tasks per
route, the contract panel, the page, editing, and the deliberate move to the next step.

The helpers that act as a user would (HTTP with the CSRF token) live in
:mod:`tests.helpers.partnerships`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipEvent
from sroi_plugin.models import PartnershipTask
from sroi_plugin.rules.matrix import load_matrix
from sroi_plugin.rules.matrix import route_link_problems
from sroi_plugin.rules.matrix import tasks_for_partnership
from tests.helpers.partnerships import REF
from tests.helpers.partnerships import get_partnership
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

# --- starting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["2A", "2B", "both"])
def test_starting_creates_a_task_for_every_nonempty_cell_on_the_route(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    route: str,
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client, route=route)
    stored = [(t.step, t.role, t.text, t.status) for t in tasks_of(app, partnership_id)]
    expected = [
        (s.step, s.role, s.text, "open") for s in tasks_for_partnership(load_matrix(), route)
    ]
    assert stored == expected
    steps = {step for step, *_ in stored}
    assert ("2A" in steps) == (route in ("2A", "both"))
    assert ("2B" in steps) == (route in ("2B", "both"))
    assert ("1", "contractor") not in {(s, r) for s, r, *_ in stored}  # an empty cell: no task


def test_start_is_logged_with_who_and_the_linked_contracts(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    found = get_partnership(app, partnership_id)
    assert found.created_by_id == "u-sanne"
    assert found.created_by_name == "Sanne de Vries"
    assert found.current_step == "1"
    assert [c.ref for c in found.contracts] == [REF]
    event = found.events[0]
    assert isinstance(event, PartnershipEvent)
    assert (event.kind, event.actor_name) == ("created", "Sanne de Vries")
    assert REF in event.summary


def test_one_partnership_with_all_suppliers_at_once(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    for ref in ("GEM-1", "GEM-2", "GEM-3"):
        make_contract(ref=ref, supplier_kvk=None)
    login("contract_manager")
    partnership_id = start_partnership(client, refs=("GEM-1", "gem-2", "GEM-3, GEM-1"))
    assert [c.ref for c in get_partnership(app, partnership_id).contracts] == [
        "GEM-1",
        "GEM-2",
        "GEM-3",
    ]
    for ref in ("GEM-1", "GEM-2", "GEM-3"):
        panel = client.get(f"/sroi/contracten/{ref}/partnership", headers=HTMX)
        assert "Partnership Schoon &amp; Sociaal" in panel.get_data(as_text=True)


def test_new_form_is_prefilled_from_repeated_contract_parameters(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-1")
    make_contract(ref="GEM-2")
    login("contract_manager")
    response = client.get("/sroi/partnerships/nieuw?contract=GEM-1&contract=GEM-2")
    html = response.get_data(as_text=True)
    assert "GEM-1\nGEM-2</textarea>" in html
    assert re.search(r'<input[^>]*checked[^>]*value="2B"|<input[^>]*value="2B"[^>]*checked', html)


def test_new_form_from_a_contract_page_links_back_to_it(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    html = client.get(f"/sroi/partnerships/nieuw?contract={REF}").get_data(as_text=True)
    assert f'href="/contracten/{REF}"' in html
    assert "Partnership Schoon &amp; Sociaal B.V." in html  # name proposed from the supplier


def test_unknown_contract_in_the_query_is_a_dutch_404(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("contract_manager")
    response = client.get("/sroi/partnerships/nieuw?contract=ONBEKEND-9", headers=HTMX)
    assert response.status_code == 404
    assert "ONBEKEND-9" in response.get_data(as_text=True)


def test_from_scratch_with_a_planned_tender(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("contract_manager")
    partnership_id = start_partnership(
        client,
        route="2A",
        refs=(),
        tender_title="Groenonderhoud 2027",
        goals="Tien banen in twee jaar",
        target_group="doelgroepregister",
    )
    found = get_partnership(app, partnership_id)
    assert (found.tender_title, found.goals, found.target_group) == (
        "Groenonderhoud 2027",
        "Tien banen in twee jaar",
        "doelgroepregister",
    )
    html = client.get(f"/sroi/partnerships/{partnership_id}").get_data(as_text=True)
    assert "Groenonderhoud 2027" in html
    assert "Alleen mensen uit het doelgroepregister" in html
    assert "Tien banen in twee jaar" in html


def test_validation_errors_keep_the_input_and_name_the_field(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    response = client.post(
        "/sroi/partnerships/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "",
            "route": "2B",
            "contract_refs": f"{REF}\nGEM-BESTAAT-NIET",
            "goals": "Vijf banen in de schoonmaak",
            "target_group": "afstand_arbeidsmarkt",
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert is_fragment(html)
    assert "Naam: vul dit veld in." in html
    assert "Vijf banen in de schoonmaak" in html
    assert f"{REF}\nGEM-BESTAAT-NIET</textarea>" in html
    assert re.search(
        r'value="afstand_arbeidsmarkt"[^>]*checked|checked[^>]*value="afstand_arbeidsmarkt"', html
    )


def test_unknown_contract_number_is_named(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    response = client.post(
        "/sroi/partnerships/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "P",
            "route": "2B",
            "contract_refs": f"{REF}, GEM-BESTAAT-NIET",
        },
    )
    assert response.status_code == 422
    assert "Contracten: onbekend contractnummer GEM-BESTAAT-NIET." in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("2B", "Route 2B gaat over bestaande contracten: koppel minstens één contract."),
        ("2A", "Route 2A gaat over een aanbesteding: vul de geplande aanbesteding in"),
    ],
)
def test_route_needs_something_to_work_with(
    app: Flask, client: FlaskClient, login: Callable[[str], None], route: str, message: str
) -> None:
    login("contract_manager")
    response = client.post(
        "/sroi/partnerships/nieuw",
        data={"csrf_token": csrf_token_of(client), "name": "P", "route": route},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Partnership)).all() == []


def test_route_link_rule() -> None:
    assert route_link_problems("2B", 1, False) == []
    assert route_link_problems("2A", 0, True) == []
    assert route_link_problems("2A", 1, False) == []
    assert [field for field, _ in route_link_problems("both", 0, True)] == ["contracts"]
    assert [field for field, _ in route_link_problems("both", 0, False)] == [
        "contracts",
        "tender_title",
    ]
    with pytest.raises(RuleInputError):
        route_link_problems("3", 1, False)


# --- the contract panel -----------------------------------------------------------------------


def test_contract_panel_offers_to_start_when_there_is_none(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    response = client.get(f"/sroi/contracten/{REF}/partnership", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-partnership"' in html
    assert "Dit contract hoort nog niet bij een partnership." in html
    assert f'href="/sroi/partnerships/nieuw?contract={REF}"' in html
    assert "Partnership starten" in html


def test_contract_panel_as_a_full_page(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("viewer")
    html = client.get(f"/sroi/contracten/{REF}/partnership").get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'id="sroi-panel-partnership"' in html
    assert "Partnership starten" not in html  # a viewer cannot start one


def test_contract_panel_shows_step_progress(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client, route="both")
    plan_meeting(client, partnership_id, "kennismaking", "2026-12-03")
    html = client.get(f"/sroi/contracten/{REF}/partnership", headers=HTMX).get_data(as_text=True)
    assert f'href="/sroi/partnerships/{partnership_id}"' in html
    assert "stap 1 (1 van 6)" in html
    assert '<progress value="1" max="6"' in html
    assert "0 van 46 taken klaar" in html
    assert "Volgend overleg:" in html and "03-12-2026" in html
    assert "open taken in stap 1" in html


def test_contract_panel_with_an_active_partnership_shows_it_instead_of_the_start_button(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client, name="Schoon en sociaal")
    html = client.get(f"/sroi/contracten/{REF}/partnership", headers=HTMX).get_data(as_text=True)
    assert "Schoon en sociaal" in html and "Geen overleg gepland." in html
    assert f'href="/sroi/partnerships/{partnership_id}"' in html
    assert "sroi-ps-button" not in html and ">Partnership starten<" not in html
    # a contract may work in several partnerships: a second one is still possible, quietly
    assert f'href="/sroi/partnerships/nieuw?contract={REF}">Nog een partnership' in html


def test_contract_panel_is_on_the_demo_contract_page(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert f'hx-get="/sroi/contracten/{REF}/partnership"' in html


def test_contract_panel_hides_partnerships_from_outsiders(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    start_partnership(client, name="Geheim overleg")
    login("procurement")
    html = client.get(f"/sroi/contracten/{REF}/partnership", headers=HTMX).get_data(as_text=True)
    assert "Geheim overleg" not in html
    assert "geen rol in heeft" in html


# --- the page, list and edit ------------------------------------------------------------------


def test_partnership_page_fragment_and_page(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    url = f"/sroi/partnerships/{partnership_id}"
    fragment = client.get(url, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-partnership"' in fragment
    page = client.get(url).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and 'id="sroi-partnership"' in page
    assert "Stap 1 — Maak een actieplan en creëer draagvlak" in page
    assert "Geen projectcoördinator aangewezen" in page  # role warnings from the rules
    assert "<bdi>Sanne de Vries</bdi>: <bdi>Partnership gestart" in page  # the log


def test_list_shows_what_the_user_may_see(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    start_partnership(client, name="Zichtbaar voor leden")
    login("viewer")
    assert "Zichtbaar voor leden" in client.get("/sroi/partnerships").get_data(as_text=True)
    login("legal_reviewer")
    html = client.get("/sroi/partnerships").get_data(as_text=True)
    assert "Zichtbaar voor leden" not in html
    assert "geen partnerships die u kunt zien" in html


def test_edit_changes_goals_and_links_but_not_the_route(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    make_contract(ref="GEM-2")
    login("contract_manager")
    partnership_id = start_partnership(client, route="2B")
    form_html = client.get(f"/sroi/partnerships/{partnership_id}/bewerken").get_data(as_text=True)
    assert f"{REF}</textarea>" in form_html
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/bewerken",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "Nieuwe naam",
            "route": "2A",
            "contract_refs": f"{REF}\nGEM-2",
            "goals": "Acht banen",
            "target_group": "afstand_arbeidsmarkt",
        },
    )
    assert response.status_code == 303
    found = get_partnership(app, partnership_id)
    assert (found.name, found.route, found.goals, found.target_group) == (
        "Nieuwe naam",
        "2B",
        "Acht banen",
        "afstand_arbeidsmarkt",
    )
    assert [c.ref for c in found.contracts] == ["GEM-2", REF]  # by contract number
    assert found.events[0].summary == "Gegevens, doelstellingen of doelgroep gewijzigd."


# --- the next step ----------------------------------------------------------------------------


def _finish(app: Flask, partnership_id: int, step: str, *, leave_open: int = 0) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        tasks = session.scalars(
            select(PartnershipTask)
            .where(PartnershipTask.partnership_id == partnership_id, PartnershipTask.step == step)
            .order_by(PartnershipTask.id)  # the first `leave_open` tasks as created stay open
        ).all()
        for task in tasks[leave_open:]:
            task.status = "klaar"
        session.commit()


def test_confirm_page_lists_the_open_tasks_of_the_current_step(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    _finish(app, partnership_id, "1", leave_open=2)
    response = client.get(f"/sroi/partnerships/{partnership_id}/stap", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_fragment(html)
    assert "Van stap 1 naar stap 2B" in html
    assert "Deze 2 taken zijn in stap 1 nog niet afgerond." in html
    open_list = html.split('id="sroi-ps-open-tasks"')[1].split("</ul>")[0]
    assert open_list.count("<li>") == 2
    assert "Social return coördinator" in open_list
    assert "Toch naar stap 2B" in html
    # GET changed nothing
    assert get_partnership(app, partnership_id).current_step == "1"


def test_moving_on_is_recorded_and_shows_on_the_page(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    _finish(app, partnership_id, "1", leave_open=1)
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/stap",
        data={"csrf_token": csrf_token_of(client), "from_step": "1"},
    )
    assert response.status_code == 303
    found = get_partnership(app, partnership_id)
    assert found.current_step == "2B"
    assert found.events[0].summary == "Van stap 1 naar stap 2B met 1 open taken."
    assert found.events[0].actor_id == "u-sanne"
    html = client.get(f"/sroi/partnerships/{partnership_id}").get_data(as_text=True)
    assert "Stap 2B — Verken de mogelijkheden binnen bestaande overeenkomsten" in html


def test_moving_on_from_a_stale_page_is_refused(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    token = csrf_token_of(client)
    url = f"/sroi/partnerships/{partnership_id}/stap"
    assert client.post(url, data={"csrf_token": token, "from_step": "1"}).status_code == 303
    second = client.post(url, data={"csrf_token": token, "from_step": "1"})
    assert second.status_code == 409
    assert "intussen naar een andere stap gezet" in second.get_data(as_text=True)
    assert get_partnership(app, partnership_id).current_step == "2B"


def test_last_step_has_no_next(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        found = session.get(Partnership, partnership_id)
        assert found is not None
        found.current_step = "5"
        session.commit()
    html = client.get(f"/sroi/partnerships/{partnership_id}/stap").get_data(as_text=True)
    assert "Dit is de laatste stap van de route." in html
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/stap",
        data={"csrf_token": csrf_token_of(client), "from_step": "5"},
    )
    assert response.status_code == 409


def test_post_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("contract_manager")
    response = client.post(
        "/sroi/partnerships/nieuw",
        data={"name": "P", "route": "2A", "tender_title": "Aanbesteding"},
        headers=HTMX,
    )
    assert response.status_code == 400  # the host's CSRFProtect or the plugin's own check
    assert is_fragment(response.get_data(as_text=True))
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Partnership)).all() == []
