"""GET, HEAD and OPTIONS change nothing: every route of the blueprint, as every role.

Flask answers HEAD with the view registered for GET (the body dropped), so a view registered
for GET and POST also runs for HEAD; and the CSRF check lets the safe methods through without
a token. A view that wrote on anything but POST would be writable without a token. This test
seeds one of everything, sends every safe method to every route as every role, and compares a
checksum of every ``sroi_`` table (row counts and a hash of every row) after each.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy import MetaData
from sqlalchemy import select

import sroi_plugin.web
from sroi_plugin.models import Contract
from tests.helpers.routes import ROLES
from tests.helpers.routes import blueprint_routes
from tests.helpers.routes import route_url
from tests.helpers.routes import seed_world

SAFE_METHODS = ("HEAD", "OPTIONS", "GET")


def _checksum(engine: Engine, metadata: MetaData) -> dict[str, tuple[int, str]]:
    """Per ``sroi_`` table: its row count and a hash of all its rows (in a stable order)."""
    sums = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(table)))
            sums[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return sums


def test_safe_methods_change_nothing_on_any_route_for_any_role(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    world = seed_world(app, client, login, make_contract)
    login("admin")  # a reworded Bijlage II cell, so a blanked one would show
    response = client.post(
        route_url(app, "sroi.matrix_cell", world, "admin"),
        data={"csrf_token": world.csrf, "text": "Eigen tekst voor de HR-expert"},
    )
    assert response.status_code == 303
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
    metadata = MetaData()
    metadata.reflect(engine, only=lambda name, _: name.startswith("sroi_"))
    before = _checksum(engine, metadata)
    assert before["sroi_matrix_edit"][0] == 1, "the seeded matrix cell"
    assert all(before[table][0] > 0 for table in ("sroi_brainstorm", "sroi_meeting")), before

    endpoints = sorted({endpoint for endpoint, _ in blueprint_routes(app, skip=())})
    changed = []
    statuses: dict[str, set[int]] = {method: set() for method in SAFE_METHODS}
    for endpoint in endpoints:
        for method in SAFE_METHODS:
            for role in ROLES:
                login(role)
                response = client.open(route_url(app, endpoint, world, role), method=method)
                statuses[method].add(response.status_code)
            after = _checksum(engine, metadata)
            if after != before:
                tables = sorted(
                    t for t in after.keys() | before.keys() if after.get(t) != before.get(t)
                )
                changed.append(f"{method} {endpoint}: {', '.join(tables)}")
                before = after
    assert changed == []
    assert 200 in statuses["HEAD"] and 200 in statuses["OPTIONS"], statuses
    assert 500 not in set().union(*statuses.values()), statuses


def test_views_for_get_and_post_write_only_on_post() -> None:
    """A view registered for GET and POST also runs for HEAD: it must read unless the method is
    POST, never write unless it is GET (which would let HEAD write). Views live in the rooms
    (``web/<room>/``); the shared hooks at the top of ``web/`` only read the method."""
    web = Path(sroi_plugin.web.__file__).parent
    inverted = re.compile(r"request\.method\s*(==\s*[\"'](GET|HEAD)|in\s)")
    found = [
        f"{path.relative_to(web)}:{number}: {line.strip()}"
        for path in sorted(web.glob("*/*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if inverted.search(line)
    ]
    assert found == [], 'test request.method != "POST" for the reading branch'
