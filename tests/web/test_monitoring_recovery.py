"""From "achter op schema" to a conversation: the next progress meeting, its item, its actions."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models.partnership import Meeting
from sroi_plugin.models.partnership import MeetingAction
from sroi_plugin.models.partnership import MeetingItem
from sroi_plugin.models.partnership import Partnership
from sroi_plugin.rules.agendas import AgendaItem
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.services.recovery import put_on_agenda
from tests.helpers.concurrency import engine_of
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import seed_report
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"
AGENDA = f"{URL}/op-de-agenda"
SOURCE = f"monitoring: achter op schema ({REF})"
#: € 1.000 of an obligation of € 60.000 with 47% of the term gone: behind schedule
BEHIND = [("statushouders", "werkervaringsplaats", 2, "200", "1000")]
#: € 50.000: on schedule
AHEAD = [("statushouders", "werkervaringsplaats", 2, "200", "50000")]


def _seed(
    app: Flask, lines: list[tuple[str, str, int, str, str]], period: Period = Q3_2026
) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == REF)).one()
        seed_report(session, contract_id, period, lines)


def _items(app: Flask) -> list[MeetingItem]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        return list(session.scalars(select(MeetingItem).where(MeetingItem.source == SOURCE)))


def _post(client: FlaskClient) -> str:
    response = client.post(AGENDA, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return response.get_data(as_text=True)


@pytest.fixture
def behind(app: Flask, make_contract: Callable[..., Contract]) -> None:
    make_contract()
    _seed(app, BEHIND)


@pytest.mark.usefixtures("behind")
def test_without_a_partnership_the_panel_says_so_and_links_to_start_one(
    client: FlaskClient,
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Achter op schema" in html
    assert "Dit contract heeft geen actief partnership" in html
    assert f'href="/sroi/contracten/{REF}/partnership"' in html
    refused = client.post(AGENDA, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert refused.status_code == 422
    assert "Er is geen voortgangsgesprek gepland" in refused.get_data(as_text=True)


@pytest.mark.usefixtures("behind")
def test_without_an_upcoming_progress_meeting_the_panel_links_to_plan_one(
    client: FlaskClient,
) -> None:
    partnership_id = start_partnership(client)
    plan_meeting(client, partnership_id, "voortgang", "2026-11-20")  # before today (25-11-2026)
    plan_meeting(client, partnership_id, "evaluatie", "2026-12-10")  # not a progress meeting
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Er is geen voortgangsgesprek gepland in partnership" in html
    assert f"/sroi/partnerships/{partnership_id}/overleggen/nieuw?kind=voortgang" in html


@pytest.mark.usefixtures("behind")
def test_the_lag_goes_on_the_next_progress_meeting_once_and_is_updated_after(
    app: Flask, client: FlaskClient
) -> None:
    partnership_id = start_partnership(client)
    later = plan_meeting(client, partnership_id, "voortgang", "2027-01-14")
    nearest = plan_meeting(client, partnership_id, "voortgang", "2026-12-10")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert f"/sroi/partnerships/{partnership_id}/overleggen/{nearest}" in html
    assert "Op de agenda zetten" in html
    assert _items(app) == []  # opening the panel writes nothing
    panel = _post(client)
    assert "De achterstand staat op de agenda van het voortgangsgesprek." in panel
    assert "Agendapunt bijwerken met de cijfers van vandaag" in panel
    (item,) = _items(app)
    assert item.meeting_id == nearest and item.meeting_id != later
    assert item.title == f"Social return achter op schema: contract {REF}"
    assert item.description.startswith("Gerealiseerd € 1.000 van de verplichting van € 60.000 (2%)")
    assert "(stand 25-11-2026)" in item.description
    # new figures: the same item is updated, not doubled
    _seed(
        app, BEHIND, Period(Q3_2026.start.replace(month=4), Q3_2026.start.replace(day=30, month=6))
    )
    _post(client)
    (updated,) = _items(app)
    assert updated.id == item.id and "Gerealiseerd € 2.000" in updated.description
    meeting = client.get(f"/sroi/partnerships/{partnership_id}/overleggen/{nearest}")
    assert "Social return achter op schema" in meeting.get_data(as_text=True)


@pytest.mark.usefixtures("behind")
def test_open_recovery_actions_of_that_meeting_show_on_the_panel_until_done(
    app: Flask, client: FlaskClient
) -> None:
    partnership_id = start_partnership(client)
    meeting_id = plan_meeting(client, partnership_id, "voortgang", "2026-12-10")
    _post(client)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        session.add(
            MeetingAction(
                meeting_id=meeting_id,
                text="Twee vacatures schoonmaak via het WSP vervullen",
                created_by_id="u-sanne",
                created_by_name="Sanne de Vries",
            )
        )
        session.add(
            MeetingAction(
                meeting_id=meeting_id,
                text="Leerwerkplekken aanbieden bij de buitendienst",
                due_date=date(2027, 1, 15),
                created_by_id="u-sanne",
                created_by_name="Sanne de Vries",
            )
        )
        session.commit()
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Open herstelacties" in html
    # the action with a deadline first, its date as a Dutch date; the one without after it
    dated = html.index("Leerwerkplekken aanbieden bij de buitendienst")
    assert dated < html.index("(uiterlijk 15-01-2027)")
    assert html.index("(uiterlijk 15-01-2027)") < html.index("Twee vacatures schoonmaak")
    with app.app_context():
        session = app.extensions["sroi"].db.session
        for action in session.scalars(select(MeetingAction)):
            action.done = True
        session.commit()
    assert "Open herstelacties" not in client.get(URL, headers=HTMX).get_data(as_text=True)


def test_a_contract_on_schedule_is_not_put_on_the_agenda(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(app, AHEAD)
    partnership_id = start_partnership(client)
    plan_meeting(client, partnership_id, "voortgang", "2026-12-10")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Op de agenda zetten" not in html
    refused = client.post(AGENDA, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert refused.status_code == 422
    assert "loopt niet achter op schema" in refused.get_data(as_text=True)
    assert _items(app) == []


@pytest.mark.usefixtures("behind")
def test_only_a_contract_manager_puts_it_on_the_agenda_and_only_by_post(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    partnership_id = start_partnership(client)
    plan_meeting(client, partnership_id, "voortgang", "2026-12-10")
    assert client.get(AGENDA).status_code == 405
    login("viewer")
    assert "Op de agenda zetten" not in client.get(URL, headers=HTMX).get_data(as_text=True)
    response = client.post(AGENDA, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert response.status_code == 403
    assert _items(app) == []


@pytest.mark.usefixtures("behind")
def test_a_concurrent_save_of_the_partnership_gets_409_and_adds_nothing(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    partnership_id = start_partnership(client)
    plan_meeting(client, partnership_id, "voortgang", "2026-12-10")
    engine = engine_of(app)

    def meanwhile(meeting: Meeting, item: AgendaItem, user: SroiUser) -> bool:
        assert meeting.partnership.version == 1  # this request has read the partnership
        # another click (or tab) saved the same partnership after this request read it
        with engine.begin() as connection:
            connection.execute(
                update(Partnership)
                .where(Partnership.id == partnership_id)
                .values(version=Partnership.version + 1)
            )
        return put_on_agenda(meeting, item, user)

    view = importlib.import_module("sroi_plugin.web.monitoring.recovery")
    monkeypatch.setattr(view, "put_on_agenda", meanwhile)
    response = client.post(AGENDA, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert response.status_code == 409
    assert _items(app) == []
