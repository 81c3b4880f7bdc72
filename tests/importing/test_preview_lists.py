"""What an import names besides its counts: the new contracts, and the missing ones with
their end date (ended, or vanished while running); "—", "geen" and "n.v.t." extension
options are one value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from sroi_plugin.importing.diff import same_value
from sroi_plugin.importing.result import MissingContract
from sroi_plugin.importing.result import NewContract
from tests.helpers.portfolio import HEADER
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

OPTIONS_HEADER = (*HEADER, "Verlengingsopties")


def test_new_contracts_are_named_with_title_supplier_and_value(session: Session) -> None:
    result = run(session, xlsx([row("GEM-1"), row("GEM-2", {"Leverancier": "Groen B.V."})]))
    assert result.new_contracts == [
        NewContract("GEM-1", "Schoonmaak stadskantoor", "Schoon B.V.", Decimal("1000000.00")),
        NewContract("GEM-2", "Schoonmaak stadskantoor", "Groen B.V.", Decimal("1000000.00")),
    ]
    summary = result.summary()
    assert summary["new_contracts"][1] == {
        "ref": "GEM-2",
        "title": "Schoonmaak stadskantoor",
        "supplier_name": "Groen B.V.",
        "value_total": "1000000.00",
    }


def test_missing_contracts_say_whether_they_ended_or_vanished_while_running(
    session: Session,
) -> None:
    rows = [
        row("GEM-1"),
        row("OUD-1", {"Einddatum": "30-06-2026"}),  # before today (25-11-2026)
        row("LOOPT-1", {"Einddatum": "31-12-2027"}),
    ]
    run(session, xlsx(rows))
    result = run(session, xlsx([row("GEM-1")]), commit=False, allow_mass_missing=True)
    assert result.missing_contracts == [
        MissingContract("LOOPT-1", "Schoonmaak stadskantoor", date(2027, 12, 31), ended=False),
        MissingContract("OUD-1", "Schoonmaak stadskantoor", date(2026, 6, 30), ended=True),
    ]


@pytest.mark.parametrize("exported", ["geen", "n.v.t.", "Geen verlenging", None])
def test_no_extension_options_is_no_change_however_it_is_written(
    session: Session, exported: str | None
) -> None:
    run(session, xlsx([row("GEM-1", {"Verlengingsopties": None}, OPTIONS_HEADER)], OPTIONS_HEADER))
    result = run(
        session,
        xlsx([row("GEM-1", {"Verlengingsopties": exported}, OPTIONS_HEADER)], OPTIONS_HEADER),
        commit=False,
    )
    assert result.changes == []
    assert result.counts["unchanged"] == 1


def test_stored_geen_against_an_empty_cell_is_no_change_but_real_options_are() -> None:
    assert same_value("extension_options", "geen", None)
    assert same_value("extension_options", "n.v.t.", "geen")
    assert not same_value("extension_options", None, "2 x 1 jaar")
    assert not same_value("title", None, "")  # only where empty means "none"
