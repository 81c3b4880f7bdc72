"""The reporting template's layout, shared by the writer and the reader.

One sheet "Rapportage" with a header block (contract, period, instructions) above a table of
aggregated rows; a hidden sheet "Gegevens" with the contract number and period so an upload
can be checked against the contract it is uploaded to; a hidden sheet "Keuzelijsten" that
feeds the drop-downs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from sroi_plugin.rules.monitoring import fold

REPORT_SHEET: Final = "Rapportage"
DATA_SHEET: Final = "Gegevens"
LISTS_SHEET: Final = "Keuzelijsten"
#: sheets the template writes itself; every other sheet is the contractor's addition
TEMPLATE_SHEETS: Final = (REPORT_SHEET, DATA_SHEET, LISTS_SHEET)
#: bumped when the layout changes in a way the reader must know
TEMPLATE_VERSION: Final = "1"
#: keys on the "Gegevens" sheet
KEY_CONTRACT: Final = "contract"
KEY_START: Final = "periode_begin"
KEY_END: Final = "periode_eind"
KEY_VERSION: Final = "sjabloonversie"
#: empty table rows the template offers (with drop-downs)
TEMPLATE_ROWS: Final = 40


@dataclass(frozen=True)
class Column:
    """A column of the report table: the field it fills, its header and accepted spellings."""

    field: str
    header: str
    aliases: tuple[str, ...]
    required: bool
    width: int


#: The report table, left to right (fields as :func:`rules.monitoring.validate_report_row` reads).
COLUMNS: Final = (
    Column("target_group", "Doelgroep", ("doelgroepen",), True, 44),
    Column("placement_type", "Soort plaatsing", ("plaatsing", "soort"), True, 44),
    Column("persons", "Aantal personen", ("personen", "aantal"), True, 16),
    Column("hours", "Verloonde uren", ("uren", "verloonde uren in de periode"), True, 16),
    Column("costs", "Kosten (€)", ("kosten", "kosten euro", "kosten in euro"), True, 16),
    Column(
        "evidence",
        "Bewijsstukken aanwezig",
        ("bewijsstuk", "bewijsstukken", "bewijs", "bewijsstuk aanwezig"),
        False,
        44,
    ),
)


def _index() -> Mapping[str, str]:
    found: dict[str, str] = {}
    for column in COLUMNS:
        for spelling in (column.header, *column.aliases):
            found[fold(spelling)] = column.field
    return MappingProxyType(found)


#: folded header text → field
HEADER_INDEX: Final = _index()

#: The instructions on the sheet (Dutch), one line per row of the header block; ``{hours}`` is
#: the organisation's hours per job a week.
INSTRUCTIONS: Final = (
    "Vul per doelgroep en soort plaatsing één regel in met de totalen over deze periode: "
    "het aantal personen, de verloonde uren en de kosten in euro's.",
    "Alleen aantallen: geen namen, BSN of geboortedata, en ook geen andere gegevens die tot "
    "een persoon te herleiden zijn. Een bestand met persoonsgegevens wordt geweigerd (AVG).",
    "Kies doelgroep en soort plaatsing uit de keuzelijst. Vul 0 in als er niets is; laat "
    "overbodige regels leeg.",
    "Bewijsstukken: noem wat u in uw administratie bewaart (bijvoorbeeld Arbeidsovereenkomst; "
    "Overzicht salariskosten; Factuur). Stuur de stukken zelf niet mee.",
    "Verloonde uren van mensen uit het doelgroepregister tellen mee voor de banenafspraak "
    "({hours} uur per week is één baan).",
    "Wijzig de kolomkoppen en het werkblad 'Gegevens' niet: daaraan herkent de gemeente het "
    "contract en de periode.",
)
