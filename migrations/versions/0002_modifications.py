"""Contract modifications and legal decisions

Revision ID: 0002_modifications
Revises: 0001_contracts
Create Date: 2026-11-25 13:04:21.558045
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_modifications'
down_revision = '0001_contracts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sroi_modification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('old_value', sa.String(length=300), nullable=True),
    sa.Column('new_value', sa.String(length=300), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('value_delta', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('new_end_date', sa.Date(), nullable=True),
    sa.Column('modification_date', sa.Date(), nullable=True),
    sa.Column('ground', sa.String(length=30), nullable=True),
    sa.Column('changes_overall_nature', sa.Boolean(), nullable=True),
    sa.Column('shifts_economic_balance', sa.Boolean(), nullable=True),
    sa.Column('extends_scope_considerably', sa.Boolean(), nullable=True),
    sa.Column('attracts_other_bidders', sa.Boolean(), nullable=True),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('verdict', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=True),
    sa.Column('created_by_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_modification_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_modification'))
    )
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_modification_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_modification_verdict'), ['verdict'], unique=False)

    op.create_table('sroi_legal_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('modification_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=40), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.String(length=64), nullable=False),
    sa.Column('decided_by_name', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['modification_id'], ['sroi_modification.id'], name=op.f('fk_sroi_legal_decision_modification_id_sroi_modification'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_legal_decision'))
    )
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_legal_decision_modification_id'), ['modification_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_legal_decision_modification_id'))

    op.drop_table('sroi_legal_decision')
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_modification_verdict'))
        batch_op.drop_index(batch_op.f('ix_sroi_modification_contract_id'))

    op.drop_table('sroi_modification')
