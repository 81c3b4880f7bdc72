"""Exports as real systems write them map the way a person would map them, and import right."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.profiles import save_profile
from sroi_plugin.importing.read import KEEP
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.read import read_portfolio
from tests.helpers import corpus
from tests.helpers.corpus import CORPUS
from tests.helpers.corpus import CorpusFile
from tests.helpers.corpus import Word
from tests.helpers.corpus import build
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import read as read_with_profiles

MAX_BYTES = 5 * 1024 * 1024


def read(corpus_file: CorpusFile) -> ReadPortfolio:
    return read_portfolio(
        build(corpus_file), file_name=f"{corpus_file.name}.xlsx", max_bytes=MAX_BYTES
    )


def by_ref(found: ReadPortfolio) -> dict[str, dict[str, Any]]:
    ref_at = found.fields.index(REF_FIELD)
    return {
        values[ref_at]: dict(zip(found.fields, values, strict=True))
        for _number, values in found.rows
    }


def expected_value(name: str, value: object) -> object:
    if value == corpus.KEEP:
        return KEEP
    if isinstance(value, Word):
        return FIELDS_BY_NAME[name].clean(value.text)
    return value


def test_the_corpus_has_a_dozen_styles() -> None:
    assert len({item.name for item in CORPUS}) == len(CORPUS) >= 12


@pytest.mark.parametrize("corpus_file", CORPUS, ids=lambda item: item.name)
def test_every_column_maps_as_a_person_would_map_it(corpus_file: CorpusFile) -> None:
    found = read(corpus_file)
    assert found.header_row == corpus_file.header_row
    assert found.mapped_columns == dict(corpus_file.mapping)
    assert found.unmapped_columns == list(corpus_file.unmapped)
    assert {name: hit.header for name, hit in found.suggestions.items()} == dict(
        corpus_file.suggestions
    )


@pytest.mark.parametrize("corpus_file", CORPUS, ids=lambda item: item.name)
def test_rows_import_with_the_values_of_the_file(corpus_file: CorpusFile) -> None:
    found = read(corpus_file)
    assert found.invalid_rows == []
    rows = by_ref(found)
    assert set(rows) == set(corpus_file.values)
    for ref, expected in corpus_file.values.items():
        wanted = {name: expected_value(name, value) for name, value in expected.items()}
        assert {name: rows[ref][name] for name in wanted} == wanted, ref


@pytest.mark.parametrize("corpus_file", CORPUS, ids=lambda item: item.name)
def test_every_field_without_a_column_is_named(corpus_file: CorpusFile) -> None:
    found = read(corpus_file)
    expected = [
        spec.name
        for spec in FIELDS
        if spec.name != REF_FIELD and spec.name not in corpus_file.mapping
    ]
    assert found.unmapped_fields == expected


def test_a_two_row_header_names_the_joined_columns() -> None:
    found = read(corpus.TWO_ROW_HEADER)
    assert found.headers == [
        "Contractnr.",
        "Omschrijving",
        "Leverancier",
        "Waarde totaal",
        "Waarde per jaar",
        "Looptijd van",
        "Looptijd tot",
        "SR %",
    ]


def test_a_two_row_header_reads_again_with_its_joined_names_as_a_mapping() -> None:
    """The preview's mapping form and a suggestion's accept post the joined names."""
    data = build(corpus.TWO_ROW_HEADER)
    mapping = {**corpus.TWO_ROW_HEADER.mapping, "value_annual": ""}
    found = read_portfolio(data, file_name="x.xlsx", max_bytes=MAX_BYTES, mapping=mapping)
    assert found.header_row == 2
    assert "value_annual" not in found.mapped_columns
    assert found.mapped_columns["value_total"] == "Waarde totaal"


def test_a_profile_saved_for_a_two_row_header_is_found_for_the_next_file(
    session: Session,
) -> None:
    """The preview's mapping form saves the joined names' fingerprint; the next file finds it."""
    first = read(corpus.TWO_ROW_HEADER)
    mapping = {**corpus.TWO_ROW_HEADER.mapping, "value_annual": ""}
    save_profile(
        session, name="Twee rijen", signature=first.header_signature, mapping=mapping, user=USER
    )
    session.commit()
    again = read_with_profiles(session, build(corpus.TWO_ROW_HEADER))
    assert again.profile is not None and again.profile.name == "Twee rijen"
    assert "value_annual" not in again.mapped_columns
