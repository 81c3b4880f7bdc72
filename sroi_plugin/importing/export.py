"""Export: the portfolio as ``.xlsx`` in the columns and labels the importer reads.

Every contract the plugin holds except those marked ``missing`` ("niet in laatste export"), so
that importing the export straight back finds every contract unchanged and marks none missing.
Values are written so the converters read them back exactly: amounts and dates as Excel
numbers and dates, percentages as text with a ``%`` sign (a bare ``0,5`` would read as 50%),
yes/no as ``ja``/``nee``, closed lists (kind, authority type, SR answer, basis and form) as
their Dutch labels (``werk``, ``centrale overheid``, ``onbekend``, ``loonsom``), which the
importer reads back as the same codes. Text that starts like a formula is
neutralised by :func:`~.spreadsheet_out.write_rows`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.spreadsheet_out import write_rows
from sroi_plugin.models import Contract
from sroi_plugin.rules.portfolio_sync import STATUS_MISSING
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import Term

__all__ = ["EXPORT_FIELDS", "export_file_name", "export_portfolio", "export_value"]

#: The fields an export writes: every model field the importer reads, in its order.
EXPORT_FIELDS: Final = tuple(spec for spec in FIELDS if spec.model_column)

#: The closed-list fields, written as their vocabulary's Dutch label.
_TERM_FIELDS: Final[dict[str, type[Term]]] = {
    "kind": ContractKind,
    "authority_type": AuthorityType,
    "has_sr": SrApplies,
    "sr_basis": SrBasis,
    "sr_form": SrForm,
}
_PERCENT_FIELDS: Final = frozenset({"wage_share", "sr_percentage"})


def _percent(value: Decimal, *, fraction: bool) -> str:
    """``45%`` for a fraction 0.45, ``5%`` / ``0,5%`` for percentage points."""
    points = value * 100 if fraction else value
    text = f"{points.normalize():f}".replace(".", ",")
    return f"{text}%"


def export_value(name: str, value: Any) -> Any:
    """A stored value as the export writes it (and the importer reads back unchanged)."""
    if value is None or value == "":
        return None
    if name in _PERCENT_FIELDS:
        return _percent(value, fraction=name == "wage_share")
    if name == "is_framework":
        return "ja" if value else "nee"
    if name in _TERM_FIELDS:
        term = _TERM_FIELDS[name].lookup(str(value))
        return term.label if term is not None else value
    return value


def _rows(session: Session) -> Iterator[list[Any]]:
    table = Contract.__table__
    names = [spec.name for spec in EXPORT_FIELDS]
    query = (
        select(*(table.c[name] for name in names))
        .where(table.c.status != STATUS_MISSING)
        .order_by(table.c.ref_key)
    )
    for row in session.execute(query).yield_per(1000):
        yield [export_value(name, value) for name, value in zip(names, row, strict=True)]


def export_portfolio(session: Session) -> bytes:
    """The portfolio as an ``.xlsx`` workbook (sheet "Contracten")."""
    buffer = io.BytesIO()
    write_rows(buffer, [spec.label for spec in EXPORT_FIELDS], _rows(session))
    return buffer.getvalue()


def export_file_name(today: Any) -> str:
    """``contractregister-2026-11-25.xlsx``."""
    return f"contractregister-{today.isoformat()}.xlsx"
