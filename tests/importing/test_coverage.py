"""No field is dropped silently: fields without a column are named, with what users lose."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from sroi_plugin.importing.coverage import CONSEQUENCES
from sroi_plugin.importing.coverage import missing_field_warnings
from sroi_plugin.importing.coverage import unmapped_fields
from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.models import Contract
from tests.helpers import corpus
from tests.helpers.corpus import build
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import run

MakeContract = Callable[..., Contract]


def test_unmapped_fields_are_every_field_but_the_number_without_a_column() -> None:
    assert unmapped_fields(spec.name for spec in FIELDS) == []
    assert unmapped_fields(["ref", "title"]) == [
        spec.name for spec in FIELDS if spec.name not in ("ref", "title")
    ]


def test_a_warning_counts_the_new_contracts_that_lose_the_field() -> None:
    warnings = missing_field_warnings(["value_total"], new=80, known=0)
    assert warnings == [
        "Geen kolom voor de contractwaarde: de social-returnverplichting over de projectsom "
        "kan voor 80 nieuwe contracten niet worden berekend, en de clausulecheck en de "
        "kansrijkheidsscore blijven uit."
    ]


def test_known_contracts_are_told_to_keep_their_stored_value() -> None:
    both = missing_field_warnings(["end_date"], new=1, known=12)
    assert both == [
        "Geen kolom voor de einddatum: voor 1 nieuw contract wordt niet gesignaleerd wanneer "
        "het contract afloopt, en de minimale looptijd van social return wordt niet getoetst. "
        "De 12 bekende contracten houden de opgeslagen waarde."
    ]
    only_known = missing_field_warnings(["kind"], new=0, known=1)
    assert only_known == [
        "Geen kolom voor de soort opdracht (werk, dienst of levering): dit bestand werkt die "
        "niet bij; het bekende contract houdt de opgeslagen waarde."
    ]
    assert missing_field_warnings(["kind"], new=0, known=0) == []


def test_a_field_another_column_stands_in_for_gives_no_warning() -> None:
    # a "Social return" column (ja/nee/5%) can carry the percentage; a wage sum the share
    without_either = ["sr_percentage", "wage_share", "has_sr", "wage_sum"]
    assert [w.split(":")[0] for w in missing_field_warnings(without_either, new=3, known=0)] == [
        "Geen kolom voor het social-returnpercentage",
        "Geen kolom voor het loonaandeel",
    ]
    assert missing_field_warnings(["sr_percentage", "wage_share"], new=3, known=0) == []


def test_the_rules_inputs_each_have_a_consequence() -> None:
    needed = {"value_total", "kind", "start_date", "end_date", "sr_percentage", "wage_share"}
    assert needed <= set(CONSEQUENCES)


def test_an_import_names_its_missing_fields_suggestions_and_warnings(session: Session) -> None:
    result = run(session, build(corpus.EXTRA_COLUMNS), commit=False)
    assert result.unmapped_fields == [
        spec.name for spec in FIELDS if spec.name not in corpus.EXTRA_COLUMNS.mapping
    ]
    out = result.as_json()
    assert out["unmapped_fields"] == result.unmapped_fields
    assert out["suggestions"] == {"start_date": {"header": "Startdatum optie", "score": 0.51}}
    warnings = out["missing_field_warnings"]
    assert [warning.split(":")[0] for warning in warnings] == [
        "Geen kolom voor de soort opdracht (werk, dienst of levering)",
        "Geen kolom voor de startdatum",
        "Geen kolom voor de jaarwaarde",
        "Geen kolom voor het social-returnpercentage",
        "Geen kolom voor het loonaandeel",
    ]
    assert all("voor 1 nieuw contract" in warning for warning in warnings)


def test_a_reimport_without_a_column_keeps_the_stored_value_as_the_warning_says(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("EX-1", value_annual=Decimal("75000.00"))
    result = run(session, build(corpus.EXTRA_COLUMNS))
    assert result.committed
    annual = next(w for w in result.missing_field_warnings() if "jaarwaarde" in w)
    assert annual == (
        "Geen kolom voor de jaarwaarde: dit bestand werkt die niet bij; het bekende contract "
        "houdt de opgeslagen waarde."
    )
    assert contract(session, "EX-1").value_annual == Decimal("75000.00")
