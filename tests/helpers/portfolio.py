"""Build portfolio exports for the engine, page and CLI tests, and run the engine on them.

Files are generated per test (see :mod:`tests.helpers.xlsx`), so each test shows the
rows it imports.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.apply import apply_portfolio
from sroi_plugin.importing.profiles import find_profile
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.models import Contract
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE
from tests.helpers.clock import TODAY

#: The columns of a small export, in the host's Dutch spelling.
HEADER: tuple[str, ...] = (
    "Contractnummer",
    "Omschrijving",
    "Leverancier",
    "KvK-nummer",
    "Inkoopcategorie",
    "Soort opdracht",
    "Contractwaarde",
    "Startdatum",
    "Einddatum",
    "SR-percentage",
)
#: A file row equal to what ``make_contract`` seeds (for the columns of ``HEADER``).
SEEDED: dict[str, Any] = {
    "Omschrijving": "Schoonmaakonderhoud stadskantoor",
    "Leverancier": "Schoon & Sociaal B.V.",
    "KvK-nummer": "12345678",
    "Inkoopcategorie": "schoonmaak",
    "Soort opdracht": "dienst",
    "Contractwaarde": "€ 1.200.000",
    "Startdatum": "01-01-2025",
    "Einddatum": "31-12-2028",
    "SR-percentage": "5%",
}
#: Who the engine tests act as.
USER = SroiUser("u-test", "Ina Inkoper", frozenset({"procurement"}))
MAX_BYTES = 5 * 1024 * 1024

_DEFAULTS: dict[str, Any] = {
    "Omschrijving": "Schoonmaak stadskantoor",
    "Leverancier": "Schoon B.V.",
    "KvK-nummer": "12345678",
    "Inkoopcategorie": "schoonmaak",
    "Soort opdracht": "dienst",
    "Contractwaarde": "€ 1.000.000",
    "Startdatum": "01-01-2025",
    "Einddatum": "31-12-2027",
    "SR-percentage": "5%",
}


def row(
    ref: str, changes: Mapping[str, Any] | None = None, header: Sequence[str] = HEADER
) -> list[Any]:
    """A data row for ``header``: plausible defaults, ``changes`` by header name."""
    values = {**_DEFAULTS, **(changes or {}), "Contractnummer": ref}
    return [values.get(name) for name in header]


def xlsx(
    rows: Sequence[Sequence[Any]],
    header: Sequence[str] = HEADER,
    *,
    above: Sequence[Sequence[Any]] = (),
    title: str = "Contracten",
) -> bytes:
    """An export: optional title rows, the header row, the data rows.

    Text starting with ``=`` is stored as text, as a host's export would write it (openpyxl
    would otherwise write it as a formula).
    """
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = title
    for line in [*above, list(header), *rows]:
        worksheet.append(list(line))
    for cells in worksheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read(session: Session, data: bytes, **options: Any) -> ReadPortfolio:
    """Stage 1 with the profile lookup, as the page and the CLI run it."""
    return read_portfolio(
        data,
        file_name=options.pop("file_name", "export.xlsx"),
        max_bytes=MAX_BYTES,
        find_profile=lambda signatures: find_profile(session, signatures),
        **options,
    )


def run(
    session: Session,
    data: bytes,
    *,
    commit: bool = True,
    today: date = TODAY,
    allow_invalid: bool = False,
    expected_revision: int | None = None,
    allow_mass_missing: bool = False,
    max_missing_share: Decimal = DEFAULT_MAX_MISSING_SHARE,
    **options: Any,
) -> ImportResult:
    """Read and apply ``data``; a commit unless ``commit=False`` (a preview)."""
    return apply_portfolio(
        session,
        read(session, data, **options),
        user=USER,
        today=today,
        commit=commit,
        allow_invalid=allow_invalid,
        expected_revision=expected_revision,
        allow_mass_missing=allow_mass_missing,
        max_missing_share=max_missing_share,
    )


def contract(session: Session, ref: str) -> Contract:
    """The stored contract, fresh from the database."""
    session.expire_all()
    found = session.scalars(select(Contract).where(Contract.ref_key == ref.casefold())).one()
    return found


def count(session: Session, model: Any) -> int:
    """Rows in ``model``'s table."""
    total: int = session.scalar(select(func.count()).select_from(model)) or 0
    return total


def amount(text: str) -> Decimal:
    """``Decimal`` from ``"1000000.00"``."""
    return Decimal(text)
