"""The diff: which values an import writes, what the database cannot hold, what changed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from sroi_plugin.importing.converters import clean_extension_options
from sroi_plugin.importing.diff import check_limits
from sroi_plugin.importing.diff import field_changes
from sroi_plugin.importing.diff import snapshot
from sroi_plugin.importing.diff import supplied_fields
from sroi_plugin.importing.diff import target_values
from sroi_plugin.importing.fields import ContractRecord
from sroi_plugin.rules.portfolio_sync import ContractSnapshot
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis


def test_supplied_fields_are_the_mapped_model_columns_and_sr_through_the_yes_no_column() -> None:
    assert supplied_fields(["ref", "title", "value_total"]) == {"ref", "title", "value_total"}
    # one SR cell may carry answer, percentage and basis; a percentage implies the answer
    sr_fields = {"ref", "has_sr", "sr_percentage", "sr_basis"}
    assert supplied_fields(["ref", "has_sr"]) == sr_fields
    assert supplied_fields(["ref", "sr_percentage"]) == sr_fields


def test_only_supplied_fields_are_written_normalised_as_stored() -> None:
    record = ContractRecord(
        ref="C-1",
        title=None,
        authority_type=None,
        is_framework=None,
        wage_share=Decimal("0.33333"),
        value_total=Decimal("1000"),
        department="Inkoop",
    )
    values = target_values(
        record,
        frozenset({"ref", "title", "authority_type", "is_framework", "wage_share", "value_total"}),
        percentage_column=False,
    )
    # empty cells in non-null columns get the model's defaults; the wage share its 4 decimals
    assert values == {
        "ref": "C-1",
        "title": "",
        "authority_type": "other",
        "is_framework": False,
        "wage_share": Decimal("0.3333"),
        "value_total": Decimal("1000.00"),
    }
    assert str(values["value_total"]) == "1000.00"


def sr(has_sr: SrApplies | None, percentage: str | None, *, column: bool) -> object:
    record = ContractRecord(
        ref="C-1", has_sr=has_sr, sr_percentage=None if percentage is None else Decimal(percentage)
    )
    values = target_values(record, frozenset({"sr_percentage"}), percentage_column=column)
    return values.get("sr_percentage", "keep")


def test_the_sr_percentage_follows_the_file_but_a_bare_ja_keeps_the_stored_one() -> None:
    assert sr(SrApplies.YES, "5", column=True) == Decimal("5.00")
    assert sr(SrApplies.YES, None, column=False) == "keep"  # "ja": there is SR, not how much
    assert sr(SrApplies.YES, None, column=True) == "keep"
    assert sr(SrApplies.UNKNOWN, None, column=True) == "keep"
    assert sr(SrApplies.NO, None, column=False) is None  # "nee" empties it
    assert sr(SrApplies.NOT_APPLICABLE, None, column=False) is None
    assert sr(None, None, column=True) is None  # an empty percentage column empties it
    assert sr(None, None, column=False) == "keep"  # an empty yes/no cell says nothing


@pytest.mark.parametrize("answer", list(SrApplies))
def test_the_sr_answer_is_written_as_its_code_and_an_empty_one_keeps_the_stored(
    answer: SrApplies,
) -> None:
    supplied = frozenset({"ref", "has_sr"})
    record = ContractRecord(ref="C-1", has_sr=answer)
    written = target_values(record, supplied, percentage_column=False)
    assert written["has_sr"] == answer.value
    assert type(written["has_sr"]) is str
    empty = target_values(ContractRecord(ref="C-1"), supplied, percentage_column=False)
    assert "has_sr" not in empty  # the file does not say: "nee" or "onbekend" stays


def test_closed_lists_are_written_as_plain_codes() -> None:
    record = ContractRecord(ref="C-1", kind=ContractKind.WORKS, sr_basis=SrBasis.WAGE_SUM)
    values = target_values(record, frozenset({"ref", "kind", "sr_basis"}), percentage_column=False)
    assert values == {"ref": "C-1", "kind": "works", "sr_basis": "wage_sum"}
    assert {type(values["kind"]), type(values["sr_basis"])} == {str}


def test_limits_of_the_columns_become_row_errors_naming_row_and_column() -> None:
    values = {
        "title": "x" * 301,
        "supplier_kvk": "1" * 20,
        "value_total": Decimal("99999999999999.99"),
        "value_annual": Decimal("100000000000000.00"),
    }
    assert check_limits(values, 7) == [
        "Rij 7, Omschrijving: de tekst is te lang (301 tekens, maximaal 300)",
        "Rij 7, Jaarwaarde: 100000000000000.00 is te groot om op te slaan",
    ]
    assert check_limits({"ref": "C" * 64, "title": None}, 2) == []


def test_field_changes_compare_numbers_by_value_and_leave_the_key_alone() -> None:
    stored = SimpleNamespace(
        ref="C-1", value_total=Decimal("1000.00"), end_date=date(2027, 12, 31), title="Oud"
    )
    values = {
        "ref": "c-1",
        "value_total": Decimal("1000.0"),
        "end_date": date(2028, 12, 31),
        "title": "Nieuw",
    }
    assert field_changes(values, stored) == {
        "end_date": (date(2027, 12, 31), date(2028, 12, 31)),
        "title": ("Oud", "Nieuw"),
    }


def test_stored_text_in_another_spelling_is_no_change() -> None:
    stored = SimpleNamespace(extension_options="1+1", supplier_kvk="1234 5678", title=" Oud ")
    values = {"extension_options": "2 x 1 jaar", "supplier_kvk": "12345678", "title": "Oud"}
    assert field_changes(values, stored) == {}
    assert field_changes({"extension_options": "1 jaar + 2 jaar"}, stored) == {
        "extension_options": ("1+1", "1 jaar + 2 jaar")
    }


@pytest.mark.parametrize(
    "stored_text", ["1 + 1 + 1", "1+1+1", "3x 1 jaar", "3 x 12 maanden", "drie keer een jaar"]
)
def test_extension_options_stored_in_an_older_spelling_are_no_change(stored_text: str) -> None:
    """The importer writes the canonical text; what an older import stored reads the same."""
    new = clean_extension_options("1+1+1")
    assert new == "3 x 1 jaar"
    stored = SimpleNamespace(extension_options=stored_text)
    assert field_changes({"extension_options": new}, stored) == {}
    assert field_changes({"extension_options": "2 x 1 jaar"}, stored) == {
        "extension_options": (stored_text, "2 x 1 jaar")
    }


def test_unreadable_stored_extension_text_is_compared_as_text() -> None:
    stored = SimpleNamespace(extension_options="zie contract")
    assert field_changes({"extension_options": "2 x 1 jaar"}, stored) == {
        "extension_options": ("zie contract", "2 x 1 jaar")
    }


def test_snapshot_takes_the_files_values_over_the_stored_ones() -> None:
    stored = SimpleNamespace(
        value_total=Decimal("10"),
        end_date=date(2027, 1, 1),
        supplier_name="A",
        supplier_kvk="1",
        kind="dienst",
        category="x",
    )
    assert snapshot(
        {"value_total": Decimal("20"), "supplier_kvk": None}, stored
    ) == ContractSnapshot(Decimal("20"), date(2027, 1, 1), "A", None, "dienst", "x")
    assert snapshot({"kind": "werk"}) == ContractSnapshot(kind="werk")
