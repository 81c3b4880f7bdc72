"""Access to the partnership workspace: role × endpoint, and object-level checks.

Contract managers and admins manage; a person with a role (linked by user id) sees the
partnership and updates their own tasks; viewers read; anyone else gets a 403, and cannot reach
another partnership's objects by guessing ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

ROLES = ["contract_manager", "admin", "viewer", "member", "legal_reviewer", "anonymous"]


@dataclass(frozen=True)
class World:
    """A partnership with a member (Pieter, procurement) and one of everything."""

    partnership: int
    other: int
    task: int
    own_task: int
    other_task: int
    meeting: int
    item: int
    person: int
    brainstorm: int
    action: int
    other_action: int


@pytest.fixture
def world(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> World:
    make_contract()
    login("contract_manager")
    partnership = start_partnership(client)
    person = add_person(client, partnership, "Pieter Jansen", ["hr_expert"], user_id="u-pieter")
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    html = client.get(f"/sroi/partnerships/{partnership}/overleggen/{meeting}").get_data(
        as_text=True
    )
    item = int(re.findall(r'id="agendapunt-(\d+)"', html)[0])
    token = csrf_token_of(client)
    client.post(
        f"/sroi/partnerships/{partnership}/overleggen/{meeting}/actiepunten",
        data={"csrf_token": token, "text": "Iets regelen voor de kennismaking", "owner_id": ""},
    )
    response = client.post(
        f"/sroi/partnerships/{partnership}/brainstorms/nieuw",
        data={"csrf_token": token, "contract_id": "", "title": "Aanbesteding"},
    )
    brainstorm = int(response.headers["Location"].rsplit("/", 1)[1])
    other = start_partnership(client, name="Andere partnership")
    other_meeting = plan_meeting(client, other, "kennismaking", "2026-12-04")
    client.post(
        f"/sroi/partnerships/{other}/overleggen/{other_meeting}/actiepunten",
        data={"csrf_token": token, "text": "Actie van een andere partnership", "owner_id": ""},
    )
    tasks = tasks_of(app, partnership)
    own = next(t for t in tasks if t.role == "hr_expert")
    action = _action_id(client, partnership, meeting)
    other_action = _action_id(client, other, other_meeting)
    return World(
        partnership=partnership,
        other=other,
        task=tasks[0].id,
        own_task=own.id,
        other_task=tasks_of(app, other)[0].id,
        meeting=meeting,
        item=item,
        person=person,
        brainstorm=brainstorm,
        action=action,
        other_action=other_action,
    )


def _action_id(client: FlaskClient, partnership: int, meeting: int) -> int:
    html = client.get(f"/sroi/partnerships/{partnership}/overleggen/{meeting}").get_data(
        as_text=True
    )
    return int(re.findall(rf"/partnerships/{partnership}/actiepunten/(\d+)", html)[0])


def _act_as(login: Callable[[str], None], role: str) -> None:
    login("procurement" if role == "member" else role)


READ_URLS = [
    "/sroi/partnerships/{w.partnership}",
    "/sroi/partnerships/{w.partnership}/personen",
    "/sroi/partnerships/{w.partnership}/matrix",
    "/sroi/partnerships/{w.partnership}/taken/{w.task}",
    "/sroi/partnerships/{w.partnership}/overleggen/{w.meeting}",
    "/sroi/partnerships/{w.partnership}/overleggen/{w.meeting}/uitnodiging.ics",
    "/sroi/partnerships/{w.partnership}/brainstorms/{w.brainstorm}",
]
MANAGE_URLS = [
    "/sroi/partnerships/{w.partnership}/bewerken",
    "/sroi/partnerships/{w.partnership}/stap",
    "/sroi/partnerships/{w.partnership}/personen/{w.person}",
    "/sroi/partnerships/{w.partnership}/overleggen/nieuw",
    "/sroi/partnerships/{w.partnership}/overleggen/{w.meeting}/bewerken",
    "/sroi/partnerships/{w.partnership}/overleggen/{w.meeting}/agendapunten/{w.item}",
    "/sroi/partnerships/{w.partnership}/brainstorms/nieuw",
    "/sroi/partnerships/{w.partnership}/brainstorms/{w.brainstorm}/bewerken",
]
READERS = {"contract_manager", "admin", "viewer", "member"}
MANAGERS = {"contract_manager", "admin"}


def _statuses(client: FlaskClient, urls: list[str], world: World) -> dict[str, int]:
    return {url: client.get(url.format(w=world), headers=HTMX).status_code for url in urls}


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_partnership(
    client: FlaskClient, login: Callable[[str], None], world: World, role: str
) -> None:
    _act_as(login, role)
    expected = 200 if role in READERS else 403
    assert _statuses(client, READ_URLS, world) == dict.fromkeys(READ_URLS, expected)


@pytest.mark.parametrize("role", ROLES)
def test_managing_a_partnership(
    client: FlaskClient, login: Callable[[str], None], world: World, role: str
) -> None:
    _act_as(login, role)
    expected = 200 if role in MANAGERS else 403
    assert _statuses(client, MANAGE_URLS, world) == dict.fromkeys(MANAGE_URLS, expected)


EVERYONE = {"contract_manager", "admin", "viewer", "member", "legal_reviewer"}
WORKSPACE = {
    "/sroi/partnerships": EVERYONE,
    "/sroi/mijn-taken": EVERYONE,
    "/sroi/matrix": EVERYONE,
    "/sroi/partnerships/nieuw": MANAGERS,
    "/sroi/matrix/1/hr_expert": {"admin"},
    "/sroi/contracten/GEM-2025-0001/partnership": EVERYONE,
}


@pytest.mark.parametrize("role", ROLES)
def test_workspace_pages(
    client: FlaskClient, login: Callable[[str], None], world: World, role: str
) -> None:
    _act_as(login, role)
    expected = {url: 200 if role in allowed else 403 for url, allowed in WORKSPACE.items()}
    assert _statuses(client, list(WORKSPACE), world) == expected


def test_every_page_is_a_fragment_for_htmx_and_a_page_otherwise(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("admin")
    pages = [url for url in READ_URLS + MANAGE_URLS if not url.endswith(".ics")] + list(WORKSPACE)
    for url in pages:
        fragment = client.get(url.format(w=world), headers=HTMX).get_data(as_text=True)
        assert is_fragment(fragment) and 'class="sroi-panel' in fragment, url
        page = client.get(url.format(w=world)).get_data(as_text=True)
        assert page.startswith("<!doctype html>") and 'class="sroi-panel' in page, url


def test_outsider_403_says_why(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("legal_reviewer")
    response = client.get(f"/sroi/partnerships/{world.partnership}", headers=HTMX)
    assert (
        "Alleen contractmanagers, social-returncoördinatoren, HR-adviseurs, raadplegers en "
        "mensen met een rol" in response.get_data(as_text=True)
    )


def test_person_without_a_role_is_no_member(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    add_person(client, world.partnership, "Fatima El Amrani", [], user_id="u-fatima")
    login("legal_reviewer")
    assert client.get(f"/sroi/partnerships/{world.partnership}").status_code == 403


# --- guessing ids -----------------------------------------------------------------------------


def _post_task(client: FlaskClient, partnership: int, task: int) -> int:
    return client.post(
        f"/sroi/partnerships/{partnership}/taken/{task}",
        data={"csrf_token": csrf_token_of(client), "status": "klaar", "version": "1"},
        headers=HTMX,
    ).status_code


def test_outsider_cannot_read_or_change_tasks_by_guessing_ids(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("legal_reviewer")
    for task in (world.task, world.own_task):
        assert client.get(f"/sroi/partnerships/{world.partnership}/taken/{task}").status_code == 403
        assert _post_task(client, world.partnership, task) == 403


def test_member_cannot_reach_another_partnerships_task_through_their_own(
    app: Flask, client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    # via the other partnership: not a member there
    assert (
        client.get(f"/sroi/partnerships/{world.other}/taken/{world.other_task}").status_code == 403
    )
    # the other partnership's task id under their own partnership: it does not exist there
    own_url = f"/sroi/partnerships/{world.partnership}/taken/{world.other_task}"
    assert client.get(own_url).status_code == 404
    assert _post_task(client, world.partnership, world.other_task) == 404
    assert all(t.status == "open" for t in tasks_of(app, world.other))


def test_member_updates_own_task_but_not_anothers(
    app: Flask, client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    assert _post_task(client, world.partnership, world.task) == 403  # sr coordinator's task
    assert _post_task(client, world.partnership, world.own_task) == 200


def test_action_items_of_another_partnership_are_404(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("contract_manager")
    response = client.post(
        f"/sroi/partnerships/{world.partnership}/actiepunten/{world.other_action}",
        data={"csrf_token": csrf_token_of(client), "done": "1"},
        headers=HTMX,
    )
    assert response.status_code == 404


def test_member_cannot_tick_off_an_action_they_do_not_own(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    response = client.post(
        f"/sroi/partnerships/{world.partnership}/actiepunten/{world.action}",
        data={"csrf_token": csrf_token_of(client), "done": "1"},
        headers=HTMX,
    )
    assert response.status_code == 403


def test_meeting_and_brainstorm_of_another_partnership_are_404(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("contract_manager")
    other_meeting = f"/sroi/partnerships/{world.other}/overleggen/{world.meeting}"
    assert client.get(other_meeting).status_code == 404
    other_brainstorm = f"/sroi/partnerships/{world.other}/brainstorms/{world.brainstorm}"
    assert client.get(other_brainstorm).status_code == 404
    assert client.get(f"/sroi/partnerships/{world.other + 1000}").status_code == 404
