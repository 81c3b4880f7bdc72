"""``flask sroi …``: commands for scripts and scheduled jobs."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from sroi_plugin.migrating import upgrade_database


@click.group("sroi")
def sroi_cli() -> None:
    """Social return (SROI) plugin commands."""


@sroi_cli.command("upgrade-db")
@with_appcontext
def upgrade_db_command() -> None:
    """Bring the plugin's tables up to date (its own Alembic version table)."""
    upgrade_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("SROI-database bijgewerkt.")
