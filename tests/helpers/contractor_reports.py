"""Contractor-style monitoring reports for the AVG guard, written in memory with openpyxl.

The building blocks, to make any report a contractor might send:

- :class:`Sheet` — one worksheet: ``name``; ``title`` rows above the table (a title block:
  ``[["Rapportage social return"], ["Periode", "01-01-2025 t/m 30-06-2025"], []]``);
  ``headers`` (one row, may be empty); ``rows`` (the data, in the headers' order);
  ``state`` (``"visible"``, ``"hidden"`` or ``"veryHidden"``); ``notes`` (cell comments,
  ``{"D7": "text"}``). The table's header lands in row ``len(title) + 1``.
- :func:`report_xlsx` — the xlsx bytes of one or more sheets, first sheet first.
- :func:`table_sheet` — a :class:`Sheet` holding :data:`CLEAN_ROWS` under the usual Dutch
  title block and headers, each part replaceable by keyword (``name=``, ``title=``,
  ``headers=``, ``rows=``, ``state=``, ``notes=``).

Two corpora, as ``name → xlsx bytes`` builders (call them; each call writes a fresh file):

- :data:`WITH_PERSONAL_DATA` — reports a contractor really sends that hold names, BSNs or
  birth dates somewhere (under a title block, in free text, in an unnamed column, only on a
  hidden sheet, only in a note, English headers, a payroll export). The AVG guard must refuse
  every one of them; :data:`WHERE` says on which sheet, cell and kind the refusal must point.
- :data:`CLEAN` — honest reports with KvK numbers, RSIN, long reference numbers, the
  company's IBAN, amounts and period dates, which the guard must let through. They cover the
  first half of 2025 and hold :data:`CLEAN_ROWS`, so an import test can reuse them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from datetime import date
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.comments import Comment  # type: ignore[import-untyped, unused-ignore]

Rows = Sequence[Sequence[object]]

#: the Dutch headers most contractors use
HEADERS: tuple[str, ...] = (
    "Doelgroep",
    "Soort plaatsing",
    "Aantal personen",
    "Verloonde uren",
    "Kosten (€)",
)
#: the aggregated rows of every clean report (doelgroep, plaatsing, personen, uren, kosten)
CLEAN_ROWS: tuple[tuple[object, ...], ...] = (
    ("Statushouders", "Werkervaringsplaats", 2, Decimal(300), Decimal(6000)),
    ("Doelgroepregister (banenafspraak)", "Dienstverband", 1, Decimal(663), Decimal(15000)),
    ("Oudere werkzoekenden", "Dienstverband", 3, Decimal(900), Decimal("21000.50")),
)
#: the title block of most reports: title, contract, period, an empty line
TITLE: tuple[tuple[object, ...], ...] = (
    ("Rapportage social return",),
    ("Contractnummer", "GEM-2025-0001"),
    ("Periode", "01-01-2025 t/m 30-06-2025"),
    (),
)


@dataclass(frozen=True)
class Sheet:
    """One worksheet of a contractor's report (see the module docstring)."""

    name: str = "Blad1"
    title: Rows = ()
    headers: Sequence[object] = ()
    rows: Rows = ()
    #: "visible", "hidden" or "veryHidden"
    state: str = "visible"
    #: cell → note text, e.g. ``{"D7": "…"}``
    notes: Mapping[str, str] = field(default_factory=dict)


def table_sheet(**changes: object) -> Sheet:
    """The usual report sheet ("Blad1", :data:`TITLE`, :data:`HEADERS`, :data:`CLEAN_ROWS`),
    with any field replaced by keyword."""
    base = Sheet("Blad1", TITLE, HEADERS, CLEAN_ROWS)
    return replace(base, **changes)  # type: ignore[arg-type]


def report_xlsx(*sheets: Sheet) -> bytes:
    """The xlsx bytes of ``sheets`` (at least one visible), in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        for cells in sheet.title:
            worksheet.append(list(cells))
        if sheet.headers:
            worksheet.append(list(sheet.headers))
        for cells in sheet.rows:
            worksheet.append(list(cells))
        for cell, text in sheet.notes.items():
            worksheet[cell].comment = Comment(text, "Opsteller")
        worksheet.sheet_state = sheet.state
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_column(header: str, values: Sequence[object]) -> Sheet:
    """The usual sheet with one more column: ``header`` and a value per row."""
    return table_sheet(
        headers=(*HEADERS, header),
        rows=[(*row, value) for row, value in zip(CLEAN_ROWS, values, strict=True)],
    )


#: row of the first data row on :func:`table_sheet` (four title rows, then the header)
FIRST_ROW = len(TITLE) + 2

#: the names of :data:`WITH_PERSONAL_DATA`'s first report, one per row
_NAMES = ("A. Bakker", "E. Visser", "K. Smit")
#: every personal value in :data:`WITH_PERSONAL_DATA`, as text: none may appear in a message,
#: a log record or the audit trail
PERSONAL_VALUES: tuple[str, ...] = (
    *_NAMES,
    "123456782",
    "123 456 782",
    "111222333",
    "1988-04-12",
    "12-04-1988",
    "1961-11-03",
    "03-11-1961",
    "1959-01-30",
    "30-01-1959",
    "Piet Jansen",
    "Sara de Wit",
    "J. de Vries",
    "12-05-1980",
    "John Smith",
    "1990-02-01",
    "01-02-1990",
    "M. Yilmaz",
    "L. Bos",
    "P0012",
)

#: reports with personal data: name → builder
WITH_PERSONAL_DATA: dict[str, Callable[[], bytes]] = {
    "names under a title block on Blad1": lambda: report_xlsx(
        table_sheet(
            headers=("Naam kandidaat", *HEADERS),
            rows=[(name, *row) for name, row in zip(_NAMES, CLEAN_ROWS, strict=True)],
        )
    ),
    "BSN inside a Toelichting text": lambda: report_xlsx(
        _with_column(
            "Toelichting",
            ["Kandidaat 123456782 gestart op 3 maart", "Doorgestroomd naar vast", ""],
        )
    ),
    "BSN as a number in an unnamed column": lambda: report_xlsx(
        _with_column("", [None, 111222333, None])
    ),
    "birth dates under Geb.datum": lambda: report_xlsx(
        _with_column("Geb.datum", [date(1988, 4, 12), date(1961, 11, 3), date(1959, 1, 30)])
    ),
    "personal data only on a hidden sheet": lambda: report_xlsx(
        table_sheet(),
        Sheet(
            "Onderbouwing",
            headers=("Medewerker", "Uren"),
            rows=[("Piet Jansen", 120), ("Sara de Wit", 180)],
            state="hidden",
        ),
    ),
    "a BSN only on a very hidden sheet": lambda: report_xlsx(
        table_sheet(),
        Sheet("Hulpblad", rows=[("Controle", "123 456 782")], state="veryHidden"),
    ),
    "personal data only in a note": lambda: report_xlsx(
        table_sheet(notes={"C6": "Kandidaat: J. de Vries, geboren 12-05-1980"})
    ),
    "English headers": lambda: report_xlsx(
        table_sheet(
            name="SROI report",
            title=[("Social return report H1 2025",), ("Contract number:", "GEM-2025-0001")],
            headers=("Employee name", "Date of birth", "Target group", "Hours"),
            rows=[("John Smith", date(1990, 2, 1), "Statushouders", 300)],
        )
    ),
    "payroll export": lambda: report_xlsx(
        table_sheet(
            name="Loonstrook export",
            title=[("Uitvoer salarisadministratie 2025-06",)],
            headers=("Personeelsnummer", "Naam", "Uren", "Loon (€)"),
            rows=[("P0012", "M. Yilmaz", 160, Decimal("3120.55")), ("P0013", "L. Bos", 80, 1500)],
        )
    ),
}

#: where each refusal must point: name → (sheet, cell, kind) of the first hit
WHERE: dict[str, tuple[str, str, str]] = {
    "names under a title block on Blad1": ("Blad1", "A5", "label"),
    "BSN inside a Toelichting text": ("Blad1", f"F{FIRST_ROW}", "value"),
    "BSN as a number in an unnamed column": ("Blad1", f"F{FIRST_ROW + 1}", "value"),
    "birth dates under Geb.datum": ("Blad1", "F5", "label"),
    "personal data only on a hidden sheet": ("Onderbouwing", "A1", "label"),
    "a BSN only on a very hidden sheet": ("Hulpblad", "B1", "value"),
    "personal data only in a note": ("Blad1", "C6", "comment"),
    "English headers": ("SROI report", "A3", "label"),
    "payroll export": ("Loonstrook export", "A2", "label"),
}

#: honest reports the guard must accept: name → builder
CLEAN: dict[str, Callable[[], bytes]] = {
    "template-like with KvK, RSIN and IBAN of the company": lambda: report_xlsx(
        table_sheet(
            title=[
                ("Rapportage social return",),
                ("Opdrachtnemer", "Bouw & Zorg B.V."),
                ("KvK-nummer", 12345672),  # passes the elfproef with a leading zero
                ("RSIN", "123456782"),  # an RSIN passes the elfproef like a BSN
                ("IBAN", "NL91 ABNA 0417 1643 00"),
                ("Btw-nummer", "NL123456782B01"),
                ("Periode", "01-01-2025 t/m 30-06-2025"),
                (),
            ]
        )
    ),
    "long reference numbers and a contract value": lambda: report_xlsx(
        table_sheet(
            title=[
                ("Verantwoording social return", None, "Kenmerk 2025-000123456782"),
                ("Contractnummer", "123456782"),
                ("Contractwaarde", "€ 123.456.782"),
                ("Periode van", date(2025, 1, 1), "tot", date(2025, 6, 30)),
                (),
            ],
            headers=(*HEADERS, "Ordernummer", "Toelichting"),
            rows=[
                (*CLEAN_ROWS[0], 4500012345, "Inzet volgens plan; zie order 123456782"),
                (*CLEAN_ROWS[1], 4500012346, "Contract 111222333 loopt tot 31-12-2027"),
                (*CLEAN_ROWS[2], 4500012347, ""),
            ],
        )
    ),
    "amounts, hours and totals, with a contact person and a note": lambda: report_xlsx(
        table_sheet(
            name="Overzicht SR",
            title=[
                ("Social return 1e halfjaar 2025",),
                ("Naam contactpersoon", "P. de Boer"),
                ("E-mail", "sroi@bouwenzorg.example"),
                ("Telefoon", "010-1234567"),
                (),
            ],
            rows=[*CLEAN_ROWS, ("Totaal", None, 6, Decimal(1863), Decimal("42000.50"))],
            notes={"D7": "Uren over juni zijn geschat; definitief in Q3."},
        )
    ),
    "cover sheet and a hidden lists sheet": lambda: report_xlsx(
        Sheet(
            "Voorblad",
            rows=[
                ("Opdrachtnemer", "Schoon & Sociaal B.V."),
                ("Opgericht", date(1998, 3, 12)),
                ("Datum rapportage", date(2025, 7, 15)),
            ],
        ),
        table_sheet(name="Rapportage"),
        Sheet(
            "Lijsten",
            rows=[("Statushouders", "Werkervaringsplaats"), ("Ouderen", "Dienstverband")],
            state="hidden",
        ),
    ),
}
