"""A process killed in the middle of an import leaves the database exactly as it was.

A child process runs the real ``flask sroi import-portfolio`` on a few thousand rows, with a
hook that stops it right after the first batch of new contracts is written: it records how many
contracts its open transaction sees, touches a marker file and sleeps. The test then kills it
with SIGKILL (no cleanup runs) and checks that the database is as before the import, and that
the next import goes through (no lock is left behind). Runs on SQLite (the rollback journal) and
PostgreSQL (the server aborts the dead session's transaction).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from typing import Final

from flask import Flask
from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import is_postgresql
from tests.helpers.concurrency import wait_until
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

REPOSITORY: Final = Path(__file__).resolve().parents[2]
KNOWN: Final = [f"GEM-{number:04d}" for number in range(1, 51)]
NEW: Final = [f"NIEUW-{number:04d}" for number in range(1, 2951)]

#: The child: the real CLI, stopped after the first INSERT into sroi_contract. The marker holds
#: the contracts its transaction sees and its PostgreSQL backend pid (0 on SQLite).
CHILD: Final = """
import os, sys, time
from flask.cli import main
from sqlalchemy import Engine, event

marker = sys.argv[1]

@event.listens_for(Engine, "after_cursor_execute")
def stop_after_first_batch(conn, cursor, statement, params, context, executemany):
    if os.path.exists(marker) or not statement.startswith("INSERT INTO sroi_contract ("):
        return
    side = conn.connection.dbapi_connection.cursor()
    side.execute("SELECT count(*) FROM sroi_contract")
    written = side.fetchone()[0]
    backend = 0
    if conn.dialect.name == "postgresql":
        side.execute("SELECT pg_backend_pid()")
        backend = side.fetchone()[0]
    side.close()
    with open(marker + ".tmp", "w") as out:
        out.write(f"{written} {backend}")
    os.replace(marker + ".tmp", marker)
    time.sleep(120)

sys.argv = ["flask", "--app", "sroi_plugin.demo", "sroi", "import-portfolio", sys.argv[2]]
main()
"""


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _state(engine: Engine) -> dict[str, Any]:
    """What an import could change: every contract field (as a checksum), revision, audit."""
    contracts = _table(Contract)
    with engine.connect() as connection:
        rows = connection.execute(select(contracts).order_by(contracts.c.id)).all()
        counts = {
            model.__tablename__: connection.scalar(select(func.count()).select_from(model))
            for model in (Contract, ContractRevision, Modification, PortfolioImport)
        }
        revision = connection.scalar(
            select(PortfolioState.revision).where(PortfolioState.id == PORTFOLIO_STATE_ID)
        )
    checksum = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return {"checksum": checksum, "revision": revision, **counts}


def _export(changed_value: str) -> bytes:
    """The big export: the known contracts at a new value, and many new ones."""
    changed = {**SEEDED, "Contractwaarde": changed_value}
    return xlsx([row(ref, changed) for ref in [*KNOWN, *NEW]])


def _start_child(database_url: str, export: Path, marker: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url}
    stderr = open(marker.with_suffix(".stderr"), "wb")  # noqa: SIM115 - closed after the kill
    try:
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, str(marker), str(export)],
            env=env,
            cwd=REPOSITORY,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    finally:
        stderr.close()


def _wait_mid_transaction(child: subprocess.Popen[bytes], marker: Path) -> tuple[int, int]:
    """Wait until the child stops mid-import; the contracts it sees and its backend pid."""

    def stopped() -> bool:
        if child.poll() is not None:
            log = marker.with_suffix(".stderr").read_text(errors="replace")
            raise AssertionError(
                f"the import ended before the hook (exit {child.returncode}): {log}"
            )
        return marker.exists()

    wait_until(stopped, "the child to write its first batch", timeout=30)
    written, backend = marker.read_text().split()
    return int(written), int(backend)


def _backend_gone(engine: Engine, backend: int) -> bool:
    with engine.connect() as connection:
        alive = connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend}
        )
    return int(alive) == 0


def test_an_import_killed_mid_transaction_changes_nothing_and_the_next_import_works(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    with app.app_context():
        assert run(
            app.extensions["sroi"].db.session, xlsx([row(r, SEEDED) for r in KNOWN])
        ).committed
    engine = engine_of(app)
    before = _state(engine)
    export = tmp_path / "groot.xlsx"
    export.write_bytes(_export("€ 1.400.000"))
    marker = tmp_path / "halverwege"

    child = _start_child(database_url, export, marker)
    try:
        written, backend = _wait_mid_transaction(child, marker)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(TIMEOUT)
    assert child.returncode == -signal.SIGKILL
    assert written > len(KNOWN)  # the killed transaction had written new contracts
    if is_postgresql(app):
        wait_until(lambda: _backend_gone(engine, backend), "the server to end the killed session")

    assert _state(engine) == before

    with app.app_context():
        session = app.extensions["sroi"].db.session
        if is_postgresql(app):  # a lock left behind would fail here instead of hanging
            session.execute(text("SET LOCAL lock_timeout = '10s'"))
        result = run(session, export.read_bytes())
    assert result.committed and (result.counts["new"], result.counts["changed"]) == (
        len(NEW),
        len(KNOWN),
    )
    after = _state(engine)
    assert after["revision"] == before["revision"] + 1
    assert after["sroi_contract"] == len(KNOWN) + len(NEW)
    assert after["sroi_portfolio_import"] == before["sroi_portfolio_import"] + 1
