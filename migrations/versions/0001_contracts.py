"""Contracts: the plugin's copy of the host register

Revision ID: 0001_contracts
Revises: (none)
Create Date: 2026-11-25 12:56:26.217577
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_contracts"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sroi_contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=False),
        sa.Column("ref_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("supplier_name", sa.String(length=200), nullable=True),
        sa.Column("supplier_kvk", sa.String(length=20), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=True),
        sa.Column("procedure", sa.String(length=100), nullable=True),
        sa.Column("authority_type", sa.String(length=20), nullable=False),
        sa.Column("value_total", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("value_annual", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("wage_sum", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("wage_share", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("extension_options", sa.String(length=200), nullable=True),
        sa.Column("is_framework", sa.Boolean(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("contract_manager", sa.String(length=100), nullable=True),
        sa.Column("sr_percentage", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("sr_basis", sa.String(length=20), nullable=True),
        sa.Column("sr_form", sa.String(length=30), nullable=True),
        sa.Column("sr_clause_text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sroi_contract")),
        sa.UniqueConstraint("ref_key", name=op.f("uq_sroi_contract_ref_key")),
    )
    with op.batch_alter_table("sroi_contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sroi_contract_category"), ["category"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sroi_contract_department"), ["department"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sroi_contract_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sroi_contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sroi_contract_status"))
        batch_op.drop_index(batch_op.f("ix_sroi_contract_department"))
        batch_op.drop_index(batch_op.f("ix_sroi_contract_category"))

    op.drop_table("sroi_contract")
