"""A job is reported interrupted when its worker went away: running and silent for 10 minutes,
or queued for a thread of a process that is gone; a job queued in Redis may wait longer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sroi_plugin.importing import jobs
from sroi_plugin.models import ImportJob
from sroi_plugin.models import utcnow

SILENT = jobs.STALLED_AFTER + timedelta(seconds=1)


@pytest.mark.parametrize(
    ("state", "runner", "silent_for", "expected"),
    [
        ("running", "thread", SILENT, True),
        ("running", "rq", SILENT, True),
        ("queued", "thread", SILENT, True),
        ("queued", "rq", SILENT, False),
        ("running", "thread", timedelta(minutes=9), False),
        ("done", "thread", SILENT, False),
        ("failed", "rq", SILENT, False),
    ],
)
def test_stalled(state: str, runner: str, silent_for: timedelta, expected: bool) -> None:
    now = utcnow()
    job = ImportJob(state=state, runner=runner, updated_at=now - silent_for)

    assert jobs.stalled(job, now) is expected
