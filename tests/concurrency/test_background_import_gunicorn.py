"""A 50,000-row register read and previewed through the web app as production serves it:
gunicorn, two worker processes, its default 30-second worker timeout. The upload answers at
once, the job page is polled to the end from whichever worker answers, then the preview opens;
the confirm answers at once too, and the same job page is polled until the 50,000 contracts
are committed and it moves on to the import's done page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks.import_bench import portfolio_file
from sroi_plugin.models import Contract
from sroi_plugin.models import ImportJob
from tests.helpers.http_site import Browser
from tests.helpers.import_jobs import poll
from tests.helpers.portfolio import count
from tests.helpers.redis_server import free_port
from tests.helpers.web import text_of

ROWS = 50_000
#: gunicorn's own default worker timeout: no request may come near it
GUNICORN_DEFAULT_TIMEOUT = 30.0
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def _gunicorn(database_url: str, instance: Path, log: Path) -> Iterator[int]:
    port = free_port()
    env = {
        **os.environ,
        "SROI_GUNICORN_DATABASE_URL": database_url,
        "SROI_GUNICORN_INSTANCE": str(instance),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            str(log),
            "tests.helpers.gunicorn_app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text() if log.exists() else "gunicorn exited"
            try:
                if Browser(port).get("/contracten").status_code == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_50000_row_register_imports_in_the_background_under_gunicorn(
    app: Flask, session: Session, database_url: str, tmp_path: Path
) -> None:
    data = portfolio_file(ROWS, Path(tempfile.gettempdir())).read_bytes()
    log = tmp_path / "gunicorn.log"
    with _gunicorn(database_url, tmp_path / "instance", log) as port:
        browser = Browser(port)
        browser.act_as("procurement")
        uploaded = browser.upload("/sroi/import", "/sroi/import", "register.xlsx", data)
        assert uploaded.status_code == 303, uploaded.text[-2000:]
        job = uploaded.headers["Location"]
        assert job.endswith("/voortgang")

        preview_url, shown, _body = poll(browser.get, job, timeout=600)

        assert preview_url, "the job ended without a preview"
        assert any(0 < seen.rows_checked < ROWS for seen in shown), shown[:5]
        for before, after in zip(shown, shown[1:], strict=False):
            assert (after.rows_read, after.rows_checked) >= (before.rows_read, before.rows_checked)
        preview = browser.get(preview_url)
        assert preview.status_code == 200
        assert "Voorvertoning import — register.xlsx" in text_of(preview.text)
        confirm = re.search(r'action="([^"]+/bevestigen)"', preview.text)
        assert confirm

        confirmed = browser.post(confirm.group(1), {}, "/sroi/import")
        assert (confirmed.status_code, confirmed.headers["Location"]) == (303, job)
        started = time.monotonic()
        done_url, _shown, _body = poll(browser.get, job, timeout=600)
        committed_in = time.monotonic() - started

        assert "/sroi/import/verwerkt/" in done_url, done_url
        done = browser.get(done_url)
        assert done.status_code == 200
        assert "register.xlsx" in done.text

    slowest = max(answer.seconds for answer in browser.answers)
    assert slowest < GUNICORN_DEFAULT_TIMEOUT, slowest
    assert "WORKER TIMEOUT" not in log.read_text()
    job = session.scalars(select(ImportJob)).one()
    assert (job.state, job.rows_read, job.rows_checked) == ("done", ROWS, ROWS)
    assert job.import_id is not None and done_url.endswith(f"/{job.import_id}")
    assert count(session, Contract) == ROWS
    print(f"slowest_request_s={slowest:.2f} confirm_polled_s={committed_in:.1f}")
