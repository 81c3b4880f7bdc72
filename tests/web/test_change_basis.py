"""The basis of the change tests on the change panel: initial value, award date, indexation.

The conftest contract is worth € 1.200.000 now; most tests give it an initial value of
€ 1.000.000 (10% = € 100.000, below the 2026 threshold of € 216.000). Today is 25-11-2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import SrEdit
from tests.helpers.legal import change_form
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"
BASIS = f"{PANEL}/basis"


def post(client: FlaskClient, url: str, data: dict[str, str], htmx: bool = False) -> Any:
    token = csrf_token_of(client)
    return client.post(url, data={**data, "csrf_token": token}, headers=HTMX if htmx else {})


def stored(session: Session) -> Contract:
    session.expire_all()
    contract = session.scalar(select(Contract).where(Contract.ref == REF))
    assert contract is not None
    return contract


def basis_form(session: Session, **fields: str) -> dict[str, str]:
    data = {
        "initial_value": "1.000.000",
        "award_date": "01-12-2024",
        "version": str(stored(session).version),
    }
    data.update(fields)
    return data


def add_change(session: Session, **fields: Any) -> None:
    values: dict[str, Any] = {
        "kind": "value_increase",
        "status": "proposed",
        "description": "Prijsindexatie 2026",
        "value_delta": Decimal("210000"),
        "assessed_value": Decimal("210000"),
        "modification_date": date(2026, 1, 1),
        "ground": "review_clause",
        "verdict": "allowed",
        "proposed_by_id": "u-sanne",
        "proposed_by_name": "Sanne de Vries",
        "proposed_at": datetime(2026, 1, 1, 9, 0, tzinfo=UTC),
    }
    values.update(fields)
    session.add(Modification(contract_id=stored(session).id, **values))
    session.commit()


def test_a_new_contract_without_initial_value_takes_its_value_marked_derived(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    contract = stored(session)
    assert contract.initial_value == Decimal("1200000.00")
    assert contract.initial_value_derived
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "afgeleid uit de oudste bekende waarde — bevestig of corrigeer" in html


def test_the_headroom_is_taken_of_the_initial_value_not_the_current_value(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, initial_value=Decimal("1000000"))  # now € 1.200.000
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "10% van de initiële waarde (€ 100.000)" in html
    assert "Nog € 100.000 binnen de de-minimisgrens" in html  # € 99.999,99 shown rounded


def test_procurement_saves_the_basis_with_its_history(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("procurement")
    form = basis_form(session, initial_value="1.050.000", has_indexation_clause="y")
    response = post(client, BASIS, form)
    assert response.status_code == 303
    contract = stored(session)
    assert contract.initial_value == Decimal("1050000.00")
    assert not contract.initial_value_derived  # a value entered by a person is no longer derived
    assert contract.award_date == date(2024, 12, 1)
    assert contract.has_indexation_clause
    edits = session.scalars(select(SrEdit).order_by(SrEdit.field)).all()
    assert [(e.field, e.old_value, e.new_value, e.edited_by_name) for e in edits] == [
        ("award_date", None, "2024-12-01", "Pieter Jansen"),
        ("has_indexation_clause", "False", "True", "Pieter Jansen"),
        ("initial_value", "1200000.00", "1050000.00", "Pieter Jansen"),
        ("initial_value_derived", "True", "False", "Pieter Jansen"),
    ]
    html = client.get(BASIS).get_data(as_text=True)
    assert "Pieter Jansen" in html
    assert "Initiële waarde € 1.200.000 → € 1.050.000" in html
    panel = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "afgeleid uit de oudste bekende waarde" not in panel
    assert "gunningsdatum 01-12-2024" in panel


def test_confirming_a_derived_value_clears_derived_and_is_recorded(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("procurement")
    form = basis_form(session, initial_value="1.200.000", award_date="", confirm_initial_value="y")
    assert post(client, BASIS, form).status_code == 303
    assert not stored(session).initial_value_derived
    edits = session.scalars(select(SrEdit)).all()
    assert [(e.field, e.old_value, e.new_value) for e in edits] == [
        ("initial_value_derived", "True", "False")
    ]


def test_the_clause_panel_does_not_show_basis_edits_as_its_last_save(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("admin")
    assert post(client, BASIS, basis_form(session)).status_code == 303
    html = client.get(f"/sroi/contracten/{REF}/bepalingen").get_data(as_text=True)
    assert "Initiële waarde" not in html
    assert "initial_value" not in html


def test_an_invalid_basis_keeps_what_was_typed_and_names_the_field(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("procurement")
    response = post(client, BASIS, basis_form(session, initial_value="", award_date="1-12-2024"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Initiële waarde (€, excl. btw): vul de waarde bij gunning in." in html
    assert 'value="1-12-2024"' in html
    assert stored(session).award_date is None


def test_an_award_date_after_the_oldest_change_is_refused(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    add_change(session)  # 01-01-2026
    login("procurement")
    response = post(client, BASIS, basis_form(session, award_date="02-01-2026"))
    assert response.status_code == 422
    assert "ligt na de oudste geregistreerde wijziging (01-01-2026)" in response.get_data(
        as_text=True
    )


def test_a_save_on_an_older_version_is_refused_with_the_input_kept(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("procurement")
    old = basis_form(session, initial_value="1.100.000")
    assert post(client, BASIS, basis_form(session)).status_code == 303
    response = post(client, BASIS, old)
    assert response.status_code == 409
    assert 'value="1.100.000"' in response.get_data(as_text=True)
    assert stored(session).initial_value == Decimal("1000000.00")


def test_a_contract_manager_may_not_edit_the_basis(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    assert post(client, BASIS, basis_form(session)).status_code == 403
    assert client.get(BASIS).status_code == 403
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert f'href="{BASIS}"' not in html


def test_the_panel_shows_the_indexed_reference_value(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(
        ref=REF,
        kind="works",
        value_total=Decimal("4410000"),
        initial_value=Decimal("4200000"),
        has_indexation_clause=True,
    )
    add_change(session, indexation=True)
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert (
        "initiële waarde € 4.200.000 + indexatie € 210.000 (5,0%) = € 4.410.000 "
        "(Richtlijn 2014/24 art. 72 lid 3)"
    ) in html
    # 15% of the indexed value; the revision itself uses no de-minimis room
    assert "15% van de geïndexeerde initiële waarde (€ 661.500)" in html
    assert "Al gebruikt: € 0" in html


def test_the_change_form_offers_indexation_only_with_a_clause_and_records_it(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    assert 'name="indexation"' not in client.get(f"{PANEL}/nieuw").get_data(as_text=True)
    contract = stored(session)
    contract.has_indexation_clause = True
    session.commit()
    assert 'name="indexation"' in client.get(f"{PANEL}/nieuw").get_data(as_text=True)
    form = change_form(ground="review_clause", has_review_clause="y", indexation="y")
    assert post(client, PANEL, form).status_code == 303
    change = session.scalar(select(Modification))
    assert change is not None and change.indexation


def test_the_reasons_say_when_the_start_date_stands_in_for_the_award_date(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    html = post(client, f"{PANEL}/toetsen", change_form(), htmx=True).get_data(as_text=True)
    assert "De gunningsdatum van het contract is onbekend; de toets rekent met 01-01-2025" in html
    contract = stored(session)
    contract.award_date = date(2024, 12, 1)
    session.commit()
    html = post(client, f"{PANEL}/toetsen", change_form(), htmx=True).get_data(as_text=True)
    assert "gunningsdatum van het contract is onbekend" not in html
