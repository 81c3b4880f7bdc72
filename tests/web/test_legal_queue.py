"""The legal reviewers' queue: who is in it, order, filters, access, append-only decisions."""

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
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.db import current_session
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from tests.helpers.legal import add_change
from tests.helpers.legal import decide_url
from tests.helpers.legal import review_url
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

QUEUE = "/sroi/juridisch/wachtrij"


def decide(
    client: FlaskClient, change: Modification | int, decision: str, rationale: str, **more: str
) -> Any:
    token = csrf_token_of(client)
    return client.post(
        decide_url(change),
        data={"decision": decision, "rationale": rationale, "csrf_token": token, **more},
        headers=HTMX,
    )


@pytest.fixture
def reviewer(login: Callable[[str], None]) -> None:
    login("legal_reviewer")


@pytest.fixture
def two_contracts(make_contract: Callable[..., Contract]) -> None:
    make_contract(ref="GEM-2025-0001", department="Facilitaire Zaken")
    make_contract(ref="GEM-2025-0002", department="Stadsbeheer", title="Groenonderhoud wijken")


# --- who is in the queue -----------------------------------------------------------------


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_flagged_and_not_allowed_changes_are_queued_allowed_unflagged_ones_are_not(
    client: FlaskClient, session: Session
) -> None:
    add_change(session, "GEM-2025-0001", "Verhoging boven de-minimis")
    add_change(session, "GEM-2025-0001", "Met aankondiging", verdict="allowed_with_publication")
    add_change(session, "GEM-2025-0002", "Kleine wijziging, voorgelegd", verdict="allowed",
               flagged=True, flagged_by_name="Sanne de Vries")
    add_change(session, "GEM-2025-0002", "Kleine wijziging zonder twijfel", verdict="allowed")
    add_change(session, "GEM-2025-0002", "Concept uit de import", status="draft", verdict=None)
    html = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert "Verhoging boven de-minimis" in html
    assert "Met aankondiging" in html
    assert "Kleine wijziging, voorgelegd" in html
    assert "Voorgelegd door <bdi>Sanne de Vries</bdi>" in html
    assert "Kleine wijziging zonder twijfel" not in html
    assert "Concept uit de import" not in html
    assert "3 wijzigingen" in html
    # the host's page
    assert '<a href="/contracten/GEM-2025-0002"><bdi>GEM-2025-0002</bdi></a>' in html


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_queue_is_oldest_first(client: FlaskClient, session: Session) -> None:
    add_change(session, "GEM-2025-0001", "Tweede ingediend",
               proposed_at=datetime(2026, 9, 1, 9, 0, tzinfo=UTC))
    add_change(session, "GEM-2025-0002", "Eerst ingediend",
               proposed_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    add_change(session, "GEM-2025-0001", "Laatst ingediend",
               proposed_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    html = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    order = ("Eerst ingediend", "Tweede ingediend", "Laatst ingediend")
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_queue_filters_by_department_and_verdict(client: FlaskClient, session: Session) -> None:
    add_change(session, "GEM-2025-0001", "Facilitair, review")
    add_change(session, "GEM-2025-0002", "Stadsbeheer, review")
    add_change(session, "GEM-2025-0002", "Stadsbeheer, wezenlijk",
               verdict="substantial_new_procedure_required")
    by_department = client.get(f"{QUEUE}?afdeling=Stadsbeheer", headers=HTMX).get_data(as_text=True)
    assert "Facilitair, review" not in by_department
    assert "Stadsbeheer, review" in by_department and "Stadsbeheer, wezenlijk" in by_department
    assert '<option value="Stadsbeheer" selected>' in by_department
    by_verdict = client.get(
        f"{QUEUE}?afdeling=Stadsbeheer&oordeel=substantial_new_procedure_required", headers=HTMX
    ).get_data(as_text=True)
    assert "Stadsbeheer, wezenlijk" in by_verdict
    assert "Stadsbeheer, review" not in by_verdict
    assert "Facilitair, review" not in by_verdict


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_decided_changes_leave_the_open_queue_but_stay_findable(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, "GEM-2025-0001", "Al besloten")
    add_change(session, "GEM-2025-0001", "Nog open")
    decide(client, change, "allowed", "Past binnen de herzieningsclausule.")
    open_queue = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert "Nog open" in open_queue and "Al besloten" not in open_queue
    decided = client.get(f"{QUEUE}?status=besloten", headers=HTMX).get_data(as_text=True)
    assert "Al besloten" in decided and "Nog open" not in decided
    assert "Laatste besluit: <strong>Toegestaan</strong>" in decided
    everything = client.get(f"{QUEUE}?status=alle", headers=HTMX).get_data(as_text=True)
    assert "Al besloten" in everything and "Nog open" in everything


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_queue_shows_the_contracts_earlier_changes_beside_each_item(
    client: FlaskClient, session: Session
) -> None:
    earlier = add_change(session, "GEM-2025-0001", "Eerdere verhoging", verdict="allowed",
                         modification_date=date(2026, 2, 1), ground="de_minimis",
                         assessed_value=Decimal("40000"))
    session.add(
        LegalDecision(
            modification_id=earlier.id,
            decision="allowed",
            rationale="Prima.",
            decided_by_id="u-x",
            decided_by_name="Mr. Jansen",
        )
    )
    session.commit()
    add_change(session, "GEM-2025-0001", "Nieuwe verhoging")
    html = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    history = html[html.index("Eerdere wijzigingen van dit contract"):]
    assert "01-02-2026" in history and "€ 40.000" in history
    assert "Mr. Jansen" in history


# --- fragment or page, and access ----------------------------------------------------------


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_queue_and_review_are_fragments_for_htmx_and_pages_otherwise(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    fragment = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-panel-legal-queue"' in fragment
    page = client.get(QUEUE).get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert "<title>Wachtrij aanbestedingsjuristen — Social return" in page
    review_fragment = client.get(review_url(change), headers=HTMX).get_data(as_text=True)
    assert is_fragment(review_fragment) and 'id="sroi-panel-legal-review"' in review_fragment
    review_page = client.get(review_url(change)).get_data(as_text=True)
    assert review_page.startswith("<!doctype html>")
    assert "Terug naar contract GEM-2025-0001" in review_page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("legal_reviewer", 200),
        ("admin", 200),
        ("contract_manager", 403),
        ("viewer", 403),
        ("procurement", 403),
        ("anonymous", 403),
    ],
)
@pytest.mark.usefixtures("two_contracts")
def test_access_to_queue_review_and_decide(
    client: FlaskClient, session: Session, login: Callable[[str], None], role: str, status: int
) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    login(role)
    assert client.get(QUEUE, headers=HTMX).status_code == status
    assert client.get(review_url(change), headers=HTMX).status_code == status
    assert decide(client, change, "allowed", "Akkoord.").status_code == status
    expected = 1 if status == 200 else 0
    assert session.scalar(select(func.count()).select_from(LegalDecision)) == expected


@pytest.mark.usefixtures("two_contracts")
def test_contract_manager_gets_a_dutch_403_on_decide(
    client: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    login("contract_manager")
    response = decide(client, change, "allowed", "Zelf goedgekeurd.")
    assert response.status_code == 403
    assert "Hiervoor is de rol aanbestedingsjurist nodig." in response.get_data(as_text=True)


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_decide_without_csrf_token_is_refused(client: FlaskClient, session: Session) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    response = client.post(
        decide_url(change), data={"decision": "allowed", "rationale": "Akkoord."}, headers=HTMX
    )
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(LegalDecision)) == 0


# --- decisions ---------------------------------------------------------------------------


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_rationale_is_required_error_beside_the_field_and_input_kept(
    client: FlaskClient, session: Session
) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    response = decide(client, change, "substantial", "   ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert is_fragment(html)
    assert "Motivering: leg uit waarom u zo besluit; de motivering is verplicht." in html
    assert (
        'aria-describedby="sroi-review-hint-rationale sroi-review-errors-rationale" '
        'aria-invalid="true"'
    ) in html
    assert "Hoogstens 10.000 tekens." in html
    assert (
        '<div class="sroi-field-errors" id="sroi-review-errors-rationale">'
        '<p class="sroi-field-error">Motivering:' in html
    )
    assert 'checked id="decision-2" name="decision" type="radio" value="substantial"' in html
    assert session.scalar(select(func.count()).select_from(LegalDecision)) == 0


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_decision_must_be_chosen(client: FlaskClient, session: Session) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    response = decide(client, change, "", "Mijn motivering")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Besluit: kies een van de drie besluiten." in html
    assert "Mijn motivering" in html


@pytest.mark.usefixtures("two_contracts")
def test_decisions_are_append_only_and_the_latest_shows_on_the_contract_panel(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    # no long-lived app context here: each request loads its own user, as in production
    with app.app_context():
        change = add_change(current_session(), "GEM-2025-0001", "Verhoging").id
    login("legal_reviewer")
    first = decide(client, change, "substantial", "Valt buiten de de-minimisgrens.")
    assert first.status_code == 200
    assert first.headers["HX-Trigger"] == "sroiDecisionRecorded"
    login("admin")
    second = decide(
        client,
        change,
        "allowed_with_publication",
        "Heroverwogen: onvoorzien.",
        ground="unforeseeable",
    )
    html = second.get_data(as_text=True)
    # both stay visible, with who, the old one marked as replaced
    assert "Valt buiten de de-minimisgrens." in html and "Fatima El Amrani" in html
    assert "Heroverwogen: onvoorzien." in html and "Functioneel beheer" in html
    assert html.index("Valt buiten") < html.index("Heroverwogen")
    assert "Vervangen" in html and "Geldend" in html
    with app.app_context():
        decisions = current_session().scalars(select(LegalDecision).order_by(LegalDecision.id))
        assert [(d.decision, d.decided_by_id) for d in decisions] == [
            ("substantial", "u-fatima"),
            ("allowed_with_publication", "u-beheer"),
        ]

    login("viewer")
    panel = client.get("/sroi/contracten/GEM-2025-0001/wijzigingen", headers=HTMX).get_data(
        as_text=True
    )
    assert "Besluit aanbestedingsjurist: <strong>Toegestaan met aankondiging</strong>" in panel
    assert "Heroverwogen: onvoorzien." in panel
    assert "Valt buiten de de-minimisgrens." not in panel
    assert "vervangt 1 eerder besluit" in panel


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_plain_decision_post_redirects_to_the_review(client: FlaskClient, session: Session) -> None:
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    token = csrf_token_of(client)
    response = client.post(
        decide_url(change),
        data={"decision": "allowed", "rationale": "Akkoord.", "csrf_token": token},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(review_url(change))


def test_a_recorded_decision_cannot_be_updated(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref="GEM-2025-0001")
    change = add_change(session, "GEM-2025-0001", "Verhoging")
    decision = LegalDecision(
        modification_id=change.id,
        decision="allowed",
        rationale="Ja.",
        decided_by_id="u-fatima",
        decided_by_name="Fatima El Amrani",
    )
    session.add(decision)
    session.commit()
    decision.rationale = "Achteraf anders opgeschreven."
    with pytest.raises(ValueError, match="append-only"):
        session.commit()
    session.rollback()


@pytest.mark.usefixtures("reviewer", "two_contracts")
def test_review_page_shows_the_recorded_assessment_and_history(
    client: FlaskClient, session: Session
) -> None:
    add_change(
        session,
        "GEM-2025-0001",
        "Eerste verhoging",
        verdict="allowed",
        modification_date=date(2026, 1, 15),
        assessed_value=Decimal("25000"),
    )
    add_change(
        session,
        "GEM-2025-0001",
        "Latere wijziging",
        verdict="allowed",
        modification_date=date(2026, 12, 1),
    )
    change = add_change(
        session,
        "GEM-2025-0001",
        "Verhoging",
        flagged=True,
        flagged_by_name="Sanne de Vries",
        flag_note="Klopt de grond?",
        flagged_at=datetime(2026, 6, 2, 10, 0, tzinfo=UTC),
    )
    html = client.get(review_url(change), headers=HTMX).get_data(as_text=True)
    assert "Juridische beoordeling nodig" in html
    assert "Aw 2012 art. 2.163g" in html
    assert "“<bdi>Klopt de grond?</bdi>”" in html
    aside = html[html.index("<aside") :]
    assert "Eerste verhoging" in aside and "€ 25.000" in aside
    assert "Latere wijziging" not in aside  # dated after this change
