"""The contractor's declaration on the confirm step: required, bounded, kept and shown."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import filled
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"


def _preview(client: FlaskClient) -> str:
    response = client.post(
        f"{URL}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(filled()), "q3.xlsx")},
        headers=HTMX,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _confirm_url(html: str) -> str:
    match = re.search(r'action="([^"]+/bevestigen)"', html)
    assert match, "preview offers no confirmation"
    return match.group(1)


def _reports(app: Flask) -> list[MonitoringReport]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        return list(session.scalars(select(MonitoringReport)).all())


def test_the_preview_asks_for_the_declaration_of_the_signatory(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = _preview(client)
    for label in ("Naam ondertekenaar", "Functie", "Datum verklaring"):
        assert label in html
    assert "De opdrachtnemer verklaart dat dit rapport juist en volledig is voor contract " in html
    assert "over periode 01-07-2026 t/m 30-09-2026" in html
    assert "nooit een geplaatste kandidaat" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Naam ondertekenaar: is verplicht."),
        ("function", "x" * 201, "Functie: maximaal 200 tekens."),
        ("name", "J.\x01Jansen", "U+0001"),
        ("on", "26-11-2026", "ligt in de toekomst"),
        ("on", "30-06-2026", "ligt vóór het begin van de periode (01-07-2026)"),
        ("agreed", "", "Verklaring: vink aan"),
    ],
)
def test_a_confirm_without_a_valid_declaration_writes_nothing_and_keeps_the_upload(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    field: str,
    value: str,
    message: str,
) -> None:
    make_contract()
    url = _confirm_url(_preview(client))
    data: dict[str, Any] = {"csrf_token": csrf_token_of(client), **ATTESTATION, field: value}
    if field == "agreed":
        del data["agreed"]
    response = client.post(url, data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert _reports(app) == []
    # nothing typed is lost, and the same upload can still be confirmed
    assert _confirm_url(html) == url
    if field != "name":
        assert 'value="J. Jansen"' in html
    done = client.post(url, data={"csrf_token": csrf_token_of(client), **ATTESTATION})
    assert done.status_code == 303
    (report,) = _reports(app)
    assert (report.attested_by_name, report.attested_by_function, report.attested_on) == (
        "J. Jansen",
        "directeur",
        date(2026, 10, 15),
    )


def test_the_panel_shows_who_declared_the_report(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    url = _confirm_url(_preview(client))
    done = client.post(url, data={"csrf_token": csrf_token_of(client), **ATTESTATION})
    panel = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Verklaard door" in panel and "(directeur) op 15-10-2026" in panel


def test_the_command_line_requires_the_declaration_unless_dry_run(
    app: Flask, make_contract: Callable[..., Contract], tmp_path: Any
) -> None:
    make_contract()
    path = tmp_path / "q3.xlsx"
    path.write_bytes(filled())
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["sroi", "import-monitoring", REF, str(path)])
    assert missing.exit_code == 2
    assert "--attested-by: Naam ondertekenaar: is verplicht." in missing.output
    assert "--attested-function: Functie: is verplicht." in missing.output
    assert (
        runner.invoke(args=["sroi", "import-monitoring", REF, str(path), "--dry-run"]).exit_code
        == 0
    )
    early = runner.invoke(
        args=[
            "sroi",
            "import-monitoring",
            REF,
            str(path),
            "--attested-by",
            "J. Jansen",
            "--attested-function",
            "directeur",
            "--attested-on",
            "30-06-2026",
            "--json",
        ]
    )
    assert early.exit_code == 3
    assert "vóór het begin van de periode" in early.output
    assert _reports(app) == []


def test_the_command_line_says_who_declared_it_or_why_the_date_cannot_stand(
    app: Flask, make_contract: Callable[..., Contract], tmp_path: Any
) -> None:
    make_contract()
    path = tmp_path / "q3.xlsx"
    path.write_bytes(filled())
    signed = ["--attested-by", "J. Jansen", "--attested-function", "directeur"]
    runner = app.test_cli_runner()
    early = runner.invoke(
        args=["sroi", "import-monitoring", REF, str(path), *signed, "--attested-on", "30-06-2026"]
    )
    assert early.exit_code == 3
    assert "Datum verklaring: 30-06-2026 ligt vóór het begin van de periode" in early.output
    done = runner.invoke(
        args=["sroi", "import-monitoring", REF, str(path), *signed, "--attested-on", "15-10-2026"]
    )
    assert done.exit_code == 0
    assert "Verklaard door J. Jansen (directeur) op 15-10-2026." in done.output
