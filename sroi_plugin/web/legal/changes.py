"""Panel "Wijzigingen (wezenlijke wijziging)": a contract's change register.

A contract manager proposes a change and sees the significance check update while typing (the
assess endpoint only computes; it changes nothing). Changes a portfolio re-import detected show as
drafts to complete. Every change whose verdict is not ``allowed``, or that the contract manager
flags, goes to the legal reviewers' queue (:mod:`sroi_plugin.web.legal.queue`); the panel shows the
open flag and the latest decision. The de-minimis headroom is always on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import utcnow
from sroi_plugin.rules.change_bounds import decrease_problem
from sroi_plugin.rules.change_bounds import extension_end_problem
from sroi_plugin.rules.modification_notice import NOTICE_SOURCE
from sroi_plugin.rules.modification_notice import TERM_SOURCE
from sroi_plugin.rules.modification_notice import NoticeDue
from sroi_plugin.rules.modification_notice import notice_due
from sroi_plugin.rules.months import extension_months
from sroi_plugin.rules.significance import Assessment
from sroi_plugin.rules.significance import Ground
from sroi_plugin.rules.significance import ReferenceValue
from sroi_plugin.rules.significance import Verdict
from sroi_plugin.rules.significance import ground_article
from sroi_plugin.rules.significance import social_return_addition_advice
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.change_drafts import change_base_value
from sroi_plugin.services.change_drafts import draft_defaults
from sroi_plugin.services.change_drafts import extension_base_date
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.change_register import prior_modifications
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.de_minimis import PendingProposals
from sroi_plugin.services.de_minimis import assess
from sroi_plugin.services.de_minimis import de_minimis_gross_increases
from sroi_plugin.services.de_minimis import de_minimis_room
from sroi_plugin.services.de_minimis import de_minimis_share
from sroi_plugin.services.de_minimis import pending_proposals
from sroi_plugin.services.de_minimis import reference_on
from sroi_plugin.services.modification_input import ChangeFacts
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.formatting import format_import_value
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.legal.basis import basis_section_context
from sroi_plugin.web.legal.forms import DECISION_LABELS
from sroi_plugin.web.legal.forms import GROUND_LABELS
from sroi_plugin.web.legal.forms import KIND_LABELS
from sroi_plugin.web.legal.forms import VERDICT_LABELS
from sroi_plugin.web.legal.forms import ChangeForm
from sroi_plugin.web.legal.forms import NoticeForm
from sroi_plugin.web.legal.forms import answer_value
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels import overview as _overview  # noqa: F401 - registered first, shown first
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

register_panel("changes", "Wijzigingen (wezenlijke wijziging)")

#: Who may propose, complete, assess and flag changes (admin always).
CHANGE_ROLES = (Role.CONTRACT_MANAGER,)
#: Who may record the publication of a modification notice (admin always).
NOTICE_ROLES = (Role.LEGAL_REVIEWER, Role.PROCUREMENT)
#: htmx event fired after the register changed (a host may listen for it).
CHANGES_UPDATED_EVENT = "sroiChangesUpdated"

#: Dutch names for the templates, by kind of value.
LABELS = {
    "kind": KIND_LABELS,
    "ground": GROUND_LABELS,
    "verdict": VERDICT_LABELS,
    "decision": DECISION_LABELS,
}

def change_or_404(contract: Contract, change_id: int) -> Modification:
    """A change of this contract, or a Dutch 404."""
    change = current_session().get(Modification, change_id)
    if change is None or change.contract_id != contract.id:
        abort(404, description=f"Wijziging {change_id} bestaat niet bij contract {contract.ref}.")
    return change


# --- the de-minimis headroom ---------------------------------------------------------------


@dataclass(frozen=True)
class Room:
    """The contract's de-minimis figures now, or why they cannot be computed.

    Only modifications carried out count (:attr:`RecordedChange.settled`); proposals waiting
    for a lawyer are shown apart (``pending``) with whether they would fit.
    """

    assessment: Assessment | None
    #: the 10% / 15% share for this kind of contract, for the explanation
    share: Decimal | None
    problem: str | None
    pending: PendingProposals | None = None
    #: the increases alone among the counted de-minimis modifications
    gross_increases: Decimal | None = None
    #: the (indexed) initial value the 10% / 15% is taken of
    reference: ReferenceValue | None = None

    @property
    def pending_fits(self) -> bool:
        """The pending proposals together stay within the headroom."""
        return (
            self.assessment is not None
            and self.pending is not None
            and self.pending.total <= self.assessment.headroom_eur
        )


def room_of(contract: Contract, changes: list[RecordedChange]) -> Room:
    """Headroom, threshold and net cumulative value of the contract's de-minimis changes."""
    try:
        return Room(
            de_minimis_room(contract, today_from(current_app.config), changes),
            de_minimis_share(contract),
            None,
            pending_proposals(changes),
            de_minimis_gross_increases(changes),
            reference=reference_on(contract, today_from(current_app.config), changes),
        )
    except RuleInputError as exc:
        return Room(None, None, exc.message)


# --- the panel -----------------------------------------------------------------------------


def notice_of(change_date: date) -> NoticeDue:
    """When the modification notice of a change dated ``change_date`` is due
    (``SROI_NOTICE_DAYS``, the organisation's term)."""
    config = current_app.config
    return notice_due(change_date, config["SROI_NOTICE_DAYS"], today_from(config))


def panel_context(
    contract: Contract, failed_notice: tuple[int, NoticeForm] | None = None
) -> dict[str, Any]:
    """The change panel's values; ``failed_notice`` is a notice form to show with its errors."""
    changes = recorded_changes(contract)
    user = acting_user()
    notice_forms = {
        c.id: NoticeForm() for c in changes if c.notice_to_publish and c.modification_date
    }
    if failed_notice is not None:
        notice_forms[failed_notice[0]] = failed_notice[1]
    return {
        "ref": contract.ref,
        "contract": contract,
        "room": room_of(contract, changes),
        "drafts": [c for c in changes if c.status == "draft"],
        "proposed": [c for c in changes if c.status == "proposed"],
        "can_propose": user.has_any(*CHANGE_ROLES),
        "can_review": user.has_any("legal_reviewer"),
        "can_record_notice": user.has_any(*NOTICE_ROLES),
        "notices": {
            c.id: notice_of(c.modification_date)
            for c in changes
            if c.notice_to_publish and c.modification_date
        },
        "notice_forms": notice_forms,
        "notice_source": NOTICE_SOURCE,
        "term_source": TERM_SOURCE,
        "labels": LABELS,
        "ground_article": lambda code: ground_article(Ground(code)),
        **basis_section_context(contract, changes),
    }


@bp.get("/contracten/<path:ref>/wijzigingen")
@require_roles(*ANY_ROLE)
def changes(ref: str) -> Response:
    """The change register: headroom, drafts to complete, changes with verdict and decision."""
    contract = contract_or_404(ref)
    return render_panel("legal/changes", **panel_context(contract))


def _saved(contract: Contract) -> Response:
    """After a successful POST: the panel again (htmx) or a redirect to it (plain)."""
    return respond_after_post(
        url_for("sroi.changes", ref=contract.ref),
        lambda: render_template("sroi/legal/changes.html", **panel_context(contract)),
        trigger=CHANGES_UPDATED_EVENT,
    )


# --- evaluating the form -------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluated:
    """The check's outcome for what the form says."""

    assessment: Assessment
    #: the value the check used (the delta, or the valued term extension)
    value: Decimal
    extra_months: int | None

    @property
    def goes_to_review(self) -> bool:
        """Whether the change will be in the legal reviewers' queue (without a flag)."""
        return self.assessment.verdict is not Verdict.ALLOWED


def _rule_error_to_form(form: ChangeForm, exc: RuleInputError) -> None:
    """Put a rules' input error beside the form field it is about, in the form's words."""
    if exc.field == "modification.value_delta_eur":
        form.value_delta.errors.append(
            f"{form.value_delta.label.text}: vul het bedrag in (0 als de prijs niet verandert), "
            "of bij een verlenging alleen de nieuwe einddatum."
        )
    elif exc.field == "contract.annual_value_eur":
        form.value_delta.errors.append(
            f"{form.value_delta.label.text}: de jaarwaarde van het contract is onbekend, dus de "
            "verlenging is niet vanzelf te waarderen; vul het bedrag in."
        )
    elif exc.field == "modification.date":
        form.modification_date.errors.append(
            f"{form.modification_date.label.text}: {exc.message}."
        )
    elif exc.field == "modification.extra_months":
        form.new_end_date.errors.append(f"{form.new_end_date.label.text}: {exc.message}.")
    else:
        form.general_errors.append(f"De contractgegevens zijn onvolledig: {exc.message}.")


def evaluate(
    form: ChangeForm,
    contract: Contract,
    draft: Modification | None,
    changes: list[RecordedChange],
) -> Evaluated | None:
    """Run the significance check on a validated form; ``None`` (errors set) when it cannot.

    Only the fields the check reads matter here; the earlier ones among the contract's
    ``changes`` (not the draft itself) are its ``prior_modifications``.
    """
    if any(getattr(form, name).errors for name in ChangeForm.ASSESSMENT_FIELDS):
        return None
    value_problem = decrease_problem(form.value_delta.data, change_base_value(draft, contract))
    if value_problem is not None:
        form.value_delta.errors.append(f"{form.value_delta.label.text}: {value_problem}")
        return None
    extra_months = None
    new_end = form.new_end_date.data
    if new_end is not None:
        base = extension_base_date(draft, contract)
        label = form.new_end_date.label.text
        if base is None:
            form.new_end_date.errors.append(
                f"{label}: het contract heeft geen bekende einddatum, dus de verlenging is niet "
                "te berekenen. Laat dit veld leeg en vul de waardeverandering in."
            )
            return None
        end_problem = extension_end_problem(new_end, base)
        if end_problem is not None:
            form.new_end_date.errors.append(f"{label}: {end_problem}")
            return None
        extra_months = extension_months(base, new_end)
    day = form.modification_date.data
    assert day is not None
    facts = ChangeFacts(
        value_delta=form.value_delta.data,
        day=day,
        ground=Ground(form.ground.data),
        extra_months=extra_months,
        has_review_clause=bool(form.has_review_clause.data),
        changes_overall_nature=answer_value(form.changes_overall_nature),
        shifts_economic_balance=answer_value(form.shifts_economic_balance),
        extends_scope_considerably=answer_value(form.extends_scope_considerably),
        attracts_other_bidders=answer_value(form.attracts_other_bidders),
        **_replacement_answers(form),
    )
    priors = prior_modifications(
        changes, until=day, exclude_id=draft.id if draft is not None else None
    )
    try:
        inp, assessment = assess(contract, facts, priors)
    except RuleInputError as exc:
        _rule_error_to_form(form, exc)
        return None
    return Evaluated(assessment, inp.value_eur, extra_months)


def _replacement_answers(form: ChangeForm) -> dict[str, bool | None]:
    """The two succession facts (Aw 2012 art. 2.163f), asked only for a contractor replacement;
    ``None`` for any other ground."""
    asked = form.ground.data == Ground.CONTRACTOR_REPLACEMENT
    return {
        name: answer_value(getattr(form, name)) if asked else None
        for name in ChangeForm.REPLACEMENT_QUESTIONS
    }


def _problems(form: ChangeForm) -> list[str]:
    """What keeps the check from running, for the verdict box."""
    messages = [
        message
        for name in ChangeForm.ASSESSMENT_FIELDS
        for message in getattr(form, name).errors
    ]
    return [*messages, *form.general_errors]


def _verdict_context(form: ChangeForm, evaluated: Evaluated | None) -> dict[str, Any]:
    return {
        "form": form,
        "evaluated": evaluated,
        "problems": _problems(form),
        "sr_advice": social_return_addition_advice() if form.adds_social_return.data else None,
        "labels": LABELS,
        "asks_replacement": form.ground.data == Ground.CONTRACTOR_REPLACEMENT,
    }


def _render_form(
    contract: Contract,
    form: ChangeForm,
    draft: Modification | None,
    changes: list[RecordedChange],
    status: int = 200,
    evaluated: Evaluated | None = None,
) -> Response:
    if draft is None:
        action = url_for("sroi.change_create", ref=contract.ref)
    else:
        action = url_for("sroi.change_draft_save", ref=contract.ref, change_id=draft.id)
    return render_panel(
        "legal/changes_form",
        status,
        ref=contract.ref,
        contract=contract,
        draft=draft,
        room=room_of(contract, changes),
        action_url=action,
        assess_url=url_for("sroi.change_assess", ref=contract.ref),
        panel_url=url_for("sroi.changes", ref=contract.ref),
        **_verdict_context(form, evaluated),
    )


def _fill(change: Modification, form: ChangeForm, evaluated: Evaluated, user: SroiUser) -> None:
    """Record the completed change with its assessment, who proposed it and when."""
    change.kind = form.kind.data
    change.description = (form.description.data or "").strip()
    change.value_delta = form.value_delta.data
    change.new_end_date = form.new_end_date.data
    change.modification_date = form.modification_date.data
    change.ground = form.ground.data
    change.has_review_clause = bool(form.has_review_clause.data)
    # a price revision only where the contract has an indexation clause (the form offers it then)
    contract = current_session().get(Contract, change.contract_id)
    clause = contract is not None and contract.has_indexation_clause
    change.indexation = bool(form.indexation.data) and bool(clause)
    change.changes_overall_nature = answer_value(form.changes_overall_nature)
    change.shifts_economic_balance = answer_value(form.shifts_economic_balance)
    change.extends_scope_considerably = answer_value(form.extends_scope_considerably)
    change.attracts_other_bidders = answer_value(form.attracts_other_bidders)
    for name, answer in _replacement_answers(form).items():
        setattr(change, name, answer)
    change.adds_social_return = bool(form.adds_social_return.data)
    change.extra_months = evaluated.extra_months
    change.assessed_value = evaluated.value
    change.assessment = evaluated.assessment.as_dict()
    change.verdict = evaluated.assessment.verdict.value
    change.status = "proposed"
    change.proposed_by_id = user.id
    change.proposed_by_name = user.name
    change.proposed_at = utcnow()
    if form.flagged.data:
        flag(change, user, form.flag_note.data)


def flag(change: Modification, user: SroiUser, note: str | None = None) -> None:
    """The contract manager asks for legal review; who and when are kept."""
    change.flagged = True
    change.flag_note = (note or "").strip() or None
    change.flagged_by_id = user.id
    change.flagged_by_name = user.name
    change.flagged_at = utcnow()


# --- proposing a change --------------------------------------------------------------------


@bp.get("/contracten/<path:ref>/wijzigingen/nieuw")
@require_roles(*CHANGE_ROLES)
def change_form(ref: str) -> Response:
    """The empty form for a new change (dated today)."""
    contract = contract_or_404(ref)
    form = ChangeForm(data={"modification_date": today_from(current_app.config)})
    return _render_form(contract, form, None, recorded_changes(contract))


@bp.post("/contracten/<path:ref>/wijzigingen")
@require_roles(*CHANGE_ROLES)
def change_create(ref: str) -> Response:
    """Record a proposed change with its verdict; 422 with the form and its errors otherwise."""
    contract = contract_or_404(ref)
    form = ChangeForm(request.form)
    valid = form.validate()
    changes = recorded_changes(contract)
    evaluated = evaluate(form, contract, None, changes)
    if not valid or evaluated is None:
        return _render_form(contract, form, None, changes, 422, evaluated)
    user = acting_user()
    change = Modification(
        contract_id=contract.id, created_by_id=user.id, created_by_name=user.name
    )
    _fill(change, form, evaluated, user)
    session = current_session()
    session.add(change)
    session.commit()
    return _saved(contract)


@bp.post("/contracten/<path:ref>/wijzigingen/toetsen")
@require_roles(*CHANGE_ROLES)
def change_assess(ref: str) -> Response:
    """Compute the verdict for the form as typed so far; records nothing.

    htmx gets only the verdict box; without JavaScript ("Toets de wijziging") the whole form
    comes back with the verdict.
    """
    contract = contract_or_404(ref)
    change_id = request.form.get("change_id", "")
    draft = change_or_404(contract, int(change_id)) if change_id.isdigit() else None
    form = ChangeForm(request.form)
    form.validate()
    for field in form:
        if field.name not in ChangeForm.ASSESSMENT_FIELDS:
            field.errors = []
    changes = recorded_changes(contract)
    evaluated = evaluate(form, contract, draft, changes)
    if is_htmx():
        context = _verdict_context(form, evaluated)
        body = render_template("sroi/legal/changes_verdict.html", **context)
        if context["asks_replacement"] != (request.form.get("replacement_shown") == "1"):
            body += render_template("sroi/legal/changes_replacement.html", oob=True, **context)
        return fragment_response(body)
    return _render_form(contract, form, draft, changes, 200, evaluated)


# --- completing a detected draft -----------------------------------------------------------


def _draft_or_409(contract: Contract, change_id: int) -> Modification:
    draft = change_or_404(contract, change_id)
    if draft.status != "draft":
        abort(409, description="Deze wijziging is al aangevuld; zij staat in het overzicht.")
    return draft


def _draft_description(draft: Modification) -> str:
    old, new = format_import_value(draft.old_value), format_import_value(draft.new_value)
    seen = f": {old} → {new}"
    found = " (gevonden bij de import)" if draft.import_id is not None else ""
    has_values = draft.old_value or draft.new_value
    return f"{KIND_LABELS.get(draft.kind, draft.kind)}{seen if has_values else ''}{found}"


@bp.get("/contracten/<path:ref>/wijzigingen/<sroi_id:change_id>/aanvullen")
@require_roles(*CHANGE_ROLES)
def change_draft_form(ref: str, change_id: int) -> Response:
    """The form for a draft the import detected, filled with what the import saw."""
    contract = contract_or_404(ref)
    draft = _draft_or_409(contract, change_id)
    defaults = draft_defaults(draft)
    form = ChangeForm(
        data={
            "kind": draft.kind,
            "description": draft.description or _draft_description(draft),
            "modification_date": draft.modification_date or today_from(current_app.config),
            "value_delta": draft.value_delta if draft.value_delta is not None
            else defaults.value_delta,
            "new_end_date": draft.new_end_date or defaults.new_end_date,
            "version": str(draft.version),
        }
    )
    return _render_form(contract, form, draft, recorded_changes(contract))


@bp.post("/contracten/<path:ref>/wijzigingen/<sroi_id:change_id>/aanvullen")
@require_roles(*CHANGE_ROLES)
def change_draft_save(ref: str, change_id: int) -> Response:
    """Complete a detected draft: it becomes a proposed change with its verdict."""
    contract = contract_or_404(ref)
    draft = change_or_404(contract, change_id)
    form = ChangeForm(request.form)
    valid = form.validate()
    changes = recorded_changes(contract)
    if draft.status != "draft" or form.version.data != str(draft.version):
        form.general_errors.append(
            "Iemand anders heeft deze wijziging intussen aangevuld. Uw invoer staat hieronder; "
            "open het overzicht opnieuw om de huidige stand te zien."
        )
        return _render_form(contract, form, draft, changes, 409)
    evaluated = evaluate(form, contract, draft, changes)
    if not valid or evaluated is None:
        return _render_form(contract, form, draft, changes, 422, evaluated)
    _fill(draft, form, evaluated, acting_user())
    session = current_session()
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        form.general_errors.append(
            "Iemand anders heeft deze wijziging tegelijk aangevuld; uw invoer is niet opgeslagen."
        )
        return _render_form(contract, form, draft, recorded_changes(contract), 409)
    return _saved(contract)


# --- flagging for legal review -------------------------------------------------------------


@bp.post("/contracten/<path:ref>/wijzigingen/<sroi_id:change_id>/voorleggen")
@require_roles(*CHANGE_ROLES)
def change_flag(ref: str, change_id: int) -> Response:
    """Put a proposed change in the legal reviewers' queue, whatever its verdict."""
    contract = contract_or_404(ref)
    change = change_or_404(contract, change_id)
    if change.status != "proposed":
        abort(409, description="Vul de wijziging eerst aan; daarna kunt u haar voorleggen.")
    if not change.flagged:
        flag(change, acting_user(), request.form.get("flag_note"))
        current_session().commit()
    return _saved(contract)
