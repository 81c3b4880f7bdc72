"""How far an import is: the phases it passes and the callback the pipeline reports through.

:func:`~.read.read_portfolio` and :func:`~.apply.apply_portfolio` take an optional
:class:`Progress` callback. Reading calls it every :data:`REPORT_EVERY` rows (a counter test per
row, nothing more), so a caller that stores the figures — a background job writes them to its
:class:`~sroi_plugin.models.ImportJob` row — costs the import at most one write per 500 rows.
"""

from __future__ import annotations

import enum
from typing import Final
from typing import Protocol

__all__ = ["REPORT_EVERY", "Phase", "Progress"]

#: Rows between two reports while a sheet is read.
REPORT_EVERY: Final = 500


class Phase(enum.StrEnum):
    """The phases of an import as the progress page names them (Dutch, stored as is)."""

    #: the workbook is opened and its header row found
    READING = "lezen"
    #: the rows are read and each is converted and checked
    CHECKING = "controleren"
    #: the checked rows are compared with the stored contracts (one transaction)
    COMPARING = "vergelijken met het register"
    #: the confirmed import is written (one transaction)
    COMMITTING = "vastleggen"
    #: the preview is ready
    DONE = "klaar"


class Progress(Protocol):
    """Told where an import is: its phase, rows taken from the sheet, rows checked so far.

    Both counts only grow; ``rows_read`` is never below ``rows_checked``.
    """

    def __call__(self, phase: Phase, rows_read: int, rows_checked: int) -> None: ...
