"""Portfolio-sync rules: status after an import, and which differences are changes to assess."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sroi_plugin.rules.portfolio_sync import ContractSnapshot
from sroi_plugin.rules.portfolio_sync import changes_to_assess
from sroi_plugin.rules.portfolio_sync import contract_status
from sroi_plugin.rules.portfolio_sync import supplier_text

TODAY = date(2026, 11, 12)
OLD = ContractSnapshot(
    value_total=Decimal("1000000.00"),
    end_date=date(2027, 12, 31),
    supplier_name="Schoon B.V.",
    supplier_kvk="12345678",
    kind="services",
    category="schoonmaak",
)


def kinds(new: ContractSnapshot, old: ContractSnapshot = OLD) -> list[str]:
    return [change.kind for change in changes_to_assess(old, new, TODAY)]


@pytest.mark.parametrize(
    ("end", "status"),
    [(None, "active"), (date(2026, 11, 12), "active"), (date(2026, 11, 11), "ended")],
)
def test_status_follows_the_end_date(end: date | None, status: str) -> None:
    assert contract_status(end, TODAY) == status


def test_a_value_increase_is_described_in_dutch_with_its_delta() -> None:
    new = ContractSnapshot(**{**OLD.__dict__, "value_total": Decimal("1200000.00")})
    (change,) = changes_to_assess(OLD, new, TODAY)
    assert change.kind == "value_increase"
    assert (change.old, change.new, change.value_delta) == (
        "1000000.00",
        "1200000.00",
        Decimal("200000.00"),
    )
    assert change.description == (
        "Contractwaarde verhoogd van € 1.000.000 naar € 1.200.000 (import 12-11-2026)"
    )


def test_an_extension_names_both_end_dates() -> None:
    new = ContractSnapshot(**{**OLD.__dict__, "end_date": date(2028, 12, 31)})
    (change,) = changes_to_assess(OLD, new, TODAY)
    assert (change.kind, change.new_end_date) == ("term_extension", date(2028, 12, 31))
    assert change.description == (
        "Einddatum verlengd van 31-12-2027 naar 31-12-2028 (import 12-11-2026)"
    )


def test_filling_in_or_lowering_is_no_change_to_assess() -> None:
    empty = ContractSnapshot()
    assert kinds(OLD, empty) == []
    lower = ContractSnapshot(
        **{**OLD.__dict__, "value_total": Decimal("900000"), "end_date": date(2027, 6, 30)}
    )
    assert kinds(lower) == []
    open_ended = ContractSnapshot(**{**OLD.__dict__, "end_date": None})
    assert kinds(open_ended) == []


@pytest.mark.parametrize(
    ("name", "kvk", "changed"),
    [
        ("Schoon Groep B.V.", "12345678", False),  # rename, same legal person
        ("Schoon B.V.", "87654321", True),  # another KvK number
        ("Fris B.V.", None, True),  # another name, KvK unknown
        ("  schoon b.v. ", None, False),  # spelling only
        (None, None, False),  # nothing known now
    ],
)
def test_supplier_change_is_another_legal_person(
    name: str | None, kvk: str | None, changed: bool
) -> None:
    new = ContractSnapshot(**{**OLD.__dict__, "supplier_name": name, "supplier_kvk": kvk})
    assert kinds(new) == (["supplier_change"] if changed else [])


def test_kind_and_category_changes_in_order() -> None:
    new = ContractSnapshot(
        **{**OLD.__dict__, "kind": "works", "category": "Beveiliging", "value_total": Decimal(2e6)}
    )
    assert kinds(new) == ["value_increase", "kind_change", "category_change"]
    spelling = ContractSnapshot(**{**OLD.__dict__, "category": " Schoonmaak"})
    assert kinds(spelling) == []


def test_supplier_text() -> None:
    assert supplier_text("A B.V.", "1") == "A B.V. (KvK 1)"
    assert supplier_text(None, "1") == "KvK 1"
    assert supplier_text("A B.V.", None) == "A B.V."
    assert supplier_text(None, None) is None
