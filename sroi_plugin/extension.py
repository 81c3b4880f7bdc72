"""``SroiPlugin``: the Flask extension a host mounts (Flask-SQLAlchemy style)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint
from flask import Flask

from sroi_plugin.config import DEFAULTS
from sroi_plugin.config import check_config
from sroi_plugin.db import Database
from sroi_plugin.db import database_for
from sroi_plugin.hostspec import ContractUrl
from sroi_plugin.hostspec import HostCallables
from sroi_plugin.hostspec import UserLoader
from sroi_plugin.monitoring.settings import max_upload_bytes

#: Room for a form's other fields beside its file, on top of ``SROI_MAX_UPLOAD_MB``.
FORM_MARGIN_BYTES = 1024 * 1024


@dataclass
class SroiState:
    """What ``app.extensions["sroi"]`` holds for one app."""

    #: the extension object (its host callables)
    plugin: SroiPlugin
    #: the engine and session the plugin's models use in this app
    db: Database

    @property
    def host(self) -> HostCallables:
        """The callables the host registered."""
        return self.plugin.host


class SroiPlugin:
    """Mounts the SROI panels on a host app: ``SroiPlugin(app)`` or ``sroi.init_app(app)``.

    :param app: the host app, or ``None`` to call :meth:`init_app` later (app factories).
    :param db: the host's Flask-SQLAlchemy instance, when the plugin should share its session.
        Found in ``app.extensions`` automatically; ``SROI_DATABASE_URI`` overrides both.
    """

    def __init__(self, app: Flask | None = None, *, db: Any | None = None) -> None:
        #: host callables registered through the decorator methods below
        self.host = HostCallables()
        self._host_db = db
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Register config defaults, the blueprint (with its Jinja filters, globals and request
        hooks, all listed in :mod:`sroi_plugin.web.blueprint`) and ``flask sroi``. Sets
        ``MAX_CONTENT_LENGTH`` to ``SROI_MAX_UPLOAD_MB`` plus :data:`FORM_MARGIN_BYTES` when the
        host has not set it."""
        if "sroi" in app.extensions:
            raise RuntimeError("SroiPlugin is already registered on this app")
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        check_config(app.config)
        if app.config.get("MAX_CONTENT_LENGTH") is None:
            # Refuse a larger request (413) before its body is read, not after.
            app.config["MAX_CONTENT_LENGTH"] = max_upload_bytes(app.config) + FORM_MARGIN_BYTES
        from sroi_plugin.cli import sroi_cli
        from sroi_plugin.web import bp

        app.extensions["sroi"] = SroiState(plugin=self, db=database_for(app, self._host_db))
        app.register_blueprint(bp, url_prefix=app.config["SROI_URL_PREFIX"])
        app.cli.add_command(sroi_cli)

    @property
    def blueprint(self) -> Blueprint:
        """The plugin's blueprint, e.g. for a host's ``CSRFProtect.exempt`` (the plugin checks
        CSRF on its own routes, with a Dutch message)."""
        from sroi_plugin.web import bp

        return bp

    def user_loader(self, loader: UserLoader) -> UserLoader:
        """Register ``loader() -> SroiUser | None``, the current user (required)."""
        self.host.user_loader = loader
        return loader

    def contract_url(self, builder: ContractUrl) -> ContractUrl:
        """Register ``builder(ref) -> str | None``, the host's contract page (for back links)."""
        self.host.contract_url = builder
        return builder
