"""The "Kansrijke opdrachtnemers" page: contractors ranked with their contracts and reasons,
the tab "Per contract", filters, the top 3 of contractors, the xlsx export, speed."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from html import escape
from html import unescape
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

    Contractors (summed score), with their contracts:

    * Groen & Co (KvK 23456789), 17: GEM-C groenvoorziening, € 150.000/yr, ends 31-03-2027
      with an option, SR present: 3 (labour) + 2 (multi-year) + 2 (extension due) + 2 (SR) = 9;
      GEM-F groenvoorziening, € 60.000/yr, 2025–2028, SR present: 3 + 2 + 1 + 2 = 8 (the KvK
      number written with a space: still the same contractor)
    * Schoon & Sociaal B.V. (KvK 12345678), 11: GEM-A schoonmaak, € 300.000/yr, 2025–2028, SR
      present: 3+3+2+1+2 = 11 — the largest single contract
    * ICT Partners B.V. (no KvK number: grouped by name), 8: GEM-B ICT, € 250.000/yr,
      2026–2027, no SR: 3 (annual) + 2 (two years) + 1 (remaining) + 1 (no SR) = 7; GEM-G
      written "ict  partners b.v.", € 20.000/yr, ends 31-12-2026, no SR: 1
    * GEM-D ended (status), GEM-E active but without annual value (cannot be scored)
    """
    make_contract(
        "GEM-A",
        title="Schoonmaak stadskantoor",
        category="schoonmaak",
        department="Facilitaire Zaken",
        value_annual=Decimal("300000"),
    )
    green = {"supplier_name": "Groen & Co", "category": "groenvoorziening"}
    make_contract(
        "GEM-C",
        title="Groenonderhoud parken",
        department="Openbare Ruimte",
        supplier_kvk="23456789",
        value_total=Decimal("600000"),
        value_annual=Decimal("150000"),
        start_date=date(2023, 4, 1),
        end_date=date(2027, 3, 31),
        extension_options="1 jaar",
        **green,
    )
    make_contract(
        "GEM-F",
        title="Groenonderhoud sportparken",
        department="Openbare Ruimte",
        supplier_kvk="2345 6789",
        value_total=Decimal("240000"),
        value_annual=Decimal("60000"),
        **green,
    )
    no_sr: dict[str, Any] = {
        "sr_percentage": None,
        "sr_basis": None,
        "sr_form": None,
        "sr_clause_text": None,
        "supplier_kvk": None,
        "category": "ICT",
        "department": "Informatievoorziening",
    }
    make_contract(
        "GEM-B",
        title="Applicatiebeheer",
        supplier_name="ICT Partners B.V.",
        value_total=Decimal("500000"),
        value_annual=Decimal("250000"),
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        **no_sr,
    )
    make_contract(
        "GEM-G",
        title="Licenties",
        supplier_name="ict  partners b.v.",
        value_total=Decimal("20000"),
        value_annual=Decimal("20000"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        **no_sr,
    )
    make_contract("GEM-D", title="Oud contract", status="ended")
    make_contract("GEM-E", title="Onvolledig contract", value_annual=None)


GREEN = "kvk:23456789"
CLEAN = "kvk:12345678"
ICT = "naam:ict partners b.v."
PER_CONTRACT = f"{URL}?weergave=contracten"


def ranked_refs(html: str) -> list[str]:
    """The contracts of the tab "Per contract", in their order."""
    return re.findall(r'<tr id="sroi-promising-\d+" data-ref="([^"]+)"', html)


def ranked_contractors(html: str) -> list[tuple[str, list[str]]]:
    """The contractors of the page, in their order, each with its contracts."""
    found = []
    for key, body in re.findall(
        r'<tbody class="sroi-contractor[^"]*" id="sroi-contractor-\d+" data-key="([^"]*)">(.*?)'
        r"</tbody>",
        html,
        re.S,
    ):
        refs = re.findall(r'<tr class="sroi-contractor-contract" data-ref="([^"]+)"', body)
        found.append((unescape(key), refs))
    return found


def contractor_html(html: str, key: str) -> str:
    match = re.search(
        rf'<tbody class="sroi-contractor[^"]*" id="sroi-contractor-\d+" '
        rf'data-key="{re.escape(escape(key))}">.*?</tbody>',
        html,
        re.S,
    )
    assert match, f"no contractor {key}"
    return match.group(0)


def contract_html(html: str, ref: str) -> str:
    match = re.search(rf'<tr[^>]* data-ref="{ref}".*?</tr>', html, re.S)
    assert match, f"no row for {ref}"
    return match.group(0)


def mark(client: FlaskClient, key: str, **extra: str) -> Any:
    data = {"csrf_token": csrf_token_of(client), "opdrachtnemer": key, **extra}
    return client.post(MARK_URL, data=data, headers=HTMX)


def unmark(client: FlaskClient, key: str) -> Any:
    data = {"csrf_token": csrf_token_of(client)}
    return client.post(f"{MARK_URL}/{key}/verwijderen", data=data, headers=HTMX)


def active_marks(app: Flask) -> list[tuple[int | None, str | None, str]]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        marks = session.scalars(
            select(PromisingMark)
            .where(PromisingMark.slot.is_not(None))
            .order_by(PromisingMark.slot)
        ).all()
        return [(m.slot, m.contractor_key, m.marked_by_name) for m in marks]


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
    assert "<title>Kansrijke opdrachtnemers — Social return" in html
    assert '<h2 class="sroi-panel-title" id="sroi-promising-title">Kansrijke opdrachtnemers' in html
    assert "Top 3 opdrachtnemers van de werkgroep" in html


def test_the_page_names_points_and_threshold_the_organisations_setting(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    app.config["SROI_NORMS"] = {"promising_threshold": 9}
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert (
        "Vanaf 9 punten heet een contract kansrijk. De punten per kenmerk, de drempel en de "
        "termijnen zijn een instelling van de organisatie, geen norm van de handreiking. Een "
        "opdrachtnemer krijgt de som van de scores van zijn actieve contracten, en heet "
        "kansrijk vanaf dezelfde drempel"
    ) in html


def test_contractors_are_ranked_by_the_sum_of_their_contracts(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert ranked_contractors(html) == [
        (GREEN, ["GEM-C", "GEM-F"]),  # two modest contracts: 9 + 8 = 17
        (CLEAN, ["GEM-A"]),  # the largest single contract: 11
        (ICT, ["GEM-B", "GEM-G"]),  # grouped by name: 7 + 1 = 8
    ]
    green = contractor_html(html, GREEN)
    assert "<strong><bdi>Groen &amp; Co</bdi></strong>" in green
    assert "KvK <bdi>23456789</bdi> · 2 actieve contracten" in green
    assert "<strong>17</strong>" in green
    assert "Kansrijk" in green
    assert "Som van de scores van de contracten: <bdi>GEM-C</bdi> 9 + <bdi>GEM-F</bdi> 8." in green
    assert "Beste contract: <bdi>GEM-C</bdi>." in green
    assert "€ 210.000" in green  # the contractor's annual value: 150.000 + 60.000
    assert "Verlengingsoptie valt binnen 6 maanden" in contract_html(green, "GEM-C")
    clean = contractor_html(html, CLEAN)
    assert "<strong>11</strong>" in clean
    assert "De score van het enige contract; de redenen staan eronder." in clean
    top = contract_html(clean, "GEM-A")
    assert 'Arbeidsintensieve categorie (schoonmaak) <span class="sroi-points">+3</span>' in top
    assert "Jaarwaarde € 300.000 is meer dan € 200.000: een groter contract" in top
    assert "einddatum 31-12-2028" in top
    ict = contractor_html(html, ICT)
    assert "<strong><bdi>ICT Partners B.V.</bdi></strong>" in ict
    assert "KvK" not in ict
    assert "<strong>8</strong>" in ict
    assert "Opdrachtnemers 1–3 van 3, met 5 actieve contracten, hoogste score eerst." in html


def test_the_tab_per_contract_ranks_single_contracts(client: FlaskClient, portfolio: None) -> None:
    html = client.get(PER_CONTRACT, headers=HTMX).get_data(as_text=True)
    assert ranked_refs(html) == ["GEM-A", "GEM-C", "GEM-F", "GEM-B", "GEM-G"]
    top = contract_html(html, "GEM-A")
    assert "<strong>11</strong>" in top
    assert "Kansrijk" in top
    third = contract_html(html, "GEM-B")
    assert "<strong>7</strong>" in third
    assert "Kansrijk" not in third
    assert "Nog geen social-returnafspraak" in third
    assert "Contracten 1–5 van 5 actieve contracten, hoogste score eerst." in html
    assert f'<a href="{URL}?weergave=contracten" hx-get=' in html
    assert 'aria-current="page">Per contract</a>' in html
    assert 'name="weergave" value="contracten"' in html  # the filter form keeps the tab


def test_ended_contracts_are_left_out_and_incomplete_ones_are_named(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "GEM-D" not in str(ranked_contractors(html))
    assert "1 actieve contract kon niet worden beoordeeld" in html
    assert '<a href="/contracten/GEM-E"><bdi>GEM-E</bdi></a>: De jaarwaarde ontbreekt.' in html


def test_a_contract_without_a_supplier_stands_alone_and_cannot_be_marked(
    app: Flask, client: FlaskClient, make_contract: MakeContract
) -> None:
    make_contract("GEM-X", supplier_name=None, supplier_kvk=None)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert ranked_contractors(html) == [("", ["GEM-X"])]
    assert "<strong>Leverancier onbekend</strong>" in html
    assert 'name="opdrachtnemer"' not in html
    data = {"csrf_token": csrf_token_of(client), "contract": "GEM-X"}
    response = client.post(MARK_URL, data=data, headers=HTMX)
    assert response.status_code == 409
    assert "Bij contract <bdi>GEM-X</bdi> is geen leverancier bekend." in response.get_data(
        as_text=True
    )
    assert active_marks(app) == []


def test_a_contractor_known_only_by_its_kvk_number_can_be_marked(
    app: Flask, client: FlaskClient, make_contract: MakeContract
) -> None:
    make_contract("GEM-K", supplier_name=None, supplier_kvk="44556677")
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "<strong>Naam onbekend</strong>" in contractor_html(html, "kvk:44556677")
    response = mark(client, "kvk:44556677")
    assert "Opdrachtnemer <bdi>KvK 44556677</bdi> staat nu in de top 3." in response.get_data(
        as_text=True
    )
    assert active_marks(app) == [(1, "kvk:44556677", "Sanne de Vries")]
    html = response.get_data(as_text=True)
    assert (  # named once, not "KvK 44556677 KvK 44556677"
        '<span class="sroi-top3-contractor"><strong><bdi>KvK 44556677</bdi></strong></span>'
    ) in html


def test_each_contract_links_to_the_hosts_contract_page(
    client: FlaskClient, portfolio: None
) -> None:
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert '<a href="/contracten/GEM-A"><bdi>GEM-A</bdi></a>' in contractor_html(html, CLEAN)


def test_norms_from_app_config_change_the_ranking(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    app.config["SROI_NORMS"] = {"score_weights": {"sr_paragraph_absent": 20}}
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert [key for key, _refs in ranked_contractors(html)] == [ICT, GREEN, CLEAN]
    html = client.get(PER_CONTRACT, headers=HTMX).get_data(as_text=True)
    assert ranked_refs(html)[:2] == ["GEM-B", "GEM-G"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("categorie=schoonmaak", [(CLEAN, ["GEM-A"])]),
        ("afdeling=Openbare+Ruimte", [(GREEN, ["GEM-C", "GEM-F"])]),
        ("categorie=ICT&afdeling=Informatievoorziening", [(ICT, ["GEM-B", "GEM-G"])]),
        ("categorie=ICT&afdeling=Openbare+Ruimte", []),
    ],
)
def test_filters(
    client: FlaskClient, portfolio: None, query: str, expected: list[tuple[str, list[str]]]
) -> None:
    html = client.get(f"{URL}?{query}", headers=HTMX).get_data(as_text=True)
    assert ranked_contractors(html) == expected
    per_contract = client.get(f"{PER_CONTRACT}&{query}", headers=HTMX).get_data(as_text=True)
    assert ranked_refs(per_contract) == [ref for _key, refs in expected for ref in refs]
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
    assert f'href="{URL}?categorie=ICT&amp;weergave=contracten"' in html  # the tab keeps it


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
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    portfolio: None,
    make_contract: MakeContract,
) -> None:
    make_contract("GEM-Z", supplier_name="Zorg B.V.", supplier_kvk="99999999")
    login("procurement")
    for key in (GREEN, CLEAN, ICT):
        response = mark(client, key)
        assert response.status_code == 200
        assert response.headers["HX-Trigger"] == "sroiTop3Changed"
    html = response.get_data(as_text=True)
    assert "Opdrachtnemer <bdi>ICT Partners B.V.</bdi> staat nu in de top 3." in html
    assert "(3 van 3 gekozen)" in html
    assert "gekozen door <bdi>Pieter Jansen</bdi> op " in html
    assert active_marks(app) == [
        (1, GREEN, "Pieter Jansen"),
        (2, CLEAN, "Pieter Jansen"),
        (3, ICT, "Pieter Jansen"),
    ]
    top = html[html.index('id="sroi-top3"') : html.index("</ol>")]
    assert '<strong><bdi>Groen &amp; Co</bdi></strong> <span class="sroi-muted">KvK' in top
    refused = mark(client, "kvk:99999999")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert is_fragment(text)
    assert (
        "De top 3 is vol (<bdi>Groen &amp; Co</bdi>, <bdi>Schoon &amp; Sociaal B.V.</bdi>, "
        "<bdi>ICT Partners B.V.</bdi>). Haal eerst een opdrachtnemer uit de top 3 voordat u "
        "<bdi>Zorg B.V.</bdi> kiest."
    ) in text
    assert len(active_marks(app)) == 3


def test_a_contract_reference_marks_its_contractor(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    data = {"csrf_token": csrf_token_of(client), "contract": "GEM-F"}
    response = client.post(MARK_URL, data=data, headers=HTMX)
    assert response.status_code == 200
    assert active_marks(app) == [(1, GREEN, "Sanne de Vries")]
    html = client.get(PER_CONTRACT, headers=HTMX).get_data(as_text=True)
    for ref in ("GEM-C", "GEM-F"):  # both contracts of the contractor show it
        assert "Opdrachtnemer in top 3</span>" in contract_html(html, ref)
    assert 'name="opdrachtnemer" value="kvk:12345678"' in contract_html(html, "GEM-A")


def test_unmarking_frees_a_place_and_keeps_the_record(
    app: Flask, client: FlaskClient, login: Callable[[str], None], portfolio: None
) -> None:
    login("contract_manager")
    for key in (GREEN, CLEAN, ICT):
        mark(client, key)
    response = unmark(client, CLEAN)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Opdrachtnemer <bdi>Schoon &amp; Sociaal B.V.</bdi> is uit de top 3 gehaald." in html
    assert "Eerdere keuzes (1 meest recente)" in html
    assert "uit de top 3 gehaald door <bdi>Sanne de Vries</bdi> op " in html
    assert unmark(client, CLEAN).get_data(as_text=True).count("stond niet (meer) in de top 3")
    assert mark(client, CLEAN).status_code == 200
    assert [key for _, key, _ in active_marks(app)] == [GREEN, CLEAN, ICT]
    with app.app_context():
        session = app.extensions["sroi"].db.session
        removed = session.scalars(select(PromisingMark).where(PromisingMark.slot.is_(None))).one()
        assert removed.contractor_key == CLEAN
        assert removed.contractor_name == "Schoon & Sociaal B.V."
        assert removed.contract_id is None
        assert removed.marked_by_name == "Sanne de Vries"
        assert removed.unmarked_by_id == "u-sanne"
        assert removed.unmarked_at is not None


def test_an_old_contract_mark_still_shows_and_can_be_removed(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalar(select(Contract.id).where(Contract.ref == "GEM-A"))
        session.add_all(
            [
                PromisingMark(
                    contract_id=contract_id,
                    slot=1,
                    marked_by_id="u-old",
                    marked_by_name="Oud Gebruiker",
                ),
                PromisingMark(
                    contract_id=contract_id,
                    slot=None,
                    marked_by_id="u-old",
                    marked_by_name="Oud Gebruiker",
                    unmarked_by_id="u-old",
                    unmarked_by_name="Oud Gebruiker",
                    unmarked_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                ),
            ]
        )
        session.commit()
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    top = html[html.index('id="sroi-top3"') : html.index("</ol>")]
    assert (
        'contract <a href="/contracten/GEM-A"><bdi>GEM-A</bdi></a> — <bdi>Schoonmaak '
        'stadskantoor</bdi> <span class="sroi-muted">(gekozen als contract, vóór de top 3 van '
        "opdrachtnemers; opdrachtnemer <bdi>Schoon &amp; Sociaal B.V.</bdi>)"
    ) in top
    assert "In top 3</span>" in contractor_html(html, CLEAN)  # it counts as its contractor's
    assert "Eerdere keuzes (1 meest recente)" in html
    assert "uit de top 3 gehaald door <bdi>Oud Gebruiker</bdi> op 05-01-2026" in html
    assert mark(client, CLEAN).get_data(as_text=True).count("staat al in de top 3")
    assert unmark(client, CLEAN).status_code == 200
    assert active_marks(app) == []


def test_marking_twice_keeps_one_mark(app: Flask, client: FlaskClient, portfolio: None) -> None:
    mark(client, GREEN)
    response = mark(client, GREEN)
    assert response.status_code == 200
    assert "Opdrachtnemer <bdi>Groen &amp; Co</bdi> staat al in de top 3." in response.get_data(
        as_text=True
    )
    assert len(active_marks(app)) == 1


def test_marked_contractors_show_it_and_a_full_top_hides_the_buttons(
    client: FlaskClient, portfolio: None, make_contract: MakeContract
) -> None:
    make_contract("GEM-Z", supplier_name="Zorg B.V.", supplier_kvk="99999999")
    mark(client, GREEN)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "In top 3</span>" in contractor_html(html, GREEN)  # a badge, not a button
    assert 'class="sroi-contractor sroi-marked"' in contractor_html(html, GREEN)
    assert 'name="opdrachtnemer" value="kvk:12345678"' in contractor_html(html, CLEAN)
    mark(client, CLEAN)
    mark(client, ICT)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert 'name="opdrachtnemer"' not in html
    assert "De top 3 is vol." in html


def test_plain_mark_redirects_back_with_the_filters(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    data = {
        "csrf_token": csrf_token_of(client),
        "opdrachtnemer": CLEAN,
        "categorie": "schoonmaak",
        "weergave": "contracten",
    }
    response = client.post(MARK_URL, data=data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{URL}?categorie=schoonmaak&weergave=contracten"
    assert active_marks(app)[0][1] == CLEAN


def test_only_a_contractor_with_an_active_contract_can_be_marked(
    app: Flask, client: FlaskClient, portfolio: None, make_contract: MakeContract
) -> None:
    make_contract("GEM-OLD", supplier_name="Oud B.V.", supplier_kvk="11111111", status="ended")
    response = mark(client, "kvk:11111111")
    assert response.status_code == 409
    assert "Deze opdrachtnemer heeft geen actieve contracten" in response.get_data(as_text=True)
    data = {"csrf_token": csrf_token_of(client), "contract": "GEM-D"}
    response = client.post(MARK_URL, data=data, headers=HTMX)
    assert response.status_code == 409
    assert "Contract <bdi>GEM-D</bdi> is niet actief" in response.get_data(as_text=True)
    assert active_marks(app) == []


def test_marking_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, portfolio: None
) -> None:
    response = client.post(MARK_URL, data={"opdrachtnemer": CLEAN}, headers=HTMX)
    assert response.status_code == 400
    assert active_marks(app) == []


def test_marking_nothing_is_a_clear_400(client: FlaskClient, portfolio: None) -> None:
    response = client.post(MARK_URL, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert response.status_code == 400
    assert "Kies de opdrachtnemer die u in de top 3 wilt zetten." in response.get_data(as_text=True)


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
    data = {"csrf_token": token, "opdrachtnemer": CLEAN}
    assert client.post(MARK_URL, data=data, headers=HTMX).status_code == write
    assert (
        client.post(f"{MARK_URL}/{CLEAN}/verwijderen", data={"csrf_token": token}, headers=HTMX)
    ).status_code == write
    if read == 200:
        html = client.get(URL, headers=HTMX).get_data(as_text=True)
        assert ("In top 3<span" in html) is (write == 200)  # viewers get no buttons


# --- export --------------------------------------------------------------------------------


def _sheet(workbook: Any, title: str) -> list[dict[str, Any]]:
    rows = list(workbook[title].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_xlsx_export_has_a_sheet_of_contractors_and_one_of_contracts(
    client: FlaskClient, portfolio: None
) -> None:
    mark(client, GREEN)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        'filename="kansrijke-opdrachtnemers-2026-11-25.xlsx"'
        in response.headers["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Opdrachtnemers", "Contracten"]
    contractors = _sheet(workbook, "Opdrachtnemers")
    assert [(c["Rang"], c["KvK-nummer"], c["Opdrachtnemer"]) for c in contractors] == [
        (1, "23456789", "Groen & Co"),
        (2, "12345678", "Schoon & Sociaal B.V."),
        (3, None, "ICT Partners B.V."),
    ]
    green = contractors[0]
    assert green["Aantal contracten"] == 2
    assert green["Score (som)"] == 17
    assert green["Jaarwaarde (EUR)"] == 210000
    assert green["Kansrijk"] == "ja"
    assert green["Top 3"] == "ja"
    assert contractors[1]["Top 3"] == "nee"
    assert green["Contracten (score)"] == "GEM-C (9), GEM-F (8)"
    assert green["Waarom (beste contract)"].startswith("GEM-C: Arbeidsintensieve categorie")
    contracts = _sheet(workbook, "Contracten")
    assert [c["Contractnummer"] for c in contracts] == ["GEM-A", "GEM-C", "GEM-F", "GEM-B", "GEM-G"]
    first = contracts[0]
    assert first["Score"] == 11
    assert first["Kansrijk"] == "ja"
    assert first["Opdrachtnemer in top 3"] == "nee"
    assert contracts[1]["Opdrachtnemer in top 3"] == "ja"
    assert first["Jaarwaarde (EUR)"] == 300000
    assert "Arbeidsintensieve categorie (schoonmaak) (+3)" in first["Waarom"]


def test_xlsx_export_follows_the_filters_and_is_formula_safe(
    client: FlaskClient, make_contract: MakeContract, portfolio: None
) -> None:
    make_contract(
        "GEM-X",
        title='=HYPERLINK("http://evil.example","klik")',
        supplier_name="+31 Leverancier",
        supplier_kvk=None,
        category="schoonmaak",
        department="Facilitaire Zaken",
        value_annual=Decimal("100000"),
    )
    response = client.get(f"{EXPORT_URL}?categorie=schoonmaak")
    workbook = load_workbook(io.BytesIO(response.data))
    contractors = _sheet(workbook, "Opdrachtnemers")
    assert [c["Opdrachtnemer"] for c in contractors] == [
        "Schoon & Sociaal B.V.",
        "'+31 Leverancier",
    ]
    contracts = _sheet(workbook, "Contracten")
    assert [c["Contractnummer"] for c in contracts] == ["GEM-A", "GEM-X"]
    evil = contracts[1]
    assert evil["Omschrijving"] == '\'=HYPERLINK("http://evil.example","klik")'
    assert evil["Leverancier"] == "'+31 Leverancier"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"


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


def test_ten_thousand_contracts_render_with_few_queries(
    app: Flask, client: FlaskClient, count_queries: list[str]
) -> None:
    categories = ["schoonmaak", "ICT", "catering", "advies", "groenvoorziening"]
    rows = [
        {
            "ref": f"GEM-{n:05d}",
            "ref_key": ref_key(f"GEM-{n:05d}"),
            "title": f"Contract {n}",
            "supplier_name": f"Leverancier {n % 2500}",
            "supplier_kvk": f"{n % 2500:08d}",
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
    for url in (URL, PER_CONTRACT):
        count_queries.clear()
        response = client.get(url, headers=HTMX)
        assert response.status_code == 200
        sroi_queries = [q for q in count_queries if "sroi_" in q]
        assert len(sroi_queries) <= 7, sroi_queries  # no query per contract or contractor
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Opdrachtnemers 1–100 van 2500, met 10000 actieve contracten" in html
    contractors = ranked_contractors(html)
    assert len(contractors) == 100
    assert all(len(refs) == 4 for _key, refs in contractors)
    assert f'href="{URL}?pagina=2"' in html
    assert "Pagina 1 van 25" in html
    html = client.get(PER_CONTRACT, headers=HTMX).get_data(as_text=True)
    assert "Contracten 1–100 van 10000 actieve contracten" in html
    assert len(ranked_refs(html)) == 100
    assert f'href="{URL}?pagina=2&amp;weergave=contracten"' in html
    assert "Pagina 1 van 100" in html
    last = client.get(f"{PER_CONTRACT}&pagina=100", headers=HTMX).get_data(as_text=True)
    assert "Contracten 9901–10000 van 10000" in last
