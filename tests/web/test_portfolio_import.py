"""The import page: upload → (columns) → preview → confirm, bad files, access, CSRF, export."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.models import Contract
from sroi_plugin.models import ImportProfile
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import follow
from tests.helpers.web import is_fragment
from tests.helpers.web import text_of
from tests.helpers.xlsx import minimal_xlsx_entries
from tests.helpers.xlsx import ole2_bytes
from tests.helpers.xlsx import zip_bytes

MakeContract = Callable[..., Contract]
Login = Callable[[str], None]


@pytest.mark.parametrize("role", ["contract_manager", "viewer"])
def test_uploading_needs_the_procurement_role(
    app: Flask, client: FlaskClient, login: Login, role: str
) -> None:
    login(role)
    token = csrf_token_of(client)
    response = client.post(
        START,
        data={"csrf_token": token, "bestand": (io.BytesIO(xlsx([row("GEM-1")])), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403
    assert "inkoper" in response.get_data(as_text=True)
    assert kept_uploads(app) == []


def test_the_start_page_is_a_fragment_for_htmx_and_a_page_otherwise(
    client: FlaskClient, login: Login
) -> None:
    login("procurement")
    fragment = client.get(START, headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-panel-import"' in fragment
    page = client.get(START).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and 'id="sroi-panel-import"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'action="/sroi/import"' in page and 'href="/sroi/import/export.xlsx"' in page


def test_upload_preview_confirm(
    app: Flask, client: FlaskClient, login: Login, session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-GONE")
    login("procurement")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Contractwaarde": "1.300.000", "Einddatum": "31-12-2029"}),
            row("GEM-NEW"),
        ],
        above=[["Contractenoverzicht"]],
    )
    preview_url, html = follow(client, upload(client, data, "register.xlsx"))
    text = text_of(html)
    assert "Voorvertoning import — register.xlsx" in text
    assert "kopregel op rij 2" in text
    assert "1 nieuw" in text and "1 gewijzigd" in text and "1 niet in deze export" in text
    assert "€ 1.200.000" in text and "€ 1.300.000" in text
    assert "31-12-2028" in text and "31-12-2029" in text
    assert "Contractwaarde verhoogd van € 1.200.000 naar € 1.300.000 (import 25-11-2026)" in text
    assert "GEM-GONE" in text
    assert contract(session, "GEM-A").value_total == Decimal("1200000.00")  # nothing yet
    assert len(kept_uploads(app)) == 3  # file, findings, rows as read
    # the preview is a fragment for htmx and a page otherwise
    assert is_fragment(client.get(preview_url, headers=HTMX).get_data(as_text=True))
    done_url, done = follow(
        client, client.post(confirm_url(html), data={"csrf_token": token_of(client)})
    )
    assert "/sroi/import/verwerkt/" in done_url
    done_text = text_of(done)
    assert "Import verwerkt — register.xlsx" in done_text and "Pieter Jansen" in done_text
    assert 'href="/contracten/GEM-A"' in done
    assert contract(session, "GEM-A").value_total == Decimal("1300000.00")
    assert contract(session, "GEM-GONE").status == "missing"
    assert contract(session, "GEM-NEW").status == "active"
    # both detected changes of GEM-A, in any order (PostgreSQL returns rows unordered)
    assert sorted(m.kind for m in session.scalars(select(Modification))) == [
        "term_extension",
        "value_increase",
    ]
    assert kept_uploads(app) == []  # deleted after the confirm
    assert client.get(preview_url).status_code == 404  # the token is gone


def test_requests_without_csrf_token_are_refused_and_change_nothing(
    app: Flask, client: FlaskClient, login: Login, session: Session
) -> None:
    login("procurement")
    refused = client.post(
        START,
        data={"bestand": (io.BytesIO(xlsx([row("GEM-1")])), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "CSRF" in refused.get_data(as_text=True)
    assert kept_uploads(app) == []
    _url, html = follow(client, upload(client, xlsx([row("GEM-1")])))
    assert client.post(confirm_url(html)).status_code == 400
    assert count(session, Contract) == 0 and count(session, PortfolioImport) == 0


BAD_FILES = {
    "csv": (b"Contractnummer;Leverancier\nGEM-1;Schoon\n", "geen Excel-bestand maar tekst"),
    "xls": (ole2_bytes(["Workbook"]), "oud Excel-bestand (.xls)"),
    "password": (
        ole2_bytes(["EncryptionInfo", "EncryptedPackage"]),
        "beveiligd met een wachtwoord",
    ),
    "empty": (b"", "Het bestand is leeg"),
    "truncated": (xlsx([row("GEM-1")])[:300], "beschadigd"),
    "zip-bomb": (
        zip_bytes({**minimal_xlsx_entries(), "xl/media/big.bin": b"\x00" * (10 * 1024 * 1024)}),
        "mogelijk een zip-bom",
    ),
    "docx": (
        zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}),
        "geen Excel-werkmap",
    ),
    "no-data": (xlsx([], header=["", ""]), "bevat geen gegevens"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_refused_on_the_page_with_its_message_and_nothing_changes(
    app: Flask, client: FlaskClient, login: Login, session: Session, kind: str
) -> None:
    data, message = BAD_FILES[kind]
    login("procurement")
    response = upload(client, data, f"{kind}.xlsx", werkblad="Blad1")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'aria-invalid="true"' in html
    assert 'value="Blad1"' in html  # what the user typed stays
    assert kept_uploads(app) == []
    assert count(session, Contract) == 0 and count(session, PortfolioImport) == 0


def test_a_file_over_the_size_limit_gets_the_dutch_message(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    app.config["SROI_MAX_UPLOAD_MB"] = 0.001
    login("procurement")
    response = upload(client, xlsx([row(f"GEM-{n}") for n in range(50)]))
    assert response.status_code == 422
    assert "Het bestand is te groot: de limiet is 1 kB." in response.get_data(as_text=True)
    assert kept_uploads(app) == []


def test_a_missing_file_or_sheet_is_named(client: FlaskClient, login: Login) -> None:
    login("procurement")
    response = client.post(START, data={"csrf_token": token_of(client)})
    assert response.status_code == 422
    assert "Bestand: kies het .xlsx-bestand" in response.get_data(as_text=True)
    no_sheet = upload(client, xlsx([row("GEM-1")]), werkblad="Blad9")
    assert no_sheet.status_code == 422
    assert "Werkblad &#39;Blad9&#39; bestaat niet. Beschikbaar: &#39;Contracten&#39;." in (
        no_sheet.get_data(as_text=True)
    )


def test_unrecognised_columns_are_mapped_by_hand_and_saved_as_a_profile(
    client: FlaskClient, login: Login, session: Session
) -> None:
    login("procurement")
    header = ("Dossier", "Firma", "Bedrag", "Afloop")  # no contract-number column
    data = xlsx([["X-1", "Schoon B.V.", "€ 10.000", "31-12-2027"]], header)
    mapping_url, html = follow(client, upload(client, data))
    assert mapping_url.endswith("/kolommen")
    assert "Geen kopregel gevonden" in html
    assert '<option value="Firma">Firma</option>' in html
    token = token_of(client)
    missing_ref = client.post(
        mapping_url, data={"csrf_token": token, "kolom_supplier_name": "Firma"}
    )
    assert missing_ref.status_code == 422
    assert "Contractnummer: kies de kolom met het contractnummer" in missing_ref.get_data(
        as_text=True
    )
    assert '<option selected value="Firma">' in missing_ref.get_data(as_text=True)  # kept
    twice = client.post(
        mapping_url,
        data={
            "csrf_token": token,
            "kolom_ref": "Dossier",
            "kolom_title": "Firma",
            "kolom_supplier_name": "Firma",
        },
    )
    assert twice.status_code == 422
    assert "Leverancier: kolom &#39;Firma&#39; is al gekozen voor Omschrijving." in (
        twice.get_data(as_text=True)
    )
    chosen = {
        "csrf_token": token,
        "kolom_ref": "Dossier",
        "kolom_supplier_name": "Firma",
        "kolom_value_total": "Bedrag",
        "kolom_end_date": "Afloop",
        "profiel": "Export Ultimo",
    }
    _url, preview = follow(client, client.post(mapping_url, data=chosen))
    assert (
        "Importprofiel" in preview and "Export Ultimo" in preview and "1 nieuw" in text_of(preview)
    )
    profile = session.scalars(select(ImportProfile)).one()
    assert profile.mapping["supplier_name"] == "Firma" and profile.mapping["title"] == ""
    assert (profile.created_by_name, profile.updated_by_id) == ("Pieter Jansen", "u-pieter")
    follow(client, client.post(confirm_url(preview), data={"csrf_token": token}))
    # the next file with the same header row goes straight to the preview, with the profile
    _url, again = follow(client, upload(client, xlsx([["X-2", "Fris", 5, None]], header)))
    assert "Voorvertoning import" in again and "Export Ultimo" in again
    # and the start page lists the profile
    assert "Export Ultimo" in client.get(START).get_data(as_text=True)


def test_confirming_a_stale_preview_shows_a_fresh_one(
    client: FlaskClient, login: Login, session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    login("procurement")
    mine = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    _url, html = follow(client, upload(client, mine))
    assert run(session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.400.000"})])).committed
    refused = client.post(confirm_url(html), data={"csrf_token": token_of(client)})
    refused_html = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert STALE_MESSAGE.replace("'", "&#39;") in refused_html
    assert "€ 1.400.000" in refused_html  # the fresh preview compares with the new data
    assert contract(session, "GEM-A").value_total == Decimal("1400000.00")
    follow(client, client.post(confirm_url(refused_html), data={"csrf_token": token_of(client)}))
    assert contract(session, "GEM-A").value_total == Decimal("1500000.00")


def test_invalid_rows_need_the_checkbox_and_come_with_an_error_report(
    client: FlaskClient, login: Login, session: Session
) -> None:
    login("procurement")
    data = xlsx([row("GEM-1"), row("GEM-2", {"Einddatum": "31-13-2027"})])
    preview_url, html = follow(client, upload(client, data, "met fouten.xlsx"))
    assert "Rij 3, Einddatum: &#39;31-13-2027&#39; is geen geldige datum" in html
    report = client.get(f"{preview_url}/fouten.xlsx")
    assert report.status_code == 200
    assert report.headers["Content-Disposition"].startswith("attachment")
    assert "fouten-met fouten.xlsx" in report.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(report.data)).worksheets[0]
    rows = [[cell.value for cell in line] for line in sheet.iter_rows()]
    assert rows[1][0] == "GEM-2" and rows[1][-1].startswith("Rij 3, Einddatum")
    token = token_of(client)
    refused = client.post(confirm_url(html), data={"csrf_token": token})
    assert refused.status_code == 422
    assert "Vink aan dat u de geldige rijen toch wilt vastleggen" in refused.get_data(as_text=True)
    assert count(session, Contract) == 0
    follow(client, client.post(confirm_url(html), data={"csrf_token": token, "allow_invalid": "y"}))
    assert [c.ref for c in session.scalars(select(Contract))] == ["GEM-1"]


def test_html_in_a_cell_is_shown_escaped(
    client: FlaskClient, login: Login, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    login("procurement")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Omschrijving": "<script>alert(1)</script>"}),
            row("<b>GEM-B</b>", {"Einddatum": "<img src=x onerror=alert(1)>"}),
        ]
    )
    _url, html = follow(client, upload(client, data, "<i>export.xlsx"))
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;GEM-B&lt;/b&gt;" in html
    assert "&lt;i&gt;export.xlsx" in html


def test_only_the_uploader_may_see_and_cancel_a_kept_upload(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    login("procurement")
    preview_url, html = follow(client, upload(client, xlsx([row("GEM-1")])))
    login("admin")
    assert client.get(preview_url).status_code == 404
    login("procurement")
    cancel = re.search(r'action="([^"]+/annuleren)"', html)
    assert cancel
    response = client.post(cancel.group(1), data={"csrf_token": token_of(client)})
    assert response.status_code == 303 and response.headers["Location"] == START
    assert kept_uploads(app) == []


def test_htmx_posts_get_a_client_redirect(client: FlaskClient, login: Login) -> None:
    login("procurement")
    response = client.post(
        START,
        data={
            "csrf_token": token_of(client),
            "bestand": (io.BytesIO(xlsx([row("GEM-1")])), "x.xlsx"),
        },
        content_type="multipart/form-data",
        headers=HTMX,
    )
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/sroi/import/")
    refused = client.post(START, data={"csrf_token": token_of(client)}, headers=HTMX)
    assert refused.status_code == 422 and is_fragment(refused.get_data(as_text=True))


def test_the_export_downloads_the_portfolio_in_the_importers_columns(
    client: FlaskClient, login: Login, make_contract: MakeContract
) -> None:
    make_contract("GEM-1")
    login("procurement")
    response = client.get("/sroi/import/export.xlsx")
    assert response.status_code == 200
    assert (response.mimetype or "").endswith("spreadsheetml.sheet")
    assert "contractregister-2026-11-25.xlsx" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    header, first = ([cell.value for cell in line] for line in sheet.iter_rows(max_row=2))
    assert header[:3] == ["Contractnummer", "Omschrijving", "Leverancier"]
    assert first[0] == "GEM-1"
    # a round trip through the page finds it unchanged
    _url, html = follow(client, upload(client, response.data))
    assert "1 ongewijzigd" in text_of(html)


def test_recent_imports_are_listed_with_who_and_when(
    client: FlaskClient, login: Login, session: Session
) -> None:
    run(session, xlsx([row("GEM-1")]), file_name="oktober.xlsx")
    login("procurement")
    html = client.get(START).get_data(as_text=True)
    assert "oktober.xlsx" in html and "Ina Inkoper" in html
    assert re.search(r'href="/sroi/import/verwerkt/\d+"', html)
