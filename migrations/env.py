"""Alembic environment for the plugin's tables only.

The engine is the one the plugin uses in the current Flask app (its own, or the host's
Flask-SQLAlchemy engine). Only ``sroi_`` tables are compared or touched, and the history is
kept in ``sroi_alembic_version``, apart from any host migrations.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from flask import current_app

import sroi_plugin.models  # noqa: F401 - registers the tables on Base.metadata
from sroi_plugin.db import VERSION_TABLE
from sroi_plugin.db import Base


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Look only at the plugin's own tables."""
    if type_ == "table":
        return bool(name) and str(name).startswith("sroi_")
    return True


def run_migrations_online() -> None:
    engine = current_app.extensions["sroi"].db.engine
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch operation rebuilds a table (copy, drop, rename). With foreign keys on, the
            # drop of a parent table would cascade to its children's rows, so they are off while
            # migrating (the pragma only works outside a transaction) and on again afterwards.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                version_table=VERSION_TABLE,
                include_name=include_name,
                render_as_batch=sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("The SROI migrations run online only (flask sroi upgrade-db).")
run_migrations_online()
