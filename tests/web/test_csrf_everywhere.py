"""Every POST of the ``sroi`` blueprint refuses a request without a valid CSRF token.

The rules are enumerated from ``app.url_map``, so a new POST route is covered the day it is
added. Each is posted to with plausible form data for real, seeded objects (as an admin, so the
refusal is not an access denial) — once as a plain form, once as htmx, once with a forged token —
and must answer 400 with the Dutch message, leaving every plugin and host table exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask import url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.db import Base
from sroi_plugin.demo.models import db as host_db
from sroi_plugin.models import Brainstorm
from sroi_plugin.models import Contract
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import Modification
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import PlannedTender
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
MESSAGE = "beveiligingscode (CSRF)"

#: Form data that would change something on most routes if the token were not checked.
FORM = {
    "name": "Zonder token",
    "title": "Zonder token",
    "text": "Zonder token",
    "description": "Zonder token",
    "notes": "Zonder token",
    "decision": "approved",
    "rationale": "Zonder token",
    "status": "done",
    "kind": "kennismaking",
    "meeting_date": "2026-12-10",
    "route": "2B",
    "contract_refs": REF,
    "refs": REF,
    "ref": REF,
    "sr_clause_text": "Zonder token",
    "note": "Zonder token",
    "step": "2",
    "reden": "Zonder token",
}


def post_rules(app: Flask) -> list[Any]:
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sroi.") and "POST" in (rule.methods or ())
    ]
    return sorted(rules, key=lambda rule: rule.rule)


@pytest.fixture
def seeded(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> dict[str, Any]:
    """One of everything a POST route can address; returns the URL arguments."""
    make_contract(ref=REF)
    login("admin")
    partnership = start_partnership(client)
    person = add_person(client, partnership, "Sanne de Vries", ["contract_manager"])
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    meeting_url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}"
    token = csrf_token_of(client)
    for url, data in (
        (f"{meeting_url}/agendapunten", {"title": "Kennismaken", "description": ""}),
        (f"{meeting_url}/actiepunten", {"text": "Vacatures delen", "owner_id": "", "due_date": ""}),
    ):
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalar(select(Contract.id).where(Contract.ref == REF))
        change = Modification(
            contract_id=contract_id,
            kind="value_increase",
            status="proposed",
            description="Meerwerk",
            value_delta=Decimal("150000"),
            modification_date=date(2026, 6, 1),
            verdict="needs_legal_review",
            proposed_by_id="u-sanne",
            proposed_by_name="Sanne de Vries",
            proposed_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
        )
        brainstorm = Brainstorm(
            partnership_id=partnership,
            answers={},
            created_by_id="u-beheer",
            created_by_name="Functioneel beheer",
            updated_by_id="u-beheer",
            updated_by_name="Functioneel beheer",
        )
        tender = PlannedTender(
            title="Schoonmaak 2027", created_by_id="u-beheer", created_by_name="Beheer"
        )
        session.add_all([change, brainstorm, tender])
        session.commit()
        imported = run(session, xlsx([row("GEM-CSRF")]))  # an import to undo
        ids = {
            "import_id": imported.import_id,
            "tender_id": tender.id,
            "change_id": change.id,
            "brainstorm_id": brainstorm.id,
            "item_id": session.scalar(
                select(MeetingItem.id).where(MeetingItem.meeting_id == meeting)
            ),
            "action_id": session.scalar(select(MeetingAction.id)),
            "task_id": session.scalar(
                select(PartnershipTask.id).where(PartnershipTask.partnership_id == partnership)
            ),
        }
    assert all(ids.values()), ids
    return {
        "ref": REF,
        "partnership_id": partnership,
        "meeting_id": meeting,
        "person_id": person,
        "token": "0123456789abcdef",  # an upload token; refused before it is looked up
        "step": "1",
        "role": "contract_manager",
        "report_id": 1,  # a monitoring report; the token is refused before it is looked up
        "name": "monitoring",  # a panel to fold
        "key": "kvk:12345678",  # a contractor of the top 3
        **ids,
    }


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every plugin and host table (row counts and contents)."""
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        tables = [*Base.metadata.sorted_tables, *host_db.metadata.sorted_tables]
        with engine.connect() as connection:
            return {
                table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
                for table in tables
            }


def urls(app: Flask, seeded: dict[str, Any]) -> list[str]:
    with app.test_request_context():
        return [
            url_for(rule.endpoint, **{name: seeded[name] for name in rule.arguments})
            for rule in post_rules(app)
        ]


def test_every_sroi_post_rule_is_enumerated_and_seedable(
    app: Flask, seeded: dict[str, Any]
) -> None:
    rules = post_rules(app)
    assert len(rules) >= 30, [rule.endpoint for rule in rules]
    assert {"sroi.change_create", "sroi.legal_decide", "sroi.meeting_action_add"} <= {
        rule.endpoint for rule in rules
    }
    assert len(set(urls(app, seeded))) == len(rules)


@pytest.mark.parametrize(
    ("variant", "headers", "token"),
    [
        ("plain form", {}, None),
        ("htmx", HTMX, None),
        ("forged token", HTMX, "forged.token.value"),
    ],
)
def test_post_without_valid_token_is_refused_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    seeded: dict[str, Any],
    variant: str,
    headers: dict[str, str],
    token: str | None,
) -> None:
    before = snapshot(app)
    assert sum(len(rows) for rows in before.values()) >= 10  # there is something to change
    data = dict(FORM) if token is None else {**FORM, "csrf_token": token}
    for url in urls(app, seeded):
        # an old URL answers 308 and leaves the form unread; its new URL must refuse it
        response = client.post(url, data=data, headers=headers, follow_redirects=True)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, (variant, url, response.status_code, html[:500])
        assert MESSAGE in html, (variant, url, html[:500])
        assert ("<html" not in html) == (headers == HTMX), (variant, url, "fragment for htmx")
    assert snapshot(app) == before


def test_a_valid_token_passes_the_check(
    app: Flask, client: FlaskClient, seeded: dict[str, Any]
) -> None:
    """The control: the same request with the session's token is not refused for CSRF."""
    meeting = f"/sroi/partnerships/{seeded['partnership_id']}/overleggen/{seeded['meeting_id']}"
    url = f"{meeting}/actiepunten"
    response = client.post(
        url, data={**FORM, "csrf_token": csrf_token_of(client), "owner_id": "", "due_date": ""}
    )
    assert response.status_code == 303
    assert MESSAGE not in response.get_data(as_text=True)
