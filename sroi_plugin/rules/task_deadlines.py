"""When a step's tasks are due: the step's start plus the organisation's term for that step.

The handreiking sets no terms for the steps of Bijlage I; these are the organisation's own
planning norms (``SROI_TASK_DUE_DAYS``), with defaults that follow the guide's description of
each step's work: a few weeks for the action plan, a tender's preparation for 2A, a quarter
for realising the jobs, a half-year review cycle for monitoring. A due date that falls on a
weekend or public holiday moves to the next working day (:mod:`rules.workdays`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from datetime import timedelta
from types import MappingProxyType

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.workdays import next_working_day

#: Days from a step's start to its tasks' due date, per step (the organisation may override).
DEFAULT_TASK_DUE_DAYS: Mapping[str, int] = MappingProxyType(
    {"1": 42, "2A": 90, "2B": 60, "3": 90, "4": 180, "5": 60}
)
#: The longest term accepted (a typo such as 3650 should not push tasks years away).
MAX_TASK_DUE_DAYS = 730


def load_task_due_days(overrides: Mapping[str, object] | None = None) -> Mapping[str, int]:
    """The terms per step with the organisation's overrides (``{"3": 120}`` changes step 3).

    :raises ConfigError: for an unknown step or a term that is not 1 to
        :data:`MAX_TASK_DUE_DAYS` whole days, naming the step.
    """
    days = dict(DEFAULT_TASK_DUE_DAYS)
    for step, value in (overrides or {}).items():
        if step not in STEPS:
            raise ConfigError(
                f"SROI_TASK_DUE_DAYS: unknown step {step!r}; known: {', '.join(STEPS)}"
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= MAX_TASK_DUE_DAYS
        ):
            raise ConfigError(
                f"SROI_TASK_DUE_DAYS[{step!r}] must be a whole number of days from 1 to "
                f"{MAX_TASK_DUE_DAYS}, got {value!r}"
            )
        days[step] = value
    return MappingProxyType(days)


def task_due_date(step: str, started: date, days: Mapping[str, int] | None = None) -> date:
    """The due date of the tasks of ``step`` when the partnership entered it on ``started``:
    ``started`` plus the step's term, moved to the next working day."""
    terms = DEFAULT_TASK_DUE_DAYS if days is None else days
    return next_working_day(started + timedelta(days=terms[step]))
