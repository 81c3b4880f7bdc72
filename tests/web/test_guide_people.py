"""The guide's people as users: the social-return coordinator and the HR adviser.

Bijlage II makes the coordinator the driver of the partnership and gives them the monitoring
(row 4); HR sits in the werkgroep (rows 1–3) and reports results to HR management (row 4).
Whoever starts a partnership joins it, and the working group of a contract (its partnerships'
members) sees exact counts of placed persons.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipPerson
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import seed_report
from tests.helpers.partnerships import REF
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

MONITORING = f"/sroi/contracten/{REF}/monitoring"


def _persons(app: Flask, partnership_id: int) -> list[tuple[str, str | None, list[str]]]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        persons = session.scalars(
            select(PartnershipPerson).where(PartnershipPerson.partnership_id == partnership_id)
        ).all()
        return [(p.name, p.user_id, p.role_keys) for p in persons]


# --- the starter joins the partnership --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "person"),
    [
        ("contract_manager", ("Sanne de Vries", "u-sanne", ["contract_manager"])),
        ("sr_coordinator", ("Ilse Vermeulen", "u-ilse", ["sr_coordinator"])),
        ("hr", ("Mohamed Ouali", "u-mohamed", ["hr_expert"])),
    ],
)
def test_the_starter_becomes_a_member_in_the_column_of_their_role(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
    person: tuple[str, str, list[str]],
) -> None:
    make_contract()
    login(role)
    partnership_id = start_partnership(client)
    assert _persons(app, partnership_id) == [person]
    people = client.get(f"/sroi/partnerships/{partnership_id}/personen").get_data(as_text=True)
    assert person[0] in people
    detail = client.get(f"/sroi/partnerships/{partnership_id}").get_data(as_text=True)
    assert f"{person[0]} toegevoegd als starter" in detail


def test_no_werkgroep_without_contract_manager_right_after_a_contract_manager_starts(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)
    detail = client.get(f"/sroi/partnerships/{partnership_id}").get_data(as_text=True)
    assert "Werkgroep zonder contractmanager" not in detail
    # the departments nobody holds yet are still asked for
    assert "Werkgroep zonder HR/manager banenafspraak" in detail


def test_an_admin_who_starts_a_partnership_holds_no_column_and_is_not_added(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("admin")
    partnership_id = start_partnership(client)
    assert _persons(app, partnership_id) == []


# --- the coordinator and HR run partnerships --------------------------------------------------


@pytest.mark.parametrize("role", ["sr_coordinator", "hr"])
def test_coordinator_and_hr_assign_roles_and_complete_any_task(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
) -> None:
    make_contract()
    login("contract_manager")
    partnership_id = start_partnership(client)  # started by someone else: they manage it anyway
    login(role)
    add_person(client, partnership_id, "Joost Kramer", ["project_coordinator"], user_id="u-j")
    task = next(t for t in tasks_of(app, partnership_id) if t.role == "executive")
    response = client.post(
        f"/sroi/partnerships/{partnership_id}/taken/{task.id}",
        data={
            "csrf_token": csrf_token_of(client),
            "status": "klaar",
            "version": str(task.version),
            "notes": "Principebesluit genomen",
        },
    )
    assert response.status_code == 303
    assert {t.id: t.status for t in tasks_of(app, partnership_id)}[task.id] == "klaar"
    assert ("Joost Kramer", "u-j", ["project_coordinator"]) in _persons(app, partnership_id)


@pytest.mark.parametrize("role", ["viewer", "legal_reviewer"])
def test_roles_outside_the_werkgroep_still_cannot_start_a_partnership(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
) -> None:
    make_contract()
    login(role)
    response = client.get("/sroi/partnerships/nieuw", headers=HTMX)
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Hiervoor is de rol contractmanager, social-returncoördinator" in html
    assert "HR-adviseur" in html


# --- monitoring: the coordinator uploads and evaluates, HR reads ------------------------------


def _preview(client: FlaskClient) -> tuple[int, str]:
    response = client.post(
        f"{MONITORING}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(filled()), "q3.xlsx")},
        headers=HTMX,
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def test_the_coordinator_uploads_attests_and_confirms_a_report(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("sr_coordinator")
    panel = client.get(MONITORING, headers=HTMX).get_data(as_text=True)
    assert f"{MONITORING}/upload" in panel
    status, html = _preview(client)
    assert status == 200
    match = re.search(r'action="([^"]+/bevestigen)"', html)
    assert match
    done = client.post(match.group(1), data={"csrf_token": csrf_token_of(client), **ATTESTATION})
    assert done.status_code == 303
    with app.app_context():
        session = app.extensions["sroi"].db.session
        (report,) = session.scalars(select(MonitoringReport)).all()
        assert (report.uploaded_by_id, report.attested_by_name) == ("u-ilse", "J. Jansen")


def test_the_coordinator_records_an_evaluation_and_hr_cannot(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    url = f"/sroi/contracten/{REF}/evaluatie"
    data = {"impact": "Vier mensen aan het werk.", "based_on": "0"}
    login("hr")
    assert f'action="{url}"' not in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"csrf_token": csrf_token_of(client), **data})
    assert refused.status_code == 403
    login("sr_coordinator")
    assert f'action="{url}"' in client.get(url).get_data(as_text=True)
    saved = client.post(url, data={"csrf_token": csrf_token_of(client), **data})
    assert saved.status_code == 302
    with app.app_context():
        session = app.extensions["sroi"].db.session
        (evaluation,) = session.scalars(select(Evaluation)).all()
        assert evaluation.created_by_name == "Ilse Vermeulen"


def test_hr_reads_monitoring_and_the_dashboard_but_does_not_upload(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("hr")
    panel = client.get(MONITORING, headers=HTMX)
    assert panel.status_code == 200
    assert f"{MONITORING}/upload" not in panel.get_data(as_text=True)
    assert _preview(client)[0] == 403
    assert client.get("/sroi/monitoring/dashboard").status_code == 200


# --- exact counts for the working group --------------------------------------------------------


def _seed_two_persons(app: Flask) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalar(select(Contract.id).where(Contract.ref == REF))
        seed_report(
            session, contract_id, Q3_2026, [("ex_gedetineerden", "dienstverband", 2, "300", "5000")]
        )


def _count_seen(client: FlaskClient) -> str:
    html = client.get(MONITORING, headers=HTMX).get_data(as_text=True)
    if "<dd>&lt; 3</dd>" in html:
        return "< 3"
    assert "<dd>2</dd>" in html
    return "2"


def test_a_member_of_the_contracts_partnership_sees_exact_counts_whatever_their_role(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    _seed_two_persons(app)
    login("viewer")
    assert _count_seen(client) == "< 3"
    login("sr_coordinator")
    partnership_id = start_partnership(client)
    assert _count_seen(client) == "2"  # the coordinator started it: a member
    add_person(client, partnership_id, "Kees Bakker", [], user_id="u-kees")
    login("viewer")
    assert _count_seen(client) == "< 3"  # listed without a role: not a member
    login("sr_coordinator")
    kees = max(i for name, i in _person_ids(app, partnership_id) if name == "Kees Bakker")
    client.post(
        f"/sroi/partnerships/{partnership_id}/personen/{kees}",
        data={
            "csrf_token": csrf_token_of(client),
            "name": "Kees Bakker",
            "organisation": "eigen",
            "user_id": "u-kees",
            "roles": ["internal_client"],
        },
    )
    login("viewer")
    assert _count_seen(client) == "2"
    login("hr")
    assert _count_seen(client) == "< 3"  # HR outside this partnership


def _person_ids(app: Flask, partnership_id: int) -> list[tuple[str, int]]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        rows = session.execute(
            select(PartnershipPerson.name, PartnershipPerson.id).where(
                PartnershipPerson.partnership_id == partnership_id
            )
        ).all()
        return [(name, person_id) for name, person_id in rows]


def test_members_of_a_partnership_that_no_longer_runs_or_of_another_contract_do_not(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    make_contract(ref="GEM-2025-0002")
    _seed_two_persons(app)
    login("hr")
    start_partnership(client, refs=("GEM-2025-0002",))
    assert _count_seen(client) == "< 3"
    here = start_partnership(client, name="Hier")
    assert _count_seen(client) == "2"
    with app.app_context():
        session = app.extensions["sroi"].db.session
        session.get(Partnership, here).state = "parked"
        session.commit()
    assert _count_seen(client) == "< 3"


def test_a_contract_manager_outside_every_partnership_still_sees_exact_counts(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    _seed_two_persons(app)
    login("contract_manager")
    assert _count_seen(client) == "2"


# --- trusted headers ---------------------------------------------------------------------------


def test_trusted_headers_carry_the_coordinator_and_hr_roles(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    app.config["SROI_TRUSTED_HEADERS"] = True
    for role, status in (("sr_coordinator", 200), ("hr", 200), ("viewer", 403)):
        headers = {**HTMX, "X-Remote-User": "j.smit", "X-Remote-Roles": role}
        assert client.get("/sroi/partnerships/nieuw", headers=headers).status_code == status
