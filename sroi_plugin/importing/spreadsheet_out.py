"""Writing xlsx safely: user text never becomes a formula.

Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break is written
with a leading apostrophe, as the OWASP CSV-injection guidance prescribes. Decision: the
apostrophe is part of the stored text (not Excel's hidden ``quotePrefix`` style), so the
text also stays inert when someone edits the cell or saves the sheet as CSV; the price is
a visible apostrophe before such text. openpyxl then stores the value as a string cell
(it only makes formulas of strings starting with ``=``), and our importer removes exactly
that apostrophe again (:func:`.converters.clean_text`), so an exported file re-imports
unchanged. Numbers, dates and booleans are written as themselves: a negative number is a
number, not text.

Workbooks are written in openpyxl's write-only mode so large exports stream.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from typing import BinaryIO
from typing import Final

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.converters import FORMULA_TRIGGERS

__all__ = [
    "ERRORS_HEADER",
    "error_report",
    "neutralise",
    "write_rows",
    "write_sheets",
]

#: Header of the column the error report adds.
ERRORS_HEADER: Final = "Fouten"
_PROTECT: Final = "'"
_AS_IS: Final = (int, float, Decimal, datetime, date, time, bool)


def neutralise(value: object) -> object:
    """A value that is safe to put in a spreadsheet cell.

    Text starting with a formula trigger gets a leading apostrophe; characters XML
    cannot hold (control characters from pasted text) are dropped. Numbers, dates,
    booleans and ``None`` pass unchanged; anything else is written as its text.
    """
    if value is None or isinstance(value, _AS_IS):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return _PROTECT + text
    return text


def write_rows(
    target: str | os.PathLike[str] | BinaryIO,
    headers: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Contracten",
) -> None:
    """Write a header row and data rows to a new xlsx, streaming (write-only mode).

    :param target: a path or a writable binary stream
    :param rows: cell values per row; each value goes through :func:`neutralise`
    """
    write_sheets(target, [(sheet_title, headers, rows)])


def write_sheets(
    target: str | os.PathLike[str] | BinaryIO,
    sheets: Iterable[tuple[str, Sequence[object], Iterable[Sequence[object]]]],
) -> None:
    """Write several sheets (title, header row, data rows) to a new xlsx, as :func:`write_rows`."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        worksheet = workbook.create_sheet(title=title)
        worksheet.append([neutralise(header) for header in headers])
        for row in rows:
            worksheet.append([neutralise(value) for value in row])
    workbook.save(target)


def error_report(
    original_headers: Sequence[object],
    rows_with_errors: Iterable[tuple[Sequence[object], Sequence[str]]],
) -> bytes:
    """An xlsx of the rejected rows as they were uploaded, plus a "Fouten" column.

    The user corrects the rows in this file and uploads them again.

    :param original_headers: the header row of the upload
    :param rows_with_errors: per rejected row its original cells and its Dutch messages
    """
    rows = list(rows_with_errors)
    width = max([len(original_headers), *(len(cells) for cells, _ in rows)])
    headers = [*original_headers, *[None] * (width - len(original_headers)), ERRORS_HEADER]
    buffer = io.BytesIO()
    write_rows(
        buffer,
        headers,
        ([*cells, *[None] * (width - len(cells)), "\n".join(errors)] for cells, errors in rows),
        sheet_title="Fouten",
    )
    return buffer.getvalue()
