"""Undo a confirmed portfolio import: the confirmation screen and the undo itself.

For procurement (admin too), like the import. The screen says what the undo will do (fields
put back, contracts deleted, contracts no longer marked missing, draft changes deleted) or
what blocks it, with the reason field and the portfolio revision it saw; the confirm runs
:func:`~sroi_plugin.importing.undo.undo_import` with that revision, so an import or undo that
landed meanwhile makes it show the screen again instead (nothing typed is lost).
"""

from __future__ import annotations

from flask import abort
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.importing.undo import UndoPlan
from sroi_plugin.importing.undo import current_revision
from sroi_plugin.importing.undo import plan_undo
from sroi_plugin.importing.undo import undo_import
from sroi_plugin.models import PortfolioImport
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.portfolio.forms import UndoForm
from sroi_plugin.web.portfolio.sync import IMPORT_ROLES
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post


def _import_or_404(import_id: int) -> PortfolioImport:
    record = current_session().get(PortfolioImport, import_id)
    if record is None:
        abort(404, description="Deze import bestaat niet.")
    return record


def _render(
    record: PortfolioImport,
    form: UndoForm,
    status: int = 200,
    *,
    plan: UndoPlan | None = None,
    notice: str | None = None,
) -> Response:
    session = current_session()
    if plan is None:
        plan = plan_undo(session, record)
    if form.revisie.data in (None, ""):
        form.revisie.data = str(current_revision(session))
    return render_panel(
        "portfolio/undo",
        status,
        record=record,
        plan=plan,
        counts=plan.counts(),
        form=form,
        notice=notice,
    )


@bp.route("/import/verwerkt/<sroi_id:import_id>/ongedaan-maken", methods=["GET", "POST"])
@require_roles(*IMPORT_ROLES)
def portfolio_undo(import_id: int) -> Response:
    """The confirmation screen: what the undo will do or what blocks it.

    Reached from the import list (GET) or from the form on the import's page (POST with the
    reason typed there, which is checked and kept); neither changes anything.
    """
    record = _import_or_404(import_id)
    if request.method == "POST":
        form = UndoForm(request.form)
        form.validate()
        form.revisie.data = ""
        return _render(record, form, 422 if form.errors else 200)
    return _render(record, UndoForm())


@bp.post("/import/verwerkt/<sroi_id:import_id>/ongedaan-maken/bevestigen")
@require_roles(*IMPORT_ROLES)
def portfolio_undo_confirm(import_id: int) -> Response:
    """Undo the import in one transaction, or show the screen again with why not."""
    record = _import_or_404(import_id)
    form = UndoForm(request.form)
    if not form.validate():
        return _render(record, form, 422)
    result = undo_import(
        current_session(),
        import_id,
        user=acting_user(),
        reason=form.reden.data,
        expected_revision=form.seen_revision(),
    )
    if result.undone:
        return respond_after_post(url_for("sroi.portfolio_import_done", import_id=import_id))
    record = _import_or_404(import_id)
    form.revisie.data = ""  # show the screen as it is now; confirming needs another look
    notice = " ".join(result.errors) or "Niet ongedaan gemaakt: er is niets gewijzigd."
    return _render(record, form, 409, plan=None if result.stale else result.plan, notice=notice)
