"""The change form refuses implausible changes: a decrease larger than the contract's value and
a new end date past the extension horizon; the 422 keeps what was typed.

The contract is the conftest default (31-12-2028 end) with a total value of € 1.650.000.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from tests.helpers.legal import change_form
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"


def _propose(client: FlaskClient, data: dict[str, str]) -> tuple[int, str]:
    token = csrf_token_of(client)
    response = client.post(PANEL, data={**data, "csrf_token": token}, headers=HTMX)
    return response.status_code, response.get_data(as_text=True)


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Modification)) or 0


def test_a_decrease_larger_than_the_contract_value_is_refused(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1650000"))
    status, html = _propose(client, change_form(value_delta="-5.000.000"))
    assert status == 422
    assert (
        "Waardeverandering (€): Een verlaging van € 5.000.000 is groter dan de contractwaarde "
        "(€ 1.650.000)." in html
    )
    assert 'value="-5.000.000"' in html
    assert _count(session) == 0


def test_a_decrease_within_the_contract_value_is_recorded(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1650000"))
    status, _ = _propose(client, change_form(value_delta="-50.000"))
    assert status == 200
    assert _count(session) == 1


def test_an_extension_to_2199_is_refused(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1650000"))
    status, html = _propose(
        client, change_form(kind="term_extension", value_delta="", new_end_date="31-12-2199")
    )
    assert status == 422
    assert "Nieuwe einddatum: ligt meer dan 10 jaar na de huidige einddatum (31-12-2028)" in html
    assert 'value="31-12-2199"' in html
    assert _count(session) == 0


def test_an_extension_within_the_horizon_is_recorded(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1650000"))
    status, _ = _propose(
        client, change_form(kind="term_extension", value_delta="", new_end_date="31-12-2038")
    )
    assert status == 200
    assert _count(session) == 1


def test_a_detected_decrease_is_measured_from_the_value_before_the_import(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    # the re-import already lowered the contract's value; the draft keeps the old one
    make_contract(ref=REF, value_total=Decimal("100000"), end_date=date(2028, 12, 31))
    contract = session.scalar(select(Contract).where(Contract.ref == REF))
    assert contract is not None
    draft = Modification(
        contract_id=contract.id,
        status="draft",
        kind="value_increase",
        old_value="1650000.00",
        new_value="100000.00",
        import_id=8,
    )
    session.add(draft)
    session.commit()
    token = csrf_token_of(client)
    response = client.post(
        f"{PANEL}/toetsen",
        data={
            **change_form(value_delta="-1.550.000,00", change_id=str(draft.id)),
            "csrf_token": token,
        },
        headers=HTMX,
    )
    html = response.get_data(as_text=True)
    assert "is groter dan de contractwaarde" not in html
    response = client.post(
        f"{PANEL}/toetsen",
        data={
            **change_form(value_delta="-1.650.000,01", change_id=str(draft.id)),
            "csrf_token": token,
        },
        headers=HTMX,
    )
    assert (
        "Een verlaging van € 1.650.000,01 is groter dan de contractwaarde (€ 1.650.000)."
        in response.get_data(as_text=True)
    )
