"""Webhook endpoints: a count of the failed attempts pruned from the delivery log.

Revision ID: 0008_webhook_failures_pruned
Revises: 0007_webhook_message_comment
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_webhook_failures_pruned'
down_revision = '0007_webhook_message_comment'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webhook_endpoints', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_attempts_pruned', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    # Never a copy of the table on SQLite: dropping the original (foreign keys on) would
    # cascade to the rows that refer to it. SQLite 3.35+ drops a column in place.
    with op.batch_alter_table('webhook_endpoints', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('failed_attempts_pruned')
