"""Background import jobs: their state in the database, and the runners that run them.

A large upload is read and previewed as a job, not inside the web request (see the README,
"Background imports"). The job's state lives in its :class:`~sroi_plugin.models.ImportJob` row,
so any web process can answer "how far": :class:`JobStore` writes it in short transactions of
its own, apart from the session the import uses. Two runners sit behind :class:`JobRunner`:

* :class:`ThreadRunner` (``SROI_JOB_RUNNER = "thread"``, the default): a daemon thread of the
  web process, at most :data:`THREADS` at a time, each with the app context pushed (so its own
  database session);
* :class:`RqRunner` (``"rq"``): the job is put on the Redis queue :data:`RQ_QUEUE` and an RQ
  worker started with the host's app runs :data:`RQ_FUNCTION`. ``rq`` and ``redis`` are only
  imported when this runner is used.

Either way the upload's bytes reach the job through the pending-upload store in the instance
folder (:mod:`.uploads`), which the preview and the confirm already share: several machines need
that folder shared.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import Final
from typing import Protocol
from typing import cast

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import update

from sroi_plugin.importing.progress import Phase
from sroi_plugin.importing.progress import Progress
from sroi_plugin.models import ImportJob
from sroi_plugin.models import utcnow

__all__ = [
    "DONE",
    "FAILED",
    "QUEUED",
    "RQ_FUNCTION",
    "RQ_QUEUE",
    "RUNNING",
    "JobRunner",
    "JobStore",
    "RqRunner",
    "ThreadRunner",
]

QUEUED: Final = "queued"
RUNNING: Final = "running"
DONE: Final = "done"
FAILED: Final = "failed"
#: Progress is written at most once in this many seconds (and at every change of phase): the
#: job page polls once a second, and each write is a commit of its own.
WRITE_INTERVAL: Final = 1.0
#: A job not heard of for this long has lost its worker (the process was restarted).
STALLED_AFTER: Final = timedelta(minutes=10)
#: Dutch message of a job whose worker went away.
STALLED_MESSAGE: Final = (
    "De import is onderbroken: de server is herstart terwijl het bestand werd gelezen. Er is "
    "niets opgeslagen. Upload het bestand opnieuw."
)
#: Dutch message of a commit whose worker went away (its transaction was rolled back).
STALLED_COMMIT_MESSAGE: Final = (
    "De import is onderbroken: de server is herstart terwijl de import werd vastgelegd. Er is "
    "niets opgeslagen. Bevestig de voorvertoning opnieuw."
)
#: Threads of :class:`ThreadRunner` that run jobs at the same time.
THREADS: Final = 2
#: The Redis queue RQ workers for the plugin listen on (``rq worker sroi``).
RQ_QUEUE: Final = "sroi"
#: What an RQ worker runs: importable from the worker, creates the host's app.
RQ_FUNCTION: Final = "sroi_plugin.jobs_worker.run_import_job"
#: Seconds an RQ worker lets one job run before it stops it.
RQ_JOB_TIMEOUT: Final = 3600

_log = logging.getLogger(__name__)
_TABLE: Final = cast(Table, ImportJob.__table__)


class JobStore:
    """Writes a job's state, each change committed at once in a transaction of its own."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _set(self, job_id: int, *conditions: Any, **values: Any) -> bool:
        table = _TABLE
        with self._engine.begin() as connection:
            changed = connection.execute(
                update(table)
                .where(table.c.id == job_id, *conditions)
                .values(updated_at=utcnow(), **values)
            )
        return bool(changed.rowcount)

    def claim(self, job_id: int, phase: Phase = Phase.READING) -> bool:
        """Mark a queued job running; ``False`` when another worker took it or it is gone."""
        table = _TABLE
        return self._set(
            job_id,
            table.c.state == QUEUED,
            state=RUNNING,
            phase=phase.value,
            started_at=utcnow(),
        )

    def done(self, job_id: int) -> None:
        self._set(job_id, state=DONE, phase=Phase.DONE.value, finished_at=utcnow())

    def queue_commit(self, job_id: int, confirm_form: dict[str, str], runner: str) -> bool:
        """Queue the commit of a previewed job with the confirm as posted, for ``runner``;
        ``False`` when the job is queued or running already (a second click on "Bevestigen")."""
        table = _TABLE
        return self._set(
            job_id,
            table.c.state.in_((DONE, FAILED)),
            state=QUEUED,
            runner=runner,
            phase=Phase.COMMITTING.value,
            confirm_form=confirm_form,
            outcome=None,
            import_id=None,
            error=None,
            finished_at=None,
        )

    def committed(self, job_id: int, outcome: dict[str, Any], import_id: int | None) -> None:
        """End a commit: the import it wrote, or the confirm's refusal as data."""
        self._set(
            job_id,
            state=DONE,
            phase=Phase.DONE.value,
            outcome=outcome,
            import_id=import_id,
            finished_at=utcnow(),
        )

    def fail(self, job_id: int, message: str) -> None:
        """End the job as failed with a Dutch message (never a cell value)."""
        self._set(job_id, state=FAILED, error=message, finished_at=utcnow())

    def progress(self, job_id: int) -> Progress:
        """A :class:`~.progress.Progress` that stores the figures, at most once per
        :data:`WRITE_INTERVAL` seconds and at every change of phase."""
        last_phase: list[Phase | None] = [None]
        last_write = [0.0]

        def report(phase: Phase, rows_read: int, rows_checked: int) -> None:
            now = time.monotonic()
            if phase == last_phase[0] and now - last_write[0] < WRITE_INTERVAL:
                return
            last_phase[0], last_write[0] = phase, now
            self._set(job_id, phase=phase.value, rows_read=rows_read, rows_checked=rows_checked)

        return report


def stalled(job: ImportJob, now: datetime) -> bool:
    """Whether a job has not been heard of for :data:`STALLED_AFTER` while it should be:
    running anywhere, or queued for a thread (a job queued in Redis may wait for a worker)."""
    updated = job.updated_at
    if updated.tzinfo is None:  # SQLite gives naive datetimes back
        updated = updated.replace(tzinfo=now.tzinfo)
    waiting = job.state == RUNNING or (job.state == QUEUED and job.runner == ThreadRunner.name)
    return waiting and now - updated > STALLED_AFTER


class JobRunner(Protocol):
    """Runs an import job somewhere else than the request that created it."""

    #: stored in :attr:`ImportJob.runner`: ``thread`` or ``rq``
    name: str

    def submit(self, job_id: int) -> str | None:
        """Start or queue the job; the runner's id for it, if it has one."""
        ...


class ThreadRunner:
    """Runs jobs in daemon threads of this process, :data:`THREADS` at a time.

    A job waiting for a free thread stays ``queued``. Jobs die with the process (a restart of
    the web server): the page then reports them as interrupted (:func:`stalled`).
    """

    name = "thread"

    def __init__(self, app: Flask, work: Callable[[int], None], threads: int = THREADS) -> None:
        self._app = app
        self._work = work
        self._slots = threading.BoundedSemaphore(threads)

    def submit(self, job_id: int) -> str | None:
        thread = threading.Thread(
            target=self._run, args=(job_id,), name=f"sroi-import-{job_id}", daemon=True
        )
        thread.start()
        return thread.name

    def _run(self, job_id: int) -> None:
        with self._slots, self._app.app_context():
            try:
                self._work(job_id)
            except Exception:  # the job records its own failures; this is a bug
                _log.exception("background import %s failed", job_id)


class RqRunner:
    """Puts jobs on the Redis queue :data:`RQ_QUEUE` for RQ workers (``rq worker sroi``)."""

    name = "rq"

    def __init__(self, redis_url: str, queue: str = RQ_QUEUE) -> None:
        from redis import Redis
        from rq import Queue

        self.queue = Queue(queue, connection=Redis.from_url(redis_url))

    def submit(self, job_id: int) -> str | None:
        job = self.queue.enqueue(
            RQ_FUNCTION,
            job_id,
            job_timeout=RQ_JOB_TIMEOUT,
            result_ttl=0,
            description=f"sroi import job {job_id}",
        )
        return str(job.id)
