"""Undoing a confirmed portfolio import: every value back as it was, the contracts it added
gone, the ones it marked missing back, its untouched drafts deleted, and refused (naming
what) when anything later touched its contracts."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.importing.codec import revision_text
from sroi_plugin.importing.codec import revision_value
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.undo import MAX_REASON
from sroi_plugin.importing.undo import ReasonError
from sroi_plugin.importing.undo import UndoResult
from sroi_plugin.importing.undo import clean_reason
from sroi_plugin.importing.undo import current_revision
from sroi_plugin.importing.undo import undo_import
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import SrEdit
from sroi_plugin.models import utcnow
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import local_moment
from tests.helpers.partnerships import start_partnership
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import run_with

#: Columns covering every kind of stored value: text, code, amount, date, boolean.
WIDE = (
    "Contractnummer",
    "Omschrijving",
    "Leverancier",
    "KvK-nummer",
    "Inkoopcategorie",
    "Soort opdracht",
    "Contractwaarde",
    "Startdatum",
    "Einddatum",
    "SR-percentage",
    "Raamovereenkomst",
    "Indexatieclausule",
)
BEFORE = {"Raamovereenkomst": "nee", "Indexatieclausule": "ja"}
AFTER = {
    "Leverancier": "Ander B.V.",
    "KvK-nummer": "87654321",
    "Inkoopcategorie": "",
    "Soort opdracht": "werk",
    "Contractwaarde": "€ 1.234.567,89",
    "Einddatum": "31-12-2029",
    "SR-percentage": "",
    "Raamovereenkomst": "ja",
    "Indexatieclausule": "nee",
}


def _values(session: Session, ref: str) -> dict[str, Any]:
    found = contract(session, ref)
    return {name: getattr(found, name) for name in (*MODEL_FIELD_NAMES, "status")}


def _undo(session: Session, import_id: int, **options: Any) -> UndoResult:
    return undo_import(session, import_id, user=USER, reason="Verkeerd bestand", **options)


def _import(session: Session, rows: list[list[Any]], **options: Any) -> int:
    result = run(session, xlsx(rows, WIDE), allow_mass_missing=True, **options)
    assert result.committed and result.import_id is not None, result.errors
    return result.import_id


@pytest.mark.parametrize(
    "name, value",
    [
        ("value_total", Decimal("1234567.89")),
        ("end_date", date(2029, 12, 31)),
        ("is_framework", True),
        ("is_framework", False),
        ("kind", "works"),
        ("category", None),
    ],
)
def test_a_revision_value_reads_back_what_the_import_wrote(name: str, value: object) -> None:
    assert revision_value(name, revision_text(value)) == value


def test_undo_puts_every_changed_value_back_exactly(session: Session) -> None:
    first = _import(session, [row("GEM-1", BEFORE, WIDE), row("GEM-2", BEFORE, WIDE)])
    before = _values(session, "GEM-1")
    second = _import(session, [row("GEM-1", AFTER, WIDE), row("GEM-2", BEFORE, WIDE)])
    after = _values(session, "GEM-1")
    changed = {name for name in before if before[name] != after[name]}
    assert {"value_total", "end_date", "is_framework", "kind", "category"} <= changed
    assert count(session, Modification) > 0  # the import detected changes to assess

    result = _undo(session, second)

    assert result.undone, result.as_json()
    assert _values(session, "GEM-1") == before
    assert count(session, Modification) == 0
    assert result.as_json()["counts"]["fields_restored"] == len(changed)
    record = session.get_one(PortfolioImport, second)
    session.refresh(record)
    assert record.undone_by_name == USER.name and record.undo_reason == "Verkeerd bestand"
    assert record.undone_at is not None
    assert session.get_one(PortfolioImport, first).undone_at is None


def test_undo_puts_back_the_derived_mark_a_stated_initial_value_ended(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    derived = contract(session, "GEM-1")
    assert derived.initial_value_derived and derived.initial_value == derived.value_total
    stated_header = (*WIDE, "Initiële waarde")
    stated = {**AFTER, "Initiële waarde": "€ 1.000.000"}
    result = run(session, xlsx([row("GEM-1", stated, stated_header)], stated_header))
    assert result.committed and result.import_id is not None, result.errors
    confirmed = contract(session, "GEM-1")
    session.refresh(confirmed)
    assert (confirmed.initial_value, confirmed.initial_value_derived) == (Decimal("1000000"), False)

    assert _undo(session, result.import_id).undone

    restored = contract(session, "GEM-1")
    session.refresh(restored)
    assert restored.initial_value_derived is True
    assert restored.initial_value == restored.value_total


def test_undo_deletes_the_contracts_it_added_and_unmarks_the_missing(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE), row("GEM-2", BEFORE, WIDE)])
    second = _import(session, [row("GEM-1", BEFORE, WIDE), row("GEM-3", BEFORE, WIDE)])
    assert contract(session, "GEM-2").status == "missing"

    result = _undo(session, second)

    assert result.undone
    assert result.as_json()["counts"] == {
        "fields_restored": 0,
        "contracts_deleted": 1,
        "contracts_unmarked": 1,
        "drafts_deleted": 0,
    }
    assert contract(session, "GEM-2").status == "active"
    assert session.scalars(select(Contract.ref).order_by(Contract.ref)).all() == ["GEM-1", "GEM-2"]
    # the history stays (the two added, GEM-2 marked missing); GEM-3's row went with it
    assert count(session, ContractRevision) == 3


def test_undo_raises_the_revision_so_an_open_preview_goes_stale(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    second = _import(session, [row("GEM-1", AFTER, WIDE)])
    preview = run(session, xlsx([row("GEM-1", AFTER, WIDE)], WIDE), commit=False)
    seen = preview.seen_revision

    assert _undo(session, second).undone
    assert current_revision(session) == (seen or 0) + 1

    confirm = run(session, xlsx([row("GEM-1", AFTER, WIDE)], WIDE), expected_revision=seen)
    assert confirm.stale and not confirm.committed
    assert confirm.errors == [STALE_MESSAGE]


def test_an_undo_with_an_old_revision_changes_nothing(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    seen = current_revision(session)
    second = _import(session, [row("GEM-1", AFTER, WIDE)])

    result = _undo(session, second, expected_revision=seen)

    assert result.stale and not result.undone
    assert contract(session, "GEM-1").supplier_name == "Ander B.V."
    assert session.get_one(PortfolioImport, second).undone_at is None


def test_a_later_import_blocks_until_it_is_undone_itself(session: Session) -> None:
    first = _import(session, [row("GEM-1", BEFORE, WIDE)])
    before = _values(session, "GEM-1")
    second = _import(session, [row("GEM-1", AFTER, WIDE)])
    third = _import(session, [row("GEM-1", {**AFTER, "Contractwaarde": "€ 2.000.000"}, WIDE)])

    refused = _undo(session, second)

    assert not refused.undone
    day = format_date(local_moment(session.get_one(PortfolioImport, third).imported_at).date())
    assert refused.as_json()["blocked_by"] == [
        {
            "contract": "GEM-1",
            "reason": f"na deze import gewijzigd door import {third} op {day} (contractwaarde)",
        }
    ]
    assert refused.blocked_by[0].message().startswith("Contract GEM-1: na deze import")
    assert _undo(session, third).undone
    assert _undo(session, second).undone
    assert _values(session, "GEM-1") == before
    assert _undo(session, first).undone  # the later ones undone, the first goes too
    assert count(session, Contract) == 0


def _edit(session: Session, ref: str, name: str) -> None:
    """Sanne saves the clause panel of ``ref`` now (its clause text, which the export does not
    have: an edit of a field the next import changes would be a conflict to choose on)."""
    target = contract(session, ref)
    session.add(
        SrEdit(
            contract_id=target.id,
            field="sr_clause_text",
            old_value=None,
            new_value="Opdrachtnemer besteedt 5% aan social return.",
            contract_version=target.version + 1,
            edited_by_id="u-sanne",
            edited_by_name=name,
            edited_at=utcnow(),
        )
    )
    session.commit()


def test_a_panel_edit_after_the_import_blocks_naming_who(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    _edit(session, "GEM-1", "Eerder Bewerkt")  # before the import: no reason to refuse
    second = _import(session, [row("GEM-1", AFTER, WIDE)])
    _edit(session, "GEM-1", "Sanne de Vries")

    refused = _undo(session, second)

    assert [blocker.message() for blocker in refused.blocked_by] == [
        "Contract GEM-1: clausule bewerkt door Sanne de Vries op "
        + format_date(local_moment(utcnow()).date())
    ]
    assert contract(session, "GEM-1").supplier_name == "Ander B.V."


def test_anything_on_a_contract_it_added_blocks(
    session: Session, app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    second = _import(session, [row("GEM-1", BEFORE, WIDE), row("GEM-NIEUW", BEFORE, WIDE)])
    added = contract(session, "GEM-NIEUW")
    session.add(
        Modification(
            contract_id=added.id,
            kind="manual",
            status="proposed",
            description="Meerwerk",
            created_by_name="Sanne de Vries",
            version=1,
        )
    )
    session.commit()
    login("admin")
    start_partnership(client, refs=("GEM-NIEUW",))

    refused = _undo(session, second)

    assert [blocker.message() for blocker in refused.blocked_by] == [
        "Contract GEM-NIEUW: door deze import toegevoegd, maar er hangt al 1 "
        "samenwerkingsverband aan",
        "Contract GEM-NIEUW: door deze import toegevoegd, maar er hangt al 1 contractwijziging aan",
    ]
    assert count(session, Contract) == 2


def test_a_completed_detected_change_blocks(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    second = _import(session, [row("GEM-1", AFTER, WIDE)])
    draft = session.scalars(select(Modification).where(Modification.import_id == second)).first()
    assert draft is not None
    draft.status = "proposed"
    draft.proposed_by_name = "Sanne de Vries"
    session.commit()

    refused = _undo(session, second)

    assert not refused.undone
    assert any(
        blocker.ref == "GEM-1" and "is al ingevuld door Sanne de Vries" in blocker.reason
        for blocker in refused.blocked_by
    )


def test_an_import_is_undone_once_and_an_unknown_one_not_at_all(session: Session) -> None:
    _import(session, [row("GEM-1", BEFORE, WIDE)])
    second = _import(session, [row("GEM-1", AFTER, WIDE)])
    assert _undo(session, second).undone

    again = _undo(session, second)
    unknown = _undo(session, second + 100)

    assert not again.undone and "al ongedaan gemaakt door Ina Inkoper" in again.errors[0]
    assert unknown.unknown and not unknown.undone


@pytest.mark.parametrize(
    "raw, message",
    [
        ("   ", "Reden: geef aan waarom"),
        ("fout\x00bestand", "stuurteken (U+0000)"),
        ("x" * (MAX_REASON + 1), f"maximaal {MAX_REASON} tekens"),
    ],
)
def test_the_reason_is_required_bounded_and_without_control_characters(
    raw: str, message: str
) -> None:
    with pytest.raises(ReasonError, match=re.escape(message)):
        clean_reason(raw)
    assert clean_reason("  Verkeerd bestand ") == "Verkeerd bestand"


def test_an_export_value_procurement_declined_is_not_put_back(session: Session) -> None:
    assert run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})])).committed
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    second = run_with(
        session,
        xlsx([row("GEM-1", {"Contractwaarde": "€ 1.100.000"})]),
        choices={"sr_percentage:gem-1": "plugin"},  # keep the panel's 2,5%, decline the 5%
    )
    assert second.committed and second.import_id is not None

    result = _undo(session, second.import_id)

    assert result.undone, result.as_json()
    assert result.as_json()["counts"]["fields_restored"] == 1  # the value; not the kept edit
    assert contract(session, "GEM-1").value_total == Decimal("1000000.00")
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")
