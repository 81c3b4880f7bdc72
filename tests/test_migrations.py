"""The migrations build the schema from empty and agree with the models (no drift)."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from sroi_plugin.config import today_from
from sroi_plugin.db import VERSION_TABLE
from sroi_plugin.db import Base
from sroi_plugin.migrating import alembic_config
from sroi_plugin.migrating import upgrade_database
from tests.helpers.clock import TODAY


def _drop_plugin_schema(app: Flask) -> None:
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))


def test_upgrade_from_empty_matches_the_models(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        tables = set(inspect(engine).get_table_names())
        assert VERSION_TABLE in tables
        assert {t.name for t in Base.metadata.sorted_tables} <= tables
        assert "alembic_version" not in tables  # never the host's version table
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, type_, _p: (
                        type_ != "table" or str(name).startswith("sroi_") and name != VERSION_TABLE
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []


def test_demo_db_upgrade_command_builds_the_schema(app: Flask) -> None:
    _drop_plugin_schema(app)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "sroi_contract" in inspect(app.extensions["sroi"].db.engine).get_table_names()
    assert today_from(app.config) == TODAY  # the upgrade leaves the app's date setting alone


def _insert(connection: Any, table: str, **values: object) -> None:
    columns = ", ".join(values)
    connection.execute(
        text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in values)})"),  # noqa: S608
        values,
    )


def test_0005_rewrites_dutch_codes_and_fills_has_sr(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app, "0004_workspaces")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    contract = {
        "title": "t",
        "authority_type": "other",
        "is_framework": False,
        "status": "active",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            rows = [
                (1, "werk", 5, "projectsom", "contractbepaling"),
                (2, "dienst", 0, "loonsom", "gunningscriterium"),
                (3, "levering", None, None, "minimumeis"),
                (4, None, None, None, "geschiktheidseis"),
            ]
            for number, kind, percentage, basis, form in rows:
                _insert(
                    connection,
                    "sroi_contract",
                    id=number,
                    ref=f"C-{number}",
                    ref_key=f"c-{number}",
                    kind=kind,
                    sr_percentage=percentage,
                    sr_basis=basis,
                    sr_form=form,
                    **contract,
                )
            _insert(
                connection,
                "sroi_modification",
                id=1,
                contract_id=1,
                kind="manual",
                status="proposed",
                description="",
                has_review_clause=False,
                adds_social_return=False,
                flagged=True,
                created_at=now,
                updated_at=now,
                version=1,
            )
            for number, decision in enumerate(
                ("toegestaan", "toegestaan_met_aankondiging", "wezenlijk"), start=1
            ):
                _insert(
                    connection,
                    "sroi_legal_decision",
                    id=number,
                    modification_id=1,
                    decision=decision,
                    rationale="r",
                    decided_by_id="u",
                    decided_by_name="U",
                    decided_at=now,
                )
            _insert(
                connection,
                "sroi_sr_edit",
                id=1,
                contract_id=2,
                field="sr_basis",
                old_value="projectsom",
                new_value="loonsom",
                contract_version=2,
                edited_by_id="u",
                edited_by_name="U",
                edited_at=now,
            )
    upgrade_database(app)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.connect() as connection:
            contracts = connection.execute(
                text("SELECT id, kind, sr_basis, sr_form, has_sr FROM sroi_contract ORDER BY id")
            ).all()
            decisions = connection.execute(
                text("SELECT decision FROM sroi_legal_decision ORDER BY id")
            ).scalars()
            edit = connection.execute(text("SELECT old_value, new_value FROM sroi_sr_edit")).one()
            children = connection.execute(text("SELECT count(*) FROM sroi_modification")).scalar()
            assert [tuple(row) for row in contracts] == [
                (1, "works", "project_sum", "contract_clause", "yes"),
                (2, "services", "wage_sum", "award_criterion", "no"),
                (3, "supplies", None, "minimum_requirement", None),
                (4, None, None, "suitability_requirement", None),
            ]
            assert list(decisions) == ["allowed", "allowed_with_publication", "substantial"]
            assert tuple(edit) == ("project_sum", "wage_sum")
            assert children == 1  # rebuilding sroi_contract did not cascade to its children
        # a value outside the list is refused by the new CHECK constraints
        for statement in (
            "UPDATE sroi_contract SET kind = 'werk' WHERE id = 1",
            "UPDATE sroi_contract SET has_sr = 'misschien' WHERE id = 1",
            "UPDATE sroi_legal_decision SET decision = 'wezenlijk' WHERE id = 1",
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(text(statement))


def test_0005_downgrade_restores_the_dutch_codes(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            _insert(
                connection,
                "sroi_contract",
                id=1,
                ref="C-1",
                ref_key="c-1",
                title="t",
                kind="works",
                authority_type="other",
                sr_basis="wage_sum",
                sr_form="award_criterion",
                has_sr="yes",
                is_framework=False,
                status="active",
                created_at=now,
                updated_at=now,
                version=1,
            )
        with app.app_context():
            command.downgrade(alembic_config(), "0004_workspaces")
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT kind, sr_basis, sr_form FROM sroi_contract")
            ).one()
            assert tuple(row) == ("werk", "loonsom", "gunningscriterium")
            assert "has_sr" not in {c["name"] for c in inspect(engine).get_columns("sroi_contract")}
    upgrade_database(app)  # leave the schema at head for the tests that follow


def _report(connection: Any, number: int, uploaded_at: datetime, **values: object) -> None:
    _insert(
        connection,
        "sroi_monitoring_report",
        id=number,
        contract_id=1,
        period_start=values.pop("period_start", "2026-07-01"),
        period_end=values.pop("period_end", "2026-09-30"),
        file_name=f"r{number}.xlsx",
        sha256="0" * 64,
        row_count=1,
        persons=1,
        hours=10,
        jobs=0,
        value_eur=1000,
        uploaded_by_id="u",
        uploaded_by_name="U",
        uploaded_at=uploaded_at,
        **values,
    )


def test_0006_keeps_the_newest_current_report_and_adds_the_unique_index(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app, "0005_one_vocabulary")
    day = datetime(2026, 10, 1, tzinfo=UTC)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            _insert(
                connection,
                "sroi_contract",
                id=1,
                ref="C-1",
                ref_key="c-1",
                title="t",
                authority_type="other",
                is_framework=False,
                status="active",
                created_at=day,
                updated_at=day,
                version=1,
            )
            # three current reports for Q3 (the race), one already replaced, one for Q4
            _report(connection, 1, day.replace(hour=9))
            _report(connection, 2, day.replace(hour=11))
            _report(connection, 3, day.replace(hour=10))
            _report(connection, 4, day.replace(hour=8), replaced_at=day, replaced_by_id=1)
            _report(connection, 5, day, period_start="2026-10-01", period_end="2026-12-31")
    upgrade_database(app)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, replaced_at IS NULL, replaced_by_id "
                    "FROM sroi_monitoring_report ORDER BY id"
                )
            ).all()
        assert [(number, bool(current), by) for number, current, by in rows] == [
            (1, False, 2),
            (2, True, None),  # the newest upload stays current
            (3, False, 2),
            (4, False, 1),  # already replaced: left alone
            (5, True, None),  # another period
        ]
        # a second current report for the same period is refused by the index ...
        with pytest.raises(IntegrityError), engine.begin() as connection:
            _report(connection, 6, day)
        # ... a replaced one is not
        with engine.begin() as connection:
            _report(connection, 7, day, replaced_at=day, replaced_by_id=2)
        with app.app_context():
            command.downgrade(alembic_config(), "0005_one_vocabulary")
        with engine.begin() as connection:
            _report(connection, 8, day)  # without the index a duplicate goes in again
    upgrade_database(app)  # leave the schema at head for the tests that follow


def test_0007_derives_the_initial_value_from_the_oldest_known_value(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app, "0006_one_current_report")
    day = datetime(2026, 10, 1, tzinfo=UTC)
    contract = {
        "title": "t",
        "authority_type": "other",
        "is_framework": False,
        "status": "active",
        "created_at": day,
        "updated_at": day,
        "version": 2,
    }
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            for number, value in ((1, "4665000.00"), (2, "800000.00"), (3, None)):
                _insert(
                    connection,
                    "sroi_contract",
                    id=number,
                    ref=f"C-{number}",
                    ref_key=f"c-{number}",
                    value_total=value,
                    **contract,
                )
            _insert(
                connection,
                "sroi_portfolio_import",
                id=1,
                file_name="export.xlsx",
                file_sha256="0" * 64,
                sheet="Contracten",
                header_row=1,
                **dict.fromkeys(
                    ("new_count", "changed_count", "unchanged_count", "invalid_count"), 0
                ),
                **dict.fromkeys(("missing_count", "skipped_count", "assess_count"), 0),
                allow_invalid=False,
                source="web",
                imported_by_id="u-1",
                imported_by_name="Ina Inkoper",
                imported_at=day,
                revision=1,
            )
            # the first import raised the value, a second raised it again
            for number, (old, new) in enumerate(
                (("4200000.00", "4400000.00"), ("4400000.00", "4665000.00")), start=1
            ):
                _insert(
                    connection,
                    "sroi_contract_revision",
                    id=number,
                    contract_id=1,
                    import_id=1,
                    field="value_total",
                    old_value=old,
                    new_value=new,
                )
    upgrade_database(app, "0007_legal_precision")
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, initial_value, initial_value_derived, award_date, "
                    "has_indexation_clause FROM sroi_contract ORDER BY id"
                )
            ).all()
        assert [
            (number, None if value is None else f"{value:.2f}", bool(derived), award, bool(clause))
            for number, value, derived, award, clause in rows
        ] == [
            (1, "4200000.00", True, None, False),  # the old value of the first revision
            (2, "800000.00", True, None, False),  # no revision: its value
            (3, None, False, None, False),  # no value known: nothing to derive
        ]
        command.downgrade(alembic_config(), "0006_one_current_report")
        columns = {c["name"] for c in inspect(engine).get_columns("sroi_contract")}
        assert not columns & {"initial_value", "initial_value_derived", "award_date"}
        assert "has_indexation_clause" not in columns
    upgrade_database(app)  # leave the schema at head for the tests that follow


def test_0008_turns_contract_marks_into_marks_of_their_contractor(app: Flask) -> None:
    _drop_plugin_schema(app)
    upgrade_database(app, "0007_legal_precision")
    day = datetime(2026, 10, 1, tzinfo=UTC)
    contract = {
        "title": "t",
        "authority_type": "other",
        "is_framework": False,
        "status": "active",
        "created_at": day,
        "updated_at": day,
        "version": 1,
    }
    suppliers = {
        1: ("12345678", "Schoon B.V."),
        2: (" 1234 5678 ", "Schoon BV vestiging Oost"),  # the same KvK number
        3: (None, " Groen  &  Có "),  # no KvK number: the folded name
        4: (None, None),  # no supplier known
    }
    marks = [(1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, None)]  # (id, contract, slot)
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.begin() as connection:
            for number, (kvk, name) in suppliers.items():
                _insert(
                    connection,
                    "sroi_contract",
                    id=number,
                    ref=f"C-{number}",
                    ref_key=f"c-{number}",
                    supplier_kvk=kvk,
                    supplier_name=name,
                    **contract,
                )
            for mark_id, contract_id, slot in marks:
                _insert(
                    connection,
                    "sroi_promising_mark",
                    id=mark_id,
                    contract_id=contract_id,
                    slot=slot,
                    marked_by_id="u-1",
                    marked_by_name="Ina Inkoper",
                    marked_at=day,
                    **({} if slot else {"unmarked_by_name": "Ina Inkoper", "unmarked_at": day}),
                )
    upgrade_database(app, "0008_guide_people")
    with app.app_context():
        engine = app.extensions["sroi"].db.engine
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT id, contract_id, slot, contractor_key, contractor_name, "
                    "unmarked_by_name, unmarked_at IS NOT NULL FROM sroi_promising_mark ORDER BY id"
                )
            ).all()
        assert [tuple(row) for row in rows] == [
            (1, 1, 1, "kvk:12345678", "Schoon B.V.", None, False),  # now its contractor's
            (2, 2, None, None, None, "upgrade 0008", True),  # the same contractor: ended
            (3, 3, 3, "naam:groen & co", "Groen & Có", None, False),
            (4, 4, None, None, None, "Ina Inkoper", True),  # history stays as it was
        ]
    upgrade_database(app)  # leave the schema at head for the tests that follow
