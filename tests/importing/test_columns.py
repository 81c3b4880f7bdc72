"""The header row is found under a title block and its columns map to contract fields."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from sroi_plugin.importing.columns import HEADER_SCAN_ROWS
from sroi_plugin.importing.columns import detect_columns
from sroi_plugin.importing.columns import headers_signature
from sroi_plugin.importing.columns import map_headers
from sroi_plugin.importing.columns import normalise_header
from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import ContractRecord

HEADER = ["Contractnr.", "Leverancier", "Waarde (excl. btw)", "Opmerkingen"]


def test_every_field_is_a_record_attribute_and_back() -> None:
    declared = [spec.name for spec in FIELDS]
    assert declared == [f.name for f in dataclasses.fields(ContractRecord)]
    # every field is a model column, the social-return answer (has_sr) too
    assert tuple(declared) == MODEL_FIELD_NAMES


def test_no_header_spelling_points_at_two_fields() -> None:
    spellings = Counter(
        key
        for spec in FIELDS
        for key in {normalise_header(text) for text in (spec.label, *spec.synonyms)}
    )
    assert [key for key, count in spellings.items() if count > 1] == []


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Contractnr.", "ref"),
        ("Contractnummer", "ref"),
        ("Contract ID", "ref"),
        ("CONTRACT  NR", "ref"),
        (" contract-nr ", "ref"),
        ("Leverancier", "supplier_name"),
        ("Opdrachtnemer", "supplier_name"),
        ("Supplier", "supplier_name"),
        ("Waarde (excl. btw)", "value_total"),
        ("Contractwaarde", "value_total"),
        ("Contractwaarde (€)", "value_total"),
        ("Totale waarde excl. BTW", "value_total"),
        ("Totale waarde", "value_total"),
        ("Jaarwaarde", "value_annual"),
        ("Annual value", "value_annual"),
        ("Inkoopcategorie", "category"),
        ("Einddatum", "end_date"),
        ("Looptijd tot", "end_date"),
        ("Startdatum", "start_date"),
        ("Social return", "has_sr"),
        ("SR %", "sr_percentage"),
        ("SR-percentage", "sr_percentage"),
        ("Soort opdracht", "kind"),
        ("Werk/dienst/levering", "kind"),
        ("Raamovereenkomst", "is_framework"),
        ("KvK-nummer", "supplier_kvk"),
        ("Categorieën", None),
        ("Waarde incl. btw", None),
        ("Opmerkingen", None),
    ],
)
def test_headers_map_by_dutch_and_english_spellings(header: str, field: str | None) -> None:
    mapping = map_headers(["Contractnr.", header] if field != "ref" else [header], 1)
    if field is None:
        assert mapping.unmapped_headers == [header]
    else:
        assert mapping.field_to_header[field] == header.strip()


def test_mapping_reports_positions_unknowns_and_missing_fields() -> None:
    mapping = map_headers([None, *HEADER, ""], 3)
    assert mapping.header_row == 3
    assert mapping.field_to_column == {"ref": 1, "supplier_name": 2, "value_total": 3}
    assert mapping.field_to_header["value_total"] == "Waarde (excl. btw)"
    assert mapping.unmapped_headers == ["Opmerkingen"]
    assert mapping.missing_required == []


def test_second_column_for_the_same_field_is_reported_not_used() -> None:
    mapping = map_headers(["Contractnr.", "Contractwaarde", "Totale waarde"], 1)
    assert mapping.field_to_column["value_total"] == 1
    assert mapping.unmapped_headers == ["Totale waarde"]


def test_header_row_is_found_below_a_title_block() -> None:
    rows: list[list[object]] = [
        ["Contractenoverzicht gemeente Voorbeeld", None, None],
        ["Peildatum: 1 januari 2025", None, None],
        [],
        list(HEADER),
        ["C-1", "Schoon B.V.", 1000],
    ]
    mapping = detect_columns(rows)
    assert mapping is not None
    assert mapping.header_row == 4


def test_row_with_most_known_headers_wins() -> None:
    rows = [
        ["Contractnr.", "Leverancier", "Omschrijving"],
        ["Contractnr.", "Leverancier", "Omschrijving", "Einddatum"],
    ]
    mapping = detect_columns(rows)
    assert mapping is not None
    assert mapping.header_row == 2


def test_on_a_tie_the_first_row_wins() -> None:
    mapping = detect_columns([HEADER, HEADER])
    assert mapping is not None
    assert mapping.header_row == 1


@pytest.mark.parametrize(
    "header",
    [
        ["Contractnr.", "Leverancier"],  # the contract number and only one other field
        ["Leverancier", "Omschrijving", "Einddatum", "Contractwaarde"],  # no contract number
    ],
)
def test_row_without_enough_known_headers_is_no_header(header: list[str]) -> None:
    assert detect_columns([header]) is None


@pytest.mark.parametrize(
    ("position", "found"), [(HEADER_SCAN_ROWS, True), (HEADER_SCAN_ROWS + 1, False)]
)
def test_header_row_must_be_within_the_first_rows(position: int, found: bool) -> None:
    rows = [["titel"]] * (position - 1) + [HEADER]
    mapping = detect_columns(rows)
    assert (mapping is not None and mapping.header_row == position) is found


def test_profile_overrides_synonyms() -> None:
    headers = ["Nummer", "Bedrijf", "Bedrag", "Contractwaarde"]
    profile = {"ref": "nummer", "supplier_name": "Bedrijf", "value_total": "Bedrag"}
    mapping = map_headers(headers, 1, profile)
    assert mapping.field_to_column == {"ref": 0, "supplier_name": 1, "value_total": 2}
    assert mapping.unmapped_headers == ["Contractwaarde"]


def test_profile_can_keep_a_field_out() -> None:
    mapping = map_headers(["Contractnr.", "Waarde"], 1, {"value_total": ""})
    assert "value_total" not in mapping.field_to_column
    assert mapping.unmapped_headers == ["Waarde"]


def test_profile_field_with_an_absent_column_is_missing_not_guessed() -> None:
    mapping = map_headers(["Contractnr.", "Leverancier"], 1, {"ref": "Dossier"})
    assert mapping.missing_required == ["ref"]
    assert mapping.unmapped_headers == ["Contractnr."]


def test_profile_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="colour"):
        map_headers(HEADER, 1, {"colour": "Kleur"})


def test_detection_uses_the_profile() -> None:
    rows = [["Nummer", "Bedrijf", "Bedrag"]]
    assert detect_columns(rows) is None
    profile = {"ref": "Nummer", "supplier_name": "Bedrijf", "value_total": "Bedrag"}
    mapping = detect_columns(rows, profile)
    assert mapping is not None
    assert mapping.missing_required == []


def test_signature_ignores_spelling_noise_and_trailing_empty_columns() -> None:
    assert headers_signature(HEADER) == headers_signature(
        ["contractnr", " LEVERANCIER ", "Waarde excl btw", "Opmerkingen", None, ""]
    )


@pytest.mark.parametrize(
    "other",
    [
        ["Contractnr.", "Leverancier", "Waarde (excl. btw)"],
        ["Leverancier", "Contractnr.", "Waarde (excl. btw)", "Opmerkingen"],
        ["Contractnr.", "Leverancier", "Waarde (incl. btw)", "Opmerkingen"],
    ],
)
def test_signature_changes_when_columns_change(other: list[str]) -> None:
    assert headers_signature(other) != headers_signature(HEADER)
