"""CSRF for the plugin's state-changing requests, without touching the host's other routes.

Uses Flask-WTF's signed tokens (the same token a host using ``CSRFProtect`` issues). Forms carry
it as the ``csrf_token`` field; htmx sends it as the ``X-CSRFToken`` header, which every panel
placeholder sets through ``hx-headers``.

Only GET, HEAD and OPTIONS pass without a token, and none of them may write:

- OPTIONS is answered here, with the methods the route allows, before any view runs;
- HEAD runs the view registered for GET (Flask drops the body), so a view registered for GET
  and POST dispatches on POST: it writes only when ``request.method == "POST"`` and reads for
  anything else (``tests/web/test_safe_methods.py`` sends GET, HEAD and OPTIONS to every route
  as every role and checks that no ``sroi_`` table changed);
- every other method (POST, and PUT, PATCH or DELETE, which no route accepts) needs the token.
"""

from __future__ import annotations

from flask import abort
from flask import current_app
from flask import request
from flask_wtf.csrf import ValidationError
from flask_wtf.csrf import generate_csrf
from flask_wtf.csrf import validate_csrf
from werkzeug.wrappers import Response

#: Header htmx sends the token in (set by the panel placeholders' ``hx-headers``).
CSRF_HEADER = "X-CSRFToken"
#: The methods that pass without a token; none of them reaches a writing branch.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    """The token for this session (created on first use)."""
    return generate_csrf()  # type: ignore[no-any-return]


def check_csrf() -> Response | None:
    """``before_request`` hook: refuse a state-changing request without a valid token.

    Answers OPTIONS itself (the allowed methods, no view runs); lets GET and HEAD through to
    their views' reading branch."""
    if request.method == "OPTIONS":
        return current_app.make_default_options_response()
    if request.method in SAFE_METHODS:
        return None
    token = request.form.get("csrf_token") or request.headers.get(CSRF_HEADER)
    try:
        validate_csrf(token)
    except ValidationError:
        abort(
            400,
            description=(
                "Het formulier kon niet worden verwerkt: de beveiligingscode (CSRF) ontbreekt of "
                "is verlopen. Laad de pagina opnieuw en probeer het nog eens."
            ),
        )
    return None
