"""No panel or daily page runs more SQL as the portfolio grows (no N+1 queries).

Every contract panel and the attention summary above them is fetched as an htmx fragment, and
the pages procurement, legal reviewers and contract managers open daily as full pages, while the
statements reaching the database are counted (``before_cursor_execute`` on the plugin's engine).
Each URL is fetched once to warm up and once to count. The count must stay the same when (a) the
rest of the portfolio grows from one contract to 300, each with a change, a legal decision, a
monitoring report and a revision, and more partnerships, and when (b) the contract's own history
grows from one item of each kind to 50 changes with decisions, 12 quarterly reports of 10 rows, 50
revisions and three partnerships with meetings.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from flask import url_for
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Modification
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models.portfolio import ContractRevision
from sroi_plugin.models.portfolio import PortfolioImport
from sroi_plugin.web.panels.registry import ordered_panel_names
from sroi_plugin.web.render import panel_url
from tests.helpers.monitoring import quarter
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX

REF = "GEM-2025-0001"
#: The daily pages, each fetched as the role that uses it.
PAGES: dict[str, str] = {
    "/sroi/kansrijk": "procurement",
    "/sroi/juridisch/wachtrij": "legal_reviewer",
    "/sroi/monitoring/dashboard": "procurement",
    "/sroi/mijn-taken": "contract_manager",
    "/sroi/partnerships": "contract_manager",
}
#: The demo's contract manager, who gets partnership tasks on "mijn taken".
MANAGER_ID = "u-sanne"
_PROPOSED_AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Items:
    """How much history a contract has."""

    changes: int
    reports: int
    rows_per_report: int
    revisions: int


ONE = Items(changes=1, reports=1, rows_per_report=1, revisions=1)
MANY = Items(changes=50, reports=12, rows_per_report=10, revisions=50)


def _change(number: int) -> Modification:
    """Flagged and waiting for a lawyer, decided by one, or a draft an import detected."""
    kind = number % 3
    change = Modification(
        kind="value_increase",
        status="draft" if kind == 2 else "proposed",
        description=f"Meerwerk {number}",
        value_delta=Decimal("1000") + number,
        assessed_value=Decimal("1000") + number,
        old_value="1000000.00",
        new_value=f"{1001000 + number}.00",
        modification_date=date(2026, 3, 1),
        ground="de_minimis",
        verdict="needs_legal_review",
        flagged=kind == 0,
        proposed_by_id=MANAGER_ID,
        proposed_by_name="Sanne de Vries",
        proposed_at=_PROPOSED_AT,
    )
    if kind == 1:
        change.decisions.append(
            LegalDecision(
                decision="allowed",
                rationale="Binnen de de-minimisgrens.",
                decided_by_id="u-fatima",
                decided_by_name="Fatima El Amrani",
            )
        )
    return change


def _report(contract_id: int, index: int, rows: int) -> MonitoringReport:
    """The ``index``-th quarterly report back from Q3 2026, with ``rows`` rows."""
    year, q = divmod(2026 * 4 + 2 - index, 4)
    period = quarter(year, q + 1)
    report = MonitoringReport(
        contract_id=contract_id,
        period_start=period.start,
        period_end=period.end,
        file_name=f"rapportage-{index}.xlsx",
        sha256="0" * 64,
        row_count=rows,
        persons=rows,
        hours=Decimal(100 * rows),
        jobs=Decimal("0.5") * rows,
        value_eur=Decimal(1000 * rows),
        uploaded_by_id=MANAGER_ID,
        uploaded_by_name="Sanne de Vries",
    )
    for number in range(rows):
        report.rows.append(
            MonitoringRow(
                row_number=15 + number,
                target_group="doelgroepregister" if number % 2 else "statushouders",
                placement_type="dienstverband",
                persons=1,
                hours=Decimal(100),
                costs=Decimal(1000),
                evidence="arbeidsovereenkomst",
            )
        )
    return report


def add_history(
    session: Session, contract_id: int, items: Items, import_id: int, first: int = 0
) -> None:
    """Give a contract changes, reports and revisions (added, not committed); its changes are
    numbered and its reports go back quarter by quarter from ``first`` on."""
    for number in range(first, first + items.changes):
        change = _change(number)
        change.contract_id = contract_id
        session.add(change)
    for index in range(first, first + items.reports):
        session.add(_report(contract_id, index, items.rows_per_report))
    for number in range(items.revisions):
        session.add(
            ContractRevision(
                contract_id=contract_id,
                import_id=import_id,
                field="value_total",
                old_value=f"{1000000 + number}.00",
                new_value=f"{1000001 + number}.00",
            )
        )


def an_import(session: Session) -> int:
    """An import record for revisions to point at; its id."""
    imported = PortfolioImport(
        file_name="contractregister.xlsx",
        file_sha256="0" * 64,
        sheet="Contracten",
        header_row=1,
        source="web",
        imported_by_id="u-pieter",
        imported_by_name="Pieter Jansen",
        revision=1,
    )
    session.add(imported)
    session.flush()
    return imported.id


def other_contract(number: int) -> Contract:
    """One more contract in the portfolio, promising enough to be listed."""
    return Contract(
        ref=f"GEM-2030-{number:04d}",
        title=f"Groenonderhoud wijk {number}",
        supplier_name=f"Groen {number} B.V.",
        category="groen",
        kind="services",
        value_total=Decimal("2000000") + number,
        value_annual=Decimal("500000"),
        start_date=date(2023, 1, 1),
        end_date=date(2028, 12, 31),
        department=f"Afdeling {number % 7}",
        contract_manager="Sanne de Vries",
        sr_percentage=Decimal("5") if number % 2 else None,
        sr_basis="project_sum" if number % 2 else None,
    )


def add_others(app: Flask, first: int, count: int) -> list[str]:
    """``count`` more contracts, each with one item of every kind; their refs."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        import_id = an_import(session)
        contracts = [other_contract(number) for number in range(first, first + count)]
        session.add_all(contracts)
        session.flush()
        for contract in contracts:
            add_history(session, contract.id, ONE, import_id)
        session.commit()
        return [contract.ref for contract in contracts]


def add_own(app: Flask, items: Items, first: int = 0) -> None:
    """History for the contract under test."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == REF)).one()
        add_history(session, contract_id, items, an_import(session), first)
        session.commit()


def add_partnership(client: FlaskClient, name: str, refs: tuple[str, ...], meetings: int) -> None:
    """A partnership through the forms, the contract manager in it (so it has tasks for her)."""
    partnership = start_partnership(client, name=name, refs=refs)
    add_person(client, partnership, "Sanne de Vries", ["contract_manager"], user_id=MANAGER_ID)
    for number in range(meetings):
        plan_meeting(client, partnership, "kennismaking", f"2026-12-{number + 1:02d}")


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends while the block runs."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def urls(app: Flask) -> dict[str, str]:
    """Every URL measured, with the role that opens it."""
    with app.test_request_context():
        panels = {panel_url(name, REF): "admin" for name in ordered_panel_names()}
        panels[url_for("sroi.attention", ref=REF)] = "admin"
    return {**panels, f"/contracten/{REF}": "admin", **PAGES}


def measure(app: Flask, client: FlaskClient, login: Callable[[str], None]) -> dict[str, int]:
    """Per URL the statements of its second fetch (the first warms caches up)."""
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
    counts: dict[str, int] = {}
    for url, role in urls(app).items():
        login(role)
        headers = {} if url.startswith("/contracten") or url in PAGES else HTMX
        assert client.get(url, headers=headers).status_code == 200, url
        with counting(engine) as statements:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    return counts


def shown(client: FlaskClient, login: Callable[[str], None], url: str, role: str) -> str:
    """The page at ``url`` as ``role`` sees it."""
    login(role)
    return client.get(url).get_data(as_text=True)


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The URLs whose count changed: ``(before, after)``."""
    return {url: (before[url], after[url]) for url in before if before[url] != after[url]}


def test_counts_do_not_grow_with_the_rest_of_the_portfolio(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref=REF, start_date=date(2023, 1, 1))
    add_own(app, ONE)
    (other,) = add_others(app, 0, 1)
    login("admin")
    add_partnership(client, "Partnership eigen contract", (REF,), meetings=1)
    add_partnership(client, "Partnership ander contract", (other,), meetings=1)
    before = measure(app, client, login)

    refs = add_others(app, 1, 299)
    login("admin")
    for number, ref in enumerate(refs[:8]):
        add_partnership(client, f"Partnership {number}", (ref,), meetings=1)
    after = measure(app, client, login)
    assert grown(before, after) == {}, f"1 → 300 contracts: {before} → {after}"
    # the pages did show the grown portfolio
    queue = shown(client, login, "/sroi/juridisch/wachtrij", "legal_reviewer")
    assert queue.count("GEM-2030-") >= 100
    assert shown(client, login, "/sroi/kansrijk", "procurement").count("GEM-2030-") >= 100
    assert shown(client, login, "/sroi/mijn-taken", "contract_manager").count("Partnership ") >= 9


def test_counts_do_not_grow_with_the_contracts_own_history(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract(ref=REF, start_date=date(2023, 1, 1))
    add_own(app, ONE)
    login("admin")
    add_partnership(client, "Partnership 1", (REF,), meetings=1)
    before = measure(app, client, login)

    add_own(app, Items(MANY.changes - 1, MANY.reports - 1, MANY.rows_per_report, MANY.revisions), 1)
    login("admin")
    add_partnership(client, "Partnership 2", (REF,), meetings=3)
    add_partnership(client, "Partnership 3", (REF,), meetings=3)
    after = measure(app, client, login)
    assert grown(before, after) == {}, f"1 → {MANY}: {before} → {after}"
    # the panels did show the grown history
    changes = shown(client, login, f"/sroi/contracten/{REF}/wijzigingen", "admin")
    assert all(f"Meerwerk {number}" in changes for number in range(0, MANY.changes, 3))
    assert changes.count("Binnen de de-minimisgrens.") == len(range(1, MANY.changes, 3))
    monitoring = shown(client, login, f"/sroi/contracten/{REF}/monitoring", "admin")
    assert "01-10-2023 t/m 31-12-2023" in monitoring  # the twelfth quarter back
    history = shown(client, login, f"/sroi/contracten/{REF}/historie", "admin")
    assert history.count("Contractwaarde") >= MANY.revisions
    partnership = shown(client, login, f"/sroi/contracten/{REF}/partnership", "admin")
    assert all(f"Partnership {number}" in partnership for number in (1, 2, 3))
