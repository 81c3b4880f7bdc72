"""AVG guard for monitoring reports: refuse personal data, suppress small counts.

Source: handreiking stap 4a ("Opdrachtnemers mogen deze gegevens niet herleidbaar
verstrekken") and the stap 4b tip (ask for anonymised or aggregated results; paid hours with
names are personal data). A report holds counts per target group and placement type only, so
anything that names or identifies a person is refused before it is stored. The scan
(:func:`scan_sheet`) knows no layout: it looks at every cell of a sheet and at its notes, so a
report in any layout is refused for personal data before its layout is judged. Messages name
the sheet and the cells and never repeat the personal data they found.

Decisions on what counts as a BSN (tested in ``tests/rules/test_privacy.py``): nine digits
passing the elfproef, as a number (8 digits when the spreadsheet dropped a leading zero) or in
text, alone or inside free text; in text also written ``1234.56.782`` (as on the identity card)
or ``123 456 782`` / ``123.456.782``. Digits touching other digits, letters, a decimal comma
or point (``1123456782``, ``NL123456782B01``, ``123456782,50``, ``1.234.567.82``) are part of
something else and no BSN; so is a number whose header, row label or preceding words name an
identifier, amount or period (``identifier_words``: KvK, RSIN, contract, kosten, € …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from functools import partial
from typing import TypeGuard

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import PersonalDataPatterns
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import fold

_BSN = "burgerservicenummer (BSN)"
_BIRTH_DATE = "geboortedatum"
_ELFPROEF_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_NINE_DIGITS = re.compile(r"\d{9}")
# nine digits, optionally written 1234.56.789 or 123 456 789, not part of a longer number or
# a code with letters (NL123456782B01)
_BSN_IN_TEXT = re.compile(
    r"(?<![\w.,])(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w]|[.,]\d)"
)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
# a date inside free text ("geboren 12-03-1985"), not part of a longer number
_DATE_IN_TEXT = re.compile(
    r"(?<![\d.,/-])(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{4}-\d{1,2}-\d{1,2})(?![\d])"
)
_DIGIT = re.compile(r"\d")
#: a text cell this short (words, characters) without digits may be a header or a label
_LABEL_WORDS = 5
_LABEL_CHARS = 60
#: a row with this many filled cells, all labels, is a table's header row
_HEADER_ROW_CELLS = 3
#: a row of this many labels names the columns below it; a row of at most this many cells
#: is a label and its value ("KvK-nummer | 12345678")
_LABEL_ROW_CELLS = 2
#: identifier words this short match only at the start of a word
_SHORT_WORD = 3
#: words before a number in free text that may name what it is ("KvK-nummer 12345678")
_CONTEXT_WORDS = 3
_VALUE = "value"
_LABEL = "label"
_COMMENT = "comment"

_AGGREGATE_ADVICE = (
    "Lever de rapportage geaggregeerd aan: per doelgroep en soort plaatsing alleen het aantal "
    "personen, de verloonde uren en de kosten, zonder namen of andere gegevens die tot een "
    "persoon te herleiden zijn (handreiking stap 4a en 4b). Komen de gegevens uit een "
    "personeels-, salaris- of urenadministratie, tel dan eerst per doelgroep en soort "
    "plaatsing op en lever alleen die totalen aan. Kijk ook verborgen werkbladen en "
    "opmerkingen bij cellen na: het hele bestand wordt gecontroleerd. Alleen de kolommen "
    "hernoemen is niet genoeg; de gegevens zelf moeten eruit."
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
    """One place in an uploaded report that holds or asks for personal data (no value kept)."""

    #: the sheet's name
    sheet: str
    #: sheet row number (1-based)
    row: int
    #: 1-based column number (A = 1)
    column: int
    #: Dutch name of the personal data, e.g. "naam" or "burgerservicenummer (BSN)"
    what: str
    #: Dutch reason, without the value itself
    why: str
    #: "value" (the cell's value), "label" (a header or label asking for personal data) or
    #: "comment" (the cell's note)
    kind: str = _VALUE


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


def _integral(value: Decimal) -> bool:
    return value.is_finite() and value == value.to_integral_value()


def _names_identifier(context: str, patterns: PersonalDataPatterns) -> bool:
    """True when label or header text says a number or date is no person's (KvK, € …).

    A word of ``identifier_words`` may sit inside a compound ("Contractnummer", "Loonkosten");
    a short one (up to three letters) only at a word's start ("KvK-nr", "euro", not
    "Monteur").
    """
    if "€" in context:
        return True
    words = fold(context).split()
    return any(
        w.startswith(v) if len(v) <= _SHORT_WORD else v in w
        for v in patterns.identifier_words
        for w in words
    )


def _bsn_in_text(text: str, context: str, patterns: PersonalDataPatterns) -> bool:
    """A valid BSN in ``text`` whose cell context and preceding words name no identifier."""
    for match in _BSN_IN_TEXT.finditer(text):
        before = " ".join(text[: match.start()].split()[-_CONTEXT_WORDS:])
        if is_valid_bsn(re.sub(r"[ .]", "", match.group(1))) and not _names_identifier(
            f"{context} {before}", patterns
        ):
            return True
    return False


def _holds_bsn(value: object, context: str, patterns: PersonalDataPatterns) -> bool:
    """True when a cell is, or a text contains, a valid BSN that its labels do not explain."""
    if isinstance(value, str):
        return _bsn_in_text(value, context, patterns)
    number: object = value
    if isinstance(value, float):
        number = int(value) if value.is_integer() else None
    elif isinstance(value, Decimal):
        number = int(value) if _integral(value) else None
    return (
        isinstance(number, int)
        and is_valid_bsn(number)
        and not _names_identifier(context, patterns)
    )


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

    A report holds no date per row, so any such date is suspect; a date inside a recent
    reporting period is far too young to be one and passes.
    """
    found = _as_date(value)
    return found is not None and (
        s.birth_date_min_age <= _age(found, report_date) <= s.birth_date_max_age
    )


def _birth_date_in(value: object, context: str, report_date: date, s: MonitoringSettings) -> bool:
    """A possible birth date as the cell's value or inside its text, not labelled otherwise."""
    if _looks_like_birth_date(value, report_date, s):
        return not _names_identifier(context, s.personal_data)
    if not isinstance(value, str):
        return False
    for match in _DATE_IN_TEXT.finditer(value):
        before = " ".join(value[: match.start()].split()[-_CONTEXT_WORDS:])
        if _looks_like_birth_date(match.group(0), report_date, s) and not _names_identifier(
            f"{context} {before}", s.personal_data
        ):
            return True
    return False


def _header_asks_for(header: str, patterns: PersonalDataPatterns) -> str | None:
    """What personal data a header or label asks for, or None.

    A report has no column that names a person, so any header with a personal-data word is a
    hit ("Naam", "Naam kandidaat", "Kandidaatnaam", "Employee name", "Geb.datum"), and so is a
    header that is only a person ("Medewerker"), unless it is about an organisation or thing
    ("Naam opdrachtnemer", "Bedrijfsnaam", "Functienaam", "Naam contactpersoon") and mentions
    no person ("Naam medewerker opdrachtnemer" is a hit). "Aantal personen" has no
    personal-data word and passes.
    """
    words = fold(header).split()
    if " ".join(words) in patterns.person_headers:
        return "naam"
    what = next((t.what for t in patterns.header_terms for w in words if t.matches(w)), None)
    if what is None:
        return None

    def mentions(vocabulary: tuple[str, ...], word: str) -> bool:
        return any(v in word for v in vocabulary)

    non_person = any(mentions(patterns.non_person_words, w) for w in words)
    person = any(
        mentions(patterns.person_words, w) and not mentions(patterns.non_person_words, w)
        for w in words
    )
    return None if non_person and not person else what


def _is_label(value: object) -> TypeGuard[str]:
    """A short text without digits: it may be a column header or a row label."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return (
        bool(text)
        and len(text) <= _LABEL_CHARS
        and len(text.split()) <= _LABEL_WORDS
        and _DIGIT.search(text) is None
    )


def _row_label(left: object, pair_row: bool) -> str:
    """The label of a value: the label left of it in a label/value row, or ending in ":"."""
    if not _is_label(left):
        return ""
    return left if pair_row or left.rstrip().endswith(":") else ""


#: what a label asks for (:func:`_header_asks_for` bound to the patterns, cached per scan)
_Asks = Callable[[str], str | None]


def _label_hit(
    sheet: str,
    row: int,
    column: int,
    text: str,
    header_row: bool,
    asks: _Asks,
    anywhere: frozenset[str],
) -> PersonalDataHit | None:
    what = asks(text)
    if what is None or not (header_row or what in anywhere):
        return None
    why = (
        f"De kolomkop vraagt om een {what}; daarmee is de rapportage tot een persoon te herleiden."
    )
    return PersonalDataHit(sheet, row, column, what, why, _LABEL)


def _value_hit(
    sheet: str,
    row: int,
    column: int,
    value: object,
    context: str,
    report_date: date,
    s: MonitoringSettings,
    kind: str = _VALUE,
) -> PersonalDataHit | None:
    if _holds_bsn(value, context, s.personal_data):
        why = "Hier staat een geldig burgerservicenummer (9 cijfers die voldoen aan de elfproef)."
        return PersonalDataHit(sheet, row, column, _BSN, why, kind)
    if _birth_date_in(value, context, report_date, s):
        why = (
            "Deze datum kan een geboortedatum zijn (van iemand van "
            f"{s.birth_date_min_age} tot en met {s.birth_date_max_age} jaar); een rapportage "
            "vraagt per regel geen datum."
        )
        return PersonalDataHit(sheet, row, column, _BIRTH_DATE, why, kind)
    return None


def _comment_hits(
    sheet: str,
    row: int,
    column: int,
    text: str,
    asks: _Asks,
    report_date: date,
    s: MonitoringSettings,
) -> list[PersonalDataHit]:
    """A note asking for or holding personal data: its words, a BSN or a birth date in it."""
    hits = []
    for part in re.split(r"[\n:;,]", text):
        if _is_label(part):
            hit = _label_hit(sheet, row, column, part, False, asks, s.personal_data.anywhere)
            if hit is not None:
                hits.append(PersonalDataHit(sheet, row, column, hit.what, hit.why, _COMMENT))
                break
    value = _value_hit(sheet, row, column, text, "", report_date, s, _COMMENT)
    return hits + ([value] if value is not None else [])


def scan_sheet(
    sheet: str,
    rows: Iterable[Sequence[object]],
    *,
    report_date: date,
    comments: Mapping[tuple[int, int], str] | None = None,
    settings: MonitoringSettings | None = None,
) -> list[PersonalDataHit]:
    """Every place on one sheet that holds or asks for personal data, whatever the layout.

    Source: handreiking stap 4a/4b; AVG art. 4 lid 1 (personal data), art. 5 lid 1 onder c.
    Any hit means the upload is refused as a whole (see :func:`explain_rejection`).

    In this order, per cell: a short text (a header or label, in whatever row it sits) that
    asks for a name, BSN, birth date or staff number (in a table header row, a row of three or
    more labels, also for an address, phone number or e-mail address); a valid BSN, as a number
    or inside text; a date that can only be a birth date. Then each note (``comments``).
    A number or date under a header (a row of labels), or right of its label (a label/value row,
    or a label ending in ":"), that names an identifier, amount or period is no BSN or birth
    date (``identifier_words``).

    :param rows: the sheet's rows from row 1, values as openpyxl gives them.
    :param report_date: ages are measured on this day.
    :param comments: ``(row, column) → text`` of the cells' notes.
    """
    s = settings or default_monitoring_settings()
    p = s.personal_data
    # a sheet repeats its labels (doelgroepen, plaatsingen) in every row
    asks: _Asks = lru_cache(maxsize=4096)(partial(_header_asks_for, patterns=p))
    hits: list[PersonalDataHit] = []
    column_labels: dict[int, str] = {}
    for row, cells in enumerate(rows, start=1):
        filled = [v for v in cells if v is not None and str(v).strip()]
        labels_only = all(_is_label(v) for v in filled)
        if labels_only and len(filled) >= _LABEL_ROW_CELLS:
            column_labels.update((i, v) for i, v in enumerate(cells, start=1) if _is_label(v))
        header_row = labels_only and len(filled) >= _HEADER_ROW_CELLS
        pair_row = len(filled) <= _LABEL_ROW_CELLS
        left: object = None
        for column, value in enumerate(cells, start=1):
            if value is None:
                continue
            if _is_label(value):
                hit = _label_hit(sheet, row, column, value, header_row, asks, p.anywhere)
            else:
                row_label = _row_label(left, pair_row)
                context = f"{column_labels.get(column, '')} {row_label}"
                hit = _value_hit(sheet, row, column, value, context, report_date, s)
            if hit is not None:
                hits.append(hit)
            left = value
    for (row, column), text in sorted((comments or {}).items()):
        hits.extend(_comment_hits(sheet, row, column, text, asks, report_date, s))
    return hits


def _column_letter(column: int) -> str:
    """Spreadsheet column name: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _listed(items: list[str], limit: int) -> str:
    more = f" en nog {len(items) - limit} andere" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def _problem_line(group: list[PersonalDataHit], limit: int) -> str:
    """One line per sheet, column (or kind of place) and kind of personal data."""
    first = group[0]
    sheet = f"Werkblad '{first.sheet}'"
    cells = [f"{_column_letter(h.column)}{h.row}" for h in group]
    if first.kind == _LABEL:
        noun = "cel" if len(group) == 1 else "cellen"
        return (
            f"{sheet}, {noun} {_listed(cells, limit)}: {first.why} Verwijder deze kolom (of dit "
            "label) met alles wat erin of ernaast over personen staat."
        )
    if first.kind == _COMMENT:
        noun = "de opmerking bij cel" if len(group) == 1 else "de opmerkingen bij cellen"
        return f"{sheet}, {noun} {_listed(cells, limit)}: {first.why} Verwijder deze opmerking."
    rows = [str(hit.row) for hit in group]
    noun = "rij" if len(rows) == 1 else "rijen"
    return (
        f"{sheet}, kolom {_column_letter(first.column)}, {noun} {_listed(rows, limit)}: "
        f"{first.why} Verwijder deze waarden."
    )


def explain_rejection(
    hits: Sequence[PersonalDataHit], settings: MonitoringSettings | None = None
) -> list[str]:
    """Dutch lines telling the supplier what to remove, how to aggregate, and why (AVG).

    Source: handreiking stap 4a/4b; AVG art. 4 lid 1, art. 5 lid 1 onder c, art. 9; UAVG art. 46
    (only when a BSN was found). Empty when there are no hits. The lines name sheets and cells,
    never the values found.
    """
    if not hits:
        return []
    s = settings or default_monitoring_settings()
    groups: dict[tuple[str, str, int, str], list[PersonalDataHit]] = {}
    for hit in hits:
        column = hit.column if hit.kind == _VALUE else 0
        groups.setdefault((hit.sheet, hit.kind, column, hit.what), []).append(hit)
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
