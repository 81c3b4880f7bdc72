"""The contractor's declaration that a monitoring report is correct and complete.

Handreiking stap 4a asks for evidence with what the contractor reports (employment contracts,
salary-cost overviews, invoices). A signed declaration per report and period makes the
contractor answerable for the aggregated figures, including what the client cannot check on
aggregated data (e.g. how long one candidate may count, see ``rules/valuation.py``). The
signatory is a person of the contractor's organisation, never a placed candidate.

Every door (web form, command line) reads the declaration with :func:`parse_attestation` and
checks its date against the report's period with :func:`attested_on_problem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules import values
from sroi_plugin.rules.dutch import format_date

#: the longest name or function kept (the columns hold 200 characters)
MAX_TEXT = 200

#: Dutch names of the declaration's fields, used in every message about one
FIELD_TITLES = {
    "name": "Naam ondertekenaar",
    "function": "Functie",
    "on": "Datum verklaring",
}


@dataclass(frozen=True)
class Attestation:
    """Who at the contractor declared the report correct and complete, and when."""

    name: str
    function: str
    on: date


def _text(field: str, value: object) -> str:
    title = FIELD_TITLES[field]
    try:
        text = values.parse_text(value)
    except values.ValueParseError as exc:
        raise RuleInputError(field, f"{title}: {exc.message}.") from None
    if text is None:
        raise RuleInputError(field, f"{title}: is verplicht.")
    if len(text) > MAX_TEXT:
        raise RuleInputError(field, f"{title}: maximaal {MAX_TEXT} tekens.")
    return text


def attested_on_problem(on: date, *, today: date, period_start: date | None = None) -> str | None:
    """Why the declaration's date cannot stand, in Dutch; ``None`` when it can.

    A declaration is signed after the period began (it declares what happened in it) and not
    in the future. ``period_start`` is ``None`` while the period is not yet known.
    """
    title = FIELD_TITLES["on"]
    if on > today:
        return f"{title}: {format_date(on)} ligt in de toekomst; vul de datum van ondertekening in."
    if period_start is not None and on < period_start:
        return (
            f"{title}: {format_date(on)} ligt vóór het begin van de periode "
            f"({format_date(period_start)}); een verklaring over de periode is van daarna."
        )
    return None


def parse_attestation(
    name: object, function: object, on: object, *, today: date
) -> tuple[Attestation | None, dict[str, str]]:
    """Read a declaration as typed; problems come back per field, never raised.

    :returns: ``(attestation, {})`` or ``(None, {field: Dutch message})``.
    """
    problems: dict[str, str] = {}
    texts: dict[str, str] = {}
    for field, value in (("name", name), ("function", function)):
        try:
            texts[field] = _text(field, value)
        except RuleInputError as exc:
            problems[field] = exc.message
    day: date | None = None
    try:
        day = values.parse_date(on, numbers=False)
    except values.ValueParseError as exc:
        problems["on"] = f"{FIELD_TITLES['on']}: {exc.message}."
    else:
        if day is None:
            problems["on"] = f"{FIELD_TITLES['on']}: is verplicht (schrijf 15-07-2026)."
        else:
            problem = attested_on_problem(day, today=today)
            if problem is not None:
                problems["on"] = problem
    if problems or day is None:
        return None, problems
    return Attestation(texts["name"], texts["function"], day), {}


def attestation_line(name: str, function: str, on: date) -> str:
    """``Verklaard door J. Jansen (directeur) op 15-07-2025``."""
    return f"Verklaard door {name} ({function}) op {format_date(on)}"
