"""Initial value, award date and indexation; replacement facts; modification notices;
the lawyer's ground; report attestation and contractors' report layouts

Revision ID: 0007_legal_precision
Revises: 0006_one_current_report
Create Date: 2026-12-04 23:40:00.000000

* ``sroi_contract``: ``initial_value`` (the base of the 10%/15% and 50% tests), filled for
  existing contracts from the oldest known value (the old value of the first import revision
  of ``value_total``, else the current value) and marked ``initial_value_derived`` until a
  person confirms it; ``award_date``; ``has_indexation_clause``.
* ``sroi_modification``: ``indexation``, the two contractor-replacement facts and the
  modification notice (publication date, reference, who recorded it).
* ``sroi_legal_decision.ground``: the ground the reviewer decided under.
* ``sroi_monitoring_report``: who at the contractor attested the report.
* ``sroi_monitoring_profile``: a contractor's report layout, reused on the next upload.

The downgrade drops them all.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007_legal_precision'
down_revision = '0006_one_current_report'
branch_labels = None
depends_on = None

#: the Ground codes of this revision (frozen here: later code changes do not rewrite history)
GROUNDS = (
    "de_minimis", "review_clause", "additional_works", "unforeseeable",
    "contractor_replacement", "none",
)


def _fill_initial_values() -> None:
    """The oldest known value of each contract becomes its (derived) initial value."""
    bind = op.get_bind()
    oldest = bind.execute(
        sa.text(
            "SELECT r.contract_id, r.old_value FROM sroi_contract_revision r "
            "WHERE r.field = 'value_total' AND r.id = ("
            "  SELECT MIN(r2.id) FROM sroi_contract_revision r2 "
            "  WHERE r2.contract_id = r.contract_id AND r2.field = 'value_total')"
        )
    ).all()
    first = {contract_id: old for contract_id, old in oldest if old is not None}
    contracts = bind.execute(sa.text("SELECT id, value_total FROM sroi_contract")).all()
    update = sa.text(
        "UPDATE sroi_contract SET initial_value = :value, initial_value_derived = :derived "
        "WHERE id = :id"
    )
    for contract_id, value_total in contracts:
        value = first.get(contract_id, value_total)
        if value is not None:
            bind.execute(update, {"value": value, "derived": True, "id": contract_id})


def upgrade() -> None:
    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('initial_value', sa.Numeric(precision=16, scale=2), nullable=True))
        batch_op.add_column(sa.Column('initial_value_derived', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('award_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('has_indexation_clause', sa.Boolean(), nullable=False, server_default=sa.false()))
    _fill_initial_values()
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('indexation', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('successor_via_restructuring', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('successor_meets_original_selection_criteria', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('notice_published_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('notice_reference', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('notice_recorded_by_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('notice_recorded_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('notice_recorded_at', sa.DateTime(timezone=True), nullable=True))
    grounds = ", ".join(f"'{g}'" for g in GROUNDS)
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ground', sa.String(length=30), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_sroi_legal_decision_ground'), f"ground IS NULL OR ground IN ({grounds})"
        )
    with op.batch_alter_table('sroi_monitoring_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attested_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('attested_by_function', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('attested_on', sa.Date(), nullable=True))
    op.create_table('sroi_monitoring_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contractor_key', sa.String(length=200), nullable=False),
    sa.Column('contractor_name', sa.String(length=200), nullable=False),
    sa.Column('sheet_name', sa.String(length=100), nullable=True),
    sa.Column('headers_signature', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.String(length=64), nullable=False),
    sa.Column('updated_by_name', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_monitoring_profile')),
    sa.UniqueConstraint('contractor_key', name=op.f('uq_sroi_monitoring_profile_contractor_key'))
    )


def downgrade() -> None:
    op.drop_table('sroi_monitoring_profile')
    with op.batch_alter_table('sroi_monitoring_report', schema=None) as batch_op:
        batch_op.drop_column('attested_on')
        batch_op.drop_column('attested_by_function')
        batch_op.drop_column('attested_by_name')
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sroi_legal_decision_ground'), type_='check')
        batch_op.drop_column('ground')
    with op.batch_alter_table('sroi_modification', schema=None) as batch_op:
        for column in (
            'notice_recorded_at', 'notice_recorded_by_name', 'notice_recorded_by_id',
            'notice_reference', 'notice_published_on',
            'successor_meets_original_selection_criteria', 'successor_via_restructuring',
            'indexation',
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        for column in ('has_indexation_clause', 'award_date', 'initial_value_derived', 'initial_value'):
            batch_op.drop_column(column)
