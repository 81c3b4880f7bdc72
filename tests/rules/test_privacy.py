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
from sroi_plugin.rules.privacy import scan_for_personal_data

REPORT_DATE = date(2025, 3, 31)
TEMPLATE_HEADERS = [
    "Doelgroep",
    "Soort plaatsing",
    "Aantal personen",
    "Verloonde uren",
    "Kosten (€)",
    "Bewijsstuk",
]


def _scan_headers(*headers: str) -> list[PersonalDataHit]:
    return scan_for_personal_data(list(headers), [], report_date=REPORT_DATE)


def _scan_value(value: object) -> list[PersonalDataHit]:
    return scan_for_personal_data(["Opmerking"], [(7, [value])], report_date=REPORT_DATE)


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
    ],
)
def test_header_asking_for_personal_data_is_a_hit(header: str, what: str) -> None:
    hits = _scan_headers("Doelgroep", header)
    assert [(h.row, h.column, h.header, h.what) for h in hits] == [(None, 2, header, what)]
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
        12345672,  # leading zero dropped by the spreadsheet
        123456782.0,
        Decimal("123456782"),
    ],
)
def test_bsn_value_is_a_hit(value: object) -> None:
    hits = _scan_value(value)
    assert [(h.row, h.column, h.what) for h in hits] == [(7, 1, "burgerservicenummer (BSN)")]
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
    ],
)
def test_birth_date_value_is_a_hit(value: object) -> None:
    hits = _scan_value(value)
    assert [(h.row, h.what) for h in hits] == [(7, "geboortedatum")]


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
    ],
)
def test_dates_that_cannot_be_a_working_persons_birth_date_are_accepted(value: object) -> None:
    assert _scan_value(value) == []


def test_birth_date_ages_follow_the_settings() -> None:
    settings = load_monitoring_settings({"birth_date_min_age": 16})
    hits = scan_for_personal_data(
        ["Opmerking"], [(2, [date(2011, 3, 31)])], report_date=REPORT_DATE, settings=settings
    )
    assert hits == []


def test_clean_template_report_has_no_hits() -> None:
    rows: list[tuple[int, Sequence[object]]] = [
        (2, ["Doelgroepregister", "Dienstverband", 3, Decimal("1234.5"), "45.678,90", "Factuur"]),
        (3, ["Statushouders", "Werkervaringsplaats", 12, 480, 12345678, ""]),
    ]
    assert scan_for_personal_data(TEMPLATE_HEADERS, rows, report_date=REPORT_DATE) == []


def test_scan_reports_header_then_values_with_sheet_rows_and_columns() -> None:
    headers = ["Doelgroep", "Naam kandidaat", "Aantal personen"]
    rows: list[tuple[int, Sequence[object]]] = [
        (5, ["Doelgroepregister", "J. Jansen", 1]),
        (6, ["Statushouders", "P. Pietersen", 1, "111222333"]),
    ]
    hits = scan_for_personal_data(headers, rows, report_date=REPORT_DATE)
    assert [(h.row, h.column, h.header, h.what) for h in hits] == [
        (None, 2, "Naam kandidaat", "naam"),
        (6, 4, "", "burgerservicenummer (BSN)"),
    ]


# --- explanation --------------------------------------------------------------------------------


def test_no_hits_need_no_explanation() -> None:
    assert explain_rejection([]) == []


def test_explanation_says_what_to_remove_how_to_aggregate_and_why() -> None:
    lines = explain_rejection(_scan_headers("Doelgroep", "Naam kandidaat"))
    assert lines[0].startswith("Kolom B ('Naam kandidaat'): De kolomkop vraagt om een naam")
    assert lines[0].endswith("Verwijder deze kolom.")
    assert "per doelgroep en soort plaatsing alleen het aantal personen" in lines[1]
    assert "AVG art. 4 lid 1" in lines[2]
    assert "AVG art. 5 lid 1 onder c" in lines[2]
    assert not any("UAVG art. 46" in line for line in lines)


def test_explanation_groups_rows_per_column_and_cites_uavg_for_a_bsn() -> None:
    rows: list[tuple[int, Sequence[object]]] = [(r, ["123456782"]) for r in range(2, 10)]
    lines = explain_rejection(scan_for_personal_data(["Opmerking"], rows, report_date=REPORT_DATE))
    assert lines[0].startswith("Kolom A ('Opmerking'), rijen 2, 3, 4, 5, 6 en nog 3 andere: ")
    assert lines[0].endswith("Verwijder deze waarden.")
    assert "123456782" not in " ".join(lines)
    assert any("UAVG art. 46" in line for line in lines)


def test_explanation_names_a_single_row_and_far_columns_by_letter() -> None:
    hit = PersonalDataHit(4, 27, "", "geboortedatum", "Reden.")
    assert explain_rejection([hit])[0] == "Kolom AA, rij 4: Reden. Verwijder deze waarden."


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
