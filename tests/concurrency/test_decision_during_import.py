"""A legal reviewer records a decision while the same contract is being re-imported.

The re-import (new value and end date) runs in one thread and is paused inside its
transaction, after all its writes and just before its commit. Meanwhile a legal reviewer
records a decision on the contract's flagged change through the web in another thread. Then the
import goes on and commits. Both must land, whole: the decision with its rationale, and the
re-imported values with their revisions and detected changes.

On PostgreSQL the decision touches no row the import locked, so it must commit while the import
is still open. SQLite has one writer at a time: the decision waits for the import's lock, so the
import is let go after a short wait and the decision then commits after it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.importing.result import ImportResult
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioState
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import is_postgresql
from tests.helpers.concurrency import listening
from tests.helpers.concurrency import statement_starts
from tests.helpers.legal import add_change
from tests.helpers.legal import decide_url
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
RATIONALE = "Binnen de de-minimisgrens en de aard van de opdracht blijft gelijk."
#: how long SQLite's decision may wait for the import's writer lock before the import goes on
SQLITE_HOLD = 1.0
REIMPORTED = {**SEEDED, "Contractwaarde": "€ 1.350.000", "Einddatum": "31-12-2029"}


class PausedCommit:
    """Pauses one thread's session at ``before_commit`` until released."""

    def __init__(self, thread_name: str) -> None:
        self.thread_name = thread_name
        self.paused = threading.Event()
        self.release = threading.Event()
        self.released_at: float | None = None

    def before_commit(self, _session: Session) -> None:
        if threading.current_thread().name != self.thread_name or self.paused.is_set():
            return
        self.paused.set()
        assert self.release.wait(TIMEOUT), "the import was never released"

    def go_on(self) -> None:
        self.released_at = time.monotonic()
        self.release.set()


class DecisionInsert:
    """When the reviewer's thread sent its INSERT of the decision."""

    def __init__(self, thread_name: str) -> None:
        self.thread_name = thread_name
        self.sent_at: float | None = None

    def before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread().name == self.thread_name and statement_starts(
            statement, "INSERT INTO sroi_legal_decision"
        ):
            self.sent_at = time.monotonic()


def _seed(app: Flask) -> tuple[int, int]:
    """The contract as imported, with a flagged change awaiting review; revision, change id."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert run(session, xlsx([row(REF, SEEDED)])).committed
        change = add_change(session, REF, "Meerwerk schoonmaak", flagged=True)
        revision = session.get_one(PortfolioState, PORTFOLIO_STATE_ID).revision
        return revision, change.id


def _reimport(app: Flask, revision: int) -> Callable[[], ImportResult]:
    def work() -> ImportResult:
        with app.app_context():
            session = app.extensions["sroi"].db.session
            return run(session, xlsx([row(REF, REIMPORTED)]), expected_revision=revision)

    return work


def _decide(client: FlaskClient, change_id: int) -> Callable[[], TestResponse]:
    token = csrf_token_of(client, "/sroi/juridisch/wachtrij")

    def work() -> TestResponse:
        return client.post(
            decide_url(change_id),
            data={"decision": "allowed", "rationale": RATIONALE, "csrf_token": token},
        )

    return work


def test_a_decision_recorded_during_a_reimport_and_the_reimport_both_land(app: Flask) -> None:
    revision, change_id = _seed(app)
    pause = PausedCommit("import")
    insert = DecisionInsert("decision")
    on_postgresql = is_postgresql(app)
    importer = Worker("import", _reimport(app, revision))
    decision = Worker("decision", _decide(client_as(app, "legal_reviewer"), change_id))
    with (
        listening(Session, "before_commit", pause.before_commit),
        listening(engine_of(app), "before_cursor_execute", insert.before),
    ):
        try:
            importer.start()
            assert pause.paused.wait(TIMEOUT), "the import did not reach its commit"
            decision.start()
            decision.join(TIMEOUT if on_postgresql else SQLITE_HOLD)
        finally:
            pause.go_on()
        result = importer.outcome()
        response = decision.outcome()

    assert insert.sent_at is not None and pause.released_at is not None
    assert insert.sent_at < pause.released_at  # the decision was written while the import was open
    if on_postgresql:  # and was not held up by the import's locks
        assert decision.finished_at is not None and decision.finished_at < pause.released_at
    assert result.committed, result.errors
    assert response.status_code == 303, response.get_data(as_text=True)
    _assert_both_landed(app, change_id, result)


def _assert_both_landed(app: Flask, change_id: int, result: ImportResult) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        change = session.get_one(Modification, change_id)
        decision = session.scalars(select(LegalDecision)).one()
        assert (decision.modification_id, decision.decision, decision.rationale) == (
            change_id,
            "allowed",
            RATIONALE,
        )
        assert decision.decided_by_name == "Fatima El Amrani"
        assert change.status == "proposed" and change.latest_decision is not None
        assert change.latest_decision.decision == "allowed"  # the queue shows it decided
        contract = session.scalars(select(Contract).where(Contract.ref == REF)).one()
        assert (contract.value_total, contract.end_date) == (
            Decimal("1350000.00"),
            date(2029, 12, 31),
        )
        detected = session.scalars(
            select(Modification.kind).where(Modification.import_id == result.import_id)
        ).all()
        assert sorted(detected) == ["term_extension", "value_increase"]
