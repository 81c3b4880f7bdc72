"""``flask sroi imports`` and ``flask sroi undo-import ID --reason``: ids to undo by, exit
codes 0 (undone), 2 (unknown id or a bad reason), 3 (refused, ``blocked_by`` names why)."""

from __future__ import annotations

import json
from typing import Any

from click.testing import Result
from flask import Flask
from sqlalchemy.orm import Session

from sroi_plugin.models import PortfolioImport
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx


def cli(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["sroi", *args])


def as_json(result: Result) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def _two_imports(session: Session) -> tuple[int, int]:
    """GEM-1 at € 1.000.000, then at € 1.500.000 with GEM-2 added."""
    first = run(session, xlsx([row("GEM-1")]))
    second = run(session, xlsx([row("GEM-1", {"Contractwaarde": "€ 1.500.000"}), row("GEM-2")]))
    assert first.import_id is not None and second.import_id is not None
    return first.import_id, second.import_id


def test_imports_lists_every_import_with_its_id_newest_first(app: Flask, session: Session) -> None:
    first, second = _two_imports(session)

    listed = as_json(cli(app, "imports", "--json"))["imports"]
    text = cli(app, "imports")

    assert [item["id"] for item in listed] == [second, first]
    assert listed[0]["counts"]["new"] == 1 and listed[0]["counts"]["changed"] == 1
    assert listed[0]["file"] == "export.xlsx" and listed[0]["by"] == "Ina Inkoper"
    assert listed[0]["undone"] is False
    assert text.exit_code == 0 and f"{second}  " in text.stdout and "geldig" in text.stdout


def test_undo_import_undoes_and_the_list_says_so(app: Flask, session: Session) -> None:
    _first, second = _two_imports(session)

    result = cli(app, "undo-import", str(second), "--reason", "Verkeerd bestand", "--json")

    assert result.exit_code == 0, result.output
    body = as_json(result)
    assert body["undone"] is True and body["blocked_by"] == []
    assert body["counts"] == {
        "fields_restored": 1,
        "contracts_deleted": 1,
        "contracts_unmarked": 0,
        "drafts_deleted": 1,
    }
    assert contract(session, "GEM-1").value_total == 1_000_000
    listed = as_json(cli(app, "imports", "--json"))["imports"]
    assert listed[0]["undone"] is True and listed[0]["undo_reason"] == "Verkeerd bestand"
    assert listed[0]["undone_by"].startswith("Commandoregel (")


def test_undo_import_refused_by_a_later_import_exits_3_naming_it(
    app: Flask, session: Session
) -> None:
    first, second = _two_imports(session)

    result = cli(app, "undo-import", str(first), "--reason", "Verkeerd bestand", "--json")
    human = cli(app, "undo-import", str(first), "--reason", "Verkeerd bestand")

    assert result.exit_code == 3
    body = as_json(result)
    assert body["undone"] is False
    assert {item["contract"] for item in body["blocked_by"]} == {"GEM-1"}
    reasons = [item["reason"] for item in body["blocked_by"]]
    assert any(
        reason.startswith(f"na deze import gewijzigd door import {second} op ")
        for reason in reasons
    )
    # the change the later import found hangs on the contract this one added
    assert "door deze import toegevoegd, maar er hangt al 1 contractwijziging aan" in reasons
    assert human.exit_code == 3
    assert f"Contract GEM-1: na deze import gewijzigd door import {second}" in human.stderr
    assert session.get_one(PortfolioImport, first).undone_at is None


def test_undo_import_of_an_unknown_id_exits_2(app: Flask, session: Session) -> None:
    result = cli(app, "undo-import", "999", "--reason", "Verkeerd bestand", "--json")

    assert result.exit_code == 2
    assert as_json(result)["unknown"] is True
    assert "Import 999 bestaat niet." in as_json(result)["errors"]


def test_undo_import_needs_a_readable_reason(app: Flask, session: Session) -> None:
    _first, second = _two_imports(session)

    empty = cli(app, "undo-import", str(second), "--reason", "  ")
    control = cli(app, "undo-import", str(second), "--reason", "fout\x07bestand", "--json")

    assert empty.exit_code == 2 and "Reden: geef aan waarom" in empty.stderr
    assert control.exit_code == 2 and "stuurteken (U+0007)" in as_json(control)["errors"][0]
    assert session.get_one(PortfolioImport, second).undone_at is None


def test_undo_import_twice_exits_3(app: Flask, session: Session) -> None:
    _first, second = _two_imports(session)
    assert cli(app, "undo-import", str(second), "--reason", "Verkeerd bestand").exit_code == 0

    again = cli(app, "undo-import", str(second), "--reason", "Nog eens")

    assert again.exit_code == 3 and "al ongedaan gemaakt door" in again.stderr
