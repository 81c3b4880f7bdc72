"""Recording the publication of a modification notice (*aankondiging van een wijziging*).

A change a legal reviewer allowed with publication (Aw 2012 art. 2.163d / 2.163e) shows on the
contract's change panel and in the legal queue until someone records when and under which
reference its notice was published; the form lives on the change panel.
"""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.models import utcnow
from sroi_plugin.rules.modification_notice import publication_date_problem
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.legal.changes import CHANGES_UPDATED_EVENT
from sroi_plugin.web.legal.changes import NOTICE_ROLES
from sroi_plugin.web.legal.changes import change_or_404
from sroi_plugin.web.legal.changes import panel_context
from sroi_plugin.web.legal.forms import NoticeForm
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post


@bp.post("/contracten/<path:ref>/wijzigingen/<sroi_id:change_id>/aankondiging")
@require_roles(*NOTICE_ROLES)
def change_notice(ref: str, change_id: int) -> Response:
    """Record the notice's publication date and reference; 422 with the panel, the typed values
    and the errors when they do not fit; 409 when no notice is due."""
    contract = contract_or_404(ref)
    change = change_or_404(contract, change_id)
    latest = change.latest_decision
    if latest is None or latest.decision != Decision.ALLOWED_WITH_PUBLICATION:
        abort(409, description="Voor deze wijziging is geen aankondiging nodig.")
    if change.notice_published_on is not None:
        abort(409, description="De publicatie van deze aankondiging is al vastgelegd.")
    form = NoticeForm(request.form)
    valid = form.validate()
    published_on, change_date = form.published_on.data, change.modification_date
    if valid and published_on is not None and change_date is not None:
        problem = publication_date_problem(
            published_on, change_date, today_from(current_app.config)
        )
        if problem is not None:
            form.published_on.errors.append(f"{form.published_on.label.text}: {problem}.")
            valid = False
    if not valid:
        return render_panel("legal/changes", 422, **panel_context(contract, (change.id, form)))
    user = acting_user()
    change.notice_published_on = published_on
    change.notice_reference = (form.reference.data or "").strip()
    change.notice_recorded_by_id = user.id
    change.notice_recorded_by_name = user.name
    change.notice_recorded_at = utcnow()
    current_session().commit()
    return respond_after_post(
        url_for("sroi.changes", ref=contract.ref),
        lambda: render_template("sroi/legal/changes.html", **panel_context(contract)),
        trigger=CHANGES_UPDATED_EVENT,
    )
