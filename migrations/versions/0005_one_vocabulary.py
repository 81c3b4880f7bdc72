"""One vocabulary: English stored codes, the contract's SR answer, CHECK constraints

Revision ID: 0005_one_vocabulary
Revises: 0004_workspaces
Create Date: 2026-12-04 20:55:00.000000

The closed lists' codes are now those of ``sroi_plugin/rules/vocabulary.py`` (English,
snake_case; the Dutch words are the labels). This migration

* adds ``sroi_contract.has_sr`` (yes / no / not_applicable / unknown; NULL = never said),
  filled from the percentage: 'yes' above 0, 'no' at 0, NULL when there is none;
* rewrites the stored Dutch codes: the contract's kind, SR basis and SR form, the legal
  decisions, and the brainstorm answer ``work_type``;
* rewrites the same fields in the history tables (``sroi_contract_revision`` and
  ``sroi_sr_edit`` keep canonical stored values as text, and the screens show them through the
  vocabulary's Dutch labels, so old and new rows read alike). The old and new value of a
  detected ``kind_change`` modification are display text and already the Dutch words that are
  now the labels; they are left as they are, like the modifications' descriptions;
* widens ``kind`` to 20 characters (``social_services``);
* adds CHECK constraints from the lists (``ck_<table>_<column>``); NULL stays allowed where
  the column is nullable.

The lists are written out here, not imported, so this migration keeps meaning what it meant
when the vocabulary grows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005_one_vocabulary'
down_revision = '0004_workspaces'
branch_labels = None
depends_on = None

#: old Dutch code -> new code, per list
KIND = {'werk': 'works', 'dienst': 'services', 'levering': 'supplies'}
SR_BASIS = {'projectsom': 'project_sum', 'loonsom': 'wage_sum'}
SR_FORM = {
    'contractbepaling': 'contract_clause',
    'gunningscriterium': 'award_criterion',
    'minimumeis': 'minimum_requirement',
    'geschiktheidseis': 'suitability_requirement',
}
DECISION = {
    'toegestaan': 'allowed',
    'toegestaan_met_aankondiging': 'allowed_with_publication',
    'wezenlijk': 'substantial',
}
#: contract column -> its rewrite
CONTRACT_CODES = {'kind': KIND, 'sr_basis': SR_BASIS, 'sr_form': SR_FORM}

#: the stored codes each CHECK constraint allows (contract column -> codes, nullable)
CONTRACT_CHECKS: dict[str, tuple[tuple[str, ...], bool]] = {
    'kind': (('works', 'services', 'supplies', 'social_services'), True),
    'authority_type': (('central', 'other', 'special_sector'), False),
    'has_sr': (('yes', 'no', 'not_applicable', 'unknown'), True),
    'sr_basis': (('project_sum', 'wage_sum'), True),
    'sr_form': (
        ('contract_clause', 'award_criterion', 'minimum_requirement', 'suitability_requirement'),
        True,
    ),
    'status': (('active', 'ended', 'missing'), False),
}
DECISION_CHECK = ('allowed', 'allowed_with_publication', 'substantial')


def _one_of(column: str, codes: tuple[str, ...], nullable: bool) -> str:
    listed = ', '.join(f"'{code}'" for code in codes)
    condition = f'{column} IN ({listed})'
    return f'{condition} OR {column} IS NULL' if nullable else condition


def _rewrite(table: str, column: str, mapping: dict[str, str], where: str = '') -> None:
    statement = sa.text(f'UPDATE {table} SET {column} = :new WHERE {column} = :old{where}')
    for old, new in mapping.items():
        op.execute(statement.bindparams(old=old, new=new))


def _rewrite_history(mappings: dict[str, dict[str, str]]) -> None:
    """The revision and SR-edit rows of these fields: old and new value text."""
    for table in ('sroi_contract_revision', 'sroi_sr_edit'):
        for field, mapping in mappings.items():
            for column in ('old_value', 'new_value'):
                statement = sa.text(
                    f'UPDATE {table} SET {column} = :new WHERE field = :field AND {column} = :old'
                )
                for old, new in mapping.items():
                    op.execute(statement.bindparams(old=old, new=new, field=field))


def _rewrite_work_type(mapping: dict[str, str]) -> None:
    """The brainstorm answer ``work_type`` (a JSON column: rewritten row by row)."""
    brainstorm = sa.table('sroi_brainstorm', sa.column('id', sa.Integer), sa.column('answers', sa.JSON))
    bind = op.get_bind()
    for row_id, answers in bind.execute(sa.select(brainstorm.c.id, brainstorm.c.answers)).all():
        if isinstance(answers, dict) and answers.get('work_type') in mapping:
            changed = {**answers, 'work_type': mapping[answers['work_type']]}
            bind.execute(brainstorm.update().where(brainstorm.c.id == row_id).values(answers=changed))


def _reverse(mapping: dict[str, str]) -> dict[str, str]:
    return {new: old for old, new in mapping.items()}


def upgrade() -> None:
    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        batch_op.add_column(sa.Column('has_sr', sa.String(length=20), nullable=True))
        batch_op.alter_column('kind', existing_type=sa.String(length=10), type_=sa.String(length=20), existing_nullable=True)

    op.execute("UPDATE sroi_contract SET has_sr = 'yes' WHERE sr_percentage > 0")
    op.execute("UPDATE sroi_contract SET has_sr = 'no' WHERE sr_percentage = 0")
    for column, mapping in CONTRACT_CODES.items():
        _rewrite('sroi_contract', column, mapping)
    _rewrite('sroi_legal_decision', 'decision', DECISION)
    _rewrite_history(CONTRACT_CODES)
    _rewrite_work_type(KIND)

    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        for column, (codes, nullable) in CONTRACT_CHECKS.items():
            batch_op.create_check_constraint(
                op.f(f'ck_sroi_contract_{column}'), _one_of(column, codes, nullable)
            )
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_sroi_legal_decision_decision'), _one_of('decision', DECISION_CHECK, False)
        )


def downgrade() -> None:
    with op.batch_alter_table('sroi_legal_decision', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sroi_legal_decision_decision'), type_='check')
    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        for column in reversed(CONTRACT_CHECKS):
            batch_op.drop_constraint(op.f(f'ck_sroi_contract_{column}'), type_='check')

    _rewrite_work_type(_reverse(KIND))
    _rewrite_history({column: _reverse(mapping) for column, mapping in CONTRACT_CODES.items()})
    _rewrite('sroi_legal_decision', 'decision', _reverse(DECISION))
    for column, mapping in CONTRACT_CODES.items():
        _rewrite('sroi_contract', column, _reverse(mapping))
    # 0004 knew only three kinds (and ten characters): a social-services contract loses its kind
    op.execute("UPDATE sroi_contract SET kind = NULL WHERE kind = 'social_services'")

    with op.batch_alter_table('sroi_contract', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), type_=sa.String(length=10), existing_nullable=True)
        batch_op.drop_column('has_sr')
