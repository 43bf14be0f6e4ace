"""Abuse model learned from moderators' decisions, saved for new processes to start from.

Revision ID: 0017_abuse_model
Revises: 0016_accounts
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_abuse_model'
down_revision = '0016_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('abuse_model',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('applied', sa.Integer(), nullable=False),
    sa.Column('weights', sa.LargeBinary(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abuse_model'))
    )


def downgrade():
    op.drop_table('abuse_model')
