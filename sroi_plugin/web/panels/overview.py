"""Panel "Social return — overzicht": obligation, key dates and remaining term.

The obligation follows the contract value; after a change a legal reviewer allowed, the panel
says what it was before (:func:`~sroi_plugin.services.change_value.obligation_change`).
"""

from __future__ import annotations

from flask import Response
from flask import current_app

from sroi_plugin.config import today_from
from sroi_plugin.rules.obligation import contract_term
from sroi_plugin.rules.obligation import describe_months
from sroi_plugin.rules.obligation import sr_obligation
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.change_value import obligation_change
from sroi_plugin.services.contract_facts import sr_terms_of
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.render import render_panel

register_panel("overview", "Social return — overzicht")


@bp.get("/contracten/<path:ref>/overzicht")
@require_roles(*ANY_ROLE)
def overview(ref: str) -> Response:
    """The contract's social-return obligation in euros and where it stands in its term."""
    contract = contract_or_404(ref)
    today = today_from(current_app.config)
    term = contract_term(contract.start_date, contract.end_date, today)
    remaining = None if term.months_left is None else describe_months(term.months_left)
    return render_panel(
        "panels/overview",
        ref=contract.ref,
        contract=contract,
        obligation=sr_obligation(sr_terms_of(contract)),
        obligation_change=obligation_change(contract, recorded_changes(contract)),
        term=term,
        remaining=remaining,
        today=today,
    )
