"""Page "Social return — portfoliodashboard": totals by category, department and contractor.

Banenafspraak jobs against the organisation's target (``SROI_BANENAFSPRAAK_TARGET_JOBS``),
contracts without any report in the last two complete quarters, and an xlsx export for
management reports (handreiking stap 5b). Counts of persons below the small-number threshold
are shown as "< 3": the dashboard is read outside the contracts' working groups.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal

from flask import current_app
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.config import valuation_table
from sroi_plugin.db import current_session
from sroi_plugin.monitoring.exports import dashboard_xlsx
from sroi_plugin.monitoring.figures import dashboard as dashboard_figures
from sroi_plugin.monitoring.settings import monitoring_settings
from sroi_plugin.monitoring.settings import target_jobs
from sroi_plugin.rules.privacy import display_count
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.render import render_panel

#: who may see the portfolio dashboard (admin always); the social-return coordinator and HR
#: report results to management (Bijlage II, stap 4)
DASHBOARD_ROLES = (
    Role.PROCUREMENT,
    Role.CONTRACT_MANAGER,
    Role.SR_COORDINATOR,
    Role.HR,
    Role.VIEWER,
)


def _percent(share: Decimal | None) -> int | None:
    return None if share is None else int((share * 100).quantize(Decimal(1), ROUND_HALF_UP))


@bp.get("/monitoring/dashboard")
@require_roles(*DASHBOARD_ROLES)
def dashboard() -> Response:
    """The portfolio dashboard (a page, or a fragment for htmx)."""
    config = current_app.config
    settings = monitoring_settings(config)
    today = today_from(config)
    figures = dashboard_figures(current_session(), settings, today, valuation_table(config))
    target = target_jobs(config)
    threshold = settings.small_number_threshold
    return render_panel(
        "monitoring/dashboard",
        figures=figures,
        today=today,
        target=target,
        target_pct=_percent(figures.total.jobs / target) if target else None,
        percent=_percent,
        count=lambda n: display_count(n, inside_working_group=False, threshold=threshold),
        threshold=threshold,
    )


@bp.get("/monitoring/dashboard.xlsx")
@require_roles(*DASHBOARD_ROLES)
def dashboard_export() -> Response:
    """The dashboard as a workbook for management reports (formula-injection safe)."""
    config = current_app.config
    settings = monitoring_settings(config)
    today = today_from(config)
    data = dashboard_xlsx(
        dashboard_figures(current_session(), settings, today, valuation_table(config)),
        threshold=settings.small_number_threshold,
        target_jobs=target_jobs(config),
        today=today,
    )
    response = Response(
        data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = content_disposition(
        f"sroi-dashboard-{today.isoformat()}.xlsx"
    )
    response.headers["Cache-Control"] = "no-store"
    return response
