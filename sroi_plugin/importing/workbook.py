"""Workbook: the one reader of uploaded xlsx files, for the portfolio and the monitoring import.

python-calamine (the Rust calamine reader) reads the cells about ten times faster than
openpyxl's read-only mode, so uploads are read with it; openpyxl still writes everything the
plugin hands out (templates, exports, error reports). :func:`open_rows` gives each worksheet
as a :class:`Sheet` with its name, its visibility and its rows as tuples of Python values,
laid out as openpyxl's ``iter_rows(values_only=True)`` gave them, so the readers above did not
change:

* rows start at row 1 and cells at column A (calamine starts at the first filled column);
* an empty cell is ``None`` (calamine: ``""``);
* a whole number is an ``int`` (calamine: ``4711.0``; the XML holds ``4711``), other numbers
  stay ``float``; text that looks like a number (``004711``) stays text;
* a date-formatted cell is a ``date`` or a ``datetime``; booleans are ``bool``; a formula
  counts by its cached value; a merged range holds its value in its top-left cell only;
* a forbidden control character that calamine decoded from Excel's ``_xHHHH_`` escape is
  written as that escape again, as openpyxl left it: no NUL or other C0 reaches the parsers
  (see :func:`sroi_plugin.rules.values.find_control_char`).

What calamine does not give: cell notes (the AVG scan reads them from the zip parts itself,
see :attr:`Sheet.part`) and number formats. A contract number stored as a number with a
zero-padding format (4711 shown as ``004711``) needs its cell's format: only then, and only
for that column, openpyxl streams the sheet again (``iter_rows(values_only=False)``).

calamine holds a sheet in memory as a dense rectangle, so its area is checked from the zip
before it is loaded (:func:`.safety.check_xlsx_bytes`); every row stream still counts its cells
against the read budget while it is read.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import suppress
from html import unescape
from itertools import islice
from typing import Any
from typing import Final
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from python_calamine import CalamineError
from python_calamine import CalamineSheet
from python_calamine import CalamineWorkbook
from python_calamine import SheetTypeEnum
from python_calamine import SheetVisibleEnum

from sroi_plugin.errors import ImportFileError

__all__ = ["DAMAGED", "Sheet", "Workbook", "damaged_sheet", "open_rows"]

#: What the readers raise on a package they cannot parse.
DAMAGED: Final = (
    CalamineError,
    ParseError,
    zipfile.BadZipFile,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    EOFError,
)
#: openpyxl's words for a sheet's visibility, which the readers compare with (calamine's
#: ``SheetVisibleEnum`` is not hashable).
_STATES: Final = (
    (SheetVisibleEnum.Visible, "visible"),
    (SheetVisibleEnum.Hidden, "hidden"),
    (SheetVisibleEnum.VeryHidden, "veryHidden"),
)
#: Below this a whole float is exact, and Excel writes it without exponent.
_EXACT: Final = float(2**53)
#: The control characters no text may carry (as ``rules.values``): C0 bar tab, LF and CR; DEL.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER_FORMAT: Final = re.compile(r'<(?:\w+:)?numFmt\b[^>]*?\bformatCode\s*=\s*"([^"]*)"')
_SHEET_TAG: Final = re.compile(r"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP_TAG: Final = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")
_NAME: Final = re.compile(r'\bname\s*=\s*"([^"]*)"')
_RID: Final = re.compile(r'\s\w+:id\s*=\s*"([^"]*)"')
_ID: Final = re.compile(r'\bId\s*=\s*"([^"]*)"')
_TARGET: Final = re.compile(r'\bTarget\s*=\s*"([^"]*)"')


def _escape_control(text: str) -> str:
    """``a\\x07b`` → ``a_x0007_b``: a decoded control character back as Excel's escape."""
    return _CONTROL.sub(lambda found: f"_x{ord(found.group()):04X}_", text)


class Sheet:
    """One worksheet: name, visibility, zip part and its rows (read on first use, then kept)."""

    def __init__(self, book: Workbook, title: str, state: str) -> None:
        self._book = book
        #: the sheet's name as Excel shows it on its tab
        self.title = title
        #: ``visible``, ``hidden`` or ``veryHidden``
        self.sheet_state = state
        self._loaded: CalamineSheet | None = None

    @property
    def part(self) -> str | None:
        """The sheet's path inside the package (``xl/worksheets/sheet1.xml``), for its notes."""
        return self._book.part_of(self.title)

    def reset_dimensions(self) -> None:
        """Nothing to reset: calamine sizes a sheet by its cells, never by a ``<dimension>``
        tag (kept so a sheet reads like openpyxl's read-only one)."""

    def iter_rows(
        self,
        min_row: int = 1,
        max_row: int | None = None,
        min_col: int = 1,
        max_col: int | None = None,
        values_only: bool = False,
    ) -> Iterator[tuple[Any, ...]]:
        """The rows from ``min_row`` to ``max_row`` (1-based, inclusive), each a tuple of the
        cells from ``min_col`` to ``max_col`` (padded with ``None`` when ``max_col`` is given).

        ``values_only=False`` gives openpyxl cells, with their number format: slow, for the
        contract-number column of a workbook with a zero-padding format only.
        """
        if not values_only:
            return self._book.openpyxl_rows(self.title, min_row, max_row, min_col, max_col)
        return self._values(min_row, max_row, min_col, max_col)

    def _values(
        self, min_row: int, max_row: int | None, min_col: int, max_col: int | None
    ) -> Iterator[tuple[Any, ...]]:
        sheet = self._load()
        start = sheet.start
        if start is None:
            return
        lead = (None,) * start[1]  # calamine starts each row at the first filled column
        escape = self._book.control_escapes
        take = self._book.count
        first, last = min_col - 1, max_col
        whole = first == 0 and last is None
        stop = None if max_row is None else max(max_row - min_row + 1, 0)
        for row in islice(
            sheet.iter_rows(), min_row - 1, None if stop is None else min_row - 1 + stop
        ):
            cells = lead + tuple(
                [
                    None
                    if value == ""
                    else (
                        int(value)
                        if type(value) is float and value.is_integer() and -_EXACT < value < _EXACT
                        else value
                    )
                    for value in row
                ]
            )
            if escape:
                cells = tuple(
                    _escape_control(value) if type(value) is str else value for value in cells
                )
            if not whole:
                cells = cells[first:last]
                if last is not None and len(cells) < last - first:
                    cells += (None,) * (last - first - len(cells))
            take(len(cells) or 1)
            yield cells

    def unload(self) -> None:
        """Drop the sheet's cells (read again on next use)."""
        self._loaded = None

    def _load(self) -> CalamineSheet:
        if self._loaded is None:
            try:
                self._loaded = self._book.calamine.get_sheet_by_name(self.title)
            except DAMAGED as exc:
                raise damaged_sheet(self.title, exc) from exc
        return self._loaded


def damaged_sheet(name: str, exc: Exception) -> ImportFileError:
    """The Dutch error for a sheet whose XML cannot be read."""
    return ImportFileError(
        f"Werkblad '{name}' is beschadigd en kan niet worden gelezen ({exc}). "
        "Open het bestand in Excel en sla het opnieuw op als .xlsx."
    )


class Workbook:
    """An uploaded workbook opened with calamine; :attr:`worksheets` in workbook order."""

    def __init__(
        self,
        data: bytes,
        calamine: CalamineWorkbook,
        count: Callable[[int], None],
        control_escapes: bool,
    ) -> None:
        self._data = data
        self.calamine = calamine
        #: told the cells of every row any stream of the workbook yields (raises past budget)
        self.count = count
        #: whether a part holds an escaped control character (then every text is checked)
        self.control_escapes = control_escapes
        self._openpyxl: Any = None
        self._parts: dict[str, str] | None = None
        self.worksheets = [
            Sheet(self, meta.name, _state(meta.visible))
            for meta in calamine.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]

    @property
    def number_formats(self) -> list[str]:
        """The workbook's own number formats (built-in formats are not listed in the file)."""
        with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith("styles.xml")]
            styles = b"".join(archive.read(name) for name in names).decode("utf-8", "replace")
        return [unescape(code) for code in _NUMBER_FORMAT.findall(styles)]

    def part_of(self, title: str) -> str | None:
        """The zip path of the sheet called ``title`` (by ``workbook.xml`` and its rels)."""
        if self._parts is None:
            self._parts = _sheet_parts(self._data)
        return self._parts.get(title)

    def openpyxl_rows(
        self, title: str, min_row: int, max_row: int | None, min_col: int, max_col: int | None
    ) -> Iterator[tuple[Any, ...]]:
        """Cells with their formats, streamed by openpyxl (read-only) and counted."""
        if self._openpyxl is None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
                self._openpyxl = load_workbook(
                    io.BytesIO(self._data), read_only=True, data_only=True, keep_links=False
                )
        worksheet = self._openpyxl[title]
        worksheet.reset_dimensions()
        for cells in worksheet.iter_rows(
            min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col
        ):
            self.count(len(cells) or 1)
            yield cells

    def close(self) -> None:
        """Free calamine's sheets now (and openpyxl's stream, if one was opened).

        A loaded sheet holds the whole sheet's cells; dropping it here, rather than when the
        collector finds the workbook ↔ sheet cycle, keeps it out of the next step's peak memory.
        """
        for sheet in self.worksheets:
            sheet.unload()
        with suppress(CalamineError):  # already closed
            self.calamine.close()
        if self._openpyxl is not None:
            self._openpyxl.close()


def _state(visible: SheetVisibleEnum) -> str:
    """openpyxl's word for a calamine visibility (a sheet of unknown state counts as hidden)."""
    return next((word for state, word in _STATES if state == visible), "hidden")


def _sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → zip path, from ``xl/workbook.xml`` and ``xl/_rels/workbook.xml.rels``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        rels = "xl/_rels/workbook.xml.rels"
        if "xl/workbook.xml" not in names or rels not in names:
            return {}
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        links = archive.read(rels).decode("utf-8", "replace")
    targets: dict[str, str] = {}
    for tag in _RELATIONSHIP_TAG.findall(links):
        rid, target = _ID.search(tag), _TARGET.search(tag)
        if rid and target:
            path = target.group(1)
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    parts: dict[str, str] = {}
    for tag in _SHEET_TAG.findall(book):
        name, rid = _NAME.search(tag), _RID.search(tag)
        if name and rid and rid.group(1) in targets:
            parts[unescape(name.group(1))] = targets[rid.group(1)]
    return parts


def open_rows(
    data: bytes, *, count: Callable[[int], None], control_escapes: bool = False
) -> Workbook:
    """Open checked xlsx bytes with calamine (see :func:`.safety.open_workbook_safely`).

    :param count: told the cells of each row read; raises to stop reading (the read budget)
    :param control_escapes: the package holds an escaped control character (``_x0007_``), so
        every text cell is checked for one
    :raises: one of :data:`DAMAGED` when calamine cannot read the package
    """
    return Workbook(data, CalamineWorkbook.from_filelike(io.BytesIO(data)), count, control_escapes)
