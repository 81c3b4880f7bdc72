"""A tiny host without Flask-SQLAlchemy: the plugin creates its own engine."""

from __future__ import annotations

from flask import Flask
from flask import render_template_string

from sroi_plugin import SroiPlugin
from sroi_plugin import SroiUser

PAGE = "<html><head>{{ sroi_assets() }}</head><body>{{ sroi_panels(ref) }}</body></html>"


def create_plain_host(database_uri: str) -> tuple[Flask, SroiPlugin]:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="plain", SROI_DATABASE_URI=database_uri, SROI_TODAY="2026-11-25")
    sroi = SroiPlugin(app)

    @sroi.user_loader
    def load_user() -> SroiUser:
        return SroiUser("u1", "Test Gebruiker", frozenset({"viewer"}))

    @app.get("/contract/<ref>")
    def contract(ref: str) -> str:
        return render_template_string(PAGE, ref=ref)

    return app, sroi
