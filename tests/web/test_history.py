"""The contract panel "Historie": revisions per import, newest first, and detected changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import PortfolioImport
from sroi_plugin.web.panels.history import HISTORY_LIMIT
from sroi_plugin.web.panels.registry import PANELS
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import is_fragment
from tests.helpers.web import text_of

MakeContract = Callable[..., Contract]
Login = Callable[[str], None]
URL = "/sroi/contracten/GEM-A/historie"


def test_the_panel_is_registered_for_the_contract_page(
    client: FlaskClient, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    assert PANELS["history"].title == "Historie"
    html = client.get("/contracten/GEM-A").get_data(as_text=True)
    assert 'id="sroi-slot-history"' in html and 'hx-get="/sroi/contracten/GEM-A/historie"' in html


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
    response = client.get("/sroi/contracten/ONBEKEND/historie", headers=HTMX)
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
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    text = text_of(html)
    march, february, january = (text.index(name) for name in ("maart", "februari", "januari"))
    assert march < february < january
    assert "<bdi>Ina Inkoper</bdi>, import van <bdi>februari.xlsx</bdi>" in html
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2} — Ina Inkoper , import van maart", text)
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


def test_closed_lists_show_their_dutch_labels_and_a_kind_change_is_detected_in_words(
    client: FlaskClient, session: Session
) -> None:
    run(session, xlsx([row("GEM-A", {"Soort opdracht": "dienst"})]))
    run(session, xlsx([row("GEM-A", {"Soort opdracht": "Werken", "SR-percentage": "0%"})]))
    stored = session.scalars(select(ContractRevision).where(ContractRevision.field == "kind"))
    assert [(r.old_value, r.new_value) for r in stored] == [("services", "works")]
    text = text_of(client.get(URL, headers=HTMX).get_data(as_text=True))
    assert "Soort opdracht dienst werk" in text  # codes are stored, labels are shown
    assert "Social return ja nee" in text
    assert "Soort opdracht gewijzigd van dienst naar werk" in text


def test_text_from_the_file_is_escaped(client: FlaskClient, session: Session) -> None:
    run(session, xlsx([row("GEM-A")]), file_name="<b>x</b>.xlsx")
    run(session, xlsx([row("GEM-A", {"Omschrijving": "<script>alert(1)</script>"})]))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt;.xlsx" in html


def _import_with_revision(session: Session, ref: str, number: int, at: datetime) -> None:
    """An import named ``export-<number>.xlsx`` at ``at`` that changed the contract's value."""
    record = PortfolioImport(
        file_name=f"export-{number:02d}.xlsx",
        file_sha256="0" * 64,
        sheet="Contracten",
        header_row=1,
        source="web",
        imported_by_id="u-ina",
        imported_by_name="Ina Inkoper",
        imported_at=at,
        revision=number,
    )
    session.add(record)
    session.flush()
    session.add(
        ContractRevision(
            contract_id=session.scalars(select(Contract.id).where(Contract.ref == ref)).one(),
            import_id=record.id,
            field="value_total",
            old_value=f"{1000000 + number}.00",
            new_value=f"{1000001 + number}.00",
        )
    )


def test_only_the_newest_imports_that_changed_the_contract_are_listed(
    client: FlaskClient, session: Session, make_contract: MakeContract
) -> None:
    """The panel stays bounded: the newest HISTORY_LIMIT imports of *this* contract, newest
    first; a later import of another contract does not push one of them out."""
    make_contract("GEM-A")
    make_contract("GEM-B")
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    for number in range(HISTORY_LIMIT + 1):
        _import_with_revision(session, "GEM-A", number, start + timedelta(days=number))
    _import_with_revision(session, "GEM-B", 99, start + timedelta(days=HISTORY_LIMIT + 1))
    session.commit()
    text = text_of(client.get(URL, headers=HTMX).get_data(as_text=True))
    shown = re.findall(r"import van export-(\d+)\.xlsx", text)
    assert shown == [f"{number:02d}" for number in range(HISTORY_LIMIT, 0, -1)]
    assert f"€ {1000001 + HISTORY_LIMIT:_}".replace("_", ".") in text
