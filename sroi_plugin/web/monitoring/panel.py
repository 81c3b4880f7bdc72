"""Panel "Social return — monitoring": obligation against realised, reports, upload, evaluation.

A contract manager downloads the reporting template for a period, sends it to the contractor,
and uploads the filled file: the preview is the real import rolled back, the confirmation
re-runs it and commits only when every row is valid (all or nothing). A file with personal
data is refused with the AVG guard's explanation and nothing of it is kept. The panel shows
the obligation in euros (on the contract value it follows after decided changes,
``services.change_value``) against the realised value as a progress bar, "achter op schema" when
realisation lags the elapsed share of the term, a chart per period, and the evaluation.
The panel aggregates in SQL: a fixed number of queries, whatever the number of reports.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any

from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import select
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.wrappers import Response
from wtforms import FileField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.config import today_from
from sroi_plugin.config import valuation_table
from sroi_plugin.db import current_session
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing import uploads
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.models import utcnow
from sroi_plugin.monitoring.chart import build_chart
from sroi_plugin.monitoring.exports import EVALUATION_QUESTIONS
from sroi_plugin.monitoring.figures import ContractFigures
from sroi_plugin.monitoring.figures import contract_figures
from sroi_plugin.monitoring.figures import contract_valuation
from sroi_plugin.monitoring.figures import latest_evaluation
from sroi_plugin.monitoring.importer import CONFLICT_MESSAGE
from sroi_plugin.monitoring.importer import MonitoringImport
from sroi_plugin.monitoring.importer import run_import
from sroi_plugin.monitoring.profiles import save_profile
from sroi_plugin.monitoring.settings import max_upload_bytes
from sroi_plugin.monitoring.settings import monitoring_settings
from sroi_plugin.monitoring.template import TemplateContract
from sroi_plugin.monitoring.template import build_template
from sroi_plugin.monitoring.template import template_file_name
from sroi_plugin.rules import values
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import Progress
from sroi_plugin.rules.monitoring import last_complete_quarters
from sroi_plugin.rules.monitoring import progress
from sroi_plugin.rules.monitoring import progress_finding
from sroi_plugin.rules.monitoring import report_period_problem
from sroi_plugin.rules.obligation import Obligation
from sroi_plugin.rules.obligation import contract_term
from sroi_plugin.rules.privacy import display_count
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.change_value import followed_obligation
from sroi_plugin.services.recovery import recovery_of
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.fields import DayField
from sroi_plugin.web.fields import Form
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.monitoring.attestation import AttestationForm
from sroi_plugin.web.monitoring.dashboard import DASHBOARD_ROLES
from sroi_plugin.web.monitoring.layout_step import PeriodFields
from sroi_plugin.web.monitoring.layout_step import mapping_form
from sroi_plugin.web.monitoring.layout_step import needs_step
from sroi_plugin.web.monitoring.layout_step import options_from_meta
from sroi_plugin.web.monitoring.layout_step import step_meta
from sroi_plugin.web.panels import overview as _overview  # noqa: F401 - registered first, shown first
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.partnerships.access import in_working_group
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

register_panel("monitoring", "Social return — monitoring")

#: who may upload, map, attest and confirm reports (admin always): the contract manager and the
#: social-return coordinator, who monitors and reports (Bijlage II, stap 4)
UPLOAD_ROLES = (Role.CONTRACT_MANAGER, Role.SR_COORDINATOR)
#: who may download the reporting template (admin always)
TEMPLATE_ROLES = (Role.CONTRACT_MANAGER, Role.SR_COORDINATOR, Role.PROCUREMENT)
#: who sees exact counts of persons on every contract's own panel; members of a partnership the
#: contract works in see them too (:func:`sees_exact_counts`)
EXACT_COUNT_ROLES = (Role.CONTRACT_MANAGER,)
#: htmx event after a report was imported (a host may listen for it)
IMPORTED_EVENT = "sroiMonitoringImported"
#: upload-trail lines shown on the panel
UPLOADS_SHOWN = 8


class RequiredDayField(DayField):  # type: ignore[misc, unused-ignore]
    """A required date, read as every other date (:class:`~sroi_plugin.web.fields.DayField`)."""

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is None:
            raise ValueError(f"{self.label.text}: vul een datum in, bijvoorbeeld 01-07-2026.")


class TemplateForm(Form):  # type: ignore[misc, unused-ignore]
    """The period a template is for."""

    start = RequiredDayField("Begin van de periode")
    end = RequiredDayField("Einde van de periode")

    def validate_end(self, field: RequiredDayField) -> None:
        """The period runs forward."""
        if field.data is not None and self.start.data is not None and field.data < self.start.data:
            raise ValidationError("Einde van de periode: ligt vóór het begin van de periode.")


class UploadForm(PeriodFields):  # type: ignore[misc, unused-ignore]
    """A filled report to upload, and its period when the file names none."""

    report = FileField("Ingevulde rapportage (.xlsx)")

    def validate_report(self, field: FileField) -> None:
        """A file must be chosen."""
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(
                "Ingevulde rapportage: kies het Excel-bestand (.xlsx) dat de opdrachtnemer "
                "heeft ingevuld."
            )


def default_period(today: date) -> Period:
    """The last complete quarter (the usual reporting period)."""
    return last_complete_quarters(today, 1)[0]


def _percent(fraction: Decimal) -> int:
    return int((fraction * 100).quantize(Decimal(1), ROUND_HALF_UP))


def _progress_of(
    contract: Contract,
    obligation: Obligation,
    realised: Decimal,
    today: date,
    settings: MonitoringSettings,
) -> tuple[Progress | None, str | None]:
    """Progress against the term, or why there is none (no obligation, no complete term)."""
    if obligation.amount is None:
        return None, obligation.missing
    start, end = contract.start_date, contract.end_date
    if start is None or end is None or end <= start:
        return None, "Begin- en einddatum van het contract zijn nodig om het schema te toetsen."
    result = progress(
        obligation.amount,
        realised,
        start,
        end,
        today,
        tolerance=settings.behind_schedule_tolerance,
    )
    return result, None


_UPLOAD = MonitoringUpload.__table__.c
#: the upload trail's newest lines, as Core columns (no ORM objects needed; built once: building
#: a statement costs more than running it, see ``make bench``)
_UPLOADS = (
    select(MonitoringUpload.__table__)
    .where(_UPLOAD.contract_id == bindparam("contract_id"))
    .order_by(_UPLOAD.at.desc(), _UPLOAD.id.desc())
    .limit(UPLOADS_SHOWN)
)


def _uploads(contract_id: int) -> Sequence[Row[Any]]:
    return current_session().execute(_UPLOADS, {"contract_id": contract_id}).all()


def _answers(evaluation: Row[Any] | None) -> list[tuple[str, str]]:
    """The evaluation's answered questions as (question, answer), in the questions' order."""
    if evaluation is None:
        return []
    answers = ((label, getattr(evaluation, name)) for name, label in EVALUATION_QUESTIONS.items())
    return [(label, text) for label, text in answers if text]


def _period_problem(contract: Contract, today: date) -> Callable[[Period], str | None]:
    """Why a period cannot be reported on for ``contract`` (term and horizon), or ``None``."""

    def problem(period: Period) -> str | None:
        return report_period_problem(period, contract.start_date, contract.end_date, today)

    return problem


def sees_exact_counts(contract: Contract, user: SroiUser) -> bool:
    """The user belongs to the contract's working group: a contract manager, or a person with a
    role in an active partnership the contract works in (``in_working_group``)."""
    return user.has_any(*EXACT_COUNT_ROLES) or in_working_group(contract.id, user)


def panel_context(
    contract: Contract,
    *,
    template_form: TemplateForm | None = None,
    upload_form: UploadForm | None = None,
    message: str | None = None,
    problem: str | None = None,
) -> dict[str, Any]:
    """Everything the monitoring panel shows (a fixed number of queries)."""
    config = current_app.config
    settings = monitoring_settings(config)
    today = today_from(config)
    user = acting_user()
    session = current_session()
    figures = contract_figures(
        session,
        contract.id,
        settings,
        period_problem=_period_problem(contract, today),
        valuation=contract_valuation(contract, valuation_table(config)),
    )
    evaluation = latest_evaluation(session, contract.id)
    obligation, _followed = followed_obligation(contract)
    result, no_progress = _progress_of(
        contract, obligation, figures.totals.value_eur, today, settings
    )
    period = default_period(today)
    if template_form is None:
        template_form = TemplateForm(data={"start": period.start, "end": period.end})
    inside = sees_exact_counts(contract, user)
    threshold = settings.small_number_threshold
    return {
        "ref": contract.ref,
        "contract": contract,
        "today": today,
        "obligation": obligation,
        "progress": result,
        "no_progress": no_progress,
        "finding": progress_finding(result) if result is not None else None,
        "realised_pct": _percent(result.fraction_realised) if result else None,
        "elapsed_pct": _percent(result.fraction_elapsed) if result else None,
        "term": contract_term(contract.start_date, contract.end_date, today),
        "figures": figures,
        "chart": _chart(contract, obligation.amount, figures, today),
        "evaluation": evaluation,
        "answers": _answers(evaluation),
        "uploads": _uploads(contract.id),
        "recovery": recovery_of(session, contract.id, contract.ref, today),
        "template_form": template_form,
        "upload_form": upload_form or UploadForm(),
        "can_upload": user.has_any(*UPLOAD_ROLES),
        "can_download": user.has_any(*TEMPLATE_ROLES),
        "can_evaluate": user.has_any(*UPLOAD_ROLES),
        "can_dashboard": user.has_any(*DASHBOARD_ROLES),
        "inside_working_group": inside,
        "count": lambda n: display_count(n, inside_working_group=inside, threshold=threshold),
        "labels": settings,
        "message": message,
        "problem": problem,
    }


def _chart(
    contract: Contract, obligation: Decimal | None, figures: ContractFigures, today: date
) -> Any:
    return build_chart(
        obligation=obligation,
        term_start=contract.start_date,
        term_end=contract.end_date,
        periods=[(p.period, p.totals.value_eur) for p in figures.periods],
        today=today,
    )


def _render(contract: Contract, http_status: int = 200, **extra: Any) -> Response:
    return render_panel("monitoring/panel", http_status, **panel_context(contract, **extra))


@bp.get("/contracten/<path:ref>/monitoring")
@require_roles(*ANY_ROLE)
def monitoring(ref: str) -> Response:
    """The contract's monitoring panel."""
    contract = contract_or_404(ref)
    message = None
    if request.args.get("vastgelegd"):
        message = "De rapportage is vastgelegd."
    elif request.args.get("geannuleerd"):
        message = "De upload is geannuleerd; er is niets vastgelegd."
    elif request.args.get("ingetrokken"):
        message = "De rapportage met de ongeldige periode is ingetrokken."
    elif request.args.get("agenda"):
        message = "De achterstand staat op de agenda van het voortgangsgesprek."
    return _render(contract, message=message)


@bp.get("/contracten/<path:ref>/monitoring/sjabloon.xlsx")
@require_roles(*TEMPLATE_ROLES)
def monitoring_template(ref: str) -> Response:
    """Download the reporting template for the chosen period (a plain GET: nothing changes)."""
    contract = contract_or_404(ref)
    form = TemplateForm(request.args)
    if not form.validate():
        return _render(contract, 422, template_form=form)
    assert form.start.data is not None and form.end.data is not None
    period = Period(form.start.data, form.end.data)
    problem = _period_problem(contract, today_from(current_app.config))(period)
    if problem is not None:
        form.end.errors = [*form.end.errors, problem]
        return _render(contract, 422, template_form=form)
    settings = monitoring_settings(current_app.config)
    data = build_template(
        TemplateContract(contract.ref, contract.title, contract.supplier_name), period, settings
    )
    response = Response(
        data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = content_disposition(
        template_file_name(contract.ref, period)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _preview_status(result: MonitoringImport) -> int:
    return 422 if result.rejected else 200


def _render_preview(
    contract: Contract,
    result: MonitoringImport,
    token: str | None,
    http_status: int,
    attestation_form: AttestationForm | None = None,
) -> Response:
    settings = monitoring_settings(current_app.config)
    user = acting_user()
    inside = sees_exact_counts(contract, user)
    threshold = settings.small_number_threshold
    return render_panel(
        "monitoring/preview",
        http_status,
        ref=contract.ref,
        contract=contract,
        result=result,
        token=token,
        upload_form=UploadForm(),
        attestation_form=attestation_form or AttestationForm(today=today_from(current_app.config)),
        labels=settings,
        count=lambda n: display_count(n, inside_working_group=inside, threshold=threshold),
    )


def _run(
    contract: Contract,
    data: bytes,
    file_name: str,
    *,
    commit: bool,
    attestation: Attestation | None = None,
    options: Mapping[str, Any] | None = None,
) -> MonitoringImport:
    """The import of an upload; ``options`` are the period and layout chosen for it
    (:func:`~sroi_plugin.web.monitoring.layout_step.options_from_meta`)."""
    config = current_app.config
    return run_import(
        current_session(),
        contract,
        data,
        file_name,
        acting_user(),
        settings=monitoring_settings(config),
        today=today_from(config),
        max_bytes=max_upload_bytes(config),
        commit=commit,
        attestation=attestation,
        valuation=valuation_table(config),
        **(options or {}),
    )


#: this module's uploads in the shared store (apart from portfolio imports)
_KIND = uploads.Kind.MONITORING


@bp.post("/contracten/<path:ref>/monitoring/upload")
@require_roles(*UPLOAD_ROLES)
def monitoring_upload(ref: str) -> Response:
    """Preview an upload: the real import, rolled back. A clean file is kept under a token."""
    contract = contract_or_404(ref)
    form = UploadForm(CombinedMultiDict((request.files, request.form)))
    if not form.validate():
        return _render(contract, 422, upload_form=form)
    upload = form.report.data
    file_name = values.clean_file_name(upload.filename, "rapportage.xlsx")
    data = upload.stream.read(max_upload_bytes(current_app.config) + 1)
    period = form.period
    result = _run(contract, data, file_name, commit=False, options={"period": period})
    token = None
    if not result.rejected or needs_step(result):
        token = uploads.keep(
            current_app.instance_path,
            _KIND,
            user_id=acting_user().id,
            file_name=file_name,
            data=data,
            meta=step_meta(
                contract.ref, signature=result.headers_signature, period=period, mapping={}
            ),
        )
    if needs_step(result):
        assert token is not None
        return _render_step(contract, result, token, mapping_form(result, period=period))
    return _render_preview(contract, result, token, _preview_status(result))


def _render_step(contract: Contract, result: MonitoringImport, token: str, form: Any) -> Response:
    """The mapping step: 200 the first time, 422 with the errors and the choices kept."""
    return render_panel(
        "monitoring/layout_step",
        422 if form.errors else 200,
        ref=contract.ref,
        contract=contract,
        result=result,
        token=token,
        form=form,
    )


@bp.post("/contracten/<path:ref>/monitoring/upload/<token>/indeling")
@require_roles(*UPLOAD_ROLES)
def monitoring_layout(ref: str, token: str) -> Response:
    """Take the columns and period chosen for a kept upload; save the columns as the
    contractor's layout; then show the preview (the real import, rolled back)."""
    contract = contract_or_404(ref)
    pending = _pending_or_404(contract, token)
    kept = options_from_meta(pending.meta)
    first = _run(contract, pending.data, pending.file_name, commit=False, options=kept)
    if not needs_step(first):
        return _render_preview(contract, first, token, _preview_status(first))
    form = mapping_form(first, request.form)
    if not form.validate():
        return _render_step(contract, first, token, form)
    if first.needs_mapping:
        session = current_session()
        save_profile(
            session,
            contract,
            sheet_name=first.sheet_name,
            signature=first.headers_signature,
            mapping=form.mapping,
            user=acting_user(),
        )
        session.commit()
    meta = step_meta(
        contract.ref,
        signature=first.headers_signature,
        period=form.period or kept.get("period"),
        mapping=form.mapping,
    )
    result = _run(
        contract, pending.data, pending.file_name, commit=False, options=options_from_meta(meta)
    )
    if result.rejected:
        uploads.discard(current_app.instance_path, _KIND, token)
        return _render_preview(contract, result, None, 422)
    uploads.update_meta(current_app.instance_path, _KIND, token, meta)
    return _render_preview(contract, result, token, 200)


def _pending_or_404(contract: Contract, token: str) -> uploads.PendingUpload:
    pending = uploads.load(current_app.instance_path, _KIND, token)
    if (
        pending is None
        or pending.meta.get("contract_ref") != contract.ref
        or pending.user_id != acting_user().id
    ):
        abort(
            404,
            description=(
                "Deze upload bestaat niet (meer): hij is al verwerkt, geannuleerd of verlopen "
                f"(na {_KIND.ttl_seconds // 60} minuten). Upload het bestand opnieuw."
            ),
        )
    return pending


@bp.post("/contracten/<path:ref>/monitoring/upload/<token>/bevestigen")
@require_roles(*UPLOAD_ROLES)
def monitoring_confirm(ref: str, token: str) -> Response:
    """Re-run the import and commit it when every row is valid; then forget the file.

    Sending the confirm twice is harmless. Once recorded, the token answers as the first
    confirm did (303 to the panel showing the recorded report, for the hour the upload would
    have waited); a confirm that loses the race against another for the same period (the
    database allows one current report per contract and period) gets 409 with
    :data:`CONFLICT_MESSAGE` and writes nothing.
    """
    contract = contract_or_404(ref)
    recorded = _recorded_report(contract, token)
    if recorded is not None:
        return _after_confirm(ref, recorded)
    pending = _pending_or_404(contract, token)
    form = AttestationForm(request.form, today=today_from(current_app.config))
    kept = options_from_meta(pending.meta)
    if not form.validate():  # the upload waits under its token; nothing typed is lost
        preview = _run(contract, pending.data, pending.file_name, commit=False, options=kept)
        return _render_preview(contract, preview, token, 422, attestation_form=form)
    result = _run(
        contract,
        pending.data,
        pending.file_name,
        commit=True,
        attestation=form.attestation,
        options=kept,
    )
    if result.attestation_problem is not None and not result.conflict:
        form.on.errors = [*form.on.errors, result.attestation_problem]
        return _render_preview(contract, result, token, 422, attestation_form=form)
    if result.conflict:
        if _recorded_report(contract, token) is None:  # keep the winner's note of a double click
            uploads.discard(current_app.instance_path, _KIND, token)
        return _render(contract_or_404(ref), 409, problem=CONFLICT_MESSAGE)
    if not result.committed or result.report_id is None:
        uploads.discard(current_app.instance_path, _KIND, token)
        return _render_preview(contract, result, None, 422)
    uploads.retire(
        current_app.instance_path,
        _KIND,
        token,
        {"contract_ref": contract.ref, "report_id": result.report_id},
    )
    return _after_confirm(ref, result.report_id)


def _recorded_report(contract: Contract, token: str) -> int | None:
    """The report an earlier confirm of this user's ``token`` recorded, if any."""
    done = uploads.retired(current_app.instance_path, _KIND, token)
    if (
        done is None
        or done.user_id != acting_user().id
        or done.meta.get("contract_ref") != contract.ref
    ):
        return None
    report_id = done.meta.get("report_id")
    return report_id if isinstance(report_id, int) else None


def _after_confirm(ref: str, report_id: int) -> Response:
    """The panel with the recorded report: 303 for a plain form, the fragment for htmx."""

    def fragment() -> str:
        contract = contract_or_404(ref)  # reloaded after the commit
        context = panel_context(contract, message="De rapportage is vastgelegd.")
        return render_template("sroi/monitoring/panel.html", **context)

    return respond_after_post(
        url_for("sroi.monitoring", ref=ref, vastgelegd=report_id), fragment, trigger=IMPORTED_EVENT
    )


@bp.post("/contracten/<path:ref>/monitoring/upload/<token>/annuleren")
@require_roles(*UPLOAD_ROLES)
def monitoring_cancel(ref: str, token: str) -> Response:
    """Forget a previewed upload without importing it."""
    contract = contract_or_404(ref)
    _pending_or_404(contract, token)
    uploads.discard(current_app.instance_path, _KIND, token)
    if not is_htmx():
        return redirect(url_for("sroi.monitoring", ref=contract.ref, geannuleerd=1))
    return _render(contract, message="De upload is geannuleerd; er is niets vastgelegd.")


@bp.post("/contracten/<path:ref>/monitoring/rapportages/<sroi_id:report_id>/intrekken")
@require_roles(*UPLOAD_ROLES)
def monitoring_withdraw(ref: str, report_id: int) -> Response:
    """Withdraw a current report whose period is impossible (outside the term or the horizon).

    The report is kept, marked as no longer current (``replaced_at`` without a successor), and
    the audit trail records who withdrew it and when. A report with a valid period is replaced
    by uploading a new one for the same period, not withdrawn.
    """
    contract = contract_or_404(ref)
    session = current_session()
    report = session.get(MonitoringReport, report_id)
    if report is None or report.contract_id != contract.id or report.replaced_at is not None:
        abort(404, description="Deze rapportage bestaat niet (meer) of is al vervangen.")
    today = today_from(current_app.config)
    period = Period(report.period_start, report.period_end)
    problem = _period_problem(contract, today)(period)
    if problem is None:
        return _render(
            contract,
            422,
            message=(
                "Alleen een rapportage met een ongeldige periode kan worden ingetrokken; "
                "vervang deze door een nieuwe rapportage over dezelfde periode te uploaden."
            ),
        )
    user = acting_user()
    now = utcnow()
    report.replaced_at = now
    report.replaced_by_id = None
    session.add(
        MonitoringUpload(
            contract_id=contract.id,
            outcome="ingetrokken",
            report_id=report.id,
            file_name=report.file_name,
            sha256=report.sha256,
            period_start=report.period_start,
            period_end=report.period_end,
            note=(
                f"ingetrokken: rapportage {report.file_name} met ongeldige periode "
                f"{format_date(report.period_start)} t/m {format_date(report.period_end)}"
            )[:300],
            channel="web",
            by_id=user.id,
            by_name=user.name,
            at=now,
        )
    )
    session.commit()
    message = "De rapportage met de ongeldige periode is ingetrokken."
    return respond_after_post(
        url_for("sroi.monitoring", ref=contract.ref, ingetrokken=1),
        lambda: _render(contract_or_404(ref), message=message),
    )
