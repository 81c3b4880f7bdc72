"""Workbooks that are small to upload but cost a reader far more than any real file.

Both pass the zip-bomb limits (each entry inflates less than 100 times, the whole less than
500 MB, the file is under the upload limit); only a budget on the work refuses them.
"""

from __future__ import annotations

import io
import random
import zipfile
from functools import lru_cache
from xml.sax.saxutils import escape

from tests.helpers.xlsx import PORTFOLIO_HEADERS
from tests.helpers.xlsx import minimal_xlsx_entries

SHEET_XML = "xl/worksheets/sheet1.xml"
SHARED_STRINGS_XML = "xl/sharedStrings.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _column(index: int) -> str:
    """``0`` → ``A``, ``26`` → ``AA``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _header_row() -> str:
    cells = "".join(_inline(f"{_column(i)}1", text) for i, text in enumerate(PORTFOLIO_HEADERS))
    return f'<row r="1">{cells}</row>'


def _sheet(rows: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
        f"{rows}</sheetData></worksheet>"
    ).encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@lru_cache(maxsize=2)
def shared_strings_bomb(inflated_mb: int = 160) -> bytes:
    """A portfolio workbook (a header row and one contract) whose shared-strings part inflates
    to about ``inflated_mb`` MB: over a million strings, each different (random digits),
    about 10 times smaller packed.

    openpyxl loads the whole shared-strings table before it reads a single row.
    """
    filler = "a" * 100
    count = inflated_mb * 1024 * 1024 // 130
    digits = random.Random(0).getrandbits  # noqa: S311 - test data, not secrets
    strings = "".join(f"<si><t>{digits(48):012x}{filler}</t></si>" for _ in range(count))
    shared = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{count}" '
        f'uniqueCount="{count}">{strings}</sst>'
    ).encode()
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = _sheet(
        _header_row() + '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'
    )
    entries[SHARED_STRINGS_XML] = shared
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/{SHARED_STRINGS_XML}" ContentType="{_SHARED_STRINGS_TYPE}"/>'
        "</Types>".encode(),
    )
    rels = "xl/_rels/workbook.xml.rels"
    entries[rels] = entries[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdBomb" Type="{_SHARED_STRINGS_REL}" Target="sharedStrings.xml"/>'
        "</Relationships>".encode(),
    )
    return _zip(entries)


@lru_cache(maxsize=2)
def wide_rows_bomb(rows: int = 100_000) -> bytes:
    """A portfolio workbook of ``rows`` contracts, each row also holding a cell in Excel's last
    column (XFD): a reader gets 16,384 cells per row from a few dozen bytes of XML."""
    body = "".join(
        f'<row r="{number}">{_inline(f"A{number}", f"C-{number:06d}")}'
        f'<c r="XFD{number}"><v>1</v></c></row>'
        for number in range(2, rows + 2)
    )
    entries = minimal_xlsx_entries()
    entries[SHEET_XML] = _sheet(_header_row() + body)
    return _zip(entries)
