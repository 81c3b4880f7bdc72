"""The basis of the change tests on the change panel: initial value, award date, indexation.

The significance rules take the 10%/15% and 50% limits of the initial value (indexed where the
contract has an indexation clause) and pick the EU threshold by date from the award on
(Richtlijn 2014/24 art. 72). Those facts belong to the award, which procurement (inkoop) knows,
so procurement (admin too) edits them here, beside the changes they decide; everyone with a
role sees them on the change panel. An initial value the import or the migration derived from
the oldest known value is shown as such until a person confirms or corrects it. Every saved
field is an :class:`~sroi_plugin.models.SrEdit` row with who and when, shown under the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from typing import cast

from flask import current_app
from flask import request
from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.models import BASIS_EDIT_FIELDS
from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.significance import ReferenceValue
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.de_minimis import reference_on
from sroi_plugin.services.modification_input import DERIVED_NOTE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.legal.forms import BasisForm
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Who may edit the basis of the change tests (admin always).
BASIS_ROLES = (Role.PROCUREMENT,)

#: htmx event fired after the basis was saved (other panels or the host may listen).
BASIS_SAVED_EVENT = "sroiChangeBasisSaved"

#: Dutch names of the basis fields, for the edit history.
BASIS_LABELS = {
    "initial_value": "Initiële waarde",
    "award_date": "Gunningsdatum",
    "has_indexation_clause": "Indexatieclausule",
    "initial_value_derived": "Initiële waarde bevestigd",
}
assert set(BASIS_LABELS) == set(BASIS_EDIT_FIELDS)


@dataclass(frozen=True)
class Basis:
    """What the change tests of a contract are measured from, as the panel shows it."""

    initial_value: Decimal | None
    derived: bool
    award_date: date | None
    has_indexation_clause: bool
    #: the (indexed) initial value today; ``None`` when the initial value is unknown
    reference: ReferenceValue | None
    #: the Dutch note shown while the initial value is derived
    derived_note: str = DERIVED_NOTE


def basis_of(contract: Contract, changes: list[RecordedChange]) -> Basis:
    """The contract's basis with its reference value today (the indexation recorded so far)."""
    reference = reference_on(contract, today_from(current_app.config), changes)
    return Basis(
        initial_value=contract.initial_value,
        derived=bool(contract.initial_value_derived),
        award_date=contract.award_date,
        has_indexation_clause=bool(contract.has_indexation_clause),
        reference=reference,
    )


def can_edit_basis() -> bool:
    """Whether the acting user may edit the basis (procurement or admin)."""
    return acting_user().has_any(*BASIS_ROLES)


# --- the edit history ----------------------------------------------------------------------


def _as_text(value: object) -> str | None:
    """How a basis field is kept in :class:`SrEdit` (``None`` = empty)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01')):f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def display_value(field: str, text: str | None) -> str:
    """A stored basis edit as the history shows it (``€ 4.200.000``, ``01-03-2024``, ``ja``)."""
    if text is None or text == "":
        return "leeg"
    if field == "initial_value":
        return format_eur(Decimal(text), cents=None)
    if field == "award_date":
        return format_date(date.fromisoformat(text))
    if field == "initial_value_derived":
        return "nee (afgeleid)" if text == "True" else "ja"
    return "ja" if text == "True" else "nee"


def basis_history(contract: Contract, limit: int = 10) -> list[SrEdit]:
    """The latest edits of the basis fields, newest first."""
    statement = (
        select(SrEdit)
        .where(SrEdit.contract_id == contract.id, SrEdit.field.in_(BASIS_EDIT_FIELDS))
        .order_by(SrEdit.edited_at.desc(), SrEdit.id.desc())
        .limit(limit)
    )
    return list(current_session().scalars(statement))


# --- the form ------------------------------------------------------------------------------


def _form_for(contract: Contract) -> BasisForm:
    return BasisForm(
        data={
            "initial_value": contract.initial_value,
            "award_date": contract.award_date,
            "has_indexation_clause": bool(contract.has_indexation_clause),
            "version": str(contract.version),
        }
    )


def _render(contract: Contract, form: BasisForm, status: int = 200, **extra: Any) -> Response:
    changes = recorded_changes(contract)
    return render_panel(
        "legal/basis",
        status,
        ref=contract.ref,
        contract=contract,
        form=form,
        basis=basis_of(contract, changes),
        history=basis_history(contract),
        labels=BASIS_LABELS,
        display_value=display_value,
        action_url=url_for("sroi.change_basis", ref=contract.ref),
        panel_url=url_for("sroi.changes", ref=contract.ref),
        **extra,
    )


def _earliest_change(contract: Contract) -> date | None:
    """The date of the contract's earliest registered change, if any."""
    days = [c.modification_date for c in recorded_changes(contract) if c.modification_date]
    return min(days) if days else None


def _new_values(form: BasisForm, contract: Contract) -> dict[str, object]:
    """The basis fields after this save; confirming (or entering) a value clears "derived"."""
    value = form.initial_value.data
    changed_value = _as_text(value) != _as_text(contract.initial_value)
    confirmed = bool(form.confirm_initial_value.data) or changed_value
    return {
        "initial_value": value,
        "award_date": form.award_date.data,
        "has_indexation_clause": bool(form.has_indexation_clause.data),
        "initial_value_derived": bool(contract.initial_value_derived) and not confirmed,
    }


@bp.route("/contracten/<path:ref>/wijzigingen/basis", methods=["GET", "POST"])
@require_roles(*BASIS_ROLES)
def change_basis(ref: str) -> Response:
    """The form for the basis of the change tests; POST saves it with its history."""
    contract = contract_or_404(ref)
    if request.method == "POST":
        return _save(contract)
    return _render(contract, _form_for(contract))


def _save(contract: Contract) -> Response:
    """Save the basis; 422 with the typed values on an error, 409 when someone saved first."""
    form = BasisForm(request.form)
    valid = form.validate()
    earliest = _earliest_change(contract)
    award = form.award_date.data
    if award is not None and earliest is not None and award > earliest:
        form.award_date.errors.append(
            f"{form.award_date.label.text}: ligt na de oudste geregistreerde wijziging "
            f"({format_date(earliest)}); een contract wordt gegund vóór het gewijzigd wordt."
        )
        valid = False
    if not valid:
        return _render(contract, form, 422)
    if form.version.data != str(contract.version):
        return _conflict(contract, form)
    values = _new_values(form, contract)
    old = {name: _as_text(getattr(contract, name)) for name in BASIS_EDIT_FIELDS}
    changed = {name: v for name, v in values.items() if _as_text(v) != old[name]}
    if not changed:
        return _render(contract, form, unchanged=True)
    for name, value in changed.items():
        setattr(contract, name, value)
    session = current_session()
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        return _conflict(contract_or_404(contract.ref), form)
    user, at = acting_user(), utcnow()
    session.add_all(
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
        for name, value in changed.items()
    )
    session.commit()
    # htmx gets the change panel back (its view, so the panel is rendered in one place)
    show_panel = current_app.view_functions["sroi.changes"]
    return respond_after_post(
        url_for("sroi.changes", ref=contract.ref),
        lambda: cast(Response, show_panel(ref=contract.ref)),
        trigger=BASIS_SAVED_EVENT,
    )


def _conflict(contract: Contract, form: BasisForm) -> Response:
    """409: someone saved in between; the typed values stay, the current ones are shown."""
    current_session().refresh(contract)
    form.version.data = str(contract.version)
    return _render(contract, form, 409, conflict=True)


def basis_section_context(contract: Contract, changes: list[RecordedChange]) -> dict[str, Any]:
    """What the change panel needs to show the basis section (``legal/changes_basis.html``)."""
    return {"basis": basis_of(contract, changes), "can_edit_basis": can_edit_basis()}

