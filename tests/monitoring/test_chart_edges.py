"""The chart with a term or a period ending on the calendar's last day (stored before bounds)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.monitoring.chart import build_chart
from sroi_plugin.rules.monitoring import Period
from tests.helpers.monitoring import quarter


def test_a_term_ending_31_12_9999_draws_with_a_few_year_labels() -> None:
    chart = build_chart(
        obligation=Decimal(100000),
        term_start=date(2025, 1, 1),
        term_end=date(9999, 12, 31),
        periods=[(quarter(2026, 3), Decimal(5000))],
        today=date(2026, 11, 25),
    )
    assert chart is not None
    assert chart.schedule is not None
    assert 2 <= len(chart.x_ticks) <= 13


def test_a_period_ending_31_12_9999_draws() -> None:
    chart = build_chart(
        obligation=None,
        term_start=None,
        term_end=None,
        periods=[(Period(date(2026, 10, 1), date(9999, 12, 31)), Decimal(5000))],
        today=date(2026, 11, 25),
    )
    assert chart is not None and len(chart.bars) == 1
