"""Helpers for the concurrency tests: threads that report back, hooks that pause a transaction.

Every test here runs its actors in threads, each in its own app context and so with its own
session and database connection. Hooks are SQLAlchemy events installed for one test only and
filtered to the threads taking part, so the test's own queries are never paused. Every wait has
a timeout: a deadlock fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from typing import Generic
from typing import TypeVar

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy import event
from sqlalchemy import text

#: Longest wait for anything in these tests (a step that takes longer is a hang).
TIMEOUT = 15.0

T = TypeVar("T")


class Worker(threading.Thread, Generic[T]):
    """A daemon thread that keeps its function's result or exception for the test to check."""

    def __init__(self, name: str, work: Callable[[], T]) -> None:
        super().__init__(name=name, daemon=True)
        self._work = work
        self.result: T | None = None
        self.error: BaseException | None = None
        #: ``time.monotonic()`` when the work returned or raised
        self.finished_at: float | None = None

    def run(self) -> None:
        try:
            self.result = self._work()
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread by outcome()
            self.error = exc
        finally:
            self.finished_at = time.monotonic()

    def outcome(self, timeout: float = TIMEOUT) -> T:
        """The work's result; fails when it is still running (a hang) or raised."""
        self.join(timeout)
        assert not self.is_alive(), f"{self.name} still running after {timeout} s (deadlock?)"
        if self.error is not None:
            raise self.error
        assert self.result is not None, f"{self.name} returned nothing"
        return self.result


@contextmanager
def listening(target: Any, name: str, handler: Callable[..., Any]) -> Iterator[None]:
    """An SQLAlchemy event handler for the duration of the block only."""
    event.listen(target, name, handler)
    try:
        yield
    finally:
        event.remove(target, name, handler)


def client_as(app: Flask, role: str) -> FlaskClient:
    """A test client of its own acting as the demo user with ``role`` (one per racing person)."""
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["demo_user"] = role
    return client


def engine_of(app: Flask) -> Engine:
    """The engine the plugin's tables live on."""
    with app.app_context():
        engine: Engine = app.extensions["sroi"].db.engine
        return engine


def is_postgresql(app: Flask) -> bool:
    return engine_of(app).dialect.name == "postgresql"


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Poll ``condition`` until it holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.02)


def backends_waiting_on_lock(engine: Engine, statement_prefix: str) -> int:
    """PostgreSQL: sessions of this database blocked on a lock while running the statement."""
    with engine.connect() as connection:
        waiting: int = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND query LIKE :prefix"
            ),
            {"prefix": f"{statement_prefix}%"},
        ).scalar_one()
        return waiting


def statement_starts(statement: str, prefix: str) -> bool:
    """Whether an SQL statement (as SQLAlchemy renders it) starts with ``prefix``."""
    return statement.lstrip().upper().startswith(prefix.upper())


#: The statement that raises the portfolio revision (a confirm or an undo queues on it).
REVISION_UPDATE = "UPDATE sroi_portfolio_state"


class RevisionRace:
    """Holds the first of ``racers`` right after its revision UPDATE until :meth:`open`, and
    times every racer's UPDATE (sent, returned) with its row count."""

    def __init__(self, racers: set[str]) -> None:
        self.racers = racers
        self.winner: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        #: thread name → when its revision UPDATE was sent / returned, and its row count
        self.sent: dict[str, float] = {}
        self.returned: dict[str, float] = {}
        self.rowcount: dict[str, int] = {}
        self.released_at: float | None = None
        self._lock = threading.Lock()

    def _ours(self, statement: str) -> str | None:
        name = threading.current_thread().name
        if name in self.racers and statement_starts(statement, REVISION_UPDATE):
            return name
        return None

    def before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        name = self._ours(statement)
        if name is not None:
            self.sent.setdefault(name, time.monotonic())

    def after(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        name = self._ours(statement)
        if name is None or name in self.returned:
            return  # a loser's later fresh preview runs the UPDATE again
        self.returned[name] = time.monotonic()
        self.rowcount[name] = cursor.rowcount
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
