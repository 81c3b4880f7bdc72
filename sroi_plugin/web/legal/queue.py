"""The legal reviewers' queue and their decisions on contract changes.

A proposed change is in the queue when the contract manager flagged it or its verdict is not
``allowed`` (:attr:`Modification.needs_review`). Reviewers see it oldest first, filter by
department and verdict, see the contract's earlier changes and decisions beside it, and record
a decision with a mandatory rationale. Decisions are append-only: a reconsideration adds one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models import utcnow
from sroi_plugin.rules.modification_notice import NoticeDue
from sroi_plugin.rules.significance import Verdict
from sroi_plugin.rules.significance import decision_ground_problem
from sroi_plugin.rules.significance import ground_article
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.de_minimis import figures_of
from sroi_plugin.services.modification_input import DERIVED_NOTE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.legal.changes import LABELS
from sroi_plugin.web.legal.changes import notice_of
from sroi_plugin.web.legal.forms import DecisionForm
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Who may see the queue and decide (admin always).
REVIEW_ROLES = (Role.LEGAL_REVIEWER,)
#: htmx event fired after a decision was recorded.
DECISION_RECORDED_EVENT = "sroiDecisionRecorded"
#: The queue's status filter: open (no decision yet), decided, or all.
STATUS_FILTERS = {"open": "Open", "besloten": "Besloten", "alle": "Alle"}


def _in_queue() -> ColumnElement[bool]:
    """SQL for :attr:`Modification.needs_review`: proposed and flagged or not plainly allowed."""
    return and_(
        Modification.status == "proposed",
        or_(Modification.flagged.is_(True), Modification.verdict != Verdict.ALLOWED.value),
    )


def _decided() -> ColumnElement[bool]:
    return exists().where(LegalDecision.modification_id == Modification.id)


def _queue_query(department: str, verdict: str, status: str) -> Select[Modification]:
    statement = (
        select(Modification)
        .join(Contract, Modification.contract_id == Contract.id)
        .where(_in_queue())
        .options(selectinload(Modification.decisions))
        .order_by(Modification.proposed_at, Modification.id)
    )
    if department:
        statement = statement.where(Contract.department == department)
    if verdict:
        statement = statement.where(Modification.verdict == verdict)
    if status == "open":
        statement = statement.where(~_decided())
    elif status == "besloten":
        statement = statement.where(_decided())
    return statement


def earlier_changes_of(changes: Sequence[Modification]) -> dict[int, list[Modification]]:
    """Per change id: its contract's other proposed changes dated on or before it, newest first.

    One query for all ``changes`` together, so the queue does not query once per item.
    """
    contract_ids = {change.contract_id for change in changes}
    if not contract_ids:
        return {}
    proposed = current_session().scalars(
        select(Modification)
        .where(Modification.contract_id.in_(contract_ids), Modification.status == "proposed")
        .options(selectinload(Modification.decisions))
        .order_by(Modification.modification_date.desc(), Modification.id.desc())
    )
    by_contract: dict[int, list[Modification]] = defaultdict(list)
    for other in proposed:
        by_contract[other.contract_id].append(other)
    return {
        change.id: [
            other
            for other in by_contract[change.contract_id]
            if other.id != change.id and _not_later(other, change)
        ]
        for change in changes
    }


def _not_later(other: Modification, change: Modification) -> bool:
    """``other`` is dated on or before ``change`` (anything counts when ``change`` has no date)."""
    if change.modification_date is None:
        return True
    day = other.modification_date
    return day is not None and day <= change.modification_date


def earlier_changes(change: Modification) -> list[Modification]:
    """The contract's other proposed changes dated on or before this one, newest first."""
    return earlier_changes_of([change])[change.id]


def _host_contract_url(ref: str) -> str | None:
    """The host's page for a contract (``@sroi.contract_url``), if the host gave one."""
    builder = current_app.extensions["sroi"].host.contract_url
    return builder(ref) if builder is not None else None


@bp.get("/juridisch/wachtrij")
@require_roles(*REVIEW_ROLES)
def legal_queue() -> Response:
    """Changes waiting for a legal reviewer, oldest first; filters by department and verdict."""
    department = request.args.get("afdeling", "").strip()
    verdict = request.args.get("oordeel", "").strip()
    if verdict not in LABELS["verdict"]:
        verdict = ""
    status = request.args.get("status", "open").strip()
    if status not in STATUS_FILTERS:
        status = "open"
    session = current_session()
    items = session.scalars(_queue_query(department, verdict, status)).unique().all()
    earlier = earlier_changes_of(items)
    departments = session.scalars(
        select(Contract.department)
        .join(Modification, Modification.contract_id == Contract.id)
        .where(_in_queue(), Contract.department.is_not(None))
        .distinct()
        .order_by(Contract.department)
    ).all()
    return render_panel(
        "legal/queue",
        items=[(item, earlier[item.id]) for item in items],
        notices=notices_to_publish(),
        departments=departments,
        department=department,
        verdict=verdict,
        status=status,
        status_filters=STATUS_FILTERS,
        contract_url_for=_host_contract_url,
        labels=LABELS,
        ground_article=_ground_article,
    )


def _ground_article(code: str) -> str:
    return ground_article(Ground(code))


def notices_to_publish() -> list[tuple[Modification, NoticeDue]]:
    """Changes whose standing decision is "allowed with publication" and whose notice is not
    recorded yet, with when it is due; earliest due first."""
    candidates = current_session().scalars(
        select(Modification)
        .where(
            Modification.status == "proposed",
            Modification.notice_published_on.is_(None),
            Modification.modification_date.is_not(None),
            exists().where(
                LegalDecision.modification_id == Modification.id,
                LegalDecision.decision == Decision.ALLOWED_WITH_PUBLICATION.value,
            ),
        )
        .options(selectinload(Modification.decisions))
    )
    due = [
        (change, notice_of(change.modification_date))
        for change in candidates
        if change.modification_date is not None
        and (latest := change.latest_decision) is not None
        and latest.decision == Decision.ALLOWED_WITH_PUBLICATION
    ]
    return sorted(due, key=lambda pair: (pair[1].due_on, pair[0].id))


def _change_or_404(change_id: int) -> Modification:
    change = current_session().get(Modification, change_id)
    if change is None:
        abort(404, description=f"Wijziging {change_id} bestaat niet (meer).")
    return change


def _figures_context(change: Modification) -> dict[str, Any]:
    """The change against the limits on its date, or why they cannot be computed."""
    try:
        figures = figures_of(change.contract, change)
    except RuleInputError as exc:
        return {"figures": None, "figures_problem": exc.message}
    return {"figures": figures, "figures_problem": None, "derived_note": DERIVED_NOTE}


def _review_context(change: Modification, form: DecisionForm) -> dict[str, Any]:
    return {
        "ref": change.contract.ref,
        "contract": change.contract,
        "change": change,
        "earlier": earlier_changes(change),
        **_figures_context(change),
        "form": form,
        "labels": LABELS,
        "ground_article": _ground_article,
    }


def _decision_form(change: Modification) -> DecisionForm:
    """An empty decision form whose ground is the proposer's."""
    return DecisionForm(data={"ground": change.ground or Ground.NONE.value})


@bp.get("/juridisch/wijzigingen/<sroi_id:change_id>")
@require_roles(*REVIEW_ROLES)
def legal_review(change_id: int) -> Response:
    """A change with its assessment and decisions, the contract's earlier changes, the form."""
    change = _change_or_404(change_id)
    return render_panel("legal/review", **_review_context(change, _decision_form(change)))


@bp.post("/juridisch/wijzigingen/<sroi_id:change_id>/besluiten")
@require_roles(*REVIEW_ROLES)
def legal_decide(change_id: int) -> Response:
    """Add a decision (never replace one); 422 with the form and its errors when incomplete."""
    change = _change_or_404(change_id)
    if change.status != "proposed":
        abort(409, description="Deze wijziging is nog niet aangevuld door de contractmanager.")
    # a post without a ground keeps the proposer's (the form's default)
    form = DecisionForm(request.form, data={"ground": change.ground or Ground.NONE.value})
    valid = form.validate()
    if valid:
        problem = decision_ground_problem(Decision(form.decision.data), Ground(form.ground.data))
        if problem is not None:
            form.ground.errors.append(f"{form.ground.label.text}: {problem}")
            valid = False
    if not valid:
        return render_panel("legal/review", 422, **_review_context(change, form))
    user = acting_user()
    change.decisions.append(
        LegalDecision(
            decision=form.decision.data,
            ground=form.ground.data,
            rationale=(form.rationale.data or "").strip(),
            decided_by_id=user.id,
            decided_by_name=user.name,
            decided_at=utcnow(),
        )
    )
    current_session().commit()
    return respond_after_post(
        url_for("sroi.legal_review", change_id=change.id),
        lambda: render_template(
            "sroi/legal/review.html", **_review_context(change, _decision_form(change))
        ),
        trigger=DECISION_RECORDED_EVENT,
    )
