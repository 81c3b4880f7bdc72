"""Field ownership on a register import: a panel edit is never overwritten silently.

A plugin-owned field edited in a panel since the last import that touched it is a conflict
the import does not write until procurement chooses; a register-owned one is overwritten and
listed; a field never edited in a panel takes the export's value.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from sroi_plugin.rules.field_owners import REGISTER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import EDITOR
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import revisions_of
from tests.helpers.register_sync import run_with

KEY = "sr_percentage:gem-1"


def _edited(session: Session) -> None:
    """GEM-1 imported at 5%, then set to 2,5% in the clause panel."""
    assert run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})])).committed
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")


def test_a_field_never_edited_in_the_plugin_takes_the_export(session: Session) -> None:
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
    result = run_with(session, xlsx([row("GEM-1")]))
    assert result.committed and result.conflicts == []
    assert contract(session, "GEM-1").sr_percentage == Decimal("5.00")


def test_an_edit_the_export_contradicts_is_a_conflict_and_nothing_is_written(
    session: Session,
) -> None:
    _edited(session)
    preview = run_with(session, xlsx([row("GEM-1")]), commit=False)
    (conflict,) = preview.conflicts
    assert (conflict.key, conflict.ref, conflict.field) == (KEY, "GEM-1", "sr_percentage")
    assert (conflict.plugin_value, conflict.export_value) == (Decimal("2.50"), Decimal("5.00"))
    assert conflict.edited_by == EDITOR and conflict.choice is None
    assert all("sr_percentage" not in change.fields for change in preview.changes)
    refused = run_with(session, xlsx([row("GEM-1")]))
    assert not refused.committed and len(refused.unresolved_conflicts()) == 1
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")


def test_keep_the_edit_writes_a_kept_edit_revision_and_changes_nothing(
    session: Session,
) -> None:
    _edited(session)
    result = run_with(session, xlsx([row("GEM-1")]), choices={KEY: "plugin"})
    assert result.committed
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")
    assert revisions_of(session, "GEM-1", "sr_percentage")[-1] == ("5.00", "kept_edit")
    # the next export with the same value does not ask again and writes nothing
    again = run_with(session, xlsx([row("GEM-1")]))
    assert again.committed and again.conflicts == [] and again.changes == []
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")


def test_a_new_export_value_over_a_kept_edit_asks_again(session: Session) -> None:
    _edited(session)
    run_with(session, xlsx([row("GEM-1")]), choices={KEY: "plugin"})
    result = run_with(session, xlsx([row("GEM-1", {"SR-percentage": "6%"})]), commit=False)
    assert [(c.plugin_value, c.export_value) for c in result.conflicts] == [
        (Decimal("2.50"), Decimal("6.00"))
    ]


def test_take_the_export_writes_it_as_a_took_export_revision(session: Session) -> None:
    _edited(session)
    result = run_with(session, xlsx([row("GEM-1")]), choices={KEY: "export"})
    assert result.committed
    assert contract(session, "GEM-1").sr_percentage == Decimal("5.00")
    assert revisions_of(session, "GEM-1", "sr_percentage")[-1] == ("5.00", "took_export")


def test_one_choice_for_all_conflicts(session: Session) -> None:
    rows = [row("GEM-1", {"SR-percentage": "12%"}), row("GEM-2", {"SR-percentage": "12%"})]
    run_with(session, xlsx(rows))
    edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    edit_in_panel(session, "GEM-2", "sr_percentage", Decimal("3"), text="3")
    result = run_with(
        session,
        xlsx([row("GEM-1"), row("GEM-2")]),
        choose_all="export",
        choices={KEY: "plugin"},  # its own choice wins over the one for all
    )
    assert result.committed
    assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")
    assert contract(session, "GEM-2").sr_percentage == Decimal("5.00")


def test_no_conflict_for_an_edit_before_the_last_import_that_touched_the_field(
    session: Session,
) -> None:
    _edited(session)
    run_with(session, xlsx([row("GEM-1", {"SR-percentage": "4%"})]), choices={KEY: "export"})
    result = run_with(session, xlsx([row("GEM-1")]))
    assert result.committed and result.conflicts == []
    assert contract(session, "GEM-1").sr_percentage == Decimal("5.00")


def test_a_register_field_edited_in_the_plugin_is_overwritten_and_listed(
    session: Session,
) -> None:
    run_with(session, xlsx([row("GEM-1")]))
    edit_in_panel(session, "GEM-1", "value_total", Decimal("1100000"), text="1100000.00")
    result = run_with(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.300.000"})]))
    assert result.committed and result.conflicts == []
    (overwrite,) = result.overwrites
    assert (overwrite.field, overwrite.edited_by) == ("value_total", EDITOR)
    assert overwrite.export_value == Decimal("1300000.00")
    assert contract(session, "GEM-1").value_total == Decimal("1300000.00")


def test_an_ownership_override_makes_the_register_win(session: Session) -> None:
    _edited(session)
    owners = {**DEFAULT_OWNERS, "sr_percentage": REGISTER}
    result = run_with(session, xlsx([row("GEM-1")]), owners=owners)
    assert result.committed and result.conflicts == []
    assert [item.field for item in result.overwrites] == ["sr_percentage"]
    assert contract(session, "GEM-1").sr_percentage == Decimal("5.00")


def test_an_ownership_override_makes_a_register_field_the_plugins(session: Session) -> None:
    run_with(session, xlsx([row("GEM-1")]))
    edit_in_panel(session, "GEM-1", "title", "Schoonmaak (bijgewerkt)")
    owners = {**DEFAULT_OWNERS, "title": "plugin"}
    result = run_with(session, xlsx([row("GEM-1")]), owners=owners, commit=False)
    assert [item.field for item in result.conflicts] == ["title"]
