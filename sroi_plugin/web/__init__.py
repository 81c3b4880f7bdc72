"""The web layer: the blueprint and its views, in one room per area of the user's work.

- :mod:`~sroi_plugin.web.panels`: the contract panels a host embeds (overview, clauses,
  history) and the panel registry;
- :mod:`~sroi_plugin.web.legal`: contract changes and the legal reviewers' queue;
- :mod:`~sroi_plugin.web.monitoring`: the monitoring panel and upload, the evaluation, the
  portfolio's monitoring dashboard;
- :mod:`~sroi_plugin.web.portfolio`: importing the contract register, promising contracts,
  planned tenders (route 2A);
- :mod:`~sroi_plugin.web.partnerships`: the partnership workspace (roles, matrix, tasks,
  meetings, agenda, brainstorms).

Each room holds its views and their forms. Shared helpers sit here: the blueprint and its
hooks and filters (:mod:`~sroi_plugin.web.blueprint`), access, csrf, htmx, render, fields,
formatting, errors and loading. Importing this package imports every view module, which
attaches its routes to :data:`bp`.
"""

from __future__ import annotations

from sroi_plugin.web import errors
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.legal import basis as change_basis
from sroi_plugin.web.legal import changes
from sroi_plugin.web.legal import notices as legal_notices
from sroi_plugin.web.legal import queue as legal_queue
from sroi_plugin.web.monitoring import dashboard
from sroi_plugin.web.monitoring import evaluation
from sroi_plugin.web.monitoring import panel as monitoring
from sroi_plugin.web.monitoring import recovery as monitoring_recovery
from sroi_plugin.web.panels import attention
from sroi_plugin.web.panels import clauses
from sroi_plugin.web.panels import contract_page
from sroi_plugin.web.panels import history
from sroi_plugin.web.panels import overview
from sroi_plugin.web.partnerships import agenda as partnership_agenda
from sroi_plugin.web.partnerships import brainstorm as partnership_brainstorm
from sroi_plugin.web.partnerships import ending as partnership_ending
from sroi_plugin.web.partnerships import matrix as partnership_matrix
from sroi_plugin.web.partnerships import meetings as partnership_meetings
from sroi_plugin.web.partnerships import roles as partnership_roles
from sroi_plugin.web.partnerships import tasks as partnership_tasks
from sroi_plugin.web.partnerships import workspace as partnerships
from sroi_plugin.web.portfolio import import_jobs as portfolio_import_jobs
from sroi_plugin.web.portfolio import imports as portfolio_imports
from sroi_plugin.web.portfolio import promising
from sroi_plugin.web.portfolio import promising_export
from sroi_plugin.web.portfolio import sync as portfolio_import
from sroi_plugin.web.portfolio import tenders
from sroi_plugin.web.portfolio import top3 as promising_top3

__all__ = [
    "attention",
    "bp",
    "change_basis",
    "changes",
    "clauses",
    "contract_page",
    "dashboard",
    "errors",
    "evaluation",
    "history",
    "legal_notices",
    "legal_queue",
    "monitoring",
    "monitoring_recovery",
    "overview",
    "partnership_agenda",
    "partnership_brainstorm",
    "partnership_ending",
    "partnership_matrix",
    "partnership_meetings",
    "partnership_roles",
    "partnership_tasks",
    "partnerships",
    "portfolio_import",
    "portfolio_import_jobs",
    "portfolio_imports",
    "promising",
    "promising_export",
    "promising_top3",
    "tenders",
]
