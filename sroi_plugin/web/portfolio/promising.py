"""Page "Kansrijke opdrachtnemers": the active portfolio ranked for a partnership (stap 2Ba).

The guide asks the working group for "een top 3 van opdrachtnemers", so the page ranks
contractors (:func:`~sroi_plugin.rules.portfolio.rank_contractors`: the sum of their contracts'
scores) with their contracts beneath, each contract with its own score and reasons. The tab
"Per contract" keeps the ranking of single contracts (:func:`~sroi_plugin.rules.portfolio.
rank_contracts`). Both are filterable by category and department. Procurement and contract
managers (admin too) mark a top 3 of contractors (:mod:`.top3`); viewers read. The ranking is
computed in Python from one query of the needed columns, so the number of queries does not
grow with the portfolio; the page shows :data:`PAGE_SIZE` rows at a time and says how many
there are. The export is :mod:`.promising_export`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import cast

from flask import current_app
from flask import request
from flask import url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from sroi_plugin.config import today_from
from sroi_plugin.db import current_session
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import TOP_SLOTS
from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from sroi_plugin.rules.clauses import ContractFacts
from sroi_plugin.rules.contract_facts import KVK_PREFIX
from sroi_plugin.rules.contract_facts import contractor_key
from sroi_plugin.rules.portfolio import ContractorScore
from sroi_plugin.rules.portfolio import PromisingScore
from sroi_plugin.rules.portfolio import rank_contractors
from sroi_plugin.rules.portfolio import rank_contracts
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.services.contract_facts import FACT_COLUMNS
from sroi_plugin.services.contract_facts import ContractLike
from sroi_plugin.services.contract_facts import contract_facts
from sroi_plugin.services.lessons import lessons_for_category
from sroi_plugin.services.rule_tables import current_norms
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.contract_links import contract_link
from sroi_plugin.web.formatting import format_moment
from sroi_plugin.web.render import render_panel

#: Who may see the page (admin always); viewers read only. The social-return coordinator and
#: HR adviser explore existing contracts with the contractor (Bijlage II, stap 2B) and start a
#: partnership from here.
READ_ROLES = (
    Role.PROCUREMENT,
    Role.CONTRACT_MANAGER,
    Role.SR_COORDINATOR,
    Role.HR,
    Role.VIEWER,
)
#: Who may mark and unmark the top 3 (admin always).
MARK_ROLES = (Role.PROCUREMENT, Role.CONTRACT_MANAGER)
#: Rows (contractors, or contracts in the tab "Per contract") per page; the ranking itself
#: always covers the whole (filtered) portfolio.
PAGE_SIZE = 100
#: The endpoint another module offers to start a partnership (linked only when it exists).
PARTNERSHIP_ENDPOINT = "sroi.partnership_new"
#: Ended marks shown under "Eerdere keuzes", newest first.
HISTORY_SIZE = 10
#: Value of the query parameter ``weergave`` for the tab "Per contract".
CONTRACT_VIEW = "contracten"

#: Columns read for the page: identity and display, plus what the rules need.
_DISPLAY_COLUMNS = ("id", "ref", "title", "supplier_name", "supplier_kvk", "department")

# --- filters and ranking -------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What the user chose (query parameters ``categorie``, ``afdeling``, ``pagina`` and
    ``weergave``: contractors, or ``contracten`` for the tab "Per contract")."""

    category: str = ""
    department: str = ""
    page: int = 1
    per_contract: bool = False

    @classmethod
    def from_values(cls, values: Any) -> Filters:
        """From ``request.args`` or ``request.form``; a bad page number reads as 1."""
        page_text = str(values.get("pagina", "1")).strip()
        page = int(page_text) if page_text.isdigit() and int(page_text) > 0 else 1
        return cls(
            category=str(values.get("categorie", "")).strip(),
            department=str(values.get("afdeling", "")).strip(),
            page=page,
            per_contract=str(values.get("weergave", "")).strip() == CONTRACT_VIEW,
        )

    def args(self, page: int | None = None, per_contract: bool | None = None) -> dict[str, Any]:
        """Query parameters for links (empty filters left out)."""
        chosen = self.page if page is None else page
        tab = self.per_contract if per_contract is None else per_contract
        args = {
            "categorie": self.category,
            "afdeling": self.department,
            "pagina": str(chosen) if chosen > 1 else "",
            "weergave": CONTRACT_VIEW if tab else "",
        }
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class RankedRow:
    """One contract on the page: its display fields, contractor, score and reasons."""

    rank: int
    row: Any
    facts: ContractFacts
    score: PromisingScore
    #: :func:`~sroi_plugin.rules.contract_facts.contractor_key` (``None``: supplier unknown)
    contractor: str | None


@dataclass(frozen=True)
class ContractorRow:
    """One contractor on the page: its summed score and its contracts, best first."""

    rank: int
    score: ContractorScore[str]
    #: the contractor's contracts in :attr:`score`'s order (``rank`` is the place in it)
    contracts: list[RankedRow]

    @property
    def key(self) -> str | None:
        """The contractor key; ``None`` for a contract whose supplier is unknown."""
        return self.score.key

    @property
    def name(self) -> str:
        """The supplier name of the best contract that has one."""
        names = (ranked.row.supplier_name for ranked in self.contracts)
        return next((name for name in names if name), "")

    @property
    def kvk(self) -> str:
        """The KvK number the contractor is grouped by, or empty."""
        key = self.key or ""
        return key.removeprefix(KVK_PREFIX) if key.startswith(KVK_PREFIX) else ""


@dataclass(frozen=True)
class Ranking:
    """The (filtered) active portfolio, scored, and the contracts that could not be scored."""

    #: (row, facts, contractor key) per scorable contract, by ref
    scored: dict[str, tuple[Any, ContractFacts, str | None]]
    #: (ref, Dutch reason) for active contracts whose data is incomplete
    unscored: list[tuple[str, str]]

    def contracts(self) -> list[RankedRow]:
        """The contracts, highest score first (``rank_contracts``, stap 2Ba)."""
        items = ((ref, facts) for ref, (_row, facts, _key) in self.scored.items())
        return [
            self._row(rank, ref, score)
            for rank, (ref, score) in enumerate(rank_contracts(items, current_norms()), 1)
        ]

    def contractors(self) -> list[ContractorRow]:
        """The contractors, highest summed score first (``rank_contractors``, stap 2Ba)."""
        items = ((key, ref, facts) for ref, (_row, facts, key) in self.scored.items())
        return [
            ContractorRow(
                rank,
                contractor,
                [
                    self._row(place, ref, score)
                    for place, (ref, score) in enumerate(contractor.contracts, 1)
                ],
            )
            for rank, contractor in enumerate(rank_contractors(items, current_norms()), 1)
        ]

    def _row(self, rank: int, ref: str, score: PromisingScore) -> RankedRow:
        row, facts, key = self.scored[ref]
        return RankedRow(rank, row, facts, score, key)


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
    """Read and score the filtered active contracts (handreiking stap 2Ba)."""
    today = today_from(current_app.config)
    scored: dict[str, tuple[Any, ContractFacts, str | None]] = {}
    unscored: list[tuple[str, str]] = []
    for row in _rows(filters):
        try:
            facts = contract_facts(cast(ContractLike, row), today)
        except RuleInputError as exc:
            unscored.append((row.ref, exc.message))
            continue
        scored[row.ref] = (row, facts, contractor_key(row.supplier_kvk, row.supplier_name))
    return Ranking(scored, sorted(unscored))


def _choices(column: Any) -> list[str]:
    """The distinct non-empty values of a column among active contracts, for a filter."""
    active = Contract.status == ContractStatus.ACTIVE.value
    values = (
        current_session()
        .scalars(select(column).where(active, column.is_not(None)).distinct())
        .all()
    )
    return sorted({value for value in values if value}, key=str.casefold)


# --- the top 3 as read ---------------------------------------------------------------------


def mark_key(mark: PromisingMark) -> str | None:
    """The contractor a mark is of: its own key, or (a mark made of a contract) the key of
    that contract's supplier; ``None`` when neither is known."""
    if mark.contractor_key:
        return mark.contractor_key
    contract = mark.contract
    return contractor_key(contract.supplier_kvk, contract.supplier_name) if contract else None


@dataclass(frozen=True)
class MarkView:
    """A mark as shown: a contractor, or (marks made before the top 3 named contractors) a
    contract."""

    slot: int | None
    key: str | None
    name: str
    #: the contract of a mark made of a contract, else ``None``
    contract_ref: str | None
    contract_title: str
    by_name: str
    at: str
    removed_by: str | None
    removed_at: str | None

    @property
    def kvk(self) -> str:
        """The KvK number the contractor is known by, or empty."""
        key = self.key or ""
        return key.removeprefix(KVK_PREFIX) if key.startswith(KVK_PREFIX) else ""

    @classmethod
    def of(cls, mark: PromisingMark) -> MarkView:
        """The view of a stored mark."""
        contract = mark.contract if not mark.contractor_key else None
        return cls(
            slot=mark.slot,
            key=mark_key(mark),
            name=mark.contractor_name or (contract.supplier_name if contract else None) or "",
            contract_ref=contract.ref if contract else None,
            contract_title=contract.title if contract else "",
            by_name=mark.marked_by_name,
            at=format_moment(mark.marked_at),
            removed_by=mark.unmarked_by_name,
            removed_at=format_moment(mark.unmarked_at) if mark.unmarked_at else None,
        )


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


def _history() -> list[PromisingMark]:
    """The most recently ended marks."""
    return list(
        current_session()
        .scalars(
            select(PromisingMark)
            .where(PromisingMark.slot.is_(None))
            .order_by(PromisingMark.unmarked_at.desc().nulls_last(), PromisingMark.id.desc())
            .limit(HISTORY_SIZE)
        )
        .all()
    )


# --- the page ------------------------------------------------------------------------------


def _paged(rows: Sequence[Any], filters: Filters) -> dict[str, Any]:
    """The page of ``rows`` the filters ask for, and the numbers the count line shows."""
    total = len(rows)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "filters": Filters(filters.category, filters.department, page, filters.per_contract),
        "shown": shown,
        "total": total,
        "first": (page - 1) * PAGE_SIZE + 1 if shown else 0,
        "last": (page - 1) * PAGE_SIZE + len(shown),
        "page": page,
        "pages": pages,
    }


def page_context(filters: Filters, **extra: Any) -> dict[str, Any]:
    """Everything ``sroi/portfolio/promising.html`` shows."""
    ranking = rank_portfolio(filters)
    rows: Sequence[Any] = ranking.contracts() if filters.per_contract else ranking.contractors()
    marks = active_marks()
    partnership = PARTNERSHIP_ENDPOINT in current_app.view_functions
    return {
        **_paged(rows, filters),
        "contract_count": len(ranking.scored),
        "page_size": PAGE_SIZE,
        "unscored": ranking.unscored,
        "categories": _choices(Contract.category),
        "departments": _choices(Contract.department),
        "marks": [MarkView.of(mark) for mark in marks],
        "history": [MarkView.of(mark) for mark in _history()],
        "marked_keys": {key for key in map(mark_key, marks) if key is not None},
        "top_full": len(marks) >= len(TOP_SLOTS),
        "can_mark": acting_user().has_any(*MARK_ROLES),
        "host_contract_url": contract_link,
        "partnership_url": (
            (lambda ref: url_for(PARTNERSHIP_ENDPOINT, contract=ref)) if partnership else None
        ),
        "threshold": current_norms().promising_threshold,
        "lessons": lessons_for_category(current_session(), filters.category),
        "lessons_category": filters.category,
        **extra,
    }


@bp.get("/kansrijk")
@require_roles(*READ_ROLES)
def promising() -> Response:
    """The ranked contractors (or contracts) with reasons, filters and the top 3."""
    return render_panel("portfolio/promising", **page_context(Filters.from_values(request.args)))
