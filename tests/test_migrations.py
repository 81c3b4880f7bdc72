"""The migrations build the schema from empty and agree with the models (no drift)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import text

from sroi_plugin.db import VERSION_TABLE
from sroi_plugin.db import Base
from sroi_plugin.migrating import upgrade_database
from tests.conftest import TODAY


def _drop_plugin_schema(app: Flask) -> None:
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))


def test_upgrade_from_empty_matches_the_models(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        tables = set(inspect(engine).get_table_names())
        assert VERSION_TABLE in tables
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        assert "alembic_version" not in tables  # never the host's version table
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, type_, _p: (
                        type_ != "table" or str(name).startswith("sroi_") and name != VERSION_TABLE
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []


def test_demo_db_upgrade_command_builds_the_schema(app: Flask) -> None:
    _drop_plugin_schema(app)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "sroi_contract" in inspect(app.extensions["sroi"].db.engine).get_table_names()
    assert TODAY  # the app fixture's date setting is unaffected by the upgrade
