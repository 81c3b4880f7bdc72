"""Bouwblokken tables: strict reading, the version in force, pro rata, caps, social purchasing."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import report_totals
from sroi_plugin.rules.valuation import SOCIAL_BUYING
from sroi_plugin.rules.valuation import TableVersion
from sroi_plugin.rules.valuation import ValuationTable
from sroi_plugin.rules.valuation import choose_valuation
from sroi_plugin.rules.valuation import explain
from sroi_plugin.rules.valuation import parse_table
from sroi_plugin.rules.valuation import shipped_table_data
from sroi_plugin.rules.valuation import shipped_table_names
from sroi_plugin.rules.valuation import value_with_table

GROUPS = default_monitoring_settings().target_groups

TABLE: dict[str, Any] = {
    "name": "test",
    "organisation": "Testregio",
    "example": False,
    "versions": [
        {
            "version": "2022",
            "valid_from": "2022-01-01",
            "valid_until": "2023-06-30",
            "source": "test",
            "hours_per_fte_year": "1872",
            "blocks": {"doelgroepregister": {"value": "40000", "cap_months": None}},
            "social_buying": False,
        },
        {
            "version": "2023-07",
            "valid_from": "2023-07-01",
            "valid_until": None,
            "source": "test",
            "hours_per_fte_year": "1872",
            "blocks": {
                "doelgroepregister": {"value": "50000", "cap_months": None},
                "statushouders": {"value": "40000", "cap_months": 12},
            },
            "bonuses": [{"key": "leeftijd_55_plus", "label": "55+", "value": "10000"}],
            "social_buying": True,
        },
    ],
}


def _table(raw: dict[str, Any] = TABLE) -> ValuationTable:
    return parse_table(raw, target_groups=GROUPS, origin="test.json")


def _version(day: date) -> TableVersion:
    version = _table().version_on(day)
    assert version is not None
    return version


def _row(group: str, kind: str, persons: int, hours: str, costs: str = "0") -> ReportRow:
    return ReportRow(group, kind, persons, Decimal(hours), Decimal(costs), ())


def test_the_version_in_force_changes_on_the_boundary_day() -> None:
    table = _table()
    assert table.version_on(date(2021, 12, 31)) is None
    assert table.version_on(date(2022, 1, 1)).version == "2022"  # type: ignore[union-attr]
    assert table.version_on(date(2023, 6, 30)).version == "2022"  # type: ignore[union-attr]
    assert table.version_on(date(2023, 7, 1)).version == "2023-07"  # type: ignore[union-attr]
    assert table.version_on(date(2099, 1, 1)).version == "2023-07"  # type: ignore[union-attr]


def test_a_full_time_year_counts_the_block_and_hours_count_pro_rata() -> None:
    version = _version(date(2024, 1, 1))
    row = _row("doelgroepregister", "dienstverband", 1, "1872")
    assert value_with_table(row, version) == Decimal("50000.00")
    half = _row("doelgroepregister", "dienstverband", 2, "936")
    assert value_with_table(half, version) == Decimal("25000.00")
    # 1.326 h ÷ 1.872 × € 50.000 = € 35.416,67
    assert value_with_table(_row("doelgroepregister", "dienstverband", 4, "1326"), version) == (
        Decimal("35416.67")
    )


def test_the_cap_bounds_a_row_to_persons_times_cap_months() -> None:
    version = _version(date(2024, 1, 1))
    # one statushouder, 2.000 hours: at most 12 months = one full-time year
    capped = _row("statushouders", "dienstverband", 1, "2000")
    assert value_with_table(capped, version) == Decimal("40000.00")
    # two people, 2.000 hours: under the cap of two years, so pro rata
    under = _row("statushouders", "dienstverband", 2, "2000")
    assert value_with_table(under, version) == Decimal("42735.04")
    # no cap (banenafspraak: as long as the candidate works)
    assert value_with_table(_row("doelgroepregister", "dienstverband", 1, "3744"), version) == (
        Decimal("100000.00")
    )
    (line,) = explain([capped], version)
    assert line.capped and line.cap_months == 12 and line.fte_years == Decimal("1.00")


def test_social_purchasing_counts_at_invoice_value_excl_btw_when_the_table_counts_it() -> None:
    row = _row("overige_afstand", SOCIAL_BUYING, 0, "0", "12100.00")
    assert value_with_table(row, _version(date(2024, 1, 1))) == Decimal("12100.00")
    assert value_with_table(row, _version(date(2022, 6, 1))) == Decimal("0")


def test_a_target_group_without_a_block_is_not_valued_and_explained() -> None:
    version = _version(date(2022, 6, 1))
    row = _row("statushouders", "werkervaringsplaats", 2, "200", "1234.50")
    assert value_with_table(row, version) == Decimal("0")
    (line,) = explain([row], version)
    assert line.kind == "not_valued" and line.hours == Decimal("200")


def test_report_totals_take_the_tables_value() -> None:
    version = _version(date(2024, 1, 1))
    rows = [
        _row("doelgroepregister", "dienstverband", 1, "936", "99999"),
        _row("overige_afstand", SOCIAL_BUYING, 0, "0", "1000"),
    ]
    totals = report_totals(rows, Decimal(13), value=lambda r: value_with_table(r, version))
    assert totals.value_eur == Decimal("26000.00")
    assert report_totals(rows, Decimal(13)).value_eur == Decimal("100999.00")  # the costs


def test_the_award_date_chooses_the_version_else_the_start_date_and_says_so() -> None:
    table = _table()
    by_award = choose_valuation(table, date(2023, 6, 30), date(2023, 9, 1))
    assert by_award.version is not None and by_award.version.version == "2022"
    assert by_award.by == "award_date" and "gunningsdatum 30-06-2023" in by_award.method
    by_start = choose_valuation(table, None, date(2023, 9, 1))
    assert by_start.version is not None and by_start.version.version == "2023-07"
    assert "begindatum (gunningsdatum onbekend) 01-09-2023" in by_start.method
    too_early = choose_valuation(table, date(2020, 1, 1), None)
    assert too_early.version is None and "opgegeven kosten" in too_early.method
    none = choose_valuation(None, date(2024, 1, 1), None)
    assert none.version is None
    assert none.method == "Gewaardeerd tegen de opgegeven kosten (geen waarderingstabel ingesteld)."


def _broken(path: str, value: object) -> dict[str, Any]:
    raw = copy.deepcopy(TABLE)
    target: Any = raw
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return raw


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("versions.0.valid_from", "1-1-2022", "versions[0].valid_from: '1-1-2022' is geen datum"),
        ("versions.0.valid_until", "2021-12-31", "versions[0].valid_until: ligt vóór valid_from"),
        ("versions.0.hours_per_fte_year", "0", "versions[0].hours_per_fte_year: moet groter"),
        (
            "versions.1.blocks.doelgroepregister.value",
            "-5",
            "versions[1].blocks.doelgroepregister.value: moet groter dan 0 zijn",
        ),
        ("versions.1.blocks.doelgroepregister.value", 1.5, "moet een bedrag als tekst zijn"),
        ("versions.1.blocks.statushouders.cap_months", 0, "cap_months: moet een geheel aantal"),
        ("versions.1.social_buying", "ja", "versions[1].social_buying: moet true of false zijn"),
        ("versions.1.bonuses.0.value", "0", "versions[1].bonuses[0].value: moet groter"),
        ("versions.0.valid_until", None, "versie 2022 en 2023-07 gelden tegelijk"),
        ("versions.1.source", KeyError, "versions[1]: ontbreekt: source"),
        ("example", "nee", "example: moet true of false zijn"),
    ],
)
def test_a_broken_table_names_the_field(path: str, value: object, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _table(_broken(path, value))
    assert message in str(caught.value)
    assert str(caught.value).startswith("Waarderingstabel test.json: ")


def test_an_unknown_target_group_or_field_is_refused() -> None:
    raw = copy.deepcopy(TABLE)
    raw["versions"][1]["blocks"]["ww"] = {"value": "20000", "cap_months": 12}
    with pytest.raises(ConfigError, match=r"blocks\.ww: onbekende doelgroep"):
        _table(raw)
    raw = copy.deepcopy(TABLE)
    raw["versions"][0]["bonus"] = []
    with pytest.raises(ConfigError, match=r"versions\[0\]: onbekende velden: bonus"):
        _table(raw)


def test_the_shipped_example_is_labelled_as_one_and_reads() -> None:
    assert shipped_table_names() == ("voorbeeld-haaglanden",)
    raw = shipped_table_data("voorbeeld-haaglanden")
    table = _table(raw)  # type: ignore[arg-type]
    assert table.example is True and "VOORBEELD" in raw["about"]  # type: ignore[index]
    version = table.version_on(date(2023, 7, 1))
    assert version is not None and version.blocks["doelgroepregister"].value == Decimal(50000)
    assert table.version_on(date(2023, 6, 30)) is None
    assert shipped_table_data("../monitoring") is None
