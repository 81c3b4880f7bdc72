"""``flask sroi …``: commands for scripts and scheduled jobs."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext

from sroi_plugin.errors import RuleInputError
from sroi_plugin.migrating import upgrade_database
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import parse_assessment_input
from sroi_plugin.significance_input import threshold_table


@click.group("sroi")
def sroi_cli() -> None:
    """Social return (SROI) plugin commands."""


@sroi_cli.command("upgrade-db")
@with_appcontext
def upgrade_db_command() -> None:
    """Bring the plugin's tables up to date (its own Alembic version table)."""
    upgrade_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("SROI-database bijgewerkt.")


# --- assess-change (issue 5): is a contract modification a wezenlijke wijziging? ------------


def _fail_input(message: str) -> NoReturn:
    """Bad input: a Dutch message on stderr and exit status 2."""
    click.echo(message, err=True)
    sys.exit(2)


@sroi_cli.command("assess-change")
@click.option(
    "--json",
    "json_file",
    required=True,
    metavar="FILE.json",
    help="Invoer in het formaat van parse_assessment_input ('-' voor stdin).",
)
@with_appcontext
def assess_change_command(json_file: str) -> None:
    """Toets een contractwijziging (Aw 2012 art. 2.163a-2.163f); uitkomst als JSON op stdout.

    \f
    Exit 0 with the assessment; exit 2 with a Dutch message naming the field on stderr when the
    file cannot be read, is not JSON, or the input is incomplete or wrong.
    """
    try:
        text = sys.stdin.read() if json_file == "-" else Path(json_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _fail_input(f"Kan het invoerbestand {json_file} niet lezen: {exc}")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        _fail_input(
            f"Het invoerbestand {json_file} is geen geldige JSON "
            f"(regel {exc.lineno}, kolom {exc.colno}: {exc.msg})."
        )
    if not isinstance(data, dict):
        _fail_input("De invoer moet een JSON-object zijn met contract en modification.")
    try:
        assessment = assess_modification(parse_assessment_input(data), table=threshold_table())
    except RuleInputError as exc:
        _fail_input(f"Ongeldige invoer: {exc.field}: {exc.message}.")
    click.echo(json.dumps(assessment.as_dict(), ensure_ascii=False, indent=2))


# --- matrix (issue 6): the organisation's Bijlage II matrix, with the admins' edits ---------


@sroi_cli.command("matrix")
@click.option("--json", "as_json", is_flag=True, help="Als JSON (Matrix.as_dict()).")
@with_appcontext
def matrix_command(as_json: bool) -> None:
    """Toon de rollenmatrix van Bijlage II zoals de organisatie die gebruikt.

    \f
    With ``--json`` prints exactly ``Matrix.as_dict()`` of ``load_matrix().with_edits(...)``:
    ``{"steps": [...], "roles": [...], "cells": {step: {role: {"text", "origin"}}}}``.
    """
    import json as json_module

    from sroi_plugin.db import current_session
    from sroi_plugin.models.partnership import effective_matrix
    from sroi_plugin.rules.matrix import ROLES
    from sroi_plugin.rules.matrix import STEP_TITLES

    matrix = effective_matrix(current_session())
    if as_json:
        click.echo(json_module.dumps(matrix.as_dict(), ensure_ascii=False, indent=2))
        return
    cells = matrix.as_dict()["cells"]
    for step, row in cells.items():
        click.echo(f"Stap {step} — {STEP_TITLES[step]}")
        for role in ROLES:
            cell = row[role.key]
            text = cell["text"] or "—"
            click.echo(f"  {role.label} [{cell['origin']}]: {text}")
        click.echo("")
