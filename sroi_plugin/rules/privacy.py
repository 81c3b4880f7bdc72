"""AVG guard for monitoring reports: refuse personal data, suppress small counts.

Source: handreiking stap 4a ("Opdrachtnemers mogen deze gegevens niet herleidbaar
verstrekken") and the stap 4b tip (ask for anonymised or aggregated results; paid hours with
names are personal data). A report holds counts per target group and placement type only, so
anything that names or identifies a person is refused before it is stored. Messages never
repeat the personal data they found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import PersonalDataPatterns
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import fold

_BSN = "burgerservicenummer (BSN)"
_BIRTH_DATE = "geboortedatum"
_ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NINE_DIGITS = re.compile(r"\d{9}")
# nine digits, optionally written 1234.56.789 or 123 456 789, not part of a longer number
_BSN_IN_TEXT = re.compile(
    r"(?<![\d.,])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?!\d|[.,]\d)"
)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")

_AGGREGATE_ADVICE = (
    "Lever de rapportage geaggregeerd aan: per doelgroep en soort plaatsing alleen het aantal "
    "personen, de verloonde uren en de kosten, zonder namen of andere gegevens die tot een "
    "persoon te herleiden zijn (handreiking stap 4a en 4b)."
)
_AVG_REASON = (
    "Waarom: gegevens die tot een persoon te herleiden zijn, zijn persoonsgegevens (AVG art. 4 "
    "lid 1). De opdrachtgever heeft voor de monitoring alleen aantallen nodig, dus meer mag de "
    "opdrachtnemer niet verstrekken (dataminimalisatie, AVG art. 5 lid 1 onder c). Gekoppeld aan "
    "een persoon zegt de doelgroep bovendien iets over een arbeidsbeperking; dat kan een "
    "gezondheidsgegeven zijn (AVG art. 9)."
)
_BSN_REASON = (
    "Een BSN mag alleen worden gebruikt voor doelen die de wet bepaalt (UAVG art. 46); de "
    "opdrachtgever heeft het voor deze rapportage niet nodig."
)


@dataclass(frozen=True)
class PersonalDataHit:
    """One place in an uploaded report that holds or asks for personal data."""

    #: sheet row number of the value; ``None`` when the column header itself is the problem
    row: int | None
    #: 1-based column number (A = 1)
    column: int
    #: the column's header text ("" when the column has none)
    header: str
    #: Dutch name of the personal data, e.g. "naam" or "burgerservicenummer (BSN)"
    what: str
    #: Dutch reason, without the value itself
    why: str


def _nine_digits(value: str | int) -> str | None:
    """The nine BSN digits of ``value``: a 9-digit text, or a number of 8 or 9 digits.

    A spreadsheet drops the leading zero of a number but never of text, so only a number may
    have 8 digits; an 8-digit text (an order number) is not a BSN.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
        return text.zfill(9) if value > 0 and len(text) in (8, 9) else None
    text = value.strip()
    return text if _NINE_DIGITS.fullmatch(text) else None


def is_valid_bsn(value: str | int) -> bool:
    """True when ``value`` is a burgerservicenummer: 9 digits passing the elfproef, not all zeros.

    Source: the BSN elfproef as published by the Rijksdienst voor Identiteitsgegevens
    (9·d1 + 8·d2 + … + 2·d8 − 1·d9 divisible by 11). A number cell may have lost its leading
    zero, so an int of 8 digits is read as 0 followed by those digits.
    """
    digits = _nine_digits(value)
    if digits is None or digits == "0" * 9:
        return False
    total = sum(w * int(d) for w, d in zip(_ELFPROEF_WEIGHTS, digits, strict=True))
    return total % 11 == 0


def _holds_bsn(value: object) -> bool:
    """True when a cell is, or a text contains, a valid BSN."""
    if isinstance(value, float):
        return value.is_integer() and is_valid_bsn(int(value))
    if isinstance(value, Decimal):
        return _integral(value) and is_valid_bsn(int(value))
    if isinstance(value, str):
        found = _BSN_IN_TEXT.findall(value)
        return any(is_valid_bsn(re.sub(r"[ .]", "", number)) for number in found)
    return isinstance(value, int) and is_valid_bsn(value)


def _integral(value: Decimal) -> bool:
    return value.is_finite() and value == value.to_integral_value()


def _as_date(value: object) -> date | None:
    """A date cell, or text written dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _looks_like_birth_date(value: object, report_date: date, s: MonitoringSettings) -> bool:
    """A date that would make someone of working age (14–100 by default) at the report date.

    The template has no date column per row, so any such date is suspect; a date inside a
    recent reporting period is far too young to be one and passes.
    """
    found = _as_date(value)
    return found is not None and (
        s.birth_date_min_age <= _age(found, report_date) <= s.birth_date_max_age
    )


def _header_asks_for(header: str, patterns: PersonalDataPatterns) -> str | None:
    """What personal data a column header asks for, or None.

    The monitoring template has no column that names a person, so any header with a
    personal-data word is a hit ("Naam", "Naam kandidaat", "Kandidaatnaam", "E-mail"), unless
    it is about an organisation or thing ("Naam opdrachtnemer", "Bedrijfsnaam", "Functienaam")
    and mentions no person ("Naam medewerker opdrachtnemer" is a hit). "Aantal personen" has no
    personal-data word and passes.
    """
    words = fold(header).split()
    what = next((t.what for t in patterns.header_terms for w in words if t.matches(w)), None)

    def mentions(vocabulary: tuple[str, ...]) -> bool:
        return any(v in w for v in vocabulary for w in words)

    if what is None or (
        mentions(patterns.non_person_words) and not mentions(patterns.person_words)
    ):
        return None
    return what


def _header_at(headers: Sequence[str], column: int) -> str:
    return headers[column - 1] if column <= len(headers) else ""


def _value_hit(
    row: int, column: int, header: str, value: object, report_date: date, s: MonitoringSettings
) -> PersonalDataHit | None:
    if _holds_bsn(value):
        why = (
            "Deze waarde is een geldig burgerservicenummer (9 cijfers die voldoen aan de elfproef)."
        )
        return PersonalDataHit(row, column, header, _BSN, why)
    if _looks_like_birth_date(value, report_date, s):
        why = (
            "Deze datum kan een geboortedatum zijn (van iemand van "
            f"{s.birth_date_min_age} tot en met {s.birth_date_max_age} jaar); het sjabloon "
            "vraagt per rij geen datum."
        )
        return PersonalDataHit(row, column, header, _BIRTH_DATE, why)
    return None


def scan_for_personal_data(
    headers: Sequence[str],
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    report_date: date,
    settings: MonitoringSettings | None = None,
) -> list[PersonalDataHit]:
    """Find headers that ask for personal data and cells holding a BSN or a birth date.

    Source: handreiking stap 4a/4b; AVG art. 4 lid 1 (personal data), art. 5 lid 1 onder c.
    Any hit means the upload is refused as a whole (see :func:`explain_rejection`).

    :param rows: ``(sheet row number, cell values)`` pairs, values as the reader gives them.
    :param report_date: end of the reporting period; ages are measured on this day.
    """
    s = settings or default_monitoring_settings()
    hits: list[PersonalDataHit] = []
    for column, header in enumerate(headers, start=1):
        what = _header_asks_for(header, s.personal_data)
        if what is not None:
            why = (
                f"De kolomkop vraagt om een {what}; daarmee is de rapportage tot een persoon "
                "te herleiden."
            )
            hits.append(PersonalDataHit(None, column, header, what, why))
    for row, values in rows:
        for column, value in enumerate(values, start=1):
            hit = _value_hit(row, column, _header_at(headers, column), value, report_date, s)
            if hit is not None:
                hits.append(hit)
    return hits


def _column_letter(column: int) -> str:
    """Spreadsheet column name: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _problem_line(group: list[PersonalDataHit], rows_listed: int) -> str:
    """One line per column and kind of personal data, listing the first rows."""
    first = group[0]
    place = f"Kolom {_column_letter(first.column)}" + (
        f" ('{first.header}')" if first.header else ""
    )
    if first.row is None:
        return f"{place}: {first.why} Verwijder deze kolom."
    rows = [str(hit.row) for hit in group]
    listed = ", ".join(rows[:rows_listed])
    more = f" en nog {len(rows) - rows_listed} andere" if len(rows) > rows_listed else ""
    noun = "rij" if len(rows) == 1 else "rijen"
    return f"{place}, {noun} {listed}{more}: {first.why} Verwijder deze waarden."


def explain_rejection(
    hits: Sequence[PersonalDataHit], settings: MonitoringSettings | None = None
) -> list[str]:
    """Dutch lines telling the supplier what to remove, how to aggregate, and why (AVG).

    Source: handreiking stap 4a/4b; AVG art. 4 lid 1, art. 5 lid 1 onder c, art. 9; UAVG art. 46
    (only when a BSN was found). Empty when there are no hits.
    """
    if not hits:
        return []
    s = settings or default_monitoring_settings()
    groups: dict[tuple[int, str, bool], list[PersonalDataHit]] = {}
    for hit in hits:
        groups.setdefault((hit.column, hit.what, hit.row is None), []).append(hit)
    lines = [_problem_line(group, s.rows_listed_per_problem) for group in groups.values()]
    lines += [_AGGREGATE_ADVICE, _AVG_REASON]
    if any(hit.what == _BSN for hit in hits):
        lines.append(_BSN_REASON)
    return lines


def display_count(n: int, *, inside_working_group: bool, threshold: int | None = None) -> str:
    """A count as shown to a reader: "< 3" for 1 or 2 persons outside the working group.

    Small counts can identify a person (handreiking stap 4b tip: report anonymised or
    aggregated; AVG art. 5 lid 1 onder c). The contract's working group sees exact counts.
    The threshold is an organisation setting (default 3), not a norm from the guide; 0 is
    shown as 0 because it identifies no one.

    :raises RuleInputError: negative count.
    """
    if n < 0:
        raise RuleInputError("persons", "Aantal personen: mag niet negatief zijn.")
    limit = default_monitoring_settings().small_number_threshold if threshold is None else threshold
    return f"< {limit}" if not inside_working_group and 0 < n < limit else str(n)
