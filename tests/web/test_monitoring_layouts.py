"""Uploading a report in a contractor's own layout: the mapping step, the saved layout per
contractor, the period asked when the file names none."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringProfile
from tests.helpers.contractor_layouts import CORPUS
from tests.helpers.contractor_layouts import EXPECTED
from tests.helpers.contractor_layouts import Layout
from tests.helpers.contractor_layouts import write
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
MAPPED = next(layout for layout in CORPUS if layout.needs_mapping)
NO_PERIOD = Layout(
    "no period",
    "Blad1",
    [["Verantwoording social return"]],
    ["Doelgroep", "Soort plaatsing", "Aantal personen", "Verloonde uren", "Kosten"],
    [list(row) for row in EXPECTED],
)


def _upload(client: FlaskClient, layout: Layout, ref: str = REF, **fields: str) -> Any:
    return client.post(
        f"/sroi/contracten/{ref}/monitoring/upload",
        data={
            "csrf_token": csrf_token_of(client),
            "report": (io.BytesIO(write(layout)), "eigen.xlsx"),
            **fields,
        },
        headers=HTMX,
        content_type="multipart/form-data",
    )


def _step_url(html: str) -> str:
    match = re.search(r'action="([^"]+/indeling)"', html)
    assert match, "no mapping step offered"
    return match.group(1)


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select for {name}"
    chosen = re.search(r'<option selected value="([^"]*)"', select.group(1))
    return chosen.group(1) if chosen else None


def _choices(**chosen: str) -> dict[str, str]:
    base = {
        "target_group": "",
        "placement_type": "Soort plaatsing",
        "persons": "",
        "hours": "Verloonde uren",
        "costs": "Loonkosten",
        "evidence": "",
        "remarks": "",
    }
    return {**base, **chosen}


@pytest.fixture(autouse=True)
def contracts(make_contract: Callable[..., Contract]) -> None:
    make_contract()
    make_contract("GEM-2025-0002", title="Groenonderhoud")  # the same contractor (KvK)


def test_unrecognised_columns_open_the_mapping_step_prefilled(client: FlaskClient) -> None:
    response = _upload(client, MAPPED)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Welke kolom bevat wat?" in html
    assert _selected(html, "costs") == "Loonkosten"
    assert _selected(html, "hours") == "Verloonde uren"
    assert _selected(html, "target_group") == ""


def test_a_missing_choice_is_named_and_the_other_choices_are_kept(client: FlaskClient) -> None:
    url = _step_url(_upload(client, MAPPED).get_data(as_text=True))
    response = client.post(
        url, data={"csrf_token": csrf_token_of(client), **_choices(persons="Mensen")}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Doelgroep: kies de kolom die dit bevat." in html
    assert _selected(html, "persons") == "Mensen"


def test_one_column_chosen_twice_is_refused(client: FlaskClient) -> None:
    url = _step_url(_upload(client, MAPPED).get_data(as_text=True))
    chosen = _choices(target_group="Groep", persons="Groep")
    html = client.post(url, data={"csrf_token": csrf_token_of(client), **chosen}).get_data(
        as_text=True
    )
    assert "Aantal personen: kolom &#39;Groep&#39; is al gekozen voor Doelgroep." in html


def test_the_chosen_layout_is_saved_and_the_next_upload_needs_no_step(
    app: Flask, client: FlaskClient
) -> None:
    url = _step_url(_upload(client, MAPPED).get_data(as_text=True))
    chosen = _choices(target_group="Groep", persons="Mensen")
    preview = client.post(url, data={"csrf_token": csrf_token_of(client), **chosen}, headers=HTMX)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, html
    assert "3 regels, alle in orde" in html and "/bevestigen" in html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        profile = session.scalars(select(MonitoringProfile)).one()
        assert profile.contractor_key == "kvk:12345678"
        assert profile.mapping["target_group"] == "Groep"
    again = _upload(client, MAPPED, ref="GEM-2025-0002").get_data(as_text=True)
    assert "Welke kolom bevat wat?" not in again
    assert "3 regels, alle in orde" in again
    assert "is gelezen met de opgeslagen indeling van deze opdrachtnemer" in again


def test_a_period_typed_at_the_upload_is_used(client: FlaskClient) -> None:
    fields = {"period_start": "01-01-2025", "period_end": "30-06-2025"}
    html = _upload(client, NO_PERIOD, **fields).get_data(as_text=True)
    assert "01-01-2025 t/m 30-06-2025" in html and "3 regels, alle in orde" in html


def test_without_a_period_the_step_asks_it_and_keeps_what_was_typed(
    client: FlaskClient,
) -> None:
    html = _upload(client, NO_PERIOD).get_data(as_text=True)
    assert "Het bestand noemt geen periode" in html
    assert "Welke kolom bevat wat?" not in html
    wrong = {"period_start": "30-06-2025", "period_end": "01-01-2025"}
    response = client.post(
        _step_url(html), data={"csrf_token": csrf_token_of(client), **wrong}, headers=HTMX
    )
    again = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Einde van de rapportageperiode: ligt vóór het begin." in again
    assert 'value="30-06-2025"' in again
    right = {"period_start": "01-01-2025", "period_end": "30-06-2025"}
    preview = client.post(
        _step_url(again), data={"csrf_token": csrf_token_of(client), **right}, headers=HTMX
    ).get_data(as_text=True)
    assert "01-01-2025 t/m 30-06-2025" in preview and "/bevestigen" in preview


def test_a_typed_period_that_differs_from_the_file_is_refused(client: FlaskClient) -> None:
    fields = {"period_start": "01-01-2025", "period_end": "31-03-2025"}
    response = _upload(client, CORPUS[0], **fields)
    assert response.status_code == 422
    assert "verschilt van de opgegeven periode" in response.get_data(as_text=True)


def test_the_period_typed_at_the_upload_survives_a_missing_file(client: FlaskClient) -> None:
    response = client.post(
        f"/sroi/contracten/{REF}/monitoring/upload",
        data={
            "csrf_token": csrf_token_of(client),
            "period_start": "1-1-2025",
            "period_end": "morgen",
        },
        headers=HTMX,
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ingevulde rapportage: kies het Excel-bestand" in html
    assert "Einde van de rapportageperiode: &#39;morgen&#39; is geen geldige datum" in html
    assert 'value="1-1-2025"' in html and 'value="morgen"' in html
