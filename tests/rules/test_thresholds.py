"""EU thresholds by period and the modification limits, with organisation overrides."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.thresholds import Authority
from sroi_plugin.rules.thresholds import ContractKind
from sroi_plugin.rules.thresholds import default_table
from sroi_plugin.rules.thresholds import load_threshold_table
from sroi_plugin.rules.thresholds import threshold_for
from sroi_plugin.rules.thresholds import to_date
from sroi_plugin.rules.thresholds import to_decimal

W = ContractKind.WORKS
S = ContractKind.SERVICES
L = ContractKind.SUPPLIES
SOC = ContractKind.SOCIAL_SERVICES
CENTRAL = Authority.CENTRAL
OTHER = Authority.OTHER
SPECIAL = Authority.SPECIAL_SECTOR

P2024 = date(2024, 1, 1)
P2025_END = date(2025, 12, 31)
P2026 = date(2026, 1, 1)
P2027_END = date(2027, 12, 31)


def _period(start: str, end: str, amount: str = "100000") -> dict[str, object]:
    return {
        "start": start,
        "end": end,
        "source": "test",
        "works": amount,
        "supplies_services_central": amount,
        "supplies_services_other": amount,
        "social_services": amount,
        "special_sector_works": amount,
        "special_sector_supplies_services": amount,
        "special_sector_social_services": amount,
    }


@pytest.mark.parametrize(
    ("kind", "authority", "on", "expected"),
    [
        # 2024–2025 (legal-rules.md table)
        (W, OTHER, P2024, "5538000"),
        (W, CENTRAL, P2025_END, "5538000"),
        (S, CENTRAL, P2024, "143000"),
        (L, CENTRAL, P2025_END, "143000"),
        (S, OTHER, P2024, "221000"),
        (L, OTHER, P2025_END, "221000"),
        (SOC, CENTRAL, P2024, "750000"),
        (SOC, OTHER, P2025_END, "750000"),
        (S, SPECIAL, P2024, "443000"),
        (L, SPECIAL, P2025_END, "443000"),
        (W, SPECIAL, P2024, "5538000"),
        (SOC, SPECIAL, P2025_END, "1000000"),
        # 2026–2027
        (W, OTHER, P2026, "5404000"),
        (W, CENTRAL, P2027_END, "5404000"),
        (S, CENTRAL, P2026, "140000"),
        (L, CENTRAL, P2027_END, "140000"),
        (S, OTHER, P2026, "216000"),
        (L, OTHER, P2027_END, "216000"),
        (SOC, OTHER, P2026, "750000"),
        (S, SPECIAL, P2026, "432000"),
        (L, SPECIAL, P2027_END, "432000"),
        (W, SPECIAL, P2026, "5404000"),
        (SOC, SPECIAL, P2027_END, "1000000"),
    ],
)
def test_threshold_for_each_column_and_period(
    kind: ContractKind, authority: Authority, on: date, expected: str
) -> None:
    assert threshold_for(kind, authority, on) == Decimal(expected)


@pytest.mark.parametrize("on", [date(2023, 12, 31), date(2028, 1, 1)])
def test_date_outside_every_period_names_modification_date(on: date) -> None:
    with pytest.raises(RuleInputError) as caught:
        threshold_for(S, OTHER, on)
    assert caught.value.field == "modification.date"
    assert on.isoformat() in caught.value.message


def test_modification_limits_come_from_the_data_file() -> None:
    limits = default_table().limits
    assert limits.de_minimis_share(W) == Decimal("0.15")
    assert limits.de_minimis_share(S) == Decimal("0.10")
    assert limits.de_minimis_share(L) == Decimal("0.10")
    assert limits.de_minimis_share(SOC) == Decimal("0.10")
    assert limits.capped_ground_share == Decimal("0.50")


def test_every_bundled_period_names_its_source() -> None:
    sources = [p.source for p in default_table().periods]
    assert any("2023/2495" in s for s in sources)
    assert any("2025/2150" in s for s in sources)


def test_override_adds_a_later_period() -> None:
    table = load_threshold_table({"periods": [_period("2028-01-01", "2029-12-31", "150000")]})
    assert threshold_for(S, CENTRAL, date(2028, 6, 1), table=table) == Decimal("150000")
    assert threshold_for(S, CENTRAL, P2026, table=table) == Decimal("140000")


def test_override_replaces_the_period_with_the_same_start() -> None:
    table = load_threshold_table({"periods": [_period("2026-01-01", "2027-12-31", "99000")]})
    assert threshold_for(W, OTHER, P2026, table=table) == Decimal("99000")
    assert len(table.periods) == len(default_table().periods)


def test_override_replaces_single_limits_and_keeps_the_others() -> None:
    table = load_threshold_table({"modification_limits": {"de_minimis_share_works": "0.05"}})
    assert table.limits.de_minimis_share(W) == Decimal("0.05")
    assert table.limits.de_minimis_share(S) == Decimal("0.10")


def test_overrides_do_not_change_the_default_table() -> None:
    load_threshold_table({"modification_limits": {"capped_ground_share": "0.25"}})
    assert default_table().limits.capped_ground_share == Decimal("0.50")


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"period": []}, "unknown keys"),
        ({"periods": [_period("2027-01-01", "2028-12-31")]}, "overlap"),
        ({"periods": [{**_period("2028-01-01", "2028-12-31"), "works": 5e6}]}, "works"),
        ({"periods": [{**_period("2028-01-01", "2028-12-31"), "works": "-1"}]}, "works"),
        ({"periods": [{**_period("2028-01-01", "2028-12-31"), "works": None}]}, "works"),
        (
            {
                "periods": [
                    {
                        k: v
                        for k, v in _period("2028-01-01", "2028-12-31").items()
                        if k != "social_services"
                    }
                ]
            },
            "social_services: missing",
        ),
        ({"periods": [_period("2029-01-01", "2028-12-31")]}, "before start"),
        ({"periods": [_period("2028-1-1", "2028-12-31")]}, "start"),
        ({"periods": {"start": "2028-01-01"}}, "expected a list"),
        ({"modification_limits": {"capped_ground_share": "1.5"}}, "capped_ground_share"),
        ({"modification_limits": ["0.1"]}, "modification_limits"),
        ({"modification_limits": {"de_minimis_share_work": "0.1"}}, "unknown keys"),
    ],
)
def test_bad_overrides_raise_config_error_naming_the_key(
    overrides: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError, match=key):
        load_threshold_table(overrides)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234.56", Decimal("1234.56")),
        (" 7 ", Decimal(7)),
        (5, Decimal(5)),
        (Decimal("1.5"), Decimal("1.5")),
    ],
)
def test_to_decimal_accepts_exact_amounts(value: object, expected: Decimal) -> None:
    assert to_decimal(value) == expected


@pytest.mark.parametrize("value", [1.5, True, "abc", "NaN", "Infinity", None, [1]])
def test_to_decimal_rejects_inexact_or_non_numbers(value: object) -> None:
    with pytest.raises(ValueError):
        to_decimal(value)


def test_to_date_reads_iso_dates_only() -> None:
    assert to_date("2026-03-01") == date(2026, 3, 1)
    assert to_date(date(2026, 3, 1)) == date(2026, 3, 1)
    for bad in ("2026-3-1", "20260301", "01-03-2026", 20260301, "2026-02-30"):
        with pytest.raises(ValueError):
            to_date(bad)
