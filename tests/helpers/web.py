"""Acting on the blueprint as a browser would: HTMX requests, CSRF tokens, redirects."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

#: The ``login`` fixture: act as a demo user with the given role (``anonymous`` to log out).
Login = Callable[[str], None]

#: The header HTMX sends with every request it makes.
HTMX = {"HX-Request": "true"}


def is_fragment(html: str) -> bool:
    """A panel fragment has no document around it."""
    return "<html" not in html and "<body" not in html


def csrf_token_of(client: FlaskClient, page: str = "/contracten") -> str:
    """The CSRF token of the client's session, as a rendered page carries it."""
    html = client.get(page).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


def follow(client: FlaskClient, response: TestResponse) -> tuple[str, str]:
    """The page a 303 leads to: its URL and HTML."""
    assert response.status_code == 303, response.get_data(as_text=True)
    url = response.headers["Location"]
    page = client.get(url)
    assert page.status_code == 200
    return url, page.get_data(as_text=True)


def text_of(html: str) -> str:
    """The visible text of ``html``: tags dropped, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
