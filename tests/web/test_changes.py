"""The "Wijzigingen (wezenlijke wijziging)" panel: headroom, live check, proposals, drafts, flags.

Unless a test says otherwise the contract is the conftest default: a services contract (dienst)
of another authority worth € 1.200.000 (10% = € 120.000, below the 2026 EU threshold of
€ 216.000), € 300.000 a year, 01-01-2025 to 31-12-2028. Today is 25-11-2026.
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
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.demo import create_app
from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.importing.plan import revision_text
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.rules.months import extension_months
from sroi_plugin.rules.thresholds import ContractKind
from sroi_plugin.services.change_drafts import parse_amount_text
from sroi_plugin.services.change_drafts import parse_date_text
from sroi_plugin.services.change_register import RecordedChange
from sroi_plugin.services.modification_input import rules_kind
from sroi_plugin.web.panels.registry import PANELS
from tests.helpers.legal import change_form
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"
NEW = f"{PANEL}/nieuw"
ASSESS = f"{PANEL}/toetsen"


def contract_id(session: Session, ref: str = REF) -> int:
    found = session.scalar(select(Contract.id).where(Contract.ref == ref))
    assert found is not None
    return found


def add_change(session: Session, ref: str = REF, **fields: Any) -> Modification:
    """A proposed change as the panel records it (facts, assessed value, verdict, who)."""
    values: dict[str, Any] = {
        "kind": "value_increase",
        "status": "proposed",
        "description": "Eerdere meerwerkopdracht",
        "value_delta": Decimal("10000"),
        "assessed_value": Decimal("10000"),
        "modification_date": date(2026, 3, 1),
        "ground": "de_minimis",
        "verdict": "allowed",
        "proposed_by_id": "u-sanne",
        "proposed_by_name": "Sanne de Vries",
        "proposed_at": datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    }
    values.update(fields)
    change = Modification(contract_id=contract_id(session, ref), **values)
    session.add(change)
    session.commit()
    return change


def post(client: FlaskClient, url: str, data: dict[str, str], htmx: bool = False) -> Any:
    token = csrf_token_of(client)
    return client.post(url, data={**data, "csrf_token": token}, headers=HTMX if htmx else {})


# --- the panel -------------------------------------------------------------------------------


def test_changes_panel_is_registered_and_embedded_after_the_overview(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    assert PANELS["changes"].title == "Wijzigingen (wezenlijke wijziging)"
    assert list(PANELS).index("overview") < list(PANELS).index("changes")
    make_contract(ref=REF)
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert f'hx-get="{PANEL}"' in html
    assert f'<a href="{PANEL}">Wijzigingen (wezenlijke wijziging) openen</a>' in html


def test_htmx_request_gets_the_panel_fragment(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    response = client.get(PANEL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-changes"' in html
    assert "Nog geen wijzigingen geregistreerd." in html


def test_plain_request_gets_a_full_page_with_a_link_back(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    html = client.get(PANEL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'id="sroi-panel-changes"' in html
    assert f"Terug naar contract {REF}" in html
    assert f'href="{NEW}"' in html  # the proposal form is a real link too


def test_panel_shows_the_remaining_de_minimis_headroom(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1000000"))
    add_change(session, REF, value_delta=Decimal("58750"), assessed_value=Decimal("58750"))
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    # 10% of € 1.000.000 = € 100.000 (below the € 216.000 threshold), € 58.750 used
    assert "Nog € 41.250 binnen de de-minimisgrens" in html
    assert "Al gebruikt: € 58.750" in html
    assert "EU-drempel (€ 216.000)" in html


def test_headroom_of_a_works_contract_uses_fifteen_percent(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, kind="works", value_total=Decimal("2000000"))
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog € 300.000 binnen de de-minimisgrens" in html
    assert "15% van de initiële waarde (€ 300.000)" in html


def test_headroom_ignores_changes_under_other_grounds_and_substantial_ones(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref=REF, value_total=Decimal("1000000"))
    add_change(session, REF, ground="unforeseeable", assessed_value=Decimal("90000"))
    rejected = add_change(
        session, REF, assessed_value=Decimal("50000"), verdict="needs_legal_review"
    )
    session.add(
        LegalDecision(
            modification_id=rejected.id,
            decision="substantial",
            rationale="Nieuwe aanbesteding nodig.",
            decided_by_id="u-fatima",
            decided_by_name="Fatima El Amrani",
        )
    )
    session.commit()
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog € 100.000 binnen de de-minimisgrens" in html


def decided(session: Session, change: Modification, *decisions: tuple[str, str, int]) -> None:
    """Record legal decisions ``(decision, rationale, hour of 01-06-2026)`` in the given order."""
    for decision, rationale, hour in decisions:
        session.add(
            LegalDecision(
                modification_id=change.id,
                decision=decision,
                rationale=rationale,
                decided_by_id="u-fatima",
                decided_by_name="Fatima El Amrani",
                decided_at=datetime(2026, 6, 1, hour, 0, tzinfo=UTC),
            )
        )
    session.commit()


def test_the_decision_that_stands_is_the_last_one_decided_not_the_last_one_stored(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1000000"))
    reconsidered = add_change(
        session, REF, assessed_value=Decimal("30000"), verdict="needs_legal_review"
    )
    # stored first but decided later: the reconsideration ("allowed") stands
    decided(
        session,
        reconsidered,
        ("allowed", "Heroverwogen: toch binnen de grens.", 11),
        ("substantial", "Eerst: nieuwe aanbesteding nodig.", 9),
    )
    overruled = add_change(
        session, REF, assessed_value=Decimal("20000"), verdict="needs_legal_review"
    )
    decided(
        session,
        overruled,
        ("allowed", "Eerst akkoord.", 8),
        ("allowed", "Nog eens akkoord.", 9),
        ("substantial", "Bij nader inzien wezenlijk.", 10),
    )
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    # only the reconsidered € 30.000 uses up room; the change judged wezenlijk last does not
    assert "Nog € 70.000 binnen de de-minimisgrens" in html
    assert "Heroverwogen: toch binnen de grens." in html
    assert "Bij nader inzien wezenlijk." in html
    assert "Eerst: nieuwe aanbesteding nodig." not in html and "Eerst akkoord." not in html
    assert "vervangt 1 eerder besluit" in html
    assert "vervangt 2 eerdere besluiten" in html


def test_each_change_shows_its_own_decision_and_review_state(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    add_change(
        session,
        REF,
        description="Wacht op de jurist",
        modification_date=date(2026, 5, 1),
        flagged=True,
        flagged_by_name="Sanne de Vries",
        flagged_at=datetime(2026, 5, 2, 9, 0, tzinfo=UTC),
        flag_note="Twijfel over de aard",
    )
    judged = add_change(
        session,
        REF,
        description="Al beoordeeld",
        modification_date=date(2026, 4, 1),
        verdict="needs_legal_review",
    )
    decided(session, judged, ("allowed", "Akkoord, binnen de grens.", 9))
    add_change(session, REF, description="Gewoon toegestaan", modification_date=date(2026, 3, 1))
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    # newest first, each list item about its own change
    items = dict(
        zip(
            ["Wacht op de jurist", "Al beoordeeld", "Gewoon toegestaan"],
            html.split('<li class="sroi-change" ')[1:],
            strict=True,
        )
    )
    assert all(f">{description}<" in item for description, item in items.items())
    assert "Ligt bij de aanbestedingsjurist — voorgelegd door <bdi>Sanne de Vries</bdi>" in items[
        "Wacht op de jurist"
    ]
    assert "Twijfel over de aard" in items["Wacht op de jurist"]
    assert "Besluit aanbestedingsjurist" not in items["Wacht op de jurist"]
    assert "Voorleggen aan jurist" not in items["Wacht op de jurist"]
    assert "Akkoord, binnen de grens." in items["Al beoordeeld"]
    assert "Ligt bij de aanbestedingsjurist" not in items["Al beoordeeld"]
    assert "vervangt" not in items["Al beoordeeld"]
    assert "Voorleggen aan jurist" in items["Gewoon toegestaan"]
    assert "Besluit aanbestedingsjurist" not in items["Gewoon toegestaan"]


@pytest.mark.parametrize("status", ["draft", "proposed"])
@pytest.mark.parametrize("flagged", [False, True])
@pytest.mark.parametrize("verdict", [None, "allowed", "needs_legal_review"])
def test_the_registers_plain_record_needs_review_as_the_model_does(
    status: str, flagged: bool, verdict: str | None
) -> None:
    model = Modification(status=status, flagged=flagged, verdict=verdict)
    record = RecordedChange(
        id=1,
        import_id=None,
        kind="manual",
        status=status,
        old_value=None,
        new_value=None,
        description="",
        modification_date=None,
        ground=None,
        assessed_value=None,
        extra_months=None,
        verdict=verdict,
        adds_social_return=False,
        indexation=False,
        flagged=flagged,
        flag_note=None,
        flagged_by_name=None,
        flagged_at=None,
        proposed_by_name=None,
        proposed_at=None,
        notice_published_on=None,
        notice_reference=None,
        latest_decision=None,
        decision_count=0,
    )
    assert record.needs_review is model.needs_review


def test_headroom_that_cannot_be_computed_says_why(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, kind=None)
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "De de-minimisruimte is niet te berekenen" in html
    assert "soort opdracht (werk, dienst, levering of sociale en andere specifieke" in html


# --- the live assessment -------------------------------------------------------------------


def test_form_fragment_and_page(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    fragment = client.get(NEW, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment)
    assert 'hx-trigger="input changed delay:400ms, change"' in fragment
    assert f'hx-post="{ASSESS}"' in fragment
    assert 'value="2026-11-25"' in fragment  # dated today
    assert "Nog € 120.000 binnen de de-minimisgrens" in fragment  # the headroom stays visible
    page = client.get(NEW).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and f'action="{PANEL}"' in page


def test_live_assessment_fragment_changes_with_the_value_typed(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    small = post(client, ASSESS, change_form(value_delta="5000"), htmx=True)
    small_html = small.get_data(as_text=True)
    assert small.status_code == 200
    assert is_fragment(small_html)
    assert small_html.lstrip().startswith('<div class="sroi-verdict')  # only the verdict box
    assert "<form" not in small_html
    assert "<strong>Toegestaan</strong>" in small_html
    assert "Aw 2012 art. 2.163b" in small_html

    large = post(client, ASSESS, change_form(value_delta="150.000"), htmx=True)
    large = large.get_data(as_text=True)
    assert "<strong>Juridische beoordeling nodig</strong>" in large
    assert "De de-minimisregeling is dus niet van toepassing." in large
    assert "Na het voorstellen gaat deze wijziging naar de aanbestedingsjurist." in large

    changed_nature = post(
        client, ASSESS, change_form(value_delta="5000", changes_overall_nature="ja"), htmx=True
    ).get_data(as_text=True)
    assert "Wezenlijke wijziging — nieuwe aanbesteding nodig" in changed_nature


def test_live_assessment_records_nothing(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    post(client, ASSESS, change_form(), htmx=True)
    assert session.scalar(select(func.count()).select_from(Modification)) == 0


def test_live_assessment_says_what_is_missing(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    html = post(
        client, ASSESS, change_form(ground="", value_delta="twintig", description=""), htmx=True
    ).get_data(as_text=True)
    assert "Nog niet te beoordelen" in html
    assert "Grond voor de wijziging: kies een grond" in html
    assert "Waardeverandering (€): &#39;twintig&#39; is geen bedrag." in html
    assert "Omschrijving" not in html  # not needed for the check itself


def test_weet_ik_niet_answers_need_a_lawyer(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    html = post(
        client, ASSESS, change_form(changes_overall_nature="weet_niet"), htmx=True
    ).get_data(as_text=True)
    assert "<strong>Juridische beoordeling nodig</strong>" in html
    assert "Niet beantwoord (weet ik niet)" in html


def test_term_extension_without_value_is_valued_from_the_annual_value(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)  # ends 31-12-2028, € 300.000 a year
    html = post(
        client,
        ASSESS,
        change_form(
            kind="term_extension", value_delta="", new_end_date="2029-06-30", ground="none"
        ),
        htmx=True,
    ).get_data(as_text=True)
    assert "De verlenging met 6 maanden heeft geen bedrag; gewaardeerd als jaarwaarde " in html
    assert "€ 300.000,00 × 6/12 = € 150.000,00." in html
    assert "in beginsel een wezenlijke wijziging" in html


def test_extension_must_end_after_the_current_end_date(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    html = post(
        client, ASSESS, change_form(value_delta="", new_end_date="2028-06-30"), htmx=True
    ).get_data(as_text=True)
    assert "Nieuwe einddatum: moet na de huidige einddatum (31-12-2028) liggen." in html


def test_earlier_changes_count_as_prior_modifications(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF, value_total=Decimal("1000000"))
    add_change(session, REF, assessed_value=Decimal("90000"), value_delta=Decimal("90000"))
    html = post(client, ASSESS, change_form(value_delta="20000"), htmx=True).get_data(as_text=True)
    assert "De netto cumulatieve waarde € 110.000,00 is niet lager dan 10%" in html
    assert "<strong>Toegestaan</strong>" not in html


def test_social_return_addition_shows_the_guide_advice(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    without = post(client, ASSESS, change_form(value_delta="0"), htmx=True).get_data(as_text=True)
    assert "Social return toevoegen aan een lopend contract" not in without
    html = post(
        client, ASSESS, change_form(value_delta="0", adds_social_return="y"), htmx=True
    ).get_data(as_text=True)
    assert "Social return toevoegen aan een lopend contract" in html
    assert "voorkom een wezenlijke wijziging" in html
    assert "handreiking stap 2Ba / 3a" in html


def test_assess_without_javascript_returns_the_whole_form(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    response = post(client, ASSESS, change_form(description=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert "<strong>Toegestaan</strong>" in html
    assert 'value="20.000"' in html  # what was typed stays
    assert "Omschrijving: beschrijf" not in html


# --- proposing ---------------------------------------------------------------------------


def test_proposing_records_the_change_with_verdict_who_and_when(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    response = post(client, PANEL, change_form())
    assert response.status_code == 303
    assert response.headers["Location"].endswith(PANEL)
    change = session.scalars(select(Modification)).one()
    assert change.status == "proposed"
    assert change.verdict == "allowed"
    assert change.value_delta == Decimal("20000.00")
    assert change.assessed_value == Decimal("20000.00")
    assert change.assessment is not None and change.assessment["headroom_eur"] == "99999.99"
    assert (change.proposed_by_id, change.proposed_by_name) == ("u-sanne", "Sanne de Vries")
    assert change.proposed_at is not None
    assert change.flagged is False
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Extra schoonmaakuren voor de nieuwe vleugel" in html
    assert "Voorgesteld door Sanne de Vries" in html
    assert "Nog € 100.000 binnen de de-minimisgrens" in html  # € 120.000 − € 20.000


def test_proposing_with_htmx_re_renders_the_panel(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    response = post(client, PANEL, change_form(value_delta="150000"), htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html) and 'id="sroi-panel-changes"' in html
    assert response.headers["HX-Trigger"] == "sroiChangesUpdated"
    assert "Ligt bij de aanbestedingsjurist" in html  # not allowed → the legal queue


def test_invalid_proposal_is_422_with_errors_and_input_kept(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    response = post(
        client, PANEL, change_form(description="", value_delta="25.000,50", flag_note="Graag snel"),
        htmx=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert is_fragment(html)
    assert "Omschrijving: beschrijf wat er aan het contract verandert." in html
    assert 'value="25.000,50"' in html
    assert "Graag snel" in html
    assert 'selected value="de_minimis"' in html
    assert session.scalar(select(func.count()).select_from(Modification)) == 0


def test_flagging_in_the_form_records_who_and_the_note(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    post(client, PANEL, change_form(flagged="y", flag_note="Twijfel over de aard"))
    change = session.scalars(select(Modification)).one()
    assert change.flagged and change.flag_note == "Twijfel over de aard"
    assert change.flagged_by_name == "Sanne de Vries" and change.flagged_at is not None
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Ligt bij de aanbestedingsjurist — voorgelegd door <bdi>Sanne de Vries</bdi>" in html


def test_flag_button_puts_an_allowed_change_before_the_lawyer(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    change = add_change(session, REF)
    panel = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Voorleggen aan jurist" in panel
    response = post(client, f"{PANEL}/{change.id}/voorleggen", {}, htmx=True)
    assert response.status_code == 200
    assert "Ligt bij de aanbestedingsjurist" in response.get_data(as_text=True)
    session.refresh(change)
    assert change.flagged and change.flagged_by_id == "u-sanne"


# --- drafts detected by the portfolio import --------------------------------------------


def test_detected_draft_is_shown_to_complete(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    draft = Modification(
        contract_id=contract_id(session),
        status="draft",
        kind="value_increase",
        old_value="1200000.00",
        new_value="1250000.00",
        import_id=7,
    )
    session.add(draft)
    session.commit()
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog aan te vullen" in html
    assert "Concept" in html
    assert "<span>van € 1.200.000 naar € 1.250.000</span>" in html
    assert f'href="{PANEL}/{draft.id}/aanvullen"' in html

    form = client.get(f"{PANEL}/{draft.id}/aanvullen", headers=HTMX).get_data(as_text=True)
    assert 'value="50000,00"' in form  # new − old value
    assert "Gevonden bij de import" in form
    assert "Wijziging van de waarde: € 1.200.000 → € 1.250.000 (gevonden bij de import)" in form

    version = str(draft.version)
    response = post(
        client,
        f"{PANEL}/{draft.id}/aanvullen",
        change_form(value_delta="50000", version=version, change_id=str(draft.id)),
    )
    assert response.status_code == 303
    session.refresh(draft)
    assert draft.status == "proposed" and draft.verdict == "allowed"
    assert draft.import_id == 7 and draft.proposed_by_name == "Sanne de Vries"
    assert "Nog aan te vullen" not in client.get(PANEL, headers=HTMX).get_data(as_text=True)


def test_detected_term_extension_is_measured_from_the_old_end_date(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    # the re-import already moved the contract's end date; the draft keeps the old one
    make_contract(ref=REF, end_date=date(2029, 12, 31))
    draft = Modification(
        contract_id=contract_id(session),
        status="draft",
        kind="term_extension",
        old_value="2028-12-31",
        new_value="2029-12-31",
        import_id=8,
    )
    session.add(draft)
    session.commit()
    form = client.get(f"{PANEL}/{draft.id}/aanvullen", headers=HTMX).get_data(as_text=True)
    assert 'value="2029-12-31"' in form
    html = post(
        client,
        ASSESS,
        change_form(
            value_delta="", new_end_date="2029-12-31", ground="none", change_id=str(draft.id)
        ),
        htmx=True,
    ).get_data(as_text=True)
    assert "De verlenging met 12 maanden heeft geen bedrag" in html


def test_completing_a_draft_someone_else_completed_is_409_with_input_kept(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    draft = Modification(contract_id=contract_id(session), status="draft", kind="manual")
    session.add(draft)
    session.commit()
    stale = str(draft.version)
    draft.description = "Intussen door een collega aangevuld"
    session.commit()
    response = post(
        client,
        f"{PANEL}/{draft.id}/aanvullen",
        change_form(description="Mijn omschrijving", version=stale),
        htmx=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft deze wijziging intussen aangevuld" in html
    assert "Mijn omschrijving" in html
    session.refresh(draft)
    assert draft.status == "draft"


# --- access and CSRF ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "panel", "form"),
    [
        ("viewer", 200, 403),
        ("procurement", 200, 403),
        ("legal_reviewer", 200, 403),
        ("contract_manager", 200, 200),
        ("admin", 200, 200),
        ("anonymous", 403, 403),
    ],
)
def test_access_by_role(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
    panel: int,
    form: int,
) -> None:
    make_contract(ref=REF)
    login(role)
    assert client.get(PANEL, headers=HTMX).status_code == panel
    assert client.get(NEW, headers=HTMX).status_code == form
    assert post(client, ASSESS, change_form(), htmx=True).status_code == form
    assert post(client, PANEL, change_form(), htmx=True).status_code in (
        {200} if form == 200 else {403}
    )


def test_only_contract_managers_see_the_propose_button(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    login("viewer")
    assert "Wijziging voorstellen" not in client.get(PANEL, headers=HTMX).get_data(as_text=True)
    login("contract_manager")
    assert "Wijziging voorstellen" in client.get(PANEL, headers=HTMX).get_data(as_text=True)


def test_post_without_csrf_token_is_refused_and_stores_nothing(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    change = add_change(session, REF)
    assert client.post(PANEL, data=change_form(), headers=HTMX).status_code == 400
    assert client.post(f"{PANEL}/{change.id}/voorleggen", headers=HTMX).status_code == 400
    assert session.scalar(select(func.count()).select_from(Modification)) == 1
    session.refresh(change)
    assert change.flagged is False


def test_a_change_of_another_contract_is_404(
    client: FlaskClient, session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=REF)
    make_contract(ref="GEM-2025-0002")
    change = add_change(session, "GEM-2025-0002")
    response = post(client, f"{PANEL}/{change.id}/voorleggen", {}, htmx=True)
    assert response.status_code == 404


# --- model → rules input, and the thresholds setting -------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("works", ContractKind.WORKS),
        ("services", ContractKind.SERVICES),
        ("supplies", ContractKind.SUPPLIES),
        ("social_services", ContractKind.SOCIAL_SERVICES),
    ],
)
def test_contract_kinds_map_to_the_rules_kinds(kind: str, expected: ContractKind) -> None:
    assert rules_kind(kind) is expected


@pytest.mark.parametrize("kind", [None, "", "werk"])
def test_a_missing_or_uncoded_kind_is_a_rules_input_error(kind: str | None) -> None:
    with pytest.raises(RuleInputError, match="contract.kind"):
        rules_kind(kind)


@pytest.mark.parametrize(
    ("old", "new", "months"),
    [
        (date(2028, 12, 31), date(2029, 12, 31), 12),
        (date(2028, 6, 30), date(2028, 12, 31), 6),
        (date(2028, 12, 31), date(2029, 2, 28), 2),
        (date(2028, 3, 15), date(2028, 4, 15), 1),
        (date(2028, 3, 15), date(2028, 4, 16), 2),  # a started month counts
        (date(2028, 3, 15), date(2028, 3, 16), 1),
    ],
)
def test_extension_months(old: date, new: date, months: int) -> None:
    assert extension_months(old, new) == months


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1200000.00", Decimal("1200000.00")),
        ("1.234.567,50", Decimal("1234567.50")),
        ("€ 25.000", Decimal("25000")),
        ("-5.000", Decimal("-5000")),
        ("20.5", Decimal("20.5")),
        ("twintig", None),
        ("", None),
    ],
)
def test_amount_text(text: str, amount: Decimal | None) -> None:
    assert parse_amount_text(text) == amount


def test_date_text() -> None:
    assert parse_date_text("31-12-2029") == date(2029, 12, 31)
    assert parse_date_text("2029-12-31") == date(2029, 12, 31)
    assert parse_date_text("31-02-2029") is None


@pytest.mark.parametrize(
    "amount", [Decimal("45000.00"), Decimal("1234567.89"), Decimal("-5000.00"), Decimal("1000")]
)
def test_what_an_import_writes_in_a_revision_reads_back(amount: Decimal) -> None:
    text = revision_text(amount)
    assert parse_amount_text(text) == amount
    assert parse_date_text(text) is None  # digits alone are an amount here, not a serial date
    assert parse_date_text(revision_text(date(2029, 12, 31))) == date(2029, 12, 31)


def test_thresholds_setting_is_checked_at_start_up() -> None:
    with pytest.raises(ConfigError, match="SROI_THRESHOLDS"):
        create_app({"SROI_THRESHOLDS": {"modification_limits": {"de_minimis_share_works": "2"}}})
    with pytest.raises(ConfigError, match="SROI_THRESHOLDS"):
        create_app({"SROI_THRESHOLDS": ["not", "a", "mapping"]})


def test_thresholds_setting_changes_the_headroom(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    app.config["SROI_THRESHOLDS"] = {
        "modification_limits": {"de_minimis_share_supplies_services": "0.05"}
    }
    make_contract(ref=REF)
    html = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog € 60.000 binnen de de-minimisgrens" in html  # 5% of € 1.200.000
