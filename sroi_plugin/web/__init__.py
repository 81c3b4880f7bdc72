"""The web layer: the blueprint, one module per panel or page, access and htmx helpers."""

from __future__ import annotations

from sroi_plugin.web import changes
from sroi_plugin.web import clauses
from sroi_plugin.web import dashboard
from sroi_plugin.web import errors
from sroi_plugin.web import evaluation
from sroi_plugin.web import history
from sroi_plugin.web import legal_queue
from sroi_plugin.web import monitoring
from sroi_plugin.web import overview
from sroi_plugin.web import partnership_agenda
from sroi_plugin.web import partnership_brainstorm
from sroi_plugin.web import partnership_matrix
from sroi_plugin.web import partnership_meetings
from sroi_plugin.web import partnership_roles
from sroi_plugin.web import partnership_tasks
from sroi_plugin.web import partnerships
from sroi_plugin.web import portfolio_import
from sroi_plugin.web import promising
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.csrf import check_csrf

bp.before_request(check_csrf)

__all__ = [
    "bp",
    "changes",
    "clauses",
    "dashboard",
    "errors",
    "evaluation",
    "history",
    "legal_queue",
    "monitoring",
    "overview",
    "partnership_agenda",
    "partnership_brainstorm",
    "partnership_matrix",
    "partnership_meetings",
    "partnership_roles",
    "partnership_tasks",
    "partnerships",
    "portfolio_import",
    "promising",
]
