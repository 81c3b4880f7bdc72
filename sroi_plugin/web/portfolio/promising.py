"""Page "Kansrijke contracten": the active portfolio ranked for a partnership (stap 2Ba).

Every active contract gets the score of :func:`~sroi_plugin.rules.portfolio.rank_contracts`
with its reasons (the "why"), filterable by category and department. Procurement and contract
managers (admin too) mark a top 3 for the working group; viewers read. The ranking is computed
in Python from one query of the needed columns, so the number of queries does not grow with
the portfolio; the page shows :data:`PAGE_SIZE` contracts at a time and says how many there are.
The same ranking downloads as ``.xlsx`` (formula-safe, all contracts, no paging).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from typing import cast

from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.importing.spreadsheet_out import write_rows
from sroi_plugin.models import TOP_SLOTS
from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from sroi_plugin.models import utcnow
from sroi_plugin.rules.clauses import ContractFacts
from sroi_plugin.rules.portfolio import PromisingScore
from sroi_plugin.rules.portfolio import rank_contracts
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.contract_facts import FACT_COLUMNS
from sroi_plugin.services.contract_facts import ContractLike
from sroi_plugin.services.contract_facts import contract_facts
from sroi_plugin.services.rule_tables import current_norms
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.formatting import format_moment
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: Who may see the page (admin always); viewers read only.
READ_ROLES = (Role.PROCUREMENT, Role.CONTRACT_MANAGER, Role.VIEWER)
#: Who may mark and unmark the top 3 (admin always).
MARK_ROLES = (Role.PROCUREMENT, Role.CONTRACT_MANAGER)
#: Contracts per page; the ranking itself always covers the whole (filtered) portfolio.
PAGE_SIZE = 100
#: htmx event fired after the top 3 changed.
TOP3_CHANGED_EVENT = "sroiTop3Changed"
#: How often a mark reads the top 3 again after losing a slot to someone marking at the same
#: moment: each lost slot is a slot taken, so after one try per slot the top 3 is full (only
#: marks removed at the same time can make it run out, and then the user is asked to retry).
MARK_ATTEMPTS = len(TOP_SLOTS) + 1
#: The endpoint another module offers to start a partnership (linked only when it exists).
PARTNERSHIP_ENDPOINT = "sroi.partnership_new"

#: Columns read for the page: identity and display, plus what the rules need.
_DISPLAY_COLUMNS = ("id", "ref", "title", "supplier_name", "department")

# --- filters and ranking -------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the user filtered on (query parameters ``categorie``, ``afdeling``, ``pagina``)."""

    category: str = ""
    department: str = ""
    page: int = 1

    @classmethod
    def from_values(cls, values: Any) -> Filters:
        """From ``request.args`` or ``request.form``; a bad page number reads as 1."""
        page_text = str(values.get("pagina", "1")).strip()
        page = int(page_text) if page_text.isdigit() and int(page_text) > 0 else 1
        return cls(
            category=str(values.get("categorie", "")).strip(),
            department=str(values.get("afdeling", "")).strip(),
            page=page,
        )

    def args(self, page: int | None = None) -> dict[str, Any]:
        """Query parameters for links (empty filters left out)."""
        args = {"categorie": self.category, "afdeling": self.department}
        chosen = self.page if page is None else page
        if chosen > 1:
            args["pagina"] = str(chosen)
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class RankedRow:
    """One contract on the page: its display fields, score and reasons."""

    rank: int
    row: Any
    facts: ContractFacts
    score: PromisingScore


@dataclass(frozen=True)
class Ranking:
    """The ranked (filtered) active portfolio, and the contracts that could not be scored."""

    rows: list[RankedRow]
    #: (ref, Dutch reason) for active contracts whose data is incomplete
    unscored: list[tuple[str, str]]


def _rows(filters: Filters) -> Sequence[Any]:
    """One query: the active contracts with the columns the page and the rules need."""
    columns = [getattr(Contract, name) for name in (*_DISPLAY_COLUMNS, *FACT_COLUMNS)]
    statement = select(*columns).where(Contract.status == ContractStatus.ACTIVE.value)
    if filters.category:
        statement = statement.where(Contract.category == filters.category)
    if filters.department:
        statement = statement.where(Contract.department == filters.department)
    return current_session().execute(statement).all()


def rank_portfolio(filters: Filters) -> Ranking:
    """Score and order the filtered active contracts (``rank_contracts``, handreiking stap 2Ba)."""
    today = today_from(current_app.config)
    by_ref: dict[str, Any] = {}
    items: list[tuple[str, ContractFacts]] = []
    unscored: list[tuple[str, str]] = []
    for row in _rows(filters):
        try:
            facts = contract_facts(cast(ContractLike, row), today)
        except RuleInputError as exc:
            unscored.append((row.ref, exc.message))
            continue
        by_ref[row.ref] = (row, facts)
        items.append((row.ref, facts))
    ranked = rank_contracts(items, current_norms())
    rows = [
        RankedRow(rank, by_ref[ref][0], by_ref[ref][1], score)
        for rank, (ref, score) in enumerate(ranked, start=1)
    ]
    return Ranking(rows, sorted(unscored))


def _choices(column: Any) -> list[str]:
    """The distinct non-empty values of a column among active contracts, for a filter."""
    active = Contract.status == ContractStatus.ACTIVE.value
    values = (
        current_session()
        .scalars(select(column).where(active, column.is_not(None)).distinct())
        .all()
    )
    return sorted({value for value in values if value}, key=str.casefold)


@dataclass(frozen=True)
class MarkView:
    """A contract in the top 3, as shown."""

    slot: int
    ref: str
    title: str
    by_name: str
    at: str


def active_marks() -> list[PromisingMark]:
    """The current top 3, by slot."""
    return list(
        current_session()
        .scalars(
            select(PromisingMark)
            .where(PromisingMark.slot.is_not(None))
            .order_by(PromisingMark.slot)
        )
        .all()
    )


# --- the page ------------------------------------------------------------------------------


def _host_contract_url(ref: str) -> str | None:
    builder = current_app.extensions["sroi"].host.contract_url
    return builder(ref) if builder is not None else None


def _page_context(filters: Filters, **extra: Any) -> dict[str, Any]:
    ranking = rank_portfolio(filters)
    total = len(ranking.rows)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = ranking.rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    marks = active_marks()
    marked_ids = {mark.contract_id for mark in marks}
    user = acting_user()
    partnership = PARTNERSHIP_ENDPOINT in current_app.view_functions
    return {
        "filters": Filters(filters.category, filters.department, page),
        "rows": shown,
        "total": total,
        "first": (page - 1) * PAGE_SIZE + 1 if shown else 0,
        "last": (page - 1) * PAGE_SIZE + len(shown),
        "page": page,
        "pages": pages,
        "page_size": PAGE_SIZE,
        "unscored": ranking.unscored,
        "categories": _choices(Contract.category),
        "departments": _choices(Contract.department),
        "marks": [
            MarkView(
                mark.slot or 0,
                mark.contract.ref,
                mark.contract.title,
                mark.marked_by_name,
                format_moment(mark.marked_at),
            )
            for mark in marks
        ],
        "marked_ids": marked_ids,
        "top_full": len(marks) >= len(TOP_SLOTS),
        "can_mark": user.has_any(*MARK_ROLES),
        "contract_url": None,
        "host_contract_url": _host_contract_url,
        "partnership_url": (
            (lambda ref: url_for(PARTNERSHIP_ENDPOINT, contract=ref)) if partnership else None
        ),
        "threshold": current_norms().promising_threshold,
        **extra,
    }


@bp.get("/kansrijk")
@require_roles(*READ_ROLES)
def promising() -> Response:
    """The ranked active portfolio with reasons, filters and the top 3."""
    return render_panel("portfolio/promising", **_page_context(Filters.from_values(request.args)))


def _after_change(filters: Filters, message: str | None, status: int = 200) -> Response:
    """After a mark/unmark: the page fragment again (htmx), a redirect (plain), or the refusal."""
    if status == 200:
        return respond_after_post(
            url_for("sroi.promising", **filters.args()),
            lambda: render_template(
                "sroi/portfolio/promising.html",
                **_page_context(filters, message=message, refused=False),
            ),
            trigger=TOP3_CHANGED_EVENT,
        )
    context = _page_context(filters, message=message, refused=True)
    if is_htmx():
        body = render_template("sroi/portfolio/promising.html", **context)
        return fragment_response(body, status)
    return render_panel("portfolio/promising", status, **context)


@bp.post("/kansrijk/top3")
@require_roles(*MARK_ROLES)
def promising_mark() -> Response:
    """Mark a contract for the top 3; a fourth is refused (409) with the three named.

    The free slot is chosen from the marks as read, and the unique ``slot`` decides between
    people marking at the same moment: whoever lost a slot reads the top 3 again and takes the
    next free one, so a refusal means the three slots really are taken.
    """
    filters = Filters.from_values(request.form)
    ref = str(request.form.get("contract", "")).strip()
    if not ref:
        abort(400, description="Kies het contract dat u in de top 3 wilt zetten.")
    contract = contract_or_404(ref)
    if contract.status != "active":
        return _after_change(
            filters,
            f"Contract {contract.ref} is niet actief en kan niet in de top 3.",
            409,
        )
    user = acting_user()
    session = current_session()
    for _attempt in range(MARK_ATTEMPTS):
        marks = active_marks()
        if any(mark.contract_id == contract.id for mark in marks):
            return _after_change(filters, f"Contract {contract.ref} staat al in de top 3.")
        free = [slot for slot in TOP_SLOTS if slot not in {mark.slot for mark in marks}]
        if not free:
            return _refuse_full(filters, contract.ref, marks)
        session.add(
            PromisingMark(
                contract_id=contract.id,
                slot=free[0],
                marked_by_id=user.id,
                marked_by_name=user.name,
                marked_at=utcnow(),
            )
        )
        try:
            session.commit()
        except IntegrityError:  # someone took this slot at the same moment: read again
            session.rollback()
            continue
        return _after_change(filters, f"Contract {contract.ref} staat nu in de top 3.")
    return _after_change(
        filters,
        f"Contract {contract.ref} is niet gemarkeerd: de top 3 werd tegelijk door anderen "
        "gewijzigd. Probeer het nog eens.",
        409,
    )


def _refuse_full(filters: Filters, ref: str, marks: list[PromisingMark]) -> Response:
    names = ", ".join(mark.contract.ref for mark in marks)
    return _after_change(
        filters,
        f"De top 3 is vol ({names}). Haal eerst een contract uit de top 3 voordat u "
        f"{ref} markeert.",
        409,
    )


@bp.post("/kansrijk/top3/<path:ref>/verwijderen")
@require_roles(*MARK_ROLES)
def promising_unmark(ref: str) -> Response:
    """Take a contract out of the top 3; the mark stays on record with who removed it."""
    filters = Filters.from_values(request.form)
    contract = contract_or_404(ref)
    mark = next((m for m in active_marks() if m.contract_id == contract.id), None)
    if mark is None:
        return _after_change(filters, f"Contract {contract.ref} stond niet (meer) in de top 3.")
    user = acting_user()
    mark.slot = None
    mark.unmarked_by_id = user.id
    mark.unmarked_by_name = user.name
    mark.unmarked_at = utcnow()
    current_session().commit()
    return _after_change(filters, f"Contract {contract.ref} is uit de top 3 gehaald.")


# --- export --------------------------------------------------------------------------------

EXPORT_HEADERS = (
    "Rang",
    "Contractnummer",
    "Omschrijving",
    "Leverancier",
    "Inkoopcategorie",
    "Afdeling",
    "Jaarwaarde (EUR)",
    "Einddatum",
    "Score",
    "Kansrijk",
    "Top 3",
    "Waarom",
)


def _export_row(ranked: RankedRow, marked_ids: set[int]) -> list[object]:
    row = ranked.row
    reasons = "; ".join(f"{r.label} (+{r.points})" for r in ranked.score.reasons)
    annual: Decimal | None = row.value_annual
    end: date | None = row.end_date
    return [
        ranked.rank,
        row.ref,
        row.title,
        row.supplier_name,
        row.category,
        row.department,
        annual,
        end,
        ranked.score.score,
        "ja" if ranked.score.promising else "nee",
        "ja" if row.id in marked_ids else "nee",
        reasons,
    ]


@bp.get("/kansrijk.xlsx")
@require_roles(*READ_ROLES)
def promising_export() -> Response:
    """The whole ranking (with the page's filters) as an xlsx; text never becomes a formula."""
    filters = Filters.from_values(request.args)
    ranking = rank_portfolio(filters)
    marked_ids = {mark.contract_id for mark in active_marks() if mark.contract_id is not None}
    buffer = io.BytesIO()
    write_rows(
        buffer,
        EXPORT_HEADERS,
        (_export_row(ranked, marked_ids) for ranked in ranking.rows),
        sheet_title="Kansrijke contracten",
    )
    today = today_from(current_app.config)
    response = current_app.response_class(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = content_disposition(
        f"kansrijke-contracten-{today.isoformat()}.xlsx"
    )
    return response
