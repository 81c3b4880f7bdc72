"""The read/compare pipeline reports its progress: phases in order, counts that only grow,
every 500 rows and not more often, and all rows at the end."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sroi_plugin.importing.apply import apply_portfolio
from sroi_plugin.importing.progress import REPORT_EVERY
from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.read import read_portfolio
from tests.helpers.clock import TODAY
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx

ROWS = 1_234


def test_reading_and_comparing_report_growing_figures(session: Session) -> None:
    calls: list[tuple[Phase, int, int]] = []
    data = xlsx([row(f"P-{number:05d}") for number in range(1, ROWS + 1)])

    def record(phase: Phase, rows_read: int, rows_checked: int) -> None:
        calls.append((phase, rows_read, rows_checked))

    read = read_portfolio(data, file_name="p.xlsx", max_bytes=10**8, progress=record)
    apply_portfolio(session, read, user=USER, today=TODAY, commit=False, progress=record)

    phases = [phase for phase, _read, _checked in calls]
    assert phases[0] == Phase.READING
    assert phases[-1] == Phase.COMPARING
    assert phases == sorted(phases, key=list(Phase).index)
    for (_, read_before, checked_before), (_, read_after, checked_after) in zip(
        calls, calls[1:], strict=False
    ):
        assert read_after >= read_before
        assert checked_after >= checked_before
    assert all(checked <= taken for _phase, taken, checked in calls)
    assert calls[-1][1:] == (ROWS, ROWS)
    # one report per 500 rows while checking, plus the opening, the last row and the comparison
    assert len(calls) == 1 + -(-ROWS // REPORT_EVERY) + 1 + 1
