"""Register sync as procurement and the contract manager see it: conflicts chosen on the
preview, the preview's lists with links that resolve, and the panels saying where a value
comes from."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.demo.models import HostContract
from sroi_plugin.models import Contract
from sroi_plugin.models import utcnow
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import local_moment
from sroi_plugin.web.contract_links import contract_link
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import HEADER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import revisions_of
from tests.helpers.register_sync import run_with
from tests.helpers.web import HTMX
from tests.helpers.web import follow
from tests.helpers.web import text_of

Login = Callable[[str], None]
CHOICE = "keuze:sr_percentage:gem-1"


def _read(html: str) -> str:
    """The visible text, with the spaces the isolating ``<bdi>`` tags leave closed up."""
    return re.sub(r"\s+([;).,:])|(\()\s+", r"\1\2", text_of(html))


def _today() -> str:
    return format_date(local_moment(utcnow()).date())


def _edited_preview(client: FlaskClient, login: Login, session: Session) -> str:
    """GEM-1 imported at 12%, set to 2,5% by Sanne de Vries; the export says 5%: the preview."""
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    login("procurement")
    _url, html = follow(client, upload(client, xlsx([row("GEM-1")])))
    return html


def test_the_preview_lists_the_conflict_and_refuses_a_confirm_without_a_choice(
    client: FlaskClient, login: Login, session: Session
) -> None:
    html = _edited_preview(client, login, session)
    assert (
        f"in de plugin gewijzigd door Sanne de Vries op {_today()}: 2,5%; de export zegt 5%"
        in _read(html)
    )
    refused = client.post(confirm_url(html), data={"csrf_token": token_of(client)})
    assert refused.status_code == 422
    assert "kies bij 1 conflict(en)" in _read(refused.get_data(as_text=True))
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")


def test_keeping_the_edit_is_recorded_and_the_panels_say_the_export_differs(
    client: FlaskClient, login: Login, session: Session
) -> None:
    html = _edited_preview(client, login, session)
    done = client.post(confirm_url(html), data={"csrf_token": token_of(client), CHOICE: "plugin"})
    assert done.status_code == 303
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")
    assert revisions_of(session, "GEM-1", "sr_percentage")[-1] == ("5.00", "kept_edit")
    login("contract_manager")
    line = (
        "SR-percentage: de export zegt 5%; in de plugin staat 2,5% "
        f"(gekozen door Pieter Jansen op {_today()})."
    )
    for panel in ("bepalingen", "overzicht"):
        shown = client.get(f"/sroi/contracten/GEM-1/{panel}", headers=HTMX)
        assert line in _read(shown.get_data(as_text=True)), panel
    history = client.get("/sroi/contracten/GEM-1/historie", headers=HTMX).get_data(as_text=True)
    assert "waarde uit de plugin behouden; de export zei 5%" in _read(history)


def test_taking_the_export_for_all_replaces_the_edit_and_says_so(
    client: FlaskClient, login: Login, session: Session
) -> None:
    html = _edited_preview(client, login, session)
    done = client.post(
        confirm_url(html), data={"csrf_token": token_of(client), "keuze_alle": "export"}
    )
    assert done.status_code == 303
    assert contract(session, "GEM-1").sr_percentage == Decimal("5.00")
    login("contract_manager")
    shown = client.get("/sroi/contracten/GEM-1/bepalingen", headers=HTMX).get_data(as_text=True)
    assert (
        "SR-percentage: de waarde uit de export (5%) is overgenomen in plaats van de wijziging in "
        f"de plugin (gekozen door Pieter Jansen op {_today()})."
    ) in _read(shown)


def test_choices_survive_a_confirm_refused_for_another_reason(
    client: FlaskClient, login: Login, session: Session
) -> None:
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    login("procurement")
    data = xlsx([row("GEM-1"), row("GEM-2", {"Einddatum": "31-02-2027"})])  # no such date
    _url, html = follow(client, upload(client, data))
    refused = client.post(
        confirm_url(html), data={"csrf_token": token_of(client), CHOICE: "export"}
    )
    assert refused.status_code == 422  # the invalid row is not confirmed
    page = refused.get_data(as_text=True)
    assert re.search(rf'name="{CHOICE}" value="export" checked', page)
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")


def test_the_preview_names_new_and_missing_contracts_with_links_that_resolve(
    app: Flask, client: FlaskClient, login: Login, session: Session
) -> None:
    header = (*HEADER, "Verlengingsopties")
    run_with(
        session,
        xlsx(
            [
                row("GEM-1", {"Verlengingsopties": None}, header),
                row("OUD-1", {"Einddatum": "30-06-2026"}, header),
                row("LOOPT-1", {"Einddatum": "31-12-2027"}, header),
            ],
            header,
        ),
    )
    # the demo register learned the imported contracts: their host page exists
    assert client.get("/contracten/OUD-1").status_code == 200
    login("procurement")
    data = xlsx(
        [
            row("GEM-1", {"Verlengingsopties": "geen"}, header),
            row("GEM-NEW", {"Leverancier": "Groen B.V.", "Contractwaarde": "€ 250.000"}, header),
        ],
        header,
    )
    _url, html = follow(client, upload(client, data))
    text = _read(html)
    assert "Nieuwe contracten (1)" in text
    assert "GEM-NEW Schoonmaak stadskantoor Groen B.V. € 250.000" in text
    # not in the host's register yet: the plugin's own contract page is the link
    assert 'href="/sroi/contracten/GEM-NEW/panelen"' in html
    assert "Verdwenen terwijl het nog loopt (1)" in text
    assert "LOOPT-1 Schoonmaak stadskantoor — einddatum 31-12-2027" in text
    assert (
        "Afgelopen (1)" in text
        and "OUD-1 Schoonmaak stadskantoor — afgelopen op 30-06-2026" in text
    )
    assert 'href="/contracten/LOOPT-1"' in html
    assert "Verlengingsopties" not in text.split("Niet in deze export")[0].split("Nieuwe")[1]
    assert client.get("/sroi/contracten/GEM-NEW/panelen").status_code == 404  # not yet known
    done = client.post(
        confirm_url(html), data={"csrf_token": token_of(client), "allow_mass_missing": "y"}
    )
    assert done.status_code == 303
    assert client.get("/contracten/GEM-NEW").status_code == 200
    with app.test_request_context():
        assert contract_link("GEM-NEW") == "/contracten/GEM-NEW"


def test_the_plugins_contract_page_shows_every_panel_for_a_contract_the_host_lacks(
    app: Flask, client: FlaskClient, login: Login, session: Session
) -> None:
    session.add(Contract(ref="ALLEEN-1", title="Groenonderhoud", status="active"))
    session.commit()
    assert session.scalars(select(HostContract).where(HostContract.ref == "ALLEEN-1")).all() == []
    with app.test_request_context():
        assert contract_link("ALLEEN-1") == "/sroi/contracten/ALLEEN-1/panelen"
    login("viewer")
    page = client.get("/sroi/contracten/ALLEEN-1/panelen")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Contract ALLEEN-1 — Groenonderhoud" in _read(html)
    assert "geen pagina voor dit contract" in _read(html)
    for name in ("overzicht", "bepalingen", "historie", "aandacht"):
        assert f'hx-get="/sroi/contracten/ALLEEN-1/{name}"' in html, name
    assert client.get("/sroi/contracten/ONBEKEND/panelen").status_code == 404


def test_the_overview_labels_percentage_and_basis_from_different_sources(
    client: FlaskClient,
    login: Login,
    session: Session,
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref="GEM-1", wage_sum=Decimal("400000"))
    edit_in_panel(session, "GEM-1", "sr_basis", "wage_sum")
    login("contract_manager")
    shown = client.get("/sroi/contracten/GEM-1/overzicht", headers=HTMX).get_data(as_text=True)
    assert "5% (uit het contractregister) van de loonsom (in de plugin, Sanne de Vries)" in _read(
        shown
    )
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("4"), text="4")
    shown = client.get("/sroi/contracten/GEM-1/overzicht", headers=HTMX).get_data(as_text=True)
    assert "4% van de loonsom (" in _read(shown)
    assert "uit het contractregister" not in _read(shown)
