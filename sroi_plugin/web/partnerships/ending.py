"""Parking, closing and reopening a partnership, with its outcome and a note.

A partnership can stop for now ("nu niet": ask for social return in the next tender instead,
handreiking stap 2Bb), prove not suitable, or have formed; the outcome and the note stay with
it, and the "nu niet" notes come back as lessons on the planned tenders and promising contracts
of the same category (:mod:`sroi_plugin.services.lessons`). A parked partnership can be reopened;
its tasks leave "Mijn taken" while it is parked or closed. Saving is guarded by the
partnership's version: a form based on an older version gets 409 with the typed note kept.
"""

from __future__ import annotations

from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.models import Partnership
from sroi_plugin.models import utcnow
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import OUTCOME_LABELS
from sroi_plugin.web.partnerships.forms import STATE_LABELS
from sroi_plugin.web.partnerships.forms import EndForm
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.render import render_error
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Shown when the form was loaded before someone else changed the partnership.
_STALE = "Iemand anders heeft de partnership intussen gewijzigd."


def _page(found: Partnership, form: EndForm, status: int, message: str | None = None) -> Response:
    return render_panel(
        "partnerships/end",
        http_status=status,
        partnership=found,
        form=form,
        message=message,
        labels=labels(),
    )


def _done(found: Partnership) -> Response:
    """After a successful POST: to the partnership's page."""
    return respond_after_post(url_for("sroi.partnership_detail", partnership_id=found.id))


def _same_version(found: Partnership, typed: object) -> bool:
    return str(typed or "").strip() == str(found.version)


@bp.route("/partnerships/<sroi_id:partnership_id>/beeindigen", methods=["GET", "POST"])
@require_roles(*MANAGER_ROLES)
def partnership_end(partnership_id: int) -> Response:
    """Park or close the partnership with an outcome (formed / not now / not suitable)."""
    found, _access = managed_partnership_or_404(partnership_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        state = request.args.get("actie") if request.args.get("actie") in STATE_LABELS else None
        form = EndForm(
            data={
                "state": state or "parked",
                "outcome": found.outcome or "",
                "note": found.outcome_note,
                "version": found.version,
            }
        )
        return _page(found, form, 200)
    form = EndForm(request.form)
    if not form.validate():
        return _page(found, form, 422)
    if not _same_version(found, form.version.data):
        form.version.data = found.version
        return _page(
            found, form, 409, f"{_STALE} Bekijk de stand hieronder; uw toelichting staat er nog."
        )
    user = acting_user()
    found.state = form.state.data
    found.outcome = form.outcome.data
    found.outcome_note = (form.note.data or "").strip()
    found.ended_by_id = user.id
    found.ended_by_name = user.name
    found.ended_at = utcnow()
    record(
        found,
        "state",
        f"{STATE_LABELS[found.state]}: {OUTCOME_LABELS[found.outcome]}"
        + (f" — {found.outcome_note.rstrip('.')}" if found.outcome_note else "")
        + ".",
    )
    commit_or_conflict()
    return _done(found)


@bp.post("/partnerships/<sroi_id:partnership_id>/heropenen")
@require_roles(*MANAGER_ROLES)
def partnership_reopen(partnership_id: int) -> Response:
    """Make a parked partnership active again; its outcome note stays in the log."""
    found, _access = managed_partnership_or_404(partnership_id)
    if found.state != "parked":
        return render_error(409, "Alleen een geparkeerde partnership kan worden heropend.")
    if not _same_version(found, request.form.get("version")):
        return render_error(409, f"{_STALE} Laad de pagina opnieuw.")
    found.state = "active"
    found.outcome = None
    record(found, "state", "Heropend: de partnership is weer actief.")
    commit_or_conflict()
    return _done(found)
