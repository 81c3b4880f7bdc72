"""WSGI entry of the panel benchmark: the demo host plus a static fragment and a bare page.

The extra route answers like a panel does, minus the panel's own work: the same app, the same
``after_request`` headers, the same session cookie and user loader (``require_roles`` loads the
demo user from the session and checks a role), and the same ``fragment_response``. Only the
database queries and the template rendering are left out, so a panel's latency divided by this
route's latency at the same size is what the panel itself costs.

The bare page is the demo host's contract page without the SROI area (no attention summary, no
panel placeholders): the host's page alone, which a contract page with every panel loaded is
compared with (``page_p95_ratio``).

Run by gunicorn: ``gunicorn --pythonpath benchmarks 'bench_app:create_bench_app()'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import quote

from flask import Flask
from flask import abort
from flask import render_template
from flask import request
from flask import url_for
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from sroi_plugin.demo import create_app
from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.panels.registry import PANEL_ORDER
from sroi_plugin.web.render import panel_url

#: Where the static fragment is served; ``?bytes=N`` sets its size.
STATIC_PATH = "/bench/fragment"
#: Where the host's contract page without the SROI area is served (``/<ref>``).
BARE_PAGE_PATH = "/bench/contract"
#: Largest fragment served (a panel is a few kB to a few tens of kB).
MAX_BYTES = 1_000_000
_OPEN = '<div class="sroi-panel" id="sroi-bench-fragment"><p>'
_CLOSE = "</p></div>"


@lru_cache(maxsize=64)
def static_fragment(size: int) -> str:
    """A fixed ASCII fragment of exactly ``size`` bytes (built once per size)."""
    filler = max(0, size - len(_OPEN) - len(_CLOSE))
    return _OPEN + "x" * filler + _CLOSE


def create_bench_app() -> Flask:
    """The demo host as deployed, with the benchmark's static fragment route added."""
    app = create_app()

    @app.get(STATIC_PATH)
    @require_roles(*ANY_ROLE)
    def bench_fragment() -> Response:
        size = request.args.get("bytes", default=0, type=int)
        if not 0 < size <= MAX_BYTES:
            abort(400)
        return fragment_response(static_fragment(size))

    @app.get(f"{BARE_PAGE_PATH}/<path:ref>")
    def bench_bare_page(ref: str) -> str:
        """The demo's contract page (``demo.contract``) with the SROI helpers rendering nothing."""
        found = db.session.scalars(select(HostContract).where(HostContract.ref == ref)).first()
        if found is None:
            abort(404)
        return render_template(
            "demo/contract.html", contract=found, sroi_attention=_nothing, sroi_panels=_nothing
        )

    return app


def _nothing(_ref: str) -> Markup:
    return Markup("")


def panel_paths(app: Flask, refs: Sequence[str]) -> dict[str, list[str]]:
    """URL of every panel of ``PANEL_ORDER`` for every ref (honours ``SROI_URL_PREFIX``)."""
    with app.test_request_context():
        return {name: [panel_url(name, ref) for ref in refs] for name in PANEL_ORDER}


#: The attention summary's key among the fragments (it sits above the panels on the page).
ATTENTION = "attention"


def fragment_paths(app: Flask, refs: Sequence[str]) -> dict[str, list[str]]:
    """Every fragment a contract page loads: the panels, then the attention summary."""
    with app.test_request_context():
        attention = [url_for("sroi.attention", ref=ref) for ref in refs]
    return {**panel_paths(app, refs), ATTENTION: attention}


def page_paths(app: Flask, refs: Sequence[str]) -> tuple[list[str], list[str]]:
    """The demo's contract page of every ref, with its panels and without (the bare page)."""
    with app.test_request_context():
        full = [url_for("demo.contract", ref=ref) for ref in refs]
    return full, [f"{BARE_PAGE_PATH}/{quote(ref)}" for ref in refs]
