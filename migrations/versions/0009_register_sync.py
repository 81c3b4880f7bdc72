"""Undo of an import, the choice made on a conflicting field, and background import jobs

Revision ID: 0009_register_sync
Revises: 0008_guide_people
Create Date: 2026-12-04 23:55:00.000000

* ``sroi_portfolio_import``: ``undone_at``, ``undone_by_id``, ``undone_by_name``,
  ``undo_reason``.
* ``sroi_contract_revision.resolution``: what procurement chose on a field edited in the
  plugin that the export contradicted.
* ``sroi_import_job``: a background import's state, phase and progress; a background
  confirm's posted form, its outcome and the import it committed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009_register_sync'
down_revision = '0008_guide_people'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sroi_portfolio_import', schema=None) as batch_op:
        batch_op.add_column(sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('undone_by_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('undone_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('undo_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('sroi_contract_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolution', sa.String(length=20), nullable=True))
    op.create_table('sroi_import_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('phase', sa.String(length=30), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('rows_read', sa.Integer(), nullable=False),
    sa.Column('rows_checked', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('runner', sa.String(length=10), nullable=False),
    sa.Column('runner_job_id', sa.String(length=64), nullable=True),
    sa.Column('confirm_form', sa.JSON(), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_import_job')),
    sa.UniqueConstraint('token', name=op.f('uq_sroi_import_job_token'))
    )
    with op.batch_alter_table('sroi_import_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_import_job_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sroi_import_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_import_job_state'))
    op.drop_table('sroi_import_job')
    with op.batch_alter_table('sroi_contract_revision', schema=None) as batch_op:
        batch_op.drop_column('resolution')
    with op.batch_alter_table('sroi_portfolio_import', schema=None) as batch_op:
        for column in ('undo_reason', 'undone_by_name', 'undone_by_id', 'undone_at'):
            batch_op.drop_column(column)
