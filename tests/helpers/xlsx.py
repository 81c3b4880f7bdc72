"""Build test workbooks (and deliberately broken files) in a test's ``tmp_path``.

Files are generated rather than committed, so each test shows the exact content it reads.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped, unused-ignore]
from openpyxl.styles import PatternFill  # type: ignore[import-untyped, unused-ignore]

#: A typical portfolio export header, in the host's Dutch spelling.
PORTFOLIO_HEADERS: tuple[str, ...] = (
    "Contractnr.",
    "Omschrijving",
    "Leverancier",
    "KvK",
    "Inkoopcategorie",
    "Soort opdracht",
    "Waarde (excl. btw)",
    "Jaarwaarde",
    "Startdatum",
    "Einddatum",
    "Verlengingsopties",
    "Raamovereenkomst",
    "Afdeling",
    "Contractmanager",
    "Social return",
)

Rows = Sequence[Sequence[object]]


def write_xlsx(
    target: Path | io.BytesIO,
    rows: Rows,
    *,
    title: str = "Contracten",
    more_sheets: Mapping[str, Rows] | None = None,
    merged: Sequence[str] = (),
) -> None:
    """Write ``rows`` to the first sheet (and optional further sheets) of a new xlsx.

    :param merged: cell ranges to merge on the first sheet, e.g. ``"A1:D1"``
    """
    workbook = Workbook()
    sheets = {title: rows, **(more_sheets or {})}
    for index, (name, sheet_rows) in enumerate(sheets.items()):
        worksheet = workbook.active if index == 0 else workbook.create_sheet()
        worksheet.title = name
        for row in sheet_rows:
            worksheet.append(list(row))
    for cell_range in merged:
        workbook.active.merge_cells(cell_range)
    workbook.save(target)


def portfolio_row(number: int) -> list[object]:
    """One plausible contract row matching :data:`PORTFOLIO_HEADERS`."""
    return [
        f"C-{number:05d}",
        f"Schoonmaak locatie {number}",
        f"Leverancier {number % 97} B.V.",
        f"{10_000_000 + number:08d}",
        "Facilitair",
        "dienst",
        Decimal("250000.00") + number,
        "€ 50.000,-",
        date(2024, 1, 1),
        "31-12-2027",
        "2x 1 jaar",
        "nee",
        "Facilitair bedrijf",
        "J. Jansen",
        "5%",
    ]


def write_portfolio(path: Path, count: int) -> Path:
    """A portfolio of ``count`` rows under a title line, written in streaming mode."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("Contracten")
    worksheet.append(["Contractenoverzicht"])
    worksheet.append(list(PORTFOLIO_HEADERS))
    for number in range(1, count + 1):
        worksheet.append(portfolio_row(number))
    workbook.save(path)
    return path


def zip_bytes(entries: Mapping[str, bytes], *, stored: bool = False) -> bytes:
    """A zip archive of ``entries`` (deflated unless ``stored``)."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def patch_entry(path: Path, name: str, transform: Callable[[bytes], bytes]) -> None:
    """Rewrite one zip entry of the file at ``path`` (e.g. to plant a formula in the XML)."""
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[name] = transform(entries[name])
    path.write_bytes(zip_bytes(entries))


SHEET_XML = "xl/worksheets/sheet1.xml"


def minimal_xlsx_entries() -> dict[str, bytes]:
    """The entries of a small valid workbook, to add to or tamper with."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [PORTFOLIO_HEADERS, portfolio_row(1)])
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def ole2_bytes(stream_names: Sequence[str]) -> bytes:
    """A minimal OLE2 compound file whose directory lists ``stream_names``.

    Enough for signature sniffing: the 512-byte header with the OLE2 magic, then one
    directory sector of 128-byte entries (name in UTF-16LE, byte length at offset 64).
    """
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *stream_names):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entries += encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded)).ljust(64, b"\x00")
    return header + entries.ljust(512, b"\x00")


#: The last row of an xlsx sheet.
LAST_SHEET_ROW = 1_048_576


def write_formatted_to_the_end(
    path: Path,
    rows: Rows,
    *,
    last_row: int = LAST_SHEET_ROW,
    every_row: bool = False,
) -> Path:
    """``rows`` followed by empty but formatted rows down to ``last_row``, as an export whose
    layout (a fill, borders) was applied to whole columns' worth of rows.

    By default only the cell on ``last_row`` carries the fill, so the reader meets one long gap;
    with ``every_row`` each row below the data has a filled, empty cell (written in streaming
    mode: about 15 s and 5 MB for a million rows).
    """
    fill = PatternFill("solid", fgColor="FFFF00")
    if not every_row:
        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = "Contracten"
        for line in rows:
            worksheet.append(list(line))
        worksheet.cell(row=last_row, column=1).fill = fill
        workbook.save(path)
        return path
    streaming = Workbook(write_only=True)
    sheet = streaming.create_sheet("Contracten")
    for line in rows:
        sheet.append(list(line))
    styled = WriteOnlyCell(sheet, value=None)
    styled.fill = fill
    for _row in range(len(rows) + 1, last_row + 1):
        sheet.append([styled])
    streaming.save(path)
    return path


def write_numbered_refs(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], formats: Sequence[str]
) -> Path:
    """A sheet with ``header`` and ``rows``; the first column's cells get ``formats`` (one per
    data row, an Excel number format such as ``000000``)."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Contracten"
    worksheet.append(list(header))
    for number, (line, code) in enumerate(zip(rows, formats, strict=True), start=2):
        worksheet.append(list(line))
        worksheet.cell(row=number, column=1).number_format = code
    workbook.save(path)
    return path
