"""Partnerships: the list, starting one, its page, editing it, moving to the next step,
and the contract panel ``"partnership"`` that shows a contract's partnerships with their progress.

Starting a partnership creates a task for every non-empty Bijlage II cell on its route
(``rules.matrix.tasks_for_partnership`` on the organisation's matrix). Moving on is deliberate:
a confirm page lists the current step's open tasks (``rules.matrix.open_tasks_in_step``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort
from flask import current_app
from flask import request
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from sroi_plugin.config import task_due_days
from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import Meeting
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipRole
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import PlannedTender
from sroi_plugin.models import effective_matrix
from sroi_plugin.models import partnership as partnership_models
from sroi_plugin.models import ref_key
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.matrix import STEP_TITLES
from sroi_plugin.rules.matrix import StepMove
from sroi_plugin.rules.matrix import active_steps
from sroi_plugin.rules.matrix import close_step
from sroi_plugin.rules.matrix import open_tasks_in_step
from sroi_plugin.rules.matrix import role_warnings
from sroi_plugin.rules.matrix import route_link_problems
from sroi_plugin.rules.matrix import starter_roles
from sroi_plugin.rules.matrix import steps_for_route
from sroi_plugin.rules.matrix import tasks_for_partnership
from sroi_plugin.rules.task_deadlines import task_due_date
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.loading import planned_tender_or_404
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import SUMMARY_LOADS
from sroi_plugin.web.partnerships.access import Access
from sroi_plugin.web.partnerships.access import access_to
from sroi_plugin.web.partnerships.access import assignments_of
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import ROLE_LABELS
from sroi_plugin.web.partnerships.forms import ROUTE_LABELS
from sroi_plugin.web.partnerships.forms import PartnershipForm
from sroi_plugin.web.partnerships.forms import StepForm
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.partnerships.forms import split_refs
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

register_panel("partnership", "Partnership")


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepProgress:
    """One step of the route: its tasks done and whether it is behind, current or ahead."""

    step: str
    title: str
    done: int
    total: int
    #: ``passed``, ``current`` or ``ahead``
    state: str


def current_steps(partnership: Partnership) -> tuple[str, ...]:
    """The steps the partnership works in now: 2A and 2B side by side on route ``both``
    (``rules.matrix.active_steps``)."""
    return active_steps(partnership.route, partnership.current_step, partnership.track_done)


def step_progress(partnership: Partnership) -> list[StepProgress]:
    """Every step on the route with its task counts (Bijlage I route, Bijlage II tasks)."""
    steps = steps_for_route(partnership.route)
    active = current_steps(partnership)
    first = min(steps.index(step) for step in active)
    result = []
    for index, step in enumerate(steps):
        tasks = [task for task in partnership.tasks if task.step == step]
        passed = index < first or step == partnership.track_done
        state = "current" if step in active else "passed" if passed else "ahead"
        result.append(
            StepProgress(
                step, STEP_TITLES[step], sum(task.done for task in tasks), len(tasks), state
            )
        )
    return result


def next_meeting(partnership: Partnership, today: date) -> Meeting | None:
    """The first meeting on or after today."""
    upcoming = [m for m in partnership.meetings if m.meeting_date >= today]
    return min(upcoming, key=lambda m: m.order_key) if upcoming else None


def role_findings(partnership: Partnership) -> list[Finding]:
    """What the role assignment lacks (``rules.matrix.role_warnings``), errors first."""
    findings = role_warnings(partnership.role_holders())
    return sorted(findings, key=lambda finding: finding.severity.rank)


def _summary(partnership: Partnership, access: Access, today: date) -> dict[str, Any]:
    """What the list, the contract panel and the page show of a partnership."""
    progress = step_progress(partnership)
    steps = [p.step for p in progress]
    active = current_steps(partnership)
    return {
        "partnership": partnership,
        "access": access,
        "progress": progress,
        "position": steps.index(active[0]) + 1,
        "active_steps": active,
        "step_count": len(steps),
        "tasks_done": sum(p.done for p in progress),
        "tasks_total": sum(p.total for p in progress),
        "next_meeting": next_meeting(partnership, today),
        "open_in_step": sum(len(open_tasks_in_step(partnership.tasks, s)) for s in active),
        "overdue": sum(task.overdue(today) for task in partnership.tasks),
    }


def _visible(partnerships: list[Partnership]) -> list[dict[str, Any]]:
    user = acting_user()
    today = today_from(current_app.config)
    result = []
    for partnership in partnerships:
        access = access_to(partnership, user)
        if access.view:
            result.append(_summary(partnership, access, today))
    return result


# --- list and contract panel ------------------------------------------------------------------


@bp.get("/partnerships")
@require_roles(*ANY_ROLE)
def partnerships() -> Response:
    """Every partnership the user may see, with its step and task progress."""
    rows = (
        current_session()
        .scalars(
            select(Partnership)
            .options(*SUMMARY_LOADS, selectinload(Partnership.contracts))
            .order_by(Partnership.name)
        )
        .all()
    )
    return render_panel(
        "partnerships/list",
        summaries=_visible(list(rows)),
        can_start=acting_user().has_any(*MANAGER_ROLES),
        labels=labels(),
    )


def partnerships_of(contract: Contract, *loads: Any) -> list[Partnership]:
    """The partnerships a contract works in, by name, with their summaries' relations loaded
    (and ``loads`` besides), in a fixed number of statements."""
    return list(
        current_session()
        .scalars(
            select(Partnership)
            .options(*SUMMARY_LOADS, *loads)
            .join(partnership_models.partnership_contracts)
            .where(partnership_models.partnership_contracts.c.contract_id == contract.id)
            .order_by(Partnership.name)
        )
        .all()
    )


@bp.get("/contracten/<path:ref>/partnership")
@require_roles(*ANY_ROLE)
def partnership(ref: str) -> Response:
    """Contract panel: the contract's partnerships with step progress and next meeting.

    "Partnership starten" is offered while the contract has no active partnership; with one, a
    second can still be started (a contract may work in several) through a quieter link.
    """
    contract = contract_or_404(ref)
    rows = partnerships_of(contract)
    return render_panel(
        "partnerships/contract",
        ref=contract.ref,
        contract=contract,
        summaries=_visible(rows),
        hidden=len(rows),
        has_active=any(row.state == "active" for row in rows),
        can_start=acting_user().has_any(*MANAGER_ROLES),
        labels=labels(),
    )


# --- starting and editing ---------------------------------------------------------------------


def start_step(partnership: Partnership, step: str) -> None:
    """Give the tasks of ``step`` without a due date one: today plus the organisation's term
    for the step (``rules.task_deadlines.task_due_date``, ``SROI_TASK_DUE_DAYS``)."""
    config = current_app.config
    due = task_due_date(step, today_from(config), task_due_days(config))
    for task in partnership.tasks:
        if task.step == step and task.due_date is None:
            task.due_date = due


def _link_contracts(form: PartnershipForm) -> list[Contract] | None:
    """The contracts the form names, or ``None`` after adding errors to the form."""
    refs = split_refs(form.contract_refs.data or "")
    session = current_session()
    found = {
        contract.ref_key: contract
        for contract in session.scalars(
            select(Contract).where(Contract.ref_key.in_([ref_key(ref) for ref in refs]))
        )
    }
    unknown = [ref for ref in refs if ref_key(ref) not in found]
    if unknown:
        form.contract_refs.errors = [
            *form.contract_refs.errors,
            "Contracten: onbekend contractnummer " + ", ".join(unknown) + ".",
        ]
        return None
    contracts = list(dict.fromkeys(found[ref_key(ref)] for ref in refs))
    problems = route_link_problems(
        str(form.route.data), len(contracts), bool((form.tender_title.data or "").strip())
    )
    for field_name, message in problems:
        field = form.contract_refs if field_name == "contracts" else form.tender_title
        field.errors = [*field.errors, message]
    return None if problems else contracts


def _form_page(form: PartnershipForm, partnership: Partnership | None, status: int) -> Response:
    refs = split_refs(form.contract_refs.data or "")
    return render_panel(
        "partnerships/form",
        http_status=status,
        form=form,
        partnership=partnership,
        ref=refs[0] if partnership is None and len(refs) == 1 else None,
        labels=labels(),
    )


def _add_starter(partnership: Partnership, user: SroiUser) -> None:
    """The user who starts the partnership joins its werkgroep, linked by their user id, in the
    Bijlage II column of the role they hold (``rules.matrix.starter_roles``; none: not added)."""
    roles = starter_roles(user.roles)
    if not roles:
        return
    person = PartnershipPerson(
        name=user.name,
        organisation="eigen",
        user_id=user.id,
        created_by_id=user.id,
        created_by_name=user.name,
        roles=[
            PartnershipRole(role=role, assigned_by_id=user.id, assigned_by_name=user.name)
            for role in roles
        ],
    )
    partnership.persons = [person]
    names = ", ".join(ROLE_LABELS[role] for role in roles)
    record(partnership, "roles", f"{user.name} toegevoegd als starter; rollen: {names}.")


def _start_tender(raw: object) -> PlannedTender | None:
    """The planned tender a start names (``?aanbesteding=ID``, or the form's hidden field); a
    user who may not manage partnerships (procurement) can only start from one (route 2A)."""
    text = str(raw or "").strip()
    tender = planned_tender_or_404(int(text)) if text.isdigit() else None
    if tender is None and not acting_user().has_any(*MANAGER_ROLES):
        abort(
            403,
            description=(
                "Een inkoper start een partnership vanaf een geplande aanbesteding (route 2A): "
                "open de aanbesteding en kies 'Partnership starten'."
            ),
        )
    return tender


def _tender_start_form(tender: PlannedTender) -> PartnershipForm:
    """The start form filled from a planned tender: route 2A, its title, its id."""
    return PartnershipForm(
        data={
            "name": f"Partnership {tender.title}"[:200],
            "route": "2A",
            "tender_title": tender.title,
            "planned_tender_id": str(tender.id),
            "target_group": "",
        }
    )


@bp.route("/partnerships/nieuw", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES, Role.PROCUREMENT)
def partnership_new() -> Response:
    """Start a partnership: from a contract page or the promising list (``?contract=REF``
    repeated), from a planned tender (``?aanbesteding=ID``), or from scratch. Creates the
    route's tasks from the organisation's matrix."""
    if request.method != "POST":  # GET and HEAD read; only POST writes
        tender = _start_tender(request.args.get("aanbesteding"))
        if tender is not None:
            return _form_page(_tender_start_form(tender), None, 200)
        refs = request.args.getlist("contract")
        known = [contract_or_404(ref) for ref in refs]
        route = "2B" if known else "2A"
        name = f"Partnership {known[0].supplier_name or known[0].title}" if len(known) == 1 else ""
        form = PartnershipForm(
            data={
                "name": name,
                "route": route,
                "contract_refs": "\n".join(contract.ref for contract in known),
                "target_group": "",
            }
        )
        return _form_page(form, None, 200)
    form = PartnershipForm(request.form)
    valid = form.validate()
    tender = _start_tender(form.planned_tender_id.data if valid else None)
    contracts = _link_contracts(form) if valid else None
    if not valid or contracts is None:
        return _form_page(form, None, 422)
    user = acting_user()
    new = Partnership(
        name=form.name.data.strip(),
        route=form.route.data,
        current_step="1",
        tender_title=(form.tender_title.data or "").strip() or None,
        goals=(form.goals.data or "").strip(),
        target_group=form.target_group.data or None,
        planned_tender_id=tender.id if tender is not None else None,
        created_by_id=user.id,
        created_by_name=user.name,
    )
    new.contracts = contracts
    specs = tasks_for_partnership(effective_matrix(current_session()), new.route)
    new.tasks = [PartnershipTask(step=s.step, role=s.role, text=s.text) for s in specs]
    start_step(new, new.current_step)
    _add_starter(new, user)
    record(
        new,
        "created",
        f"Partnership gestart ({ROUTE_LABELS[new.route]}) met {len(specs)} taken"
        + (f"; contracten {', '.join(c.ref for c in contracts)}" if contracts else "")
        + ".",
    )
    session = current_session()
    session.add(new)
    session.commit()
    if tender is not None and not access_to(new, user).view:  # procurement, not a member
        return respond_after_post(url_for("sroi.tender", tender_id=tender.id))
    return _after_change(new)


def _after_change(partnership: Partnership) -> Response:
    """After a successful POST: the page again (htmx) or a redirect to it (plain)."""

    def page() -> Response:
        current_session().expire_all()
        return render_panel("partnerships/detail", **_detail_context(partnership))

    return respond_after_post(
        url_for("sroi.partnership_detail", partnership_id=partnership.id), page
    )


@bp.route("/partnerships/<sroi_id:partnership_id>/bewerken", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES)
def partnership_edit(partnership_id: int) -> Response:
    """Change name, linked contracts, tender, goals and target group (the route stays)."""
    found, _access = managed_partnership_or_404(partnership_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        form = PartnershipForm(
            data={
                "name": found.name,
                "route": found.route,
                "contract_refs": "\n".join(contract.ref for contract in found.contracts),
                "tender_title": found.tender_title or "",
                "goals": found.goals,
                "target_group": found.target_group or "",
            }
        )
        return _form_page(form, found, 200)
    form = PartnershipForm(request.form)
    form.route.data = found.route  # the route is fixed when the tasks were created
    valid = form.validate()
    contracts = _link_contracts(form) if valid else None
    if not valid or contracts is None:
        return _form_page(form, found, 422)
    found.name = form.name.data.strip()
    found.contracts = contracts
    found.tender_title = (form.tender_title.data or "").strip() or None
    found.goals = (form.goals.data or "").strip()
    found.target_group = form.target_group.data or None
    record(found, "edited", "Gegevens, doelstellingen of doelgroep gewijzigd.")
    commit_or_conflict()
    return _after_change(found)


# --- the partnership page ---------------------------------------------------------------------


def _detail_context(found: Partnership) -> dict[str, Any]:
    user = acting_user()
    access = access_to(found, user)
    today = today_from(current_app.config)
    contract_url = current_app.extensions["sroi"].host.contract_url
    return {
        **_summary(found, access, today),
        "today": today,
        "findings": role_findings(found),
        "assignments": assignments_of(found),
        "names": {person.id: person.name for person in found.persons},
        "moves": [
            (step, open_tasks_in_step(found.tasks, step), _move(found, step))
            for step in current_steps(found)
        ],
        "contract_links": [
            (contract, contract_url(contract.ref) if contract_url else None)
            for contract in found.contracts
        ],
        "events": found.events[:15],
        "labels": labels(),
    }


@bp.get("/partnerships/<sroi_id:partnership_id>")
@require_roles(*ANY_ROLE)
def partnership_detail(partnership_id: int) -> Response:
    """The partnership: route and step progress, roles, tasks, meetings, brainstorms, log."""
    found, _access = partnership_or_404(partnership_id)
    return render_panel("partnerships/detail", **_detail_context(found))


# --- moving to the next step ------------------------------------------------------------------


def _move(found: Partnership, step: str) -> StepMove | None:
    """What closing the active ``step`` does (``rules.matrix.close_step``)."""
    return close_step(found.route, found.current_step, found.track_done, step)


def _chosen_step(found: Partnership, asked: str | None) -> str:
    """The active step the user closes: ``asked`` when active, else the first active step."""
    active = current_steps(found)
    return asked if asked in active else active[0]


def _step_page(found: Partnership, step: str, status: int, message: str | None = None) -> Response:
    return render_panel(
        "partnerships/step",
        http_status=status,
        partnership=found,
        step=step,
        move=_move(found, step),
        parallel=len(current_steps(found)) > 1,
        open_tasks=open_tasks_in_step(found.tasks, step),
        assignments=assignments_of(found),
        message=message,
        labels=labels(),
    )


@bp.route("/partnerships/<sroi_id:partnership_id>/stap", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES)
def partnership_step(partnership_id: int) -> Response:
    """Confirm page listing an active step's open tasks (``?stap=2B`` picks one of two parallel
    tracks); POST closes that step and moves on (``rules.matrix.close_step``)."""
    found, _access = managed_partnership_or_404(partnership_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        return _step_page(found, _chosen_step(found, request.args.get("stap")), 200)
    form = StepForm(request.form)
    step = str(form.from_step.data or "")
    try:
        move = _move(found, step)
    except RuleInputError:
        return _step_page(
            found,
            _chosen_step(found, step),
            409,
            "Iemand anders heeft de partnership intussen naar een andere stap gezet. "
            "Bekijk de openstaande taken hieronder opnieuw.",
        )
    if move is None:
        abort(409, description="Dit is de laatste stap van de route; er is geen volgende stap.")
    still_open = open_tasks_in_step(found.tasks, step)
    moved = (
        f"Van stap {step} naar stap {' en '.join(move.opened)}"
        if move.opened
        else f"Spoor {step} afgerond; spoor {'2B' if step == '2A' else '2A'} loopt nog"
    )
    record(
        found,
        "step",
        moved + (f" met {len(still_open)} open taken." if still_open else "; alle taken afgerond."),
    )
    found.current_step = move.current_step
    found.track_done = move.track_done
    for opened in move.opened:
        start_step(found, opened)
    commit_or_conflict()
    return _after_change(found)
