"""The "Kansrijke contracten" page: ranking with reasons, filters, top 3, xlsx export, speed."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from sroi_plugin.models import ref_key
from sroi_plugin.web.portfolio import promising as promising_module
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

URL = "/sroi/kansrijk"
MARK_URL = "/sroi/kansrijk/top3"
EXPORT_URL = "/sroi/kansrijk.xlsx"

MakeContract = Callable[..., Contract]


@pytest.fixture
def portfolio(make_contract: MakeContract) -> None:
    """A small portfolio whose order under the default norms is known (today 25-11-2026).

    * GEM-A schoonmaak, € 300.000/yr, 2025–2028, SR present: 3+3+2+1+2 = 11
    * GEM-C groenvoorziening, € 150.000/yr, ends 31-03-2027 with an option, SR present:
      3 (labour) + 2 (multi-year) + 2 (extension due) + 2 (SR) = 9
    * GEM-B ICT, € 250.000/yr, 2026–2027, no SR: 3 (annual) + 2 (two years) + 1 (remaining)
      + 1 (no SR) = 7
    * GEM-D ended (status), GEM-E active but without annual value (cannot be scored)
    """
    make_contract(
        "GEM-A",
        title="Schoonmaak stadskantoor",
        category="schoonmaak",
        department="Facilitaire Zaken",
        value_annual=Decimal("300000"),
    )
    make_contract(
        "GEM-C",
        title="Groenonderhoud parken",
        category="groenvoorziening",
        department="Openbare Ruimte",
        value_total=Decimal("600000"),
        value_annual=Decimal("150000"),
        start_date=date(2023, 4, 1),
        end_date=date(2027, 3, 31),
        extension_options="1 jaar",
    )
    make_contract(
        "GEM-B",
        title="Applicatiebeheer",
        category="ICT",
        department="Informatievoorziening",
        value_total=Decimal("500000"),
        value_annual=Decimal("250000"),
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        sr_percentage=None,
        sr_basis=None,
        sr_form=None,
        sr_clause_text=None,
    )
    make_contract("GEM-D", title="Oud contract", status="ended")
    make_contract("GEM-E", title="Onvolledig contract", value_annual=None)


def ranked_refs(html: str) -> list[str]:
    return re.findall(r'<tr id="sroi-promising-\d+" data-ref="([^"]+)"', html)


def row_html(html: str, ref: str) -> str:
    match = re.search(rf'<tr id="sroi-promising-\d+" data-ref="{ref}".*?</tr>', html, re.S)
    assert match, f"no row for {ref}"
    return match.group(0)


def mark(client: FlaskClient, ref: str, **extra: str) -> Any:
    data = {"csrf_token": csrf_token_of(client), "contract": ref, **extra}
    return client.post(MARK_URL, data=data, headers=HTMX)


def active_marks(app: Flask) -> list[tuple[int | None, str, str]]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        marks = session.scalars(
            select(PromisingMark).where(PromisingMark.slot.is_not(None)).order_by(
                PromisingMark.slot
            )
        ).all()
        return [(m.slot, m.contract.ref, m.marked_by_name) for m in marks]


# --- the page ------------------------------------------------------------------------------


def test_htmx_request_gets_the_fragment(client: FlaskClient, portfolio: None) -> None:
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-promising"' in html


def test_plain_request_gets_a_full_page(client: FlaskClient, portfolio: None) -> None:
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert "<title>Kansrijke contracten — Social return" in html
    assert 'id="sroi-panel-promising"' in html


def test_the_page_names_points_and_threshold_the_organisations_setting(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    app.config["SROI_NORMS"] = {"promising_threshold": 9}
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert (
        "Vanaf 9 punten heet een contract kansrijk. De punten per kenmerk, de drempel en de "
        "termijnen zijn een instelling van de organisatie, geen norm van de handreiking."
    ) in html


def test_active_contracts_are_ranked_with_their_reasons(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert ranked_refs(html) == ["GEM-A", "GEM-C", "GEM-B"]
    top = row_html(html, "GEM-A")
    assert "<strong>11</strong>" in top
    assert "Kansrijk" in top
    assert "Arbeidsintensieve categorie (schoonmaak) <span class=\"sroi-points\">+3</span>" in top
    assert "Jaarwaarde € 300.000 is meer dan € 200.000: een groter contract" in top
    assert "€ 300.000" in top
    second = row_html(html, "GEM-C")
    assert "<strong>9</strong>" in second
    assert "Verlengingsoptie valt binnen 6 maanden" in second
    third = row_html(html, "GEM-B")
    assert "<strong>7</strong>" in third
    assert "Kansrijk" not in third
    assert "Nog geen social-returnafspraak" in third
    assert "Contracten 1–3 van 3 actieve contracten, hoogste score eerst." in html


def test_ended_contracts_are_left_out_and_incomplete_ones_are_named(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "GEM-D" not in ranked_refs(html)
    assert "1 actieve contract kon niet worden beoordeeld" in html
    assert '<a href="/contracten/GEM-E"><bdi>GEM-E</bdi></a>: De jaarwaarde ontbreekt.' in html


def test_each_row_links_to_the_hosts_contract_page(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert '<a href="/contracten/GEM-A"><bdi>GEM-A</bdi></a>' in row_html(html, "GEM-A")


def test_norms_from_app_config_change_the_ranking(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    app.config["SROI_NORMS"] = {"score_weights": {"sr_paragraph_absent": 20}}
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert ranked_refs(html) == ["GEM-B", "GEM-A", "GEM-C"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("categorie=schoonmaak", ["GEM-A"]),
        ("afdeling=Openbare+Ruimte", ["GEM-C"]),
        ("categorie=ICT&afdeling=Informatievoorziening", ["GEM-B"]),
        ("categorie=ICT&afdeling=Openbare+Ruimte", []),
    ],
)
def test_filters(client: FlaskClient, portfolio: None, query: str, expected: list[str]) -> None:
    html = client.get(f"{URL}?{query}", headers=HTMX).get_data(as_text=True)
    assert ranked_refs(html) == expected
    if not expected:
        assert "Geen actieve contracten in deze selectie." in html


def test_filter_form_offers_the_active_categories_and_departments(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(f"{URL}?categorie=ICT", headers=HTMX).get_data(as_text=True)
    assert '<option value="ICT" selected>ICT</option>' in html
    assert '<option value="groenvoorziening">groenvoorziening</option>' in html
    assert '<option value="Openbare Ruimte">Openbare Ruimte</option>' in html
    assert f'action="{URL}"' in html  # works without JavaScript
    assert 'hx-push-url="true"' in html


def test_partnership_link_only_when_the_endpoint_exists(
    app: Flask, client: FlaskClient, portfolio: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def new_partnership() -> str:
        return ""

    app.add_url_rule("/test/partnership/nieuw", "test_partnership_new", new_partnership)
    monkeypatch.setattr(promising_module, "PARTNERSHIP_ENDPOINT", "sroi.no_such_view")
    assert "Partnership starten" not in client.get(URL, headers=HTMX).get_data(as_text=True)
    monkeypatch.setattr(promising_module, "PARTNERSHIP_ENDPOINT", "test_partnership_new")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert 'href="/test/partnership/nieuw?contract=GEM-A">Partnership starten' in html


# --- top 3 ---------------------------------------------------------------------------------


def test_marking_keeps_who_and_when_and_a_fourth_is_refused(
    app: Flask, client: FlaskClient, login: Callable[[str], None], portfolio: None
) -> None:
    login("procurement")
    for ref in ("GEM-A", "GEM-C", "GEM-B"):
        response = mark(client, ref)
        assert response.status_code == 200
        assert response.headers["HX-Trigger"] == "sroiTop3Changed"
    html = response.get_data(as_text=True)
    assert "Contract GEM-B staat nu in de top 3." in html
    assert "(3 van 3 gekozen)" in html
    assert "gekozen door <bdi>Pieter Jansen</bdi> op " in html
    assert active_marks(app) == [
        (1, "GEM-A", "Pieter Jansen"),
        (2, "GEM-C", "Pieter Jansen"),
        (3, "GEM-B", "Pieter Jansen"),
    ]
    refused = mark(client, "GEM-E")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert is_fragment(text)
    assert (
        "De top 3 is vol (GEM-A, GEM-C, GEM-B). Haal eerst een contract uit de top 3 "
        "voordat u GEM-E markeert."
    ) in text
    assert len(active_marks(app)) == 3


def test_unmarking_frees_a_place_and_keeps_the_record(
    app: Flask, client: FlaskClient, login: Callable[[str], None], portfolio: None
) -> None:
    login("contract_manager")
    for ref in ("GEM-A", "GEM-C", "GEM-B"):
        mark(client, ref)
    token = csrf_token_of(client)
    response = client.post(
        f"{MARK_URL}/GEM-C/verwijderen", data={"csrf_token": token}, headers=HTMX
    )
    assert response.status_code == 200
    assert "Contract GEM-C is uit de top 3 gehaald." in response.get_data(as_text=True)
    assert mark(client, "GEM-E").status_code == 200
    assert [ref for _, ref, _ in active_marks(app)] == ["GEM-A", "GEM-E", "GEM-B"]
    with app.app_context():
        session = app.extensions["sroi"].db.session
        removed = session.scalars(
            select(PromisingMark).where(PromisingMark.slot.is_(None))
        ).one()
        assert removed.contract.ref == "GEM-C"
        assert removed.marked_by_name == "Sanne de Vries"
        assert removed.unmarked_by_id == "u-sanne"
        assert removed.unmarked_at is not None


def test_marking_twice_keeps_one_mark(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    mark(client, "GEM-A")
    response = mark(client, "GEM-A")
    assert response.status_code == 200
    assert "Contract GEM-A staat al in de top 3." in response.get_data(as_text=True)
    assert len(active_marks(app)) == 1


def test_marked_rows_show_it_and_a_full_top_hides_the_buttons(
    client: FlaskClient, portfolio: None
) -> None:
    mark(client, "GEM-A")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "In top 3</span>" in row_html(html, "GEM-A")  # a badge, not a button
    assert 'name="contract" value="GEM-C"' in row_html(html, "GEM-C")
    mark(client, "GEM-C")
    mark(client, "GEM-B")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert 'name="contract"' not in html
    assert "De top 3 is vol." in html


def test_plain_mark_redirects_back_with_the_filters(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    data = {"csrf_token": csrf_token_of(client), "contract": "GEM-A", "categorie": "schoonmaak"}
    response = client.post(MARK_URL, data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{URL}?categorie=schoonmaak"
    assert active_marks(app)[0][1] == "GEM-A"


def test_an_ended_contract_cannot_be_marked(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    response = mark(client, "GEM-D")
    assert response.status_code == 409
    assert "Contract GEM-D is niet actief" in response.get_data(as_text=True)
    assert active_marks(app) == []


def test_marking_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    response = client.post(MARK_URL, data={"contract": "GEM-A"}, headers=HTMX)
    assert response.status_code == 400
    assert active_marks(app) == []


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("viewer", 200, 403),
        ("procurement", 200, 200),
        ("contract_manager", 200, 200),
        ("admin", 200, 200),
        ("legal_reviewer", 403, 403),
        ("anonymous", 403, 403),
    ],
)
def test_access_per_role(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    portfolio: None,
    role: str,
    read: int,
    write: int,
) -> None:
    token = csrf_token_of(client)
    login(role)
    assert client.get(URL, headers=HTMX).status_code == read
    assert client.get(EXPORT_URL).status_code == read
    data = {"csrf_token": token, "contract": "GEM-A"}
    assert client.post(MARK_URL, data=data, headers=HTMX).status_code == write
    assert (
        client.post(f"{MARK_URL}/GEM-A/verwijderen", data={"csrf_token": token}, headers=HTMX)
    ).status_code == write
    if read == 200:
        html = client.get(URL, headers=HTMX).get_data(as_text=True)
        assert ("In top 3<span" in html) is (write == 200)  # viewers get no buttons


# --- export --------------------------------------------------------------------------------


def test_xlsx_export_is_readable_ranked_and_formula_safe(
    client: FlaskClient, make_contract: MakeContract, portfolio: None
) -> None:
    make_contract(
        "GEM-X",
        title='=HYPERLINK("http://evil.example","klik")',
        supplier_name="+31 Leverancier",
        category="schoonmaak",
        department="Facilitaire Zaken",
        value_annual=Decimal("100000"),
    )
    mark(client, "GEM-A")
    response = client.get(f"{EXPORT_URL}?categorie=schoonmaak")
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="kansrijke-contracten-2026-11-25.xlsx"' in response.headers[
        "Content-Disposition"
    ]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "Contractnummer", "Omschrijving")
    assert [row[1] for row in rows[1:]] == ["GEM-A", "GEM-X"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Score"] == 11
    assert first["Kansrijk"] == "ja"
    assert first["Top 3"] == "ja"
    assert first["Jaarwaarde (EUR)"] == 300000
    assert "Arbeidsintensieve categorie (schoonmaak) (+3)" in first["Waarom"]
    evil = dict(zip(rows[0], rows[2], strict=True))
    assert evil["Omschrijving"] == "'=HYPERLINK(\"http://evil.example\",\"klik\")"
    assert evil["Leverancier"] == "'+31 Leverancier"
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"formula in {cell.coordinate}"


def test_page_links_the_export_with_the_filters(client: FlaskClient, portfolio: None) -> None:
    html = client.get(f"{URL}?categorie=ICT", headers=HTMX).get_data(as_text=True)
    assert f'href="{EXPORT_URL}?categorie=ICT"' in html


# --- a large portfolio ---------------------------------------------------------------------


@pytest.fixture
def count_queries(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []
    with app.app_context():
        engine = app.extensions["sroi"].db.engine

    def record(*args: Any) -> None:
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def test_ten_thousand_contracts_render_fast_with_few_queries(
    app: Flask, client: FlaskClient, count_queries: list[str]
) -> None:
    categories = ["schoonmaak", "ICT", "catering", "advies", "groenvoorziening"]
    rows = [
        {
            "ref": f"GEM-{n:05d}",
            "ref_key": ref_key(f"GEM-{n:05d}"),
            "title": f"Contract {n}",
            "category": categories[n % 5],
            "department": f"Afdeling {n % 7}",
            "kind": "services",
            "authority_type": "other",
            "value_total": Decimal(40000 + n * 97),
            "value_annual": Decimal(10000 + n * 31),
            "start_date": date(2024, 1, 1),
            "end_date": date(2027 + n % 4, 12, 31),
            "extension_options": "2x 1 jaar" if n % 3 else None,
            "is_framework": False,
            "sr_percentage": Decimal("5") if n % 2 else None,
            "sr_clause_text": "Opdrachtnemer zet 5% in voor social return." if n % 2 else None,
            "status": "active",
            "version": 1,
        }
        for n in range(10_000)
    ]
    with app.app_context():
        session = app.extensions["sroi"].db.session
        session.execute(insert(Contract), rows)
        session.commit()
    count_queries.clear()
    started = time.perf_counter()
    response = client.get(URL, headers=HTMX)
    elapsed = time.perf_counter() - started
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Contracten 1–100 van 10000 actieve contracten" in html
    assert len(ranked_refs(html)) == 100
    assert f'href="{URL}?pagina=2"' in html
    assert "Pagina 1 van 100" in html
    sroi_queries = [q for q in count_queries if "sroi_" in q]
    assert len(sroi_queries) <= 6, sroi_queries  # no query per contract
    assert elapsed < 5, f"the page took {elapsed:.2f}s for 10.000 contracts"
    last = client.get(f"{URL}?pagina=100", headers=HTMX).get_data(as_text=True)
    assert "Contracten 9901–10000 van 10000" in last
