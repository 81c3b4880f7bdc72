"""On SQLite (the demo's database) a save waits for a long import instead of failing.

SQLite has one writer at a time and sqlite3 gives up after 5 s ("database is locked"), while a
50,000-row import holds the write lock for about 15 s. Both SQLite engines the plugin can run on
— the demo host's Flask-SQLAlchemy engine and the plugin's own engine — wait longer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy import text

from sroi_plugin.demo import create_app
from sroi_plugin.demo.models import db as host_db
from tests.helpers.concurrency import Worker

#: longer than sqlite3's own 5 s default, so the default would fail this test
HOLD_SECONDS = 5.5


def _demo_engine(tmp_path: Path) -> tuple[Flask, Engine]:
    app = create_app(
        {"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    )
    with app.app_context():
        return app, host_db.engine


def _own_engine(tmp_path: Path) -> tuple[Flask, Engine]:
    app = create_app(
        {
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'host.sqlite'}",
            "SROI_DATABASE_URI": f"sqlite:///{tmp_path / 'sroi.sqlite'}",
        }
    )
    with app.app_context():
        return app, app.extensions["sroi"].db.engine


@pytest.mark.parametrize("engine_of", [_demo_engine, _own_engine], ids=["demo", "own"])
def test_a_write_waits_for_a_long_writer(
    tmp_path: Path, engine_of: Callable[[Path], tuple[Flask, Engine]]
) -> None:
    _app, engine = engine_of(tmp_path)
    with engine.begin() as setup:
        setup.execute(text("CREATE TABLE decision (note TEXT)"))

    def second_writer() -> float:
        started = time.monotonic()
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO decision VALUES ('toegestaan')"))
        return time.monotonic() - started

    with engine.connect() as importer:
        importer.execute(text("BEGIN IMMEDIATE"))  # the import holds the write lock
        importer.execute(text("INSERT INTO decision VALUES ('import')"))
        writer = Worker("second writer", second_writer)
        writer.start()
        time.sleep(HOLD_SECONDS)
        importer.execute(text("COMMIT"))
    waited = writer.outcome(timeout=30)
    assert waited >= HOLD_SECONDS - 0.5
    with engine.connect() as check:
        notes = check.execute(text("SELECT note FROM decision ORDER BY rowid")).scalars().all()
    assert notes == ["import", "toegestaan"]
    engine.dispose()
