"""A monitoring upload over the monitoring read budget (far below a portfolio's) is refused
within seconds with a Dutch message; a filled template passes."""

from __future__ import annotations

import time
from datetime import date

import pytest

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.safety import MONITORING_BUDGET
from sroi_plugin.importing.safety import PORTFOLIO_BUDGET
from sroi_plugin.monitoring.report import read_report
from sroi_plugin.rules.monitoring import default_monitoring_settings
from tests.helpers.bombs import shared_strings_bomb
from tests.helpers.bombs import wide_rows_bomb
from tests.helpers.monitoring import filled

TODAY = date(2026, 11, 25)
MAX_BYTES = 50 * 1024 * 1024
TOO_BIG = "Het bestand is te groot om te verwerken: "
#: generous: the refusals take well under a second; the old reader took minutes
SECONDS = 10


def refused(data: bytes) -> tuple[str, float]:
    start = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        read_report(data, settings=default_monitoring_settings(), today=TODAY, max_bytes=MAX_BYTES)
    return str(caught.value), time.monotonic() - start


def test_the_monitoring_budget_is_far_below_the_portfolio_budget() -> None:
    assert MONITORING_BUDGET.max_cells * 5 <= PORTFOLIO_BUDGET.max_cells
    monitoring, portfolio = MONITORING_BUDGET, PORTFOLIO_BUDGET
    assert monitoring.max_shared_strings_bytes * 10 < portfolio.max_shared_strings_bytes


@pytest.mark.parametrize(("inflated_mb", "shown"), [(160, "157,5 MB"), (12, "11,8 MB")])
def test_shared_strings_past_the_budget_are_refused_in_seconds(
    inflated_mb: int, shown: str
) -> None:
    message, seconds = refused(shared_strings_bomb(inflated_mb))
    assert seconds < SECONDS
    assert message.startswith(f"{TOO_BIG}de teksten zijn uitgepakt {shown}, de limiet is 8 MB.")


def test_rows_times_columns_past_the_budget_are_refused_in_seconds() -> None:
    message, seconds = refused(wide_rows_bomb())
    assert seconds < SECONDS
    assert message.startswith(f"{TOO_BIG}de werkbladen bevatten meer dan 2.000.000 cellen")


def test_a_filled_template_is_within_the_budget() -> None:
    report = read_report(
        filled(), settings=default_monitoring_settings(), today=TODAY, max_bytes=MAX_BYTES
    )
    assert report.problems == [] and report.rows
