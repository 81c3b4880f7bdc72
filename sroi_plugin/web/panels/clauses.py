"""Panel "Social-returnbepaling": clause findings, and the SR fields a contract manager edits.

Everyone with a role sees the findings of :func:`~sroi_plugin.rules.clauses.check_clause` by
severity, each with its explanation, source and the quoted sentence. A contract manager (admin
too) edits whether there is social return (ja / nee / n.v.t. / onbekend), the percentage,
basis, form and clause text in the panel; while they type, htmx posts
the form to the *check* endpoint, which changes nothing and re-renders only the findings list
(plus the messages beside the fields, out of band). Saving is guarded by the contract's
optimistic-lock version: a save based on an older version is refused with 409, the user's text
kept and the current values shown. Every saved change is an :class:`~sroi_plugin.models.SrEdit`
row with who and when; the last save is shown under the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import SR_EDIT_FIELDS
from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.rules.clauses import check_clause
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import Term
from sroi_plugin.services.contract_facts import contract_facts
from sroi_plugin.services.rule_tables import current_norms
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.formatting import format_moment
from sroi_plugin.web.formatting import format_pct
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels.forms import HAS_SR_LABELS
from sroi_plugin.web.panels.forms import SR_BASIS_LABELS
from sroi_plugin.web.panels.forms import SR_FORM_LABELS
from sroi_plugin.web.panels.forms import SrFieldsForm
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.panels.sources import source_lines
from sroi_plugin.web.panels.sources import sources_of
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

register_panel("clauses", "Social-returnbepaling")

#: Who may edit the social-return fields (admin always).
EDIT_ROLES = (Role.CONTRACT_MANAGER,)
#: htmx event fired after the SR fields were saved (other panels or the host may listen).
SR_FIELDS_SAVED_EVENT = "sroiSrFieldsSaved"

#: Dutch names of the edited fields, for messages and the edit history.
FIELD_LABELS = {
    "has_sr": "Social return",
    "sr_percentage": "Percentage",
    "sr_basis": "Grondslag",
    "sr_form": "Vorm",
    "sr_clause_text": "Clausuletekst",
}
assert set(FIELD_LABELS) == set(SR_EDIT_FIELDS)

#: How each severity is shown: a word and an icon beside the colour (never colour alone).
SEVERITY_DISPLAY = {
    Severity.ERROR: ("Fout", "✖"),
    Severity.WARNING: ("Waarschuwing", "⚠"),
    Severity.INFO: ("Ter informatie", "ℹ"),
}

# --- findings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """The findings for a set of SR values, or why the contract cannot be checked."""

    findings: list[Finding]
    #: Dutch reason the checks could not run (a contract field is missing), else ``None``
    problem: str | None = None
    #: labels of fields whose typed value was invalid, so the stored value was used instead
    stale_fields: tuple[str, ...] = ()

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for finding in self.findings if finding.severity == severity)


def check_values(contract: Contract, values: dict[str, object] | None = None) -> Checked:
    """Run the clause checks on the contract, with ``values`` instead of its SR fields."""
    overrides: dict[str, object] = {}
    if values is not None:
        overrides = {
            "has_sr": values["has_sr"],
            "sr_percentage": values["sr_percentage"],
            "sr_basis": values["sr_basis"],
            "sr_form": values["sr_form"],
            "clause_text": values["sr_clause_text"],
        }
    try:
        facts = contract_facts(contract, today_from(current_app.config), **overrides)
    except RuleInputError as exc:
        return Checked([], problem=exc.message)
    return Checked(check_clause(facts, current_norms()))


def _stored_values(contract: Contract) -> dict[str, object]:
    return {name: getattr(contract, name) for name in SR_EDIT_FIELDS}


def _submitted(form: SrFieldsForm, contract: Contract) -> dict[str, object]:
    """The form's values; a request without ``has_sr`` (an older page) keeps the stored answer."""
    values = form.values()
    if "has_sr" not in request.form:
        values["has_sr"] = contract.has_sr
    return values


def _typed_values(form: SrFieldsForm, contract: Contract) -> tuple[dict[str, object], list[str]]:
    """The form's values; a field that does not validate keeps the contract's stored value."""
    values = _submitted(form, contract)
    stale = [name for name in SR_EDIT_FIELDS if getattr(form, name).errors]
    for name in stale:
        values[name] = getattr(contract, name)
    return values, [FIELD_LABELS[name] for name in stale]


# --- the edit history ----------------------------------------------------------------------


def _as_text(value: object) -> str | None:
    """How a field value is kept in :class:`SrEdit` (``None`` = empty)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def display_value(field: str, value: str | None) -> str:
    """A stored field value as the panel shows it (``2,5%``, ``Loonsom``, or "leeg").

    Codes show as their Dutch label; so do the Dutch words older edits were stored with.
    """
    if value is None or value == "":
        return "leeg"
    if field == "sr_percentage":
        return format_pct(Decimal(value))
    vocabulary = _TERM_FIELDS.get(field)
    if vocabulary is not None:
        term = vocabulary[0].lookup(value)
        return vocabulary[1][term.value] if term is not None else value
    return value


#: The closed-list fields: their vocabulary and option labels.
_TERM_FIELDS: dict[str, tuple[type[Term], dict[str, str]]] = {
    "has_sr": (SrApplies, HAS_SR_LABELS),
    "sr_basis": (SrBasis, SR_BASIS_LABELS),
    "sr_form": (SrForm, SR_FORM_LABELS),
}


#: One changed field of a save: ``field``, ``old_value``, ``new_value``, ``edited_by_name``,
#: ``edited_at``, ``id`` (the columns of :data:`_LAST_SAVE`).
EditRow = Row[str, str | None, str | None, str, datetime, int]


@dataclass(frozen=True)
class LastSave:
    """The fields one person changed in the latest save, with who and when."""

    by_name: str
    at: str
    #: each changed field, in the order saved
    edits: Sequence[EditRow]


#: the clause panel's own edits (the change panel's basis edits share the table)
_SR_FIELD = SrEdit.field.in_(SR_EDIT_FIELDS)
_LATEST_VERSION = (
    select(SrEdit.contract_version)
    .where(SrEdit.contract_id == bindparam("contract_id"), _SR_FIELD)
    .order_by(SrEdit.edited_at.desc(), SrEdit.id.desc())
    .limit(1)
    .scalar_subquery()
)
#: Built once, one statement: the rows of the newest save (its version is the newest row's).
_LAST_SAVE = (
    select(
        SrEdit.field,
        SrEdit.old_value,
        SrEdit.new_value,
        SrEdit.edited_by_name,
        SrEdit.edited_at,
        SrEdit.id,
    )
    .where(
        SrEdit.contract_id == bindparam("contract_id"),
        SrEdit.contract_version == _LATEST_VERSION,
        _SR_FIELD,
    )
    .order_by(SrEdit.id)
)


def last_save(contract: Contract) -> LastSave | None:
    """The latest save of the contract's SR fields (all rows of the newest version)."""
    edits = current_session().execute(_LAST_SAVE, {"contract_id": contract.id}).all()
    if not edits:
        return None
    latest = max(edits, key=lambda edit: (edit.edited_at, edit.id))
    return LastSave(latest.edited_by_name, format_moment(latest.edited_at), edits)


# --- the panel -----------------------------------------------------------------------------


def _form_for(contract: Contract) -> SrFieldsForm:
    form = SrFieldsForm(data={**_stored_values(contract), "version": str(contract.version)})
    form.has_sr.data = contract.has_sr or ""
    form.sr_basis.data = contract.sr_basis or ""
    form.sr_form.data = contract.sr_form or ""
    return form


def _panel_context(
    contract: Contract,
    *,
    form: SrFieldsForm | None = None,
    checked: Checked | None = None,
    **extra: Any,
) -> dict[str, Any]:
    can_edit = acting_user().has_any(*EDIT_ROLES)
    if form is None and can_edit:
        form = _form_for(contract)
    return {
        "ref": contract.ref,
        "contract": contract,
        "checked": checked or check_values(contract),
        "can_edit": can_edit,
        "form": form,
        # only the form and the conflict notice (editors only) show the last save
        "last": last_save(contract) if can_edit else None,
        "source_lines": source_lines(contract, sources_of(contract, SR_EDIT_FIELDS)),
        **_display_context(),
        **extra,
    }


def _panel(contract: Contract, status: int = 200, **context: Any) -> Response:
    return render_panel("panels/clauses", status, **_panel_context(contract, **context))


def _display_context() -> dict[str, Any]:
    return {
        "severity_display": SEVERITY_DISPLAY,
        "field_labels": FIELD_LABELS,
        "display_value": display_value,
        "has_sr_labels": HAS_SR_LABELS,
        "basis_labels": SR_BASIS_LABELS,
        "form_labels": SR_FORM_LABELS,
    }


@bp.get("/contracten/<path:ref>/bepalingen")
@require_roles(*ANY_ROLE)
def clauses(ref: str) -> Response:
    """The clause findings; for a contract manager also the SR fields to edit."""
    contract = contract_or_404(ref)
    saved = request.args.get("opgeslagen") == "1"
    return _panel(contract, saved=saved)


@bp.post("/contracten/<path:ref>/bepalingen/controleren")
@require_roles(*EDIT_ROLES)
def clauses_check(ref: str) -> Response:
    """Findings for what the form says now; changes nothing.

    htmx gets only the findings list and, out of band, the messages beside the fields; a plain
    POST (the "Bevindingen bijwerken" button without JavaScript) gets the whole panel back with
    the typed values.
    """
    contract = contract_or_404(ref)
    form = SrFieldsForm(request.form)
    form.validate()
    values, stale = _typed_values(form, contract)
    checked = check_values(contract, values)
    checked = Checked(checked.findings, checked.problem, tuple(stale))
    if not is_htmx():
        return _panel(contract, form=form, checked=checked)
    body = render_template(
        "sroi/panels/clauses_check.html",
        ref=contract.ref,
        contract=contract,
        checked=checked,
        form=form,
        can_edit=True,
        **_display_context(),
    )
    return fragment_response(body)


@bp.post("/contracten/<path:ref>/bepalingen")
@require_roles(*EDIT_ROLES)
def clauses_save(ref: str) -> Response:
    """Save the SR fields, refusing a save based on an older version of the contract."""
    contract = contract_or_404(ref)
    form = SrFieldsForm(request.form)
    if not form.validate():
        values, stale = _typed_values(form, contract)
        checked = check_values(contract, values)
        return _panel(
            contract,
            422,
            form=form,
            checked=Checked(checked.findings, checked.problem, tuple(stale)),
            invalid=True,
        )
    values = _submitted(form, contract)
    if form.loaded_version != contract.version:
        return _conflict(contract, form)
    changed = {
        name: value
        for name, value in values.items()
        if _as_text(value) != _as_text(getattr(contract, name))
    }
    if not changed:
        return _panel(contract, form=form, checked=check_values(contract, values), unchanged=True)
    user = acting_user()
    session = current_session()
    old = {name: _as_text(getattr(contract, name)) for name in changed}
    for name, value in changed.items():
        setattr(contract, name, value)
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        return _conflict(contract_or_404(ref), form)
    at = utcnow()
    for name, value in changed.items():
        session.add(
            SrEdit(
                contract_id=contract.id,
                field=name,
                old_value=old[name],
                new_value=_as_text(value),
                contract_version=contract.version,
                edited_by_id=user.id,
                edited_by_name=user.name,
                edited_at=at,
            )
        )
    session.commit()
    return respond_after_post(
        url_for("sroi.clauses", ref=contract.ref, opgeslagen="1"),
        lambda: render_template("sroi/panels/clauses.html", **_panel_context(contract, saved=True)),
        trigger=SR_FIELDS_SAVED_EVENT,
    )


def _conflict(contract: Contract, form: SrFieldsForm) -> Response:
    """409: someone saved in between. Keep the user's text; show the current values.

    The form now carries the current version, so saving again deliberately overwrites.
    """
    current_session().refresh(contract)
    values = _submitted(form, contract)
    form.version.data = str(contract.version)
    return _panel(
        contract,
        409,
        form=form,
        checked=check_values(contract, values),
        conflict={
            "current": {name: _as_text(getattr(contract, name)) for name in SR_EDIT_FIELDS},
        },
    )
