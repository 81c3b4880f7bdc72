"""The confirm of a large upload runs in the background too: the checks that need no import
answer at once, the commit is a phase of the same job, and the job page ends on the import's
done page or on the refusal the confirm would have shown (thread runner)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from sroi_plugin.importing import jobs
from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.models import Contract
from sroi_plugin.models import ImportJob
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import utcnow
from sroi_plugin.web.portfolio.import_jobs import UNAVAILABLE_MESSAGE
from tests.helpers.import_jobs import job_url
from tests.helpers.import_jobs import poll
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import upload
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.redis_server import free_port
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import run_with
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import follow
from tests.helpers.web import text_of


@pytest.fixture
def procurement(app: Flask, client: FlaskClient, login: Callable[[str], None]) -> FlaskClient:
    """A procurement officer, with background imports from 4 rows on."""
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 3
    login("procurement")
    return client


def _previewed(client: FlaskClient, rows: list[list[object]]) -> tuple[str, str]:
    """Upload ``rows`` as a job and poll it to its preview: the job page and the preview."""
    url = job_url(upload(client, xlsx(rows), "groot.xlsx"))
    target, _shown, _body = poll(client.get, url)
    return url, client.get(target).get_data(as_text=True)


def _job(session: Session) -> ImportJob:
    job = session.scalars(select(ImportJob)).one()
    session.refresh(job)
    return job


def _csrf(client: FlaskClient) -> str:
    return csrf_token_of(client, START)


def test_the_confirm_is_committed_by_the_job_and_ends_on_the_done_page(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    url, preview = _previewed(procurement, [row(f"BG-{n}") for n in range(1, 7)])

    confirmed = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert (confirmed.status_code, confirmed.headers["Location"]) == (303, url)
    target, _shown, _body = poll(procurement.get, url)
    record = session.scalars(select(PortfolioImport)).one()
    assert target == f"/sroi/import/verwerkt/{record.id}"
    assert count(session, Contract) == 6
    job = _job(session)
    assert (job.state, job.import_id) == ("done", record.id)
    page = procurement.get(url)  # the job page stays the way to the done page
    assert (page.status_code, page.headers["Location"]) == (303, target)
    done = procurement.get(target).get_data(as_text=True)
    assert "groot.xlsx" in done
    assert kept_uploads(app) == []


def test_a_missing_checkbox_is_refused_at_once_and_queues_nothing(
    procurement: FlaskClient, session: Session
) -> None:
    url, preview = _previewed(
        procurement, [row("BG-1"), row("BG-2"), row("BG-3"), row("BG-4", {"Einddatum": "x"})]
    )

    refused = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert refused.status_code == 422
    assert "Vink aan dat u de geldige rijen toch wilt vastleggen" in refused.get_data(as_text=True)
    job = _job(session)
    assert (job.state, job.confirm_form) == ("done", None)
    ticked = procurement.post(
        confirm_url(preview), data={"csrf_token": _csrf(procurement), "allow_invalid": "y"}
    )
    assert ticked.headers["Location"] == url
    target, _shown, _body = poll(procurement.get, url)
    assert "/import/verwerkt/" in target
    assert count(session, Contract) == 3


def test_a_conflict_not_chosen_on_is_refused_at_once(
    procurement: FlaskClient, session: Session
) -> None:
    run_with(session, xlsx([row(f"GEM-{n}", {"SR-percentage": "12%"}) for n in range(1, 5)]))
    edit_in_panel(session, "GEM-2", "sr_percentage", Decimal("2.5"), text="2.5")
    _url, preview = _previewed(procurement, [row(f"GEM-{n}") for n in range(1, 5)])

    refused = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert refused.status_code == 422
    assert "kies bij 1 conflict(en)" in text_of(refused.get_data(as_text=True))
    assert _job(session).confirm_form is None  # nothing queued
    assert contract(session, "GEM-2").sr_percentage == Decimal("2.50")


def test_a_stale_confirm_ends_on_a_fresh_preview(
    procurement: FlaskClient, session: Session, make_contract: Callable[..., object]
) -> None:
    make_contract("GEM-A")
    rows = [row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})]
    rows += [row(f"BG-{n}") for n in range(1, 5)]
    url, preview = _previewed(procurement, rows)
    other = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.400.000"})])
    assert run(session, other, allow_mass_missing=True).committed

    confirmed = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})
    target, _shown, _body = poll(procurement.get, confirmed.headers["Location"])

    assert target == url  # the poll loads the job page in full to show the refusal
    refused = procurement.get(url)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert STALE_MESSAGE in html.unescape(page)
    assert "€ 1.400.000" in page  # the fresh preview compares with the new data
    assert contract(session, "GEM-A").value_total == 1400000
    again = procurement.post(confirm_url(page), data={"csrf_token": _csrf(procurement)})
    target, _shown, _body = poll(procurement.get, again.headers["Location"])
    assert "/import/verwerkt/" in target
    assert contract(session, "GEM-A").value_total == 1500000


def test_only_the_uploader_confirms_or_follows_the_commit(
    procurement: FlaskClient, session: Session, login: Callable[[str], None]
) -> None:
    url, preview = _previewed(procurement, [row(f"BG-{n}") for n in range(1, 7)])
    login("admin")

    refused = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert refused.status_code == 404
    assert procurement.get(url).status_code == 404
    assert _job(session).confirm_form is None
    assert count(session, Contract) == 0


def test_an_unreachable_queue_fails_the_confirm_in_dutch_and_writes_nothing(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    url, preview = _previewed(procurement, [row(f"BG-{n}") for n in range(1, 7)])
    app.extensions.pop("sroi_import_jobs")  # the next job goes to a Redis nobody listens on
    app.config.update(SROI_JOB_RUNNER="rq", SROI_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")

    confirmed = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert confirmed.headers["Location"] == url
    page = procurement.get(url, headers=HTMX).get_data(as_text=True)
    assert UNAVAILABLE_MESSAGE in html.unescape(text_of(page))
    assert 'hx-trigger="every 1s"' not in page
    job = _job(session)
    assert (job.state, job.error, job.runner) == ("failed", UNAVAILABLE_MESSAGE, "rq")
    assert count(session, Contract) == 0
    assert session.scalars(select(PortfolioImport)).all() == []
    preview_url = url.removesuffix("/voortgang")
    assert f'href="{preview_url}"' in page  # the preview stays: it may be confirmed later
    assert procurement.get(preview_url).status_code == 200


def test_a_stale_commit_keeps_the_conflict_choices_made(
    procurement: FlaskClient, session: Session
) -> None:
    choice = "keuze:sr_percentage:gem-2"
    rows = [row(f"GEM-{n}", {"SR-percentage": "12%"}) for n in range(1, 5)]
    run_with(session, xlsx(rows))
    edit_in_panel(session, "GEM-2", "sr_percentage", Decimal("2.5"), text="2.5")
    url, preview = _previewed(procurement, [row(f"GEM-{n}") for n in range(1, 5)])
    rows[0] = row("GEM-1", {"SR-percentage": "12%", "Contractwaarde": "1.400.000"})
    assert run_with(session, xlsx(rows), choose_all="plugin").committed  # lands meanwhile

    confirmed = procurement.post(
        confirm_url(preview), data={"csrf_token": _csrf(procurement), choice: "export"}
    )
    target, _shown, _body = poll(procurement.get, confirmed.headers["Location"])

    assert target == url
    refused = procurement.get(url)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert STALE_MESSAGE in html.unescape(page)
    assert re.search(rf'name="{choice}" value="export" checked', page)
    assert contract(session, "GEM-2").sr_percentage == Decimal("2.50")
    assert len(session.scalars(select(PortfolioImport)).all()) == 2  # run_with's only


def test_a_commit_whose_worker_went_away_may_be_confirmed_again(
    procurement: FlaskClient, session: Session
) -> None:
    url, preview = _previewed(procurement, [row(f"BG-{n}") for n in range(1, 7)])
    stale = utcnow() - jobs.STALLED_AFTER - timedelta(minutes=1)
    session.execute(  # as a commit whose process was restarted leaves its job
        update(ImportJob).values(
            state="running", phase="vastleggen", confirm_form={}, updated_at=stale
        )
    )
    session.commit()

    page = procurement.get(url, headers=HTMX).get_data(as_text=True)

    assert jobs.STALLED_COMMIT_MESSAGE in html.unescape(text_of(page))
    assert count(session, Contract) == 0
    again = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})
    target, _shown, _body = poll(procurement.get, again.headers["Location"])
    assert "/import/verwerkt/" in target
    assert count(session, Contract) == 6


def test_a_preview_made_in_its_request_above_the_threshold_confirms_in_the_background(
    app: Flask, procurement: FlaskClient, session: Session
) -> None:
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 10
    _url, preview = follow(
        procurement, upload(procurement, xlsx([row(f"BG-{n}") for n in range(6)]), "groot.xlsx")
    )
    app.config["SROI_BACKGROUND_IMPORT_ROWS"] = 3  # lowered before the confirm

    confirmed = procurement.post(confirm_url(preview), data={"csrf_token": _csrf(procurement)})

    assert confirmed.headers["Location"].endswith("/voortgang")
    target, _shown, _body = poll(procurement.get, confirmed.headers["Location"])
    assert "/import/verwerkt/" in target
    job = _job(session)
    assert (job.file_name, job.rows_total) == ("groot.xlsx", 6)
    assert count(session, Contract) == 6
