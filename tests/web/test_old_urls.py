"""The previous release's English URLs redirect to their Dutch successors (GET 301, POST 308),
and a form posted to an old URL still does its work through the 308."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask import url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from sroi_plugin.web.old_urls import OLD_URLS
from tests.helpers.web import csrf_token_of

#: A value for each argument an old rule takes.
SAMPLE: dict[str, str] = {
    "ref": "GEM-2025-0001",
    "partnership_id": "7",
    "meeting_id": "8",
    "item_id": "9",
    "action_id": "10",
    "brainstorm_id": "11",
    "person_id": "12",
    "task_id": "13",
    "change_id": "14",
    "token": "abc123",
    "key": "GEM-2025-0001",  # the old URL named a contract: its contractor is unmarked
}

_ARGUMENT = re.compile(r"<(?:[a-z_]+:)?([a-z_]+)>")


def _filled(rule: str) -> str:
    return _ARGUMENT.sub(lambda match: SAMPLE[match.group(1)], rule)


def _arguments(rule: str) -> dict[str, str | int]:
    values: dict[str, str | int] = {}
    for converter, name in re.findall(r"<(?:([a-z_]+):)?([a-z_]+)>", rule):
        values[name] = int(SAMPLE[name]) if converter == "sroi_id" else SAMPLE[name]
    return values


@pytest.mark.parametrize(
    ("method", "rule", "endpoint"), OLD_URLS, ids=[f"{m} {r}" for m, r, _ in OLD_URLS]
)
def test_old_url_redirects_to_its_dutch_successor(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    method: str,
    rule: str,
    endpoint: str,
) -> None:
    login("admin")
    prefix = app.config["SROI_URL_PREFIX"]
    data = {"csrf_token": csrf_token_of(client)} if method == "POST" else None
    response = client.open(f"{prefix}{_filled(rule)}?terug=1", method=method, data=data)
    assert response.status_code == (308 if method == "POST" else 301)
    with app.test_request_context():
        new = url_for(f"sroi.{endpoint}", **_arguments(rule))
    assert response.headers["Location"] == f"{new}?terug=1"
    assert new != f"{prefix}{_filled(rule)}"
    if method == "GET":
        assert client.head(f"{prefix}{_filled(rule)}").status_code == 301


def test_a_post_to_an_old_url_still_does_its_work(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref="GEM-A")
    login("procurement")
    token = csrf_token_of(client)
    response = client.post(
        "/sroi/promising/top3",
        data={"csrf_token": token, "contract": "GEM-A"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert [r.request.method for r in response.history] == ["POST", "POST"]
    assert [r.status_code for r in response.history] == [308, 303]
    assert response.request.path == "/sroi/kansrijk"
    with app.app_context():
        session = app.extensions["sroi"].db.session
        marks = session.scalars(select(PromisingMark).where(PromisingMark.slot.is_not(None)))
        assert [mark.contractor_key for mark in marks] == ["kvk:12345678"]  # GEM-A's supplier


def test_a_get_to_an_old_url_shows_the_page(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref="GEM-A")
    login("viewer")
    response = client.get("/sroi/contracts/GEM-A/overview", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == "/sroi/contracten/GEM-A/overzicht"
    assert "GEM-A" in response.get_data(as_text=True)
