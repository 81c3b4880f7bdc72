"""The import page's guards against losing data: a header without rows is refused, marking a
large share of the portfolio missing needs its checkbox."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.read import NO_CONTRACT_ROWS_MESSAGE
from sroi_plugin.models import Contract
from sroi_plugin.models import PortfolioImport
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import follow
from tests.helpers.web import text_of

Login = Callable[[str], None]
MASS_CHECKBOX = 'name="allow_mass_missing"'


def register(count_: int) -> bytes:
    """An export of contracts GEM-0001 … GEM-<count_>."""
    return xlsx([row(f"GEM-{number:04d}") for number in range(1, count_ + 1)])


def missing_count(session: Session) -> int:
    session.expire_all()
    return sum(c.status == "missing" for c in session.scalars(select(Contract)))


def test_a_header_without_contract_rows_is_refused_with_a_clear_message(
    app: Flask, client: FlaskClient, login: Login, session: Session
) -> None:
    assert run(session, register(3)).committed
    login("procurement")
    response = upload(client, xlsx([]))
    assert response.status_code == 422
    assert NO_CONTRACT_ROWS_MESSAGE in text_of(response.get_data(as_text=True)).replace(
        "&#39;", "'"
    )
    assert missing_count(session) == 0 and count(session, PortfolioImport) == 1
    assert kept_uploads(app) == []


def test_marking_many_contracts_missing_needs_the_checkbox(
    client: FlaskClient, login: Login, session: Session
) -> None:
    assert run(session, register(50)).committed
    login("procurement")
    _url, html = follow(client, upload(client, register(30)))
    text = text_of(html).replace("&#39;", "'")
    assert (
        "Deze import markeert 20 van de 50 actieve contracten (40%) als 'niet in laatste "
        "export'. Klopt dat?"
    ) in text
    assert MASS_CHECKBOX in html
    token = token_of(client)
    refused = client.post(confirm_url(html), data={"csrf_token": token})
    assert refused.status_code == 422
    refused_html = refused.get_data(as_text=True)
    assert "Vink aan dat het klopt dat deze contracten niet meer in het register staan" in (
        refused_html
    )
    assert 'aria-invalid="true"' in refused_html
    assert missing_count(session) == 0 and count(session, PortfolioImport) == 1
    follow(
        client,
        client.post(confirm_url(html), data={"csrf_token": token, "allow_mass_missing": "y"}),
    )
    assert missing_count(session) == 20 and count(session, PortfolioImport) == 2


def test_an_ordinary_import_asks_nothing(
    client: FlaskClient, login: Login, session: Session
) -> None:
    assert run(session, register(50)).committed
    login("procurement")
    _url, html = follow(client, upload(client, register(45)))  # 5 missing: 10%
    assert MASS_CHECKBOX not in html and "Klopt dat?" not in html
    follow(client, client.post(confirm_url(html), data={"csrf_token": token_of(client)}))
    assert missing_count(session) == 5


def test_both_checkboxes_are_needed_when_both_apply(
    client: FlaskClient, login: Login, session: Session
) -> None:
    assert run(session, register(50)).committed
    login("procurement")
    rows = [row(f"GEM-{number:04d}") for number in range(1, 31)]
    data = xlsx([*rows, row("GEM-BAD", {"Einddatum": "morgen"})])
    _url, html = follow(client, upload(client, data))
    token = token_of(client)
    only_invalid = client.post(confirm_url(html), data={"csrf_token": token, "allow_invalid": "y"})
    assert only_invalid.status_code == 422
    page = only_invalid.get_data(as_text=True)
    assert "Vink aan dat het klopt" in page and "ongeldige rij(en)" not in page
    assert missing_count(session) == 0
    follow(
        client,
        client.post(
            confirm_url(html),
            data={"csrf_token": token, "allow_invalid": "y", "allow_mass_missing": "y"},
        ),
    )
    assert missing_count(session) == 20
