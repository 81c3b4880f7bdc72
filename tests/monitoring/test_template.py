"""The reporting template: Dutch instructions, contract and period inside, drop-downs, safe text."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.monitoring.template import TemplateContract
from sroi_plugin.monitoring.template import build_template
from sroi_plugin.monitoring.template import template_file_name
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import default_monitoring_settings
from sroi_plugin.rules.monitoring import load_monitoring_settings
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import header_row
from tests.helpers.monitoring import template_for


def _all_text(sheet: object) -> str:
    return "\n".join(
        str(value)
        for row in sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
        for value in row
        if value is not None
    )


def test_header_block_names_contract_supplier_and_period() -> None:
    sheet = load_workbook(io.BytesIO(template_for()))["Rapportage"]
    text = _all_text(sheet)
    assert "GEM-2025-0001 — Schoonmaakonderhoud stadskantoor" in text
    assert "Schoon & Sociaal B.V." in text
    assert "01-07-2026 t/m 30-09-2026" in text


def test_instructions_are_dutch_and_forbid_personal_data() -> None:
    text = _all_text(load_workbook(io.BytesIO(template_for()))["Rapportage"])
    assert "geen namen, BSN of geboortedata" in text
    assert "Vul 0 in als er niets is" in text
    assert "25,5 uur per week is één baan" in text


def test_instructions_follow_the_organisations_job_norm() -> None:
    settings = load_monitoring_settings({"hours_per_job_week": "32"})
    data = build_template(TemplateContract("X-1", "T", None), Q3_2026, settings)
    assert "32 uur per week is één baan" in _all_text(load_workbook(io.BytesIO(data))["Rapportage"])


def test_table_has_the_aggregate_columns_only() -> None:
    sheet = load_workbook(io.BytesIO(template_for()))["Rapportage"]
    header = [cell.value for cell in sheet[header_row(sheet)]]
    assert header == [
        "Doelgroep",
        "Soort plaatsing",
        "Aantal personen",
        "Verloonde uren",
        "Kosten (€)",
        "Bewijsstukken aanwezig",
    ]


def test_hidden_data_sheet_holds_contract_and_period() -> None:
    workbook = load_workbook(io.BytesIO(template_for("GEM-2025-0007", Q3_2026)))
    sheet = workbook["Gegevens"]
    assert sheet.sheet_state == "hidden"
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["contract"] == "GEM-2025-0007"
    assert values["periode_begin"] == "2026-07-01"
    assert values["periode_eind"] == "2026-09-30"


def test_drop_downs_list_target_groups_and_placement_types() -> None:
    workbook = load_workbook(io.BytesIO(template_for()))
    lists = workbook["Keuzelijsten"]
    assert lists.sheet_state == "hidden"
    groups = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    settings = default_monitoring_settings()
    assert groups == [term.label for term in settings.target_groups.terms]
    sheet = workbook["Rapportage"]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert "='Keuzelijsten'!$A$2:$A$6" in formulas
    assert "='Keuzelijsten'!$B$2:$B$7" in formulas


def test_text_from_the_register_never_becomes_a_formula() -> None:
    data = build_template(
        TemplateContract("=1+1", '=HYPERLINK("http://x","klik")', "@SUM(A1)"),
        Q3_2026,
        default_monitoring_settings(),
    )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook["Gegevens"]["B2"].value == "'=1+1"
    assert workbook["Gegevens"]["B2"].data_type == "s"
    assert workbook["Rapportage"]["B3"].value == "'@SUM(A1)"


def test_file_name_has_ref_and_period_in_safe_characters() -> None:
    name = template_file_name("GEM/2025 01", Period(date(2026, 1, 1), date(2026, 3, 31)))
    assert name == "sroi-rapportage-GEM-2025-01-2026-01-01-2026-03-31.xlsx"
