"""Webhook messages: the comment each is about, so an erase can reach their payloads.

Revision ID: 0007_webhook_message_comment
Revises: 0006_webhooks
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007_webhook_message_comment'
down_revision = '0006_webhooks'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('webhook_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_webhook_messages_comment_id'), ['comment_id'], unique=False)

    # Messages stored before this revision name their comment only inside the payload.
    if op.get_bind().dialect.name == 'postgresql':
        comment_id = "(payload::json #>> '{data,comment,id}')::integer"
    else:
        comment_id = "CAST(json_extract(payload, '$.data.comment.id') AS INTEGER)"
    op.execute(f"UPDATE webhook_messages SET comment_id = {comment_id} "
               "WHERE event_type LIKE 'comment.%'")


def downgrade():
    # Never a copy of the table on SQLite: dropping the original (foreign keys on) would
    # cascade to the rows that refer to it. SQLite 3.35+ drops a column in place.
    with op.batch_alter_table('webhook_messages', schema=None, recreate='never') as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_messages_comment_id'))
        batch_op.drop_column('comment_id')
