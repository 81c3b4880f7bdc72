"""Safety: refuse a bad upload with a clear Dutch message before anything is parsed.

:func:`open_workbook_safely` reads the upload into memory (bounded by ``max_bytes``),
recognises what it really is from its first bytes, inspects the zip directory for zip
bombs and only then lets openpyxl parse it. Every refusal is an
:class:`~sroi_plugin.errors.ImportFileError` whose message says what to do.

Zip-bomb limits follow Apache POI's ``ZipSecureFile`` defaults: an entry larger than
:data:`RATIO_GRACE_BYTES` may not inflate more than :data:`DEFAULT_MAX_RATIO` times. The
declared sizes can be trusted as an upper bound: Python's :mod:`zipfile` never inflates an
entry past its declared size.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
import zipfile
import zlib
from collections.abc import Sequence
from typing import Any
from typing import BinaryIO
from typing import Final
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.columns import HEADER_SCAN_ROWS

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_MAX_RATIO",
    "DEFAULT_MAX_UNCOMPRESSED_BYTES",
    "RATIO_GRACE_BYTES",
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

_OLE2_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS: Final = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_ENTRY_SIZE: Final = 128
_OLE2_NAME_BYTES: Final = 64
_ENCRYPTION_STREAMS: Final = ("EncryptionInfo", "EncryptedPackage")
_TEXT_SNIFF_BYTES: Final = 4096
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS_XLSX: Final = "Open het in Excel en sla het op als Excel-werkmap (.xlsx)."
#: What openpyxl raises on a damaged package.
_UNREADABLE: Final = (
    InvalidFileException,
    ParseError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    EOFError,
)


def _size_nl(size: int) -> str:
    """A byte count as Dutch users read it: ``25 MB``, ``1,5 MB``, ``800 kB``."""
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f}".removesuffix(".0").replace(".", ",")
        return f"{text} MB"
    return f"{max(1, round(size / 1024))} kB"


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


def check_xlsx_bytes(
    data: bytes,
    *,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> None:
    """Everything that can be refused without parsing the workbook; raises on refusal."""
    if not data:
        raise ImportFileError("Het bestand is leeg (0 bytes).")
    if not data.startswith(_ZIP_MAGICS):
        raise _refuse_not_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_entries(archive.infolist(), max_uncompressed_bytes, max_ratio, max_entries)
            _check_package(archive)
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
    """The message for a package openpyxl cannot parse."""
    return ImportFileError(
        "Het bestand is beschadigd en kan niet als Excel-werkmap worden gelezen. "
        "Open het in Excel, sla het opnieuw op als .xlsx en probeer het nog eens."
    )


def _load(data: bytes) -> Any:
    """Parse the checked bytes read-only; openpyxl's notes on unsupported parts are muted."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False
            )
        except _UNREADABLE as exc:
            raise _damaged() from exc
        try:
            empty = not _has_data(workbook)
        except _UNREADABLE as exc:
            workbook.close()
            raise _damaged() from exc
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
) -> Any:
    """Open an uploaded workbook read-only, or refuse it with a Dutch message.

    Returns an openpyxl workbook opened ``read_only=True, data_only=True`` on an in-memory
    copy, so no file handle stays open; call ``close()`` when done.

    :param source: a path or a binary stream (e.g. an upload's ``stream``)
    :param max_bytes: largest accepted file
    :param max_uncompressed_bytes: largest accepted sum of the zip entries, unpacked
    :raises ImportFileError: not an xlsx, damaged, old .xls, password-protected, empty,
        too large or a zip bomb
    """
    data = _read_bounded(source, max_bytes)
    check_xlsx_bytes(
        data,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_ratio=max_ratio,
        max_entries=max_entries,
    )
    return _load(data)
