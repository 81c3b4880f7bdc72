"""The social procurement strategy of a planned tender (handreiking stap 2Ab, spoor 1).

Besides social return with a regular contractor (spoor 2, the clause checks of
:mod:`sroi_plugin.rules.clauses`), the guide names three ways to buy from social workshops and
social enterprises aimed at labour participation: a reserved contract, lots, and private award
below the EU thresholds. This rule says which of them the tender's value leaves open, in the
guide's own words, and cites the article the guide names. It decides nothing: the conditions
of each instrument are for the procurement adviser and, where in doubt, a procurement lawyer.
"""

from __future__ import annotations

from decimal import Decimal

from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity

#: The share of staff with a distance to the labour market a reserved contract asks of the
#: enterprise (Aw 2012 art. 2.82, as handreiking stap 2Ab quotes it).
RESERVED_MIN_STAFF_SHARE = Decimal("0.30")


def _reserved() -> Finding:
    return Finding(
        code="SR_ROUTE_RESERVED",
        severity=Severity.INFO,
        title="Voorbehouden opdracht (spoor 1)",
        explanation=(
            "U kunt de inschrijving op deze aanbesteding voorbehouden aan een sociale werkplaats "
            "of sociale onderneming gericht op arbeidsparticipatie. Dat kan alleen voor "
            "ondernemingen die voldoen aan de voorwaarden van artikel 2.82 van de "
            "Aanbestedingswet 2012; onder meer moet minstens "
            f"{RESERVED_MIN_STAFF_SHARE:.0%} van het personeelsbestand van de onderneming uit "
            "mensen met een afstand tot de arbeidsmarkt bestaan. Een marktonderzoek of "
            "marktconsultatie laat zien of er genoeg aanbod is."
        ),
        source="handreiking stap 2Ab (spoor 1); Aw 2012 art. 2.82",
    )


def _lots(value: Decimal, threshold: Decimal) -> Finding:
    return Finding(
        code="SR_ROUTE_LOTS",
        severity=Severity.INFO,
        title="Percelen voor een sociale ondernemer (spoor 1)",
        explanation=(
            f"De geraamde waarde ({format_eur(value)}) ligt op of boven het Europese "
            f"drempelbedrag ({format_eur(threshold)}); onderhands gunnen noemt de handreiking "
            "alleen voor opdrachten daaronder. Wordt deze grote opdracht opgedeeld in "
            "percelen, dan kunnen één of meer percelen aan een sociale ondernemer worden "
            "gegund, zonder intensief inschrijftraject. Laat de voorwaarden toetsen door een "
            "aanbestedingsjurist."
        ),
        source="handreiking stap 2Ab (spoor 1); Aw 2012 art. 2.18, 2.19",
    )


def _private(value: Decimal, threshold: Decimal) -> Finding:
    return Finding(
        code="SR_ROUTE_PRIVATE",
        severity=Severity.INFO,
        title="Onderhands gunnen aan een sociale ondernemer (spoor 1)",
        explanation=(
            f"De geraamde waarde ({format_eur(value)}) ligt onder het Europese drempelbedrag "
            f"({format_eur(threshold)}). Zo'n kleine opdracht kan onderhands (enkel of "
            "meervoudig) aan bijvoorbeeld sociaal ondernemers worden gegund: direct contracteren, "
            "of een offerte vragen aan enkele sociale ondernemers."
        ),
        source="handreiking stap 2Ab (spoor 1)",
    )


def _value_unknown(missing: str) -> Finding:
    return Finding(
        code="SR_ROUTE_VALUE_UNKNOWN",
        severity=Severity.INFO,
        title="Onderhands of percelen: nog niet te zeggen",
        explanation=(
            f"{missing} ontbreekt. Onder het Europese drempelbedrag kan een opdracht onderhands "
            "aan sociaal ondernemers worden gegund; daarboven kunnen percelen aan een sociale "
            "ondernemer gaan. Vul het aan om te zien wat hier past."
        ),
        source="handreiking stap 2Ab (spoor 1)",
    )


def procurement_routes(value: Decimal | None, threshold: Decimal | None) -> list[Finding]:
    """The spoor-1 instruments of handreiking stap 2Ab that fit a tender of ``value``.

    A reserved contract (Aw 2012 art. 2.82) fits any tender. Below the EU threshold the guide
    names private award ("Kleine opdrachten, waarvan de waarde onder de Europese drempelbedragen
    valt, kunnen onderhands ... gegund worden"); at or above it, lots (art. 2.18, 2.19 as the
    guide names them) for "een grote opdracht".

    :param value: the estimated value excl. VAT; ``None`` when not known yet
    :param threshold: the EU threshold for the tender's kind and authority on its publication
        date (``rules.thresholds``); ``None`` when the kind is not known yet
    """
    findings = [_reserved()]
    if value is None:
        findings.append(_value_unknown("De geraamde waarde"))
    elif threshold is None:
        findings.append(_value_unknown("De soort opdracht (voor het drempelbedrag)"))
    elif value < threshold:
        findings.append(_private(value, threshold))
    else:
        findings.append(_lots(value, threshold))
    return findings
