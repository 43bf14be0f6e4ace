"""Notice and action: notices' fields, trusted flaggers, appeals.

Revision ID: 0015_notice
Revises: 0014_mail
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_notice'
down_revision = '0014_mail'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('trusted_flaggers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trusted_flaggers')),
    sa.UniqueConstraint('name', name=op.f('uq_trusted_flaggers_name')),
    sa.UniqueConstraint('email', name=op.f('uq_trusted_flaggers_email')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_trusted_flaggers_token_hash'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('law', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('explanation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reporter_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reporter_email', sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column('good_faith', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('flagger_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decision_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_reports_decision_id'), ['decision_id'],
                              unique=False)

    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('party', sa.Enum('author', 'reporter', name='appeal_party', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('outcome', sa.Enum('uphold', 'reverse', name='appeal_outcome', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_by_token_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_appeals_decided_created', ['decided_at', 'created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index('ix_appeals_decided_created')
        batch_op.drop_index(batch_op.f('ix_appeals_comment_id'))
        batch_op.drop_index(batch_op.f('ix_appeals_decision_id'))
    op.drop_table('appeals')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reports_decision_id'))
        batch_op.drop_column('decision_id')
        batch_op.drop_column('flagger_id')
        batch_op.drop_column('good_faith')
        batch_op.drop_column('reporter_email')
        batch_op.drop_column('reporter_name')
        batch_op.drop_column('explanation')
        batch_op.drop_column('country')
        batch_op.drop_column('law')
    op.drop_table('trusted_flaggers')
