"""The progress meeting's item for a contract behind schedule (handreiking stap 4a)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.rules.monitoring import progress
from sroi_plugin.rules.recovery import recovery_item
from sroi_plugin.rules.recovery import recovery_source


def test_the_item_carries_the_figures_and_a_source_per_contract() -> None:
    result = progress(
        Decimal(60000), Decimal(1000), date(2025, 1, 1), date(2028, 12, 31), date(2026, 11, 25)
    )
    item = recovery_item("GEM-2025-0001", result, date(2026, 11, 25))
    assert item.title == "Social return achter op schema: contract GEM-2025-0001"
    assert item.description == (
        "Gerealiseerd € 1.000 van de verplichting van € 60.000 (2%), terwijl 47% van de looptijd "
        "voorbij is (stand 25-11-2026)."
    )
    assert item.source == "monitoring: achter op schema (GEM-2025-0001)"
    assert any("actiepunt met eigenaar en termijn" in point for point in item.points)


def test_the_source_fits_the_column_whatever_the_reference() -> None:
    assert len(recovery_source("X" * 400)) == 300
