"""Modification review fields

Revision ID: 0003_modification_review
Revises: 0002_modifications
Create Date: 2026-11-25 13:36:17.502445
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003_modification_review'
down_revision = '0002_modifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_review_clause', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('adds_social_return', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('extra_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessed_value', sa.Numeric(precision=16, scale=2), nullable=True))
        batch_op.add_column(sa.Column('assessment', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('flag_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('flagged_by_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('flagged_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('proposed_by_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('proposed_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_sroi_modification_proposed_at'), ['proposed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_modification_proposed_at'))
        batch_op.drop_column('proposed_at')
        batch_op.drop_column('proposed_by_name')
        batch_op.drop_column('proposed_by_id')
        batch_op.drop_column('flagged_at')
        batch_op.drop_column('flagged_by_name')
        batch_op.drop_column('flagged_by_id')
        batch_op.drop_column('flag_note')
        batch_op.drop_column('assessment')
        batch_op.drop_column('assessed_value')
        batch_op.drop_column('extra_months')
        batch_op.drop_column('adds_social_return')
        batch_op.drop_column('has_review_clause')

