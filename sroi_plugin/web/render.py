"""One place that decides fragment-or-page, for panels and errors alike.

A panel template renders alone for htmx; opened as a plain link the same template is wrapped in
the plugin's page layout. Errors follow the same rule, so a failing panel never replaces the
host's page. Status codes stay honest (400, 403, 404, 409, 422); the htmx config that
:func:`~sroi_plugin.web.panels.registry.sroi_assets` emits tells htmx to swap those fragments in.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask import render_template
from flask import url_for

from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.htmx import page_response


def _host_contract_url(ref: str) -> str | None:
    from flask import current_app

    builder = current_app.extensions["sroi"].host.contract_url
    return builder(ref) if builder is not None else None


def render_panel(name: str, http_status: int = 200, **context: Any) -> Response:
    """Render ``sroi/<area>/<file>.html`` as a fragment, or inside the page layout.

    :param name: the template's path under ``sroi/`` without ``.html``, e.g. ``"panels/clauses"``
        or ``"portfolio/import"``. A full page uses ``sroi/<area>/<file>_page.html`` when that
        exists (a title of its own, a wider column), else ``sroi/page.html``; both include the
        same fragment template.
    """
    panel_template = f"sroi/{name}.html"
    ref = context.get("ref")
    if ref is not None:
        context.setdefault("contract_url", _host_contract_url(ref))
    if is_htmx():
        return fragment_response(render_template(panel_template, **context), http_status)
    body = render_template(
        [f"sroi/{name}_page.html", "sroi/page.html"],
        panel_template=panel_template,
        **context,
    )
    return page_response(body, http_status)


def render_error(status: int, message: str) -> Response:
    """A panel-sized Dutch error for htmx, a small page otherwise."""
    return render_panel("errors/error", status, status=status, message=message)


def panel_url(name: str, ref: str) -> str:
    """URL of a contract panel (its view endpoint is ``sroi.<name>``)."""
    return url_for(f"sroi.{name}", ref=ref)
