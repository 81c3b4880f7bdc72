"""One upload confirmed three times at once (a triple click, three tabs) on a fresh register.

No import has landed yet, so the portfolio-state row does not exist: each confirm must create it
and raise its revision. Three clients of the same user confirm the same previewed upload from
three threads, held until all three reach their first statement on ``sroi_portfolio_state``
(so all three loaded the upload). Exactly one confirm may land; the other two are refused with
the Dutch stale-preview message (409) — never a server error from creating the row twice, nor
from the upload the winner already deleted. Each loser's fresh preview is held until the
winner's request has finished (and deleted the upload), so that path is always taken.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import listening
from tests.helpers.concurrency import statement_starts
from tests.helpers.concurrency import wait_until
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import follow
from tests.helpers.web import text_of

STATE_TABLE = "sroi_portfolio_state"
REVISION_UPDATE = f"UPDATE {STATE_TABLE}"
RACERS = ("klik-1", "klik-2", "klik-3")
REFS = [f"GEM-{number}" for number in range(1, 4)]
#: the stale message up to its advice (which differs once the upload itself is gone)
STALE_START = STALE_MESSAGE.split(" Bekijk", 1)[0].replace("'", "&#39;")


class ConfirmRace:
    """Holds the confirms together at the state row; holds each loser's fresh preview until the
    winner's request has finished."""

    def __init__(self, workers: dict[str, Worker[TestResponse]]) -> None:
        self.workers = workers
        self.barrier = threading.Barrier(len(workers))
        self.arrived: set[str] = set()
        #: thread name → rows changed by its first revision UPDATE
        self.rowcount: dict[str, int] = {}
        self.held_previews: set[str] = set()
        self._lock = threading.Lock()

    def _racer(self, statement: str) -> str | None:
        name = threading.current_thread().name
        return name if name in self.workers and STATE_TABLE in statement else None

    def winner(self) -> str | None:
        return next((name for name, count in self.rowcount.items() if count == 1), None)

    def before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        name = self._racer(statement)
        if name is None:
            return
        if name not in self.arrived:
            self.arrived.add(name)
            self.barrier.wait(TIMEOUT)
        elif self.rowcount.get(name) == 0 and name not in self.held_previews:
            # a refused confirm starting its fresh preview: let the winner finish first
            self.held_previews.add(name)
            wait_until(lambda: self.winner() is not None, "a confirm to raise the revision")
            winner = self.workers[self.winner() or ""]
            wait_until(lambda: winner.finished_at is not None, "the winning confirm to finish")

    def after(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        name = self._racer(statement)
        if name is None or not statement_starts(statement, REVISION_UPDATE):
            return
        with self._lock:
            self.rowcount.setdefault(name, cursor.rowcount)


def _confirm(client: FlaskClient, url: str) -> Callable[[], TestResponse]:
    token = token_of(client)

    def post() -> TestResponse:
        return client.post(url, data={"csrf_token": token})

    return post


def test_three_confirms_of_the_first_import_one_lands_the_others_get_409(app: Flask) -> None:
    uploader = client_as(app, "procurement")
    data = xlsx([row(ref, SEEDED) for ref in REFS])
    _url, html = follow(uploader, upload(uploader, data, "eerste.xlsx"))
    assert "3 nieuw" in text_of(html)
    url = confirm_url(html)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.get(PortfolioState, PORTFOLIO_STATE_ID) is None  # the preview rolled back

    workers: dict[str, Worker[TestResponse]] = {
        name: Worker(name, _confirm(client_as(app, "procurement"), url)) for name in RACERS
    }
    race = ConfirmRace(workers)
    engine = engine_of(app)
    with (
        listening(engine, "before_cursor_execute", race.before),
        listening(engine, "after_cursor_execute", race.after),
    ):
        for worker in workers.values():
            worker.start()
        responses = {name: worker.outcome() for name, worker in workers.items()}

    assert race.arrived == set(RACERS)  # all three loaded the upload before any confirm landed
    winner = race.winner()
    assert winner is not None
    assert sorted(race.rowcount.values()) == [0, 0, 1]
    assert race.held_previews == set(RACERS) - {winner}
    won = responses[winner]
    assert won.status_code == 303 and "/sroi/import/verwerkt/" in won.headers["Location"]
    for name in set(RACERS) - {winner}:
        lost = responses[name]
        html = lost.get_data(as_text=True)
        assert lost.status_code == 409, html
        assert STALE_START in html
        assert "al verwerkt" in text_of(html)
    assert kept_uploads(app) == []  # nothing of the upload is left behind

    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.get_one(PortfolioState, PORTFOLIO_STATE_ID).revision == 1
        imports = session.scalars(select(PortfolioImport)).all()
        assert [(item.file_name, item.revision) for item in imports] == [("eerste.xlsx", 1)]
        assert sorted(session.scalars(select(Contract.ref))) == REFS
