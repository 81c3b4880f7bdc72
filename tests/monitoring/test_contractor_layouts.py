"""Reports in contractors' own layouts: header under a title block, mapped columns, totals
rows, the period from text or date cells, saved layouts per contractor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringProfile
from sroi_plugin.monitoring.importer import MonitoringImport
from sroi_plugin.monitoring.importer import run_import
from sroi_plugin.monitoring.profiles import save_profile
from sroi_plugin.monitoring.report import LayoutProfile
from sroi_plugin.monitoring.report import ReadReport
from sroi_plugin.monitoring.report import read_report
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import default_monitoring_settings
from tests.helpers.clock import TODAY
from tests.helpers.contractor_layouts import CORPUS
from tests.helpers.contractor_layouts import EXPECTED
from tests.helpers.contractor_layouts import H1_2025
from tests.helpers.contractor_layouts import Layout
from tests.helpers.contractor_layouts import write
from tests.helpers.contractor_reports import CLEAN

USER = SroiUser("u-sanne", "Sanne de Vries", frozenset({"contract_manager"}))
H1 = Period(*H1_2025)
_CLEAN = [layout for layout in CORPUS if not layout.needs_mapping]
_MAPPED = next(layout for layout in CORPUS if layout.needs_mapping)


def _read(data: bytes, **kw: Any) -> ReadReport:
    return read_report(
        data, settings=default_monitoring_settings(), today=TODAY, max_bytes=2**22, **kw
    )


def _typed(report: ReadReport) -> list[tuple[str, str, int, Decimal, Decimal]]:
    return [
        (r.target_group, r.placement_type, r.persons, r.hours, r.costs) for r in report.valid_rows
    ]


_KEYS = [
    ("statushouders", "werkervaringsplaats", 2, Decimal(300), Decimal(6000)),
    ("doelgroepregister", "dienstverband", 1, Decimal(663), Decimal(15000)),
    ("oudere_werkzoekenden", "dienstverband", 3, Decimal(900), Decimal("21000.50")),
]


@pytest.mark.parametrize("layout", _CLEAN, ids=[layout.name for layout in _CLEAN])
def test_a_contractor_layout_reads_its_rows_and_period(layout: Layout) -> None:
    report = _read(write(layout))
    assert report.problems == [] and report.unmapped == []
    assert report.invalid_rows == []
    assert report.sheet_name == layout.sheet
    assert report.period == H1
    assert _typed(report) == _KEYS
    assert len(EXPECTED) == len(report.rows)


@pytest.mark.parametrize("name", list(CLEAN))
def test_the_privacy_corpus_honest_reports_read_the_same_rows(name: str) -> None:
    report = _read(CLEAN[name]())
    assert report.problems == [] and report.unmapped == [] and report.invalid_rows == []
    assert report.period == H1
    assert _typed(report) == _KEYS


def test_totals_rows_are_skipped_and_named() -> None:
    layout = next(layout for layout in CORPUS if "subtotals" in layout.name)
    report = _read(write(layout))
    assert _typed(report) == _KEYS
    assert [n for n in report.notes if "totaalregel" in n] == [
        "Rij 5 is een totaalregel en is niet ingelezen.",
        "Rij 8 is een totaalregel en is niet ingelezen.",
        "Rij 9 is een totaalregel en is niet ingelezen.",
    ]


def test_an_unlabelled_row_that_is_no_sum_is_a_row_error_not_skipped() -> None:
    layout = next(layout for layout in CORPUS if "unlabelled sum" in layout.name)
    rows = [*layout.rows[:-1], [None, None, 5, 1000, 100, None]]
    report = _read(write(Layout(**{**layout.__dict__, "rows": rows})))
    assert report.invalid_rows and report.invalid_rows[0].row_number == 8
    assert any("Doelgroep" in error for error in report.invalid_rows[0].errors)


def test_unrecognised_columns_ask_for_a_mapping_with_suggestions() -> None:
    report = _read(write(_MAPPED))
    assert sorted(report.unmapped) == sorted(_MAPPED.needs_mapping)
    assert report.rows == []
    assert report.headers[: len(_MAPPED.headers)] == tuple(_MAPPED.headers)


def test_a_saved_layout_maps_the_same_header_row() -> None:
    report = _read(write(_MAPPED))
    mapping = {**report.mapping, **_MAPPED.needs_mapping}
    again = _read(write(_MAPPED), profile=LayoutProfile(report.headers_signature, mapping))
    assert again.profile_used and again.unmapped == [] and again.problems == []
    assert _typed(again) == _KEYS


def test_a_saved_layout_finds_a_header_over_two_rows_again() -> None:
    layout = Layout(
        "header over two rows",
        "Blad1",
        [["Periode", "H1 2025"], ["Inzet", None, "Aantal", "Uren", "Kosten"]],
        ["groep", "plaatsing", "personen", "verloond", "loon"],
        [list(row) for row in EXPECTED],
    )
    report = _read(write(layout))
    assert report.headers[:2] == ("Inzet groep", "Inzet plaatsing")
    assert "target_group" in report.unmapped
    chosen = {
        **report.mapping,
        "target_group": "Inzet groep",
        "placement_type": "Inzet plaatsing",
    }
    again = _read(write(layout), profile=LayoutProfile(report.headers_signature, chosen))
    assert again.profile_used and again.problems == [] and again.unmapped == []
    assert _typed(again) == _KEYS


def test_fte_is_never_read_as_persons() -> None:
    layout = Layout(
        "fte",
        "Blad1",
        [["Periode", "Q1 2025"]],
        ["Doelgroep", "Soort plaatsing", "Aantal FTE", "Uren", "Kosten"],
        [["Statushouders", "Werkervaringsplaats", 2, 10, 100]],
    )
    report = _read(write(layout))
    assert report.unmapped == ["persons"]
    assert "persons" not in report.suggestions


def test_two_columns_that_could_be_the_hours_ask_a_person() -> None:
    layout = Layout(
        "two hour columns",
        "Blad1",
        [["Periode", "H1 2025"]],
        ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Uren", "Kosten"],
        [["Statushouders", "Werkervaringsplaats", 2, 300, 280, 6000]],
    )
    report = _read(write(layout))
    assert report.unmapped == ["hours"]
    assert report.mapping["hours"] == "Verloonde uren"  # pre-fills the mapping step
    assert report.rows == []


def test_of_several_sheets_the_best_table_is_read_and_named() -> None:
    layout = Layout(
        "two tables",
        "Rapportage",
        [["Periode", "H1 2025"]],
        ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten"],
        [list(row) for row in EXPECTED],
        before={"Planning": [["Doelgroep", "Soort plaatsing", "Uren"], ["Statushouders", "x", 1]]},
    )
    report = _read(write(layout))
    assert report.sheet_name == "Rapportage"
    assert any("werkblad 'Rapportage' is gelezen" in note for note in report.notes)


def test_no_period_in_the_file_asks_for_one_and_a_given_one_is_used() -> None:
    layout = Layout(
        "no period",
        "Blad1",
        [["Social return"]],
        ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten"],
        [list(row) for row in EXPECTED],
    )
    missing = _read(write(layout))
    assert missing.period_missing and "ontbreekt" in missing.problems[0]
    given = _read(write(layout), period=H1)
    assert given.period == H1 and given.problems == []


def test_a_given_period_that_differs_from_the_file_is_refused() -> None:
    other = Period(date(2025, 1, 1), date(2025, 3, 31))
    report = _read(write(CORPUS[0]), period=other)
    assert report.problems == [
        "De periode in het bestand (01-01-2025 t/m 30-06-2025) verschilt van de opgegeven "
        "periode (01-01-2025 t/m 31-03-2025). Geef de periode van het bestand op, of laat de "
        "periode leeg."
    ]


# --- through the importer -------------------------------------------------------------


def _import(
    session: Session, data: bytes, ref: str = "GEM-2025-0001", **kw: Any
) -> MonitoringImport:
    contract = session.scalars(select(Contract).where(Contract.ref == ref)).one()
    return run_import(
        session,
        contract,
        data,
        "eigen-opmaak.xlsx",
        USER,
        settings=default_monitoring_settings(),
        today=TODAY,
        max_bytes=2**22,
        commit=kw.pop("commit", False),
        **kw,
    )


@pytest.mark.parametrize("layout", _CLEAN, ids=[layout.name for layout in _CLEAN])
def test_the_corpus_imports_with_the_same_totals(
    session: Session, make_contract: Callable[..., Contract], layout: Layout
) -> None:
    make_contract()
    result = _import(session, write(layout))
    assert not result.rejected, result.reasons + result.row_errors
    assert result.totals is not None
    assert (result.totals.persons, result.totals.hours) == (6, Decimal(1863))
    # 663 register hours over 181 days (25 6/7 weeks) at 25.5 h a week: 1.0055 jobs
    assert result.totals.jobs == Decimal("1.01")


def test_a_report_for_another_contract_names_both(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    make_contract("GEM-2025-0002")
    result = _import(session, write(CORPUS[0]), ref="GEM-2025-0002")
    assert result.exit_code == 3
    assert result.reasons == [
        "Dit rapport is voor contract GEM-2025-0001, u uploadt het bij contract GEM-2025-0002. "
        "Upload het bij het juiste contract."
    ]


def test_a_zero_padded_contract_number_is_the_same_contract(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract("4711")
    layout = Layout(
        **{**CORPUS[0].__dict__, "title": [["Contract", "004711"], ["Periode", "H1 2025"]]}
    )
    assert not _import(session, write(layout), ref="4711").rejected


def test_the_mapping_is_kept_per_contractor_for_its_next_contract(
    session: Session, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    make_contract("GEM-2025-0002")
    first = session.scalars(select(Contract).where(Contract.ref == "GEM-2025-0001")).one()
    asked = _import(session, write(_MAPPED))
    assert asked.needs_mapping and asked.exit_code == 2
    assert "'Doelgroep', 'Aantal personen'" in asked.reasons[0]
    save_profile(
        session,
        first,
        sheet_name=asked.sheet_name,
        signature=asked.headers_signature,
        mapping={**asked.mapping, **_MAPPED.needs_mapping},
        user=USER,
    )
    session.commit()
    assert session.scalars(select(MonitoringProfile.contractor_key)).all() == ["kvk:12345678"]
    again = _import(session, write(_MAPPED), ref="GEM-2025-0002")
    assert again.profile_used and not again.rejected, again.reasons
