"""The reporting template's layout, shared by the writer and the reader.

The reader also takes contractors' own layouts: :data:`MONITORING_FIELDS` is the field set the
portfolio import's header matcher (:mod:`sroi_plugin.importing.columns`) maps their columns
with, from the template's headers and the spellings payroll and SROI tools use.

One sheet "Rapportage" with a header block (contract, period, instructions) above a table of
aggregated rows; a hidden sheet "Gegevens" with the contract number and period so an upload
can be checked against the contract it is uploaded to; a hidden sheet "Keuzelijsten" that
feeds the drop-downs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sroi_plugin.importing.columns import FieldSet

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

    @property
    def name(self) -> str:
        """The field (the matcher's name for it)."""
        return self.field

    @property
    def label(self) -> str:
        """The template's header."""
        return self.header

    @property
    def synonyms(self) -> tuple[str, ...]:
        """Other spellings of the header."""
        return self.aliases


#: The report table, left to right (fields as :func:`rules.monitoring.validate_report_row` reads).
COLUMNS: Final = (
    Column(
        "target_group",
        "Doelgroep",
        (
            "doelgroepen",
            "Target group",
            "Categorie kandidaat",
            "Doelgroepcategorie",
            "Categorie doelgroep",
            "Type doelgroep",
        ),
        True,
        44,
    ),
    Column(
        "placement_type",
        "Soort plaatsing",
        (
            "plaatsing",
            "soort",
            "Type plaatsing",
            "Placement type",
            "Type of placement",
            "Plaatsingsvorm",
            "Vorm van inzet",
        ),
        True,
        44,
    ),
    Column(
        "persons",
        "Aantal personen",
        ("personen", "Number of persons", "Persons", "Aantal medewerkers", "Aantal kandidaten"),
        True,
        16,
    ),
    Column(
        "hours",
        "Verloonde uren",
        ("uren", "verloonde uren in de periode", "Paid hours", "Hours", "Aantal uren"),
        True,
        16,
    ),
    Column(
        "costs",
        "Kosten (€)",
        ("kosten", "kosten euro", "kosten in euro", "Loonkosten", "Costs", "Loonsom"),
        True,
        16,
    ),
    Column(
        "evidence",
        "Bewijsstukken aanwezig",
        ("bewijsstuk", "bewijsstukken", "bewijs", "bewijsstuk aanwezig", "Evidence"),
        False,
        44,
    ),
)
#: Columns read from a contractor's own layout that the template does not write.
EXTRA_COLUMNS: Final = (
    Column("remarks", "Toelichting", ("Opmerking", "Opmerkingen", "Remarks", "Comments"), False, 0),
)
#: The fields a report's header row is matched to: at least three of them make a header row.
#: ``FTE`` is not a count of persons, so a column saying so is never mapped or suggested.
MONITORING_FIELDS: Final = FieldSet(
    (*COLUMNS, *EXTRA_COLUMNS), anchor=None, min_other=3, refused=("fte",)
)
#: field → its header in the template (for the mapping step and messages)
FIELD_LABELS: Final = {column.field: column.header for column in (*COLUMNS, *EXTRA_COLUMNS)}

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
