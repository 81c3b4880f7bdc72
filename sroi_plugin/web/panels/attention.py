"""What needs attention on a contract: one line per panel, above the panels.

A contract manager opening a contract should see at once where to look: "Monitoring: achter op
schema", "Wijzigingen: 1 bij de jurist", "Partnership: 2 open actiepunten", "Clausule: 1 fout".
Each line comes from the same rule or read model as its panel (``rules.monitoring.progress``,
the clause checks, the change register, the partnership's tasks and action items), in a fixed
number of statements whatever the contract's history. The host places it with
``sroi_attention(ref)``; it reloads when a panel announces a save.

Also here: the POST that folds or unfolds a panel for the current user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from flask import abort
from flask import current_app
from flask import request
from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.config import valuation_table
from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import Meeting
from sroi_plugin.models import Partnership
from sroi_plugin.monitoring.figures import contract_realised
from sroi_plugin.monitoring.figures import contract_valuation
from sroi_plugin.monitoring.settings import monitoring_settings
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.matrix import active_steps
from sroi_plugin.rules.matrix import open_tasks_in_step
from sroi_plugin.rules.monitoring import progress
from sroi_plugin.rules.monitoring import report_period_problem
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.change_register import recorded_changes
from sroi_plugin.services.change_value import followed_obligation
from sroi_plugin.services.preferences import can_keep_preferences
from sroi_plugin.services.preferences import set_folded
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.csrf import csrf_token
from sroi_plugin.web.legal.changes import CHANGES_UPDATED_EVENT
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.monitoring.panel import IMPORTED_EVENT
from sroi_plugin.web.panels.clauses import SR_FIELDS_SAVED_EVENT
from sroi_plugin.web.panels.clauses import check_values
from sroi_plugin.web.panels.registry import PANELS
from sroi_plugin.web.panels.registry import panel_slot
from sroi_plugin.web.partnerships.access import access_to
from sroi_plugin.web.partnerships.workspace import partnerships_of
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Events after which the summary reloads: the panels fire them after a save.
REFRESH_EVENTS = (CHANGES_UPDATED_EVENT, SR_FIELDS_SAVED_EVENT, IMPORTED_EVENT)


@dataclass(frozen=True)
class AttentionLine:
    """One panel's line: its short Dutch label, what it says, and whether to act on it."""

    panel: str
    label: str
    text: str
    needs_attention: bool


def _plural(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


def _pct(fraction: Decimal) -> str:
    return format_pct((fraction * 100).quantize(Decimal(1), ROUND_HALF_UP))


def monitoring_line(
    contract: Contract, today: date, changes: list[RecordedChange]
) -> AttentionLine:
    """Behind schedule or not (``rules.monitoring.progress``, as the monitoring panel), against
    the obligation on the value it follows (``services.change_value``)."""
    config = current_app.config
    obligation, _followed = followed_obligation(contract, changes)
    start, end = contract.start_date, contract.end_date
    if obligation.amount is None:
        if contract.sr_percentage:
            text = "verplichting niet te berekenen: " + (obligation.missing or "gegevens ontbreken")
            return AttentionLine("monitoring", "Monitoring", text, True)
        return AttentionLine("monitoring", "Monitoring", "geen social-returnafspraak", False)
    if start is None or end is None or end <= start:
        return AttentionLine(
            "monitoring", "Monitoring", "begin- en einddatum ontbreken voor het schema", True
        )
    settings = monitoring_settings(config)
    # the panel's totals: reports whose period cannot stand count nowhere
    totals = contract_realised(
        current_session(),
        contract.id,
        settings,
        period_problem=lambda period: report_period_problem(period, start, end, today),
        valuation=contract_valuation(contract, valuation_table(config)),
    )
    result = progress(
        obligation.amount,
        totals.value_eur,
        start,
        end,
        today,
        tolerance=settings.behind_schedule_tolerance,
    )
    realised = _pct(result.fraction_realised)
    if result.behind_schedule:
        elapsed = _pct(result.fraction_elapsed)
        text = f"achter op schema ({realised} gerealiseerd, {elapsed} van de looptijd verstreken)"
        return AttentionLine("monitoring", "Monitoring", text, True)
    return AttentionLine("monitoring", "Monitoring", f"op schema ({realised} gerealiseerd)", False)


def clauses_line(contract: Contract) -> AttentionLine:
    """The clause checks' errors and warnings (the clause panel's findings)."""
    checked = check_values(contract)
    if checked.problem is not None:
        return AttentionLine("clauses", "Clausule", "niet te controleren: " + checked.problem, True)
    errors, warnings = checked.count(Severity.ERROR), checked.count(Severity.WARNING)
    parts = []
    if errors:
        parts.append(_plural(errors, "fout", "fouten"))
    if warnings:
        parts.append(_plural(warnings, "waarschuwing", "waarschuwingen"))
    if not parts:
        return AttentionLine("clauses", "Clausule", "geen fouten of waarschuwingen", False)
    return AttentionLine("clauses", "Clausule", ", ".join(parts), True)


def changes_line(changes: list[RecordedChange]) -> AttentionLine:
    """Changes waiting for a lawyer, drafts to complete, notices to publish (change register)."""
    pending = sum(change.pending for change in changes)
    drafts = sum(change.status == "draft" for change in changes)
    notices = sum(change.notice_to_publish for change in changes)
    parts = []
    if pending:
        parts.append(f"{pending} bij de jurist")
    if drafts:
        parts.append(_plural(drafts, "concept aan te vullen", "concepten aan te vullen"))
    if notices:
        parts.append(_plural(notices, "aankondiging te publiceren", "aankondigingen te publiceren"))
    if not parts:
        return AttentionLine("changes", "Wijzigingen", "niets open", False)
    return AttentionLine("changes", "Wijzigingen", ", ".join(parts), True)


def partnership_line(contract: Contract, today: date) -> AttentionLine:
    """Open action items and overdue tasks of the partnerships the user may see."""
    user = acting_user()
    rows = partnerships_of(
        contract, selectinload(Partnership.meetings).selectinload(Meeting.actions)
    )
    visible = [p for p in rows if access_to(p, user).view]
    if not rows:
        return AttentionLine("partnership", "Partnership", "nog geen partnership", False)
    if not visible:
        return AttentionLine(
            "partnership",
            "Partnership",
            "hoort bij een partnership waar u geen rol in heeft",
            False,
        )
    actions = [a for p in visible for m in p.meetings for a in m.actions if not a.done]
    late_actions = sum(a.due_date is not None and a.due_date < today for a in actions)
    late_tasks = sum(task.overdue(today) for p in visible for task in p.tasks)
    open_in_step = sum(
        len(open_tasks_in_step(p.tasks, step))
        for p in visible
        for step in active_steps(p.route, p.current_step, p.track_done)
    )
    parts = []
    if actions:
        late = f" ({late_actions} te laat)" if late_actions else ""
        parts.append(_plural(len(actions), "open actiepunt", "open actiepunten") + late)
    if late_tasks:
        parts.append(_plural(late_tasks, "taak te laat", "taken te laat"))
    if not parts:
        text = _plural(open_in_step, "open taak", "open taken") + " in de huidige stap"
        return AttentionLine("partnership", "Partnership", text, False)
    return AttentionLine("partnership", "Partnership", ", ".join(parts), True)


def attention_lines(contract: Contract) -> list[AttentionLine]:
    """Every line, in the order of the panels on the page (``PANEL_ORDER``)."""
    today = today_from(current_app.config)
    changes = recorded_changes(contract)
    return [
        monitoring_line(contract, today, changes),
        clauses_line(contract),
        changes_line(changes),
        partnership_line(contract, today),
    ]


@bp.get("/contracten/<path:ref>/aandacht")
@require_roles(*ANY_ROLE)
def attention(ref: str) -> Response:
    """The contract's attention summary: one line per panel."""
    contract = contract_or_404(ref)
    return render_panel("panels/attention", ref=contract.ref, lines=attention_lines(contract))


def sroi_attention(ref: str) -> Markup:
    """Placeholder for the attention summary (a Jinja global for the host's contract page)."""
    url = url_for("sroi.attention", ref=ref)
    headers = json.dumps({"X-CSRFToken": csrf_token()})
    events = ", ".join(f"{event} from:body" for event in REFRESH_EVENTS)
    return Markup(
        '<div class="sroi-attention-slot" id="sroi-attention-slot" hx-get="{url}" '
        'hx-trigger="load, {events}" hx-headers="{headers}">'
        '<a href="{url}">Wat aandacht vraagt</a></div>'
    ).format(url=url, events=events, headers=headers)


bp.add_app_template_global(sroi_attention, "sroi_attention")


# --- folding ---------------------------------------------------------------------------------

#: The form's values: ``ja`` folds, ``nee`` unfolds.
FOLD_VALUES = {"ja": True, "nee": False}


@bp.post("/contracten/<path:ref>/panelen/<name>/inklappen")
@require_roles(*ANY_ROLE)
def panel_fold(ref: str, name: str) -> Response:
    """Fold or unfold a panel for the current user; htmx gets the slot back, a plain form a
    redirect to the host's contract page (the panel's own page when the host gives none)."""
    contract = contract_or_404(ref)
    if name not in PANELS:
        abort(404, description=f"Er is geen paneel '{name}'.")
    folded = FOLD_VALUES.get(request.form.get("ingeklapt", ""))
    if folded is None:
        abort(422, description="Kies inklappen (ja) of uitklappen (nee).")
    user = acting_user()
    if not can_keep_preferences(user.id):
        abort(422, description="Voor deze gebruiker kan de module geen voorkeuren bewaren.")
    set_folded(user.id, name, folded, PANELS)
    builder = current_app.extensions["sroi"].host.contract_url
    host_page = builder(contract.ref) if builder is not None else None
    back = f"{host_page}#sroi-fold-{name}" if host_page else url_for(f"sroi.{name}", ref=ref)
    return respond_after_post(back, lambda: str(panel_slot(name, contract.ref, folded)))
