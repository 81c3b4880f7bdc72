""" "Op de agenda zetten": a contract behind schedule goes on its next progress meeting's agenda.

Only this POST writes (handreiking stap 4a: discuss progress in the partnership). Opening the
panel never changes an agenda, and confirming a report does not either: putting a lag on the
table is the contract manager's decision, and the item carries the figures of the moment it is
put there. A second click updates the same item (one per contract and meeting, found by its
source); two clicks at the same moment meet the partnership's optimistic lock, and the second
gets 409 without writing anything.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models.partnership import Meeting
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.recovery import recovery_item
from sroi_plugin.services.recovery import put_on_agenda
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.errors import CONFLICT_MESSAGE
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.monitoring.panel import UPLOAD_ROLES
from sroi_plugin.web.monitoring.panel import panel_context
from sroi_plugin.web.partnerships.access import committed
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: the panel's message after the item was put on (or updated on) the agenda
ON_AGENDA_MESSAGE = "De achterstand staat op de agenda van het voortgangsgesprek."


def _panel(contract: Contract, status: int = 200, **extra: Any) -> Response:
    return render_panel("monitoring/panel", status, **panel_context(contract, **extra))


@bp.post("/contracten/<path:ref>/monitoring/op-de-agenda")
@require_roles(*UPLOAD_ROLES)
def monitoring_to_agenda(ref: str) -> Response:
    """Put the lag with today's figures on the next progress meeting's agenda (or update it)."""
    contract = contract_or_404(ref)
    context = panel_context(contract)
    result, recovery = context["progress"], context["recovery"]
    if result is None or not result.behind_schedule:
        return _panel(
            contract,
            422,
            problem="Dit contract loopt niet achter op schema; er is niets op de agenda gezet.",
        )
    if recovery.meeting is None:
        return _panel(
            contract,
            422,
            problem=(
                "Er is geen voortgangsgesprek gepland in een actief partnership van dit "
                "contract; plan er eerst een."
            ),
        )
    meeting = current_session().get(Meeting, recovery.meeting.meeting_id)
    assert meeting is not None  # just read in the same transaction
    today = today_from(current_app.config)
    added = put_on_agenda(meeting, recovery_item(contract.ref, result, today), acting_user())
    record(
        meeting.partnership,
        "agenda",
        f"Achterstand social return van contract {contract.ref} "
        f"{'op de agenda gezet' if added else 'bijgewerkt'} van {meeting.title} "
        f"({format_date(meeting.meeting_date)}).",
    )
    if not committed():
        return _panel(contract_or_404(ref), 409, problem=CONFLICT_MESSAGE)
    return respond_after_post(
        url_for("sroi.monitoring", ref=ref, agenda=1),
        lambda: _panel(contract_or_404(ref), message=ON_AGENDA_MESSAGE),
    )
