"""The period chart's geometry: bars per period, cumulative line, obligation and schedule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sroi_plugin.monitoring.chart import build_chart
from sroi_plugin.rules.monitoring import Period
from tests.helpers.monitoring import quarter


def test_nothing_to_draw_without_reports_or_term() -> None:
    chart = build_chart(
        obligation=None, term_start=None, term_end=None, periods=[], today=date(2026, 1, 1)
    )
    assert chart is None


def test_bars_line_and_reference_lines() -> None:
    chart = build_chart(
        obligation=Decimal("40000"),
        term_start=date(2025, 1, 1),
        term_end=date(2026, 12, 31),
        periods=[(quarter(2025, 2), Decimal("5000")), (quarter(2025, 1), Decimal("10000"))],
        today=date(2025, 7, 1),
    )
    assert chart is not None
    first, second = chart.bars
    assert first.x < second.x  # sorted by period
    assert first.height > second.height  # € 10.000 before € 5.000
    assert first.label == "01-01-2025 t/m 31-03-2025: € 10.000"
    points = chart.cumulative.split()
    assert len(points) == 3
    assert [float(v) for v in points[0].split(",")] == [chart.left, chart.bottom]
    assert chart.obligation is not None and chart.schedule is not None
    assert chart.schedule.x1 == chart.left and chart.schedule.x2 == chart.right
    assert chart.schedule.y2 == chart.obligation.y1
    assert chart.today is not None and chart.left < chart.today.x1 < chart.right
    assert [tick.label for tick in chart.x_ticks] == ["01-01-2025", "31-12-2026"]
    assert chart.y_ticks[-1].label == "€ 40.000"


def test_reports_beyond_the_term_stay_inside_the_plot() -> None:
    chart = build_chart(
        obligation=Decimal("1000"),
        term_start=date(2025, 1, 1),
        term_end=date(2025, 6, 30),
        periods=[(Period(date(2025, 4, 1), date(2025, 9, 30)), Decimal("3000"))],
        today=date(2026, 1, 1),
    )
    assert chart is not None
    (bar,) = chart.bars
    assert chart.left <= bar.x and bar.x + bar.width <= chart.right
    assert bar.y >= chart.top
    assert chart.today is None  # today lies after everything drawn
