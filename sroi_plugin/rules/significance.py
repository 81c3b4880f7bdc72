"""Contract modification during the term: allowed, or a *wezenlijke wijziging* (substantial)?

Implements Dir. 2014/24 art. 72 / Aw 2012 art. 2.163a–2.163g (classic sector) and
Dir. 2014/25 art. 89 (special sectors) as summarised in the project's legal-rules. The Aw
numbering: 2.163a the rule and the criteria of a substantial change, 2.163b de-minimis,
2.163c–2.163f review clause, additional works, unforeseeable, replacement, 2.163g the residual
"not substantial" ground. The guide
itself (handreiking stap 2Ba, 3a) only says: use the room the contract gives, avoid a
wezenlijke wijziging and ask a procurement lawyer. So the checker never answers "allowed"
where the law leaves room for argument or a fact is unknown: it answers
``needs_legal_review`` and says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING
from decimal import ROUND_HALF_UP
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.change_bounds import decrease_problem
from sroi_plugin.rules.change_bounds import extension_months_problem
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.json_input import JsonObject
from sroi_plugin.rules.thresholds import ThresholdTable
from sroi_plugin.rules.thresholds import default_table
from sroi_plugin.rules.vocabulary import AuthorityType as Authority
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground as Ground
from sroi_plugin.rules.vocabulary import Verdict as Verdict

#: Legal amounts are shown to the cent (``€ 99.999,99``).
_eur = partial(format_eur, cents=True)


def _percent(share: Decimal) -> str:
    """A share as a Dutch percentage: 0.105 → ``10,5%``."""
    return format_pct(share * 100)


_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_NO_ROOM = Decimal("0.00")
_MONTHS_PER_YEAR = 12
_ASK_LAWYER = "Laat een aanbestedingsjurist dit beoordelen (handreiking stap 3a)."


@dataclass(frozen=True)
class Contract:
    """The contract as awarded."""

    kind: ContractKind
    authority: Authority
    #: the value at award (excl. btw); with an indexation clause the price revisions among the
    #: prior modifications are added to it (:func:`reference_value`, Dir. 72(3))
    initial_value_eur: Decimal
    award_date: date
    #: the procurement documents contain a clear review clause or option for this change
    has_review_clause_for_this_change: bool
    #: the contract is a framework agreement (informational; no rule here depends on it)
    framework: bool
    #: value per year, used to value a term extension given without an amount
    annual_value_eur: Decimal | None = None
    #: the contract has an indexation clause: its price revisions raise the reference value
    has_indexation_clause: bool = False

    def __post_init__(self) -> None:
        if self.initial_value_eur <= 0:
            raise RuleInputError(
                "contract.initial_value_eur",
                "moet groter zijn dan nul (de oorspronkelijke opdrachtwaarde excl. btw)",
            )
        if self.annual_value_eur is not None and self.annual_value_eur < 0:
            raise RuleInputError("contract.annual_value_eur", "mag niet negatief zijn")


@dataclass(frozen=True)
class PriorModification:
    """An earlier modification of the same contract; ``value_eur`` is negative for a decrease."""

    value_eur: Decimal
    date: date
    ground: Ground
    #: a price revision under the contract's indexation clause (Dir. 72(3)): it raises the
    #: reference value and is not counted in the de-minimis net cumulative value
    indexation: bool = False


@dataclass(frozen=True)
class Modification:
    """The modification to assess; ``None`` answers mean "weet ik niet"."""

    #: change in value, negative for a decrease; ``None`` for a term extension that is
    #: valued from the annual value
    value_delta_eur: Decimal | None
    date: date
    ground: Ground
    changes_overall_nature: bool | None
    shifts_economic_balance_to_contractor: bool | None
    extends_scope_considerably: bool | None
    would_have_attracted_other_bidders: bool | None
    #: term extension in months, if the modification extends the term
    extra_months: int | None = None
    #: contractor replacement only (Dir. 72(1)(d)(ii)): the successor comes in by universal or
    #: partial succession after a restructuring (takeover, merger, acquisition, insolvency)
    successor_via_restructuring: bool | None = None
    #: contractor replacement only: the successor meets the original qualitative selection criteria
    successor_meets_original_selection_criteria: bool | None = None

    def __post_init__(self) -> None:
        if self.extra_months is not None and self.extra_months < 1:
            raise RuleInputError(
                "modification.extra_months", "moet een geheel aantal maanden van minstens 1 zijn"
            )

    def answers(self) -> tuple[tuple[str, bool | None], ...]:
        """Overall nature and criteria a–c of Dir. 72(4), each with its Dutch description.

        Criterion d (a new contractor) is the ground ``contractor_replacement`` itself.
        """
        return (
            ("de algehele aard van de opdracht verandert", self.changes_overall_nature),
            (
                "criterium a: met deze voorwaarden in de oorspronkelijke procedure waren andere "
                "gegadigden of inschrijvers toegelaten of aangetrokken",
                self.would_have_attracted_other_bidders,
            ),
            (
                "criterium b: het economisch evenwicht verschuift ten gunste van de opdrachtnemer",
                self.shifts_economic_balance_to_contractor,
            ),
            (
                "criterium c: de omvang van de opdracht wordt aanzienlijk uitgebreid",
                self.extends_scope_considerably,
            ),
        )


@dataclass(frozen=True)
class AssessmentInput:
    """Everything the assessment needs; checked for consistency on construction."""

    contract: Contract
    prior_modifications: tuple[PriorModification, ...]
    modification: Modification

    def __post_init__(self) -> None:
        if self.modification.date < self.contract.award_date:
            raise RuleInputError(
                "modification.date", "ligt vóór de gunningsdatum (contract.award_date)"
            )
        for index, prior in enumerate(self.prior_modifications):
            if not self.contract.award_date <= prior.date <= self.modification.date:
                raise RuleInputError(
                    f"prior_modifications[{index}].date",
                    "moet tussen de gunningsdatum en de datum van deze wijziging liggen",
                )
        _ = self.value_eur  # raises now, not later, when the value cannot be determined

    @property
    def value_eur(self) -> Decimal:
        """Value of the modification: the given delta, or annual value × extra months / 12.

        legal-rules ("term extension"): value an extension as annual value × the extra period.

        :raises RuleInputError: when neither a delta nor a valuable term extension is given
        """
        mod = self.modification
        if mod.value_delta_eur is not None:
            return mod.value_delta_eur
        if mod.extra_months is None:
            raise RuleInputError(
                "modification.value_delta_eur",
                "ontbreekt; geef het bedrag van de wijziging, of bij een verlenging van de "
                "looptijd modification.extra_months en contract.annual_value_eur",
            )
        if self.contract.annual_value_eur is None:
            raise RuleInputError(
                "contract.annual_value_eur",
                "is nodig om de verlenging van de looptijd (modification.extra_months) te "
                "waarderen",
            )
        value = self.contract.annual_value_eur * mod.extra_months / _MONTHS_PER_YEAR
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Assessment:
    """The verdict with its article, Dutch reasons and the de-minimis figures.

    ``threshold_eur`` is the EU threshold on the modification's date; ``cumulative_eur`` the
    net cumulative value of the de-minimis modifications (this one included when its ground
    is ``de_minimis``); ``headroom_eur`` what may still be added under de-minimis
    (see :func:`de_minimis_headroom`).
    """

    verdict: Verdict
    article: str
    reasons: list[str]
    headroom_eur: Decimal
    threshold_eur: Decimal
    cumulative_eur: Decimal

    def as_dict(self) -> dict[str, str | list[str]]:
        """JSON-ready form used by the CLI (``--json``); amounts as strings with two decimals."""
        return {
            "verdict": self.verdict.value,
            "article": self.article,
            "reasons": list(self.reasons),
            "headroom_eur": str(self.headroom_eur.quantize(_CENT)),
            "threshold_eur": str(self.threshold_eur.quantize(_CENT)),
            "cumulative_eur": str(self.cumulative_eur.quantize(_CENT)),
        }


# --- de-minimis arithmetic -------------------------------------------------------------------


def net_cumulative(values: Iterable[Decimal]) -> Decimal:
    """Net cumulative value of successive de-minimis modifications, in date order.

    Aw 2012 art. 2.163b lid 2 / Dir. 2014/24 art. 72(2) second subparagraph ("net cumulative
    value"). A decrease offsets *earlier* increases (legal-rules) but the running total never
    drops below zero: a decrease is never banked as room for later increases.
    """
    total = _ZERO
    for value in values:
        total = max(_ZERO, total + value)
    return total


def gross_increases(values: Iterable[Decimal]) -> Decimal:
    """The sum of the increases alone, shown beside the net cumulative value (legal-rules:
    "Net cumulative value lets a decrease offset earlier increases ... show the gross increases
    too")."""
    return sum((value for value in values if value > 0), _ZERO)


def de_minimis_headroom(limit: Decimal, cumulative: Decimal) -> Decimal:
    """The largest whole-cent amount ``h >= 0`` with ``cumulative + h < limit`` (0 when none).

    De-minimis needs the value strictly *below* the limit (Dir. 72(2) "below"), so the
    headroom stops one cent short of it: limit 100.00 and nothing used gives 99.99.
    """
    room = limit - cumulative
    if room <= 0:
        return _NO_ROOM
    return max(_NO_ROOM, room.quantize(_CENT, rounding=ROUND_CEILING) - _CENT)


# --- the reference value (Dir. 72(3)) --------------------------------------------------------


@dataclass(frozen=True)
class ReferenceValue:
    """The base of the 10%/15% and 50% tests: the initial value, indexed where the contract says.

    Dir. 2014/24 art. 72(3): with an indexation clause the updated price is the reference value.
    ``indexation_eur`` is the sum of the price revisions under that clause (0 without a clause).
    """

    initial_eur: Decimal
    indexation_eur: Decimal
    #: the contract has an indexation clause (the sentence is shown even when nothing was indexed)
    indexed: bool

    @property
    def total_eur(self) -> Decimal:
        """Initial value plus indexation."""
        return self.initial_eur + self.indexation_eur

    @property
    def name_nl(self) -> str:
        """How the reasons name this value ("de initiële waarde" or its indexed form)."""
        return "de geïndexeerde initiële waarde" if self.indexed else "de initiële waarde"

    def describe(self) -> str:
        """``initiële waarde € 4.200.000 + indexatie € 210.000 (5,0%) = € 4.410.000 (…)``."""
        if not self.indexed:
            return f"initiële waarde {format_eur(self.initial_eur, cents=None)}"
        share = (self.indexation_eur * 100 / self.initial_eur).quantize(Decimal("0.1"))
        return (
            f"initiële waarde {format_eur(self.initial_eur, cents=None)} + indexatie "
            f"{format_eur(self.indexation_eur, cents=None)} ({f'{share}'.replace('.', ',')}%) = "
            f"{format_eur(self.total_eur, cents=None)} (Richtlijn 2014/24 art. 72 lid 3)"
        )


def reference_value(
    initial_eur: Decimal,
    has_indexation_clause: bool,
    priors: Iterable[PriorModification],
    on: date,
) -> ReferenceValue:
    """The reference value of the tests for a change dated ``on``.

    Dir. 2014/24 art. 72(3) / legal-rules ("Indexation"): where the contract has an indexation
    clause, the initial value plus the price revisions under it (prior modifications marked
    ``indexation``) dated on or before ``on``; otherwise the initial value alone. A revision
    marked ``indexation`` on a contract without such a clause is an ordinary modification.
    """
    if not has_indexation_clause:
        return ReferenceValue(initial_eur, _ZERO, indexed=False)
    indexation = sum((p.value_eur for p in priors if p.indexation and p.date <= on), _ZERO)
    return ReferenceValue(initial_eur, indexation, indexed=True)


def counts_as_change(contract: Contract, prior: PriorModification) -> bool:
    """Whether ``prior`` counts as a modification (not a price revision under the clause)."""
    return not (contract.has_indexation_clause and prior.indexation)


# --- presentation helpers -------------------------------------------------------------------


class _Provision(NamedTuple):
    """A paragraph of art. 72 (Dir. 2014/24) / art. 89 (Dir. 2014/25) and its Aw 2012 article."""

    aw_article: str
    paragraph: str

    def cite(self, special_sector: bool) -> str:
        """Citation for the UI; special sectors cite Dir. 2014/25 art. 89 (same paragraphs)."""
        if special_sector:
            return f"Richtlijn 2014/25 art. 89 {self.paragraph} (Aw 2012 deel 3)"
        return f"Aw 2012 art. {self.aw_article} / Richtlijn 2014/24 art. 72 {self.paragraph}"


_DE_MINIMIS = _Provision("2.163b", "lid 2")
_REVIEW_CLAUSE = _Provision("2.163c", "lid 1 onder a")
_ADDITIONAL_WORKS = _Provision("2.163d", "lid 1 onder b")
_UNFORESEEABLE = _Provision("2.163e", "lid 1 onder c")
_CONTRACTOR_REPLACEMENT = _Provision("2.163f", "lid 1 onder d")
_NOT_SUBSTANTIAL = _Provision("2.163g", "lid 1 onder e en lid 4")
_SUBSTANTIAL = _Provision("2.163a", "lid 4 en 5")


# --- the assessment -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """The input with the figures every judge needs, computed once."""

    inp: AssessmentInput
    value: Decimal
    threshold: Decimal
    #: the (indexed) initial value the percentages are taken of (Dir. 72(3))
    reference: ReferenceValue
    de_minimis_share: Decimal
    #: 10% / 15% of the reference value (Dir. 72(2))
    share_limit: Decimal
    cap_share: Decimal
    cumulative: Decimal
    gross_increases: Decimal
    headroom: Decimal

    @property
    def special_sector(self) -> bool:
        """Dir. 2014/25 applies instead of Dir. 2014/24."""
        return self.inp.contract.authority is Authority.SPECIAL_SECTOR

    def cite(self, provision: _Provision) -> str:
        """The article string for this contract's sector."""
        return provision.cite(self.special_sector)


@dataclass(frozen=True)
class _Judgement:
    verdict: Verdict
    article: str
    reasons: tuple[str, ...]


def _context(inp: AssessmentInput, table: ThresholdTable) -> _Context:
    """Value the modification and compute the de-minimis figures on its date."""
    contract, mod = inp.contract, inp.modification
    value = inp.value_eur
    de_minimis_values = [
        p.value_eur
        for p in sorted(inp.prior_modifications, key=lambda p: p.date)
        if p.ground is Ground.DE_MINIMIS and counts_as_change(contract, p)
    ]
    if mod.ground is Ground.DE_MINIMIS:
        de_minimis_values.append(value)
    threshold = table.threshold_for(contract.kind, contract.authority, mod.date)
    share = table.limits.de_minimis_share(contract.kind)
    reference = reference_value(
        contract.initial_value_eur,
        contract.has_indexation_clause,
        inp.prior_modifications,
        mod.date,
    )
    share_limit = share * reference.total_eur
    cumulative = net_cumulative(de_minimis_values)
    return _Context(
        inp=inp,
        value=value,
        threshold=threshold,
        reference=reference,
        de_minimis_share=share,
        share_limit=share_limit,
        cap_share=table.limits.capped_ground_share,
        cumulative=cumulative,
        gross_increases=sum((v for v in de_minimis_values if v > 0), _ZERO),
        headroom=de_minimis_headroom(min(threshold, share_limit), cumulative),
    )


def _reference_reasons(ctx: _Context) -> tuple[str, ...]:
    """Show the indexed reference value when the contract has an indexation clause."""
    if not ctx.reference.indexed:
        return ()
    return (f"Referentiewaarde voor de toets: {ctx.reference.describe()}.",)


def _valuation_reasons(ctx: _Context) -> tuple[str, ...]:
    """Say how a term extension without an amount was valued (legal-rules, "term extension")."""
    mod, contract = ctx.inp.modification, ctx.inp.contract
    if mod.value_delta_eur is not None or contract.annual_value_eur is None:
        return ()
    return (
        f"De verlenging met {mod.extra_months} maanden heeft geen bedrag; gewaardeerd als "
        f"jaarwaarde {_eur(contract.annual_value_eur)} × {mod.extra_months}/{_MONTHS_PER_YEAR} = "
        f"{_eur(ctx.value)}.",
    )


def _answers_with(mod: Modification, answer: bool | None) -> list[str]:
    """Descriptions of the qualitative questions answered ``answer``."""
    return [text for text, given in mod.answers() if given is answer]


def _judge_residual(ctx: _Context, lead: Sequence[str] = ()) -> _Judgement:
    """Outside the safe harbours: Dir. 2014/24 art. 72(1)(e), (4), (5) / Aw 2012 2.163a, 2.163g.

    Any criterion (or a change of overall nature) → substantial; any unknown → legal review;
    a value increase with all criteria false → legal review (the general "materially
    different" test is a lawyer's judgement); no change of value → allowed.
    """
    mod = ctx.inp.modification
    reasons = list(lead)
    if mod.extra_months is not None:
        reasons.append(
            "Een verlenging van de looptijd die de aanbestedingsstukken niet voorzien, is in "
            "beginsel een wezenlijke wijziging (Rb. Midden-Nederland 2017, ProRail); alleen een "
            "korte overbruggingsverlenging binnen de de-minimisgrenzen ontsnapt daaraan."
        )
    holds = _answers_with(mod, True)
    if holds:
        reasons += [f"Het geval: {text}." for text in holds]
        reasons.append(
            "Dat maakt de wijziging wezenlijk; daarvoor is een nieuwe aanbestedingsprocedure nodig."
        )
        return _Judgement(
            Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, ctx.cite(_SUBSTANTIAL), tuple(reasons)
        )
    unknown = _answers_with(mod, None)
    if unknown:
        reasons += [f"Niet beantwoord (weet ik niet): {text}." for text in unknown]
        reasons.append(_ASK_LAWYER)
        return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, ctx.cite(_NOT_SUBSTANTIAL), tuple(reasons))
    if ctx.value == 0:
        reasons.append(
            "De waarde verandert niet en geen van de criteria geldt: geen wezenlijke wijziging."
        )
        return _Judgement(Verdict.ALLOWED, ctx.cite(_NOT_SUBSTANTIAL), tuple(reasons))
    if mod.ground is not Ground.DE_MINIMIS and 0 < ctx.value <= ctx.headroom:
        reasons.append(
            f"Deze verhoging past binnen de resterende de-minimisruimte ({_eur(ctx.headroom)}); "
            "verandert de algehele aard niet, beoordeel haar dan met grond de-minimis."
        )
    change = "verhoging" if ctx.value > 0 else "verlaging"
    reasons.append(
        f"Geen van de criteria geldt, maar de waarde verandert ({change} van "
        f"{_eur(abs(ctx.value))}); of de opdracht daardoor wezenlijk anders wordt, is een "
        "juridisch oordeel."
    )
    reasons.append(_ASK_LAWYER)
    return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, ctx.cite(_NOT_SUBSTANTIAL), tuple(reasons))


def _de_minimis_misses(ctx: _Context) -> list[str]:
    """Why the net cumulative value is not strictly below both de-minimis limits (Dir. 72(2))."""
    misses = []
    if ctx.cumulative >= ctx.share_limit:
        misses.append(
            f"De netto cumulatieve waarde {_eur(ctx.cumulative)} is niet lager dan "
            f"{_percent(ctx.de_minimis_share)} van {ctx.reference.name_nl} "
            f"({_eur(ctx.share_limit)})."
        )
    if ctx.cumulative >= ctx.threshold:
        misses.append(
            f"De netto cumulatieve waarde {_eur(ctx.cumulative)} is niet lager dan de EU-drempel "
            f"{_eur(ctx.threshold)}."
        )
    return misses


def _netting_reasons(ctx: _Context) -> tuple[str, ...]:
    """Show the gross increases when decreases were netted (legal-rules: show them too)."""
    if ctx.gross_increases == ctx.cumulative:
        return ()
    return (
        f"Bruto verhogingen {_eur(ctx.gross_increases)}, netto cumulatief {_eur(ctx.cumulative)}: "
        "verlagingen compenseren eerdere verhogingen. Dat volgt uit de tekst van de richtlijn; "
        "Nederlandse rechtspraak hierover is niet bekend.",
    )


def _judge_de_minimis(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163b / Dir. 2014/24 art. 72(2) (Dir. 2014/25 art. 89(2)).

    Allowed when the net cumulative value is strictly below both the EU threshold and
    10% / 15% of the initial value and the overall nature does not change; criteria a–d are
    then not tested. Outside the limits the change is judged as outside the safe harbours.
    """
    mod = ctx.inp.modification
    article = ctx.cite(_DE_MINIMIS)
    misses = _de_minimis_misses(ctx)
    if misses:
        lead = [*misses, "De de-minimisregeling is dus niet van toepassing."]
        return _judge_residual(ctx, lead)
    reasons = list(_netting_reasons(ctx))
    if mod.changes_overall_nature is True:
        reasons.append(
            "De algehele aard van de opdracht verandert; dan geldt de de-minimisregeling niet, "
            "ook niet onder de grenzen. Een nieuwe aanbestedingsprocedure is nodig."
        )
        return _Judgement(Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, article, tuple(reasons))
    if mod.changes_overall_nature is None:
        reasons.append(
            "Niet beantwoord (weet ik niet): verandert de algehele aard van de opdracht? De "
            "de-minimisregeling geldt alleen als die niet verandert."
        )
        reasons.append(_ASK_LAWYER)
        return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, article, tuple(reasons))
    reasons.append(
        f"De netto cumulatieve waarde {_eur(ctx.cumulative)} ligt onder "
        f"{_percent(ctx.de_minimis_share)} van {ctx.reference.name_nl} ({_eur(ctx.share_limit)}) "
        f"en onder de EU-drempel {_eur(ctx.threshold)}, en de algehele aard verandert niet. De "
        "criteria a–d hoeven dan niet getoetst te worden; er hoeft niets gepubliceerd te worden."
    )
    return _Judgement(Verdict.ALLOWED, article, tuple(reasons))


@dataclass(frozen=True)
class _Harbour:
    """A ground of art. 72(1)(a)–(d): what must hold, and what the user gets when it does."""

    provision: _Provision
    #: ``allowed`` or ``allowed_with_publication``
    verdict: Verdict
    #: Dutch: the conditions of the ground, which the checker takes on trust
    conditions: str
    #: the 50% cap per modification applies (classic sector only)
    capped: bool


_REVIEW_CLAUSE_HARBOUR = _Harbour(
    _REVIEW_CLAUSE,
    Verdict.ALLOWED,
    "Voorwaarde: de oorspronkelijke aanbestedingsstukken voorzien deze wijziging in een "
    "duidelijke, nauwkeurige en ondubbelzinnige herzieningsclausule of optie (omvang, aard en "
    "voorwaarden).",
    capped=False,
)
_ADDITIONAL_WORKS_HARBOUR = _Harbour(
    _ADDITIONAL_WORKS,
    Verdict.ALLOWED_WITH_PUBLICATION,
    "Voorwaarde: de aanvullende werken, diensten of leveringen zijn nodig geworden, zaten niet "
    "in de oorspronkelijke opdracht, en een andere opdrachtnemer kan om economische of "
    "technische redenen niet én zou tot aanzienlijk ongemak of aanzienlijke dubbele kosten "
    "leiden.",
    capped=True,
)
_UNFORESEEABLE_HARBOUR = _Harbour(
    _UNFORESEEABLE,
    Verdict.ALLOWED_WITH_PUBLICATION,
    "Voorwaarde: de wijziging is nodig door omstandigheden die een zorgvuldige aanbestedende "
    "dienst niet kon voorzien.",
    capped=True,
)
_CONTRACTOR_REPLACEMENT_HARBOUR = _Harbour(
    _CONTRACTOR_REPLACEMENT,
    Verdict.ALLOWED,
    "Voorwaarde: de nieuwe opdrachtnemer komt in de plaats op grond van een ondubbelzinnige "
    "herzieningsclausule, door opvolging na herstructurering (overname, fusie, verwerving, "
    "insolventie) van een opdrachtnemer die aan de oorspronkelijke selectiecriteria voldoet "
    "zonder andere wezenlijke wijzigingen, of doordat de dienst zelf de verplichtingen jegens de "
    "onderaannemers overneemt. Elke andere nieuwe opdrachtnemer is een wezenlijke wijziging "
    "(criterium d).",
    capped=False,
)


def _cap_check(ctx: _Context, harbour: _Harbour) -> tuple[bool, str | None]:
    """Whether the 50% cap is exceeded, and the reason to show.

    Dir. 2014/24 art. 72(1)(b) and (c); no cap in special sectors (Dir. 2014/25 art. 89(1)).
    """
    if not harbour.capped or ctx.value <= 0:
        return False, None
    if ctx.special_sector:
        return False, (
            "In de speciale sectoren geldt voor deze grond geen grens van "
            f"{_percent(ctx.cap_share)} (Richtlijn 2014/25 art. 89)."
        )
    cap = ctx.cap_share * ctx.reference.total_eur
    over = ctx.value > cap
    relation = "is hoger dan" if over else "blijft binnen"
    return over, (
        f"De prijsverhoging {_eur(ctx.value)} {relation} {_percent(ctx.cap_share)} van "
        f"{ctx.reference.name_nl} ({_eur(cap)}); die grens geldt per wijziging en opeenvolgende "
        "wijzigingen mogen niet dienen om de regels te omzeilen."
    )


def _judge_harbour(ctx: _Context, harbour: _Harbour, obstacles: Sequence[str] = ()) -> _Judgement:
    """A ground of Dir. 2014/24 art. 72(1)(a)–(d) / Aw 2012 art. 2.163c–2.163f.

    A change of overall nature or an exceeded 50% cap → substantial. Criteria a–c do not
    decide for these grounds (art. 72(4) defines "substantial" for point (e)), but a criterion
    that holds or is unknown casts doubt on the ground → legal review, never "allowed".
    """
    mod = ctx.inp.modification
    article = ctx.cite(harbour.provision)
    over_cap, cap_reason = _cap_check(ctx, harbour)
    reasons = [harbour.conditions, *([cap_reason] if cap_reason else [])]
    if mod.changes_overall_nature is True:
        reasons.append(
            "De algehele aard van de opdracht verandert; dat valt buiten deze grond. Een nieuwe "
            "aanbestedingsprocedure is nodig."
        )
        return _Judgement(Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, article, tuple(reasons))
    if over_cap:
        reasons.append(
            "Deze grond dekt de wijziging dus niet; een nieuwe aanbestedingsprocedure is nodig."
        )
        return _Judgement(Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, article, tuple(reasons))
    doubts = [
        *(f"Niet beantwoord (weet ik niet): {text}." for text in _answers_with(mod, None)),
        *(
            f"Het geval: {text}; controleer of deze grond de wijziging echt dekt."
            for text in _answers_with(mod, True)
        ),
        *obstacles,
    ]
    if doubts:
        return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, article, (*reasons, *doubts, _ASK_LAWYER))
    if harbour.verdict is Verdict.ALLOWED_WITH_PUBLICATION:
        reasons.append(
            "Publiceer een aankondiging van deze wijziging in het Publicatieblad van de Europese "
            "Unie."
        )
    return _Judgement(harbour.verdict, article, tuple(reasons))


def _judge_review_clause(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163c / Dir. 2014/24 art. 72(1)(a): no value cap, nothing to publish."""
    if not ctx.inp.contract.has_review_clause_for_this_change:
        lead = (
            "Grond herzieningsclausule gekozen, maar het contract heeft geen herzieningsclausule "
            "of optie voor deze wijziging.",
        )
        return _judge_residual(ctx, lead)
    return _judge_harbour(ctx, _REVIEW_CLAUSE_HARBOUR)


def _judge_contractor_replacement(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163f / Dir. 2014/24 art. 72(1)(d): a new contractor replaces the original.

    ``allowed`` under an unequivocal review clause for it (point (i), checked like any harbour),
    or by universal or partial succession after a restructuring of a successor that meets the
    original qualitative selection criteria, with no other substantial modification (point (ii):
    the overall nature and criteria a–c all "nee", no price increase). A known "nee" to either
    fact of point (ii) makes it substantial (Dir. 72(4)(d)); an unknown one → legal review.
    Point (iii), the authority taking over the obligations towards subcontractors, is not asked;
    the reasons say so. Every reason cites the article.
    """
    article = ctx.cite(_CONTRACTOR_REPLACEMENT)
    if ctx.inp.contract.has_review_clause_for_this_change:
        obstacles = []
        if ctx.value > 0:
            obstacles.append(
                f"Bij de vervanging hoort een prijsverhoging van {_eur(ctx.value)}; die heeft een "
                "eigen grond nodig."
            )
        judgement = _judge_harbour(ctx, _CONTRACTOR_REPLACEMENT_HARBOUR, obstacles)
    else:
        judgement = _judge_succession(ctx, article)
    return _Judgement(
        judgement.verdict,
        judgement.article,
        tuple(
            reason if article in reason else f"{reason} ({article})" for reason in judgement.reasons
        ),
    )


_SUCCESSION_FACTS = (
    (
        "successor_via_restructuring",
        "de nieuwe opdrachtnemer komt in de plaats door opvolging onder algemene of bijzondere "
        "titel na een herstructurering (overname, fusie, verwerving of insolventie)",
    ),
    (
        "successor_meets_original_selection_criteria",
        "de nieuwe opdrachtnemer voldoet aan de oorspronkelijke kwalitatieve selectiecriteria",
    ),
)


def _judge_succession(ctx: _Context, article: str) -> _Judgement:
    """Dir. 2014/24 art. 72(1)(d)(ii): succession, when there is no review clause."""
    mod = ctx.inp.modification
    reasons = ["Er is geen herzieningsclausule voor deze vervanging."]
    answers = [(text, getattr(mod, name)) for name, text in _SUCCESSION_FACTS]
    failed = [text for text, given in answers if given is False]
    if failed:
        reasons += [f"Niet het geval: {text}." for text in failed]
        reasons.append(
            "Een andere nieuwe opdrachtnemer dan via een herzieningsclausule of via opvolging na "
            "herstructurering is een wezenlijke wijziging (criterium d); een nieuwe "
            "aanbestedingsprocedure is nodig. Neemt de dienst zelf de verplichtingen van de "
            "hoofdopdrachtnemer jegens de onderaannemers over, leg het dan voor aan een jurist."
        )
        return _Judgement(Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, article, tuple(reasons))
    unknown = [text for text, given in answers if given is None]
    if unknown:
        reasons += [f"Niet beantwoord (weet ik niet): {text}." for text in unknown]
        reasons.append(_ASK_LAWYER)
        return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, article, tuple(reasons))
    reasons += [f"Het geval: {text}." for text, _ in answers]
    holds = _answers_with(mod, True)
    if holds:
        reasons += [
            f"Met de vervanging komt een andere wezenlijke wijziging: {text}." for text in holds
        ]
        reasons.append(
            "De vervanging valt dan niet onder deze grond; een nieuwe aanbestedingsprocedure is "
            "nodig."
        )
        return _Judgement(Verdict.SUBSTANTIAL_NEW_PROCEDURE_REQUIRED, article, tuple(reasons))
    doubts = [f"Niet beantwoord (weet ik niet): {text}." for text in _answers_with(mod, None)]
    if ctx.value > 0:
        doubts.append(
            f"Bij de vervanging hoort een prijsverhoging van {_eur(ctx.value)}; die heeft een "
            "eigen grond nodig."
        )
    if doubts:
        return _Judgement(Verdict.NEEDS_LEGAL_REVIEW, article, (*reasons, *doubts, _ASK_LAWYER))
    reasons.append(
        "Er komen geen andere wezenlijke wijzigingen bij de vervanging: de vervanging is "
        "toegestaan; er hoeft niets gepubliceerd te worden."
    )
    return _Judgement(Verdict.ALLOWED, article, tuple(reasons))


def _judge_additional_works(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163d / Dir. 2014/24 art. 72(1)(b): 50% cap per change, publish a notice."""
    return _judge_harbour(ctx, _ADDITIONAL_WORKS_HARBOUR)


def _judge_unforeseeable(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163e / Dir. 2014/24 art. 72(1)(c): 50% cap per change, publish a notice."""
    return _judge_harbour(ctx, _UNFORESEEABLE_HARBOUR)


def _judge_no_ground(ctx: _Context) -> _Judgement:
    """Aw 2012 art. 2.163g (with the criteria of 2.163a) / Dir. 2014/24 art. 72(1)(e) and (4): the
    residual test."""
    return _judge_residual(ctx)


_JUDGES = {
    Ground.DE_MINIMIS: _judge_de_minimis,
    Ground.REVIEW_CLAUSE: _judge_review_clause,
    Ground.ADDITIONAL_WORKS: _judge_additional_works,
    Ground.UNFORESEEABLE: _judge_unforeseeable,
    Ground.CONTRACTOR_REPLACEMENT: _judge_contractor_replacement,
    Ground.NONE: _judge_no_ground,
}


def assess_modification(inp: AssessmentInput, *, table: ThresholdTable | None = None) -> Assessment:
    """Is this modification allowed without a new procedure? Aw 2012 art. 2.163a–2.163g.

    Implements Dir. 2014/24 art. 72 as set out in legal-rules.md ("Consequences a checker
    should draw").

    The invoked ground decides which test applies; special sectors follow Dir. 2014/25
    art. 89 (no 50% cap). The EU threshold is the one in force on the modification's date.

    :param table: thresholds with the organisation's overrides (:func:`load_threshold_table`)
    :raises RuleInputError: (``modification.date``) when no threshold period covers the date
    """
    ctx = _context(inp, table or default_table())
    judgement = _JUDGES[inp.modification.ground](ctx)
    return Assessment(
        verdict=judgement.verdict,
        article=judgement.article,
        reasons=[*_reference_reasons(ctx), *_valuation_reasons(ctx), *judgement.reasons],
        headroom_eur=ctx.headroom,
        threshold_eur=ctx.threshold,
        cumulative_eur=ctx.cumulative,
    )


# --- the legal reviewer's decision ---------------------------------------------------------

_GROUND_PROVISIONS = {
    Ground.DE_MINIMIS: _DE_MINIMIS,
    Ground.REVIEW_CLAUSE: _REVIEW_CLAUSE,
    Ground.ADDITIONAL_WORKS: _ADDITIONAL_WORKS,
    Ground.UNFORESEEABLE: _UNFORESEEABLE,
    Ground.CONTRACTOR_REPLACEMENT: _CONTRACTOR_REPLACEMENT,
    Ground.NONE: _NOT_SUBSTANTIAL,
}
#: The grounds that require a modification notice (Dir. 2014/24 art. 72(1), last subparagraph;
#: Aw 2012 art. 2.163d and 2.163e).
PUBLICATION_GROUNDS = frozenset({Ground.ADDITIONAL_WORKS, Ground.UNFORESEEABLE})


def ground_article(ground: Ground) -> str:
    """The Aw 2012 article of a ground, short, for the register: ``art. 2.163d Aw 2012``."""
    return f"art. {_GROUND_PROVISIONS[ground].aw_article} Aw 2012"


def decision_ground_problem(decision: Decision, ground: Ground) -> str | None:
    """Why a legal reviewer's decision does not fit the ground chosen, or ``None`` when it does.

    legal-rules ("Grounds"): additional works (Aw 2012 art. 2.163d / Dir. 72(1)(b)) and
    unforeseeable circumstances (Aw 2012 art. 2.163e / Dir. 72(1)(c)) require the publication
    of a modification notice, and no other ground does. So "toegestaan met aankondiging" needs
    one of those two grounds, and "toegestaan" under either of them leaves out the notice the
    law requires. "Wezenlijk" fits any ground.
    """
    if decision is Decision.ALLOWED_WITH_PUBLICATION and ground not in PUBLICATION_GROUNDS:
        return (
            f"'{Decision.ALLOWED_WITH_PUBLICATION.label}' past alleen bij de grond aanvullende "
            "werken (art. 2.163d Aw 2012) of onvoorziene omstandigheden (art. 2.163e Aw 2012): "
            f"alleen die vragen een aankondiging. Onder de grond '{ground.label}' hoeft niets "
            "gepubliceerd te worden; kies 'Toegestaan' of een andere grond."
        )
    if decision is Decision.ALLOWED and ground in PUBLICATION_GROUNDS:
        return (
            f"Onder de grond '{ground.label}' ({ground_article(ground)} / Richtlijn 2014/24 "
            "art. 72 lid 1) is een aankondiging van de wijziging verplicht; kies 'Toegestaan "
            "met aankondiging'."
        )
    return None


# --- parsing JSON-like input (the CLI format) ----------------------------------------------


def _amount(section: JsonObject, name: str) -> Decimal:
    """An amount: text as people write it, or a JSON integer or ``Decimal`` taken exactly;
    negative allowed (a decrease)."""
    return section.amount(name, negative=True, exact_numbers=True)


def _optional_amount(section: JsonObject, name: str) -> Decimal | None:
    return section.optional(name, lambda key: _amount(section, key))


def _parse_contract(section: JsonObject) -> Contract:
    return Contract(
        kind=section.term("kind", ContractKind),
        authority=section.term("authority", Authority),
        initial_value_eur=_amount(section, "initial_value_eur"),
        award_date=section.date("award_date"),
        has_review_clause_for_this_change=section.flag("has_review_clause_for_this_change"),
        framework=section.flag("framework"),
        annual_value_eur=_optional_amount(section, "annual_value_eur"),
        has_indexation_clause=section.optional("has_indexation_clause", section.flag) is True,
    )


def _parse_prior(section: JsonObject) -> PriorModification:
    return PriorModification(
        value_eur=_amount(section, "value_eur"),
        date=section.date("date"),
        ground=section.term("ground", Ground),
        indexation=section.optional("indexation", section.flag) is True,
    )


def _parse_modification(section: JsonObject) -> Modification:
    return Modification(
        value_delta_eur=_optional_amount(section, "value_delta_eur"),
        date=section.date("date"),
        ground=section.term("ground", Ground),
        changes_overall_nature=section.answer("changes_overall_nature"),
        shifts_economic_balance_to_contractor=section.answer(
            "shifts_economic_balance_to_contractor"
        ),
        extends_scope_considerably=section.answer("extends_scope_considerably"),
        would_have_attracted_other_bidders=section.answer("would_have_attracted_other_bidders"),
        extra_months=section.months("extra_months"),
        successor_via_restructuring=section.answer("successor_via_restructuring"),
        successor_meets_original_selection_criteria=section.answer(
            "successor_meets_original_selection_criteria"
        ),
    )


def parse_assessment_input(data: Mapping[str, object]) -> AssessmentInput:
    """Build an :class:`AssessmentInput` from JSON-like data (the CLI and web format).

    Amounts are strings, ints or ``Decimal`` (never float: parse JSON with
    ``parse_float=Decimal``); dates ``YYYY-MM-DD``; the four qualitative answers may be null
    or absent ("weet ik niet"); ``prior_modifications`` may be absent. Read with
    :class:`.json_input.JsonObject`.

    :raises RuleInputError: naming the field by its dotted path, e.g. ``modification.ground``
    """
    root = JsonObject(data)
    inp = AssessmentInput(
        contract=_parse_contract(root.section("contract")),
        prior_modifications=tuple(_parse_prior(item) for item in root.items("prior_modifications")),
        modification=_parse_modification(root.section("modification")),
    )
    _check_plausible(inp)
    return inp


def _check_plausible(inp: AssessmentInput) -> None:
    """The change form's plausibility bounds (:mod:`.change_bounds`) on what the input holds.

    The input has no current end date, only ``extra_months``, so the horizon applies to that; the
    current value is the initial value with the earlier modifications.
    """
    mod = inp.modification
    current = inp.contract.initial_value_eur + sum(
        (prior.value_eur for prior in inp.prior_modifications), _ZERO
    )
    value_problem = decrease_problem(mod.value_delta_eur, current)
    if value_problem is not None:
        raise RuleInputError("modification.value_delta_eur", value_problem.rstrip("."))
    months_problem = extension_months_problem(mod.extra_months)
    if months_problem is not None:
        raise RuleInputError("modification.extra_months", months_problem.rstrip("."))


# --- adding social return to a running contract -------------------------------------------

#: Stable code of :func:`social_return_addition_advice`.
SR_ADDED_TO_RUNNING_CONTRACT = "SR_ADDED_TO_RUNNING_CONTRACT"


def social_return_addition_advice() -> Finding:
    """The guide's advice when a change adds a social-return obligation to a running contract.

    Handreiking stap 2Ba ("gebruik de ruimte die je binnen het contract hebt en voorkom een
    wezenlijke wijziging van het contract") and stap 3a ("Vraag een aanbestedingsjurist naar
    eventuele wijzigingen te kijken"), with legal-rules ("Adding a social-return obligation to a
    running contract"): without a price change and with a–d false it is not substantial;
    compensation for it is a value change tested like any other. Shown beside the verdict; it
    does not change it.
    """
    return Finding(
        code=SR_ADDED_TO_RUNNING_CONTRACT,
        severity=Severity.INFO,
        title="Social return toevoegen aan een lopend contract",
        explanation=(
            "Gebruik de ruimte die het contract al biedt en voorkom een wezenlijke wijziging "
            "(handreiking stap 2Ba). Zonder prijsverandering, en als geen van de criteria a–d "
            "geldt, is het toevoegen van social return geen wezenlijke wijziging. Een vergoeding "
            "voor de opdrachtnemer is een waardewijziging die net zo getoetst wordt als elke "
            "andere: binnen de de-minimisgrens is die toegestaan. Realiseer de banen bij voorkeur "
            "binnen het bestaande contract, bijvoorbeeld via natuurlijk verloop, leerwerkplekken "
            "of een vacature bij de opdrachtnemer (stap 3a), en vraag bij twijfel een "
            "aanbestedingsjurist om mee te kijken."
        ),
        source="handreiking stap 2Ba / 3a; Aw 2012 art. 2.163a–2.163b",
    )
