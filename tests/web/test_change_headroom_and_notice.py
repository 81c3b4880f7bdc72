"""Headroom that counts only modifications carried out, the lawyer's ground, and the
modification notice a change allowed with publication needs.

The contract is the conftest default: services of another authority, € 1.200.000 (10% =
€ 120.000, below the 2026 EU threshold of € 216.000). Today is 25-11-2026.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from tests.helpers.legal import add_change
from tests.helpers.legal import decide_url
from tests.helpers.legal import review_url
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"
QUEUE = "/sroi/juridisch/wachtrij"


def post(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data={**data, "csrf_token": csrf_token_of(client)}, headers=HTMX)


def notice_url(change: Modification | int) -> str:
    change_id = change if isinstance(change, int) else change.id
    return f"{PANEL}/{change_id}/aankondiging"


def panel(client: FlaskClient) -> str:
    return str(client.get(PANEL, headers=HTMX).get_data(as_text=True))


def decide(
    session: Session, change: Modification, decision: str, ground: str | None, hour: int = 9
) -> None:
    session.add(
        LegalDecision(
            modification_id=change.id,
            decision=decision,
            ground=ground,
            rationale="Beoordeeld.",
            decided_by_id="u-fatima",
            decided_by_name="Fatima El Amrani",
            decided_at=datetime(2026, 6, 2, hour, 0, tzinfo=UTC),
        )
    )
    session.commit()


@pytest.fixture
def contract(make_contract: Callable[..., Contract], login: Callable[[str], None]) -> None:
    make_contract(ref=REF)
    login("legal_reviewer")


# --- the headroom counts only what was carried out -------------------------------------------


@pytest.mark.usefixtures("contract")
def test_a_pending_change_above_de_minimis_is_shown_apart_and_uses_nothing(
    client: FlaskClient, session: Session
) -> None:
    add_change(
        session,
        REF,
        "Uitbreiding met 12%",
        value_delta=Decimal("144000"),
        assessed_value=Decimal("144000"),
    )
    html = panel(client)
    assert "Nog € 120.000 binnen de de-minimisgrens" in html
    assert "de ruimte is op" not in html
    assert "Al gebruikt: € 0 netto" in html
    assert "In behandeling: € 144.000 — zou de ruimte overschrijden" in html


@pytest.mark.usefixtures("contract")
def test_a_pending_change_without_a_ground_is_shown_apart_too(
    client: FlaskClient, session: Session
) -> None:
    add_change(
        session,
        REF,
        "Weet niet welke grond",
        ground="none",
        value_delta=Decimal("50000"),
        assessed_value=Decimal("50000"),
    )
    html = panel(client)
    assert "Nog € 120.000 binnen de de-minimisgrens" in html
    assert "In behandeling: € 50.000 — past binnen de ruimte" in html


@pytest.mark.usefixtures("contract")
def test_a_decision_under_another_ground_moves_the_change_out_of_the_de_minimis_sum(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(
        session,
        REF,
        "Aanvullend werk",
        value_delta=Decimal("144000"),
        assessed_value=Decimal("144000"),
    )
    decide(session, change, "allowed_with_publication", "additional_works")
    html = panel(client)
    assert "Nog € 120.000 binnen de de-minimisgrens" in html
    assert "In behandeling" not in html
    assert (
        "grond: aanvullende werken, diensten of leveringen door dezelfde opdrachtnemer "
        "(art. 2.163d Aw 2012) — gekozen door de jurist"
    ) in html
    queue = client.get(f"{QUEUE}?status=alle", headers=HTMX).get_data(as_text=True)
    assert "(art. 2.163d Aw 2012) — gekozen door de jurist" in queue


@pytest.mark.usefixtures("contract")
@pytest.mark.parametrize(
    ("proposed_ground", "decision", "decided_ground", "headroom"),
    [
        ("de_minimis", "allowed", "de_minimis", "€ 90.000"),  # the lawyer kept the ground
        ("none", "allowed", "de_minimis", "€ 90.000"),  # the lawyer chose de-minimis
        ("de_minimis", "allowed", "review_clause", "€ 120.000"),
        ("de_minimis", "substantial", "de_minimis", "€ 120.000"),
        ("de_minimis", "allowed", None, "€ 90.000"),  # a decision from before grounds were asked
    ],
)
def test_a_decided_change_counts_only_when_allowed_under_de_minimis(
    client: FlaskClient,
    session: Session,
    proposed_ground: str,
    decision: str,
    decided_ground: str | None,
    headroom: str,
) -> None:
    change = add_change(
        session,
        REF,
        "Meerwerk",
        ground=proposed_ground,
        value_delta=Decimal("30000"),
        assessed_value=Decimal("30000"),
    )
    decide(session, change, decision, decided_ground)
    assert f"Nog {headroom} binnen de de-minimisgrens" in panel(client)


@pytest.mark.usefixtures("contract")
def test_a_decrease_offsets_earlier_increases_and_the_gross_is_shown(
    client: FlaskClient, session: Session
) -> None:
    add_change(
        session,
        REF,
        "Meer uren",
        verdict="allowed",
        value_delta=Decimal("40000"),
        assessed_value=Decimal("40000"),
        modification_date=date(2026, 3, 1),
    )
    add_change(
        session,
        REF,
        "Minder uren",
        verdict="allowed",
        value_delta=Decimal("-10000"),
        assessed_value=Decimal("-10000"),
        modification_date=date(2026, 4, 1),
    )
    html = panel(client)
    assert "Nog € 90.000 binnen de de-minimisgrens" in html
    assert "Al gebruikt: € 30.000 netto (verhogingen samen € 40.000" in html


@pytest.mark.usefixtures("contract")
def test_a_flagged_change_waits_for_the_lawyer_before_it_counts(
    client: FlaskClient, session: Session
) -> None:
    add_change(
        session,
        REF,
        "Voorgelegd",
        verdict="allowed",
        flagged=True,
        value_delta=Decimal("30000"),
        assessed_value=Decimal("30000"),
    )
    html = panel(client)
    assert "Nog € 120.000 binnen de de-minimisgrens" in html
    assert "In behandeling: € 30.000 — past binnen de ruimte" in html


# --- the lawyer's ground ---------------------------------------------------------------------


@pytest.mark.usefixtures("contract")
def test_the_decision_form_offers_the_grounds_with_the_proposers_selected(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, REF, "Meerwerk", ground="unforeseeable")
    html = client.get(review_url(change)).get_data(as_text=True)
    assert "Grond van het besluit" in html
    assert '<option selected value="unforeseeable">' in html or (
        'value="unforeseeable" selected' in html
    )


@pytest.mark.usefixtures("contract")
def test_the_lawyers_ground_is_stored_with_the_decision(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, REF, "Meerwerk")
    response = post(
        client,
        decide_url(change),
        {
            "decision": "allowed_with_publication",
            "ground": "additional_works",
            "rationale": "Aanvullende werken; overstappen kan technisch niet.",
        },
    )
    assert response.status_code == 200
    stored = session.scalars(select(LegalDecision)).one()
    assert (stored.decision, stored.ground) == ("allowed_with_publication", "additional_works")


@pytest.mark.usefixtures("contract")
@pytest.mark.parametrize(
    ("decision", "ground", "message"),
    [
        ("allowed_with_publication", "de_minimis", "past alleen bij de grond aanvullende werken"),
        ("allowed", "additional_works", "is een aankondiging van de wijziging verplicht"),
        ("allowed", "unforeseeable", "is een aankondiging van de wijziging verplicht"),
    ],
)
def test_a_decision_that_does_not_fit_its_ground_is_refused_and_the_rationale_kept(
    client: FlaskClient, session: Session, decision: str, ground: str, message: str
) -> None:
    change = add_change(session, REF, "Meerwerk")
    response = post(
        client,
        decide_url(change),
        {
            "decision": decision,
            "ground": ground,
            "rationale": "Mijn uitgebreide motivering.",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert "Mijn uitgebreide motivering." in html
    assert session.scalars(select(LegalDecision)).first() is None


# --- the modification notice -----------------------------------------------------------------


def notice_due_change(session: Session, day: date = date(2026, 11, 1)) -> Modification:
    change = add_change(
        session, REF, "Onvoorzien meerwerk", ground="unforeseeable", modification_date=day
    )
    decide(session, change, "allowed_with_publication", "unforeseeable")
    return change


@pytest.mark.usefixtures("contract")
def test_a_notice_is_due_thirty_days_after_the_change_in_queue_and_panel(
    client: FlaskClient, session: Session
) -> None:
    notice_due_change(session, date(2026, 11, 1))
    late = notice_due_change(session, date(2026, 10, 1))
    html = panel(client)
    assert "Aankondiging van de wijziging te publiceren</strong> — uiterlijk 01-12-2026" in html
    assert "instelling van de organisatie" in html
    queue = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert "Aankondiging te publiceren" in queue
    assert "uiterlijk 01-12-2026" in queue and "uiterlijk 31-10-2026" in queue
    overdue = queue.split(f'id="sroi-notice-due-{late.id}"')[1].split("</li>")[0]
    assert "Te laat" in overdue


def test_the_notice_term_is_the_organisations_setting(
    app: Flask,
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    app.config["SROI_NOTICE_DAYS"] = 14
    make_contract(ref=REF)
    login("legal_reviewer")
    notice_due_change(session, date(2026, 11, 1))
    assert "uiterlijk 15-11-2026" in panel(client)


@pytest.mark.usefixtures("contract")
@pytest.mark.parametrize("role", ["legal_reviewer", "procurement", "admin"])
def test_recording_the_publication_clears_the_notice(
    client: FlaskClient, session: Session, login: Callable[[str], None], role: str
) -> None:
    change = notice_due_change(session)
    login(role)
    response = post(
        client,
        notice_url(change),
        {
            "published_on": "20-11-2026",
            "reference": "TenderNed 123456",
        },
    )
    assert response.status_code == 200
    session.expire_all()
    stored = session.get(Modification, change.id)
    assert stored is not None
    assert (stored.notice_published_on, stored.notice_reference) == (
        date(2026, 11, 20),
        "TenderNed 123456",
    )
    assert stored.notice_recorded_by_name and stored.notice_recorded_at
    html = panel(client)
    assert "te publiceren" not in html
    assert "Aankondiging gepubliceerd op 20-11-2026, kenmerk" in html
    login("legal_reviewer")
    assert "Geen aankondigingen te publiceren." in client.get(QUEUE).get_data(as_text=True)


@pytest.mark.usefixtures("contract")
@pytest.mark.parametrize(
    ("published_on", "reference", "message"),
    [
        ("26-11-2026", "TN-1", "ligt in de toekomst"),
        ("31-10-2026", "TN-1", "ligt vóór de datum van de wijziging"),
        ("", "TN-1", "vul de publicatiedatum in"),
        ("20-11-2026", "", "vul het kenmerk in"),
        ("20-11-2026", "x" * 101, "maximaal 100 tekens"),
        ("20-11-2026", "TN\x01", "onzichtbaar stuurteken (U+0001)"),
    ],
)
def test_a_wrong_publication_is_refused_with_the_typed_values_kept(
    client: FlaskClient, session: Session, published_on: str, reference: str, message: str
) -> None:
    change = notice_due_change(session)
    response = post(
        client,
        notice_url(change),
        {
            "published_on": published_on,
            "reference": reference,
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if published_on:
        assert f'value="{published_on}"' in html
    if reference and reference.isalnum():
        assert reference in html
    session.expire_all()
    stored = session.get(Modification, change.id)
    assert stored is not None and stored.notice_published_on is None


@pytest.mark.usefixtures("contract")
def test_no_notice_is_recorded_for_a_change_that_needs_none(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, REF, "Gewoon toegestaan", verdict="allowed")
    response = post(
        client,
        notice_url(change),
        {
            "published_on": "20-11-2026",
            "reference": "TN-1",
        },
    )
    assert response.status_code == 409
