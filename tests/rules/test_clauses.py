"""Clause and applicability checks (handreiking stap 2Ac, 2Ad, 2Ba, 4a, Bijlage IV)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.clauses import ContractFacts
from sroi_plugin.rules.clauses import check_clause
from sroi_plugin.rules.clauses import parse_contract_facts
from sroi_plugin.rules.clauses import parse_extension_options
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.norms import load_norms
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm

TODAY = date(2026, 11, 25)
NORMS = load_norms()
#: a clause that triggers nothing: a percentage of the wage sum with a reporting arrangement
GOOD_CLAUSE = (
    "Opdrachtnemer besteedt ten minste 5% van de loonsom aan de inzet van mensen met een "
    "afstand tot de arbeidsmarkt. Opdrachtnemer rapporteert ieder half jaar geaggregeerd over "
    "de verloonde uren."
)
#: a contract that triggers no finding: mid-sized advice, four years, well before its end
PLAIN = ContractFacts(
    kind="services",
    authority="other",
    value_total_eur=Decimal("500000"),
    value_annual_eur=Decimal("125000"),
    wage_sum_eur=None,
    wage_share=None,
    start_date=date(2025, 1, 1),
    end_date=date(2028, 12, 31),
    extension_options="geen",
    framework=False,
    category="advies",
    sr_percentage=None,
    sr_basis=None,
    sr_form=None,
    clause_text=None,
    today=TODAY,
)
#: the same contract with a sound social-return clause
WITH_SR = replace(
    PLAIN,
    sr_percentage=Decimal("5"),
    sr_basis="wage_sum",
    sr_form="contract_clause",
    clause_text=GOOD_CLAUSE,
)


def codes(facts: ContractFacts) -> list[str]:
    """The finding codes for a contract under the default norms."""
    return [finding.code for finding in check_clause(facts, NORMS)]


def finding(facts: ContractFacts, code: str) -> Finding:
    """The one finding with ``code``."""
    (match,) = [f for f in check_clause(facts, NORMS) if f.code == code]
    return match


def with_text(text: str) -> ContractFacts:
    """The contract with social return and ``text`` as its clause."""
    return replace(WITH_SR, clause_text=text)


def test_baselines_have_no_findings() -> None:
    assert codes(PLAIN) == []
    assert codes(WITH_SR) == []


# ------------------------------------------------------------------------------- parsing

CLI_INPUT: dict[str, object] = {
    "kind": "services",
    "authority": "central",
    "value_total_eur": "1450000.00",
    "value_annual_eur": "362500.00",
    "wage_sum_eur": "900000",
    "wage_share": 0.62,
    "start_date": "2024-01-01",
    "end_date": "2027-12-31",
    "extension_options": "2x 1 jaar",
    "framework": False,
    "category": "schoonmaak",
    "sr_percentage": "5",
    "sr_basis": "wage_sum",
    "sr_form": "contract_clause",
    "clause_text": GOOD_CLAUSE,
    "today": "2026-11-25",
}


def test_parse_contract_facts_types_every_field() -> None:
    facts = parse_contract_facts(CLI_INPUT)
    assert facts.value_total_eur == Decimal("1450000.00")
    assert facts.wage_share == Decimal("0.62")
    assert facts.sr_percentage == Decimal("5")
    assert facts.start_date == date(2024, 1, 1)
    assert facts.end_date == date(2027, 12, 31)
    assert facts.today == TODAY
    assert facts.extension_months == [12, 12]
    assert facts.has_sr_demand


def test_parse_contract_facts_reads_values_as_the_importer_does() -> None:
    facts = parse_contract_facts(
        {
            **CLI_INPUT,
            "value_total_eur": "€ 1.450.000",
            "value_annual_eur": "± 362,5k",
            "wage_sum_eur": 900000,
            "wage_share": "62%",
            "start_date": "1 januari 2024",
            "end_date": "31-12-2027",
            "sr_percentage": "5%",
            "today": "25/11/2026",
        }
    )
    assert facts.value_total_eur == Decimal("1450000")
    assert facts.value_annual_eur == Decimal("362500")
    assert facts.wage_sum_eur == Decimal("900000")
    assert facts.wage_share == Decimal("0.62")
    assert (facts.start_date, facts.end_date, facts.today) == (
        date(2024, 1, 1),
        date(2027, 12, 31),
        TODAY,
    )
    assert facts.sr_percentage == Decimal("5")


def test_parse_contract_facts_accepts_every_word_the_importer_accepts() -> None:
    facts = parse_contract_facts(
        {
            **CLI_INPUT,
            "kind": "Werken",
            "authority": "gemeente",
            "sr_basis": "Loonsom",
            "sr_form": "bijzondere uitvoeringsvoorwaarde",
            "has_sr": "n.v.t.",
        }
    )
    assert facts.kind is ContractKind.WORKS
    assert facts.authority is AuthorityType.OTHER
    assert facts.sr_basis is SrBasis.WAGE_SUM
    assert facts.sr_form is SrForm.CONTRACT_CLAUSE
    assert facts.has_sr is SrApplies.NOT_APPLICABLE
    codes_in = parse_contract_facts({**CLI_INPUT, "kind": "supplies", "has_sr": "unknown"})
    assert (codes_in.kind, codes_in.has_sr) == (ContractKind.SUPPLIES, SrApplies.UNKNOWN)


def test_parse_contract_facts_reads_absent_nullable_fields_as_null() -> None:
    nullable = {"wage_sum_eur", "wage_share", "end_date", "extension_options", "sr_percentage"}
    nullable |= {"sr_basis", "sr_form", "clause_text"}
    data = {key: value for key, value in CLI_INPUT.items() if key not in nullable}
    facts = parse_contract_facts(data)
    assert facts.end_date is None
    assert facts.clause_text is None
    assert not facts.has_sr_demand


@pytest.mark.parametrize(
    "field", ["kind", "authority", "value_total_eur", "value_annual_eur", "start_date", "today"]
)
def test_parse_contract_facts_names_a_missing_required_field(field: str) -> None:
    data = {key: value for key, value in CLI_INPUT.items() if key != field}
    with pytest.raises(RuleInputError) as caught:
        parse_contract_facts(data)
    assert caught.value.field == field
    assert "ontbreekt" in caught.value.message


@pytest.mark.parametrize(
    ("field", "value", "dutch"),
    [
        ("kind", "gebouw", "De soort opdracht: 'gebouw' is geen soort opdracht (kies werk, dienst"),
        ("authority", "buitenland", "'buitenland' is geen soort aanbestedende dienst"),
        ("value_total_eur", "veel", "De totale contractwaarde: 'veel' is geen bedrag."),
        ("value_total_eur", "1.234", "'1.234' is niet eenduidig"),
        ("value_total_eur", "€ 1.000 incl. btw", "is een bedrag inclusief btw"),
        ("value_total_eur", "-1", "mag niet negatief zijn"),
        ("value_total_eur", 1450000.5, "moet een getal als tekst zijn"),
        ("value_annual_eur", True, "moet een getal als tekst zijn"),
        ("wage_share", 1.5, "moet tussen 0 en 1 liggen"),
        ("sr_percentage", "101", "'101' ligt niet tussen 0% en 100%"),
        ("sr_percentage", 101, "moet tussen 0 en 100 liggen"),
        ("sr_percentage", "0,05", "'0,05' is niet eenduidig"),
        ("start_date", "31-02-2025", "'31-02-2025' is geen geldige datum"),
        ("start_date", 20250101, "is geen geldige datum"),
        ("today", "morgen", "is geen geldige datum"),
        ("framework", "ja", "moet true of false zijn"),
        ("category", 12, "moet tekst zijn"),
        ("sr_basis", "winst", "'winst' is geen SR-grondslag (kies projectsom of loonsom)"),
        ("sr_form", "eis", "'eis' is geen vorm van social return"),
        ("has_sr", "misschien", "'misschien' is geen antwoord"),
        ("extension_options", "ja", "geen herkenbare verlengingsoptie"),
        ("end_date", "2023-12-31", "ligt vóór de startdatum"),
    ],
)
def test_parse_contract_facts_rejects_bad_values_in_dutch(
    field: str, value: object, dutch: str
) -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_contract_facts({**CLI_INPUT, field: value})
    assert caught.value.field == field
    assert dutch in caught.value.message


def test_parse_contract_facts_refuses_an_unknown_field() -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_contract_facts({**CLI_INPUT, "clause": "typo"})
    assert caught.value.field == "clause"
    assert "Onbekend veld" in caught.value.message


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2x 1 jaar", [12, 12]),
        ("2 x 1 jaar", [12, 12]),
        ("1+1+1", [12, 12, 12]),
        ("1 + 1", [12, 12]),
        ("2 x 6 maanden", [6, 6]),
        ("2 x 12 maanden", [12, 12]),
        ("6+6 maanden", [6, 6]),
        ("1 jaar + 6 maanden", [12, 6]),
        ("optie tot 2 jaar verlenging", [24]),
        ("2 opties van 1 jaar", [12, 12]),
        ("twee keer een jaar", [12, 12]),
        ("max. 3 x 1 jaar", [12, 12, 12]),
        ("1x 2 jaar", [24]),
        ("een half jaar", [6]),
        ("1,5 jaar", [18]),
        ("3 jaar", [36]),
        ("geen", []),
        ("Geen verlenging", []),
        ("n.v.t.", []),
        ("", []),
        ("  ", []),
        (None, []),
    ],
)
def test_parse_extension_options(text: str | None, months: list[int]) -> None:
    assert parse_extension_options(text) == months


@pytest.mark.parametrize("text", ["ja", "2", "verlenging", "onbepaald", "1 x 0 jaar", "0,3 maand"])
def test_parse_extension_options_refuses_to_guess(text: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        parse_extension_options(text)
    assert caught.value.field == "extension_options"
    assert f"'{text}' is geen herkenbare verlengingsoptie" in caught.value.message


# ------------------------------------------------------------------- size and proportion


def test_size_small_fires_just_below_the_norm() -> None:
    small = replace(WITH_SR, value_total_eur=Decimal("99999.99"))
    found = finding(small, "SR_SIZE_SMALL")
    assert found.severity is Severity.WARNING
    assert "€ 99.999,99" in found.explanation
    assert "onder de groottenorm van de organisatie (€ 100.000)" in found.explanation
    assert "veel overheden passen social return daarom toe bij grote projecten" in (
        found.explanation
    )
    assert (
        found.source == "handreiking stap 2Ac (omvang); groottenorm: instelling van de organisatie"
    )


def test_size_norm_is_named_the_organisations_and_the_guides_figure_stays_quoted() -> None:
    contract = replace(WITH_SR, value_total_eur=Decimal("120000"))
    found = [f for f in check_clause(contract, load_norms({"size_norm_eur": "150000"}))]
    (size,) = [f for f in found if f.code == "SR_SIZE_SMALL"]
    assert "groottenorm van de organisatie (€ 150.000)" in size.explanation
    assert "grote projecten (€ 100.000 of hoger)" in size.explanation
    assert "adviseert" not in size.explanation


def test_size_small_does_not_fire_at_the_norm() -> None:
    assert "SR_SIZE_SMALL" not in codes(replace(WITH_SR, value_total_eur=Decimal("100000")))


def test_size_small_needs_a_percentage() -> None:
    talk_only = replace(WITH_SR, value_total_eur=Decimal("80000"), sr_percentage=None)
    assert "SR_SIZE_SMALL" not in codes(talk_only)


def test_size_norm_override_changes_the_outcome() -> None:
    contract = replace(WITH_SR, value_total_eur=Decimal("80000"))
    assert "SR_SIZE_SMALL" in codes(contract)
    lower = load_norms({"size_norm_eur": "50000"})
    assert "SR_SIZE_SMALL" not in [f.code for f in check_clause(contract, lower)]


RIJK = replace(PLAIN, authority="central", wage_sum_eur=Decimal("250000"))


def test_rijk_wage_sum_fires_at_the_norm_without_social_return() -> None:
    found = finding(RIJK, "SR_RIJK_WAGE_SUM")
    assert found.source == "handreiking Bijlage IV (Maatwerk voor Mensen)"
    assert "€ 250.000" in found.explanation


def test_rijk_wage_sum_quotes_the_guide_and_names_the_setting() -> None:
    contract = replace(RIJK, wage_sum_eur=Decimal("300000"))
    (found,) = [
        f
        for f in check_clause(contract, load_norms({"rijk_wage_sum_norm_eur": "300000"}))
        if f.code == "SR_RIJK_WAGE_SUM"
    ]
    assert "met een loonsom vanaf 250.000 euro altijd naar kansen" in found.explanation
    assert "deze toets gebruikt € 300.000 (instelling van de organisatie)" in found.explanation


@pytest.mark.parametrize(
    "contract",
    [
        replace(RIJK, wage_sum_eur=Decimal("249999.99")),
        replace(RIJK, authority="other"),
        replace(RIJK, clause_text=GOOD_CLAUSE),
        replace(RIJK, wage_sum_eur=None),
    ],
    ids=["below-norm", "not-central", "has-social-return", "wage-sum-unknown"],
)
def test_rijk_wage_sum_near_misses(contract: ContractFacts) -> None:
    assert "SR_RIJK_WAGE_SUM" not in codes(contract)


def test_rijk_wage_sum_on_a_contract_marked_unknown_says_unknown_not_none() -> None:
    found = finding(replace(RIJK, has_sr=SrApplies.UNKNOWN), "SR_RIJK_WAGE_SUM")
    assert "onbekend of er social return is" in found.title
    assert "geen social-returnafspraak" not in found.explanation
    known = finding(replace(RIJK, has_sr=SrApplies.NO), "SR_RIJK_WAGE_SUM")
    assert "zonder social return" in known.title


@pytest.mark.parametrize("answer", [SrApplies.YES, SrApplies.NOT_APPLICABLE])
def test_rijk_wage_sum_not_for_a_contract_marked_yes_or_not_applicable(answer: SrApplies) -> None:
    assert "SR_RIJK_WAGE_SUM" not in codes(replace(RIJK, has_sr=answer))


def test_rijk_wage_sum_is_derived_from_the_wage_share() -> None:
    contract = replace(
        RIJK, wage_sum_eur=None, value_total_eur=Decimal("1000000"), wage_share=Decimal("0.25")
    )
    assert "berekend uit loonaandeel" in finding(contract, "SR_RIJK_WAGE_SUM").explanation


SHORT = replace(WITH_SR, start_date=date(2026, 1, 1), end_date=date(2026, 6, 29))


def test_short_duration_fires_one_day_short_of_six_months() -> None:
    found = finding(SHORT, "SR_SHORT_DURATION")
    assert "01-01-2026 t/m 29-06-2026" in found.explanation
    assert "korter dan 6 maanden (instelling van de organisatie)" in found.explanation
    assert found.source == (
        "handreiking stap 2Ac (duur); minimale looptijd: instelling van de organisatie"
    )


@pytest.mark.parametrize("answer", [None, SrApplies.YES])
def test_short_duration_fires_when_a_percentage_is_demanded(answer: SrApplies | None) -> None:
    assert "SR_SHORT_DURATION" in codes(replace(SHORT, has_sr=answer))


@pytest.mark.parametrize(
    "contract",
    [
        replace(SHORT, has_sr=SrApplies.NO),
        replace(SHORT, has_sr=SrApplies.NOT_APPLICABLE),
        replace(SHORT, has_sr=SrApplies.UNKNOWN),
        replace(SHORT, sr_percentage=None),
        replace(SHORT, sr_percentage=Decimal("0")),
    ],
    ids=["marked-no", "marked-not-applicable", "marked-unknown", "no-percentage", "zero"],
)
def test_short_duration_not_without_a_social_return_demand(contract: ContractFacts) -> None:
    assert "SR_SHORT_DURATION" not in codes(contract)


@pytest.mark.parametrize(
    "contract",
    [
        replace(WITH_SR, start_date=date(2026, 1, 1), end_date=date(2026, 6, 30)),
        replace(PLAIN, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)),
        replace(WITH_SR, end_date=None),
    ],
    ids=["exactly-six-months", "no-social-return", "open-ended"],
)
def test_short_duration_near_misses(contract: ContractFacts) -> None:
    assert "SR_SHORT_DURATION" not in codes(contract)


SUPPLY = replace(WITH_SR, kind="supplies", sr_basis="project_sum", sr_percentage=Decimal("2"))


@pytest.mark.parametrize("basis", ["project_sum", None])
def test_supply_fires_on_a_share_of_the_project_sum(basis: str | None) -> None:
    found = finding(replace(SUPPLY, sr_basis=basis), "SR_SUPPLY_LOW_LABOUR")
    assert "2% van de projectsom" in found.explanation


@pytest.mark.parametrize(
    "contract",
    [replace(SUPPLY, sr_basis="wage_sum"), replace(SUPPLY, kind="services")],
    ids=["wage-sum-basis", "service"],
)
def test_supply_near_misses(contract: ContractFacts) -> None:
    assert "SR_SUPPLY_LOW_LABOUR" not in codes(contract)


LOW_SHARE = replace(
    WITH_SR,
    wage_share=Decimal("0.49"),
    sr_basis="project_sum",
    sr_percentage=Decimal("2.5"),
    clause_text=GOOD_CLAUSE.replace("5% van de loonsom", "2,5% van de projectsom"),
)
#: handreiking stap 2Ac (omvang), as the seed text has it
GUIDE_SENTENCE = (
    "Bij de toepassing van social return bij een project met een lage loonsom (bv. < 50%) kun "
    "je een lager percentage van de projectsom (b.v. 2%) of een percentage van de loonsom vragen."
)


def test_low_wage_share_fires_below_half_with_more_than_two_percent() -> None:
    found = finding(LOW_SHARE, "SR_LOW_WAGE_SHARE")
    assert "49%" in found.explanation
    assert "2,5% van de projectsom" in found.explanation


def test_low_wage_share_quotes_the_guide_as_an_example_not_a_maximum() -> None:
    found = finding(LOW_SHARE, "SR_LOW_WAGE_SHARE")
    assert f"een voorbeeld, geen maximum: „{GUIDE_SENTENCE}”" in found.explanation
    assert "boven 2% bij een loonaandeel onder 50% (instelling van de organisatie)" in (
        found.explanation
    )
    assert "adviseert" not in found.explanation
    assert "meer dan 2%" not in found.explanation
    assert found.source == (
        "handreiking stap 2Ac (omvang, voorbeeld); grenzen: instelling van de organisatie"
    )


@pytest.mark.parametrize(
    "contract",
    [
        replace(LOW_SHARE, wage_share=Decimal("0.50")),
        replace(LOW_SHARE, sr_percentage=Decimal("2")),
        replace(LOW_SHARE, sr_basis="wage_sum"),
        replace(LOW_SHARE, wage_share=None),
    ],
    ids=["share-exactly-half", "exactly-two-percent", "wage-sum-basis", "share-unknown"],
)
def test_low_wage_share_near_misses(contract: ContractFacts) -> None:
    assert "SR_LOW_WAGE_SHARE" not in codes(contract)


def test_low_wage_share_is_derived_from_the_wage_sum() -> None:
    contract = replace(LOW_SHARE, wage_share=None, wage_sum_eur=Decimal("200000"))
    assert "40%" in finding(contract, "SR_LOW_WAGE_SHARE").explanation


# ------------------------------------------------------------------------ clause text

TEXT_CASES: dict[str, tuple[list[str], list[str]]] = {
    "SR_PENALTY": (
        [
            "Bij het niet nakomen van de social-returnverplichting is een boete verschuldigd.",
            "Indien de opdrachtnemer de social return verplichting niet nakomt, verbeurt hij een "
            "boete van € 50 per niet gerealiseerd uur.",
            "Voor elk uur dat niet is gerealiseerd wordt een boete opgelegd.",
            "Het niet voldoen aan de SROI-verplichting leidt tot een boete van 10% van de niet "
            "bestede SROI-waarde.",
            "Op de social return verplichting is een BOETEBEDING van toepassing.",
            "Bij niet-nakoming wordt een gefixeerde schadevergoeding in rekening gebracht.",
            "De opdrachtgever past een korting toe op de factuur wanneer de "
            "social-returnverplichting niet wordt gehaald.",
            "Bij onvoldoende inzet op social return volgt een malus van 2%.",
            "Als er geen kandidaten worden geplaatst volgt een boete.",
            "Indien opdrachtnemer niet rapporteert, volgt een boete.",
            "Een boete wordt opgelegd bij het niet aanleveren van de rapportage.",
            "Er wordt geen boete opgelegd, tenzij de opdrachtnemer geen enkele inspanning levert.",
            "Boetes worden opgelegd zonder voorafgaande ingebrekestelling.",
            "Indien opdrachtnemer de verplichting niet nakomt, is artikel 12 (Boete) van de "
            "inkoopvoorwaarden van toepassing.",
            "De boeteclausule van artikel 12 is van toepassing op de social-returnverplichting.",
            "Bij niet-nakoming van de SROI-verplichting verbeurt opdrachtnemer een direct "
            "opeisbare boete van € 25 per niet gerealiseerd uur.",
            "Opdrachtgever behoudt zich het recht voor een boete op te leggen.",
            "Artikel 12 (Boete) is niet van toepassing, tenzij opdrachtnemer geen enkele "
            "inspanning levert.",
            "Het vervallen van de rapportageplicht laat de boete bij niet-nakoming onverlet.",
            "De boeteregeling uit de vorige overeenkomst vervalt; bij niet-nakoming van de "
            "social-returnverplichting is een boete verschuldigd.",
            "Bij niet-nakoming is een boete verschuldigd; de korting op de factuur vervalt.",
        ],
        [
            "Er wordt geen boete opgelegd; partijen gaan in gesprek.",
            "Bij het niet nakomen van de social-returnverplichting wordt geen boete opgelegd, "
            "maar gaan partijen in overleg.",
            "Boetes zijn niet van toepassing op de social-returnverplichting.",
            "Aan het niet halen van de doelstelling zijn geen boetes verbonden.",
            "Een korting op de factuur wordt gegeven bij betaling binnen 14 dagen.",
            "Partijen kiezen bewust voor een partnership zonder boetes of sancties.",
            "Het boetebeding uit de inkoopvoorwaarden geldt niet voor social return.",
            "Er is geen sprake van een boete als de doelstelling niet wordt gehaald.",
            "Opdrachtgever zal nooit een boete opleggen voor het niet halen van de doelstelling.",
            "Een boete wordt niet opgelegd.",
            "Er geldt geen boeteregeling en geen malus.",
            "Artikel 12 (Boete) van de Algemene Inkoopvoorwaarden is niet van toepassing.",
            "Artikel 12 (Boete) van de inkoopvoorwaarden is op de social-returnverplichting "
            "niet van toepassing.",
            "In afwijking van artikel 20 ARVODI is de boeteregeling niet van toepassing op de "
            "social-returnverplichting.",
            "Aan het niet nakomen van de social-returnverplichting worden geen boetes verbonden.",
            "De boeteclausule vervalt.",
            "Het bepaalde in artikel 9 (boete) komt te vervallen voor de "
            "social-returnverplichting.",
            "Boete: n.v.t.",
            "Boete: niet van toepassing.",
            "Partijen zien af van boetes bij het niet halen van de social-returndoelstelling.",
            "Opdrachtgever ziet af van het opleggen van een boete.",
            "Van het opleggen van boetes wordt afgezien.",
            "Het boetebeding wordt buiten toepassing verklaard.",
            "Boetes zijn uitgesloten.",
            "De boeteclausule uit de inkoopvoorwaarden wordt niet toegepast.",
            "Bij niet-nakoming wordt geen boete opgelegd.",
            "De rapportage is halfjaarlijks; artikel 12 (Boete) is niet van toepassing.",
        ],
    ),
    "SR_VOG_REQUIRED": (
        [
            "Alle medewerkers van opdrachtnemer dienen in het bezit te zijn van een geldige VOG.",
            "Het personeel moet een Verklaring Omtrent het Gedrag overleggen die niet ouder is "
            "dan drie maanden.",
            "Medewerkers moeten een VOG overleggen van niet ouder dan drie maanden.",
            "Voor alle in te zetten kandidaten is een vog vereist.",
            "Het niet overleggen van een VOG leidt tot weigering van de medewerker.",
        ],
        [
            "Een VOG is niet vereist.",
            "Kandidaten zonder VOG kunnen ook worden ingezet.",
            "Opdrachtnemer hoeft geen VOG te overleggen voor kandidaten.",
            "Alleen voor medewerkers die met kinderen werken is een VOG vereist.",
            "Een VOG wordt gevraagd voor functies waarvoor dat wettelijk nodig is.",
            "De groenvoorziening omvat ook het plaatsen van vogelwerende netten.",
        ],
    ),
    "SR_TARGET_GROUP_PRESCRIBED": (
        [
            "De opdrachtnemer zet uitsluitend kandidaten uit het doelgroepregister in.",
            "Opdrachtnemer moet personen uit de banenafspraak inzetten.",
            "De opdrachtnemer is verplicht de social-returnverplichting in te vullen met "
            "kandidaten uit het doelgroepregister.",
            "De opdrachtnemer is verplicht om, bij de invulling van de verplichting, uitsluitend "
            "kandidaten uit het doelgroepregister in te zetten.",
            "Alleen kandidaten met een doelgroepverklaring tellen mee.",
        ],
        [
            "Kandidaten uit het doelgroepregister hebben de voorkeur.",
            "De opdrachtnemer zet bij voorkeur kandidaten uit het doelgroepregister in.",
            "De opdrachtnemer moet 5% besteden aan mensen met een afstand tot de arbeidsmarkt, "
            "zoals mensen uit het doelgroepregister.",
            "Het is niet verplicht om kandidaten uit het doelgroepregister in te zetten.",
            "De opdrachtnemer moet 5% van de loonsom besteden; kandidaten uit het "
            "doelgroepregister hebben de voorkeur.",
            "Opdrachtgever wil graag bijdragen aan de banenafspraak.",
            "De opdrachtnemer hoeft niet uitsluitend kandidaten uit het doelgroepregister in te "
            "zetten.",
        ],
    ),
    "SR_PERSONAL_DATA": (
        [
            "De opdrachtnemer levert per kwartaal de namen en het BSN van de geplaatste "
            "kandidaten aan.",
            "De rapportage bevat naam, geboortedatum en verloonde uren per kandidaat.",
            "Opdrachtnemer verstrekt een kopie van het identiteitsbewijs van iedere kandidaat.",
            "Opdrachtnemer levert herleidbare gegevens over de geplaatste medewerkers aan.",
            "Bij het niet aanleveren van de namen van de kandidaten volgt een gesprek.",
            "Opdrachtnemer vermeldt het burgerservicenummer in de rapportage.",
        ],
        [
            "De opdrachtnemer rapporteert geanonimiseerd, zonder namen of BSN.",
            "De opdrachtnemer rapporteert geanonimiseerd, zonder namen, BSN of geboortedata.",
            "Namen en BSN van kandidaten worden niet verstrekt.",
            "De gegevens zijn niet herleidbaar tot personen.",
            "De naam van het project wordt vermeld op de factuur.",
        ],
    ),
}


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, (hits, _misses) in TEXT_CASES.items() for sentence in hits],
)
def test_text_finding_fires_with_the_sentence_as_evidence(code: str, sentence: str) -> None:
    contract = with_text(f"{GOOD_CLAUSE} {sentence}")
    assert finding(contract, code).evidence == sentence


@pytest.mark.parametrize(
    ("code", "sentence"),
    [(code, sentence) for code, (_hits, misses) in TEXT_CASES.items() for sentence in misses],
)
def test_text_finding_near_miss(code: str, sentence: str) -> None:
    assert code not in codes(with_text(f"{GOOD_CLAUSE} {sentence}"))


def test_personal_data_is_an_error_citing_the_avg() -> None:
    found = finding(
        with_text("Opdrachtnemer levert de namen van de kandidaten aan."), "SR_PERSONAL_DATA"
    )
    assert found.severity is Severity.ERROR
    assert found.source == "AVG / handreiking stap 4a"


def test_target_group_cites_the_2ad_tip() -> None:
    found = finding(
        with_text("Opdrachtnemer moet personen uit de banenafspraak inzetten."),
        "SR_TARGET_GROUP_PRESCRIBED",
    )
    assert found.source == "handreiking stap 2Ad (tip en leidraad met spelregels)"
    assert "leidraad met spelregels" in found.explanation


@pytest.mark.parametrize(
    "text",
    [
        "Opdrachtnemer besteedt 5% van de loonsom aan social return.",
        "Opdrachtnemer besteedt 5% van de loonsom aan social return. Er vindt geen monitoring "
        "plaats.",
        "Opdrachtnemer besteedt 5% van de loonsom aan social return. Opdrachtnemer rapporteert "
        "niet.",
    ],
)
def test_no_monitoring_fires_without_a_live_reporting_arrangement(text: str) -> None:
    found = finding(with_text(text), "SR_NO_MONITORING")
    assert found.evidence is None
    assert found.source == "handreiking stap 4a"


@pytest.mark.parametrize(
    "sentence",
    [
        "Opdrachtnemer rapporteert ieder kwartaal over de voortgang.",
        "De verloonde uren worden via de Socialreturnmonitor verantwoord.",
        "Social return is een vast agendapunt van het contractoverleg.",
        "Partijen bespreken de resultaten twee keer per jaar.",
        "Partijen evalueren de samenwerking jaarlijks.",
    ],
)
def test_no_monitoring_near_miss(sentence: str) -> None:
    text = f"Opdrachtnemer besteedt 5% van de loonsom aan social return. {sentence}"
    assert "SR_NO_MONITORING" not in codes(with_text(text))


def test_no_monitoring_needs_clause_text() -> None:
    assert "SR_NO_MONITORING" not in codes(replace(WITH_SR, clause_text=None))


FRAMEWORK = replace(WITH_SR, framework=True)


@pytest.mark.parametrize(
    "sentence",
    [
        "De social-returnverplichting van 5% geldt per nadere opdracht.",
        "Bij iedere minicompetitie wordt opnieuw een social-returnpercentage vastgesteld.",
        "Op iedere nadere opdracht is afzonderlijk een verplichting van 5% van toepassing.",
    ],
)
def test_framework_per_call_fires(sentence: str) -> None:
    contract = replace(FRAMEWORK, clause_text=f"{GOOD_CLAUSE} {sentence}")
    found = finding(contract, "SR_FRAMEWORK_PER_CALL")
    assert found.evidence == sentence
    assert found.severity is Severity.INFO


@pytest.mark.parametrize(
    "sentence",
    [
        "De social-returnverplichting geldt voor de raamovereenkomst als geheel en niet per "
        "nadere opdracht.",
        "De verplichting wordt berekend over de totale waarde van alle nadere opdrachten.",
        "Per nadere opdracht wordt een offerte gevraagd.",
    ],
)
def test_framework_per_call_near_miss(sentence: str) -> None:
    assert "SR_FRAMEWORK_PER_CALL" not in codes(
        replace(FRAMEWORK, clause_text=f"{GOOD_CLAUSE} {sentence}")
    )


def test_framework_per_call_needs_a_framework() -> None:
    text = f"{GOOD_CLAUSE} De social-returnverplichting van 5% geldt per nadere opdracht."
    assert "SR_FRAMEWORK_PER_CALL" not in codes(with_text(text))


def test_sentences_do_not_split_at_abbreviations() -> None:
    sentence = "Opdrachtnemer levert o.a. de namen van de kandidaten aan, conform art. 5 lid 2."
    found = finding(with_text(f"{GOOD_CLAUSE}\n\n{sentence} Verder niets."), "SR_PERSONAL_DATA")
    assert found.evidence == sentence


def test_matching_ignores_case_accents_and_line_wrapping() -> None:
    text = f"{GOOD_CLAUSE} Alle medewerkers overleggen een\nVERKLARING OMTRENT HET GEDRAG."
    assert finding(with_text(text), "SR_VOG_REQUIRED").evidence == (
        "Alle medewerkers overleggen een VERKLARING OMTRENT HET GEDRAG."
    )
    assert "SR_PENALTY" in codes(with_text(f"{GOOD_CLAUSE} Er volgt een bóete."))


# ------------------------------------------------------------- clause text against the fields

STATED = replace(
    WITH_SR,
    clause_text=(
        "Opdrachtnemer besteedt 5% van de projectsom aan social return. Opdrachtnemer "
        "rapporteert ieder kwartaal."
    ),
    sr_percentage=Decimal("12"),
    sr_basis="wage_sum",
)


def test_mismatch_names_what_the_text_and_the_fields_say() -> None:
    found = finding(STATED, "SR_TEXT_FIELDS_MISMATCH")
    assert found.severity is Severity.WARNING
    assert found.explanation.startswith(
        "De clausuletekst noemt 5% van de projectsom; de velden zeggen 12% van de loonsom."
    )
    assert found.source == "gegevenscontrole: clausuletekst tegen de contractvelden"


@pytest.mark.parametrize(
    ("percentage", "basis", "fields_say"),
    [
        ("5", "wage_sum", "5% van de loonsom"),
        ("12", "project_sum", "12% van de projectsom"),
        ("4.9", None, "4,9%, zonder grondslag"),
        (None, "wage_sum", "geen percentage van de loonsom"),
    ],
    ids=["basis-differs", "percentage-differs", "no-basis-in-fields", "no-percentage"],
)
def test_mismatch_on_one_differing_field(
    percentage: str | None, basis: str | None, fields_say: str
) -> None:
    contract = replace(
        STATED, sr_percentage=None if percentage is None else Decimal(percentage), sr_basis=basis
    )
    assert (
        f"de velden zeggen {fields_say}."
        in finding(contract, "SR_TEXT_FIELDS_MISMATCH").explanation
    )


@pytest.mark.parametrize(
    "text",
    [
        "Opdrachtnemer besteedt 5% van de projectsom aan social return.",
        "Opdrachtnemer besteedt 5 procent van de totale aanneemsom aan social return.",
        "Ten minste 5,0% van de opdrachtwaarde wordt besteed aan social return.",
    ],
)
def test_no_mismatch_when_text_and_fields_agree(text: str) -> None:
    contract = replace(STATED, clause_text=text, sr_percentage=Decimal("5"), sr_basis="project_sum")
    assert "SR_TEXT_FIELDS_MISMATCH" not in codes(contract)


def test_decimal_comma_in_the_text_is_read_as_a_percentage() -> None:
    contract = replace(STATED, clause_text="Opdrachtnemer besteedt 2,5% van de loonsom.")
    assert "noemt 2,5% van de loonsom" in finding(contract, "SR_TEXT_FIELDS_MISMATCH").explanation
    agreed = replace(contract, sr_percentage=Decimal("2.5"))
    assert "SR_TEXT_FIELDS_MISMATCH" not in codes(agreed)


@pytest.mark.parametrize(
    "text",
    [
        "Opdrachtnemer besteedt 5% van de projectsom of 12% van de loonsom aan social return.",
        "Opdrachtnemer besteedt 5% van de project- of loonsom aan social return.",
        "Opdrachtnemer zet 5% social return in.",
        "Opdrachtnemer besteedt 5% van de uren aan mensen uit de doelgroep.",
        "Opdrachtnemer levert een inspanning op social return.",
    ],
    ids=["two-demands", "basis-ambiguous", "no-basis", "not-a-basis", "no-percentage"],
)
def test_no_mismatch_when_the_text_is_not_unambiguous(text: str) -> None:
    assert "SR_TEXT_FIELDS_MISMATCH" not in codes(replace(STATED, clause_text=text))


def test_no_mismatch_when_the_fields_are_empty() -> None:
    contract = replace(STATED, sr_percentage=None, sr_basis=None)
    assert "SR_TEXT_FIELDS_MISMATCH" not in codes(contract)


# -------------------------------------------------------------------------- portfolio timing

BIG_CLEANING = replace(
    PLAIN,
    category="schoonmaak",
    value_total_eur=Decimal("4000000"),
    value_annual_eur=Decimal("1000000"),
)


def test_missing_on_promising_fires_for_a_promising_contract_without_social_return() -> None:
    found = finding(BIG_CLEANING, "SR_MISSING_ON_PROMISING")
    assert "Arbeidsintensieve categorie (schoonmaak)" in found.explanation
    assert "puntentelling en drempel zijn een instelling van de organisatie" in found.explanation
    assert found.source == (
        "handreiking stap 2Ba en 4b (tip); puntentelling: instelling van de organisatie"
    )


@pytest.mark.parametrize(
    "contract",
    [replace(BIG_CLEANING, clause_text=GOOD_CLAUSE), replace(BIG_CLEANING, category="advies")],
    ids=["has-social-return", "not-promising"],
)
def test_missing_on_promising_near_misses(contract: ContractFacts) -> None:
    assert "SR_MISSING_ON_PROMISING" not in codes(contract)


def test_missing_on_promising_of_a_contract_marked_unknown_asks_to_check_first() -> None:
    # "onbekend" earns no "no social return yet" points, so make it promising on its own
    norms = load_norms({"promising_threshold": 2})
    unknown = replace(BIG_CLEANING, has_sr=SrApplies.UNKNOWN)
    [found] = [f for f in check_clause(unknown, norms) if f.code == "SR_MISSING_ON_PROMISING"]
    assert "onbekend of er social return is" in found.title
    assert "zoek dat eerst na" in found.explanation
    known = [f for f in check_clause(BIG_CLEANING, norms) if f.code == "SR_MISSING_ON_PROMISING"]
    assert known[0].title == "Kansrijk contract zonder social return"


def test_missing_on_promising_follows_the_threshold() -> None:
    strict = load_norms({"promising_threshold": 100})
    assert "SR_MISSING_ON_PROMISING" not in [f.code for f in check_clause(BIG_CLEANING, strict)]


@pytest.mark.parametrize(
    ("end", "fires"),
    [
        (date(2027, 11, 25), True),
        (date(2027, 11, 26), False),
        (TODAY, True),
        (date(2026, 11, 24), False),
    ],
    ids=["exactly-12-months", "one-day-later", "ends-today", "already-ended"],
)
def test_expiring_boundaries(end: date, fires: bool) -> None:
    assert ("SR_EXPIRING" in codes(replace(WITH_SR, end_date=end))) is fires


def test_expiring_leaves_contracts_with_an_option_to_the_extension_check() -> None:
    contract = replace(WITH_SR, end_date=date(2027, 3, 31), extension_options="1+1")
    assert "SR_EXPIRING" not in codes(contract)
    assert "SR_EXTENSION_COMING" in codes(contract)


def test_horizons_are_named_the_organisations_setting() -> None:
    expiring = finding(replace(WITH_SR, end_date=date(2027, 3, 31)), "SR_EXPIRING")
    assert "binnen 12 maanden (termijn: instelling van de organisatie)" in expiring.explanation
    assert expiring.source == "handreiking stap 2Ba en 4b"
    coming = finding(
        replace(WITH_SR, end_date=date(2027, 3, 31), extension_options="1+1"),
        "SR_EXTENSION_COMING",
    )
    assert "binnen 6 maanden (termijn: instelling van de organisatie)" in coming.explanation


@pytest.mark.parametrize(
    ("end", "options", "fires"),
    [
        (date(2027, 5, 25), "2x 1 jaar", True),
        (date(2027, 5, 26), "2x 1 jaar", False),
        (date(2026, 12, 31), "optie tot 2 jaar verlenging", True),
        (date(2026, 12, 31), "geen", False),
        (date(2026, 11, 24), "1+1", False),
    ],
    ids=["exactly-6-months", "one-day-later", "one-option", "no-option", "already-ended"],
)
def test_extension_coming_boundaries(end: date, options: str, fires: bool) -> None:
    contract = replace(WITH_SR, end_date=end, extension_options=options)
    assert ("SR_EXTENSION_COMING" in codes(contract)) is fires


def test_extension_coming_tells_to_avoid_a_substantial_modification() -> None:
    found = finding(
        replace(WITH_SR, end_date=date(2027, 1, 31), extension_options="2x 1 jaar"),
        "SR_EXTENSION_COMING",
    )
    assert "wezenlijke wijziging" in found.explanation
    assert "(2x 1 jaar)" in found.explanation
    assert found.source == "handreiking stap 2Ba / 3a"


# ---------------------------------------------------------------------------- ordering


def test_findings_are_sorted_errors_first_then_by_code() -> None:
    contract = replace(
        WITH_SR,
        value_total_eur=Decimal("80000"),
        end_date=date(2027, 6, 30),
        clause_text="Er geldt een boete. Opdrachtnemer levert de namen van de kandidaten aan.",
    )
    found = check_clause(contract, NORMS)
    assert [(f.severity, f.code) for f in found] == [
        (Severity.ERROR, "SR_PERSONAL_DATA"),
        (Severity.WARNING, "SR_NO_MONITORING"),
        (Severity.WARNING, "SR_PENALTY"),
        (Severity.WARNING, "SR_SIZE_SMALL"),
        (Severity.INFO, "SR_EXPIRING"),
    ]


def test_one_contract_can_raise_every_applicable_finding() -> None:
    contract = replace(
        FRAMEWORK,
        kind="supplies",
        authority="central",
        value_total_eur=Decimal("90000"),
        wage_share=Decimal("0.3"),
        sr_basis="project_sum",
        start_date=date(2026, 9, 1),
        end_date=date(2027, 1, 31),
        extension_options="1x 1 jaar",
        clause_text=(
            "Per nadere opdracht geldt 5% social return. Er geldt een boete. Alle medewerkers "
            "hebben een VOG. Opdrachtnemer zet uitsluitend kandidaten uit het doelgroepregister "
            "in en noemt hun namen."
        ),
    )
    found = check_clause(contract, NORMS)
    assert sorted(item.code for item in found) == [
        "SR_EXTENSION_COMING",
        "SR_FRAMEWORK_PER_CALL",
        "SR_LOW_WAGE_SHARE",
        "SR_NO_MONITORING",
        "SR_PENALTY",
        "SR_PERSONAL_DATA",
        "SR_SHORT_DURATION",
        "SR_SIZE_SMALL",
        "SR_SUPPLY_LOW_LABOUR",
        "SR_TARGET_GROUP_PRESCRIBED",
        "SR_VOG_REQUIRED",
    ]
    for item in found:
        assert item.title and item.explanation and item.source
        assert item.as_dict()["code"] == item.code
