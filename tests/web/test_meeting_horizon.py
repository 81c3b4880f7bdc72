"""Meeting dates and series within a sane horizon; a meeting stored on 31-12-9999 still renders.

The forms refuse a date before 01-01-2000 or more than ten years after today
(``rules.agendas.meeting_date_problem``); a meeting stored before that bound (seeded here with
the ORM) keeps its page and its ``.ics`` working.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import time

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from sroi_plugin.models import Meeting
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import csrf_token_of


@pytest.fixture
def partnership(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> int:
    make_contract()
    login("contract_manager")
    return start_partnership(client)


def _plan(client: FlaskClient, partnership: int, **fields: str) -> tuple[int, str]:
    data = {
        "csrf_token": csrf_token_of(client),
        "kind": "voortgang",
        "meeting_date": "2027-01-31",
        "start_time": "10:00",
        "duration_minutes": "90",
        "location": "",
        "frequency": "",
        "until": "",
        **fields,
    }
    response = client.post(f"/sroi/partnerships/{partnership}/overleggen/nieuw", data=data)
    return response.status_code, response.get_data(as_text=True)


def _store_at_the_end_of_time(app: Flask, meeting_id: int) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.meeting_date = date(9999, 12, 31)
        meeting.start_time = time(23, 59)
        meeting.duration_minutes = 90
        session.commit()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"meeting_date": "31-12-2199"},
            "Datum: 31-12-2199 ligt meer dan 10 jaar vooruit; plan uiterlijk op 25-11-2036.",
        ),
        ({"meeting_date": "01-06-1990"}, "Datum: 01-06-1990 ligt vóór 01-01-2000."),
        (
            {"frequency": "maandelijks", "until": "31-12-2199"},
            "Plannen tot en met: 31-12-2199 ligt meer dan 10 jaar vooruit",
        ),
    ],
)
def test_planning_outside_the_horizon_is_refused_in_dutch(
    client: FlaskClient, partnership: int, fields: dict[str, str], message: str
) -> None:
    status, html = _plan(client, partnership, **fields)
    assert status == 422
    assert message in html


def test_editing_a_meeting_to_a_far_date_is_refused_and_keeps_the_input(
    client: FlaskClient, partnership: int
) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2027-01-12")
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/{meeting}/bewerken",
        data={
            "csrf_token": csrf_token_of(client),
            "title": "Kennismaking",
            "meeting_date": "2199-12-31",
            "start_time": "23:59",
            "duration_minutes": "90",
            "location": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ligt meer dan 10 jaar vooruit" in html
    assert "2199-12-31" in html


def test_a_series_within_the_horizon_is_still_planned(
    client: FlaskClient, partnership: int
) -> None:
    status, html = _plan(client, partnership, frequency="per_kwartaal", until="2027-12-31")
    assert status == 303, html


def test_stored_meeting_on_the_calendars_last_minute_renders_page_and_ics(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2027-01-12")
    _store_at_the_end_of_time(app, meeting)
    page = client.get(f"/sroi/partnerships/{partnership}/overleggen/{meeting}")
    assert page.status_code == 200
    assert "31-12-9999" in page.get_data(as_text=True)
    ics = client.get(f"/sroi/partnerships/{partnership}/overleggen/{meeting}/uitnodiging.ics")
    assert ics.status_code == 200
    assert b"DTSTART;TZID=Europe/Amsterdam:99991231T235900" in ics.data
    assert b"DTEND" in ics.data
