"""The preview says which fields have no column, offers near misses, and warns what is lost."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import xlsx
from tests.helpers.web import Login
from tests.helpers.web import follow
from tests.helpers.web import text_of

HEADER = (
    "Contractnummer",
    "Omschrijving",
    "Leverancier",
    "Einddatum",
    "Loonaandeel in procenten",
)
ROWS = [
    ["NM-1", "Schoonmaak", "Schoon B.V.", "31-12-2027", "40%"],
    ["NM-2", "Catering", "Smaak B.V.", "30-06-2026", "25%"],
]


def suggestion_forms(html: str) -> list[tuple[str, dict[str, str]]]:
    """Each suggestion form's action and its hidden inputs (what a click would post)."""
    forms = []
    for action, body in re.findall(
        r'<form class="sroi-import-suggestion" method="post" action="([^"]+)">(.*?)</form>',
        html,
        flags=re.DOTALL,
    ):
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', body))
        forms.append((action, fields))
    return forms


def test_preview_names_the_fields_without_a_column_and_warns_before_the_confirm_button(
    client: FlaskClient, login: Login
) -> None:
    login("procurement")
    _url, html = follow(client, upload(client, xlsx(ROWS, HEADER)))
    text = text_of(html)
    assert "Geen kolom voor KvK-nummer, Inkoopcategorie, Soort opdracht," in text
    warning = (
        "Geen kolom voor de contractwaarde: de social-returnverplichting over de projectsom kan "
        "voor 2 nieuwe contracten niet worden berekend"
    )
    assert warning in text
    assert html.index("sroi-import-missing-fields") < html.index("Import bevestigen")
    # the near miss is offered, not used
    assert "Kolom “ Loonaandeel in procenten ”: bedoelt u Loonaandeel ?" in text
    assert "Loonaandeel ← “ Loonaandeel in procenten ”" not in text
    assert "Geen kolom voor het loonaandeel" in text


def test_accepting_a_suggestion_reads_the_upload_again_with_that_column(
    client: FlaskClient, login: Login, session: Session
) -> None:
    login("procurement")
    _url, html = follow(client, upload(client, xlsx(ROWS, HEADER)))
    [(action, posted)] = suggestion_forms(html)
    assert action.endswith("/kolommen")
    assert posted["kolom_wage_share"] == "Loonaandeel in procenten"
    assert posted["kolom_ref"] == "Contractnummer" and posted["kolom_end_date"] == "Einddatum"
    # state changes only with the CSRF token
    without_token = {name: value for name, value in posted.items() if name != "csrf_token"}
    assert client.post(action, data=without_token).status_code == 400
    _url, preview = follow(client, client.post(action, data=posted))
    text = text_of(preview)
    assert "Loonaandeel ← “ Loonaandeel in procenten ”" in text
    assert "bedoelt u" not in text
    assert "Geen kolom voor het loonaandeel" not in text
    assert count(session, Contract) == 0
    follow(client, client.post(confirm_url(preview), data={"csrf_token": token_of(client)}))
    assert contract(session, "NM-1").wage_share == Decimal("0.4000")
    assert contract(session, "NM-2").wage_share == Decimal("0.2500")


def test_a_header_with_a_line_break_survives_the_browsers_crlf(
    app: Flask, client: FlaskClient, login: Login, session: Session
) -> None:
    """Browsers send a line break in a form value as CRLF; the sheet's header has LF."""
    login("procurement")
    header = ("Contractnummer", "Leverancier", "Eind-\ndatum", "Loonaandeel in procenten")
    data = xlsx([["LB-1", "Schoon B.V.", "31-12-2027", "40%"]], header)
    _url, html = follow(client, upload(client, data))
    [(action, posted)] = suggestion_forms(html)
    assert posted["kolom_end_date"] == "Eind-\ndatum"
    posted["kolom_end_date"] = "Eind-\r\ndatum"
    _url, preview = follow(client, client.post(action, data=posted))
    assert "Einddatum ← “<bdi>Eind-\ndatum</bdi>”" in preview


def test_after_accepting_one_suggestion_the_others_stay_on_offer(
    client: FlaskClient, login: Login, session: Session
) -> None:
    login("procurement")
    header = (*HEADER, "Aanvang werkzaamheden")
    rows = [[*ROWS[0], "01-02-2025"], [*ROWS[1], "01-03-2025"]]
    _url, html = follow(client, upload(client, xlsx(rows, header)))
    (action, share), (_action, start) = suggestion_forms(html)
    assert share["kolom_wage_share"] == "Loonaandeel in procenten"
    assert start["kolom_start_date"] == "Aanvang werkzaamheden"
    _url, preview = follow(client, client.post(action, data=share))
    [(action, still)] = suggestion_forms(preview)
    assert still["kolom_start_date"] == "Aanvang werkzaamheden"
    assert still["kolom_wage_share"] == "Loonaandeel in procenten"  # now a column in use
    _url, both = follow(client, client.post(action, data=still))
    text = text_of(both)
    assert "Loonaandeel ← “ Loonaandeel in procenten ”" in text
    assert "Startdatum ← “ Aanvang werkzaamheden ”" in text
    assert suggestion_forms(both) == []
    follow(client, client.post(confirm_url(both), data={"csrf_token": token_of(client)}))
    stored = contract(session, "NM-2")
    assert (stored.wage_share, stored.start_date) == (Decimal("0.2500"), date(2025, 3, 1))
