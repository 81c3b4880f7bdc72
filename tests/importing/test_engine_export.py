"""Export and error report: a round trip imports as unchanged, hostile text stays data."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy.orm import Session

from sroi_plugin.importing.export import EXPORT_FIELDS
from sroi_plugin.importing.export import export_portfolio
from sroi_plugin.importing.export import export_value
from sroi_plugin.importing.read import error_report_for
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from tests.helpers.portfolio import MAX_BYTES
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import read
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

MakeContract = Callable[..., Contract]

HOSTILE = {
    "Omschrijving": '=HYPERLINK("http://evil.example","klik")',
    "Leverancier": "+31 6 1234 5678 B.V.",
    "Inkoopcategorie": "@SUM(A1:A9)",
    "Soort opdracht": "dienst",
}


def sheet_rows(data: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    try:
        return [tuple(cell.value for cell in line) for line in workbook.worksheets[0].iter_rows()]
    finally:
        workbook.close()


def test_export_then_import_finds_every_contract_unchanged(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-1", extension_options="2 x 12 maanden")  # an older spelling too
    make_contract(
        "GEM-2",
        title="",
        authority_type="central",
        wage_share=Decimal("0.4500"),
        wage_sum=Decimal("540000.50"),
        sr_percentage=Decimal("0.5"),
        is_framework=True,
        extension_options="2x 1 jaar",  # stored before in another spelling
        end_date=None,
        sr_basis="wage_sum",
        sr_form="award_criterion",
        kind="social_services",
    )
    make_contract(
        "GEM-3",
        title="-korting 5%",
        supplier_name="=1+1",
        supplier_kvk="1234 5678",
        sr_percentage=None,
        has_sr="unknown",  # "onbekend" reads back as itself, not as "nee"
        extension_options="1+1+1",
    )
    make_contract("GEM-4", sr_percentage=None, has_sr="not_applicable", kind="works")
    make_contract("GEM-OLD", end_date=date(2025, 6, 30), status="ended")
    make_contract("GEM-GONE", status="missing")
    exported = export_portfolio(session)
    result = run(session, exported, file_name="export.xlsx")
    assert result.committed
    assert result.counts == {
        "new": 0,
        "changed": 0,
        "unchanged": 5,
        "invalid": 0,
        "missing": 1,
        "skipped": 0,
    }
    assert result.changes == [] and result.changes_to_assess == []
    assert count(session, ContractRevision) == 0
    assert result.mapped_columns == {spec.name: spec.label for spec in EXPORT_FIELDS}


def test_export_writes_labels_dutch_values_and_neutralises_formula_text(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-1", title="=HYPERLINK(1)", sr_percentage=Decimal("0.5"), is_framework=True)
    rows = sheet_rows(export_portfolio(session))
    header, first = rows[0], rows[1]
    assert header == tuple(spec.label for spec in EXPORT_FIELDS)
    cell = dict(zip(header, first, strict=True))
    assert cell["Omschrijving"] == "'=HYPERLINK(1)"  # text, never a formula
    assert cell["SR-percentage"] == "0,5%"  # a bare 0,5 would read back as 50%
    assert cell["Raamovereenkomst"] == "ja"
    # closed lists as their Dutch labels, never the stored codes
    assert cell["Soort aanbestedende dienst"] == "overige overheid"
    assert cell["Soort opdracht"] == "dienst"
    assert cell["Social return"] == "ja"
    assert cell["SR-grondslag"] == "projectsom"
    assert cell["SR-vorm"] == "contractbepaling"
    assert cell["Contractwaarde"] == 1200000
    assert export_value("wage_share", Decimal("0.4500")) == "45%"


def test_hostile_cells_are_stored_as_text_and_neutralised_in_the_export(
    session: Session,
) -> None:
    run(session, xlsx([row("GEM-X", HOSTILE)]))
    stored = contract(session, "GEM-X")
    assert stored.title == '=HYPERLINK("http://evil.example","klik")'
    assert stored.supplier_name == "+31 6 1234 5678 B.V."
    assert stored.category == "@SUM(A1:A9)"
    exported = dict(zip(*sheet_rows(export_portfolio(session))[:2], strict=True))
    assert exported["Omschrijving"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert exported["Leverancier"] == "'+31 6 1234 5678 B.V."
    assert exported["Inkoopcategorie"] == "'@SUM(A1:A9)"


def test_error_report_holds_the_invalid_rows_as_uploaded_with_their_errors(
    session: Session,
) -> None:
    data = xlsx(
        [
            row("GEM-1"),
            row("GEM-2", {**HOSTILE, "Einddatum": "31-02-2027"}),
            row("GEM-3", {"Contractwaarde": "veel"}),
        ]
    )
    portfolio = read(session, data)
    report = sheet_rows(error_report_for(data, portfolio, max_bytes=MAX_BYTES))
    assert report[0][-1] == "Fouten"
    assert [line[0] for line in report[1:]] == ["GEM-2", "GEM-3"]
    bad = report[1]
    assert bad[1] == '\'=HYPERLINK("http://evil.example","klik")'
    assert bad[2] == "'+31 6 1234 5678 B.V."
    assert bad[-1] == "Rij 3, Einddatum: '31-02-2027' is geen geldige datum (schrijf 31-12-2026)"
    assert report[2][-1] == "Rij 4, Contractwaarde: 'veel' is geen bedrag"
