"""The demo host as gunicorn serves it in the background-import test (``create_app()``):
the test's database and instance folder come from the environment."""

from __future__ import annotations

import os

from flask import Flask

from sroi_plugin.demo import create_app as create_demo_app
from tests.helpers.clock import TODAY


def create_app() -> Flask:
    app = create_demo_app(
        {
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": os.environ["SROI_GUNICORN_DATABASE_URL"],
            "SROI_TODAY": TODAY.isoformat(),
            "SROI_MAX_UPLOAD_MB": 50,
        }
    )
    app.instance_path = os.environ["SROI_GUNICORN_INSTANCE"]
    return app
