"""The "Social-returnbepaling" panel: findings, live check, saving with optimistic locking."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import update

from sroi_plugin.demo import create_app
from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit
from sroi_plugin.services.contract_facts import contract_facts
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.panels import clauses as clauses_module
from tests.helpers.clock import TODAY
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/bepalingen"
CHECK_URL = f"{URL}/controleren"
#: a clause that triggers nothing: a percentage of the wage sum with a reporting arrangement
GOOD_CLAUSE = (
    "Opdrachtnemer besteedt ten minste 5% van de loonsom aan de inzet van mensen met een "
    "afstand tot de arbeidsmarkt. Opdrachtnemer rapporteert ieder half jaar geaggregeerd over "
    "de verloonde uren."
)
#: the same with a penalty sentence (SR_PENALTY)
PENALTY_CLAUSE = (
    f"{GOOD_CLAUSE} Bij het niet nakomen van de social-returnverplichting is een boete "
    "verschuldigd."
)

MakeContract = Callable[..., Contract]


def stored(app: Flask, ref: str = REF) -> Contract:
    """The contract as the database has it now (a fresh app context, nothing cached)."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract: Contract = session.scalars(select(Contract).where(Contract.ref == ref)).one()
        session.expunge(contract)
        return contract


def edits(app: Flask) -> list[SrEdit]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        rows = list(session.scalars(select(SrEdit).order_by(SrEdit.id)).all())
        for row in rows:
            session.expunge(row)
        return rows


@pytest.fixture
def seed(app: Flask, make_contract: MakeContract) -> MakeContract:
    """Seed a contract and return it as stored (loaded, detached: its version is readable)."""

    def make(ref: str = REF, **fields: Any) -> Contract:
        make_contract(ref, **fields)
        return stored(app, ref)

    return make


def form_data(client: FlaskClient, version: int, **fields: str) -> dict[str, str]:
    """A complete form as the panel posts it, with the session's CSRF token."""
    data = {
        "csrf_token": csrf_token_of(client),
        "version": str(version),
        "sr_percentage": "5",
        "sr_basis": "wage_sum",
        "sr_form": "contract_clause",
        "sr_clause_text": GOOD_CLAUSE,
    }
    data.update(fields)
    return data


def codes(html: str) -> list[str]:
    return re.findall(r'data-code="([A-Z_]+)"', html)


# --- model → facts -------------------------------------------------------------------------


def test_contract_facts_maps_the_model_fields(
    app: Flask, seed: MakeContract
) -> None:
    contract = seed(
        wage_share=Decimal("0.6"), extension_options="2x 1 jaar", is_framework=True
    )
    facts = contract_facts(contract, TODAY)
    assert facts.kind == "services"
    assert facts.authority == "other"
    assert facts.value_total_eur == Decimal("1200000.00")
    assert facts.value_annual_eur == Decimal("300000.00")
    assert facts.wage_share == Decimal("0.6")
    assert facts.framework is True
    assert facts.extension_months == [12, 12]
    assert facts.clause_text == contract.sr_clause_text
    assert facts.today == TODAY


def test_contract_facts_names_a_missing_field_in_dutch(
    app: Flask, seed: MakeContract
) -> None:
    contract = seed(value_annual=None)
    with pytest.raises(RuleInputError) as caught:
        contract_facts(contract, TODAY)
    assert caught.value.field == "value_annual_eur"
    assert caught.value.message == "De jaarwaarde ontbreekt."


# --- reading the panel ---------------------------------------------------------------------


def test_htmx_request_gets_the_fragment_with_findings(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(sr_basis="wage_sum", sr_clause_text=PENALTY_CLAUSE)
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-clauses"' in html
    assert codes(html) == ["SR_PENALTY"]
    assert "Boete gekoppeld aan social return" in html
    # colour is not alone: a word and an icon name the severity
    assert '<span class="sroi-severity sroi-severity-warning">' in html
    assert "Waarschuwing" in html
    assert "Bron: handreiking stap 1 (partnership en boetes)" in html
    assert (
        "&ldquo;<bdi>Bij het niet nakomen van de social-returnverplichting is een boete "
        "verschuldigd.</bdi>&rdquo;" in html
    )


def test_plain_request_gets_a_full_page_with_a_link_back(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(sr_basis="wage_sum", sr_clause_text=PENALTY_CLAUSE)
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'id="sroi-panel-clauses"' in html
    assert codes(html) == ["SR_PENALTY"]
    assert f'href="/contracten/{REF}"' in html


def test_findings_are_ordered_errors_first(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(
        sr_clause_text="De opdrachtnemer zet uitsluitend kandidaten uit het doelgroepregister in. "
        "Bij niet-nakoming volgt een boete."
    )
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    found = codes(html)
    assert set(found) >= {"SR_TARGET_GROUP_PRESCRIBED", "SR_PENALTY"}
    severities = re.findall(r'class="sroi-finding sroi-finding-(\w+)"', html)
    rank = {"error": 0, "warning": 1, "info": 2}
    assert [rank[s] for s in severities] == sorted(rank[s] for s in severities)


def test_a_sound_clause_has_no_findings(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(sr_basis="wage_sum", sr_clause_text=GOOD_CLAUSE, category="advies")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert codes(html) == []
    assert "Geen bevindingen" in html


def test_incomplete_contract_says_what_is_missing(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(start_date=None)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Toetsen is niet mogelijk: De startdatum ontbreekt." in html


def test_norms_from_app_config_change_the_outcome(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    seed(value_total=Decimal("80000"), value_annual=Decimal("20000"))
    assert "SR_SIZE_SMALL" in codes(client.get(URL, headers=HTMX).get_data(as_text=True))
    app.config["SROI_NORMS"] = {"size_norm_eur": "50000"}
    assert "SR_SIZE_SMALL" not in codes(client.get(URL, headers=HTMX).get_data(as_text=True))


def test_bad_norms_fail_at_start_up_naming_the_key() -> None:
    with pytest.raises(ConfigError, match="SROI_NORMS: Unknown SROI norm 'size_norm'"):
        create_app({"SECRET_KEY": "x", "SROI_NORMS": {"size_norm": "50000"}})
    with pytest.raises(ConfigError, match="SROI_NORMS must be a mapping"):
        create_app({"SECRET_KEY": "x", "SROI_NORMS": ["size_norm_eur"]})


def test_viewer_sees_findings_but_no_form(
    client: FlaskClient, login: Callable[[str], None], seed: MakeContract
) -> None:
    seed(sr_basis="wage_sum", sr_clause_text=PENALTY_CLAUSE)
    login("viewer")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert codes(html) == ["SR_PENALTY"]
    assert "<form" not in html
    assert "Bij het niet nakomen" in html  # the stored clause, read-only


def test_contract_manager_gets_the_form_with_the_stored_values(
    client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed(sr_percentage=Decimal("2.5"), sr_clause_text=PENALTY_CLAUSE)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert f'action="{URL}"' in html
    assert f'hx-post="{CHECK_URL}"' in html
    assert 'hx-trigger="input changed delay:500ms"' in html
    assert 'value="2,5"' in html
    assert f'name="version" type="hidden" value="{contract.version}"' in html
    assert "social-returnverplichting is een boete verschuldigd.</textarea>" in html


# --- the live check ------------------------------------------------------------------------


def test_check_returns_updated_findings_and_changes_nothing(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed(sr_basis="wage_sum", sr_clause_text=GOOD_CLAUSE, category="advies")
    data = form_data(client, contract.version, sr_clause_text=PENALTY_CLAUSE)
    response = client.post(CHECK_URL, data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert html.lstrip().startswith('<div class="sroi-findings" id="sroi-clauses-findings"')
    assert codes(html) == ["SR_PENALTY"]
    assert 'id="sroi-panel-clauses"' not in html  # only the findings list
    after = stored(app)
    assert after.sr_clause_text == GOOD_CLAUSE
    assert after.version == contract.version
    assert edits(app) == []


def test_check_puts_field_errors_beside_the_fields_out_of_band(
    client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed(sr_clause_text=PENALTY_CLAUSE)
    data = form_data(client, contract.version, sr_percentage="vijf", sr_clause_text=GOOD_CLAUSE)
    html = client.post(CHECK_URL, data=data, headers=HTMX).get_data(as_text=True)
    assert (
        '<div id="sroi-clauses-errors-sr_percentage" hx-swap-oob="innerHTML">'
        '<p class="sroi-field-error">Percentage: &#39;vijf&#39; is geen percentage.'
    ) in html
    assert "Ongeldige invoer bij Percentage" in html
    assert "SR_PENALTY" not in codes(html)  # the typed clause text still counts


def test_check_without_javascript_returns_the_page_with_the_typed_values(
    client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    data = form_data(client, contract.version, sr_clause_text=PENALTY_CLAUSE)
    response = client.post(CHECK_URL, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith("<!doctype html>")
    assert codes(html) == ["SR_PENALTY"]
    assert "is een boete verschuldigd.</textarea>" in html


# --- saving --------------------------------------------------------------------------------


def test_save_with_htmx_rerenders_the_panel_and_keeps_who_and_when(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed(sr_clause_text=PENALTY_CLAUSE)
    data = form_data(client, contract.version, sr_percentage="2,5")
    response = client.post(URL, data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert "Opgeslagen." in html
    assert response.headers["HX-Trigger"] == "sroiSrFieldsSaved"
    assert "Laatst gewijzigd door <bdi>Sanne de Vries</bdi> op " in html
    assert "Percentage (5% &rarr; 2,5%)" in html
    after = stored(app)
    assert after.sr_percentage == Decimal("2.5")
    assert after.sr_basis == "wage_sum"
    assert after.sr_clause_text == GOOD_CLAUSE
    assert after.version == contract.version + 1
    saved = {edit.field: edit for edit in edits(app)}
    assert set(saved) == {"sr_percentage", "sr_basis", "sr_clause_text"}
    assert (saved["sr_percentage"].old_value, saved["sr_percentage"].new_value) == ("5", "2.5")
    assert saved["sr_clause_text"].old_value == PENALTY_CLAUSE
    assert {edit.edited_by_id for edit in saved.values()} == {"u-sanne"}
    assert {edit.edited_by_name for edit in saved.values()} == {"Sanne de Vries"}
    assert {edit.contract_version for edit in saved.values()} == {after.version}
    # the findings follow the saved text and fields: no penalty, but 2,5% against the text's 5%
    assert codes(html) == ["SR_TEXT_FIELDS_MISMATCH"]
    assert "De clausuletekst noemt 5% van de loonsom; de velden zeggen 2,5% van de loonsom." in html
    assert "Bron: gegevenscontrole: clausuletekst tegen de contractvelden" in html


def test_the_sr_answer_is_saved_as_its_code_and_nee_and_onbekend_read_differently(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    # a Rijk contract with a large wage sum and no social return recorded (SR_RIJK_WAGE_SUM)
    contract = seed(
        authority_type="central",
        wage_sum=Decimal("300000"),
        sr_percentage=None,
        sr_basis=None,
        sr_form=None,
        sr_clause_text=None,
    )
    assert contract.has_sr is None
    empty = {"sr_percentage": "", "sr_basis": "", "sr_form": "", "sr_clause_text": ""}
    data = form_data(client, contract.version, has_sr="unknown", **empty)
    html = client.post(URL, data=data, headers=HTMX).get_data(as_text=True)
    assert "Opgeslagen." in html
    assert stored(app).has_sr == "unknown"
    [edit] = [edit for edit in edits(app) if edit.field == "has_sr"]
    assert (edit.old_value, edit.new_value) == (None, "unknown")
    assert "Social return (leeg &rarr; Onbekend)" in html
    assert '<option selected value="unknown">Onbekend</option>' in html
    assert "onbekend of er social return is" in html
    assert "Rijksopdracht met grote loonsom zonder social return" not in html

    data = form_data(client, stored(app).version, has_sr="no", **empty)
    html = client.post(URL, data=data, headers=HTMX).get_data(as_text=True)
    assert stored(app).has_sr == "no"
    assert "Social return (Onbekend &rarr; Nee)" in html
    assert "Rijksopdracht met grote loonsom zonder social return" in html


def test_a_word_outside_the_sr_answers_is_refused(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    response = client.post(URL, data=form_data(client, contract.version, has_sr="misschien"))
    assert response.status_code == 422
    assert "Social return: kies ja, nee, n.v.t., onbekend of niets." in response.get_data(
        as_text=True
    )
    assert stored(app).has_sr == "yes"


def test_plain_save_redirects_to_the_panel(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    response = client.post(URL, data=form_data(client, contract.version))
    assert response.status_code == 303
    assert response.headers["Location"] == f"{URL}?opgeslagen=1"
    assert "Opgeslagen." in client.get(response.headers["Location"]).get_data(as_text=True)
    assert stored(app).sr_clause_text == GOOD_CLAUSE


def test_saving_unchanged_values_records_nothing(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed(sr_basis="wage_sum", sr_clause_text=GOOD_CLAUSE)
    data = form_data(client, contract.version, sr_percentage="5,00")
    html = client.post(URL, data=data, headers=HTMX).get_data(as_text=True)
    assert "Niets gewijzigd" in html
    assert edits(app) == []
    assert stored(app).version == contract.version


def test_empty_fields_are_saved_as_empty(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    data = form_data(
        client, contract.version, sr_percentage="", sr_basis="", sr_form="", sr_clause_text="  "
    )
    assert client.post(URL, data=data, headers=HTMX).status_code == 200
    after = stored(app)
    assert (after.sr_percentage, after.sr_basis, after.sr_form, after.sr_clause_text) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sr_percentage", "150", "Percentage: &#39;150&#39; ligt niet tussen 0% en 100%."),
        ("sr_percentage", "0,5", "Percentage: &#39;0,5&#39; is niet eenduidig: 50% of 0,5%?"),
        ("sr_percentage", "2,555", "Percentage: gebruik hoogstens twee cijfers achter de komma."),
        ("sr_basis", "omzet", "Grondslag: kies projectsom, loonsom of niets."),
        ("sr_form", "eis", "Vorm: kies contractbepaling, gunningscriterium"),
        ("sr_clause_text", "x" * 20_001, "Clausuletekst: hoogstens 20.000 tekens."),
    ],
)
def test_validation_error_is_422_with_the_input_kept(
    app: Flask,
    client: FlaskClient,
    seed: MakeContract,
    field: str,
    value: str,
    message: str,
) -> None:
    contract = seed()
    typed = "Mijn nieuwe tekst over social return die ik niet kwijt wil."
    data = form_data(client, contract.version, **{"sr_clause_text": typed, field: value})
    response = client.post(URL, data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert is_fragment(html)
    assert message in html
    assert "Niet opgeslagen: verbeter de velden met een melding." in html
    if field == "sr_clause_text":
        assert value in html
    else:
        assert f"{typed}</textarea>" in html
    if field == "sr_percentage":
        assert f'value="{value}"' in html
    after = stored(app)
    assert after.sr_clause_text == contract.sr_clause_text
    assert after.version == contract.version
    assert edits(app) == []


def _save_by_someone_else(app: Flask, text: str) -> None:
    """Another person's save, committed through another connection."""
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            connection.execute(
                update(Contract.__table__)  # type: ignore[arg-type]
                .where(Contract.__table__.c.ref == REF)
                .values(sr_clause_text=text, version=Contract.__table__.c.version + 1)
            )


def test_conflicting_edit_is_409_keeping_the_users_text(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    loaded = contract.version
    _save_by_someone_else(app, "Tekst van een collega.")
    mine = "Mijn eigen versie van de bepaling."
    response = client.post(URL, data=form_data(client, loaded, sr_clause_text=mine), headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert is_fragment(html)
    assert "Niet opgeslagen: iemand anders heeft deze velden gewijzigd" in html
    assert f"{mine}</textarea>" in html  # the user's text is kept
    assert "Nu opgeslagen: Clausuletekst" in html
    assert "Tekst van een collega." in html  # the other person's current value
    # saving again now overwrites deliberately: the form carries the current version
    assert f'name="version" type="hidden" value="{loaded + 1}"' in html
    after = stored(app)
    assert after.sr_clause_text == "Tekst van een collega."
    assert after.version == loaded + 1
    assert edits(app) == []


def test_a_save_racing_another_commit_is_409(
    app: Flask,
    client: FlaskClient,
    seed: MakeContract,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The version matched when loaded, but someone committed before our UPDATE."""
    contract = seed()
    load = contract_or_404
    calls: list[str] = []

    def load_then_race(ref: str) -> Any:
        found = load(ref)
        if not calls:
            _save_by_someone_else(app, "Gelijktijdig opgeslagen.")
        calls.append(ref)
        return found

    monkeypatch.setattr(clauses_module, "contract_or_404", load_then_race)
    mine = "Mijn versie."
    response = client.post(
        URL, data=form_data(client, contract.version, sr_clause_text=mine), headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert len(calls) == 2  # the UPDATE failed on the version, the contract was reloaded
    assert f"{mine}</textarea>" in html
    assert "Gelijktijdig opgeslagen." in html
    assert stored(app).sr_clause_text == "Gelijktijdig opgeslagen."
    assert edits(app) == []


# --- access and CSRF -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("viewer", 200, 403),
        ("procurement", 200, 403),
        ("legal_reviewer", 200, 403),
        ("contract_manager", 200, 200),
        ("admin", 200, 200),
        ("anonymous", 403, 403),
    ],
)
def test_access_per_role(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    seed: MakeContract,
    role: str,
    read: int,
    write: int,
) -> None:
    contract = seed()
    data = form_data(client, contract.version, sr_clause_text=PENALTY_CLAUSE)
    login(role)
    assert client.get(URL, headers=HTMX).status_code == read
    assert client.post(CHECK_URL, data=data, headers=HTMX).status_code == write
    assert client.post(URL, data=data, headers=HTMX).status_code == write
    expected = PENALTY_CLAUSE if write == 200 else contract.sr_clause_text
    assert stored(app).sr_clause_text == expected


def test_viewer_save_is_a_dutch_403(
    client: FlaskClient, login: Callable[[str], None], seed: MakeContract
) -> None:
    contract = seed()
    data = form_data(client, contract.version)
    login("viewer")
    response = client.post(URL, data=data, headers=HTMX)
    assert response.status_code == 403
    assert "Hiervoor is de rol contractmanager nodig." in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    data = form_data(client, contract.version, sr_clause_text=PENALTY_CLAUSE)
    del data["csrf_token"]
    assert client.post(URL, data=data, headers=HTMX).status_code == 400
    assert client.post(CHECK_URL, data=data, headers=HTMX).status_code == 400
    assert stored(app).sr_clause_text == contract.sr_clause_text


def test_unknown_contract_is_a_404(client: FlaskClient) -> None:
    response = client.get("/sroi/contracten/ONBEKEND-1/bepalingen", headers=HTMX)
    assert response.status_code == 404


def test_demo_contract_page_embeds_the_clauses_panel(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed()
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert f'hx-get="{URL}"' in html
    assert f'<a href="{URL}">Social-returnbepaling openen</a>' in html


def test_end_date_before_start_is_reported_not_crashed(
    client: FlaskClient, seed: MakeContract
) -> None:
    seed(start_date=date(2026, 1, 1), end_date=date(2025, 1, 1))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Toetsen is niet mogelijk: De einddatum (01-01-2025) ligt vóór de startdatum" in html


def test_an_answer_that_contradicts_the_percentage_is_refused_and_the_typed_values_stay(
    app: Flask, client: FlaskClient, seed: MakeContract
) -> None:
    contract = seed()
    data = form_data(client, contract.version, has_sr="unknown", sr_percentage="5")
    response = client.post(URL, data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Social return: &#39;onbekend&#39;, maar het SR-percentage is 5%." in html
    assert '<option selected value="unknown">Onbekend</option>' in html
    assert stored(app).has_sr == "yes"
