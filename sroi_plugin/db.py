"""The plugin's own SQLAlchemy metadata, and where its session comes from.

Flask-SQLAlchemy refuses a second instance on one app, so the plugin never creates one. Its
models live on a plugin-owned declarative base (``sroi_`` tables, a naming convention), and
the session is either the host's Flask-SQLAlchemy session (one transaction with the host's
own writes) or a scoped session on an engine the plugin creates itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask import current_app
from sqlalchemy import Engine
from sqlalchemy import MetaData
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Session
from sqlalchemy.orm import scoped_session
from sqlalchemy.orm import sessionmaker

#: Constraint names Alembic can rely on, on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Alembic's version table for the plugin's migrations, apart from any host migrations.
VERSION_TABLE = "sroi_alembic_version"


class Base(DeclarativeBase):
    """Declarative base of every plugin model (tables are prefixed ``sroi_``)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Database:
    """The engine and session the plugin uses in one app."""

    def __init__(self, session: Any, engine_getter: Any) -> None:
        self._session = session
        self._engine_getter = engine_getter

    @property
    def session(self) -> Session:
        """The current session (scoped to the app context or thread)."""
        return self._session  # type: ignore[no-any-return]

    @property
    def engine(self) -> Engine:
        """The engine the plugin's tables live on."""
        return self._engine_getter()  # type: ignore[no-any-return]

    def create_all(self) -> None:
        """Create the plugin's tables directly (tests); production uses the migrations."""
        Base.metadata.create_all(self.engine)


def _enable_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores foreign keys unless asked; the plugin relies on them."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


#: How long a write on SQLite waits for another writer (sqlite3's default is 5 s). SQLite has
#: one writer at a time, and a 50,000-row import holds it for about 15 s: a legal decision saved
#: meanwhile must wait for it, not fail with "database is locked".
SQLITE_ENGINE_OPTIONS: dict[str, Any] = {"connect_args": {"timeout": 60}}


def _own_database(app: Flask, uri: str) -> Database:
    options: dict[str, Any] = {"pool_pre_ping": True}
    if uri.startswith("sqlite:"):
        options.update(SQLITE_ENGINE_OPTIONS)
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(uri, **options)
    _enable_sqlite_foreign_keys(engine)
    session = scoped_session(sessionmaker(bind=engine, expire_on_commit=False))

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        session.remove()

    return Database(session, lambda: engine)


def database_for(app: Flask, host_db: Any | None) -> Database:
    """Settle the database question for ``app`` (see the module docstring).

    Order: ``SROI_DATABASE_URI`` when set; else the host's Flask-SQLAlchemy (passed as ``db=`` or
    found in ``app.extensions``); else a SQLite file ``sroi.sqlite`` in the instance folder.
    """
    uri = app.config["SROI_DATABASE_URI"]
    if uri:
        return _own_database(app, uri)
    host_db = host_db or app.extensions.get("sqlalchemy")
    if host_db is not None:
        return Database(host_db.session, lambda: host_db.engine)
    return _own_database(app, f"sqlite:///{Path(app.instance_path) / 'sroi.sqlite'}")


def autocommit_if_idle(session: Session | scoped_session[Session], mapper: type) -> None:
    """Let ``session``'s next statements run in autocommit, unless it is already in a transaction.

    Only for requests that do not write. The connection is checked out now, with the isolation
    level set before the first statement; the pool restores the level when it gets the
    connection back. A transaction the host already began (its user loader read the database,
    say) is left as it is.
    """
    actual = session.registry() if isinstance(session, scoped_session) else session
    if not actual.in_transaction():
        actual.connection(
            bind_arguments={"mapper": mapper},
            execution_options={"isolation_level": "AUTOCOMMIT"},
        )


def current_session() -> Session:
    """The plugin's session in the current app (views, importer and CLI all use this)."""
    database: Database = current_app.extensions["sroi"].db
    return database.session
