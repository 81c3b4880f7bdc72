"""Identity hand-off: roles, anonymous users, trusted-header mode."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from sroi_plugin.models import Contract
from tests.helpers.web import HTMX
from tests.helpers.web import is_fragment

URL = "/sroi/contracten/GEM-2025-0001/overzicht"


def test_anonymous_gets_a_dutch_403_fragment_for_htmx(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("anonymous")
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert is_fragment(html)
    assert "U bent niet aangemeld" in html


def test_anonymous_gets_a_dutch_403_page_without_htmx(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("anonymous")
    response = client.get(URL)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "<html" in html and "Geen toegang" in html


def test_trusted_headers_are_ignored_unless_configured(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("anonymous")
    headers = {**HTMX, "X-Remote-User": "proxy-user", "X-Remote-Roles": "viewer"}
    assert client.get(URL, headers=headers).status_code == 403


def test_trusted_header_mode_reads_user_and_roles(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    app.config["SROI_TRUSTED_HEADERS"] = True
    ok = {
        **HTMX,
        "X-Remote-User": "j.smit",
        "X-Remote-Name": "Jan Smit",
        "X-Remote-Roles": "viewer",
    }
    assert client.get(URL, headers=ok).status_code == 200
    no_role = {**HTMX, "X-Remote-User": "j.smit", "X-Remote-Roles": "superuser"}
    assert client.get(URL, headers=no_role).status_code == 403
    assert client.get(URL, headers=HTMX).status_code == 403


def test_switching_user_between_requests_takes_effect(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    with app.app_context():  # an app context that outlives several requests (as in tests and CLI)
        assert client.get(URL, headers=HTMX).status_code == 200
        login("anonymous")
        assert client.get(URL, headers=HTMX).status_code == 403


def test_post_without_csrf_token_is_refused_in_dutch(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.post(
        "/sroi/contracten/GEM-2025-0001/bepalingen/controleren", headers=HTMX, data={}
    )
    assert response.status_code == 400
    assert "beveiligingscode (CSRF)" in response.get_data(as_text=True)
