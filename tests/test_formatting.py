"""Amounts, dates and percentages as a Dutch civil servant reads them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.web.formatting import format_date
from sroi_plugin.web.formatting import format_eur
from sroi_plugin.web.formatting import format_pct


@pytest.mark.parametrize(
    ("amount", "cents", "expected"),
    [
        (Decimal("1234567"), False, "€ 1.234.567"),
        (Decimal("1234567.50"), False, "€ 1.234.568"),
        (Decimal("1234567.5"), True, "€ 1.234.567,50"),
        (Decimal("999"), False, "€ 999"),
        (Decimal("0"), False, "€ 0"),
        (Decimal("-41250"), False, "€ -41.250"),
        (None, False, ""),
    ],
)
def test_format_eur(amount: Decimal | None, cents: bool, expected: str) -> None:
    assert format_eur(amount, cents=cents) == expected


def test_format_date() -> None:
    assert format_date(date(2026, 12, 31)) == "31-12-2026"
    assert format_date(date(2026, 1, 5)) == "05-01-2026"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("5"), "5%"), (Decimal("5.00"), "5%"), (Decimal("2.5"), "2,5%"), (None, "")],
)
def test_format_pct(value: Decimal | None, expected: str) -> None:
    assert format_pct(value) == expected
