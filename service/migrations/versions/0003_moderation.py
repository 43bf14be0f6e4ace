"""Moderation: moderator and admin tokens.

Revision ID: 0003_moderation
Revises: 0002_spam
Create Date: 2026-11-24
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0003_moderation'
down_revision = '0002_spam'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderator_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.Enum('moderator', 'admin', name='token_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderator_tokens')),
    sa.UniqueConstraint('name', name=op.f('uq_moderator_tokens_name')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_moderator_tokens_token_hash'))
    )


def downgrade():
    op.drop_table('moderator_tokens')
