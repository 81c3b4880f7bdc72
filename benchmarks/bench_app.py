"""WSGI entry of the panel benchmark: the demo host plus one static fragment route.

The extra route answers like a panel does, minus the panel's own work: the same app, the same
``after_request`` headers, the same session cookie and user loader (``require_roles`` loads the
demo user from the session and checks a role), and the same ``fragment_response``. Only the
database queries and the template rendering are left out, so a panel's latency divided by this
route's latency at the same size is what the panel itself costs.

Run by gunicorn: ``gunicorn --pythonpath benchmarks 'bench_app:create_bench_app()'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from flask import Flask
from flask import abort
from flask import request
from werkzeug.wrappers import Response

from sroi_plugin.demo import create_app
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.panels.registry import PANEL_ORDER
from sroi_plugin.web.render import panel_url

#: Where the static fragment is served; ``?bytes=N`` sets its size.
STATIC_PATH = "/bench/fragment"
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

    return app


def panel_paths(app: Flask, refs: Sequence[str]) -> dict[str, list[str]]:
    """URL of every panel of ``PANEL_ORDER`` for every ref (honours ``SROI_URL_PREFIX``)."""
    with app.test_request_context():
        return {name: [panel_url(name, ref) for ref in refs] for name in PANEL_ORDER}
