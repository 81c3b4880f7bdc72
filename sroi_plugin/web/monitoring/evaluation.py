"""The evaluation of a contract's social return (handreiking stap 4b), in the monitoring panel.

Impact, what to improve in the next tender, the contractor's ideas for social innovation and
the recognition the contractor gets. Each save adds a version with who and when (append-only);
the newest stands. A save based on an older version than the newest is refused with 409 and the
typed text stays in the form. Exportable as xlsx; the page prints cleanly.
"""

from __future__ import annotations

from flask import abort
from flask import redirect
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Optional  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.models import utcnow
from sroi_plugin.monitoring.exports import EVALUATION_QUESTIONS
from sroi_plugin.monitoring.exports import evaluation_xlsx
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import current_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.fields import Form
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.monitoring.panel import UPLOAD_ROLES
from sroi_plugin.web.render import render_panel

#: who may record an evaluation (admin always): those who upload the reports, the contract
#: manager and the social-return coordinator (Bijlage II, stap 4)
EVALUATION_ROLES = UPLOAD_ROLES
_MAX = 5000


def _text(label: str) -> TextAreaField:
    short = label.split(":")[0]
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=_MAX, message=f"{short}: maximaal {_MAX} tekens."),
        ],
    )


class EvaluationForm(Form):  # type: ignore[misc, unused-ignore]
    """The four questions of the evaluation (stap 4b); at least one must be answered."""

    impact = _text(EVALUATION_QUESTIONS["impact"])
    improvements = _text(EVALUATION_QUESTIONS["improvements"])
    innovation_ideas = _text(EVALUATION_QUESTIONS["innovation_ideas"])
    recognition = _text(EVALUATION_QUESTIONS["recognition"])
    #: the version the edit started from (0 = none yet): a newer one saved meanwhile is a conflict
    based_on = HiddenField()

    def validate(self, extra_validators: object = None) -> bool:
        """Field checks, and at least one answer."""
        valid = bool(super().validate())
        if valid and not any(
            (getattr(self, name).data or "").strip() for name in EVALUATION_QUESTIONS
        ):
            self.impact.errors = [
                "Impact: vul minstens één van de vragen in voordat u de evaluatie vastlegt."
            ]
            return False
        return valid


def _history(contract: Contract) -> list[Evaluation]:
    statement = (
        select(Evaluation)
        .where(Evaluation.contract_id == contract.id)
        .order_by(Evaluation.created_at.desc(), Evaluation.id.desc())
    )
    return list(current_session().scalars(statement))


def _render(
    contract: Contract,
    http_status: int = 200,
    *,
    form: EvaluationForm | None = None,
    history: list[Evaluation] | None = None,
    message: str | None = None,
    conflict: bool = False,
) -> Response:
    history = _history(contract) if history is None else history
    current = history[0] if history else None
    if form is None:
        form = EvaluationForm(
            data={
                **{
                    name: getattr(current, name) if current else "" for name in EVALUATION_QUESTIONS
                },
                "based_on": str(current.id) if current else "0",
            }
        )
    user = current_user()
    return render_panel(
        "monitoring/evaluation",
        http_status,
        ref=contract.ref,
        contract=contract,
        current=current,
        history=history,
        form=form,
        questions=EVALUATION_QUESTIONS,
        can_edit=user is not None and user.has_any(*EVALUATION_ROLES),
        message=message,
        conflict=conflict,
    )


@bp.get("/contracten/<path:ref>/evaluatie")
@require_roles(*ANY_ROLE)
def evaluation(ref: str) -> Response:
    """The evaluation that stands, its history, and the form for the contract manager."""
    contract = contract_or_404(ref)
    message = "De evaluatie is vastgelegd." if request.args.get("vastgelegd") else None
    return _render(contract, message=message)


@bp.post("/contracten/<path:ref>/evaluatie")
@require_roles(*EVALUATION_ROLES)
def evaluation_save(ref: str) -> Response:
    """Record a new version of the evaluation, with who and when."""
    contract = contract_or_404(ref)
    form = EvaluationForm(request.form)
    if not form.validate():
        return _render(contract, 422, form=form)
    history = _history(contract)
    newest = str(history[0].id) if history else "0"
    if (form.based_on.data or "0") != newest:
        return _render(contract, 409, form=form, history=history, conflict=True)
    user = acting_user()
    session = current_session()
    session.add(
        Evaluation(
            contract_id=contract.id,
            created_by_id=user.id,
            created_by_name=user.name,
            created_at=utcnow(),
            **{name: (getattr(form, name).data or "").strip() for name in EVALUATION_QUESTIONS},
        )
    )
    session.commit()
    if not is_htmx():
        return redirect(url_for("sroi.evaluation", ref=contract.ref, vastgelegd=1))
    return _render(contract_or_404(ref), message="De evaluatie is vastgelegd.")


@bp.get("/contracten/<path:ref>/evaluatie.xlsx")
@require_roles(*ANY_ROLE)
def evaluation_export(ref: str) -> Response:
    """The evaluation and its history as a workbook (formula-injection safe)."""
    contract = contract_or_404(ref)
    history = _history(contract)
    if not history:
        abort(404, description=f"Voor contract {contract.ref} is nog geen evaluatie vastgelegd.")
    response = Response(
        evaluation_xlsx(contract, history),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    safe_ref = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in contract.ref)
    response.headers["Content-Disposition"] = content_disposition(
        f"sroi-evaluatie-{safe_ref}.xlsx"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
