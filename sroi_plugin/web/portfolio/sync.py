"""Page "Contractregister importeren": upload → (columns) → preview → confirm.

For procurement (admin too). The upload is read and previewed at once: the preview plans the
import without writing (:func:`~sroi_plugin.importing.apply.preview_portfolio`). The file, the
plan and the preview's findings are kept under a token (:mod:`sroi_plugin.importing.uploads`)
until the user confirms or cancels; only the uploader may confirm. The confirm applies that
plan with the conflict choices in one transaction (nothing is read or compared again), unless
another import landed since the preview (then a fresh preview is shown), or there are invalid
rows, or the import marks a large share of the portfolio missing, and the matching checkbox is
not ticked. When the columns cannot be recognised the user maps them by hand and may save that
as an import profile. The portfolio can be exported in the importer's own columns.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any
from typing import Final

from flask import abort
from flask import current_app
from flask import redirect
from flask import request
from flask import send_file
from flask import url_for
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import ImportFileError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing import uploads
from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.importing.apply import apply_plan
from sroi_plugin.importing.apply import preview_portfolio
from sroi_plugin.importing.export import export_file_name
from sroi_plugin.importing.export import export_portfolio
from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.profiles import ProfileRef
from sroi_plugin.importing.profiles import find_profile
from sroi_plugin.importing.profiles import list_profiles
from sroi_plugin.importing.profiles import save_profile
from sroi_plugin.importing.progress import Progress
from sroi_plugin.importing.read import ColumnsNotFound
from sroi_plugin.importing.read import HeaderCandidate
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.read import error_report_for
from sroi_plugin.importing.read import read_file_bytes
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.reader import SKIP_REASONS_NL
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.importing.safety import ReadBudget
from sroi_plugin.importing.stored_plan import StoredPlan
from sroi_plugin.importing.stored_plan import decode_plan
from sroi_plugin.importing.stored_plan import encode_plan
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import utcnow
from sroi_plugin.rules import values
from sroi_plugin.rules.field_owners import field_owners
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.contract_links import contract_link
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.formatting import format_date
from sroi_plugin.web.formatting import format_eur
from sroi_plugin.web.formatting import format_pct
from sroi_plugin.web.formatting import term_label
from sroi_plugin.web.portfolio.forms import ConfirmForm
from sroi_plugin.web.portfolio.forms import MappingForm
from sroi_plugin.web.portfolio.forms import UndoForm
from sroi_plugin.web.portfolio.forms import UploadForm
from sroi_plugin.web.portfolio.forms import mapping_form
from sroi_plugin.web.portfolio.preview_lists import CHOOSE_ALL_FIELD
from sroi_plugin.web.portfolio.preview_lists import conflict_choices
from sroi_plugin.web.portfolio.preview_lists import open_conflicts_notice
from sroi_plugin.web.portfolio.preview_lists import posted_choices
from sroi_plugin.web.portfolio.preview_lists import preview_lists
from sroi_plugin.web.portfolio.preview_lists import unresolved_notice
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Who may import and export the portfolio (admin always).
IMPORT_ROLES: Final = (Role.PROCUREMENT,)
#: A stale confirm whose upload another request confirmed or cancelled meanwhile.
STALE_UPLOAD_GONE: Final = (
    STALE_MESSAGE.split(" Bekijk", 1)[0]
    + " Dit bestand is intussen al verwerkt of geannuleerd (bijvoorbeeld na een tweede klik op "
    "Bevestigen); zie de recente imports hieronder, of upload het bestand opnieuw."
)
#: How many changes, invalid rows, … the preview page lists (the counts cover all of them).
PREVIEW_LIMIT: Final = 200
#: Recent imports listed on the start page.
RECENT_IMPORTS: Final = 10
XLSX_MIMETYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: form field of the preview's "Bedoelt u …?" button: the posted columns plus the suggestion
SUGGESTION_ACCEPTED: Final = "voorstel"

#: Dutch column names of the fields (the export's headers), plus the status.
FIELD_LABELS: Final[Mapping[str, str]] = {
    **{spec.name: spec.label for spec in FIELDS},
    "status": "Status",
    "initial_value_derived": "Initiële waarde afgeleid",
}
#: Dutch names of the statuses a contract gets from an import.
STATUS_LABELS: Final[Mapping[str, str]] = {
    "active": "actief",
    "ended": "afgelopen",
    STATUS_MISSING: "niet in laatste export",
}
#: Dutch names of the contract changes an import detects.
ASSESS_LABELS: Final[Mapping[str, str]] = {
    "value_increase": "Hogere contractwaarde",
    "term_extension": "Langere looptijd",
    "supplier_change": "Andere opdrachtnemer",
    "kind_change": "Andere soort opdracht",
    "category_change": "Andere inkoopcategorie",
}
#: The closed-list fields an import writes, shown as their vocabulary's Dutch label.
_TERM_FIELDS: Final = frozenset({"kind", "authority_type", "has_sr", "sr_basis", "sr_form"})
_AMOUNT_FIELDS: Final = frozenset({"value_total", "value_annual", "wage_sum", "initial_value"})
_DATE_FIELDS: Final = frozenset({"start_date", "end_date", "award_date"})
_YES_NO_FIELDS: Final = frozenset(
    {"is_framework", "has_indexation_clause", "initial_value_derived"}
)


# --- presentation ---------------------------------------------------------------------------


def display_value(name: str, value: Any) -> str:
    """A field's value as Dutch users read it; accepts typed, JSON or revision-text values.

    ``€ 1.234.567`` (cents when there are any), ``31-12-2026``, ``45%``, ``ja``/``nee``, a
    closed list's code as its label (``works`` → ``werk``); ``—`` for empty.
    """
    if value is None or value == "":
        return "—"
    try:
        if name in _AMOUNT_FIELDS:
            return format_eur(Decimal(str(value)), cents=None)
        if name == "wage_share":
            return format_pct(Decimal(str(value)) * 100)
        if name == "sr_percentage":
            return format_pct(Decimal(str(value)))
        if name in _DATE_FIELDS:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
            return format_date(day)
    except (InvalidOperation, ValueError):
        return str(value)
    if name in _YES_NO_FIELDS:
        return "ja" if value in (True, "true") else "nee"
    if name in _TERM_FIELDS:
        return term_label(value, name)
    if name == "status":
        return STATUS_LABELS.get(str(value), str(value))
    return str(value)


def _capped(result: ImportResult) -> dict[str, Any]:
    """The preview's findings as kept with the upload, lists cut to :data:`PREVIEW_LIMIT`."""
    summary = dict(result.summary())
    for key in (
        "changes",
        "invalid_rows",
        "missing_refs",
        "changes_to_assess_text",
        "new_contracts",
        "missing_contracts",
    ):
        summary[key] = summary[key][:PREVIEW_LIMIT]
    summary.pop("changes_to_assess", None)
    summary["skipped_rows"] = [
        {**run, "reason_nl": SKIP_REASONS_NL.get(run["reason"], run["reason"])}
        for run in summary["skipped_rows"]
    ]
    return summary


# --- helpers --------------------------------------------------------------------------------


def _max_bytes() -> int:
    return int(current_app.config["SROI_MAX_UPLOAD_MB"] * 1024 * 1024)


def _budget() -> ReadBudget:
    """The work one portfolio upload may take (``SROI_IMPORT_MAX_CELLS``)."""
    return ReadBudget.for_cells(current_app.config["SROI_IMPORT_MAX_CELLS"])


def _max_missing_share() -> Any:
    return current_app.config["SROI_IMPORT_MAX_MISSING_SHARE"]


def _owners() -> Mapping[str, str]:
    """Who owns each contract field (``SROI_FIELD_OWNERS`` over the defaults)."""
    return field_owners(current_app.config["SROI_FIELD_OWNERS"])


#: this module's uploads in the shared store (apart from monitoring reports)
_KIND = uploads.Kind.PORTFOLIO


def _instance() -> str:
    return str(current_app.instance_path)


def _pending_or_404(token: str) -> uploads.PendingUpload:
    """The current user's kept upload, or a Dutch 404."""
    upload = uploads.load(_instance(), _KIND, token)
    if upload is None or upload.user_id != acting_user().id:
        abort(
            404,
            description=(
                "Deze import bestaat niet (meer): hij is al verwerkt, geannuleerd of verlopen. "
                "Upload het bestand opnieuw."
            ),
        )
    return upload


def _file_name(raw: str | None) -> str:
    """The uploaded file's own name (no client path, no control characters), at most 255
    characters (:func:`~sroi_plugin.rules.values.clean_file_name`)."""
    return values.clean_file_name(raw, "upload.xlsx")


def _candidate_meta(candidate: HeaderCandidate) -> dict[str, Any]:
    return {
        "sheet": candidate.sheet,
        "header_row": candidate.header_row,
        "headers": candidate.headers,
        "proposed": candidate.proposed,
    }


def _columns_of(read: ReadPortfolio) -> dict[str, Any]:
    """Where the columns were found, as the mapping form starts from it."""
    return {
        "sheet": read.sheet,
        "header_row": read.header_row,
        "headers": read.headers,
        "proposed": read.mapped_columns,
    }


def _preview(
    data: bytes,
    file_name: str,
    *,
    sheet: str | None,
    mapping: Mapping[str, str] | None,
    profile: ProfileRef | None = None,
    user: SroiUser | None = None,
) -> tuple[ReadPortfolio, ImportResult]:
    """Read the file and plan the import (as ``user``, else the acting user)."""
    read = _read(data, file_name, sheet=sheet, mapping=mapping)
    if profile is not None:
        read.profile = profile
    return read, _rolled_back(current_session(), read, user=user)


def _read(
    data: bytes, file_name: str, *, sheet: str | None, mapping: Mapping[str, str] | None
) -> ReadPortfolio:
    """Read and check the file (with a saved profile that fits, unless mapped by hand)."""
    session = current_session()
    return read_portfolio(
        data,
        file_name=file_name,
        max_bytes=_max_bytes(),
        budget=_budget(),
        sheet=sheet,
        mapping=mapping,
        find_profile=None if mapping is not None else (lambda s: find_profile(session, s)),
    )


def _rolled_back(
    session: Session,
    read: ReadPortfolio,
    *,
    user: SroiUser | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """The import of ``read`` as a preview: planned in a transaction that only reads and is
    rolled back; the result carries the plan to keep (``encode_plan(result.plan)``).

    :param user: who previews (a background job names its uploader; else the acting user)
    """
    return preview_portfolio(
        session,
        read,
        user=user or acting_user(),
        today=today_from(current_app.config),
        progress=progress,
        max_missing_share=_max_missing_share(),
        owners=_owners(),
    )


def _preview_meta(
    read: ReadPortfolio, result: ImportResult, *, sheet: str | None, mapping: Any
) -> dict[str, Any]:
    return {
        "stage": "preview",
        "sheet": sheet,
        "mapping": mapping,
        "columns": _columns_of(read),
        "summary": _capped(result),
        "seen_revision": result.seen_revision,
    }


def _read_again(upload: uploads.PendingUpload) -> ReadPortfolio:
    """The file read again with the columns of its preview (a fresh preview, the error report)."""
    meta = upload.meta
    profile = meta.get("profile")
    read = _read(
        upload.data, upload.file_name, sheet=meta["columns"]["sheet"], mapping=meta.get("mapping")
    )
    if profile is not None:
        read.profile = ProfileRef(profile[0], profile[1], {})
    return read


def _kept_plan(upload: uploads.PendingUpload, user: SroiUser) -> StoredPlan:
    """The plan the preview kept; planned again from the file if it is gone (still answering
    to the revision the preview saw, so a stale preview stays stale)."""
    payload = uploads.load_rows(_instance(), _KIND, upload.token)
    stored = decode_plan(payload, now=utcnow()) if payload is not None else None
    if stored is None or stored.file_sha256 != upload.meta["summary"].get("file_sha256"):
        stored = _rolled_back(current_session(), _read_again(upload), user=user).plan
        assert stored is not None  # a preview always plans
        stored.seen_revision = upload.meta.get("seen_revision") or 0
    return stored


# --- views ----------------------------------------------------------------------------------


def _render_start(form: UploadForm, status: int = 200, *, notice: str | None = None) -> Response:
    from sroi_plugin.web.portfolio import import_jobs  # builds on this module

    session = current_session()
    recent = session.scalars(
        select(PortfolioImport).order_by(PortfolioImport.imported_at.desc()).limit(RECENT_IMPORTS)
    ).all()
    active = session.scalar(
        select(func.count()).select_from(Contract).where(Contract.status != STATUS_MISSING)
    )
    return render_panel(
        "portfolio/import",
        status,
        form=form,
        recent=recent,
        profiles=list_profiles(session),
        contract_count=active or 0,
        jobs=import_jobs.recent_jobs(session, acting_user().id),
        max_mb=current_app.config["SROI_MAX_UPLOAD_MB"],
        notice=notice,
    )


@bp.get("/import")
@require_roles(*IMPORT_ROLES)
def portfolio_import() -> Response:
    """Start: upload the export; the export button; recent imports and saved profiles."""
    return _render_start(UploadForm())


@bp.post("/import")
@require_roles(*IMPORT_ROLES)
def portfolio_upload() -> Response:
    """Read the upload and preview it; a bad file is refused with its Dutch message."""
    form = UploadForm(CombinedMultiDict((request.files, request.form)))
    if not form.validate():
        return _render_start(form, 422)
    storage = form.bestand.data
    file_name = _file_name(storage.filename)
    sheet = form.werkblad.data or None
    user = acting_user()
    from sroi_plugin.web.portfolio import import_jobs  # builds on this module

    try:
        data = read_file_bytes(storage.stream, _max_bytes())
        rows = import_jobs.in_background(data)
        if rows is not None:
            return import_jobs.start(data, file_name, sheet, rows)
        read, result = _preview(data, file_name, sheet=sheet, mapping=None)
    except ColumnsNotFound as exc:
        meta = {
            "stage": "mapping",
            "sheet": sheet,
            "mapping": None,
            "columns": _candidate_meta(exc.candidate),
            "message": str(exc),
        }
        token = uploads.keep(
            _instance(), _KIND, user_id=user.id, file_name=file_name, data=data, meta=meta
        )
        return respond_after_post(url_for("sroi.portfolio_mapping", token=token))
    except ImportFileError as exc:
        form.bestand.errors = [f"Bestand: {exc}"]
        return _render_start(form, 422)
    meta = _preview_meta(read, result, sheet=sheet, mapping=None)
    if read.profile is not None:
        meta["profile"] = [read.profile.id, read.profile.name]
    token = uploads.keep(
        _instance(), _KIND, user_id=user.id, file_name=file_name, data=data, meta=meta
    )
    uploads.save_rows(_instance(), _KIND, token, encode_plan(result.plan))
    return respond_after_post(url_for("sroi.portfolio_preview", token=token))


def _render_preview(
    upload: uploads.PendingUpload,
    form: ConfirmForm | None = None,
    status: int = 200,
    *,
    notice: str | None = None,
    chosen: Mapping[str, str] | None = None,
) -> Response:
    summary = upload.meta["summary"]
    return render_panel(
        "portfolio/import_preview",
        status,
        token=upload.token,
        file_name=upload.file_name,
        summary=summary,
        form=form or ConfirmForm(),
        notice=notice,
        labels=FIELD_LABELS,
        assess_labels=ASSESS_LABELS,
        display_value=display_value,
        limit=PREVIEW_LIMIT,
        lists=preview_lists(summary, link=contract_link, show=display_value, labels=FIELD_LABELS),
        contract_link=contract_link,
        chosen=chosen or {},
        choose_all_field=CHOOSE_ALL_FIELD,
    )


@bp.get("/import/<token>")
@require_roles(*IMPORT_ROLES)
def portfolio_preview(token: str) -> Response:
    """The preview: counts, field-level changes, invalid rows, changes to assess."""
    upload = _pending_or_404(token)
    if upload.meta.get("stage") != "preview":
        return redirect(url_for("sroi.portfolio_mapping", token=token))
    return _render_preview(upload)


def _render_mapping(
    upload: uploads.PendingUpload, form: MappingForm, status: int = 200
) -> Response:
    columns = upload.meta["columns"]
    return render_panel(
        "portfolio/import_mapping",
        status,
        token=upload.token,
        file_name=upload.file_name,
        columns=columns,
        message=upload.meta.get("message"),
        form=form,
        fields=FIELDS,
        in_preview=upload.meta.get("stage") == "preview",
    )


@bp.get("/import/<token>/kolommen")
@require_roles(*IMPORT_ROLES)
def portfolio_mapping(token: str) -> Response:
    """Map the sheet's columns to the contract fields by hand."""
    upload = _pending_or_404(token)
    columns = upload.meta["columns"]
    form = mapping_form(columns["headers"], proposed=columns["proposed"])
    return _render_mapping(upload, form)


@bp.post("/import/<token>/kolommen")
@require_roles(*IMPORT_ROLES)
def portfolio_mapping_save(token: str) -> Response:
    """Preview with the chosen columns; save them as a profile when a name is given."""
    upload = _pending_or_404(token)
    columns = upload.meta["columns"]
    form = mapping_form(columns["headers"], formdata=request.form)
    if not form.validate():
        return _render_mapping(upload, form, 422)
    mapping = form.mapping()
    if request.form.get(SUGGESTION_ACCEPTED):
        # a suggestion accepted in the preview: fields the form does not name are matched
        # again, so the other suggestions stay on offer
        mapping = {name: header for name, header in mapping.items() if header}
    profile: ProfileRef | None = None
    session = current_session()
    if form.profiel.data:
        saved = save_profile(
            session,
            name=form.profiel.data,
            signature=HeaderCandidate(
                columns["sheet"], columns["header_row"], columns["headers"], {}
            ).signature,
            mapping=mapping,
            user=acting_user(),
        )
        profile = ProfileRef(saved.id, saved.name, mapping)
        session.commit()
    try:
        read, result = _preview(
            upload.data, upload.file_name, sheet=columns["sheet"], mapping=mapping, profile=profile
        )
    except ImportFileError as exc:
        form.select_for("ref").errors.append(str(exc))
        return _render_mapping(upload, form, 422)
    meta = _preview_meta(read, result, sheet=columns["sheet"], mapping=mapping)
    if profile is not None:
        meta["profile"] = [profile.id, profile.name]
    if not uploads.update_meta(_instance(), _KIND, token, meta):
        _pending_or_404(token)  # cancelled or confirmed meantime: the Dutch 404
    uploads.save_rows(_instance(), _KIND, token, encode_plan(result.plan))
    return respond_after_post(url_for("sroi.portfolio_preview", token=token))


@dataclass(frozen=True)
class ConfirmOutcome:
    """What a confirm came to, as data: committed (``import_id``) or refused with the status
    and notice the preview shows. A background confirm keeps it on its job, and the uploader's
    next request renders it (:func:`render_confirm`)."""

    import_id: int | None = None
    status: int = 200
    notice: str | None = None
    #: another import landed since the preview: a fresh preview is kept, the form starts empty
    stale: bool = False
    #: the upload was confirmed or cancelled by another request meanwhile
    gone: bool = False
    #: refused for invalid rows, or for a large share marked missing, without the checkbox
    invalid_refused: bool = False
    mass_missing_refused: bool = False


def refused_at_once(upload: uploads.PendingUpload, formdata: Any) -> ConfirmOutcome | None:
    """The refusals the preview's findings decide without running the import (a checkbox not
    ticked, a conflict not chosen on), so a background confirm answers them at once."""
    form = ConfirmForm(formdata)
    summary = upload.meta["summary"]
    choices, choose_all = conflict_choices(formdata, summary)
    open_keys = [
        item["key"]
        for item in summary.get("conflicts", [])
        if choose_all is None and item["key"] not in choices
    ]
    outcome = ConfirmOutcome(
        status=422,
        notice=open_conflicts_notice(open_keys, summary),
        invalid_refused=summary["counts"]["invalid"] > 0 and not form.allow_invalid.data,
        mass_missing_refused=bool(summary["missing_check"]["needs_confirmation"])
        and not form.allow_mass_missing.data,
    )
    refused = outcome.notice or outcome.invalid_refused or outcome.mass_missing_refused
    return outcome if refused else None


def confirm_upload(upload: uploads.PendingUpload, formdata: Any, user: SroiUser) -> ConfirmOutcome:
    """Commit the kept upload as confirmed with ``formdata`` by ``user``, in one transaction.

    Refuses a stale preview (keeping a fresh one under the token), unconfirmed invalid rows or
    missing share, and conflicts nobody chose on. Runs in the confirm request, or in a
    background job (:mod:`~sroi_plugin.web.portfolio.import_jobs`) for a large upload.
    """
    token = upload.token
    form = ConfirmForm(formdata)
    summary = upload.meta["summary"]
    choices, choose_all = conflict_choices(formdata, summary)
    session = current_session()
    result = apply_plan(
        session,
        _kept_plan(upload, user),
        user=user,
        allow_invalid=bool(form.allow_invalid.data),
        source="web",
        allow_mass_missing=bool(form.allow_mass_missing.data),
        choices=choices,
        choose_all=choose_all,
    )
    if result.committed:
        uploads.discard(_instance(), _KIND, token)
        return ConfirmOutcome(import_id=result.import_id)
    if result.stale:
        fresh = _rolled_back(session, _read_again(upload), user=user)
        meta = {**upload.meta, "summary": _capped(fresh), "seen_revision": fresh.seen_revision}
        if not uploads.update_meta(_instance(), _KIND, token, meta):
            # confirmed (a second click) or cancelled by another request meanwhile
            return ConfirmOutcome(status=409, notice=STALE_UPLOAD_GONE, gone=True)
        uploads.save_rows(_instance(), _KIND, token, encode_plan(fresh.plan))
        return ConfirmOutcome(status=409, notice=result.errors[0], stale=True)
    if result.has_errors():
        return ConfirmOutcome(status=409, notice=" ".join(result.errors))
    notice = unresolved_notice(result, summary)
    if notice is not None:
        # the conflicts as the confirm found them (a panel edit may have come in meanwhile)
        meta = {**upload.meta, "summary": {**summary, "conflicts": result.summary()["conflicts"]}}
        uploads.update_meta(_instance(), _KIND, token, meta)
    return ConfirmOutcome(
        status=422,
        notice=notice,
        invalid_refused=result.has_invalid_rows() and not form.allow_invalid.data,
        mass_missing_refused=result.mass_missing and not form.allow_mass_missing.data,
    )


def render_confirm(token: str, outcome: ConfirmOutcome, formdata: Any) -> Response:
    """The answer to a confirm: the import's done page, or the preview (as kept now) with the
    refusal, the checkboxes and conflict choices as posted (a stale preview starts afresh)."""
    if outcome.import_id is not None:
        done = url_for("sroi.portfolio_import_done", import_id=outcome.import_id)
        return respond_after_post(done)
    if outcome.gone:
        return _render_start(UploadForm(), outcome.status, notice=outcome.notice)
    upload = _pending_or_404(token)
    chosen = posted_choices(formdata)
    if outcome.stale:
        return _render_preview(upload, ConfirmForm(), 409, notice=outcome.notice, chosen=chosen)
    form = ConfirmForm(formdata)
    if outcome.invalid_refused:
        form.allow_invalid.errors = [
            f"Het bestand heeft {upload.meta['summary']['counts']['invalid']} ongeldige rij(en). "
            "Vink aan dat u de geldige rijen toch wilt vastleggen, of verbeter het bestand en "
            "upload het opnieuw."
        ]
    if outcome.mass_missing_refused:
        form.allow_mass_missing.errors = [
            "Vink aan dat het klopt dat deze contracten niet meer in het register staan, of "
            "upload het volledige contractregister."
        ]
    return _render_preview(upload, form, outcome.status, notice=outcome.notice, chosen=chosen)


@bp.post("/import/<token>/bevestigen")
@require_roles(*IMPORT_ROLES)
def portfolio_confirm(token: str) -> Response:
    """Commit the import in one transaction; refuse a stale preview or unconfirmed invalid rows.

    A large upload (previewed as a job) is committed by its job: the checks that need no import
    answer at once, then the job page follows the commit."""
    upload = _pending_or_404(token)
    if upload.meta.get("stage") != "preview":
        return respond_after_post(url_for("sroi.portfolio_mapping", token=token))
    from sroi_plugin.web.portfolio import import_jobs  # builds on this module

    if import_jobs.confirms_in_background(upload):
        refused = refused_at_once(upload, request.form)
        if refused is not None:
            return render_confirm(token, refused, request.form)
        return import_jobs.confirm_later(upload, request.form)
    return render_confirm(token, confirm_upload(upload, request.form, acting_user()), request.form)


@bp.post("/import/<token>/annuleren")
@require_roles(*IMPORT_ROLES)
def portfolio_cancel(token: str) -> Response:
    """Drop the kept upload; nothing was written."""
    upload = _pending_or_404(token)
    uploads.discard(_instance(), _KIND, upload.token)
    return respond_after_post(url_for("sroi.portfolio_import"))


@bp.get("/import/<token>/fouten.xlsx")
@require_roles(*IMPORT_ROLES)
def portfolio_error_report(token: str) -> Response:
    """The invalid rows as uploaded, plus a "Fouten" column (formula-safe)."""
    upload = _pending_or_404(token)
    read = _read_again(upload)
    if not read.invalid_rows:
        abort(404, description="Dit bestand heeft geen ongeldige rijen.")
    report = error_report_for(upload.data, read, max_bytes=_max_bytes(), budget=_budget())
    stem = upload.file_name.rsplit(".", 1)[0]
    response = send_file(io.BytesIO(report), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = content_disposition(f"fouten-{stem}.xlsx")
    return response


@bp.get("/import/export.xlsx")
@require_roles(*IMPORT_ROLES)
def portfolio_export() -> Response:
    """The portfolio in the importer's own columns (imports back as unchanged)."""
    data = export_portfolio(current_session())
    response = send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = content_disposition(
        export_file_name(today_from(current_app.config))
    )
    return response


@bp.get("/import/verwerkt/<sroi_id:import_id>")
@require_roles(*IMPORT_ROLES)
def portfolio_import_done(import_id: int) -> Response:
    """A confirmed import: who, when, which file, the counts and the changes to assess."""
    session = current_session()
    record = session.get(PortfolioImport, import_id)
    if record is None:
        abort(404, description="Deze import bestaat niet.")
    table = Modification.__table__
    contracts = Contract.__table__
    detected = session.execute(
        select(
            contracts.c.ref,
            table.c.kind,
            table.c.description,
        )
        .join(contracts, contracts.c.id == table.c.contract_id)
        .where(table.c.import_id == import_id)
        .order_by(contracts.c.ref_key, table.c.id)
    ).all()
    return render_panel(
        "portfolio/import_done",
        record=record,
        detected=detected,
        assess_labels=ASSESS_LABELS,
        contract_link=contract_link,
        undo_reason_form=UndoForm(),
    )
