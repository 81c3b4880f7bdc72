"""The row count that decides a background import: from the sheet's dimension element when a
writer stores one, else by counting the rows in the sheet's XML; None for no xlsx at all."""

from __future__ import annotations

import io

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.row_count import estimate_rows
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx

LIMIT = 10**9


def _write_only(rows: int) -> bytes:
    """openpyxl's streaming writer leaves the dimension element out."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contracten")
    for number in range(rows):
        sheet.append([f"C-{number}", "tekst"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_dimension_element_gives_the_rows() -> None:
    assert estimate_rows(xlsx([row(f"R-{n}") for n in range(40)]), max_xml_bytes=LIMIT) == 41


def test_without_a_dimension_the_rows_are_counted() -> None:
    assert estimate_rows(_write_only(2_345), max_xml_bytes=LIMIT) == 2_345


def test_the_count_stops_at_the_byte_limit() -> None:
    assert estimate_rows(_write_only(20_000), max_xml_bytes=1 << 20) < 20_000


def test_no_xlsx_gives_none() -> None:
    assert estimate_rows(b"Contractnummer;Omschrijving\n", max_xml_bytes=LIMIT) is None
