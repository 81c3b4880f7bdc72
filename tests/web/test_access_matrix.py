"""The access matrix: every route of the blueprint against every role.

``EXPECTED`` holds the decided status of each (endpoint, method) for each role; a route added
to the blueprint without a row here fails :func:`test_every_route_has_a_decision`. The cells
follow the README's access rules:

- every role reads the contract panels (overview, clauses, monitoring, partnership, history,
  changes); contract managers edit clauses and propose and flag changes;
- contract managers and social-return coordinators upload, map, attest and confirm monitoring
  reports and record evaluations (Bijlage II, stap 4);
- they and procurement download the monitoring template; procurement, contract managers,
  coordinators, HR advisers and viewers see the monitoring dashboard and the promising
  contracts, procurement and contract managers mark the top 3;
- procurement imports the portfolio;
- legal reviewers work the legal queue;
- contract managers, social-return coordinators and HR advisers manage partnerships, viewers
  read them, anyone else gets 403 (of the matrix's partnership only the contract manager who
  started it is a member);
- admin may do everything; anonymous gets 403 everywhere.

An allowed role gets the status of the request itself: 200 for a page, 303 after a write, 400 /
422 for the empty form that POST requests send (with a valid CSRF token, so the status reflects
access and not CSRF), 404 for an unknown upload token or import id (no preview or import is
saved: ``nope`` and ``4040`` stand for them, so those cells are 404 for every allowed role).

Every GET route is also requested as htmx requests it (``HX-Request``): a panel fragment is
refused or allowed exactly as its page is, so the same row decides both
(:func:`test_access_for_htmx`). The panel tests do not repeat these checks; they test what an
allowed or refused user sees.

Seeding a world costs about half a second, so the statuses are observed once, in one world,
by the first test that needs them; every (endpoint, method, role) is still its own test id.
GET requests run before POST requests, and refused roles leave nothing behind, so the order
only matters for the one destructive form (deleting an agenda item): there every allowed role
deletes its own item.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from tests.helpers.partnerships import tasks_of
from tests.helpers.routes import ROLES
from tests.helpers.routes import World
from tests.helpers.routes import blueprint_routes
from tests.helpers.routes import route_url
from tests.helpers.routes import seed_world
from tests.helpers.web import HTMX

NO = 403


def _row(
    allowed: int,
    *,
    viewer: int = NO,
    cm: int = NO,
    proc: int = NO,
    legal: int = NO,
    coord: int = NO,
    hr: int = NO,
) -> dict[str, int]:
    """One row: ``allowed`` for admin; the others as given (403 unless said)."""
    return {
        "viewer": viewer,
        "contract_manager": cm,
        "procurement": proc,
        "legal_reviewer": legal,
        "sr_coordinator": coord,
        "hr": hr,
        "admin": allowed,
        "anonymous": NO,
    }


def _every_role(status: int) -> dict[str, int]:
    return _row(
        status, viewer=status, cm=status, proc=status, legal=status, coord=status, hr=status
    )


def _managers(status: int) -> dict[str, int]:
    """Contract managers only (clauses and changes of the contract)."""
    return _row(status, cm=status)


def _monitors(status: int) -> dict[str, int]:
    """Contract managers and social-return coordinators (Bijlage II, stap 4)."""
    return _row(status, cm=status, coord=status)


def _partnership_managers(status: int) -> dict[str, int]:
    """Contract managers, social-return coordinators and HR advisers."""
    return _row(status, cm=status, coord=status, hr=status)


def _partnership_readers(status: int) -> dict[str, int]:
    """The partnership managers, admins and viewers (no demo user is a member of the other
    partnership: the contract manager who started it manages every partnership anyway)."""
    return _row(status, viewer=status, cm=status, coord=status, hr=status)


def _procurement(status: int) -> dict[str, int]:
    return _row(status, proc=status)


def _legal(status: int) -> dict[str, int]:
    return _row(status, legal=status)


EXPECTED: dict[tuple[str, str], dict[str, int]] = {
    # --- contract panels: every role reads; contract managers change --------------------------
    ("sroi.overview", "GET"): _every_role(200),
    ("sroi.clauses", "GET"): _every_role(200),
    ("sroi.clauses_check", "POST"): _managers(200),
    ("sroi.clauses_save", "POST"): _managers(422),
    ("sroi.history", "GET"): _every_role(200),
    ("sroi.changes", "GET"): _every_role(200),
    ("sroi.change_form", "GET"): _managers(200),
    ("sroi.change_assess", "POST"): _managers(200),
    ("sroi.change_create", "POST"): _managers(422),
    ("sroi.change_draft_form", "GET"): _managers(200),
    ("sroi.change_draft_save", "POST"): _managers(409),  # no version,
    ("sroi.change_flag", "POST"): _managers(303),
    # the modification notice's publication (legal reviewers, procurement); the world's change
    # was never allowed with publication, so no notice is due: 409
    ("sroi.change_notice", "POST"): _row(409, proc=409, legal=409),
    # the basis of the change tests (initial value, award date, indexation): procurement
    ("sroi.change_basis", "GET"): _procurement(200),
    ("sroi.change_basis", "POST"): _procurement(422),  # no initial value,
    ("sroi.monitoring", "GET"): _every_role(200),
    ("sroi.monitoring_template", "GET"): _row(422, cm=422, proc=422, coord=422),  # no period given,
    ("sroi.monitoring_upload", "POST"): _monitors(422),
    # tokens of a saved upload: none is saved, so 404 for every allowed role
    ("sroi.monitoring_confirm", "POST"): _monitors(404),
    ("sroi.monitoring_cancel", "POST"): _monitors(404),
    ("sroi.monitoring_layout", "POST"): _monitors(404),
    # a report id that was never saved
    ("sroi.monitoring_withdraw", "POST"): _monitors(404),
    # nothing reported, so not behind schedule: nothing goes on an agenda
    ("sroi.monitoring_to_agenda", "POST"): _monitors(422),
    ("sroi.evaluation", "GET"): _every_role(200),
    ("sroi.evaluation_export", "GET"): _every_role(404),  # no evaluation recorded yet,
    ("sroi.evaluation_save", "POST"): _monitors(422),
    ("sroi.partnership", "GET"): _every_role(200),
    # what needs attention on the contract, one line per panel; folding a panel is the user's
    # own preference (the empty form names no fold or unfold: 422)
    ("sroi.attention", "GET"): _every_role(200),
    # every panel of one contract, for a contract the host has no page for
    ("sroi.contract_page", "GET"): _every_role(200),
    ("sroi.panel_fold", "POST"): _every_role(422),
    # --- monitoring dashboard ------------------------------------------------------------------
    ("sroi.dashboard", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    ("sroi.dashboard_export", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    # --- legal queue -----------------------------------------------------------------------------
    ("sroi.legal_queue", "GET"): _legal(200),
    ("sroi.legal_review", "GET"): _legal(200),
    ("sroi.legal_decide", "POST"): _legal(422),
    # --- portfolio import (procurement); tokens and import id: none saved, so 404 --------------
    ("sroi.portfolio_import", "GET"): _procurement(200),
    ("sroi.portfolio_upload", "POST"): _procurement(422),
    ("sroi.portfolio_preview", "GET"): _procurement(404),
    ("sroi.portfolio_mapping", "GET"): _procurement(404),
    ("sroi.portfolio_mapping_save", "POST"): _procurement(404),
    ("sroi.portfolio_confirm", "POST"): _procurement(404),
    ("sroi.portfolio_cancel", "POST"): _procurement(404),
    ("sroi.portfolio_error_report", "GET"): _procurement(404),
    ("sroi.portfolio_import_done", "GET"): _procurement(404),
    # a background import's progress: the uploader's own job only; none kept, so 404
    ("sroi.portfolio_job", "GET"): _procurement(404),
    ("sroi.portfolio_undo", "GET"): _procurement(404),
    ("sroi.portfolio_undo", "POST"): _procurement(404),
    ("sroi.portfolio_undo_confirm", "POST"): _procurement(404),
    ("sroi.portfolio_export", "GET"): _procurement(200),
    # --- promising contracts (procurement) -------------------------------------------------------
    ("sroi.promising", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    ("sroi.promising_export", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    ("sroi.promising_mark", "POST"): _row(400, cm=400, proc=400),
    ("sroi.promising_unmark", "POST"): _row(303, cm=303, proc=303),
    # --- planned tenders (route 2A): procurement enters, the workspace's roles read ----------
    ("sroi.tenders", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    ("sroi.tender", "GET"): _row(200, viewer=200, cm=200, proc=200, coord=200, hr=200),
    ("sroi.tender_new", "GET"): _procurement(200),
    ("sroi.tender_new", "POST"): _procurement(422),  # no title,
    ("sroi.tender_edit", "GET"): _procurement(200),
    ("sroi.tender_edit", "POST"): _procurement(422),  # no title,
    # --- partnership workspace --------------------------------------------------------------------
    ("sroi.partnerships", "GET"): _every_role(200),
    ("sroi.my_tasks", "GET"): _every_role(200),
    ("sroi.matrix", "GET"): _every_role(200),
    ("sroi.matrix_cell", "GET"): _row(200),
    ("sroi.matrix_cell", "POST"): _row(303),
    ("sroi.partnership_new", "GET"): _partnership_managers(200),
    ("sroi.partnership_new", "POST"): _partnership_managers(422),
    ("sroi.partnership_detail", "GET"): _partnership_readers(200),
    ("sroi.partnership_edit", "GET"): _partnership_managers(200),
    ("sroi.partnership_edit", "POST"): _partnership_managers(422),
    ("sroi.partnership_matrix", "GET"): _partnership_readers(200),
    ("sroi.partnership_people", "GET"): _partnership_readers(200),
    ("sroi.partnership_person", "GET"): _partnership_managers(200),
    ("sroi.partnership_person", "POST"): _partnership_managers(422),
    ("sroi.partnership_person_add", "POST"): _partnership_managers(422),
    ("sroi.partnership_step", "GET"): _partnership_managers(200),
    ("sroi.partnership_step", "POST"): _partnership_managers(409),
    # parking or closing: the empty form names no outcome (422); reopening an active one: 409
    ("sroi.partnership_end", "GET"): _partnership_managers(200),
    ("sroi.partnership_end", "POST"): _partnership_managers(422),
    ("sroi.partnership_reopen", "POST"): _partnership_managers(409),
    ("sroi.partnership_task", "GET"): _partnership_readers(200),
    ("sroi.partnership_task", "POST"): _partnership_managers(422),
    ("sroi.meeting", "GET"): _partnership_readers(200),
    ("sroi.meeting_ics", "GET"): _partnership_readers(200),
    ("sroi.meeting_new", "GET"): _partnership_managers(200),
    ("sroi.meeting_new", "POST"): _partnership_managers(422),
    ("sroi.meeting_edit", "GET"): _partnership_managers(200),
    ("sroi.meeting_edit", "POST"): _partnership_managers(422),
    ("sroi.meeting_item_add", "POST"): _partnership_managers(422),
    ("sroi.meeting_item_edit", "GET"): _partnership_managers(200),
    ("sroi.meeting_item_edit", "POST"): _partnership_managers(422),
    ("sroi.meeting_item_move", "POST"): _partnership_managers(400),
    ("sroi.meeting_item_notes", "POST"): _partnership_managers(303),
    ("sroi.meeting_item_delete", "POST"): _partnership_managers(303),
    ("sroi.meeting_action_add", "POST"): _partnership_managers(422),
    ("sroi.meeting_action_update", "POST"): _partnership_managers(303),
    ("sroi.brainstorm", "GET"): _partnership_readers(200),
    ("sroi.brainstorm_new", "GET"): _partnership_managers(200),
    ("sroi.brainstorm_new", "POST"): _partnership_managers(303),  # every field is optional,
    ("sroi.brainstorm_edit", "GET"): _partnership_managers(200),
    ("sroi.brainstorm_edit", "POST"): _partnership_managers(409),  # no version: someone else saved,
}

#: Deleting is the one request that removes the object the URL names: each allowed role
#: deletes an item of its own, so the order of the roles does not decide the status.
DESTRUCTIVE = {("sroi.meeting_item_delete", "POST")}


def _routes(app: Flask) -> set[tuple[str, str]]:
    return blueprint_routes(app)


def test_every_route_has_a_decision(app: Flask) -> None:
    routes = _routes(app)
    assert sorted(routes - EXPECTED.keys()) == [], "routes without a decision in EXPECTED"
    assert sorted(EXPECTED.keys() - routes) == [], "decisions for routes that no longer exist"


def test_every_cell_is_a_status_the_rules_allow() -> None:
    for key, row in EXPECTED.items():
        assert set(row) == {*ROLES}, key
        assert row["anonymous"] == NO, key
        assert row["admin"] != NO, key  # admin may do everything
        assert set(row.values()) <= {200, 302, 303, 400, 403, 404, 409, 422}, key


# --- the world the URLs point into ------------------------------------------------------------


# (seeded by tests.helpers.routes.seed_world)


#: How a request is sent: plainly (a link, a form), or by htmx (``HX-Request``: GET only).
PLAIN = "plain"
HTMX_GET = "htmx"


def _observe(
    app: Flask, client: FlaskClient, login: Callable[[str], None], world: World
) -> dict[tuple[str, str, str], dict[str, int]]:
    observed: dict[tuple[str, str, str], dict[str, int]] = {}
    # GETs first: no GET changes anything, so every POST still finds the seeded objects
    for endpoint, method in sorted(_routes(app), key=lambda key: (key[1] != "GET", key)):
        row = observed.setdefault((endpoint, method, PLAIN), {})
        for role in ROLES:
            url = route_url(app, endpoint, world, role)
            login(role)
            if method == "GET":
                response = client.get(url)
                fragment = client.get(url, headers=HTMX)
                observed.setdefault((endpoint, method, HTMX_GET), {})[role] = fragment.status_code
            else:
                response = client.post(url, data={"csrf_token": world.csrf})
            row[role] = response.status_code
    return observed


_OBSERVED: dict[tuple[str, str, str], dict[str, int]] = {}


def _observed(request: pytest.FixtureRequest) -> dict[tuple[str, str, str], dict[str, int]]:
    """The statuses of every route for every role, both ways of asking, in one seeded world."""
    if not _OBSERVED:
        app = request.getfixturevalue("app")
        client = request.getfixturevalue("client")
        login = request.getfixturevalue("login")
        world = seed_world(app, client, login, request.getfixturevalue("make_contract"))
        _OBSERVED.update(_observe(app, client, login, world))
    return _OBSERVED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method"), sorted(EXPECTED))
def test_access(request: pytest.FixtureRequest, endpoint: str, method: str, role: str) -> None:
    observed = _observed(request)
    assert (endpoint, method, PLAIN) in observed, "route no longer exists"
    assert observed[endpoint, method, PLAIN][role] == EXPECTED[endpoint, method][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(e for e, method in EXPECTED if method == "GET"))
def test_access_for_htmx(request: pytest.FixtureRequest, endpoint: str, role: str) -> None:
    observed = _observed(request)
    assert (endpoint, "GET", HTMX_GET) in observed, "route no longer exists"
    assert observed[endpoint, "GET", HTMX_GET][role] == EXPECTED[endpoint, "GET"][role]


# --- objects: a member of one partnership guessing the ids of another ------------------------


@pytest.fixture
def world(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> World:
    return seed_world(app, client, login, make_contract)


def test_member_reads_their_own_partnership(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    own = f"/sroi/partnerships/{world.own}"
    assert client.get(own).status_code == 200
    assert client.get(f"{own}/taken/{world.own_task}").status_code == 200
    assert client.get(f"{own}/overleggen/{world.own_meeting}").status_code == 200


def _guesses(world: World) -> list[str]:
    """URLs of the other partnership's objects: under their own id, and under the member's."""
    urls = []
    for partnership in (world.other, world.own):
        base = f"/sroi/partnerships/{partnership}"
        urls += [
            f"{base}/taken/{world.task}",
            f"{base}/overleggen/{world.meeting}",
            f"{base}/overleggen/{world.meeting}/bewerken",
            f"{base}/overleggen/{world.meeting}/uitnodiging.ics",
            f"{base}/overleggen/{world.meeting}/agendapunten/{world.items[0]}",
            f"{base}/personen/{world.person}",
            f"{base}/brainstorms/{world.brainstorm}",
        ]
    return urls


def _refusal(url: str, world: World) -> int:
    """Through the other partnership's URL: 403. Through the member's own partnership: 404 where
    a member may go (reading, updating a task or an action item), 403 where only managers may."""
    if url.startswith(f"/sroi/partnerships/{world.other}/"):
        return 403
    member_reaches = (
        f"/taken/{world.task}",
        f"/overleggen/{world.meeting}",
        f"/overleggen/{world.meeting}/uitnodiging.ics",
        f"/brainstorms/{world.brainstorm}",
        f"/actiepunten/{world.action}",
    )
    return 404 if url.endswith(member_reaches) else 403


def test_member_cannot_read_another_partnerships_objects_by_guessing_ids(
    client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    statuses = {url: client.get(url).status_code for url in _guesses(world)}
    # through the other partnership's URL: no access; through their own: no such object there
    assert statuses == {url: _refusal(url, world) for url in statuses}


def test_member_cannot_change_another_partnerships_objects_by_guessing_ids(
    app: Flask, client: FlaskClient, login: Callable[[str], None], world: World
) -> None:
    login("procurement")
    forms: dict[str, dict[str, str]] = {
        f"taken/{world.task}": {"status": "klaar", "version": "1", "notes": "geraden"},
        f"overleggen/{world.meeting}/bewerken": {
            "kind": "kennismaking",
            "meeting_date": "2027-01-01",
        },
        f"overleggen/{world.meeting}/agendapunten": {"title": "Geraden punt"},
        f"overleggen/{world.meeting}/agendapunten/{world.items[0]}/verwijderen": {},
        f"overleggen/{world.meeting}/actiepunten": {"text": "Geraden actie", "owner_id": ""},
        f"actiepunten/{world.action}": {"done": "1"},
        f"personen/{world.person}": {"name": "Geraden", "organisation": "eigen"},
    }
    statuses = {}
    for partnership in (world.other, world.own):
        for path, form in forms.items():
            url = f"/sroi/partnerships/{partnership}/{path}"
            data = {"csrf_token": world.csrf, **form}
            statuses[url] = client.post(url, data=data).status_code
    assert statuses == {url: _refusal(url, world) for url in statuses}
    assert [t.status for t in tasks_of(app, world.other)] == ["open"] * len(
        tasks_of(app, world.other)
    )
    login("contract_manager")
    meeting = client.get(f"/sroi/partnerships/{world.other}/overleggen/{world.meeting}")
    html = meeting.get_data(as_text=True)
    assert "Geraden" not in html
    assert f'id="agendapunt-{world.items[0]}"' in html
