"""Reading a filled template: typed rows, the AVG guard on the whole file, clear problems."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.errors import ImportFileError
from sroi_plugin.monitoring.report import ReadReport
from sroi_plugin.monitoring.report import read_report
from sroi_plugin.rules.monitoring import default_monitoring_settings
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import plain_xlsx
from tests.helpers.monitoring import template_for

TODAY = date(2026, 11, 25)


def _read(data: bytes) -> ReadReport:
    return read_report(
        data, settings=default_monitoring_settings(), today=TODAY, max_bytes=5 * 1024 * 1024
    )


def test_filled_template_reads_contract_period_and_typed_rows() -> None:
    report = _read(filled())
    assert report.contract_ref == "GEM-2025-0001"
    assert report.period == Q3_2026
    assert report.problems == [] and report.personal_data == []
    first, second = report.valid_rows
    assert (first.target_group, first.placement_type, first.persons) == (
        "doelgroepregister",
        "dienstverband",
        4,
    )
    assert first.evidence == ("arbeidsovereenkomst", "salarisoverzicht")
    assert (second.hours, second.costs) == (Decimal("200.5"), Decimal("1234.50"))
    assert [row.row_number for row in report.rows] == [15, 16]


def test_each_faulty_field_is_named_with_its_row() -> None:
    report = _read(filled(rows=[["Onbekende groep", "Werkervaringsplaats", "twee", 10, 5]]))
    (row,) = report.invalid_rows
    assert any(e.startswith("Rij 15: Doelgroep: 'Onbekende groep' is onbekend") for e in row.errors)
    assert any(e.startswith("Rij 15: Aantal personen: 'twee' is geen getal") for e in row.errors)


def test_empty_report_is_a_problem() -> None:
    report = _read(template_for())
    assert report.problems and "geen ingevulde regels" in report.problems[0]


def test_a_totals_line_is_skipped_not_counted_twice() -> None:
    rows = [*filled_rows(), ["Totaal", None, 6, 1526.5, 46234.5]]
    report = _read(filled(rows=rows))
    assert len(report.rows) == 2


def filled_rows() -> list[list[object]]:
    return [
        ["Doelgroepregister (banenafspraak)", "Dienstverband (betaalde baan)", 4, 1326, 45000],
        ["Statushouders", "Werkervaringsplaats", 2, 200.5, 1234.5],
    ]


def _add_column(header: str, *values: object) -> Any:
    def edit(sheet: Any, row: int) -> None:
        sheet.cell(row=row, column=7, value=header)
        for offset, value in enumerate(values, start=1):
            sheet.cell(row=row + offset, column=7, value=value)

    return edit


@pytest.mark.parametrize("header", ["Naam", "Naam kandidaat", "BSN", "Geboortedatum", "E-mail"])
def test_a_column_asking_for_personal_data_refuses_the_file(header: str) -> None:
    report = _read(filled(edit=_add_column(header)))
    assert report.personal_data
    assert report.rows == []  # nothing of the rows is typed or kept
    assert report.personal_data_reasons[0].startswith("Werkblad 'Rapportage', cel G14: ")
    assert any("geaggregeerd" in line for line in report.personal_data_reasons)


def test_a_bsn_anywhere_in_the_table_refuses_the_file() -> None:
    report = _read(filled(edit=_add_column("Opmerking", "123456782")))
    assert report.personal_data
    assert "rij 15" in report.personal_data_reasons[0]
    assert "123456782" not in " ".join(report.personal_data_reasons)  # never repeated
    assert any("UAVG art. 46" in line for line in report.personal_data_reasons)


def test_a_birth_date_refuses_the_file() -> None:
    report = _read(filled(edit=_add_column("Opmerking", date(1990, 5, 17))))
    assert report.personal_data
    assert "geboortedatum" in report.personal_data_reasons[0]


def test_an_eight_digit_order_number_is_no_bsn() -> None:
    report = _read(filled(edit=_add_column("Ordernummer", "12345678", 87654321)))
    assert report.personal_data == []
    assert report.invalid_rows == []
    assert any("Ordernummer" in note and "niet ingelezen" in note for note in report.notes)


def test_personal_data_on_a_sheet_the_contractor_added_is_refused_and_named() -> None:
    def edit(sheet: Any, _row: int) -> None:
        extra = sheet.parent.create_sheet("Deelnemers")
        extra.append(["Naam", "Uren"])
        extra.append(["J. Jansen", 20])

    report = _read(filled(edit=edit))
    assert report.personal_data
    assert report.personal_data_reasons[0].startswith("Werkblad 'Deelnemers', cel A1: ")


def test_without_the_data_sheet_the_header_block_gives_contract_and_period() -> None:
    workbook = load_workbook(io.BytesIO(filled()))
    del workbook["Gegevens"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _read(buffer.getvalue())
    assert report.contract_ref == "GEM-2025-0001"
    assert report.period == Q3_2026


def test_a_sheet_without_the_template_columns_is_unreadable() -> None:
    with pytest.raises(ImportFileError, match="niet de kolommen van een rapportage"):
        _read(plain_xlsx([["Contract", "Bedrag"], ["A", 1]]))


def test_a_csv_is_refused_by_the_importers_safety_module() -> None:
    with pytest.raises(ImportFileError, match="geen Excel-bestand maar tekst"):
        _read(b"Doelgroep;Soort plaatsing\nStatushouders;Werkervaringsplaats\n")


def test_missing_period_is_a_problem() -> None:
    data = plain_xlsx(
        [
            ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten (€)"],
            ["Statushouders", "Werkervaringsplaats", 3, 10, 100],
        ]
    )
    report = _read(data)
    assert report.period is None and report.contract_ref is None
    assert any("rapportageperiode ontbreekt" in problem for problem in report.problems)


def test_a_period_date_beyond_the_plausible_years_is_named_not_called_missing() -> None:
    workbook = load_workbook(io.BytesIO(filled()))
    for row in workbook["Gegevens"].iter_rows():
        if row[0].value == "periode_eind":
            row[1].value = "9999-12-31"
    for row in workbook["Rapportage"].iter_rows(max_row=10):
        if row[0].value == "Periode":
            row[1].value = "01-07-2026 t/m 31-12-9999"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _read(buffer.getvalue())
    assert report.period is None
    assert report.problems[0] == (
        "De rapportageperiode in het bestand (werkblad 'Gegevens') is niet te lezen: "
        "'9999-12-31' is geen geldige datum: het jaar 9999 ligt buiten 1950–2199. Download het "
        "sjabloon voor de juiste periode en vul het opnieuw in."
    )


def test_impossible_hours_and_persons_are_refused_naming_row_and_field() -> None:
    report = _read(
        filled(
            rows=[
                ["Statushouders", "Werkervaringsplaats", 2, 10**9, 0, ""],
                ["Statushouders", "Werkervaringsplaats", 10**7, 0, 0, ""],
            ]
        )
    )
    first, second = report.invalid_rows
    assert any(
        e.startswith("Rij 15: Verloonde uren: 1.000.000.000 uur is meer dan 2 personen in 92 dagen")
        for e in first.errors
    )
    assert "Rij 16: Aantal personen: 10.000.000 is meer dan 100.000 personen in één regel; " \
        "controleer het getal." in second.errors
