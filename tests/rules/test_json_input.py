"""The one reader of the ``--json`` inputs: dotted paths, the two wordings, the shared parsers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.json_input import JsonObject
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import Ground


def refusal(read: Callable[[], object]) -> RuleInputError:
    with pytest.raises(RuleInputError) as caught:
        read()
    return caught.value


def test_a_nested_field_is_named_by_its_dotted_path_and_list_index() -> None:
    root = JsonObject({"outer": {"rows": [{"day": "2026-01-01"}, {"day": "morgen"}]}})
    rows = root.section("outer").items("rows")
    assert rows[0].date("day") == date(2026, 1, 1)
    error = refusal(lambda: rows[1].date("day"))
    assert error.field == "outer.rows[1].day"
    assert "'morgen' is geen geldige datum" in error.message


def test_without_labels_a_refusal_is_the_bare_predicate() -> None:
    error = refusal(lambda: JsonObject({}, "modification").date("date"))
    assert (error.field, error.message) == ("modification.date", "ontbreekt")
    assert str(error) == "modification.date: ontbreekt"


def test_with_labels_a_refusal_is_a_dutch_sentence() -> None:
    read = JsonObject({"start": 20250101}, labels={"start": "De startdatum", "end": "De einddatum"})
    assert refusal(lambda: read.date("end")).message == "De einddatum ontbreekt."
    assert refusal(lambda: read.date("start")).message == (
        'De startdatum 20250101 is geen geldige datum (schrijf "2026-12-31").'
    )


def test_a_shared_parser_refusal_keeps_its_words() -> None:
    read = JsonObject({"value": "1.234"}, labels={"value": "De waarde"})
    message = refusal(lambda: read.amount("value")).message
    assert message.startswith("De waarde: '1.234' is niet eenduidig")
    assert message.endswith(".")


def test_unknown_fields_are_refused_by_name() -> None:
    read = JsonObject({"kind": "werk", "knid": "werk"}, "contract")
    error = refusal(lambda: read.refuse_unknown(["kind"]))
    assert (error.field, error.message) == ("contract.knid", "Onbekend veld 'knid'.")
    JsonObject({"kind": "werk"}).refuse_unknown(["kind", "authority"])


def test_optional_reads_null_and_absent_as_none() -> None:
    read = JsonObject({"wage": None, "share": "45%"})
    assert read.optional("wage", read.amount) is None
    assert read.optional("missing", read.amount) is None
    assert read.optional("share", read.share) == Decimal("0.45")


def test_amounts_are_read_as_people_write_them_and_never_from_a_float() -> None:
    read = JsonObject({"text": "€ 1.234.567", "int": 5, "float": 1.5, "minus": "-5.000"})
    assert read.amount("text") == Decimal("1234567.00")
    assert read.amount("int") == Decimal("5.00")
    assert "moet een getal als tekst zijn" in refusal(lambda: read.amount("float")).message
    assert "mag niet negatief zijn" in refusal(lambda: read.amount("minus")).message
    assert read.amount("minus", negative=True) == Decimal("-5000.00")


def test_exact_numbers_are_taken_as_written() -> None:
    read = JsonObject({"exact": Decimal("1000000.5"), "nan": Decimal("NaN")})
    assert str(read.amount("exact", exact_numbers=True)) == "1000000.5"
    assert "geen geldig getal" in refusal(lambda: read.amount("nan", exact_numbers=True)).message


def test_shares_and_percentages_are_bounded() -> None:
    read = JsonObject({"share": 1.5, "pct": 101, "ok": 2.5})
    assert "moet tussen 0 en 1 liggen" in refusal(lambda: read.share("share")).message
    assert "moet tussen 0 en 100 liggen" in refusal(lambda: read.percentage("pct")).message
    assert read.percentage("ok") == Decimal("2.5")


def test_dates_flags_texts_and_months() -> None:
    read = JsonObject(
        {"day": datetime(2026, 3, 1, 12), "yes": True, "no": "ja", "name": 12, "months": 1.5}
    )
    assert read.date("day") == date(2026, 3, 1)
    assert read.flag("yes") is True
    assert read.answer("absent") is None
    assert "moet true of false zijn" in refusal(lambda: read.flag("no")).message
    assert "moet tekst zijn" in refusal(lambda: read.text("name")).message
    assert "geheel aantal maanden" in refusal(lambda: read.months("months")).message
    assert read.months("absent") is None


def test_terms_by_dutch_word_or_by_code() -> None:
    read = JsonObject({"kind": "werk", "none": "n.v.t.", "bad": "gebouw", "ground": "minimis"})
    assert read.term("kind", ContractKind) is ContractKind.WORKS
    assert read.optional_term("none", ContractKind, "soort opdracht") is None
    worded = refusal(lambda: read.term("bad", ContractKind, "soort opdracht")).message
    assert "'gebouw' is geen soort opdracht (kies werk" in worded
    coded = refusal(lambda: read.term("ground", Ground)).message
    assert coded.startswith("onbekende waarde 'minimis'; kies uit:")
    assert "de_minimis" in coded


def test_a_section_or_list_of_the_wrong_shape_is_refused() -> None:
    read = JsonObject({"contract": [1], "priors": "1000", "items": ["x"]})
    assert refusal(lambda: read.section("contract")).message == "moet een object zijn"
    assert refusal(lambda: read.items("priors")).message == "moet een lijst zijn"
    error = refusal(lambda: read.items("items"))
    assert (error.field, error.message) == ("items[0]", "moet een object zijn")
    assert read.items("absent") == []
