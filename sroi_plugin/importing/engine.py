"""The one code path behind the import page and ``flask sroi import-portfolio``.

An import runs in two stages, so the database transaction stays short:

1. :mod:`.read` — file → :class:`~.read.ReadPortfolio` (:func:`~.read.read_portfolio`): the
   workbook opened safely, every row converted and checked; no database access apart from the
   profile lookup.
2. :mod:`.apply` — :class:`~.read.ReadPortfolio` + database → :class:`~.result.ImportResult`:
   the writes planned (:mod:`.plan`), then written in bulk in one transaction.

The import page runs the stages apart: its preview plans without writing
(:func:`~.apply.preview_portfolio`, the plan kept by :mod:`.stored_plan`) and its confirm
applies that plan (:func:`~.apply.apply_plan`). :func:`import_portfolio` (the CLI) plans and
applies in one go (:func:`~.apply.apply_portfolio`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.apply import apply_portfolio
from sroi_plugin.importing.profiles import ProfileRef
from sroi_plugin.importing.progress import Progress
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.importing.safety import PORTFOLIO_BUDGET
from sroi_plugin.importing.safety import ReadBudget
from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from sroi_plugin.rules.portfolio_sync import DEFAULT_MAX_MISSING_SHARE

__all__ = ["import_portfolio"]


def import_portfolio(
    session: Session,
    data: bytes,
    *,
    file_name: str,
    user: SroiUser,
    today: date,
    max_bytes: int,
    commit: bool,
    progress: Progress | None = None,
    sheet: str | None = None,
    allow_invalid: bool = False,
    find_profile: Callable[[Sequence[str]], ProfileRef | None] | None = None,
    source: str = "cli",
    max_missing_share: Decimal | float | int = DEFAULT_MAX_MISSING_SHARE,
    allow_mass_missing: bool = False,
    budget: ReadBudget = PORTFOLIO_BUDGET,
    owners: Mapping[str, str] = DEFAULT_OWNERS,
    choose_all: str | None = None,
) -> ImportResult:
    """Read and apply in one go (the CLI, scheduled syncs, the benchmark).

    :param choose_all: ``plugin`` or ``export`` for every field edited in the plugin that the
        export contradicts; without it such a conflict keeps the import from being committed
    """
    read = read_portfolio(
        data,
        file_name=file_name,
        max_bytes=max_bytes,
        sheet=sheet,
        find_profile=find_profile,
        budget=budget,
        progress=progress,
    )
    return apply_portfolio(
        session,
        read,
        user=user,
        today=today,
        commit=commit,
        progress=progress,
        allow_invalid=allow_invalid,
        source=source,
        max_missing_share=max_missing_share,
        allow_mass_missing=allow_mass_missing,
        owners=owners,
        choose_all=choose_all,
    )
