"""Panel speed: index the agenda items' source

Revision ID: 0010_panel_speed
Revises: 0009_register_sync
Create Date: 2026-12-05 00:15:00.000000

* ``sroi_meeting_item.source``: the monitoring panel lists the open recovery actions of the
  meetings whose agenda had the contract's lag (``services/recovery.py``); without an index that
  reads every agenda item of every partnership on each panel request.
"""

from __future__ import annotations

from alembic import op

revision = '0010_panel_speed'
down_revision = '0009_register_sync'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sroi_meeting_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_meeting_item_source'), ['source'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sroi_meeting_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_item_source'))
