"""Portfolio sync: a contract's status after an import, and which differences between the
register and a new export are *contract changes to assess*.

Why these differences matter: a running contract may only change without a new tender within
Aw 2012 art. 2.163a–2.163g / Dir. 2014/24 art. 72. A higher value (art. 72(2), (4)(b)–(c)), a
longer term (extends the scope, art. 72(4)(c)), another contractor (art. 72(1)(d), (4)(d)) and a
change of the kind or subject of the contract (its "overall nature", art. 72(4)) are the changes
the guide asks the contract manager to put to a procurement lawyer (handreiking stap 3a). The
import only *detects* them; :mod:`~sroi_plugin.rules.significance` judges them once completed.

Choices made where the issue gives no rule:

* A value or end date that was empty before is being filled in, not changed: no change to
  assess. Leaving an end date empty (open-ended) is not read as an extension either.
* The same KvK number under another name is the same legal person (a rename): no supplier
  change. Another KvK number, or another name where either KvK number is unknown, is one.
* Names and categories are compared ignoring case, accents and spacing ("Schoonmaak" =
  "schoonmaak "), so a spelling fix does not create work for the contract manager.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Final
from typing import Literal

from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import ContractStatus

#: Amounts in descriptions: cents only when there are any.
_eur = partial(format_eur, cents=None)

#: Status of a contract in the export whose end date lies before today.
STATUS_ENDED: Final = ContractStatus.ENDED.value
#: Status of a contract in the export that has not ended.
STATUS_ACTIVE: Final = ContractStatus.ACTIVE.value
#: Status of a contract the plugin knows but the latest export does not list (never deleted).
STATUS_MISSING: Final = ContractStatus.MISSING.value

ChangeKind = Literal[
    "value_increase", "term_extension", "supplier_change", "kind_change", "category_change"
]


def contract_status(end_date: date | None, today: date) -> str:
    """Status of a contract listed in the export.

    ``ended`` when its end date lies before ``today`` (the end date itself is the last day of
    the contract), else ``active``; open-ended contracts are active.
    """
    return STATUS_ENDED if end_date is not None and end_date < today else STATUS_ACTIVE


def _kind_label(kind: str) -> str:
    """The Dutch label of a :class:`ContractKind` code (``works`` → ``werk``)."""
    term = ContractKind.lookup(kind)
    return term.label if term is not None else kind


@dataclass(frozen=True)
class ContractSnapshot:
    """The fields change detection compares, before or after an import."""

    value_total: Decimal | None = None
    end_date: date | None = None
    supplier_name: str | None = None
    supplier_kvk: str | None = None
    #: a :class:`ContractKind` code
    kind: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class DetectedChange:
    """A contract change to assess: becomes a draft modification."""

    kind: ChangeKind
    #: old and new value as text: amounts ``1000000.00``, dates ISO, a supplier as its name
    #: with ``(KvK …)`` when known
    old: str | None
    new: str | None
    #: Dutch, e.g. "Contractwaarde verhoogd van € 1.000.000 naar € 1.200.000 (import 12-11-2026)"
    description: str
    #: the increase, for ``value_increase``
    value_delta: Decimal | None = None
    #: the new end date, for ``term_extension``
    new_end_date: date | None = None


def _same_text(old: str | None, new: str | None) -> bool:
    """Equal ignoring case, accents and spacing (both empty counts as equal)."""
    return " ".join(fold(old or "").split()) == " ".join(fold(new or "").split())


def supplier_text(name: str | None, kvk: str | None) -> str | None:
    """``Schoon B.V. (KvK 12345678)``; the parts that are known; ``None`` when neither is."""
    if name and kvk:
        return f"{name} (KvK {kvk})"
    if kvk:
        return f"KvK {kvk}"
    return name or None


def _supplier_changed(old: ContractSnapshot, new: ContractSnapshot) -> bool:
    """Another contractor: another KvK number, or another name where a KvK number is unknown."""
    if old.supplier_kvk and new.supplier_kvk:
        return old.supplier_kvk != new.supplier_kvk
    if old.supplier_name and new.supplier_name:
        return not _same_text(old.supplier_name, new.supplier_name)
    return False


def changes_to_assess(
    old: ContractSnapshot, new: ContractSnapshot, import_date: date
) -> list[DetectedChange]:
    """The changes between the register (``old``) and the export (``new``) to put to the
    contract manager (why: Aw 2012 art. 2.163a–2.163g, handreiking stap 3a).

    :param import_date: the day of the import, named in each description
    :returns: at most one change per kind, in the order value, term, supplier, kind, category
    """
    when = f"(import {format_date(import_date)})"
    found: list[DetectedChange] = []
    if (
        old.value_total is not None
        and new.value_total is not None
        and new.value_total > old.value_total
    ):
        found.append(
            DetectedChange(
                "value_increase",
                f"{old.value_total:f}",
                f"{new.value_total:f}",
                f"Contractwaarde verhoogd van {_eur(old.value_total)} naar "
                f"{_eur(new.value_total)} {when}",
                value_delta=new.value_total - old.value_total,
            )
        )
    if old.end_date is not None and new.end_date is not None and new.end_date > old.end_date:
        found.append(
            DetectedChange(
                "term_extension",
                old.end_date.isoformat(),
                new.end_date.isoformat(),
                f"Einddatum verlengd van {format_date(old.end_date)} naar "
                f"{format_date(new.end_date)} {when}",
                new_end_date=new.end_date,
            )
        )
    if _supplier_changed(old, new):
        before = supplier_text(old.supplier_name, old.supplier_kvk)
        after = supplier_text(new.supplier_name, new.supplier_kvk)
        found.append(
            DetectedChange(
                "supplier_change",
                before,
                after,
                f"Opdrachtnemer gewijzigd van {before} naar {after} {when}",
            )
        )
    if old.kind and new.kind and old.kind != new.kind:
        # display text: the Dutch labels, as the import's file says them
        before, after = _kind_label(old.kind), _kind_label(new.kind)
        found.append(
            DetectedChange(
                "kind_change",
                before,
                after,
                f"Soort opdracht gewijzigd van {before} naar {after} {when}",
            )
        )
    if old.category and new.category and not _same_text(old.category, new.category):
        found.append(
            DetectedChange(
                "category_change",
                old.category,
                new.category,
                f"Inkoopcategorie gewijzigd van {old.category} naar {new.category} {when}",
            )
        )
    return found


# --- guard against a mass of contracts marked missing ---------------------------------------

#: Default of ``SROI_IMPORT_MAX_MISSING_SHARE``: the share of the active portfolio an import may
#: mark "niet in laatste export" without an explicit confirmation.
DEFAULT_MAX_MISSING_SHARE: Final = Decimal("0.20")
#: The share rule only applies from this many contracts newly marked missing: a small portfolio
#: (a demo with three contracts, a team's own register of twelve) loses one or two contracts
#: in an ordinary export without anyone being asked.
MASS_MISSING_MIN_COUNT: Final = 10


def missing_needs_confirmation(
    newly_missing: int, active: int, max_share: Decimal | float | int
) -> bool:
    """Whether an import that marks ``newly_missing`` of ``active`` contracts as missing needs
    an explicit "yes, that is right" before it is committed.

    Why: the export is the register's word, so a contract it does not list is marked *niet in
    laatste export* (and drops out of the monitoring figures and the portfolio export). An
    export that lacks a large part of the register is far more often the wrong file — a
    filtered view, one department's sheet, a cut-off export — than a register that shrank
    overnight, and nothing in the file itself tells the two apart. So above ``max_share`` of
    the active portfolio a person confirms, and only from :data:`MASS_MISSING_MIN_COUNT`
    contracts, so that a small portfolio losing one contract is not stopped.

    :param newly_missing: contracts that are active or ended now and would become missing
        (contracts already missing do not count)
    :param active: contracts not marked missing before the import
    :param max_share: e.g. ``0.20``; the confirmation is needed when the share is *above* it
    """
    if newly_missing < MASS_MISSING_MIN_COUNT or active <= 0:
        return False
    return Decimal(newly_missing) > Decimal(str(max_share)) * active
