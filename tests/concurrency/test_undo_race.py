"""Undoing an import while someone else undoes it too, or while another import lands.

The undo raises the portfolio revision first, as a confirm does, and plans under that row's
lock. The first racer to raise it is held inside its transaction until the second has sent its
own ``UPDATE sroi_portfolio_state`` and waits for the row (PostgreSQL: a lock wait in
``pg_stat_activity``; SQLite: the writer lock); then it commits. The second must see what the
first did: a second undo from the same screen is stale, an undo after a later import of the
same contract is refused naming that import.
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from sroi_plugin.importing.undo import STALE_UNDO_MESSAGE
from sroi_plugin.importing.undo import UndoResult
from sroi_plugin.importing.undo import current_revision
from sroi_plugin.importing.undo import undo_import
from sroi_plugin.models import Contract
from sroi_plugin.models import PortfolioImport
from tests.helpers.concurrency import REVISION_UPDATE
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import RevisionRace
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import backends_waiting_on_lock
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import is_postgresql
from tests.helpers.concurrency import listening
from tests.helpers.concurrency import wait_until
from tests.helpers.import_page import token_of
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx


def _race(app: Flask, hold: RevisionRace, workers: list[Worker[Any]], *, first: str = "") -> str:
    """Start the workers (``first`` alone until it holds), let the other queue, release."""
    engine = engine_of(app)
    with (
        listening(engine, "before_cursor_execute", hold.before),
        listening(engine, "after_cursor_execute", hold.after),
    ):
        try:
            for worker in workers:
                if worker.name != first:
                    continue
                worker.start()
                assert hold.holding.wait(TIMEOUT), f"{first} never raised the revision"
            for worker in workers:
                if worker.name != first:
                    worker.start()
            assert hold.holding.wait(TIMEOUT), "nobody raised the revision"
            winner = hold.winner
            assert winner is not None
            loser = next(worker.name for worker in workers if worker.name != winner)
            wait_until(lambda: loser in hold.sent, "the second revision UPDATE")
            if is_postgresql(app):
                wait_until(
                    lambda: backends_waiting_on_lock(engine, REVISION_UPDATE) == 1,
                    "the second to wait for the revision row's lock",
                )
            else:
                time.sleep(0.3)  # SQLite: it sits in the busy handler for the writer lock
            assert loser not in hold.returned, "the second UPDATE did not wait for the first"
        finally:
            hold.open()
        for worker in workers:
            worker.join(TIMEOUT)
    assert hold.sent[loser] < hold.released_at < hold.returned[loser]  # type: ignore[operator]
    return winner


def _seed(app: Flask) -> tuple[int, int]:
    """GEM-1 imported, then changed by a second import: the two import ids."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        first = run(session, xlsx([row("GEM-1")]))
        second = run(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.500.000"})]))
        assert first.import_id is not None and second.import_id is not None
        return first.import_id, second.import_id


def test_two_undos_from_one_screen_one_undoes_the_other_is_told(app: Flask) -> None:
    _first, second = _seed(app)
    url = f"/sroi/import/verwerkt/{second}/ongedaan-maken"
    barrier = threading.Barrier(2)

    def confirm_as(role: str) -> Worker[TestResponse]:
        client: FlaskClient = client_as(app, role)
        screen = client.get(url).get_data(as_text=True)
        match = re.search(r'name="revisie" type="hidden" value="(\d+)"', screen)
        assert match
        data = {"csrf_token": token_of(client), "reden": f"Fout ({role})", "revisie": match[1]}

        def post() -> TestResponse:
            barrier.wait(TIMEOUT)
            return client.post(f"{url}/bevestigen", data=data)

        return Worker(role, post)

    workers = [confirm_as("procurement"), confirm_as("admin")]
    winner = _race(app, RevisionRace({"procurement", "admin"}), workers)

    responses = {worker.name: worker.outcome() for worker in workers}
    loser = next(name for name in responses if name != winner)
    assert responses[winner].status_code == 303
    assert responses[loser].status_code == 409
    assert STALE_UNDO_MESSAGE in responses[loser].get_data(as_text=True)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        record = session.get_one(PortfolioImport, second)
        assert record.undo_reason == f"Fout ({winner})"
        value = session.scalar(select(Contract.value_total).where(Contract.ref == "GEM-1"))
        assert value == 1_000_000


def test_an_undo_queued_behind_an_import_of_its_contract_is_refused(app: Flask) -> None:
    _first, second = _seed(app)
    with app.app_context():
        seen = current_revision(app.extensions["sroi"].db.session)
    later = xlsx([row("GEM-1", {"Contractwaarde": "€ 1.800.000"})])

    def importing() -> Any:
        with app.app_context():
            return run(app.extensions["sroi"].db.session, later, expected_revision=seen)

    def undoing() -> UndoResult:
        with app.app_context():
            session = app.extensions["sroi"].db.session
            return undo_import(session, second, user=USER, reason="Verkeerd bestand")

    workers: list[Worker[Any]] = [Worker("import", importing), Worker("undo", undoing)]
    winner = _race(app, RevisionRace({"import", "undo"}), workers, first="import")

    imported, undone = (worker.outcome() for worker in workers)
    assert winner == "import" and imported.committed
    assert not undone.undone
    [blocker] = undone.blocked_by
    assert blocker.message().startswith(
        f"Contract GEM-1: na deze import gewijzigd door import {imported.import_id} op "
    )
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.get_one(PortfolioImport, second).undone_at is None
        value = session.scalar(select(Contract.value_total).where(Contract.ref == "GEM-1"))
        assert value == 1_800_000
