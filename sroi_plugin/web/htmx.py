"""The one home of htmx header names: a request accessor and response helpers.

Wraps htmx-flask without its ``Htmx`` extension, which would replace the host's request class;
the plugin must not change how the host's own requests work.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask import request
from htmx_flask import make_response as _htmx_make_response
from htmx_flask.requests import HtmxHeaders


def htmx() -> HtmxHeaders:
    """The current request's htmx headers; falsy when the request is not from htmx."""
    return HtmxHeaders(request.headers)


def is_htmx() -> bool:
    """True for an htmx request that wants a fragment (history restores want the page)."""
    headers = htmx()
    return bool(headers) and not headers.history_restore_request


def fragment_response(body: str, status: int = 200, *, trigger: str | None = None) -> Response:
    """A fragment, marked as varying by ``HX-Request`` so caches keep page and fragment apart."""
    response: Response = _htmx_make_response(body, status, trigger=trigger)
    response.vary.add("HX-Request")
    return response


def client_redirect(url: str) -> Response:
    """Tell htmx to load ``url`` as a full page (after a POST that moved elsewhere)."""
    response: Response = _htmx_make_response("", 204, redirect=url)
    return response


def page_response(body: str, status: int = 200, **headers: Any) -> Response:
    """A full page, also marked as varying by ``HX-Request``."""
    response: Response = _htmx_make_response(body, status, **headers)
    response.vary.add("HX-Request")
    return response
