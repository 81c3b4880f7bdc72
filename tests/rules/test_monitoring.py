"""Monitoring rules: vocabulary, settings, jobs, valuation, obligation vs realised, rows, totals."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import Vocabulary
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import fold
from sroi_plugin.rules.monitoring import jobs_from_hours
from sroi_plugin.rules.monitoring import load_monitoring_settings
from sroi_plugin.rules.monitoring import parse_amount
from sroi_plugin.rules.monitoring import parse_count
from sroi_plugin.rules.monitoring import period_weeks
from sroi_plugin.rules.monitoring import progress
from sroi_plugin.rules.monitoring import progress_finding
from sroi_plugin.rules.monitoring import report_totals
from sroi_plugin.rules.monitoring import validate_report_row
from sroi_plugin.rules.monitoring import value_of_row

D = Decimal
SETTINGS = default_monitoring_settings()


def _vocabularies() -> list[Vocabulary]:
    return [SETTINGS.target_groups, SETTINGS.placement_types, SETTINGS.evidence_kinds]


# --- vocabulary ---------------------------------------------------------------------------------


def test_fold_drops_case_accents_and_punctuation() -> None:
    assert fold("  Cliënt-NAAM (kandidaat) ") == "client naam kandidaat"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("doelgroepregister", "doelgroepregister"),
        ("Doelgroepregister (banenafspraak)", "doelgroepregister"),
        ("Banenafspraak", "doelgroepregister"),
        ("Statushouder", "statushouders"),
        ("  oudere   werkzoekenden ", "oudere_werkzoekenden"),
        ("EX-GEDETINEERDEN", "ex_gedetineerden"),
        ("ex gedetineerde", "ex_gedetineerden"),
        ("Exgedetineerden", "ex_gedetineerden"),
        ("Overige", "overige_afstand"),
    ],
)
def test_target_group_parses_label_key_or_alias(typed: str, key: str) -> None:
    assert SETTINGS.target_groups.parse(typed) == key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Dienstverband", "dienstverband"),
        ("werkervaringsplek", "werkervaringsplaats"),
        ("Leerwerkplek of opleiding", "leerwerkplek"),
        ("Job carving", "stapelbaan"),
        ("inkoop_sociaal_ondernemer", "inkoop_sociaal_ondernemer"),
        ("Inkoop bij sociaal ondernemer", "inkoop_sociaal_ondernemer"),
        ("overige inspanning", "overige_inspanning"),
    ],
)
def test_placement_type_parses_label_key_or_alias(typed: str, key: str) -> None:
    assert SETTINGS.placement_types.parse(typed) == key


@pytest.mark.parametrize("vocabulary", _vocabularies(), ids=lambda v: v.field)
def test_every_key_and_label_parses_to_its_key(vocabulary: Vocabulary) -> None:
    for term in vocabulary.terms:
        assert vocabulary.parse(term.key) == term.key
        assert vocabulary.parse(term.label) == term.key
        assert vocabulary.label(term.key) == term.label


def test_unknown_target_group_names_the_field_and_the_choices() -> None:
    with pytest.raises(RuleInputError) as caught:
        SETTINGS.target_groups.parse("jongeren")
    assert caught.value.field == "target_group"
    assert caught.value.message.startswith("Doelgroep: 'jongeren' is onbekend")
    assert "Statushouders" in caught.value.message


def test_empty_placement_type_is_required() -> None:
    with pytest.raises(RuleInputError, match="Soort plaatsing: is verplicht"):
        SETTINGS.placement_types.parse("  ")


def test_only_the_doelgroepregister_counts_for_the_banenafspraak() -> None:
    assert SETTINGS.banenafspraak_target_groups == frozenset({"doelgroepregister"})


# --- settings -----------------------------------------------------------------------------------


def test_defaults_come_from_the_data_file() -> None:
    assert SETTINGS.hours_per_job_week == D("25.5")
    assert SETTINGS.small_number_threshold == 3
    assert SETTINGS.behind_schedule_tolerance == D("0.10")
    assert (SETTINGS.birth_date_min_age, SETTINGS.birth_date_max_age) == (14, 100)


def test_every_placement_type_has_a_default_rate_marked_as_organisation_setting() -> None:
    assert set(SETTINGS.valuation) == {t.key for t in SETTINGS.placement_types.terms}
    for rate in SETTINGS.valuation.values():
        assert "Organisatie-instelling, geen norm uit de handreiking" in rate.source


def test_overrides_replace_only_the_named_settings() -> None:
    settings = load_monitoring_settings(
        {
            "small_number_threshold": 5,
            "behind_schedule_tolerance": "0.05",
            "hours_per_job_week": 30.0,
            "valuation": {"dienstverband": {"basis": "hours", "amount": "30"}},
        }
    )
    assert settings.small_number_threshold == 5
    assert settings.behind_schedule_tolerance == D("0.05")
    assert settings.hours_per_job_week == D("30.0")
    assert settings.valuation["dienstverband"].basis == "hours"
    assert settings.valuation["dienstverband"].amount == D("30")
    assert settings.valuation["werkervaringsplaats"].basis == "costs"


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"small_number_treshold": 5}, "small_number_treshold"),
        ({"hours_per_job_week": 0}, "hours_per_job_week"),
        ({"hours_per_job_week": "veel"}, "hours_per_job_week"),
        ({"hours_per_job_week": [25]}, "hours_per_job_week"),
        ({"behind_schedule_tolerance": "1.5"}, "behind_schedule_tolerance"),
        ({"small_number_threshold": 0}, "small_number_threshold"),
        ({"small_number_threshold": "2.5"}, "small_number_threshold"),
        ({"small_number_threshold": True}, "small_number_threshold"),
        ({"birth_date_min_age": 100}, "birth_date_min_age"),
        ({"valuation": {"vrijwilligerswerk": {"amount": "1"}}}, "vrijwilligerswerk"),
        ({"valuation": {"dienstverband": {"basis": "fte"}}}, "valuation.dienstverband.basis"),
        ({"valuation": {"dienstverband": {"tarief": "1"}}}, "valuation.dienstverband"),
        ({"valuation": {"dienstverband": {"amount": "-1"}}}, "valuation.dienstverband.amount"),
        ({"valuation": "hours"}, "valuation"),
    ],
)
def test_bad_override_raises_config_error_naming_the_key(
    overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        load_monitoring_settings(overrides)


# --- numbers as typed ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,50", D("1234.50")),
        ("€ 1.234.567,89", D("1234567.89")),
        ("1234,5", D("1234.5")),
        ("1.500,00", D("1500")),
        ("1500", D("1500")),
        ("1,234.50", D("1234.50")),
        ("12.5", D("12.5")),
        ("0", D("0")),
        (7, D("7")),
        (2.5, D("2.5")),
        (D("99.95"), D("99.95")),
    ],
)
def test_parse_amount_reads_dutch_formats(typed: object, expected: Decimal) -> None:
    assert parse_amount("costs", typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Kosten: is verplicht"),
        (None, "Kosten: is verplicht"),
        ("veel", "Kosten: 'veel' is geen getal"),
        ("1.500", "Kosten: '1.500' is niet eenduidig: 1.500 "),
        ("1,2,3", "Kosten: '1,2,3' is geen getal; schrijf bijvoorbeeld 1.234,50."),
        (True, "Kosten: 'True' is geen getal"),
        (float("nan"), "is geen getal"),
        ("-5", "Kosten: mag niet negatief zijn"),
    ],
)
def test_parse_amount_rejects_with_a_dutch_message(typed: object, message: str) -> None:
    with pytest.raises(RuleInputError, match=message) as caught:
        parse_amount("costs", typed)
    assert caught.value.field == "costs"


@pytest.mark.parametrize(
    ("typed", "expected"), [("3", 3), (3.0, 3), ("1200", 1200), ("1.200,00", 1200), (0, 0)]
)
def test_parse_count_reads_whole_numbers(typed: object, expected: int) -> None:
    assert parse_count("persons", typed) == expected


def test_parse_count_rejects_fractions() -> None:
    with pytest.raises(RuleInputError, match="Aantal personen: '2,5' is geen geheel getal"):
        parse_count("persons", "2,5")


# --- banenafspraak jobs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "weeks"),
    [
        (date(2025, 1, 1), date(2025, 1, 7), D(1)),
        (date(2025, 1, 1), date(2025, 1, 1), D(1) / D(7)),
        (date(2025, 1, 1), date(2025, 3, 31), D(90) / D(7)),
        (date(2024, 1, 1), date(2024, 12, 31), D(366) / D(7)),
    ],
)
def test_period_weeks_counts_both_days(start: date, end: date, weeks: Decimal) -> None:
    assert period_weeks(start, end) == weeks


def test_period_weeks_refuses_an_end_before_the_start() -> None:
    with pytest.raises(RuleInputError, match="Einddatum"):
        period_weeks(date(2025, 2, 1), date(2025, 1, 31))


@pytest.mark.parametrize(
    ("hours", "weeks", "jobs"),
    [
        (D("25.5"), D(1), D("1.00")),
        (D("12.75"), D(1), D("0.50")),
        (D("51"), D(1), D("2.00")),
        (D("331.5"), D(13), D("1.00")),
        (D("10"), D(1), D("0.39")),
        (D("0"), D(4), D("0.00")),
    ],
)
def test_jobs_are_paid_hours_over_25_5_hours_a_week(
    hours: Decimal, weeks: Decimal, jobs: Decimal
) -> None:
    assert jobs_from_hours(hours, weeks) == jobs


def test_jobs_use_the_given_hours_per_job() -> None:
    assert jobs_from_hours(D("30"), D(1), D("30")) == D("1.00")


def test_a_quarter_of_25_5_hours_a_week_is_one_job() -> None:
    weeks = period_weeks(date(2025, 1, 1), date(2025, 3, 31))
    assert jobs_from_hours(D("25.5") * 90 / 7, weeks) == D("1.00")


@pytest.mark.parametrize(
    ("hours", "weeks", "field"), [(D("-1"), D(1), "hours"), (D("10"), D(0), "weeks")]
)
def test_jobs_refuse_bad_input(hours: Decimal, weeks: Decimal, field: str) -> None:
    with pytest.raises(RuleInputError) as caught:
        jobs_from_hours(hours, weeks)
    assert caught.value.field == field


# --- valuation ----------------------------------------------------------------------------------


def test_default_valuation_is_the_reported_costs() -> None:
    assert value_of_row("dienstverband", 2, D("400"), D("12345.675")) == D("12345.68")
    assert value_of_row("inkoop_sociaal_ondernemer", 0, D(0), D("5000")) == D("5000.00")


@pytest.mark.parametrize(
    ("placement_type", "rate", "expected"),
    [
        ("dienstverband", {"basis": "hours", "amount": "30"}, D("3000.00")),
        ("werkervaringsplaats", {"basis": "persons", "amount": "2500"}, D("5000.00")),
        ("inkoop_sociaal_ondernemer", {"amount": "0.5"}, D("500.00")),
    ],
)
def test_valuation_with_overridden_rates(
    placement_type: str, rate: dict[str, str], expected: Decimal
) -> None:
    settings = load_monitoring_settings({"valuation": {placement_type: rate}})
    value = value_of_row(placement_type, 2, D("100"), D("1000"), settings.valuation)
    assert value == expected
    assert settings.valuation[placement_type].source == "Instelling van de organisatie."


def test_valuation_refuses_a_type_without_a_rate() -> None:
    with pytest.raises(RuleInputError, match="Soort plaatsing: voor 'vrijwilligerswerk'"):
        value_of_row("vrijwilligerswerk", 1, D(1), D(1))


def test_valuation_refuses_negative_costs() -> None:
    with pytest.raises(RuleInputError, match="Kosten: mag niet negatief zijn"):
        value_of_row("dienstverband", 1, D(1), D("-1"))


# --- obligation vs realised ---------------------------------------------------------------------


START = date(2025, 1, 1)
END = START + timedelta(days=200)
MIDDLE = START + timedelta(days=100)


@pytest.mark.parametrize(
    ("realised", "today", "behind"),
    [
        (D("0"), START, False),
        (D("0"), START - timedelta(days=30), False),
        (D("0"), START + timedelta(days=1), False),
        (D("600"), MIDDLE, False),
        (D("400"), MIDDLE, False),
        (D("399.99"), MIDDLE, True),
        (D("0"), MIDDLE, True),
        (D("900"), END, False),
        (D("899.99"), END, True),
        (D("1000"), END + timedelta(days=1), False),
        (D("999.99"), END + timedelta(days=1), True),
    ],
)
def test_behind_schedule_at_start_middle_and_end(
    realised: Decimal, today: date, behind: bool
) -> None:
    assert progress(D("1000"), realised, START, END, today).behind_schedule is behind


def test_progress_reports_shares_of_obligation_and_term() -> None:
    result = progress(D("1000"), D("250"), START, END, MIDDLE)
    assert (result.fraction_realised, result.fraction_elapsed) == (D("0.2500"), D("0.5000"))
    after = progress(D("1000"), D("1500"), START, END, END + timedelta(days=99))
    assert (after.fraction_realised, after.fraction_elapsed) == (D("1.5000"), D("1.0000"))


def test_progress_with_nothing_owed_is_never_behind() -> None:
    result = progress(D("0"), D("0"), START, END, END + timedelta(days=1))
    assert (result.fraction_realised, result.behind_schedule) == (D("1.0000"), False)


def test_progress_tolerance_can_be_tightened() -> None:
    assert progress(D("1000"), D("499"), START, END, MIDDLE, tolerance=D("0")).behind_schedule
    assert not progress(D("1000"), D("500"), START, END, MIDDLE, tolerance=D("0")).behind_schedule


@pytest.mark.parametrize("tolerance", [D("-0.01"), D("1.01")])
def test_progress_refuses_a_tolerance_outside_0_and_1(tolerance: Decimal) -> None:
    with pytest.raises(RuleInputError, match="Marge"):
        progress(D("1000"), D("0"), START, END, MIDDLE, tolerance=tolerance)


def test_progress_refuses_an_end_not_after_the_start() -> None:
    with pytest.raises(RuleInputError, match="Einddatum: moet na de begindatum"):
        progress(D("1000"), D("0"), START, START, START)


def test_behind_schedule_gives_a_warning_finding_in_dutch() -> None:
    finding = progress_finding(progress(D("1000"), D("300"), START, END, MIDDLE))
    assert finding is not None
    assert (finding.code, finding.severity) == ("SR_BEHIND_SCHEDULE", Severity.WARNING)
    assert "30% van de verplichting" in finding.explanation
    assert "50% van de looptijd" in finding.explanation
    assert finding.source == "handreiking stap 4a"


def test_on_schedule_gives_no_finding() -> None:
    assert progress_finding(progress(D("1000"), D("450"), START, END, MIDDLE)) is None


# --- report rows --------------------------------------------------------------------------------

GOOD_ROW: dict[str, object] = {
    "target_group": "Doelgroepregister (banenafspraak)",
    "placement_type": "Dienstverband",
    "persons": "3",
    "hours": "1.234,5",
    "costs": "€ 45.678,90",
    "evidence": "Factuur; arbeidscontract",
}


def test_valid_row_is_typed() -> None:
    row, errors = validate_report_row(GOOD_ROW)
    assert errors == []
    assert row == ReportRow(
        "doelgroepregister",
        "dienstverband",
        3,
        D("1234.5"),
        D("45678.90"),
        ("factuur", "arbeidsovereenkomst"),
    )


def test_evidence_is_optional() -> None:
    row, errors = validate_report_row({**GOOD_ROW, "evidence": ""})
    assert errors == []
    assert row is not None and row.evidence == ()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target_group", "jongeren", "Doelgroep: 'jongeren' is onbekend"),
        ("target_group", None, "Doelgroep: is verplicht"),
        ("placement_type", "vrijwilliger", "Soort plaatsing: 'vrijwilliger' is onbekend"),
        ("persons", "drie", "Aantal personen: 'drie' is geen getal"),
        ("persons", "1,5", "Aantal personen: '1,5' is geen geheel getal"),
        ("hours", "-3", "Verloonde uren: mag niet negatief zijn"),
        ("costs", "", "Kosten: is verplicht"),
        ("evidence", "Loonstrook", "Bewijsstuk: 'Loonstrook' is onbekend"),
    ],
)
def test_invalid_field_gives_a_dutch_message_naming_it(
    field: str, value: object, message: str
) -> None:
    row, errors = validate_report_row({**GOOD_ROW, field: value})
    assert row is None
    assert len(errors) == 1
    assert errors[0].startswith(message)


def test_every_problem_in_a_row_is_reported() -> None:
    row, errors = validate_report_row({})
    assert row is None
    assert [e.split(":")[0] for e in errors] == [
        "Doelgroep",
        "Soort plaatsing",
        "Aantal personen",
        "Verloonde uren",
        "Kosten",
    ]


# --- totals -------------------------------------------------------------------------------------

ROWS = (
    ReportRow("doelgroepregister", "dienstverband", 3, D("331.5"), D("10000"), ()),
    ReportRow("statushouders", "werkervaringsplaats", 2, D("200"), D("3000"), ()),
    ReportRow("doelgroepregister", "inkoop_sociaal_ondernemer", 0, D("0"), D("5000"), ()),
)


def test_totals_count_jobs_from_doelgroepregister_hours_only() -> None:
    totals = report_totals(ROWS, D(13))
    assert totals.persons == 5
    assert totals.hours == D("531.5")
    assert totals.jobs == D("1.00")
    assert totals.value_eur == D("18000.00")


def test_hours_of_other_target_groups_make_no_banenafspraak_jobs() -> None:
    assert report_totals(ROWS[1:2], D(13)).jobs == D("0.00")


def test_totals_use_the_organisation_settings() -> None:
    settings: MonitoringSettings = load_monitoring_settings(
        {"hours_per_job_week": "13", "valuation": {"dienstverband": {"basis": "hours"}}}
    )
    totals = report_totals(ROWS, D(13), settings)
    assert totals.jobs == D("1.96")
    assert totals.value_eur == D("8331.50")


def test_totals_of_an_empty_report_are_zero() -> None:
    totals = report_totals((), D(13))
    assert (totals.persons, totals.hours, totals.jobs, totals.value_eur) == (0, D(0), D(0), D(0))


# --- sane ranges per row --------------------------------------------------------------------


def test_ten_million_persons_in_a_row_is_refused_naming_the_field() -> None:
    row, errors = validate_report_row({**GOOD_ROW, "persons": "10000000"})
    assert row is None
    assert errors == [
        "Aantal personen: 10.000.000 is meer dan 100.000 personen in één regel; controleer het "
        "getal."
    ]
    assert validate_report_row({**GOOD_ROW, "persons": "100000"})[1] == []


def test_hours_beyond_what_the_persons_could_work_in_the_period_are_refused() -> None:
    row, errors = validate_report_row(
        {**GOOD_ROW, "persons": "3", "hours": "1000000000"}, period_days=92
    )
    assert row is None
    assert errors == [
        "Verloonde uren: 1.000.000.000 uur is meer dan 3 personen in 92 dagen kunnen werken "
        "(24 uur per dag: hoogstens 6.624 uur); controleer het getal."
    ]
    assert validate_report_row({**GOOD_ROW, "persons": "3", "hours": "6624"}, period_days=92)[
        1
    ] == []


def test_without_a_period_hours_are_bounded_by_a_leap_year() -> None:
    _, errors = validate_report_row({**GOOD_ROW, "persons": "1", "hours": "8785"})
    assert errors and errors[0].startswith("Verloonde uren: 8.785 uur is meer dan 1 persoon in 366")
