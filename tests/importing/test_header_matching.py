"""Header matching generalises beyond the listed spellings without guessing wrong."""

from __future__ import annotations

import hashlib

import pytest

from sroi_plugin.importing.columns import MAP_THRESHOLD
from sroi_plugin.importing.columns import SUGGEST_THRESHOLD
from sroi_plugin.importing.columns import combine_header_rows
from sroi_plugin.importing.columns import detect_columns
from sroi_plugin.importing.columns import header_words
from sroi_plugin.importing.columns import headers_signature
from sroi_plugin.importing.columns import map_headers
from sroi_plugin.importing.columns import score_header

REF = "Contractnr."


def mapped(*headers: str) -> dict[str, str]:
    """Field → header for a row of the contract number and ``headers``."""
    found = map_headers([REF, *headers], 1).field_to_header
    found.pop("ref")
    return found


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # compounds split into known parts, a linking s allowed
        ("Arbeidskostenaandeel", "wage_share"),
        ("Arbeids-\nkostenaandeel", "wage_share"),
        ("Loonaandeel %", "wage_share"),
        ("Leveranciersnaam", "supplier_name"),
        ("Contractsoort", "kind"),
        # line breaks, units and explanations in parentheses
        ("Contract\nwaarde (€)", "value_total"),
        ("Totale waarde incl. opties", "value_total"),
        ("Totale waarde (inclusief opties)", "value_total"),
        ("Contractwaarde in EUR", "value_total"),
        ("Eind-\ndatum", "end_date"),
        # SROI ≡ SR ≡ social return (≡ social value)
        ("SROI-percentage", "sr_percentage"),
        ("Social return %", "sr_percentage"),
        ("Social Value %", "sr_percentage"),
        ("SROI-eis", "has_sr"),
        ("Social return (ja/nee)", "has_sr"),
        # English exports
        ("Agreement Value", "value_total"),
        ("Expiry", "end_date"),
        ("Vendor Name", "supplier_name"),
        ("Agreement Type (Services/Goods/Works)", "kind"),
        ("Procurement Procedure", "procedure"),
        ("Renewal Options", "extension_options"),
        ("Total Contract Value (EUR)", "value_total"),
        # a context word changes little
        ("Einddatum contract", "end_date"),
        ("Looptijd start", "start_date"),
        ("Huidige einddatum", "end_date"),
        # people's own words
        ("bedrag", "value_total"),
        ("wie levert", "supplier_name"),
        ("loopt tot", "end_date"),
        ("Geldig tot", "end_date"),
        ("Streefwaarde", "value_total"),
        # the basis of the change tests (initial value, award date, indexation clause)
        ("Initiële waarde", "initial_value"),
        ("Waarde bij gunning", "initial_value"),
        ("Oorspronkelijke waarde", "initial_value"),
        ("Original contract value", "initial_value"),
        ("Gunningsdatum", "award_date"),
        ("Datum gunning", "award_date"),
        ("Award date", "award_date"),
        ("Indexatieclausule", "has_indexation_clause"),
        ("Indexation clause", "has_indexation_clause"),
    ],
)
def test_headers_map_by_their_words(header: str, field: str) -> None:
    assert mapped(header) == {field: header}


@pytest.mark.parametrize(
    "header",
    [
        "Startdatum optie",  # an option's start, not the contract's
        "Datum laatste wijziging",
        "Laatst gewijzigd",
        "Einddatum garantie",
        "Waarde incl. btw",  # another amount than the value excluding VAT
        "Opmerkingen",
        "Status",
        "Looptijd",  # a duration, not a date
        "CPV-code",
    ],
)
def test_headers_that_name_no_field_stay_unmapped(header: str) -> None:
    assert mapped(header) == {}


def test_value_per_year_stays_the_annual_value() -> None:
    assert mapped("Waarde per jaar") == {"value_annual": "Waarde per jaar"}
    # also when the annual value already has a column: it never becomes the total value
    assert mapped("Jaarwaarde", "Waarde per jaar") == {"value_annual": "Jaarwaarde"}


def test_contract_manager_is_not_the_contract_number() -> None:
    mapping = map_headers(["Contractmanager", "Contractnummer", "Leverancier"], 1)
    assert mapping.field_to_header["ref"] == "Contractnummer"
    assert mapping.field_to_header["contract_manager"] == "Contractmanager"


def test_the_social_return_columns_stay_apart() -> None:
    headers = ["SR-vorm", "SR-bepaling", "SR-grondslag", "SR-percentage", "SROI"]
    assert mapped(*headers) == {
        "sr_form": "SR-vorm",
        "sr_clause_text": "SR-bepaling",
        "sr_basis": "SR-grondslag",
        "sr_percentage": "SR-percentage",
        "has_sr": "SROI",
    }


def test_the_better_match_wins_a_field_and_each_column_feeds_one_field() -> None:
    # "Totale contractwaarde" matches exactly, "Contractbedrag" only by its words
    mapping = map_headers([REF, "Contractbedrag", "Totale contractwaarde"], 1)
    assert mapping.field_to_header["value_total"] == "Totale contractwaarde"
    assert mapping.unmapped_headers == ["Contractbedrag"]


def test_a_near_miss_is_offered_as_a_suggestion_not_mapped() -> None:
    mapping = map_headers([REF, "Leverancier", "Einddatum", "Startdatum optie"], 1)
    assert "start_date" not in mapping.field_to_column
    assert mapping.unmapped_headers == ["Startdatum optie"]
    suggestion = mapping.suggestions["start_date"]
    assert (suggestion.header, suggestion.column) == ("Startdatum optie", 3)
    assert SUGGEST_THRESHOLD <= suggestion.score < MAP_THRESHOLD


def test_no_suggestion_for_a_field_that_has_a_column() -> None:
    mapping = map_headers([REF, "Startdatum", "Startdatum optie"], 1)
    assert mapping.field_to_header["start_date"] == "Startdatum"
    assert mapping.suggestions == {}


def test_a_profile_field_is_neither_guessed_nor_suggested() -> None:
    mapping = map_headers([REF, "Leverancier", "Startdatum optie"], 1, {"start_date": ""})
    assert mapping.suggestions == {}


def test_scores_rank_exact_spellings_over_words_over_near_misses() -> None:
    exact = score_header("Contractwaarde", "value_total")
    words = score_header("Waarde contract", "value_total")
    near = score_header("Geschatte omzet waarde", "value_total")
    assert exact == 1.0
    assert MAP_THRESHOLD <= words < exact
    assert near < MAP_THRESHOLD
    assert score_header("Contractwaarde", "value_annual") == 0.0


def test_text_in_parentheses_is_a_weak_hint() -> None:
    words = header_words("Agreement Type (Services/Goods/Works)")
    assert words.main == ("contract", "soort")
    assert words.hint == {"dienst", "levering", "werk"}
    # a hint alone does not map, it only makes an offer
    mapping = map_headers(
        [REF, "Leverancier", "Omschrijving", "Categorie (W/D/L)", "Wat (werken/diensten)"], 1
    )
    assert "kind" not in mapping.field_to_column
    assert mapping.suggestions["kind"].header == "Wat (werken/diensten)"


def test_group_header_over_two_rows_is_joined() -> None:
    upper = ["Contractnr.", "Waarde", None, "Looptijd", None, "SR %"]
    lower = [None, "totaal", "per jaar", "van", "tot", None]
    assert combine_header_rows(upper, lower) == [
        "Contractnr.",
        "Waarde totaal",
        "Waarde per jaar",
        "Looptijd van",
        "Looptijd tot",
        "SR %",
    ]
    mapping = detect_columns([upper, lower, ["C-1", 10, 5, None, None, "5%"]])
    assert mapping is not None
    assert (mapping.header_row, mapping.group_row) == (2, 1)
    assert mapping.field_to_header == {
        "ref": "Contractnr.",
        "value_total": "Waarde totaal",
        "value_annual": "Waarde per jaar",
        "start_date": "Looptijd van",
        "end_date": "Looptijd tot",
        "sr_percentage": "SR %",
    }


def test_a_header_row_that_qualifies_alone_is_not_joined_with_a_title_above() -> None:
    rows = [["Overzicht", "per 1 maart"], [REF, "Leverancier", "Einddatum"]]
    mapping = detect_columns(rows)
    assert mapping is not None
    assert mapping.group_row is None
    assert mapping.field_to_header["end_date"] == "Einddatum"


def test_a_compound_of_known_parts_reads_as_its_parts() -> None:
    assert header_words("Overeenkomstnummer").main == ("contract", "nummer")
    assert header_words("Verlengingsopties").main == ("verlenging", "optie")
    # a word that does not split into known parts stays itself
    assert header_words("Categorieën").main == ("categorieen",)
    mapping = map_headers(["Overeenkomstnummer", "Leverancier", "Einddatum"], 1)
    assert mapping.field_to_header["ref"] == "Overeenkomstnummer"


def test_signature_of_saved_profiles_is_unchanged() -> None:
    """Profiles saved before the word matching are still found by the same fingerprint: the
    normalised headers joined, as before."""
    keys = "contractnr\x1fleverancier\x1fwaardeexclbtw"
    assert headers_signature(["Contractnr.", "Leverancier", "Waarde (excl. btw)"]) == (
        hashlib.sha256(keys.encode()).hexdigest()
    )
