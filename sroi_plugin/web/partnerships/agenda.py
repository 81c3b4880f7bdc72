"""Editing a meeting's agenda and its action items.

Agenda items can be added, changed, moved up or down and taken off; notes are kept per item
with who and when. Action items carry a text, an owner and a deadline; what keeps one from being
SMART (``rules.agendas.action_item_problems``) shows as hints on the meeting page. An action
item's owner or a manager marks it done; until then every later agenda shows it (see
:func:`~sroi_plugin.web.partnerships.meetings.agenda_rows`).
"""

from __future__ import annotations

from flask import abort
from flask import redirect
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.models import Meeting
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import utcnow
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.formatting import format_date
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import action_or_404
from sroi_plugin.web.partnerships.access import can_update_action
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import item_or_404
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import meeting_or_404
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import AgendaItemForm
from sroi_plugin.web.partnerships.forms import NotesForm
from sroi_plugin.web.partnerships.meetings import action_form
from sroi_plugin.web.partnerships.meetings import after_change
from sroi_plugin.web.partnerships.meetings import meeting_page
from sroi_plugin.web.render import render_panel

# --- the agenda -----------------------------------------------------------------------------


def _renumber(meeting: Meeting) -> list[MeetingItem]:
    items = sorted(meeting.items, key=lambda item: (item.position, item.id))
    for position, item in enumerate(items):
        item.position = position
    return items


@bp.post("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/agendapunten")
@require_roles(*MANAGER_ROLES)
def meeting_item_add(partnership_id: int, meeting_id: int) -> Response:
    """Add an agenda item at the end."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    form = AgendaItemForm(request.form)
    if not form.validate():
        return meeting_page(found, access, planned, 422, item_form=form)
    user = acting_user()
    items = _renumber(planned)
    planned.items.append(
        MeetingItem(
            position=len(items),
            title=form.title.data.strip(),
            description=(form.description.data or "").strip(),
            source="",
            points=[],
            added_by_id=user.id,
            added_by_name=user.name,
        )
    )
    record(
        found,
        "agenda",
        f"Agendapunt \u201c{form.title.data.strip()}\u201d toegevoegd aan {planned.title}.",
    )
    commit_or_conflict()
    return after_change(found, access, planned)


@bp.route(
    "/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/agendapunten/<sroi_id:item_id>",
    methods=["GET", "POST"],
)
@require_roles(*MANAGER_ROLES)
def meeting_item_edit(partnership_id: int, meeting_id: int, item_id: int) -> Response:
    """Change an agenda item's title and description."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    item = item_or_404(planned, item_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        form = AgendaItemForm(data={"title": item.title, "description": item.description})
        return render_panel(
            "partnerships/meeting_item", partnership=found, meeting=planned, item=item, form=form
        )
    form = AgendaItemForm(request.form)
    if not form.validate():
        return render_panel(
            "partnerships/meeting_item",
            http_status=422,
            partnership=found,
            meeting=planned,
            item=item,
            form=form,
        )
    item.title = form.title.data.strip()
    item.description = (form.description.data or "").strip()
    record(found, "agenda", f"Agendapunt \u201c{item.title}\u201d van {planned.title} gewijzigd.")
    commit_or_conflict()
    return after_change(found, access, planned)


@bp.post("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/agendapunten/<sroi_id:item_id>/verplaatsen")
@require_roles(*MANAGER_ROLES)
def meeting_item_move(partnership_id: int, meeting_id: int, item_id: int) -> Response:
    """Move an agenda item one place up or down (``richting`` = ``omhoog`` / ``omlaag``)."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    item = item_or_404(planned, item_id)
    direction = request.form.get("richting")
    if direction not in ("omhoog", "omlaag"):
        abort(400, description="Richting: kies omhoog of omlaag.")
    items = _renumber(planned)
    index = items.index(item)
    other = index - 1 if direction == "omhoog" else index + 1
    if 0 <= other < len(items):
        items[index].position, items[other].position = other, index
        record(found, "agenda", f"Agendapunt \u201c{item.title}\u201d {direction} verplaatst.")
    commit_or_conflict()
    return after_change(found, access, planned)


@bp.post("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/agendapunten/<sroi_id:item_id>/verwijderen")
@require_roles(*MANAGER_ROLES)
def meeting_item_delete(partnership_id: int, meeting_id: int, item_id: int) -> Response:
    """Take an agenda item off the agenda (its notes go with it; the log keeps the title)."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    item = item_or_404(planned, item_id)
    planned.items.remove(item)
    _renumber(planned)
    record(found, "agenda", f"Agendapunt \u201c{item.title}\u201d van {planned.title} geschrapt.")
    commit_or_conflict()
    return after_change(found, access, planned)


@bp.post("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/agendapunten/<sroi_id:item_id>/notities")
@require_roles(*MANAGER_ROLES)
def meeting_item_notes(partnership_id: int, meeting_id: int, item_id: int) -> Response:
    """Save the notes taken on an agenda item."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    item = item_or_404(planned, item_id)
    form = NotesForm(request.form)
    if not form.validate():
        return meeting_page(found, access, planned, 422, notes_form=form, notes_item_id=item.id)
    user = acting_user()
    item.notes = (form.notes.data or "").strip()
    item.notes_by_id = user.id
    item.notes_by_name = user.name
    item.notes_at = utcnow()
    commit_or_conflict()
    return after_change(found, access, planned)


# --- action items ---------------------------------------------------------------------------


@bp.post("/partnerships/<sroi_id:partnership_id>/overleggen/<sroi_id:meeting_id>/actiepunten")
@require_roles(*MANAGER_ROLES)
def meeting_action_add(partnership_id: int, meeting_id: int) -> Response:
    """Record an action item: what, who, when. Hints say what keeps it from being SMART."""
    found, access = managed_partnership_or_404(partnership_id)
    planned = meeting_or_404(found, meeting_id)
    form = action_form(found, request.form)
    owner: PartnershipPerson | None = None
    valid = form.validate()
    if form.owner_id.data:
        owner = next((p for p in found.persons if str(p.id) == form.owner_id.data), None)
        if owner is None:
            form.owner_id.errors = [*form.owner_id.errors, "Eigenaar: kies iemand uit de lijst."]
            valid = False
    if not valid:
        return meeting_page(found, access, planned, 422, action_form=form)
    user = acting_user()
    action = MeetingAction(
        text=form.text.data.strip(),
        owner=owner,
        due_date=form.due_date.data,
        created_by_id=user.id,
        created_by_name=user.name,
    )
    planned.actions.append(action)
    record(
        found,
        "action",
        f"Actiepunt in {planned.title}: \u201c{action.text}\u201d"
        + (f" voor {owner.name}" if owner else "")
        + (f", deadline {format_date(action.due_date)}" if action.due_date else "")
        + ".",
    )
    commit_or_conflict()
    return after_change(found, access, planned)


@bp.post("/partnerships/<sroi_id:partnership_id>/actiepunten/<sroi_id:action_id>")
@require_roles(*ANY_ROLE)
def meeting_action_update(partnership_id: int, action_id: int) -> Response:
    """Mark an action item done or open again (its owner or a manager)."""
    found, access = partnership_or_404(partnership_id)
    action = action_or_404(found, action_id)
    if not can_update_action(access, action):
        abort(
            403,
            description=(
                "U kunt alleen uw eigen actiepunten afvinken. Een contractmanager kan alle "
                "actiepunten bijwerken."
            ),
        )
    done = request.form.get("done") == "1"
    if done != action.done:
        user = acting_user()
        action.done = done
        action.done_by_id = user.id if done else None
        action.done_by_name = user.name if done else None
        action.done_at = utcnow() if done else None
        state = "afgerond" if done else "weer open gezet"
        record(found, "action", f"Actiepunt \u201c{action.text}\u201d {state}.")
        commit_or_conflict()
    if request.form.get("terug") == "mijn-taken":
        return redirect(url_for("sroi.my_tasks"), code=303)
    back = request.form.get("overleg", "")
    shown = action.meeting
    if back.isdigit():
        shown = meeting_or_404(found, int(back))
    return after_change(found, access, shown)
