"""AVG guard: personal data in a monitoring report is refused; small counts are suppressed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.monitoring import load_monitoring_settings
from sroi_plugin.rules.privacy import PersonalDataHit
from sroi_plugin.rules.privacy import display_count
from sroi_plugin.rules.privacy import explain_rejection
from sroi_plugin.rules.privacy import is_valid_bsn
from sroi_plugin.rules.privacy import scan_sheet

REPORT_DATE = date(2025, 3, 31)
TEMPLATE_HEADERS = [
    "Doelgroep",
    "Soort plaatsing",
    "Aantal personen",
    "Verloonde uren",
    "Kosten (€)",
    "Bewijsstuk",
]


def _scan(*rows: Sequence[object], **kwargs: object) -> list[PersonalDataHit]:
    return scan_sheet("Blad1", rows, report_date=REPORT_DATE, **kwargs)  # type: ignore[arg-type]


def _places(hits: list[PersonalDataHit]) -> list[tuple[int, int, str, str]]:
    return [(h.row, h.column, h.what, h.kind) for h in hits]


def _scan_headers(*headers: str) -> list[PersonalDataHit]:
    """``headers`` in a table's header row (row 1)."""
    return _scan(["Doelgroep", *headers, "Aantal personen"])


def _scan_value(value: object) -> list[PersonalDataHit]:
    """``value`` alone in cell A7."""
    return _scan(*([None] for _ in range(6)), [value])


# --- elfproef -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["111222333", "123456782", "999999990", " 123456782 ", "012345672", 123456782, 12345672],
)
def test_valid_bsn_passes_the_elfproef(value: str | int) -> None:
    assert is_valid_bsn(value)


@pytest.mark.parametrize(
    "value",
    [
        "123456789",  # elfproef fails
        "012345671",  # elfproef fails
        "000000000",  # passes the sum, but is no number
        0,
        "12345672",  # 8-digit text keeps its zeros: not a BSN
        12345678,  # 8-digit number, padded 012345678 fails
        "1234567820",  # 10 digits
        1234567820,
        "12345678a",
        "",
        True,
    ],
)
def test_invalid_bsn_fails(value: str | int) -> None:
    assert not is_valid_bsn(value)


# --- headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "what"),
    [
        ("Naam", "naam"),
        ("Voornaam", "naam"),
        ("Achternaam", "naam"),
        ("Naam kandidaat", "naam"),
        ("Kandidaatnaam", "naam"),
        ("Namen medewerkers", "naam"),
        ("Voorletters", "naam"),
        ("Naam medewerker opdrachtnemer", "naam"),
        ("BSN", "burgerservicenummer (BSN)"),
        ("Burgerservicenummer", "burgerservicenummer (BSN)"),
        ("Sofinummer", "burgerservicenummer (BSN)"),
        ("Geboortedatum", "geboortedatum"),
        ("Geboren op", "geboortedatum"),
        ("Adres", "adres"),
        ("Woonadres kandidaat", "adres"),
        ("Straat en huisnummer", "adres"),
        ("Woonplaats", "adres"),
        ("Postcode", "postcode"),
        ("E-mail", "e-mailadres"),
        ("E-mailadres", "e-mailadres"),
        ("Telefoon", "telefoonnummer"),
        ("Tel. nr.", "telefoonnummer"),
        ("Mobiel nummer", "telefoonnummer"),
        ("Personeelsnummer", "personeelsnummer"),
        ("NAAM CLIËNT", "naam"),
        ("Medewerker", "naam"),
        ("Kandidaat", "naam"),
        ("Name", "naam"),
        ("First name", "naam"),
        ("Surname", "naam"),
        ("Employee name", "naam"),
        ("Date of birth", "geboortedatum"),
        ("DOB", "geboortedatum"),
        ("Geb.datum", "geboortedatum"),
        ("Geb. datum", "geboortedatum"),
        ("Naam contactpersoon kandidaat", "naam"),
    ],
)
def test_header_asking_for_personal_data_is_a_hit(header: str, what: str) -> None:
    hits = _scan_headers(header)
    assert _places(hits) == [(1, 2, what, "label")]
    assert "tot een persoon te herleiden" in hits[0].why


@pytest.mark.parametrize(
    "header",
    [
        *TEMPLATE_HEADERS,
        "Aantal personen",
        "Naam opdrachtnemer",
        "Bedrijfsnaam",
        "Functienaam",
        "Adres opdrachtnemer",
        "Naam sociale werkplaats",
        "Telling",
        "Opmerking",
        "Aantal medewerkers",
        "Aantal kandidaten",
        "Naam contactpersoon",
        "Company name",
        "Contractor name",
        "Projectnaam",
        "Personeel (aantal)",
    ],
)
def test_header_without_a_person_is_accepted(header: str) -> None:
    assert _scan_headers(header) == []


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        123456782,
        "123456782",
        "1234.56.782",
        "123 456 782",
        "BSN 123456782 van kandidaat",
        "kandidaat 123456782 gestart op de werkervaringsplaats",
        "Toelichting: kandidaat (123.456.782) is doorgestroomd",
        "123456782.",  # the end of a sentence
        "Monteur 123456782 gestart",  # "eur" names an amount only as a word of its own
        12345672,  # leading zero dropped by the spreadsheet
        123456782.0,
        Decimal("123456782"),
    ],
)
def test_bsn_value_is_a_hit(value: object) -> None:
    hits = _scan_value(value)
    assert _places(hits) == [(7, 1, "burgerservicenummer (BSN)", "value")]
    assert "123456782" not in hits[0].why


@pytest.mark.parametrize(
    "value",
    [
        "12345672",  # 8-digit order number as text
        12345678,  # 8-digit order number failing the elfproef
        "123456789",  # 9 digits failing the elfproef
        123456789,
        "000000000",
        "123456782,50",  # an amount
        "1123456782",  # part of a longer number
        Decimal("1234.50"),
        123456782.5,
        "0612345678",
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "NL123456782B01",  # a VAT number is a code, not a BSN
        "1.234.567.82",  # dots where a BSN has none
        "12345678201",  # 11 digits
        "referentie 2026-123456782-01",
        "Contractnummer 123456782 loopt tot 2028",
        "KvK 12345672",
        "€ 123.456.782",
        "Contractwaarde € 123.456.782,00",
        3,
        None,
    ],
)
def test_numbers_that_are_no_bsn_are_accepted(value: object) -> None:
    assert _scan_value(value) == []


@pytest.mark.parametrize(
    "value",
    [
        date(1980, 5, 12),
        datetime(1990, 1, 2, 0, 0),
        "12-05-1980",
        "12/05/1980",
        "1.5.1980",
        "1980-05-12",
        "1980-05-12 00:00:00",
        date(2011, 3, 31),  # turns 14 on the report date
        date(1924, 4, 1),  # 100 on the report date
        "Kandidaat geboren 12-05-1980, gestart in maart",
    ],
)
def test_birth_date_value_is_a_hit(value: object) -> None:
    hits = _scan_value(value)
    assert [(h.row, h.what) for h in hits] == [(7, "geboortedatum")]
    assert "1980" not in hits[0].why


@pytest.mark.parametrize(
    "value",
    [
        date(2025, 2, 15),  # a date in the reporting period
        "15-02-2025",
        date(2011, 4, 1),  # 13 on the report date
        date(1924, 3, 31),  # 101 on the report date
        date(2030, 1, 1),
        "31-02-1980",  # no such day
        "1980",
        "12,50",
        "Contract loopt sinds 01-01-2010",
        "Periode 01-01-2025 t/m 31-03-2025",
    ],
)
def test_dates_that_cannot_be_a_working_persons_birth_date_are_accepted(value: object) -> None:
    assert _scan_value(value) == []


def test_birth_date_ages_follow_the_settings() -> None:
    settings = load_monitoring_settings({"birth_date_min_age": 16})
    assert _scan([date(2011, 3, 31)], settings=settings) == []


def test_clean_template_report_has_no_hits() -> None:
    rows: list[Sequence[object]] = [
        TEMPLATE_HEADERS,
        ["Doelgroepregister", "Dienstverband", 3, Decimal("1234.5"), "45.678,90", "Factuur"],
        ["Statushouders", "Werkervaringsplaats", 12, 480, 12345678, ""],
        ["Totaal", None, 15, Decimal("1714.5"), 123456782, None],  # an amount, not a BSN
    ]
    assert _scan(*rows) == []


def test_a_header_under_a_title_block_is_found_in_whatever_row_it_sits() -> None:
    hits = _scan(
        ["Rapportage social return Q1 2025"],
        ["Opdrachtnemer", "Bouw & Zorg B.V."],
        [],
        ["Voorletters", "Achternaam", "Uren"],
        ["J.", "Jansen", 120],
    )
    assert _places(hits) == [(4, 1, "naam", "label"), (4, 2, "naam", "label")]


def test_contact_details_in_a_title_block_are_not_candidates_data() -> None:
    rows: list[Sequence[object]] = [
        ["Opdrachtnemer", "Bouw & Zorg B.V."],
        ["Adres", "Industrieweg 12, 1234 AB Ergens"],
        ["E-mail", "info@bouwenzorg.example"],
        ["Telefoon", "010-1234567"],
        ["Naam contactpersoon", "P. de Boer"],
        ["KvK-nummer", 12345672],  # would pass the elfproef with a leading zero
        ["RSIN", "123456782"],
        ["IBAN", "NL91ABNA0417164300"],
        ["Periode", "01-01-2025 t/m 31-03-2025"],
        ["Opgericht", date(1998, 3, 12)],
    ]
    assert _scan(*rows) == []


def test_an_address_column_in_a_table_is_a_hit() -> None:
    hits = _scan(["Doelgroep", "Adres", "Uren"])
    assert _places(hits) == [(1, 2, "adres", "label")]


def test_numbers_under_an_identifier_header_are_no_bsn() -> None:
    rows: list[Sequence[object]] = [
        ["Doelgroep", "KvK-nummer", "Contractnummer", "Kosten (€)"],
        ["Statushouders", 12345672, "123456782", 123456782],
    ]
    assert _scan(*rows) == []


def test_a_bsn_in_an_unnamed_column_is_a_hit() -> None:
    rows: list[Sequence[object]] = [
        ["Doelgroep", "Soort plaatsing", "Aantal personen", None],
        ["Statushouders", "Werkervaringsplaats", 1, 123456782],
    ]
    assert _places(_scan(*rows)) == [(2, 4, "burgerservicenummer (BSN)", "value")]


@pytest.mark.parametrize(
    ("note", "what"),
    [
        ("Kandidaat: J. de Vries", "naam"),
        ("Jan Bouw:\nBSN 123456782 nagevraagd", "burgerservicenummer (BSN)"),
        ("geboren 12-05-1980", "geboortedatum"),
    ],
)
def test_a_note_with_personal_data_is_a_hit(note: str, what: str) -> None:
    hits = _scan(["Doelgroep", "Uren"], ["Statushouders", 12], comments={(2, 2): note})
    assert _places(hits) == [(2, 2, what, "comment")]


def test_a_note_without_personal_data_passes() -> None:
    note = "Jan Bouw:\nUren over maart zijn geschat; volgt in Q2 (namens de directie)."
    assert _scan(["Doelgroep", "Uren"], comments={(1, 2): note}) == []


# --- explanation --------------------------------------------------------------------------------


def test_no_hits_need_no_explanation() -> None:
    assert explain_rejection([]) == []


def test_explanation_says_what_to_remove_how_to_aggregate_and_why() -> None:
    lines = explain_rejection(_scan_headers("Naam kandidaat"))
    assert lines[0].startswith("Werkblad 'Blad1', cel B1: De kolomkop vraagt om een naam")
    assert "Verwijder deze kolom" in lines[0]
    assert "per doelgroep en soort plaatsing alleen het aantal personen" in lines[1]
    assert "tel dan eerst per doelgroep en soort plaatsing op" in lines[1]
    assert "verborgen werkbladen en opmerkingen" in lines[1]
    assert "AVG art. 4 lid 1" in lines[2]
    assert "AVG art. 5 lid 1 onder c" in lines[2]
    assert not any("UAVG art. 46" in line for line in lines)


def test_explanation_groups_rows_per_column_and_cites_uavg_for_a_bsn() -> None:
    rows: list[Sequence[object]] = [[None], *(["123456782"] for _ in range(8))]
    lines = explain_rejection(_scan(*rows))
    assert lines[0].startswith("Werkblad 'Blad1', kolom A, rijen 2, 3, 4, 5, 6 en nog 3 andere: ")
    assert lines[0].endswith("Verwijder deze waarden.")
    assert "123456782" not in " ".join(lines)
    assert any("UAVG art. 46" in line for line in lines)


def test_explanation_names_notes_and_far_columns_by_letter() -> None:
    value = PersonalDataHit("Verborgen", 4, 27, "geboortedatum", "Reden.")
    note = PersonalDataHit("Blad1", 2, 3, "naam", "Reden.", "comment")
    assert explain_rejection([value, note])[:2] == [
        "Werkblad 'Verborgen', kolom AA, rij 4: Reden. Verwijder deze waarden.",
        "Werkblad 'Blad1', de opmerking bij cel C2: Reden. Verwijder deze opmerking.",
    ]


# --- small numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "inside", "shown"),
    [
        (0, False, "0"),
        (1, False, "< 3"),
        (2, False, "< 3"),
        (3, False, "3"),
        (40, False, "40"),
        (1, True, "1"),
        (2, True, "2"),
    ],
)
def test_small_counts_are_hidden_outside_the_working_group(
    n: int, inside: bool, shown: str
) -> None:
    assert display_count(n, inside_working_group=inside) == shown


@pytest.mark.parametrize(("n", "shown"), [(4, "< 5"), (5, "5")])
def test_small_count_threshold_can_be_set(n: int, shown: str) -> None:
    assert display_count(n, inside_working_group=False, threshold=5) == shown


def test_negative_count_is_refused() -> None:
    with pytest.raises(RuleInputError, match="Aantal personen: mag niet negatief zijn"):
        display_count(-1, inside_working_group=True)
