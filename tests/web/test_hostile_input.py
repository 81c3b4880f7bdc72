"""Hostile values in URLs, forms, uploads and download names get a Dutch answer (or a 404),
never a 500; text and requests are bounded.

The same tests run on PostgreSQL in CI (``SROI_TEST_DATABASE_URL``), where an id beyond
``integer`` and a NUL in text are refused by the database itself.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import Partnership
from sroi_plugin.web import fields as form_fields
from sroi_plugin.web.blueprint import MAX_ID
from sroi_plugin.web.downloads import content_disposition
from sroi_plugin.web.legal.forms import ChangeForm
from sroi_plugin.web.legal.forms import DecisionForm
from sroi_plugin.web.monitoring.evaluation import EvaluationForm
from sroi_plugin.web.panels.forms import SrFieldsForm
from sroi_plugin.web.partnerships.forms import MeetingForm
from sroi_plugin.web.partnerships.forms import PartnershipForm
from sroi_plugin.web.partnerships.forms import PersonForm
from sroi_plugin.web.partnerships.forms import brainstorm_form_class
from sroi_plugin.web.portfolio.forms import UploadForm
from tests.helpers.monitoring import template_for
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import Login
from tests.helpers.web import csrf_token_of
from tests.helpers.web import follow

REF = "GEM-2025-0001"
NUL_MESSAGE = "bevat een onzichtbaar stuurteken (U+0000); verwijder het."

# --- ids in URLs -----------------------------------------------------------------------------


def _id_routes(app: Flask) -> list[str]:
    """Every GET rule of the plugin with a row id in it (the previous release's URLs too)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sroi.") and "sroi_id:" in rule.rule and "GET" in rule.methods
    )


@pytest.mark.parametrize("huge", [2**31, 2**40, 2**64, 10**30])
def test_an_id_no_database_column_holds_is_a_404_on_every_route(
    app: Flask, client: FlaskClient, login: Login, make_contract: Callable[..., Contract], huge: int
) -> None:
    make_contract()
    login("admin")
    rules = _id_routes(app)
    assert len(rules) > 20
    for rule in rules:
        url = re.sub(r"<sroi_id:[a-z_]+>", str(huge), rule.replace("<path:ref>", REF))
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)


def test_no_route_of_the_plugin_takes_an_unbounded_number(app: Flask) -> None:
    """A new route with ``<int:…>`` would let a huge id reach the database again."""
    loose = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("sroi.") and re.search(r"<(int|float):", rule.rule)
    ]
    assert loose == []


def test_a_huge_id_in_a_post_is_a_404_too(
    client: FlaskClient, login: Login, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("admin")
    token = csrf_token_of(client)
    for url in (
        f"/sroi/contracten/{REF}/wijzigingen/{2**40}/voorleggen",
        f"/sroi/juridisch/wijzigingen/{2**40}/besluiten",
        f"/sroi/partnerships/{2**40}/personen",
    ):
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url


def test_the_largest_id_still_reaches_the_view(app: Flask) -> None:
    adapter = app.url_map.bind("localhost")
    endpoint, arguments = adapter.match(f"/sroi/partnerships/{MAX_ID}")
    assert (endpoint, arguments) == ("sroi.partnership_detail", {"partnership_id": MAX_ID})


# --- control characters in form text ---------------------------------------------------------

#: One text field of each form of the plugin, with the label its message starts with.
FORMS_AND_FIELDS = [
    (PartnershipForm, "name", "Naam"),
    (PartnershipForm, "goals", "Doelstellingen"),
    (PersonForm, "name", "Naam"),
    (MeetingForm, "location", "Locatie"),
    (ChangeForm, "description", "Omschrijving"),
    (DecisionForm, "rationale", "Motivering"),
    (SrFieldsForm, "sr_clause_text", "Clausuletekst"),
    (EvaluationForm, "impact", "Impact"),
    (UploadForm, "werkblad", "Werkblad"),
    (brainstorm_form_class(), "kansen", None),
]


@pytest.mark.parametrize(
    ("form_class", "name", "label"),
    FORMS_AND_FIELDS,
    ids=[f"{f.__name__}.{n}" for f, n, _ in FORMS_AND_FIELDS],
)
def test_every_form_refuses_a_nul_naming_the_field(
    app: Flask, form_class: type, name: str, label: str | None
) -> None:
    with app.test_request_context():
        form = form_class(MultiDict({name: "tekst\x00met nul"}))
        if name not in form._fields:  # a brainstorm field: take the first text field
            name = next(n for n, f in form._fields.items() if f.type == "StringField")
            form = form_class(MultiDict({name: "tekst\x00met nul"}))
        assert not form.validate()
        field = form._fields[name]
        assert (
            field.errors[0]
            == f"{label or form_fields.short_label(field.label.text)}: {NUL_MESSAGE}"
        )


def test_every_form_of_the_plugin_is_built_on_the_checking_base() -> None:
    """No form escapes the control-character check and the default length."""
    import sroi_plugin

    root = sroi_plugin.__path__[0]
    from pathlib import Path

    plain = [
        str(path.relative_to(root))
        for path in Path(root).rglob("*.py")
        if path.name != "fields.py"
        and re.search(r"^from wtforms import .*\bForm\b", path.read_text(encoding="utf-8"), re.M)
    ]
    assert plain == []


def test_a_text_field_without_a_limit_gets_the_default_one(app: Flask) -> None:
    with app.test_request_context():
        form = UploadForm()
        assert form.werkblad.flags.maxlength == 100  # its own limit stays
        goals = PartnershipForm().goals
        assert goals.flags.maxlength == 5000
        assert form_fields.DEFAULT_MAX_TEXT == 5000


def test_partnership_name_with_a_nul_is_a_422_and_keeps_the_rest(
    app: Flask, client: FlaskClient, login: Login, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    data = {
        "csrf_token": csrf_token_of(client),
        "name": "Partner\x00schap",
        "route": "2B",
        "contract_refs": REF,
        "goals": "Tien banen",
    }
    response = client.post("/sroi/partnerships/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Naam: {NUL_MESSAGE}" in html
    assert "Tien banen</textarea>" in html
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(Partnership)).all() == []


def test_goals_are_bounded_and_the_limit_is_in_the_hint(
    client: FlaskClient, login: Login, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    page = client.get("/sroi/partnerships/nieuw").get_data(as_text=True)
    assert "Hoogstens 5.000 tekens." in page
    assert 'maxlength="5000"' in page
    data = {
        "csrf_token": csrf_token_of(client),
        "name": "Partnership",
        "route": "2B",
        "contract_refs": REF,
        "goals": "x" * 5001,
    }
    response = client.post("/sroi/partnerships/nieuw", data=data)
    assert response.status_code == 422
    assert "Doelstellingen: maximaal 5000 tekens." in response.get_data(as_text=True)


def test_evaluation_text_with_a_nul_is_a_422(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    url = f"/sroi/contracten/{REF}/evaluatie"
    data = {"csrf_token": csrf_token_of(client), "based_on": "0", "impact": "Zes\x00 banen"}
    response = client.post(url, data=data, headers=HTMX)
    assert response.status_code == 422
    assert NUL_MESSAGE in response.get_data(as_text=True)


def test_clause_text_with_a_nul_is_a_422(
    app: Flask, client: FlaskClient, login: Login, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("admin")
    with app.app_context():
        contract = app.extensions["sroi"].db.session.scalars(select(Contract)).one()
        version, before = contract.version, contract.sr_clause_text
    data = {
        "csrf_token": csrf_token_of(client),
        "version": str(version),
        "sr_percentage": "5",
        "sr_basis": "wage_sum",
        "sr_form": "contract_clause",
        "sr_clause_text": "Opdrachtnemer\x00 besteedt 5%.",
    }
    response = client.post(f"/sroi/contracten/{REF}/bepalingen", data=data, headers=HTMX)
    assert response.status_code == 422
    assert f"Clausuletekst: {NUL_MESSAGE}" in response.get_data(as_text=True)
    with app.app_context():
        contract = app.extensions["sroi"].db.session.scalars(select(Contract)).one()
        assert contract.sr_clause_text == before


def test_change_description_with_a_nul_is_a_422(
    client: FlaskClient, login: Login, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("admin")
    data = {
        "csrf_token": csrf_token_of(client),
        "kind": "manual",
        "description": "Meer\x00werk",
        "modification_date": "01-03-2026",
    }
    response = client.post(f"/sroi/contracten/{REF}/wijzigingen", data=data, headers=HTMX)
    assert response.status_code == 422
    assert f"Omschrijving: {NUL_MESSAGE}" in response.get_data(as_text=True)


# --- uploads: a NUL in a cell or a file name -------------------------------------------------


#: A file name as a client may send it (RFC 2231 ``filename*``): a NUL and a CR/LF inside.
HOSTILE_NAME = "met%00%20fouten%0D%0AQ3.xlsx"


def _post_file(
    client: FlaskClient, url: str, field: str, data: bytes, fields: dict[str, str], **kw: Any
) -> TestResponse:
    """POST a multipart form whose file carries :data:`HOSTILE_NAME` (the test client cannot
    write such a name itself)."""
    parts = [
        f'--x\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--x\r\nContent-Disposition: form-data; name="{field}"; '
        f"filename*=UTF-8''{HOSTILE_NAME}\r\n"
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n--x--\r\n"
    )
    body = b"".join(parts)
    return client.post(
        url,
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=x",
        content_length=len(body),
        **kw,
    )


def test_upload_names_lose_control_characters_and_the_error_report_downloads(
    client: FlaskClient, login: Login
) -> None:
    login("procurement")
    data = xlsx([row("GEM-1"), row("GEM-2", {"Einddatum": "31-13-2027"})])
    response = _post_file(
        client,
        "/sroi/import",
        "bestand",
        data,
        {"csrf_token": csrf_token_of(client, "/sroi/import")},
    )
    preview_url, html = follow(client, response)
    assert "met fouten Q3.xlsx" in html
    report = client.get(f"{preview_url}/fouten.xlsx")
    assert report.status_code == 200
    header = report.headers["Content-Disposition"]
    assert header == (
        'attachment; filename="fouten-met fouten Q3.xlsx"; '
        "filename*=UTF-8''fouten-met%20fouten%20Q3.xlsx"
    )


def test_a_monitoring_upload_name_with_a_nul_is_kept_clean(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _post_file(
        client,
        f"/sroi/contracten/{REF}/monitoring/upload",
        "report",
        template_for(),
        {"csrf_token": csrf_token_of(client)},
        headers=HTMX,
    )
    assert response.status_code < 500
    assert "met fouten Q3.xlsx" in response.get_data(as_text=True)


# --- download names --------------------------------------------------------------------------

ODD_REF = "Ünïcödé ✓ Łódź"


def _ascii_header(value: str) -> str:
    value.encode("ascii")  # a WSGI server writes headers as Latin-1; ASCII is always safe
    assert "\r" not in value and "\n" not in value
    return value


def test_content_disposition_writes_an_ascii_fallback_and_the_exact_name() -> None:
    header = _ascii_header(content_disposition('sroi-"Ünïcödé ✓"\r\n.xlsx'))
    assert header == (
        'attachment; filename="sroi-_Unicode _ .xlsx"; '
        "filename*=UTF-8''sroi-%22%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E2%9C%93%22%20.xlsx"
    )


def test_template_and_evaluation_downloads_of_a_contract_with_odd_letters(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(ref=ODD_REF)
    base = f"/sroi/contracten/{quote(ODD_REF)}"
    template = client.get(f"{base}/monitoring/sjabloon.xlsx?start=01-07-2026&end=30-09-2026")
    assert template.status_code == 200
    header = _ascii_header(template.headers["Content-Disposition"])
    assert "filename*=UTF-8''sroi-rapportage-%C3%9Cn%C3%AFc%C3%B6d%C3%A9-" in header
    data = {"csrf_token": csrf_token_of(client), "based_on": "0", "impact": "Zes banen"}
    assert client.post(f"{base}/evaluatie", data=data, headers=HTMX).status_code == 200
    evaluation = client.get(f"{base}/evaluatie.xlsx")
    assert evaluation.status_code == 200
    header = _ascii_header(evaluation.headers["Content-Disposition"])
    assert "filename*=UTF-8''sroi-evaluatie-%C3%9Cn%C3%AFc%C3%B6d%C3%A9-" in header


# --- request size ----------------------------------------------------------------------------


def test_max_content_length_follows_sroi_max_upload_mb(app: Flask) -> None:
    assert app.config["MAX_CONTENT_LENGTH"] == 51 * 1024 * 1024


def test_a_300_mb_anonymous_upload_is_a_dutch_413_before_it_is_read(
    client: FlaskClient, login: Login
) -> None:
    login("anonymous")
    body = io.BytesIO(b"--x\r\n")
    response = client.post(
        "/sroi/import",
        input_stream=body,
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(300 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert "een bestand mag hoogstens 50 MB zijn" in response.get_data(as_text=True)
    assert body.tell() == 0  # not a byte read


def test_a_host_limit_is_left_alone() -> None:
    from sroi_plugin.demo import create_app

    app = create_app(
        {"TESTING": True, "MAX_CONTENT_LENGTH": 1234, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
