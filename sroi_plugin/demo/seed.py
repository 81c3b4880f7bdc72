"""Demo set-up: migrate, create the host's table, and load the fixture register once."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import click
from flask import Flask
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db
from sroi_plugin.demo.monitoring_seed import seed_demo_reports
from sroi_plugin.demo.users import DEFAULT_DEMO_USER
from sroi_plugin.demo.users import DEMO_USERS
from sroi_plugin.demo.workflow_seed import EXTRA_CONTRACTS
from sroi_plugin.demo.workflow_seed import seed_demo_changes
from sroi_plugin.demo.workflow_seed import seed_demo_partnership
from sroi_plugin.migrating import upgrade_database
from sroi_plugin.models import Contract
from sroi_plugin.models import PlannedTender
from sroi_plugin.monitoring.settings import monitoring_settings
from sroi_plugin.resources import FIXTURES_DIR

DEMO_FIXTURE = FIXTURES_DIR / "demo_contracts.json"

_MONEY_FIELDS = ("value_total", "value_annual", "wage_sum", "wage_share", "sr_percentage")
_DATE_FIELDS = ("start_date", "end_date")


def _typed(record: dict[str, Any]) -> dict[str, Any]:
    """JSON strings to ``Decimal`` and ``date``."""
    typed = dict(record)
    for name in _MONEY_FIELDS:
        if typed.get(name) is not None:
            typed[name] = Decimal(str(typed[name]))
    for name in _DATE_FIELDS:
        if typed.get(name):
            typed[name] = date.fromisoformat(typed[name])
    return typed


def load_demo_contracts() -> list[dict[str, Any]]:
    """The fixture register, typed."""
    with DEMO_FIXTURE.open(encoding="utf-8") as handle:
        return [_typed(item) for item in json.load(handle)]


def seed_demo_data() -> int:
    """Fill the host register and the plugin's copy from the fixture and the extra contracts of
    one contractor, then the contractors' monitoring reports, the planned tender, a partnership
    and changes for the legal queue; returns the number of contracts."""
    records = [*load_demo_contracts(), *EXTRA_CONTRACTS]
    host_fields = HostContract.__table__.columns.keys()
    for record in records:
        db.session.add(HostContract(**{k: v for k, v in record.items() if k in host_fields}))
        db.session.add(Contract(**record))
    db.session.commit()
    config = current_app.config
    seed_demo_reports(
        current_session(),
        DEMO_USERS[DEFAULT_DEMO_USER],
        monitoring_settings(config),
        today_from(config),
    )
    tender = _seed_demo_tender()
    today = today_from(config)
    seed_demo_partnership(
        current_session(),
        DEMO_USERS["contract_manager"],
        DEMO_USERS["sr_coordinator"],
        tender,
        today,
    )
    seed_demo_changes(
        current_session(), DEMO_USERS["contract_manager"], DEMO_USERS["legal_reviewer"], today
    )
    return len(records)


def _seed_demo_tender() -> PlannedTender:
    """One planned tender (route 2A) whose draft paragraph the clause checks flag: it prescribes
    the banenafspraak target group (handreiking stap 2Ad TIP); the demo partnership works on it."""
    procurement = DEMO_USERS["procurement"]
    tender = PlannedTender(
        title="Schoonmaak gemeentelijke gebouwen 2027-2031",
        category="schoonmaak",
        department="Facilitaire Zaken",
        kind="services",
        authority_type="other",
        value_total=Decimal("3200000"),
        term_months=48,
        wage_share=Decimal("0.7"),
        sr_percentage=Decimal("5"),
        sr_basis="project_sum",
        sr_form="contract_clause",
        sr_clause_text=(
            "Opdrachtnemer moet ten minste 5% van de projectsom besteden aan de inzet van "
            "kandidaten uit het doelgroepregister (banenafspraak)."
        ),
        planned_publication=date(2027, 3, 1),
        created_by_id=procurement.id,
        created_by_name=procurement.name,
    )
    db.session.add(tender)
    db.session.commit()
    return tender


def set_up_demo(app: Flask) -> int:
    """Migrate the plugin, create the host's table, seed an empty register; returns rows added."""
    upgrade_database(app)
    with app.app_context():
        db.create_all()
        if db.session.scalars(select(HostContract.id).limit(1)).first() is not None:
            return 0
        return seed_demo_data()


@click.command("demo-setup")
@with_appcontext
def demo_setup_command() -> None:
    """Run at every ``make demo``: migrations, host table, demo data (once)."""
    added = set_up_demo(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"Demo klaar ({added} contracten toegevoegd)." if added else "Demo klaar.")
