"""One current monitoring report per contract and period

Revision ID: 0006_one_current_report
Revises: 0005_one_vocabulary
Create Date: 2026-12-04 21:50:00.000000

A report is current while ``replaced_at`` is NULL. Two confirms of the same period at the same
moment could both become current (and the panel counted both). This migration

* marks, per contract and period, every current report but the newest (latest
  ``uploaded_at``, then highest id) as replaced by the newest: ``replaced_at`` = the moment of
  the upgrade, ``replaced_by_id`` = the newest report. They stay stored, as any replaced report;
* creates the partial unique index ``uq_sroi_monitoring_report_current`` on
  (contract_id, period_start, period_end) WHERE replaced_at IS NULL (PostgreSQL and SQLite).

The downgrade drops the index; reports marked replaced stay replaced.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import sqlalchemy as sa
from alembic import op


revision = '0006_one_current_report'
down_revision = '0005_one_vocabulary'
branch_labels = None
depends_on = None

TABLE = 'sroi_monitoring_report'
INDEX = 'uq_sroi_monitoring_report_current'
CURRENT = sa.text('replaced_at IS NULL')


def _retire_duplicates() -> None:
    """Keep the newest current report per contract and period; mark the older ones replaced."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            f'SELECT id, contract_id, period_start, period_end FROM {TABLE} '  # noqa: S608
            'WHERE replaced_at IS NULL '
            'ORDER BY contract_id, period_start, period_end, uploaded_at DESC, id DESC'
        )
    ).all()
    now = datetime.now(UTC)
    newest: dict[tuple[object, object, object], int] = {}
    update = sa.text(
        f'UPDATE {TABLE} SET replaced_at = :now, replaced_by_id = :newest '  # noqa: S608
        'WHERE id = :id'
    )
    for report_id, contract_id, start, end in rows:
        key = (contract_id, start, end)
        if key in newest:
            bind.execute(update, {'now': now, 'newest': newest[key], 'id': report_id})
        else:
            newest[key] = report_id


def upgrade() -> None:
    _retire_duplicates()
    op.create_index(
        INDEX,
        TABLE,
        ['contract_id', 'period_start', 'period_end'],
        unique=True,
        postgresql_where=CURRENT,
        sqlite_where=CURRENT,
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
