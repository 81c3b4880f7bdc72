"""The plugin's blueprint; view modules attach their routes to :data:`bp`."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app
from flask import request

from sroi_plugin.db import autocommit_if_idle
from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.resources import STATIC_DIR
from sroi_plugin.resources import TEMPLATES_DIR
from sroi_plugin.web.panels.registry import PANELS

#: Registered by ``init_app`` under ``SROI_URL_PREFIX``.
bp = Blueprint(
    "sroi",
    __name__,
    template_folder=str(TEMPLATES_DIR),
    static_folder=str(STATIC_DIR),
    static_url_path="/static",
)


@bp.context_processor
def _layout() -> dict[str, str]:
    """Full pages extend ``SROI_LAYOUT_TEMPLATE``, so a host can show them in its own chrome."""
    return {"sroi_layout": current_app.config["SROI_LAYOUT_TEMPLATE"]}


@bp.before_request
def _panels_read_without_a_transaction() -> None:
    """A contract panel only reads, so it runs in autocommit: PostgreSQL is spared the BEGIN and
    ROLLBACK round trips around every panel. Each statement still sees the data committed when
    it starts, exactly as under READ COMMITTED inside a transaction. Only the panels: other GETs
    (an import preview) write and roll back, and that needs a transaction."""
    if request.method == "GET" and _is_panel(request.endpoint):
        autocommit_if_idle(current_session(), Contract)


def _is_panel(endpoint: str | None) -> bool:
    """A contract panel's view (endpoint ``sroi.<name>`` of a registered panel)."""
    blueprint, _, name = (endpoint or "").partition(".")
    return blueprint == bp.name and name in PANELS
