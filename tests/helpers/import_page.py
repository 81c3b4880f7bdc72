"""The portfolio import page as a user drives it: upload, preview, confirm."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from sroi_plugin.importing.uploads import Kind
from sroi_plugin.importing.uploads import upload_dir
from tests.helpers.web import csrf_token_of

#: The import page.
START = "/sroi/import"


def token_of(client: FlaskClient) -> str:
    return csrf_token_of(client, START)


def upload(
    client: FlaskClient, data: bytes, name: str = "export.xlsx", **extra: str
) -> TestResponse:
    return client.post(
        START,
        data={"csrf_token": token_of(client), "bestand": (io.BytesIO(data), name), **extra},
        content_type="multipart/form-data",
    )


def confirm_url(html: str) -> str:
    match = re.search(r'action="([^"]+/bevestigen)"', html)
    assert match
    return match.group(1)


def kept_uploads(app: Flask) -> list[Path]:
    directory = upload_dir(app.instance_path, Kind.PORTFOLIO)
    return sorted(directory.iterdir()) if directory.is_dir() else []
