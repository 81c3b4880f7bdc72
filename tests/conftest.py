"""Shared fixtures: the demo host as the app under test, its client, roles and seed data.

The database is ``SROI_TEST_DATABASE_URL`` when set (CI runs the suite a second time on
PostgreSQL), else a SQLite file per test session. Tables are created once; every test starts
from empty tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.db import Base
from sroi_plugin.demo import create_app
from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db as host_db
from sroi_plugin.models import Contract
from tests.helpers.clock import TODAY


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for the session: PostgreSQL in CI's second run, else a SQLite file."""
    url = os.environ.get("SROI_TEST_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _empty_all_tables(app: Flask) -> None:
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        tables = [*reversed(Base.metadata.sorted_tables), *reversed(host_db.metadata.sorted_tables)]
        with engine.begin() as connection:
            for table in tables:
                if engine.dialect.has_table(connection, table.name):
                    connection.execute(table.delete())


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The demo host with test settings, on empty tables."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SROI_TODAY": TODAY.isoformat(),
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        Base.metadata.create_all(app.extensions["sroi"].db.engine)
        host_db.create_all()
    _empty_all_tables(app)
    yield app
    _empty_all_tables(app)
    with app.app_context():
        host_db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """The plugin's session inside an app context."""
    with app.app_context():
        yield app.extensions["sroi"].db.session


@pytest.fixture
def login(client: FlaskClient) -> Callable[[str], None]:
    """Act as a demo user with the given role (``anonymous`` to log out)."""

    def act_as(role: str) -> None:
        with client.session_transaction() as flask_session:
            flask_session["demo_user"] = role

    return act_as


CONTRACT_DEFAULTS: dict[str, Any] = {
    "title": "Schoonmaakonderhoud stadskantoor",
    "supplier_name": "Schoon & Sociaal B.V.",
    "supplier_kvk": "12345678",
    "category": "schoonmaak",
    "kind": "services",
    "procedure": "europees openbaar",
    "authority_type": "other",
    "value_total": Decimal("1200000.00"),
    "value_annual": Decimal("300000.00"),
    "start_date": date(2025, 1, 1),
    "end_date": date(2028, 12, 31),
    "department": "Facilitaire Zaken",
    "contract_manager": "Sanne de Vries",
    "sr_percentage": Decimal("5"),
    "sr_basis": "project_sum",
    "sr_form": "contract_clause",
    "sr_clause_text": "Opdrachtnemer besteedt 5% van de projectsom aan social return.",
}


@pytest.fixture
def make_contract(app: Flask) -> Callable[..., Contract]:
    """Seed a contract in the host register and the plugin's copy (ORM objects, not SQL)."""

    def make(ref: str = "GEM-2025-0001", **fields: Any) -> Contract:
        values = {**CONTRACT_DEFAULTS, **fields}
        if "has_sr" not in fields:  # as migration 0005 fills it: from the percentage
            percentage = values["sr_percentage"]
            values["has_sr"] = None if percentage is None else "yes" if percentage > 0 else "no"
        with app.app_context():
            contract = Contract(ref=ref, **values)
            host_db.session.add(contract)
            host_db.session.add(
                HostContract(
                    ref=ref,
                    title=values["title"],
                    supplier_name=values["supplier_name"] or "",
                    category=values["category"] or "",
                    department=values["department"] or "",
                    kind=values["kind"] or "",
                    procedure=values["procedure"] or "",
                    value_total=values["value_total"] or Decimal(0),
                    start_date=values["start_date"] or TODAY,
                    end_date=values["end_date"],
                    contract_manager=values["contract_manager"] or "",
                )
            )
            host_db.session.commit()
            host_db.session.expunge(contract)
            return contract

    return make
