"""Panel GETs read in autocommit; every write keeps its one all-or-nothing transaction.

Autocommit spares PostgreSQL a BEGIN and a ROLLBACK round trip around every panel (see the
README's performance section). What users rely on is the other half: a POST still writes all or
nothing, also on a pooled connection a GET used just before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from sroi_plugin.models import Contract
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of


def _autocommit(dbapi_connection: Any) -> bool:
    """Whether the driver connection commits each statement itself (psycopg or sqlite3)."""
    if hasattr(dbapi_connection, "autocommit") and not isinstance(
        getattr(dbapi_connection, "isolation_level", 0), str | None
    ):
        return bool(dbapi_connection.autocommit)
    return dbapi_connection.isolation_level is None  # sqlite3: None means autocommit


@contextmanager
def modes_of_statements(app: Flask) -> Iterator[list[bool]]:
    """Record, per SQL statement run meanwhile, whether it ran in autocommit."""
    seen: list[bool] = []
    with app.app_context():
        engine = app.extensions["sroi"].db.engine

    def record(connection: Any, *_args: Any) -> None:
        seen.append(_autocommit(connection.connection.dbapi_connection))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_panel_get_reads_in_autocommit_and_a_save_after_it_is_one_transaction(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref="GEM-2025-0001")
    login("contract_manager")
    token = csrf_token_of(client)
    with modes_of_statements(app) as reads:
        panel = client.get("/sroi/contracten/GEM-2025-0001/bepalingen", headers=HTMX)
    assert panel.status_code == 200
    assert reads and all(reads)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', panel.get_data(as_text=True))
    assert version is not None
    data = {
        "csrf_token": token,
        "version": version.group(1),
        "sr_percentage": "2,5",
        "sr_basis": "wage_sum",
        "sr_form": "contract_clause",
        "sr_clause_text": "Opdrachtnemer zet 2,5% van de loonsom in voor social return.",
    }
    with modes_of_statements(app) as writes:
        response = client.post("/sroi/contracten/GEM-2025-0001/bepalingen", data=data, headers=HTMX)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert writes and not any(writes)
