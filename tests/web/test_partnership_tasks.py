"""Tasks: the steps × roles grid, updating a task (own tasks only for members), version
conflicts, and "Mijn taken" across partnerships with overdue tasks first."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from sroi_plugin.models import Contract
from sroi_plugin.models import PartnershipTask
from sroi_plugin.web.errors import CONFLICT_MESSAGE
from sroi_plugin.web.partnerships import tasks as tasks_module
from sroi_plugin.web.partnerships.access import commit_or_conflict
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import follow
from tests.helpers.web import is_fragment


def _task(app: Flask, partnership_id: int, step: str, role: str) -> PartnershipTask:
    found = [t for t in tasks_of(app, partnership_id) if (t.step, t.role) == (step, role)]
    assert len(found) == 1
    return found[0]


def _update(
    client: FlaskClient,
    partnership_id: int,
    task: PartnershipTask,
    *,
    status: str = "klaar",
    due: str = "",
    notes: str = "",
    version: int | None = None,
    htmx: bool = False,
) -> int:
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": status,
            "due_date": due,
            "notes": notes,
            "version": str(task.version if version is None else version),
        },
        headers=HTMX if htmx else {},
    )
    return response.status_code


def _with_member(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> int:
    """A partnership where Pieter (procurement, u-pieter) is the HR expert."""
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    add_person(client, partnership_id, "Pieter Jansen", ["hr_expert"], user_id="u-pieter")
    add_person(client, partnership_id, "Anna Visser", ["project_coordinator"])
    return partnership_id


def test_grid_fragment_and_page_show_each_cells_status(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    assert _update(client, partnership_id, task, status="bezig") == 303
    url = f"/sroi/partnerships/{partnership_id}/matrix"
    fragment = client.get(url, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-partnership-matrix"' in fragment
    page = client.get(url).get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    columns = re.findall(r'<th scope="col"[^>]*>Stap (\w+)', page)
    assert columns == ["1", "2B", "3", "4", "5"]  # route 2B: no 2A column
    rows = re.findall(r'<th scope="row">([^<\n]+)', page)
    assert rows[:2] == ["Social return coördinator", "Projectcoördinator"]
    assert len(rows) == 9
    badge = '<span class="sroi-ps-status sroi-ps-status-bezig">Bezig'
    assert f'taken/{task.id}" title="{task.text}">{badge}' in page
    assert page.count("sroi-ps-status-open") == len(tasks_of(app, partnership_id)) - 1
    assert "Pieter Jansen" in page  # who does the HR expert's tasks


def test_member_updates_their_own_task_with_who_and_when(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    login("procurement")
    page = client.get(f"/sroi/partnerships/{partnership_id}/taken/{task.id}").get_data(as_text=True)
    assert "Opslaan" in page
    assert _update(client, partnership_id, task, due="31-12-2026", notes="Doelgroep gekozen") == 303
    saved = _task(app, partnership_id, "1", "hr_expert")
    assert (saved.status, saved.due_date, saved.notes) == (
        "klaar",
        date(2026, 12, 31),
        "Doelgroep gekozen",
    )
    assert (saved.updated_by_id, saved.updated_by_name) == ("u-pieter", "Pieter Jansen")
    assert saved.updated_at is not None
    grid = client.get(f"/sroi/partnerships/{partnership_id}/matrix").get_data(as_text=True)
    assert "U kunt de taken van uw eigen rollen bijwerken" in grid
    hr_tasks = [t for t in tasks_of(app, partnership_id) if t.role == "hr_expert"]
    assert grid.count("sroi-ps-mine") == len(hr_tasks)


def test_member_cannot_update_someone_elses_task(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "project_coordinator")
    login("procurement")
    html = client.get(f"/sroi/partnerships/{partnership_id}/taken/{task.id}").get_data(as_text=True)
    assert "U kunt deze taak niet bijwerken" in html
    assert _update(client, partnership_id, task) == 403
    assert _task(app, partnership_id, "1", "project_coordinator").status == "open"


def test_stand_in_updates_the_unheld_roles_task(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    add_person(client, partnership_id, "Pieter Jansen", ["project_coordinator"], user_id="u-pieter")
    task = _task(app, partnership_id, "1", "sr_coordinator")
    login("procurement")
    assert _update(client, partnership_id, task, status="bezig") == 303
    html = client.get("/sroi/mijn-taken").get_data(as_text=True)
    assert task.text in html
    assert "(u vervangt: niemand vervult deze rol)" in html


def test_viewer_reads_but_cannot_update(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    login("viewer")
    html = client.get(f"/sroi/partnerships/{partnership_id}/taken/{task.id}").get_data(as_text=True)
    assert task.text in html and "<form" not in html.split('id="sroi-partnership-task"')[1]
    assert _update(client, partnership_id, task) == 403


def test_invalid_date_keeps_the_input(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "bezig",
            "due_date": "31-13-2026",
            "notes": "Gesprek met UWV gepland",
            "version": str(task.version),
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and is_fragment(html)
    assert "Deadline: &#39;31-13-2026&#39; is geen geldige datum (schrijf 31-12-2026)." in html
    assert 'value="31-13-2026"' in html
    assert "Gesprek met UWV gepland</textarea>" in html
    assert _task(app, partnership_id, "1", "hr_expert").status == "open"


def test_concurrent_edit_is_a_409_that_keeps_the_input(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    assert _update(client, partnership_id, task, status="bezig") == 303
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "klaar",
            "due_date": "",
            "notes": "Mijn aantekening",
            "version": str(task.version),  # the version the second user loaded
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "heeft deze taak intussen gewijzigd (status nu: Bezig)" in html
    assert "Mijn aantekening</textarea>" in html
    assert _task(app, partnership_id, "1", "hr_expert").status == "bezig"


def test_htmx_save_rerenders_the_task(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "nvt",
            "version": str(task.version),
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_fragment(html)
    assert "Taak opgeslagen." in html and "sroi-ps-status-nvt" in html


def test_my_tasks_current_step_first_then_overdue_then_by_due_date(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    other = start_partnership(client, name="Tweede partnership")
    add_person(client, other, "Pieter Jansen", ["procurement_expert"], user_id="u-pieter")
    with app.app_context():
        session = app.extensions["sroi"].db.session
        tasks = {
            (t.partnership_id, t.step, t.role): t for t in session.scalars(select(PartnershipTask))
        }
        tasks[(partnership_id, "1", "hr_expert")].due_date = date(2027, 3, 1)
        tasks[(partnership_id, "3", "hr_expert")].due_date = date(2026, 11, 1)  # overdue
        tasks[(other, "2B", "procurement_expert")].due_date = date(2026, 12, 1)
        tasks[(partnership_id, "2B", "hr_expert")].status = "klaar"
        session.commit()
        texts = {key: t.text for key, t in tasks.items()}
    login("procurement")
    response = client.get("/sroi/mijn-taken", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_fragment(html)
    current, others = html.split('<details class="sroi-ps-other-tasks">')
    # both partnerships are in step 1: its tasks come first, the earliest deadline first
    assert texts[(other, "1", "procurement_expert")] in current
    assert current.index(texts[(other, "1", "procurement_expert")]) < current.index(
        texts[(partnership_id, "1", "hr_expert")]
    )
    order = [
        others.index(texts[(partnership_id, "3", "hr_expert")]),  # overdue
        others.index(texts[(other, "2B", "procurement_expert")]),
        others.index(texts[(partnership_id, "4", "hr_expert")]),  # no due date: last
    ]
    assert order == sorted(order)
    assert "Taken in andere stappen (" in others and "waarvan 1 te laat)" in others
    assert "Te laat (01-11-2026)" in others
    assert "(partnership staat in stap 1)" in others
    assert texts[(partnership_id, "2B", "hr_expert")] not in html  # done
    assert texts[(partnership_id, "1", "project_coordinator")] not in html  # not Pieter's
    assert "Tweede partnership" in html
    assert client.get("/sroi/mijn-taken").get_data(as_text=True).startswith("<!doctype html>")


def test_starting_a_partnership_and_a_step_sets_due_dates(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    # TODAY is wo 25-11-2026; step 1 takes 42 days: wo 06-01-2027
    due = {t.step: t.due_date for t in tasks_of(app, partnership_id)}
    assert due["1"] == date(2027, 1, 6)
    assert due["2B"] is None and due["3"] is None
    own = _task(app, partnership_id, "2B", "contract_manager")
    assert _update(client, partnership_id, own, status="bezig", due="01-02-2027") == 303
    client.post(
        f"/sroi/partnerships/{partnership_id}/stap",
        data={"csrf_token": csrf_token_of(client), "from_step": "1"},
    )
    after = {(t.step, t.role): t.due_date for t in tasks_of(app, partnership_id)}
    # 2B takes 60 days: zo 24-01-2027, so the next working day, ma 25-01-2027
    assert after[("2B", "hr_expert")] == date(2027, 1, 25)
    assert after[("2B", "contract_manager")] == date(2027, 2, 1)  # set by hand: kept
    assert after[("3", "hr_expert")] is None


def test_saving_a_task_from_my_tasks_confirms_it(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")
    login("procurement")
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "bezig",
            "due_date": "15-01-2027",
            "notes": "",
            "version": str(task.version),
            "terug": "mijn-taken",
        },
    )
    url, html = follow(client, response)
    assert url == f"/sroi/mijn-taken?opgeslagen={task.id}"
    assert "Taak opgeslagen. <bdi>" + task.text[:40] in html
    assert f'sroi-ps-just-saved" id="sroi-my-task-{task.id}"' in html
    assert "Deadline 15-01-2027" in html
    assert "Taak opgeslagen." not in client.get("/sroi/mijn-taken").get_data(as_text=True)
    login("contract_manager")
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "klaar",
            "due_date": "15-01-2027",
            "notes": "",
            "version": str(task.version + 1),
        },
    )
    url, html = follow(client, response)
    assert url == f"/sroi/partnerships/{partnership_id}/matrix?opgeslagen={task.id}"
    assert "Taak opgeslagen: <bdi>" + task.text[:40] in html


def test_my_tasks_lists_open_action_items_the_user_owns(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    meeting_id = plan_meeting(client, partnership_id, "kennismaking", "2026-11-10")
    html = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    pieter = re.search(
        r'personen/(\d+)"[^>]*>Wijzigen<span class="sroi-ps-sr-only"> <bdi>Pieter', html
    )
    assert pieter
    client.post(
        f"/sroi/partnerships/{partnership_id}/overleggen/{meeting_id}/actiepunten",
        data={
            "csrf_token": csrf_token_of(client),
            "text": "Vacatures bij de opdrachtnemer opvragen",
            "owner_id": pieter.group(1),
            "due_date": "2026-11-20",
        },
    )
    login("procurement")
    html = client.get("/sroi/mijn-taken").get_data(as_text=True)
    assert "Vacatures bij de opdrachtnemer opvragen" in html
    assert "Te laat (20-11-2026)" in html


def test_my_tasks_matches_a_user_id_that_is_an_email_address(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    add_person(client, partnership_id, "Anna Visser", ["hr_expert"], email="Anna@Voorbeeldstad.nl")
    task = _task(app, partnership_id, "1", "hr_expert")
    app.config["SROI_TRUSTED_HEADERS"] = True
    headers = {"X-Remote-User": "anna@voorbeeldstad.nl", "X-Remote-Roles": "procurement"}
    html = client.get("/sroi/mijn-taken", headers=headers).get_data(as_text=True)
    assert task.text in html


def test_my_tasks_says_when_the_user_is_in_no_partnership(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("legal_reviewer")
    html = client.get("/sroi/mijn-taken").get_data(as_text=True)
    assert (
        "U bent in geen enkele partnership aan een persoon gekoppeld (gebruikers-id u-fatima)"
        in html
    )


def test_a_save_racing_another_is_a_dutch_409_not_a_server_error(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    partnership_id = _with_member(client, login, make_contract)
    task_id = _task(app, partnership_id, "1", "hr_expert").id
    with app.test_request_context():
        session = app.extensions["sroi"].db.session
        task = session.get(PartnershipTask, task_id)
        assert task is not None
        with app.extensions["sroi"].db.engine.begin() as other_connection:  # someone else saves
            other_connection.execute(
                update(PartnershipTask)
                .where(PartnershipTask.id == task_id)
                .values(status="bezig", version=PartnershipTask.version + 1)
            )
        task.status = "klaar"
        with pytest.raises(HTTPException) as refused:
            commit_or_conflict()
        assert refused.value.code == 409
        assert "Iemand anders heeft dit intussen gewijzigd" in str(refused.value.description)
    assert _task(app, partnership_id, "1", "hr_expert").status == "bezig"


def test_a_lost_race_flushed_outside_the_commit_is_still_a_dutch_409(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The blueprint's net: an optimistic-lock error no view caught is rolled back, 409."""
    partnership_id = _with_member(client, login, make_contract)
    task = _task(app, partnership_id, "1", "hr_expert")

    def flush_lost() -> bool:
        raise StaleDataError("UPDATE statement on table 'sroi_partnership_task' matched 0 rows")

    monkeypatch.setattr(tasks_module, "committed", flush_lost)
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "klaar",
            "due_date": "",
            "notes": "Mijn aantekening",
            "version": str(task.version),
        },
        headers=HTMX,
    )
    assert response.status_code == 409
    assert CONFLICT_MESSAGE in response.get_data(as_text=True)
    stored = _task(app, partnership_id, "1", "hr_expert")
    assert (stored.status, stored.version) == (task.status, task.version)  # rolled back
