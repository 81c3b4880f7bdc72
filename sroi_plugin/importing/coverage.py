"""Coverage: which contract fields a file has no column for, and what users will not get.

An import never drops a field silently: :func:`unmapped_fields` lists every contract field
(besides the contract number) no column was found for, and :func:`missing_field_warnings`
says in Dutch, per field the social-return rules need, what that means for the contracts in
the file. The consequences are declared once, in :data:`CONSEQUENCES`.

What a missing column does (see :mod:`.diff` and the engine's ``KEEP``): a field the file does
not supply is left alone, so a contract the plugin already knows keeps its stored value and a
new contract gets none. The warnings therefore count the *new* contracts and say that known
ones keep what is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import REF_FIELD

__all__ = [
    "CONSEQUENCES",
    "Consequence",
    "missing_field_warnings",
    "unmapped_fields",
]


@dataclass(frozen=True, slots=True)
class Consequence:
    """What users do not get for a contract without a value for one field."""

    #: the field with its article, as the warning names it ("de contractwaarde")
    noun: str
    #: the consequence; ``{voor}`` becomes "voor 80 nieuwe contracten"
    text: str
    #: other fields that stand in for this one: no warning when one of them has a column
    covered_by: tuple[str, ...] = ()


_CHECKS_OFF: Final = "de clausulecheck en de kansrijkheidsscore blijven {voor} uit"

#: Per field the social-return rules need (``rules/obligation.py``, ``rules/clauses.py``):
#: what is lost without it. In the order the warnings are shown.
CONSEQUENCES: Final[Mapping[str, Consequence]] = {
    "value_total": Consequence(
        "de contractwaarde",
        "de social-returnverplichting over de projectsom kan {voor} niet worden berekend, en "
        "de clausulecheck en de kansrijkheidsscore blijven uit",
    ),
    "kind": Consequence("de soort opdracht (werk, dienst of levering)", _CHECKS_OFF),
    "start_date": Consequence(
        "de startdatum",
        _CHECKS_OFF + ", en de voortgang in de looptijd is niet te zien",
    ),
    "end_date": Consequence(
        "de einddatum",
        "{voor} wordt niet gesignaleerd wanneer het contract afloopt, en de minimale looptijd "
        "van social return wordt niet getoetst",
    ),
    "value_annual": Consequence("de jaarwaarde", _CHECKS_OFF),
    "sr_percentage": Consequence(
        "het social-returnpercentage",
        "{voor} is geen social-returneis bekend, dus er wordt geen verplichting berekend",
        covered_by=("has_sr",),
    ),
    "wage_share": Consequence(
        "het loonaandeel",
        "{voor} kan de loonsom niet uit de contractwaarde worden afgeleid, en een laag "
        "loonaandeel wordt niet gesignaleerd",
        covered_by=("wage_sum",),
    ),
}


def unmapped_fields(mapped: Iterable[str]) -> list[str]:
    """Every contract field except the contract number without a column, in field order."""
    found = set(mapped)
    return [spec.name for spec in FIELDS if spec.name != REF_FIELD and spec.name not in found]


def _contracts(count: int, adjective: str = "") -> str:
    word = "contract" if count == 1 else "contracten"
    if adjective:
        word = f"{adjective if count == 1 else adjective + 'e'} {word}"
    return f"{count} {word}"


def _known_keep(known: int) -> str:
    """The known contracts keep the stored value (in the singular for one)."""
    if known == 1:
        return "het bekende contract houdt de opgeslagen waarde"
    return f"de {_contracts(known, 'bekend')} houden de opgeslagen waarde"


def missing_field_warnings(unmapped: Iterable[str], *, new: int, known: int) -> list[str]:
    """Dutch sentences for the fields the rules need that have no column.

    :param unmapped: from :func:`unmapped_fields`
    :param new: contracts in the file the plugin does not know yet (they get no value)
    :param known: contracts in the file the plugin knows (they keep the stored value)
    :returns: one sentence per field, e.g. "Geen kolom voor de contractwaarde: de
        social-returnverplichting over de projectsom kan voor 80 nieuwe contracten niet
        worden berekend, …"; empty when the file has no valid contract rows
    """
    missing = set(unmapped)
    warnings: list[str] = []
    for name, consequence in CONSEQUENCES.items():
        if name not in missing or any(other not in missing for other in consequence.covered_by):
            continue
        if new:
            text = consequence.text.format(voor=f"voor {_contracts(new, 'nieuw')}")
            sentence = f"Geen kolom voor {consequence.noun}: {text}."
            if known:
                keep = _known_keep(known)
                sentence += f" {keep[0].upper()}{keep[1:]}."
        elif known:
            sentence = (
                f"Geen kolom voor {consequence.noun}: dit bestand werkt die niet bij; "
                f"{_known_keep(known)}."
            )
        else:
            continue
        warnings.append(sentence)
    return warnings
