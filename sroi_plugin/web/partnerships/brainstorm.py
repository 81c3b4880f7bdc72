"""The brainstorm format of Bijlage III: one form per contract or tender.

The fields come from ``rules.agendas.BRAINSTORM_FIELDS`` (in their three columns "In beeld",
"Potentie", "Vervolg"); the answers are saved with the partnership, with who and when. The read
view prints cleanly.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.models import Brainstorm
from sroi_plugin.models import Contract
from sroi_plugin.models import Partnership
from sroi_plugin.models import ref_key
from sroi_plugin.models import utcnow
from sroi_plugin.rules.agendas import BRAINSTORM_FIELDS
from sroi_plugin.rules.agendas import BRAINSTORM_SECTIONS
from sroi_plugin.rules.agendas import BRAINSTORM_SOURCE
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.fields import Form
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import brainstorm_or_404
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import brainstorm_form_class
from sroi_plugin.web.partnerships.forms import choices
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Choice answers shown with their Dutch label.
_CHOICE_LABELS = {
    spec.key: dict(spec.choices) for spec in BRAINSTORM_FIELDS if spec.kind == "choice"
}
#: The value of the subject select for the planned tender (no contract).
TENDER = ""
#: The brainstorm's "werk, dienst of levering" answer for a contract's kind (social services
#: are services there).
_WORK_TYPES: dict[str, str] = {
    ContractKind.WORKS: "works",
    ContractKind.SERVICES: "services",
    ContractKind.SUPPLIES: "supplies",
    ContractKind.SOCIAL_SERVICES: "services",
}


def _subject_choices(found: Partnership) -> list[tuple[str, str]]:
    tender = (
        f"Aanbesteding: {found.tender_title}" if found.tender_title else "Aanbesteding of anders"
    )
    return [(str(c.id), f"{c.ref} — {c.title}") for c in found.contracts] + [(TENDER, tender)]


def _form(found: Partnership, formdata: Any = None, data: dict[str, Any] | None = None) -> Any:
    form = brainstorm_form_class()(formdata, data=data)
    form.contract_id.choices = choices(_subject_choices(found))
    return form


def _sections() -> list[tuple[str, str, list[Any]]]:
    return [
        (key, label, [spec for spec in BRAINSTORM_FIELDS if spec.section == key])
        for key, label in BRAINSTORM_SECTIONS
    ]


def _form_page(
    found: Partnership,
    form: Form,
    brainstorm: Brainstorm | None,
    status: int,
    message: str | None = None,
) -> Response:
    return render_panel(
        "partnerships/brainstorm_form",
        http_status=status,
        partnership=found,
        brainstorm=brainstorm,
        form=form,
        sections=_sections(),
        source=BRAINSTORM_SOURCE,
        message=message,
        labels=labels(),
    )


def _answers(form: Any) -> dict[str, str]:
    return {spec.key: (form[spec.key].data or "").strip() for spec in BRAINSTORM_FIELDS}


def _subject(found: Partnership, value: str | None) -> Contract | None:
    return next((c for c in found.contracts if str(c.id) == value), None)


def _validate_subject(found: Partnership, form: Any) -> bool:
    if form.contract_id.data and _subject(found, form.contract_id.data) is None:
        form.contract_id.errors = [
            *form.contract_id.errors,
            "Contract of aanbesteding: kies een contract van deze partnership.",
        ]
        return False
    return True


def _after_save(found: Partnership, brainstorm: Brainstorm) -> Response:
    return respond_after_post(
        url_for("sroi.brainstorm", partnership_id=found.id, brainstorm_id=brainstorm.id),
        lambda: _read_page(found, brainstorm),
    )


@bp.route("/partnerships/<sroi_id:partnership_id>/brainstorms/nieuw", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES)
def brainstorm_new(partnership_id: int) -> Response:
    """A new brainstorm form for a linked contract (``?contract=REF``) or the tender."""
    found, _access = managed_partnership_or_404(partnership_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        wanted = request.args.get("contract", "")
        contract = next((c for c in found.contracts if c.ref_key == ref_key(wanted)), None)
        if contract is None and not wanted and found.contracts and not found.tender_title:
            contract = found.contracts[0]
        data: dict[str, Any] = {"contract_id": str(contract.id) if contract else TENDER}
        if contract is not None:
            data["title"] = contract.title
            data["description"] = contract.supplier_name or ""
            if contract.kind in _WORK_TYPES:
                data["work_type"] = _WORK_TYPES[contract.kind]
            has_sr = contract.sr_percentage or contract.has_sr == SrApplies.YES
            data["assignment_kind"] = "bestaand_met_sr" if has_sr else "bestaand_zonder_sr"
        elif found.tender_title:
            data["title"] = found.tender_title
        return _form_page(found, _form(found, data=data), None, 200)
    form = _form(found, request.form)
    if not (form.validate() & _validate_subject(found, form)):
        return _form_page(found, form, None, 422)
    user = acting_user()
    brainstorm = Brainstorm(
        contract=_subject(found, form.contract_id.data),
        answers=_answers(form),
        created_by_id=user.id,
        created_by_name=user.name,
        updated_by_id=user.id,
        updated_by_name=user.name,
    )
    found.brainstorms.append(brainstorm)
    record(found, "brainstorm", f"Brainstorm \u201c{brainstorm.title}\u201d ingevuld.")
    commit_or_conflict()
    return _after_save(found, brainstorm)


def _read_page(found: Partnership, brainstorm: Brainstorm) -> Response:
    _found, access = partnership_or_404(found.id)
    return render_panel(
        "partnerships/brainstorm",
        partnership=found,
        access=access,
        brainstorm=brainstorm,
        sections=_sections(),
        choice_labels=_CHOICE_LABELS,
        source=BRAINSTORM_SOURCE,
        labels=labels(),
    )


@bp.get("/partnerships/<sroi_id:partnership_id>/brainstorms/<sroi_id:brainstorm_id>")
@require_roles(*ANY_ROLE)
def brainstorm(partnership_id: int, brainstorm_id: int) -> Response:
    """The filled brainstorm form, read-only and printable."""
    found, _access = partnership_or_404(partnership_id)
    return _read_page(found, brainstorm_or_404(found, brainstorm_id))


@bp.route(
    "/partnerships/<sroi_id:partnership_id>/brainstorms/<sroi_id:brainstorm_id>/bewerken",
    methods=["GET", "POST"],
)
@require_roles(*MANAGER_ROLES)
def brainstorm_edit(partnership_id: int, brainstorm_id: int) -> Response:
    """Change the answers of a brainstorm form."""
    found, _access = managed_partnership_or_404(partnership_id)
    saved = brainstorm_or_404(found, brainstorm_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        data = {
            **saved.answers,
            "contract_id": str(saved.contract_id) if saved.contract_id else TENDER,
            "version": str(saved.version),
        }
        return _form_page(found, _form(found, data=data), saved, 200)
    form = _form(found, request.form)
    if not (form.validate() & _validate_subject(found, form)):
        return _form_page(found, form, saved, 422)
    if form.version.data != str(saved.version):
        form.version.data = str(saved.version)  # saving again overwrites, knowingly
        return _form_page(
            found,
            form,
            saved,
            409,
            f"{saved.updated_by_name} heeft dit formulier intussen opgeslagen. Uw invoer staat "
            "hieronder nog; sla opnieuw op om die te bewaren (de andere wijziging wordt dan "
            "overschreven).",
        )
    user = acting_user()
    saved.contract = _subject(found, form.contract_id.data)
    saved.answers = _answers(form)
    saved.updated_by_id = user.id
    saved.updated_by_name = user.name
    saved.updated_at = utcnow()
    record(found, "brainstorm", f"Brainstorm \u201c{saved.title}\u201d bijgewerkt.")
    commit_or_conflict()
    return _after_save(found, saved)
