"""The contractor's declaration: bounded text, no control characters, a date that can be."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.rules.attestation import MAX_TEXT
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.attestation import attestation_line
from sroi_plugin.rules.attestation import attested_on_problem
from sroi_plugin.rules.attestation import parse_attestation

TODAY = date(2026, 11, 25)


def test_a_complete_declaration_is_read_as_typed() -> None:
    attestation, problems = parse_attestation(" J. Jansen ", "directeur", "15-10-2026", today=TODAY)
    assert problems == {}
    assert attestation == Attestation("J. Jansen", "directeur", date(2026, 10, 15))


def test_missing_fields_are_named_each() -> None:
    attestation, problems = parse_attestation("", None, "", today=TODAY)
    assert attestation is None
    assert problems == {
        "name": "Naam ondertekenaar: is verplicht.",
        "function": "Functie: is verplicht.",
        "on": "Datum verklaring: is verplicht (schrijf 15-07-2026).",
    }


def test_text_is_bounded_to_200_characters() -> None:
    _, ok = parse_attestation("x" * MAX_TEXT, "f", "15-10-2026", today=TODAY)
    assert ok == {}
    _, problems = parse_attestation("x" * (MAX_TEXT + 1), "f", "15-10-2026", today=TODAY)
    assert problems == {"name": "Naam ondertekenaar: maximaal 200 tekens."}


def test_a_control_character_is_refused_naming_the_field() -> None:
    _, problems = parse_attestation("J.\x00Jansen", "directeur", "15-10-2026", today=TODAY)
    assert problems["name"].startswith("Naam ondertekenaar: ")
    assert "U+0000" in problems["name"]


def test_today_may_be_signed_tomorrow_may_not() -> None:
    assert attested_on_problem(TODAY, today=TODAY) is None
    problem = attested_on_problem(date(2026, 11, 26), today=TODAY)
    assert problem == (
        "Datum verklaring: 26-11-2026 ligt in de toekomst; vul de datum van ondertekening in."
    )


def test_the_declaration_is_not_from_before_the_period() -> None:
    start = date(2026, 7, 1)
    assert attested_on_problem(start, today=TODAY, period_start=start) is None
    problem = attested_on_problem(date(2026, 6, 30), today=TODAY, period_start=start)
    assert problem is not None and "vóór het begin van de periode (01-07-2026)" in problem


@pytest.mark.parametrize("typed", ["31-02-2026", "morgen"])
def test_an_unreadable_date_is_named(typed: str) -> None:
    _, problems = parse_attestation("J. Jansen", "directeur", typed, today=TODAY)
    assert problems["on"].startswith("Datum verklaring: ")


def test_the_line_shown_with_a_report() -> None:
    line = attestation_line("J. Jansen", "directeur", date(2025, 7, 15))
    assert line == "Verklaard door J. Jansen (directeur) op 15-07-2025"
