"""Diff: what a file's record means for the contract the plugin keeps.

:func:`target_values` turns a :class:`~.fields.ContractRecord` into the column values an import
writes, for the fields the file supplies only: a column the file does not have leaves the
contract's value alone, an empty cell in a column it has empties the value. Values are
normalised the way the database stores them (amounts to cents, the wage share to four
decimals, the model's non-null defaults for an empty title, authority type and framework
flag), so an unchanged contract compares equal and a round trip writes nothing.
:func:`check_limits` turns what the database could not store (text longer than its column,
amounts beyond its precision) into row errors. :func:`field_changes` compares with the stored
row.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from decimal import ROUND_HALF_UP
from decimal import Decimal
from typing import Any
from typing import Final
from typing import cast

from sqlalchemy import Numeric
from sqlalchemy import String

from sroi_plugin.importing.converters import ConversionError
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.fields import ContractRecord
from sroi_plugin.models import Contract
from sroi_plugin.models import ref_key
from sroi_plugin.rules.portfolio_sync import ContractSnapshot
from sroi_plugin.rules.values import normalise_extension_options
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import Term

__all__ = [
    "DEFAULTS_ON_EMPTY",
    "EMPTY_MEANS_NONE",
    "same_value",
    "check_limits",
    "field_changes",
    "snapshot",
    "supplied_fields",
    "target_values",
]

#: Non-null model columns and the value an empty cell stands for.
DEFAULTS_ON_EMPTY: Final[Mapping[str, object]] = {
    "title": "",
    "authority_type": AuthorityType.OTHER.value,
    "is_framework": False,
    "has_indexation_clause": False,
}
#: Fields whose empty cell leaves the stored value alone: an export without them, or a row
#: that does not know them, never erases what procurement entered in the legal panel.
_KEEP_WHEN_EMPTY: Final = frozenset({"initial_value", "award_date"})
#: Fields where an empty value and the value that says "none" mean the same: no extension
#: options stored and ``geen`` (or ``n.v.t.``, which reads as ``geen``) in the export is no
#: change, nor the other way round.
EMPTY_MEANS_NONE: Final[Mapping[str, object]] = {
    "extension_options": normalise_extension_options("geen"),
}

_COLUMNS = Contract.__table__.columns


def _numeric_rules() -> dict[str, tuple[Decimal, Decimal]]:
    """Per numeric column: the quantum of its scale and the first value it cannot hold."""
    rules: dict[str, tuple[Decimal, Decimal]] = {}
    for name in MODEL_FIELD_NAMES:
        kind = _COLUMNS[name].type
        if isinstance(kind, Numeric) and kind.precision is not None and kind.scale is not None:
            rules[name] = (
                Decimal(1).scaleb(-kind.scale),
                Decimal(10) ** (kind.precision - kind.scale),
            )
    return rules


def _text_lengths() -> dict[str, int]:
    """Per text column its maximum length."""
    lengths: dict[str, int] = {}
    for name in MODEL_FIELD_NAMES:
        kind = _COLUMNS[name].type
        if isinstance(kind, String) and kind.length:
            lengths[name] = kind.length
    return lengths


_NUMERIC: Final = _numeric_rules()
_LENGTHS: Final[Mapping[str, int]] = _text_lengths()
#: a record's fields that hold text, in declaration order (for the length check)
_TEXT_FIELDS: Final = tuple(name for name in MODEL_FIELD_NAMES if name in _LENGTHS)
#: the matching key's column (case folding can lengthen a number: ``ß`` → ``ss``)
_KEY_LENGTH: Final = cast(String, _COLUMNS["ref_key"].type).length
_SR_PERCENTAGE: Final = "sr_percentage"
_HAS_SR: Final = "has_sr"
_SR_BASIS: Final = "sr_basis"


def supplied_fields(mapped: Iterable[str]) -> frozenset[str]:
    """The model fields a file supplies: its mapped columns; the SR percentage also through a
    ``Social return`` (ja/nee/5%) column, and the SR answer also through a percentage."""
    fields = set(mapped)
    supplied = {name for name in MODEL_FIELD_NAMES if name in fields}
    if _HAS_SR in fields:
        supplied.add(_SR_PERCENTAGE)
    if _SR_PERCENTAGE in fields:
        supplied.add(_HAS_SR)  # a percentage implies the answer (5% → ja, 0% → nee)
    if fields & {_HAS_SR, _SR_PERCENTAGE}:
        supplied.add(_SR_BASIS)  # one SR cell may name the basis ("5% van de loonsom")
    return frozenset(supplied)


def _sr_percentage(record: ContractRecord, mapped_percentage: bool) -> tuple[bool, Decimal | None]:
    """``(set it, value)`` for the SR percentage.

    A percentage is taken as is. "ja" without a percentage keeps the stored one (the file says
    there is social return, not how much). "nee" empties it, as does an empty percentage column
    without a "ja". An empty ``Social return`` column alone leaves it alone.
    """
    if record.sr_percentage is not None:
        return True, record.sr_percentage
    if record.has_sr in (SrApplies.YES, SrApplies.UNKNOWN):
        return False, None
    if mapped_percentage or record.has_sr in (SrApplies.NO, SrApplies.NOT_APPLICABLE):
        return True, None
    return False, None


def target_values(
    record: ContractRecord,
    supplied: frozenset[str],
    *,
    percentage_column: bool,
    basis_column: bool = True,
) -> dict[str, Any]:
    """The values an import writes for ``record``: supplied fields only, normalised.

    :param supplied: from :func:`supplied_fields`
    :param percentage_column: the file has an SR-percentage column of its own
    :param basis_column: the file has an SR-basis column; without one, a basis is written
        only where an SR cell names it, and the stored basis stays otherwise

    The SR answer (``has_sr``) is written where the file gives one, or a percentage implies
    it; an empty answer leaves the stored one alone, so a file that does not say whether
    there is social return never erases a contract manager's *nee* or *onbekend*.
    """
    values: dict[str, Any] = {}
    value: Any
    for name in supplied:
        if name == _SR_PERCENTAGE:
            use, value = _sr_percentage(record, percentage_column)
            if not use:
                continue
        elif name == _SR_BASIS and record.sr_basis is None and not basis_column:
            continue
        elif name == _HAS_SR and record.has_sr is None:
            continue  # the file does not say: a stored answer (ja/nee/onbekend) stays
        elif name in _KEEP_WHEN_EMPTY and getattr(record, name) is None:
            continue
        else:
            value = getattr(record, name)
        if value is None:
            value = DEFAULTS_ON_EMPTY.get(name)
        elif isinstance(value, Term):
            value = value.value  # the stored code, as a plain str
        elif name in _NUMERIC:
            value = value.quantize(_NUMERIC[name][0], rounding=ROUND_HALF_UP)
        values[name] = value
    return values


def check_limits(values: Mapping[str, Any], row_number: int) -> list[str]:
    """Row errors for what the database cannot hold: too-long text, too-large numbers."""
    errors: list[str] = []
    for name in _TEXT_FIELDS:
        text = values.get(name)
        if text is not None and len(text) > _LENGTHS[name]:
            errors.append(
                f"Rij {row_number}, {FIELDS_BY_NAME[name].label}: de tekst is te lang "
                f"({len(text)} tekens, maximaal {_LENGTHS[name]})"
            )
    ref = values.get(REF_FIELD)
    # only a number near the limit can outgrow it when case-folded (``ß`` → ``ss``)
    if ref is not None and _KEY_LENGTH is not None and len(ref) * 3 > _KEY_LENGTH:
        folded = len(ref_key(ref))
        if folded > _KEY_LENGTH:
            errors.append(
                f"Rij {row_number}, {FIELDS_BY_NAME[REF_FIELD].label}: het contractnummer is te "
                f"lang om op te zoeken ({folded} tekens zonder hoofdletters, maximaal "
                f"{_KEY_LENGTH})"
            )
    for name, (_quantum, limit) in _NUMERIC.items():
        number = values.get(name)
        if number is not None and abs(number) >= limit:
            errors.append(
                f"Rij {row_number}, {FIELDS_BY_NAME[name].label}: {number:f} is te groot "
                "om op te slaan"
            )
    return errors


def field_changes(values: Mapping[str, Any], stored: Any) -> dict[str, tuple[object, object]]:
    """Per field whose value differs from the stored contract row: ``(old, new)``.

    The contract number is the key, not a field: ``c-01`` in the file matches ``C-01`` and the
    stored spelling stays. Stored text is compared as the importer would read it, so a value
    stored before in another spelling (``1+1`` for ``1 + 1``, a KvK number with a space) is
    no change: a round trip of an export writes nothing.

    :param stored: a row with the contract's columns as attributes (see :mod:`.matcher`)
    """
    changes: dict[str, tuple[object, object]] = {}
    for name, new in values.items():
        if name == REF_FIELD:
            continue
        old = getattr(stored, name)
        if not same_value(name, old, new):
            changes[name] = (old, new)
    return changes


def same_value(name: str, old: object, new: object) -> bool:
    """Whether a stored value and an imported one say the same: equal, equal once the stored
    text is read as the importer reads it, or both "none" (:data:`EMPTY_MEANS_NONE`)."""
    if old == new:
        return True
    read = _reads_as(name, old) if isinstance(old, str) else old
    if read == new:
        return True
    none = EMPTY_MEANS_NONE.get(name)
    return none is not None and read in (None, none) and new in (None, none)


def _reads_as(name: str, text: str) -> object:
    """Stored text as the importer would read it from a cell (itself when unreadable)."""
    try:
        value = FIELDS_BY_NAME[name].clean(text)
    except ConversionError:
        return text
    return DEFAULTS_ON_EMPTY.get(name) if value is None else value


def snapshot(values: Mapping[str, Any], stored: Any = None) -> ContractSnapshot:
    """The fields change detection compares: ``values`` over the stored row (if any)."""

    def pick(name: str) -> Any:
        if name in values:
            return values[name]
        return None if stored is None else getattr(stored, name)

    return ContractSnapshot(
        value_total=pick("value_total"),
        end_date=pick("end_date"),
        supplier_name=pick("supplier_name"),
        supplier_kvk=pick("supplier_kvk"),
        kind=pick("kind"),
        category=pick("category"),
    )
