"""Portfolio import: xlsx → rows → typed contract records (→ diff and commit, later).

Shaped like django-import-export, in our own terms: :mod:`.safety` refuses bad files,
:mod:`.reader` streams rows, :mod:`.columns` maps headers to :mod:`.fields`,
:mod:`.converters` reads Dutch values, :mod:`.spreadsheet_out` writes xlsx safely.
"""

from __future__ import annotations
