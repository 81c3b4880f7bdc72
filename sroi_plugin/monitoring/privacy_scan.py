"""The AVG guard over a whole uploaded workbook, before its layout is looked at.

A contractor's report may be in any layout, so the scan cannot wait for the template's header
to be found: every sheet (hidden and very hidden ones too), every cell and every cell's note
is passed to :func:`~sroi_plugin.rules.privacy.scan_sheet` right after
:func:`~sroi_plugin.importing.safety.open_workbook_safely` (the scan's reading counts
against the same read budget). Notes are not available in openpyxl's read-only mode; they
are read from the sheets' comment parts of the already vetted package, bounded by
:data:`MAX_COMMENT_BYTES`.
"""

from __future__ import annotations

import io
import zipfile
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


def _comments(archive: zipfile.ZipFile, sheet_path: str) -> dict[tuple[int, int], str]:
    """``(row, column) → text`` of the notes of the sheet stored at ``sheet_path``."""
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
) -> list[PersonalDataHit]:
    """Every place in ``workbook`` (opened from ``data``) that holds or asks for personal data.

    :param report_date: ages of possible birth dates are measured on this day.
    :raises ImportFileError: the notes are larger than :data:`MAX_COMMENT_BYTES`.
    """
    hits: list[PersonalDataHit] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if _comment_bytes(archive) > MAX_COMMENT_BYTES:
            raise ImportFileError(
                "Het bestand is te groot om te verwerken: de opmerkingen bij cellen zijn samen "
                "groter dan 4 MB. Verwijder de opmerkingen en probeer het opnieuw."
            )
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()
            comments = _comments(archive, worksheet._worksheet_path)
            hits.extend(
                scan_sheet(
                    worksheet.title,
                    worksheet.iter_rows(values_only=True),
                    report_date=report_date,
                    comments=comments,
                    settings=settings,
                )
            )
    return hits
