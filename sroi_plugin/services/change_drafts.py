"""What a change detected by a portfolio re-import tells the change form.

A re-import records a detected change as a draft modification whose old and new values are
text (``2029-12-31``, ``1234567.50``); these helpers read that text back and say from which end
date a term extension is measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.rules import values


def parse_date_text(text: str | None) -> date | None:
    """A date as an import writes it in a revision (``2029-12-31``; older ones ``31-12-2029``).

    Read by :func:`sroi_plugin.rules.values.parse_date`, but digits alone are not a date here: a
    revision's text may as well be an amount (``45000.00``). ``None`` when it is not a date.
    """
    try:
        return values.parse_date(text, numbers=False)
    except values.ValueParseError:
        return None


def parse_amount_text(text: str | None) -> Decimal | None:
    """An amount as an import writes it in a revision (``1234567.50``), or as people type it.

    Read by :func:`sroi_plugin.rules.values.parse_amount` (a decrease may be negative); ``None``
    when it is not an amount.
    """
    try:
        return values.parse_amount(text, allow_negative=True)
    except values.ValueParseError:
        return None


def extension_base_date(modification: Modification | None, contract: Contract) -> date | None:
    """The end date a term extension is measured from.

    For a detected term extension the import's old value (the end date before the re-import
    updated the contract); otherwise the contract's end date.
    """
    if modification is not None and modification.kind == "term_extension":
        old_end = parse_date_text(modification.old_value)
        if old_end is not None:
            return old_end
    return contract.end_date


def change_base_value(modification: Modification | None, contract: Contract) -> Decimal | None:
    """The contract value a decrease is measured against.

    For a detected value change the import's old value (the value before the re-import
    updated the contract); otherwise the contract's total value (``None`` when unknown).
    """
    if modification is not None and modification.kind == "value_increase":
        old_value = parse_amount_text(modification.old_value)
        if old_value is not None:
            return old_value
    return contract.value_total


@dataclass(frozen=True)
class DraftDefaults:
    """What a detected change already tells the form."""

    value_delta: Decimal | None
    new_end_date: date | None


def draft_defaults(modification: Modification) -> DraftDefaults:
    """Value delta and new end date a detected draft implies (its old and new value)."""
    if modification.kind == "term_extension":
        return DraftDefaults(None, parse_date_text(modification.new_value))
    if modification.kind == "value_increase":
        old = parse_amount_text(modification.old_value)
        new = parse_amount_text(modification.new_value)
        if old is not None and new is not None:
            return DraftDefaults(new - old, None)
    return DraftDefaults(None, None)
