"""The AVG guard over a whole uploaded workbook, before its layout is looked at.

A contractor's report may be in any layout, so the scan cannot wait for the template's header
to be found: every sheet (hidden and very hidden ones too), every cell and every cell's note
is passed to :func:`~sroi_plugin.rules.privacy.scan_sheet` right after
:func:`~sroi_plugin.importing.safety.open_workbook_safely`. The rows it reads are kept
(:attr:`WorkbookScan.rows`, without trailing blank rows) for the layout reading that follows,
so no sheet is read, and counted against the read budget, twice. Notes are not given by the
cell reader (calamine, see :mod:`sroi_plugin.importing.workbook`); they are read from the
sheets' comment parts of the already vetted package, bounded by :data:`MAX_COMMENT_BYTES`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

from openpyxl.comments.comment_sheet import CommentSheet  # type: ignore[import-untyped, unused-ignore]
from openpyxl.packaging.relationship import get_dependents  # type: ignore[import-untyped, unused-ignore]
from openpyxl.packaging.relationship import get_rels_path  # type: ignore[import-untyped, unused-ignore]
from openpyxl.utils.cell import coordinate_to_tuple  # type: ignore[import-untyped, unused-ignore]
from openpyxl.xml.constants import COMMENTS_NS  # type: ignore[import-untyped, unused-ignore]
from openpyxl.xml.functions import fromstring  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.errors import ImportFileError
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.privacy import PersonalDataHit
from sroi_plugin.rules.privacy import scan_sheet

#: inflated bytes of all notes together; a report has a handful of short ones
MAX_COMMENT_BYTES = 4 * 1024 * 1024


Row = tuple[object, ...]


@dataclass
class WorkbookScan:
    """What the scan found, and each sheet's rows from row 1 (sheet name → rows)."""

    hits: list[PersonalDataHit] = field(default_factory=list)
    rows: dict[str, list[Row]] = field(default_factory=dict)


def _filled_rows(rows: Iterable[Row]) -> list[Row]:
    """``rows`` up to the last one with a value: formatting down to row 1,048,576 is dropped."""
    kept: list[Row] = []
    blank: list[Row] = []
    for cells in rows:
        if any(value is not None and str(value).strip() for value in cells):
            kept.extend(blank)
            blank.clear()
            kept.append(cells)
        else:
            blank.append(cells)
    return kept


def _comments(archive: zipfile.ZipFile, sheet_path: str | None) -> dict[tuple[int, int], str]:
    """``(row, column) → text`` of the notes of the sheet stored at ``sheet_path``."""
    if sheet_path is None:
        return {}
    rels_path = get_rels_path(sheet_path)
    if rels_path not in archive.namelist():
        return {}
    found: dict[tuple[int, int], str] = {}
    for rel in get_dependents(archive, rels_path).find(COMMENTS_NS):
        if rel.target not in archive.namelist():
            continue
        for ref, comment in CommentSheet.from_tree(fromstring(archive.read(rel.target))).comments:
            found[coordinate_to_tuple(ref)] = str(comment.text or "")
    return found


def _comment_bytes(archive: zipfile.ZipFile) -> int:
    return sum(
        info.file_size
        for info in archive.infolist()
        if "comment" in info.filename.rsplit("/", 1)[-1].lower()
    )


def scan_workbook(
    workbook: Any, data: bytes, *, report_date: date, settings: MonitoringSettings
) -> WorkbookScan:
    """Scan every sheet of ``workbook`` (opened from ``data``) for personal data.

    :param report_date: ages of possible birth dates are measured on this day.
    :raises ImportFileError: the notes are larger than :data:`MAX_COMMENT_BYTES`.
    """
    scan = WorkbookScan()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if _comment_bytes(archive) > MAX_COMMENT_BYTES:
            raise ImportFileError(
                "Het bestand is te groot om te verwerken: de opmerkingen bij cellen zijn samen "
                "groter dan 4 MB. Verwijder de opmerkingen en probeer het opnieuw."
            )
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()
            rows = _filled_rows(worksheet.iter_rows(values_only=True))
            scan.rows[worksheet.title] = rows
            scan.hits.extend(
                scan_sheet(
                    worksheet.title,
                    rows,
                    report_date=report_date,
                    comments=_comments(archive, worksheet.part),
                    settings=settings,
                )
            )
    return scan
