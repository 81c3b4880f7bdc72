"""Tasks of a partnership: the grid, one task, and "Mijn taken".

The grid is Bijlage II for the partnership's route: steps × roles, each cell its task's status
and who does it. Managers update every task; a member updates the tasks of the roles they hold
or stand in for. "Mijn taken" collects the current user's open tasks and action items across
partnerships: the tasks of each partnership's current step first, overdue first within them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask import current_app
from flask import request
from flask import url_for
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.models import Meeting
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import utcnow
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.matrix import RoleAssignment
from sroi_plugin.rules.matrix import steps_for_route
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.partnerships.access import SUMMARY_LOADS
from sroi_plugin.web.partnerships.access import Access
from sroi_plugin.web.partnerships.access import access_to
from sroi_plugin.web.partnerships.access import assignments_of
from sroi_plugin.web.partnerships.access import can_update_task
from sroi_plugin.web.partnerships.access import committed
from sroi_plugin.web.partnerships.access import matching_persons_query
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.access import task_or_404
from sroi_plugin.web.partnerships.forms import ROLE_LABELS
from sroi_plugin.web.partnerships.forms import STATUS_LABELS
from sroi_plugin.web.partnerships.forms import TaskForm
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Where the task form returns to after saving (``terug`` parameter).
RETURN_TARGETS = ("matrix", "mijn-taken")


def holder_names(found: Partnership, assignment: RoleAssignment) -> list[str]:
    """Names of the people who do a role's tasks (the stand-ins when nobody holds it)."""
    names = {person.id: person.name for person in found.persons}
    return [names[person_id] for person_id in assignment.holders if person_id in names]


# --- the grid -------------------------------------------------------------------------------


@bp.get("/partnerships/<sroi_id:partnership_id>/matrix")
@require_roles(*ANY_ROLE)
def partnership_matrix(partnership_id: int) -> Response:
    """Bijlage II for this partnership: steps on its route × roles, each task's status."""
    found, access = partnership_or_404(partnership_id)
    assignments = assignments_of(found)
    today = today_from(current_app.config)
    cells = {(task.step, task.role): task for task in found.tasks}
    return render_panel(
        "partnerships/task_matrix",
        partnership=found,
        access=access,
        steps=steps_for_route(found.route),
        roles=ROLE_KEYS,
        cells=cells,
        holders={role: holder_names(found, a) for role, a in assignments.items()},
        assignments=assignments,
        editable={task.id for task in found.tasks if can_update_task(access, task, assignments)},
        saved=next((task for task in found.tasks if task.id == saved_task_id()), None),
        today=today,
        labels=labels(),
    )


# --- one task -------------------------------------------------------------------------------


def _task_page(
    found: Partnership,
    access: Access,
    task: PartnershipTask,
    form: TaskForm,
    status: int = 200,
    *,
    message: str | None = None,
    saved: bool = False,
) -> Response:
    assignments = assignments_of(found)
    return render_panel(
        "partnerships/task",
        http_status=status,
        partnership=found,
        access=access,
        task=task,
        form=form,
        can_edit=can_update_task(access, task, assignments),
        assignment=assignments[task.role],
        holders=holder_names(found, assignments[task.role]),
        back=_return_to(),
        message=message,
        saved=saved,
        today=today_from(current_app.config),
        labels=labels(),
    )


def _return_to() -> str:
    value = request.values.get("terug", "matrix")
    return value if value in RETURN_TARGETS else "matrix"


def _task_form_for(task: PartnershipTask) -> TaskForm:
    return TaskForm(
        data={
            "status": task.status,
            "due_date": task.due_date,
            "notes": task.notes,
            "version": str(task.version),
        }
    )


def _conflict(
    found: Partnership, access: Access, task: PartnershipTask, form: TaskForm
) -> Response:
    """409: someone else saved the task since the form was opened; the typed input stays."""
    form.version.data = str(task.version)  # saving again overwrites, knowingly
    return _task_page(
        found,
        access,
        task,
        form,
        409,
        message=(
            f"{task.updated_by_name or 'Iemand anders'} heeft deze taak intussen gewijzigd "
            f"(status nu: {STATUS_LABELS[task.status]}). Uw invoer staat hieronder nog; "
            "sla opnieuw op om die te bewaren."
        ),
    )


@bp.route("/partnerships/<sroi_id:partnership_id>/taken/<sroi_id:task_id>", methods=["GET", "POST"])
@require_roles(*ANY_ROLE)
def partnership_task(partnership_id: int, task_id: int) -> Response:
    """A task: its text, who does it, status, due date and notes; updated by its holders."""
    found, access = partnership_or_404(partnership_id)
    task = task_or_404(found, task_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        return _task_page(found, access, task, _task_form_for(task))
    if not can_update_task(access, task, assignments_of(found)):
        abort(
            403,
            description=(
                "U kunt alleen uw eigen taken bijwerken: taken van een rol die u in deze "
                "partnership vervult. Een contractmanager kan alle taken bijwerken."
            ),
        )
    form = TaskForm(request.form)
    if not form.validate():
        return _task_page(found, access, task, form, 422)
    if form.version.data != str(task.version):
        return _conflict(found, access, task, form)
    user = acting_user()
    old_status = task.status
    task.status = form.status.data
    task.due_date = form.due_date.data
    task.notes = (form.notes.data or "").strip()
    task.updated_by_id = user.id
    task.updated_by_name = user.name
    task.updated_at = utcnow()
    what = f"Taak stap {task.step}, {ROLE_LABELS[task.role]}"
    if old_status != task.status:
        what += f": {STATUS_LABELS[old_status]} → {STATUS_LABELS[task.status]}"
    record(found, "task", what + ".")
    if not committed():  # saved by someone else after the version check above
        return _conflict(found, access, task, form)
    if _return_to() == "mijn-taken":
        back = url_for("sroi.my_tasks", opgeslagen=task.id)
    else:
        back = url_for("sroi.partnership_matrix", partnership_id=found.id, opgeslagen=task.id)
    return respond_after_post(
        back, lambda: _task_page(found, access, task, _task_form_for(task), saved=True)
    )


# --- Mijn taken -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MyTask:
    """An open task of the current user, with the partnership and why it is theirs."""

    partnership: Partnership
    task: PartnershipTask
    #: the role whose holders stand in for this task's role, if the user does it as a stand-in
    stand_in_for: str | None
    overdue: bool
    #: the task belongs to the step the partnership is in now
    current: bool


@dataclass(frozen=True)
class MyAction:
    """An open action item the current user owns."""

    partnership: Partnership
    action: MeetingAction
    overdue: bool


def _due_order(overdue: bool, due: date | None) -> tuple[int, date]:
    """Overdue first, then by due date, undated last."""
    return (0 if overdue else 1 if due is not None else 2, due or date.max)


def saved_task_id() -> int | None:
    """The task just saved, from ``?opgeslagen=<id>`` after the redirect, for the confirmation."""
    value = request.args.get("opgeslagen", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


@bp.get("/mijn-taken")
@require_roles(*ANY_ROLE)
def my_tasks() -> Response:
    """The current user's open tasks and action items across partnerships: the current step's
    tasks first, then those of earlier and later steps; overdue first within each."""
    user = acting_user()
    today = today_from(current_app.config)
    persons = (
        current_session()
        .scalars(
            matching_persons_query(user).options(
                selectinload(PartnershipPerson.partnership).options(
                    *SUMMARY_LOADS,
                    selectinload(Partnership.meetings).selectinload(Meeting.actions),
                )
            )
        )
        .all()
    )
    partnerships = {person.partnership.id: person.partnership for person in persons}
    tasks: list[MyTask] = []
    actions: list[MyAction] = []
    for found in partnerships.values():
        access = access_to(found, user)
        if not access.member or found.state != "active":  # parked or closed: no tasks to do
            continue
        assignments = assignments_of(found)
        for task in found.tasks:
            assignment = assignments[task.role]
            if task.done or not access.owns(assignment.holders):
                continue
            tasks.append(
                MyTask(
                    found,
                    task,
                    assignment.fallback_from and task.role,
                    task.overdue(today),
                    task.step == found.current_step,
                )
            )
        for meeting in found.meetings:
            for action in meeting.actions:
                if action.done or action.owner_id not in access.person_ids:
                    continue
                overdue = action.due_date is not None and action.due_date < today
                actions.append(MyAction(found, action, overdue))
    tasks.sort(
        key=lambda t: (
            not t.current,
            _due_order(t.overdue, t.task.due_date),
            t.partnership.name,
            STEPS.index(t.task.step),
            ROLE_KEYS.index(t.task.role),
        )
    )
    actions.sort(key=lambda a: (_due_order(a.overdue, a.action.due_date), a.action.id))
    return render_panel(
        "partnerships/my_tasks",
        user=user,
        current_tasks=[t for t in tasks if t.current],
        other_tasks=[t for t in tasks if not t.current],
        saved=saved_task_id(),
        actions=actions,
        linked=bool(persons),
        today=today,
        labels=labels(),
    )
