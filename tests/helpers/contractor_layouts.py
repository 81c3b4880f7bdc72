"""Monitoring reports in contractors' own layouts: a small xlsx writer and a clean corpus.

A report as a payroll tool, an SROI tool or a hand-kept sheet writes it: a title block above
the header, the contractor's own sheet name and column words, totals rows, the period as text
or as two date cells. Every report here is clean (no personal data) and holds the same three
rows, so a test can compare what was imported with :data:`EXPECTED`. The workbooks are written
by the privacy corpus's writer (:func:`tests.helpers.contractor_reports.report_xlsx`); this
module adds the layouts the reader must understand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal

from tests.helpers.contractor_reports import Sheet
from tests.helpers.contractor_reports import report_xlsx

#: the first half of 2025 (181 days) — the period every corpus report covers
H1_2025 = (date(2025, 1, 1), date(2025, 6, 30))


@dataclass(frozen=True)
class Layout:
    """One contractor's way of writing the report."""

    name: str
    sheet: str
    #: rows above the header, as written
    title: Sequence[Sequence[object]]
    headers: Sequence[str]
    #: the data and totals rows, in the header's column order
    rows: Sequence[Sequence[object]]
    #: sheets before the report sheet (a cover page …): name → rows
    before: dict[str, Sequence[Sequence[object]]] = field(default_factory=dict)
    #: fields a person has to choose a column for (the mapping step): field → header
    needs_mapping: dict[str, str] = field(default_factory=dict)


def write(layout: Layout) -> bytes:
    """The layout as xlsx bytes: the sheets before it, then the report sheet."""
    before = [Sheet(name, title=rows) for name, rows in layout.before.items()]
    report = Sheet(layout.sheet, layout.title, layout.headers, layout.rows)
    return report_xlsx(*before, report)


#: (doelgroep, soort plaatsing, personen, uren, kosten) of every corpus report
EXPECTED = (
    ("Statushouders", "Werkervaringsplaats", 2, Decimal(300), Decimal(6000)),
    ("Doelgroepregister banenafspraak", "Betaalde baan", 1, Decimal("663"), Decimal("15000")),
    ("Oudere werkzoekenden", "Betaalde baan", 3, Decimal(900), Decimal("21000.50")),
)
_ROWS = [list(row) for row in EXPECTED]
_TOTAL = [6, Decimal(1863), Decimal("42000.50")]

CORPUS: tuple[Layout, ...] = (
    Layout(
        "payroll export, period as text, Totaal row",
        "Export",
        [
            ["Loonadministratie — SROI-verantwoording"],
            ["Contractnummer", "GEM-2025-0001"],
            ["Periode", "01-01-2025 t/m 30-06-2025"],
            [],
        ],
        ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Loonkosten"],
        [*_ROWS, ["Totaal", None, *_TOTAL]],
    ),
    Layout(
        "English SROI tool, half year, Total row",
        "SROI report",
        [["Social return report H1 2025"], ["Contract number:", "gem-2025-0001"]],
        [
            "Target group",
            "Placement type",
            "Number of persons",
            "Paid hours",
            "Costs (EUR)",
            "Evidence",
            "Remarks",
        ],
        [*[[*row, "Overzicht salariskosten", ""] for row in _ROWS], ["Total", "", *_TOTAL, "", ""]],
    ),  # fmt: skip
    Layout(
        "hand-kept sheet, two date cells, unlabelled sum row",
        "Blad1",
        [
            ["Verantwoording social return"],
            ["Periode van", date(2025, 1, 1), "tot", date(2025, 6, 30)],
            [None],
        ],
        ["Categorie kandidaat", "Type plaatsing", "Aantal personen", "Uren", "Kosten", "Opmerking"],
        [*[[*row, None] for row in _ROWS], [None, None, *_TOTAL, None]],
    ),  # fmt: skip
    Layout(
        "quarterly tool, Startdatum/Einddatum, subtotals",
        "Rapportage SR",
        [
            ["Startdatum", date(2025, 1, 1)],
            ["Einddatum", date(2025, 6, 30)],
        ],
        ["Doelgroep", "Soort plaatsing", "Personen", "Verloonde uren", "Kosten (€)", "Bewijsstuk"],
        [
            [*_ROWS[0], "Arbeidsovereenkomst"],
            ["Subtotaal", None, 2, 300, 6000, None],
            [*_ROWS[1], "Overzicht salariskosten"],
            [*_ROWS[2], "Overzicht salariskosten"],
            ["Subtotaal", None, 4, Decimal(1563), Decimal("36000.50"), None],
            ["Eindtotaal", None, *_TOTAL, None],
        ],
    ),  # fmt: skip
    Layout(
        "cover sheet first, period as months",
        "Gegevens SROI",
        [["Rapportage social return", None, "periode 1 t/m 6 2025"]],
        ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten"],
        _ROWS,
        before={"Voorblad": [["Opdrachtnemer", "Bouwbedrijf De Vries BV"], ["Versie", "2"]]},
    ),
    Layout(
        "own column words that need the mapping step",
        "Overzicht",
        [["Social return 1e halfjaar 2025"]],
        ["Groep", "Soort plaatsing", "Mensen", "Verloonde uren", "Loonkosten"],
        _ROWS,
        needs_mapping={"target_group": "Groep", "persons": "Mensen"},
    ),
)
