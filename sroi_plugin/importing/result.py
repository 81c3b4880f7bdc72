"""Result: what an import found and did, with row outcomes and totals.

Row outcomes are constants with totals (django-import-export's ``RowResult`` types, in our
terms). :meth:`ImportResult.has_errors` (the import as a whole failed: a stale preview, a
contract changed by someone else meanwhile) stays apart from
:meth:`ImportResult.has_invalid_rows` (rows the file got wrong; committing the rest is the
user's explicit choice). :meth:`ImportResult.as_json` is the stable shape of
``flask sroi import-portfolio --json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Any
from typing import Final

from sroi_plugin.importing.conflicts import FieldConflict
from sroi_plugin.importing.conflicts import Overwrite
from sroi_plugin.importing.coverage import missing_field_warnings
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.rules.dutch import local_moment
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE
from sroi_plugin.rules.portfolio_sync import DetectedChange

if TYPE_CHECKING:
    from sroi_plugin.importing.stored_plan import StoredPlan

__all__ = [
    "CHANGED",
    "ERROR",
    "INVALID",
    "NEW",
    "OUTCOMES",
    "UNCHANGED",
    "AssessChange",
    "ContractChange",
    "ImportResult",
    "InvalidRow",
    "MissingContract",
    "NewContract",
    "json_value",
]

#: a contract the plugin did not know yet
NEW: Final = "new"
#: a known contract with at least one field (or its status) different
CHANGED: Final = "changed"
#: a known contract the file leaves as it is (nothing is written for it)
UNCHANGED: Final = "unchanged"
#: a row the file got wrong (conversion error, duplicate contract number, too long …)
INVALID: Final = "invalid"
#: a row the database refused (the contract was changed by someone else during the import)
ERROR: Final = "error"
#: every row outcome, in display order
OUTCOMES: Final = (NEW, CHANGED, UNCHANGED, INVALID, ERROR)


def _thousands(number: int) -> str:
    """``1.030``: Dutch thousands separators."""
    return f"{number:,}".replace(",", ".")


def json_value(value: object) -> Any:
    """A typed value for JSON: amounts as strings (``"1234567.89"``), dates ISO."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class InvalidRow:
    """A row left out of the import, with every reason (Dutch, naming row and column)."""

    #: sheet row number, as Excel shows it
    row: int
    #: the trimmed contract number, ``None`` when the row has none
    ref: str | None
    errors: list[str]


@dataclass(frozen=True, slots=True)
class ContractChange:
    """A known contract the import changes: per field the old and the new (typed) value."""

    ref: str
    fields: dict[str, tuple[object, object]]


@dataclass(frozen=True, slots=True)
class NewContract:
    """A contract the import adds: what the preview names it by."""

    ref: str
    title: str | None
    supplier_name: str | None
    value_total: Decimal | None


@dataclass(frozen=True, slots=True)
class MissingContract:
    """A contract in the plugin that the export does not list."""

    ref: str
    title: str | None
    end_date: date | None
    #: its end date lies before today: it simply ended (not alarming); otherwise it vanished
    #: from the register while it still runs
    ended: bool


@dataclass(frozen=True, slots=True)
class AssessChange:
    """A contract change to assess, found in a changed contract (a draft modification)."""

    ref: str
    change: DetectedChange


@dataclass
class ImportResult:
    """The outcome of one run of the engine (a preview, a refused or a committed import)."""

    file_name: str
    #: SHA-256 of the file (hex)
    file_sha256: str
    sheet: str
    header_row: int
    #: the header row's texts, in column order
    headers: list[str]
    #: field → the header it was read from
    mapped_columns: dict[str, str]
    #: headers that feed no field
    unmapped_columns: list[str]
    #: contract fields (besides the contract number) the file has no column for
    unmapped_fields: list[str] = field(default_factory=list)
    #: near misses, field → ``{"header": …, "score": …}`` (see :class:`.columns.Suggestion`)
    suggestions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the saved import profile the columns were read with, if any
    profile_id: int | None = None
    profile_name: str | None = None
    #: rows per outcome (see :data:`OUTCOMES`)
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    #: contracts in the plugin that this export does not list
    missing: int = 0
    #: their contract numbers (sorted)
    missing_refs: list[str] = field(default_factory=list)
    #: of :attr:`missing`, those not marked missing before (the import marks them now)
    newly_missing: int = 0
    #: contracts not marked missing before the import (the active portfolio)
    active_before: int = 0
    #: share of :attr:`active_before` above which marking contracts missing needs a "yes"
    max_missing_share: Decimal = DEFAULT_MAX_MISSING_SHARE
    #: so many contracts become missing that committing needs an explicit choice (see
    #: :func:`~sroi_plugin.rules.portfolio_sync.missing_needs_confirmation`)
    mass_missing: bool = False
    skipped: list[SkippedRows] = field(default_factory=list)
    invalid_rows: list[InvalidRow] = field(default_factory=list)
    changes: list[ContractChange] = field(default_factory=list)
    changes_to_assess: list[AssessChange] = field(default_factory=list)
    #: contracts the import adds, in file order
    new_contracts: list[NewContract] = field(default_factory=list)
    #: :attr:`missing_refs` with their title and end date
    missing_contracts: list[MissingContract] = field(default_factory=list)
    #: plugin fields edited in a panel that the export contradicts (see :mod:`.conflicts`)
    conflicts: list[FieldConflict] = field(default_factory=list)
    #: register fields edited in a panel that the import overwrites
    overwrites: list[Overwrite] = field(default_factory=list)
    #: problems that stopped the import as a whole (Dutch)
    errors: list[str] = field(default_factory=list)
    #: another import was committed after the preview this confirm is based on
    stale: bool = False
    committed: bool = False
    #: the portfolio revision the run saw (a preview hands it to the confirm)
    seen_revision: int | None = None
    #: the audit row of a committed import
    import_id: int | None = None
    #: a preview's plan, which the confirm applies (:mod:`.stored_plan`)
    plan: StoredPlan | None = None

    def has_errors(self) -> bool:
        """The import as a whole cannot be committed (stale preview, concurrent change)."""
        return bool(self.errors) or self.totals[ERROR] > 0

    def unresolved_conflicts(self) -> list[FieldConflict]:
        """Conflicts nobody chose on yet; the import is only committed without any."""
        return [conflict for conflict in self.conflicts if conflict.choice is None]

    def has_invalid_rows(self) -> bool:
        """The file has rows that are left out; committing needs an explicit choice."""
        return self.totals[INVALID] > 0

    def mass_missing_message(self) -> str | None:
        """The Dutch question of an import that marks a large share of the portfolio missing
        (``None`` when it does not need one)."""
        if not self.mass_missing:
            return None
        share = (Decimal(self.newly_missing) * 100 / max(self.active_before, 1)).quantize(
            Decimal(1), ROUND_HALF_UP
        )
        return (
            f"Deze import markeert {_thousands(self.newly_missing)} van de "
            f"{_thousands(self.active_before)} actieve contracten ({share}%) als 'niet in "
            "laatste export'. Klopt dat? Controleer of het bestand het hele contractregister "
            "bevat, niet een gefilterde selectie, één afdeling of een afgebroken export. "
            "Bevestig alleen als deze contracten echt uit het register zijn verdwenen."
        )

    def missing_field_warnings(self) -> list[str]:
        """Dutch sentences on what the contracts will lack for want of a column (see
        :func:`.coverage.missing_field_warnings`)."""
        return missing_field_warnings(
            self.unmapped_fields,
            new=self.totals[NEW],
            known=self.totals[CHANGED] + self.totals[UNCHANGED],
        )

    @property
    def skipped_count(self) -> int:
        """Rows left out as blank, title or totals rows."""
        return sum(run.count for run in self.skipped)

    @property
    def counts(self) -> dict[str, int]:
        """The counts the preview and the CLI show."""
        return {
            "new": self.totals[NEW],
            "changed": self.totals[CHANGED],
            "unchanged": self.totals[UNCHANGED],
            "invalid": self.totals[INVALID],
            "missing": self.missing,
            "skipped": self.skipped_count,
        }

    def as_json(self) -> dict[str, Any]:
        """The stable JSON of ``flask sroi import-portfolio --json`` (amounts as strings)."""
        return {
            "file": self.file_name,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "mapped_columns": dict(self.mapped_columns),
            "unmapped_columns": list(self.unmapped_columns),
            "unmapped_fields": list(self.unmapped_fields),
            "suggestions": {name: dict(found) for name, found in self.suggestions.items()},
            "missing_field_warnings": self.missing_field_warnings(),
            "counts": self.counts,
            "invalid_rows": [
                {"row": row.row, "ref": row.ref, "errors": list(row.errors)}
                for row in self.invalid_rows
            ],
            "changes": [
                {
                    "ref": change.ref,
                    "fields": {
                        name: [json_value(old), json_value(new)]
                        for name, (old, new) in change.fields.items()
                    },
                }
                for change in self.changes
            ],
            "changes_to_assess": [
                {
                    "ref": item.ref,
                    "kind": item.change.kind,
                    "old": item.change.old,
                    "new": item.change.new,
                }
                for item in self.changes_to_assess
            ],
            "missing_check": {
                "newly_missing": self.newly_missing,
                "active": self.active_before,
                "max_share": f"{self.max_missing_share:f}",
                "needs_confirmation": self.mass_missing,
            },
            "conflicts": [
                {
                    "key": item.key,
                    "ref": item.ref,
                    "field": item.field,
                    "plugin_value": json_value(item.plugin_value),
                    "export_value": json_value(item.export_value),
                    "edited_by": item.edited_by,
                    "edited_at": local_moment(item.edited_at).date().isoformat(),
                    "choice": item.choice,
                }
                for item in self.conflicts
            ],
            "committed": self.committed,
        }

    def summary(self) -> Mapping[str, Any]:
        """What the preview page needs besides :meth:`as_json` (kept with the upload)."""
        return {
            **self.as_json(),
            "file_sha256": self.file_sha256,
            "headers": list(self.headers),
            "profile_id": self.profile_id,
            "profile_name": self.profile_name,
            "missing_refs": list(self.missing_refs),
            "skipped_rows": [
                {"first": run.first_row, "last": run.last_row, "reason": run.reason}
                for run in self.skipped
            ],
            "changes_to_assess_text": [
                {"ref": item.ref, "kind": item.change.kind, "description": item.change.description}
                for item in self.changes_to_assess
            ],
            "errors": list(self.errors),
            "new_contracts": [
                {
                    "ref": item.ref,
                    "title": item.title,
                    "supplier_name": item.supplier_name,
                    "value_total": json_value(item.value_total),
                }
                for item in self.new_contracts
            ],
            "missing_contracts": [
                {
                    "ref": item.ref,
                    "title": item.title,
                    "end_date": json_value(item.end_date),
                    "ended": item.ended,
                }
                for item in self.missing_contracts
            ],
            "overwrites": [
                {
                    "ref": item.ref,
                    "field": item.field,
                    "plugin_value": json_value(item.plugin_value),
                    "export_value": json_value(item.export_value),
                    "edited_by": item.edited_by,
                    "edited_at": local_moment(item.edited_at).date().isoformat(),
                }
                for item in self.overwrites
            ],
            "mass_missing_text": self.mass_missing_message(),
            "stale": self.stale,
            "seen_revision": self.seen_revision,
            "import_id": self.import_id,
        }
