"""The reader streams data rows with their sheet row numbers and converts them."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing.reader import SKIP_BLANK
from sroi_plugin.importing.reader import SKIP_TITLE
from sroi_plugin.importing.reader import SKIP_TOTAL
from sroi_plugin.importing.reader import RowResult
from sroi_plugin.importing.reader import SheetReader
from sroi_plugin.importing.reader import SheetRow
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.importing.reader import convert_row
from sroi_plugin.importing.reader import find_duplicate_refs
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.rules.vocabulary import SrApplies
from tests.helpers.xlsx import PORTFOLIO_HEADERS
from tests.helpers.xlsx import SHEET_XML
from tests.helpers.xlsx import patch_entry
from tests.helpers.xlsx import portfolio_row
from tests.helpers.xlsx import write_portfolio
from tests.helpers.xlsx import write_xlsx

HEADER: list[object] = [
    "Contractnr.",
    "Omschrijving",
    "Leverancier",
    "Waarde (excl. btw)",
    "Einddatum",
]


@contextmanager
def reading(path: Path, **options: Any) -> Iterator[SheetReader]:
    """A reader over ``path`` whose workbook is closed afterwards."""
    workbook = open_workbook_safely(path)
    try:
        yield SheetReader(workbook, **options)
    finally:
        workbook.close()


def read_all(path: Path, **options: Any) -> tuple[list[SheetRow], list[SkippedRows]]:
    """All data rows and the skipped runs of ``path``."""
    with reading(path, **options) as reader:
        rows = list(reader)
        return rows, reader.skipped


def test_export_with_title_block_is_read_from_below_its_header(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    rows: list[list[object]] = [
        ["Contractenoverzicht gemeente Voorbeeld"],
        ["Peildatum: 01-01-2025"],
        [],
        HEADER,
        ["C-1", "Schoonmaak", "Schoon B.V.", "€ 120.000,-", "31-12-2026"],
        ["C-2", "Catering", "Eten B.V.", 80000, date(2025, 6, 30)],
    ]
    write_xlsx(path, rows, merged=["A1:E1"])
    with reading(path) as reader:
        data = list(reader)
        assert reader.sheet_name == "Contracten"
        assert reader.columns.header_row == 4
        assert reader.headers == HEADER
    assert [row.row_number for row in data] == [5, 6]
    assert data[0].values == {
        "ref": "C-1",
        "title": "Schoonmaak",
        "supplier_name": "Schoon B.V.",
        "value_total": "€ 120.000,-",
        "end_date": "31-12-2026",
    }
    assert data[0].cells[:2] == ("C-1", "Schoonmaak")


def test_blank_title_and_total_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    rows: list[list[object]] = [
        HEADER,
        ["Afdeling Facilitair"],  # 2: a section title
        ["C-1", "Schoonmaak", "Schoon B.V.", 1000, None],  # 3
        [],  # 4
        [None, "   ", None],  # 5
        ["C-2", "Totaalonderhoud", "Bouw B.V.", 2000, None],  # 6: a contract, not a total
        ["Totaal", None, None, 3000, None],  # 7
        [None, "Subtotaal:", None, 3000],  # 8
        [None, None, None, 3000, 12],  # 9: numbers only, no contract number
        [None, "Printers", "Druk B.V.", 500, None],  # 10: data without contract number
    ]
    write_xlsx(path, rows)
    data, skipped = read_all(path)
    assert [row.row_number for row in data] == [3, 6, 10]
    assert skipped == [
        SkippedRows(2, 2, SKIP_TITLE),
        SkippedRows(4, 5, SKIP_BLANK),
        SkippedRows(7, 9, SKIP_TOTAL),
    ]
    assert sum(run.count for run in skipped) == 6


def test_short_rows_give_empty_values(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER, ["C-1", "Schoonmaak", "Schoon B.V."]])
    data, _ = read_all(path)
    assert data[0].values["end_date"] is None


def test_formulas_count_by_their_cached_value(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER, ["C-1", "Schoonmaak", "Schoon B.V.", 987654321, None]])
    patch_entry(
        path,
        SHEET_XML,
        lambda xml: xml.replace(
            b'<c r="D2" t="n"><v>987654321</v></c>', b'<c r="D2"><f>SUM(1,2)</f><v>120000</v></c>'
        ),
    )
    data, _ = read_all(path)
    assert data[0].values["value_total"] == 120000


def test_a_wrong_dimension_tag_does_not_cut_rows_off(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER, *([f"C-{n}", "x", "y", n, None] for n in range(1, 6))])
    patch_entry(
        path, SHEET_XML, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', xml)
    )
    data, _ = read_all(path)
    assert len(data) == 5


def test_default_sheet_is_the_first_with_a_header_row(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(
        path,
        [["Toelichting bij dit overzicht"]],
        title="Toelichting",
        more_sheets={"Contracten 2025": [HEADER, ["C-1", "x", "y", 1, None]]},
    )
    with reading(path) as reader:
        assert reader.sheet_name == "Contracten 2025"


def test_sheet_can_be_chosen_by_name(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(
        path,
        [HEADER, ["C-1", "x", "y", 1, None]],
        more_sheets={"Archief": [HEADER, ["A-9", "x", "y", 1, None]]},
    )
    data, _ = read_all(path, sheet="archief")
    assert [row.values["ref"] for row in data] == ["A-9"]


def test_unknown_sheet_name_lists_the_sheets(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER], more_sheets={"Archief": [HEADER]})
    with pytest.raises(
        ImportFileError, match="Werkblad 'Oud' bestaat niet. Beschikbaar: 'Contracten', 'Archief'"
    ):
        read_all(path, sheet="Oud")


def test_named_empty_sheet_is_reported_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER], more_sheets={"Leeg": []})
    with pytest.raises(ImportFileError, match="Werkblad 'Leeg' is leeg"):
        read_all(path, sheet="Leeg")


def test_without_a_header_row_the_message_says_what_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [["Nummer", "Bedrijf", "Bedrag"], ["C-1", "x", 1]])
    with pytest.raises(ImportFileError, match="Geen kopregel gevonden.*'Contractnummer'"):
        read_all(path)


def test_profile_maps_unfamiliar_headers(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [["Nummer", "Bedrijf", "Bedrag"], ["C-1", "x", 1]])
    profile = {"ref": "Nummer", "supplier_name": "Bedrijf", "value_total": "Bedrag"}
    data, _ = read_all(path, profile=profile)
    assert data[0].values == {"ref": "C-1", "supplier_name": "x", "value_total": 1}


def test_damaged_sheet_xml_is_an_import_file_error(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx(path, [HEADER, *([f"C-{n}", "x", "y", n, None] for n in range(1, 40))])
    patch_entry(
        path,
        SHEET_XML,
        lambda xml: xml.replace(b'<row r="30">', b'<row r="30"><c r="A30"><v>1</x></c>'),
    )
    with pytest.raises(ImportFileError, match="Werkblad 'Contracten' is beschadigd"):
        read_all(path)


def test_streaming_keeps_memory_flat(tmp_path: Path) -> None:
    path = write_portfolio(tmp_path / "large.xlsx", 3_000)
    with reading(path) as reader:
        tracemalloc.start()
        try:
            valid = sum(convert_row(row).record is not None for row in reader)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert valid == 3_000
    # Holding the rows would take several MB; streaming stays near openpyxl's parser state.
    assert peak < 2_000_000


def sheet_row(number: int = 14, **values: object) -> SheetRow:
    """A row as the reader yields it, with the contract number filled in by default."""
    values = {"ref": "C-1", **values}
    return SheetRow(number, values, tuple(values.values()))


def row_with(values: dict[str, object]) -> SheetRow:
    """:func:`sheet_row` for a table of field values."""
    return sheet_row(14, **values)


def test_valid_row_becomes_a_typed_record() -> None:
    raw = dict(zip(PORTFOLIO_HEADERS, portfolio_row(7), strict=True))
    result = convert_row(
        sheet_row(
            ref=raw["Contractnr."],
            value_total=raw["Waarde (excl. btw)"],
            value_annual=raw["Jaarwaarde"],
            start_date=raw["Startdatum"],
            end_date=raw["Einddatum"],
            kind=raw["Soort opdracht"],
            extension_options=raw["Verlengingsopties"],
            is_framework=raw["Raamovereenkomst"],
            has_sr=raw["Social return"],
            supplier_kvk=raw["KvK"],
        )
    )
    assert result.errors == []
    record = result.record
    assert record is not None
    assert record.ref == "C-00007"
    assert record.value_total == Decimal("250007.00")
    assert record.value_annual == Decimal("50000.00")
    assert (record.start_date, record.end_date) == (date(2024, 1, 1), date(2027, 12, 31))
    assert record.kind == "services"  # "dienst" in the file; the code is what is stored
    assert record.extension_options == "2 x 1 jaar"
    assert record.is_framework is False
    assert (record.has_sr, record.sr_percentage) == (SrApplies.YES, Decimal("5"))
    assert record.supplier_kvk == "10000007"
    assert record.title is None


def test_refs_are_trimmed_and_keyed_casefolded() -> None:
    result = convert_row(sheet_row(ref="  Abc-01 "))
    assert result.ref == "Abc-01"
    assert result.ref_key == "abc-01"
    assert result.record is not None
    assert result.record.ref_key == "abc-01"


def test_missing_contract_number_is_an_error_with_row_and_column() -> None:
    result = convert_row(sheet_row(ref="  ", supplier_name="Schoon B.V."))
    assert result.record is None
    assert result.ref is None
    assert result.errors == ["Rij 14, Contractnummer: ontbreekt"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"end_date": "31-13-2025"}, "Rij 14, Einddatum: '31-13-2025' is geen geldige datum"),
        ({"value_total": "12,3,4"}, "Rij 14, Contractwaarde: '12,3,4' is geen bedrag"),
        ({"kind": "advies"}, "Rij 14, Soort opdracht: 'advies' is geen soort opdracht"),
        (
            {"start_date": "01-01-2026", "end_date": "31-12-2025"},
            "Rij 14, Einddatum: 31-12-2025 ligt vóór de startdatum 01-01-2026",
        ),
        (
            {"has_sr": "nee", "sr_percentage": "5%"},
            "Rij 14, Social return: 'nee', maar het SR-percentage is 5%",
        ),
        (
            {"has_sr": "3%", "sr_percentage": "4%"},
            "Rij 14, Social return: twee verschillende percentages (3% en 4%)",
        ),
    ],
)
def test_row_problems_are_collected_as_dutch_messages(
    values: dict[str, object], message: str
) -> None:
    result = convert_row(row_with(values))
    assert result.record is None
    assert result.ref == "C-1"
    assert len(result.errors) == 1
    assert result.errors[0].startswith(message)


def test_all_problems_of_a_row_are_reported_together() -> None:
    result = convert_row(sheet_row(ref=None, value_total="veel", end_date="gisteren"))
    assert len(result.errors) == 3


def test_contract_ending_on_its_start_day_is_valid() -> None:
    result = convert_row(sheet_row(start_date="01-01-2026", end_date="01-01-2026"))
    assert result.errors == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"has_sr": "ja"}, (SrApplies.YES, None)),
        ({"has_sr": "5%"}, (SrApplies.YES, Decimal("5"))),
        ({"sr_percentage": "4%"}, (SrApplies.YES, Decimal("4"))),
        ({"has_sr": "ja", "sr_percentage": "4%"}, (SrApplies.YES, Decimal("4"))),
        ({"has_sr": "nee"}, (SrApplies.NO, None)),
        ({"has_sr": "n.v.t."}, (SrApplies.NOT_APPLICABLE, None)),
        ({"has_sr": "onbekend"}, (SrApplies.UNKNOWN, None)),
        ({"sr_percentage": "0%"}, (SrApplies.NO, Decimal("0"))),
        ({}, (None, None)),
    ],
)
def test_social_return_columns_are_combined(
    values: dict[str, object], expected: tuple[SrApplies | None, Decimal | None]
) -> None:
    record = convert_row(row_with(values)).record
    assert record is not None
    assert (record.has_sr, record.sr_percentage) == expected


def test_duplicate_refs_are_found_case_insensitively() -> None:
    results = [
        convert_row(sheet_row(3, ref="C-1")),
        convert_row(sheet_row(4, ref="C-2")),
        convert_row(sheet_row(5, ref=" c-1")),
        convert_row(sheet_row(6, ref="C-1", value_total="fout")),
        convert_row(sheet_row(7, ref=None)),
    ]
    assert find_duplicate_refs(results) == {"c-1": [3, 5, 6]}


def test_distinct_refs_have_no_duplicates() -> None:
    results: list[RowResult] = [convert_row(sheet_row(n, ref=f"C-{n}")) for n in (1, 2)]
    assert find_duplicate_refs(results) == {}
