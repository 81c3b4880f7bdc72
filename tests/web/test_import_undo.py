"""Undoing an import on the web: from the import's page or the list of earlier imports, a
confirmation screen saying what will happen, the undo, and the undo in the list, on the
import's page and in the contract's history; refusals and stale screens change nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.importing.undo import STALE_UNDO_MESSAGE
from sroi_plugin.models import PortfolioImport
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import follow
from tests.helpers.web import text_of

REASON = "Verkeerd bestand: export van de testomgeving"


def _two_imports(session: Session) -> tuple[int, int]:
    """GEM-1 imported, then changed (€ 1.500.000) with GEM-2 added and a change to assess."""
    first = run(session, xlsx([row("GEM-1")]))
    second = run(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.500.000"}), row("GEM-2")]))
    assert first.import_id is not None and second.import_id is not None
    return first.import_id, second.import_id


def _undo_url(import_id: int) -> str:
    return f"/sroi/import/verwerkt/{import_id}/ongedaan-maken"


def _revision_of(html: str) -> str:
    match = re.search(r'name="revisie" type="hidden" value="(\d+)"', html)
    assert match, "the screen carries the revision it saw"
    return match.group(1)


def test_undo_from_the_import_page_through_the_confirmation_screen(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    first, second = _two_imports(session)
    login("procurement")
    done = client.get(f"/sroi/import/verwerkt/{second}").get_data(as_text=True)
    assert f'action="{_undo_url(second)}"' in done and "Import ongedaan maken" in done
    token = token_of(client)

    screen = client.post(_undo_url(second), data={"csrf_token": token, "reden": REASON})

    html = screen.get_data(as_text=True)
    assert screen.status_code == 200
    words = text_of(html)
    assert "1 veld(en) teruggezet" in words
    assert "1 contract(en) verwijderd die deze import toevoegde" in words
    assert "0 contract(en) niet meer gemarkeerd" in words
    assert "1 gevonden conceptwijziging(en) verwijderd" in words
    assert REASON in html  # what was typed on the import's page is kept
    assert contract(session, "GEM-1").value_total == 1_500_000  # nothing changed yet

    response = client.post(
        f"{_undo_url(second)}/bevestigen",
        data={"csrf_token": token, "reden": REASON, "revisie": _revision_of(html)},
    )

    _url, page = follow(client, response)
    assert "Deze import is ongedaan gemaakt door Pieter Jansen op " in text_of(page)
    assert f"reden: {REASON}" in text_of(page)
    assert contract(session, "GEM-1").value_total == 1_000_000
    listing = text_of(client.get(START).get_data(as_text=True))
    assert "Eerdere imports" in listing
    assert "ongedaan gemaakt door Pieter Jansen op " in listing
    history = text_of(client.get("/sroi/contracten/GEM-1/historie").get_data(as_text=True))
    assert "Deze import is ongedaan gemaakt door Pieter Jansen op " in history
    assert session.get_one(PortfolioImport, first).undone_at is None


def test_the_list_of_earlier_imports_links_each_to_its_undo(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    first, second = _two_imports(session)
    login("admin")

    html = client.get(START).get_data(as_text=True)
    screen = client.get(_undo_url(first)).get_data(as_text=True)

    assert f'href="{_undo_url(first)}"' in html and f'href="{_undo_url(second)}"' in html
    # the first import is blocked: the second changed GEM-1 after it
    words = text_of(screen)
    assert f"Contract GEM-1: na deze import gewijzigd door import {second} op " in words
    assert "/bevestigen" not in screen


def test_a_reason_is_required_and_refused_with_a_control_character(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    _first, second = _two_imports(session)
    login("procurement")
    token = token_of(client)
    revision = _revision_of(client.get(_undo_url(second)).get_data(as_text=True))

    empty = client.post(
        f"{_undo_url(second)}/bevestigen",
        data={"csrf_token": token, "reden": " ", "revisie": revision},
    )
    control = client.post(
        f"{_undo_url(second)}/bevestigen",
        data={"csrf_token": token, "reden": "fout\x00bestand", "revisie": revision},
    )

    assert empty.status_code == 422
    assert "Reden: geef aan waarom de import ongedaan wordt gemaakt." in empty.get_data(True)
    assert control.status_code == 422
    assert "stuurteken (U+0000)" in control.get_data(as_text=True)
    assert session.get_one(PortfolioImport, second).undone_at is None


def test_a_screen_opened_before_another_import_is_stale(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    _first, second = _two_imports(session)
    login("procurement")
    token = token_of(client)
    revision = _revision_of(client.get(_undo_url(second)).get_data(as_text=True))
    run(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.500.000"}), row("GEM-2")]))

    response = client.post(
        f"{_undo_url(second)}/bevestigen",
        data={"csrf_token": token, "reden": REASON, "revisie": revision},
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert STALE_UNDO_MESSAGE in html and REASON in html
    assert _revision_of(html) != revision
    assert contract(session, "GEM-1").value_total == 1_500_000


def test_a_blocked_undo_posted_anyway_names_what_blocks_it(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    first, second = _two_imports(session)
    login("procurement")
    token = token_of(client)
    revision = _revision_of(client.get(_undo_url(second)).get_data(as_text=True))

    response = client.post(
        f"{_undo_url(first)}/bevestigen",
        data={"csrf_token": token, "reden": REASON, "revisie": revision},
    )

    assert response.status_code == 409
    words = text_of(response.get_data(as_text=True))
    assert f"Contract GEM-1: na deze import gewijzigd door import {second} op " in words
    assert session.get_one(PortfolioImport, first).undone_at is None


def test_only_procurement_and_admin_may_undo(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    _first, second = _two_imports(session)
    login("contract_manager")

    assert client.get(_undo_url(second)).status_code == 403
    assert session.get_one(PortfolioImport, second).undone_at is None


def test_an_undo_makes_an_open_preview_stale(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    _first, second = _two_imports(session)
    login("procurement")
    export = xlsx([row("GEM-1", {"Contractwaarde": "€ 1.700.000"}), row("GEM-2")])
    _url, preview = follow(client, upload(client, export))
    token = token_of(client)
    screen = client.get(_undo_url(second)).get_data(as_text=True)
    undone = client.post(
        f"{_undo_url(second)}/bevestigen",
        data={"csrf_token": token, "reden": REASON, "revisie": _revision_of(screen)},
    )
    assert undone.status_code == 303

    confirm = client.post(confirm_url(preview), data={"csrf_token": token})

    assert confirm.status_code == 409
    assert STALE_MESSAGE.replace("'", "&#39;") in confirm.get_data(as_text=True)
    assert contract(session, "GEM-1").value_total == 1_000_000
