"""``flask sroi …``: commands for scripts and scheduled jobs."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import with_appcontext

from sroi_plugin.errors import RuleInputError
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.migrating import upgrade_database
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.attestation import attestation_line
from sroi_plugin.rules.attestation import parse_attestation
from sroi_plugin.rules.clauses import check_clause
from sroi_plugin.rules.clauses import parse_contract_facts
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.portfolio import score_contract
from sroi_plugin.rules.significance import assess_modification
from sroi_plugin.rules.significance import parse_assessment_input
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_date
from sroi_plugin.services.rule_tables import current_norms
from sroi_plugin.services.rule_tables import threshold_table


@click.group("sroi")
def sroi_cli() -> None:
    """Social return (SROI) plugin commands."""


@sroi_cli.command("upgrade-db")
@with_appcontext
def upgrade_db_command() -> None:
    """Bring the plugin's tables up to date (its own Alembic version table)."""
    upgrade_database(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo("SROI-database bijgewerkt.")


# --- assess-change: is a contract modification a wezenlijke wijziging? ------------


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
    """Toets een contractwijziging (Aw 2012 art. 2.163a-2.163g); uitkomst als JSON op stdout.

    Bij vervanging van de opdrachtnemer (ground contractor_replacement) ook
    modification.successor_via_restructuring en
    modification.successor_meets_original_selection_criteria: true, false of null (weet ik niet).

    Met een indexatieclausule (contract.has_indexation_clause: true) tellen de
    prijsherzieningen onder prior_modifications met "indexation": true op of vóór de datum
    van de wijziging bij de initiële waarde op (Richtlijn 2014/24 art. 72 lid 3) en niet als
    de-minimiswijziging. Beide zijn true of false; weggelaten = false.

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


# --- matrix: the organisation's Bijlage II matrix, with the admins' edits ---------


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


# --- import-portfolio: sync the contract register from the host's xlsx export -----


@sroi_cli.command("import-portfolio")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--sheet", metavar="NAME", help="Werkblad om te lezen (standaard het eerste).")
@click.option("--dry-run", is_flag=True, help="Alleen een voorvertoning; niets vastleggen.")
@click.option(
    "--allow-invalid",
    is_flag=True,
    help="Geldige rijen vastleggen ook als er ongeldige rijen zijn (die worden overgeslagen).",
)
@click.option(
    "--allow-mass-missing",
    is_flag=True,
    help=(
        "Vastleggen ook als de import meer dan SROI_IMPORT_MAX_MISSING_SHARE van de actieve "
        "contracten als 'niet in laatste export' markeert."
    ),
)
@click.option(
    "--on-conflict",
    type=click.Choice(["keep-edit", "take-export"]),
    help=(
        "Bij velden die in de plugin zijn gewijzigd en waar de export iets anders zegt: de "
        "waarde uit de plugin houden of die uit de export overnemen (zonder keuze: niet "
        "vastleggen)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON voor scripts.")
@with_appcontext
def import_portfolio_command(
    file: str,
    sheet: str | None,
    dry_run: bool,
    allow_invalid: bool,
    allow_mass_missing: bool,
    on_conflict: str | None,
    as_json: bool,
) -> None:
    """Importeer het contractregister uit FILE (.xlsx), alles of niets.

    \f
    The same engine as the import page (``sroi_plugin.importing.engine``); saved import
    profiles are applied when the header row matches. Exit codes: 0 read (and committed unless
    ``--dry-run``); 2 file unreadable, its columns not recognised, or a header row without
    contract rows; 3 commit refused because of invalid rows without ``--allow-invalid``; 4
    nothing committed because a contract was changed by someone else during the import (run
    again); 5 commit refused because the import would mark more than
    ``SROI_IMPORT_MAX_MISSING_SHARE`` of the active contracts missing, without
    ``--allow-mass-missing`` (3 wins when both apply); 6 commit refused because fields
    edited in the plugin conflict with the export, without ``--on-conflict``.
    """
    import getpass
    import json as json_module
    from pathlib import Path

    from sroi_plugin.config import today_from
    from sroi_plugin.db import current_session
    from sroi_plugin.errors import ImportFileError
    from sroi_plugin.hostspec import SroiUser
    from sroi_plugin.importing.engine import import_portfolio
    from sroi_plugin.importing.profiles import find_profile
    from sroi_plugin.importing.read import read_file_bytes
    from sroi_plugin.importing.safety import ReadBudget
    from sroi_plugin.rules.field_owners import field_owners

    config = current_app.config
    session = current_session()
    path = Path(file)
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        account = "onbekend"
    max_bytes = int(config["SROI_MAX_UPLOAD_MB"] * 1024 * 1024)
    try:
        if not path.is_file():
            raise ImportFileError(f"Bestand '{file}' bestaat niet of is geen bestand.")
        data = read_file_bytes(path, max_bytes)
        progress = None if as_json or not sys.stderr.isatty() else _TerminalProgress(data)
        result = import_portfolio(
            session,
            data,
            file_name=path.name,
            user=SroiUser(f"cli:{account}", f"Commandoregel ({account})"),
            today=today_from(config),
            max_bytes=max_bytes,
            commit=not dry_run,
            progress=progress,
            sheet=sheet,
            allow_invalid=allow_invalid,
            find_profile=lambda signatures: find_profile(session, signatures),
            source="cli",
            max_missing_share=config["SROI_IMPORT_MAX_MISSING_SHARE"],
            allow_mass_missing=allow_mass_missing,
            budget=ReadBudget.for_cells(config["SROI_IMPORT_MAX_CELLS"]),
            owners=field_owners(config["SROI_FIELD_OWNERS"]),
            choose_all={"keep-edit": "plugin", "take-export": "export", None: None}[on_conflict],
        )
    except ImportFileError as exc:
        if as_json:
            click.echo(
                json_module.dumps(
                    {"file": path.name, "error": str(exc), "committed": False},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        click.echo(f"Niet ingelezen: {exc}", err=True)
        raise SystemExit(2) from exc
    if as_json:
        click.echo(json_module.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _echo_portfolio_result(result, dry_run, allow_invalid)
    if result.has_errors():
        raise SystemExit(4)
    if not dry_run and not result.committed:
        if result.has_invalid_rows() and not allow_invalid:
            raise SystemExit(3)
        raise SystemExit(5 if result.mass_missing and not allow_mass_missing else 6)


class _TerminalProgress:
    """A progress bar on stderr while a register is read (only on a terminal, never with
    ``--json``); the comparison that follows is named, not counted."""

    def __init__(self, data: bytes) -> None:
        from sroi_plugin.importing.row_count import estimate_rows
        from sroi_plugin.importing.safety import PORTFOLIO_BUDGET

        self._total = estimate_rows(data, max_xml_bytes=PORTFOLIO_BUDGET.max_xml_bytes) or 1
        self._bar = click.progressbar(length=self._total, label="Lezen", file=sys.stderr, width=30)
        self._done = False

    def __call__(self, phase: object, rows_read: int, rows_checked: int) -> None:
        from sroi_plugin.importing.progress import Phase

        if self._done:
            return
        if phase == Phase.COMPARING:
            self._bar.update(self._total - self._bar.pos)
            self._bar.render_finish()
            click.echo("Vergelijken met het register …", err=True)
            self._done = True
            return
        self._bar.label = str(phase).capitalize()
        self._bar.update(min(rows_checked, self._total) - self._bar.pos)


def _echo_portfolio_result(result: object, dry_run: bool, allow_invalid: bool) -> None:
    """Dutch summary of a portfolio import for people at a terminal."""
    from sroi_plugin.importing.result import ImportResult

    assert isinstance(result, ImportResult)
    counts = result.counts
    click.echo(
        f"Bestand {result.file_name}, werkblad '{result.sheet}', kopregel op rij "
        f"{result.header_row}"
        + (f", profiel '{result.profile_name}'" if result.profile_name else "")
    )
    click.echo(
        f"Nieuw {counts['new']}, gewijzigd {counts['changed']}, ongewijzigd "
        f"{counts['unchanged']}, ongeldig {counts['invalid']}, niet in export "
        f"{counts['missing']}, overgeslagen {counts['skipped']}"
    )
    if result.changes_to_assess:
        click.echo(f"Te beoordelen contractwijzigingen: {len(result.changes_to_assess)}")
        for item in result.changes_to_assess:
            click.echo(f"  {item.ref}: {item.change.description}")
    for row in result.invalid_rows:
        for message in row.errors:
            click.echo(message, err=True)
    for message in result.errors:
        click.echo(message, err=True)
    for conflict in result.conflicts:
        click.echo(
            f"Conflict {conflict.ref}, {conflict.field}: in de plugin gewijzigd door "
            f"{conflict.edited_by}; de plugin zegt {conflict.plugin_value}, de export "
            f"{conflict.export_value}"
            + ("" if conflict.choice is None else f" (keuze: {conflict.choice})"),
            err=conflict.choice is None,
        )
    if result.unresolved_conflicts() and not dry_run:
        click.echo(
            "Niet vastgelegd: kies met --on-conflict keep-edit (waarde uit de plugin houden) of "
            "--on-conflict take-export (waarde uit de export overnemen).",
            err=True,
        )
    if result.committed:
        click.echo("Vastgelegd.")
    elif dry_run:
        click.echo("Proefrun: er is niets vastgelegd.")
    elif not result.has_errors():
        if result.has_invalid_rows() and not allow_invalid:
            click.echo(
                "Niet vastgelegd: het bestand heeft ongeldige rijen. Verbeter ze, of leg de "
                "geldige rijen vast met --allow-invalid.",
                err=True,
            )
        if result.mass_missing:
            click.echo(
                f"Niet vastgelegd: {result.mass_missing_message()} Leg de import dan vast met "
                "--allow-mass-missing.",
                err=True,
            )
    if dry_run and result.mass_missing:
        click.echo(f"Let op: {result.mass_missing_message()}", err=True)


# --- check-clauses: clause findings and the promising score of one contract -------


def _check_clauses_refuse(message: str) -> NoReturn:
    """Bad input for check-clauses: the Dutch message on stderr, exit status 2."""
    click.echo(message, err=True)
    click.get_current_context().exit(2)
    raise AssertionError("unreachable")  # pragma: no cover - exit() raises


@sroi_cli.command("check-clauses")
@click.option(
    "--json",
    "json_file",
    required=True,
    metavar="FILE.json",
    help="Contractgegevens als JSON-object (velden van parse_contract_facts); '-' voor stdin.",
)
@with_appcontext
def check_clauses_command(json_file: str) -> None:
    """Toets een social-returnbepaling en geef de kansrijkscore (handreiking stap 2Ac, 2Ba).

    Uitvoer op stdout: {"findings": [...], "promising": {"score", "promising", "reasons"}}.

    \f
    Uses the app's ``SROI_NORMS``. Exit 2 with a Dutch message naming the field on stderr when
    the file cannot be read, is not a JSON object, or a field is missing or wrong.
    """
    try:
        text = sys.stdin.read() if json_file == "-" else Path(json_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _check_clauses_refuse(f"Kan het invoerbestand {json_file} niet lezen: {exc}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _check_clauses_refuse(
            f"Het invoerbestand {json_file} is geen geldige JSON "
            f"(regel {exc.lineno}, kolom {exc.colno}: {exc.msg})."
        )
    if not isinstance(data, dict):
        _check_clauses_refuse(
            "De invoer moet een JSON-object met de contractgegevens zijn, zoals "
            '{"kind": "dienst", "authority": "other", ...}.'
        )
    try:
        facts = parse_contract_facts(data)
    except RuleInputError as exc:
        _check_clauses_refuse(f"Ongeldige invoer in veld '{exc.field}': {exc.message}")
    norms = current_norms()
    score = score_contract(facts, norms)
    result = {
        "findings": [finding.as_dict() for finding in check_clause(facts, norms)],
        "promising": {
            "score": score.score,
            "promising": score.promising,
            "reasons": [
                {"key": reason.key, "label": reason.label, "points": reason.points}
                for reason in score.reasons
            ],
        },
    }
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


# --- monitoring -------------------------------------------------------------------


@sroi_cli.command("import-monitoring")
@click.argument("ref")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--dry-run", is_flag=True, help="Alleen controleren; niets vastleggen.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON voor scripts.")
@click.option(
    "--period",
    nargs=2,
    metavar="BEGIN EIND",
    default=None,
    help=(
        "Rapportageperiode als het bestand er geen noemt, bijvoorbeeld --period 01-01-2025 "
        "30-06-2025. Noemt het bestand een andere periode, dan wordt het geweigerd."
    ),
)
@click.option("--attested-by", help="Naam ondertekenaar bij de opdrachtnemer (verplicht).")
@click.option("--attested-function", help="Functie van de ondertekenaar (verplicht).")
@click.option(
    "--attested-on", help="Datum verklaring, bijvoorbeeld 15-07-2026 (standaard vandaag)."
)
@with_appcontext
def import_monitoring_command(
    ref: str,
    file: str,
    dry_run: bool,
    as_json: bool,
    period: tuple[str, str] | None,
    attested_by: str | None,
    attested_function: str | None,
    attested_on: str | None,
) -> None:
    """Import a filled monitoring template FILE into contract REF (all or nothing).

    The contractor's declaration (--attested-by, --attested-function, --attested-on) is
    required unless --dry-run: who signed that the report is correct and complete.

    FILE is the template or a report in the contractor's own layout (its saved column
    mapping is used; a layout whose columns are not recognised must be mapped once on the
    monitoring panel). --period BEGIN EIND gives the period of a file that names none.

    Exit codes: 0 imported (or importable with --dry-run), 2 file unreadable, columns not
    recognised or contract unknown, 3 invalid rows or wrong contract/period, 4 personal data
    (refused, nothing kept), 5 another report for the same period was recorded at the same
    moment (nothing written).
    """
    import getpass
    import json
    from pathlib import Path

    from sqlalchemy import select

    from sroi_plugin.config import today_from
    from sroi_plugin.config import valuation_table
    from sroi_plugin.db import current_session
    from sroi_plugin.hostspec import SroiUser
    from sroi_plugin.models import Contract
    from sroi_plugin.models import ref_key
    from sroi_plugin.monitoring.importer import MonitoringImport
    from sroi_plugin.monitoring.importer import run_import
    from sroi_plugin.monitoring.settings import max_upload_bytes
    from sroi_plugin.monitoring.settings import monitoring_settings

    config = current_app.config
    attestation = _attestation_option(
        attested_by, attested_function, attested_on, today_from(config), required=not dry_run
    )
    given_period = _period_option(period)
    session = current_session()
    path = Path(file)
    contract = session.scalars(select(Contract).where(Contract.ref_key == ref_key(ref))).first()
    if contract is None or not path.is_file():
        result = MonitoringImport(ref.strip(), path.name, "", unreadable=True)
        result.reasons.append(
            f"Contract '{ref}' is (nog) niet bekend in de social-returnmodule."
            if contract is None
            else f"Bestand '{file}' bestaat niet of is geen bestand."
        )
    else:
        account = getpass.getuser()
        user = SroiUser(f"cli:{account}", f"Commandoregel ({account})")
        result = run_import(
            session,
            contract,
            path.read_bytes(),
            path.name,
            user,
            settings=monitoring_settings(config),
            today=today_from(config),
            max_bytes=max_upload_bytes(config),
            commit=not dry_run,
            channel="cli",
            record_refusals=not dry_run,
            attestation=attestation,
            period=given_period,
            valuation=valuation_table(config),
        )
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _echo_monitoring_result(result, dry_run)
    if result.exit_code:
        raise SystemExit(result.exit_code)


def _period_option(period: tuple[str, str] | None) -> Period | None:
    """The period of ``--period BEGIN EIND``, each date read as every date is read.

    :raises click.UsageError: a date that cannot be read, or an end before the start.
    """
    if period is None:
        return None
    days: list[date] = []
    for name, text in zip(("BEGIN", "EIND"), period, strict=True):
        try:
            day = parse_date(text)
        except ValueParseError as exc:
            raise click.UsageError(f"--period {name}: {exc.message}.") from exc
        if day is None:
            raise click.UsageError(f"--period {name}: vul een datum in, bijvoorbeeld 01-01-2025.")
        days.append(day)
    if days[1] < days[0]:
        raise click.UsageError("--period: de einddatum ligt vóór de begindatum.")
    return Period(days[0], days[1])


def _attestation_option(
    name: str | None, function: str | None, on: str | None, today: date, *, required: bool
) -> Attestation | None:
    """The declaration from the options (``None`` for a dry run without them).

    :raises click.UsageError: missing when required, or unusable (the message names the option).
    """
    if not required and name is None and function is None and on is None:
        return None
    attestation, problems = parse_attestation(name, function, on or today, today=today)
    if attestation is None:
        options = {
            "name": "--attested-by",
            "function": "--attested-function",
            "on": "--attested-on",
        }
        raise click.UsageError(
            " ".join(f"{options[field]}: {message}" for field, message in problems.items())
        )
    return attestation


def _echo_monitoring_result(result: object, dry_run: bool) -> None:
    """Dutch summary of a monitoring import for people at a terminal."""
    from sroi_plugin.monitoring.importer import MonitoringImport
    from sroi_plugin.rules.dutch import format_date
    from sroi_plugin.rules.dutch import format_eur

    assert isinstance(result, MonitoringImport)
    click.echo(f"Contract {result.contract_ref}, bestand {result.file_name}")
    if result.period is not None:
        click.echo(
            f"Periode: {format_date(result.period.start)} t/m {format_date(result.period.end)}"
        )
    if result.totals is not None:
        totals = result.totals
        hours = f"{totals.hours:f}".replace(".", ",")
        jobs = f"{totals.jobs:f}".replace(".", ",")
        click.echo(
            f"{len(result.rows)} regels: {totals.persons} personen, {hours} verloonde uren, "
            f"{jobs} banen (banenafspraak), {format_eur(totals.value_eur, cents=True)} gerealiseerd"
        )
    for line in [*result.notes]:
        click.echo(f"Let op: {line}")
    problem = [result.attestation_problem] if result.attestation_problem else []
    for line in [*result.reasons, *problem, *result.row_errors]:
        click.echo(line, err=True)
    if result.committed:
        click.echo("Vastgelegd.")
        if result.attestation is not None:
            declared = result.attestation
            click.echo(f"{attestation_line(declared.name, declared.function, declared.on)}.")
    elif result.rejected:
        click.echo("Niet ingelezen: er is niets vastgelegd.", err=True)
    elif dry_run:
        click.echo("Proefrun: in orde, er is niets vastgelegd.")


# --- imports / undo-import: list confirmed portfolio imports, undo a wrong one ---------


def _cli_user() -> SroiUser:
    """The person at the terminal, as ``import-portfolio`` records them."""
    import getpass

    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        account = "onbekend"
    return SroiUser(f"cli:{account}", f"Commandoregel ({account})")


@sroi_cli.command("imports")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON voor scripts.")
@with_appcontext
def imports_command(as_json: bool) -> None:
    """Toon de vastgelegde imports van het contractregister, nieuwste eerst.

    \f
    Each with its id (for ``undo-import``), when, who, which file, the counts and whether it
    was undone (by whom, when, why). ``--json`` prints ``{"imports": [...]}``.
    """
    from sroi_plugin.db import current_session
    from sroi_plugin.importing.undo import list_imports

    listed = list_imports(current_session())
    if as_json:
        click.echo(json.dumps({"imports": listed}, ensure_ascii=False, indent=2))
        return
    if not listed:
        click.echo("Nog geen imports.")
    for item in listed:
        counts = item["counts"]
        state = f"ongedaan gemaakt: {item['undone_sentence']}" if item["undone"] else "geldig"
        click.echo(
            f"{item['id']}  {item['when']}  {item['by']}  {item['file']}  nieuw "
            f"{counts['new']}, gewijzigd {counts['changed']}, niet in export "
            f"{counts['missing']}  — {state}"
        )


@sroi_cli.command("undo-import")
@click.argument("import_id", type=int)
@click.option("--reason", required=True, help="Waarom de import ongedaan wordt gemaakt.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON voor scripts.")
@with_appcontext
def undo_import_command(import_id: int, reason: str, as_json: bool) -> None:
    """Maak import IMPORT_ID van het contractregister ongedaan (alles of niets).

    Zet elk gewijzigd veld terug, verwijdert de contracten die de import toevoegde en de
    gevonden conceptwijzigingen die niemand invulde, en haalt de markering 'niet in laatste
    export' weg. Geweigerd als een latere import of bewerking de contracten raakte.

    Afsluitcodes: 0 ongedaan gemaakt; 2 onbekende import, of een lege, te lange of
    onleesbare reden; 3 geweigerd door latere wijzigingen (met --json in "blocked_by"
    per contract) of al ongedaan gemaakt.

    \f
    The same engine as the import page (``sroi_plugin.importing.undo``). Exit codes: 0 undone;
    2 unknown import id, or a reason that is empty, too long or holds a control character; 3
    refused: later changes to its contracts (``blocked_by`` names each one) or already undone.
    ``--json`` prints ``UndoResult.as_json()``: ``{"undone": false, "blocked_by":
    [{"contract": "C-12", "reason": "…"}], …}``.
    """
    from sroi_plugin.db import current_session
    from sroi_plugin.importing.undo import ReasonError
    from sroi_plugin.importing.undo import clean_reason
    from sroi_plugin.importing.undo import undo_import

    try:
        cleaned = clean_reason(reason)
    except ReasonError as exc:
        if as_json:
            click.echo(
                json.dumps(
                    {"import_id": import_id, "undone": False, "errors": [str(exc)]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        _fail_input(str(exc))
    result = undo_import(current_session(), import_id, user=_cli_user(), reason=cleaned)
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        for blocker in result.blocked_by:
            click.echo(blocker.message(), err=True)
        for message in result.errors:
            click.echo(message, err=True)
        if result.undone and result.plan is not None:
            counts = result.plan.counts()
            click.echo(
                f"Import {import_id} ongedaan gemaakt: {counts['fields_restored']} velden "
                f"teruggezet, {counts['contracts_deleted']} contracten verwijderd, "
                f"{counts['contracts_unmarked']} niet meer gemarkeerd als 'niet in laatste "
                f"export', {counts['drafts_deleted']} conceptwijzigingen verwijderd."
            )
        elif result.blocked_by:
            click.echo("Niet ongedaan gemaakt: er is niets gewijzigd.", err=True)
    if result.unknown:
        raise SystemExit(2)
    if not result.undone:
        raise SystemExit(3)
