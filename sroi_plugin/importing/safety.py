"""Safety: refuse a bad upload with a clear Dutch message before anything is parsed.

:func:`open_workbook_safely` reads the upload into memory (bounded by ``max_bytes``),
recognises what it really is from its first bytes, inspects the zip directory for zip
bombs and only then lets openpyxl parse it. Every refusal is an
:class:`~sroi_plugin.errors.ImportFileError` whose message says what to do.

Zip-bomb limits follow Apache POI's ``ZipSecureFile`` defaults: an entry larger than
:data:`RATIO_GRACE_BYTES` may not inflate more than :data:`DEFAULT_MAX_RATIO` times. The
declared sizes can be trusted as an upper bound: Python's :mod:`zipfile` never inflates an
entry past its declared size.

Those limits bound memory, not work: a 14 MB workbook whose shared strings inflate to 470 MB
passes both and keeps a worker busy for minutes. A :class:`ReadBudget` bounds the work by what
a portfolio (or a monitoring report) can hold. Before anything is parsed, the inflated size of
the worksheets and the shared strings and the shared strings' declared counts are checked from
the zip directory and the ``<sst>`` start tag, and the worksheets' XML is scanned for the area
their filled cells span: calamine (:mod:`.workbook`) holds a sheet as a dense rectangle, so a
few bytes of XML with a cell in ``XFD1048576`` would ask it for hundreds of gigabytes. While
the rows are read, every row stream of the opened workbook counts its cells (rows × columns,
at least one per row) against the same budget.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import BinaryIO
from typing import Final

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.columns import HEADER_SCAN_ROWS
from sroi_plugin.importing.workbook import DAMAGED
from sroi_plugin.importing.workbook import Workbook
from sroi_plugin.importing.workbook import open_rows

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_UNCOMPRESSED_BYTES",
    "DEFAULT_PORTFOLIO_MAX_CELLS",
    "MONITORING_BUDGET",
    "PORTFOLIO_BUDGET",
    "RATIO_GRACE_BYTES",
    "ReadBudget",
    "check_xlsx_bytes",
    "open_workbook_safely",
]

#: Upload limit when the host configures none.
DEFAULT_MAX_BYTES: Final = 25 * 1024 * 1024
#: Limit on the sum of the zip entries' uncompressed sizes.
DEFAULT_MAX_UNCOMPRESSED_BYTES: Final = 500 * 1024 * 1024
#: Highest uncompressed/compressed ratio of one entry (Apache POI: 1 / 0.01).
DEFAULT_MAX_RATIO: Final = 100
#: Entries smaller than this are not ratio-checked (Apache POI's grace size).
RATIO_GRACE_BYTES: Final = 100 * 1024
#: More entries than this is no spreadsheet.
DEFAULT_MAX_ENTRIES: Final = 10_000

#: Default of ``SROI_IMPORT_MAX_CELLS``: the largest real portfolio, 200,000 rows × 40
#: columns (8,000,000 cells), plus a quarter for the header scans and the second pass over the
#: contract-number column that reading may make.
DEFAULT_PORTFOLIO_MAX_CELLS: Final = 10_000_000
#: Inflated bytes of worksheet and shared-strings XML allowed per cell of the budget (480 MB
#: for a portfolio): an export with inline strings (no shared strings) measured 56 bytes per
#: cell, 448 MB for 200,000 rows × 40 columns.
XML_BYTES_PER_CELL: Final = 48
#: Inflated shared-strings bytes allowed per cell of the budget (120 MB for a portfolio).
SHARED_STRING_BYTES_PER_CELL: Final = 12


@dataclass(frozen=True)
class ReadBudget:
    """How much work reading one upload may take; above it the file is refused unread."""

    #: cells the readers may take from the sheets together (every ``iter_rows`` stream of
    #: the workbook counts; an empty row counts as one)
    max_cells: int
    #: entries of the shared-strings table (its ``uniqueCount``)
    max_shared_strings: int
    #: inflated bytes of the worksheet and shared-strings parts together
    max_xml_bytes: int
    #: inflated bytes of the shared-strings part, which openpyxl loads whole before any row
    max_shared_strings_bytes: int

    @classmethod
    def for_cells(cls, max_cells: int) -> ReadBudget:
        """The budget of a workbook of ``max_cells`` cells, the byte limits derived from it."""
        return cls(
            max_cells=max_cells,
            max_shared_strings=max_cells,
            max_xml_bytes=max_cells * XML_BYTES_PER_CELL,
            max_shared_strings_bytes=max_cells * SHARED_STRING_BYTES_PER_CELL,
        )


#: A portfolio export (``SROI_IMPORT_MAX_CELLS`` at its default).
PORTFOLIO_BUDGET: Final = ReadBudget.for_cells(DEFAULT_PORTFOLIO_MAX_CELLS)
#: A filled monitoring template holds tens of rows; 2,000,000 cells leave room for a sheet
#: formatted down to Excel's last row (1,048,576) besides the report table.
MONITORING_BUDGET: Final = ReadBudget(
    max_cells=2_000_000,
    max_shared_strings=200_000,
    max_xml_bytes=64 * 1024 * 1024,
    max_shared_strings_bytes=8 * 1024 * 1024,
)

_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_ENTRY_SIZE: Final = 128
_OLE2_NAME_BYTES: Final = 64
_ENCRYPTION_STREAMS: Final = ("EncryptionInfo", "EncryptedPackage")
_TEXT_SNIFF_BYTES: Final = 4096
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS_XLSX: Final = "Open het in Excel en sla het op als Excel-werkmap (.xlsx)."
#: What the reader raises on a damaged package.
_UNREADABLE: Final = (*DAMAGED, zlib.error)


def _size_nl(size: int) -> str:
    """A byte count as Dutch users read it: ``25 MB``, ``1,5 MB``, ``800 kB``."""
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")
        return f"{text} MB"
    return f"{max(1, round(size / 1024))} kB"


def _count_nl(count: int) -> str:
    """A count as Dutch users read it: ``10.000.000``."""
    return f"{count:,}".replace(",", ".")


_ADVICE: Final = (
    "Verwijder overbodige werkbladen, kolommen en opgemaakte lege rijen, of splits het bestand."
)


def _too_big_to_process(what: str) -> ImportFileError:
    """The refusal of a file over its :class:`ReadBudget`."""
    return ImportFileError(f"Het bestand is te groot om te verwerken: {what}. {_ADVICE}")


def _read_bounded(source: str | os.PathLike[str] | BinaryIO, max_bytes: int) -> bytes:
    """The upload's bytes, refusing anything over ``max_bytes`` before reading it all."""
    too_big = ImportFileError(
        f"Het bestand is te groot: de limiet is {_size_nl(max_bytes)}. "
        "Verwijder overbodige werkbladen of kolommen, of splits het bestand."
    )
    if isinstance(source, (str, os.PathLike)):
        if os.path.getsize(source) > max_bytes:
            raise too_big
        with open(source, "rb") as stream:
            return _read_chunks(stream, max_bytes, too_big)
    return _read_chunks(source, max_bytes, too_big)


_CHUNK: Final = 1024 * 1024


def _read_chunks(stream: BinaryIO, max_bytes: int, too_big: ImportFileError) -> bytes:
    """Read ``stream`` in chunks: ``read(max_bytes + 1)`` on a real file would allocate the
    whole limit at once, whatever the file's size."""
    chunks: list[bytes] = []
    total = 0
    while chunk := stream.read(min(_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise too_big
    return b"".join(chunks)


def _is_encrypted_ole2(data: bytes) -> bool:
    """Whether an OLE2 container holds the streams of an encrypted Office document.

    Directory entries are 128-byte records (aligned to 128 in the file) starting with a
    UTF-16LE name and its byte length at offset 64; only those are read, so text inside
    a cell cannot pose as a stream name.
    """
    for wanted in _ENCRYPTION_STREAMS:
        encoded = wanted.encode("utf-16-le") + b"\x00\x00"
        start = data.find(encoded)
        while start != -1:
            length_at = start + _OLE2_NAME_BYTES
            if start % _OLE2_ENTRY_SIZE == 0 and length_at + 2 <= len(data):
                (length,) = struct.unpack_from("<H", data, length_at)
                if length == len(encoded):
                    return True
            start = data.find(encoded, start + 1)
    return False


def _refuse_ole2(data: bytes) -> ImportFileError:
    """An OLE2 container is either a password-protected workbook or an old ``.xls``."""
    if _is_encrypted_ole2(data):
        return ImportFileError(
            "Het bestand is beveiligd met een wachtwoord. Verwijder de beveiliging in Excel "
            "(Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord, wachtwoord "
            "leegmaken) en upload het opnieuw."
        )
    return ImportFileError(
        f"Dit is een oud Excel-bestand (.xls) of ander Office-bestand. {_SAVE_AS_XLSX}"
    )


def _looks_like_text(data: bytes) -> bool:
    """No NUL bytes at the start: a CSV, TSV or HTML table saved under an .xlsx name."""
    return b"\x00" not in data[:_TEXT_SNIFF_BYTES]


def _refuse_not_zip(data: bytes) -> ImportFileError:
    """Say what a non-zip upload most likely is."""
    if data.startswith(_OLE2_MAGIC):
        return _refuse_ole2(data)
    if _looks_like_text(data):
        return ImportFileError(
            f"Dit is geen Excel-bestand maar tekst (bijvoorbeeld CSV). {_SAVE_AS_XLSX}"
        )
    return ImportFileError(f"Dit is geen Excel-bestand (.xlsx). {_SAVE_AS_XLSX}")


def _check_entries(
    entries: Sequence[zipfile.ZipInfo],
    max_uncompressed_bytes: int,
    max_ratio: int,
    max_entries: int,
) -> None:
    """Refuse zip bombs and encrypted entries by the directory alone."""
    bomb = ImportFileError(
        "Het bestand is geweigerd: uitgepakt zou het "
        f"meer dan {_size_nl(max_uncompressed_bytes)} worden (mogelijk een zip-bom)."
    )
    if len(entries) > max_entries:
        raise ImportFileError(
            f"Het bestand is geweigerd: het bevat meer dan {max_entries} onderdelen."
        )
    if sum(entry.file_size for entry in entries) > max_uncompressed_bytes:
        raise bomb
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ImportFileError("Het bestand is beveiligd met een wachtwoord.")
        if entry.file_size > RATIO_GRACE_BYTES and (
            entry.file_size > max_ratio * max(entry.compress_size, 1)
        ):
            raise bomb


def _check_package(archive: zipfile.ZipFile) -> None:
    """The zip must be an Excel workbook, not a Word file, an .ods or an .xlsb."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise ImportFileError(f"Dit is een binaire Excel-werkmap (.xlsb). {_SAVE_AS_XLSX}")
    if "mimetype" in names and archive.read("mimetype").startswith(_ODS_MIMETYPE):
        raise ImportFileError(f"Dit is een OpenDocument-rekenblad (.ods). {_SAVE_AS_XLSX}")
    raise ImportFileError(f"Dit zip-bestand is geen Excel-werkmap. {_SAVE_AS_XLSX}")


_CONTENT_TYPES: Final = "[Content_Types].xml"
_SHARED_STRINGS_TYPE: Final = "sharedStrings+xml"
_WORKSHEET_TYPE: Final = "worksheet+xml"
#: the content-types part of a real workbook is a few kB
_MAX_CONTENT_TYPES_BYTES: Final = 1024 * 1024
#: how much of the shared-strings part is inflated to find its ``<sst>`` start tag
_SST_HEAD_BYTES: Final = 64 * 1024
_OVERRIDE: Final = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_PART_NAME: Final = re.compile(rb'PartName\s*=\s*["\']([^"\']*)["\']')
_CONTENT_TYPE: Final = re.compile(rb'ContentType\s*=\s*["\']([^"\']*)["\']')
_SST_TAG: Final = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")


def _attribute(tag: bytes, name: str) -> int:
    """A whole-number attribute of a start tag; 0 when absent (the attributes are optional)."""
    found = re.search(rb"\b" + name.encode() + rb'\s*=\s*["\']\s*(\d{1,20})\s*["\']', tag)
    return int(found.group(1)) if found else 0


def _typed_parts(archive: zipfile.ZipFile) -> tuple[set[str], set[str]]:
    """The shared-strings and worksheet parts, by ``[Content_Types].xml`` and by their usual
    names (openpyxl finds shared strings by content type, worksheets by relationship)."""
    shared = {n for n in archive.namelist() if n.lower().rsplit("/", 1)[-1] == "sharedstrings.xml"}
    sheets = {n for n in archive.namelist() if n.lower().startswith("xl/worksheets/")}
    if archive.getinfo(_CONTENT_TYPES).file_size > _MAX_CONTENT_TYPES_BYTES:
        raise ImportFileError(f"Dit zip-bestand is geen Excel-werkmap. {_SAVE_AS_XLSX}")
    names = set(archive.namelist())
    for tag in _OVERRIDE.findall(archive.read(_CONTENT_TYPES)):
        part, kind = _PART_NAME.search(tag), _CONTENT_TYPE.search(tag)
        if part is None or kind is None:
            continue
        name = part.group(1).decode("utf-8", "replace").lstrip("/")
        if name not in names:
            continue
        if kind.group(1).endswith(_SHARED_STRINGS_TYPE.encode()):
            shared.add(name)
        elif kind.group(1).endswith(_WORKSHEET_TYPE.encode()):
            sheets.add(name)
    return shared, sheets - shared


def _check_budget(archive: zipfile.ZipFile, budget: ReadBudget) -> bool:
    """Refuse what the directory, the ``<sst>`` start tag and the area of the sheets' cells
    show to be over ``budget``; whether a part holds an escaped control character."""
    shared, sheets = _typed_parts(archive)
    shared_bytes = sum(archive.getinfo(name).file_size for name in shared)
    sheet_bytes = sum(archive.getinfo(name).file_size for name in sheets)
    if shared_bytes > budget.max_shared_strings_bytes:
        raise _too_big_to_process(
            f"de teksten zijn uitgepakt {_size_nl(shared_bytes)}, de limiet is "
            f"{_size_nl(budget.max_shared_strings_bytes)}"
        )
    if shared_bytes + sheet_bytes > budget.max_xml_bytes:
        raise _too_big_to_process(
            f"de werkbladen zijn uitgepakt {_size_nl(shared_bytes + sheet_bytes)}, de limiet "
            f"is {_size_nl(budget.max_xml_bytes)}"
        )
    for name in shared:
        with archive.open(name) as stream:
            head = stream.read(_SST_HEAD_BYTES)
        tag = _SST_TAG.search(head)
        if tag is None:
            continue
        unique, count = _attribute(tag.group(0), "uniqueCount"), _attribute(tag.group(0), "count")
        if unique > budget.max_shared_strings:
            raise _too_big_to_process(
                f"het bevat {_count_nl(unique)} verschillende teksten, de limiet is "
                f"{_count_nl(budget.max_shared_strings)}"
            )
        if count > budget.max_cells:
            raise _too_big_to_process(
                f"het bevat {_count_nl(count)} cellen met tekst, de limiet is "
                f"{_count_nl(budget.max_cells)} cellen"
            )
    extents = [_scan_part(archive, name) for name in sorted(sheets)]
    if sum(extent.area for extent in extents) > budget.max_cells:
        extents = [_scan_part(archive, name, exact=True) for name in sorted(sheets)]
        if sum(extent.area for extent in extents) > budget.max_cells:
            raise _too_many_cells(budget.max_cells)
    return any(extent.control_escapes for extent in extents) or any(
        _scan_part(archive, name).control_escapes for name in shared
    )


def _too_many_cells(max_cells: int) -> ImportFileError:
    """The refusal of sheets holding more cells than the budget."""
    return _too_big_to_process(
        f"de werkbladen bevatten meer dan {_count_nl(max_cells)} cellen (rijen × kolommen)"
    )


@dataclass(frozen=True)
class _Extent:
    """What a part's XML shows before it is parsed: the rows and columns its filled cells can
    span (an upper bound), and whether it holds an escaped control character."""

    rows: int
    columns: int
    control_escapes: bool

    @property
    def area(self) -> int:
        """The cells calamine would hold for the sheet (at most)."""
        return self.rows * self.columns


#: inflated bytes scanned at a time; a cut is made before a ``<`` so no tag is split
_SCAN_CHUNK: Final = 4 * 1024 * 1024
#: Excel's escape of a control character no text may carry (C0 bar tab, LF, CR; DEL); an XML
#: character reference (``&#7;``) could name one as well and is looked for separately
_CONTROL_ESCAPE: Final = re.compile(rb"_x00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])_")
_PREFIX: Final = re.compile(rb"<(\w+:)?(?:worksheet|sst)\b")
_LETTERS: Final = 26


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * _LETTERS + letter - 64
    return number


class _AreaScan:
    """The scan of one worksheet's XML, chunk by chunk (see :func:`_scan_part`).

    A filled cell is a ``<c …>…</c>`` element; a self-closing ``<c …/>`` only carries a format
    and calamine leaves it out of the area (so formatting down to row 1,048,576 costs nothing).
    The fast path reads the cell references written first in the tag, as Excel, LibreOffice and
    openpyxl do, and bounds the columns by 26 unless a filled cell sits past column Z; rows are
    bounded by the last filled cell's row when row numbers only ascend. ``exact`` (used when
    that bound is over the budget), or cells without a leading reference, read every cell tag.
    """

    def __init__(self, prefix: bytes, *, exact: bool = False) -> None:
        self._exact = exact
        cell, row = re.escape(b"<" + prefix + b"c"), re.escape(b"<" + prefix + b"row")
        self._cell_ref = b"<" + prefix + b'c r="'
        self._cell_end = b"</" + prefix + b"c>"
        #: a filled cell past column Z (group 1), or a cell tag not starting with its reference
        self._odd_cells = re.compile(cell + rb'(?: r="([A-Z]{2,3})\d+"[^>]*(?<!/)>|(?! r=")[\s>])')
        self._any_cell = re.compile(cell + rb"\b([^>]*?)(/?)>")
        self._ref = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
        #: a row's number written first (group 1), or a row tag not starting with it
        self._rows = re.compile(row + rb'(?: r="(\d+)"|[\s>])')
        self._any_row = re.compile(row + rb'\b[^>]*?\br="(\d+)"')
        self.rows = self.columns = self.unnumbered = self.last_row = self.highest_row = 0
        self.ascending = True
        self.escapes = False

    def feed(self, chunk: bytes) -> None:
        self.escapes = (
            self.escapes
            or b"&#" in chunk
            or (b"_x00" in chunk and _CONTROL_ESCAPE.search(chunk) is not None)
        )
        found_rows = self._rows.findall(chunk)
        if b"" in found_rows:
            numbers = [int(number) for number in self._any_row.findall(chunk)]
            self.unnumbered += len(found_rows) - len(numbers)
        else:
            numbers = [int(number) for number in found_rows]
        if numbers:
            self.ascending = self.ascending and numbers[0] > self.last_row
            self.ascending = self.ascending and all(a < b for a, b in itertools.pairwise(numbers))
            self.last_row = numbers[-1]
            self.highest_row = max(self.highest_row, *numbers)
        odd = self._odd_cells.findall(chunk)
        if self._exact or b"" in odd:
            self._slow(chunk)
            return
        if self._cell_ref in chunk:
            self.columns = max(self.columns, _LETTERS)
        for letters in odd:
            self.columns = max(self.columns, _column_number(letters))
        end = chunk.rfind(self._cell_end)
        if end != -1:
            found = self._ref.search(chunk, chunk.rfind(self._cell_ref, 0, end), end)
            if found is not None:
                self.rows = max(self.rows, int(found.group(2)))

    def _slow(self, chunk: bytes) -> None:
        """Every cell tag read: references anywhere in the tag; unnumbered cells counted."""
        for attributes, closed in self._any_cell.findall(chunk):
            found = self._ref.search(b" " + attributes)
            if found is None:
                self.unnumbered += 1
            elif not closed:
                self.columns = max(self.columns, _column_number(found.group(1)))
                self.rows = max(self.rows, int(found.group(2)))

    def extent(self) -> _Extent:
        """An unnumbered cell may sit one column (and row) past any other."""
        rows = self.rows if self.ascending else max(self.rows, self.highest_row)
        return _Extent(rows + self.unnumbered, self.columns + self.unnumbered, self.escapes)


def _scan_part(archive: zipfile.ZipFile, name: str, *, exact: bool = False) -> _Extent:
    """Scan the inflated XML of one part without parsing it (see :class:`_AreaScan`)."""
    scan: _AreaScan | None = None
    carry = b""
    with archive.open(name) as stream:
        while True:
            block = stream.read(_SCAN_CHUNK)
            data = carry + block
            cut = data.rfind(b"<") if block else len(data)
            chunk, carry = data[: max(cut, 0)], data[max(cut, 0) :]
            if scan is None:
                found = _PREFIX.search(chunk)
                scan = _AreaScan(found.group(1) or b"" if found else b"", exact=exact)
            scan.feed(chunk)
            if not block:
                break
    assert scan is not None
    return scan.extent()


def check_xlsx_bytes(
    data: bytes,
    *,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    budget: ReadBudget = PORTFOLIO_BUDGET,
) -> None:
    """Everything that can be refused without parsing the workbook; raises on refusal."""
    _vet(data, max_uncompressed_bytes, max_ratio, max_entries, budget)


def _vet(
    data: bytes,
    max_uncompressed_bytes: int,
    max_ratio: int,
    max_entries: int,
    budget: ReadBudget,
) -> bool:
    """:func:`check_xlsx_bytes`; whether a part holds an escaped control character."""
    if not data:
        raise ImportFileError("Het bestand is leeg (0 bytes).")
    if not data.startswith(_ZIP_MAGICS):
        raise _refuse_not_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_entries(archive.infolist(), max_uncompressed_bytes, max_ratio, max_entries)
            _check_package(archive)
            return _check_budget(archive, budget)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportFileError(
            "Het bestand is beschadigd of onvolledig (misschien is het uploaden "
            "afgebroken). Sla het opnieuw op in Excel en probeer het nog eens."
        ) from exc


def _has_data(workbook: Any) -> bool:
    """Any sheet with a filled cell in its first rows (where the header must be)."""
    for worksheet in workbook.worksheets:
        worksheet.reset_dimensions()
        for row in worksheet.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True):
            if any(value is not None and str(value).strip() for value in row):
                return True
    return False


def _damaged() -> ImportFileError:
    """The message for a package the reader cannot parse."""
    return ImportFileError(
        "Het bestand is beschadigd en kan niet als Excel-werkmap worden gelezen. "
        "Open het in Excel, sla het opnieuw op als .xlsx en probeer het nog eens."
    )


class _CellCounter:
    """Counts the cells every row stream of one workbook yields; refuses past the budget."""

    def __init__(self, max_cells: int) -> None:
        self.max_cells = max_cells
        self.left = max_cells

    def take(self, cells: int) -> None:
        """Count one row's cells (at least one per row, see :class:`.workbook.Sheet`)."""
        self.left -= cells
        if self.left < 0:
            raise _too_many_cells(self.max_cells)


def _load(data: bytes, budget: ReadBudget = PORTFOLIO_BUDGET, escapes: bool = False) -> Workbook:
    """Open the checked bytes with calamine; every row stream counts against ``budget``."""
    try:
        workbook = open_rows(
            data, count=_CellCounter(budget.max_cells).take, control_escapes=escapes
        )
    except _UNREADABLE as exc:
        raise _damaged() from exc
    try:
        empty = not _has_data(workbook)
    except _UNREADABLE as exc:
        workbook.close()
        raise _damaged() from exc
    except ImportFileError:
        workbook.close()
        raise
    if empty:
        workbook.close()
        raise ImportFileError("Het bestand bevat geen gegevens: alle werkbladen zijn leeg.")
    return workbook


def open_workbook_safely(
    source: str | os.PathLike[str] | BinaryIO,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    *,
    max_ratio: int = DEFAULT_MAX_RATIO,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    budget: ReadBudget = PORTFOLIO_BUDGET,
) -> Any:
    """Open an uploaded workbook read-only, or refuse it with a Dutch message.

    Returns a :class:`.workbook.Workbook` (calamine) on an in-memory copy, so no file handle
    stays open; call ``close()`` when done.

    :param source: a path or a binary stream (e.g. an upload's ``stream``)
    :param max_bytes: largest accepted file
    :param max_uncompressed_bytes: largest accepted sum of the zip entries, unpacked
    :param budget: the work reading may take (checked before parsing and while reading)
    :raises ImportFileError: not an xlsx, damaged, old .xls, password-protected, empty,
        too large, over the budget or a zip bomb
    """
    data = _read_bounded(source, max_bytes)
    escapes = _vet(data, max_uncompressed_bytes, max_ratio, max_entries, budget)
    return _load(data, budget, escapes)
