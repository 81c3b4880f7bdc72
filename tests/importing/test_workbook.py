"""The upload reader's contract (calamine): every cell kind arrives as the readers above expect
it (as openpyxl gave it), hidden sheets are named as such, escaped control characters never
reach the parsers, and a sheet whose filled cells span more than the budget is refused before
calamine allocates it."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing import safety
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.safety import ReadBudget
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.rules.values import find_control_char
from tests.helpers.bombs import SHEET_XML
from tests.helpers.xlsx import PORTFOLIO_HEADERS
from tests.helpers.xlsx import minimal_xlsx_entries
from tests.helpers.xlsx import portfolio_row
from tests.helpers.xlsx import write_formatted_to_the_end
from tests.helpers.xlsx import write_xlsx
from tests.helpers.xlsx import zip_bytes

UPLOAD_LIMIT = 25 * 1024 * 1024


def _rows(data: bytes, sheet: int = 0) -> list[tuple[object, ...]]:
    workbook = open_workbook_safely(io.BytesIO(data))
    try:
        return list(workbook.worksheets[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def _kinds_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet["C3"] = "tekst"
    sheet["D3"] = 4711
    sheet["E3"] = 4711.5
    sheet["F3"] = "004711"
    sheet["G3"] = True
    sheet["H3"] = date(2025, 1, 2)
    sheet["H3"].number_format = "dd-mm-yyyy"
    sheet["I3"] = datetime(2025, 1, 2, 13, 5)
    sheet["C4"] = "samengevoegd"
    sheet.merge_cells("C4:E4")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_every_cell_kind_arrives_as_the_readers_expect() -> None:
    rows = _rows(_kinds_workbook())
    # rows start at row 1 and cells at column A, even when the first filled cell is C3
    assert rows[0] == rows[1] == (None,) * 9
    text, whole, fraction, padded, flag, day, moment = rows[2][2:]
    assert (text, padded) == ("tekst", "004711")
    assert whole == 4711 and type(whole) is int  # calamine gives 4711.0
    assert fraction == 4711.5
    assert flag is True
    assert day == date(2025, 1, 2)
    assert moment == datetime(2025, 1, 2, 13, 5)
    # a merged range holds its value in the top-left cell only
    assert rows[3][2:5] == ("samengevoegd", None, None)


def test_a_formula_counts_by_its_cached_value() -> None:
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = entries[SHEET_XML].replace(
        b"</sheetData>", b'<row r="3"><c r="A3"><f>1+2</f><v>3</v></c></row></sheetData>'
    )
    assert _rows(zip_bytes(entries))[2][0] == 3


def test_huge_whole_numbers_stay_floats() -> None:
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = entries[SHEET_XML].replace(
        b"</sheetData>", b'<row r="3"><c r="A3"><v>1E+20</v></c></row></sheetData>'
    )
    assert _rows(zip_bytes(entries))[2][0] == 1e20
    assert type(_rows(zip_bytes(entries))[2][0]) is float


def test_sheets_are_named_with_their_visibility() -> None:
    workbook = Workbook()
    workbook.active.title = "Zichtbaar"
    workbook.active["A1"] = "x"
    workbook.create_sheet("Verborgen").sheet_state = "hidden"
    workbook.create_sheet("Heel verborgen").sheet_state = "veryHidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    opened = open_workbook_safely(io.BytesIO(buffer.getvalue()))
    try:
        states = {sheet.title: sheet.sheet_state for sheet in opened.worksheets}
        parts = {sheet.title: sheet.part for sheet in opened.worksheets}
    finally:
        opened.close()
    assert states == {"Zichtbaar": "visible", "Verborgen": "hidden", "Heel verborgen": "veryHidden"}
    assert parts["Verborgen"] == "xl/worksheets/sheet2.xml"


def _escaped_workbook(text: bytes) -> bytes:
    """A portfolio whose first contract's supplier (column C) is ``text`` as stored in the XML,
    once as an inline string and once in a hand-written shared-strings table."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [PORTFOLIO_HEADERS, portfolio_row(1), portfolio_row(2)])
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    sheet = entries[SHEET_XML]
    start = sheet.index(b'<c r="C2"')
    end = sheet.index(b"</c>", start) + len(b"</c>")
    inline = b'<c r="C2" t="inlineStr"><is><t>' + text + b"</t></is></c>"
    sheet = sheet[:start] + inline + sheet[end:]
    start = sheet.index(b'<c r="C3"')
    end = sheet.index(b"</c>", start) + len(b"</c>")
    sheet = sheet[:start] + b'<c r="C3" t="s"><v>0</v></c>' + sheet[end:]
    entries[SHEET_XML] = sheet
    entries["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = "xl/_rels/workbook.xml.rels"
    entries[rels] = entries[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return zip_bytes(entries)


@pytest.mark.parametrize("escaped", [b"Bouw_x0000_ B.V.", b"Bouw_x0007_ B.V."])
def test_escaped_control_characters_stay_escaped_text_as_openpyxl_read_them(
    escaped: bytes,
) -> None:
    data = _escaped_workbook(escaped)
    rows = _rows(data)
    assert rows[1][2] == rows[2][2] == escaped.decode()
    assert all(find_control_char(v) is None for row in rows for v in row if isinstance(v, str))
    read = read_portfolio(data, file_name="x.xlsx", max_bytes=UPLOAD_LIMIT)
    supplier = read.fields.index("supplier_name")
    assert [values[supplier] for _number, values in read.rows] == [escaped.decode()] * 2


def test_an_escaped_line_break_is_decoded() -> None:
    rows = _rows(_escaped_workbook(b"Bouw_x000D_\nB.V."))
    assert rows[1][2] == rows[2][2] == "Bouw\r\nB.V."


def _far_cell(row: int, column: str) -> bytes:
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = entries[SHEET_XML].replace(
        b"</sheetData>",
        f'<row r="{row}"><c r="{column}{row}"><v>1</v></c></row></sheetData>'.encode(),
    )
    return zip_bytes(entries)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if calamine gets to parse the file."""

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed before it was refused")

    monkeypatch.setattr(safety, "open_rows", parse)


@pytest.mark.usefixtures("no_parsing")
@pytest.mark.parametrize(("row", "column"), [(1_048_576, "XFD"), (1_048_576, "Z"), (1_000, "XFD")])
def test_one_far_filled_cell_is_refused_before_calamine_allocates_its_area(
    row: int, column: str
) -> None:
    start = time.monotonic()
    with pytest.raises(ImportFileError, match="meer dan 10.000.000 cellen"):
        open_workbook_safely(io.BytesIO(_far_cell(row, column)), budget=ReadBudget.for_cells(10**7))
    assert time.monotonic() - start < 5


def test_cells_without_a_leading_reference_are_bounded_too() -> None:
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = entries[SHEET_XML].replace(
        b"</sheetData>", b'<row r="200000"><c t="n" r="ZZ200000"><v>1</v></c></row></sheetData>'
    )
    with pytest.raises(ImportFileError, match="meer dan 1.000.000 cellen"):
        open_workbook_safely(io.BytesIO(zip_bytes(entries)), budget=ReadBudget.for_cells(10**6))


def test_formatting_down_to_the_last_row_costs_no_area(tmp_path: Path) -> None:
    path = write_formatted_to_the_end(tmp_path / "opgemaakt.xlsx", [PORTFOLIO_HEADERS])
    rows = _rows(path.read_bytes())
    assert len(rows) == 1


@pytest.mark.parametrize(
    "rows",
    [
        # rows out of order: the last filled cell is not the lowest one
        b'<row r="1048576"><c r="Z1048576"><v>1</v></c></row>'
        b'<row r="3"><c r="A3"><v>1</v></c></row>',
        # the row number written after another attribute
        b'<row spans="1:26" r="1048576"><c r="Z1048576"><v>1</v></c></row>',
    ],
)
def test_rows_out_of_order_or_oddly_written_are_bounded_too(rows: bytes) -> None:
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = entries[SHEET_XML].replace(b"</sheetData>", rows + b"</sheetData>")
    with pytest.raises(ImportFileError, match="meer dan 10.000.000 cellen"):
        open_workbook_safely(io.BytesIO(zip_bytes(entries)), budget=ReadBudget.for_cells(10**7))
