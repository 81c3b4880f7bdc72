"""Uploading a contractor's report with personal data: refused with the AVG explanation, and
nothing of the file is kept — no report, no upload token, no temporary file, no value in the
audit line."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.importing.uploads import Kind
from sroi_plugin.importing.uploads import upload_dir
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringUpload
from tests.helpers.contractor_reports import PERSONAL_VALUES
from tests.helpers.contractor_reports import WITH_PERSONAL_DATA
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
UPLOAD = f"/sroi/contracten/{REF}/monitoring/upload"


@pytest.mark.parametrize("name", sorted(WITH_PERSONAL_DATA))
def test_an_upload_with_personal_data_is_refused_and_nothing_is_kept(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
) -> None:
    make_contract(REF)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    response = client.post(
        UPLOAD,
        data={
            "csrf_token": csrf_token_of(client),
            "report": (io.BytesIO(WITH_PERSONAL_DATA[name]()), "rapportage.xlsx"),
        },
        headers=HTMX,
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geweigerd: het bestand bevat persoonsgegevens" in html
    assert "Werkblad " in html and "Lever de rapportage geaggregeerd aan" in html
    assert "Er is niets van dit bestand bewaard." in html
    assert [value for value in PERSONAL_VALUES if value in html] == []
    assert "/bevestigen" not in html  # no token to confirm with
    stash = upload_dir(app.instance_path, Kind.MONITORING)
    assert not stash.exists() or not any(stash.iterdir())
    assert list(temporary.iterdir()) == []
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert session.scalar(select(func.count()).select_from(MonitoringReport)) == 0
        (line,) = session.scalars(select(MonitoringUpload)).all()
        assert line.outcome == "geweigerd_persoonsgegevens"
        assert line.file_name is None and line.sha256 is None
        texts = [line.note, line.by_name, line.channel]
        assert [v for v in PERSONAL_VALUES if any(v in (text or "") for text in texts)] == []
