"""``flask sroi import-portfolio FILE``: the page's engine for scheduled syncs, JSON, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.read import NO_CONTRACT_ROWS_MESSAGE
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.xlsx import ole2_bytes

MakeContract = Callable[..., Contract]

def cli(app: Flask, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=["sroi", "import-portfolio", *args])


def write(tmp_path: Path, data: bytes, name: str = "export.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def as_json(result: Result) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_json_shape_of_a_committed_import(
    app: Flask, tmp_path: Path, session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-GONE")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Contractwaarde": "1.234.567,89", "Einddatum": "31-12-2029"}),
            row("GEM-NEW"),
            row("GEM-BAD", {"Einddatum": "morgen"}),
        ],
        [
            *("Contractnummer", "Omschrijving", "Leverancier", "KvK-nummer", "Inkoopcategorie"),
            *("Soort opdracht", "Contractwaarde", "Startdatum", "Einddatum", "SR-percentage"),
            "Opmerking",
        ],
        above=[["Contractenoverzicht"], []],
    )
    result = cli(app, write(tmp_path, data), "--json", "--allow-invalid")
    assert result.exit_code == 0, result.output
    out = as_json(result)
    assert out == {
        "file": "export.xlsx",
        "sheet": "Contracten",
        "header_row": 3,
        "mapped_columns": {
            "ref": "Contractnummer",
            "title": "Omschrijving",
            "supplier_name": "Leverancier",
            "supplier_kvk": "KvK-nummer",
            "category": "Inkoopcategorie",
            "kind": "Soort opdracht",
            "value_total": "Contractwaarde",
            "start_date": "Startdatum",
            "end_date": "Einddatum",
            "sr_percentage": "SR-percentage",
        },
        "unmapped_columns": ["Opmerking"],
        "unmapped_fields": [
            *("procedure", "authority_type", "initial_value", "award_date"),
            *("has_indexation_clause", "value_annual", "wage_sum", "wage_share"),
            *("extension_options", "is_framework", "department", "contract_manager", "has_sr"),
            *("sr_basis", "sr_form", "sr_clause_text"),
        ],
        "suggestions": {},
        "missing_field_warnings": [
            "Geen kolom voor de jaarwaarde: de clausulecheck en de kansrijkheidsscore blijven "
            "voor 1 nieuw contract uit. Het bekende contract houdt de opgeslagen waarde.",
            "Geen kolom voor het loonaandeel: voor 1 nieuw contract kan de loonsom niet uit de "
            "contractwaarde worden afgeleid, en een laag loonaandeel wordt niet gesignaleerd. "
            "Het bekende contract houdt de opgeslagen waarde.",
        ],
        "counts": {
            "new": 1,
            "changed": 1,
            "unchanged": 0,
            "invalid": 1,
            "missing": 1,
            "skipped": 0,
        },
        "invalid_rows": [
            {
                "row": 6,
                "ref": "GEM-BAD",
                "errors": ["Rij 6, Einddatum: 'morgen' is geen geldige datum (schrijf 31-12-2026)"],
            }
        ],
        "changes": [
            {
                "ref": "GEM-A",
                "fields": {
                    "value_total": ["1200000.00", "1234567.89"],
                    "end_date": ["2028-12-31", "2029-12-31"],
                },
            }
        ],
        "changes_to_assess": [
            {"ref": "GEM-A", "kind": "value_increase", "old": "1200000.00", "new": "1234567.89"},
            {"ref": "GEM-A", "kind": "term_extension", "old": "2028-12-31", "new": "2029-12-31"},
        ],
        "missing_check": {
            "newly_missing": 1,
            "active": 2,
            "max_share": "0.20",
            "needs_confirmation": False,
        },
        "conflicts": [],
        "committed": True,
    }
    assert contract(session, "GEM-A").value_total == Decimal("1234567.89")
    audit = session.scalars(select(PortfolioImport)).one()
    assert audit.source == "cli" and audit.imported_by_id.startswith("cli:")
    assert audit.allow_invalid
    assert count(session, Modification) == 2


def test_dry_run_reads_but_commits_nothing(app: Flask, tmp_path: Path, session: Session) -> None:
    result = cli(app, write(tmp_path, xlsx([row("GEM-1")])), "--dry-run", "--json")
    assert result.exit_code == 0
    out = as_json(result)
    assert out["committed"] is False and out["counts"]["new"] == 1
    assert count(session, Contract) == 0


def test_invalid_rows_without_allow_invalid_exit_3_and_commit_nothing(
    app: Flask, tmp_path: Path, session: Session
) -> None:
    data = xlsx([row("GEM-1"), row("GEM-2", {"Contractwaarde": "veel"})])
    result = cli(app, write(tmp_path, data), "--json")
    assert result.exit_code == 3
    out = as_json(result)
    assert out["committed"] is False and out["counts"]["invalid"] == 1
    assert count(session, Contract) == 0
    # a dry run of the same file is a successful read
    assert cli(app, write(tmp_path, data), "--dry-run").exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ref;naam\n1;x\n", "geen Excel-bestand maar tekst"),
        (ole2_bytes(["EncryptionInfo", "EncryptedPackage"]), "beveiligd met een wachtwoord"),
        (b"", "Het bestand is leeg"),
    ],
)
def test_an_unreadable_file_exits_2_with_the_dutch_message(
    app: Flask, tmp_path: Path, session: Session, content: bytes, message: str
) -> None:
    result = cli(app, write(tmp_path, content), "--json")
    assert result.exit_code == 2
    assert message in result.stderr
    assert as_json(result)["committed"] is False and message in as_json(result)["error"]
    assert count(session, PortfolioImport) == 0


def test_missing_file_sheet_or_columns_exit_2(app: Flask, tmp_path: Path) -> None:
    gone = cli(app, str(tmp_path / "weg.xlsx"))
    assert gone.exit_code == 2 and "bestaat niet of is geen bestand" in gone.stderr
    path = write(tmp_path, xlsx([row("GEM-1")]))
    sheet = cli(app, path, "--sheet", "Blad9")
    assert sheet.exit_code == 2 and "Werkblad 'Blad9' bestaat niet" in sheet.stderr
    columns = cli(app, write(tmp_path, xlsx([["1", "x", "y"]], ["Nummer", "Firma", "Bedrag"])))
    assert columns.exit_code == 2 and "Geen kopregel gevonden" in columns.stderr


def test_sheet_option_and_dutch_summary(app: Flask, tmp_path: Path, session: Session) -> None:
    data = xlsx([row("GEM-1"), row("GEM-2")], title="Register 2026")
    result = cli(app, write(tmp_path, data), "--sheet", "register 2026")
    assert result.exit_code == 0, result.output
    assert "werkblad 'Register 2026', kopregel op rij 1" in result.stdout
    assert "Nieuw 2, gewijzigd 0, ongewijzigd 0, ongeldig 0, niet in export 0" in result.stdout
    assert "Vastgelegd." in result.stdout
    assert count(session, Contract) == 2


# --- guards against losing data ---------------------------------------------------------------


def register(count_: int) -> bytes:
    """An export of contracts GEM-0001 … GEM-<count_>."""
    return xlsx([row(f"GEM-{number:04d}") for number in range(1, count_ + 1)])


def missing_count(session: Session) -> int:
    session.expire_all()
    return sum(c.status == "missing" for c in session.scalars(select(Contract)))


def test_a_header_without_contract_rows_exits_2_and_marks_nothing(
    app: Flask, tmp_path: Path, session: Session
) -> None:
    assert cli(app, write(tmp_path, register(3), "full.xlsx")).exit_code == 0
    result = cli(app, write(tmp_path, xlsx([[], [None, " "]])), "--json")
    assert result.exit_code == 2
    assert as_json(result) == {
        "file": "export.xlsx",
        "error": NO_CONTRACT_ROWS_MESSAGE,
        "committed": False,
    }
    assert NO_CONTRACT_ROWS_MESSAGE in result.stderr
    assert missing_count(session) == 0 and count(session, PortfolioImport) == 1


def test_marking_many_contracts_missing_needs_allow_mass_missing(
    app: Flask, tmp_path: Path, session: Session
) -> None:
    assert cli(app, write(tmp_path, register(50), "full.xlsx")).exit_code == 0
    part = write(tmp_path, register(30))
    refused = cli(app, part, "--json")
    assert refused.exit_code == 5
    out = as_json(refused)
    assert out["committed"] is False
    assert out["missing_check"] == {
        "newly_missing": 20,
        "active": 50,
        "max_share": "0.20",
        "needs_confirmation": True,
    }
    plain = cli(app, part)
    assert plain.exit_code == 5
    assert "Deze import markeert 20 van de 50 actieve contracten (40%)" in plain.stderr
    assert "--allow-mass-missing" in plain.stderr
    assert missing_count(session) == 0 and count(session, PortfolioImport) == 1
    preview = cli(app, part, "--dry-run")
    assert preview.exit_code == 0 and "Let op: Deze import markeert 20" in preview.stderr
    done = cli(app, part, "--allow-mass-missing", "--json")
    assert done.exit_code == 0 and as_json(done)["committed"] is True
    assert missing_count(session) == 20


def test_invalid_rows_win_over_mass_missing_for_the_exit_code(
    app: Flask, tmp_path: Path, session: Session
) -> None:
    assert cli(app, write(tmp_path, register(50), "full.xlsx")).exit_code == 0
    rows = [row(f"GEM-{number:04d}") for number in range(1, 31)]
    part = write(tmp_path, xlsx([*rows, row("GEM-BAD", {"Einddatum": "morgen"})]))
    assert cli(app, part).exit_code == 3
    refused = cli(app, part, "--allow-invalid")
    assert refused.exit_code == 5
    assert "ongeldige rijen" not in refused.stderr  # that choice was made
    assert cli(app, part, "--allow-invalid", "--allow-mass-missing").exit_code == 0
    assert missing_count(session) == 20


def test_the_share_comes_from_the_configuration(
    app: Flask, tmp_path: Path, session: Session
) -> None:
    assert cli(app, write(tmp_path, register(50), "full.xlsx")).exit_code == 0
    app.config["SROI_IMPORT_MAX_MISSING_SHARE"] = 0.5
    result = cli(app, write(tmp_path, register(30)), "--json")
    assert result.exit_code == 0
    assert as_json(result)["missing_check"]["max_share"] == "0.5"
    assert missing_count(session) == 20
