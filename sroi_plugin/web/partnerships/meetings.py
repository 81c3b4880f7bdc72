"""Partnership meetings: planning, the meeting page, the .ics invitation.

The agenda of a new meeting comes from ``rules.agendas.agenda_for`` (Tabel 2 for the first two
meetings, stap 4a for progress meetings with the action plan and the information checklist,
stap 4b for the evaluation); participants from ``propose_participants`` on the role
assignments. Progress meetings are planned as a series with ``progress_schedule``. Editing the
agenda and the action items lives in :mod:`~sroi_plugin.web.partnerships.agenda`. Open action
items of earlier meetings are not copied: every agenda shows them live, as the rule's
"Openstaande actiepunten" item after the opening, until someone marks them done.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from flask import current_app
from flask import request
from flask import url_for
from werkzeug.wrappers import Response
from wtforms import SelectChoice  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.ics import DEFAULT_START
from sroi_plugin.ics import Attendee
from sroi_plugin.ics import Invitation
from sroi_plugin.ics import invitation_ics
from sroi_plugin.models import Meeting
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import utcnow
from sroi_plugin.rules.agendas import MAX_SERIES as RULE_MAX_SERIES
from sroi_plugin.rules.agendas import ActionItem
from sroi_plugin.rules.agendas import AgendaItem
from sroi_plugin.rules.agendas import action_item_problems
from sroi_plugin.rules.agendas import agenda_for
from sroi_plugin.rules.agendas import meeting_date_problem
from sroi_plugin.rules.agendas import progress_schedule
from sroi_plugin.rules.agendas import propose_participants
from sroi_plugin.rules.months import add_minutes
from sroi_plugin.rules.workdays import MovedDay
from sroi_plugin.rules.workdays import describe_moved
from sroi_plugin.rules.workdays import meeting_working_day
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.formatting import format_date
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import Access
from sroi_plugin.web.partnerships.access import can_update_action
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import meeting_or_404
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import person_matches
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import MEETING_LABELS
from sroi_plugin.web.partnerships.forms import ActionForm
from sroi_plugin.web.partnerships.forms import AgendaItemForm
from sroi_plugin.web.partnerships.forms import MeetingDetailsForm
from sroi_plugin.web.partnerships.forms import MeetingForm
from sroi_plugin.web.partnerships.forms import choices
from sroi_plugin.web.partnerships.forms import frequency_labels
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: The most meetings one series may plan (``rules.agendas.MAX_SERIES``).
MAX_SERIES = RULE_MAX_SERIES


# --- the agenda as shown ----------------------------------------------------------------------


def rule_action(action: MeetingAction) -> ActionItem:
    """A stored action item as the rules see it (owner = person id)."""
    return ActionItem(action.text, action.owner_id, action.due_date, action.done)


def carried_actions(found: Partnership, meeting: Meeting) -> list[MeetingAction]:
    """Open action items of the partnership's earlier meetings, oldest first."""
    return [
        action
        for earlier in sorted(found.meetings, key=lambda m: m.order_key)
        if earlier.order_key < meeting.order_key
        for action in earlier.actions
        if not action.done
    ]


@dataclass(frozen=True)
class AgendaRow:
    """A numbered line of the agenda: a stored item, or the carried action items."""

    number: int
    item: MeetingItem | None = None
    carried: AgendaItem | None = None
    carried_rows: tuple[MeetingAction, ...] = ()


def agenda_rows(found: Partnership, meeting: Meeting) -> list[AgendaRow]:
    """The meeting's agenda with the open action items carried in after the opening.

    ``rules.agendas.agenda_for`` decides what the carried item says and which actions are still
    open; it is placed where the rule places it, after the first (opening) item.
    """
    open_rows = carried_actions(found, meeting)
    generated = agenda_for(meeting.kind, [rule_action(action) for action in open_rows])
    carried = next((item for item in generated if item.actions), None)
    stored = list(meeting.items)
    rows: list[AgendaRow] = []
    for index, item in enumerate(stored):
        rows.append(AgendaRow(len(rows) + 1, item=item))
        if index == 0 and carried is not None:
            rows.append(AgendaRow(len(rows) + 1, carried=carried, carried_rows=tuple(open_rows)))
    if not stored and carried is not None:
        rows.append(AgendaRow(1, carried=carried, carried_rows=tuple(open_rows)))
    return rows


def _owner_choices(found: Partnership) -> list[SelectChoice]:
    return choices([("", "— nog niemand —")] + [(str(p.id), p.name) for p in found.persons])


def action_form(found: Partnership, formdata: Any = None) -> ActionForm:
    form = ActionForm(formdata)
    form.owner_id.choices = _owner_choices(found)
    return form


def _meeting_context(
    found: Partnership, access: Access, meeting: Meeting, **forms: Any
) -> dict[str, Any]:
    today = today_from(current_app.config)
    start = datetime.combine(meeting.meeting_date, meeting.start_time or DEFAULT_START)
    hints = {action.id: action_item_problems(rule_action(action)) for action in meeting.actions}
    return {
        "partnership": found,
        "access": access,
        "meeting": meeting,
        "agenda": agenda_rows(found, meeting),
        "end_time": add_minutes(start, meeting.duration_minutes).time(),
        "hints": hints,
        "can_update_action": {
            action.id: can_update_action(access, action)
            for m in found.meetings
            for action in m.actions
        },
        "item_form": forms.get("item_form") or AgendaItemForm(),
        "action_form": forms.get("action_form") or action_form(found),
        "notes_form": forms.get("notes_form"),
        "notes_item_id": forms.get("notes_item_id"),
        "message": forms.get("message"),
        "today": today,
        "labels": labels(),
    }


def meeting_page(
    found: Partnership, access: Access, meeting: Meeting, status: int = 200, **forms: Any
) -> Response:
    return render_panel(
        "partnerships/meeting",
        http_status=status,
        **_meeting_context(found, access, meeting, **forms),
    )


def after_change(found: Partnership, access: Access, meeting: Meeting) -> Response:
    """After a successful POST: the meeting panel (htmx) or a redirect to it (plain)."""

    def page() -> Response:
        current_session().expire_all()
        return meeting_page(found, access, meeting)

    return respond_after_post(
        url_for("sroi.meeting", partnership_id=found.id, meeting_id=meeting.id), page
    )


@bp.get("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>")
@require_roles(*ANY_ROLE)
def meeting(partnership_id: int, meeting_id: int) -> Response:
    """The meeting: details, participants, the agenda with notes, and the action items."""
    found, access = partnership_or_404(partnership_id)
    return meeting_page(found, access, meeting_or_404(found, meeting_id))


# --- planning -------------------------------------------------------------------------------


def _default_kind(found: Partnership) -> str:
    held = {m.kind for m in found.meetings}
    for kind in ("kennismaking", "verkenning"):
        if kind not in held:
            return kind
    return "voortgang"


def _schedule(form: MeetingForm) -> list[MovedDay]:
    """The dates the form plans: the one date chosen, or the progress series
    (``rules.agendas.progress_schedule``) with each date off a weekend or public holiday
    (``rules.workdays.meeting_working_day``)."""
    first: date | None = form.meeting_date.data
    until: date | None = form.until.data
    assert first is not None  # required by the form
    if not form.frequency.data:
        return [MovedDay(first, first)]
    assert until is not None  # required with a frequency (MeetingForm.validate_until)
    planned = progress_schedule(first, form.frequency.data, until, limit=MAX_SERIES)
    return [meeting_working_day(day) for day in planned]


def _within_horizon(form: Any, today: date, *names: str) -> bool:
    """Add the horizon's error (``rules.agendas.meeting_date_problem``) to each named date
    field outside it; True when every date is within."""
    fine = True
    for name in names:
        field = getattr(form, name)
        if field.data is None:
            continue
        problem = meeting_date_problem(str(field.label.text), field.data, today)
        if problem is not None:
            field.errors = [*field.errors, problem]
            fine = False
    return fine


def _new_page(
    found: Partnership, form: MeetingForm, status: int, schedule: list[MovedDay] | None
) -> Response:
    return render_panel(
        "partnerships/meeting_form",
        http_status=status,
        partnership=found,
        form=form,
        schedule=schedule,
        describe_day=describe_moved,
        frequencies=frequency_labels(),
        labels=labels(),
    )


def _participants(found: Partnership, kind: str) -> list[PartnershipPerson]:
    proposed = propose_participants(kind, found.role_holders())
    by_id = {person.id: person for person in found.persons}
    return [by_id[person_id] for person_id in proposed if person_id in by_id]


def _new_meeting(found: Partnership, form: MeetingForm, day: date, title: str) -> Meeting:
    user = acting_user()
    created = Meeting(
        kind=form.kind.data,
        title=title,
        meeting_date=day,
        start_time=form.start_time.data,
        duration_minutes=form.duration_minutes.data,
        location=(form.location.data or "").strip(),
        frequency=form.frequency.data or None,
        uid=f"{uuid.uuid4()}@sroi-plugin",
        created_by_id=user.id,
        created_by_name=user.name,
    )
    created.items = [
        MeetingItem(
            position=position,
            title=item.title,
            description=item.description,
            source=item.source,
            points=list(item.points),
            added_by_id=user.id,
            added_by_name=user.name,
        )
        for position, item in enumerate(agenda_for(form.kind.data))
    ]
    created.participants = _participants(found, form.kind.data)
    return created


@bp.route("/partnerships/<sroi_id:partnership_id>/overleggen/nieuw", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES)
def meeting_new(partnership_id: int) -> Response:
    """Plan a meeting with its standard agenda; progress meetings as a series of dates."""
    found, access = managed_partnership_or_404(partnership_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        kind = request.args.get("kind", "")
        form = MeetingForm(
            data={
                "kind": kind if kind in MEETING_LABELS else _default_kind(found),
                "start_time": time(10, 0),
                "duration_minutes": 90,
            }
        )
        return _new_page(found, form, 200, None)
    form = MeetingForm(request.form)
    valid = form.validate()
    today = today_from(current_app.config)
    dates_to_check = ("meeting_date", "until") if form.frequency.data else ("meeting_date",)
    horizon_ok = _within_horizon(form, today, *dates_to_check)
    if not valid or not horizon_ok:
        return _new_page(found, form, 422, None)
    try:
        schedule = _schedule(form)
    except RuleInputError as exc:
        form.until.errors = [*form.until.errors, f"Plannen tot en met: {exc.message}"]
        return _new_page(found, form, 422, None)
    dates = [moved.day for moved in schedule]
    if len(dates) > MAX_SERIES:
        form.until.errors = [
            *form.until.errors,
            f"Plannen tot en met: dat worden meer dan {MAX_SERIES} overleggen; plan er "
            f"maximaal {MAX_SERIES} in één keer.",
        ]
        return _new_page(found, form, 422, schedule[:MAX_SERIES])
    if "preview" in request.form:
        return _new_page(found, form, 200, schedule)
    label = MEETING_LABELS[form.kind.data]
    created = [
        _new_meeting(
            found, form, day, f"{label} ({number}/{len(dates)})" if len(dates) > 1 else label
        )
        for number, day in enumerate(dates, start=1)
    ]
    found.meetings.extend(created)
    record(
        found,
        "meeting",
        f"{label} gepland op {', '.join(format_date(day) for day in dates)}.",
    )
    commit_or_conflict()
    first = created[0]
    return respond_after_post(
        url_for("sroi.meeting", partnership_id=found.id, meeting_id=first.id),
        lambda: meeting_page(found, access, first),
    )


def _details_page(
    found: Partnership, meeting: Meeting, form: MeetingDetailsForm, status: int
) -> Response:
    return render_panel(
        "partnerships/meeting_edit",
        http_status=status,
        partnership=found,
        meeting=meeting,
        form=form,
        labels=labels(),
    )


def _details_form(found: Partnership, formdata: Any = None, **data: Any) -> MeetingDetailsForm:
    form = MeetingDetailsForm(formdata, data=data or None)
    form.participants.choices = choices((str(p.id), p.name) for p in found.persons)
    return form


@bp.route(
    "/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/bewerken",
    methods=["GET", "POST"],
)
@require_roles(*MANAGER_ROLES)
def meeting_edit(partnership_id: int, meeting_id: int) -> Response:
    """Change a meeting's title, date, time, duration, location and participants."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        form = _details_form(
            found,
            title=planned.title,
            meeting_date=planned.meeting_date,
            start_time=planned.start_time,
            duration_minutes=planned.duration_minutes,
            location=planned.location,
            participants=[str(p.id) for p in planned.participants],
        )
        return _details_page(found, planned, form, 200)
    form = _details_form(found, request.form)
    valid = form.validate()
    horizon_ok = _within_horizon(form, today_from(current_app.config), "meeting_date")
    if not valid or not horizon_ok:
        return _details_page(found, planned, form, 422)
    chosen = set(form.participants.data or [])
    day: date | None = form.meeting_date.data
    minutes: int | None = form.duration_minutes.data
    assert day is not None and minutes is not None  # required by the form
    planned.title = form.title.data.strip()
    planned.meeting_date = day
    planned.start_time = form.start_time.data
    planned.duration_minutes = minutes
    planned.location = (form.location.data or "").strip()
    planned.participants = [p for p in found.persons if str(p.id) in chosen]
    record(found, "meeting", f"{planned.title} gewijzigd ({format_date(planned.meeting_date)}).")
    commit_or_conflict()
    return after_change(found, access, planned)


# --- the invitation -------------------------------------------------------------------------


def agenda_text(found: Partnership, meeting: Meeting) -> str:
    """The agenda as plain text, for the invitation's description."""
    names = {person.id: person.name for person in found.persons}
    lines = [f"{meeting.title} — partnership {found.name}", "", "Agenda"]
    for row in agenda_rows(found, meeting):
        if row.item is not None:
            lines.append(f"{row.number}. {row.item.title}")
            if row.item.description:
                lines.append(f"   {row.item.description}")
            lines += [f"   - {point}" for point in row.item.points]
        elif row.carried is not None:
            lines.append(f"{row.number}. {row.carried.title}")
            for action in row.carried_rows:
                owner = (
                    names.get(action.owner_id, "nog niemand") if action.owner_id else "nog niemand"
                )
                due = f", deadline {format_date(action.due_date)}" if action.due_date else ""
                lines.append(f"   - {action.text} ({owner}{due})")
    if meeting.participants:
        lines += ["", "Deelnemers"]
        lines += [f"- {person.name}" for person in meeting.participants]
    return "\n".join(lines)


@bp.get("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/uitnodiging.ics")
@require_roles(*ANY_ROLE)
def meeting_ics(partnership_id: int, meeting_id: int) -> Response:
    """The meeting as a calendar invitation (``.ics``) with the agenda and the participants."""
    found, access = partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    user = access.user
    organizer = next((p for p in found.persons if person_matches(p, user) and p.email), None)
    body = invitation_ics(
        Invitation(
            uid=planned.uid,
            title=f"{planned.title} — {found.name}",
            day=planned.meeting_date,
            start=planned.start_time,
            duration_minutes=planned.duration_minutes,
            location=planned.location,
            description=agenda_text(found, planned),
            attendees=[Attendee(p.name, p.email) for p in planned.participants],
            organizer=Attendee(organizer.name, organizer.email) if organizer else None,
            stamp=utcnow(),
        )
    )
    filename = f"overleg-{planned.meeting_date.isoformat()}-{planned.kind}.ics"
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": content_disposition(filename)},
    )
