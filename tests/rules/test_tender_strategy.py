"""The stap-2Ab strategy of a planned tender: which spoor-1 instruments its value leaves open."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sroi_plugin.rules.tender_strategy import procurement_routes

THRESHOLD = Decimal("221000")


def _codes(value: Decimal | None, threshold: Decimal | None = THRESHOLD) -> list[str]:
    return [finding.code for finding in procurement_routes(value, threshold)]


def test_a_reserved_contract_names_article_2_82_and_the_30_percent_staff_condition() -> None:
    reserved = procurement_routes(Decimal("50000"), THRESHOLD)[0]
    assert reserved.code == "SR_ROUTE_RESERVED"
    assert "Aw 2012 art. 2.82" in reserved.source
    assert "stap 2Ab" in reserved.source
    assert "minstens 30% van het personeelsbestand" in reserved.explanation


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        (Decimal("0"), ["SR_ROUTE_RESERVED", "SR_ROUTE_PRIVATE"]),
        (THRESHOLD - Decimal("0.01"), ["SR_ROUTE_RESERVED", "SR_ROUTE_PRIVATE"]),
        (THRESHOLD, ["SR_ROUTE_RESERVED", "SR_ROUTE_LOTS"]),
        (THRESHOLD + Decimal("0.01"), ["SR_ROUTE_RESERVED", "SR_ROUTE_LOTS"]),
    ],
)
def test_private_award_below_the_eu_threshold_lots_from_it(
    value: Decimal, codes: list[str]
) -> None:
    assert _codes(value) == codes


def test_lots_cite_the_articles_the_guide_names_and_ask_for_a_lawyer() -> None:
    lots = procurement_routes(THRESHOLD, THRESHOLD)[1]
    assert lots.source == "handreiking stap 2Ab (spoor 1); Aw 2012 art. 2.18, 2.19"
    assert "€ 221.000" in lots.explanation
    assert "aanbestedingsjurist" in lots.explanation


def test_private_award_quotes_the_guide_on_small_contracts() -> None:
    private = procurement_routes(Decimal("80000"), THRESHOLD)[1]
    assert "onderhands (enkel of meervoudig)" in private.explanation
    assert "€ 80.000" in private.explanation and "€ 221.000" in private.explanation


@pytest.mark.parametrize(
    ("value", "threshold", "missing"),
    [
        (None, THRESHOLD, "De geraamde waarde ontbreekt"),
        (Decimal("80000"), None, "De soort opdracht (voor het drempelbedrag) ontbreekt"),
    ],
)
def test_without_value_or_kind_the_tool_says_what_to_fill_in(
    value: Decimal | None, threshold: Decimal | None, missing: str
) -> None:
    findings = procurement_routes(value, threshold)
    assert [f.code for f in findings] == ["SR_ROUTE_RESERVED", "SR_ROUTE_VALUE_UNKNOWN"]
    assert findings[1].explanation.startswith(missing)
