"""Large uploads are read and previewed in the background: progress page, leave and come back,
the usual preview and confirm afterwards, failures as a Dutch message (thread runner)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from sroi_plugin.importing import jobs
from sroi_plugin.importing.read import NO_CONTRACT_ROWS_MESSAGE
from sroi_plugin.models import Contract
from sroi_plugin.models import ImportJob
from sroi_plugin.models import utcnow
from tests.helpers.import_jobs import job_url
from tests.helpers.import_jobs import poll
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import upload
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import text_of


@pytest.fixture
def procurement(app: Flask, client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    """A procurement officer, with background imports from 4 rows on."""
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 3
    login("procurement")
    return client


def _register(rows: int) -> bytes:
    return xlsx([row(f"BG-{number:05d}") for number in range(1, rows + 1)])


def _job(session: Session) -> ImportJob:
    found = session.scalars(select(ImportJob)).all()
    assert len(found) == 1
    session.refresh(found[0])
    return found[0]


def test_a_large_upload_is_previewed_in_the_background_then_confirmed(
    procurement: FlaskClient, session: Session
) -> None:
    response = upload(procurement, _register(6), "groot.xlsx")
    assert response.status_code == 303
    url = job_url(response)

    target, _shown, _body = poll(procurement.get, url)

    assert target.endswith(url.removesuffix("/voortgang"))
    job = _job(session)
    assert (job.state, job.phase, job.runner) == ("done", "klaar", "thread")
    assert (job.rows_total, job.rows_read, job.rows_checked) == (7, 6, 6)
    preview = procurement.get(target).get_data(as_text=True)
    assert "Voorvertoning import — groot.xlsx" in text_of(preview)
    assert count(session, Contract) == 0
    confirmed = procurement.post(
        confirm_url(preview), data={"csrf_token": csrf_token_of(procurement, START)}
    )
    assert (confirmed.status_code, confirmed.headers["Location"]) == (303, url)
    done, _shown, _body = poll(procurement.get, url)
    assert "/sroi/import/verwerkt/" in done
    assert count(session, Contract) == 6


def test_a_small_upload_is_still_previewed_in_the_request(
    procurement: FlaskClient, session: Session
) -> None:
    response = upload(procurement, _register(2))
    assert response.status_code == 303
    assert not response.headers["Location"].endswith("/voortgang")
    assert session.scalars(select(ImportJob)).all() == []


def test_progress_only_grows_and_ends_at_every_row(
    procurement: FlaskClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs, "WRITE_INTERVAL", 0.0)  # store every report (each 500 rows)
    response = upload(procurement, _register(3000))

    target, shown, _body = poll(procurement.get, job_url(response))

    assert target
    for before, after in zip(shown, shown[1:], strict=False):
        assert after.rows_read >= before.rows_read
        assert after.rows_checked >= before.rows_checked
    assert all(seen.rows_checked <= seen.rows_read <= seen.rows_total for seen in shown)
    job = _job(session)
    assert (job.rows_read, job.rows_checked, job.rows_total) == (3000, 3000, 3001)


def test_the_user_may_leave_and_come_back(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    url = job_url(upload(procurement, _register(5), "later.xlsx"))
    poll(procurement.get, url)

    start = procurement.get(START).get_data(as_text=True)
    assert "Uw imports op de achtergrond" in start
    assert f'href="{url}"' in start
    again = procurement.get(url)  # the job URL stays valid: on to the same preview
    assert again.status_code == 303
    preview = procurement.get(again.headers["Location"]).get_data(as_text=True)
    assert "Voorvertoning import — later.xlsx" in text_of(preview)


def test_a_failed_job_says_why_in_dutch_and_drops_the_upload(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 0
    url = job_url(upload(procurement, xlsx([]), "leeg.xlsx"))

    target, _shown, body = poll(procurement.get, url)

    assert target == ""
    assert NO_CONTRACT_ROWS_MESSAGE in html.unescape(text_of(body))
    assert 'role="alert"' in body
    job = _job(session)
    assert (job.state, job.error) == ("failed", NO_CONTRACT_ROWS_MESSAGE)
    assert kept_uploads(app) == []
    assert "mislukt" in procurement.get(START).get_data(as_text=True)


def test_a_job_whose_worker_went_away_ends_as_failed(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    url = job_url(upload(procurement, _register(5)))
    poll(procurement.get, url)
    stale = utcnow() - jobs.STALLED_AFTER - timedelta(minutes=1)
    session.execute(
        update(ImportJob).values(state="running", phase="controleren", updated_at=stale)
    )
    session.commit()

    page = procurement.get(url, headers=HTMX).get_data(as_text=True)

    assert "de server is herstart" in page
    assert _job(session).state == "failed"
    assert kept_uploads(app) == []


def test_only_the_uploader_sees_the_job(
    procurement: FlaskClient, login: Callable[[str], None]
) -> None:
    url = job_url(upload(procurement, _register(5)))
    poll(procurement.get, url)
    login("admin")

    assert procurement.get(url).status_code == 404
