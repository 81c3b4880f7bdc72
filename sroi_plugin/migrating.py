"""Running the plugin's Alembic migrations, in any host.

The migrations keep their own version table (``sroi_alembic_version``) and only look at
``sroi_`` tables, so they never touch the host's schema or the host's own Alembic history.
``flask sroi upgrade-db`` works in every host; the demo host also wires Flask-Migrate to the
same directory so ``flask --app sroi_plugin.demo db upgrade`` works there.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from flask import Flask

from sroi_plugin.resources import MIGRATIONS_DIR


def alembic_config() -> Config:
    """An Alembic config pointing at the shipped migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_database(app: Flask, revision: str = "head") -> None:
    """Upgrade the plugin's schema in ``app``'s database to ``revision``."""
    with app.app_context():
        command.upgrade(alembic_config(), revision)
