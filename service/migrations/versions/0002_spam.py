"""Spam scorer: moderators' labelled examples and rebuilt models.

Revision ID: 0002_spam
Revises: 0001_core
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002_spam'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('spam_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Enum('spam', 'ham', name='spam_label', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.String(length=255), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('domain', sa.String(length=255), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('current', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_spam_feedback_comment_id_comments'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spam_feedback'))
    )
    with op.batch_alter_table('spam_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spam_feedback_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spam_feedback_domain'), ['domain'], unique=False)
        batch_op.create_index(batch_op.f('ix_spam_feedback_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_spam_feedback_ip'), ['ip'], unique=False)

    op.create_table('spam_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('blob', sa.LargeBinary(), nullable=False),
    sa.Column('feedback_upto', sa.Integer(), server_default='0', nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spam_models'))
    )


def downgrade():
    op.drop_table('spam_models')
    with op.batch_alter_table('spam_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spam_feedback_ip'))
        batch_op.drop_index(batch_op.f('ix_spam_feedback_email'))
        batch_op.drop_index(batch_op.f('ix_spam_feedback_domain'))
        batch_op.drop_index(batch_op.f('ix_spam_feedback_comment_id'))

    op.drop_table('spam_feedback')
