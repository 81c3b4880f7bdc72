"""One place that decides fragment-or-page, for panels, errors and the end of a POST alike.

A panel template renders alone for htmx; opened as a plain link the same template is wrapped in
the plugin's page layout. Errors follow the same rule, so a failing panel never replaces the
host's page, and so does a successful POST (:func:`respond_after_post`). Status codes stay
honest (400, 403, 404, 409, 422); the htmx config that
:func:`~sroi_plugin.web.panels.registry.sroi_assets` emits tells htmx to swap those fragments in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response
from flask import redirect
from flask import render_template
from flask import url_for
from markupsafe import escape
from werkzeug.wrappers import Response as WerkzeugResponse

from sroi_plugin.web.htmx import client_redirect
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.htmx import page_response


def _host_contract_url(ref: str) -> str | None:
    from flask import current_app

    builder = current_app.extensions["sroi"].host.contract_url
    return builder(ref) if builder is not None else None


class HostLink:
    """The host's page of a contract (``contract_url`` in a panel's template), asked of the host
    only when the template uses it: most fragments do not link back, and the host's answer may
    cost it a query on every panel request. Reads as the URL, or as false when there is none."""

    __slots__ = ("_ref", "_url", "_asked")

    def __init__(self, ref: str) -> None:
        self._ref = ref
        self._url: str | None = None
        self._asked = False

    def url(self) -> str | None:
        """The URL the host gives (asked once), or ``None``."""
        if not self._asked:
            self._url = _host_contract_url(self._ref)
            self._asked = True
        return self._url

    def __bool__(self) -> bool:
        return self.url() is not None

    def __str__(self) -> str:
        return self.url() or ""

    def __html__(self) -> str:
        return str(escape(str(self)))


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
        context.setdefault("contract_url", HostLink(ref))
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


def respond_after_post(
    page_url: str,
    fragment: Callable[[], WerkzeugResponse | str] | None = None,
    *,
    trigger: str | None = None,
) -> WerkzeugResponse:
    """The one way a view finishes a successful POST.

    For htmx, ``fragment()`` re-renders what the form sits in: a template body (sent as a
    fragment) or a rendered panel; ``trigger`` becomes its ``HX-Trigger`` event, so other panels
    on the page can refresh. Without ``fragment`` htmx is told to load ``page_url`` as a full
    page. A plain form post gets a 303 to ``page_url``, so reloading the page does not post
    again. ``fragment`` is only called for htmx: the plain path renders nothing.
    """
    if not is_htmx():
        return redirect(page_url, code=303)
    if fragment is None:
        return client_redirect(page_url)
    made = fragment()
    if isinstance(made, str):
        return fragment_response(made, trigger=trigger)
    if trigger is not None:
        made.headers["HX-Trigger"] = trigger
    return made
