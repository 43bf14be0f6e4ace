"""Messages owed once (statements of reasons, decisions on notices) are queued once.

Revision ID: 0018_dsa_mail
Revises: 0017_abuse_model
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_dsa_mail'
down_revision = '0017_abuse_model'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('once_key', sa.String(length=120), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_mail_messages_once_key'),
                                          ['once_key', 'to_key'])


def downgrade():
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_mail_messages_once_key'), type_='unique')
        batch_op.drop_column('once_key')
