"""The plugin's blueprint; view modules attach their routes to :data:`bp`."""

from __future__ import annotations

from flask import Blueprint
from flask import current_app

from sroi_plugin.resources import STATIC_DIR
from sroi_plugin.resources import TEMPLATES_DIR

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
