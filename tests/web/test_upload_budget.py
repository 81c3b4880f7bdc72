"""Both upload pages refuse a workbook over the read budget within seconds, with the Dutch
message, and keep nothing; ``SROI_IMPORT_MAX_CELLS`` sets the portfolio budget."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.config import DEFAULTS
from sroi_plugin.config import check_config
from sroi_plugin.errors import ConfigError
from sroi_plugin.importing.uploads import Kind
from sroi_plugin.importing.uploads import upload_dir
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import PortfolioImport
from tests.helpers.bombs import shared_strings_bomb
from tests.helpers.bombs import wide_rows_bomb
from tests.helpers.import_page import kept_uploads
from tests.helpers.import_page import upload
from tests.helpers.portfolio import count
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import csrf_token_of

Login = Callable[[str], None]
TOO_BIG = "Het bestand is te groot om te verwerken: "
#: generous: the refusals take well under a second; the old reader took minutes
SECONDS = 10
MONITORING_UPLOAD = "/sroi/contracten/GEM-2025-0001/monitoring/upload"


def _close_upload(response: TestResponse) -> None:
    """Close the request's input stream: werkzeug's test client spools a large upload to a
    temporary file and closes it only on a followed redirect."""
    response.request.input_stream.close()


def _monitoring_upload(client: FlaskClient, data: bytes) -> tuple[int, str, float]:
    start = time.monotonic()
    response = client.post(
        MONITORING_UPLOAD,
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(data), "q3.xlsx")},
        content_type="multipart/form-data",
    )
    seconds = time.monotonic() - start
    _close_upload(response)
    return response.status_code, response.get_data(as_text=True), seconds


@pytest.mark.parametrize(
    ("bomb", "expected"),
    [
        (shared_strings_bomb, "de teksten zijn uitgepakt 157,5 MB, de limiet is 114,4 MB."),
        (wide_rows_bomb, "de werkbladen bevatten meer dan 10.000.000 cellen (rijen × kolommen)."),
    ],
)
def test_the_import_page_refuses_a_bomb_in_seconds_and_keeps_nothing(
    app: Flask,
    client: FlaskClient,
    login: Login,
    session: Session,
    bomb: Callable[[], bytes],
    expected: str,
) -> None:
    data = bomb()
    login("procurement")
    start = time.monotonic()
    response = upload(client, data, "bom.xlsx")
    assert time.monotonic() - start < SECONDS
    _close_upload(response)
    assert response.status_code == 422
    assert TOO_BIG + expected in response.get_data(as_text=True)
    assert kept_uploads(app) == []
    assert count(session, Contract) == 0 and count(session, PortfolioImport) == 0


@pytest.mark.parametrize(
    ("bomb", "expected"),
    [
        (shared_strings_bomb, "de teksten zijn uitgepakt 157,5 MB, de limiet is 8 MB."),
        (wide_rows_bomb, "de werkbladen bevatten meer dan 2.000.000 cellen (rijen × kolommen)."),
    ],
)
def test_the_monitoring_upload_refuses_a_bomb_in_seconds_and_keeps_nothing(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    bomb: Callable[[], bytes],
    expected: str,
) -> None:
    make_contract()
    status, html, seconds = _monitoring_upload(client, bomb())
    assert seconds < SECONDS
    assert status == 422
    assert TOO_BIG + expected in html
    directory = upload_dir(app.instance_path, Kind.MONITORING)
    assert not directory.exists() or not any(directory.iterdir())
    with app.app_context():
        assert count(app.extensions["sroi"].db.session, MonitoringReport) == 0


def test_the_portfolio_budget_follows_the_setting(
    app: Flask, client: FlaskClient, login: Login
) -> None:
    app.config["SROI_IMPORT_MAX_CELLS"] = 100
    login("procurement")
    response = upload(client, xlsx([row(f"GEM-{n}") for n in range(50)]))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    # 100 cells allow 4,800 bytes of sheet XML (48 per cell)
    assert TOO_BIG + "de werkbladen zijn uitgepakt" in html and "de limiet is 5 kB." in html


@pytest.mark.parametrize("value", [0, -1, 2.5, "10", True])
def test_a_bad_cell_budget_fails_at_start_up(value: object) -> None:
    config = {**DEFAULTS, "SECRET_KEY": "x", "SROI_IMPORT_MAX_CELLS": value}
    with pytest.raises(ConfigError, match="SROI_IMPORT_MAX_CELLS must be a positive whole"):
        check_config(config)
