"""CSRF for the plugin's state-changing requests, without touching the host's other routes.

Uses Flask-WTF's signed tokens (the same token a host using ``CSRFProtect`` issues). Forms carry
it as the ``csrf_token`` field; htmx sends it as the ``X-CSRFToken`` header, which every panel
placeholder sets through ``hx-headers``.
"""

from __future__ import annotations

from flask import abort
from flask import request
from flask_wtf.csrf import ValidationError
from flask_wtf.csrf import generate_csrf
from flask_wtf.csrf import validate_csrf

#: Header htmx sends the token in (set by the panel placeholders' ``hx-headers``).
CSRF_HEADER = "X-CSRFToken"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    """The token for this session (created on first use)."""
    return generate_csrf()  # type: ignore[no-any-return]


def check_csrf() -> None:
    """``before_request`` hook: refuse a state-changing request without a valid token."""
    if request.method in _SAFE_METHODS:
        return
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
