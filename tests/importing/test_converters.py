"""Converters read values the way Dutch users type them, and refuse the rest clearly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal

import pytest

from sroi_plugin.errors import SroiError
from sroi_plugin.importing.converters import ConversionError
from sroi_plugin.importing.converters import clean_amount
from sroi_plugin.importing.converters import clean_authority_type
from sroi_plugin.importing.converters import clean_bool
from sroi_plugin.importing.converters import clean_date
from sroi_plugin.importing.converters import clean_extension_options
from sroi_plugin.importing.converters import clean_framework
from sroi_plugin.importing.converters import clean_kind
from sroi_plugin.importing.converters import clean_kvk
from sroi_plugin.importing.converters import clean_ref
from sroi_plugin.importing.converters import clean_sr
from sroi_plugin.importing.converters import clean_sr_basis
from sroi_plugin.importing.converters import clean_sr_form
from sroi_plugin.importing.converters import clean_sr_percentage
from sroi_plugin.importing.converters import clean_text
from sroi_plugin.importing.converters import clean_wage_share
from sroi_plugin.importing.converters import memoised
from sroi_plugin.rules.values import SrCell
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("€ 1.234.567,89", Decimal("1234567.89")),
        ("1.234.567", Decimal("1234567.00")),
        ("1234567.89", Decimal("1234567.89")),
        ("1,2 mln", Decimal("1200000.00")),
        ("1.5 mln", Decimal("1500000.00")),
        ("€ 3 mln.", Decimal("3000000.00")),
        ("250k", Decimal("250000.00")),
        ("250 K", Decimal("250000.00")),
        ("€ 250.000,-", Decimal("250000.00")),
        ("EUR 3000", Decimal("3000.00")),
        ("3 000 000", Decimal("3000000.00")),
        ("1\u00a0250\u00a0000 euro", Decimal("1250000.00")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("12,50", Decimal("12.50")),
        ("0.125", Decimal("0.13")),
        ("0", Decimal("0.00")),
        # One mark before three zeros groups thousands: nobody writes a fraction as ,000.
        ("1.000", Decimal("1000.00")),
        ("25,000", Decimal("25000.00")),
        ("1.2345", Decimal("1.23")),
        ("1,2345", Decimal("1.23")),
        (1234567, Decimal("1234567.00")),
        (1234.565, Decimal("1234.57")),
        (0.1 + 0.2, Decimal("0.30")),
        (Decimal("99.999"), Decimal("100.00")),
        (None, None),
        ("  ", None),
    ],
)
def test_amount_reads_dutch_and_english_notations(raw: object, expected: Decimal | None) -> None:
    assert clean_amount(raw) == expected


def test_amount_from_excel_float_has_no_binary_noise() -> None:
    assert str(clean_amount(1234567.1)) == "1234567.10"


@pytest.mark.parametrize(
    "raw",
    [
        "12,3,4",
        "1.23.45",
        "1,234.567,8",
        "abc",
        "=A1*2",
        "+1000",
        "@SUM(A1)",
        "-5",
        True,
        "1.2.3 mln",
    ],
)
def test_amount_refuses_what_is_no_amount(raw: object) -> None:
    with pytest.raises(ConversionError, match=r"^'.*' is geen bedrag"):
        clean_amount(raw)


@pytest.mark.parametrize("raw", ["1,234", "1.234", "€ 12.500", "999,999"])
def test_amount_refuses_one_mark_before_three_digits_as_ambiguous(raw: str) -> None:
    """``1.234`` is Dutch for 1234 and English for 1.234: the message gives both readings."""
    with pytest.raises(ConversionError, match=r"is niet eenduidig: .* euro \(met een scheidings"):
        clean_amount(raw)


def test_amount_refuses_amounts_including_vat() -> None:
    with pytest.raises(ConversionError, match="inclusief btw; vul het bedrag exclusief btw in"):
        clean_amount("€ 12.100 incl. btw")


def test_amount_message_quotes_the_value() -> None:
    with pytest.raises(ConversionError) as caught:
        clean_amount("12,3,4")
    assert caught.value.message == "'12,3,4' is geen bedrag"
    assert isinstance(caught.value, SroiError)


def test_amount_refuses_negative_numbers() -> None:
    with pytest.raises(ConversionError, match="niet negatief"):
        clean_amount(-0.01)


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(ConversionError) as caught:
        clean_amount("x" * 500)
    assert len(caught.value.message) < 80


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2025, 12, 31, 14, 30), date(2025, 12, 31)),
        (date(2025, 12, 31), date(2025, 12, 31)),
        (45657, date(2024, 12, 31)),
        (45657.75, date(2024, 12, 31)),
        ("45657", date(2024, 12, 31)),
        (20251231, date(2025, 12, 31)),
        ("20251231", date(2025, 12, 31)),
        ("31-12-2025", date(2025, 12, 31)),
        ("31/12/2025", date(2025, 12, 31)),
        ("31.12.2025", date(2025, 12, 31)),
        ("1-1-2024", date(2024, 1, 1)),
        ("31-12-25", date(2025, 12, 31)),
        ("2025-12-31", date(2025, 12, 31)),
        ("2025-12-31 00:00:00", date(2025, 12, 31)),
        ("1 jan 2024", date(2024, 1, 1)),
        ("1 januari 2024", date(2024, 1, 1)),
        ("31 dec. 2025", date(2025, 12, 31)),
        ("15 mrt 2024", date(2024, 3, 15)),
        ("1 mei 2024", date(2024, 5, 1)),
        ("3 okt 2024", date(2024, 10, 3)),
        ("1-jan-24", date(2024, 1, 1)),
        ("1 March 2024", date(2024, 3, 1)),
        (" 31-12-2025 ", date(2025, 12, 31)),
    ],
)
def test_date_reads_excel_values_serials_and_dutch_text(raw: object, expected: date) -> None:
    assert clean_date(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "  ", "onbepaald", "Onbepaalde tijd", "n.v.t.", "nvt", "-"]
)
def test_date_open_ended_values_are_none(raw: object) -> None:
    assert clean_date(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "31-13-2025",
        "30-02-2025",
        "12/31/2025",
        "1 foo 2024",
        "morgen",
        2025,
        "31-12-0025",
        60,
        time(9, 0),
    ],
)
def test_date_refuses_impossible_dates(raw: object) -> None:
    with pytest.raises(ConversionError, match="is geen geldige datum"):
        clean_date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("werk", "works"),
        ("Werken", "works"),
        ("works", "works"),
        ("Dienst", "services"),
        ("diensten", "services"),
        ("Services", "services"),
        ("levering", "supplies"),
        ("Leveringen", "supplies"),
        ("supplies", "supplies"),
        ("sociale diensten", "social_services"),
        (None, None),
        ("n.v.t.", None),
    ],
)
def test_kind_accepts_dutch_english_and_plurals(raw: object, expected: str | None) -> None:
    assert clean_kind(raw) == expected


def test_kind_refuses_other_words_and_lists_the_choices() -> None:
    with pytest.raises(ConversionError, match="kies werk, dienst, levering of sociale en"):
        clean_kind("consultancy")


@pytest.mark.parametrize(
    ("converter", "raw", "expected"),
    [
        (clean_authority_type, "Rijksoverheid", "central"),
        (clean_authority_type, "gemeente", "other"),
        (clean_authority_type, "Speciale sector", "special_sector"),
        (clean_authority_type, "special_sector", "special_sector"),
        (clean_sr_basis, "Loonsom", "wage_sum"),
        (clean_sr_basis, "project sum", "project_sum"),
        (clean_sr_basis, "omzet", "project_sum"),
        (clean_sr_form, "Gunningscriterium", "award_criterion"),
        (clean_sr_form, "bijzondere uitvoeringsvoorwaarde", "contract_clause"),
        (clean_sr_form, "minimum requirement", "minimum_requirement"),
        (clean_sr_form, "Geschiktheidseis", "suitability_requirement"),
    ],
)
def test_choices_read_their_spellings(
    converter: Callable[[object], object], raw: str, expected: str
) -> None:
    assert converter(raw) == expected


@pytest.mark.parametrize(
    ("converter", "raw"),
    [
        (clean_authority_type, "Gemeente Utrecht"),
        (clean_sr_basis, "winst"),
        (clean_sr_form, "minimumeis + gunningscriterium"),
    ],
)
def test_choices_refuse_unknown_values(converter: Callable[[object], object], raw: str) -> None:
    with pytest.raises(ConversionError, match=r"\(kies "):
        converter(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", SrCell(SrApplies.YES)),
        ("Ja", SrCell(SrApplies.YES)),
        ("x", SrCell(SrApplies.YES)),
        ("nee", SrCell(SrApplies.NO)),
        ("n.v.t.", SrCell(SrApplies.NOT_APPLICABLE)),
        ("onbekend", SrCell(SrApplies.UNKNOWN)),
        ("-", SrCell(SrApplies.NO)),
        ("5%", SrCell(SrApplies.YES, Decimal("5"))),
        ("5 %", SrCell(SrApplies.YES, Decimal("5"))),
        ("2,5%", SrCell(SrApplies.YES, Decimal("2.5"))),
        ("0,5%", SrCell(SrApplies.YES, Decimal("0.5"))),
        (5, SrCell(SrApplies.YES, Decimal("5"))),
        ("5", SrCell(SrApplies.YES, Decimal("5"))),
        (1, SrCell(SrApplies.YES, Decimal("1"))),
        (0.05, SrCell(SrApplies.YES, Decimal("5"))),
        ("0%", SrCell(SrApplies.NO, Decimal("0"))),
        ("ja – 3%", SrCell(SrApplies.YES, Decimal("3"))),
        ("5% van de loonsom", SrCell(SrApplies.YES, Decimal("5"), SrBasis.WAGE_SUM)),
        (True, SrCell(SrApplies.YES)),
        (None, SrCell()),
        ("", SrCell()),
    ],
)
def test_social_return_cell_gives_answer_percentage_and_basis(
    raw: object, expected: SrCell
) -> None:
    assert clean_sr(raw) == expected


def test_sr_percentage_is_in_percentage_points() -> None:
    assert clean_sr_percentage("5%") == Decimal("5")
    assert clean_sr_percentage("ja") is None


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [
        ("misschien", "social-returnwaarde"),
        ("150%", "tussen 0% en 100%"),
        # typed without a sign, 0,05 may mean 5% or 0,05%
        ("0,05", "niet eenduidig: 5% of 0,05%"),
        ("nee, 5%", "spreekt zichzelf tegen"),
    ],
)
def test_social_return_refuses_unreadable_values(raw: str, pattern: str) -> None:
    with pytest.raises(ConversionError, match=pattern):
        clean_sr(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("45%", Decimal("0.45")),
        ("45 %", Decimal("0.45")),
        ("0,45", Decimal("0.45")),
        ("45", Decimal("0.45")),
        (0.45, Decimal("0.45")),
        (45, Decimal("0.45")),
        # Excel stores 100% as 1: a bare 1 is the whole, not one percent.
        (1, Decimal("1")),
        ("100%", Decimal("1")),
        ("0%", Decimal("0")),
        (None, None),
    ],
)
def test_wage_share_is_a_fraction(raw: object, expected: Decimal | None) -> None:
    assert clean_wage_share(raw) == expected


@pytest.mark.parametrize(
    ("raw", "pattern"),
    [("145%", "tussen 0% en 100%"), (101, "tussen"), ("veel", "geen percentage")],
)
def test_wage_share_refuses_out_of_range_and_words(raw: object, pattern: str) -> None:
    with pytest.raises(ConversionError, match=pattern):
        clean_wage_share(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2x 1 jaar", "2 x 1 jaar"),
        ("2 X 1 jr.", "2 x 1 jaar"),
        ("2x12 mnd", "2 x 1 jaar"),
        ("2 x 12 maanden", "2 x 1 jaar"),
        ("2 x 6 maanden", "2 x 6 maanden"),
        ("1 x 1 maand", "1 maand"),
        ("2 maal 1 jaar", "2 x 1 jaar"),
        ("1+1+1", "3 x 1 jaar"),
        ("1 + 1 + 1", "3 x 1 jaar"),
        ("2 + 2 jaren", "2 x 2 jaar"),
        ("1 jaar + 6 maanden", "1 jaar + 6 maanden"),
        ("geen", "geen"),
        ("Nee", "geen"),
        ("n.v.t.", "geen"),
        ("-", "geen"),
        ("Max.  24 maanden", "2 jaar"),
        (None, None),
        ("", None),
    ],
)
def test_extension_options_are_normalised_keeping_their_meaning(
    raw: object, expected: str | None
) -> None:
    assert clean_extension_options(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ja", True),
        ("Yes", True),
        ("x", True),
        ("X", True),
        ("1", True),
        (1, True),
        (True, True),
        ("nee", False),
        ("No", False),
        ("0", False),
        (0, False),
        (False, False),
        ("-", False),
        (None, None),
        ("", None),
    ],
)
def test_bool_reads_yes_no_words(raw: object, expected: bool | None) -> None:
    assert clean_bool(raw) is expected


@pytest.mark.parametrize("raw", ["misschien", 2, "?"])
def test_bool_refuses_other_values(raw: object) -> None:
    with pytest.raises(ConversionError, match="is geen ja/nee-waarde"):
        clean_bool(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Raamovereenkomst", True),
        ("raamcontract", True),
        ("ja", True),
        ("Overeenkomst", False),
        ("nee", False),
    ],
)
def test_framework_understands_contract_forms(raw: str, expected: bool) -> None:
    assert clean_framework(raw) is expected


def test_plain_bool_does_not_take_framework_words() -> None:
    with pytest.raises(ConversionError):
        clean_bool("raamovereenkomst")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Schoonmaak  ", "Schoonmaak"),
        ("=SUM(A1:A3)", "=SUM(A1:A3)"),
        ("+31 20 123", "+31 20 123"),
        ("-korting", "-korting"),
        ("@home", "@home"),
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'gewoon", "'gewoon"),
        (2024001, "2024001"),
        (2024001.0, "2024001"),
        (None, None),
        ("   ", None),
    ],
)
def test_text_is_trimmed_and_never_evaluated(raw: object, expected: str | None) -> None:
    assert clean_text(raw) == expected


def test_ref_from_a_number_cell_has_no_decimal_point() -> None:
    assert clean_ref(12345.0) == "12345"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12345678", "12345678"), ("1234 5678", "12345678"), (1234567, "01234567"), (None, None)],
)
def test_kvk_number_is_eight_digits(raw: object, expected: str | None) -> None:
    assert clean_kvk(raw) == expected


@pytest.mark.parametrize("raw", ["1234567", "123456789", "KVK12345", 12.5])
def test_kvk_refuses_other_lengths(raw: object) -> None:
    with pytest.raises(ConversionError, match="geen KvK-nummer"):
        clean_kvk(raw)


def test_memoised_converter_keeps_equal_values_of_other_types_apart() -> None:
    cached = memoised(clean_text)
    assert [cached(1), cached(True), cached(1.0), cached(1)] == ["1", "ja", "1", "1"]


def test_memoised_converter_raises_every_time_and_stays_bounded() -> None:
    calls: list[object] = []

    def counting(value: object) -> str | None:
        calls.append(value)
        return clean_text(value)

    cached = memoised(counting, size=2)
    for value in ("a", "a", "b", "c", "a"):
        cached(value)
    assert calls == ["a", "b", "c", "a"]
    failing = memoised(clean_amount)
    for _ in range(2):
        with pytest.raises(ConversionError):
            failing("12,3,4")
