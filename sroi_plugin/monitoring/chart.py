"""Lay out the period-by-period chart of a contract: realised value against the obligation.

Pure geometry for a server-rendered SVG (``templates/sroi/svg/monitoring_chart.svg``): a bar
per reported period (value realised in it), the cumulative line, the obligation line, the
"on schedule" line from nothing at the start to the full obligation at the end of the term,
and today. No external chart service, no script, no inline style.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.months import next_day

WIDTH = 640
HEIGHT = 240
_LEFT = 84
_RIGHT = 16
_TOP = 16
_BOTTOM = 32
_HEADROOM = Decimal("1.1")


@dataclass(frozen=True)
class Bar:
    """One reported period."""

    x: float
    y: float
    width: float
    height: float
    #: tooltip and accessible text, e.g. "01-07-2026 t/m 30-09-2026: € 12.345"
    label: str


@dataclass(frozen=True)
class Tick:
    """An axis label at a position (x for the time axis, y for the euro axis)."""

    at: float
    label: str


@dataclass(frozen=True)
class Line:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple[Bar, ...]
    #: polyline points of the cumulative realised value
    cumulative: str
    obligation: Line | None
    schedule: Line | None
    today: Line | None
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    #: one-sentence Dutch description for screen readers
    description: str


def _domain(term_start: date | None, term_end: date | None, periods: Sequence[Period]) -> Period:
    starts = [p.start for p in periods] + ([term_start] if term_start else [])
    ends = [p.end for p in periods] + ([term_end] if term_end else [])
    return Period(min(starts), max(max(ends), min(starts)))


#: at most this many year labels on the time axis (a term of decades labels every n-th year)
_MAX_YEAR_TICKS = 12


def _x_ticks(domain: Period, x: Callable[[date], float]) -> tuple[Tick, ...]:
    """Year boundaries; the term's first and last day when it spans no new year."""
    years = domain.end.year - domain.start.year
    step = max(1, -(-years // _MAX_YEAR_TICKS))
    ticks = [
        Tick(x(date(year, 1, 1)), str(year))
        for year in range(domain.start.year + 1, domain.end.year + 1, step)
    ]
    if len(ticks) < 2:
        ticks = [
            Tick(x(domain.start), format_date(domain.start)),
            Tick(x(next_day(domain.end)), format_date(domain.end)),
        ]
    return tuple(ticks)


def build_chart(
    *,
    obligation: Decimal | None,
    term_start: date | None,
    term_end: date | None,
    periods: Sequence[tuple[Period, Decimal]],
    today: date,
) -> Chart | None:
    """The chart, or ``None`` when there is nothing to draw (no reports and no term)."""
    spans = [period for period, _ in periods]
    if not spans and (term_start is None or term_end is None):
        return None
    domain = _domain(term_start, term_end, spans)
    plot_width = WIDTH - _LEFT - _RIGHT
    plot_height = HEIGHT - _TOP - _BOTTOM
    # days run from the first day's start to the last day's end (both included)
    days = (domain.end - domain.start).days + 1

    def x(day: date) -> float:
        return round(_LEFT + plot_width * (day - domain.start).days / days, 1)

    running = Decimal(0)
    cumulative_values = []
    for _, value in sorted(periods, key=lambda item: item[0].start):
        running += value
        cumulative_values.append(running)
    top_value = max([obligation or Decimal(0), running, *(v for _, v in periods)]) * _HEADROOM
    top_value = top_value or Decimal(1)

    def y(value: Decimal) -> float:
        return round(_TOP + plot_height * float(1 - value / top_value), 1)

    bars = []
    points = [f"{x(domain.start)},{y(Decimal(0))}"]
    ordered = sorted(periods, key=lambda item: item[0].start)
    for (period, value), total in zip(ordered, cumulative_values, strict=True):
        left, right = x(period.start), x(next_day(period.end))
        top = y(value)
        label = f"{format_date(period.start)} t/m {format_date(period.end)}: {format_eur(value)}"
        bars.append(
            Bar(left + 1, top, max(right - left - 2, 1.0), round(y(Decimal(0)) - top, 1), label)
        )
        points.append(f"{right},{y(total)}")
    obligation_line = schedule = None
    if obligation:
        obligation_line = Line(_LEFT, y(obligation), WIDTH - _RIGHT, y(obligation))
        if term_start and term_end and term_end > term_start:
            schedule = Line(x(term_start), y(Decimal(0)), x(next_day(term_end)), y(obligation))
    today_line = (
        Line(x(today), _TOP, x(today), HEIGHT - _BOTTOM)
        if domain.start <= today <= domain.end
        else None
    )
    y_ticks = [Tick(y(Decimal(0)), format_eur(0))]
    if obligation:
        y_ticks.append(Tick(y(obligation), format_eur(obligation)))
    elif running:
        y_ticks.append(Tick(y(running), format_eur(running)))
    description = (
        f"Gerealiseerd {format_eur(running)} over {len(periods)} "
        f"{'periode' if len(periods) == 1 else 'periodes'}"
        + (f", tegen een verplichting van {format_eur(obligation)}." if obligation else ".")
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=_LEFT,
        right=WIDTH - _RIGHT,
        top=_TOP,
        bottom=HEIGHT - _BOTTOM,
        bars=tuple(bars),
        cumulative=" ".join(points),
        obligation=obligation_line,
        schedule=schedule,
        today=today_line,
        x_ticks=_x_ticks(domain, x),
        y_ticks=tuple(y_ticks),
        description=description,
    )
