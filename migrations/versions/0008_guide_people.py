"""Planned tenders, partnerships that end or park with an outcome, a top 3 of contractors,
and users' screen preferences

Revision ID: 0008_guide_people
Revises: 0007_legal_precision
Create Date: 2026-12-04 23:50:00.000000

* ``sroi_planned_tender``: a tender checked before publication (route 2A).
* ``sroi_partnership``: ``planned_tender_id``, ``state`` (active / parked / closed),
  ``outcome`` (formed / not_now / not_suitable), ``outcome_note`` and who ended it when;
  ``track_done``: on route "both", the step-2 track closed while the other still runs.
* ``sroi_promising_mark``: marks name a contractor (``contractor_key``, ``contractor_name``);
  ``contract_id`` becomes optional. Active contract marks become marks of their contractor
  (``kvk:<number>``, else ``naam:<folded name>``, as ``rules.contract_facts.contractor_key``);
  a contractor marked twice keeps the lowest slot, the other mark is ended by the upgrade, and
  so is a mark of a contract that names no supplier (no contractor to mark).
* ``sroi_user_preference``: per user, e.g. which panels are folded.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC
from datetime import datetime

import sqlalchemy as sa
from alembic import op


revision = '0008_guide_people'
down_revision = '0007_legal_precision'
branch_labels = None
depends_on = None


def _contractor_key(kvk: str | None, name: str | None) -> str | None:
    """The contractor key as of this revision (a frozen copy of
    ``sroi_plugin.rules.contract_facts.contractor_key``: a migration does not follow later
    code)."""
    number = "".join((kvk or "").split())
    if number:
        return f"kvk:{number}"[:200]
    decomposed = unicodedata.normalize("NFKD", name or "")
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    folded = " ".join(folded.split())
    return f"naam:{folded}"[:200] if folded else None


def _contractor_marks() -> None:
    """Active contract marks become marks of the contract's contractor."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT m.id, c.supplier_kvk, c.supplier_name FROM sroi_promising_mark m "
            "JOIN sroi_contract c ON c.id = m.contract_id "
            "WHERE m.slot IS NOT NULL ORDER BY m.slot"
        )
    ).all()
    seen: set[str] = set()
    now = datetime.now(UTC)
    for mark_id, kvk, name in rows:
        key = _contractor_key(kvk, name)
        if key is None or key in seen:
            bind.execute(
                sa.text(
                    "UPDATE sroi_promising_mark SET slot = NULL, unmarked_at = :now, "
                    "unmarked_by_id = 'migration', unmarked_by_name = 'upgrade 0008' "
                    "WHERE id = :id"
                ),
                {"now": now, "id": mark_id},
            )
            continue
        seen.add(key)
        bind.execute(
            sa.text(
                "UPDATE sroi_promising_mark SET contractor_key = :key, contractor_name = :name "
                "WHERE id = :id"
            ),
            {"key": key, "name": " ".join((name or kvk).split())[:200], "id": mark_id},
        )


def upgrade() -> None:
    op.create_table('sroi_planned_tender',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('department', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('authority_type', sa.String(length=20), nullable=False),
    sa.Column('value_total', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('term_months', sa.Integer(), nullable=True),
    sa.Column('wage_share', sa.Numeric(precision=5, scale=4), nullable=True),
    sa.Column('sr_percentage', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('sr_basis', sa.String(length=20), nullable=True),
    sa.Column('sr_form', sa.String(length=30), nullable=True),
    sa.Column('sr_clause_text', sa.Text(), nullable=False),
    sa.Column('planned_publication', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.String(length=64), nullable=True),
    sa.Column('updated_by_name', sa.String(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('works', 'services', 'supplies', 'social_services') OR kind IS NULL", name=op.f('ck_sroi_planned_tender_kind')),
    sa.CheckConstraint("authority_type IN ('central', 'other', 'special_sector')", name=op.f('ck_sroi_planned_tender_authority_type')),
    sa.CheckConstraint("sr_basis IN ('project_sum', 'wage_sum') OR sr_basis IS NULL", name=op.f('ck_sroi_planned_tender_sr_basis')),
    sa.CheckConstraint("sr_form IN ('contract_clause', 'award_criterion', 'minimum_requirement', 'suitability_requirement') OR sr_form IS NULL", name=op.f('ck_sroi_planned_tender_sr_form')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_planned_tender'))
    )
    with op.batch_alter_table('sroi_planned_tender', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_planned_tender_category'), ['category'], unique=False)

    with op.batch_alter_table('sroi_partnership', schema=None) as batch_op:
        batch_op.add_column(sa.Column('planned_tender_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('state', sa.String(length=10), nullable=False, server_default='active'))
        batch_op.add_column(sa.Column('outcome', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('outcome_note', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('ended_by_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('ended_by_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('track_done', sa.String(length=4), nullable=True))
        batch_op.create_index(batch_op.f('ix_sroi_partnership_planned_tender_id'), ['planned_tender_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_sroi_partnership_planned_tender_id_sroi_planned_tender'), 'sroi_planned_tender', ['planned_tender_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('sroi_promising_mark', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contractor_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('contractor_name', sa.String(length=200), nullable=True))
        batch_op.alter_column('contract_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_sroi_promising_mark_contractor_key'), ['contractor_key'], unique=False)
    _contractor_marks()

    op.create_table('sroi_user_preference',
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('user_id', 'key', name=op.f('pk_sroi_user_preference'))
    )


def downgrade() -> None:
    op.drop_table('sroi_user_preference')
    op.execute("DELETE FROM sroi_promising_mark WHERE contract_id IS NULL")
    with op.batch_alter_table('sroi_promising_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_promising_mark_contractor_key'))
        batch_op.alter_column('contract_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('contractor_name')
        batch_op.drop_column('contractor_key')
    with op.batch_alter_table('sroi_partnership', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sroi_partnership_planned_tender_id_sroi_planned_tender'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_planned_tender_id'))
        for column in ('track_done', 'ended_at', 'ended_by_name', 'ended_by_id', 'outcome_note', 'outcome', 'state', 'planned_tender_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('sroi_planned_tender', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_planned_tender_category'))
    op.drop_table('sroi_planned_tender')
