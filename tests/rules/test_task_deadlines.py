"""Due dates of a step's tasks: the step's start plus the organisation's term."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.task_deadlines import DEFAULT_TASK_DUE_DAYS
from sroi_plugin.rules.task_deadlines import load_task_due_days
from sroi_plugin.rules.task_deadlines import task_due_date


def test_every_step_has_a_default_term() -> None:
    assert set(DEFAULT_TASK_DUE_DAYS) == set(STEPS)


def test_due_is_start_plus_the_steps_term() -> None:
    assert task_due_date("1", date(2026, 11, 25)) == date(2027, 1, 6)  # + 42 days, a Wednesday


def test_a_due_date_on_a_weekend_or_holiday_moves_to_the_next_working_day() -> None:
    # + 60 days = Sunday 24-01-2027
    assert task_due_date("2B", date(2026, 11, 25)) == date(2027, 1, 25)
    # + 42 days = Friday 25-12-2026 (Kerst): Monday 28-12-2026
    assert task_due_date("1", date(2026, 11, 13)) == date(2026, 12, 28)


def test_overrides_change_one_step() -> None:
    days = load_task_due_days({"3": 120})
    assert days["3"] == 120 and days["1"] == DEFAULT_TASK_DUE_DAYS["1"]
    assert task_due_date("3", date(2026, 1, 5), days) == date(2026, 5, 5 + 1)  # 5 mei: off


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"6": 10}, "unknown step '6'"),
        ({"1": 0}, "SROI_TASK_DUE_DAYS['1'] must be a whole number of days from 1 to 730"),
        ({"1": "30"}, "got '30'"),
        ({"1": True}, "got True"),
    ],
)
def test_bad_overrides_name_the_step(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_task_due_days(overrides)
