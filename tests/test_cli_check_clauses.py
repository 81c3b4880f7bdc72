"""``flask sroi check-clauses --json FILE.json``: findings and promising score as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

FACTS: dict[str, object] = {
    "kind": "dienst",
    "authority": "other",
    "value_total_eur": "1200000.00",
    "value_annual_eur": "300000.00",
    "wage_sum_eur": None,
    "wage_share": 0.6,
    "start_date": "2025-01-01",
    "end_date": "2028-12-31",
    "extension_options": "2x 1 jaar",
    "framework": False,
    "category": "schoonmaak",
    "sr_percentage": "5",
    "sr_basis": "loonsom",
    "sr_form": "contractbepaling",
    "clause_text": (
        "Opdrachtnemer besteedt 5% van de loonsom aan social return en rapporteert ieder half "
        "jaar over de verloonde uren. Bij het niet nakomen van de social-returnverplichting is "
        "een boete verschuldigd."
    ),
    "today": "2026-11-25",
}


def run(app: Flask, tmp_path: Path, data: object, raw: str | None = None) -> tuple[int, str, str]:
    path = tmp_path / "contract.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["sroi", "check-clauses", "--json", str(path)])
    return result.exit_code, result.stdout, result.stderr


def test_prints_findings_and_the_promising_score(app: Flask, tmp_path: Path) -> None:
    code, out, err = run(app, tmp_path, FACTS)
    assert (code, err) == (0, "")
    result = json.loads(out)
    (finding,) = result["findings"]
    assert finding == {
        "code": "SR_PENALTY",
        "severity": "warning",
        "title": "Boete gekoppeld aan social return",
        "explanation": finding["explanation"],
        "source": "handreiking stap 1 (partnership en boetes)",
        "evidence": (
            "Bij het niet nakomen van de social-returnverplichting is een boete verschuldigd."
        ),
    }
    assert "zeker niet als met boetes wordt gedreigd" in finding["explanation"]
    promising = result["promising"]
    assert promising["score"] == 11
    assert promising["promising"] is True
    assert promising["reasons"][0] == {
        "key": "annual_value",
        "label": "Jaarwaarde € 300.000 is meer dan € 200.000: een groter contract",
        "points": 3,
    }
    assert [r["key"] for r in promising["reasons"]] == [
        "annual_value",
        "labour_intensive",
        "multi_year",
        "remaining_term",
        "sr_paragraph_present",
    ]
    assert sum(r["points"] for r in promising["reasons"]) == promising["score"]


def test_reports_a_clause_text_that_contradicts_the_fields(app: Flask, tmp_path: Path) -> None:
    facts = {
        **FACTS,
        "sr_percentage": "12",
        "clause_text": "Opdrachtnemer besteedt 5% van de projectsom aan social return en "
        "rapporteert ieder half jaar over de verloonde uren.",
    }
    code, out, err = run(app, tmp_path, facts)
    assert (code, err) == (0, "")
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "SR_TEXT_FIELDS_MISMATCH"
    assert finding["explanation"].startswith(
        "De clausuletekst noemt 5% van de projectsom; de velden zeggen 12% van de loonsom."
    )
    assert finding["evidence"] is None


def test_a_short_contract_marked_without_social_return_gets_no_duration_warning(
    app: Flask, tmp_path: Path
) -> None:
    short = {**FACTS, "start_date": "2026-01-01", "end_date": "2026-03-31", "clause_text": None}
    findings = {}
    for answer in ("ja", "nee", "n.v.t.", "onbekend"):
        code, out, err = run(app, tmp_path, {**short, "has_sr": answer})
        assert (code, err) == (0, "")
        findings[answer] = [f["code"] for f in json.loads(out)["findings"]]
    assert "SR_SHORT_DURATION" in findings["ja"]
    for answer in ("nee", "n.v.t.", "onbekend"):
        assert "SR_SHORT_DURATION" not in findings[answer]


def test_reads_the_stored_codes_as_well_as_the_words(app: Flask, tmp_path: Path) -> None:
    coded = {**FACTS, "kind": "services", "sr_basis": "wage_sum", "sr_form": "contract_clause"}
    assert run(app, tmp_path, coded) == run(app, tmp_path, FACTS)


def test_an_unknown_sr_answer_is_not_read_as_no(app: Flask, tmp_path: Path) -> None:
    plain = {**FACTS, "sr_percentage": None, "sr_basis": None, "sr_form": None}
    plain["clause_text"] = None
    reasons = {}
    for answer in ("nee", "onbekend"):
        code, out, err = run(app, tmp_path, {**plain, "has_sr": answer})
        assert (code, err) == (0, "")
        reasons[answer] = [r["key"] for r in json.loads(out)["promising"]["reasons"]]
    assert "sr_paragraph_absent" in reasons["nee"]
    assert "sr_paragraph_absent" not in reasons["onbekend"]


def test_uses_the_apps_norms(app: Flask, tmp_path: Path) -> None:
    small = {**FACTS, "value_total_eur": "80000", "clause_text": None}
    code, out, _ = run(app, tmp_path, small)
    assert code == 0
    assert "SR_SIZE_SMALL" in [f["code"] for f in json.loads(out)["findings"]]
    app.config["SROI_NORMS"] = {"size_norm_eur": "50000", "promising_threshold": 20}
    code, out, _ = run(app, tmp_path, small)
    result = json.loads(out)
    assert "SR_SIZE_SMALL" not in [f["code"] for f in result["findings"]]
    assert result["promising"]["promising"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {k: v for k, v in FACTS.items() if k != "start_date"},
            "Ongeldige invoer in veld 'start_date': De startdatum ontbreekt.",
        ),
        (
            {**FACTS, "kind": "gebouw"},
            "Ongeldige invoer in veld 'kind': De soort opdracht: 'gebouw' is geen soort opdracht "
            "(kies werk, dienst, levering of sociale en andere specifieke diensten).",
        ),
        (
            {**FACTS, "value_total_eur": 1200000.5},
            "Ongeldige invoer in veld 'value_total_eur': De totale contractwaarde moet een getal "
            'als tekst zijn, zoals "125000.00"',
        ),
        ({**FACTS, "clause": "typo"}, "Ongeldige invoer in veld 'clause': Onbekend veld"),
        (["not", "an", "object"], "De invoer moet een JSON-object met de contractgegevens zijn"),
    ],
)
def test_bad_input_exits_2_naming_the_field_on_stderr(
    app: Flask, tmp_path: Path, data: object, message: str
) -> None:
    code, out, err = run(app, tmp_path, data)
    assert code == 2
    assert out == ""
    assert message in err


def test_invalid_json_exits_2(app: Flask, tmp_path: Path) -> None:
    code, out, err = run(app, tmp_path, None, raw='{"kind": "dienst",')
    assert code == 2
    assert out == ""
    assert "is geen geldige JSON (regel 1, kolom" in err


def test_missing_file_exits_2(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(
        args=["sroi", "check-clauses", "--json", str(tmp_path / "weg.json")]
    )
    assert result.exit_code == 2
    assert "Kan het invoerbestand" in result.stderr
