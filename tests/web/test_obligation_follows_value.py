"""The SR obligation follows the contract value after a decided change.

The contract value is the register's and a decision never writes it: a change proposed by hand
that a legal reviewer allows is added on top of it (and no longer when a reconsideration finds it
substantial) until an import changes the value after the decision; a change an import detected is
in the value already. Every panel that shows the obligation uses the same value. The conftest
contract: € 1.200.000, 5% of the project sum (obligation € 60.000).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import SrEdit
from sroi_plugin.rules.dutch import format_date
from tests.helpers.legal import add_change
from tests.helpers.legal import decide_url
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
OVERVIEW = f"/sroi/contracten/{REF}/overzicht"
MONITORING = f"/sroi/contracten/{REF}/monitoring"
DASHBOARD = "/sroi/monitoring/dashboard"


def decide(client: FlaskClient, change_id: int, decision: str) -> None:
    token = csrf_token_of(client)
    data = {"decision": decision, "rationale": "Gemotiveerd.", "csrf_token": token}
    assert client.post(decide_url(change_id), data=data).status_code == 303


def stored(session: Session) -> tuple[Decimal | None, int]:
    """The contract's value and optimistic-lock version as stored."""
    session.expire_all()
    contract = session.scalars(select(Contract).where(Contract.ref == REF)).one()
    return contract.value_total, contract.version


def overview(client: FlaskClient) -> str:
    return client.get(OVERVIEW, headers=HTMX).get_data(as_text=True)


def test_an_allowed_manual_change_moves_the_obligation_not_the_register_value(
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
    before = stored(session)
    login("legal_reviewer")
    decide(client, change.id, "allowed")
    assert stored(session) == before  # the register's value and the contract's version
    assert session.scalars(select(SrEdit)).all() == []
    html = overview(client)
    assert "€ 70.000" in html
    assert "Was € 60.000, nu € 70.000 door wijziging van 01-06-2026" in html
    assert "Extra vleugel schoonmaken" in html
    assert "register € 1.200.000 + wijziging € 200.000 = € 1.400.000" in html
    # a reconsideration to the other allowing decision changes nothing; "substantial" undoes it
    decide(client, change.id, "allowed")
    assert "Was € 60.000, nu € 70.000" in overview(client)
    decide(client, change.id, "substantial")
    html = overview(client)
    assert "€ 60.000" in html
    assert "Was €" not in html and "register €" not in html
    assert stored(session) == before


def test_every_panel_and_the_dashboard_use_the_followed_value(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    change = add_change(
        session,
        REF,
        "Minder ramen",
        value_delta=Decimal("-40000"),
        assessed_value=Decimal("-40000"),
    )
    login("legal_reviewer")
    decide(client, change.id, "allowed")
    html = overview(client)
    assert "Was € 60.000, nu € 58.000" in html
    assert "register € 1.200.000 − wijziging € 40.000 = € 1.160.000" in html
    login("contract_manager")
    monitoring = client.get(MONITORING, headers=HTMX).get_data(as_text=True)
    assert "van de verplichting van € 58.000" in monitoring
    login("procurement")
    dashboard = client.get(DASHBOARD).get_data(as_text=True)
    assert "€ 58.000" in dashboard and "€ 60.000" not in dashboard


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
    html = overview(client)
    assert "Was € 60.000, nu € 70.000 door wijziging van 01-06-2026" in html
    assert "register €" not in html  # nothing added on top of the register's value


def test_once_an_import_changes_the_value_after_the_decision_the_register_includes_it(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    assert run(session, xlsx([row(REF, SEEDED)])).committed
    change = add_change(session, REF, "Meerwerk schoonmaak")  # € 150.000
    login("legal_reviewer")
    decide(client, change.id, "allowed")
    assert "register € 1.200.000 + wijziging € 150.000 = € 1.350.000" in overview(client)
    reimported = {**SEEDED, "Contractwaarde": "€ 1.350.000"}
    assert run(session, xlsx([row(REF, reimported)])).committed
    imported_at = session.scalar(select(func.max(PortfolioImport.imported_at)))
    assert imported_at is not None
    html = overview(client)
    assert "€ 67.500" in html and "€ 75.000" not in html  # not counted twice
    assert "Was € 60.000, nu € 67.500 door wijziging van 01-06-2026" in html
    assert (
        f"De contractwaarde uit de import van {format_date(imported_at.date())} bevat deze "
        "wijziging vermoedelijk al"
    ) in html
    assert "register €" not in html
