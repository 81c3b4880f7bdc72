"""The demo host: a small contract register whose contract pages embed the SROI panels.

It uses only the plugin's public surface (``SroiPlugin``, ``@sroi.user_loader``,
``@sroi.contract_url``, the Jinja helpers), like a real host would. Run it with ``make demo``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from sroi_plugin import SroiPlugin
from sroi_plugin.db import SQLITE_ENGINE_OPTIONS
from sroi_plugin.demo.learning import learn_added_contracts
from sroi_plugin.demo.models import db
from sroi_plugin.demo.security import add_security_headers
from sroi_plugin.demo.seed import demo_setup_command
from sroi_plugin.demo.users import register_demo_users
from sroi_plugin.demo.views import demo
from sroi_plugin.hostspec import contracts_added
from sroi_plugin.resources import MIGRATIONS_DIR
from sroi_plugin.resources import TEMPLATES_DIR

sroi = SroiPlugin()
# the demo's register learns the contracts an import adds (a real host's register has them)
contracts_added.connect(learn_added_contracts)


def database_url(instance_path: str) -> str:
    """``DATABASE_URL`` when set (``postgres://`` accepted), else SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{os.path.join(instance_path, 'demo.sqlite')}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """App factory (``flask --app sroi_plugin.demo``)."""
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR))
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", "demo-only-not-a-secret"),
        SQLALCHEMY_DATABASE_URI=database_url(app.instance_path),
        SROI_LAYOUT_TEMPLATE="demo/sroi_layout.html",
        # the plugin relies on the host's session cookie: not readable by scripts, and not sent
        # with another site's form posts or subresource requests
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config:
        app.config.update(test_config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", SQLITE_ENGINE_OPTIONS)
    os.makedirs(app.instance_path, exist_ok=True)
    db.init_app(app)
    csrf = CSRFProtect(app)
    sroi.init_app(app)
    csrf.exempt(sroi.blueprint)  # the plugin checks its own requests, with a Dutch message
    Migrate(app, db, directory=str(MIGRATIONS_DIR))
    register_demo_users(app, sroi)
    app.register_blueprint(demo)
    app.after_request(add_security_headers)
    app.cli.add_command(demo_setup_command)
    return app
