"""A large SROI database for the panel benchmark: 100,000 contracts and their history.

The schema comes from the plugin's own migrations (``upgrade_database``), as in a deployment.
The bulk (contracts, modifications, monitoring reports and rows, import revisions) goes in with
Core ``executemany`` inserts; the few rich objects (partnerships with tasks, people and meetings)
go through the ORM so they look exactly like ones the plugin made. The first
:data:`DATA_CONTRACTS` contracts carry all the history; the benchmark picks among those.

A database whose counts already match is reused as it is; the default SQLite file is named after
the migration scripts, so a changed schema gets a fresh one (seeding takes a minute or two).
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.db import Base
from sroi_plugin.db import current_session
from sroi_plugin.demo.models import HostContract
from sroi_plugin.migrating import upgrade_database
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import LegalDecision
from sroi_plugin.models import Meeting
from sroi_plugin.models import Modification
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipEvent
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import effective_matrix
from sroi_plugin.resources import MIGRATIONS_DIR
from sroi_plugin.rules.matrix import tasks_for_partnership

#: What the issue asks for.
CONTRACTS = 100_000
MODIFICATIONS = 20_000
MONITORING_ROWS = 200_000
#: Contracts with history (modifications, reports, revisions); the rest are bare register rows.
DATA_CONTRACTS = 5_000
#: Per data contract: 4 modifications, 5 quarterly reports of 8 rows.
MODIFICATIONS_PER_CONTRACT = MODIFICATIONS // DATA_CONTRACTS
REPORTS_PER_CONTRACT = 5
ROWS_PER_REPORT = MONITORING_ROWS // (DATA_CONTRACTS * REPORTS_PER_CONTRACT)
#: Partnerships (ORM, with the route's tasks, two people and three meetings each).
PARTNERSHIPS = 200
#: Rows per executemany batch.
BATCH = 5_000

CATEGORIES = ("schoonmaak", "groenonderhoud", "ICT", "catering", "beveiliging", "bouw")
#: stored codes (rules/vocabulary.py): services, works, supplies
KINDS = ("services", "works", "supplies")
TARGET_GROUPS = (
    "doelgroepregister",
    "statushouders",
    "oudere_werkzoekenden",
    "ex_gedetineerden",
    "overige_afstand",
)
PLACEMENTS = (
    "dienstverband",
    "werkervaringsplaats",
    "leerwerkplek",
    "stapelbaan",
    "inkoop_sociaal_ondernemer",
    "overige_inspanning",
)
VERDICTS = (
    "allowed",
    "allowed_with_publication",
    "needs_legal_review",
    "substantial_new_procedure_required",
)
#: Clause texts in the style of real tenders, so the clause panel has findings to show.
CLAUSES = (
    "Opdrachtnemer zet ten minste 5% van de opdrachtwaarde in voor social return, bij voorkeur "
    "door mensen uit het doelgroepregister in dienst te nemen. Opdrachtnemer rapporteert elk "
    "kwartaal over de voortgang.",
    "De opdrachtnemer besteedt 3% van de loonsom aan mensen met een afstand tot de "
    "arbeidsmarkt, uitsluitend kandidaten die door het WSP worden aangedragen, binnen drie "
    "maanden na de start van het contract.",
    "Social return: opdrachtnemer biedt werkervaringsplaatsen en leerwerkplekken aan; bij het "
    "niet nakomen van deze verplichting wordt een boete van 150% van het resterende bedrag "
    "opgelegd.",
)
NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
BENCH_USER = ("u-bench", "Benchmark Seeder")


@dataclass(frozen=True)
class Counts:
    """Row counts of the three tables the issue sizes."""

    contracts: int
    modifications: int
    monitoring_rows: int

    @property
    def complete(self) -> bool:
        """The database holds exactly the benchmark's data."""
        return self == Counts(CONTRACTS, MODIFICATIONS, MONITORING_ROWS)


def ref_of(number: int) -> str:
    """The host key of bench contract ``number`` (1-based)."""
    return f"BENCH-{number:06d}"


def data_refs() -> list[str]:
    """Refs of the contracts that carry history (the benchmark samples among them)."""
    return [ref_of(number) for number in range(1, DATA_CONTRACTS + 1)]


def counts(connection: Connection) -> Counts:
    """Current row counts."""

    def count(table: Any) -> int:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())

    return Counts(count(Contract), count(Modification), count(MonitoringRow))


def _batched(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(connection: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    for batch in _batched(rows):
        connection.execute(insert(table), batch)


def _contract_rows() -> Iterator[dict[str, Any]]:
    for number in range(1, CONTRACTS + 1):
        ref = ref_of(number)
        has_data = number <= DATA_CONTRACTS
        start = date(2021 + number % 4, 1 + number % 12, 1)
        yield {
            "id": number,
            "ref": ref,
            "ref_key": ref.casefold(),
            "title": f"{CATEGORIES[number % 6].capitalize()} locatie {number % 211}",
            "supplier_name": f"Leverancier {number % 997} B.V.",
            "supplier_kvk": f"{10_000_000 + number % 997:08d}",
            "category": CATEGORIES[number % 6],
            "kind": KINDS[number % 3],
            "procedure": "openbaar",
            "authority_type": "other",
            "value_total": Decimal(250_000 + (number * 7919) % 5_000_000),
            "value_annual": Decimal(60_000 + (number * 31) % 900_000),
            "wage_share": Decimal("0.4500"),
            "start_date": start,
            "end_date": start + timedelta(days=365 * (2 + number % 4)),
            "extension_options": ("2x 1 jaar", "1+1", None)[number % 3],
            "is_framework": number % 7 == 0,
            "department": f"Afdeling {number % 23}",
            "contract_manager": f"Medewerker {number % 61}",
            "sr_percentage": Decimal(5) if has_data or number % 3 == 0 else None,
            "has_sr": "yes" if has_data or number % 3 == 0 else ("no", "unknown")[number % 2],
            "sr_basis": "project_sum" if has_data or number % 3 == 0 else None,
            "sr_form": "contract_clause" if has_data else None,
            "sr_clause_text": CLAUSES[number % len(CLAUSES)] if has_data else None,
            "status": "active",
            "created_at": NOW,
            "updated_at": NOW,
            "version": 1,
        }


def _modification_rows(import_id: int) -> Iterator[dict[str, Any]]:
    """Per data contract: a draft detected by an import, then three proposals."""
    user_id, user_name = BENCH_USER
    number = 0
    for contract_id in range(1, DATA_CONTRACTS + 1):
        for index in range(MODIFICATIONS_PER_CONTRACT):
            number += 1
            draft = index == 0
            delta = Decimal(5_000 + (number * 137) % 40_000)
            yield {
                "id": number,
                "contract_id": contract_id,
                "kind": "value_increase" if draft else "manual",
                "status": "draft" if draft else "proposed",
                "import_id": import_id if draft else None,
                "old_value": "€ 1.000.000,00" if draft else None,
                "new_value": "€ 1.050.000,00" if draft else None,
                "description": "" if draft else f"Meerwerk fase {index}: extra locatie",
                "value_delta": None if draft else delta,
                "modification_date": date(2025, 1 + index * 3, 15),
                "ground": None if draft else "de_minimis",
                "changes_overall_nature": None if draft else False,
                "shifts_economic_balance": None if draft else False,
                "extends_scope_considerably": None if draft else False,
                "attracts_other_bidders": None if draft else False,
                "has_review_clause": False,
                "adds_social_return": False,
                "assessed_value": None if draft else delta,
                "flagged": number % 9 == 0,
                "verdict": None if draft else VERDICTS[number % 4],
                "created_by_id": user_id,
                "created_by_name": user_name,
                "proposed_by_id": None if draft else user_id,
                "proposed_by_name": None if draft else user_name,
                "proposed_at": None if draft else NOW,
                "created_at": NOW,
                "updated_at": NOW,
                "version": 1,
            }


def _decision_rows() -> Iterator[dict[str, Any]]:
    """A legal decision on every proposal that went to review (not plainly allowed)."""
    for number in range(1, MODIFICATIONS + 1):
        proposed = (number - 1) % MODIFICATIONS_PER_CONTRACT != 0
        if proposed and VERDICTS[number % 4] != "allowed":
            yield {
                "modification_id": number,
                "decision": ("allowed", "allowed_with_publication", "substantial")[number % 3],
                "rationale": "Binnen de de-minimisgrens; de aard van de opdracht verandert niet.",
                "decided_by_id": "u-fatima",
                "decided_by_name": "Fatima El Amrani",
                "decided_at": NOW,
            }


def _quarter(index: int) -> tuple[date, date]:
    year, quarter = 2025 + index // 4, index % 4
    start = date(year, 1 + quarter * 3, 1)
    end = date(year + (quarter == 3), 1 + (quarter * 3 + 3) % 12, 1) - timedelta(days=1)
    return start, end


def _report_rows() -> Iterator[dict[str, Any]]:
    user_id, user_name = BENCH_USER
    number = 0
    for contract_id in range(1, DATA_CONTRACTS + 1):
        for period in range(REPORTS_PER_CONTRACT):
            number += 1
            start, end = _quarter(period)
            yield {
                "id": number,
                "contract_id": contract_id,
                "period_start": start,
                "period_end": end,
                "file_name": f"rapportage-{ref_of(contract_id)}-{start:%Y}Q{period % 4 + 1}.xlsx",
                "sha256": hashlib.sha256(str(number).encode()).hexdigest(),
                "row_count": ROWS_PER_REPORT,
                "persons": ROWS_PER_REPORT * 3,
                "hours": Decimal(ROWS_PER_REPORT * 480),
                "jobs": Decimal("2.50"),
                "value_eur": Decimal(ROWS_PER_REPORT * 12_000),
                "uploaded_by_id": user_id,
                "uploaded_by_name": user_name,
                "uploaded_at": NOW,
            }


def _monitoring_rows() -> Iterator[dict[str, Any]]:
    for report_id in range(1, DATA_CONTRACTS * REPORTS_PER_CONTRACT + 1):
        for row in range(ROWS_PER_REPORT):
            yield {
                "report_id": report_id,
                "row_number": 6 + row,
                "target_group": TARGET_GROUPS[row % len(TARGET_GROUPS)],
                "placement_type": PLACEMENTS[(row + report_id) % len(PLACEMENTS)],
                "persons": 3 + row % 4,
                "hours": Decimal(480),
                "costs": Decimal(12_000),
                "evidence": "arbeidsovereenkomst;salarisoverzicht" if row % 2 else "factuur",
            }


def _revision_rows(import_id: int) -> Iterator[dict[str, Any]]:
    for contract_id in range(1, DATA_CONTRACTS + 1):
        yield {
            "contract_id": contract_id,
            "import_id": import_id,
            "field": "status",
            "old_value": None,
            "new_value": "active",
        }
        yield {
            "contract_id": contract_id,
            "import_id": import_id,
            "field": "value_total",
            "old_value": "1000000.00",
            "new_value": "1050000.00",
        }


def _portfolio_import(connection: Connection) -> int:
    user_id, user_name = BENCH_USER
    row = {
        "file_name": "contractregister.xlsx",
        "file_sha256": "0" * 64,
        "sheet": "Contracten",
        "header_row": 2,
        "new_count": CONTRACTS,
        "source": "web",
        "imported_by_id": user_id,
        "imported_by_name": user_name,
        "imported_at": NOW,
        "revision": 1,
    }
    table = _table(PortfolioImport)
    return int(connection.execute(insert(table).returning(table.c.id), row).scalar_one())


def _table(model: Any) -> Table:
    """A mapped class's table, typed."""
    table: Table = model.__table__
    return table


def _bulk(connection: Connection) -> None:
    """Core inserts of the sized tables (ids given, so rows can refer to each other)."""
    import_id = _portfolio_import(connection)
    _insert(connection, _table(Contract), _contract_rows())
    _insert(connection, _table(Modification), _modification_rows(import_id))
    _insert(connection, _table(LegalDecision), _decision_rows())
    _insert(connection, _table(MonitoringReport), _report_rows())
    _insert(connection, _table(MonitoringRow), _monitoring_rows())
    _insert(connection, _table(ContractRevision), _revision_rows(import_id))


def _partnership(session: Session, contract: Contract, number: int, rng: random.Random) -> None:
    user_id, user_name = BENCH_USER
    new = Partnership(
        name=f"Partnership {contract.supplier_name} {number}",
        route="2B",
        current_step=rng.choice(("1", "2B", "3")),
        goals="Tien werkervaringsplaatsen per jaar en twee vaste banen uit het doelgroepregister.",
        target_group="doelgroepregister",
        created_by_id=user_id,
        created_by_name=user_name,
    )
    new.contracts = [contract]
    specs = tasks_for_partnership(effective_matrix(session), new.route)
    new.tasks = [
        PartnershipTask(step=s.step, role=s.role, text=s.text, status=rng.choice(("open", "klaar")))
        for s in specs
    ]
    new.persons = [
        PartnershipPerson(
            name="Sanne de Vries",
            organisation="eigen",
            user_id="u-sanne",
            created_by_id=user_id,
            created_by_name=user_name,
        ),
        PartnershipPerson(
            name=f"Contact {contract.supplier_name}",
            organisation="opdrachtnemer",
            created_by_id=user_id,
            created_by_name=user_name,
        ),
    ]
    new.meetings = [
        Meeting(
            kind=kind,
            title=f"{kind.capitalize()} {contract.ref}",
            meeting_date=date(2026, 9 + offset, 10),
            start_time=time(10, 0),
            uid=f"bench-{number}-{offset}@sroi",
            created_by_id=user_id,
            created_by_name=user_name,
        )
        for offset, kind in enumerate(("kennismaking", "verkenning", "voortgang"))
    ]
    new.events = [
        PartnershipEvent(
            kind="created",
            summary="Partnership gestart (benchmark).",
            actor_id=user_id,
            actor_name=user_name,
        )
    ]
    session.add(new)


def _partnerships(session: Session) -> None:
    """A few partnerships through the ORM, on data contracts spread over the range."""
    rng = random.Random(8)  # noqa: S311 - a reproducible data set, not a secret
    step = DATA_CONTRACTS // PARTNERSHIPS
    refs = [ref_of(number) for number in range(1, DATA_CONTRACTS + 1, step)]
    contracts = session.scalars(select(Contract).where(Contract.ref.in_(refs))).all()
    for number, contract in enumerate(contracts, start=1):
        _partnership(session, contract, number, rng)
    session.commit()


def _clear(connection: Connection) -> None:
    """Empty every plugin table (a partial or differently sized earlier seed)."""
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(table.delete())


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: move id sequences past the ids the Core inserts gave explicitly."""
    if connection.dialect.name != "postgresql":
        return
    for model in (Contract, Modification, MonitoringReport):
        name = _table(model).name
        connection.exec_driver_sql(  # names from the plugin's own metadata
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
            f"(SELECT MAX(id) FROM {name}))"
        )


def ensure_seeded(app: Flask) -> tuple[Counts, bool]:
    """Migrate, then seed unless the counts already match; returns the counts and reuse flag."""
    upgrade_database(app)
    with app.app_context():
        session = current_session()
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        with engine.connect() as connection:
            found = counts(connection)
        if found.complete:
            return found, True
        with engine.begin() as connection:
            _clear(connection)
            _bulk(connection)
            _reset_sequences(connection)
        _partnerships(session)
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        with engine.connect() as connection:
            return counts(connection), False


#: The host register's columns, filled from the plugin's copy of each contract (the demo host's
#: contract page reads its own table, ``demo_contract``); ``None``: copied as is (nullable).
_HOST_DEFAULTS: dict[str, Any] = {
    "ref": None,
    "title": None,
    "supplier_name": "",
    "category": "",
    "department": "",
    "kind": "",
    "procedure": "",
    "value_total": 0,
    "start_date": date(2026, 1, 1),
    "end_date": None,
    "contract_manager": "",
}


def ensure_host_register(app: Flask) -> int:
    """The demo host's own register for every bench contract, so its contract page opens.

    The host's table is not the plugin's (no migration makes it): created when missing, and
    filled in one ``INSERT … SELECT`` from the plugin's contracts when their counts differ.
    Returns the number of host contracts.
    """
    host = _table(HostContract)
    with app.app_context():
        engine = current_session().get_bind()
        assert isinstance(engine, Engine)
        host.create(engine, checkfirst=True)
        with engine.begin() as connection:
            wanted = connection.execute(select(func.count()).select_from(_table(Contract)))
            held = connection.execute(select(func.count()).select_from(host))
            if wanted.scalar_one() != held.scalar_one():
                plugin = _table(Contract).c
                connection.execute(host.delete())
                filled = [
                    plugin[name] if default is None else func.coalesce(plugin[name], default)
                    for name, default in _HOST_DEFAULTS.items()
                ]
                connection.execute(insert(host).from_select(list(_HOST_DEFAULTS), select(*filled)))
            return int(connection.execute(select(func.count()).select_from(host)).scalar_one())


def schema_fingerprint() -> str:
    """A short hash of the migration scripts: a cached database built by other migrations (an
    unreleased one edited in place, say) is not reused."""
    digest = hashlib.sha256()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        digest.update(script.name.encode())
        digest.update(script.read_bytes())
    return digest.hexdigest()[:12]


def default_sqlite_url() -> str:
    """A SQLite file in the user's cache directory, kept between runs of the same schema (the
    files of other schemas are removed)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    directory = Path(base) / "sroi-bench"
    directory.mkdir(parents=True, exist_ok=True)
    current = directory / f"panel-bench-{schema_fingerprint()}.sqlite"
    for stale in directory.glob("panel-bench*.sqlite*"):
        if not stale.name.startswith(current.name):
            stale.unlink()
    return f"sqlite:///{current}"
