"""The review page's figures: the change as a share of the (indexed) initial value, the limits
on its date, the earlier changes summed up, and the way back to the queue and the contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from tests.helpers.legal import add_change
from tests.helpers.legal import review_url

REF = "GEM-2026-0042"


def test_review_shows_share_limits_history_and_the_way_back(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(
        ref=REF,
        kind="works",
        value_total=Decimal("4545000"),
        initial_value=Decimal("4200000"),
        initial_value_derived=False,
        has_indexation_clause=True,
    )
    add_change(
        session,
        REF,
        "Prijsindexatie 2026",
        value_delta=Decimal("210000"),
        assessed_value=Decimal("210000"),
        modification_date=date(2026, 1, 1),
        ground="review_clause",
        verdict="allowed",
        indexation=True,
    )
    add_change(
        session,
        REF,
        "Meerwerk fundering",
        value_delta=Decimal("180000"),
        assessed_value=Decimal("180000"),
        modification_date=date(2026, 2, 1),
        verdict="allowed",
    )
    add_change(
        session,
        REF,
        "Minder tegelwerk",
        value_delta=Decimal("-45000"),
        assessed_value=Decimal("-45000"),
        modification_date=date(2026, 2, 15),
        verdict="allowed",
    )
    change = add_change(
        session,
        REF,
        "Extra kelder",
        value_delta=Decimal("441000"),
        assessed_value=Decimal("441000"),
        modification_date=date(2026, 3, 12),
        ground="additional_works",
    )
    login("legal_reviewer")
    html = client.get(review_url(change)).get_data(as_text=True)
    assert (
        "Initiële waarde € 4.200.000 + indexatie € 210.000 (5,0%) = € 4.410.000 "
        "(Richtlijn 2014/24 art. 72 lid 3)"
    ) in html
    assert "€ 441.000 = 10% van de geïndexeerde initiële waarde" in html
    assert "EU-drempel</dt><dd>€ 5.404.000 (werk, " in html
    assert "lager dan 15% van de geïndexeerde initiële waarde: € 661.500" in html
    assert "50% van de geïndexeerde initiële waarde: € 2.205.000" in html
    assert (
        "3 doorgevoerd: verhogingen € 180.000, verlagingen € -45.000, netto € 135.000; "
        "indexatie € 210.000"
    ) in html
    assert 'href="/sroi/juridisch/wachtrij"' in html
    assert f'href="/contracten/{REF}"' in html  # the page's way back to the host's contract


def test_review_says_why_the_limits_cannot_be_computed(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF, kind=None)
    change = add_change(session, REF, "Meerwerk")
    login("legal_reviewer")
    html = client.get(review_url(change)).get_data(as_text=True)
    assert "De grenzen zijn niet te berekenen: de soort opdracht" in html
