"""The promising ranking as ``.xlsx``: a sheet of contractors and a sheet of contracts.

Both sheets follow the page's filters, cover the whole ranking (no paging) and are
formula-safe (:func:`~sroi_plugin.importing.spreadsheet_out.write_sheets`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from flask import current_app
from flask import request
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.importing.spreadsheet_out import write_sheets
from sroi_plugin.rules.portfolio import PromisingScore
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.portfolio.promising import READ_ROLES
from sroi_plugin.web.portfolio.promising import ContractorRow
from sroi_plugin.web.portfolio.promising import Filters
from sroi_plugin.web.portfolio.promising import RankedRow
from sroi_plugin.web.portfolio.promising import active_marks
from sroi_plugin.web.portfolio.promising import mark_key
from sroi_plugin.web.portfolio.promising import rank_portfolio

CONTRACTOR_HEADERS = (
    "Rang",
    "KvK-nummer",
    "Opdrachtnemer",
    "Aantal contracten",
    "Jaarwaarde (EUR)",
    "Score (som)",
    "Kansrijk",
    "Top 3",
    "Contracten (score)",
    "Waarom (beste contract)",
)
CONTRACT_HEADERS = (
    "Rang",
    "Contractnummer",
    "Omschrijving",
    "Leverancier",
    "KvK-nummer",
    "Inkoopcategorie",
    "Afdeling",
    "Jaarwaarde (EUR)",
    "Einddatum",
    "Score",
    "Kansrijk",
    "Opdrachtnemer in top 3",
    "Waarom",
)


def _yes(value: bool) -> str:
    return "ja" if value else "nee"


def _reasons(score: PromisingScore) -> str:
    return "; ".join(f"{reason.label} (+{reason.points})" for reason in score.reasons)


def _contractor_rows(rows: list[ContractorRow], marked: set[str]) -> Iterator[list[object]]:
    for contractor in rows:
        best = contractor.contracts[0]
        yield [
            contractor.rank,
            contractor.kvk,
            contractor.name,
            len(contractor.contracts),
            contractor.score.value_annual_eur,
            contractor.score.score,
            _yes(contractor.score.promising),
            _yes(contractor.key in marked),
            ", ".join(
                f"{ranked.row.ref} ({ranked.score.score})" for ranked in contractor.contracts
            ),
            f"{best.row.ref}: {_reasons(best.score)}" if best.score.reasons else "",
        ]


def _contract_rows(rows: list[RankedRow], marked: set[str]) -> Iterator[list[object]]:
    for ranked in rows:
        row = ranked.row
        yield [
            ranked.rank,
            row.ref,
            row.title,
            row.supplier_name,
            row.supplier_kvk,
            row.category,
            row.department,
            row.value_annual,
            row.end_date,
            ranked.score.score,
            _yes(ranked.score.promising),
            _yes(ranked.contractor in marked),
            _reasons(ranked.score),
        ]


@bp.get("/kansrijk.xlsx")
@require_roles(*READ_ROLES)
def promising_export() -> Response:
    """The whole ranking (with the page's filters) as an xlsx; text never becomes a formula."""
    ranking = rank_portfolio(Filters.from_values(request.args))
    marked = {key for key in map(mark_key, active_marks()) if key is not None}
    buffer = io.BytesIO()
    write_sheets(
        buffer,
        [
            ("Opdrachtnemers", CONTRACTOR_HEADERS, _contractor_rows(ranking.contractors(), marked)),
            ("Contracten", CONTRACT_HEADERS, _contract_rows(ranking.contracts(), marked)),
        ],
    )
    today = today_from(current_app.config)
    response = current_app.response_class(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = content_disposition(
        f"kansrijke-opdrachtnemers-{today.isoformat()}.xlsx"
    )
    return response
