"""The social-return obligation in euros, and how much of the contract term is left.

Source: handreiking stap 2Ac ("een percentage (bijvoorbeeld 5%) van de project- of loonsom"):
the obligation is the agreed percentage of the basis the clause names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from sroi_plugin.rules.months import months_between
from sroi_plugin.rules.vocabulary import SrBasis

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class SrTerms:
    """What a contract says about social return, and the amounts the basis is taken from."""

    percentage: Decimal | None
    #: an :class:`SrBasis` code (``None``: not stated, read as the project sum)
    basis: str | None
    value_total: Decimal | None
    wage_sum: Decimal | None = None
    wage_share: Decimal | None = None


@dataclass(frozen=True)
class Obligation:
    """The obligation: ``amount`` is ``None`` when it cannot be computed (``missing`` says why)."""

    amount: Decimal | None
    basis_amount: Decimal | None
    #: Dutch note shown beside the amount, e.g. that the wage sum was derived from the share
    note: str | None = None
    #: Dutch reason the amount is missing
    missing: str | None = None


def has_sr_demand(terms: SrTerms) -> bool:
    """A percentage above zero counts as a social-return demand (handreiking stap 2Ac)."""
    return terms.percentage is not None and terms.percentage > 0


def _basis_amount(terms: SrTerms) -> tuple[Decimal | None, str | None]:
    if terms.basis == SrBasis.WAGE_SUM:
        if terms.wage_sum is not None:
            return terms.wage_sum, None
        if terms.wage_share is not None and terms.value_total is not None:
            derived = terms.value_total * terms.wage_share
            return derived, "Loonsom afgeleid uit contractwaarde × loonaandeel."
        return None, None
    return terms.value_total, None


def sr_obligation(terms: SrTerms) -> Obligation:
    """The obligation in euros: percentage × project sum or wage sum (handreiking stap 2Ac).

    Without a stated basis the project sum is assumed, the usual form, and the note says so.
    """
    percentage = terms.percentage
    if percentage is None or percentage <= 0:
        return Obligation(None, None, missing="Geen social-returnafspraak.")
    basis_amount, note = _basis_amount(terms)
    if terms.basis is None:
        note = "Geen grondslag vastgelegd; uitgegaan van de projectsom."
    if basis_amount is None:
        wanted = "loonsom" if terms.basis == SrBasis.WAGE_SUM else "contractwaarde"
        return Obligation(None, None, missing=f"De {wanted} ontbreekt; vul die aan.")
    amount = (basis_amount * percentage / 100).quantize(_CENT, ROUND_HALF_UP)
    return Obligation(amount, basis_amount, note=note)


@dataclass(frozen=True)
class Term:
    """Where the contract is in its term on ``today``."""

    #: whole months left (0 when ended); ``None`` for an open-ended contract
    months_left: int | None
    ended: bool
    #: share of the term elapsed, 0..1; ``None`` when start or end is unknown
    elapsed_share: Decimal | None


def elapsed_share(start: date, end: date, today: date) -> Decimal:
    """Exact share of the term ``start``..``end`` (``end`` after ``start``) passed on ``today``."""
    total_days = (end - start).days
    done_days = min(max((today - start).days, 0), total_days)
    return Decimal(done_days) / Decimal(total_days)


def contract_term(start: date | None, end: date | None, today: date) -> Term:
    """Remaining term and elapsed share, for the overview panel and the schedule check."""
    if end is None:
        return Term(months_left=None, ended=False, elapsed_share=None)
    ended = end < today
    months_left = 0 if ended else max(months_between(today, end), 0)
    elapsed: Decimal | None = None
    if start is not None and end > start:
        elapsed = elapsed_share(start, end, today).quantize(Decimal("0.0001"))
    return Term(months_left=months_left, ended=ended, elapsed_share=elapsed)


def describe_months(months: int) -> str:
    """Dutch wording of a duration, e.g. ``1 jaar en 3 maanden`` or ``minder dan een maand``."""
    if months <= 0:
        return "minder dan een maand"
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} jaar")
    if rest:
        parts.append(f"{rest} maand" if rest == 1 else f"{rest} maanden")
    return " en ".join(parts)
