"""The contract's shape is named once for the rules' facts: every ContractFacts field but the
reference date comes from one model column, and the promising page selects exactly those."""

from __future__ import annotations

from dataclasses import fields

from sroi_plugin.models import Contract
from sroi_plugin.rules.contract_facts import ContractFacts
from sroi_plugin.services.contract_facts import _FACT_SOURCES
from sroi_plugin.services.contract_facts import FACT_COLUMNS


def test_every_fact_but_the_reference_date_has_its_column() -> None:
    assert set(_FACT_SOURCES) == {field.name for field in fields(ContractFacts)} - {"today"}


def test_the_fact_columns_are_the_models_columns() -> None:
    assert tuple(_FACT_SOURCES.values()) == FACT_COLUMNS
    assert set(FACT_COLUMNS) <= set(Contract.__table__.columns.keys())
