"""The import engine against a database: preview, commit, all-or-nothing, stale previews,
missing and ended contracts, changes to assess, duplicates, invalid rows and profiles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from sroi_plugin.importing import apply as apply_stage
from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.importing.matcher import ContractMatcher
from sroi_plugin.importing.profiles import save_profile
from sroi_plugin.importing.read import ColumnsNotFound
from sroi_plugin.importing.result import CHANGED
from sroi_plugin.importing.result import ERROR
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from tests.helpers.clock import TODAY
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import read
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

MakeContract = Callable[..., Contract]

def revision_of_portfolio(session: Session) -> int:
    value = session.scalar(select(PortfolioState.revision).where(PortfolioState.id == 1))
    return value or 0


def test_header_below_a_title_block_is_found_and_the_rows_committed(session: Session) -> None:
    data = xlsx(
        [row("GEM-1"), row("GEM-2", {"Einddatum": "30-06-2026", "SR-percentage": "nvt"})],
        above=[["Contractenoverzicht gemeente Voorbeeld"], ["Peildatum: 01-11-2026"], []],
    )
    result = run(session, data)
    assert result.committed and result.import_id is not None
    assert (result.sheet, result.header_row) == ("Contracten", 4)
    assert result.counts == {
        "new": 2,
        "changed": 0,
        "unchanged": 0,
        "invalid": 0,
        "missing": 0,
        "skipped": 0,
    }
    first = contract(session, "GEM-1")
    assert first.value_total == Decimal("1000000.00")
    assert (first.start_date, first.end_date) == (date(2025, 1, 1), date(2027, 12, 31))
    assert first.sr_percentage == Decimal("5.00")
    assert (first.status, first.version, first.title) == ("active", 1, "Schoonmaak stadskantoor")
    ended = contract(session, "GEM-2")
    assert ended.status == "ended"  # 30-06-2026 lies before today (25-11-2026)
    assert ended.sr_percentage is None


def test_preview_counts_and_field_diffs_and_writes_nothing(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-B")
    make_contract("GEM-C")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Contractwaarde": "1.300.000", "Einddatum": "31-12-2029"}),
            row("gem-b ", SEEDED),
            row("GEM-D"),
        ]
    )
    result = run(session, data, commit=False)
    assert not result.committed and result.import_id is None
    assert result.counts == {
        "new": 1,
        "changed": 1,
        "unchanged": 1,
        "invalid": 0,
        "missing": 1,
        "skipped": 0,
    }
    assert result.missing_refs == ["GEM-C"]
    (change,) = result.changes
    assert change.ref == "GEM-A"
    assert change.fields == {
        "value_total": (Decimal("1200000.00"), Decimal("1300000.00")),
        "end_date": (date(2028, 12, 31), date(2029, 12, 31)),
    }
    assert [(c.ref, c.change.kind) for c in result.changes_to_assess] == [
        ("GEM-A", "value_increase"),
        ("GEM-A", "term_extension"),
    ]
    # a ref written differently ("gem-b ") is the same contract, and its spelling no change
    # the preview was the real import, rolled back
    assert contract(session, "GEM-A").value_total == Decimal("1200000.00")
    assert contract(session, "GEM-C").status == "active"
    assert count(session, Contract) == 3
    assert count(session, PortfolioImport) == count(session, ContractRevision) == 0
    assert count(session, Modification) == 0
    assert revision_of_portfolio(session) == 0


def test_commit_updates_changed_contracts_bumps_versions_and_keeps_revisions(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-B")
    data = xlsx(
        [row("GEM-A", {**SEEDED, "Contractwaarde": "1.300.000"}), row("GEM-B", SEEDED)]
    )
    result = run(session, data)
    assert result.committed
    changed = contract(session, "GEM-A")
    assert changed.value_total == Decimal("1300000.00")
    assert changed.version == 2
    assert contract(session, "GEM-B").version == 1  # nothing written for an unchanged row
    revisions = session.scalars(select(ContractRevision)).all()
    assert [(r.contract_id, r.field, r.old_value, r.new_value, r.import_id) for r in revisions] == [
        (changed.id, "value_total", "1200000.00", "1300000.00", result.import_id)
    ]
    audit = session.get(PortfolioImport, result.import_id)
    assert audit is not None
    assert (audit.imported_by_id, audit.imported_by_name, audit.source) == (
        "u-test",
        "Ina Inkoper",
        "web",
    )
    assert (audit.changed_count, audit.unchanged_count, audit.new_count) == (1, 1, 0)
    assert len(audit.file_sha256) == 64 and audit.sheet == "Contracten"
    assert revision_of_portfolio(session) == audit.revision == 1


def test_an_error_midway_through_the_commit_leaves_the_database_unchanged(
    session: Session, make_contract: MakeContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-GONE")
    data = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "9.999.999"}), row("GEM-NEW")])

    def broken(_session: Session, _rows: list[dict[str, Any]]) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_stage, "_insert_revisions", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run(session, data)
    assert contract(session, "GEM-A").value_total == Decimal("1200000.00")
    assert contract(session, "GEM-A").version == 1
    assert contract(session, "GEM-GONE").status == "active"
    assert count(session, Contract) == 2  # GEM-NEW was inserted before the failure, then undone
    assert count(session, PortfolioImport) == 0
    assert revision_of_portfolio(session) == 0


def test_confirm_of_a_stale_preview_is_refused(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    mine = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    preview = run(session, mine, commit=False)
    assert preview.seen_revision == 0
    other = run(session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.400.000"})]))
    assert other.committed
    confirm = run(session, mine, expected_revision=preview.seen_revision)
    assert confirm.stale and not confirm.committed
    assert confirm.errors == [STALE_MESSAGE]
    assert confirm.has_errors() and not confirm.has_invalid_rows()
    assert contract(session, "GEM-A").value_total == Decimal("1400000.00")
    assert count(session, PortfolioImport) == 1
    # a fresh preview sees the new revision and may be confirmed
    fresh = run(session, mine, commit=False)
    assert fresh.seen_revision == 1
    assert run(session, mine, expected_revision=fresh.seen_revision).committed


def test_two_confirms_of_the_same_preview_commit_once(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    data = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    seen = run(session, data, commit=False).seen_revision
    first = run(session, data, expected_revision=seen)
    second = run(session, data, expected_revision=seen)
    assert first.committed and not second.committed and second.stale
    assert count(session, PortfolioImport) == 1


def test_contracts_missing_from_the_export_are_marked_never_deleted(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-GONE")
    result = run(session, xlsx([row("GEM-A", SEEDED)]))
    assert result.counts["missing"] == 1 and result.missing_refs == ["GEM-GONE"]
    gone = contract(session, "GEM-GONE")
    assert (gone.status, gone.version) == ("missing", 2)
    revision = session.scalars(
        select(ContractRevision).where(ContractRevision.contract_id == gone.id)
    ).one()
    assert (revision.field, revision.old_value, revision.new_value) == (
        "status",
        "active",
        "missing",
    )
    # still missing next time: counted, but nothing is written again
    again = run(session, xlsx([row("GEM-A", SEEDED)]))
    assert again.counts["missing"] == 1
    assert contract(session, "GEM-GONE").version == 2
    # back in the export: active again
    back = run(session, xlsx([row("GEM-A", SEEDED), row("GEM-GONE", SEEDED)]))
    assert back.changes[0].fields == {"status": ("missing", "active")}
    assert contract(session, "GEM-GONE").status == "active"


def test_an_end_date_before_today_makes_a_listed_contract_ended(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    result = run(session, xlsx([row("GEM-A", {**SEEDED, "Einddatum": "24-11-2026"})]))
    assert result.changes[0].fields["status"] == ("active", "ended")
    assert contract(session, "GEM-A").status == "ended"
    today_ends = run(session, xlsx([row("GEM-A", {**SEEDED, "Einddatum": "25-11-2026"})]))
    assert today_ends.changes[0].fields["status"] == ("ended", "active")


def test_changes_to_assess_become_draft_modifications(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A", value_total=Decimal("1000000"))
    changed = {
        **SEEDED,
        "Contractwaarde": "€ 1.200.000",
        "Einddatum": "31-12-2029",
        "Leverancier": "Fris Facilitair B.V.",
        "KvK-nummer": "87654321",
        "Soort opdracht": "werk",
        "Inkoopcategorie": "beveiliging",
    }
    result = run(session, xlsx([row("GEM-A", changed)]))
    assert [(c.change.kind, c.change.old, c.change.new) for c in result.changes_to_assess] == [
        ("value_increase", "1000000.00", "1200000.00"),
        ("term_extension", "2028-12-31", "2029-12-31"),
        (
            "supplier_change",
            "Schoon & Sociaal B.V. (KvK 12345678)",
            "Fris Facilitair B.V. (KvK 87654321)",
        ),
        ("kind_change", "dienst", "werk"),
        ("category_change", "schoonmaak", "beveiliging"),
    ]
    drafts = session.scalars(select(Modification).order_by(Modification.id)).all()
    assert [d.kind for d in drafts] == [c.change.kind for c in result.changes_to_assess]
    value = drafts[0]
    assert value.status == "draft" and value.contract_id == contract(session, "GEM-A").id
    assert value.import_id == result.import_id
    assert value.description == (
        "Contractwaarde verhoogd van € 1.000.000 naar € 1.200.000 (import 25-11-2026)"
    )
    assert value.value_delta == Decimal("200000.00")
    assert value.modification_date == TODAY
    assert (value.created_by_id, value.created_by_name) == ("u-test", "Ina Inkoper")
    assert drafts[1].new_end_date == date(2029, 12, 31)
    assert drafts[1].description == (
        "Einddatum verlengd van 31-12-2028 naar 31-12-2029 (import 25-11-2026)"
    )
    audit = session.get(PortfolioImport, result.import_id)
    assert audit is not None and audit.assess_count == 5


def test_lower_value_earlier_end_and_a_renamed_supplier_are_no_changes_to_assess(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    changed = {
        **SEEDED,
        "Contractwaarde": "€ 1.100.000",
        "Einddatum": "30-06-2028",
        "Leverancier": "Schoon en Sociaal Groep B.V.",  # same KvK: a rename
        "Inkoopcategorie": "Schoonmaak ",  # spelling only
    }
    result = run(session, xlsx([row("GEM-A", changed)]))
    assert result.counts["changed"] == 1
    assert result.changes_to_assess == []
    assert count(session, Modification) == 0


def test_duplicate_contract_numbers_reject_every_row_with_that_number(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    data = xlsx([row("GEM-A", SEEDED), row("GEM-B"), row(" gem-a", SEEDED), row("GEM-C")])
    preview = run(session, data, commit=False)
    assert preview.counts["invalid"] == 2 and preview.counts["new"] == 2
    assert [(r.row, r.ref) for r in preview.invalid_rows] == [(2, "GEM-A"), (4, "gem-a")]
    assert preview.invalid_rows[0].errors == [
        "Rij 2, Contractnummer: 'GEM-A' komt meer dan eens voor in het bestand (ook op rij 4); "
        "alle rijen met dit nummer zijn overgeslagen"
    ]
    # a duplicated contract is in the export: it is not "missing"
    assert preview.counts["missing"] == 0


def test_invalid_rows_block_the_commit_unless_explicitly_allowed(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Contractwaarde": "1.250.000"}),
            row("GEM-B", {"Einddatum": "31-13-2027"}),
            row("GEM-C"),
        ]
    )
    refused = run(session, data)
    assert not refused.committed and refused.has_invalid_rows() and not refused.has_errors()
    assert refused.invalid_rows[0].errors == [
        "Rij 3, Einddatum: '31-13-2027' is geen geldige datum (schrijf 31-12-2026)"
    ]
    assert count(session, Contract) == 1 and count(session, PortfolioImport) == 0
    assert contract(session, "GEM-A").value_total == Decimal("1200000.00")
    allowed = run(session, data, allow_invalid=True)
    assert allowed.committed
    assert {c.ref for c in session.scalars(select(Contract))} == {"GEM-A", "GEM-C"}
    audit = session.get(PortfolioImport, allowed.import_id)
    assert audit is not None and audit.allow_invalid and audit.invalid_count == 1


def test_text_too_long_for_its_column_is_an_invalid_row(session: Session) -> None:
    result = run(session, xlsx([row("GEM-A", {"Leverancier": "L" * 201})]), commit=False)
    assert result.invalid_rows[0].errors == [
        "Rij 2, Leverancier: de tekst is te lang (201 tekens, maximaal 200)"
    ]
    too_big = run(session, xlsx([row("GEM-B", {"Contractwaarde": 10**14})]), commit=False)
    assert too_big.invalid_rows[0].errors == [  # the parser's bound comes before the column's
        "Rij 2, Contractwaarde: '100000000000000' is geen realistisch bedrag "
        "(€ 1.000.000.000.000 of meer)"
    ]


def test_a_column_the_file_lacks_leaves_the_stored_value_alone(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A", wage_sum=Decimal("400000"), department="Facilitaire Zaken")
    header = ("Contractnr.", "Omschrijving", "Leverancier", "Einddatum")
    data = xlsx(
        [["GEM-A", "Schoonmaakonderhoud stadskantoor", "Schoon & Sociaal B.V.", ""]], header
    )
    result = run(session, data)
    # the empty end date in a column the file has does empty the value …
    assert result.changes[0].fields == {"end_date": (date(2028, 12, 31), None)}
    stored = contract(session, "GEM-A")
    # … but value, wage sum, department and SR (no such columns) stay
    assert stored.value_total == Decimal("1200000.00")
    assert (stored.wage_sum, stored.department) == (Decimal("400000.00"), "Facilitaire Zaken")
    assert stored.sr_percentage == Decimal("5.00")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("ja", Decimal("5.00")), ("nee", None), ("3%", Decimal("3.00")), (None, Decimal("5.00"))],
)
def test_a_social_return_yes_no_column_keeps_or_sets_the_percentage(
    session: Session, make_contract: MakeContract, cell: str | None, expected: Decimal | None
) -> None:
    make_contract("GEM-A")
    header = ("Contractnummer", "Omschrijving", "Leverancier", "Social return")
    data = xlsx(
        [["GEM-A", "Schoonmaakonderhoud stadskantoor", "Schoon & Sociaal B.V.", cell]], header
    )
    run(session, data)
    assert contract(session, "GEM-A").sr_percentage == expected


def test_columns_that_cannot_be_placed_ask_for_a_mapping_that_a_profile_then_remembers(
    session: Session,
) -> None:
    header = ("Dossier", "Firma", "Bedrag", "Afloop")  # no contract-number column
    first = xlsx([["X-1", "Schoon B.V.", "€ 10.000", "31-12-2027"]], header, above=[["Export"]])
    with pytest.raises(ColumnsNotFound) as caught:
        read(session, first)
    candidate = caught.value.candidate
    assert (candidate.sheet, candidate.header_row) == ("Contracten", 2)
    assert candidate.headers == list(header)
    assert "Geen kopregel gevonden" in str(caught.value)
    mapping = {
        "ref": "Dossier",
        "supplier_name": "Firma",
        "value_total": "Bedrag",
        "end_date": "Afloop",
    }
    profile = save_profile(
        session, name="Export Ultimo", signature=candidate.signature, mapping=mapping, user=USER
    )
    session.commit()
    second = xlsx(
        [["X-2", "Fris B.V.", "€ 20.000", "30-06-2028"], ["X-3", "Groen B.V.", 5000, None]],
        header,
        above=[["Export van een andere dag"], []],
    )
    result = run(session, second)
    assert result.committed and result.counts["new"] == 2
    assert (result.profile_id, result.profile_name) == (profile.id, "Export Ultimo")
    assert result.header_row == 3
    stored = contract(session, "X-2")
    assert (stored.supplier_name, stored.value_total) == ("Fris B.V.", Decimal("20000.00"))
    audit = session.get(PortfolioImport, result.import_id)
    assert audit is not None and audit.profile_name == "Export Ultimo"


def test_a_contract_changed_by_someone_else_during_the_import_stops_it(
    session: Session, make_contract: MakeContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contract("GEM-A")
    original = ContractMatcher._load

    def load_then_someone_edits(matcher: ContractMatcher) -> Any:
        loaded = original(matcher)
        session.execute(text("UPDATE sroi_contract SET version = version + 1"))
        return loaded

    monkeypatch.setattr(ContractMatcher, "_load", load_then_someone_edits)
    result = run(session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "2.000.000"})]))
    assert not result.committed and result.has_errors()
    assert result.totals[ERROR] == 1 and result.totals[CHANGED] == 0
    assert "GEM-A" in result.errors[0]
    assert contract(session, "GEM-A").value_total == Decimal("1200000.00")


def test_a_second_import_of_the_same_file_writes_no_contract_data(session: Session) -> None:
    data = xlsx([row(f"GEM-{n}") for n in range(1, 6)])
    assert run(session, data).counts["new"] == 5
    revisions = count(session, ContractRevision)
    second = run(session, data)
    assert second.committed and second.counts["unchanged"] == 5
    assert count(session, ContractRevision) == revisions
    assert {c.version for c in session.scalars(select(Contract))} == {1}
    assert count(session, PortfolioImport) == 2  # the sync itself is still on record
