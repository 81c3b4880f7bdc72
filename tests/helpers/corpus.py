"""A corpus of contract-register exports in the styles real systems produce.

Each :class:`CorpusFile` is built by :func:`build` (with :func:`.xlsx.write_xlsx`) and
states what a person would make of it: which header feeds which field, which columns feed
none, and the values some rows must import with. The headers and layouts follow real
exports: a municipal register, a province with compounds and line breaks, a water board
with a title block, two English contract-management systems, a hand-kept list, a header
over two rows, a TenderNed-like and a SAP-like export, a ministry's register, one with
columns that belong to no field, and one with every social-return column.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from decimal import Decimal

from tests.helpers.xlsx import write_xlsx

KEEP = "KEEP"
"""Expected value of a field the row leaves as stored (the engine's ``KEEP``)."""


@dataclass(frozen=True)
class Word:
    """Expected value of a choice field: whatever its converter reads this Dutch word as
    (the stored code is the converter's business, not the corpus's)."""

    text: str


@dataclass(frozen=True)
class CorpusFile:
    """One export and what a person would read from it."""

    name: str
    #: every row of the first sheet, title block and header included
    rows: Sequence[Sequence[object]]
    #: field → header text exactly as in the file
    mapping: Mapping[str, str]
    #: headers that feed no field, in column order
    unmapped: Sequence[str]
    #: contract number → {field: value as the engine keeps it}
    values: Mapping[str, Mapping[str, object]]
    #: the sheet row of the header (of a two-row header the lower row)
    header_row: int = 1
    #: cell ranges merged on the sheet
    merged: Sequence[str] = ()
    #: near misses offered, field → header
    suggestions: Mapping[str, str] = field(default_factory=dict)


def build(corpus_file: CorpusFile) -> bytes:
    """The export as ``.xlsx`` bytes."""
    buffer = io.BytesIO()
    write_xlsx(buffer, corpus_file.rows, merged=corpus_file.merged)
    return buffer.getvalue()


MUNICIPALITY = CorpusFile(
    name="gemeente",
    rows=[
        ["Contractenregister gemeente Voorbeeld"],
        [
            "Contractnr.",
            "Omschrijving",
            "Leverancier",
            "Totale waarde incl. opties",
            "Einddatum",
            "SROI-percentage",
            "Contractmanager",
        ],
        [
            "GEM-2024-001",
            "Schoonmaak stadhuis",
            "Schoon B.V.",
            "€ 1.250.000",
            "31-12-2027",
            "5%",
            "P. de Vries",
        ],
        [
            "GEM-2024-002",
            "Groenonderhoud wijken",
            "Groen & Co",
            480000,
            datetime(2026, 6, 30),
            None,
            "A. Bakker",
        ],
    ],
    header_row=2,
    mapping={
        "ref": "Contractnr.",
        "title": "Omschrijving",
        "supplier_name": "Leverancier",
        "value_total": "Totale waarde incl. opties",
        "end_date": "Einddatum",
        "sr_percentage": "SROI-percentage",
        "contract_manager": "Contractmanager",
    },
    unmapped=[],
    values={
        "GEM-2024-001": {
            "value_total": Decimal("1250000.00"),
            "end_date": date(2027, 12, 31),
            "sr_percentage": Decimal(5),
            "contract_manager": "P. de Vries",
        },
        "GEM-2024-002": {
            "value_total": Decimal("480000.00"),
            "end_date": date(2026, 6, 30),
            "sr_percentage": None,
        },
    },
)

PROVINCE = CorpusFile(
    name="provincie",
    rows=[
        [
            "Contractnummer",
            "Contractomschrijving",
            "Opdrachtnemer",
            "Contract\nwaarde (€)",
            "Arbeids-\nkostenaandeel",
            "Ingangs-\ndatum",
            "Eind-\ndatum",
            "SR-\npercentage",
            "Soort\nopdracht",
            "Raamovereenkomst",
        ],
        [
            "PZH-0101",
            "Onderhoud provinciale wegen",
            "Wegenbouw Zuid B.V.",
            12500000,
            "35%",
            datetime(2024, 3, 1),
            datetime(2028, 2, 29),
            "5%",
            "werk",
            "nee",
        ],
        [
            "PZH-0102",
            "Inhuur verkeerskundigen",
            "Verkeer & Co",
            800000,
            "70%",
            datetime(2025, 1, 1),
            datetime(2026, 12, 31),
            "2,5%",
            "dienst",
            "ja",
        ],
    ],
    mapping={
        "ref": "Contractnummer",
        "title": "Contractomschrijving",
        "supplier_name": "Opdrachtnemer",
        "value_total": "Contract\nwaarde (€)",
        "wage_share": "Arbeids-\nkostenaandeel",
        "start_date": "Ingangs-\ndatum",
        "end_date": "Eind-\ndatum",
        "sr_percentage": "SR-\npercentage",
        "kind": "Soort\nopdracht",
        "is_framework": "Raamovereenkomst",
    },
    unmapped=[],
    values={
        "PZH-0101": {
            "value_total": Decimal("12500000.00"),
            "wage_share": Decimal("0.35"),
            "start_date": date(2024, 3, 1),
            "end_date": date(2028, 2, 29),
            "sr_percentage": Decimal(5),
            "kind": Word("werk"),
            "is_framework": False,
        },
        "PZH-0102": {"wage_share": Decimal("0.70"), "sr_percentage": Decimal("2.5")},
    },
)

WATER_BOARD = CorpusFile(
    name="waterschap",
    rows=[
        ["Waterschap De Dommel"],
        ["Overzicht lopende contracten"],
        ["Peildatum:", "01-03-2025"],
        [],
        [
            "Contract-ID",
            "Onderwerp",
            "Leveranciersnaam",
            "KvK-nummer",
            "Waarde (excl. btw)",
            "Begindatum",
            "Einddatum (excl. opties)",
            "Verlengingsopties",
            "Social return",
        ],
        [
            "WS-17-004",
            "Baggeren Dommel",
            "Natte Voeten B.V.",
            "12345678",
            "2.400.000,00",
            "01-04-2023",
            "31-03-2026",
            "2x 1 jaar",
            "ja",
        ],
        [
            "WS-18-011",
            "Maaien taluds",
            "Groenwerk Brabant",
            "87654321",
            "310.000,00",
            "01-01-2024",
            "31-12-2025",
            "geen",
            "nee",
        ],
    ],
    header_row=5,
    mapping={
        "ref": "Contract-ID",
        "title": "Onderwerp",
        "supplier_name": "Leveranciersnaam",
        "supplier_kvk": "KvK-nummer",
        "value_total": "Waarde (excl. btw)",
        "start_date": "Begindatum",
        "end_date": "Einddatum (excl. opties)",
        "extension_options": "Verlengingsopties",
        "has_sr": "Social return",
    },
    unmapped=[],
    values={
        # "ja" says there is social return, not how much: a stored percentage stays
        "WS-17-004": {
            "value_total": Decimal("2400000.00"),
            "supplier_kvk": "12345678",
            "start_date": date(2023, 4, 1),
            "sr_percentage": KEEP,
        },
        "WS-18-011": {"value_total": Decimal("310000.00"), "sr_percentage": None},
    },
)

CLM_ENGLISH = CorpusFile(
    name="clm-engels",
    rows=[
        [
            "Agreement ID",
            "Agreement Title",
            "Vendor Name",
            "Agreement Value",
            "Agreement Type (Services/Goods/Works)",
            "Start Date",
            "Expiry",
            "Procurement Procedure",
            "Renewal Options",
            "Agreement Status",
        ],
        [
            "AGR-000184",
            "Facility management",
            "Acme Facilities B.V.",
            1750000,
            "Services",
            datetime(2024, 7, 1),
            datetime(2027, 6, 30),
            "Open procedure",
            "2x 1 jaar",
            "Active",
        ],
        [
            "AGR-000185",
            "Office furniture",
            "Sit Well Ltd",
            260000,
            "Goods",
            datetime(2025, 2, 1),
            datetime(2026, 1, 31),
            "Single tender",
            None,
            "Active",
        ],
    ],
    mapping={
        "ref": "Agreement ID",
        "title": "Agreement Title",
        "supplier_name": "Vendor Name",
        "value_total": "Agreement Value",
        "kind": "Agreement Type (Services/Goods/Works)",
        "start_date": "Start Date",
        "end_date": "Expiry",
        "procedure": "Procurement Procedure",
        "extension_options": "Renewal Options",
    },
    unmapped=["Agreement Status"],
    values={
        "AGR-000184": {
            "title": "Facility management",
            "supplier_name": "Acme Facilities B.V.",
            "value_total": Decimal("1750000.00"),
            "kind": Word("dienst"),
            "start_date": date(2024, 7, 1),
            "end_date": date(2027, 6, 30),
            "procedure": "Open procedure",
        },
        "AGR-000185": {"kind": Word("levering"), "value_total": Decimal("260000.00")},
    },
)

UK_STYLE = CorpusFile(
    name="engels-social-value",
    rows=[
        [
            "Contract Reference",
            "Supplier",
            "Total Contract Value (EUR)",
            "Contract Start",
            "Contract End",
            "Category",
            "Department",
            "Social Value %",
        ],
        [
            "CR-0001",
            "Clean Corp",
            1200000,
            datetime(2024, 1, 1),
            datetime(2026, 12, 31),
            "Facilities",
            "Estates",
            "10%",
        ],
        [
            "CR-0002",
            "Build It",
            5400000,
            datetime(2023, 5, 1),
            datetime(2027, 4, 30),
            "Construction",
            "Housing",
            "5%",
        ],
    ],
    mapping={
        "ref": "Contract Reference",
        "supplier_name": "Supplier",
        "value_total": "Total Contract Value (EUR)",
        "start_date": "Contract Start",
        "end_date": "Contract End",
        "category": "Category",
        "department": "Department",
        "sr_percentage": "Social Value %",
    },
    unmapped=[],
    values={
        "CR-0001": {
            "value_total": Decimal("1200000.00"),
            "category": "Facilities",
            "department": "Estates",
            "sr_percentage": Decimal(10),
        },
        "CR-0002": {"end_date": date(2027, 4, 30), "sr_percentage": Decimal(5)},
    },
)

HAND_KEPT = CorpusFile(
    name="zelf-bijgehouden",
    rows=[
        ["nr", "omschrijving", "wie levert", "bedrag", "loopt tot", "opmerking"],
        ["HK-1", "Koffieautomaten", "Koffie BV", "€ 45.000", "1-1-2026", "navragen bij Piet"],
        ["HK-2", "Printers", "Print & Co", "€ 120.000,-", "30-6-2027", None],
    ],
    mapping={
        "ref": "nr",
        "title": "omschrijving",
        "supplier_name": "wie levert",
        "value_total": "bedrag",
        "end_date": "loopt tot",
    },
    unmapped=["opmerking"],
    values={
        "HK-1": {"value_total": Decimal("45000.00"), "end_date": date(2026, 1, 1)},
        "HK-2": {"value_total": Decimal("120000.00"), "end_date": date(2027, 6, 30)},
    },
)

TWO_ROW_HEADER = CorpusFile(
    name="kop-over-twee-rijen",
    rows=[
        ["Contractnr.", "Omschrijving", "Leverancier", "Waarde", None, "Looptijd", None, "SR %"],
        [None, None, None, "totaal", "per jaar", "van", "tot", None],
        [
            "K2-01",
            "Catering",
            "Smaak B.V.",
            600000,
            150000,
            datetime(2024, 1, 1),
            datetime(2027, 12, 31),
            "5%",
        ],
        [
            "K2-02",
            "Beveiliging",
            "Wacht & Co",
            900000,
            300000,
            datetime(2025, 1, 1),
            datetime(2027, 12, 31),
            None,
        ],
    ],
    merged=["A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:G1", "H1:H2"],
    header_row=2,
    mapping={
        "ref": "Contractnr.",
        "title": "Omschrijving",
        "supplier_name": "Leverancier",
        "value_total": "Waarde totaal",
        "value_annual": "Waarde per jaar",
        "start_date": "Looptijd van",
        "end_date": "Looptijd tot",
        "sr_percentage": "SR %",
    },
    unmapped=[],
    values={
        "K2-01": {
            "value_total": Decimal("600000.00"),
            "value_annual": Decimal("150000.00"),
            "start_date": date(2024, 1, 1),
            "end_date": date(2027, 12, 31),
            "sr_percentage": Decimal(5),
        },
        "K2-02": {"value_annual": Decimal("300000.00"), "sr_percentage": None},
    },
)

TENDER_PLATFORM = CorpusFile(
    name="tenderplatform",
    rows=[
        [
            "Referentienummer",
            "Naam aanbesteding",
            "Type opdracht",
            "Procedure",
            "Opdrachtnemer",
            "Geraamde waarde",
            "Datum gunning",
            "Looptijd start",
            "Looptijd eind",
            "CPV-code",
        ],
        [
            "TN-334455",
            "Inhuur ICT-specialisten",
            "Diensten",
            "Europees openbaar",
            "IT Partners B.V.",
            "€ 900.000,00",
            "15-01-2024",
            "01-03-2024",
            "28-02-2027",
            "72000000-5",
        ],
        [
            "TN-334460",
            "Renovatie zwembad",
            "Werken",
            "Meervoudig onderhands",
            "Bouwbedrijf Jansen",
            "€ 2.100.000,00",
            "01-02-2024",
            "01-04-2024",
            "30-09-2025",
            "45212212-5",
        ],
    ],
    mapping={
        "ref": "Referentienummer",
        "title": "Naam aanbesteding",
        "kind": "Type opdracht",
        "procedure": "Procedure",
        "supplier_name": "Opdrachtnemer",
        "value_total": "Geraamde waarde",
        "award_date": "Datum gunning",
        "start_date": "Looptijd start",
        "end_date": "Looptijd eind",
    },
    unmapped=["CPV-code"],
    values={
        "TN-334455": {
            "kind": Word("dienst"),
            "value_total": Decimal("900000.00"),
            "start_date": date(2024, 3, 1),
            "end_date": date(2027, 2, 28),
        },
        "TN-334460": {"kind": Word("werk"), "procedure": "Meervoudig onderhands"},
    },
)

SAP_STYLE = CorpusFile(
    name="sap",
    rows=[
        [
            "Contract",
            "Crediteur",
            "Omschr.",
            "Geldig van",
            "Geldig tot",
            "Streefwaarde",
            "Valuta",
            "Inkooporganisatie",
        ],
        [
            "4600001234",
            "Bouwbedrijf Jansen",
            "Raamcontract onderhoud",
            datetime(2024, 1, 1),
            datetime(2026, 12, 31),
            1250000,
            "EUR",
            "1000",
        ],
        [
            "4600001240",
            "Kantoor & Co",
            "Kantoorartikelen",
            datetime(2023, 7, 1),
            datetime(2025, 6, 30),
            85000,
            "EUR",
            "1000",
        ],
    ],
    mapping={
        "ref": "Contract",
        "supplier_name": "Crediteur",
        "title": "Omschr.",
        "start_date": "Geldig van",
        "end_date": "Geldig tot",
        "value_total": "Streefwaarde",
    },
    unmapped=["Valuta", "Inkooporganisatie"],
    values={
        "4600001234": {
            "title": "Raamcontract onderhoud",
            "start_date": date(2024, 1, 1),
            "end_date": date(2026, 12, 31),
            "value_total": Decimal("1250000.00"),
        },
        "4600001240": {"supplier_name": "Kantoor & Co"},
    },
)

MINISTRY = CorpusFile(
    name="ministerie",
    rows=[
        [
            "Dossiernummer",
            "Omschrijving opdracht",
            "Opdrachtnemer",
            "KvK-nummer",
            "Soort opdracht",
            "Geraamde waarde",
            "Ingangsdatum",
            "Afloopdatum",
            "Directie",
            "Contractbeheerder",
            "Soort aanbestedende dienst",
        ],
        [
            "BZK-2023-77",
            "Beveiliging departementen",
            "Veilig B.V.",
            "87654321",
            "dienst",
            2000000,
            datetime(2023, 9, 1),
            datetime(2027, 8, 31),
            "DG Bestuur",
            "M. Smit",
            "Rijk",
        ],
    ],
    mapping={
        "ref": "Dossiernummer",
        "title": "Omschrijving opdracht",
        "supplier_name": "Opdrachtnemer",
        "supplier_kvk": "KvK-nummer",
        "kind": "Soort opdracht",
        "value_total": "Geraamde waarde",
        "start_date": "Ingangsdatum",
        "end_date": "Afloopdatum",
        "department": "Directie",
        "contract_manager": "Contractbeheerder",
        "authority_type": "Soort aanbestedende dienst",
    },
    unmapped=[],
    values={
        "BZK-2023-77": {
            "kind": Word("dienst"),
            "authority_type": Word("rijk"),
            "department": "DG Bestuur",
            "contract_manager": "M. Smit",
            "end_date": date(2027, 8, 31),
        },
    },
)

EXTRA_COLUMNS = CorpusFile(
    name="extra-kolommen",
    rows=[
        [
            "Contractnummer",
            "Omschrijving",
            "Leverancier",
            "Contractwaarde",
            "Einddatum",
            "Opmerkingen",
            "Laatst gewijzigd",
            "Datum laatste wijziging",
            "Status",
            "Startdatum optie",
        ],
        [
            "EX-1",
            "Schoonmaak",
            "Schoon B.V.",
            300000,
            datetime(2026, 12, 31),
            "verlengd",
            datetime(2025, 2, 1),
            datetime(2025, 2, 1),
            "Actief",
            datetime(2027, 1, 1),
        ],
    ],
    mapping={
        "ref": "Contractnummer",
        "title": "Omschrijving",
        "supplier_name": "Leverancier",
        "value_total": "Contractwaarde",
        "end_date": "Einddatum",
    },
    unmapped=[
        "Opmerkingen",
        "Laatst gewijzigd",
        "Datum laatste wijziging",
        "Status",
        "Startdatum optie",
    ],
    values={"EX-1": {"value_total": Decimal("300000.00"), "end_date": date(2026, 12, 31)}},
    # an option's start date is not the contract's: offered, never taken
    suggestions={"start_date": "Startdatum optie"},
)

SOCIAL_RETURN = CorpusFile(
    name="social-return-kolommen",
    rows=[
        [
            "Contractnummer",
            "Omschrijving",
            "Leverancier",
            "Contractwaarde",
            "Startdatum",
            "Einddatum",
            "Social return (ja/nee)",
            "SR-percentage",
            "SR-grondslag",
            "SR-vorm",
            "SR-bepaling",
        ],
        [
            "SR-1",
            "Groenonderhoud",
            "Groen B.V.",
            1500000,
            datetime(2024, 1, 1),
            datetime(2027, 12, 31),
            "ja",
            "5%",
            "loonsom",
            "contractbepaling",
            "De opdrachtnemer besteedt 5% van de loonsom aan social return.",
        ],
        [
            "SR-2",
            "Software",
            "Code B.V.",
            400000,
            datetime(2024, 6, 1),
            datetime(2026, 5, 31),
            "nee",
            None,
            None,
            None,
            None,
        ],
    ],
    mapping={
        "ref": "Contractnummer",
        "title": "Omschrijving",
        "supplier_name": "Leverancier",
        "value_total": "Contractwaarde",
        "start_date": "Startdatum",
        "end_date": "Einddatum",
        "has_sr": "Social return (ja/nee)",
        "sr_percentage": "SR-percentage",
        "sr_basis": "SR-grondslag",
        "sr_form": "SR-vorm",
        "sr_clause_text": "SR-bepaling",
    },
    unmapped=[],
    values={
        "SR-1": {
            "sr_percentage": Decimal(5),
            "sr_basis": Word("loonsom"),
            "sr_form": Word("contractbepaling"),
            "sr_clause_text": "De opdrachtnemer besteedt 5% van de loonsom aan social return.",
        },
        "SR-2": {"sr_percentage": None, "sr_basis": None, "sr_form": None},
    },
)

CORPUS: tuple[CorpusFile, ...] = (
    MUNICIPALITY,
    PROVINCE,
    WATER_BOARD,
    CLM_ENGLISH,
    UK_STYLE,
    HAND_KEPT,
    TWO_ROW_HEADER,
    TENDER_PLATFORM,
    SAP_STYLE,
    MINISTRY,
    EXTRA_COLUMNS,
    SOCIAL_RETURN,
)
