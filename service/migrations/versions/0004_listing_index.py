"""Listing: a partial index of each thread's top-level comments in id order.

Revision ID: 0004_listing_index
Revises: 0003b_moderation_records
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004_listing_index'
down_revision = '0003b_moderation_records'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_thread_top_level', ['thread_id', 'id'], unique=False,
                              postgresql_where=sa.text('root_id IS NULL'),
                              sqlite_where=sa.text('root_id IS NULL'))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_thread_top_level',
                            postgresql_where=sa.text('root_id IS NULL'),
                            sqlite_where=sa.text('root_id IS NULL'))
