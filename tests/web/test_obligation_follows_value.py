"""The SR obligation follows the contract value after a decided change.

A change proposed by hand reaches the contract value when a legal reviewer allows it (and
leaves it when a reconsideration finds it substantial); a change an import detected is already
in the value and is never added again. The conftest contract: € 1.200.000, 5% of the project sum
(obligation € 60.000).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit
from tests.helpers.legal import add_change
from tests.helpers.legal import decide_url
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
OVERVIEW = f"/sroi/contracten/{REF}/overzicht"


def decide(client: FlaskClient, change_id: int, decision: str) -> None:
    token = csrf_token_of(client)
    data = {"decision": decision, "rationale": "Gemotiveerd.", "csrf_token": token}
    assert client.post(decide_url(change_id), data=data).status_code == 303


def value_of(session: Session) -> Decimal | None:
    session.expire_all()
    return session.scalar(select(Contract.value_total).where(Contract.ref == REF))


def test_an_allowed_manual_change_moves_the_value_and_the_obligation_says_was_and_now(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    change = add_change(
        session,
        REF,
        "Extra vleugel schoonmaken",
        value_delta=Decimal("200000"),
        assessed_value=Decimal("200000"),
    )
    login("legal_reviewer")
    decide(client, change.id, "allowed")
    assert value_of(session) == Decimal("1400000.00")
    html = client.get(OVERVIEW, headers=HTMX).get_data(as_text=True)
    assert "€ 70.000" in html
    assert "Was € 60.000, nu € 70.000 door wijziging van 01-06-2026" in html
    assert "Extra vleugel schoonmaken" in html
    edits = session.scalars(select(SrEdit)).all()
    assert [(e.field, e.old_value, e.new_value, e.edited_by_name) for e in edits] == [
        ("value_total", "1200000.00", "1400000.00", "Fatima El Amrani")
    ]
    # a reconsideration to the other allowing decision changes nothing; "substantial" undoes it
    decide(client, change.id, "allowed")
    assert value_of(session) == Decimal("1400000.00")
    decide(client, change.id, "substantial")
    assert value_of(session) == Decimal("1200000.00")
    assert "Was €" not in client.get(OVERVIEW, headers=HTMX).get_data(as_text=True)


def test_an_import_detected_change_is_not_added_again(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF, value_total=Decimal("1400000"))  # the import already raised it
    change = add_change(
        session,
        REF,
        "Waarde gewijzigd (gevonden bij de import)",
        import_id=7,
        old_value="1200000.00",
        new_value="1400000.00",
        value_delta=Decimal("200000"),
        assessed_value=Decimal("200000"),
    )
    login("legal_reviewer")
    decide(client, change.id, "allowed")
    assert value_of(session) == Decimal("1400000.00")
    html = client.get(OVERVIEW, headers=HTMX).get_data(as_text=True)
    assert "Was € 60.000, nu € 70.000 door wijziging van 01-06-2026" in html
