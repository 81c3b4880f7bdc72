"""The contract panel "Historie": revisions per import, newest first, and detected changes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.web.panels import PANELS
from tests.conftest import HTMX
from tests.conftest import is_fragment
from tests.importing.portfolio_factory import row
from tests.importing.portfolio_factory import run
from tests.importing.portfolio_factory import xlsx

MakeContract = Callable[..., Contract]
Login = Callable[[str], None]
URL = "/sroi/contracts/GEM-A/history"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_panel_is_registered_for_the_contract_page(
    client: FlaskClient, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    assert PANELS["history"].title == "Historie"
    html = client.get("/contracten/GEM-A").get_data(as_text=True)
    assert 'id="sroi-slot-history"' in html and 'hx-get="/sroi/contracts/GEM-A/history"' in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("viewer", 200),
        ("contract_manager", 200),
        ("procurement", 200),
        ("legal_reviewer", 200),
        ("admin", 200),
        ("anonymous", 403),
    ],
)
def test_every_role_may_read_the_history(
    client: FlaskClient, login: Login, make_contract: MakeContract, role: str, status: int
) -> None:
    make_contract("GEM-A")
    login(role)
    assert client.get(URL, headers=HTMX).status_code == status


def test_fragment_for_htmx_and_page_with_a_way_back_otherwise(
    client: FlaskClient, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    fragment = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-panel-history"' in fragment
    assert "Nog geen wijzigingen door imports." in fragment
    page = client.get(URL).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Terug naar contract GEM-A" in page


def test_unknown_contract_is_a_dutch_404(client: FlaskClient) -> None:
    response = client.get("/sroi/contracts/ONBEKEND/history", headers=HTMX)
    assert response.status_code == 404
    assert "niet bekend in de social-returnmodule" in response.get_data(as_text=True)


def test_revisions_are_listed_per_import_newest_first_with_who_when_and_file(
    client: FlaskClient, session: Session
) -> None:
    run(session, xlsx([row("GEM-A")]), file_name="januari.xlsx")
    run(
        session,
        xlsx([row("GEM-A", {"Contractwaarde": "1.250.000,50", "Einddatum": "31-12-2028"})]),
        file_name="februari.xlsx",
    )
    run(session, xlsx([row("GEM-B")]), file_name="maart.xlsx")  # GEM-A is missing from it
    text = text_of(client.get(URL, headers=HTMX).get_data(as_text=True))
    march, february, january = (text.index(name) for name in ("maart", "februari", "januari"))
    assert march < february < january
    assert "Ina Inkoper, import van februari.xlsx" in text
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2} — Ina Inkoper, import van maart", text)
    assert "Contractwaarde € 1.000.000 € 1.250.000,50" in text
    assert "Einddatum 31-12-2027 31-12-2028" in text
    assert "Status actief niet in laatste export" in text
    assert "Toegevoegd aan de module (status actief)." in text


def test_detected_changes_to_assess_are_shown_with_their_state(
    client: FlaskClient, session: Session
) -> None:
    run(session, xlsx([row("GEM-A")]))
    run(session, xlsx([row("GEM-A", {"Contractwaarde": "€ 1.200.000"})]))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    text = text_of(html)
    assert "Gevonden wijzigingen om te beoordelen" in text
    assert (
        "Te beoordelen Hogere contractwaarde: Contractwaarde verhoogd van € 1.000.000 naar "
        "€ 1.200.000 (import 25-11-2026)"
    ) in text


def test_text_from_the_file_is_escaped(client: FlaskClient, session: Session) -> None:
    run(session, xlsx([row("GEM-A")]), file_name="<b>x</b>.xlsx")
    run(session, xlsx([row("GEM-A", {"Omschrijving": "<script>alert(1)</script>"})]))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;.xlsx" in html
