"""A value accepted in one place is accepted in all: every door reads the same text the same way.

The doors: the portfolio importer's converters, the change form, the clause form, the partnership
and monitoring date fields, the monitoring report reader, the revision texts of detected changes
and the ``check-clauses --json`` parser. Each row of a table goes through every door that takes
that kind of value; all must give the same value, or all must refuse it for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from sroi_plugin.errors import RuleInputError
from sroi_plugin.importing.converters import clean_amount
from sroi_plugin.importing.converters import clean_date
from sroi_plugin.importing.converters import clean_extension_options
from sroi_plugin.importing.converters import clean_sr_percentage
from sroi_plugin.rules import monitoring as monitoring_rules
from sroi_plugin.rules.clauses import parse_contract_facts
from sroi_plugin.rules.clauses import parse_extension_options
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.services.change_drafts import parse_amount_text
from sroi_plugin.services.change_drafts import parse_date_text
from sroi_plugin.web.legal.forms import ChangeForm
from sroi_plugin.web.monitoring.panel import TemplateForm
from sroi_plugin.web.panels.forms import SrFieldsForm
from sroi_plugin.web.partnerships.forms import TaskForm

#: What a door gives: the value, or the message of its refusal.
Outcome = tuple[object, str | None]
Door = Callable[[str], Outcome]

_JSON_FACTS: dict[str, object] = {
    "kind": "dienst",
    "authority": "other",
    "value_total_eur": "1000000",
    "value_annual_eur": "250000",
    "start_date": "2026-01-01",
    "framework": False,
    "category": "schoonmaak",
    "today": "2026-06-01",
}


def _parser(parse: Callable[[str], object]) -> Door:
    def door(typed: str) -> Outcome:
        try:
            return parse(typed), None
        except ValueParseError as exc:
            return None, exc.message
        except RuleInputError as exc:
            return None, exc.message

    return door


def _form_field(form_class: type, name: str) -> Door:
    def door(typed: str) -> Outcome:
        form = form_class(MultiDict({name: typed}))
        field = getattr(form, name)
        if field.validate(form):
            return field.data, None
        assert field._value() == typed  # the typed text stays in the input
        return None, " ".join(field.errors)

    return door


def _json_field(name: str) -> Door:
    return _parser(lambda typed: getattr(parse_contract_facts({**_JSON_FACTS, name: typed}), name))


def _revision(parse: Callable[[str], object]) -> Door:
    """A revision's text reader gives ``None`` for what it cannot read (no message)."""

    def door(typed: str) -> Outcome:
        value = parse(typed)
        return value, None if value is not None else "niet te lezen"

    return door


AMOUNT_DOORS: dict[str, Door] = {
    "importer": _parser(clean_amount),
    "change form": _form_field(ChangeForm, "value_delta"),
    "monitoring report": _parser(lambda typed: monitoring_rules.parse_amount("costs", typed)),
    "check-clauses JSON": _json_field("value_total_eur"),
    "revision text": _revision(parse_amount_text),
}

DATE_DOORS: dict[str, Door] = {
    "importer": _parser(clean_date),
    "change form": _form_field(ChangeForm, "new_end_date"),
    "partnership task": _form_field(TaskForm, "due_date"),
    "monitoring template": _form_field(TemplateForm, "start"),
    "check-clauses JSON": _json_field("start_date"),
    "revision text": _revision(parse_date_text),
}

PERCENTAGE_DOORS: dict[str, Door] = {
    "importer": _parser(clean_sr_percentage),
    "clause form": _form_field(SrFieldsForm, "sr_percentage"),
    "check-clauses JSON": _json_field("sr_percentage"),
}


def _same_everywhere(doors: dict[str, Door], typed: str, expected: object) -> None:
    outcomes = {name: door(typed) for name, door in doors.items()}
    assert {name: value for name, (value, _message) in outcomes.items()} == dict.fromkeys(
        doors, expected
    )


def _refused_everywhere(doors: dict[str, Door], typed: str, reason: str) -> None:
    for name, door in doors.items():
        value, message = door(typed)
        assert message is not None, f"{name} accepted {typed!r} as {value!r}"
        if name != "revision text":
            assert reason in message, f"{name}: {message}"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.234.567,89", Decimal("1234567.89")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1,234.50", Decimal("1234.50")),
        ("€ 1.234.567", Decimal("1234567")),
        ("± 2 mln", Decimal("2000000")),
        ("250k", Decimal("250000")),
        ("12,50", Decimal("12.50")),
        ("1.000", Decimal("1000")),
    ],
)
def test_amounts_read_the_same_everywhere(typed: str, amount: Decimal) -> None:
    _same_everywhere(AMOUNT_DOORS, typed, amount)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1,234", "'1,234' is niet eenduidig: 1.234"),
        ("1.234", "'1.234' is niet eenduidig: 1.234"),
        ("€ 1.000 incl. btw", "is een bedrag inclusief btw"),
        ("12,3,4", "'12,3,4' is geen"),
        ("veel", "'veel' is geen"),
    ],
)
def test_amounts_are_refused_the_same_everywhere(typed: str, reason: str) -> None:
    _refused_everywhere(AMOUNT_DOORS, typed, reason)


@pytest.mark.parametrize(
    "typed",
    ["31-12-2026", "2026-12-31", "31 december 2026", "31/12/2026", "31.12.2026", "31 dec. 2026"],
)
def test_dates_read_the_same_everywhere(typed: str) -> None:
    _same_everywhere(DATE_DOORS, typed, date(2026, 12, 31))


@pytest.mark.parametrize("typed", ["31-02-2026", "12/31/2026", "morgen", "31-12-0026"])
def test_dates_are_refused_the_same_everywhere(typed: str) -> None:
    _refused_everywhere(DATE_DOORS, typed, f"'{typed}' is geen geldige datum")


@pytest.mark.parametrize(
    ("typed", "points"),
    [("5%", Decimal("5")), ("5", Decimal("5")), ("2,5", Decimal("2.5")), ("0,5%", Decimal("0.5"))],
)
def test_percentages_read_the_same_everywhere(typed: str, points: Decimal) -> None:
    _same_everywhere(PERCENTAGE_DOORS, typed, points)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0,05", "'0,05' is niet eenduidig: 5% of 0,05%?"),
        ("150%", "'150%' ligt niet tussen 0% en 100%"),
        ("vijf", "'vijf' is geen"),
    ],
)
def test_percentages_are_refused_the_same_everywhere(typed: str, reason: str) -> None:
    _refused_everywhere(PERCENTAGE_DOORS, typed, reason)


def test_a_decrease_is_negative_only_where_a_decrease_can_be() -> None:
    assert AMOUNT_DOORS["change form"]("-5.000,50") == (Decimal("-5000.50"), None)
    for name in ("importer", "monitoring report", "check-clauses JSON"):
        value, message = AMOUNT_DOORS[name]("-5.000,50")
        assert value is None and message is not None and "negatief" in message, name


@settings(deadline=None, max_examples=100)
@given(st.decimals(min_value=-(10**11), max_value=10**11, places=2, allow_nan=False))
def test_the_change_form_reads_back_the_amount_it_shows(amount: Decimal) -> None:
    shown = ChangeForm(data={"value_delta": amount}).value_delta._value()
    assert AMOUNT_DOORS["change form"](shown) == (amount, None)


@pytest.mark.parametrize(
    "typed",
    ["2x 1 jaar", "1+1+1", "2 x 12 maanden", "6+6 maanden", "geen", "-", "ja", "2", "verlenging",
     "onbepaald", "0,3 maand", "1 x 0 jaar", "zie contract"],
)  # fmt: skip
def test_the_import_refuses_the_extension_options_the_clause_checks_cannot_read(
    typed: str,
) -> None:
    """One parser: what the importer stores, the clause checks read to the same months."""
    try:
        months = parse_extension_options(typed)
    except RuleInputError as exc:
        with pytest.raises(ValueParseError) as caught:
            clean_extension_options(typed)
        assert caught.value.message in exc.message
        return
    stored = clean_extension_options(typed)
    assert parse_extension_options(stored) == months
