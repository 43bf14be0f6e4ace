"""Reports: a partial index on the open ones, for the queue's urgent order.

Revision ID: 0010_reports_open
Revises: 0009_comments_email_status
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_reports_open'
down_revision = '0009_comments_email_status'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_reports_open', 'reports', ['comment_id', 'priority', 'created_at'],
                    unique=False, sqlite_where=sa.text('resolved_at IS NULL'),
                    postgresql_where=sa.text('resolved_at IS NULL'))


def downgrade():
    op.drop_index('ix_reports_open', table_name='reports')
