"""Converters: the importer's cell readers, one ``clean(value)`` per kind of column.

Each is a parser of :mod:`sroi_plugin.rules.values` (the one home of the reading rules, shared
with the forms, the monitoring reader and the CLIs) bound to what a portfolio column holds:
``clean_kind`` reads :class:`~sroi_plugin.rules.vocabulary.ContractKind` words, ``clean_date``
accepts ``onbepaald`` for an open end, and so on. They raise :class:`ConversionError` (the
rules' :class:`~sroi_plugin.rules.values.ValueParseError`) with a Dutch message that quotes
the value; the reader adds the row number and column label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from decimal import Decimal
from typing import Final
from typing import TypeVar
from typing import cast

from sroi_plugin.rules import values
from sroi_plugin.rules.values import FORMULA_TRIGGERS
from sroi_plugin.rules.values import SrCell
from sroi_plugin.rules.values import ValueParseError as ConversionError
from sroi_plugin.rules.values import show as _show
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import term_key

__all__ = [
    "FORMULA_TRIGGERS",
    "ConversionError",
    "clean_amount",
    "clean_authority_type",
    "clean_bool",
    "clean_date",
    "clean_extension_options",
    "clean_framework",
    "clean_kind",
    "clean_kvk",
    "clean_ref",
    "clean_sr",
    "clean_sr_basis",
    "clean_sr_form",
    "clean_sr_percentage",
    "clean_text",
    "clean_wage_share",
    "memoised",
]

_T = TypeVar("_T")


def _is_number(value: object) -> bool:
    """True for int/float/Decimal but not bool (which is an int subclass)."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


_MISSING: Final = object()


def memoised(clean: Callable[[object], _T], size: int = 4096) -> Callable[[object], _T]:
    """``clean`` with a bounded cache, for columns whose values repeat (kinds, dates, ja/nee).

    Keyed by type and value, so ``1``, ``1.0`` and ``True`` stay apart. Errors are not
    cached. The cache is emptied when full, which keeps it simple and bounded.
    """
    cache: dict[tuple[type, object], _T] = {}

    def cached(value: object) -> _T:
        key = (type(value), value)
        try:
            result = cache.get(key, _MISSING)
        except TypeError:  # an unhashable value: nothing to remember
            return clean(value)
        if result is _MISSING:
            if len(cache) >= size:
                cache.clear()
            result = cache[key] = clean(value)
        return cast(_T, result)

    return cached


# --- text -------------------------------------------------------------------------------

clean_text = values.parse_text


def clean_ref(value: object) -> str | None:
    """Contract number as text (``2024001`` from a number cell stays ``2024001``)."""
    return values.parse_text(value)


_KVK_SEPARATORS = re.compile(r"[\s.\-]")
_KVK_DIGITS: Final = 8


def clean_kvk(value: object) -> str | None:
    """KvK number as 8 digits; a number cell that lost its leading zero is padded."""
    if value is None:
        return None
    if _is_number(value):
        number = Decimal(str(value))
        if number != number.to_integral_value() or number < 0:
            raise ConversionError(f"{_show(value)} is geen KvK-nummer (8 cijfers)")
        text = str(int(number)).zfill(_KVK_DIGITS)
    else:
        text = _KVK_SEPARATORS.sub("", str(value))
        if not text:
            return None
    if len(text) != _KVK_DIGITS or not text.isdigit():
        raise ConversionError(f"{_show(value)} is geen KvK-nummer (8 cijfers)")
    return text


# --- numbers, dates, options -----------------------------------------------------------

clean_amount = values.parse_amount
clean_wage_share = values.parse_share
clean_date = values.parse_end_date
clean_extension_options = values.normalise_extension_options


def clean_sr(value: object) -> SrCell:
    """A social-return cell: answer, percentage and basis (see :func:`.values.parse_sr`)."""
    return values.parse_sr(value)


def clean_sr_percentage(value: object) -> Decimal | None:
    """An SR-percentage column in points: ``5%``, ``5`` and a 0.05 number cell give 5."""
    return values.parse_sr(value).percentage


# --- yes/no and closed lists ------------------------------------------------------------

_FRAMEWORK_WORDS: Final[Mapping[str, bool]] = {
    term_key(word): answer
    for word, answer in (
        ("raamovereenkomst", True),
        ("raamcontract", True),
        ("framework", True),
        ("framework agreement", True),
        ("overeenkomst", False),
        ("contract", False),
    )
}


def clean_bool(value: object) -> bool | None:
    """Yes/no: ``ja``/``nee``, ``yes``/``no``, ``x``, ``1``/``0``, Excel TRUE/FALSE."""
    return values.parse_yes_no(value)


def clean_framework(value: object) -> bool | None:
    """Framework agreement flag: yes/no words plus ``raamovereenkomst``/``overeenkomst``."""
    return values.parse_yes_no(value, _FRAMEWORK_WORDS)


def clean_kind(value: object) -> ContractKind | None:
    """Kind of contract: ``werk``, ``Diensten``, ``supplies`` …"""
    return values.parse_term(value, ContractKind, "soort opdracht")


def clean_authority_type(value: object) -> AuthorityType | None:
    """Kind of contracting authority: ``Rijksoverheid``, ``gemeente``, ``speciale sector`` …"""
    return values.parse_term(value, AuthorityType, "soort aanbestedende dienst")


def clean_sr_basis(value: object) -> SrBasis | None:
    """What the SR percentage is taken of: ``projectsom``, ``loonsom`` …"""
    return values.parse_term(value, SrBasis, "SR-grondslag")


def clean_sr_form(value: object) -> SrForm | None:
    """How social return is laid down: ``contractbepaling``, ``gunningscriterium`` …"""
    return values.parse_term(value, SrForm, "vorm van social return")
