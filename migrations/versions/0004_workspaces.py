"""Imports and revisions, promising top 3, SR edits, partnerships, monitoring

Revision ID: 0004_workspaces
Revises: 0003_modification_review
Create Date: 2026-11-25 13:50:23.061604
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004_workspaces'
down_revision = '0003_modification_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sroi_import_profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('headers_signature', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.String(length=64), nullable=False),
    sa.Column('updated_by_name', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_import_profile')),
    sa.UniqueConstraint('name', name=op.f('uq_sroi_import_profile_name'))
    )
    with op.batch_alter_table('sroi_import_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_import_profile_headers_signature'), ['headers_signature'], unique=False)

    op.create_table('sroi_matrix_edit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=4), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reverted', sa.Boolean(), nullable=False),
    sa.Column('edited_by_id', sa.String(length=64), nullable=False),
    sa.Column('edited_by_name', sa.String(length=200), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_matrix_edit'))
    )
    with op.batch_alter_table('sroi_matrix_edit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_matrix_edit_step'), ['step'], unique=False)

    op.create_table('sroi_partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('route', sa.String(length=4), nullable=False),
    sa.Column('current_step', sa.String(length=4), nullable=False),
    sa.Column('tender_title', sa.String(length=300), nullable=True),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('target_group', sa.String(length=30), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_partnership'))
    )
    op.create_table('sroi_portfolio_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_portfolio_state'))
    )
    op.create_table('sroi_brainstorm',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.String(length=64), nullable=False),
    sa.Column('updated_by_name', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_brainstorm_contract_id_sroi_contract'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_brainstorm_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_brainstorm'))
    )
    with op.batch_alter_table('sroi_brainstorm', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_brainstorm_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_brainstorm_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('sroi_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('impact', sa.Text(), nullable=False),
    sa.Column('improvements', sa.Text(), nullable=False),
    sa.Column('innovation_ideas', sa.Text(), nullable=False),
    sa.Column('recognition', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_evaluation_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_evaluation'))
    )
    with op.batch_alter_table('sroi_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_evaluation_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_evaluation_created_at'), ['created_at'], unique=False)

    op.create_table('sroi_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=True),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=True),
    sa.Column('uid', sa.String(length=80), nullable=False),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_meeting_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_meeting')),
    sa.UniqueConstraint('uid', name=op.f('uq_sroi_meeting_uid'))
    )
    with op.batch_alter_table('sroi_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_meeting_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('sroi_monitoring_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('jobs', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('value_eur', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('uploaded_by_id', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_name', sa.String(length=200), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_monitoring_report_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_monitoring_report'))
    )
    with op.batch_alter_table('sroi_monitoring_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_monitoring_report_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_monitoring_report_replaced_at'), ['replaced_at'], unique=False)

    op.create_table('sroi_partnership_contract',
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_partnership_contract_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_partnership_contract_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'contract_id', name=op.f('pk_sroi_partnership_contract'))
    )
    with op.batch_alter_table('sroi_partnership_contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_partnership_contract_contract_id'), ['contract_id'], unique=False)

    op.create_table('sroi_partnership_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_partnership_event_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_partnership_event'))
    )
    with op.batch_alter_table('sroi_partnership_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_partnership_event_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('sroi_partnership_person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('organisation', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_partnership_person_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_partnership_person'))
    )
    with op.batch_alter_table('sroi_partnership_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_partnership_person_partnership_id'), ['partnership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_partnership_person_user_id'), ['user_id'], unique=False)

    op.create_table('sroi_partnership_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=4), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.String(length=64), nullable=True),
    sa.Column('updated_by_name', sa.String(length=200), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['sroi_partnership.id'], name=op.f('fk_sroi_partnership_task_partnership_id_sroi_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_partnership_task'))
    )
    with op.batch_alter_table('sroi_partnership_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_partnership_task_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('sroi_portfolio_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('header_row', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=True),
    sa.Column('profile_name', sa.String(length=100), nullable=True),
    sa.Column('new_count', sa.Integer(), nullable=False),
    sa.Column('changed_count', sa.Integer(), nullable=False),
    sa.Column('unchanged_count', sa.Integer(), nullable=False),
    sa.Column('invalid_count', sa.Integer(), nullable=False),
    sa.Column('missing_count', sa.Integer(), nullable=False),
    sa.Column('skipped_count', sa.Integer(), nullable=False),
    sa.Column('assess_count', sa.Integer(), nullable=False),
    sa.Column('allow_invalid', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('imported_by_id', sa.String(length=64), nullable=False),
    sa.Column('imported_by_name', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['sroi_import_profile.id'], name=op.f('fk_sroi_portfolio_import_profile_id_sroi_import_profile'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_portfolio_import'))
    )
    with op.batch_alter_table('sroi_portfolio_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_portfolio_import_imported_at'), ['imported_at'], unique=False)

    op.create_table('sroi_promising_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('marked_by_id', sa.String(length=64), nullable=False),
    sa.Column('marked_by_name', sa.String(length=200), nullable=False),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('unmarked_by_id', sa.String(length=64), nullable=True),
    sa.Column('unmarked_by_name', sa.String(length=200), nullable=True),
    sa.Column('unmarked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('slot IN (1, 2, 3)', name=op.f('ck_sroi_promising_mark_slot_in_top_3')),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_promising_mark_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_promising_mark')),
    sa.UniqueConstraint('slot', name=op.f('uq_sroi_promising_mark_slot'))
    )
    with op.batch_alter_table('sroi_promising_mark', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_promising_mark_contract_id'), ['contract_id'], unique=False)

    op.create_table('sroi_sr_edit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=30), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('contract_version', sa.Integer(), nullable=False),
    sa.Column('edited_by_id', sa.String(length=64), nullable=False),
    sa.Column('edited_by_name', sa.String(length=200), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_sr_edit_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_sr_edit'))
    )
    with op.batch_alter_table('sroi_sr_edit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_sr_edit_contract_id'), ['contract_id'], unique=False)

    op.create_table('sroi_contract_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_contract_revision_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['sroi_portfolio_import.id'], name=op.f('fk_sroi_contract_revision_import_id_sroi_portfolio_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_contract_revision'))
    )
    with op.batch_alter_table('sroi_contract_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_contract_revision_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_contract_revision_import_id'), ['import_id'], unique=False)

    op.create_table('sroi_meeting_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_by_id', sa.String(length=64), nullable=True),
    sa.Column('done_by_name', sa.String(length=200), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.String(length=64), nullable=False),
    sa.Column('created_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['sroi_meeting.id'], name=op.f('fk_sroi_meeting_action_meeting_id_sroi_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['sroi_partnership_person.id'], name=op.f('fk_sroi_meeting_action_owner_id_sroi_partnership_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_meeting_action'))
    )
    with op.batch_alter_table('sroi_meeting_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_meeting_action_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_meeting_action_owner_id'), ['owner_id'], unique=False)

    op.create_table('sroi_meeting_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('points', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('notes_by_id', sa.String(length=64), nullable=True),
    sa.Column('notes_by_name', sa.String(length=200), nullable=True),
    sa.Column('notes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('added_by_id', sa.String(length=64), nullable=False),
    sa.Column('added_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['sroi_meeting.id'], name=op.f('fk_sroi_meeting_item_meeting_id_sroi_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_meeting_item'))
    )
    with op.batch_alter_table('sroi_meeting_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_meeting_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('sroi_meeting_participant',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['sroi_meeting.id'], name=op.f('fk_sroi_meeting_participant_meeting_id_sroi_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['sroi_partnership_person.id'], name=op.f('fk_sroi_meeting_participant_person_id_sroi_partnership_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'person_id', name=op.f('pk_sroi_meeting_participant'))
    )
    with op.batch_alter_table('sroi_meeting_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_meeting_participant_person_id'), ['person_id'], unique=False)

    op.create_table('sroi_monitoring_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.String(length=40), nullable=False),
    sa.Column('placement_type', sa.String(length=40), nullable=False),
    sa.Column('persons', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('costs', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('evidence', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['sroi_monitoring_report.id'], name=op.f('fk_sroi_monitoring_row_report_id_sroi_monitoring_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_monitoring_row'))
    )
    with op.batch_alter_table('sroi_monitoring_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_monitoring_row_report_id'), ['report_id'], unique=False)

    op.create_table('sroi_monitoring_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('row_count', sa.Integer(), nullable=True),
    sa.Column('persons', sa.Integer(), nullable=True),
    sa.Column('hours', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('jobs', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('value_eur', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('by_id', sa.String(length=64), nullable=False),
    sa.Column('by_name', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['sroi_contract.id'], name=op.f('fk_sroi_monitoring_upload_contract_id_sroi_contract'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['sroi_monitoring_report.id'], name=op.f('fk_sroi_monitoring_upload_report_id_sroi_monitoring_report'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_monitoring_upload'))
    )
    with op.batch_alter_table('sroi_monitoring_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_monitoring_upload_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sroi_monitoring_upload_contract_id'), ['contract_id'], unique=False)

    op.create_table('sroi_partnership_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('assigned_by_id', sa.String(length=64), nullable=False),
    sa.Column('assigned_by_name', sa.String(length=200), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['sroi_partnership_person.id'], name=op.f('fk_sroi_partnership_role_person_id_sroi_partnership_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sroi_partnership_role')),
    sa.UniqueConstraint('person_id', 'role', name=op.f('uq_sroi_partnership_role_person_id'))
    )
    with op.batch_alter_table('sroi_partnership_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sroi_partnership_role_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('sroi_partnership_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_role_person_id'))

    op.drop_table('sroi_partnership_role')
    with op.batch_alter_table('sroi_monitoring_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_monitoring_upload_contract_id'))
        batch_op.drop_index(batch_op.f('ix_sroi_monitoring_upload_at'))

    op.drop_table('sroi_monitoring_upload')
    with op.batch_alter_table('sroi_monitoring_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_monitoring_row_report_id'))

    op.drop_table('sroi_monitoring_row')
    with op.batch_alter_table('sroi_meeting_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_participant_person_id'))

    op.drop_table('sroi_meeting_participant')
    with op.batch_alter_table('sroi_meeting_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_item_meeting_id'))

    op.drop_table('sroi_meeting_item')
    with op.batch_alter_table('sroi_meeting_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_action_owner_id'))
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_action_meeting_id'))

    op.drop_table('sroi_meeting_action')
    with op.batch_alter_table('sroi_contract_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_contract_revision_import_id'))
        batch_op.drop_index(batch_op.f('ix_sroi_contract_revision_contract_id'))

    op.drop_table('sroi_contract_revision')
    with op.batch_alter_table('sroi_sr_edit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_sr_edit_contract_id'))

    op.drop_table('sroi_sr_edit')
    with op.batch_alter_table('sroi_promising_mark', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_promising_mark_contract_id'))

    op.drop_table('sroi_promising_mark')
    with op.batch_alter_table('sroi_portfolio_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_portfolio_import_imported_at'))

    op.drop_table('sroi_portfolio_import')
    with op.batch_alter_table('sroi_partnership_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_task_partnership_id'))

    op.drop_table('sroi_partnership_task')
    with op.batch_alter_table('sroi_partnership_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_person_user_id'))
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_person_partnership_id'))

    op.drop_table('sroi_partnership_person')
    with op.batch_alter_table('sroi_partnership_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_event_partnership_id'))

    op.drop_table('sroi_partnership_event')
    with op.batch_alter_table('sroi_partnership_contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_partnership_contract_contract_id'))

    op.drop_table('sroi_partnership_contract')
    with op.batch_alter_table('sroi_monitoring_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_monitoring_report_replaced_at'))
        batch_op.drop_index(batch_op.f('ix_sroi_monitoring_report_contract_id'))

    op.drop_table('sroi_monitoring_report')
    with op.batch_alter_table('sroi_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_meeting_partnership_id'))

    op.drop_table('sroi_meeting')
    with op.batch_alter_table('sroi_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_evaluation_created_at'))
        batch_op.drop_index(batch_op.f('ix_sroi_evaluation_contract_id'))

    op.drop_table('sroi_evaluation')
    with op.batch_alter_table('sroi_brainstorm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_brainstorm_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_sroi_brainstorm_contract_id'))

    op.drop_table('sroi_brainstorm')
    op.drop_table('sroi_portfolio_state')
    op.drop_table('sroi_partnership')
    with op.batch_alter_table('sroi_matrix_edit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_matrix_edit_step'))

    op.drop_table('sroi_matrix_edit')
    with op.batch_alter_table('sroi_import_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sroi_import_profile_headers_signature'))

    op.drop_table('sroi_import_profile')
