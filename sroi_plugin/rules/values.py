"""One parser per kind of value, for every door data comes in by.

The importer (per cell), the forms (per field), the monitoring reader and every ``--json`` CLI
read amounts, percentages, dates, durations, yes/no answers and closed-list words here, so the
same text means the same thing everywhere. Each parser accepts what a spreadsheet hands over
(``None``, ``str``, ``int``, ``float``, ``Decimal``, ``bool``, ``date``/``datetime``) and
returns the typed value, ``None`` for an empty value, or raises :class:`ValueParseError` with a
Dutch message that quotes the value. Callers add where it was (row and column, form field, JSON
key).

Reading rules (decisions, documented once):

- **Amounts.** ``€``/``EUR``/``euro``, spaces and a trailing ``,-`` are ignored; ``k``,
  ``mln``/``miljoen``, ``mld``/``miljard`` multiply; approximation marks (``±``, ``+/-``, ``~``,
  ``ca.``, ``circa``, ``ongeveer``, ``about``) and the words ``excl. btw``/``ex VAT`` are
  allowed and dropped; an amount *incl.* btw is refused (contract values are excl. btw). The
  thousands and decimal marks are decided by the pattern: ``1.234.567,89`` (Dutch),
  ``1,234,567.89`` (English), ``12,50``/``12.5`` (a decimal mark). One mark followed by exactly
  three digits (``1,234``, ``1.234``) can be either, so it is refused with both readings —
  except ``.000``/``,000``, which nobody writes as a fraction. With a multiplier a lone mark is
  decimal (``1,2 mln``). Amounts are rounded half-up to cents, bounded by :data:`MAX_AMOUNT`,
  and negative only where the caller allows it (a decrease in a change form). Numbers that are
  not euros (hours, persons) are read the same way by :func:`parse_number`, not rounded.
- **Percentages** are in points (``5%``, ``5``, ``2,5``): a number cell below 1 is an Excel
  percentage cell (0.05 → 5); typed text below 1 without ``%`` (``0,05``) is refused as
  ambiguous. One mark in a percentage is a decimal mark (``2,555`` is 2.555: 2555% cannot be
  meant). **Shares** (wage share) are fractions: ``45%``, ``0,45`` and ``45`` give 0.45.
- **Dates.** Excel dates and serial numbers, ``31-12-2026``, ``31/12/2026``, ``31.12.2026``,
  ``2026-12-31``, ``20261231``, ``1 jan 2026``, ``31 december 2026``, ``December 31, 2026``.
  Two-digit years are 20yy. Years outside 1950–2199 are typing errors. Words for "open-ended"
  (``onbepaald``, ``n.v.t.``, ``geen``) give ``None`` only through :func:`parse_end_date`.
- **Durations and extension options**: ``24 maanden``, ``2 jaar``, ``1,5 jaar``; options
  ``2x 1 jaar``, ``1+1+1``, ``2 x 6 maanden``, ``geen`` (see :func:`extension_option_months`).
- **Closed lists** (:mod:`.vocabulary`): the code, the Dutch label or any synonym.
- **Social return in one cell**: ``ja – 3%``, ``SR: ja, 5% van de loonsom``, ``5% loonsom``,
  ``nee``, ``n.v.t.``, ``onbekend`` (see :func:`parse_sr`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from typing import Final
from typing import TypeVar

from sroi_plugin.errors import SroiError
from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch import format_pct
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import Term
from sroi_plugin.rules.vocabulary import term_key

__all__ = [
    "FORMULA_TRIGGERS",
    "MAX_AMOUNT",
    "SrCell",
    "ValueParseError",
    "clean_file_name",
    "control_char_message",
    "extension_option_months",
    "find_control_char",
    "is_blank",
    "normalise_extension_options",
    "parse_amount",
    "parse_date",
    "parse_duration_months",
    "parse_end_date",
    "parse_number",
    "parse_percentage",
    "parse_share",
    "parse_sr",
    "parse_term",
    "parse_text",
    "parse_yes_no",
    "show",
    "sr_contradiction",
    "strip_control_chars",
]

_TermT = TypeVar("_TermT", bound=Term)


class ValueParseError(SroiError):
    """A value cannot be read as the kind of value expected."""

    def __init__(self, message_nl: str) -> None:
        super().__init__(message_nl)
        #: Dutch explanation that quotes the value, e.g. ``'12,3,4' is geen bedrag``
        self.message = message_nl


_SHOW_MAX: Final = 40
_CENT: Final = Decimal("0.01")
_HUNDRED: Final = Decimal(100)
_ONE: Final = Decimal(1)
#: The largest amount accepted: no single Dutch public contract comes near a trillion euros.
MAX_AMOUNT: Final = Decimal(10) ** 12
#: Leading characters that make a spreadsheet treat text as a formula (OWASP CSV injection);
#: a line feed is included because XML turns a written carriage return into one.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")


def show(value: object) -> str:
    """Quote a value for a message, shortened so a pasted paragraph cannot flood it."""
    text = str(value).strip()
    if len(text) > _SHOW_MAX:
        text = text[: _SHOW_MAX - 1] + "…"
    return f"'{text}'"


#: Control characters no text may carry into the database: C0 (NUL included) except tab, LF
#: and CR, and DEL. PostgreSQL refuses NUL in text outright; the others are invisible.
_CONTROL_CHARS: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def find_control_char(text: str) -> str | None:
    """The first forbidden control character in ``text`` (see ``_CONTROL_CHARS``), or ``None``."""
    found = _CONTROL_CHARS.search(text)
    return found.group() if found else None


def control_char_message(char: str) -> str:
    """Dutch explanation for text holding ``char``, e.g. ``bevat een onzichtbaar stuurteken
    (U+0000); verwijder het``."""
    return f"bevat een onzichtbaar stuurteken (U+{ord(char):04X}); verwijder het"


def strip_control_chars(text: str) -> str:
    """``text`` without its forbidden control characters: for names the plugin only shows
    (an uploaded file's name), where refusing the whole upload would help nobody."""
    return _CONTROL_CHARS.sub("", text)


def clean_file_name(raw: str | None, default: str) -> str:
    """An uploaded file's own name as the plugin stores and shows it: no client path, no control
    characters, white space (CR/LF included) folded to one space, at most 255 characters;
    ``default`` when nothing is left."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(strip_control_chars(name).split())
    return (name or default)[:255]


def is_blank(value: object) -> bool:
    """``None`` or text holding only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


def _is_number(value: object) -> bool:
    """True for int/float/Decimal but not bool (which is an int subclass)."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


_DASH = re.compile(r"^\s*[-–—]+\s*$")


def _is_dash(text: str) -> bool:
    """A cell holding only dashes, which people type for "no" or "none"."""
    return _DASH.match(text) is not None


# --- text -------------------------------------------------------------------------------


def parse_text(value: object) -> str | None:
    """Trimmed text, ``None`` when empty; numbers from Excel lose a spurious ``.0``. Text with
    a control character (NUL, other C0 except tab/LF/CR) is refused with :class:`ValueParseError`.

    Text is kept literally (a leading ``=`` is never evaluated). One protective apostrophe
    before a formula trigger, as the plugin's own spreadsheets write it, is removed so those
    files read back unchanged.
    """
    if value is None:
        return None
    if type(value) is str:
        text = value.strip()
    elif isinstance(value, bool):
        text = "ja" if value else "nee"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        text = text[1:].strip()
    char = find_control_char(text)
    if char is not None:
        raise ValueParseError(f"{show(strip_control_chars(text))} {control_char_message(char)}")
    return text or None


# --- amounts ----------------------------------------------------------------------------

_MULTIPLIERS: Final[Mapping[str, Decimal]] = {
    "k": Decimal(1_000),
    "dzd": Decimal(1_000),
    "duizend": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "miljoen": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "mld": Decimal(1_000_000_000),
    "mrd": Decimal(1_000_000_000),
    "miljard": Decimal(1_000_000_000),
    "bn": Decimal(1_000_000_000),
    "billion": Decimal(1_000_000_000),
}
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_INCL_VAT = re.compile(r"\bincl(?:usief|\.)?\s*(?:btw|vat)\b|\binc\.?\s*vat\b|including vat")
_APPROX_PREFIX = re.compile(
    r"^(?:±|\+\s*/\s*-|\+-|~|≈|ca\b\.?|circa\b|c\.|ongeveer\b|ong\.|plusminus\b|rond\b|"
    r"approx\b\.?|approximately\b|about\b|around\b|zo'?n\b)\s*"
)
_TRAILING_WORDS = re.compile(
    r"\s*(?:\(\s*)?(?:excl(?:usief|\.)?\s*(?:btw|vat)|ex\.?\s*(?:btw|vat)|excluding vat|"
    r"exclusive of vat|zonder btw|geraamd|geschat|indicatief|estimated|est\.)(?:\s*\))?\.?\s*$"
)
_CURRENCY = re.compile(r"€|\beur(?:o|os)?\b")
_TRAILING_DASH = re.compile(r"[.,][-–—]+$")
_MULTIPLIER_SUFFIX = re.compile(
    r"^(?P<number>.*?\d)\s*\.?\s*(?P<unit>" + "|".join(_MULTIPLIERS) + r")\.?$"
)
_PLAIN_DIGITS = re.compile(r"^\d+$")
_DOT_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_COMMA_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")
_SIMPLE_DECIMAL = re.compile(r"^\d*[.,]\d+$")
_DUTCH_FULL = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})*,\d+$")
_ENGLISH_FULL = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})*\.\d+$")
_ONE_MARK_THREE_DIGITS = re.compile(r"^([1-9]\d{0,2})([.,])(\d{3})$")


def _group(number: str) -> str:
    """``1234`` → ``1.234`` (for the messages that show both readings)."""
    return f"{int(number):,}".replace(",", ".")


def _digits(text: str, *, multiplied: bool, original: object, unit: str) -> Decimal | None:
    """Read digits with Dutch or English marks (rules in the module docstring)."""
    if _PLAIN_DIGITS.match(text):
        return Decimal(text)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        if _DUTCH_FULL.match(text):
            return Decimal(text.replace(".", "").replace(",", "."))
        return Decimal(text.replace(",", "")) if _ENGLISH_FULL.match(text) else None
    if dots + commas > 1:
        grouped = _DOT_GROUPED if dots else _COMMA_GROUPED
        return Decimal(text.replace(".", "").replace(",", "")) if grouped.match(text) else None
    ambiguous = _ONE_MARK_THREE_DIGITS.match(text)
    if ambiguous is not None and not multiplied:
        whole, _mark, fraction = ambiguous.groups()
        if fraction == "000":
            return Decimal(whole + fraction)
        raise ValueParseError(
            f"{show(original)} is niet eenduidig: {_group(whole + fraction)}{unit} "
            f"(met een scheidingsteken voor duizendtallen) of {whole},{fraction}{unit} (met "
            f"decimalen)? Schrijf {whole}{fraction} of {_group(whole + fraction)},00 voor het "
            "eerste"
        )
    if _SIMPLE_DECIMAL.match(text):
        return Decimal(text.replace(",", "."))
    return None


def _number_from_text(
    text: str, original: object, unit: str = " euro", *, lone_mark_decimal: bool = False
) -> Decimal | None:
    """A number in a string, with currency, approximations, units and ``,-`` handled.

    :param lone_mark_decimal: one mark is a decimal mark (``2,555``), where the thousands
        reading cannot be meant (a percentage)
    """
    cleaned = _SPACES.sub(" ", fold(text)).strip()
    if _INCL_VAT.search(cleaned):
        raise ValueParseError(
            f"{show(original)} is een bedrag inclusief btw; vul het bedrag exclusief btw in"
        )
    cleaned = _APPROX_PREFIX.sub("", cleaned)
    cleaned = _TRAILING_WORDS.sub("", cleaned)
    cleaned = _CURRENCY.sub("", cleaned).strip()
    negative = cleaned.startswith(("-", "−"))
    if negative:
        cleaned = cleaned[1:].strip()
    cleaned = _CURRENCY.sub("", cleaned).replace(" ", "")
    cleaned = _TRAILING_DASH.sub("", cleaned)
    multiplier = _ONE
    suffix = _MULTIPLIER_SUFFIX.match(cleaned)
    if suffix is not None:
        cleaned, multiplier = suffix["number"], _MULTIPLIERS[suffix["unit"]]
    lone_decimal = suffix is not None or lone_mark_decimal
    number = _digits(cleaned, multiplied=lone_decimal, original=original, unit=unit)
    if number is None:
        return None
    number *= multiplier
    return -number if negative else number


def _to_decimal(value: object, unit: str = " euro") -> Decimal | None:
    """Number cell or number text as a finite Decimal (floats via ``repr``: no binary noise)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        return number if number.is_finite() else None
    if isinstance(value, str):
        try:
            return _number_from_text(value, value, unit)
        except InvalidOperation:
            return None
    return None


def parse_amount(value: object, *, allow_negative: bool = False) -> Decimal | None:
    """Euro amount rounded to cents: ``€ 1.234.567,89``, ``± 2 mln``, ``250k excl. btw``.

    :param allow_negative: accept ``-5.000`` (a decrease); otherwise negative is refused
    :raises ValueParseError: not an amount, ambiguous, incl. btw, negative or absurdly large
    """
    if is_blank(value):
        return None
    number = _to_decimal(value)
    if number is None:
        raise ValueParseError(f"{show(value)} is geen bedrag")
    if number < 0 and not allow_negative:
        raise ValueParseError(f"{show(value)} is geen bedrag: een bedrag kan niet negatief zijn")
    if abs(number) >= MAX_AMOUNT:
        raise ValueParseError(
            f"{show(value)} is geen realistisch bedrag (€ 1.000.000.000.000 of meer)"
        )
    return number.quantize(_CENT, rounding=ROUND_HALF_UP)


def parse_number(value: object, *, allow_negative: bool = False) -> Decimal | None:
    """A number that is not (only) euros, such as hours or persons: read as :func:`parse_amount`
    reads it (the same marks, ``k``/``mln``, the same refusal of ``1.234``), not rounded.

    :raises ValueParseError: not a number, ambiguous, negative or absurdly large
    """
    if is_blank(value):
        return None
    number = _to_decimal(value, unit="")
    if number is None:
        raise ValueParseError(f"{show(value)} is geen getal")
    if number < 0 and not allow_negative:
        raise ValueParseError(f"{show(value)} kan niet negatief zijn")
    if abs(number) >= MAX_AMOUNT:
        raise ValueParseError(f"{show(value)} is geen realistisch getal")
    return number


# --- percentages and shares -------------------------------------------------------------

_PERCENT_SUFFIX = re.compile(r"\s*(?:%|procent|percent|pct\.?)$")


def _percent_number(value: object) -> tuple[Decimal | None, bool]:
    """The number in ``value`` and whether it was written with a percent sign or word."""
    if isinstance(value, str):
        text = value.strip().casefold()
        stripped = _PERCENT_SUFFIX.sub("", text)
        try:
            number = _number_from_text(stripped, value, "", lone_mark_decimal=True)
            return number, stripped != text
        except InvalidOperation:
            return None, False
    return _to_decimal(value, ""), False


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros without exponent notation (5.00 → 5, 0.450 → 0.45)."""
    if number == number.to_integral_value():
        return number.quantize(_ONE)
    return number.normalize()


def _in_range(value: object, points: Decimal) -> Decimal:
    if not 0 <= points <= _HUNDRED:
        raise ValueParseError(f"{show(value)} ligt niet tussen 0% en 100%")
    return points


def parse_percentage(value: object) -> Decimal | None:
    """A percentage in points 0..100: ``5%``, ``5``, ``2,5`` and a 0.05 number cell give 5.

    :raises ValueParseError: not a number, outside 0–100%, or typed below 1 without ``%``
    """
    if is_blank(value):
        return None
    number, with_sign = _percent_number(value)
    if number is None:
        raise ValueParseError(f"{show(value)} is geen percentage")
    if not with_sign and 0 < number < 1:
        if _is_number(value):
            number *= _HUNDRED  # an Excel percentage cell holds the fraction
        else:
            raise ValueParseError(
                f"{show(value)} is niet eenduidig: {format_pct(number * _HUNDRED)} of "
                f"{format_pct(number)}? Schrijf het percentage met %-teken"
            )
    return _tidy(_in_range(value, number))


def parse_share(value: object) -> Decimal | None:
    """A share as a fraction 0..1: ``45%``, ``0,45`` and ``45`` give 0.45 (1 means 100%)."""
    if is_blank(value):
        return None
    number, with_sign = _percent_number(value)
    if number is None:
        raise ValueParseError(f"{show(value)} is geen percentage")
    points = number if with_sign or number > _ONE else number * _HUNDRED
    return _tidy(_in_range(value, points) / _HUNDRED)


# --- yes/no and closed lists ------------------------------------------------------------


def parse_yes_no(value: object, extra: Mapping[str, bool] | None = None) -> bool | None:
    """Yes/no: ``ja``/``nee``, ``yes``/``no``, ``x``, ``1``/``0``, Excel TRUE/FALSE, ``-``.

    :param extra: more words for one column (``raamovereenkomst`` → True), by :func:`term_key`
    """
    if value is None or isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return value == 1
    text = str(value)
    if not text.strip():
        return None
    if _is_dash(text):
        return False
    key = term_key(text)
    if extra and key in extra:
        return extra[key]
    answer = SrApplies.lookup(text)
    if answer is SrApplies.YES:
        return True
    if answer is SrApplies.NO:
        return False
    raise ValueParseError(f"{show(value)} is geen ja/nee-waarde")


def parse_term(value: object, vocabulary: type[_TermT], noun_nl: str) -> _TermT | None:
    """A closed-list value by code, Dutch label or synonym; ``None`` when empty or ``n.v.t.``.

    :param noun_nl: what the value is, for the message ("soort opdracht")
    """
    if is_blank(value):
        return None
    text = str(value)
    found = vocabulary.lookup(text)
    if found is not None:
        return found
    if term_key(text) == "nvt":
        return None
    raise ValueParseError(f"{show(value)} is geen {noun_nl} (kies {vocabulary.labels_nl()})")


# --- dates ------------------------------------------------------------------------------

_EXCEL_EPOCH: Final = date(1899, 12, 30)
_FIRST_SERIAL: Final = 61  # 1900-03-01; earlier serials are distorted by Excel's 1900 leap bug
_LAST_SERIAL: Final = 2_958_465  # 9999-12-31
#: Years outside this range are typing errors (``31-12-0025``, ``31-12-9999``).
PLAUSIBLE_YEARS: Final = range(1950, 2200)
_MONTHS: Final[Mapping[str, int]] = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "januari", "january"),
            ("feb", "febr", "februari", "february"),
            ("mrt", "mar", "maart", "march"),
            ("apr", "april"),
            ("mei", "may"),
            ("jun", "juni", "june"),
            ("jul", "juli", "july"),
            ("aug", "augustus", "august"),
            ("sep", "sept", "september"),
            ("okt", "oct", "oktober", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME_TAIL = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DAY_FIRST = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME_TAIL + "$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME_TAIL + "$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_NAME = re.compile(r"^(\d{1,2})[\s.-]*([a-z]+)\.?[\s.-]*(\d{4}|\d{2})$")
_NAME_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_SERIAL = re.compile(r"^\d{2,7}(?:[.,]\d+)?$")
_OPEN_ENDED: Final = frozenset(
    {"", "onbepaald", "onbepaaldetijd", "vooronbepaaldetijd", "nvt", "geen", "geeneinddatum"}
)


def _full_year(year: str) -> int:
    """Two-digit years are read as 20yy (contract dates are this century)."""
    return 2000 + int(year) if len(year) == 2 else int(year)


def _from_serial(serial: Decimal) -> date | None:
    """Excel 1900-system serial number (a time fraction is dropped)."""
    whole = int(serial)
    if not _FIRST_SERIAL <= whole <= _LAST_SERIAL:
        return None
    return _EXCEL_EPOCH + timedelta(days=whole)


def _date_from_text(text: str, *, numbers: bool = True) -> date | None:
    """Date in one of the accepted text forms; ``None`` when the form is not recognised.

    :param numbers: also read digits alone (``20261231``, an Excel serial number)
    """
    if match := _DAY_FIRST.match(text):
        return date(_full_year(match[4]), int(match[3]), int(match[1]))
    if match := _ISO.match(text) or (_COMPACT.match(text) if numbers else None):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_NAME.match(text):
        month = _MONTHS.get(match[2])
        return None if month is None else date(_full_year(match[3]), month, int(match[1]))
    if match := _NAME_FIRST.match(text):
        month = _MONTHS.get(match[1])
        return None if month is None else date(int(match[3]), month, int(match[2]))
    if numbers and _SERIAL.match(text):
        return _from_serial(Decimal(text.replace(",", ".")))
    return None


def parse_date(value: object, *, numbers: bool = True) -> date | None:
    """A date from an Excel date, a serial number or text; ``None`` when empty.

    :param numbers: read a number, or text of digits alone, as a date (an Excel serial number,
        ``20261231``); ``False`` where amounts and dates share one text (a revision's old and
        new value), so ``45000.00`` stays an amount
    :raises ValueParseError: not a date, or a year outside 1950–2199
    """
    if type(value) is datetime:
        result: date | None = value.date()
    elif type(value) is date:
        result = value
    elif is_blank(value):
        return None
    else:
        try:
            if _is_number(value) and not numbers:
                result = None
            elif _is_number(value):
                number = Decimal(str(value))
                compact = str(int(number)) if number == number.to_integral_value() else ""
                result = _date_from_text(compact) if len(compact) == 8 else _from_serial(number)
            elif isinstance(value, str):
                result = _date_from_text(" ".join(fold(value).split()), numbers=numbers)
            else:
                result = None
        except (ValueError, InvalidOperation, OverflowError):
            result = None
    if result is None:
        raise ValueParseError(f"{show(value)} is geen geldige datum (schrijf 31-12-2026)")
    if result.year not in PLAUSIBLE_YEARS:
        raise ValueParseError(
            f"{show(value)} is geen geldige datum: het jaar {result.year} ligt buiten "
            f"{PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1}"
        )
    return result


def parse_end_date(value: object) -> date | None:
    """An end date: as :func:`parse_date`, and ``onbepaald``/``n.v.t.``/``geen`` are open-ended."""
    if isinstance(value, str) and term_key(value) in _OPEN_ENDED:
        return None
    return parse_date(value)


# --- reporting periods ------------------------------------------------------------------

_ORDINALS: Final[Mapping[str, int]] = {
    "1e": 1, "1ste": 1, "eerste": 1, "2e": 2, "2de": 2, "tweede": 2,
    "3e": 3, "3de": 3, "derde": 3, "4e": 4, "4de": 4, "vierde": 4,
}  # fmt: skip
_ORDINAL = r"(1e|1ste|eerste|2e|2de|tweede|3e|3de|derde|4e|4de|vierde|[1-4])"
_YEAR = r"(\d{4})"
#: range words between two dates or months, all read as "up to and including"
_UNTIL = re.compile(
    r"\s*(?:\bt\s*/\s*m\b|\btot en met\b|\btm\b|\btot\b|\bto\b|\buntil\b|\bthrough\b|\s[-–—]\s)\s*"
)
_HALF = (
    re.compile(rf"^{_ORDINAL}\s*(?:halfjaar|half jaar|helft|semester)\s*{_YEAR}$"),
    re.compile(rf"^(?:h|hj)\s*([12])\s*[-/ ]?\s*{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*[-/ ]?\s*(?:h|hj)\s*([12])$"),
)
_QUARTER = (
    re.compile(rf"^{_ORDINAL}\s*kwartaal\s*{_YEAR}$"),
    re.compile(rf"^(?:kwartaal|quarter|q|k)\s*([1-4])\s*[-/ ]?\s*{_YEAR}$"),
    re.compile(rf"^{_YEAR}\s*[-/ ]?\s*(?:q|k)\s*([1-4])$"),
)
_MONTH_NUMBERS = re.compile(
    rf"^(?:periode|perioden|maand|maanden)\s*(\d{{1,2}})\s*t/m\s*(\d{{1,2}})\s*{_YEAR}$"
)
_MONTH_RANGE = re.compile(rf"^([a-z]+)\.?\s*(?:{_YEAR}\s*)?t/m\s*([a-z]+)\.?\s*{_YEAR}$")
_ONE_MONTH = re.compile(rf"^([a-z]+)\.?\s*{_YEAR}$")
_WHOLE_YEAR = re.compile(rf"^(?:(?:kalender|boek)?jaar|year)?\s*{_YEAR}$")


def _ordinal(text: str) -> int:
    return _ORDINALS.get(text) or int(text)


def _months_period(year: int, first: int, last: int) -> tuple[date, date]:
    """First day of month ``first`` to the last day of month ``last`` of ``year``."""
    if not 1 <= first <= last <= 12:
        raise ValueError("months out of order")
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), end - timedelta(days=1)


def _named_period(text: str) -> tuple[date, date] | None:
    """A period written as a half year, quarter, months or year; ``None`` when not one."""
    for pattern in _HALF:
        if match := pattern.match(text):
            year, half = (match[1], match[2]) if len(match[1]) == 4 else (match[2], match[1])
            number = _ordinal(half)
            return _months_period(int(year), 6 * number - 5, 6 * number) if number <= 2 else None
    for pattern in _QUARTER:
        if match := pattern.match(text):
            year, quarter = (match[1], match[2]) if len(match[1]) == 4 else (match[2], match[1])
            number = _ordinal(quarter)
            return _months_period(int(year), 3 * number - 2, 3 * number)
    if match := _MONTH_NUMBERS.match(text):
        return _months_period(int(match[3]), int(match[1]), int(match[2]))
    if match := _MONTH_RANGE.match(text):
        first, last = _MONTHS.get(match[1]), _MONTHS.get(match[3])
        if first is None or last is None or (match[2] and match[2] != match[4]):
            return None
        return _months_period(int(match[4]), first, last)
    if (match := _ONE_MONTH.match(text)) and match[1] in _MONTHS:
        month = _MONTHS[match[1]]
        return _months_period(int(match[2]), month, month)
    if match := _WHOLE_YEAR.match(text):
        return _months_period(int(match[1]), 1, 12)
    return None


def _period_from_text(text: str) -> tuple[date, date] | None:
    named = _named_period(text)
    if named is not None:
        return named
    parts = _UNTIL.split(text)
    if len(parts) == 2 and all(parts):
        start, end = _date_from_text(parts[0]), _date_from_text(parts[1])
        if start is not None and end is not None:
            return start, end
    return None


def parse_period(value: object) -> tuple[date, date] | None:
    """A reporting period (first and last day, both included) as contractors write it;
    ``None`` when empty.

    Two dates joined by ``t/m``, ``tot en met``, ``tot`` or a spaced dash
    (``01-01-2025 t/m 30-06-2025``, ``1 januari 2025 - 30 juni 2025``); a half year
    (``1e halfjaar 2025``, ``H2 2025``); a quarter (``Q2 2025``, ``2e kwartaal 2025``,
    ``kwartaal 3 2025``); months (``periode 1 t/m 6 2025``, ``januari t/m juni 2025``,
    ``juni 2025``); a year (``jaar 2025``, ``2025``). ``tot`` is read as "up to and
    including", as people write a period that ends on a month's last day.

    :raises ValueParseError: not a period, the end before the start, or a year outside
        1950–2199
    """
    if is_blank(value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = " ".join(fold(value).replace("–", " - ").replace("—", " - ").split())
    else:
        text = ""
    try:
        found = _period_from_text(text.strip(" .:"))
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise ValueParseError(
            f"{show(value)} is geen periode (schrijf bijvoorbeeld 01-01-2025 t/m 30-06-2025, "
            "1e halfjaar 2025 of Q2 2025)"
        )
    start, end = found
    for day in found:
        if day.year not in PLAUSIBLE_YEARS:
            raise ValueParseError(
                f"{show(value)} is geen geldige periode: het jaar {day.year} ligt buiten "
                f"{PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1}"
            )
    if end < start:
        raise ValueParseError(
            f"{show(value)} is geen geldige periode: het einde ligt vóór het begin"
        )
    return start, end


# --- durations and extension options ----------------------------------------------------

_NUMBER_WORDS: Final = {
    "een": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
    "zeven": "7", "acht": "8", "negen": "9", "tien": "10", "elf": "11", "twaalf": "12",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
}  # fmt: skip
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b")
_UNIT_MONTHS: Final = {
    "jaren": 12, "jaar": 12, "jr": 12, "j": 12, "years": 12, "year": 12, "yrs": 12, "yr": 12,
    "y": 12, "maanden": 1, "maand": 1, "mnd": 1, "mndn": 1, "months": 1, "month": 1, "mo": 1,
    "m": 1,
}  # fmt: skip
_UNITS = "|".join(sorted(_UNIT_MONTHS, key=len, reverse=True))
_DURATION = re.compile(rf"^(?P<length>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})\.?$")
_NO_OPTIONS = re.compile(
    r"|(?:geen|nee|nvt|n\.?v\.?t\.?|niet van toepassing|none|no|-+|0)"
    r"(?:\s*(?:verlenging\w*|opties?|verlengingsopties?|options?|extensions?))?"
)
_REPEAT_WORDS = re.compile(
    r"(\d+)\s*(?:(?:verlengings)?opties?|options?|verlengingen|maal|keer|times|x|\*|×)\s*"
    r"(?:van\s+|of\s+)?(?:(?:elk|telkens|steeds|ieder|iedere|each)\s+)?"
)
_FILLERS = re.compile(
    r"\b(?:verlengingsopties?|opties?|verlenging(?:en)?|tot|maximaal|max|met|van|elk|elke"
    r"|telkens|steeds|eenmalige?|stilzwijgende?|mogelijkheid|options?|extensions?|renewals?"
    r"|up to|of|each)\b\.?"
)
_OPTION_PART = re.compile(
    rf"(?:(?P<count>\d+)\s*x\s*)?(?P<length>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})?\.?"
)


def _fold_duration(text: str) -> str:
    """Digits for number words and halves, one decimal point, single spaces."""
    folded = " ".join(fold(text).split()).replace(",", ".")
    folded = re.sub(r"\banderhalf jaar\b", "18 maanden", folded)
    folded = re.sub(r"\b(?:een )?half jaar\b", "6 maanden", folded)
    return _NUMBER_WORD.sub(lambda m: _NUMBER_WORDS[m[0]], folded)


def _months(length: str, unit: str, original: object) -> int:
    months = Decimal(length) * _UNIT_MONTHS[unit]
    if months <= 0 or months != months.to_integral_value() or months > 1200:
        raise ValueParseError(f"{show(original)} is geen looptijd in hele maanden")
    return int(months)


def parse_duration_months(value: object) -> int | None:
    """A duration in whole months: ``24 maanden``, ``2 jaar``, ``1,5 jaar``, ``6 mnd``."""
    if is_blank(value):
        return None
    if _is_number(value):
        raise ValueParseError(f"{show(value)} is geen looptijd: schrijf er maanden of jaar bij")
    match = _DURATION.match(_fold_duration(str(value)))
    if match is None:
        raise ValueParseError(
            f"{show(value)} is geen looptijd; schrijf bijvoorbeeld '24 maanden' of '2 jaar'"
        )
    return _months(match["length"], match["unit"], value)


def _unreadable_options(value: object) -> ValueParseError:
    return ValueParseError(
        f"{show(value)} is geen herkenbare verlengingsoptie; schrijf bijvoorbeeld '2x 1 jaar', "
        "'1+1+1', '2 x 6 maanden' of 'geen'"
    )


def extension_option_months(value: object) -> list[int]:
    """Length in months of each extension option, in order (handreiking stap 2Ba: verlenging).

    ``2x 1 jaar`` → [12, 12]; ``1+1+1`` → [12, 12, 12] (bare numbers are years); ``2 x 6
    maanden`` → [6, 6]; ``optie tot 2 jaar verlenging`` → [24]; ``1 jaar + 6 maanden`` →
    [12, 6]; ``geen``, ``n.v.t.``, empty → []. A part without a unit takes the unit of the next
    part that has one (``6+6 maanden``).

    :raises ValueParseError: for text it cannot read, such as "ja" or a bare "2", rather than
        guessing
    """
    if is_blank(value):
        return []
    if _is_number(value):
        raise _unreadable_options(value)
    folded = _fold_duration(str(value))
    if _NO_OPTIONS.fullmatch(folded):
        return []
    text = _REPEAT_WORDS.sub(r"\1x", folded.replace("×", "x"))
    text = " ".join(_FILLERS.sub(" ", text).split())
    parts = [part.strip() for part in re.split(r"\s*(?:\+|\ben\b|\band\b)\s*", text)]
    matches = [_OPTION_PART.fullmatch(part) for part in parts]
    if not all(matches):
        raise _unreadable_options(value)
    if len(parts) == 1 and not (matches[0] and (matches[0]["unit"] or matches[0]["count"])):
        raise _unreadable_options(value)
    units: list[str] = []
    following = "jaar"
    for match in reversed(matches):
        following = (match["unit"] if match else None) or following
        units.append(following)
    months: list[int] = []
    for match, unit in zip(matches, reversed(units), strict=True):
        assert match is not None  # checked above
        try:
            length = _months(match["length"], unit, value)
        except ValueParseError:
            raise _unreadable_options(value) from None
        if match["count"] is not None and int(match["count"]) == 0:
            raise _unreadable_options(value)
        months.extend([length] * int(match["count"] or 1))
    if len(months) > 50:
        raise _unreadable_options(value)
    return months


def _option_words(months: int) -> str:
    if months % 12 == 0:
        return f"{months // 12} jaar"
    return f"{months} {'maand' if months == 1 else 'maanden'}"


def normalise_extension_options(value: object) -> str | None:
    """Extension options as one canonical text: ``2x 12 mnd`` → ``2 x 1 jaar``.

    Equal options read the same however they were typed, so a re-import of ``2x1 jaar`` over
    ``2 x 1 jaar`` is no change. ``None`` when empty; ``geen`` when there are none.

    :raises ValueParseError: as :func:`extension_option_months`
    """
    if is_blank(value):
        return None
    months = extension_option_months(value)
    if not months:
        return "geen"
    runs: list[tuple[int, int]] = []
    for length in months:
        if runs and runs[-1][1] == length:
            runs[-1] = (runs[-1][0] + 1, length)
        else:
            runs.append((1, length))
    return " + ".join(
        _option_words(length) if count == 1 else f"{count} x {_option_words(length)}"
        for count, length in runs
    )


# --- social return in one cell ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SrCell:
    """What a social-return cell says; each part ``None`` when the cell does not say it."""

    applies: SrApplies | None = None
    #: percentage points (5 means 5%)
    percentage: Decimal | None = None
    basis: SrBasis | None = None


_SR_PREFIX = re.compile(r"^\s*(?:social\s*return(?:\s*on\s*investment)?|sroi|sr)\s*[:=]?\s*")
_SR_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:%|procent|percent|pct\b\.?)")
_SR_NOISE = re.compile(
    r"\b(?:van|vd|v\.d\.|de|het|of|op|on|the|over|basis|grondslag)\b|[-–—:;,/()|+]"
)


def _sr_percentage_only(value: object) -> SrCell:
    """A number cell or a bare number text: the percentage (0 means no social return)."""
    points = parse_percentage(value)
    if points is None:
        return SrCell()
    return SrCell(SrApplies.YES if points > 0 else SrApplies.NO, points)


def parse_sr(value: object) -> SrCell:
    """A social-return cell: the answer, the percentage and the basis, in any order.

    ``ja`` → yes; ``nee`` → no; ``n.v.t.`` → not applicable; ``onbekend`` → unknown;
    ``5%`` → yes, 5; ``0%`` → no, 0; ``ja – 3%``, ``SR: ja, 5% van de loonsom`` and ``5%
    loonsom`` give all three parts. A cell that says ``nee`` and a percentage above 0, or that
    holds words that are neither, is refused: nothing in it is dropped unread.
    """
    if value is None or isinstance(value, bool):
        return SrCell(None if value is None else SrApplies.YES if value else SrApplies.NO)
    if not isinstance(value, str):
        return _sr_percentage_only(value)
    if not value.strip():
        return SrCell()
    if _is_dash(value):
        return SrCell(SrApplies.NO)
    text = _SR_PREFIX.sub("", " ".join(fold(value).split()))
    whole = SrApplies.lookup(text)
    if whole is not None:
        return SrCell(whole)
    percentages = _SR_PERCENT.findall(text)
    rest = _SR_PERCENT.sub(" ", text)
    if not percentages and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", rest):
        return _sr_percentage_only(value.strip())
    if len(percentages) > 1:
        raise ValueParseError(f"{show(value)} noemt meer dan één percentage")
    percentage = parse_percentage(f"{percentages[0]}%") if percentages else None
    applies, basis, unread = _sr_words(_SR_NOISE.sub(" ", rest).split())
    if unread:
        raise ValueParseError(
            f"{show(value)} is geen geldige social-returnwaarde: '{' '.join(unread)}' is "
            "onbekend (schrijf ja, nee, n.v.t., onbekend, een percentage zoals 5% en eventueel "
            "de grondslag: projectsom of loonsom)"
        )
    if applies is None and percentage is not None:
        applies = SrApplies.YES if percentage > 0 else SrApplies.NO
    contradiction = sr_contradiction(applies, percentage)
    if contradiction is not None:
        raise ValueParseError(f"{show(value)} spreekt zichzelf tegen: {contradiction}")
    return SrCell(applies, percentage, basis)


def sr_contradiction(applies: SrApplies | None, percentage: Decimal | None) -> str | None:
    """Why an SR answer and a percentage cannot both be true, or ``None`` when they fit.

    A percentage above 0 means there is social return, so only *ja* fits it; 0% means there is
    none, so *ja* does not fit it. Used wherever both are given (a cell, two columns, the form).
    """
    if applies is None or percentage is None:
        return None
    if (applies is SrApplies.YES) == (percentage > 0):
        return None
    return f"'{applies.label}', maar het SR-percentage is {format_pct(percentage)}"


def _sr_words(words: list[str]) -> tuple[SrApplies | None, SrBasis | None, list[str]]:
    """The answer and the basis among the words of an SR cell, and the words that are neither.

    Two-word synonyms (``wage sum``, ``niet van toepassing``) are tried before single words.
    """
    applies: SrApplies | None = None
    basis: SrBasis | None = None
    unread: list[str] = []
    index = 0
    while index < len(words):
        for width in (3, 2, 1):
            phrase = " ".join(words[index : index + width])
            found_applies = SrApplies.lookup(phrase) if width <= len(words) - index else None
            found_basis = SrBasis.lookup(phrase) if width <= len(words) - index else None
            if found_applies is not None and applies in (None, found_applies):
                applies, index = found_applies, index + width
                break
            if found_basis is not None and basis in (None, found_basis):
                basis, index = found_basis, index + width
                break
        else:
            unread.append(words[index])
            index += 1
    return applies, basis, unread
