"""Dutch notation and folding, as a Dutch civil servant reads them (rules and web alike)."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest

from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch import format_moment
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.months import add_months
from sroi_plugin.web.formatting import moment_html


@pytest.mark.parametrize(
    ("amount", "cents", "expected"),
    [
        (Decimal("1234567"), False, "€ 1.234.567"),
        (Decimal("1234567.50"), False, "€ 1.234.568"),
        (Decimal("1234567.5"), True, "€ 1.234.567,50"),
        (Decimal("1234567"), True, "€ 1.234.567,00"),
        (Decimal("1250000"), None, "€ 1.250.000"),
        (Decimal("99999.5"), None, "€ 99.999,50"),
        (Decimal("999"), False, "€ 999"),
        (Decimal("0"), False, "€ 0"),
        (Decimal("-41250"), False, "€ -41.250"),
        (None, False, ""),
    ],
)
def test_format_eur(amount: Decimal | None, cents: bool | None, expected: str) -> None:
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


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 25), 12, date(2027, 11, 25)),
        (date(2026, 11, 25), 2, date(2027, 1, 25)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Eén BOETEBEDING, geëist") == "een boetebeding, geeist"


def test_moments_are_shown_in_dutch_time() -> None:
    winter = datetime(2026, 11, 25, 13, 5)  # naive, as SQLite returns UTC
    summer = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    assert format_moment(winter) == "25-11-2026 14:05"
    assert format_moment(summer) == "01-07-2026 11:30"
    assert format_moment(None) == ""
    assert moment_html(winter) == (
        '<time class="sroi-nowrap" datetime="2026-11-25T14:05+01:00">25-11-2026 14:05</time>'
    )
