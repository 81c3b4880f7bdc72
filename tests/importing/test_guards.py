"""Guards against losing data: a header without rows, a mass of contracts marked missing,
trailing formatted rows, contract numbers with leading zeros."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.config import DEFAULTS
from sroi_plugin.config import check_config
from sroi_plugin.errors import ConfigError
from sroi_plugin.importing.read import NO_CONTRACT_ROWS_MESSAGE
from sroi_plugin.importing.read import NoContractRows
from sroi_plugin.importing.reader import SKIP_BLANK
from sroi_plugin.importing.reader import SKIP_TOTAL
from sroi_plugin.importing.reader import SkippedRows
from sroi_plugin.importing.reader import format_padded
from sroi_plugin.importing.reader import padded_format
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.models import Contract
from sroi_plugin.models import PortfolioImport
from tests.helpers.portfolio import HEADER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import read
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.xlsx import write_formatted_to_the_end
from tests.helpers.xlsx import write_numbered_refs


def refs(count_: int, start: int = 1) -> list[list[object]]:
    """Rows for contracts GEM-0001 … of the small export."""
    return [row(f"GEM-{number:04d}") for number in range(start, start + count_)]


def statuses(session: Session) -> dict[str, str]:
    session.expire_all()
    return {c.ref: c.status for c in session.scalars(select(Contract))}


# --- a header row without contract rows -------------------------------------------------------


@pytest.mark.parametrize(
    "below",
    [
        [],
        [[], [None, "  "]],
        [["Totaal", None, None, None, None, None, 3000]],
    ],
    ids=["header only", "blank rows", "a totals row"],
)
def test_a_header_without_contract_rows_is_refused_and_marks_nothing_missing(
    session: Session, below: list[list[object]]
) -> None:
    assert run(session, xlsx(refs(3))).committed
    with pytest.raises(NoContractRows) as refused:
        run(session, xlsx(below))
    assert str(refused.value) == NO_CONTRACT_ROWS_MESSAGE
    assert set(statuses(session).values()) == {"active"}
    assert count(session, PortfolioImport) == 1  # only the first import


def test_a_file_of_invalid_rows_only_is_not_refused_as_empty(session: Session) -> None:
    found = read(session, xlsx([row("GEM-1", {"Einddatum": "morgen"})]))
    assert [invalid.ref for invalid in found.invalid_rows] == ["GEM-1"]


# --- an import that marks a large share of the portfolio missing ------------------------------


def test_marking_many_contracts_missing_needs_an_explicit_choice(session: Session) -> None:
    assert run(session, xlsx(refs(50))).committed
    half = xlsx(refs(30))
    preview = run(session, half, commit=False)
    assert preview.mass_missing
    assert (preview.newly_missing, preview.active_before) == (20, 50)
    assert preview.as_json()["missing_check"] == {
        "newly_missing": 20,
        "active": 50,
        "max_share": "0.20",
        "needs_confirmation": True,
    }
    refused = run(session, half)
    assert not refused.committed and not refused.has_errors()
    assert set(statuses(session).values()) == {"active"}
    assert count(session, PortfolioImport) == 1
    done = run(session, half, allow_mass_missing=True)
    assert done.committed
    assert sum(status == "missing" for status in statuses(session).values()) == 20


def test_the_share_is_configurable_and_only_more_than_it_asks(session: Session) -> None:
    assert run(session, xlsx(refs(50))).committed
    forty = xlsx(refs(40))  # 10 of 50 = exactly 20%
    assert not run(session, forty, commit=False).mass_missing
    strict = run(session, forty, commit=False, max_missing_share=Decimal("0.1"))
    assert strict.mass_missing and strict.max_missing_share == Decimal("0.1")
    assert run(session, forty).committed


def test_a_small_portfolio_is_not_stopped_by_a_few_missing_contracts(session: Session) -> None:
    assert run(session, xlsx(refs(3))).committed
    result = run(session, xlsx(refs(1)))  # 2 of 3 missing: 67%, but only 2 contracts
    assert result.committed and not result.mass_missing
    assert statuses(session)["GEM-0003"] == "missing"


def test_contracts_already_missing_do_not_count_again(session: Session) -> None:
    assert run(session, xlsx(refs(50))).committed
    assert run(session, xlsx(refs(30)), allow_mass_missing=True).committed
    again = run(session, xlsx(refs(30)))  # the same 20 stay missing; nothing new
    assert again.committed and again.missing == 20 and again.newly_missing == 0
    assert again.active_before == 30


def test_the_question_names_count_portfolio_and_share() -> None:
    result = ImportResult("x.xlsx", "", "Contracten", 1, [], {}, [])
    assert result.mass_missing_message() is None
    result.newly_missing, result.active_before, result.mass_missing = 412, 1030, True
    message = result.mass_missing_message()
    assert message is not None
    assert message.startswith(
        "Deze import markeert 412 van de 1.030 actieve contracten (40%) als 'niet in laatste "
        "export'. Klopt dat?"
    )


@pytest.mark.parametrize("value", [1.5, -0.1, "0.2", True, None])
def test_a_bad_share_fails_at_start_up_naming_the_key(value: object) -> None:
    config = {**DEFAULTS, "SECRET_KEY": "x", "SROI_IMPORT_MAX_MISSING_SHARE": value}
    with pytest.raises(ConfigError, match="SROI_IMPORT_MAX_MISSING_SHARE"):
        check_config(config)


@pytest.mark.parametrize("value", [0, 0.35, Decimal("1")])
def test_a_share_from_0_to_1_is_accepted(value: object) -> None:
    check_config({**DEFAULTS, "SECRET_KEY": "x", "SROI_IMPORT_MAX_MISSING_SHARE": value})


# --- trailing formatted rows -----------------------------------------------------------------


def test_formatting_down_to_the_last_sheet_row_is_not_reported(
    session: Session, tmp_path: Path
) -> None:
    path = write_formatted_to_the_end(tmp_path / "export.xlsx", [list(HEADER), *refs(3)])
    result = run(session, path.read_bytes())
    assert result.committed and result.totals["new"] == 3
    assert result.skipped == [] and result.counts["skipped"] == 0


def test_formatted_empty_rows_below_the_data_are_not_reported(
    session: Session, tmp_path: Path
) -> None:
    path = write_formatted_to_the_end(
        tmp_path / "export.xlsx", [list(HEADER), *refs(3)], last_row=5_000, every_row=True
    )
    found = read(session, path.read_bytes())
    assert len(found.rows) == 3 and found.skipped == []


def test_blank_rows_between_data_rows_are_still_reported(session: Session) -> None:
    data = xlsx([*refs(2), [], [], *refs(1, start=3), [], ["Totaal", *[None] * 5, 3000], []])
    found = read(session, data)
    # rows 4-5 lie between data rows; row 7 only between the last data row and the total
    assert found.skipped == [SkippedRows(4, 5, SKIP_BLANK), SkippedRows(8, 8, SKIP_TOTAL)]


def test_data_after_a_long_run_of_empty_rows_is_still_read(
    session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "export.xlsx"
    write_formatted_to_the_end(path, [list(HEADER), *refs(1)], last_row=3_000, every_row=True)
    workbook = load_workbook(path)
    workbook.active.append(row("GEM-LATE"))
    workbook.save(path)
    found = read(session, path.read_bytes())
    assert [values[0] for _number, values in found.rows] == ["GEM-0001", "GEM-LATE"]
    assert found.skipped == [SkippedRows(3, 3_000, SKIP_BLANK)]


# --- contract numbers with leading zeros -----------------------------------------------------


def test_a_number_shown_with_leading_zeros_keeps_them(session: Session, tmp_path: Path) -> None:
    path = write_numbered_refs(
        tmp_path / "export.xlsx",
        HEADER,
        [[ref, *row("x")[1:]] for ref in (4711, 4712.0, 12, 13, "0099", 7)],
        ["000000", "General", '"K-"00000', "0.00", "@", "0"],
    )
    result = run(session, path.read_bytes())
    assert result.committed
    assert sorted(statuses(session)) == ["004711", "0099", "13", "4712", "7", "K-00012"]
    assert contract(session, "004711").ref == "004711"
    again = run(session, path.read_bytes())  # the same export again matches every contract
    assert again.totals["unchanged"] == 6 and again.missing == 0


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("000000", 4711, "004711"),
        ("000000", 4711.0, "004711"),
        ("0000", 1234567, "1234567"),
        ('"K-"00000', 12, "K-00012"),
        ('00000" NL"', 12, "00012 NL"),
        ("\\K000", 7, "K007"),
        ("000000;-000000", 4711, "004711"),
        ("000000", 4711.5, None),
        ("000000", -4711, None),
        ("000000", True, None),
        ("0.00", 4711, None),
        ("#,##0", 4711, None),
        ("0", 4711, None),
        ("General", 4711, None),
        (None, 4711, None),
        ("[Red]000000", 4711, None),
    ],
)
def test_zero_padding_formats(code: str | None, value: object, shown: str | None) -> None:
    assert format_padded(value, code) == shown


def test_only_zero_padding_formats_are_padding_formats() -> None:
    assert padded_format("000000") == ("", 6, "")
    assert padded_format('"NL"0000" A"') == ("NL", 4, " A")
    assert padded_format("0.00") is None and padded_format("dd-mm-yyyy") is None


def test_a_contract_stored_without_its_zeros_is_found_by_the_padded_number(
    session: Session, tmp_path: Path
) -> None:
    """Earlier versions stored ``004711`` as ``4711``: the padded number matches that contract."""
    plain = write_numbered_refs(
        tmp_path / "before.xlsx", HEADER, [[4711, *row("x")[1:]], [12, *row("y")[1:]]],
        ["General", "General"],
    )
    run(session, plain.read_bytes())
    padded = write_numbered_refs(
        tmp_path / "after.xlsx", HEADER, [[4711, *row("x")[1:]], [12, *row("y")[1:]]],
        ["000000", "General"],
    )
    result = run(session, padded.read_bytes())
    assert result.totals["new"] == 0 and result.missing == 0
    assert result.totals["unchanged"] == 2
    assert sorted(statuses(session)) == ["12", "4711"]
