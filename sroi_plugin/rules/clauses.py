"""Social-return clause and applicability checks (handreiking stap 2Ac, 2Ad, 2Ba, 4a, Bijlage IV).

:func:`check_clause` looks at a contract's facts (value, wage sum, term, kind, authority) and at
the Dutch text of its social-return clause, and returns :class:`Finding` objects a contract
manager can act on. The thresholds come from :class:`~sroi_plugin.rules.norms.Norms`.

How the clause text is read
---------------------------
The text checks are a table in ``rules/clause_text.py``, written on the sentence and negation
analyser of ``rules/dutch_sentences.py``; both modules describe their rules. This module holds
the input parsing, the checks of the facts, and :func:`check_clause`, which runs both.

Choices where the guide gives no detail
---------------------------------------
* A percentage without a basis (``sr_basis`` null) is read as a share of the project sum, the
  stricter reading for the supply and wage-share checks.
* A missing wage sum is derived as wage share × project sum, and a missing wage share as wage
  sum / project sum; the explanation says so when it was derived.
* Terms use the base term (start to inclusive end date); options are not certain.
* ``SR_EXPIRING`` is for contracts without an extension option; one with an option falling
  due gets ``SR_EXTENSION_COMING`` instead (the contract need not end).
* The guide's figures (€ 100.000, < 6 months, a wage share < 50% with 2% of the project sum)
  are what "veel overheden" do or examples ("bv."); the findings quote them as such and call
  the thresholds the organisation's settings (``norms.json``), never the guide's maximum.
* ``SR_TEXT_FIELDS_MISMATCH`` compares the percentage and basis the clause text states
  (:func:`.clause_text.stated_demand`) with the contract's fields; a plain data check, not a
  guide rule.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from decimal import Decimal
from functools import partial

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.clause_text import TEXT_RULES
from sroi_plugin.rules.clause_text import stated_demand
from sroi_plugin.rules.contract_facts import ContractFacts as ContractFacts
from sroi_plugin.rules.contract_facts import parse_extension_options as parse_extension_options
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch_sentences import analyse
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.json_input import JsonObject
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.portfolio import covers_months
from sroi_plugin.rules.portfolio import ends_within
from sroi_plugin.rules.portfolio import extension_falls_due
from sroi_plugin.rules.portfolio import score_contract
from sroi_plugin.rules.portfolio import sr_status
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm

#: Amounts in explanations: cents only when there are any.
_eur = partial(format_eur, cents=None)

#: stored codes of the choice fields (the vocabulary's lists; any of their words is read)
KINDS = ContractKind.codes()
AUTHORITIES = AuthorityType.codes()
SR_BASES = SrBasis.codes()
SR_FORMS = SrForm.codes()


# --------------------------------------------------------------------------- input parsing

_LABELS = {
    "kind": "De soort opdracht",
    "authority": "Het type aanbestedende dienst",
    "value_total_eur": "De totale contractwaarde",
    "value_annual_eur": "De jaarwaarde",
    "wage_sum_eur": "De loonsom",
    "wage_share": "Het loonaandeel",
    "start_date": "De startdatum",
    "end_date": "De einddatum",
    "extension_options": "De verlengingsopties",
    "framework": "Het veld raamovereenkomst",
    "category": "De inkoopcategorie",
    "sr_percentage": "Het social-returnpercentage",
    "sr_basis": "De grondslag van social return",
    "sr_form": "De vorm van social return",
    "clause_text": "De clausuletekst",
    "today": "De peildatum",
    "has_sr": "Het antwoord of er social return is",
}


def parse_contract_facts(data: Mapping[str, object]) -> ContractFacts:
    """Build :class:`ContractFacts` from the CLI's JSON object, checking every field.

    Nullable fields may be left out (read as null); unknown fields are refused so a typo
    cannot silently switch a check off. Read with :class:`.json_input.JsonObject`, worded with
    the Dutch names of :data:`_LABELS`.

    :raises RuleInputError: naming the field (Dutch message) when a field is missing or invalid.
    """
    read = JsonObject(data, labels=_LABELS)
    read.refuse_unknown(_LABELS)
    facts = ContractFacts(
        kind=read.term("kind", ContractKind, "soort opdracht"),
        authority=read.term("authority", AuthorityType, "soort aanbestedende dienst"),
        value_total_eur=read.amount("value_total_eur"),
        value_annual_eur=read.amount("value_annual_eur"),
        wage_sum_eur=read.optional("wage_sum_eur", read.amount),
        wage_share=read.optional("wage_share", read.share),
        start_date=read.date("start_date"),
        end_date=read.optional("end_date", read.date),
        extension_options=read.optional("extension_options", read.text),
        framework=read.flag("framework"),
        category=read.text("category"),
        sr_percentage=read.optional("sr_percentage", read.percentage),
        sr_basis=read.optional_term("sr_basis", SrBasis, "SR-grondslag"),
        sr_form=read.optional_term("sr_form", SrForm, "vorm van social return"),
        clause_text=read.optional("clause_text", read.text),
        today=read.date("today"),
        has_sr=read.optional_term("has_sr", SrApplies, "antwoord ja, nee, n.v.t. of onbekend"),
    )
    if facts.end_date is not None and facts.end_date < facts.start_date:
        raise RuleInputError(
            "end_date",
            f"De einddatum ({format_date(facts.end_date)}) ligt vóór de startdatum "
            f"({format_date(facts.start_date)}).",
        )
    parse_extension_options(facts.extension_options)
    return facts


# --------------------------------------------------------------------------- fact rules


def _wage_sum(facts: ContractFacts) -> Decimal | None:
    """The wage sum, or the wage share times the project sum when only the share is known."""
    if facts.wage_sum_eur is not None:
        return facts.wage_sum_eur
    if facts.wage_share is not None:
        return facts.value_total_eur * facts.wage_share
    return None


def _wage_share(facts: ContractFacts) -> Decimal | None:
    """The wage share, or wage sum / project sum when only the sum is known."""
    if facts.wage_share is not None:
        return facts.wage_share
    if facts.wage_sum_eur is not None and facts.value_total_eur > 0:
        return facts.wage_sum_eur / facts.value_total_eur
    return None


def _asks_share_of_project_sum(facts: ContractFacts) -> bool:
    """A percentage of the project sum is asked (no basis given reads as the project sum)."""
    asks = facts.sr_percentage is not None and facts.sr_percentage > 0
    return asks and facts.sr_basis in (SrBasis.PROJECT_SUM, None)


def _percent(fraction: Decimal) -> str:
    """A fraction as a Dutch percentage, "0.455" → "45,5"."""
    return _number_nl(fraction * 100)


def _number_nl(number: Decimal) -> str:
    """A number without trailing zeros, decimal comma."""
    text = f"{number.quantize(Decimal('0.1')):f}".removesuffix(".0")
    return text.replace(".", ",")


def _check_size(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SIZE_SMALL: a percentage demanded below the organisation's size norm (stap 2Ac).

    Source: handreiking stap 2Ac (omvang): "De social return eis moet proportioneel zijn ten
    opzichte van de totale projectsom. Om die reden passen veel overheden social return toe bij
    grote projecten (€100.000 of hoger), maar ook bij kleine opdrachten kun je hierover in gesprek
    gaan." The € 100.000 is a common practice, not a norm of the guide: the threshold is the
    organisation's ``size_norm_eur``.
    """
    if facts.sr_percentage is None or facts.sr_percentage <= 0:
        return None
    if facts.value_total_eur >= norms.size_norm_eur:
        return None
    return Finding(
        code="SR_SIZE_SMALL",
        severity=Severity.WARNING,
        title="Social-returneis onder de groottenorm van de organisatie",
        explanation=(
            f"De contractwaarde ({_eur(facts.value_total_eur)}) ligt onder de groottenorm van "
            f"de organisatie ({_eur(norms.size_norm_eur)}), maar er wordt "
            f"{_number_nl(facts.sr_percentage)}% social return geëist. Volgens de handreiking "
            "moet de eis proportioneel zijn ten opzichte van de totale projectsom; veel "
            "overheden passen social return daarom toe bij grote projecten (€ 100.000 of "
            "hoger), maar ook bij kleine opdrachten kun je hierover in gesprek gaan. Ga na of "
            "de eis bij deze omvang proportioneel is."
        ),
        source="handreiking stap 2Ac (omvang); groottenorm: instelling van de organisatie",
    )


def _check_rijk_wage_sum(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_RIJK_WAGE_SUM: central government, large wage sum, no social return (or unknown).

    Source: handreiking Bijlage IV (Maatwerk voor Mensen): "Bij aanbestedingen met een loonsom
    vanaf 250.000 euro kijken betrokkenen altijd naar kansen voor social return". A contract
    marked *n.v.t.* is left alone (someone decided social return does not apply); one marked
    *onbekend* gets the finding, worded as unknown rather than absent.
    """
    wage_sum = _wage_sum(facts)
    status = sr_status(facts)
    if facts.authority != AuthorityType.CENTRAL or wage_sum is None:
        return None
    if status not in (SrApplies.NO, SrApplies.UNKNOWN):
        return None
    if wage_sum < norms.rijk_wage_sum_norm_eur:
        return None
    derived = " (berekend uit loonaandeel en contractwaarde)" if facts.wage_sum_eur is None else ""
    unknown = status is SrApplies.UNKNOWN
    return Finding(
        code="SR_RIJK_WAGE_SUM",
        severity=Severity.WARNING,
        title=(
            "Rijksopdracht met grote loonsom: onbekend of er social return is"
            if unknown
            else "Rijksopdracht met grote loonsom zonder social return"
        ),
        explanation=(
            f"Dit is een opdracht van de Rijksoverheid met een loonsom van {_eur(wage_sum)}"
            f"{derived}, maar "
            + (
                "het is onbekend of er social return is; zoek dat eerst na in het contract. "
                if unknown
                else "er is geen social-returnafspraak. "
            )
            + "In de werkwijze van de "
            "Rijksoverheid (Maatwerk voor Mensen) kijken betrokkenen bij aanbestedingen met een "
            "loonsom vanaf 250.000 euro altijd naar kansen voor social return; deze toets "
            f"gebruikt {_eur(norms.rijk_wage_sum_norm_eur)} (instelling van de organisatie). "
            "Verken die kansen met de opdrachtnemer, binnen de ruimte van het contract of in de "
            "volgende aanbesteding."
        ),
        source="handreiking Bijlage IV (Maatwerk voor Mensen)",
    )


def _demands_social_return(facts: ContractFacts) -> bool:
    """A percentage above zero is asked and the contract is not marked nee, n.v.t. or onbekend."""
    if facts.sr_percentage is None or facts.sr_percentage <= 0:
        return False
    return facts.has_sr not in (SrApplies.NO, SrApplies.NOT_APPLICABLE, SrApplies.UNKNOWN)


def _check_duration(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SHORT_DURATION: social return demanded on a short contract (stap 2Ac, duur).

    Source: handreiking stap 2Ac (duur): "Veel overheden passen social return niet toe bij
    kortdurende projecten (< 6 maanden), omdat dit veel uitvoeringsproblemen geeft en doelen
    daardoor niet of lastig realiseerbaar zijn." Only a contract that demands social return (see
    :func:`_demands_social_return`) is warned. The base term counts (start to inclusive end
    date); options are not certain.
    """
    if not _demands_social_return(facts) or facts.end_date is None:
        return None
    if covers_months(facts.start_date, facts.end_date, norms.min_duration_months):
        return None
    return Finding(
        code="SR_SHORT_DURATION",
        severity=Severity.WARNING,
        title="Social return bij een kortlopende opdracht",
        explanation=(
            f"De looptijd ({format_date(facts.start_date)} t/m {format_date(facts.end_date)}) is "
            f"korter dan {norms.min_duration_months} maanden (instelling van de organisatie), "
            "terwijl er social return wordt geëist. Volgens de handreiking passen veel "
            "overheden social return niet toe bij kortdurende projecten (< 6 maanden), omdat "
            "dit veel uitvoeringsproblemen geeft en doelen daardoor niet of lastig realiseerbaar "
            "zijn. Ga na of de eis bij deze looptijd haalbaar is."
        ),
        source="handreiking stap 2Ac (duur); minimale looptijd: instelling van de organisatie",
    )


def _check_supply(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SUPPLY_LOW_LABOUR: a percentage of the project sum on a supply contract.

    Source: handreiking stap 2Ac (omvang): "diensten en werken [lenen] zich beter voor social
    return dan leveringen, vanwege de lage arbeidscomponent bij leveringen".
    """
    if facts.kind != ContractKind.SUPPLIES or not _asks_share_of_project_sum(facts):
        return None
    assert facts.sr_percentage is not None  # implied by _asks_share_of_project_sum
    return Finding(
        code="SR_SUPPLY_LOW_LABOUR",
        severity=Severity.WARNING,
        title="Percentage van de projectsom bij een levering",
        explanation=(
            f"Bij deze levering wordt {_number_nl(facts.sr_percentage)}% van de projectsom "
            "gevraagd. Volgens de handreiking lenen diensten en werken zich over het algemeen "
            "beter voor social return dan leveringen, vanwege de lage arbeidscomponent bij "
            "leveringen, en is de omvang van het arbeidsdeel in de opdracht van belang. Ga na "
            "hoe groot het arbeidsdeel van deze opdracht is; bij een lage loonsom kun je een "
            "lager percentage van de projectsom of een percentage van de loonsom vragen."
        ),
        source="handreiking stap 2Ac (omvang, arbeidscomponent)",
    )


#: handreiking stap 2Ac (omvang), word for word; the 50% and 2% in it are examples
GUIDE_LOW_WAGE_SUM = (
    "Bij de toepassing van social return bij een project met een lage loonsom (bv. < 50%) kun "
    "je een lager percentage van de projectsom (b.v. 2%) of een percentage van de loonsom vragen."
)


def _check_wage_share(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_LOW_WAGE_SHARE: a percentage of the project sum above the organisation's setting.

    Source: handreiking stap 2Ac (omvang), :data:`GUIDE_LOW_WAGE_SUM`. The guide gives 50% and
    2% as examples ("bv.") of what you *can* ask, not as a maximum; the finding quotes the
    sentence and names ``low_wage_share`` and ``max_project_sum_pct_at_low_wage_share`` as the
    organisation's settings.
    """
    share = _wage_share(facts)
    if share is None or share >= norms.low_wage_share or not _asks_share_of_project_sum(facts):
        return None
    assert facts.sr_percentage is not None  # implied by _asks_share_of_project_sum
    if facts.sr_percentage <= norms.max_project_sum_pct_at_low_wage_share:
        return None
    setting = _number_nl(norms.max_project_sum_pct_at_low_wage_share)
    return Finding(
        code="SR_LOW_WAGE_SHARE",
        severity=Severity.WARNING,
        title="Percentage van de projectsom bij een laag loonaandeel",
        explanation=(
            f"Het loonaandeel is {_percent(share)}% en er wordt "
            f"{_number_nl(facts.sr_percentage)}% van de projectsom gevraagd. Deze toets meldt "
            f"een percentage boven {setting}% bij een loonaandeel onder "
            f"{_percent(norms.low_wage_share)}% (instelling van de organisatie). "
            f"De handreiking geeft hierbij een voorbeeld, geen maximum: „{GUIDE_LOW_WAGE_SUM}” "
            "Ga na of de eis proportioneel is ten opzichte van de opdracht."
        ),
        source="handreiking stap 2Ac (omvang, voorbeeld); grenzen: instelling van de organisatie",
    )


def _check_promising(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_MISSING_ON_PROMISING: a promising contract without social return (stap 2Ba).

    Only for contracts known to have none (*nee*, or nothing said and no percentage or clause)
    or of unknown status (*onbekend*: the wording asks to check first); not for *n.v.t.*.
    """
    status = sr_status(facts)
    if status not in (SrApplies.NO, SrApplies.UNKNOWN):
        return None
    score = score_contract(facts, norms)
    if not score.promising:
        return None
    reasons = "; ".join(reason.label for reason in score.reasons)
    unknown = status is SrApplies.UNKNOWN
    return Finding(
        code="SR_MISSING_ON_PROMISING",
        severity=Severity.INFO,
        title=(
            "Kansrijk contract: onbekend of er social return is"
            if unknown
            else "Kansrijk contract zonder social return"
        ),
        explanation=(
            f"Dit contract scoort {score.score} punten (drempel {norms.promising_threshold}; "
            "puntentelling en drempel zijn een instelling van de organisatie) als kansrijk voor "
            f"meer banen: {reasons}. "
            + (
                "Het is onbekend of er social return is; zoek dat eerst na in het contract. "
                if unknown
                else "Er is nog geen social-returnafspraak. "
            )
            + "Bespreek in de werkgroep of het in de top 3 hoort en verken de mogelijkheden met de "
            "opdrachtnemer; ook zonder formele afspraken over social return kun je samen "
            "afspreken dit periodiek te overleggen."
        ),
        source="handreiking stap 2Ba en 4b (tip); puntentelling: instelling van de organisatie",
    )


def _check_expiring(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_EXPIRING: the contract ends within the horizon and has no option left (stap 2Ba).

    "Wanneer een contract afloopt, bespreek dan de mogelijkheid om in de komende aanbesteding
    social return mee te nemen." With an extension option the contract need not end, so that
    case is :func:`_check_extension`'s.
    """
    if facts.end_date is None or facts.extension_months:
        return None
    if not ends_within(facts, norms.expiring_horizon_months):
        return None
    return Finding(
        code="SR_EXPIRING",
        severity=Severity.INFO,
        title="Contract loopt binnenkort af",
        explanation=(
            f"Het contract eindigt op {format_date(facts.end_date)}, binnen "
            f"{norms.expiring_horizon_months} maanden (termijn: instelling van de organisatie), "
            "en heeft geen verlengingsoptie. Bespreek "
            "nu de mogelijkheid om social return mee te nemen in de komende aanbesteding en leg "
            "vast wat je uit dit contract meeneemt."
        ),
        source="handreiking stap 2Ba en 4b",
    )


def _check_extension(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_EXTENSION_COMING: an extension option falls due within the horizon (stap 2Ba, 3a).

    "Is er sprake van een op handen zijnde verlenging ...? ... gebruik de ruimte die je binnen
    het contract hebt en voorkom een wezenlijke wijziging van het contract."
    """
    if facts.end_date is None or not extension_falls_due(facts, norms):
        return None
    return Finding(
        code="SR_EXTENSION_COMING",
        severity=Severity.INFO,
        title="Verlengingsoptie valt binnenkort",
        explanation=(
            f"Het contract eindigt op {format_date(facts.end_date)} en heeft een verlengingsoptie "
            f"({facts.extension_options}); het besluit daarover valt binnen "
            f"{norms.extension_horizon_months} maanden (termijn: instelling van de organisatie). "
            "Overleg of je de verlenging kunt "
            "aangrijpen voor nieuwe of aanvullende kansen voor mensen met een arbeidsbeperking. "
            "Gebruik de ruimte die het contract biedt en voorkom een wezenlijke wijziging; vraag "
            "bij twijfel een aanbestedingsjurist."
        ),
        source="handreiking stap 2Ba / 3a",
    )


def _check_text_against_fields(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_TEXT_FIELDS_MISMATCH: the clause text states another percentage or basis.

    A data check, not a guide rule: the text and the fields describe one demand, so a
    difference is an error in one of them. Only a text that states one percentage with its basis
    (:func:`.clause_text.stated_demand`) is compared, and only with the fields that are filled.
    """
    stated = stated_demand(analyse(facts.clause_text))
    if stated is None or (facts.sr_percentage is None and facts.sr_basis is None):
        return None
    basis = SrBasis(facts.sr_basis) if facts.sr_basis is not None else None
    percentage = facts.sr_percentage
    if (percentage is None or percentage == stated.percentage) and basis in (None, stated.basis):
        return None
    share = "geen percentage" if percentage is None else f"{_number_nl(percentage)}%"
    fields_say = f"{share} van de {basis.label}" if basis else f"{share}, zonder grondslag"
    return Finding(
        code="SR_TEXT_FIELDS_MISMATCH",
        severity=Severity.WARNING,
        title="Clausuletekst en velden verschillen",
        explanation=(
            f"De clausuletekst noemt {_number_nl(stated.percentage)}% van de "
            f"{stated.basis.label}; de velden zeggen {fields_say}. Zoek na wat in het contract "
            "staat en pas de velden of de clausuletekst aan; de andere toetsen lezen de velden."
        ),
        source="gegevenscontrole: clausuletekst tegen de contractvelden",
    )


_FACT_RULES: tuple[Callable[[ContractFacts, Norms], Finding | None], ...] = (
    _check_size,
    _check_rijk_wage_sum,
    _check_duration,
    _check_supply,
    _check_wage_share,
    _check_promising,
    _check_expiring,
    _check_extension,
    _check_text_against_fields,
)


def check_clause(facts: ContractFacts, norms: Norms) -> list[Finding]:
    """All clause and applicability findings for one contract, errors first, then by code.

    Sources per finding: handreiking stap 1, 2Ac, 2Ad, 2Ba, 3a, 4a, Bijlage IV, praktijkvoorbeeld
    Sodexo, and the AVG (see each ``check_*`` function).
    """
    sentences = analyse(facts.clause_text)
    found = [rule(facts, norms) for rule in _FACT_RULES]
    found += [rule.check(facts, sentences) for rule in TEXT_RULES]
    findings = [finding for finding in found if finding is not None]
    return sorted(findings, key=lambda finding: (finding.severity.rank, finding.code))
