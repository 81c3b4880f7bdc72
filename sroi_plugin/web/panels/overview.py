"""Panel "Social return — overzicht": obligation, key dates and remaining term.

The obligation follows the contract value the register holds plus the changes a legal reviewer
allowed since the register last changed it (:mod:`sroi_plugin.services.change_value`); the panel
says what it was before the latest such change and how the value is made up.
"""

from __future__ import annotations

from flask import Response
from flask import current_app

from sroi_plugin.config import today_from
from sroi_plugin.rules.obligation import contract_term
from sroi_plugin.rules.obligation import describe_months
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.change_value import followed_obligation
from sroi_plugin.services.change_value import obligation_change
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels.registry import register_panel
from sroi_plugin.web.panels.sources import OBLIGATION_FIELDS
from sroi_plugin.web.panels.sources import mixed_sources
from sroi_plugin.web.panels.sources import source_lines
from sroi_plugin.web.panels.sources import sources_of
from sroi_plugin.web.render import render_panel

register_panel("overview", "Social return — overzicht")


@bp.get("/contracten/<path:ref>/overzicht")
@require_roles(*ANY_ROLE)
def overview(ref: str) -> Response:
    """The contract's social-return obligation in euros and where it stands in its term."""
    contract = contract_or_404(ref)
    sources = sources_of(contract, ("has_sr", *OBLIGATION_FIELDS))
    today = today_from(current_app.config)
    term = contract_term(contract.start_date, contract.end_date, today)
    remaining = None if term.months_left is None else describe_months(term.months_left)
    changes = recorded_changes(contract)
    obligation, followed = followed_obligation(contract, changes)
    return render_panel(
        "panels/overview",
        ref=contract.ref,
        contract=contract,
        obligation=obligation,
        followed=followed,
        obligation_change=obligation_change(contract, changes, followed),
        term=term,
        remaining=remaining,
        today=today,
        source_lines=source_lines(contract, sources),
        mixed=mixed_sources(sources),
    )
