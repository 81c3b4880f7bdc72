"""Written workbooks keep user text as text: nothing becomes a formula."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.converters import clean_text
from sroi_plugin.importing.reader import SheetReader
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.importing.spreadsheet_out import ERRORS_HEADER
from sroi_plugin.importing.spreadsheet_out import error_report
from sroi_plugin.importing.spreadsheet_out import neutralise
from sroi_plugin.importing.spreadsheet_out import write_rows

HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")',
    "=1+1",
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "\n=1",
    "=",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_triggers_get_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        "Schoonmaak",
        " =1 (space first)",
        "'al beschermd",
        -5,
        Decimal("-1.50"),
        date(2025, 1, 1),
        True,
        None,
    ],
)
def test_harmless_values_pass_unchanged(value: object) -> None:
    assert neutralise(value) == value


def test_control_characters_xml_cannot_hold_are_dropped() -> None:
    assert neutralise("a\x00b\x1fc\nd") == "abc\nd"


def cell_types(data: bytes | Path) -> list[list[tuple[object, str]]]:
    """(value, data type) of every cell, read back in normal (not read-only) mode."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    workbook = load_workbook(source)
    try:
        return [
            [(cell.value, cell.data_type) for cell in row] for row in workbook.active.iter_rows()
        ]
    finally:
        workbook.close()


def sheet_xml(data: bytes | Path) -> bytes:
    """The first sheet's XML."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    with zipfile.ZipFile(source) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_hostile_strings_are_written_as_text_not_formulas(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_rows(
        path,
        ["Contractnummer", "Omschrijving"],
        [[f"C-{n}", text] for n, text in enumerate(HOSTILE)],
    )
    assert b"<f>" not in sheet_xml(path)
    cells = cell_types(path)[1:]
    assert all(data_type == "s" for _, (_, data_type) in cells)
    assert [clean_text(value) for _, (value, _) in cells] == [text.strip() for text in HOSTILE]


def test_typed_values_stay_typed(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_rows(path, ["Waarde", "Start", "Raam"], [[Decimal("1250.50"), date(2025, 1, 1), False]])
    (value, value_type), (start, _), (framework, framework_type) = cell_types(path)[1]
    assert (value, value_type) == (1250.5, "n")
    assert isinstance(start, datetime)
    assert start.date() == date(2025, 1, 1)
    assert (framework, framework_type) == (False, "b")


def test_rows_may_be_a_generator(tmp_path: Path) -> None:
    def rows() -> Iterator[list[object]]:
        for number in range(2_000):
            yield [f"C-{number}", number]

    path = tmp_path / "out.xlsx"
    write_rows(path, ["Contractnummer", "Waarde"], rows())
    assert len(cell_types(path)) == 2_001


def test_error_report_is_the_original_rows_plus_a_fouten_column() -> None:
    headers = ["Contractnr.", "Leverancier", "Waarde (excl. btw)"]
    report = error_report(
        headers,
        [
            (("C-1", "Schoon B.V.", "12,3,4"), ["Rij 5, Contractwaarde: '12,3,4' is geen bedrag"]),
            (
                (None, "=cmd|' /C calc'!A0"),
                ["Rij 9, Contractnummer: ontbreekt", "Rij 9, Einddatum: x"],
            ),
        ],
    )
    assert b"<f>" not in sheet_xml(report)
    values = [[value for value, _ in row] for row in cell_types(report)]
    assert values == [
        [*headers, ERRORS_HEADER],
        ["C-1", "Schoon B.V.", "12,3,4", "Rij 5, Contractwaarde: '12,3,4' is geen bedrag"],
        [
            None,
            "'=cmd|' /C calc'!A0",
            None,
            "Rij 9, Contractnummer: ontbreekt\nRij 9, Einddatum: x",
        ],
    ]


def test_error_report_widens_the_header_for_cells_beyond_it() -> None:
    report = error_report(["Contractnr."], [(("C-1", "los"), ["fout"])])
    assert [[value for value, _ in row] for row in cell_types(report)] == [
        ["Contractnr.", None, ERRORS_HEADER],
        ["C-1", "los", "fout"],
    ]


def test_corrected_error_report_can_be_imported_again() -> None:
    headers = ["Contractnr.", "Leverancier", "Waarde (excl. btw)", "Omschrijving"]
    report = error_report(headers, [(("C-1", "Schoon B.V.", 1000, "=geen formule"), ["fout"])])
    workbook = open_workbook_safely(io.BytesIO(report))
    try:
        reader = SheetReader(workbook)
        rows = list(reader)
        assert reader.columns.unmapped_headers == [ERRORS_HEADER]
    finally:
        workbook.close()
    assert clean_text(rows[0].values["title"]) == "=geen formule"
