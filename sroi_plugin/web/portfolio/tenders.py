"""Pages "Geplande aanbestedingen" (route 2A): a tender checked before publication.

Procurement (admin too) enters what a tender will be and its draft social-return paragraph and
gets, before publication, the clause panel's findings (the tender is read as a contract by
:mod:`sroi_plugin.services.tender_facts` and checked by ``rules.clauses.check_clause``, the
panel's one path) and the social procurement strategy of stap 2Ab
(``rules.tender_strategy``). "Controleren" shows them for the typed values without saving;
"Opslaan" stores the tender. Saving an existing tender is guarded by its version: a form
loaded before someone else's save gets 409 with the typed text kept. The tender's page lists
the lessons of earlier partnerships in its category (:mod:`sroi_plugin.services.lessons`) and
starts a partnership from the tender (route 2A). Those who read the promising contracts read.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import request
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Partnership
from sroi_plugin.models import PlannedTender
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.lessons import lessons_for_category
from sroi_plugin.services.rule_tables import current_norms
from sroi_plugin.services.tender_facts import TenderFields
from sroi_plugin.services.tender_facts import tender_findings
from sroi_plugin.services.tender_facts import tender_routes
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.loading import planned_tender_or_404
from sroi_plugin.web.panels.clauses import SEVERITY_DISPLAY
from sroi_plugin.web.panels.clauses import Checked
from sroi_plugin.web.panels.forms import SR_BASIS_LABELS
from sroi_plugin.web.panels.forms import SR_FORM_LABELS
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.portfolio.promising import READ_ROLES as PROMISING_READERS
from sroi_plugin.web.portfolio.tender_forms import AUTHORITY_LABELS
from sroi_plugin.web.portfolio.tender_forms import KIND_LABELS
from sroi_plugin.web.portfolio.tender_forms import TENDER_FIELDS
from sroi_plugin.web.portfolio.tender_forms import TenderForm
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Who enters and changes planned tenders (admin always).
EDIT_ROLES = (Role.PROCUREMENT,)
#: Who reads them: those who read the promising contracts, the portfolio page of the same work.
READ_ROLES = PROMISING_READERS
#: Who may start a partnership from a tender: the partnership managers, and procurement.
START_ROLES = (*MANAGER_ROLES, Role.PROCUREMENT)
_CONFLICT = (
    "Iemand anders heeft deze aanbesteding intussen opgeslagen. Uw invoer staat hieronder nog; "
    "de opgeslagen versie staat ernaast. Sla opnieuw op om uw versie te bewaren."
)
_PROBLEM_HINT = "Vul dit aan in de aanbesteding."


def _checks(tender: TenderFields) -> tuple[Checked, Checked]:
    """The clause findings and the 2Ab advice for the tender, or why they cannot run."""
    today = today_from(current_app.config)
    try:
        clause = Checked(tender_findings(tender, today, current_norms()))
    except RuleInputError as exc:
        clause = Checked([], problem=exc.message)
    try:
        routes = Checked(tender_routes(tender, today))
    except RuleInputError as exc:
        routes = Checked([], problem=exc.message)
    return clause, routes


def _context(checked: TenderFields, /, **extra: Any) -> dict[str, Any]:
    """What the form and the page show: the checks of ``checked`` (the typed or stored
    values) and the lessons of its category."""
    clause, routes = _checks(checked)
    return {
        "checked": clause,
        "routes": routes.findings,
        "routes_problem": routes.problem,
        "severity_display": SEVERITY_DISPLAY,
        "problem_hint": _PROBLEM_HINT,
        "can_edit": False,
        "kind_labels": KIND_LABELS,
        "authority_labels": AUTHORITY_LABELS,
        "basis_labels": SR_BASIS_LABELS,
        "form_labels": SR_FORM_LABELS,
        "lessons": lessons_for_category(current_session(), checked.category),
        "lessons_category": checked.category,
        **extra,
    }


@bp.get("/aanbestedingen")
@require_roles(*READ_ROLES)
def tenders() -> Response:
    """The planned tenders, the next publication first."""
    rows = current_session().scalars(
        select(PlannedTender).order_by(
            PlannedTender.planned_publication.is_(None),
            PlannedTender.planned_publication,
            PlannedTender.title,
        )
    )
    return render_panel(
        "portfolio/tenders",
        tenders=list(rows),
        can_edit=acting_user().has_any(*EDIT_ROLES),
        kind_labels=KIND_LABELS,
    )


def _form_page(
    form: TenderForm,
    tender: PlannedTender | None,
    status: int,
    *,
    checked_now: bool = False,
    conflict: bool = False,
) -> Response:
    return render_panel(
        "portfolio/tender_form",
        http_status=status,
        **_context(
            form.draft(),
            form=form,
            tender=tender,
            checked_now=checked_now,
            conflict=_CONFLICT if conflict else None,
        ),
    )


def _store(tender: PlannedTender, form: TenderForm) -> None:
    draft = form.draft()
    user = acting_user()
    for name in TENDER_FIELDS:
        setattr(tender, name, getattr(draft, name))
    tender.updated_by_id = user.id
    tender.updated_by_name = user.name


def _saved(tender: PlannedTender) -> Response:
    return respond_after_post(url_for("sroi.tender", tender_id=tender.id))


@bp.route("/aanbestedingen/nieuw", methods=["GET", "POST"])
@require_roles(*EDIT_ROLES)
def tender_new() -> Response:
    """Enter a planned tender; "Controleren" shows the findings, "Opslaan" stores it."""
    if request.method != "POST":  # GET and HEAD read; only POST writes
        return _form_page(TenderForm(data={"authority_type": "other"}), None, 200)
    form = TenderForm(request.form)
    valid = form.validate()
    if not valid or request.form.get("actie") == "controleren":
        return _form_page(form, None, 200 if valid else 422, checked_now=valid)
    user = acting_user()
    tender = PlannedTender(created_by_id=user.id, created_by_name=user.name)
    _store(tender, form)
    session = current_session()
    session.add(tender)
    session.commit()
    return _saved(tender)


@bp.route("/aanbestedingen/<sroi_id:tender_id>/bewerken", methods=["GET", "POST"])
@require_roles(*EDIT_ROLES)
def tender_edit(tender_id: int) -> Response:
    """Change a planned tender; a form of an older version gets 409 with the typed text."""
    tender = planned_tender_or_404(tender_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        return _form_page(TenderForm.of(tender), tender, 200)
    form = TenderForm(request.form)
    valid = form.validate()
    if not valid or request.form.get("actie") == "controleren":
        return _form_page(form, tender, 200 if valid else 422, checked_now=valid)
    if str(form.version.data or "").strip() != str(tender.version):
        form.version.data = str(tender.version)  # saving again keeps the typed version
        return _form_page(form, tender, 409, conflict=True)
    _store(tender, form)
    session = current_session()
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        current = planned_tender_or_404(tender_id)
        form.version.data = str(current.version)
        return _form_page(form, current, 409, conflict=True)
    return _saved(tender)


@bp.get("/aanbestedingen/<sroi_id:tender_id>")
@require_roles(*READ_ROLES)
def tender(tender_id: int) -> Response:
    """The tender: its facts, findings and 2Ab advice, lessons, and its partnerships."""
    found = planned_tender_or_404(tender_id)
    user = acting_user()
    started = current_session().scalars(
        select(Partnership)
        .where(Partnership.planned_tender_id == found.id)
        .order_by(Partnership.name)
    )
    return render_panel(
        "portfolio/tender",
        **_context(
            found,
            tender=found,
            partnerships=list(started),
            may_edit=user.has_any(*EDIT_ROLES),
            can_start=user.has_any(*START_ROLES),
        ),
    )
