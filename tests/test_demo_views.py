"""The demo host's user switcher and session cookie."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from sroi_plugin.demo.views import MAX_RETURN_PATH
from tests.helpers.web import csrf_token_of

HOSTILE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%2F/evil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "https://evil.example",
    "HTTPS://evil.example/contracten",
    "https:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    "/\x00/evil.example",
    "/contracten\x85",
    "/" + "a" * MAX_RETURN_PATH,
    "",
]

SAME_SITE = [
    "/contracten",
    "/contracten?q=schoon&categorie=",
    "/contracten/GEM-2025-0001",
    "/sroi/contracten/GEM-2025-0001/overzicht",
    "/contracten?q=a%2Fb",
]


def _switch(client: FlaskClient, target: str) -> str:
    response = client.post(
        "/demo/gebruiker",
        data={"csrf_token": csrf_token_of(client), "gebruiker": "viewer", "terug": target},
    )
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize("target", HOSTILE)
def test_user_switcher_goes_back_only_within_the_site(client: FlaskClient, target: str) -> None:
    assert _switch(client, target) == "/contracten"


@pytest.mark.parametrize("target", SAME_SITE)
def test_user_switcher_goes_back_to_the_page_it_came_from(client: FlaskClient, target: str) -> None:
    assert _switch(client, target) == target


def test_session_cookie_is_lax_and_hidden_from_scripts(client: FlaskClient) -> None:
    response = client.post(
        "/demo/gebruiker",
        data={"csrf_token": csrf_token_of(client), "gebruiker": "viewer", "terug": "/"},
    )
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie
    assert "HttpOnly" in cookie
