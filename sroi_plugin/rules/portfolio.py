"""Promising contracts in the existing portfolio (handreiking stap 2Ba), and contract timing.

Stap 2Ba asks procurement to find the contracts where a partnership for more jobs has the best
chance: "Kijk vooral naar grotere contracten (bijvoorbeeld meer dan € 200.000 per jaar), die
arbeidsintensief zijn en een meerjarige looptijd hebben", to map the remaining term, to use an
imminent extension, and to ask which contracts "al een social return paragraaf hebben of ruimte
bieden voor social return". :func:`score_contract` turns these into points; the weights and the
threshold are data (``norms.json``), so an organisation can tune them.

Criteria and the choices made where the guide gives no number:

* A contract whose end date lies before ``today`` scores 0 (nothing left to build on).
* ``annual_value`` — annual value strictly above ``promising_annual_value_eur`` ("meer dan").
* ``labour_intensive`` — a word of the category equals, starts or ends with a configured
  category (Dutch compounds: "schoonmaakdiensten", "groenonderhoud"); multi-word categories
  match as a phrase. Case- and accent-insensitive.
* ``multi_year`` — the base term (start to end date inclusive, options not counted because they
  are not certain) lasts at least ``multi_year_months``; an open-ended contract counts.
* ``remaining_term`` — at least ``min_remaining_months`` left after ``today``, or open-ended.
* ``extension_due`` — an extension option falls due within ``extension_horizon_months``.
* ``sr_paragraph_present`` / ``sr_paragraph_absent`` — exactly one applies. *Present scores
  higher*: the guide's advice for running contracts is to realise jobs "binnen de ruimte die je
  binnen het contract hebt" and to avoid a wezenlijke wijziging (stap 2Ba, 3a); an existing
  paragraph gives that room and a partner already used to it. A contract without one still gets
  points, because the guide sees "vaak nog veel ruimte" in existing relationships where social
  return "nog niet eerder [is] besproken" (stap 2B) and suggests periodic talks even without a
  formal agreement (stap 4b, tip).
* Which of the two applies is :func:`sr_status`: the contract's stored answer (``has_sr``:
  ja / nee / n.v.t. / onbekend) and its recorded demand. A percentage above zero or clause text
  means *ja* whatever the answer says (the demand is the stronger evidence). Without a demand,
  *nee* — and no answer at all, as the score has always read a contract without a percentage —
  gets the ``sr_paragraph_absent`` points: a contract known to have no social return is a
  candidate to start the conversation on. *onbekend* gets neither: whether there is a paragraph
  must first be checked in the contract, and a guess either way would rank the contract above
  one whose answer is known. *n.v.t.* gets neither either: someone decided social return does
  not apply to it.

Stap 2Ba asks for "een top 3 van opdrachtnemers", not of contracts. :func:`rank_contractors`
groups the scored contracts by contractor (:func:`~.contract_facts.contractor_key`) and ranks
the contractors by the *sum* of their contracts' scores: a contractor with four modest
contracts is a broader relationship to build a partnership on than one large contract, and a
sum lets it outrank that contract, while an ended contract (score 0) adds nothing. The
contractor is promising when the sum reaches ``promising_threshold``; its explanation is its
best contract's reasons, and every contract's own score and reasons stay beside it. Ties go to
the higher best contract, then the larger total annual value, then the key.

The timing helpers here (:func:`add_months`, :func:`covers_months`, :func:`ends_within`,
:func:`extension_falls_due`) are shared with ``rules/clauses.py``. End dates are inclusive: a
contract from 1 January to 30 June lasts exactly six months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from typing import Generic
from typing import Protocol
from typing import TypeVar

from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.months import add_months
from sroi_plugin.rules.months import next_day
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.vocabulary import SrApplies

_WORD = re.compile(r"[a-z0-9]+")


class _Ordered(Protocol):
    """Anything with ``<``, so contract keys can break ties in :func:`rank_contracts`."""

    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Ordered)


@dataclass(frozen=True)
class ScoreReason:
    """One criterion a contract meets: shown to the user as the "why" of its score."""

    #: stable criterion name, the same as the :class:`~sroi_plugin.rules.norms.ScoreWeights` field
    key: str
    #: Dutch explanation, e.g. "Arbeidsintensieve categorie (schoonmaak)"
    label: str
    #: points this criterion adds
    points: int


@dataclass(frozen=True)
class PromisingScore:
    """How promising a contract is for a partnership (handreiking stap 2Ba)."""

    #: sum of the reasons' points
    score: int
    #: ``score`` reaches the norms' ``promising_threshold``
    promising: bool
    #: the criteria met, in a fixed order
    reasons: list[ScoreReason]


def score_contract(facts: ContractFacts, norms: Norms) -> PromisingScore:
    """Score a contract on the stap 2Ba criteria ("Kansrijke contracten", handreiking stap 2Ba).

    A contract that has already ended scores nothing: stap 2Ba is about running contracts.

    :param facts: the contract; ``facts.today`` is the reference date.
    :param norms: thresholds and weights (``norms.score_weights``).
    """
    if facts.end_date is not None and facts.end_date < facts.today:
        return PromisingScore(score=0, promising=False, reasons=[])
    weights = norms.score_weights
    met: list[tuple[str, int, str | None]] = [
        ("annual_value", weights.annual_value, _annual_value_label(facts, norms)),
        ("labour_intensive", weights.labour_intensive, _labour_intensive_label(facts, norms)),
        ("multi_year", weights.multi_year, _multi_year_label(facts, norms)),
        ("remaining_term", weights.remaining_term, _remaining_term_label(facts, norms)),
        ("extension_due", weights.extension_due, _extension_due_label(facts, norms)),
        ("sr_paragraph_present", weights.sr_paragraph_present, _sr_present_label(facts)),
        ("sr_paragraph_absent", weights.sr_paragraph_absent, _sr_absent_label(facts)),
    ]
    reasons = [
        ScoreReason(key=key, label=label, points=points)
        for key, points, label in met
        if label is not None and points > 0
    ]
    score = sum(reason.points for reason in reasons)
    return PromisingScore(
        score=score, promising=score >= norms.promising_threshold, reasons=reasons
    )


def rank_contracts(
    items: Iterable[tuple[K, ContractFacts]], norms: Norms
) -> list[tuple[K, PromisingScore]]:
    """Order contracts for the working group's top 3 (handreiking stap 2Ba).

    Highest score first; ties go to the larger annual value (the guide prefers larger
    contracts), then to the smaller key, so the order never depends on the input order.
    """
    scored = [(key, facts, score_contract(facts, norms)) for key, facts in items]
    scored.sort(key=lambda row: row[0])
    scored.sort(key=lambda row: (row[2].score, row[1].value_annual_eur), reverse=True)
    return [(key, score) for key, _facts, score in scored]


@dataclass(frozen=True)
class ContractorScore(Generic[K]):
    """How promising a contractor is: the sum over its contracts (handreiking stap 2Ba)."""

    #: :func:`~.contract_facts.contractor_key`; ``None`` for a contract whose supplier is
    #: unknown (it stands alone: it cannot be grouped, nor marked as a contractor)
    key: str | None
    #: sum of the contracts' scores
    score: int
    #: ``score`` reaches the norms' ``promising_threshold``
    promising: bool
    #: the contractor's contracts with their own scores, best first (as :func:`rank_contracts`)
    contracts: list[tuple[K, PromisingScore]]
    #: sum of the contracts' annual values
    value_annual_eur: Decimal

    @property
    def best(self) -> tuple[K, PromisingScore]:
        """The contract whose reasons explain the contractor's rank."""
        return self.contracts[0]


def rank_contractors(
    items: Iterable[tuple[str | None, K, ContractFacts]], norms: Norms
) -> list[ContractorScore[K]]:
    """Order contractors for the working group's top 3 of *opdrachtnemers* (stap 2Ba).

    :param items: per contract its contractor key (``None``: supplier unknown), its own key
        and its facts.
    :returns: contractors by summed score (see the module docstring for the ties); contracts
        without a contractor key each stand alone.
    """
    listed = list(items)
    contractor_of = {key: contractor for contractor, key, _facts in listed}
    annual = {key: facts.value_annual_eur for _contractor, key, facts in listed}
    groups: dict[object, list[tuple[K, PromisingScore]]] = {}
    keys: dict[object, str | None] = {}
    for key, score in rank_contracts(((key, facts) for _c, key, facts in listed), norms):
        contractor = contractor_of[key]
        group: object = contractor if contractor is not None else ("contract", key)
        groups.setdefault(group, []).append((key, score))
        keys[group] = contractor
    ranked = [
        ContractorScore(
            key=keys[group],
            score=(total := sum(score.score for _key, score in contracts)),
            promising=total >= norms.promising_threshold,
            contracts=contracts,
            value_annual_eur=sum((annual[key] for key, _score in contracts), Decimal(0)),
        )
        for group, contracts in groups.items()
    ]
    ranked.sort(key=lambda row: (row.key or "", row.best[0]))
    ranked.sort(key=lambda row: (row.score, row.best[1].score, row.value_annual_eur), reverse=True)
    return ranked


def is_labour_intensive(category: str, norms: Norms) -> bool:
    """Whether the category is one the guide calls labour-intensive (handreiking stap 2Ba)."""
    words = _WORD.findall(fold(category))
    joined = f" {' '.join(words)} "
    for term in (fold(name) for name in norms.labour_intensive_categories):
        term_words = _WORD.findall(term)
        if len(term_words) > 1:
            if f" {' '.join(term_words)} " in joined:
                return True
        elif any(word.startswith(term) or word.endswith(term) for word in words):
            return True
    return False


def covers_months(start: date, end: date | None, months: int) -> bool:
    """Whether ``start`` to inclusive ``end`` spans at least ``months`` (open-ended: yes)."""
    return end is None or next_day(end) >= add_months(start, months)


def ends_within(facts: ContractFacts, months: int) -> bool:
    """Whether the contract ends between ``today`` and ``months`` later, both inclusive."""
    end = facts.end_date
    return end is not None and facts.today <= end <= add_months(facts.today, months)


def extension_falls_due(facts: ContractFacts, norms: Norms) -> bool:
    """Whether an extension option falls due within the horizon (handreiking stap 2Ba).

    The first option falls due at the current end date (the decision is usually taken before
    it), so: an option exists and the end date lies within ``extension_horizon_months``.
    """
    return bool(facts.extension_months) and ends_within(facts, norms.extension_horizon_months)


def _annual_value_label(facts: ContractFacts, norms: Norms) -> str | None:
    """Larger contract: more than the norm a year."""
    if facts.value_annual_eur <= norms.promising_annual_value_eur:
        return None
    return (
        f"Jaarwaarde {format_eur(facts.value_annual_eur, cents=None)} is meer dan "
        f"{format_eur(norms.promising_annual_value_eur, cents=None)}: een groter contract"
    )


def _labour_intensive_label(facts: ContractFacts, norms: Norms) -> str | None:
    """Labour-intensive category."""
    if not is_labour_intensive(facts.category, norms):
        return None
    return f"Arbeidsintensieve categorie ({facts.category})"


def _multi_year_label(facts: ContractFacts, norms: Norms) -> str | None:
    """Multi-year base term."""
    if facts.end_date is None:
        return "Looptijd voor onbepaalde tijd: meerjarig"
    if not covers_months(facts.start_date, facts.end_date, norms.multi_year_months):
        return None
    return (
        f"Meerjarige looptijd ({format_date(facts.start_date)} t/m {format_date(facts.end_date)})"
    )


def _remaining_term_label(facts: ContractFacts, norms: Norms) -> str | None:
    """Enough time left to build a partnership."""
    if facts.end_date is None:
        return "Geen einddatum: genoeg tijd om een partnership op te bouwen"
    if facts.end_date < add_months(facts.today, norms.min_remaining_months):
        return None
    return (
        f"Nog minstens {norms.min_remaining_months} maanden looptijd (tot "
        f"{format_date(facts.end_date)}): genoeg tijd om een partnership op te bouwen"
    )


def _extension_due_label(facts: ContractFacts, norms: Norms) -> str | None:
    """An imminent extension is a natural moment to talk."""
    if facts.end_date is None or not extension_falls_due(facts, norms):
        return None
    return (
        f"Verlengingsoptie valt binnen {norms.extension_horizon_months} maanden (einddatum "
        f"{format_date(facts.end_date)}): een natuurlijk moment voor het gesprek"
    )


def sr_status(facts: ContractFacts) -> SrApplies:
    """Whether the contract has social return, as the score and the clause checks read it.

    *ja* when a percentage above zero or clause text is recorded (whatever ``has_sr`` says);
    otherwise the stored answer, and *nee* when none was ever given (see the module docstring).
    """
    if facts.has_sr_demand or facts.has_sr == SrApplies.YES:
        return SrApplies.YES
    return SrApplies(facts.has_sr) if facts.has_sr else SrApplies.NO


def _sr_present_label(facts: ContractFacts) -> str | None:
    """An existing social-return paragraph to build on."""
    if sr_status(facts) is not SrApplies.YES:
        return None
    return "Heeft al een social-returnafspraak: een partnership kan daarop voortbouwen"


def _sr_absent_label(facts: ContractFacts) -> str | None:
    """No social return yet (known, not merely unknown): room to start the conversation."""
    if sr_status(facts) is not SrApplies.NO:
        return None
    return "Nog geen social-returnafspraak: kans om het gesprek erover te beginnen"
