"""The plugin's blueprint, and the one place that registers what it adds to a request and to
Jinja. View modules attach only their routes to :data:`bp`.

Registered here, and nowhere else:

- request hooks (``before_request``, in this order): :func:`_refuse_too_large`,
  :func:`_panels_read_without_a_transaction`, then :func:`_csrf`
  (:func:`~sroi_plugin.web.csrf.check_csrf`); the context processor :func:`_layout`. The error
  handlers sit with the Dutch messages in :mod:`sroi_plugin.web.errors`;
- Jinja filters, app-wide so a host's templates can use them too (:data:`TEMPLATE_FILTERS`);
- Jinja globals a host embeds panels with (:data:`TEMPLATE_GLOBALS`);
- the previous release's English URLs, each a redirect to its Dutch successor
  (:mod:`sroi_plugin.web.old_urls`);
- the URL converter ``sroi_id`` (:class:`IdConverter`) every route's row id uses, so an id no
  database column can hold answers 404 instead of reaching the database.

Filters and globals are added to the app when ``SroiPlugin.init_app`` registers the blueprint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import request
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import IntegerConverter
from werkzeug.routing import Map
from werkzeug.wrappers import Response

from sroi_plugin.db import autocommit_if_idle
from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.monitoring.display import format_number
from sroi_plugin.resources import STATIC_DIR
from sroi_plugin.resources import TEMPLATES_DIR
from sroi_plugin.web.csrf import check_csrf
from sroi_plugin.web.csrf import csrf_token
from sroi_plugin.web.formatting import format_date
from sroi_plugin.web.formatting import format_eur
from sroi_plugin.web.formatting import format_import_value
from sroi_plugin.web.formatting import format_pct
from sroi_plugin.web.formatting import isolate
from sroi_plugin.web.formatting import moment_html
from sroi_plugin.web.formatting import term_label
from sroi_plugin.web.old_urls import is_old_url
from sroi_plugin.web.old_urls import register_old_urls
from sroi_plugin.web.panels.registry import PANELS
from sroi_plugin.web.panels.registry import sroi_assets
from sroi_plugin.web.panels.registry import sroi_panel
from sroi_plugin.web.panels.registry import sroi_panels

#: Registered by ``init_app`` under ``SROI_URL_PREFIX``.
bp = Blueprint(
    "sroi",
    __name__,
    template_folder=str(TEMPLATES_DIR),
    static_folder=str(STATIC_DIR),
    static_url_path="/static",
)

# --- URL converters ---------------------------------------------------------------------------

#: The largest row id: PostgreSQL's ``integer``. A larger one in a URL matches no route (404).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):  # type: ignore[misc, unused-ignore]
    """``<sroi_id:name>``: a row id, 1 to :data:`MAX_ID`, written without sign. A number outside
    that range would make PostgreSQL refuse the query (``integer out of range``); here it simply
    matches no route. Named ``sroi_id`` so it cannot replace a converter of the host."""

    regex = r"\d{1,10}"

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


@bp.record_once
def _register_converters(state: BlueprintSetupState) -> None:
    """Runs before the routes are added (the first function recorded on :data:`bp`)."""
    state.app.url_map.converters["sroi_id"] = IdConverter


# --- request hooks ----------------------------------------------------------------------------


def _is_panel(endpoint: str | None) -> bool:
    """A contract panel's view (endpoint ``sroi.<name>`` of a registered panel)."""
    blueprint, _, name = (endpoint or "").partition(".")
    return blueprint == bp.name and name in PANELS


@bp.before_request
def _refuse_too_large() -> None:
    """Refuse a body longer than ``MAX_CONTENT_LENGTH`` by its ``Content-Length`` (Dutch 413),
    before a byte of it is read. Werkzeug checks the length only while reading when the server
    marks its input stream as terminated (as gunicorn does)."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


@bp.before_request
def _panels_read_without_a_transaction() -> None:
    """A contract panel only reads, so it runs in autocommit: PostgreSQL is spared the BEGIN and
    ROLLBACK round trips around every panel. Each statement still sees the data committed when
    it starts, exactly as under READ COMMITTED inside a transaction. Only the panels: other GETs
    (an import preview) write and roll back, and that needs a transaction."""
    if request.method == "GET" and _is_panel(request.endpoint):
        autocommit_if_idle(current_session(), Contract)


@bp.before_request
def _csrf() -> Response | None:
    """Refuse a state-changing request without a valid CSRF token (Dutch 400); answer OPTIONS
    before any view runs. An old URL only redirects, leaving the form unread: the 308 carries it
    to the new URL, which checks it."""
    if is_old_url(request.endpoint):
        return None
    return check_csrf()


@bp.context_processor
def _layout() -> dict[str, str]:
    """Full pages extend ``SROI_LAYOUT_TEMPLATE``, so a host can show them in its own chrome."""
    return {"sroi_layout": current_app.config["SROI_LAYOUT_TEMPLATE"]}


# --- Jinja filters and globals ----------------------------------------------------------------

#: Every Jinja filter the plugin adds, by name (app-wide: the host's templates may use them).
TEMPLATE_FILTERS: dict[str, Callable[..., Any]] = {
    "sroi_eur": format_eur,
    "sroi_date": format_date,
    "sroi_pct": format_pct,
    "sroi_moment": moment_html,
    "sroi_term": term_label,
    "sroi_import_value": format_import_value,
    "sroi_monitoring_number": format_number,
    "sroi_isolate": isolate,
}

#: Every Jinja global the plugin adds: the helpers a host places panels with.
TEMPLATE_GLOBALS: dict[str, Callable[..., Any]] = {
    "sroi_assets": sroi_assets,
    "sroi_panel": sroi_panel,
    "sroi_panels": sroi_panels,
    "sroi_csrf_token": csrf_token,
}

for _name, _filter in TEMPLATE_FILTERS.items():
    bp.add_app_template_filter(_filter, _name)
for _name, _global in TEMPLATE_GLOBALS.items():
    bp.add_app_template_global(_global, _name)

# --- the previous release's URLs -------------------------------------------------------------

register_old_urls(bp)
