"""Background imports on RQ: the upload queues the job in a real Redis, a real RQ worker (in
burst mode) runs it with the app, the web app shows the preview, and the confirm is committed
by the worker too."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.jobs import RQ_QUEUE
from sroi_plugin.models import Contract
from sroi_plugin.models import ImportJob
from tests.helpers.import_jobs import job_url
from tests.helpers.import_jobs import poll
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import upload
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.redis_server import free_port
from tests.helpers.redis_server import redis_url
from tests.helpers.redis_server import run_burst
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_url(tmp_path_factory.mktemp("redis")) as url:
        yield url


def test_an_rq_worker_runs_the_background_import(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    session: Session,
    redis: str,
    tmp_path: Path,
) -> None:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis)
    queue = Queue(RQ_QUEUE, connection=connection)
    queue.empty()
    app.config.update(SROI_JOB_RUNNER="rq", SROI_REDIS_URL=redis, SROI_BACKGROUND_IMPORT_ROWS=3)
    login("procurement")
    url = job_url(upload(client, xlsx([row(f"RQ-{n}") for n in range(1, 7)]), "rq.xlsx"))

    waiting = client.get(url, headers=HTMX).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in waiting  # nothing runs it until a worker comes
    job = session.scalars(select(ImportJob)).one()
    assert (job.state, job.runner) == ("queued", "rq")
    assert job.runner_job_id in queue.job_ids
    session.rollback()  # the requests below share this app context's session

    with app.app_context():  # the worker process's app (sroi_plugin.jobs_worker uses it)
        assert run_burst(queue, connection)

    target, _shown, _body = poll(client.get, url)
    session.refresh(job)
    assert (job.state, job.rows_read, job.rows_checked) == ("done", 6, 6)
    preview = client.get(target).get_data(as_text=True)
    confirmed = client.post(confirm_url(preview), data={"csrf_token": csrf_token_of(client, START)})
    assert (confirmed.status_code, confirmed.headers["Location"]) == (303, url)

    committing = client.get(url, headers=HTMX).get_data(as_text=True)
    assert 'hx-trigger="every 1s"' in committing  # the commit waits for a worker too
    assert "vastleggen" in committing
    session.refresh(job)
    assert (job.state, job.phase) == ("queued", "vastleggen")
    assert count(session, Contract) == 0
    session.rollback()
    with app.app_context():
        assert run_burst(queue, connection)

    done, _shown, _body = poll(client.get, url)
    session.refresh(job)
    assert done == f"/sroi/import/verwerkt/{job.import_id}"
    assert count(session, Contract) == 6
    assert "rq.xlsx" in client.get(done).get_data(as_text=True)


def test_an_unreachable_redis_fails_the_job_with_a_dutch_message(
    app: Flask, client: FlaskClient, login: Callable[[str], None], session: Session
) -> None:
    app.config.update(
        SROI_JOB_RUNNER="rq",
        SROI_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        SROI_BACKGROUND_IMPORT_ROWS=3,
    )
    login("procurement")
    url = job_url(upload(client, xlsx([row(f"RQ-{n}") for n in range(1, 7)])))

    page = client.get(url).get_data(as_text=True)

    assert "niet bereikbaar" in page
    assert session.scalars(select(ImportJob)).one().state == "failed"
    assert kept_uploads(app) == []
