"""Email: readers' addresses and subscriptions, reply notices, the mail outbox and its log,
the moderators' digest days; comments keep the page's language.

Revision ID: 0014_mail
Revises: 0013_abuse
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_mail'
down_revision = '0013_abuse'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_addresses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email_key', sa.String(length=320), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirm_nonce', sa.String(length=40), nullable=True),
    sa.Column('confirm_sent_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_addresses')),
    sa.UniqueConstraint('email_key', name=op.f('uq_mail_addresses_email_key')),
    sqlite_autoincrement=True
    )
    op.create_table('mail_digests',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_mail_digests'))
    )
    op.create_table('mail_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('to_key', sa.String(length=320), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('context', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', 'cancelled', name='mail_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('locked_by', sa.String(length=120), nullable=True),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages'))
    )
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_mail_messages_status_next', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_to_key'), ['to_key'], unique=False)

    op.create_table('mail_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(), nullable=False),
    sa.Column('code', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('worker', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['mail_messages.id'], name=op.f('fk_mail_attempts_message_id_mail_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_attempts'))
    )
    with op.batch_alter_table('mail_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_attempts_message_id'), ['message_id'], unique=False)

    op.create_table('mail_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email_key', sa.String(length=320), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('last_notified_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'], name=op.f('fk_mail_subscriptions_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_subscriptions')),
    sa.UniqueConstraint('email_key', 'thread_id', name=op.f('uq_mail_subscriptions_email_key'))
    )
    with op.batch_alter_table('mail_subscriptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_subscriptions_thread_id'), ['thread_id'], unique=False)

    op.create_table('mail_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_mail_notices_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['mail_messages.id'], name=op.f('fk_mail_notices_message_id_mail_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['mail_subscriptions.id'], name=op.f('fk_mail_notices_subscription_id_mail_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_notices')),
    sa.UniqueConstraint('subscription_id', 'comment_id', name=op.f('uq_mail_notices_subscription_id'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))



def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('locale')

    op.drop_table('mail_notices')
    with op.batch_alter_table('mail_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_subscriptions_thread_id'))

    op.drop_table('mail_subscriptions')
    with op.batch_alter_table('mail_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_attempts_message_id'))

    op.drop_table('mail_attempts')
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_messages_to_key'))
        batch_op.drop_index('ix_mail_messages_status_next')
        batch_op.drop_index(batch_op.f('ix_mail_messages_created_at'))

    op.drop_table('mail_messages')
    op.drop_table('mail_digests')
    op.drop_table('mail_addresses')
