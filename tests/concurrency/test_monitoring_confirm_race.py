"""A monitoring upload confirmed twice at the same moment: one report, the other is told.

A double click on "Rapportage vastleggen" without JavaScript sends the same confirm twice. Both
requests find the kept upload and both see no current report for the period. The first to
insert its report is paused inside its transaction until the second has sent its own INSERT
(PostgreSQL: the second waits on the unique index's lock; SQLite: on the writer lock); then it
commits. The database's "one current report per contract and period" must refuse the second,
which answers 409 with a Dutch message, never a 500 and never a second current report.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.monitoring.importer import CONFLICT_MESSAGE
from sroi_plugin.rules.dutch import format_eur
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import backends_waiting_on_lock
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import is_postgresql
from tests.helpers.concurrency import listening
from tests.helpers.concurrency import statement_starts
from tests.helpers.concurrency import wait_until
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import filled
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"
REPORT_INSERT = "INSERT INTO sroi_monitoring_report"
RACERS = ("first click", "second click")


class InsertRace:
    """Pauses the first confirm right after its report INSERT; times the second's INSERT."""

    def __init__(self) -> None:
        self.winner: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.sent: dict[str, float] = {}
        self.returned: dict[str, float] = {}
        self.released_at: float | None = None
        self._lock = threading.Lock()

    def _ours(self, statement: str) -> str | None:
        name = threading.current_thread().name
        if name in RACERS and statement_starts(statement, REPORT_INSERT):
            return name
        return None

    def before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        name = self._ours(statement)
        if name is not None:
            self.sent.setdefault(name, time.monotonic())

    def after(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        name = self._ours(statement)
        if name is None or name in self.returned:
            return
        self.returned[name] = time.monotonic()
        with self._lock:
            first = self.winner is None
            if first:
                self.winner = name
        if first:
            self.holding.set()
            assert self.release.wait(TIMEOUT), "the race was never released"

    def open(self) -> None:
        self.released_at = time.monotonic()
        self.release.set()


def _preview(client: FlaskClient) -> str:
    """Upload a filled template without JavaScript; the confirm URL of its preview."""
    response = client.post(
        f"{URL}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(filled()), "q3.xlsx")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    match = re.search(r'action="([^"]+/bevestigen)"', html)
    assert match, "preview offers no confirmation"
    return match.group(1)


def _confirm_after(
    barrier: threading.Barrier, client: FlaskClient, url: str, token: str
) -> Callable[[], TestResponse]:
    def confirm() -> TestResponse:
        barrier.wait(TIMEOUT)
        return client.post(url, data={"csrf_token": token, **ATTESTATION})

    return confirm


def _realised_figure(html: str) -> str:
    match = re.search(r'id="sroi-monitoring-realised-value">([^<]+)<', html)
    assert match, "the panel shows no realised amount"
    return match.group(1)


def test_double_confirm_at_once_gives_one_report_and_a_409(
    app: Flask, make_contract: Callable[..., Contract]
) -> None:
    # no app context stays pushed in this thread: requests would share it (and its session)
    make_contract()
    uploader = client_as(app, "contract_manager")
    url = _preview(uploader)
    # the same person, the same upload, two requests (a double click; two tabs)
    clients = {name: client_as(app, "contract_manager") for name in RACERS}
    tokens = {name: csrf_token_of(client) for name, client in clients.items()}
    race = InsertRace()
    engine = engine_of(app)
    barrier = threading.Barrier(len(RACERS))
    workers = {
        name: Worker(name, _confirm_after(barrier, clients[name], url, tokens[name]))
        for name in RACERS
    }
    with (
        listening(engine, "before_cursor_execute", race.before),
        listening(engine, "after_cursor_execute", race.after),
    ):
        try:
            for worker in workers.values():
                worker.start()
            assert race.holding.wait(TIMEOUT), "no confirm inserted a report"
            winner = race.winner
            assert winner is not None
            loser = next(name for name in RACERS if name != winner)
            wait_until(lambda: loser in race.sent, "the second confirm's report INSERT")
            if is_postgresql(app):
                time.sleep(0.3)  # before the fix nothing makes it wait; after, the index does
                if loser not in race.returned:
                    wait_until(
                        lambda: backends_waiting_on_lock(engine, REPORT_INSERT) == 1,
                        "the second confirm to wait for the unique index",
                    )
            else:
                time.sleep(0.3)  # SQLite: it sits in the busy handler for the writer lock
        finally:
            race.open()
        responses = {name: worker.outcome() for name, worker in workers.items()}

    won, lost = responses[winner], responses[loser]
    assert won.status_code == 303, won.get_data(as_text=True)
    assert won.headers["Location"].startswith(f"{URL}?vastgelegd=")
    lost_html = lost.get_data(as_text=True)
    assert lost.status_code == 409, lost_html[:2000]
    assert CONFLICT_MESSAGE in lost_html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        reports = session.scalars(select(MonitoringReport)).all()
        current = [report for report in reports if report.replaced_at is None]
        assert len(current) == 1 and len(reports) == 1
        one_report = current[0].value_eur
    # the panel counts the one report once (whole euros, as the panel shows them)
    panel = uploader.get(URL).get_data(as_text=True)
    assert _realised_figure(panel) == format_eur(one_report)
