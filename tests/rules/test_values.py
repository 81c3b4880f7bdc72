"""One parser per kind of value: every accepted notation, every refusal and its message, and
format → parse round trips proven with Hypothesis."""

from __future__ import annotations

import contextlib
import string
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.values import MAX_AMOUNT
from sroi_plugin.rules.values import PLAUSIBLE_YEARS
from sroi_plugin.rules.values import SrCell
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import extension_option_months
from sroi_plugin.rules.values import normalise_extension_options
from sroi_plugin.rules.values import parse_amount
from sroi_plugin.rules.values import parse_date
from sroi_plugin.rules.values import parse_duration_months
from sroi_plugin.rules.values import parse_end_date
from sroi_plugin.rules.values import parse_number
from sroi_plugin.rules.values import parse_percentage
from sroi_plugin.rules.values import parse_share
from sroi_plugin.rules.values import parse_sr
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis

D = Decimal

# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("€ 1.234.567,89", D("1234567.89")),
        ("1.234.567,89", D("1234567.89")),
        ("1,234,567.89", D("1234567.89")),
        ("1.234.567", D("1234567")),
        ("1,234,567", D("1234567")),
        ("1234567.89", D("1234567.89")),
        ("12,50", D("12.50")),
        ("12.5", D("12.50")),
        ("1.000", D("1000")),
        ("25,000", D("25000")),
        ("€ 250.000,-", D("250000")),
        ("EUR 3000", D("3000")),
        ("3 000 000", D("3000000")),
        ("1\u00a0250\u00a0000 euro", D("1250000")),
        ("1,2 mln", D("1200000")),
        ("1.5 mln", D("1500000")),
        ("± 2 mln", D("2000000")),
        ("ca. 2 miljoen", D("2000000")),
        ("ongeveer € 40.000", D("40000")),
        ("250k", D("250000")),
        ("250k excl. btw", D("250000")),
        ("€ 100.000 (excl. btw)", D("100000")),
        ("1 mld", D("1000000000")),
        ("0.125", D("0.13")),
        ("0", D("0")),
        (1234567, D("1234567")),
        (1234.565, D("1234.57")),
        (D("99.999"), D("100.00")),
        (None, None),
        ("  ", None),
    ],
)
def test_amount_notations(typed: object, amount: Decimal | None) -> None:
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "1,234",
            "'1,234' is niet eenduidig: 1.234 euro (met een scheidingsteken voor duizendtallen) "
            "of 1,234 euro (met decimalen)? Schrijf 1234 of 1.234,00 voor het eerste",
        ),
        (
            "1.234",
            "'1.234' is niet eenduidig: 1.234 euro (met een scheidingsteken voor duizendtallen) "
            "of 1,234 euro (met decimalen)? Schrijf 1234 of 1.234,00 voor het eerste",
        ),
        ("€ 1.000 incl. btw", "'€ 1.000 incl. btw' is een bedrag inclusief btw; vul het bedrag "
         "exclusief btw in"),
        ("-5", "'-5' is geen bedrag: een bedrag kan niet negatief zijn"),
        ("12,3,4", "'12,3,4' is geen bedrag"),
        ("1,234.567,8", "'1,234.567,8' is geen bedrag"),
        ("veel", "'veel' is geen bedrag"),
        ("=A1*2", "'=A1*2' is geen bedrag"),
        (True, "'True' is geen bedrag"),
        ("2000 mld", "'2000 mld' is geen realistisch bedrag (€ 1.000.000.000.000 of meer)"),
    ],
)
def test_amount_refusals(typed: object, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_amount(typed)
    assert caught.value.message == message


def test_amount_may_be_negative_where_the_caller_allows_a_decrease() -> None:
    assert parse_amount("-5.000,50", allow_negative=True) == D("-5000.50")
    assert parse_amount("€ -1.234,56", allow_negative=True) == D("-1234.56")


def test_number_reads_as_amounts_do_without_rounding_or_euros() -> None:
    assert parse_number("12,3456") == D("12.3456")  # not rounded to cents
    assert parse_number("1.234.567,891") == D("1234567.891")
    with pytest.raises(ValueParseError, match=r"^'1\.500' is niet eenduidig: 1\.500 \(met"):
        parse_number("1.500")
    with pytest.raises(ValueParseError, match="is geen getal"):
        parse_number("veel")


# --- percentages and shares ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("5%", D("5")),
        ("5 %", D("5")),
        ("5", D("5")),
        ("2,5", D("2.5")),
        ("2.5%", D("2.5")),
        ("0,5%", D("0.5")),
        ("2,555", D("2.555")),  # one mark in a percentage is decimal: 2555% cannot be meant
        ("1.234%", D("1.234")),
        ("5 procent", D("5")),
        ("100", D("100")),
        ("0", D("0")),
        (0.05, D("5")),  # an Excel percentage cell holds the fraction
        (5, D("5")),
        (None, None),
    ],
)
def test_percentage_notations(typed: object, points: Decimal | None) -> None:
    assert parse_percentage(typed) == points


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0,05", "'0,05' is niet eenduidig: 5% of 0,05%? Schrijf het percentage met %-teken"),
        ("150%", "'150%' ligt niet tussen 0% en 100%"),
        ("-1%", "'-1%' ligt niet tussen 0% en 100%"),
        ("vijf", "'vijf' is geen percentage"),
    ],
)
def test_percentage_refusals(typed: object, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_percentage(typed)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("typed", "share"),
    [("45%", D("0.45")), ("0,45", D("0.45")), ("45", D("0.45")), (0.45, D("0.45")), (1, D("1"))],
)
def test_share_notations(typed: object, share: Decimal) -> None:
    assert parse_share(typed) == share


def test_share_refusals() -> None:
    with pytest.raises(ValueParseError, match=r"^'145%' ligt niet tussen 0% en 100%$"):
        parse_share("145%")
    with pytest.raises(ValueParseError, match=r"^'veel' is geen percentage$"):
        parse_share("veel")


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("31-12-2026", date(2026, 12, 31)),
        ("31/12/2026", date(2026, 12, 31)),
        ("31.12.2026", date(2026, 12, 31)),
        ("1-1-2026", date(2026, 1, 1)),
        ("31-12-26", date(2026, 12, 31)),
        ("2026-12-31", date(2026, 12, 31)),
        ("2026-12-31 00:00:00", date(2026, 12, 31)),
        ("20261231", date(2026, 12, 31)),
        ("31 december 2026", date(2026, 12, 31)),
        ("31 dec. 2026", date(2026, 12, 31)),
        ("1 jan 2026", date(2026, 1, 1)),
        ("1-jan-26", date(2026, 1, 1)),
        ("December 31, 2026", date(2026, 12, 31)),
        ("46022", date(2025, 12, 31)),  # an Excel serial number as text
        (46022, date(2025, 12, 31)),
        (datetime(2026, 12, 31, 14, 30), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (None, None),
        ("", None),
    ],
)
def test_date_notations(typed: object, day: date | None) -> None:
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-13-2026", "'31-13-2026' is geen geldige datum (schrijf 31-12-2026)"),
        ("30-02-2026", "'30-02-2026' is geen geldige datum (schrijf 31-12-2026)"),
        ("12/31/2026", "'12/31/2026' is geen geldige datum (schrijf 31-12-2026)"),
        ("morgen", "'morgen' is geen geldige datum (schrijf 31-12-2026)"),
        ("onbepaald", "'onbepaald' is geen geldige datum (schrijf 31-12-2026)"),
        (
            "31-12-0026",
            "'31-12-0026' is geen geldige datum: het jaar 26 ligt buiten 1950–2199",
        ),
    ],
)
def test_date_refusals(typed: object, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_date(typed)
    assert caught.value.message == message


def test_open_ended_words_only_for_an_end_date() -> None:
    for word in ("onbepaald", "Onbepaalde tijd", "n.v.t.", "geen"):
        assert parse_end_date(word) is None


def test_digits_alone_are_no_date_where_amounts_share_the_text() -> None:
    assert parse_date("2026-12-31", numbers=False) == date(2026, 12, 31)
    for typed in ("45000.00", "46022", "20261231", 46022):
        with pytest.raises(ValueParseError):
            parse_date(typed, numbers=False)


# --- durations and extension options ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "months"),
    [("24 maanden", 24), ("2 jaar", 24), ("1,5 jaar", 18), ("6 mnd", 6), ("een half jaar", 6)],
)
def test_duration_notations(typed: str, months: int) -> None:
    assert parse_duration_months(typed) == months


@pytest.mark.parametrize("typed", ["24", "lang", "0,3 maand"])
def test_duration_refusals(typed: str) -> None:
    with pytest.raises(ValueParseError, match="is geen looptijd"):
        parse_duration_months(typed)


@pytest.mark.parametrize(
    ("typed", "months", "canonical"),
    [
        ("2x 1 jaar", [12, 12], "2 x 1 jaar"),
        ("1+1+1", [12, 12, 12], "3 x 1 jaar"),
        ("1 + 1 + 1", [12, 12, 12], "3 x 1 jaar"),
        ("2 x 12 maanden", [12, 12], "2 x 1 jaar"),
        ("2 x 6 maanden", [6, 6], "2 x 6 maanden"),
        ("6+6 maanden", [6, 6], "2 x 6 maanden"),
        ("1 jaar + 6 maanden", [12, 6], "1 jaar + 6 maanden"),
        ("optie tot 2 jaar verlenging", [24], "2 jaar"),
        ("twee keer een jaar", [12, 12], "2 x 1 jaar"),
        ("1 x 1 maand", [1], "1 maand"),
        ("geen", [], "geen"),
        ("n.v.t.", [], "geen"),
        ("-", [], "geen"),
    ],
)
def test_extension_options(typed: str, months: list[int], canonical: str) -> None:
    assert extension_option_months(typed) == months
    assert normalise_extension_options(typed) == canonical


@pytest.mark.parametrize(
    "typed", ["ja", "2", "verlenging", "1 x 0 jaar", "0 x 1 jaar", "0,3 maand"]
)
def test_extension_options_refuse_to_guess(typed: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        extension_option_months(typed)
    assert caught.value.message == (
        f"'{typed}' is geen herkenbare verlengingsoptie; schrijf bijvoorbeeld '2x 1 jaar', "
        "'1+1+1', '2 x 6 maanden' of 'geen'"
    )


# --- social return in one cell ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cell"),
    [
        ("ja", SrCell(SrApplies.YES)),
        ("nee", SrCell(SrApplies.NO)),
        ("-", SrCell(SrApplies.NO)),
        ("n.v.t.", SrCell(SrApplies.NOT_APPLICABLE)),
        ("onbekend", SrCell(SrApplies.UNKNOWN)),
        ("5%", SrCell(SrApplies.YES, D("5"))),
        ("0%", SrCell(SrApplies.NO, D("0"))),
        ("5", SrCell(SrApplies.YES, D("5"))),
        (0.05, SrCell(SrApplies.YES, D("5"))),
        ("ja – 3%", SrCell(SrApplies.YES, D("3"))),
        ("SR: ja, 5% van de loonsom", SrCell(SrApplies.YES, D("5"), SrBasis.WAGE_SUM)),
        ("5% loonsom", SrCell(SrApplies.YES, D("5"), SrBasis.WAGE_SUM)),
        ("2,5% projectsom", SrCell(SrApplies.YES, D("2.5"), SrBasis.PROJECT_SUM)),
        (True, SrCell(SrApplies.YES)),
        (None, SrCell()),
        ("", SrCell()),
    ],
)
def test_sr_cell(typed: object, cell: SrCell) -> None:
    assert parse_sr(typed) == cell


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "misschien",
            "'misschien' is geen geldige social-returnwaarde: 'misschien' is onbekend (schrijf "
            "ja, nee, n.v.t., onbekend, een percentage zoals 5% en eventueel de grondslag: "
            "projectsom of loonsom)",
        ),
        ("nee, 5%", "'nee, 5%' spreekt zichzelf tegen: 'nee', maar het SR-percentage is 5%"),
        (
            "onbekend, 5%",
            "'onbekend, 5%' spreekt zichzelf tegen: 'onbekend', maar het SR-percentage is 5%",
        ),
        ("ja, 0%", "'ja, 0%' spreekt zichzelf tegen: 'ja', maar het SR-percentage is 0%"),
        ("5% of 3%", "'5% of 3%' noemt meer dan één percentage"),
        ("0,05", "'0,05' is niet eenduidig: 5% of 0,05%? Schrijf het percentage met %-teken"),
        ("150%", "'150%' ligt niet tussen 0% en 100%"),
    ],
)
def test_sr_cell_refusals(typed: str, message: str) -> None:
    with pytest.raises(ValueParseError) as caught:
        parse_sr(typed)
    assert caught.value.message == message


# --- properties: what the plugin writes, it reads back ------------------------------------

_CENTS = st.decimals(
    min_value=-(MAX_AMOUNT - 1), max_value=MAX_AMOUNT - 1, places=2, allow_nan=False
)
_POSITIVE_CENTS = st.decimals(min_value=0, max_value=MAX_AMOUNT - 1, places=2, allow_nan=False)
_DATES = st.dates(
    min_value=date(PLAUSIBLE_YEARS.start, 1, 1), max_value=date(PLAUSIBLE_YEARS.stop - 1, 12, 31)
)


@settings(deadline=None, max_examples=200)
@given(_CENTS)
def test_format_eur_round_trips(amount: Decimal) -> None:
    assert parse_amount(format_eur(amount, cents=True), allow_negative=True) == amount


@settings(deadline=None, max_examples=200)
@given(_POSITIVE_CENTS)
def test_english_notation_round_trips(amount: Decimal) -> None:
    assert parse_amount(f"{amount:,.2f}") == amount


@settings(deadline=None, max_examples=200)
@given(_POSITIVE_CENTS)
def test_plain_cents_round_trip(amount: Decimal) -> None:
    """How a revision stores an amount (``1234567.89``)."""
    assert parse_amount(f"{amount:f}") == amount


@settings(deadline=None, max_examples=200)
@given(_DATES)
def test_dates_round_trip_in_every_written_form(day: date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.isoformat(), numbers=False) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(day.strftime("%d/%m/%Y")) == day


@settings(deadline=None, max_examples=200)
@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_format_pct_round_trips(points: Decimal) -> None:
    assert parse_percentage(format_pct(points)) == points


_OPTION_TEXTS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=4),
        st.integers(min_value=1, max_value=36),
        st.sampled_from(["maanden", "mnd", "maand"]),
    ),
    min_size=1,
    max_size=4,
)


@settings(deadline=None, max_examples=150)
@given(_OPTION_TEXTS)
def test_normalised_extension_options_keep_their_months_and_are_stable(
    parts: list[tuple[int, int, str]],
) -> None:
    typed = " + ".join(f"{count}x {length} {unit}" for count, length, unit in parts)
    months = [length for count, length, _unit in parts for _ in range(count)]
    canonical = normalise_extension_options(typed)
    assert extension_option_months(typed) == months
    assert extension_option_months(canonical) == months
    assert normalise_extension_options(canonical) == canonical


_SR_WORDS = st.sampled_from(
    ["ja", "nee", "n.v.t.", "onbekend", "sr:", "loonsom", "projectsom", "van de", "%", "5",
     "2,5", "0,05", "ca.", "-", "–", ",", "misschien", "x", "€", "100", "150%", "1.234", "  "]
)  # fmt: skip


@settings(deadline=None, max_examples=300)
@given(st.one_of(st.text(max_size=30), st.lists(_SR_WORDS, max_size=6).map(" ".join)))
def test_sr_cell_reads_or_refuses_never_crashes(typed: str) -> None:
    try:
        cell = parse_sr(typed)
    except ValueParseError as exc:
        assert exc.message.startswith("'")
        return
    assert isinstance(cell, SrCell)


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=string.digits + ".,€ -kmln%", max_size=16))
def test_number_parsers_read_or_refuse_never_crash(typed: str) -> None:
    for parser in (parse_amount, parse_number, parse_percentage, parse_share, parse_date):
        with contextlib.suppress(ValueParseError):
            parser(typed)
