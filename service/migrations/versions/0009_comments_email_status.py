"""Comments: one index on (email, status) in place of the one on email alone.

Without table statistics SQLite chose the (status, id) index for "this author's approved
comments" and walked every approved comment when the author had none: a newcomer's
every submission read the whole site's comments.

Revision ID: 0009_comments_email_status
Revises: 0008_webhook_failures_pruned
Create Date: 2026-11-24
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009_comments_email_status'
down_revision = '0008_webhook_failures_pruned'
branch_labels = None
depends_on = None


def upgrade():
    # Lookups by email alone (export, erase) use the new index's first column.
    op.create_index('ix_comments_email_status', 'comments', ['email', 'status'], unique=False)
    op.drop_index('ix_comments_email', table_name='comments')


def downgrade():
    op.create_index('ix_comments_email', 'comments', ['email'], unique=False)
    op.drop_index('ix_comments_email_status', table_name='comments')
