"""The panel values with the configured bouwblokken table and says which method it used."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin import SroiPlugin
from sroi_plugin.errors import ConfigError
from sroi_plugin.models import Contract
from sroi_plugin.rules.valuation import shipped_table_data
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import seed_report
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"
LINES = [
    ("doelgroepregister", "dienstverband", 1, "1326", "45000"),
    ("statushouders", "werkervaringsplaats", 2, "200.5", "1234.50"),
]


@pytest.fixture
def example_table(app: Flask) -> Iterator[None]:
    app.config["SROI_VALUATION_TABLE"] = "voorbeeld-haaglanden"
    yield
    app.config["SROI_VALUATION_TABLE"] = None


def _seed(app: Flask, make_contract: Callable[..., Contract], **fields: object) -> None:
    make_contract(REF, **fields)
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == REF)).one()
        seed_report(session, contract_id, Q3_2026, LINES)


def test_without_a_table_the_reported_costs_value_the_figures_and_the_panel_says_so(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    _seed(app, make_contract)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Gewaardeerd tegen de opgegeven kosten (geen waarderingstabel ingesteld)." in html
    assert "€ 46.235" in html


@pytest.mark.usefixtures("example_table")
def test_the_table_in_force_at_the_award_date_values_and_explains_each_line(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    _seed(app, make_contract, award_date=date(2024, 11, 1))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "bouwblokkentabel Haaglanden (voorbeeld) 01-07-2023" in html
    assert "voorbeeldtabel: controleer de bedragen" in html
    assert "de versie die gold op de gunningsdatum 01-11-2024" in html
    # 1.326 h ÷ 1.872 = 0,71 full-time year × € 50.000 = € 35.417; statushouders have no block
    assert "1.326 uur ÷ 1.872 uur per voltijdjaar = 0,71 voltijdjaar × € 50.000 = € 35.417" in html
    assert "tabel Haaglanden (voorbeeld) 01-07-2023" in html
    assert "Statushouders: 200,5 uur, niet gewaardeerd" in html
    assert 'id="sroi-monitoring-realised-value">€ 35.417<' in html
    assert "Kandidaat van 55 jaar of ouder" in html
    assert "€ 10.000) zijn niet toegepast: de rapportage telt geen kandidaten" in html


@pytest.mark.usefixtures("example_table")
def test_without_an_award_date_the_start_date_chooses_and_the_panel_says_so(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    _seed(app, make_contract, award_date=None)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "begindatum (gunningsdatum onbekend) 01-01-2025" in html


@pytest.mark.usefixtures("example_table")
def test_a_contract_awarded_before_the_table_is_valued_at_costs_and_says_why(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    _seed(app, make_contract, award_date=date(2023, 6, 30))
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert (
        "Gewaardeerd tegen de opgegeven kosten: op de gunningsdatum 30-06-2023 gold geen versie "
        "van de tabel Haaglanden (voorbeeld)." in html
    )
    assert 'id="sroi-monitoring-realised-value">€ 46.235<' in html


@pytest.mark.usefixtures("example_table")
def test_the_upload_preview_and_the_command_line_value_as_the_panel_does(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(REF, award_date=date(2024, 11, 1))
    preview = client.post(
        f"{URL}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(filled()), "q3.xlsx")},
        headers=HTMX,
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    # 1.326 doelgroepregister hours of 4 people; the statushouders have no block
    assert "€ 35.416,67" in preview
    path = tmp_path / "q3.xlsx"
    path.write_bytes(filled())
    result = app.test_cli_runner().invoke(
        args=["sroi", "import-monitoring", REF, str(path), "--dry-run", "--json"]
    )
    assert json.loads(result.output)["totals"]["value_eur"] == "35416.67"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("haaglanden-echt", "'haaglanden-echt' is no shipped table (voorbeeld-haaglanden)"),
        ("{path}", "versions[0].valid_from: '1-7-2023' is geen datum"),
    ],
)
def test_a_wrong_table_fails_at_start_up_naming_the_key_and_field(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "eigen.json"
    raw = shipped_table_data("voorbeeld-haaglanden")
    assert isinstance(raw, dict)
    raw["versions"][0]["valid_from"] = "1-7-2023"
    path.write_text(json.dumps(raw), encoding="utf-8")
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="k",
        SROI_DATABASE_URI="sqlite://",
        SROI_VALUATION_TABLE=table.format(path=path),
    )
    with pytest.raises(ConfigError) as caught:
        SroiPlugin(app)
    assert message in str(caught.value)
