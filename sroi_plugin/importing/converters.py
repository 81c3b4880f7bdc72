"""Converters: turn cell values as people type them into typed values.

Each converter is one ``clean(value)`` function. It accepts what openpyxl hands over
(``None``, ``str``, ``int``, ``float``, ``bool``, ``datetime``/``date``) and returns the typed
value, ``None`` for an empty cell, or raises :class:`ConversionError` with a Dutch message
that quotes the offending value. The reader adds the row number and column label.

Reading rules worth knowing (they are decisions, documented here once):

- **Amounts.** ``€``, ``EUR``, spaces and a trailing ``,-`` are ignored; ``k``/``mln``/``mld``
  multiply. When both ``.`` and ``,`` occur, the last one is the decimal separator. A lone
  ``,`` is the Dutch decimal comma (``1,5`` → 1.5). A lone ``.`` followed by exactly three
  digits is a Dutch thousands separator (``1.234`` → 1234); otherwise it is a decimal point
  (``1234567.89``). With a multiplier a lone separator is always decimal (``1.2 mln``).
  Amounts are rounded half-up to cents and may not be negative.
- **Dates.** Day first (``31-12-2025``, ``31/12/2025``, ``31.12.2025``), ISO ``2025-12-31``,
  ``20251231``, month names in Dutch or English (``1 jan 2024``, ``31 dec. 2025``). Two-digit
  years are 20yy. Numbers are Excel serial dates in the 1900 system (45657 → 2024-12-31).
  Years before 1950 or after 2199 are rejected as typing errors.
  Empty, ``onbepaald``, ``n.v.t.`` and ``geen`` mean open-ended (``None``).
- **Fractions.** ``wage_share`` is a fraction 0..1: ``45%``, ``0,45`` and ``45`` all give 0.45
  (a bare number up to and including 1 is already a fraction, as Excel stores ``100%`` as 1).
- **Social return.** ``sr_percentage`` is in percentage points: ``5%`` and ``5`` give 5; a
  bare number below 1 is an Excel percentage cell (0.05 → 5).
- **Text** is trimmed, never evaluated: ``=SUM(A1)`` stays the text ``=SUM(A1)``. One leading
  apostrophe before ``= + - @`` (the protection :mod:`.spreadsheet_out` adds) is removed so
  our own exports re-import unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from typing import Final
from typing import Generic
from typing import Literal
from typing import TypeVar
from typing import cast

from sroi_plugin.errors import SroiError

__all__ = [
    "FORMULA_TRIGGERS",
    "Choice",
    "ConversionError",
    "AuthorityType",
    "Kind",
    "SrBasis",
    "SrForm",
    "clean_amount",
    "clean_authority_type",
    "clean_bool",
    "clean_date",
    "clean_extension_options",
    "clean_framework",
    "clean_kind",
    "clean_kvk",
    "clean_ref",
    "clean_sr",
    "clean_sr_basis",
    "clean_sr_form",
    "clean_sr_percentage",
    "clean_text",
    "clean_wage_share",
    "memoised",
]

Kind = Literal["werk", "dienst", "levering"]
AuthorityType = Literal["central", "other", "special_sector"]
SrBasis = Literal["projectsom", "loonsom"]
SrForm = Literal["contractbepaling", "gunningscriterium", "minimumeis", "geschiktheidseis"]

_T = TypeVar("_T")


class ConversionError(SroiError):
    """A cell value cannot be read as the kind of value its column holds."""

    def __init__(self, message_nl: str) -> None:
        super().__init__(message_nl)
        #: Dutch explanation that quotes the value, e.g. ``'12,3,4' is geen bedrag``
        self.message = message_nl


_SHOW_MAX: Final = 40
#: Leading characters that make a spreadsheet treat text as a formula (OWASP CSV injection);
#: a line feed is included because XML turns a written carriage return into one.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_CENT: Final = Decimal("0.01")
_HUNDRED: Final = Decimal(100)
_ONE: Final = Decimal(1)
_NUMBER_TYPES: Final = (int, float, Decimal)


def _show(value: object) -> str:
    """Quote a value for a message, shortened so a pasted paragraph cannot flood it."""
    text = str(value).strip()
    if len(text) > _SHOW_MAX:
        text = text[: _SHOW_MAX - 1] + "…"
    return f"'{text}'"


def _is_number(value: object) -> bool:
    """True for int/float/Decimal but not bool (which is an int subclass)."""
    return isinstance(value, _NUMBER_TYPES) and not isinstance(value, bool)


_KEY_DROP = re.compile(r"[^0-9a-z%]+")


def _key(text: str) -> str:
    """Lookup key for word values: casefolded, punctuation and spaces removed (n.v.t. → nvt)."""
    return _KEY_DROP.sub("", text.casefold())


_DASH = re.compile(r"^\s*[-–—]+\s*$")


def _is_dash(text: str) -> bool:
    """A cell holding only dashes, which people type for "no" or "none"."""
    return _DASH.match(text) is not None


_OPEN_ENDED: Final = frozenset(
    {"", "onbepaald", "onbepaaldetijd", "vooronbepaaldetijd", "nvt", "geen", "geeneinddatum"}
)


_MISSING: Final = object()


def memoised(clean: Callable[[object], _T], size: int = 4096) -> Callable[[object], _T]:
    """``clean`` with a bounded cache, for columns whose values repeat (kinds, dates, ja/nee).

    Keyed by type and value, so ``1``, ``1.0`` and ``True`` stay apart. Errors are not
    cached. The cache is emptied when full, which keeps it simple and bounded.
    """
    cache: dict[tuple[type, object], _T] = {}

    def cached(value: object) -> _T:
        key = (type(value), value)
        try:
            result = cache.get(key, _MISSING)
        except TypeError:  # an unhashable value: nothing to remember
            return clean(value)
        if result is _MISSING:
            if len(cache) >= size:
                cache.clear()
            result = cache[key] = clean(value)
        return cast(_T, result)

    return cached


# --- text -------------------------------------------------------------------------------


def clean_text(value: object) -> str | None:
    """Trimmed text, ``None`` when empty; numbers from Excel lose a spurious ``.0``.

    Text is kept literally (a leading ``=`` is never evaluated). One protective apostrophe
    before a formula trigger, as written by :func:`.spreadsheet_out.neutralise`, is removed.
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
    return text or None


def clean_ref(value: object) -> str | None:
    """Contract number as text (``2024001`` from a number cell stays ``2024001``)."""
    return clean_text(value)


_KVK_SEPARATORS = re.compile(r"[\s.\-]")
_KVK_DIGITS: Final = 8


def clean_kvk(value: object) -> str | None:
    """KvK number as 8 digits; a number cell that lost its leading zero is padded."""
    if value is None:
        return None
    if _is_number(value):
        number = Decimal(str(value))
        if number != number.to_integral_value() or number < 0:
            raise ConversionError(f"{_show(value)} is geen KvK-nummer (8 cijfers)")
        text = str(int(number)).zfill(_KVK_DIGITS)
    else:
        text = _KVK_SEPARATORS.sub("", str(value))
        if not text:
            return None
    if len(text) != _KVK_DIGITS or not text.isdigit():
        raise ConversionError(f"{_show(value)} is geen KvK-nummer (8 cijfers)")
    return text


# --- numbers ----------------------------------------------------------------------------

_MULTIPLIERS: Final[Mapping[str, Decimal]] = {
    "k": Decimal(1_000),
    "dzd": Decimal(1_000),
    "duizend": Decimal(1_000),
    "m": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "miljoen": Decimal(1_000_000),
    "mld": Decimal(1_000_000_000),
    "miljard": Decimal(1_000_000_000),
}
_AMOUNT_NOISE = re.compile(r"€|\beuro?\b|[\s\u00a0\u202f]+")
_TRAILING_DASH = re.compile(r"[.,][-–—]+$")
_MULTIPLIER_SUFFIX = re.compile(
    r"^(?P<number>.*?\d)\.?(?P<unit>" + "|".join(_MULTIPLIERS) + r")\.?$"
)
_PLAIN_DIGITS = re.compile(r"^\d+$")
_DOT_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+$")
_COMMA_GROUPED = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+$")
_SIMPLE_DECIMAL = re.compile(r"^\d*[.,]\d+$")
_DUTCH_FULL = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})*,\d+$")
_ENGLISH_FULL = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})*\.\d+$")


def _parse_number_text(text: str, *, multiplied: bool) -> Decimal | None:
    """Read digits with Dutch or English separators (rules in the module docstring)."""
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
    if not multiplied and dots and _DOT_GROUPED.match(text):
        return Decimal(text.replace(".", ""))
    if _SIMPLE_DECIMAL.match(text):
        return Decimal(text.replace(",", "."))
    return None


def _number_from_text(text: str) -> Decimal | None:
    """A non-negative number in a string, with currency, ``,-`` and multipliers handled."""
    cleaned = _AMOUNT_NOISE.sub("", text.casefold())
    cleaned = _TRAILING_DASH.sub("", cleaned)
    multiplier = _ONE
    suffix = _MULTIPLIER_SUFFIX.match(cleaned)
    if suffix is not None:
        cleaned, multiplier = suffix["number"], _MULTIPLIERS[suffix["unit"]]
    number = _parse_number_text(cleaned, multiplied=suffix is not None)
    return None if number is None else number * multiplier


def _to_decimal(value: object) -> Decimal | None:
    """Number cell or number text as Decimal (floats via ``repr`` to avoid binary noise)."""
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
        return _number_from_text(value)
    return None


def clean_amount(value: object) -> Decimal | None:
    """Euro amount rounded to cents: ``€ 1.234.567,89``, ``1,2 mln``, ``250k``, ``€ 250.000,-``."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    try:
        number = _to_decimal(value)
    except InvalidOperation:
        number = None
    if number is None:
        raise ConversionError(f"{_show(value)} is geen bedrag")
    if number < 0:
        raise ConversionError(f"{_show(value)} is geen bedrag: een bedrag kan niet negatief zijn")
    return number.quantize(_CENT, rounding=ROUND_HALF_UP)


_PERCENT_SUFFIX = re.compile(r"\s*(?:%|procent|pct\.?)$")


def _fraction(value: object, *, one_is_whole: bool) -> Decimal | None:
    """Read ``45%``, ``0,45`` or ``45`` as a fraction; ``None`` when it is no number.

    :param one_is_whole: whether a bare 1 means 100% (wage share) rather than 1% (SR).
    """
    if isinstance(value, str):
        text = value.strip().casefold()
        stripped = _PERCENT_SUFFIX.sub("", text)
        number = _number_from_text(stripped)
        if number is not None and stripped != text:
            return number / _HUNDRED
    else:
        number = _to_decimal(value)
    if number is None:
        return None
    is_fraction = number <= _ONE if one_is_whole else number < _ONE
    return number if is_fraction else number / _HUNDRED


def _checked_fraction(value: object, *, one_is_whole: bool) -> Decimal:
    """:func:`_fraction`, with a Dutch error when unreadable or outside 0–100%."""
    try:
        fraction = _fraction(value, one_is_whole=one_is_whole)
    except InvalidOperation:
        fraction = None
    if fraction is None:
        raise ConversionError(f"{_show(value)} is geen percentage")
    if not 0 <= fraction <= 1:
        raise ConversionError(f"{_show(value)} ligt niet tussen 0% en 100%")
    return fraction


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (5.00 → 5, 0.450 → 0.45)."""
    if number == number.to_integral_value():
        return number.quantize(_ONE)
    return number.normalize()


def clean_wage_share(value: object) -> Decimal | None:
    """Wage share as a fraction 0..1: ``45%``, ``0,45`` and ``45`` give 0.45."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    return _tidy(_checked_fraction(value, one_is_whole=True))


def clean_sr_percentage(value: object) -> Decimal | None:
    """Social-return percentage in percentage points: ``5%``, ``5`` and ``0,05`` give 5."""
    return clean_sr(value)[1]


_YES_WORDS: Final = frozenset({"ja", "j", "yes", "y", "x", "true", "waar", "wel", "✓", "v"})
_NO_WORDS: Final = frozenset({"nee", "n", "no", "false", "onwaar", "niet", "geen", "nvt"})
_DIGIT_BOOLS: Final[Mapping[str, bool]] = {"1": True, "0": False}


def clean_sr(value: object) -> tuple[bool | None, Decimal | None]:
    """A social-return cell: ``ja``/``nee``/``n.v.t.``/``5%`` → ``(has_sr, percentage)``.

    ``ja`` gives ``(True, None)``, ``nee`` and ``n.v.t.`` give ``(False, None)``, ``5%``
    gives ``(True, 5)`` and ``0%`` gives ``(False, 0)``. Empty gives ``(None, None)``.
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, str):
        if not value.strip():
            return None, None
        key = _key(value)
        if key in _YES_WORDS:
            return True, None
        if key in _NO_WORDS or _is_dash(value):
            return False, None
    try:
        fraction = _fraction(value, one_is_whole=False)
    except InvalidOperation:
        fraction = None
    if fraction is None:
        raise ConversionError(
            f"{_show(value)} is geen geldige social-returnwaarde "
            "(ja, nee, n.v.t. of een percentage zoals 5%)"
        )
    if not 0 <= fraction <= 1:
        raise ConversionError(f"{_show(value)} ligt niet tussen 0% en 100%")
    percentage = _tidy(fraction * _HUNDRED)
    return percentage > 0, percentage


# --- yes/no and choices -----------------------------------------------------------------


def _yes_no(value: object, extra: Mapping[str, bool]) -> bool | None:
    """Shared body of the yes/no converters; ``extra`` adds column-specific words."""
    if value is None or isinstance(value, bool):
        return value
    if _is_number(value) and value in (0, 1):
        return value == 1
    text = str(value)
    key = _key(text)
    if not key:
        if _is_dash(text):
            return False
        if text.strip():
            raise ConversionError(f"{_show(value)} is geen ja/nee-waarde")
        return None
    if key in extra:
        return extra[key]
    if key in _DIGIT_BOOLS:
        return _DIGIT_BOOLS[key]
    if key in _YES_WORDS:
        return True
    if key in _NO_WORDS:
        return False
    raise ConversionError(f"{_show(value)} is geen ja/nee-waarde")


_NO_EXTRA: Final[Mapping[str, bool]] = {}
_FRAMEWORK_WORDS: Final[Mapping[str, bool]] = {
    "raamovereenkomst": True,
    "raamcontract": True,
    "framework": True,
    "frameworkagreement": True,
    "overeenkomst": False,
    "contract": False,
}


def clean_bool(value: object) -> bool | None:
    """Yes/no: ``ja``/``nee``, ``yes``/``no``, ``x``, ``1``/``0``, Excel TRUE/FALSE."""
    return _yes_no(value, _NO_EXTRA)


def clean_framework(value: object) -> bool | None:
    """Framework agreement flag: yes/no words plus ``raamovereenkomst``/``overeenkomst``."""
    return _yes_no(value, _FRAMEWORK_WORDS)


class Choice(Generic[_T]):
    """Converter for a closed list of values, read from Dutch and English spellings."""

    def __init__(self, table: Mapping[str, _T], noun_nl: str, allowed_nl: str) -> None:
        """:param table: lookup key (see :func:`_key`) → value
        :param noun_nl: what the column holds, for the message ("soort opdracht")
        :param allowed_nl: the allowed values as the user should type them
        """
        self._table = {_key(spelling): result for spelling, result in table.items()}
        self._noun_nl = noun_nl
        self._allowed_nl = allowed_nl

    def clean(self, value: object) -> _T | None:
        """The value for ``value``; ``None`` when empty or ``n.v.t.``."""
        if value is None:
            return None
        key = _key(str(value))
        if key in ("", "nvt"):
            return None
        try:
            return self._table[key]
        except KeyError:
            raise ConversionError(
                f"{_show(value)} is geen {self._noun_nl} (kies {self._allowed_nl})"
            ) from None


_KINDS: Final[Mapping[str, Kind]] = {
    "werk": "werk",
    "werken": "werk",
    "works": "werk",
    "work": "werk",
    "dienst": "dienst",
    "diensten": "dienst",
    "services": "dienst",
    "service": "dienst",
    "levering": "levering",
    "leveringen": "levering",
    "supplies": "levering",
    "supply": "levering",
    "goods": "levering",
}
_AUTHORITY_TYPES: Final[Mapping[str, AuthorityType]] = {
    "central": "central",
    "centraal": "central",
    "centrale overheid": "central",
    "central government": "central",
    "rijk": "central",
    "rijksoverheid": "central",
    "other": "other",
    "overig": "other",
    "overige": "other",
    "decentraal": "other",
    "decentrale overheid": "other",
    "gemeente": "other",
    "provincie": "other",
    "waterschap": "other",
    "special_sector": "special_sector",
    "special sector": "special_sector",
    "special sectors": "special_sector",
    "speciale sector": "special_sector",
    "speciale sectoren": "special_sector",
}
_SR_BASES: Final[Mapping[str, SrBasis]] = {
    "projectsom": "projectsom",
    "project sum": "projectsom",
    "aanneemsom": "projectsom",
    "opdrachtwaarde": "projectsom",
    "contractwaarde": "projectsom",
    "loonsom": "loonsom",
    "wage sum": "loonsom",
    "loonkosten": "loonsom",
}
_SR_FORMS: Final[Mapping[str, SrForm]] = {
    "contractbepaling": "contractbepaling",
    "contractvoorwaarde": "contractbepaling",
    "bijzondere uitvoeringsvoorwaarde": "contractbepaling",
    "contract clause": "contractbepaling",
    "contract condition": "contractbepaling",
    "gunningscriterium": "gunningscriterium",
    "award criterion": "gunningscriterium",
    "minimumeis": "minimumeis",
    "minimum requirement": "minimumeis",
    "geschiktheidseis": "geschiktheidseis",
    "suitability requirement": "geschiktheidseis",
}

clean_kind = Choice(_KINDS, "soort opdracht", "werk, dienst of levering").clean
clean_authority_type = Choice(
    _AUTHORITY_TYPES, "soort aanbestedende dienst", "centraal, overig of speciale sector"
).clean
clean_sr_basis = Choice(_SR_BASES, "SR-grondslag", "projectsom of loonsom").clean
clean_sr_form = Choice(
    _SR_FORMS,
    "vorm van social return",
    "contractbepaling, gunningscriterium, minimumeis of geschiktheidseis",
).clean


# --- dates ------------------------------------------------------------------------------

_EXCEL_EPOCH: Final = date(1899, 12, 30)
_FIRST_SERIAL: Final = 61  # 1900-03-01; earlier serials are distorted by Excel's 1900 leap bug
_LAST_SERIAL: Final = 2_958_465  # 9999-12-31
#: Years outside this range are typing errors (``31-12-0025``, a bare ``2025``).
_PLAUSIBLE_YEARS: Final = range(1950, 2200)
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
_SERIAL = re.compile(r"^\d{2,7}(?:[.,]\d+)?$")


def _full_year(year: str) -> int:
    """Two-digit years are read as 20yy (contract dates are this century)."""
    return 2000 + int(year) if len(year) == 2 else int(year)


def _from_serial(serial: Decimal) -> date | None:
    """Excel 1900-system serial number (a time fraction is dropped)."""
    whole = int(serial)
    if not _FIRST_SERIAL <= whole <= _LAST_SERIAL:
        return None
    return _EXCEL_EPOCH + timedelta(days=whole)


def _date_from_text(text: str) -> date | None:
    """Date in one of the accepted text forms; ``None`` when the form is not recognised."""
    if match := _DAY_FIRST.match(text):
        return date(_full_year(match[4]), int(match[3]), int(match[1]))
    if match := _ISO.match(text) or _COMPACT.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _MONTH_NAME.match(text):
        month = _MONTHS.get(match[2])
        return None if month is None else date(_full_year(match[3]), month, int(match[1]))
    if _SERIAL.match(text):
        return _from_serial(Decimal(text.replace(",", ".")))
    return None


def clean_date(value: object) -> date | None:
    """Date from an Excel date, a serial number or text; ``None`` means open-ended/unknown."""
    if type(value) is datetime:
        return value.date()
    if type(value) is date or value is None:
        return value
    try:
        if _is_number(value):
            number = Decimal(str(value))
            compact = str(int(number)) if number == number.to_integral_value() else ""
            result = _date_from_text(compact) if len(compact) == 8 else _from_serial(number)
        elif isinstance(value, str):
            text = value.strip().casefold()
            if _key(text) in _OPEN_ENDED:
                return None
            result = _date_from_text(text)
        else:
            result = None
    except (ValueError, InvalidOperation, OverflowError):
        result = None
    if result is None or result.year not in _PLAUSIBLE_YEARS:
        raise ConversionError(f"{_show(value)} is geen geldige datum")
    return result


# --- extension options ------------------------------------------------------------------

_EXT_NONE: Final = frozenset({"geen", "nee", "nvt", "0", "n", "no", "none", "geenopties"})
_SPACES = re.compile(r"\s+")
_TIMES = re.compile(r"(?<=\d)\s*(?:[x×*]|maal\b)\s*(?=\d)")
_PLUS = re.compile(r"\s*\+\s*")
_YEARS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:jaren|jaar|jr|j|years?|yrs?)\b\.?")
_MONTHS_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:maanden|maand|mnd|mndn|months?|mo)\b\.?")


def _month_words(match: re.Match[str]) -> str:
    """``12 mnd`` → ``12 maanden``, ``1 mnd`` → ``1 maand``."""
    count = match[1]
    return f"{count} {'maand' if count == '1' else 'maanden'}"


def clean_extension_options(value: object) -> str | None:
    """Extension options as a normalised text with the original meaning kept.

    Only spelling is normalised (case, spacing, ``x`` and ``+``, unit words):
    ``2x 1 jaar`` → ``2 x 1 jaar``, ``2x12 mnd`` → ``2 x 12 maanden``, ``1+1+1`` →
    ``1 + 1 + 1``. No unit is added where the text has none. ``geen``/``nee``/``-`` → ``geen``.
    """
    text = clean_text(value)
    if text is None:
        return None
    if _key(text) in _EXT_NONE or _is_dash(text):
        return "geen"
    text = _SPACES.sub(" ", text.casefold())
    text = _TIMES.sub(" x ", text)
    text = _PLUS.sub(" + ", text)
    text = _YEARS.sub(r"\1 jaar", text)
    return _MONTHS_UNIT.sub(_month_words, text)
