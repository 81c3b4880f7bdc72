"""Partnership meetings: agendas per meeting type, progress series per frequency, participants
from the roles, editing the agenda, notes, action items carried into later agendas, .ics."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import Meeting
from sroi_plugin.rules.agendas import agenda_for
from sroi_plugin.rules.agendas import progress_schedule
from sroi_plugin.rules.workdays import is_working_day
from sroi_plugin.rules.workdays import meeting_working_day
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

CSS = Path(__file__).resolve().parents[2] / "sroi_plugin" / "static" / "sroi.css"


@pytest.fixture
def partnership(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> int:
    make_contract()
    login("contract_manager")
    return start_partnership(client)


def _page(client: FlaskClient, partnership: int, meeting: int, htmx: bool = False) -> str:
    url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}"
    return client.get(url, headers=HTMX if htmx else {}).get_data(as_text=True)


def _agenda_titles(html: str) -> list[str]:
    agenda = html.split('id="sroi-ps-agenda"')[1].split("</ol>")[0]
    return re.findall(r'<strong class="sroi-ps-agenda-title"><bdi>(.*?)</bdi></strong>', agenda)


def _item_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="agendapunt-(\d+)"', html)]


def _post(client: FlaskClient, url: str, data: dict[str, str], htmx: bool = False) -> int:
    response = client.post(
        url, data={"csrf_token": csrf_token_of(client), **data}, headers=HTMX if htmx else {}
    )
    return response.status_code


def _record_action(
    client: FlaskClient, partnership: int, meeting: int, text: str, owner: str = "", due: str = ""
) -> None:
    url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}/actiepunten"
    assert _post(client, url, {"text": text, "owner_id": owner, "due_date": due}) == 303


# --- agendas ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["kennismaking", "verkenning", "voortgang", "evaluatie"])
def test_agenda_per_meeting_type_comes_from_the_guide(
    client: FlaskClient, partnership: int, kind: str
) -> None:
    meeting = plan_meeting(client, partnership, kind, "2026-12-03")
    html = _page(client, partnership, meeting)
    expected = [item.title for item in agenda_for(kind)]
    assert _agenda_titles(html) == [t.replace("&", "&amp;") for t in expected]
    for item in agenda_for(kind):
        assert f"Bron: {item.source}" in html
        for point in item.points:
            assert point.replace("'", "&#39;") in html


def test_progress_meeting_agenda_has_the_action_plan_and_the_4a_checklist(
    client: FlaskClient, partnership: int
) -> None:
    html = _page(client, partnership, plan_meeting(client, partnership, "voortgang", "2027-01-31"))
    assert "Voortgang actieplan" in html
    assert "Informatie uit de monitoring" in html
    assert "Daadwerkelijke inzet in verloonde uren" in html
    assert (
        "AVG: de opdrachtnemer verstrekt geen gegevens die tot een persoon herleidbaar zijn" in html
    )


def test_evaluation_meeting_follows_step_4b(client: FlaskClient, partnership: int) -> None:
    html = _page(client, partnership, plan_meeting(client, partnership, "evaluatie", "2028-06-01"))
    assert "Lessen voor de volgende aanbesteding" in html
    assert "Bron: handreiking stap 4b" in html


@pytest.mark.parametrize(
    ("frequency", "count"), [("maandelijks", 12), ("per_kwartaal", 4), ("halfjaarlijks", 2)]
)
def test_progress_series_per_frequency(
    app: Flask, client: FlaskClient, partnership: int, frequency: str, count: int
) -> None:
    plan_meeting(
        client,
        partnership,
        "voortgang",
        "2027-01-31",
        frequency=frequency,
        until="2027-12-31",
    )
    planned = progress_schedule(date(2027, 1, 31), frequency, date(2027, 12, 31))
    expected = [meeting_working_day(day).day for day in planned]
    assert len(expected) == count
    assert all(is_working_day(day) for day in expected)
    with app.app_context():
        meetings = (
            app.extensions["sroi"]
            .db.session.scalars(select(Meeting).order_by(Meeting.meeting_date))
            .all()
        )
        assert [m.meeting_date for m in meetings] == expected
        assert {m.frequency for m in meetings} == {frequency}
        assert meetings[0].title == f"Voortgangsgesprek (1/{count})"
        assert all(len(m.items) == len(agenda_for("voortgang")) for m in meetings)
    if frequency == "maandelijks":
        assert date(2027, 2, 28) in planned and date(2027, 4, 30) in planned  # clamped
        assert date(2027, 2, 26) in expected  # Sunday 28-02 moved back into February


def test_schedule_preview_shows_the_dates_and_stores_nothing(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "kind": "voortgang",
            "meeting_date": "31-01-2027",
            "start_time": "14:00",
            "duration_minutes": "60",
            "location": "Online",
            "frequency": "per_kwartaal",
            "until": "31-12-2027",
            "preview": "1",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Planning: 4 overleggen" in html
    assert re.findall(r"<li[^>]*>([^<]+)</li>", html.split("Planning:")[1]) == [
        "vr 29-01-2027 (verschoven van zo 31-01-2027)",
        "vr 30-04-2027",
        "vr 30-07-2027 (verschoven van za 31-07-2027)",
        "vr 29-10-2027 (verschoven van zo 31-10-2027)",
    ]
    assert "naar de werkdag ervoor als de volgende in een andere maand valt" in html
    assert 'value="Online"' in html and 'value="14:00"' in html
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Meeting)).all() == []


def test_a_series_skips_easter_monday_and_kings_day(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    plan_meeting(
        client, partnership, "voortgang", "2027-03-27", frequency="maandelijks", until="2027-04-30"
    )
    with app.app_context():
        days = app.extensions["sroi"].db.session.scalars(
            select(Meeting.meeting_date).order_by(Meeting.meeting_date)
        )
        # Saturday 27-03 → Monday is Tweede Paasdag → Tuesday; Koningsdag 27-04 → Wednesday
        assert list(days) == [date(2027, 3, 30), date(2027, 4, 28)]
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/nieuw",
        data={
            "csrf_token": csrf_token_of(client),
            "kind": "voortgang",
            "meeting_date": "27-04-2027",
            "start_time": "10:00",
            "duration_minutes": "60",
            "location": "",
            "frequency": "maandelijks",
            "until": "30-04-2027",
            "preview": "1",
        },
    )
    assert "wo 28-04-2027 (verschoven van di 27-04-2027, Koningsdag)" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"kind": "kennismaking", "frequency": "maandelijks", "until": "2027-12-31"},
            "Frequentie: alleen voortgangsgesprekken worden als reeks gepland.",
        ),
        (
            {"kind": "voortgang", "frequency": "maandelijks", "until": ""},
            "Plannen tot en met: vul de einddatum van de reeks in.",
        ),
        (
            {"kind": "voortgang", "frequency": "maandelijks", "until": "2026-01-01"},
            "Plannen tot en met: deze datum ligt vóór de eerste datum.",
        ),
        (
            {"kind": "voortgang", "frequency": "maandelijks", "until": "2035-01-01"},
            "plan er maximaal 48 in één keer",
        ),
        ({"kind": "voortgang", "meeting_date": ""}, "Datum: vul de datum van het overleg in."),
        (
            {"kind": "voortgang", "duration_minutes": "lang"},
            "Duur: vul een heel aantal minuten in.",
        ),
    ],
)
def test_planning_errors_name_the_field_and_keep_the_input(
    app: Flask, client: FlaskClient, partnership: int, fields: dict[str, str], message: str
) -> None:
    data = {
        "csrf_token": csrf_token_of(client),
        "meeting_date": "2027-01-31",
        "start_time": "10:00",
        "duration_minutes": "90",
        "location": "Zaal 3",
        "frequency": "",
        "until": "",
        **fields,
    }
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/nieuw", data=data, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and is_fragment(html)
    assert message in html
    assert 'value="Zaal 3"' in html
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Meeting)).all() == []


def test_meeting_page_fragment_and_page(client: FlaskClient, partnership: int) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    fragment = _page(client, partnership, meeting, htmx=True)
    assert is_fragment(fragment) and 'id="sroi-meeting"' in fragment
    page = _page(client, partnership, meeting)
    assert page.startswith("<!doctype html>")
    assert "03-12-2026, 10:00–11:30" in page


# --- participants -----------------------------------------------------------------------------


def test_participants_are_proposed_from_the_roles(client: FlaskClient, partnership: int) -> None:
    add_person(client, partnership, "Anna Visser", ["project_coordinator"])
    add_person(client, partnership, "Bert Bestuur", ["executive"])
    add_person(client, partnership, "Chris Kok", ["contractor"], organisation="opdrachtnemer")
    add_person(client, partnership, "Dirk Intern", ["internal_client"])
    add_person(client, partnership, "Eva Categorie", ["category_manager"])
    first = _page(
        client, partnership, plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    )
    participants = first.split("<dt>Deelnemers</dt>")[1].split("</dd>")[0]
    assert "Anna Visser" in participants
    assert "<bdi>Chris Kok</bdi> <small>(opdrachtnemer)</small>" in participants
    assert "Dirk Intern" in participants
    assert "Bert Bestuur" not in participants  # the executive is reported to, not invited
    assert "Eva Categorie" not in participants
    progress = _page(
        client, partnership, plan_meeting(client, partnership, "voortgang", "2027-01-31")
    )
    participants = progress.split("<dt>Deelnemers</dt>")[1].split("</dd>")[0]
    assert "Dirk Intern" not in participants and "Chris Kok" in participants
    evaluation = _page(
        client, partnership, plan_meeting(client, partnership, "evaluatie", "2028-01-31")
    )
    assert "Eva Categorie" in evaluation.split("<dt>Deelnemers</dt>")[1].split("</dd>")[0]


def test_editing_details_and_participants(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    anna = add_person(client, partnership, "Anna Visser", ["project_coordinator"])
    add_person(client, partnership, "Bert Bestuur", ["executive"])
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}/bewerken"
    assert "Anna Visser" in client.get(url).get_data(as_text=True)
    bert = anna + 1
    status = _post(
        client,
        url,
        {
            "title": "Kennismaking met Schoon & Sociaal",
            "meeting_date": "2026-12-10",
            "start_time": "13:30",
            "duration_minutes": "60",
            "location": "Online",
            "participants": str(bert),
        },
    )
    assert status == 303
    html = _page(client, partnership, meeting)
    assert "Kennismaking met Schoon &amp; Sociaal" in html
    assert "10-12-2026, 13:30–14:30" in html
    participants = html.split("<dt>Deelnemers</dt>")[1].split("</dd>")[0]
    assert "Bert Bestuur" in participants and "Anna Visser" not in participants


# --- editing the agenda -----------------------------------------------------------------------


def test_reorder_add_edit_and_remove_agenda_items(client: FlaskClient, partnership: int) -> None:
    meeting = plan_meeting(client, partnership, "verkenning", "2027-01-10")
    base = f"/sroi/partnerships/{partnership}/overleggen/{meeting}"
    ids = _item_ids(_page(client, partnership, meeting))
    titles = _agenda_titles(_page(client, partnership, meeting))
    assert _post(client, f"{base}/agendapunten/{ids[1]}/verplaatsen", {"richting": "omhoog"}) == 303
    assert _agenda_titles(_page(client, partnership, meeting))[:2] == [titles[1], titles[0]]
    assert _post(client, f"{base}/agendapunten/{ids[1]}/verplaatsen", {"richting": "omlaag"}) == 303
    assert _agenda_titles(_page(client, partnership, meeting)) == titles
    move_first = f"{base}/agendapunten/{ids[0]}/verplaatsen"
    assert _post(client, move_first, {"richting": "omhoog"}) == 303  # first
    assert _agenda_titles(_page(client, partnership, meeting)) == titles
    assert (
        _post(client, f"{base}/agendapunten/{ids[0]}/verplaatsen", {"richting": "zijwaarts"}) == 400
    )

    assert (
        _post(client, f"{base}/agendapunten", {"title": "Subsidiemogelijkheden", "description": ""})
        == 303
    )
    assert _agenda_titles(_page(client, partnership, meeting))[-1] == "Subsidiemogelijkheden"

    edit = f"{base}/agendapunten/{ids[2]}"
    response = client.post(
        edit,
        data={"csrf_token": csrf_token_of(client), "title": "", "description": "Nieuwe uitleg"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Agendapunt: vul dit veld in." in response.get_data(as_text=True)
    assert "Nieuwe uitleg</textarea>" in response.get_data(as_text=True)
    assert _post(client, edit, {"title": "Ambities en acties", "description": "Kort"}) == 303
    assert "Ambities en acties" in _agenda_titles(_page(client, partnership, meeting))

    assert _post(client, f"{edit}/verwijderen", {}) == 303
    assert "Ambities en acties" not in _agenda_titles(_page(client, partnership, meeting))


def test_htmx_move_rerenders_the_meeting(client: FlaskClient, partnership: int) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    ids = _item_ids(_page(client, partnership, meeting))
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/{meeting}/agendapunten/{ids[-1]}/verplaatsen",
        data={"csrf_token": csrf_token_of(client), "richting": "omhoog"},
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_fragment(html)
    assert _agenda_titles(html)[-2:] == [
        "Rondvraag",
        "Verkennen mogelijkheden partnership en afstemmen acties",
    ]


def test_notes_per_item_with_who_and_when(client: FlaskClient, partnership: int) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    item = _item_ids(_page(client, partnership, meeting))[1]
    url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}/agendapunten/{item}/notities"
    assert _post(client, url, {"notes": "Opdrachtnemer wil meedoen."}) == 303
    html = _page(client, partnership, meeting)
    assert "Opdrachtnemer wil meedoen.</textarea>" in html
    assert "door Sanne de Vries op" in html


# --- action items -----------------------------------------------------------------------------


def test_action_items_show_smart_hints(client: FlaskClient, partnership: int) -> None:
    anna = add_person(client, partnership, "Anna Visser", ["project_coordinator"])
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    _record_action(client, partnership, meeting, "Bellen")
    _record_action(
        client,
        partnership,
        meeting,
        "Vacatureoverzicht naar de opdrachtnemer sturen",
        owner=str(anna),
        due="2026-12-20",
    )
    html = _page(client, partnership, meeting)
    actions = html.split('id="sroi-ps-actions"')[1].split("</ul>\n  {% else %}")[0]
    vague, smart = actions.split("Vacatureoverzicht naar de opdrachtnemer sturen")
    assert "Geen eigenaar: wijs iemand aan die dit actiepunt oppakt." in vague
    assert "Geen deadline: spreek af wanneer dit actiepunt klaar is." in vague
    assert "Te vaag: omschrijf concreet wat er moet gebeuren (minstens 3 woorden)." in vague
    assert "<bdi>Anna Visser</bdi>, deadline 20-12-2026" in smart
    assert "sroi-ps-hints" not in smart.split("</li>")[0]


def test_action_item_needs_a_text_and_keeps_the_rest(client: FlaskClient, partnership: int) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/{meeting}/actiepunten",
        data={
            "csrf_token": csrf_token_of(client),
            "text": "",
            "owner_id": "",
            "due_date": "2026-12-20",
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and is_fragment(html)
    assert "Actiepunt: vul dit veld in." in html
    assert 'value="2026-12-20"' in html


def test_open_action_items_are_carried_into_later_agendas_until_done(
    client: FlaskClient, partnership: int
) -> None:
    anna = add_person(client, partnership, "Anna Visser", ["project_coordinator"])
    before = plan_meeting(client, partnership, "kennismaking", "2026-11-01")
    first = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    second = plan_meeting(client, partnership, "verkenning", "2027-01-10")
    _record_action(
        client,
        partnership,
        first,
        "Vacatures van het stadskantoor inventariseren",
        str(anna),
        "2026-12-20",
    )
    third = plan_meeting(client, partnership, "voortgang", "2027-04-10")
    action_text = "Vacatures van het stadskantoor inventariseren"
    for later in (second, third):
        html = _page(client, partnership, later)
        titles = _agenda_titles(html)
        assert titles[1] == "Openstaande actiepunten"  # right after the opening
        carried = html.split('id="openstaande-actiepunten"')[1].split("</li>\n    \n")[0]
        assert action_text in carried
        assert "<bdi>Anna Visser</bdi>, deadline 20-12-2026" in carried
        assert "uit <bdi>Kennismakingsgesprek (1e gesprek)</bdi> (03-12-2026)" in carried
    for earlier in (before, first):
        assert "Openstaande actiepunten" not in _agenda_titles(_page(client, partnership, earlier))
    # done on the second meeting: it drops off every agenda
    action_id = re.findall(r"/actiepunten/(\d+)", _page(client, partnership, second))[0]
    status = _post(
        client,
        f"/sroi/partnerships/{partnership}/actiepunten/{action_id}",
        {"done": "1", "overleg": str(second)},
    )
    assert status == 303
    for later in (second, third):
        html = _page(client, partnership, later)
        assert "Openstaande actiepunten" not in _agenda_titles(html)
    first_html = _page(client, partnership, first)
    assert re.search(
        r'afgerond <span class="sroi-ps-who">door Sanne de Vries op '
        r"(?:<time[^>]*>)?\d\d-\d\d-\d{4}",
        first_html,
    )
    assert "Weer openzetten" in first_html


# --- the invitation and print -----------------------------------------------------------------


def test_ics_invitation_parses_with_icalendar(
    client: FlaskClient, login: Callable[[str], None], partnership: int
) -> None:
    add_person(
        client,
        partnership,
        "Sanne de Vries",
        ["contract_manager"],
        email="sanne@voorbeeldstad.nl",
        user_id="u-sanne",
    )
    add_person(
        client,
        partnership,
        "Chris Kok",
        ["contractor"],
        email="chris@schoon.nl",
        organisation="opdrachtnemer",
    )
    add_person(client, partnership, "Anna Visser", ["project_coordinator"])  # no e-mail
    first = plan_meeting(client, partnership, "kennismaking", "2026-12-03", start_time="14:00")
    _record_action(client, partnership, first, "Vacatures van het stadskantoor inventariseren")
    second = plan_meeting(client, partnership, "verkenning", "2027-04-01", location="Zaal 3")
    url = f"/sroi/partnerships/{partnership}/overleggen/{second}/uitnodiging.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    amsterdam = ZoneInfo("Europe/Amsterdam")
    start = event.decoded("DTSTART")
    assert start == datetime(2027, 4, 1, 10, 0, tzinfo=amsterdam)
    assert event.decoded("DTEND") - start == timedelta(minutes=90)
    assert str(event["SUMMARY"]) == "Verkennend gesprek (2e gesprek) — Partnership Schoon & Sociaal"
    assert str(event["LOCATION"]) == "Zaal 3"
    attendees = event.get("ATTENDEE")
    addresses = sorted(str(a) for a in (attendees if isinstance(attendees, list) else [attendees]))
    assert addresses == ["mailto:chris@schoon.nl", "mailto:sanne@voorbeeldstad.nl"]
    assert str(event["ORGANIZER"]) == "mailto:sanne@voorbeeldstad.nl"
    description = str(event["DESCRIPTION"])
    assert "2. Openstaande actiepunten" in description
    assert "Vacatures van het stadskantoor inventariseren" in description
    assert "Verkennen mogelijkheden voor opdrachtgever" in description
    assert "- Anna Visser" in description  # listed even without an e-mail address
    assert calendar.walk("VTIMEZONE")  # the time zone travels with the file
    again = Calendar.from_ical(client.get(url).data).walk("VEVENT")[0]
    assert str(again["UID"]) == str(event["UID"])  # a re-export updates the same appointment
    login("viewer")  # a viewer exports without an organizer: a PUBLISH
    assert str(Calendar.from_ical(client.get(url).data)["METHOD"]) == "PUBLISH"


def test_print_stylesheet_hides_the_controls() -> None:
    css = CSS.read_text(encoding="utf-8")
    print_rules = css.split("Partnership workspace")[1].split("@media print")[1]
    assert ".sroi-ps-noprint" in print_rules and "display: none" in print_rules


def test_post_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, partnership: int
) -> None:
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    response = client.post(
        f"/sroi/partnerships/{partnership}/overleggen/{meeting}/actiepunten",
        data={"text": "Zonder token vastgelegd"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "Zonder token vastgelegd" not in _page(client, partnership, meeting)
