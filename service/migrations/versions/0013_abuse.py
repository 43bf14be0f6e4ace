"""Abuse screener: scores and reasons on comments, moderators' decisions, external checks.

Revision ID: 0013_abuse
Revises: 0012_audit_webhook_hosts
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_abuse'
down_revision = '0012_audit_webhook_hosts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('abuse_score', sa.Double(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('abuse_reasons', sa.JSON(), server_default='[]',
                                      nullable=False))
        batch_op.add_column(sa.Column('abuse_hold', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_comments_abuse_score_id', ['abuse_score', 'id'], unique=False)

    op.create_table('abuse_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Enum('abuse', 'ok', name='abuse_label', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('actor', sa.String(length=255), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_abuse_feedback_comment_id_comments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abuse_feedback'))
    )
    with op.batch_alter_table('abuse_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abuse_feedback_comment_id'), ['comment_id'], unique=False)

    op.create_table('abuse_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'done', 'failed', name='abuse_check_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('locked_by', sa.String(length=120), nullable=True),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_abuse_checks_comment_id_comments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abuse_checks'))
    )
    with op.batch_alter_table('abuse_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abuse_checks_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index('ix_abuse_checks_status_due', ['status', 'due_at'], unique=False)


def downgrade():
    with op.batch_alter_table('abuse_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_abuse_checks_status_due')
        batch_op.drop_index(batch_op.f('ix_abuse_checks_comment_id'))
    op.drop_table('abuse_checks')
    with op.batch_alter_table('abuse_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abuse_feedback_comment_id'))
    op.drop_table('abuse_feedback')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_abuse_score_id')
        batch_op.drop_column('abuse_hold')
        batch_op.drop_column('abuse_reasons')
        batch_op.drop_column('abuse_score')
