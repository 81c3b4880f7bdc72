"""The checks of a social-return clause's text, as a table of :class:`TextRule`.

Each rule's detector is a pure function over the sentences of the clause as
:func:`.dutch_sentences.analyse` reads them (sentences, folding, clauses and negation are
described there). A finding's ``evidence`` is the sentence that triggered it, in its original
casing. :func:`.clauses.check_clause` runs the table beside the checks of the contract's facts.

Triggers
--------
One pattern per finding (``_PENALTY``, ``_VOG``, ``_TARGET_GROUP`` …, below), matched on whole
words with inflections spelled out (``boete\\w*`` covers "boetes", "boetebeding",
"boeteclausule"). "korting", "malus" and "sanctie" count as a penalty only when the same
sentence names social return. A sentence that declares the penalty void ("Artikel 12 (Boete)
is niet van toepassing", "de boeteclausule vervalt", "Boete: n.v.t.", "partijen zien af van
boetes", "het boetebeding wordt buiten toepassing verklaard") is no penalty, unless the same
``;``-separated part also says "tenzij" or "onverlet".

Stated demand
-------------
:func:`stated_demand` reads the percentage and its basis from the text ("5% van de
projectsom", "2,5 procent van de totale loonsom"): the number through
:func:`.values.parse_percentage`, the basis word through :class:`.vocabulary.SrBasis`. Only a
percentage followed by "van (de) <basis>" counts, and only when every such mention in the
text agrees; otherwise the text is not read as stating one demand.

Per finding
-----------
* *Target group* (``SR_TARGET_GROUP_PRESCRIBED``): one clause names the banenafspraak,
  doelgroepregister or doelgroepverklaring together with a requirement word (uitsluitend,
  alleen, moet, dient, verplicht, vereist …) and without a preference word (voorkeur,
  bijvoorbeeld, zoals, waar mogelijk …).
* *VOG*: a live "VOG" / "verklaring omtrent het gedrag", unless the sentence limits it
  ("alleen voor", "functies waarvoor", "indien nodig", "op verzoek" …).
* *Personal data*: BSN, burgerservicenummer, geboortedatum, identiteitsbewijs, NAW,
  "herleidbaar" on their own; names, initials and addresses only when the sentence is
  about persons (kandidaat, medewerker, geplaatst …).
* *Monitoring*: a live reporting word (rapport…, monitor…, verantwoord…, voortgang,
  evalu…, verloonde uren, agendapunt …), or a review (bespreken, overleg, aan de orde)
  of the resultaten/realisatie/uitvoering/inzet.
* *Framework*: a call-off word (nadere opdracht, minicompetitie, afroep …) with "per",
  "elke", "iedere", "afzonderlijke" … just before it, in a sentence about the obligation.

``SR_NO_MONITORING`` is only judged when there is clause text to read and social return is
asked; ``SR_FRAMEWORK_PER_CALL`` only for a framework agreement.

These are heuristics: they are tested on many real-looking sentences, and a text finding
shows the sentence that triggered it so a person can judge it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch_sentences import Sentence
from sroi_plugin.rules.dutch_sentences import clause_bounds
from sroi_plugin.rules.dutch_sentences import negated
from sroi_plugin.rules.dutch_sentences import words
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_percentage
from sroi_plugin.rules.vocabulary import SrBasis


@dataclass(frozen=True)
class Hit:
    """A detector's report that its rule fires."""

    #: the sentence that triggered the rule; ``None`` for a rule that fires on what is missing
    evidence: str | None = None


#: A detector: reads the clause's sentences, reports a :class:`Hit` or ``None``.
Detector = Callable[[Sequence[Sentence]], Hit | None]


def _always(facts: ContractFacts) -> bool:
    return True


@dataclass(frozen=True)
class TextRule:
    """One check of the clause text: the finding it gives and the detector that decides."""

    code: str
    severity: Severity
    #: Dutch title and explanation of the finding
    title: str
    explanation: str
    #: where in the handreiking (or the law) the rule comes from
    source: str
    detector: Detector
    #: whether the contract's facts let the rule apply at all
    applies: Callable[[ContractFacts], bool] = _always

    def check(self, facts: ContractFacts, sentences: Sequence[Sentence]) -> Finding | None:
        """The rule's finding for this clause, or ``None``."""
        if not self.applies(facts):
            return None
        hit = self.detector(sentences)
        if hit is None:
            return None
        return Finding(
            code=self.code,
            severity=self.severity,
            title=self.title,
            explanation=self.explanation,
            source=self.source,
            evidence=hit.evidence,
        )


# -------------------------------------------------------------------------------- triggers

_SR_TERM = words(r"social return\w*|socialreturn\w*|sroi\w*|sr")
_PENALTY = words(r"boete\w*|beboet\w*|gefixeerde schadevergoeding\w*")
_PENALTY_IF_TIED = words(r"korting\w*|malus\w*|sanctie\w*")
#: the sentence declares the penalty void (the penalty word often sits in brackets or before a
#: colon, out of reach of the negation analysis: "Artikel 12 (Boete) is niet van toepassing")
_PENALTY_VOID = words(
    r"niet van toepassing|n v t|nvt|buiten toepassing|(?:komt|komen) te vervallen|vervalt"
    r"|vervallen|(?:zien?|ziet) (?:\w+ )?af van|afgezien|uitgesloten|niet toegepast"
)
#: ... unless it keeps the penalty alive after all
_PENALTY_KEPT = words(r"tenzij|onverlet")
_VOG = words(r"vogs?|verklaring(?:en)? omtrent (?:het )?gedrag")
_VOG_LIMITED = words(
    r"(?:alleen|uitsluitend|enkel|slechts) (?:voor|bij)|voor zover|op verzoek"
    r"|functies? (?:waarvoor|waarin|waarbij|met|die)"
    r"|(?:bepaalde|specifieke|sommige|gevoelige|vertrouwelijke)"
    r" (?:functies?|werkzaamheden|locaties?)"
    r"|(?:waar|indien|zo|als|wanneer) (?:dat )?(?:nodig|noodzakelijk)"
)
_TARGET_GROUP = words(
    r"doelgroepregister\w*|banenafspraak\w*|doelgroepverklaring\w*|quotumregeling"
)
_REQUIREMENT = words(
    r"uitsluitend|alleen|enkel|slechts|moet|moeten|dient|dienen|verplicht|verplichte|vereist"
    r"|vereiste|verbindt"
)
_PREFERENCE = words(
    r"voorkeur\w*|bijvoorbeeld|waaronder|onder andere|o a|zoals|stimul\w*|aangemoedigd"
    r"|aanmoedig\w*|wenselijk|mogelijk"
)
_IDENTIFIER = words(
    r"bsn\w*|burgerservicenummer\w*|sofi ?nummer\w*|geboortedat\w*|identiteitsbewij\w*"
    r"|paspoort\w*|kopie(?:en)? (?:van (?:het |een )?)?id|naw(?: gegevens)?|herleidba\w*"
)
_NAME = words(
    r"naam|namen|voorna(?:am|men)|achterna(?:am|men)|initialen|adresgegevens"
    r"|woonadres\w*|huisadres\w*"
)
_PERSON = words(
    r"kandida\w*|medewerker\w*|werknemer\w*|personen|persoon|deelnemer\w*|werkzoekende\w*"
    r"|geplaatst\w*|ingezet\w*|doelgroep\w*"
)
_MONITORING = words(
    r"monitor\w*|rapport\w*|gerapporteerd|verantwoord|verantwoording\w*|verantwoordt"
    r"|verantwoorden|voortgang\w*|evalu\w*|geevalueerd|registr\w*|geregistreerd|verloonde"
    r"|aanton\w*|aangetoond|bewijs\w*|meting\w*|meten|gemeten|opgave|agendapunt\w*|wizzr"
)
#: a periodic review counts as monitoring when it names what is reviewed
_REVIEW = words(r"bespre\w*|besproken|\w*overleg\w*|aan de orde")
_REVIEWED = words(r"resultat\w*|realisatie|uitvoering|inzet")
_CALL_OFF = words(
    r"nadere opdracht\w*|nadere overeenkomst\w*|minicompetitie\w*|mini competitie\w*"
    r"|afroep\w*|deelopdracht\w*"
)
_DISTRIBUTIVE = frozenset({"per", "elke", "elk", "ieder", "iedere", "afzonderlijke", "individuele"})
_SR_OBLIGATION = words(
    r"social return\w*|socialreturn\w*|sroi\w*|sr|%|percentage\w*|verplichting\w*"
)
_CALL_OFF_REACH = 3


def first_sentence(found: Callable[[Sentence], bool]) -> Detector:
    """A detector that fires on the first sentence in which ``found`` holds."""

    def detect(sentences: Sequence[Sentence]) -> Hit | None:
        evidence = next((sentence.original for sentence in sentences if found(sentence)), None)
        return None if evidence is None else Hit(evidence)

    return detect


def _part(sentence: Sentence, token: int) -> int:
    """Which ``;``-separated part of the sentence a token is in."""
    return sentence.tokens[:token].count(";")


def _penalty_in(sentence: Sentence) -> bool:
    """A live penalty not declared void in its part of the sentence.

    korting/malus/sanctie count only beside social return. The void words are looked for in the
    same ``;``-separated part, so "de oude boeteregeling vervalt; bij niet-nakoming is een boete
    verschuldigd" still fires.
    """
    spans = sentence.live_hits(_PENALTY)
    if sentence.mentions(_SR_TERM):
        spans += sentence.live_hits(_PENALTY_IF_TIED)
    void_parts = {_part(sentence, start) for start, _end in sentence.hits(_PENALTY_VOID)}
    kept_parts = {_part(sentence, start) for start, _end in sentence.hits(_PENALTY_KEPT)}
    live_parts = {_part(sentence, start) for start, _end in spans}
    return bool(live_parts - (void_parts - kept_parts))


def _vog_in(sentence: Sentence) -> bool:
    """A live VOG demand not limited to certain functions or situations."""
    return bool(sentence.live_hits(_VOG)) and not sentence.mentions(_VOG_LIMITED)


def _target_group_prescribed_in(sentence: Sentence) -> bool:
    """A clause naming the target group with a requirement word and no preference word."""
    groups = sentence.live_hits(_TARGET_GROUP)
    requirements = sentence.live_hits(_REQUIREMENT)
    preferences = sentence.hits(_PREFERENCE)
    for group in groups:
        clause = clause_bounds(sentence, group, frozenset())
        inside = [span for span in requirements if clause[0] <= span[0] < clause[1]]
        preferred = [span for span in preferences if clause[0] <= span[0] < clause[1]]
        if inside and not preferred:
            return True
    return False


def _personal_data_in(sentence: Sentence) -> bool:
    """A live identifier, or a live name/address of a person."""
    identifiers, names = sentence.hits(_IDENTIFIER), sentence.hits(_NAME)
    family = frozenset(i for start, end in identifiers + names for i in range(start, end))
    spans = identifiers + names if sentence.mentions(_PERSON) else identifiers
    return any(not negated(sentence, span, family) for span in spans)


def _monitoring_in(sentence: Sentence) -> bool:
    """A live monitoring or reporting word, or a review of the results."""
    reviewed = sentence.mentions(_REVIEWED) and bool(sentence.live_hits(_REVIEW))
    return reviewed or bool(sentence.live_hits(_MONITORING))


def _per_call_off_in(sentence: Sentence) -> bool:
    """Social return tied to each call-off ("per nadere opdracht", "bij iedere minicompetitie")."""
    if not sentence.mentions(_SR_OBLIGATION):
        return False
    for start, _end in sentence.live_hits(_CALL_OFF):
        reach = sentence.tokens[max(0, start - _CALL_OFF_REACH) : start]
        if any(token in _DISTRIBUTIVE for token in reach):
            return True
    return False


def _no_monitoring(sentences: Sequence[Sentence]) -> Hit | None:
    """Fires when there is clause text and no sentence arranges monitoring or reporting."""
    if not sentences or any(_monitoring_in(sentence) for sentence in sentences):
        return None
    return Hit()


def _asks_social_return(facts: ContractFacts) -> bool:
    return facts.has_sr_demand


def _is_framework(facts: ContractFacts) -> bool:
    return facts.framework


# ------------------------------------------------------------------------- stated demand


@dataclass(frozen=True)
class StatedDemand:
    """The percentage and basis a clause text states ("5% van de projectsom")."""

    percentage: Decimal
    basis: SrBasis


_DEMAND = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|procent\b)\s+van\s+(?:de\s+|het\s+)?"
    r"(?:totale\s+|gehele\s+|jaarlijkse\s+|netto\s+)?([a-z]+)(?![a-z-])"
)


def stated_demand(sentences: Sequence[Sentence]) -> StatedDemand | None:
    """The one percentage-and-basis the text states, or ``None`` when none or several differ."""
    found: set[StatedDemand] = set()
    for sentence in sentences:
        for number, word in _DEMAND.findall(fold(sentence.original)):
            basis = SrBasis.lookup(word)
            try:
                percentage = parse_percentage(f"{number}%")
            except ValueParseError:
                continue
            if basis is not None and percentage is not None:
                found.add(StatedDemand(percentage.normalize(), basis))
    return found.pop() if len(found) == 1 else None


# ------------------------------------------------------------------------------ the table

#: The text rules, in the order :func:`.clauses.check_clause` runs them.
TEXT_RULES: tuple[TextRule, ...] = (
    # SR_TARGET_GROUP_PRESCRIBED: the banenafspraak target group made a requirement.
    #
    # Source: handreiking stap 2Ad (TIP): "Het voorschrijven van de doelgroep banenafspraak in
    # bestektekst is af te raden", it can discriminate and is not always proportional; and 2Ad
    # (leidraad met spelregels): "dit gaat tegen de Aanbestedingswet in". Whether a given text
    # breaches the Aanbestedingswet is a lawyer's judgement, so this is a warning that asks for
    # review, not a verdict.
    TextRule(
        code="SR_TARGET_GROUP_PRESCRIBED",
        severity=Severity.WARNING,
        title="Doelgroep banenafspraak voorgeschreven",
        explanation=(
            "De clausule maakt de inzet van de doelgroep banenafspraak (doelgroepregister) tot "
            "een eis. Volgens de handreiking is het voorschrijven van deze doelgroep af te "
            "raden: het kan een discriminerende werking hebben en is niet in alle gevallen "
            "proportioneel; dat gaat tegen de Aanbestedingswet in. De handreiking noemt als "
            "alternatief: de doelstellingen uitleggen in een marktconsultatie, een voorkeur "
            "uitspreken in een visiestuk of leidraad met spelregels, en goede samenwerking na "
            "gunning. Laat de tekst bij twijfel toetsen door een aanbestedingsjurist."
        ),
        source="handreiking stap 2Ad (tip en leidraad met spelregels)",
        detector=first_sentence(_target_group_prescribed_in),
    ),
    # SR_PENALTY: fines or penalties tied to the social-return result.
    #
    # Source: handreiking stap 1 (quote): "Partnership en eisen stellen gaan niet goed samen.
    # Zeker niet als er met boetes gedreigd wordt".
    TextRule(
        code="SR_PENALTY",
        severity=Severity.WARNING,
        title="Boete gekoppeld aan social return",
        explanation=(
            "De clausule verbindt een boete of andere sanctie aan het resultaat van social "
            "return. In een citaat in de handreiking (stap 1) staat dat partnership en eisen "
            "stellen niet goed samengaan, zeker niet als met boetes wordt gedreigd: potentiële "
            "opdrachtnemers worden dan voorzichtig in wat zij beloven, terwijl een partnership "
            "draait om wederzijds vertrouwen. Overweeg de boete te vervangen door afspraken over "
            "periodiek overleg en samen bijsturen."
        ),
        source="handreiking stap 1 (partnership en boetes)",
        detector=first_sentence(_penalty_in),
    ),
    # SR_VOG_REQUIRED: a VOG demanded as standard of all workers.
    #
    # Source: handreiking, praktijkvoorbeeld Sodexo/DJI (Deel 3): "die passage over een VOG [zou]
    # niet standaard in elk contract moeten staan, vaak is het gewoon niet nodig."
    TextRule(
        code="SR_VOG_REQUIRED",
        severity=Severity.WARNING,
        title="VOG standaard geëist",
        explanation=(
            "De clausule eist standaard een verklaring omtrent het gedrag (VOG). In het "
            "praktijkvoorbeeld van Sodexo in de handreiking komen ex-gedetineerden daar zelden "
            "voor in aanmerking en staat dat een VOG-passage niet standaard in elk contract hoort: "
            "vaak is een VOG niet nodig. Beperk de eis tot functies waarvoor een VOG echt nodig "
            "is, of sta een alternatief toe, zoals (in dat voorbeeld) een bewijs van goed gedrag "
            "van de vestigingsdirecteur van de opdrachtnemer."
        ),
        source="handreiking praktijkvoorbeeld Sodexo (VOG)",
        detector=first_sentence(_vog_in),
    ),
    # SR_NO_MONITORING: a social-return clause without a monitoring or reporting arrangement.
    #
    # Source: handreiking stap 4a ("Maak monitoring onderdeel van het partnership") and stap 2Ad
    # (the leidraad names how you will monitor). Only judged when there is clause text.
    TextRule(
        code="SR_NO_MONITORING",
        severity=Severity.WARNING,
        title="Geen monitoring of rapportage afgesproken",
        explanation=(
            "De clausule vraagt social return, maar regelt niet hoe de resultaten worden "
            "gemonitord of gerapporteerd. Zonder monitoring kun je niet vaststellen of de "
            "afspraken worden nagekomen en wat de bijdrage aan de banenafspraak is. Spreek af "
            "welke informatie de opdrachtnemer periodiek aanlevert (bijvoorbeeld verloonde uren "
            "van mensen uit de doelgroep, geanonimiseerd) en bespreek de voortgang in het "
            "contractoverleg."
        ),
        source="handreiking stap 4a",
        detector=_no_monitoring,
        applies=_asks_social_return,
    ),
    # SR_PERSONAL_DATA: the clause asks for data traceable to placed persons.
    #
    # Source: AVG; handreiking stap 4a ("Opdrachtnemers mogen deze gegevens niet herleidbaar
    # verstrekken") and 4b (tip: ask for anonymised or aggregated results; names with paid
    # hours are personal data).
    TextRule(
        code="SR_PERSONAL_DATA",
        severity=Severity.ERROR,
        title="Clausule vraagt herleidbare persoonsgegevens",
        explanation=(
            "De clausule vraagt gegevens die herleidbaar zijn tot geplaatste personen, zoals "
            "namen of BSN. Dat zijn persoonsgegevens waarop de AVG van toepassing is; "
            "opdrachtnemers mogen deze gegevens niet herleidbaar verstrekken. Vraag de resultaten "
            "geanonimiseerd of geaggregeerd op, bijvoorbeeld het totaal aantal verloonde uren per "
            "doelgroep."
        ),
        source="AVG / handreiking stap 4a",
        detector=first_sentence(_personal_data_in),
    ),
    # SR_FRAMEWORK_PER_CALL: social return attached to each call-off of a framework.
    #
    # Source: handreiking stap 2Ac, praktijkvoorbeeld "bundeling van social return": relate the
    # obligation to the framework agreement, not to each mini-competition.
    TextRule(
        code="SR_FRAMEWORK_PER_CALL",
        severity=Severity.INFO,
        title="Social return per nadere opdracht",
        explanation=(
            "De social-returnverplichting hangt aan elke nadere opdracht of minicompetitie. In "
            "het praktijkvoorbeeld 'bundeling van social return' in de handreiking hangt de "
            "verplichting aan de raamovereenkomst: binnen de raamovereenkomst is meer ruimte om "
            "social return in te vullen, het hoeft niet bij elke minicompetitie opnieuw, en door "
            "de schaalvergroting kan meer sociale impact worden gemaakt. Overweeg de verplichting "
            "aan de raamovereenkomst als geheel te koppelen."
        ),
        source="handreiking stap 2Ac (praktijkvoorbeeld bundeling)",
        detector=first_sentence(_per_call_off_in),
        applies=_is_framework,
    ),
)
